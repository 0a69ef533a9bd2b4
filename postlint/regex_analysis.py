"""Static facts about packs' regular expressions, read from the stdlib parser's tree.

``risky`` flags an unbounded repeat that contains another unbounded repeat (``(a+)+``,
``(\\w+\\s?)*``) and an unbounded repeat over alternatives that can start with
the same character (``(a|aa)+``). Bounded repeats (``{0,4}``) are allowed. This
is a heuristic in front of the real guard, the per-pattern time limit at run time.

``needles`` finds what every match must contain: sets of literal strings, one of
each set, so a pattern runs only on posts that hold one string of every set.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any


def _module(new: str, old: str) -> Any:
    try:  # Python 3.11+ keeps the stdlib regex parser here
        return importlib.import_module(new)
    except ImportError:  # pragma: no cover
        return importlib.import_module(old)


C = _module("re._constants", "sre_constants")
P = _module("re._parser", "sre_parse")

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}
_UNBOUNDED = 100  # a repeat allowing more than this counts as unbounded
# Syntax of the regex module that the stdlib parser does not know, replaced for analysis only.
_REGEX_ONLY = re.compile(r"\\[pP]\{[^}]*\}|\[\[:\w+:\]\]|\(\?[VwfbeL]\d?\)|\(\?r\)|\\[XmM]")
# For needles a stand-in must add no literal: classes become \w, flags and word edges nothing.
_STAND_IN = {"p": r"\w", "P": r"\W", "[": r"\w", "X": r"\w", "m": "", "M": ""}


def _unbounded(node: tuple[Any, Any]) -> bool:
    op, av = node
    return op in _REPEATS and (av[1] == C.MAXREPEAT or av[1] > _UNBOUNDED)


def _children(op: Any, av: Any) -> list[Any]:
    if op in _REPEATS:
        return [av[2]]
    if op == C.SUBPATTERN:
        return [av[-1]]
    if op == C.BRANCH:
        return list(av[1])
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [av[1]]
    if op == C.GROUPREF_EXISTS:
        return [b for b in av[1:] if b is not None]
    return []


def _has_unbounded(seq: Any) -> bool:
    for op, av in seq:
        if _unbounded((op, av)) or any(_has_unbounded(c) for c in _children(op, av)):
            return True
    return False


def _first_literal(seq: Any) -> int | None:
    for op, av in seq:
        if op == C.LITERAL:
            return int(av)
        if op == C.SUBPATTERN:
            return _first_literal(av[-1])
        return None
    return None


def _overlapping_branches(seq: Any) -> bool:
    """Alternatives that can match the same text: the parser factors a shared prefix out
    of them and leaves an empty alternative (a|aa, a|a), or they start with the same literal."""
    for op, av in seq:
        if op == C.SUBPATTERN and _overlapping_branches(av[-1]):
            return True
        if op == C.BRANCH:
            if any(len(b) == 0 for b in av[1]):
                return True
            known = [f for f in (_first_literal(b) for b in av[1]) if f is not None]
            if len(known) != len(set(known)):
                return True
    return False


def _walk(seq: Any) -> str | None:
    for op, av in seq:
        if _unbounded((op, av)):
            if _has_unbounded(av[2]):
                return "an unbounded repeat contains another unbounded repeat (nested quantifiers)"
            if _overlapping_branches(av[2]):
                return "an unbounded repeat over alternatives that start alike"
        for child in _children(op, av):
            reason = _walk(child)
            if reason:
                return reason
    return None


def _parse(pattern: str, literal_stand_in: bool) -> Any:
    """The stdlib parser's tree of ``pattern`` with regex-only syntax replaced, or None."""
    def stand_in(m: re.Match[str]) -> str:
        return "x" if literal_stand_in else _STAND_IN.get(m.group()[1], "")

    try:
        return list(P.parse(_REGEX_ONLY.sub(stand_in, pattern)))
    except (re.error, RecursionError, OverflowError):
        return None


def risky(pattern: str) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or None."""
    parsed = _parse(pattern, literal_stand_in=True)
    return None if parsed is None else _walk(parsed)  # unparsed: the run-time limit still applies


Needles = frozenset[str]
_SMALL_CLASS = 8  # a character class of at most this many plain characters counts as alternatives
_MAX_EXACT = 64  # strings a stretch of fixed text may stand for before it is cut
_MAX_FACTORS = 2  # requirements kept per pattern: more cost a search each and rarely skip more
# Needles that almost every English post contains.
_COMMON = frozenset("""the a an and or of to in on at by for with from is are was were be been it its this that
he she they we you me my our your his her their them him us not no do have has had will would can just so
but if as up out all there what get got one""".split())


def _blank(node: tuple[Any, Any]) -> bool:
    """Whether ``node`` matches only whitespace: a space, ``\\s`` or a class of them."""
    op, av = node
    if op == C.LITERAL:
        return chr(av).isspace()
    if op == C.IN:
        return bool(av) and all(o == C.CATEGORY and a == C.CATEGORY_SPACE or o == C.LITERAL and chr(a).isspace()
                                for o, a in av)
    return False


_DIGITS = frozenset("0123456789")


def _members(items: Any) -> set[str] | None:
    """The characters of a small class (a few literals, a short range, or digits), or None.
    ``\\d`` stands for ASCII digits: the skeleton reads every decimal digit as one."""
    out: set[str] = set()
    for op, av in items:
        if op == C.LITERAL:
            out.add(chr(av))
        elif op == C.RANGE and av[1] - av[0] < _SMALL_CLASS + 2:
            out.update(map(chr, range(av[0], av[1] + 1)))
        elif op == C.CATEGORY and av == C.CATEGORY_DIGIT:
            out |= _DIGITS
        else:
            return None
    return out if 0 < len(out) <= max(_SMALL_CLASS, len(_DIGITS)) else None


def _exact(seq: Any) -> set[str] | None:
    """The few fixed strings ``seq`` can match (word boundaries aside), or None. Whitespace
    reads as one space, as in the flat text needles are looked up in."""
    out = {""}
    for op, av in seq:
        if op == C.AT:
            continue  # zero width: the text around it is adjacent
        if _blank((op, av)):
            options: set[str] | None = {" "}
        elif op in _REPEATS and len(av[2]) == 1 and _blank(av[2][0]):
            options = {" "} if av[0] >= 1 else {"", " "}
        elif op == C.LITERAL:
            options = {chr(av)}
        elif op == C.IN:
            options = _members(av)
        elif op == C.SUBPATTERN:
            options = _exact(av[-1])
        elif op == C.BRANCH:
            alternatives = [_exact(b) for b in av[1]]
            options = None if any(a is None for a in alternatives) else set().union(*alternatives)  # type: ignore[arg-type]
        else:
            return None
        if options is None:
            return None
        out = {a + b for a in out for b in options}
        if len(out) > _MAX_EXACT:
            return None
    return out


def common(needle: str) -> bool:
    """Whether most posts contain ``needle``: a frequent word, or shorter than three
    characters of ASCII (a symbol such as an emoji is rare)."""
    needle = needle.strip()
    return needle in _COMMON or len(needle) < 3 and needle.isascii() and not needle.isdigit()


def _score(factor: Needles) -> tuple[bool, int, int]:
    """How selective a requirement is: free of common words, longest shortest needle, fewest."""
    return (not any(map(common, factor)), min(map(len, factor)), -len(factor))


def _required(seq: Any) -> list[Needles]:
    """Requirements that all hold for any match of ``seq``: each a set of strings one of
    which the match contains. Adjacent fixed text is joined (``h(?:ours|rs)`` gives hours, hrs)."""
    factors: list[Needles] = []
    run = {""}

    def flush() -> None:
        nonlocal run
        if "" not in run:
            factors.append(frozenset(run))
        run = {""}

    for op, av in seq:
        if op == C.AT:
            continue
        fixed = _exact([(op, av)])
        if fixed is not None:
            joined = {a + b for a in run for b in fixed}
            if len(joined) > _MAX_EXACT:
                flush()
                joined = fixed
            run = joined
            continue
        flush()
        if op == C.SUBPATTERN:
            factors.extend(_required(av[-1]))
        elif op in _REPEATS and av[0] >= 1:
            factors.extend(_required(av[2]))
        elif op == C.BRANCH:
            best = [max(f, key=_score) if f else None for f in map(_required, av[1])]
            if all(best):
                factors.append(frozenset().union(*best))  # type: ignore[arg-type]
    flush()
    return factors


def _minimal(factor: Needles) -> Needles:
    """A set without the needles that contain another of its needles (implied by it)."""
    return frozenset(n for n in factor if not any(m != n and m in n for m in factor))


def needles(pattern: str, fold: Callable[[str], str]) -> tuple[Needles, ...]:
    """Requirements every match of ``pattern`` meets, most selective first: each a set of
    strings (passed through ``fold``) one of which the match contains. Empty when there are
    none to check; then the pattern always runs."""
    parsed = _parse(pattern, literal_stand_in=False)
    found = [_minimal(frozenset(fold(n) for n in f)) for f in (_required(parsed) if parsed is not None else [])]
    ranked = sorted({f for f in found if all(n.strip() for n in f)}, key=_score, reverse=True)
    # Requirements of common words hold in most posts: keep one only when there is nothing better.
    return tuple([f for f in ranked if _score(f)[0]][:_MAX_FACTORS] or ranked[:1])
