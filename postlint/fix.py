"""``--fix``: what postlint may change in a user's files, only when asked, always atomically."""
from __future__ import annotations

from .images import ImageError, local_image, strip_gps
from .model import Post


def fix_images(post: Post) -> list[str]:
    """Strip GPS metadata from the images a post references; one line per image changed."""
    done = []
    for path, _ in post.images:
        if not local_image(path):
            continue
        try:
            info = strip_gps(path)
        except (OSError, ImageError) as e:
            done.append(f"{path}: could not remove location metadata: {e}")
            continue
        if info is not None:
            done.append(f"{path}: removed {info.describe()}")
    return done
