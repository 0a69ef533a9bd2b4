"""``--format json``: one object, {"version": 1, "findings": [...], "summary": {...}}."""
from __future__ import annotations

import json

from ..model import Finding
from . import REDACTED, Style, Summary, counts


def render(findings: list[Finding], summary: Summary, style: Style) -> str:
    items = []
    for f in findings:
        d = f.as_dict()
        if style.redact:
            d["match"] = REDACTED
        items.append(d)
    by_category: dict[str, int] = {}
    for f in findings:
        by_category[f.category] = by_category.get(f.category, 0) + 1
    doc = {
        "version": 1,
        "findings": items,
        "summary": {
            "files": summary.files,
            "posts": summary.posts,
            "findings": len(findings),
            "by_severity": counts(findings),
            "by_category": dict(sorted(by_category.items())),
            "errors": list(summary.errors),
            "stale_baseline": summary.stale_baseline,
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
