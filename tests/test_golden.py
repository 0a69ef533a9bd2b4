"""Each output format against a golden file (UPDATE_GOLDEN=1 rewrites them)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import run

HERE = Path(__file__).parent / "golden"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_format_matches_golden(fmt: str, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(HERE)
    code, out, err = run(capsys, "--no-config", "--format", fmt, "posts")
    assert code == 1 and err == ""
    golden = HERE / f"expected.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")
