"""What lets the engine skip work must never skip a finding: needles every match contains,
rule triggers, detectors' cheap tests, and the Aho-Corasick term index."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postlint.compiler import Detector, Node, TermIndex, Triggers, canon, fold
from postlint.detectors import Env
from postlint.documents import parse
from postlint.engine import Engine
from postlint.normalize import normalize, skeleton
from postlint.packs import builtin_dir, builtin_names, load_policy
from postlint.regex_analysis import needles

DATA = Path(__file__).parent / "data"
POLICY = load_policy(builtin_names(), builtin_dir(), cache=False)


@pytest.mark.parametrize("pattern,expected", [
    (r"\bput\s+a\s+(?:brick|rock)\s+through\b", [{"put a brick through", "put a rock through"}]),  # \s+ reads as ' '
    (r"\d+\s*h(?:ours|rs)\b", [{"hours", "hrs"}, set("0123456789")]),  # joined text; ' hours' implied
    (r"on\s+(?:my|our)\b[^.]*\bway", [{"on my", "on our"}, {"way"}]),
    (r"\bBRICK\b", [{"brick"}]),  # folded like the text they are looked up in
    (r"[🔪🗡]", [{"🔪", "🗡"}]),  # a small class of characters
    (r"\p{Lu}\w+\s+is", [{" is"}]),  # regex-only syntax adds no needle; a common word only if nothing better
    (r"\bkill(?:s|ed)?\s+it", [{"kiii"}]),  # an optional group cuts the fixed text; 'it' is too common
    (r"\bkill\b", [{"kiii"}]),  # needles are looked up in the skeleton, where l reads as i
    (r"\buntil\s+\d{1,2}\s*(?:am|pm)", [{"untii "}, set("0123456789")]),  # digits are rare in posts
    (r"[0-3][0-9]", [{a + b for a in "0123" for b in "0123456789"}]),  # short ranges are small classes
    (r"(?:a|)\s*\d+", [set("0123456789")]),  # an alternative that can be empty requires nothing
    (r"\w+", []),
])
def test_needles(pattern: str, expected: list[set[str]]) -> None:
    assert [set(f) for f in needles(pattern, fold)] == expected


# Digits of other scripts: \d matches them, so the skeleton must read them as digits too.
OTHER_DIGITS = ["I finish at ٥ pm every day", "shift ends at ５pm", "leaving at ۷:۳۰ tonight, back by ١١"]


def _texts() -> list[str]:
    """Every example of every rule and every held-out post: texts that do and do not match."""
    texts = [e.text for r in POLICY.rules for e in (*r.flag, *r.passes)] + OTHER_DIGITS
    for folder in sorted(DATA.glob("heldout*")):
        texts += [json.loads(line)["text"] for line in (folder / "posts.jsonl").read_text("utf-8").splitlines()]
    return texts


def _keys(findings: list) -> list[tuple]:  # type: ignore[type-arg]
    return [(f.rule, f.start, f.end, f.message) for f in findings]


def test_gating_never_changes_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    env = Env(articles=(str(DATA / "heldout" / "feed.xml"),))
    posts = [parse("post.txt", text)[0] for text in _texts()]
    gated = [_keys(Engine(POLICY, env).lint(p)) for p in posts]
    for cls in (Node, Detector):
        monkeypatch.setattr(cls, "possible", lambda self, ctx: True)
    monkeypatch.setattr(Triggers, "candidates", lambda self, ctx: list(range(len(self.conditions))))
    ungated = [_keys(Engine(POLICY, env).lint(p)) for p in posts]
    assert gated == ungated
    assert sum(map(len, gated)) > 300  # the comparison covers many findings


def _reference(terms: list[str], text: str) -> set[tuple[str, int, int]]:
    """Each term as its own regex over the skeleton: the meaning the index must keep."""
    skel = normalize(text).skeleton
    found = set()
    for t in {skeleton(t).strip() for t in terms}:
        # Inside a term, any character that is not part of a word stands for any other.
        body = "".join(r"[\s\-]+" if c == " " else r"[\s\-]*" if c == "-" else rf"(?:{OTHER})?" if c == "'"
                       else OTHER if not (c.isalnum() or c == "_") else re.escape(c) for c in t)
        for m in re.finditer(rf"(?<!\w)(?=({body})(?!\w))", skel):
            found.add((canon(t), *m.span(1)))
    return found


OTHER = r"(?:[^\w\s\-]|[\s\-]+)"
TERMS = ["burnt out", "burn-out", "can't go on", "kill", "ill", "next to the", "so tired", "tired", "a&e", "tom"]
WORDS = ["burnt", "out", "burn", "-", "can't", "cant", "go", "on", "kill", "skill", "ill", "i'll", "'", ",", "&",
         "a", "e", "tom's", "tom", "…", "🔥", "naïve",
         "next", "to", "the", "so", "tired", "  ", "\n", "_", "b0rnt", "K1LL", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.lists(st.sampled_from([" ", "", "-", "  ", "\n"]),
                                                                min_size=14, max_size=14))
def test_term_index_matches_the_per_term_regexes(words: list[str], seps: list[str]) -> None:
    text = "".join(w + s for w, s in zip(words, seps))
    index = TermIndex(TERMS)
    found = index.find(normalize(text).skeleton)[0]
    got = {(k, s, e) for k in found for s, e in found.spans([k])}
    assert got == _reference(TERMS, text)


@given(st.text(st.one_of(st.characters(max_codepoint=0x7f), st.characters(), st.sampled_from("\ud800\u2028é_ ")),
               max_size=40))
def test_words_only_reads_what_is_not_a_word_character_as_a_space(text: str) -> None:
    from postlint.compiler import _words_only

    assert _words_only(text) == re.sub(r"[^\w ]", " ", text)


@given(st.text(st.sampled_from(" \n\t-ab1é.!?'’\")…"), max_size=60))
def test_flat_offsets_map_back_to_the_same_characters(text: str) -> None:
    """A term hit found in flat text is reported where its characters are in the skeleton."""
    from postlint.compiler import _SEPARATOR, Flat

    spaced = _SEPARATOR.sub(" ", text)
    flat = Flat(text)
    back = [flat.to_skeleton(o) for o in range(len(flat.text))]
    assert back == sorted(set(back))
    for o, ch in enumerate(flat.text):
        assert spaced[back[o]] == ch
        assert flat.to_skeleton(o + 1, end=True) == back[o] + 1  # an end: just after its last character
