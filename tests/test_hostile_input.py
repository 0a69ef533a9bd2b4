"""Hostile or broken input: one clear line per bad file, the other files still linted, never a traceback."""
from __future__ import annotations

import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postlint.cli import main
from postlint.documents import decode, parse
from postlint.model import InputError
from tests.conftest import run

FEED = Path(__file__).parent / "data" / "feed.xml"


def one_line_error(err: str) -> bool:
    return "Traceback" not in err and all(line.startswith("postlint: ") for line in err.splitlines())


def test_symlink_loop_and_broken_link(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (isolated / "content" / "a").mkdir(parents=True)
    (isolated / "content" / "a" / "p.txt").write_text("omw to my flat on Duke Street now\n")
    os.symlink("..", isolated / "content" / "a" / "up")
    os.symlink("nowhere.txt", isolated / "dangling.txt")
    code, out, err = run(capsys, "content", "dangling.txt")
    assert code == 2 and one_line_error(err)
    assert "symlink loop" in err and "dangling.txt: not a file or folder" in err
    assert out.count("content/a/p.txt:1:") >= 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    locked = isolated / "locked"
    locked.mkdir()
    (locked / "p.txt").write_text("hi\n")
    locked.chmod(0)
    try:
        code, _, err = run(capsys, "locked")
    finally:
        locked.chmod(0o755)
    assert code == 2 and "cannot read folder" in err


@pytest.mark.parametrize("data,message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"caf\xe9 au lait", "invalid UTF-8 at byte 3"),
    (b"x" * 2000, "over the 1,000-byte limit"),
])
def test_bad_files_one_line_each_and_the_rest_linted(isolated: Path, capsys, data: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    (isolated / "bad.txt").write_bytes(data)
    (isolated / "good.txt").write_text("I'm so burnt out\n")
    code, out, err = run(capsys, "--max-file-size", "1000", "bad.txt", "good.txt")
    assert code == 2
    assert err.strip() == f"postlint: bad.txt: {message}" or (message in err and one_line_error(err))
    assert "good.txt:1:" in out


def test_single_ten_megabyte_line(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    line = ("we march together for housing and fair wages " * 240_000)[:10_000_000]
    (isolated / "big.txt").write_text(line + " omw to my flat on Duke Street now\n")
    code, _, err = run(capsys, "big.txt")
    assert code == 2 and "over the 1,000,000-byte limit" in err
    code, out, _ = run(capsys, "--max-file-size", "20000000", "--select", "location.home", "big.txt")
    assert code == 1 and "big.txt:1:" in out



@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=300))
def test_reader_never_crashes_on_bytes(data: bytes) -> None:
    for name in ("p.txt", "p.md", "p.yaml", "p.json"):
        try:
            for post in parse(name, decode(name, data)):
                assert len(post.prose) == len(post.source)
        except InputError:
            pass



@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
       st.sampled_from(["p.txt", "p.md", "p.yaml", "p.json"]),
       st.lists(st.sampled_from(["--format", "json", "sarif", "github", "junit", "--redact", "--fail-on",
                                 "info", "--select", "location", "--ignore", "x", "--exit-zero",
                                 "--jobs", "1", "-", "--bogus", string.ascii_letters]), max_size=5))
def test_cli_never_shows_a_traceback(tmp_path_factory, capsys, text: str, name: str, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("cli")
    (folder / name).write_text(text, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        code = main([*args, name])
    finally:
        os.chdir(cwd)
    out, err = capsys.readouterr()
    assert code in (0, 1, 2)
    assert "Traceback" not in err and "Traceback" not in out


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                          ("utf-16-be", b"\xfe\xff")])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_and_line_endings_end_to_end(isolated: Path, capsys, encoding: str, bom: bytes, newline: str) -> None:  # type: ignore[no-untyped-def]
    text = newline.join(["first line 🔥", "\tcafe\u0301 I'm so burnt out"]) + newline
    (isolated / "p.txt").write_bytes(bom + text.encode(encoding))
    code, out, err = run(capsys, "--select", "morale.exhaustion", "p.txt")
    assert code == 1 and err == ""
    # line 2; the tab, "cafe", the combining accent and the space are one code point each
    assert "p.txt:2:8: warning[morale.exhaustion]" in out
