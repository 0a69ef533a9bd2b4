"""Named Python checks that rules call with ``detector: NAME`` and ``with: {...}``.

A detector is a class with ``PARAMS`` (a JSON Schema for its parameters),
``__init__(**params)`` and ``find(post, env) -> Iterable[Hit]`` returning hits
in the post's source offsets, and optionally ``possible(post, env) -> bool``, a cheap
test that must be true wherever ``find`` finds something (it lets the engine skip it).
Modules are imported only when a rule uses them.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

DETECTORS: dict[str, str] = {
    "coordinates": "postlint.detectors.coordinates:Coordinates",
    "all_caps": "postlint.detectors.shouting:AllCaps",
    "street_address": "postlint.detectors.places:StreetAddress",
    "map_link": "postlint.detectors.places:MapLink",
    "phone_number": "postlint.detectors.phones:PhoneNumber",
    "exif_gps": "postlint.detectors.exif:ExifGps",
    "article_share": "postlint.detectors.headline:ArticleShare",
    "headline_rewrite": "postlint.detectors.headline:HeadlineRewrite",
}

# Detectors that find nothing without the organization's articles: a run without any skips
# their rules outright (known here, so the engine need not import a detector to ask).
NEED_ARTICLES = frozenset({"article_share", "headline_rewrite"})


@dataclass
class Env:
    """What detectors may use beyond the post: article sources and a shared cache."""

    articles: tuple[str, ...] = ()
    base_url: str = ""
    inline_articles: tuple[dict[str, str], ...] = ()
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def has_articles(self) -> bool:
        return bool(self.articles or self.inline_articles)

    def article_index(self) -> Any:
        """The organization's articles, loaded once (InputError if a source is bad)."""
        if "articles" not in self.cache:
            from ..articles import load_index

            self.cache["articles"] = load_index(self.articles, self.base_url, self.inline_articles)
        return self.cache["articles"]


class LazyRegex:
    """A ``regex`` pattern compiled on first use: importing a detector to ask ``possible``
    costs nothing, which keeps a one-draft run fast."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0):
        self._args = (pattern, flags)
        self._compiled: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            import regex

            self._compiled = regex.compile(*self._args)
        return getattr(self._compiled, name)


def load(name: str) -> Any:
    """The detector class registered under ``name``; KeyError if there is none."""
    module, _, cls = DETECTORS[name].partition(":")
    return getattr(importlib.import_module(module), cls)
