"""Where postlint spends its time on a corpus: one process, one worker, cProfile.

    python bench/hotspots.py bench/out/c10k/posts          # the 10k-post corpus
    python bench/hotspots.py /tmp/slice.md --top 30         # a slice of the 50 MB file

Lints the path as `postlint -j 1 --no-results-cache` would, with the built-in packs, and
prints the postlint functions with the largest share of the run, inclusive (a function and
what it calls; the call chain above the stages, over half the run, is left out) and own
(its body alone). cProfile adds ~30% overhead, spread evenly enough
to rank stages; confirm a change with the wall time of a real run.
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats

from postlint.cli import main


def rows(stats: pstats.Stats, key: int, top: int, below: float) -> list[tuple[float, str]]:
    """(seconds, 'file:line function') of postlint's functions under ``below`` seconds, largest first."""
    found = []
    for (path, line, name), entry in stats.stats.items():  # type: ignore[attr-defined]
        if "postlint" in path and "bench" not in path and entry[key] < below:
            found.append((entry[key], f"{path.rsplit('postlint', 1)[-1].lstrip('/')}:{line} {name}"))
    return sorted(found, reverse=True)[:top]


def run() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--top", type=int, default=20)
    a = ap.parse_args()
    profile = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()):
        profile.runcall(main, ["-j", "1", "--no-config", "--no-results-cache", "--exit-zero",
                               "--max-file-size", "1000000000", "--format", "json", a.path])
    stats = pstats.Stats(profile)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"{total:.2f} s in all (with profiling)")
    for title, key in (("inclusive", 3), ("own", 2)):
        print(f"\n{title}:")
        for seconds, where in rows(stats, key, a.top, total / 2):
            print(f"  {100 * seconds / total:5.1f}%  {seconds:6.3f} s  {where}")


if __name__ == "__main__":
    run()
