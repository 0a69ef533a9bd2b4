"""Files to posts: decoding, front matter, and the prose view with exact offsets."""
from __future__ import annotations

import codecs
import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import cache, cached_property
from typing import Any

import regex

from .model import InputError, Post, Region, Span, Suppression
from .yamlsrc import loader

DEFAULT_MAX_BYTES = 1_000_000
URL = regex.compile(r"""(?:https?://|www\.)[^\s<>"'`)\]]+[^\s<>"'`)\].,;:!?]""", regex.I)
_FRONT_OPEN = re.compile(r"---[ \t]*\r?\n")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\r|\Z)", re.MULTILINE)
_MD_MASK = regex.compile(
    r"(?P<fence>^[ \t]{0,3}(?P<f>`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}(?P=f)[ \t]*$|\Z))"
    r"|(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<code>(?P<t>`+).+?(?P=t))"
    r"|(?P<image>!\[(?P<alt>[^\]\n]*)\]\((?P<src>[^)\s]*)[^)\n]*\))"
    r"|(?P<target>(?<=\])\([^)\n]*\))"
    r"|(?P<auto><(?:https?://|mailto:)[^>\s]*>)"
    r"|(?P<tag></?[A-Za-z][^>\n]*>)",
    regex.M | regex.S,
)
# Where a construct _MD_MASK finds can start: at one of these marks (plus a shift), or at
# the scan's start. A fence starts a line, maybe after spaces.
_MASK_MARKS = (("`", 0), ("<", 0), ("![", 0), ("](", 1), ("\n ", 1), ("\n\t", 1), ("\n~", 1))


def _found(text: str, mark: str, start: int, end: int) -> Iterator[int]:
    """Where ``mark`` occurs in ``text[start:end]``, overlaps included (str.find: memchr fast)."""
    i = text.find(mark, start, end)
    while i >= 0:
        yield i
        i = text.find(mark, i + 1, end)


def _anchored(pattern: Any, text: str, starts: Iterable[int], end: int) -> Iterator[Any]:
    """What ``pattern.finditer(text, min(starts), end)`` finds, for a pattern whose matches
    (never empty) can only start at ``starts`` (sorted): it runs only there. Scanning for
    rare literals with str.find and matching at them is 2-7x faster than regex's own scan."""
    last = -1
    for i in starts:
        if i >= last and (m := pattern.match(text, i, end)) is not None:
            yield m
            last = m.end()


def _mask_starts(text: str, start: int) -> list[int]:
    return sorted({start, *(i + shift for mark, shift in _MASK_MARKS for i in _found(text, mark, start, len(text)))})


_IGNORE = regex.compile(r"<!--\s*postlint:\s*ignore\[(?P<rules>[^\]]*)\](?P<reason>.*?)-->", regex.S)
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
_NEWLINE = re.compile("\n")
_TITLE = regex.compile(r"""^title:[ \t]*(?:(?P<q>["'])(?P<v1>.*?)(?P=q)|(?P<v2>[^\r\n#]*?))[ \t]*\r?$""", regex.M)


class Lines:
    """Offsets to 1-based (line, column); columns count code points."""

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def starts(self) -> list[int]:  # on first use: most files have no finding to place
        breaks = _LINE_BREAK if "\r" in self.text else _NEWLINE  # stdlib re: ~3x faster
        return [0] + [m.end() for m in breaks.finditer(self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


def decode(path: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES, at: int = 0) -> str:
    """Bytes to text: UTF-8 (BOM optional) or UTF-16 with BOM; anything else is an error.
    ``at`` > 0: the bytes are a section of a UTF-8 file starting at that byte."""
    if max_bytes and len(data) > max_bytes:
        raise InputError(f"{path}: file is over the {max_bytes:,}-byte limit "  # only limit + 1 bytes were read
                         "(raise it with --max-file-size)")
    if at:
        return _utf8(path, data, "utf-8", at)
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: invalid UTF-16 at byte {e.start}") from None
    if data.find(b"\x00", 0, 8192) >= 0:
        raise InputError(f"{path}: binary file, not a post")
    return _utf8(path, data, "utf-8-sig", 0)


UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _utf8(path: str, data: bytes, codec: str, at: int) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: invalid UTF-8 at byte {at + e.start}") from None


Spans = list[tuple[int, int]]
_LINE_RUN = re.compile(r"[^\r\n]+")


def _blank(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def _union(spans: Spans) -> Spans:
    out: Spans = []
    for a, b in sorted(s for s in spans if s[1] > s[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _minus(spans: Spans, holes: Spans) -> Spans:
    """Sorted disjoint spans with sorted disjoint holes cut out (linear)."""
    out: Spans = []
    holes = _union(holes)
    k = 0
    for a, b in spans:
        while k < len(holes) and holes[k][1] <= a:
            k += 1
        j = k
        while a < b and j < len(holes) and holes[j][0] < b:
            if holes[j][0] > a:
                out.append((a, holes[j][0]))
            a = max(a, holes[j][1])
            j += 1
        if a < b:
            out.append((a, b))
    return out


def _masked(text: str, hidden: Spans) -> str:
    """``text`` with the hidden spans blanked to spaces, line breaks kept (same length)."""
    pieces, last = [], 0
    for a, b in _union(hidden):
        pieces.append(text[last:a])
        part = text[a:b]
        pieces.append(_LINE_RUN.sub(_blank, part) if "\n" in part or "\r" in part else " " * (b - a))
        last = b
    pieces.append(text[last:])
    return "".join(pieces)


_WWW = re.compile(r"[wW][wW][wW]\.")


def _link_starts(source: str, start: int, end: int) -> list[int]:
    """Where a URL may start: every one starts with 'http://', 'https://' or 'www.', any case."""
    found = [i for j in _found(source, "://", start, end) for i in (j - 5, j - 4)
             if i >= start and source[i:j].casefold() in ("http", "https")]  # 'ſ' folds to 's'
    if "w." in source or "W." in source:
        found += [m.start() for m in _WWW.finditer(source, start, end)]
    return sorted(found)


def _links(source: str, start: int = 0, end: int | None = None) -> list[tuple[str, Span]]:
    """The URLs in ``source[start:end]``."""
    end = len(source) if end is None else end
    return [(m.group(), Span(m.start(), m.end())) for m in _anchored(URL, source, _link_starts(source, start, end), end)]


def plain_post(path: str, text: str) -> Post:
    links = _links(text)
    prose = _masked(text, [(s.start, s.end) for _, s in links])
    return Post(path, text, prose, (Region("body", 0, len(text)),), tuple(links))


def _front(text: str) -> tuple[int, int, int] | None:
    """Where the front matter's YAML starts and ends, and where the body starts; None without
    front matter. Fences are '---' lines (the closing one may be '...'), with any line breaks."""
    fence = _FRONT_OPEN.match(text)
    close = _FRONT_CLOSE.search(text, fence.end()) if fence else None
    if fence is None or close is None:
        return None
    start, end = fence.end(), close.start()
    if end > start and text[end - 1] == "\n":  # the YAML ends before the closing fence's line break
        end -= 2 if end - 1 > start and text[end - 2] == "\r" else 1
    return start, end, close.end()


def markdown_post(path: str, text: str) -> Post:
    return _markdown(path, text, True)[0]


def _markdown(path: str, text: str, front: bool) -> tuple[Post, int]:
    """The post, and where its last masked construct ends. ``front``: the text may open
    with front matter (a section after the first may not)."""
    hidden: Spans = []
    shown: Spans = []
    regions: list[Region] = []
    images: list[tuple[str, Span]] = []
    meta: dict[str, Any] = {}
    body_start = 0
    fm = _front(text) if front else None
    if fm:
        yaml_start, yaml_end, body_start = fm
        meta = _front_matter(path, text[yaml_start:yaml_end])
        hidden.append((0, body_start))
        t = _TITLE.search(text, yaml_start, yaml_end)
        if t and isinstance(meta.get("title"), str):
            v = "v1" if t.group("v1") is not None else "v2"
            s, e = t.span(v)
            shown.append((s, e))
            regions.append(Region("title", s, e))
        for key in ("image", "images"):
            value = meta.get(key)
            names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
            for name in (n for n in names if isinstance(n, str) and n):
                at = text.find(name, 0, body_start)
                images.append((_resolve(path, name), Span(max(at, 0), max(at, 0) + len(name))))
    last = body_start
    for m in _anchored(_MD_MASK, text, _mask_starts(text, body_start), len(text)):
        if m.group("image") is not None:
            images.append((_resolve(path, m.group("src")), Span(*m.span("src"))))
            a, b = m.span("alt")
            regions.append(Region("alt", a, b))
            shown.append((a, b))
        hidden.append(m.span())
        last = m.end()
    links = _links(text, body_start)
    hidden.extend((s.start, s.end) for _, s in links)
    regions.append(Region("body", body_start, len(text)))
    prose = _masked(text, _minus(_union(hidden), shown))
    return Post(path, text, prose, tuple(regions), tuple(links), tuple(images), meta,
                _suppressions(path, text, body_start, meta)), last


_META_KEYS = ("title", "image", "images", "postlint")  # the front matter postlint reads

# Front matter of plain 'key: value' lines (scalars without ':' or '#', quoted strings without
# escapes, lists of plain words) is read without PyYAML: ~5x faster, same result. Anything
# else, or a key other than title that postlint reads, goes to PyYAML.
_ODD = r"\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff"  # control and other characters YAML may refuse
_PLAIN = rf"[A-Za-z0-9][^{_ODD}:#\[\]{{}},\"']*"
_SIMPLE_LINE = (rf"""(?:[A-Za-z_][\w-]*:(?: +(?:{_PLAIN}|"[^"\\{_ODD}]*"|'[^'{_ODD}]*'"""
                rf"""|\[ *(?:{_PLAIN}(?:, *{_PLAIN})*)?\]))? *|#[^{_ODD}]*| *)""")


@cache
def _simple_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled on first use (3 ms): a plain-text draft never needs them."""
    return (re.compile(rf"(?:{_SIMPLE_LINE}\r?\n)*{_SIMPLE_LINE}"),
            re.compile(rf"""^title: +(?:"([^"]*)"|'([^']*)'|({_PLAIN}?)) *\r?$""", re.MULTILINE))


def _simple_front_matter(text: str) -> dict[str, Any] | None:
    """The keys postlint reads from simple front matter, or None when PyYAML must read it."""
    whole, title = _simple_patterns()
    if whole.fullmatch(text) is None or "image:" in text or "images:" in text or "postlint:" in text:
        return None
    titles = title.findall(text)
    if not titles:
        return None if "title:" in text else {}
    if len(titles) > 1:
        return None
    double, single, plain = titles[0]  # every scalar is a string, as in the YAML reading below
    return {"title": double or single or plain.rstrip()}


def _front_matter(path: str, text: str) -> dict[str, Any]:
    """The front matter keys postlint uses. Simple front matter is read by a strict pattern;
    any other is parsed whole by PyYAML (so broken YAML is an error), but only these keys'
    values are constructed: a date or tag elsewhere costs nothing."""
    simple = _simple_front_matter(text)
    return simple if simple is not None else _yaml_front_matter(path, text)


def _yaml_front_matter(path: str, text: str) -> dict[str, Any]:
    import yaml  # imported on first use, like everywhere: plain-text drafts never need it

    try:  # parsed without implicit types; only the keys used are constructed, safely
        root = yaml.compose(text, Loader=loader(typed=False)) if text.strip() else None
        if root is None:
            return {}
        if not isinstance(root, yaml.MappingNode):
            raise InputError(f"{path}: front matter is not a mapping of keys to values")
        wanted = [(k.value, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value in _META_KEYS]
        return {key: loader()("").construct_document(node) for key, node in wanted}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise InputError(f"{path}: broken front matter{where}: {getattr(exc, 'problem', exc)}") from None


def _suppressions(path: str, text: str, body_start: int, meta: dict[str, Any]) -> tuple[Suppression, ...]:
    out = []
    own = meta.get("postlint")
    if own is not None:
        ignore = own.get("ignore") if isinstance(own, dict) else None
        if not isinstance(ignore, (dict, list)):
            raise InputError(f"{path}: front matter 'postlint' must be a mapping with 'ignore: {{rule-id: reason}}'")
        at = max(text.find("postlint:", 0, body_start), 0)
        items = ignore.items() if isinstance(ignore, dict) else ((r, "") for r in ignore)
        for rule, reason in items:
            out.append(Suppression((str(rule),), str(reason or "").strip(), 0, at, at + len("postlint:")))
    if "postlint:" in text[body_start:]:
        lines = Lines(text)
        for m in _IGNORE.finditer(text, body_start):
            rules = tuple(r.strip() for r in m["rules"].split(",") if r.strip())
            out.append(Suppression(rules, m["reason"].strip(), lines.position(m.start())[0], m.start(), m.end()))
    return tuple(out)


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")


def _resolve(post_path: str, name: str) -> str:
    """An image named by a post, as a path relative to the post's folder (URLs kept)."""
    if "://" in name or name.startswith(("data:", "/")) or post_path.startswith("<"):
        return name
    return os.path.normpath(os.path.join(os.path.dirname(post_path), name))


def image_post(path: str) -> Post:
    """An image passed on the command line: no text, one image."""
    return Post(path, "", "", (Region("body", 0, 0),), (), ((path, Span(0, 0)),))


DATA_SUFFIXES = (".yaml", ".yml", ".json")
TEXT_FIELDS = ("text", "caption", "body")


def _scalar(node: Any) -> tuple[str, int, int] | None:
    """A string value and the span of its characters in the file (inside any quotes)."""
    import yaml

    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        return None
    s, e = node.start_mark.index, node.end_mark.index
    if node.style in ("'", '"'):
        s, e = s + 1, e - 1
    return node.value, s, e


def data_posts(path: str, text: str) -> list[Post]:
    """Posts from a YAML or JSON file: a list of posts, one post, or {posts: [...]}.

    Each post is a mapping with text (or caption, body), and optional title, link, image(s).
    Nothing is constructed but strings, so tags and aliases cannot do harm.
    """
    import yaml

    try:
        root = yaml.compose(text, Loader=loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise InputError(f"{path}{where}: not valid YAML or JSON: {getattr(exc, 'problem', exc)}") from None
    if isinstance(root, yaml.MappingNode):
        inner = next((v for k, v in root.value if getattr(k, "value", None) == "posts"), None)
        items = inner.value if isinstance(inner, yaml.SequenceNode) else [root]
    elif isinstance(root, yaml.SequenceNode):
        items = root.value
    else:
        return []
    posts = []
    for item in items:
        if not isinstance(item, yaml.MappingNode):
            raise InputError(f"{path}:{item.start_mark.line + 1}: a post must be a mapping with a text field")
        fields = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
        shown: Spans = []
        regions: list[Region] = []
        links: list[tuple[str, Span]] = []
        images: list[tuple[str, Span]] = []
        for key, scope in [("title", "title"), *((f, "body") for f in TEXT_FIELDS)]:
            found = _scalar(fields.get(key))
            if found is None:
                continue
            _, s, e = found
            regions.append(Region(scope, s, e))
            shown.append((s, e))
            links.extend(_links(text, s, e))
        for key in ("link", "url"):
            found = _scalar(fields.get(key))
            if found:
                links.append((found[0], Span(found[1], found[2])))
        for key in ("image", "images"):
            node = fields.get(key)
            for n in node.value if isinstance(node, yaml.SequenceNode) else [node]:
                found = _scalar(n)
                if found:
                    images.append((_resolve(path, found[0]), Span(found[1], found[2])))
        if not regions and not images:
            raise InputError(f"{path}:{item.start_mark.line + 1}: a post needs a text, caption or body field")
        hidden = _minus([(0, len(text))], shown) + [(s.start, s.end) for _, s in links]
        posts.append(Post(path, text, _masked(text, hidden), tuple(regions), tuple(links), tuple(images)))
    return posts


def kind_of(path: str) -> str:
    lower = path.lower()
    return "markdown" if lower.endswith(MARKDOWN_SUFFIXES) else "data" if lower.endswith(DATA_SUFFIXES) else "text"


def section_post(path: str, text: str, first: bool) -> tuple[Post, bool]:
    """One section of a large Markdown or text file (cut after a blank line), and whether it
    ends clean: no masked construct (fence, comment, code span, front matter) may run on
    past its end, so the next section parses as it would inside the whole file."""
    if kind_of(path) != "markdown":
        return plain_post(path, text), True
    post, last = _markdown(path, text, first)
    tail = text[last:]
    open_front = first and _FRONT_OPEN.match(text) is not None and _front(text) is None
    return post, not (open_front or last >= len(text) or "`" in tail or "<!--" in tail or "~~~" in tail)


def parse(path: str, text: str, kind: str | None = None) -> list[Post]:
    """A file's text to its posts (one for text and Markdown files, any number for YAML/JSON)."""
    kind = kind or kind_of(path)
    if kind == "markdown":
        return [markdown_post(path, text)]
    if kind == "data":
        return data_posts(path, text)
    return [plain_post(path, text)]
