"""Latitude/longitude pairs, geo: URIs, Plus Codes and what3words addresses."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import regex

from ..model import Hit, Post
from . import LazyRegex

_DECIMAL = LazyRegex(
    r"(?<![\w.+-])(?P<lat>[-+]?\d{1,2}\.\d{3,})°?\s*(?P<ns>[NS])?\s*[,;/ ]\s*"
    r"(?P<lon>[-+]?\d{1,3}\.\d{3,})°?\s*(?P<ew>[EW])?(?![\w.])", regex.I)
_DMS = LazyRegex(
    r"\d{1,2}\s*°\s*\d{1,2}\s*['′]\s*(?:\d{1,2}(?:\.\d+)?\s*[\"″]\s*)?[NS]\s*,?\s*"
    r"\d{1,3}\s*°\s*\d{1,2}\s*['′]\s*(?:\d{1,2}(?:\.\d+)?\s*[\"″]\s*)?[EW]\b", regex.I)
_GEO_URI = LazyRegex(r"\bgeo:[-+]?\d{1,2}(?:\.\d+)?,[-+]?\d{1,3}(?:\.\d+)?", regex.I)
_PLUS = LazyRegex(r"(?<![\w+])[23456789CFGHJMPQRVWX]{4,8}\+[23456789CFGHJMPQRVWX]{2,3}(?![\w+])")
_DECIMAL_START = re.compile(r"\.(?<=\d\.)\d\d\d")  # starts at the '.': digits are more common (~6x faster)
_GEO_START = re.compile(r"[gG][eE][oO]:")
_W3W = LazyRegex(r"(?<![\w/])///\p{Ll}+\.\p{Ll}+\.\p{Ll}+\b")


class Coordinates:
    PARAMS: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}

    def possible(self, post: Post, env: Any) -> bool:
        text, src = post.prose, post.source  # each kind below needs one of these
        return ("+" in text or "°" in text or "///" in text or post.has_digit and _DECIMAL_START.search(text) is not None
                or ("o:" in src or "O:" in src) and _GEO_START.search(src) is not None)

    def find(self, post: Post, env: Any) -> Iterable[Hit]:
        text = post.prose
        for m in _DECIMAL.finditer(text):
            try:
                lat, lon = float(m["lat"]), float(m["lon"])
            except ValueError:  # digits newer than Python's Unicode tables (regex knows them): no range to check
                continue
            if abs(lat) <= 90 and abs(lon) <= 180 and (lat, lon) != (0.0, 0.0):
                yield Hit(m.start(), m.end(), "latitude and longitude")
        for rx, what in ((_DMS, "degrees, minutes and seconds"), (_GEO_URI, "a geo: URI"),
                         (_PLUS, "a Plus Code"), (_W3W, "a what3words address")):
            for m in rx.finditer(post.source if rx is _GEO_URI else text):
                yield Hit(m.start(), m.end(), what)
