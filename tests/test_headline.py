"""The article index (each source type, link normalization) and every headline finding kind."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from postlint.articles import load_index, normalize_url
from postlint.model import InputError
from tests.conftest import run, run_json

DATA = Path(__file__).parent / "data"
INDICTMENT = "https://news.example.org/news/indictment"


@pytest.mark.parametrize("a,b", [
    ("https://news.example.org/news/x", "http://www.news.example.org/news/x/"),
    ("https://news.example.org/news/x", "https://NEWS.example.org/news/x?utm_source=tw&utm_medium=s"),
    ("https://news.example.org/news/x", "news.example.org/news/x?fbclid=abc#comments"),
    ("https://news.example.org/news/x?id=3", "https://news.example.org/news/x?utm_campaign=c&id=3"),
])
def test_links_match_after_normalization(a: str, b: str) -> None:
    assert normalize_url(a) == normalize_url(b)


def test_different_articles_stay_different() -> None:
    assert normalize_url("https://n.org/news/x?id=3") != normalize_url("https://n.org/news/x?id=4")
    assert normalize_url("https://n.org/news/x") != normalize_url("https://n.org/news/y")


def test_rss_atom_jsonl_and_folder(tmp_path: Path) -> None:
    assert len(load_index([str(DATA / "feed.xml")])) == 2
    atom = load_index([str(DATA / "atom.xml")])
    assert atom.lookup("https://news.example.org/news/rent-strike-repairs").title.startswith("Tenants win")
    jl = tmp_path / "a.jsonl"
    jl.write_text(json.dumps({"url": "https://n.org/a", "title": "T", "summary": "S."}) + "\n")
    assert load_index([str(jl)]).lookup("n.org/a").summary == "S."
    site = tmp_path / "content" / "news"
    site.mkdir(parents=True)
    (site / "one.md").write_text("---\ntitle: One\nurl: https://n.org/news/one\n---\nbody")
    (site / "two.md").write_text("---\ntitle: Two\nslug: second\n---\nbody")
    (site / "three.md").write_text("---\ntitle: Three\npermalink: /news/third/\n---\nbody")
    index = load_index([str(tmp_path / "content")], base_url="https://n.org")
    assert index.lookup("https://n.org/news/one").title == "One"
    assert index.lookup("https://n.org/news/second").title == "Two"
    assert index.lookup("https://n.org/news/third").title == "Three"


def test_bad_sources(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_index([str(tmp_path / "missing.xml")])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{\"url\": 1}\n")
    with pytest.raises(InputError, match="bad.jsonl:1: each line needs"):
        load_index([str(bad)])


def lint(capsys, tmp: Path, caption: str) -> list[dict]:  # type: ignore[no-untyped-def]
    (tmp / "post.txt").write_text(caption + "\n")
    _, doc = run_json(capsys, "--articles", str(DATA / "feed.xml"), "--select", "headline", "post.txt")
    return doc["findings"]


@pytest.mark.parametrize("caption,rule", [
    ("Don't expect justice in the capitalist courts! " + INDICTMENT, "headline.contradiction"),
    ("I'm so tired of protesting about something that should be so obvious! " + INDICTMENT,
     "headline.spirit-flip"),
    ("Courts have rarely convicted police officers, remember that " + INDICTMENT, "headline.emphasis-shift"),
    ("the landlord ignored mould complaints for three years, that's the real story "
     "https://news.example.org/news/rent-strike-repairs", "headline.emphasis-shift"),
    ("won despite our own leadership sitting on their hands "
     "https://news.example.org/news/rent-strike-repairs", "headline.override"),
    ("now let's torch every one of their offices " + INDICTMENT, "headline.override"),
])
def test_rewrites_flagged(isolated: Path, capsys, caption: str, rule: str) -> None:  # type: ignore[no-untyped-def]
    findings = lint(capsys, isolated, caption)
    assert rule in {f["rule"] for f in findings}
    f = next(f for f in findings if f["rule"] == rule)
    assert "People's struggle" in f["message"] or "Tenants win repairs" in f["message"]
    assert f["suggest"].startswith("Share it with the headline itself")


@pytest.mark.parametrize("caption", [
    "People's struggle forces indictment of killer cop in New York City " + INDICTMENT,
    "protest works! our struggle forced the indictment. read and share " + INDICTMENT,
    "read it, share it " + INDICTMENT,
    "Tenants win repairs after a rent strike, and four more buildings want help! "
    "https://news.example.org/news/rent-strike-repairs?utm_source=tw",
])
def test_faithful_shares_pass(isolated: Path, capsys, caption: str) -> None:  # type: ignore[no-untyped-def]
    assert lint(capsys, isolated, caption) == []


def test_unknown_own_article_is_info(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    [f] = lint(capsys, isolated, "new piece https://news.example.org/news/brand-new")
    assert (f["rule"], f["severity"]) == ("headline.unknown-article", "info")
    assert lint(capsys, isolated, "elsewhere https://other.example.com/news/x") == []


def test_no_articles_no_headline_findings(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (isolated / "post.txt").write_text("Don't expect justice " + INDICTMENT + "\n")
    _, doc = run_json(capsys, "--select", "headline", "post.txt")
    assert doc["findings"] == []


def test_bad_article_source_exit_2(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (isolated / "post.txt").write_text("hi\n")
    code, out, err = run(capsys, "--articles", "nope.xml", "post.txt")
    assert code == 2 and out == ""
    assert err.strip() == "postlint: nope.xml: article source not found"
