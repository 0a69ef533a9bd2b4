"""Baselines: the fingerprints of accepted findings, so that only new ones fail a run.

The file holds rule ids, paths, fingerprints and counts, never the matched text.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

from . import __version__
from .model import Finding, PostlintError


def write(path: Path, findings: list[Finding]) -> None:
    counts = Counter((f.fingerprint, f.rule, f.path) for f in findings)
    entries = [{"fingerprint": fp, "rule": rule, "path": p, "count": n}
               for (fp, rule, p), n in sorted(counts.items(), key=lambda kv: (kv[0][2], kv[0][1], kv[0][0]))]
    doc = {"version": 1, "generated_by": f"postlint {__version__}", "findings": entries}
    fd, tmp = tempfile.mkstemp(prefix=".postlint-baseline-", dir=path.parent.resolve())
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2)
        fh.write("\n")
    os.replace(tmp, path)


def load(path: Path) -> Counter[str]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return Counter({e["fingerprint"]: int(e.get("count", 1)) for e in doc["findings"]})
    except FileNotFoundError:
        raise PostlintError(f"{path}: baseline file not found (create it with 'postlint baseline create')") from None
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise PostlintError(f"{path}: not a postlint baseline ({type(e).__name__}: {e})") from None


def apply(findings: list[Finding], accepted: Counter[str]) -> tuple[list[Finding], int]:
    """The findings not covered by the baseline, and how many baseline entries went unused."""
    left = Counter(accepted)
    new = []
    for f in findings:
        if left[f.fingerprint] > 0:
            left[f.fingerprint] -= 1
        else:
            new.append(f)
    return new, sum(n for n in left.values() if n > 0)
