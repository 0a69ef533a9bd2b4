"""Static checks that reject regular expressions likely to backtrack catastrophically.

Flags an unbounded repeat that contains another unbounded repeat (``(a+)+``,
``(\\w+\\s?)*``) and an unbounded repeat over alternatives that can start with
the same character (``(a|aa)+``). Bounded repeats (``{0,4}``) are allowed. This
is a heuristic in front of the real guard, the per-pattern time limit at run time.
"""
from __future__ import annotations

import importlib
import re
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


def risky(pattern: str) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or None."""
    try:
        parsed = P.parse(_REGEX_ONLY.sub("x", pattern))
    except (re.error, RecursionError, OverflowError):
        return None  # not analysable here; the run-time time limit still applies
    return _walk(list(parsed))
