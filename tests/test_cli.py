"""The command: exit codes and output together."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from postlint.cli import cli
from tests.conftest import run, run_json

PACK = """\
pack: tiny
version: 1
description: a test pack
rules:
  - id: tiny.home
    category: location
    severity: warning
    message: Names your home
    why: A watcher can find you there.
    suggest: Say "nearby" instead.
    match: {terms: [my flat, my place]}
    examples: {flag: [come to my flat], pass: [come to the hall]}
  - id: tiny.note
    category: morale
    severity: info
    message: Mentions being tired
    why: Watchers look for exhaustion.
    match: {terms: [tired]}
    examples: {flag: [so tired], pass: [so happy]}
"""


@pytest.fixture
def pack(isolated: Path) -> Path:
    (isolated / "tiny.yaml").write_text(PACK)
    return isolated / "tiny.yaml"


def test_clean_file_exits_0(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (pack.parent / "ok.txt").write_text("See you at the hall.\n")
    code, out, _ = run(capsys, "--pack", str(pack), "ok.txt")
    assert code == 0
    assert "No findings in 1 file checked." in out


def test_finding_text_format(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (pack.parent / "d.txt").write_text("hello\nback at my flat now\n")
    code, out, _ = run(capsys, "--pack", str(pack), "d.txt")
    assert code == 1
    assert "d.txt:2:9: warning[tiny.home] Names your home" in out
    assert "2 | back at my flat now" in out
    assert "  |         ^^^^^^^" in out
    assert "= why: A watcher can find you there." in out
    assert '= suggest: Say "nearby" instead.' in out
    assert out.rstrip().endswith("1 finding (1 warning) in 1 file")
    assert "\x1b[" not in out  # no colour when not a terminal


def test_json_contract(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (pack.parent / "d.txt").write_text("back at my flat now, so tired\n")
    code, doc = run_json(capsys, "--pack", str(pack), "d.txt")
    assert code == 1
    assert doc["version"] == 1
    f = doc["findings"][0]
    assert set(f) == {"path", "line", "column", "end_line", "end_column", "rule", "category",
                      "severity", "message", "why", "suggest", "match", "fingerprint"}
    assert (f["line"], f["column"], f["end_line"], f["end_column"]) == (1, 9, 1, 16)
    assert f["match"] == "my flat" and f["category"] == "location"
    assert doc["summary"]["by_severity"] == {"error": 0, "warning": 1, "info": 1}
    assert doc["summary"]["files"] == 1


def test_fingerprint_survives_edits_elsewhere(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    d = pack.parent / "d.txt"
    d.write_text("back at my flat now\n")
    _, a = run_json(capsys, "--pack", str(pack), "d.txt")
    d.write_text("new first line\n\nback at  MY FLAT now\n")
    _, b = run_json(capsys, "--pack", str(pack), "d.txt")
    assert a["findings"][0]["fingerprint"] == b["findings"][0]["fingerprint"]
    assert a["findings"][0]["line"] != b["findings"][0]["line"]


def test_fail_on_and_exit_zero(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (pack.parent / "d.txt").write_text("so tired\n")
    assert run(capsys, "--pack", str(pack), "d.txt")[0] == 0  # info is below the default warning
    assert run(capsys, "--pack", str(pack), "--fail-on", "info", "d.txt")[0] == 1
    (pack.parent / "e.txt").write_text("my flat\n")
    assert run(capsys, "--pack", str(pack), "e.txt")[0] == 1
    assert run(capsys, "--pack", str(pack), "--exit-zero", "e.txt")[0] == 0
    assert run(capsys, "--pack", str(pack), "--fail-on", "error", "e.txt")[0] == 0


def test_stdin(pack: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["--pack", str(pack), "-"], input="at my place\n")
    assert result.exit_code == 1
    assert "<stdin>:1:4: warning[tiny.home]" in result.output


def test_stdin_filename_markdown(pack: Path) -> None:
    text = "---\ntitle: my flat\n---\nnothing here\n"
    result = CliRunner().invoke(cli, ["--pack", str(pack), "--stdin-filename", "p.md", "-"], input=text)
    assert result.exit_code == 1
    assert "p.md:2:8: warning[tiny.home]" in result.output


def test_folder_walk_include_exclude(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = pack.parent / "content"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    for rel in ("a.txt", "b.md", "c.markdown", "sub/d.txt", "skip.rst", ".hidden/e.txt", "sub/old.txt"):
        (root / rel).write_text("my flat\n")
    _, doc = run_json(capsys, "--pack", str(pack), "content")
    paths = sorted(f["path"] for f in doc["findings"])
    assert [Path(p).as_posix() for p in paths] == [
        "content/a.txt", "content/b.md", "content/c.markdown", "content/sub/d.txt", "content/sub/old.txt"]
    _, doc = run_json(capsys, "--pack", str(pack), "--exclude", "old.txt", "--include", "*.txt", "content")
    assert sorted(Path(f["path"]).as_posix() for f in doc["findings"]) == ["content/a.txt", "content/sub/d.txt"]


def test_findings_sorted(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (pack.parent / "b.txt").write_text("tired\nmy flat tired\n")
    (pack.parent / "a.txt").write_text("my place\n")
    _, doc = run_json(capsys, "--pack", str(pack), "b.txt", "a.txt")
    keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in doc["findings"]]
    assert keys == sorted(keys) and len(keys) == 4


def test_select_and_ignore(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (pack.parent / "d.txt").write_text("my flat, tired\n")
    _, doc = run_json(capsys, "--pack", str(pack), "--select", "tiny.h*", "d.txt")
    assert [f["rule"] for f in doc["findings"]] == ["tiny.home"]
    _, doc = run_json(capsys, "--pack", str(pack), "--ignore", "location", "d.txt")
    assert [f["rule"] for f in doc["findings"]] == ["tiny.note"]


def test_usage_errors_exit_2(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "--pack", str(pack))
    assert code == 2 and "no paths given" in err
    code, _, err = run(capsys, "--pack", str(pack), "--format", "xml", "x.txt")
    assert code == 2 and "unknown format 'xml'" in err
    code, _, err = run(capsys, "--fail-on", "bogus", "x.txt")
    assert code == 2 and "bogus" in err


def test_missing_file_reported_and_others_linted(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (pack.parent / "d.txt").write_text("my flat\n")
    code, out, err = run(capsys, "--pack", str(pack), "nope.txt", "d.txt")
    assert code == 2
    assert "postlint: nope.txt: no such file or folder" in err
    assert "d.txt:1:1" in out


def test_config_discovered_walking_up(pack: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (pack.parent / ".postlint.yaml").write_text("packs: [tiny.yaml]\ndisable: [tiny.note]\n"
                                                "severity: {tiny.home: error}\n")
    sub = pack.parent / "deep" / "er"
    sub.mkdir(parents=True)
    (sub / "d.txt").write_text("my flat, tired\n")
    monkeypatch.chdir(sub)
    _, doc = run_json(capsys, "d.txt")
    assert [(f["rule"], f["severity"]) for f in doc["findings"]] == [("tiny.home", "error")]


def test_pyproject_config(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (pack.parent / "pyproject.toml").write_text('[tool.postlint]\npacks = ["tiny.yaml"]\nfail-on = "info"\n')
    (pack.parent / "d.txt").write_text("tired\n")
    assert run(capsys, "d.txt")[0] == 1


def test_unknown_config_key_names_key_and_file(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (pack.parent / ".postlint.yaml").write_text("packs: [tiny.yaml]\npaks: [x]\n")
    code, _, err = run(capsys, "d.txt")
    assert code == 2
    assert ".postlint.yaml:2: unknown key 'paks'" in err


def test_bad_config_value(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (pack.parent / ".postlint.yaml").write_text("fail-on: sometimes\n")
    code, _, err = run(capsys, "d.txt")
    assert code == 2 and ".postlint.yaml:1: fail-on:" in err


def test_builtin_packs_used_without_config(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (isolated / "d.txt").write_text("omw to my flat on Duke Street now\n")
    code, doc = run_json(capsys, "d.txt")
    assert code == 1
    assert any(f["category"] == "location" for f in doc["findings"])


def test_articles_option_accepted(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (isolated / "feed.xml").write_text("<rss version='2.0'><channel></channel></rss>")
    (isolated / "posts").mkdir()
    (isolated / "posts" / "p.txt").write_text("Join us Saturday at the plaza.\n")
    code, doc = run_json(capsys, "--articles", "feed.xml", "posts")
    assert code == 0 and doc["findings"] == []


def test_redact_hides_matched_text(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (pack.parent / "d.txt").write_text("back at my flat now\n")
    code, out, _ = run(capsys, "--pack", str(pack), "--redact", "d.txt")
    assert code == 1 and "my flat" not in out
    _, doc = run_json(capsys, "--pack", str(pack), "--redact", "d.txt")
    assert doc["findings"][0]["match"] == "[redacted]"


def test_version(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("postlint, version")


def test_exclude_folder_globs(pack: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    for rel in ("content/archive/2019/a.txt", "content/new/b.txt", "content/.dot/c.txt"):
        (pack.parent / rel).parent.mkdir(parents=True, exist_ok=True)
        (pack.parent / rel).write_text("my flat\n")
    _, doc = run_json(capsys, "--pack", str(pack), "--exclude", "content/archive/**", "./content")
    assert [Path(f["path"]).as_posix() for f in doc["findings"]] == ["content/new/b.txt"]
    _, doc = run_json(capsys, "--pack", str(pack), "--exclude", "archive", "content")
    assert [Path(f["path"]).as_posix() for f in doc["findings"]] == ["content/new/b.txt"]
