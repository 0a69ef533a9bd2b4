"""Runs of shouted (all-capitals) words."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import regex

from ..model import Hit, Post
from . import LazyRegex

_TWO_CAPITALS = re.compile(r"[^\W\d_a-z][^\W\d_a-z'’]")  # letters not ASCII lower case: a cheap superset
_RUN = LazyRegex(r"\b\p{Lu}[\p{Lu}'’]+\b(?:[^\p{L}\n]+\b\p{Lu}[\p{Lu}'’]*\b)+")


class AllCaps:
    PARAMS: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "min_words": {"type": "integer", "minimum": 2},
            "min_letters": {"type": "integer", "minimum": 2},
        },
    }

    def __init__(self, min_words: int = 4, min_letters: int = 16):
        self.min_words = min_words
        self.min_letters = min_letters

    def possible(self, post: Post, env: Any) -> bool:
        return _TWO_CAPITALS.search(post.prose) is not None

    def find(self, post: Post, env: Any) -> Iterable[Hit]:
        for m in _RUN.finditer(post.prose):
            words = regex.findall(r"\p{Lu}+", m.group())
            if len(words) >= self.min_words and sum(map(len, words)) >= self.min_letters:
                yield Hit(m.start(), m.end(), "written in capitals")
