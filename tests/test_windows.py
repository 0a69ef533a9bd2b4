"""Long posts are linted in windows: the same findings, at the same lines and columns."""
from __future__ import annotations

from pathlib import Path

import pytest

from postlint import engine as engine_module
from postlint.documents import markdown_post, plain_post
from postlint.engine import Engine, windows
from postlint.packs import builtin_names, load_policy

POLICY = load_policy(builtin_names(), Path("."))
PARAGRAPHS = ["omw to my flat on Duke Street now", "Rally Saturday at noon, all welcome",
              "honestly I'm so burnt out", "kill every landlord", "ki\u200bll every c0p 🔥",
              "we marched for housing and fair wages, 5,000 strong"]


def test_windows_cover_the_text_and_cut_at_breaks() -> None:
    text = "\n\n".join(PARAGRAPHS * 40)
    cuts = windows(text, 300)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a == prev_b for (_, prev_b), (a, _) in zip(cuts, cuts[1:]))
    assert all(text[b - 2:b] == "\n\n" for _, b in cuts[:-1])
    assert windows("short", 300) == [(0, 5)]
    one_line = "word " * 500
    assert all(one_line[b - 1] == " " for _, b in windows(one_line, 300)[:-1])


@pytest.mark.parametrize("make", [plain_post, markdown_post])
def test_windowed_findings_equal_whole_post_findings(make, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = "---\ntitle: long one\n---\n" * (make is markdown_post) + "\n\n".join(PARAGRAPHS * 30) + "\n"
    post = make("long.md", text)
    whole = Engine(POLICY).lint(post)
    monkeypatch.setattr(engine_module, "WINDOW", 400)
    assert len(windows(post.prose)) > 10
    assert Engine(POLICY).lint(post) == whole
    assert {f.rule for f in whole} >= {"location.home", "morale.exhaustion", "sensational.call-to-harm"}
