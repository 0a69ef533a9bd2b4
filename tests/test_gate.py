"""Gating a content repository: suppressions with reasons, and baselines of old findings."""
from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run, run_json

RISKY = "omw to my flat on Duke Street now\n"


def rules(doc: dict) -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for f in doc["findings"]]


def test_comment_suppresses_same_and_next_line(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (isolated / "p.md").write_text(
        "<!-- postlint: ignore[location.live-whereabouts] the public picket, announced -->\n" + RISKY
        + "\n" + RISKY.strip() + " <!-- postlint: ignore[location.*] reviewed by comms -->\n" + "\n\n" + RISKY)
    _, doc = run_json(capsys, "--select", "location", "p.md")
    assert rules(doc) == [("location.home", 2), ("location.live-whereabouts", 7), ("location.home", 7)]


def test_front_matter_suppression_covers_the_post(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (isolated / "p.md").write_text("---\npostlint:\n  ignore:\n    location: our office, public\n---\n" + RISKY)
    code, doc = run_json(capsys, "--select", "location", "p.md")
    assert code == 0 and doc["findings"] == []


def test_suppression_without_reason_and_unused_are_reported(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (isolated / "p.md").write_text("<!-- postlint: ignore[location.home] -->\n" + RISKY
                                   + "<!-- postlint: ignore[morale.futility] just in case -->\nall good\n")
    code, doc = run_json(capsys, "p.md")
    assert code == 1
    got = rules(doc)
    assert ("postlint.suppression-without-reason", 1) in got and ("location.home", 2) not in got
    assert ("postlint.unused-suppression", 3) in got
    assert all(f["category"] == "meta" for f in doc["findings"] if f["rule"].startswith("postlint."))


def test_no_suppressions_in_plain_text(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (isolated / "p.txt").write_text("<!-- postlint: ignore[location.home] reason -->\n" + RISKY)
    _, doc = run_json(capsys, "--select", "location.home", "p.txt")
    assert rules(doc) == [("location.home", 2)]


def test_broken_suppression_key(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (isolated / "p.md").write_text("---\npostlint: yes\n---\nhi\n")
    code, _, err = run(capsys, "p.md")
    assert code == 2 and "front matter 'postlint' must be a mapping" in err


def test_baseline_reports_only_new_findings_and_stale_entries(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (isolated / "old.txt").write_text(RISKY)
    (isolated / "gone.txt").write_text("I'm so burnt out\n")
    code, out, _ = run(capsys, "baseline", "create", "old.txt", "gone.txt")
    assert code == 0 and "findings in 2 files recorded" in out
    saved = (isolated / ".postlint-baseline.json").read_text()
    assert "Duke" not in saved and "burnt" not in saved  # fingerprints only
    assert json.loads(saved)["findings"][0].keys() == {"fingerprint", "rule", "path", "count"}
    code, doc = run_json(capsys, "--baseline", ".postlint-baseline.json", "old.txt", "gone.txt")
    assert code == 0 and doc["findings"] == []
    (isolated / "old.txt").write_text("new line first\n" + RISKY + "I swear I'll break his jaw\n")
    (isolated / "gone.txt").write_text("feeling fine\n")
    code, out, err = run(capsys, "--baseline", ".postlint-baseline.json", "old.txt", "gone.txt")
    assert code == 1
    assert "sensational" in out and "location.home" not in out  # moved, not new
    assert "1 baseline entry no longer matches a finding" in err


def test_baseline_from_config_and_bad_file(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (isolated / "old.txt").write_text(RISKY)
    assert run(capsys, "baseline", "create", "-o", "b.json", "old.txt")[0] == 0
    (isolated / ".postlint.yaml").write_text("baseline: b.json\n")
    assert run(capsys, "old.txt")[0] == 0
    (isolated / "b.json").write_text("not json")
    code, _, err = run(capsys, "old.txt")
    assert code == 2 and "b.json: not a postlint baseline" in err
