"""``--format junit``: JUnit XML, one failing test case per finding, for CI test reports."""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..model import Finding
from . import Style, Summary


def render(findings: list[Finding], summary: Summary, style: Style) -> str:
    cases = []
    for f in findings:
        detail = f"{f.path}:{f.line}:{f.column}: {f.message}\nwhy: {f.why}"
        if f.suggest:
            detail += f"\nsuggest: {f.suggest}"
        if not style.redact and f.match:
            detail += f"\nmatched: {f.match}"
        cases.append(
            f"    <testcase classname={quoteattr(f.path)} name={quoteattr(f'{f.rule} at {f.line}:{f.column}')}>\n"
            f"      <failure type={quoteattr(f.severity)} message={quoteattr(f.message)}>{escape(detail)}</failure>\n"
            "    </testcase>")
    if not findings:
        cases.append(f'    <testcase classname="postlint" name={quoteattr(f"{summary.files} files checked")}/>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="postlint" tests="{max(1, len(findings))}" failures="{len(findings)}">\n'
            f'  <testsuite name="postlint" tests="{max(1, len(findings))}" failures="{len(findings)}" '
            f'errors="{len(summary.errors)}">\n' + "\n".join(cases) + "\n  </testsuite>\n</testsuites>\n")
