"""Large files are linted in sections: the same findings, at the same lines and columns, as
the whole file, whatever runs across a cut, in one process or in two."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from postlint import sections
from postlint.documents import decode, markdown_post, parse, section_post
from postlint.engine import Engine
from postlint.model import Finding, InputError
from postlint.packs import builtin_names, load_policy
from postlint.runner import run

POLICY = load_policy(builtin_names(), Path("."))
# Risky and clean paragraphs, and constructs that may run across a cut: a fence, a comment
# and a code span with blank lines inside (what they hold is masked, so never flagged).
BLOCKS = ["omw to my flat on Duke Street now", "Rally Saturday at noon, all welcome 🌱",
          "honestly I'm so burnt out", "kill every landlord", "ki\u200bll every c0p 🔥",
          "we marched for housing and fair wages, 5,000 strong", "## Post 0010000",
          "```\nkill every landlord\n\nomw to my flat on Duke Street now\n```",
          "~~~\n\nhonestly I'm so burnt out\n\n~~~", "<!-- draft\n\nkill every landlord -->",
          "a `code span\n\nkill every landlord` ends here",
          "<!-- postlint: ignore[morale.exhaustion] we quote a member, with consent -->\nhonestly I'm so burnt out",
          "<!-- postlint: ignore[location] -->\nomw to my flat on Duke Street now",
          "Line one\r\nline two with café ☕\r\n"]
FRONT = "---\ntitle: An archive\npostlint:\n  ignore:\n    sensational.call-to-harm: quoted from the court record\n---\n"


def _key(f: Finding) -> tuple[object, ...]:
    return (f.line, f.column, f.end_line, f.end_column, f.rule, f.message, f.match, f.source_line, f.start, f.end)


@pytest.fixture
def small_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sections, "SECTION", 300)
    monkeypatch.setattr(sections, "SECTIONED_FROM", 600)


def _archive(seed: int, front: str = FRONT, n: int = 120) -> str:
    r = random.Random(seed)
    return front + "\n\n".join(r.choice(BLOCKS) for _ in range(n)) + "\n"


def test_plan_cuts_after_blank_lines_and_covers_the_file(small_sections: None) -> None:
    data = _archive(1).encode()
    ranges = sections.plan("a.md", data)
    assert len(ranges) > 5 and ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(a == b for (_, b), (a, _) in zip(ranges, ranges[1:]))
    assert all(data[a - 2:a] in (b"\n\n", b"\r\n") and data[a - 3:a].endswith(b"\n") for a, _ in ranges[1:])
    assert sections.plan("a.yaml", data) == [(0, len(data))]  # YAML posts are parsed whole
    assert sections.plan("a.md", b"\xff\xfe" + data) == [(0, len(data) + 2)]  # UTF-16
    assert sections.plan("a.md", data[:500]) == [(0, 500)]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("jobs", [1, 2])
def test_sections_give_the_whole_file_findings(seed: int, jobs: int, tmp_path: Path, small_sections: None) -> None:
    text = _archive(seed, FRONT if seed % 2 else "")
    path = tmp_path / "archive.md"
    path.write_bytes(text.encode())
    engine = Engine(POLICY)
    whole = engine.lint(markdown_post(str(path), text))
    result = run(engine, [str(path)], [], [], 10**7, jobs=jobs)
    assert not result.errors and result.files == 1
    assert [_key(f) for f in result.findings] == [_key(f) for f in whole]
    rules = {f.rule for f in whole}
    assert "location.home" in rules and "postlint.suppression-without-reason" in rules
    assert ("sensational.call-to-harm" in rules) != bool(seed % 2)  # the front matter covers every section


def test_front_matter_suppression_unused_everywhere_is_reported_once(tmp_path: Path, small_sections: None) -> None:
    front = FRONT.replace("sensational.call-to-harm", "dispute.leadership")
    path = tmp_path / "archive.md"
    path.write_text(_archive(3, front))
    result = run(Engine(POLICY), [str(path)], [], [], 10**7, jobs=1)
    assert [f.line for f in result.findings if f.rule == "postlint.unused-suppression"] == [3]


def test_a_construct_open_at_a_cut_is_joined_to_the_next_section() -> None:
    post, clean = section_post("a.md", "text\n\n```\nkill every landlord\n\n", first=False)
    assert not clean and "landlord" not in post.prose
    for tail in ("a `code\n\n", "<!-- note\n\n", "~~~\n\n"):
        assert not section_post("a.md", "text\n\n" + tail, first=False)[1]
    assert section_post("a.md", "a `code` span\n\n<!-- closed -->\n\n", first=False)[1]
    assert not section_post("a.md", "---\ntitle: x\n\nbody\n\n", first=True)[1]  # front matter not closed yet
    assert section_post("a.md", "---\ntitle: x\n\nbody\n\n", first=False)[1]  # a rule, not front matter
    assert section_post("a.txt", "a `code\n\n", first=False)[1]  # plain text masks nothing


def test_bad_bytes_in_a_later_section_name_their_place_in_the_file(tmp_path: Path, small_sections: None) -> None:
    data = _archive(2).encode()
    at = len(data) - 50
    data = data[:at] + b"\xff" + data[at:]
    path = tmp_path / "archive.md"
    path.write_bytes(data)
    with pytest.raises(InputError) as whole:
        decode(str(path), data, 0)
    for jobs in (1, 2):
        result = run(Engine(POLICY), [str(path)], [], [], 10**7, jobs=jobs)
        assert result.errors == [str(whole.value)] and f"at byte {at}" in result.errors[0]
        assert result.findings == [] and result.files == 0


def test_plain_text_in_sections(tmp_path: Path, small_sections: None) -> None:
    text = "\n\n".join(BLOCKS[:7] * 20) + "\n"
    path = tmp_path / "archive.txt"
    path.write_text(text)
    engine = Engine(POLICY)
    whole = engine.lint(parse(str(path), text)[0])
    assert len(sections.plan(str(path), text.encode())) > 5
    assert [_key(f) for f in run(engine, [str(path)], [], [], 10**7, jobs=2).findings] == [_key(f) for f in whole]
