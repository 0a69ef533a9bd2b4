"""Fuzz the document reader and the normalizer with hypothesis for a fixed time.

    python bench/fuzz.py --minutes 10

Feeds random bytes, random Unicode and Markdown/YAML-shaped text to decode(),
parse() (every file kind) and normalize(); any exception other than InputError,
or an offset outside the original text, is a crash. Prints inputs tried and
crashes found.
"""
from __future__ import annotations

import argparse
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postlint.documents import decode, parse
from postlint.model import InputError
from postlint.normalize import normalize

PIECES = ["---\n", "title: ", "image: x.jpg\n", "```\n", "<!-- ", "-->", "![a](b.png)", "[l](u)",
          "https://maps.google.com/?q=1,2 ", "\u200b", "\u0435", "k i l l  ", "d3pr3ssed", "\r\n", "\r",
          "posts:\n  - text: ", "- caption: |\n    ", "&a ", "*a ", "!!python/object ", "postlint:\n  ignore: x\n",
          "<!-- postlint: ignore[location.*] r -->", "🔥", "e\u0301", "\ufeff", "\t", "\"", "'", "{", "[", ":"]
text_like = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join),
)
stats = {"inputs": 0, "crashes": 0}
crashes: list[str] = []


def check(text: str) -> None:
    stats["inputs"] += 1
    for name in ("p.txt", "p.md", "p.yaml", "p.json"):
        try:
            for post in parse(name, text):
                assert len(post.prose) == len(post.source)
        except InputError:
            pass
    view = normalize(text)
    for i in range(0, len(view.text) + 1, max(1, len(view.text) // 16)):
        assert 0 <= view.to_source(i) <= len(text)
        assert 0 <= view.to_source(i, end=True) <= len(text)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10.0)
    args = ap.parse_args()
    deadline = time.monotonic() + args.minutes * 60

    @settings(max_examples=2000, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(text_like, st.binary(max_size=400)))
    def round_(value: object) -> None:
        try:
            if isinstance(value, bytes):
                stats["inputs"] += 1
                try:
                    check(decode("f", value))
                except InputError:
                    pass
            else:
                check(value)  # type: ignore[arg-type]
        except Exception as e:  # noqa: BLE001 - record every crash, keep fuzzing
            stats["crashes"] += 1
            crashes.append(f"{type(e).__name__}: {e} on {value!r:.200}")

    rounds = 0
    start = time.monotonic()
    while time.monotonic() < deadline:
        round_()
        rounds += 1
    print(f"fuzz: {stats['inputs']} inputs in {time.monotonic() - start:.0f} s ({rounds} rounds), "
          f"{stats['crashes']} crashes")
    for c in crashes[:20]:
        print("  " + c)


if __name__ == "__main__":
    main()
