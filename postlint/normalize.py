"""Normalized views of prose for matching, with a map back to original offsets.

``normalize(prose)`` returns a :class:`View` with two strings of equal length:

* ``text``: NFKC, invisible format characters and combining marks removed,
  look-alike letters (Cyrillic, Greek, ...) mapped to Latin, spaced-out letters
  (``b u r n  i t``) joined. Patterns and detectors read this.
* ``skeleton``: ``text`` lower-cased, accents folded, leetspeak read inside
  words that mix letters with digits or symbols (``d3pr3ssed``, ``k!ll``), and
  ``l`` folded into ``i`` (so ``1`` may stand for either). Term lists are
  compiled through :func:`skeleton` too, so both sides agree.

Plain ASCII text without spaced-out letters takes a fast path: ``text`` is the
prose itself and offsets are the identity.
"""
from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import regex

_EXTRA_INVISIBLE = {0x034F, 0x115F, 0x1160, 0x180E, 0x3164, 0xFFA0}
_LEET = str.maketrans("0134578@$!|", "oieastbasii")
# A word that mixes ASCII letters with leet digits or symbols; a number with a unit
# (7am, 3rd, 10k, 15mins) is not leetspeak.
_UNIT = r"(?i:am|pm|st|nd|rd|th|s|k|m|h|hr|hrs|min|mins|yr|yrs|ft|km|kg|lb|lbs|p|x|d|ish)"
# A letter next to a digit, or a leet symbol inside a word: every word that leet reading
# changes has one. Each alternative starts with a digit or symbol, so re skips ordinary
# text fast; only the words around its matches are read.
_MAYBE_LEET = re.compile(r"[0-9@$!|](?:(?<=[A-Za-z][0-9])|(?<=[0-9])[A-Za-z]"
                         r"|(?<=[A-Za-z0-9@$!|][@$!|])[A-Za-z0-9@$!|])")
# A word for leet reading: a run of these.
_WORD_CHARS = frozenset(string.ascii_letters + string.digits + "@$!|")
_WORD_END = re.compile(r"[A-Za-z0-9@$!|]*")
_UNIT_NUMBER = regex.compile(rf"[\d.,]+{_UNIT}")
# Four or more single letters or digits separated by one or two spaces.
_SPACED = regex.compile(r"(?<!\S)(?:[\p{L}\p{N}] {1,2}){3,}[\p{L}\p{N}](?![\p{L}\p{N}])")
_LATIN = regex.compile(r"[A-Za-z]")


@lru_cache(maxsize=1)
def _confusables() -> dict[str, str]:
    table: dict[str, str] = {}
    data = resources.files("postlint").joinpath("data/confusables.txt").read_text("utf-8")
    for line in data.splitlines():
        if line and not line.startswith("#"):
            code, letter = line.split("\t")
            table[chr(int(code, 16))] = letter
    return table


@lru_cache(maxsize=4096)
def _map_char(ch: str, homoglyphs: bool) -> str:
    """What one non-ASCII character becomes in the text view."""
    if unicodedata.category(ch) == "Cf" or ord(ch) in _EXTRA_INVISIBLE:
        return ""
    if 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF:
        return ""
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if unicodedata.category(c) == "Mn":
            continue
        if homoglyphs and not c.isascii():
            c = _confusables().get(c, c)
        out.append(c)
    return "".join(out)


def is_invisible(ch: str) -> bool:
    return not ch.isascii() and _map_char(ch, False) == "" and unicodedata.category(ch) != "Mn"


class View(NamedTuple):
    text: str
    skeleton: str
    # Piecewise map: text offsets where a piece starts, the source offset it
    # starts at, the source offset it ends at, and whether it maps 1:1.
    starts: list[int] | None
    src_starts: list[int] | None
    src_ends: list[int] | None
    linear: list[bool] | None

    @property
    def identity(self) -> bool:
        return self.starts is None

    def to_source(self, i: int, end: bool = False) -> int:
        """Map a text offset (or an exclusive end offset) back to the source."""
        if self.starts is None:
            return i
        assert self.src_starts is not None and self.src_ends is not None and self.linear
        if end:
            if i <= 0:
                return 0
            k = bisect_right(self.starts, i - 1) - 1
            if self.linear[k]:
                return self.src_starts[k] + (i - self.starts[k])
            return self.src_ends[k]
        k = bisect_right(self.starts, i) - 1
        if k < 0:
            return 0
        if self.linear[k]:
            return self.src_starts[k] + (i - self.starts[k])
        return self.src_starts[k]


    def from_source(self, o: int, end: bool = False) -> int:
        """Map a source offset (or exclusive end) to the text view."""
        if self.starts is None:
            return o
        assert self.src_starts is not None and self.linear
        k = bisect_right(self.src_starts, o - 1 if end else o) - 1
        if k < 0:
            return 0
        nxt = self.starts[k + 1] if k + 1 < len(self.starts) else self.starts[k]
        if self.linear[k]:
            return min(self.starts[k] + (o - self.src_starts[k]), nxt)
        return nxt if end else self.starts[k]


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def non_ascii(text: str) -> set[str]:
    """The distinct characters of ``text`` beyond ASCII (a regex finds them ~3x faster than set())."""
    return set(_NON_ASCII.findall(text))


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c.isascii():
        return c
    if c.isdecimal():  # any script's digits read as ASCII digits (patterns' \d needles rely on it)
        return str(unicodedata.decimal(c))
    base = unicodedata.normalize("NFD", c)[0]
    return base.lower() if base.isascii() else c


def skeleton(text: str) -> str:
    """Lower-case, leet-read, accent-folded form of ``text``, same length."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if not low.isascii():
        table = {ord(c): _QUOTES.get(ord(c)) or _fold_char(c) for c in non_ascii(low)}
        table = {k: v for k, v in table.items() if v != chr(k)}
        if table:
            low = low.translate(table)
    low = read_leet(low)
    return low.replace("l", "i")


def _leet_word(word: str) -> str | None:
    """A word that mixes letters with leet characters, read as letters; None if it does not."""
    if _LATIN.search(word) is None or _UNIT_NUMBER.fullmatch(word):
        return None
    # A leading @mention or trailing ! stays punctuation.
    head = word[0] if word[0] in "@$!|" else word[0].translate(_LEET)
    tail = word[-1] if word[-1] in "@$!|" else word[-1].translate(_LEET)
    read = head + word[1:-1].translate(_LEET) + tail if len(word) > 1 else head
    return read if read != word else None


def _leet_words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, reading) of each whole word (a run of letters, digits and @$!|) that leet
    reading changes, in order."""
    m = _MAYBE_LEET.search(text)
    while m is not None:
        a = m.start()
        while a > 0 and text[a - 1] in _WORD_CHARS:
            a -= 1
        b = _WORD_END.match(text, m.start()).end()  # type: ignore[union-attr]
        read = _leet_word(text[a:b])
        if read is not None:
            yield a, b, read
        m = _MAYBE_LEET.search(text, b)


def read_leet(text: str) -> str:
    """``text`` with leetspeak read inside mixed words, case kept, same length (for patterns)."""
    pieces: list[str] = []
    last = 0
    for a, b, read in _leet_words(text):
        pieces += (text[last:a], read)
        last = b
    return "".join(pieces) + text[last:] if pieces else text


def leet_read(text: str) -> bool:
    """Whether skeleton() reads leetspeak somewhere in ``text``."""
    return next(_leet_words(text), None) is not None


_NOT_LATIN_BYTES = bytes(b for b in range(256) if not chr(b).isascii() or not chr(b).isalpha())


def _mostly_latin(prose: str) -> bool:
    """Whether most letters are ASCII Latin (then look-alike letters are read as Latin).
    A long text is judged by its first 20,000 characters."""
    head = prose[:20_000]
    latin = len(head.encode("ascii", "ignore").translate(None, _NOT_LATIN_BYTES))
    other = sum(head.count(c) for c in non_ascii(head) if c.isalpha())
    return latin >= other


# Two single letters or digits between spaces: every run of spaced-out letters has them.
_MAYBE_SPACED = re.compile(r" [^\W_]  ?[^\W_] ")


def _spaced(prose: str) -> bool:
    return _MAYBE_SPACED.search(prose) is not None and _SPACED.search(prose) is not None


@lru_cache(maxsize=1024)
def _chars(changing: frozenset[str]) -> re.Pattern[str]:
    """Exactly the characters this text needs mapped (stdlib re: ~3x faster than one
    regex pattern that also looks for spaced-out letters at every position)."""
    return re.compile("[" + re.escape("".join(sorted(changing))) + "]")


def _events(prose: str, changing: frozenset[str]) -> list[tuple[int, int, bool]]:
    """(start, end, spaced) in order: runs of spaced-out letters, then each character that
    changes outside them (a run starting at a character takes it, as one alternation would)."""
    runs = [m.span() for m in _SPACED.finditer(prose)] if _MAYBE_SPACED.search(prose) else []
    if not changing:
        return [(a, b, True) for a, b in runs]
    out: list[tuple[int, int, bool]] = []
    k = 0
    for m in _chars(changing).finditer(prose):
        s = m.start()
        while k < len(runs) and runs[k][1] <= s:
            out.append((*runs[k], True))
            k += 1
        if k == len(runs) or s < runs[k][0]:
            out.append((s, s + 1, False))
    out.extend((a, b, True) for a, b in runs[k:])
    return out


def normalize(prose: str) -> View:
    # Only characters that change go through the slow path; emoji and accented
    # letters stay inside the identity runs. Look-alikes change only in mostly Latin text,
    # which is judged only when a look-alike is there (an emoji's variation selector is not).
    homoglyphs = True
    changing = frozenset(c for c in non_ascii(prose) if _map_char(c, True) != c) \
        if not prose.isascii() else frozenset()
    if any(_map_char(c, True) != _map_char(c, False) for c in changing) and not _mostly_latin(prose):
        homoglyphs = False
        changing = frozenset(c for c in changing if _map_char(c, False) != c)
    if not changing and not _spaced(prose):
        return View(prose, skeleton(prose), None, None, None, None)
    out: list[str] = []
    starts: list[int] = []
    src_starts: list[int] = []
    src_ends: list[int] = []
    linear: list[bool] = []
    pos = 0  # text length so far

    def piece(text: str, s: int, e: int, is_linear: bool) -> None:
        nonlocal pos
        if linear and linear[-1] and is_linear and src_ends[-1] == s:
            src_ends[-1] = e  # extend the previous identity piece
        else:
            starts.append(pos)
            src_starts.append(s)
            src_ends.append(e)
            linear.append(is_linear)
        out.append(text)
        pos += len(text)

    last = 0
    for s, e, spaced in _events(prose, changing):
        if s > last:
            piece(prose[last:s], last, s, True)
        if spaced:
            # Letters split by one space join; two spaces become one word gap.
            for k, tok in enumerate(regex.split(r"( {2,})", prose[s:e])):
                if k % 2:
                    piece(" ", s, s + len(tok), False)
                else:
                    for j, c in enumerate(tok.split(" ")):
                        c = c if c.isascii() else _map_char(c, homoglyphs)
                        piece(c, s + 2 * j, s + 2 * j + 1, len(c) == 1)
                s += len(tok)
        else:
            ch = prose[s]
            mapped = _map_char(ch, homoglyphs)
            piece(mapped, s, e, mapped == ch)
        last = e
    if last < len(prose):
        piece(prose[last:], last, len(prose), True)
    text = "".join(out)
    starts.append(pos)  # sentinel: the end of the text maps to the end of the prose
    src_starts.append(len(prose))
    src_ends.append(len(prose))
    linear.append(True)
    return View(text, skeleton(text), starts, src_starts, src_ends, linear)


def notes_for(original: str) -> list[str]:
    """Which normalizations a matched stretch of original text needed."""
    notes = []
    if any(is_invisible(c) for c in original):
        notes.append("removing invisible characters")
    if any(not c.isascii() and _map_char(c, True).isascii() and _map_char(c, True) and
           _map_char(c, True) != unicodedata.normalize("NFKC", c) for c in original):
        notes.append("mapping look-alike letters")
    if _spaced(original):
        notes.append("joining spaced-out letters")
    if leet_read(original):
        notes.append("reading leetspeak")
    return notes
