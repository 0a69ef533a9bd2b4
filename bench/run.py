"""postlint's benchmark: generated corpora, postlint beside ripgrep and the prose linters.

    python bench/run.py                 # 1k, 10k and a 50 MB file, 3 runs each
    python bench/run.py --quick         # 1k only, 1 run: a smoke test

Corpora come from ../shared/peers/make_corpus.py (seeded, deterministic) into
bench/out/. Each tool runs as its own process; wall time is the median of the
runs, peak memory the largest resident set of the process (from wait4). Tools
that are not installed are listed as such (see ../shared/peers/run_peers.sh for
how to install them). Prints the table and writes bench/results.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
ROOT = HERE.parent
MAKE_CORPUS = ROOT.parent / "shared" / "peers" / "make_corpus.py"
NPM_BIN = Path("/tmp/peers/npm/node_modules/.bin")


TIMEOUT = 300.0  # seconds before a tool is stopped (its row then gives the time until then)


def measure(cmd: list[str], timeout: float = TIMEOUT) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one process; exit -9 if it was stopped."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


QUICK_RUN = 5.0  # seconds: a tool this fast on a corpus is run at least FAST_REPEAT times
FAST_REPEAT = 5


def median_run(cmd: list[str], repeat: int, timeout: float = TIMEOUT, fast: int = 1) -> tuple[float, float, int]:
    """Median wall time, largest peak RSS, last exit code. A run under QUICK_RUN seconds is
    repeated to ``fast`` runs: on a shared machine one second-long run varies by ±20 %."""
    runs = [measure(cmd, timeout)]
    while len(runs) < (max(repeat, fast) if runs[0][0] < QUICK_RUN else repeat):
        runs.append(measure(cmd, timeout))
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


def corpus(name: str, n: int | None = None, mb: int | None = None) -> Path:
    if not MAKE_CORPUS.is_file():
        sys.exit(f"bench: {MAKE_CORPUS} not found (the benchmark needs ../shared beside the project)")
    OUT.mkdir(exist_ok=True)
    target = OUT / name
    if not target.exists():
        if mb:
            subprocess.run([sys.executable, str(MAKE_CORPUS), "bigfile", "--out", str(target), "--target-mb",
                            str(mb), "--seed", "2"], check=True, capture_output=True)
        else:
            subprocess.run([sys.executable, str(MAKE_CORPUS), "posts", "--out", str(target), "-n", str(n),
                            "--seed", "1"], check=True, capture_output=True)
    return target if mb else target / "posts"


def size_of(path: Path) -> tuple[int, int]:
    if path.is_file():
        return 1, path.stat().st_size
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def terms_file() -> Path:
    """Every term of the built-in packs, for ripgrep's fixed-string whole-word search."""
    sys.path.insert(0, str(ROOT))
    from postlint.packs import builtin_names, load_policy

    policy = load_policy(builtin_names(), ROOT, cache=False)
    path = OUT / "terms.txt"
    path.write_text("\n".join(policy.terms.words) + "\n", encoding="utf-8")
    return path


def postlint_cmd(postlint: str, target: Path, *extra: str) -> list[str]:
    """Every file linted (no results cache); the compiled-policy cache is warm, as on any run
    after the first with the same packs."""
    return [postlint, "--no-config", "--no-results-cache", "--format", "json", "--exit-zero",
            "--max-file-size", "100000000", *extra, str(target)]


def tools(target: Path, terms: Path, postlint: str) -> dict[str, list[str] | None]:
    npm = lambda name: str(NPM_BIN / name) if (NPM_BIN / name).exists() else shutil.which(name)  # noqa: E731
    files = [str(p) for p in sorted(target.rglob("*")) if p.suffix in (".md", ".txt")] if target.is_dir() else [str(target)]
    return {
        "postlint": postlint_cmd(postlint, target),
        "ripgrep -F -w -i": [shutil.which("rg") or "", "-F", "-w", "-i", "-c", "-f", str(terms), str(target)]
        if shutil.which("rg") else None,
        "proselint": [shutil.which("proselint") or "", "check", "-o", "compact", str(target)]
        if shutil.which("proselint") else None,
        "alex": [npm("alex") or "", str(target)] if npm("alex") else None,
        "write-good": [npm("write-good") or "", "--parse", *files] if npm("write-good") else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="1k posts, one run: a smoke test")
    ap.add_argument("--big-mb", type=int, default=50)
    ap.add_argument("--postlint", default=shutil.which("postlint") or "postlint")
    ap.add_argument("--timeout", type=float, default=TIMEOUT, help="stop a tool after this many seconds")
    a = ap.parse_args()
    # Byte-code as a normal install has it (pip compiles on install; an editable checkout with
    # PYTHONDONTWRITEBYTECODE set would recompile postlint on every run).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "postlint")], check=False)
    repeat = 1 if a.quick else a.repeat
    fast = 1 if a.quick else FAST_REPEAT
    sets = [("1k posts", corpus("c1k", 1000))]
    if not a.quick:
        sets += [("10k posts", corpus("c10k", 10000)), (f"{a.big_mb} MB file", corpus("big.md", mb=a.big_mb))]
    terms = terms_file()
    draft = OUT / "draft.txt"
    draft.write_text("omw to the plaza now, so tired of this\n", encoding="utf-8")
    measure([a.postlint, str(draft)])  # warm the compiled-policy cache, as any second run finds it
    rows = []
    for label, target in sets:
        nfiles, nbytes = size_of(target)
        posts = 167_428 * a.big_mb // 50 if target.is_file() else nfiles
        results = {}
        for tool, cmd in tools(target, terms, a.postlint).items():
            if cmd is None:
                rows.append((label, tool, None, None, None, None, "not installed"))
                continue
            wall, rss, code = median_run(cmd, repeat, a.timeout, fast)
            results[tool] = wall
            note = f"stopped after {a.timeout:.0f} s" if code == -9 else f"exit {code}"
            rows.append((label, tool, wall, posts / wall, nbytes / 1e6 / wall, rss, note))
        if "postlint" in results and "ripgrep -F -w -i" in results:
            rows.append((label, "postlint / ripgrep", results["postlint"] / results["ripgrep -F -w -i"],
                         None, None, None, "ratio of wall times"))
        if "postlint" in results and "proselint" in results:
            rows.append((label, "proselint / postlint", results["proselint"] / results["postlint"],
                         None, None, None, "ratio of wall times"))
        if label.startswith(("10k", f"{a.big_mb} MB")):  # one core vs two (sections of one file, too)
            for extra, what in ((["-j", "1"], "postlint -j 1"), (["-j", "2"], "postlint -j 2"),
                                (["--no-cache"], "postlint --no-cache")):
                wall, rss, _ = median_run(postlint_cmd(a.postlint, target, *extra), repeat, a.timeout, fast)
                note = "policy compiled in the run, too" if what.endswith("cache") else ""
                rows.append((label, what, wall, posts / wall, nbytes / 1e6 / wall, rss, note))
    one, rss1, _ = median_run([a.postlint, str(draft)], 7)
    base, _, _ = median_run([sys.executable, "-c", "pass"], 7)
    rows.append(("one draft", "postlint draft.txt", one, None, None, rss1, "median of 7, policy cache warm"))
    rows.append(("one draft", "python -c pass", base, None, None, None, "median of 7"))
    report(rows, repeat, fast)


def fmt(v: float | None, spec: str) -> str:
    return "" if v is None else format(v, spec)


def report(rows: list[tuple], repeat: int, fast: int) -> None:  # type: ignore[type-arg]
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    head = (f"Machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}; "
            f"wall = median of {repeat} ({max(repeat, fast)} for runs under {QUICK_RUN:.0f} s), "
            "peak RSS = largest of the runs.\n")
    lines = ["| corpus | tool | wall s | posts/s | MB/s | peak RSS MB | note |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for label, tool, wall, pps, mbs, rss, note in rows:
        lines.append(f"| {label} | {tool} | {fmt(wall, '.3f')} | {fmt(pps, ',.0f')} | {fmt(mbs, '.2f')} | "
                     f"{fmt(rss, '.0f')} | {note} |")
    text = head + "\n" + "\n".join(lines) + "\n"
    print(text)
    (HERE / "results.md").write_text(f"# Benchmark results ({time.strftime('%Y-%m-%d')})\n\n{text}",
                                     encoding="utf-8")


if __name__ == "__main__":
    main()
