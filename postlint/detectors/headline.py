"""Shares of the organization's own articles, and captions that rewrite their headline.

The article's headline and first summary sentence carry the agreed emphasis;
the later summary sentences are its secondary points. A caption that takes its
words from a secondary point rather than the headline shifts the emphasis; cue
phrases mark contradictions ("don't celebrate yet"), promoted side points ("that's
the real story") and sentiment that overrides the message.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import regex

from ..model import Hit, Post
from . import LazyRegex

_TOKEN = LazyRegex(r"[\p{L}\p{N}][\p{L}\p{N}'’]*(?:[.,]\d+)*%?")
_SENTENCE = LazyRegex(r"(?<=[.!?])\s+(?=[\p{Lu}\d\"'])")
_NUMBERS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBERS.update({"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "percent": "%"})
_STOP = set("""a about above after again against all almost also am an and any are aren't as at be
because been before being below between both but by can can't cannot could did didn't do does doesn't
doing don't down during each even ever every few for from further get got had has have having he her here
hers him his how i i'm if in into is isn't it it's its just last let's like me more most much my new no nor
not now of off on once one only or other our ours out over own per said same say says she should so some
still such than that that's the their theirs them then there these they this those through to too under
until up us very was we were what when where which while who whom why will with would you your yours
% read share full story here this via""".split())


def stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith(("'s", "s'")):
        w = w[:-2] if w.endswith("'s") else w[:-1]
    w = w.replace(",", "").rstrip("%").rstrip(".")
    if w in _NUMBERS:
        return _NUMBERS[w]
    for suffix in ("ings", "ing", "ers", "er", "ied", "ies", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            return w[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
    return w


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    for m in _TOKEN.finditer(text):
        s = stem(m.group())
        if s and s not in _STOP and (len(s) > 1 or s.isdigit()):
            yield s, m.start(), m.end()


def _cue_regex(cues: Iterable[str]) -> LazyRegex | None:
    parts = sorted({c.strip() for c in cues if c.strip()}, key=len, reverse=True)
    if not parts:
        return None
    body = "|".join(regex.escape(p).replace("'", "['’]?").replace(r"\ ", r"\s+") for p in parts)
    return LazyRegex(rf"(?<![\w])(?:{body})(?![\w])", regex.I)


def _may_share(post: Post, env: Any) -> bool:
    """The cheap test before ``_shared``: links, and articles to look them up in."""
    return bool(post.links) and env is not None and env.has_articles


def _shared(post: Post, env: Any) -> list[tuple[Any, Any]]:
    index = env.article_index() if env is not None else None
    if not index:
        return []
    out = []
    for url, span in post.links:
        article = index.lookup(url)
        if article is not None:
            out.append((article, span))
    return out


def _safe(title: str) -> str:
    return f'Share it with the headline itself: "{title}"'


class ArticleShare:
    """The links to the organization's articles; with ``unknown``, own-domain links not in the index."""

    PARAMS: dict[str, Any] = {"type": "object", "additionalProperties": False,
                              "properties": {"unknown": {"type": "boolean"}}}

    def __init__(self, unknown: bool = False):
        self.unknown = unknown

    possible = staticmethod(_may_share)

    def find(self, post: Post, env: Any) -> Iterable[Hit]:
        if self.unknown:
            index = env.article_index() if env is not None else None
            if not index:
                return
            for url, span in post.links:
                if index.lookup(url) is None and index.is_own(url) and "/" in url.split("//", 1)[-1].strip("/"):
                    yield Hit(span.start, span.end, "this article is not in the article index, so the caption "
                                                    "could not be checked against its headline")
            return
        for article, span in _shared(post, env):
            yield Hit(span.start, span.end, f'shares "{article.title}"', _safe(article.title))


class HeadlineRewrite:
    PARAMS: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "kinds": {"type": "array", "items": {"enum": ["emphasis", "contradiction", "override"]}},
            "emphasis_cues": {"type": "array", "items": {"type": "string"}},
            "contradiction_cues": {"type": "array", "items": {"type": "string"}},
            "override_cues": {"type": "array", "items": {"type": "string"}},
            "positive_cues": {"type": "array", "items": {"type": "string"},
                              "description": "Words of a faithful, celebrating caption: they cancel override cues "
                                             "and break ties in the emphasis overlap."},
            "min_secondary": {"type": "integer", "minimum": 1,
                              "description": "Caption words shared with the secondary points needed for an emphasis shift."},
        },
    }

    def __init__(self, kinds: Iterable[str] = ("emphasis", "contradiction", "override"),
                 emphasis_cues: Iterable[str] = (), contradiction_cues: Iterable[str] = (),
                 override_cues: Iterable[str] = (), positive_cues: Iterable[str] = (),
                 min_secondary: int = 2):
        self.kinds = set(kinds)
        self.cues = {"emphasis": _cue_regex(emphasis_cues), "contradiction": _cue_regex(contradiction_cues),
                     "override": _cue_regex(override_cues)}
        self.positive = _cue_regex(positive_cues)
        self.min_secondary = min_secondary

    def _celebrates(self, caption: str) -> bool:
        return self.positive is not None and self.positive.search(caption) is not None

    possible = staticmethod(_may_share)

    def find(self, post: Post, env: Any) -> Iterable[Hit]:
        for article, _ in _shared(post, env)[:1]:
            yield from self._judge(post, article)

    def _judge(self, post: Post, article: Any) -> Iterator[Hit]:
        caption = post.prose
        sentences = _SENTENCE.split(article.summary.strip()) if article.summary else []
        main = {t for t, _, _ in tokens(article.title + " " + (sentences[0] if sentences else ""))}
        side = {t for s in sentences[1:] for t, _, _ in tokens(s)} - main
        words = list(tokens(caption))
        on_main = {t for t, _, _ in words if t in main}
        on_side = [(t, s, e) for t, s, e in words if t in side]
        title = article.title
        for kind in ("contradiction", "emphasis", "override"):
            rx = self.cues[kind]
            m = rx.search(caption) if rx is not None and kind in self.kinds else None
            if m and kind == "override" and self._celebrates(caption):
                m = None
            if m:
                yield Hit(m.start(), m.end(), _NOTES[kind].format(title=title), _safe(title))
                return
        distinct = {t for t, _, _ in on_side}
        # A tie between side and main words counts as a shift only when the caption does not celebrate.
        ahead = len(distinct) > len(on_main) or (len(distinct) == len(on_main) and not self._celebrates(caption))
        if "emphasis" in self.kinds and len(distinct) >= self.min_secondary and ahead:
            yield Hit(on_side[0][1], on_side[-1][2],
                      _NOTES["emphasis"].format(title=title), _safe(title))


_NOTES = {
    "emphasis": 'emphasis shift: the caption leads with a secondary point instead of the headline "{title}"',
    "contradiction": 'contradiction: the caption negates the outcome in the headline "{title}"',
    "override": 'override: personal sentiment replaces the message of the headline "{title}"',
}
