"""``--format github``: GitHub Actions workflow commands, one annotation per finding."""
from __future__ import annotations

from ..model import Finding
from . import Style, Summary, relative

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: list[Finding], summary: Summary, style: Style) -> str:
    out = []
    for f in findings:
        props = (f"file={_prop(relative(f.path, summary))},line={f.line},endLine={f.end_line},"
                 f"col={f.column},endColumn={f.end_column},title={_prop(f.rule)}")
        body = f"{f.message}\nwhy: {f.why}" + (f"\nsuggest: {f.suggest}" if f.suggest else "")
        if not style.redact and f.match:
            body += f"\nmatched: {f.match}"
        out.append(f"::{LEVELS[f.severity]} {props}::{_data(body)}")
    return "".join(line + "\n" for line in out)
