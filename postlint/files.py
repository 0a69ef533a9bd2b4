"""Paths on the command line to the files to lint, honouring include/exclude globs."""
from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from fnmatch import translate
from functools import lru_cache


@lru_cache(maxsize=64)
def _compiled(globs: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One regex for the whole path or file name, one for a folder name."""
    whole = [translate(g) for g in globs] + [translate(g.rstrip("/") + "/*") for g in globs]
    return re.compile("|".join(whole) or "(?!)"), re.compile("|".join(translate(g.rstrip("/")) for g in globs) or "(?!)")


def _matches(path: str, globs: Sequence[str]) -> bool:
    """A glob matches the path ('./' dropped), its file name, or one of its folders."""
    if not globs:
        return False
    whole, folder = _compiled(tuple(globs))
    parts = os.path.normpath(path).replace(os.sep, "/").split("/")
    return (whole.match("/".join(parts)) is not None or whole.match(parts[-1]) is not None
            or any(folder.match(p) for p in parts[:-1]))


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
