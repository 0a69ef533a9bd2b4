"""Nothing leaked: no network connection, ever; no post text written anywhere but the output."""
from __future__ import annotations

import socket
from pathlib import Path

from tests.conftest import run

FEED = Path(__file__).parent / "data" / "feed.xml"

def test_no_network_ever(isolated: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("postlint tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    (isolated / "p.md").write_text(
        "---\ntitle: pics\nimage: https://example.org/remote.jpg\n---\n"
        "here https://maps.google.com/?q=1,2 and ![x](https://example.org/x.png) call +44 7911 123456 "
        "Don't expect justice https://news.example.org/news/indictment\n")
    code, out, err = run(capsys, "--articles", str(FEED), "--format", "sarif", "p.md")
    assert code == 1 and "Traceback" not in err


def test_nothing_but_caches_written(isolated: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cache = isolated / "cache"
    monkeypatch.setenv("POSTLINT_CACHE_DIR", str(cache))
    (isolated / "p.txt").write_text("omw to my flat on Zanzibar Street now, quixotically\n")
    before = set(isolated.rglob("*"))
    run(capsys, "--jobs", "1", "p.txt")
    created = set(isolated.rglob("*")) - before
    assert created and all(cache in p.parents or p == cache for p in created)
    for p in created:
        if p.is_file():
            assert b"Zanzibar" not in p.read_bytes() and b"quixotic" not in p.read_bytes()

