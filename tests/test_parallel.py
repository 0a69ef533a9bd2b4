"""Large runs: worker processes give the same findings as one process; the results cache
serves unchanged files and holds no post text."""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from postlint.engine import Engine
from tests.conftest import run_json

TEXTS = ["omw to my flat on Duke Street now", "Rally Saturday at noon, all welcome",
         "honestly I'm burnt out", "kill every landlord", "see you at the doors"]


@pytest.fixture
def corpus(isolated: Path) -> Path:
    root = isolated / "posts"
    for i in range(150):
        sub = root / f"d{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"p{i:03d}.txt").write_text(f"post {i}\n{TEXTS[i % len(TEXTS)]}\n")
    return root


def test_parallel_equals_serial(corpus: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _, one = run_json(capsys, "--no-cache", "--jobs", "1", "posts")
    _, two = run_json(capsys, "--no-cache", "--jobs", "2", "posts")
    assert one["findings"] == two["findings"] and len(one["findings"]) > 100
    assert one["summary"]["files"] == two["summary"]["files"] == 150


def test_results_cache_serves_unchanged_files(corpus: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("POSTLINT_CACHE_DIR", str(corpus.parent / "own-cache"))  # only this run's caches
    _, cold = run_json(capsys, "--jobs", "1", "posts")
    calls: list[str] = []
    real = Engine.lint

    def counting(self, post, lines=None):  # type: ignore[no-untyped-def]
        calls.append(post.path)
        return real(self, post, lines)

    monkeypatch.setattr(Engine, "lint", counting)
    (corpus / "d0" / "p000.txt").write_text("post 0\nI'm so burnt out\n")
    _, warm = run_json(capsys, "--jobs", "1", "posts")
    assert calls == [str(Path("posts/d0/p000.txt"))]  # only the changed file was linted again
    assert [f for f in warm["findings"] if "p000" not in f["path"]] == \
        [f for f in cold["findings"] if "p000" not in f["path"]]
    caches = list(Path(os.environ["POSTLINT_CACHE_DIR"]).glob("results-*"))
    assert len(caches) == 1
    blob = caches[0].read_bytes()
    assert b"Duke Street" not in blob and b"burnt" not in blob and b"landlord" not in blob
    assert isinstance(pickle.loads(blob), dict)


def test_select_changes_the_cache_key(corpus: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    run_json(capsys, "--jobs", "1", "posts")
    _, only = run_json(capsys, "--jobs", "1", "--select", "morale", "posts")
    assert {f["category"] for f in only["findings"]} == {"morale"}


def test_no_results_cache_keeps_the_policy_cache(corpus: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    where = corpus.parent / "own-cache"
    monkeypatch.setenv("POSTLINT_CACHE_DIR", str(where))
    _, first = run_json(capsys, "--jobs", "1", "--no-results-cache", "posts")
    assert not list(where.glob("results-*")) and list(where.glob("policy-*"))
    _, again = run_json(capsys, "--jobs", "1", "posts")
    assert again["findings"] == first["findings"] and list(where.glob("results-*"))
