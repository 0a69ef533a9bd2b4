"""One lint run: paths to posts to findings, in parallel, with a results cache and --fix.

The results cache maps a hash of (policy, settings, path, file bytes) to the
positions, rules and messages of the findings: no post text. Files whose posts
reference images are not cached (their findings depend on the image files).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import sections
from .documents import Lines, decode, image_post, parse
from .engine import Engine, place
from .files import collect
from .fix import fix_images
from .images import IMAGE_SUFFIXES
from .model import Finding, InputError, Post
from .sections import Part, join, lint_part, plan

BATCH = 64  # files per task handed to a worker
_READ_ONLY = os.O_RDONLY | getattr(os, "O_BINARY", 0)
PARALLEL_FROM = 64  # fewer files than this run in-process


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    posts: int = 0
    errors: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)


@dataclass
class _State:
    engine: Engine
    limit: int
    stdin_name: str
    fix: bool
    salt: str
    cache: dict[str, list[tuple[Any, ...]]]


_STATE: _State | None = None  # set in the parent before workers fork


def read_posts(path: str, shown: str, data: bytes | None, limit: int) -> list[Post]:
    """The posts in one path; InputError or OSError if it cannot be read."""
    if path.lower().endswith(IMAGE_SUFFIXES):
        return [image_post(path)]
    assert data is not None
    return parse(shown, decode(shown, data, limit))


def _read(path: str, limit: int) -> bytes | None:
    if path.lower().endswith(IMAGE_SUFFIXES):
        return None
    if path == "-":
        return sys.stdin.buffer.read(limit + 1)
    fd = os.open(path, _READ_ONLY)  # no file objects: ~10 us a file less
    try:  # in 64 KB reads: read(limit + 1) would allocate the whole limit for every file
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, min(limit + 1 - size, 1 << 16))):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _compact(f: Finding) -> tuple[Any, ...]:
    return (f.rule, f.category, f.severity, f.message, f.why, f.suggest, f.fingerprint, f.start, f.end)


def _restore(entry: list[tuple[Any, ...]], path: str, text: str) -> list[Finding]:
    lines = Lines(text)
    return [place(path, lines, s, e, text[s:e], rule, category, severity, message, why, suggest, fp)
            for rule, category, severity, message, why, suggest, fp, s, e in entry]


def _lint_file(path: str) -> tuple[list[Finding], int, str | None, list[str], str | None, list[tuple[Any, ...]] | None]:
    """(findings, posts, error, fixed, cache key, cache entry) for one file."""
    st = _STATE
    assert st is not None
    shown = st.stdin_name if path == "-" else path
    try:
        data = _read(path, st.limit)
        if data is not None and len(data) <= st.limit and len(ranges := plan(shown, data)) > 1:
            whole = data  # a large file, in sections (not cached): memory follows a section
            return (*_lint_sections(shown, ranges, lambda a, b: whole[a:b]), None, None)
        key = None
        if st.salt and data is not None and path != "-" and not st.fix:
            key = hashlib.sha256(st.salt.encode() + shown.encode() + b"\0" + data).hexdigest()
            if key in st.cache:
                return _restore(st.cache[key], shown, decode(shown, data, st.limit)), 1, None, [], None, None
        posts = read_posts(path, shown, data, st.limit)
        fixed: list[str] = []
        findings: list[Finding] = []
        lines = Lines(posts[0].source) if posts else None
        for post in posts:
            if st.fix:
                fixed.extend(fix_images(post))
            findings.extend(st.engine.lint(post, lines if lines and post.source is posts[0].source else None))
        cacheable = key is not None and not any(p.images for p in posts)
        return findings, len(posts), None, fixed, key if cacheable else None, \
            [_compact(f) for f in findings] if cacheable else None
    except (InputError, OSError) as exc:
        return [], 0, _problem(shown, exc), [], None, None


def _problem(shown: str, exc: InputError | OSError) -> str:
    """The one line that reports a file that cannot be linted."""
    return str(exc) if isinstance(exc, InputError) else f"{shown}: cannot read: {exc.strerror or exc}"


def _lint_sections(shown: str, ranges: list[tuple[int, int]],
                   read: Callable[[int, int], bytes]) -> tuple[list[Finding], int, None, list[str]]:
    """A large file's findings, posts (one), no error and the images fixed, its sections
    linted here one after another."""
    st = _STATE
    assert st is not None
    fixed: list[str] = []

    def one(a: int, b: int, last: bool) -> Part:
        part, done = lint_part(st.engine, shown, read(a, b), a, last, st.fix)
        fixed.extend(done)
        return part

    parts = [one(a, b, i == len(ranges) - 1) for i, (a, b) in enumerate(ranges)]
    return join(st.engine, ranges, parts, one), 1, None, fixed


def _pread(path: str, a: int, b: int) -> bytes:
    fd = os.open(path, _READ_ONLY)
    try:
        return os.pread(fd, b - a, a)
    finally:
        os.close(fd)


def _part(path: str, a: int, b: int, last: bool) -> Part:
    """One section of a large file, read from disk and linted."""
    st = _STATE
    assert st is not None
    return lint_part(st.engine, path, _pread(path, a, b), a, last)[0]


def _lint_part_task(path: str, a: int, b: int, last: bool) -> Part | str:
    """One section of a large file, in a worker: its part, or the error that stops the file."""
    try:
        return _part(path, a, b, last)
    except (InputError, OSError) as exc:
        return _problem(path, exc)


def _task(task: tuple[Any, ...]) -> list[Any]:
    """A batch of files (("files", paths)) or one section of a large file (("part", path, a, b, last))."""
    if task[0] == "files":
        return [_lint_file(p) for p in task[1]]
    return [_lint_part_task(*task[1:])]


def _sections_plan(files: list[str], limit: int) -> dict[str, list[tuple[int, int]]]:
    """The large files of a short list, cut into sections that workers lint side by side."""
    out = {}
    for path in files:
        try:
            if path == "-" or not sections.SECTIONED_FROM < os.path.getsize(path) <= limit:
                continue
            data = _read(path, limit)
        except OSError:
            continue  # the file's own lint reports it
        ranges = plan(path, data) if data is not None else []
        if len(ranges) > 1:
            out[path] = ranges
    return out


def _cache_file(salt: str) -> Path | None:
    from .policy_cache import _dir

    folder = _dir()
    if folder is None:
        return None
    return folder / f"results-{hashlib.sha256((salt + os.getcwd()).encode()).hexdigest()[:32]}.pickle"


def _load_cache(where: Path | None) -> dict[str, list[tuple[Any, ...]]]:
    if where is None or not where.is_file():
        return {}
    try:
        with open(where, "rb") as fh:
            data = pickle.load(fh)
        return data if isinstance(data, dict) else {}
    except Exception:  # noqa: BLE001 - a damaged cache is rebuilt, never fatal
        return {}


def _save_cache(where: Path | None, cache: dict[str, list[tuple[Any, ...]]]) -> None:
    if where is None:
        return
    try:
        where.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".results-", dir=where.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(cache, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, where)
    except OSError:
        pass


def run(engine: Engine, paths: Sequence[str], include: Sequence[str], exclude: Sequence[str],
        limit: int, stdin_name: str = "<stdin>", fix: bool = False, jobs: int = 0, salt: str = "",
        progress: Callable[[int, int], None] | None = None) -> Result:
    """Lint every file under ``paths``; ``jobs`` 0 picks one process per core for large runs.
    ``salt`` identifies policy and settings for the results cache (empty: no cache)."""
    global _STATE
    result = Result()
    files = list(collect(paths, include, exclude, result.errors))
    where = _cache_file(salt) if salt else None
    cache = _load_cache(where)
    _STATE = _State(engine, limit, stdin_name, fix, salt, cache)
    workers = jobs or (os.cpu_count() or 1)
    parallel = workers > 1 and "-" not in files and hasattr(os, "fork")
    planned = _sections_plan(files, limit) if parallel and not fix and len(files) < PARALLEL_FROM else {}
    small = [f for f in files if f not in planned]
    tasks: list[tuple[Any, ...]] = [("files", small[i:i + BATCH]) for i in range(0, len(small), BATCH)]
    tasks += [("part", p, a, b, i == len(r) - 1) for p, r in planned.items() for i, (a, b) in enumerate(r)]
    if parallel and (len(files) >= PARALLEL_FROM or planned):
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(min(workers, len(tasks))) as pool:
            done = _collect(pool.imap(_task, tasks), tasks, planned, result, len(files), progress)
    else:
        done = _collect(map(_task, tasks), tasks, planned, result, len(files), progress)
    result.findings.sort(key=Finding.sort_key)
    if salt and done:
        cache.update(done)
        _save_cache(where, cache)
    _STATE = None
    return result


def _collect(outcomes: Any, tasks: list[tuple[Any, ...]], planned: dict[str, list[tuple[int, int]]],
             result: Result, total: int,
             progress: Callable[[int, int], None] | None) -> dict[str, list[tuple[Any, ...]]]:
    new: dict[str, list[tuple[Any, ...]]] = {}
    parts: dict[str, list[Part | str]] = {p: [] for p in planned}
    seen = 0
    for task, batch in zip(tasks, outcomes):
        if task[0] == "part":
            path = task[1]
            parts[path].append(batch[0])
            if len(parts[path]) == len(planned[path]):
                seen += 1
                _join_parts(path, planned[path], parts.pop(path), result)
        else:
            for findings, posts, error, fixed, key, entry in batch:
                seen += 1
                result.fixed.extend(fixed)
                if error:
                    result.errors.append(error)
                    continue
                result.findings.extend(findings)
                result.posts += posts
                result.files += 1
                if key is not None and entry is not None:
                    new[key] = entry
        if progress:
            progress(seen, total)
    return new


def _join_parts(path: str, ranges: list[tuple[int, int]], parts: list[Part | str], result: Result) -> None:
    """A large file linted by workers in sections: its findings, or the first error."""
    st = _STATE
    assert st is not None
    error = next((p for p in parts if isinstance(p, str)), None)
    if error is not None:
        result.errors.append(error)
        return
    try:
        result.findings.extend(join(st.engine, ranges, [p for p in parts if not isinstance(p, str)],
                                    lambda a, b, last: _part(path, a, b, last)))
    except (InputError, OSError) as exc:
        result.errors.append(_problem(path, exc))
        return
    result.files += 1
    result.posts += 1
