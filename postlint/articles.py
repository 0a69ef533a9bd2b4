"""The organization's own articles, from feeds, Markdown folders or JSON Lines, by normalized URL."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import yaml

from .model import InputError

_TRACKING = ("utm_", "fbclid", "gclid", "dclid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src", "si",
             "s", "share", "cmpid", "_hsenc", "_hsmi", "mkt_tok", "yclid", "twclid", "ttclid")


@dataclass(frozen=True)
class Article:
    url: str
    title: str
    summary: str = ""


def normalize_url(url: str) -> str:
    """Scheme, www., case of the host, trailing slash, fragment and tracking parameters don't matter."""
    url = url.strip().rstrip(".,;:!?)")
    parts = urlsplit(url if "://" in url else "https://" + url)
    host = parts.netloc.lower().removeprefix("www.").split("@")[-1]
    host = host[:-3] if host.endswith(":80") else host.removesuffix(":443")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING[0]) and k.lower() not in _TRACKING[1:]]
    path = parts.path.rstrip("/") or ""
    return host + path + ("?" + urlencode(sorted(query)) if query else "")


def host_of(url: str) -> str:
    return normalize_url(url).split("/", 1)[0]


class ArticleIndex:
    def __init__(self, articles: Iterable[Article] = ()):
        self.by_url: dict[str, Article] = {}
        self.hosts: set[str] = set()
        for a in articles:
            self.add(a)

    def add(self, article: Article) -> None:
        key = normalize_url(article.url)
        self.by_url[key] = article
        self.hosts.add(key.split("/", 1)[0])

    def lookup(self, url: str) -> Article | None:
        return self.by_url.get(normalize_url(url))

    def is_own(self, url: str) -> bool:
        return host_of(url) in self.hosts

    def digest(self) -> str:
        import hashlib

        text = "\0".join(f"{k}\1{a.title}\1{a.summary}" for k, a in sorted(self.by_url.items()))
        return hashlib.sha256(text.encode()).hexdigest()

    def __len__(self) -> int:
        return len(self.by_url)


def _feed(path: Path) -> Iterator[Article]:
    import feedparser  # only when a feed is given

    data = path.read_bytes()
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries and not parsed.get("feed"):
        raise InputError(f"{path}: not a readable RSS or Atom feed ({parsed.bozo_exception})")
    for entry in parsed.entries:
        link = entry.get("link") or entry.get("id") or ""
        if link and entry.get("title"):
            yield Article(link, _plain(entry.get("title", "")), _plain(entry.get("summary", "")))


def _plain(html: str) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _jsonl(path: Path) -> Iterator[Article]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as e:
            raise InputError(f"{path}:{n}: not JSON: {e}") from None
        if not isinstance(item, dict) or not item.get("url") or not item.get("title"):
            raise InputError(f"{path}:{n}: each line needs a JSON object with url and title")
        yield Article(str(item["url"]), str(item["title"]), str(item.get("summary", "")))


def _front_matter(text: str) -> dict[str, object] | None:
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    if end < 0:
        return None
    try:
        data = yaml.safe_load(text[3:end])
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _folder(path: Path, base_url: str) -> Iterator[Article]:
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith((".md", ".markdown")):
                continue
            file = Path(root, name)
            meta = _front_matter(file.read_text(encoding="utf-8", errors="replace"))
            if not meta or not meta.get("title"):
                continue
            url = meta.get("url") or meta.get("permalink")
            if not url and base_url:
                slug = meta.get("slug") or file.stem
                rel = file.parent.relative_to(path).as_posix()
                url = base_url.rstrip("/") + "/" + (f"{rel}/" if rel != "." else "") + str(slug)
            elif url and str(url).startswith("/") and base_url:
                url = base_url.rstrip("/") + str(url)
            if url:
                summary = meta.get("summary") or meta.get("description") or ""
                yield Article(str(url), str(meta["title"]), str(summary))


def load_index(sources: Iterable[str], base_url: str = "",
               inline: Iterable[Mapping[str, str]] = ()) -> ArticleIndex:
    index = ArticleIndex(Article(a["url"], a["title"], a.get("summary", "")) for a in inline)
    for source in sources:
        path = Path(source)
        try:
            if path.is_dir():
                items: Iterable[Article] = _folder(path, base_url)
            elif path.suffix.lower() in (".jsonl", ".ndjson"):
                items = _jsonl(path)
            elif path.is_file():
                items = _feed(path)
            else:
                raise InputError(f"{source}: article source not found")
            for article in items:
                index.add(article)
        except OSError as e:
            raise InputError(f"{source}: cannot read article source: {e.strerror or e}") from None
    return index
