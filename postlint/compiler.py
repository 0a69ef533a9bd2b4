"""Packs' matchers to one program: a single trie regex for every term of every
rule, plus small nodes (pattern, near, all, any, detector) evaluated per post.

Hits are in the offsets of the normalized view; the engine maps them back.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import regex

from .model import Hit, Post
from .normalize import View, read_leet, skeleton
from .regex_analysis import common, needles, risky

PATTERN_TIMEOUT = 1.0
_SENTENCE_END = regex.compile(r"[.!?…]+[\"')\]]*(?=\s)|\n")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")
_CANON_DROP = regex.compile(r"[\s'\-]+")


class PatternTimeout(Exception):
    pass


def canon(text: str) -> str:
    """The key under which a term and any text it matched agree."""
    return _CANON_DROP.sub("", text)


# Whitespace and hyphens all read as one space when terms and needles are looked up.
_SEPARATOR = re.compile("[-\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(r"  +")
# For terms, every other character that is not part of a word reads as a space too, so a
# term is a key ' term ' and every hit of the automaton is a whole-word hit. ASCII goes
# through a byte table (~3x faster than a regex substitution), the rest through a regex.
_NON_WORD_BYTES = bytes(b if b >= 0x80 or chr(b).isalnum() or chr(b) in "_ " else 0x20 for b in range(256))
_NON_WORD_WIDE = re.compile(r"[^\x00-\x7f\w]")


class Flat:
    """A skeleton with separators read as spaces and runs of them cut to one, mapping
    offsets back to the skeleton."""

    __slots__ = ("_at", "_cut", "_spaced", "cut", "text")

    def __init__(self, skel: str):
        spaced = _SEPARATOR.sub(" ", skel)  # re.sub is ~5x faster than str.translate here
        self.text = _SPACE_RUN.sub(" ", spaced)
        self._spaced = spaced  # before runs were cut: read only if a hit needs mapping back
        self.cut = len(self.text) != len(spaced)  # whether offsets differ from the skeleton's
        self._at: list[int] = []  # where (in flat offsets) each cut run ends
        self._cut: list[int] = []  # how many characters were cut up to there

    def to_skeleton(self, offset: int, end: bool = False) -> int:
        if not self.cut:
            return offset
        if not self._at:
            total = 0
            for m in _SPACE_RUN.finditer(self._spaced):
                total += m.end() - m.start() - 1
                self._at.append(m.end() - total)
                self._cut.append(total)
        k = bisect_right(self._at, offset - 1 if end else offset)
        return offset + (self._cut[k - 1] if k else 0)


def fold(text: str) -> str:
    """What a needle or term looks like in flat text."""
    return Flat(skeleton(text)).text


def _words_only(text: str) -> str:
    """``text`` with every character but word characters and spaces read as a space."""
    out = text.encode("utf-8", "surrogatepass").translate(_NON_WORD_BYTES).decode("utf-8", "surrogatepass")
    return out if out.isascii() else _NON_WORD_WIDE.sub(" ", out)


def variants(term_skeleton: str) -> set[str]:
    """The strings a skeleton term stands for once separators read as one space: a space is
    any run of spaces and hyphens, a hyphen or apostrophe may be left out, as in 'burn-out' /
    'burnout' / 'burn out' and 'can't' / 'cant'."""
    out = {""}
    for ch in term_skeleton:
        options = (" ",) if ch.isspace() else (" ", "") if ch == "-" else ("'", "") if ch == "'" else (ch,)
        out = {a + b for a in out for b in options}
    return {_SPACE_RUN.sub(" ", v).strip() for v in out} - {""}


class TermIndex:
    """Every term of every rule, and every pattern's needles, each in one Aho-Corasick
    automaton (pyahocorasick, C): one pass over a post finds all of them, overlaps included.
    Both are built here and pickled with the policy cache (a one-draft run skips ~15 ms)."""

    def __init__(self, terms: Iterable[str], needles: Iterable[str] = ()):
        self.words = sorted({t for t in terms if t.strip()})
        self.skeletons = sorted({skeleton(t).strip() for t in self.words})
        self.needles = sorted(set(needles))  # every pattern's needles (see Pattern), in flat form
        # Usually present, so 'in' finds them at once: common words, and single digits (an
        # archive has so many that the automaton's hits cost more than ten 'in' tests).
        self.common = [n for n in self.needles if common(n) or (len(n) == 1 and n.isdigit())]
        self._terms = self._automaton((f" {_words_only(v)} ", (canon(s), len(v)))
                                      for s in self.skeletons for v in variants(s))
        self._needles = self._automaton((n, n) for n in set(self.needles) - set(self.common))

    @classmethod
    def of(cls, matchers: Iterable[Node]) -> TermIndex:
        """The index of every term and pattern needle inside these matcher trees."""
        every = [n for m in matchers for n in nodes(m)]
        return cls({w for n in every if isinstance(n, Terms) for w in n.words},
                   {x for n in every if isinstance(n, Pattern) for f in n.needles for x in f})

    @staticmethod
    def _automaton(words: Iterable[tuple[str, Any]]) -> Any:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for word, value in words:
            automaton.add_word(word, value)
        automaton.make_automaton()
        return automaton

    def find(self, skel: str) -> tuple[TermHits, frozenset[str]]:
        """The terms in ``skel`` as whole words, and the needles it holds."""
        text = Flat(skel)
        return self._scan(text), self._needles_in(text.text)

    def _needles_in(self, text: str) -> frozenset[str]:
        """The rarer needles in one pass of the automaton (~5x faster than testing each
        with ``in``); the common ones, found early, with ``in``."""
        found = {n for n in self.common if n in text}
        if len(self._needles):
            found.update(n for _, n in self._needles.iter(text))
        return frozenset(found)

    def _scan(self, text: Flat) -> TermHits:
        found = TermHits(text)
        if not len(self._terms):
            return found
        # ' ' + text + ' ': a key's last character is at ``end``, the term's at end - 1.
        for end, (key, length) in self._terms.iter(f" {_words_only(text.text)} "):
            found.setdefault(key, []).append((end - length - 1, end - 1))
        return found


class TermHits(dict[str, list[tuple[int, int]]]):
    """The canonical keys of the terms in a post, each with its spans in flat offsets;
    ``spans`` maps them back to the skeleton, only for the few rules that read them."""

    def __init__(self, flat: Flat):
        super().__init__()
        self.flat = flat

    def spans(self, keys: Iterable[str]) -> list[tuple[int, int]]:
        to = self.flat.to_skeleton
        return sorted({(to(s), to(e, end=True)) for k in keys for s, e in self.get(k, ())})


@dataclass
class Ctx:
    """Everything the nodes of one post share, computed lazily once."""

    post: Post
    view: View
    term_hits: TermHits
    env: Any
    rule_hits: Callable[[Any], list[Hit]] = lambda rule: []
    _sentences: list[int] | None = None
    _words: list[int] | None = None
    _pattern_text: str | None = None
    memo: dict[int, list[Hit]] = field(default_factory=dict)
    maybe: dict[int, bool] = field(default_factory=dict)
    needles: frozenset[str] = frozenset()  # the patterns' needles that the skeleton holds

    def sentence(self, offset: int) -> int:
        if self._sentences is None:
            self._sentences = [m.end() for m in _SENTENCE_END.finditer(self.view.text)]
        return bisect_right(self._sentences, offset)

    def words_between(self, a: int, b: int) -> int:
        if self._words is None:
            self._words = [m.start() for m in _WORD.finditer(self.view.text)]
        return max(0, bisect_left(self._words, b) - bisect_left(self._words, a))

    @property
    def pattern_text(self) -> str:
        """The text view with leetspeak read inside words, for patterns."""
        if self._pattern_text is None:
            self._pattern_text = read_leet(self.view.text)
        return self._pattern_text


class Node:
    """A compiled matcher. ``hits`` returns view offsets; ``possible`` is a cheap test
    (terms found, needles present) that ``hits`` can find anything. Both are memoized per post."""

    def possible(self, ctx: Ctx) -> bool:
        key = id(self)
        found = ctx.maybe.get(key)
        if found is None:
            found = ctx.maybe[key] = self._possible(ctx)
        return found

    def _possible(self, ctx: Ctx) -> bool:
        return True

    def hits(self, ctx: Ctx) -> list[Hit]:
        key = id(self)
        if key not in ctx.memo:
            ctx.memo[key] = self._hits(ctx)
        return ctx.memo[key]

    def _hits(self, ctx: Ctx) -> list[Hit]:
        raise NotImplementedError


class Terms(Node):
    def __init__(self, terms: list[str]):
        self.words = terms
        self.keys = frozenset(canon(skeleton(t).strip()) for t in terms)

    def _possible(self, ctx: Ctx) -> bool:
        return not self.keys.isdisjoint(ctx.term_hits)

    def _hits(self, ctx: Ctx) -> list[Hit]:
        return [Hit(s, e) for s, e in ctx.term_hits.spans(self.keys)]


class Pattern(Node):
    """A regular expression over the text view (leetspeak read). It runs only on posts
    whose skeleton meets its needles: sets of literals, one of each set in every match."""

    def __init__(self, pattern: str, case_sensitive: bool = False, check: bool = True):
        self.pattern = pattern
        self.flags = regex.V0 if case_sensitive else regex.IGNORECASE
        self._regex: Any = regex.compile(pattern, self.flags) if check else None
        self.needles = needles(pattern, fold)

    def _possible(self, ctx: Ctx) -> bool:
        return all(not f.isdisjoint(ctx.needles) for f in self.needles)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_regex": None}

    @property
    def regex(self) -> Any:
        if self._regex is None:
            self._regex = regex.compile(self.pattern, self.flags)
        return self._regex

    def _hits(self, ctx: Ctx) -> list[Hit]:
        try:
            return [Hit(m.start(), m.end())
                    for m in self.regex.finditer(ctx.pattern_text, timeout=PATTERN_TIMEOUT)
                    if m.end() > m.start()]
        except TimeoutError:
            raise PatternTimeout(self.regex.pattern) from None


class Detector(Node):
    """A Python check; its optional ``possible(post, env)`` is a cheap test that skips ``find``."""

    def __init__(self, name: str, params: dict[str, Any]):
        self.name = name
        self.params = params
        self._impl: Any = None
        self._check: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_impl": None, "_check": None}

    @property
    def impl(self) -> Any:
        if self._impl is None:
            from .detectors import load

            self._impl = load(self.name)(**self.params)
        return self._impl

    def possible(self, ctx: Ctx) -> bool:  # not memoized: the detectors' tests cost less than a lookup
        if self._check is None:
            self._check = getattr(self.impl, "possible", None) or (lambda post, env: True)
        return bool(self._check(ctx.post, ctx.env))

    def ready(self, env: Any) -> bool:
        """Whether this detector can find anything at all with ``env`` (say, articles to compare)."""
        from .detectors import NEED_ARTICLES

        return self.name not in NEED_ARTICLES or (env is not None and env.has_articles)

    def _hits(self, ctx: Ctx) -> list[Hit]:
        view = ctx.view
        out = []
        for h in self.impl.find(ctx.post, ctx.env):
            s, e = view.from_source(h.start), view.from_source(h.end, end=True)
            out.append(Hit(s, max(e, s + 1), h.note, h.suggest, h.severity))
        return out


class Ref(Node):
    """Where other rules (ids, globs or categories) matched in this post."""

    def __init__(self, patterns: list[str]):
        self.patterns = patterns
        self.targets: list[Any] = []

    def _hits(self, ctx: Ctx) -> list[Hit]:
        return sorted((h for rule in self.targets for h in ctx.rule_hits(rule)),
                      key=lambda h: (h.start, h.end))


def _merged(parts: list[Hit]) -> Hit:
    notes = [p.note for p in parts if p.note]
    first = next((p for p in parts if p.suggest or p.severity), parts[0])
    return Hit(min(p.start for p in parts), max(p.end for p in parts),
               notes[0] if notes else "", first.suggest, first.severity)


_COST = {"Terms": 0, "Pattern": 1, "Near": 2, "All": 2, "Any_": 2, "Detector": 3, "Ref": 4}


class Any_(Node):
    def __init__(self, children: list[Node]):
        self.children = children

    def _possible(self, ctx: Ctx) -> bool:
        return any(c.possible(ctx) for c in self.children)

    def _hits(self, ctx: Ctx) -> list[Hit]:
        return sorted((h for c in self.children if c.possible(ctx) for h in c.hits(ctx)),
                      key=lambda h: (h.start, h.end))


class All(Any_):
    def __init__(self, children: list[Node], whole_post: bool = False):
        super().__init__(children)
        self.whole_post = whole_post

    def _possible(self, ctx: Ctx) -> bool:
        return all(c.possible(ctx) for c in self.children)

    def _hits(self, ctx: Ctx) -> list[Hit]:
        # Cheap matchers first: one without hits means no hits, and the costly ones never run.
        found: dict[int, list[Hit]] = {}
        for i in sorted(range(len(self.children)), key=lambda i: _COST.get(type(self.children[i]).__name__, 2)):
            found[i] = self.children[i].hits(ctx)
            if not found[i]:
                return []
        per_child = [found[i] for i in range(len(self.children))]
        if self.whole_post:  # anchored on the first matcher's hits, notes from all
            if not all(per_child):
                return []
            extra = _merged([hits[0] for hits in per_child[1:]])
            return [Hit(h.start, h.end, "; ".join(n for n in (h.note, extra.note) if n),
                        h.suggest or extra.suggest, h.severity or extra.severity) for h in per_child[0]]
        by_sentence: list[dict[int, Hit]] = []
        for hits in per_child:
            first: dict[int, Hit] = {}
            for h in hits:
                first.setdefault(ctx.sentence(h.start), h)
            by_sentence.append(first)
        common = set(by_sentence[0]).intersection(*by_sentence[1:])
        return [_merged([b[s] for b in by_sentence]) for s in sorted(common)]


class Near(Any_):
    def __init__(self, children: list[Node], within: int = 5, ordered: bool = False):
        super().__init__(children)
        self.within = within
        self.ordered = ordered

    def _possible(self, ctx: Ctx) -> bool:
        return all(c.possible(ctx) for c in self.children)

    def _close(self, ctx: Ctx, a: Hit, b: Hit) -> bool:
        if ctx.sentence(a.start) != ctx.sentence(b.start):
            return False
        if self.ordered and b.start < a.end:
            return False
        lo, hi = (a, b) if a.start <= b.start else (b, a)
        if hi.start < lo.end:
            return True  # overlapping
        return ctx.words_between(lo.end, hi.start) <= self.within

    def _hits(self, ctx: Ctx) -> list[Hit]:
        per_child = [c.hits(ctx) for c in self.children]
        if not all(per_child):
            return []
        # Candidates are looked up by sentence, so long posts stay linear in their hits.
        by_sentence: list[dict[int, list[Hit]]] = []
        for hits in per_child[1:]:
            groups: dict[int, list[Hit]] = {}
            for h in hits:
                groups.setdefault(ctx.sentence(h.start), []).append(h)
            by_sentence.append(groups)
        out = []
        for anchor in per_child[0]:
            chain = [anchor]
            sentence = ctx.sentence(anchor.start)
            for groups in by_sentence:
                prev = chain[-1] if self.ordered else anchor
                nxt = next((h for h in groups.get(sentence, ()) if self._close(ctx, prev, h)), None)
                if nxt is None:
                    break
                chain.append(nxt)
            else:
                out.append(_merged(chain))
        return out


def build(spec: dict[str, Any], lists: dict[str, list[str]], detector: Callable[[str, dict[str, Any]], Node],
          problems: list[str], where: str, trusted: bool = False) -> Node:
    """A matcher mapping from a pack to its node; problems are appended, not raised.
    ``trusted`` (built-in packs, checked by the test suite) skips the regex checks."""
    kinds = [k for k in ("terms", "pattern", "near", "all", "any", "detector", "rule") if k in spec]
    if len(kinds) != 1:
        problems.append(f"{where}: a matcher needs exactly one of terms, pattern, near, all, any, "
                        f"detector, rule (found {', '.join(kinds) or 'none'})")
        return Any_([])
    kind = kinds[0]
    stray = {"within": "near", "ordered": "near", "case_sensitive": "pattern", "with": "detector",
             "across": "all"}
    for key, owner in stray.items():
        if key in spec and kind != owner:
            problems.append(f"{where}: '{key}' belongs with '{owner}', not '{kind}'")
    if kind == "terms":
        words: list[str] = []
        for t in spec["terms"]:
            if t.startswith("@"):
                if t[1:] not in lists:
                    problems.append(f"{where}: unknown list '{t}'")
                    continue
                words.extend(lists[t[1:]])
            else:
                words.append(t)
        for w in words:
            sk = skeleton(w).strip()
            if not any(c.isalnum() for c in sk):
                problems.append(f"{where}: term {w!r} has no letters or digits and can never match")
        return Terms(words)
    if kind == "pattern":
        try:
            node = Pattern(spec["pattern"], bool(spec.get("case_sensitive")), check=not trusted)
        except regex.error as e:
            problems.append(f"{where}: bad regular expression {spec['pattern']!r}: {e}")
            return Any_([])
        reason = None if trusted else risky(spec["pattern"])
        if reason:
            problems.append(f"{where}: pattern {spec['pattern']!r} may backtrack catastrophically: {reason}; "
                            "bound the outer repeat (e.g. {0,4}) or make the alternatives distinct")
        return node
    if kind == "detector":
        params = {k: _expand(v, lists, problems, where) for k, v in (spec.get("with") or {}).items()}
        return detector(spec["detector"], params)
    if kind == "rule":
        return Ref(list(spec["rule"]))
    children = [build(c, lists, detector, problems, where, trusted) for c in spec[kind]]
    if kind == "near":
        return Near(children, spec.get("within", 5), bool(spec.get("ordered")))
    return All(children, spec.get("across") == "post") if kind == "all" else Any_(children)


def _expand(value: Any, lists: dict[str, list[str]], problems: list[str], where: str) -> Any:
    """Detector parameters may name the pack's lists: ['@cues', 'extra'] -> the list's terms."""
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for item in value:
        if isinstance(item, str) and item.startswith("@"):
            if item[1:] not in lists:
                problems.append(f"{where}: unknown list '{item}'")
            out.extend(lists.get(item[1:], []))
        else:
            out.append(item)
    return out


class Clause(NamedTuple):
    """Holds when the post has one of these terms, its flat skeleton one of these needles,
    or one of these detectors' cheap tests passes."""

    terms: frozenset[str]
    needles: frozenset[str]
    gates: tuple[Detector, ...] = ()

    def test(self) -> Callable[[Ctx], bool]:
        """Whether the clause holds in a post, as a closure for its shape (the path every post takes)."""
        terms, needles, gates = self
        if not gates and not needles:
            return lambda ctx: not terms.isdisjoint(ctx.term_hits)
        if not gates and not terms:
            return lambda ctx: not needles.isdisjoint(ctx.needles)
        if len(gates) == 1 and not terms and not needles:
            return gates[0].possible
        return lambda ctx: (not terms.isdisjoint(ctx.term_hits) or not needles.isdisjoint(ctx.needles)
                            or any(g.possible(ctx) for g in gates))

    def keys(self) -> frozenset[str] | None:
        return None if self.gates else self.terms | self.needles

    def ready(self, env: Any) -> bool:
        return bool(self.terms or self.needles) or any(g.ready(env) for g in self.gates)


def _rarity(keys: frozenset[str]) -> tuple[bool, int]:
    """How seldom one of ``keys`` is likely to occur: none a common word, then the shortest longest."""
    return not any(map(common, keys)), min(map(len, keys), default=0)


class AllOf(NamedTuple):
    parts: tuple[Cond, ...]

    def test(self) -> Callable[[Ctx], bool]:
        parts = tuple(p.test() for p in self.parts)
        return parts[0] if len(parts) == 1 else lambda ctx: all(p(ctx) for p in parts)

    def ready(self, env: Any) -> bool:
        return all(p.ready(env) for p in self.parts)

    def keys(self) -> frozenset[str] | None:
        """The rarest part's keys: every post where all parts hold has one of them."""
        found = [k for k in (p.keys() for p in self.parts) if k]
        return max(found, key=_rarity) if found else None


class AnyOf(NamedTuple):
    parts: tuple[Cond, ...]

    def test(self) -> Callable[[Ctx], bool]:
        parts = tuple(p.test() for p in self.parts)
        return parts[0] if len(parts) == 1 else lambda ctx: any(p(ctx) for p in parts)

    def ready(self, env: Any) -> bool:
        return any(p.ready(env) for p in self.parts)

    def keys(self) -> frozenset[str] | None:
        found = [p.keys() for p in self.parts]
        return None if any(k is None for k in found) else frozenset().union(*found)  # type: ignore[arg-type]


Cond = Clause | AllOf | AnyOf


def trigger(node: Node) -> Cond | None:
    """A condition that holds in any post where ``node`` finds something: a few set lookups
    that let the engine skip most rules on most posts. None when there is no such cheap test
    (rule references, patterns without needles)."""
    if isinstance(node, Terms):
        return Clause(node.keys, frozenset())
    if isinstance(node, Pattern):
        return AllOf(tuple(Clause(frozenset(), f) for f in node.needles)) if node.needles else None
    if isinstance(node, Detector):
        return Clause(frozenset(), frozenset(), (node,))
    if isinstance(node, (All, Near)):
        parts = [t for t in map(trigger, node.children) if t is not None]
        # Set lookups before detectors' tests.
        return AllOf(tuple(sorted(parts, key=lambda c: c.keys() is None))) if parts else None
    if isinstance(node, Any_):
        alternatives = [trigger(c) for c in node.children]
        return None if any(a is None for a in alternatives) else AnyOf(tuple(alternatives))  # type: ignore[arg-type]
    return None


class Triggers:
    """Which of several matchers can find anything in a post. An inverted index from each
    matcher's keys (terms and needles, one of which every post it matches holds) gives the
    candidates; their whole condition is then checked. Matchers without keys are always
    candidates, unless their detectors cannot work in ``env`` (then they never are)."""

    def __init__(self, matchers: Iterable[Node], env: Any = None):
        self.conditions = [trigger(m) for m in matchers]
        self.tests = [None if c is None else c.test() for c in self.conditions]
        self.always: list[int] = []
        self.by_key: dict[str, list[int]] = {}
        for i, cond in enumerate(self.conditions):
            if cond is not None and not cond.ready(env):
                continue
            keys = cond.keys() if cond is not None else None
            if not keys:
                self.always.append(i)
                continue
            for k in keys:
                self.by_key.setdefault(k, []).append(i)

    def candidates(self, ctx: Ctx) -> list[int]:
        """Positions of the matchers that may match, in order."""
        found = set(self.always)
        for keys in (ctx.term_hits, ctx.needles):
            for k in keys:
                found.update(self.by_key.get(k, ()))
        tests = self.tests
        return [i for i in sorted(found) if (t := tests[i]) is None or t(ctx)]


def nodes(node: Node) -> Iterator[Node]:
    """A matcher tree's nodes, depth first."""
    yield node
    for child in getattr(node, "children", ()):
        yield from nodes(child)


def refs(node: Node) -> list[Ref]:
    """Every rule reference inside a matcher tree."""
    return [n for n in nodes(node) if isinstance(n, Ref)]
