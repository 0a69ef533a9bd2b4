"""Paths on the command line to the files to lint, honouring include/exclude globs."""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from fnmatch import fnmatch
from pathlib import PurePath


def _matches(path: str, globs: Sequence[str]) -> bool:
    """A glob matches the path ('./' dropped), its file name, or one of its folders."""
    rel = PurePath(path)
    return any(fnmatch(rel.as_posix(), g) or fnmatch(rel.name, g) or fnmatch(rel.as_posix(), g.rstrip("/") + "/*")
               or any(fnmatch(part, g.rstrip("/")) for part in rel.parts[:-1]) for g in globs)


def collect(paths: Sequence[str], include: Sequence[str], exclude: Sequence[str],
            errors: list[str]) -> Iterator[str]:
    """Files to lint, in a stable order. Files named on the command line are linted
    whatever their suffix (unless excluded); folders are walked for ``include``.
    Problems (missing paths, unreadable folders, loops) go to ``errors``."""
    for path in paths:
        if path == "-":
            yield path
            continue
        if not os.path.lexists(path):
            errors.append(f"{path}: no such file or folder")
            continue
        if os.path.isfile(path):
            if not _matches(path, exclude):
                yield path
            continue
        if not os.path.isdir(path):
            errors.append(f"{path}: not a file or folder (broken link or loop?)")
            continue
        seen: set[tuple[int, int]] = set()

        def onerror(e: OSError) -> None:
            errors.append(f"{e.filename}: cannot read folder: {e.strerror}")

        for root, dirs, files in os.walk(path, onerror=onerror, followlinks=True):
            st = os.stat(root)
            if (st.st_dev, st.st_ino) in seen:
                errors.append(f"{root}: symlink loop, not followed")
                dirs[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and not _matches(os.path.join(root, d), exclude))
            for name in sorted(files):
                full = os.path.join(root, name)
                if name.startswith(".") or not _matches(full, include) or _matches(full, exclude):
                    continue
                yield full
