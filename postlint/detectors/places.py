"""Map links, street addresses, intersections, flat numbers and postcodes (phone numbers: phones)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import regex

from ..model import Hit, Post
from . import LazyRegex

_SUFFIX = (r"(?:St|Street|Ave|Av|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Way|Pl|Place|Ct|Court|"
           r"Ter|Terrace|Cres|Crescent|Pkwy|Parkway|Hwy|Highway|Sq|Square|Gdns|Gardens|Close|Row|"
           r"Walk|Wynd|Brae|Gate|Mews|Circle|Cir|Trail|Pike)")
_STOP = {"the", "a", "an", "of", "on", "in", "at", "to", "for", "and", "or", "people", "folk",
         "years", "days", "hours", "weeks", "blocks", "miles", "more", "our", "my", "your", "their"}
_HOUSE = LazyRegex(
    rf"(?<![\w$£€.,])(?P<num>\d{{1,5}}[A-Za-z]?)\s+(?P<name>(?:[NSEW]\.?\s+)?(?:[\p{{L}}][\p{{L}}'’.-]*\s+){{1,3}})"
    rf"{_SUFFIX}\b\.?", regex.I)
_CALLE = LazyRegex(r"\b(?:calle|c/|avenida|avda\.?|carrer|rue|via)\s+(?:[\p{L}'’]+\s+){1,3}\d{1,5}\b", regex.I)
_ORD = r"\d{1,3}(?:st|nd|rd|th)"
_NAME = r"\p{Lu}[\p{L}'’]+(?:\s" + _SUFFIX + r"\b\.?)?"
_CROSS = LazyRegex(
    rf"\b(?:{_ORD}\s*(?:&|and|y|@|/)\s*{_NAME}|{_NAME}\s*(?:&|and|y|@|/)\s*{_ORD}\b|"
    rf"\d{{1,3}}\s+y\s+{_NAME}|{_ORD}\s*(?:&|@|/)\s*{_ORD}\b|"
    rf"corner of\s+{_NAME}\s+(?:&|and)\s+{_NAME})")
_UNIT = LazyRegex(r"\b(?:apt|apartment|unit|suite|ste|flat)\.?\s*#?\s*\d{1,4}[A-Za-z]?\b(?!\s*(?:%|am|pm|people))", regex.I)
_UK_POSTCODE = LazyRegex(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2})\b")
_STATES = ("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
           "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC").split()
_ZIP = LazyRegex(r"\b(?:" + "|".join(_STATES) + r")\.?\s+\d{5}(?:-\d{4})?\b")


class StreetAddress:
    PARAMS: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {
        "kinds": {"type": "array", "items": {"enum": ["house", "intersection", "unit", "postcode"]}}}}

    def __init__(self, kinds: Iterable[str] = ("house", "intersection", "unit", "postcode")):
        self.kinds = set(kinds)

    def possible(self, post: Post, env: Any) -> bool:
        return post.has_digit or "corner of" in post.prose  # every kind has one

    def find(self, post: Post, env: Any) -> Iterable[Hit]:
        text = post.prose
        if "house" in self.kinds:
            for m in _HOUSE.finditer(text):
                words = m["name"].lower().split()
                if not any(w.strip(".") in _STOP for w in words):
                    yield Hit(m.start(), m.end(), "a street address")
            for m in _CALLE.finditer(text):
                yield Hit(m.start(), m.end(), "a street address")
        if "intersection" in self.kinds:
            for m in _CROSS.finditer(text):
                yield Hit(m.start(), m.end(), "a street corner")
        if "unit" in self.kinds:
            for m in _UNIT.finditer(text):
                yield Hit(m.start(), m.end(), "a flat or unit number")
        if "postcode" in self.kinds:
            for rx in (_UK_POSTCODE, _ZIP):
                for m in rx.finditer(text):
                    yield Hit(m.start(), m.end(), "a postcode")


# Every link _pins names holds one of these: a cheap test before parsing the URL.
_MAP_HOSTS = ("goo.gl", "google.", "maps.apple", "openstreetmap.org", "osm.org", "waze.com", "bing.com",
              "what3words.com", "w3w.co", "foursquare.com", "swarmapp.com", "facebook.com", "here.com",
              "mapquest.com", "citymapper.com")


def _may_pin(url: str) -> bool:
    low = url.lower()
    return any(h in low for h in _MAP_HOSTS)


def _pins(url: str) -> str:
    """What kind of place-pinning link ``url`` is, or ''."""
    if not _may_pin(url):
        return ""
    parts = urlsplit(url if "://" in url else "https://" + url)
    host = parts.netloc.lower().removeprefix("www.")
    path, query = parts.path, parse_qs(parts.query)
    if host in ("maps.app.goo.gl", "goo.gl") and (host != "goo.gl" or path.startswith("/maps")):
        return "a Google Maps link"
    if host.startswith("maps.google.") or (host.startswith("google.") and path.startswith("/maps")):
        return "a Google Maps link"
    if host == "maps.apple.com" or host == "maps.apple":
        return "an Apple Maps link" if {"ll", "q", "address", "sll", "daddr"} & set(query) else ""
    if host.endswith("openstreetmap.org") or host == "osm.org":
        return "an OpenStreetMap link" if ("map=" in parts.fragment or {"mlat", "mlon"} & set(query)
                                           or path.startswith(("/node", "/way"))) else ""
    if host.endswith("waze.com") and ("ll" in query or "q" in query or "/ul" in path or "/live-map" in path):
        return "a Waze link"
    if host.endswith("bing.com") and path.startswith("/maps"):
        return "a Bing Maps link"
    if host.endswith("what3words.com") or host == "w3w.co":
        return "a what3words link"
    if host.endswith(("foursquare.com", "swarmapp.com")) or (host.endswith("facebook.com") and "/places/" in path):
        return "a check-in link"
    if host in ("here.com", "wego.here.com") or host.endswith(("mapquest.com", "citymapper.com")):
        return "a map link"
    return ""


class MapLink:
    PARAMS: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}

    def possible(self, post: Post, env: Any) -> bool:
        return any(_may_pin(url) for url, _ in post.links)

    def find(self, post: Post, env: Any) -> Iterable[Hit]:
        for url, span in post.links:
            what = _pins(url)
            if what:
                yield Hit(span.start, span.end, what)
