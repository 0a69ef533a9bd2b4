"""Files to posts: decoding, front matter, masking of what is not prose, exact positions."""
from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postlint.documents import (
    _MD_MASK,
    Lines,
    _anchored,
    _mask_starts,
    _simple_front_matter,
    _yaml_front_matter,
    decode,
    markdown_post,
    parse,
    plain_post,
)
from postlint.model import InputError, Span


def test_utf8_bom_and_utf16() -> None:
    assert decode("a", codecs.BOM_UTF8 + "héllo".encode()) == "héllo"
    assert decode("a", codecs.BOM_UTF16_LE + "héllo 🔥".encode("utf-16-le")) == "héllo 🔥"
    assert decode("a", codecs.BOM_UTF16_BE + "x".encode("utf-16-be")) == "x"


def test_invalid_utf8_reports_byte_offset() -> None:
    with pytest.raises(InputError, match=r"d.txt: invalid UTF-8 at byte 3"):
        decode("d.txt", b"abc\xff")


def test_binary_and_size_limit() -> None:
    with pytest.raises(InputError, match="binary file"):
        decode("img.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(InputError, match="over the 10-byte limit"):
        decode("big.txt", b"x" * 11, max_bytes=10)


def test_lines_and_columns_with_crlf_and_lone_cr() -> None:
    text = "one\r\ntwo\rthree\nfour"
    lines = Lines(text)
    assert lines.position(text.index("two")) == (2, 1)
    assert lines.position(text.index("three")) == (3, 1)
    assert lines.position(text.index("our")) == (4, 2)
    assert lines.line_text(1) == "one"


def test_columns_count_code_points() -> None:
    text = "🔥 é home"
    assert Lines(text).position(text.index("home")) == (1, 5)


def test_plain_text_urls_are_not_prose() -> None:
    post = plain_post("p.txt", "read https://example.org/kill-the-bill now")
    assert "kill" not in post.prose and len(post.prose) == len(post.source)
    assert post.links[0][0] == "https://example.org/kill-the-bill"


def test_markdown_front_matter_title_scope_and_masks() -> None:
    text = ("---\ntitle: \"My flat\"\ndate: 2025-01-01\ntags: [x]\n---\n"
            "Body text `code here` and <!-- hidden -->\n"
            "```\nfenced kill\n```\n"
            "![alt words](photo.jpg) [link](https://x.org/y)\n")
    post = markdown_post("p.md", text)
    assert len(post.prose) == len(text)
    title_at = text.index("My flat")
    assert post.scope_at(title_at) == "title"
    assert post.prose[title_at:title_at + 7] == "My flat"
    for hidden in ("2025-01-01", "code here", "hidden", "fenced kill", "photo.jpg", "https://x.org/y"):
        i = text.index(hidden)
        assert post.prose[i:i + len(hidden)].strip() == "", hidden
    alt = text.index("alt words")
    assert post.scope_at(alt) == "alt" and post.prose[alt:alt + 9] == "alt words"
    assert post.scope_at(text.index("Body")) == "body"
    assert post.images[0][0] == "photo.jpg" and text[slice(*post.images[0][1])] == "photo.jpg"
    assert post.prose.count("\n") == text.count("\n")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_front_matter_with_either_line_break(newline: str) -> None:
    text = newline.join(["---", "title: Moving day", "date: 2025-01-01", "...", "Body", ""])
    post = markdown_post("p.md", text)
    title = text.index("Moving day")
    assert post.meta == {"title": "Moving day"}
    assert post.scope_at(title) == "title" and post.prose[title:title + 11] == "Moving day" + newline[0]
    assert "2025" not in post.prose and post.scope_at(text.index("Body")) == "body"


def test_front_matter_images_collected() -> None:
    post = markdown_post("p.md", "---\nimage: a.jpg\nimages: [b.png, c.jpg]\n---\nhi\n")
    assert [name for name, _ in post.images] == ["a.jpg", "b.png", "c.jpg"]


@pytest.mark.parametrize("fm,message", [
    ("---\ntitle: [unclosed\n---\nbody\n", "broken front matter"),
    ("---\n- a list\n---\nbody\n", "not a mapping"),
    ("---\n!!python/object:os.system x\n---\nbody\n", "not a mapping"),
    ("---\ntitle: !!python/object:os.system x\n---\nbody\n", "broken front matter"),
])
def test_bad_front_matter(fm: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        markdown_post("p.md", fm)


def test_suffix_picks_the_reader() -> None:
    assert parse("a.md", "---\ntitle: t\n---\nx")[0].regions[0].scope == "title"
    assert parse("a.txt", "---\ntitle: t\n---\nx")[0].regions[0].scope == "body"


def test_yaml_post_file_positions_and_fields(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = ("posts:\n  - title: Rally\n    text: Join us\n    link: https://n.org/a\n"
            "  - caption: |\n      line one\n      my flat\n    image: pic.jpg\n")
    posts = parse("dir/p.yaml", text)
    assert len(posts) == 2
    first, second = posts
    assert first.scope_at(text.index("Rally")) == "title" and first.prose.strip().split() == ["Rally", "Join", "us"]
    assert first.links[0][0] == "https://n.org/a"
    assert "my flat" in second.prose and "Rally" not in second.prose
    assert Lines(text).position(text.index("my flat")) == (7, 7)
    assert second.images[0][0] == "dir/pic.jpg"


def test_json_post_file_single_post() -> None:
    text = '{"text": "so tired", "title": "hi"}'
    [post] = parse("p.json", text)
    assert post.prose[text.index("so tired"):text.index("so tired") + 8] == "so tired"
    assert post.prose.count("title") == 0


@pytest.mark.parametrize("text,message", [
    ("- just a string\n", "a post must be a mapping"),
    ("- title: only a title? no, a title is text enough\n  foo: bar\n", None),
    ("- foo: bar\n", "needs a text, caption or body"),
    ("[unclosed\n", "not valid YAML or JSON"),
])
def test_bad_post_files(text: str, message: str | None) -> None:
    if message is None:
        assert len(parse("p.yaml", text)) == 1
    else:
        with pytest.raises(InputError, match=message):
            parse("p.yaml", text)


def test_yaml_bombs_and_tags_are_inert() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ntext: hi\n"
    [post] = parse("p.yaml", bomb)
    assert post.prose.split() == ["hi"]
    [tagged] = parse("p.yaml", "text: !!python/object/apply:os.system [echo pwned]\ntitle: t\n")
    assert "pwned" not in tagged.prose



spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)).map(lambda t: (min(t), max(t))), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\n \r", min_size=40, max_size=40), spans, spans)
def test_masking_agrees_with_a_character_by_character_model(text: str, hidden: list, shown: list) -> None:  # type: ignore[type-arg]
    from postlint.documents import _masked, _minus, _union

    model = list(text)
    shown_at = {i for a, b in shown for i in range(a, b)}
    for a, b in hidden:
        for i in range(a, b):
            if i not in shown_at and model[i] not in "\r\n":
                model[i] = " "
    assert _masked(text, _minus(_union(hidden), shown)) == "".join(model)


_KEYS = ["title", "date", "tags", "x-y", "_k", "image", "postlint", "title "]
_VALUES = ["", "Moving day", "yes", "No", "null", "~", "1.5", "2026-01-02", "a: b", "a #c", "#c", "'q'", "'it''s'",
           '"d"', '"a\\"b"', "[a, b]", "[ ]", "[a, [b]]", "{a: b}", "-x", "@x", "*x", "&x", "a, b", "é", "\x85x",
           "x\x7f", "\tx", "x  ", "&", "Draft: notes", "[a b, c]"]


def _same_as_pyyaml(text: str) -> bool:
    """Whether the fast reader agrees with PyYAML: the same keys, or it declines (None)."""
    fast = _simple_front_matter(text)
    try:
        slow = _yaml_front_matter("p.md", text)
    except InputError:
        return fast is None
    return fast is None or fast == slow


@pytest.mark.parametrize("value", _VALUES)
@pytest.mark.parametrize("key", ["title", "date"])
def test_simple_front_matter_value_reads_as_pyyaml_does(key: str, value: str) -> None:
    assert _same_as_pyyaml(f"{key}: {value}\nid: p1")


def test_simple_front_matter_takes_common_front_matter() -> None:
    text = 'title: "Draft: notes"\ndate: 2026-09-14\ntags: [coffee, marketing]\n# draft\nid: p009317'
    assert _simple_front_matter(text) == {"title": "Draft: notes"}


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_KEYS), st.sampled_from([": ", ": ", ":", ":  ", ": \t", " : "]),
                          st.sampled_from(_VALUES)), max_size=4),
       st.sampled_from(["\n", "\r\n"]), st.sampled_from(["", "# note", "  "]))
def test_simple_front_matter_reads_as_pyyaml_does(lines: list[tuple[str, str, str]], newline: str, extra: str) -> None:
    assert _same_as_pyyaml(newline.join([*(k + sep + v for k, sep, v in lines), extra]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["`", "``", "```", "~~~", "~~", "<!--", "-->", "<a href='x'>", "</b>", "<", ">",
                                 "<https://x.org>", "<mailto:a@b.c>", "![", "[", "]", "(", ")", "!", "x", " ",
                                 "](p.png)", "[a]", "![alt]", "(u)", "\n~~~\n", "```js\n",
                                 "\n", "   ", "\t", "\r", "\r\n", "  ~~~", "\t```", "kill"]), max_size=24))
def test_the_mask_scan_starts_only_at_marks_and_misses_nothing(parts: list[str]) -> None:
    """The mask pattern runs only at its marks: it must find what its own scan finds."""
    text = "".join(parts)
    for start in (0, len(parts[0]) if parts else 0):
        assert [m.span() for m in _anchored(_MD_MASK, text, _mask_starts(text, start), len(text))] == \
            [m.span() for m in _MD_MASK.finditer(text, start)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["https://", "HTTP://", "hTTps://", "httpſ://", "shttp://", "www.", "WWW.", "Www.",
                                 "wWw", "example.org", "/p?q=1", " ", "\n", "x", ":", "//", "ww", ".", "s", "h"]),
                max_size=10).map("".join), st.integers(0, 40), st.integers(0, 80))
def test_links_are_what_the_url_pattern_finds(text: str, start: int, end: int) -> None:
    """The scan starts the URL pattern only where a URL can start: it must find what the
    pattern's own scan finds, in any part of a text."""
    from postlint.documents import URL, _links

    assert _links(text) == [(m.group(), Span(*m.span())) for m in URL.finditer(text)]
    assert _links(text, start, end) == [(m.group(), Span(*m.span())) for m in URL.finditer(text, start, end)]
