"""Map links, street addresses, intersections, flat numbers and postcodes (phone numbers: phones)."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
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


# What every match of each pattern holds, found much faster than the pattern itself runs:
# a post without it skips the pattern (on long posts the patterns cost ~6x more).
_ORDINAL = LazyRegex(r"\d(?:st|nd|rd|th)")
# Each starts at its rarest character (a 'y', a digit, a capital): the scan skips the rest ~2-9x faster.
_Y = re.compile(r"y(?<=\sy)\s")  # stdlib \s holds every character regex's \s does
_STATE_ZIP = LazyRegex(r"[A-Z][A-Z]\.?\s+\d{5}")  # capitals are rarer than digits: ~3x faster
_LETTER_DIGIT = LazyRegex(r"[A-Z]\d")
# Case-folded (the patterns' IGNORECASE folds no character into these letters that
# casefold() does not).
_CALLE_WORDS = ("calle", "c/", "avenida", "avda", "carrer", "rue", "via")
# Case-folded: a unit word, then only '.', '#' or spaces before something not a letter
# (the pattern wants a digit there); 'community' or 'steps' fail it.
_UNIT_WORD = re.compile(r"(?:apt|apartment|unit|suite|ste|flat)[.#\s]*[^a-z.#\s]")


_KINDS: dict[str, list[tuple[Any, Callable[[str, str], bool], str]]] = {
    "house": [(_HOUSE, lambda text, low: True, "a street address"),
              (_CALLE, lambda text, low: any(w in low for w in _CALLE_WORDS), "a street address")],
    "intersection": [(_CROSS, lambda text, low: bool(_ORDINAL.search(text) or _Y.search(text) or "corner of" in text),
                      "a street corner")],
    "unit": [(_UNIT, lambda text, low: _UNIT_WORD.search(low) is not None, "a flat or unit number")],
    "postcode": [(_UK_POSTCODE, lambda text, low: bool(_LETTER_DIGIT.search(text)), "a postcode"),
                 (_ZIP, lambda text, low: bool(_STATE_ZIP.search(text)), "a postcode")],
}


class StreetAddress:
    PARAMS: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {
        "kinds": {"type": "array", "items": {"enum": list(_KINDS)}}}}

    def __init__(self, kinds: Iterable[str] = tuple(_KINDS)):
        self.kinds = [k for k in _KINDS if k in set(kinds)]

    def possible(self, post: Post, env: Any) -> bool:
        return post.has_digit or "corner of" in post.prose  # every kind has one

    def find(self, post: Post, env: Any) -> Iterable[Hit]:
        text = post.prose
        low = text.casefold()
        for kind in self.kinds:
            for rx, may, note in _KINDS[kind]:
                if not may(text, low):
                    continue
                for m in rx.finditer(text):
                    if rx is _HOUSE and any(w.strip(".") in _STOP for w in m["name"].lower().split()):
                        continue
                    yield Hit(m.start(), m.end(), note)


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
        return bool(post.links) and _may_pin("\n".join(url for url, _ in post.links))  # hosts hold no line break

    def find(self, post: Post, env: Any) -> Iterable[Hit]:
        for url, span in post.links:
            what = _pins(url)
            if what:
                yield Hit(span.start, span.end, what)
