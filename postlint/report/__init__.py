"""Output formats: each a pure function of the findings and the run's summary."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from ..model import Finding


@dataclass(frozen=True)
class Summary:
    files: int
    posts: int
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Style:
    color: bool = False
    redact: bool = False


REDACTED = "[redacted]"

# Format name to the module:function that renders it; imported on use.
FORMATTERS: dict[str, str] = {
    "text": "postlint.report.text:render",
    "json": "postlint.report.json:render",
}

Formatter = Callable[[list[Finding], Summary, Style], str]


def formatter(name: str) -> Formatter:
    module, _, func = FORMATTERS[name].partition(":")
    fn: Formatter = getattr(importlib.import_module(module), func)
    return fn


def counts(findings: list[Finding]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        out[f.severity] += 1
    return out


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
