"""The records every module shares: spans, posts, rules and findings."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import regex

_DIGIT = regex.compile(r"\d")  # any script's digits; 4x faster than re's \d here
CATEGORIES = ("location", "morale", "dispute", "sensational", "headline")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class PostlintError(Exception):
    """An error the CLI reports as one line and exit code 2."""


class InputError(PostlintError):
    """A file that cannot be read as posts."""


class PolicyError(PostlintError):
    """A pack or config that is invalid; ``problems`` lists every one found."""

    def __init__(self, problems: list[str]):
        super().__init__(problems[0] if len(problems) == 1 else f"{len(problems)} policy problems")
        self.problems = problems


class Span(NamedTuple):  # NamedTuples: made per link and per hit, 3x cheaper than frozen dataclasses
    """Half-open character offsets into a post's source text."""

    start: int
    end: int


class Region(NamedTuple):
    scope: str  # title, body or alt
    start: int
    end: int


@dataclass(frozen=True)
class Suppression:
    """``<!-- postlint: ignore[rule-id] reason -->`` (this line and the next) or front matter (line 0: all)."""

    rules: tuple[str, ...]  # rule ids, globs or categories
    reason: str
    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Post:
    """One post: its file's full text, the prose view and where each scope lies.

    ``prose`` has the same length as ``source``; everything that is not prose
    (front matter keys, code, URLs, HTML comments, link targets) is blanked
    with spaces, newlines kept, so offsets agree between the two.
    """

    path: str
    source: str
    prose: str
    regions: tuple[Region, ...]
    links: tuple[tuple[str, Span], ...] = ()
    images: tuple[tuple[str, Span], ...] = ()  # (path on disk or URL, where the post names it)
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    suppressions: tuple[Suppression, ...] = ()

    @cached_property
    def has_digit(self) -> bool:
        """Whether the prose holds a digit: several detectors' cheap tests start here."""
        return _DIGIT.search(self.prose) is not None

    def scope_at(self, offset: int) -> str:
        """The scope at an offset; front-matter keys other than title count as body."""
        for region in self.regions:
            if region.start <= offset < region.end:
                return region.scope
        return "body"


class Hit(NamedTuple):
    """What a matcher or detector found: a span and, optionally, words for the reader."""

    start: int
    end: int
    note: str = ""
    suggest: str | None = None
    severity: str | None = None


@dataclass(frozen=True)
class Example:
    text: str
    articles: tuple[dict[str, str], ...] = ()
    markdown: bool = False


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    message: str
    why: str
    suggest: str
    scope: tuple[str, ...]
    match: Any  # compiled matcher tree (compiler.Node)
    unless: Any
    flag: tuple[Example, ...]
    passes: tuple[Example, ...]
    pack: str
    source: str  # file:line where the rule is defined


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    category: str
    severity: str
    message: str
    why: str
    suggest: str
    match: str
    fingerprint: str
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)
    source_line: str = field(default="", compare=False, repr=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "why": self.why,
            "suggest": self.suggest,
            "match": self.match,
            "fingerprint": self.fingerprint,
        }
