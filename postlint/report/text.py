"""``--format text``: ruff/rustc style, the source line underlined, then why and suggest."""
from __future__ import annotations

import unicodedata

from ..model import Finding
from . import Style, Summary, counts, plural

_COLORS = {"error": "31", "warning": "33", "info": "36", "bold": "1", "dim": "2", "under": "35"}


def _paint(text: str, what: str, style: Style) -> str:
    return f"\x1b[{_COLORS[what]}m{text}\x1b[0m" if style.color and text else text


def width(text: str) -> int:
    """Terminal cells: wide East Asian characters and emoji take two, marks none."""
    w = 0
    for c in text:
        if unicodedata.combining(c) or unicodedata.category(c) in ("Cf", "Mn"):
            continue
        w += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return w


def _snippet(f: Finding, style: Style) -> list[str]:
    if style.redact or not f.source_line:
        return []
    line = f.source_line.replace("\t", " ")
    gutter = " " * len(str(f.line))
    start = f.column - 1
    stop = f.end_column - 1 if f.end_line == f.line else len(line)
    marks = "^" * max(1, width(line[start:stop]))
    return [
        _paint(f"{gutter} |", "dim", style),
        _paint(f"{f.line} |", "dim", style) + f" {line}",
        _paint(f"{gutter} |", "dim", style) + " " + " " * width(line[:start]) + _paint(marks, "under", style),
    ]


def render(findings: list[Finding], summary: Summary, style: Style) -> str:
    out: list[str] = []
    for f in findings:
        head = _paint(f"{f.path}:{f.line}:{f.column}:", "bold", style)
        sev = _paint(f"{f.severity}[{f.rule}]", f.severity, style)
        out.append(f"{head} {sev} {f.message}")
        out.extend(_snippet(f, style))
        out.append(f"  = why: {f.why}")
        if f.suggest:
            out.append(f"  = suggest: {f.suggest}")
        out.append("")
    c = counts(findings)
    files = len({f.path for f in findings})
    if findings:
        parts = [plural(c[s], s) for s in ("error", "warning", "info") if c[s]]
        out.append(f"{plural(len(findings), 'finding')} ({', '.join(parts)}) in {plural(files, 'file')}")
    else:
        out.append(f"No findings in {plural(summary.files, 'file')} checked.")
    return "\n".join(out) + "\n"
