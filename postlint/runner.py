"""One lint run: paths to posts to findings, with --fix, suppressions and the baseline applied."""
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .documents import Lines, decode, image_post, parse
from .engine import Engine
from .files import collect
from .fix import fix_images
from .images import IMAGE_SUFFIXES
from .model import Finding, InputError, Post


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    posts: int = 0
    errors: list[str] = field(default_factory=list)


def read_posts(path: str, shown: str, limit: int) -> list[Post]:
    """The posts in one path ('-' is standard input); InputError or OSError if unreadable."""
    if path.lower().endswith(IMAGE_SUFFIXES):
        return [image_post(path)]
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    return parse(shown, decode(shown, data, limit))


def run(engine: Engine, paths: Sequence[str], include: Sequence[str], exclude: Sequence[str],
        limit: int, stdin_name: str = "<stdin>", fix: bool = False,
        on_fix: Callable[[str], None] = lambda line: None) -> Result:
    result = Result()
    for path in collect(paths, include, exclude, result.errors):
        shown = stdin_name if path == "-" else path
        try:
            for post in read_posts(path, shown, limit):
                if fix:
                    for line in fix_images(post):
                        on_fix(line)
                result.findings.extend(engine.lint(post, Lines(post.source)))
                result.posts += 1
            result.files += 1
        except InputError as exc:
            result.errors.append(str(exc))
        except OSError as exc:
            result.errors.append(f"{shown}: cannot read: {exc.strerror or exc}")
    result.findings.sort(key=Finding.sort_key)
    return result
