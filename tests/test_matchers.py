"""Matcher semantics in the engine: terms, near, all, any, unless, scope, rule references, time limits."""
from __future__ import annotations

from pathlib import Path

from postlint import compiler
from postlint.documents import markdown_post, plain_post
from postlint.engine import Engine
from postlint.packs import load_policy


def engine_for(tmp: Path, match: str, unless: str = "", scope: str = "", extra_rules: str = "") -> Engine:
    text = ("pack: t\nversion: 1\ndescription: d\nlists:\n  feel: [sad, glum]\nrules:\n"
            "  - id: t.r\n    category: morale\n    severity: warning\n    message: m\n    why: w\n"
            f"    match: {match}\n" + (f"    unless: {unless}\n" if unless else "")
            + (f"    scope: {scope}\n" if scope else "")
            + "    examples: {flag: [x], pass: [y]}\n" + extra_rules)
    (tmp / "t.yaml").write_text(text)
    return Engine(load_policy([str(tmp / "t.yaml")], tmp))


def matches(engine: Engine, text: str, md: bool = False) -> list[str]:
    post = markdown_post("p.md", text) if md else plain_post("p.txt", text)
    return [f.match for f in engine.lint(post) if f.rule == "t.r"]


def test_terms_whole_words_case_and_lists(tmp_path: Path) -> None:
    e = engine_for(tmp_path, "{terms: ['@feel', burn out]}")
    assert matches(e, "So SAD today") == ["SAD"]
    assert matches(e, "sadness and glumly") == []
    assert matches(e, "burn-out and burn  out") == ["burn-out", "burn  out"]
    assert matches(e, "burnout") == []  # a space needs a space or a hyphen: 'be at' is not 'beat'


def test_overlapping_terms_both_found(tmp_path: Path) -> None:
    e = engine_for(tmp_path, "{any: [{terms: [burn]}, {terms: [burn it all down]}]}")
    assert matches(e, "burn it all down") == ["burn it all down"]  # one finding, the longest
    e = engine_for(tmp_path, "{near: [{terms: [burn]}, {terms: [down]}], within: 3}")
    assert matches(e, "burn it all down") == ["burn it all down"]


def test_near_within_and_ordered(tmp_path: Path) -> None:
    e = engine_for(tmp_path, "{near: [{terms: [i]}, {terms: [sad]}], within: 2}")
    assert matches(e, "I am so sad") == ["I am so sad"]
    assert matches(e, "I am really very sad") == []  # three words between
    assert matches(e, "sad, I know") == ["sad, I"]
    o = engine_for(tmp_path, "{near: [{terms: [i]}, {terms: [sad]}], within: 2, ordered: true}")
    assert matches(o, "sad, I know") == []


def test_near_and_all_stay_in_one_sentence(tmp_path: Path) -> None:
    e = engine_for(tmp_path, "{all: [{terms: [i]}, {terms: [sad]}]}")
    assert matches(e, "I went home. The news was sad.") == []
    assert matches(e, "I went home and the news was sad.") == ["I went home and the news was sad"]
    n = engine_for(tmp_path, "{near: [{terms: [home]}, {terms: [sad]}], within: 9}")
    assert matches(n, "home\nsad") == []


def test_all_across_post_anchors_on_first(tmp_path: Path) -> None:
    e = engine_for(tmp_path, "{all: [{terms: [sad]}, {terms: [news]}], across: post}")
    assert matches(e, "The news came. I was sad.") == ["sad"]


def test_unless_same_sentence_only(tmp_path: Path) -> None:
    e = engine_for(tmp_path, "{terms: [kill]}", unless="{terms: [the bill]}")
    assert matches(e, "kill the bill") == []
    assert matches(e, "Pass the bill. Then kill it.") == ["kill"]


def test_scope(tmp_path: Path) -> None:
    e = engine_for(tmp_path, "{terms: [sad]}", scope="[title]")
    assert matches(e, "---\ntitle: sad news\n---\nsad body\n", md=True) == ["sad"]
    text = "---\ntitle: sad news\n---\nsad body\n"
    post = markdown_post("p.md", text)
    [f] = [f for f in e.lint(post)]
    assert (f.line, f.column) == (2, 8)


def test_pattern_case_sensitivity(tmp_path: Path) -> None:
    e = engine_for(tmp_path, "{pattern: '\\bSAD\\b', case_sensitive: true}")
    assert matches(e, "sad SAD") == ["SAD"]


def test_rule_reference(tmp_path: Path) -> None:
    other = ("  - id: t.other\n    category: dispute\n    severity: info\n    message: m\n    why: w\n"
             "    match: {terms: [branch]}\n    examples: {flag: [x], pass: [y]}\n")
    e = engine_for(tmp_path, "{all: [{rule: [dispute]}, {terms: [sad]}]}", extra_rules=other)
    assert matches(e, "the branch is sad") == ["branch is sad"]
    assert matches(e, "the branch is fine") == []


def test_pattern_timeout_becomes_an_error_finding(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(compiler, "PATTERN_TIMEOUT", 0.05)
    e = engine_for(tmp_path, "{pattern: '(?:a|a){0,90}$'}")  # bounded, so it passes the static check
    post = plain_post("p.txt", "a" * 40 + "!")
    [f] = e.lint(post)
    assert f.severity == "error" and "timed out" in f.message


def test_normalization_note(tmp_path: Path) -> None:
    e = engine_for(tmp_path, "{terms: [kill every]}")
    post = plain_post("p.txt", "ki\u200bll every one")
    [f] = e.lint(post)
    assert f.match == "ki\u200bll every"
    assert f.message == "m (matched after removing invisible characters)"
