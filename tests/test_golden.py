"""Each output format against a golden file (UPDATE_GOLDEN=1 rewrites them)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import run

HERE = Path(__file__).parent / "golden"
SARIF_SCHEMA = Path(__file__).parent / "data" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The golden posts in a repository of their own, so paths and URIs are the same everywhere."""
    shutil.copytree(HERE / "posts", tmp_path / "posts")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_format_matches_golden(fmt: str, repo: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "--no-config", "--format", fmt, "posts")
    assert code == 1 and err == ""
    golden = HERE / f"expected.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_sarif_validates_against_the_official_schema(repo: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run(capsys, "--no-config", "--format", "sarif", "posts")
    doc = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(doc)
    run_ = doc["runs"][0]
    rule_ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert rule_ids == sorted(rule_ids) and "location.home" in rule_ids
    home = next(r for r in run_["tool"]["driver"]["rules"] if r["id"] == "location.home")
    assert "location" in home["properties"]["tags"] and home["help"]["text"].startswith("A home address")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]}
    assert uris == {"posts/draft.txt", "posts/announce.md"}
    assert all(r["partialFingerprints"]["postlint/v1"] for r in run_["results"])


@pytest.mark.parametrize("fmt", ["sarif", "github"])
def test_ci_formats_redact_by_default_in_ci(fmt: str, repo: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _, plain, _ = run(capsys, "--no-config", "--format", fmt, "posts")
    assert "Duke Street" in plain
    monkeypatch.setenv("CI", "true")
    _, redacted, _ = run(capsys, "--no-config", "--format", fmt, "posts")
    assert "Duke Street" not in redacted
    _, opted_out, _ = run(capsys, "--no-config", "--format", fmt, "--no-redact", "posts")
    assert "Duke Street" in opted_out


@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
def test_redact_everywhere(fmt: str, repo: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run(capsys, "--no-config", "--format", fmt, "--redact", "posts")
    assert "Duke Street" not in out and "burnt out" not in out
