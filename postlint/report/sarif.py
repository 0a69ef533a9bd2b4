"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other viewers."""
from __future__ import annotations

import json

from .. import __version__
from ..model import Finding
from . import RuleInfo, Style, Summary, relative

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _rule(rid: str, info: RuleInfo) -> dict[str, object]:
    help_text = info.why + (f"\n\nInstead: {info.suggest}" if info.suggest else "")
    return {
        "id": rid,
        "name": rid,
        "shortDescription": {"text": info.message},
        "fullDescription": {"text": info.why},
        "help": {"text": help_text, "markdown": help_text.replace("\n\nInstead:", "\n\n**Instead:**")},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
        "properties": {"tags": ["privacy", info.category], "category": info.category},
    }


def render(findings: list[Finding], summary: Summary, style: Style) -> str:
    rules = dict(summary.rules)
    for f in findings:  # a finding of a rule the summary does not describe still gets metadata
        rules.setdefault(f.rule, RuleInfo(f.message, f.why, f.suggest, f.category, f.severity))
    ids = sorted(rules)
    index = {rid: i for i, rid in enumerate(ids)}
    results = []
    for f in findings:
        region: dict[str, object] = {"startLine": f.line, "startColumn": f.column,
                                     "endLine": f.end_line, "endColumn": f.end_column}
        if not style.redact and f.match:
            region["snippet"] = {"text": f.match}
        results.append({
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVELS[f.severity],
            "message": {"text": f.message + (f" Instead: {f.suggest}" if f.suggest else "")},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": relative(f.path, summary), "uriBaseId": "%SRCROOT%"},
                "region": region}}],
            "partialFingerprints": {"postlint/v1": f.fingerprint},
            "properties": {"category": f.category},
        })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "postlint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://github.com/postlint/postlint",
                                "rules": [_rule(rid, rules[rid]) for rid in ids]}},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{"executionSuccessful": not summary.errors,
                             "toolExecutionNotifications": [{"level": "error", "message": {"text": e}}
                                                            for e in summary.errors]}],
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
