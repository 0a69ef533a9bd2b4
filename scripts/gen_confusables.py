"""Regenerate postlint/data/confusables.txt from confusable_homoglyphs' confusables.json.

    pip download --no-deps confusable-homoglyphs && unzip the wheel
    python scripts/gen_confusables.py path/to/confusable_homoglyphs/confusables.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "postlint" / "data" / "confusables.txt"
HEADER = """\
# Non-ASCII code points that look like an ASCII letter, and that letter.
# Derived from Unicode's confusables.txt (Unicode License v3) as packaged in
# confusable_homoglyphs 3.3.1 (MIT); regenerate with scripts/gen_confusables.py.
"""


def main(src: str) -> None:
    data = json.loads(Path(src).read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for key, entries in data.items():
        for entry in entries:
            for a, b in ((key, entry["c"]), (entry["c"], key)):
                if len(a) == 1 and len(b) == 1 and ord(a) > 127 and b.isascii() and b.isalpha():
                    table.setdefault(a, b.lower())
    lines = [f"{ord(a):04X}\t{table[a]}\n" for a in sorted(table)]
    OUT.write_text(HEADER + "".join(lines), encoding="utf-8")
    print(f"{len(lines)} mappings written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
