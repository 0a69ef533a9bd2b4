"""Large Markdown and text files, linted one section at a time.

A file over ``SECTIONED_FROM`` bytes is cut after blank lines into sections of about
``SECTION`` bytes; each is decoded, parsed and linted on its own (in worker processes when
they run) and its findings are moved back to file positions. Memory follows one section,
not the whole file as text (4 bytes a character once the file holds one emoji).

A Markdown cut is right only when no masked construct (fenced code, comment, code span,
front matter) runs across it; a section that cannot show that is linted again joined to
the next. Front-matter suppressions cover every section, so they are applied last.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .documents import UTF16_BOMS, Lines, decode, kind_of, section_post
from .engine import Engine, Noted
from .fix import fix_images
from .model import Finding

SECTION = 1 << 19  # bytes, about
SECTIONED_FROM = 3 << 19
_BLANK = re.compile(rb"\n\r?\n")


@dataclass(frozen=True)
class Part:
    """One section's findings at section positions, and what joining it needs."""

    findings: list[Finding]
    chars: int
    lines: int  # line breaks in the section
    clean: bool  # nothing masked runs on past its end
    shared: list[Noted]  # front-matter suppressions (first section only): they cover the file


def plan(path: str, data: bytes) -> list[tuple[int, int]]:
    """Byte ranges of the sections of a file: one range when it is not linted in sections."""
    size = SECTION
    if len(data) <= SECTIONED_FROM or kind_of(path) == "data" or data.startswith(UTF16_BOMS):
        return [(0, len(data))]
    starts = [0]
    while (m := _BLANK.search(data, starts[-1] + size)) is not None and len(data) - m.end() >= size // 2:
        starts.append(m.end())
    return list(zip(starts, [*starts[1:], len(data)]))


def lint_part(engine: Engine, path: str, data: bytes, at: int, last: bool, fix: bool = False) -> tuple[Part, list[str]]:
    """Lint the section of ``path`` that starts at byte ``at``; also the images ``fix``
    fixed. Raises InputError for bytes that do not decode."""
    text = decode(path, data, 0, at)
    post, clean = section_post(path, text, at == 0)
    fixed = fix_images(post) if fix else []
    lines = Lines(text)
    shared = [engine.noted(post, lines, s) for s in post.suppressions if s.line == 0]
    post = replace(post, suppressions=tuple(s for s in post.suppressions if s.line))
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return Part(engine.lint(post, lines), len(text), breaks, clean or last, shared), fixed


def join(engine: Engine, ranges: list[tuple[int, int]], parts: list[Part],
         relint: Callable[[int, int, bool], Part]) -> list[Finding]:
    """The file's findings from its sections' parts, in order. A part that did not end clean
    is linted again with the next section joined to it (``relint(start, end, last)``)."""
    found: list[Finding] = []
    shared: list[Noted] = []
    chars = lines = i = 0
    while i < len(parts):
        part, j = parts[i], i
        while not part.clean:
            j += 1
            part = relint(ranges[i][0], ranges[j][1], j == len(parts) - 1)
        found.extend(replace(f, line=f.line + lines, end_line=f.end_line + lines,
                             start=f.start + chars, end=f.end + chars) for f in part.findings)
        shared.extend(part.shared)
        chars, lines, i = chars + part.chars, lines + part.lines, j + 1
    if shared:
        found = engine.suppress(found, shared)
    found.sort(key=Finding.sort_key)
    return found
