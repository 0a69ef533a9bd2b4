"""Output formats: each a pure function of the findings and the run's summary."""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Finding


@dataclass(frozen=True)
class RuleInfo:
    message: str
    why: str
    suggest: str
    category: str
    severity: str


@dataclass(frozen=True)
class Summary:
    files: int
    posts: int
    errors: tuple[str, ...] = ()
    rules: dict[str, RuleInfo] = field(default_factory=dict)  # metadata of the rules that ran
    root: str = ""  # the repository root that SARIF URIs are relative to
    cwd: str = ""  # the folder finding paths are relative to
    stale_baseline: int = 0  # baseline entries that matched no finding


@dataclass(frozen=True)
class Style:
    color: bool = False
    redact: bool = False


REDACTED = "[redacted]"

# Format name to the module:function that renders it; imported on use.
FORMATTERS: dict[str, str] = {
    "text": "postlint.report.text:render",
    "json": "postlint.report.json:render",
    "sarif": "postlint.report.sarif:render",
    "github": "postlint.report.github:render",
    "junit": "postlint.report.junit:render",
}
REDACT_IN_CI = ("sarif", "github")  # formats meant for CI logs: redacted by default when CI is set

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


def relative(path: str, summary: Summary) -> str:
    """A finding's path relative to the repository root, with forward slashes."""
    if not summary.root or path.startswith("<"):
        return path.replace(os.sep, "/")
    full = os.path.normpath(os.path.join(summary.cwd or summary.root, path))
    return os.path.relpath(full, summary.root).replace(os.sep, "/")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
