"""Images a post references (or that are linted directly) that carry GPS coordinates."""
from __future__ import annotations

import base64
import os
from collections.abc import Iterable
from typing import Any

from ..model import Hit, Post


class ExifGps:
    PARAMS: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {
        "max_bytes": {"type": "integer", "minimum": 1, "description": "Largest image to read."}}}

    def __init__(self, max_bytes: int = 50_000_000):
        self.max_bytes = max_bytes

    def possible(self, post: Post, env: Any) -> bool:
        return bool(post.images)

    def find(self, post: Post, env: Any) -> Iterable[Hit]:
        from ..images import ImageError, read_gps  # imported only for posts with images

        for path, span in post.images:
            try:
                data = self._read(path)
                info = read_gps(data) if data else None
            except (OSError, ImageError, ValueError):
                continue
            if info is not None:
                name = "the embedded image" if path.startswith("data:") else path
                yield Hit(span.start, span.end, f"{name} carries {info.describe(coordinates=False)}"
                          + ("" if path.startswith("data:") else "; 'postlint --fix' removes it"))

    def _read(self, path: str) -> bytes:
        """An image's bytes: a file beside the post, or a base64 data: URI; b'' if neither."""
        if path.startswith("data:image/") and ";base64," in path:
            return base64.b64decode(path.split(";base64,", 1)[1], validate=False)[: self.max_bytes]
        from ..images import local_image

        if not local_image(path):
            return b""
        if os.path.getsize(path) > self.max_bytes:
            return b""
        with open(path, "rb") as fh:
            return fh.read()
