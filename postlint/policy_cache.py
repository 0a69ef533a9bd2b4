"""A cache of compiled policies, so a one-draft run does not re-read and re-validate every pack.

An entry is keyed by postlint's version and the packs named; it records the
SHA-256 of every pack file it was built from (extends included) and is used only
while all of them are unchanged. It holds rules, never post text. Set
POSTLINT_NO_CACHE=1 to turn it off, POSTLINT_CACHE_DIR to move it.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import __version__


def _dir() -> Path | None:
    if os.environ.get("POSTLINT_NO_CACHE"):
        return None
    if os.environ.get("POSTLINT_CACHE_DIR"):
        return Path(os.environ["POSTLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "postlint"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _code_stamp() -> str:
    """Changes whenever postlint's own code does (a pickle is only good for the code that made it)."""
    here = Path(__file__).parent
    return ";".join(f"{p.name}:{p.stat().st_mtime_ns}:{p.stat().st_size}"
                    for p in sorted(here.rglob("*.py")))


def _entry(paths: Iterable[Path]) -> Path | None:
    folder = _dir()
    if folder is None:
        return None
    key = "\0".join([__version__, sys.version, _code_stamp(), *(str(p.resolve()) for p in paths)])
    return folder / f"policy-{hashlib.sha256(key.encode()).hexdigest()[:32]}.pickle"


def get(paths: list[Path]) -> Any:
    entry = _entry(paths)
    if entry is None or not entry.is_file():
        return None
    try:
        with open(entry, "rb") as fh:
            deps, policy = pickle.load(fh)
        if all(Path(p).is_file() and _sha(Path(p)) == h for p, h in deps):
            return policy
    except Exception:  # noqa: BLE001 - a stale or damaged entry is rebuilt, never fatal
        return None
    return None


def put(paths: list[Path], deps: Iterable[Path], policy: Any) -> None:
    entry = _entry(paths)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = pickle.dumps(([(str(p), _sha(p)) for p in sorted(set(deps))], policy))
        fd, tmp = tempfile.mkstemp(prefix=".policy-", dir=entry.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, entry)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # caching is an optimization; a read-only home still lints
