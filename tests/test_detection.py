"""Detection quality on the project's own labelled sets (tests/data/heldout*), through the CLI.

These sets were written for postlint's tests, in other cities and voices than the
development set; they guard against regressions in precision and recall.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_json

DATA = Path(__file__).parent / "data"
CATEGORIES = ("location", "morale", "dispute", "sensational", "headline")


@pytest.mark.parametrize("name", ["heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6"])
def test_precision_and_recall(name: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    src = DATA / name
    posts = [json.loads(line) for line in (src / "posts.jsonl").read_text(encoding="utf-8").splitlines()]
    folder = tmp_path / "posts"
    folder.mkdir()
    for p in posts:
        (folder / f"{p['id']}.txt").write_text(p["text"] + "\n", encoding="utf-8")
    shutil.copy(src / "feed.xml", tmp_path / "feed.xml")
    monkeypatch.chdir(tmp_path)
    _, doc = run_json(capsys, "--no-config", "--articles", "feed.xml", "posts")
    flagged: dict[str, set[str]] = {}
    for f in doc["findings"]:
        flagged.setdefault(Path(f["path"]).stem, set()).add(f["category"])
    for cat in CATEGORIES:
        tp = sum(1 for p in posts if cat in p["labels"] and cat in flagged.get(p["id"], ()))
        fp = sum(1 for p in posts if cat not in p["labels"] and cat in flagged.get(p["id"], ()))
        fn = sum(1 for p in posts if cat in p["labels"] and cat not in flagged.get(p["id"], ()))
        assert fp == 0 or tp / (tp + fp) >= 0.9, (cat, "precision", tp, fp)
        assert tp + fn == 0 or tp / (tp + fn) >= 0.85, (cat, "recall", tp, fn)
    clean = [p for p in posts if not p["labels"]]
    assert sum(1 for p in clean if flagged.get(p["id"])) == 0
