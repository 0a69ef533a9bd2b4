"""Phone numbers: phonenumbers' matcher, run only near digits and only where its metadata
says a valid number can be.

The matcher costs 40-200 µs a call, most of it parsing and validating candidates that
cannot be valid (an ID such as 'Post 0010000'). A valid number's national significant
number (NSN) fully matches the general pattern of a region for its country code, and its
digits stand next to each other in the text's digits: parsing only strips an international
prefix, a country code, a national prefix or carrier code, punctuation and an extension.
So the matcher runs only when the window's digits hold such a stretch. Two exceptions make
the test pass at once: a window with three or more 'x' (parsing reads letters as keypad
digits once a number holds three; 'x' is the only letter the matcher's candidates hold
outside an extension) and a national prefix rule that inserts digits (Argentina, Brazil,
Japan, ...). tests/test_detectors.py checks the test against the matcher itself.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from ..model import Hit, Post

# Seven or more digits with short separators between them: where a phone number can be.
_DIGIT_CLUSTER = re.compile(r"\d(?:[^\d\n]{0,4}\d){6,}")
_CONTEXT = 48  # characters around a cluster that the phone-number matcher sees
_NON_DIGIT = re.compile(r"\D+")


def _clusters(text: str) -> list[tuple[int, int]]:
    """Windows of ``text`` around its digit clusters, merged, cut at spaces or line breaks."""
    out: list[tuple[int, int]] = []
    for m in _DIGIT_CLUSTER.finditer(text):
        a = max(text.rfind("\n", 0, m.start()) + 1, m.start() - _CONTEXT)
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        b = text.find("\n", m.end())
        b = min(len(text) if b < 0 else b, m.end() + _CONTEXT)
        while b < len(text) and not text[b].isspace():
            b += 1
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _metadata(cc: int) -> list[Any]:
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE
    from phonenumbers.phonemetadata import PhoneMetadata

    found = [PhoneMetadata.metadata_for_nongeo_region(cc) if r == "001" else PhoneMetadata.metadata_for_region(r)
             for r in COUNTRY_CODE_TO_REGION_CODE.get(cc, ())]
    return [m for m in found if m is not None]


class _Nsn(NamedTuple):
    """What every valid NSN of a country code fully matches, and its fewest digits (a valid
    number's NSN length is one its region's metadata lists)."""

    pattern: re.Pattern[str]
    shortest: int

    def at(self, digits: str, i: int) -> bool:
        return len(digits) - i >= self.shortest and self.pattern.match(digits, i) is not None

    def within(self, digits: str) -> bool:
        return len(digits) >= self.shortest and self.pattern.search(digits) is not None


@cache
def _nsn(cc: int) -> _Nsn | None:
    """None for no such country code."""
    descs = [m.general_desc for m in _metadata(cc) if m.general_desc is not None and m.general_desc.national_number_pattern]
    if not descs:
        return None
    lengths = [min(d.possible_length) if d.possible_length else 0 for d in descs]
    return _Nsn(re.compile("|".join(f"(?:{d.national_number_pattern})" for d in descs)), min(lengths))


_AFTER_CODE: dict[str, _Nsn | None] = {}


def _inserted(rule: str) -> int:
    """How many digits a national prefix rule (a re template) can add to the text's: its own
    digits; with a group used twice, as many as a number has."""
    groups = re.findall(r"\\(\d)", rule)
    return 99 if len(groups) != len(set(groups)) else sum(c.isdigit() for c in re.sub(r"\\\d", "", rule))


def _after_code(code: str) -> _Nsn | None:
    """What the digits after a country code start with in a valid number: an NSN, or for a
    code whose main region's national prefix rule rewrites digits, any digits, as many as
    the shortest NSN less those the rule adds."""
    if code not in _AFTER_CODE:
        from phonenumbers import region_code_for_country_code
        from phonenumbers.phonemetadata import PhoneMetadata

        nsn = _nsn(int(code))
        main = PhoneMetadata.metadata_for_region(region_code_for_country_code(int(code)))
        rule = main.national_prefix_transform_rule if main is not None else None
        _AFTER_CODE[code] = _Nsn(re.compile(r"\d"), max(1, nsn.shortest - _inserted(rule))) if nsn and rule else nsn
    return _AFTER_CODE[code]


def _code_and_number_at(digits: str, i: int) -> bool:
    """Whether a country code and the start of a valid NSN begin at ``digits[i]``."""
    if digits[i:i + 1] in ("", "0"):
        return False
    for k in (1, 2, 3):
        if i + k > len(digits):
            return False
        after = _after_code(digits[i:i + k])
        if after is not None and after.at(digits, i + k):
            return True
    return False


class _Gate(NamedTuple):
    """For one default region: its NSN pattern, where its international prefix ends before a
    digit other than 0 in a run of digits (every overlapping match in one pass), whether its
    national prefix rule inserts digits."""

    nsn: _Nsn | None
    idd: re.Pattern[str] | None
    inserts: bool

    def test(self, window: str, digits: str) -> bool:
        if self.inserts or self.nsn is None or self.nsn.within(digits):
            return True
        if "+" in window or "\uff0b" in window:
            starts: Iterable[int] = range(len(digits))
        elif self.idd is not None:
            starts = (m.end(1) for m in self.idd.finditer(digits))
        else:
            return False
        return any(_code_and_number_at(digits, i) for i in starts)


@cache
def _gate(region: str) -> _Gate:
    from phonenumbers.phonemetadata import PhoneMetadata

    md = PhoneMetadata.metadata_for_region(region)
    if md is None:
        return _Gate(None, None, True)
    # A country code never starts with 0: only prefixes followed by another digit count.
    idd = re.compile(f"(?=({md.international_prefix})[1-9])") if md.international_prefix else None
    return _Gate(_nsn(md.country_code), idd, bool(md.national_prefix_transform_rule))


def _digits(window: str) -> str | None:
    """The window's digits as phonenumbers reads them; None when three 'x' may be read as
    keypad digits."""
    if window.count("x") + window.count("X") >= 3:
        return None
    digits = _NON_DIGIT.sub("", window)
    return digits if digits.isascii() else "".join(str(int(c)) for c in digits)  # other scripts' digits


def may_hold_number(window: str, region: str) -> bool:
    """False only where phonenumbers' matcher (VALID leniency, default ``region``) finds
    nothing in ``window``."""
    digits = _digits(window)
    return digits is None or _gate(region).test(window, digits)


class PhoneNumber:
    PARAMS: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {
        "regions": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}$"}, "minItems": 1}}}

    def __init__(self, regions: Iterable[str] = ("US", "GB")):
        self.regions = tuple(regions)

    def possible(self, post: Post, env: Any) -> bool:
        return post.has_digit and _DIGIT_CLUSTER.search(post.prose) is not None

    def find(self, post: Post, env: Any) -> Iterable[Hit]:
        import phonenumbers  # phonenumberslite: imported only when a post has enough digits

        seen: set[tuple[int, int]] = set()
        for a, b in _clusters(post.prose):  # the matcher is slow: it sees only the text near digits
            window = post.prose[a:b]
            digits = _digits(window)
            for region in self.regions:
                if digits is not None and not _gate(region).test(window, digits):
                    continue
                for m in phonenumbers.PhoneNumberMatcher(window, region, phonenumbers.Leniency.VALID):
                    if (a + m.start, a + m.end) not in seen:
                        seen.add((a + m.start, a + m.end))
                        yield Hit(a + m.start, a + m.end, "a phone number")
