"""GPS metadata in JPEG and PNG files: find it, and strip it without touching anything else.

Stripping edits bytes in place inside the metadata (EXIF GPS directory zeroed and
unlinked, XMP GPS properties blanked with spaces), so every segment keeps its
length and the compressed image data is byte-for-byte the same.
"""
from __future__ import annotations

import os
import struct
import tempfile
import zlib
from dataclasses import dataclass

import regex

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
GPS_IFD_TAG = 0x8825
_TYPE_SIZE = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}
_XMP_GPS = regex.compile(rb"""\s(?:exif|exifEX):GPS\w+\s*=\s*(?:"[^"]*"|'[^']*')|"""
                         rb"""<(?P<t>(?:exif|exifEX):GPS\w+)\b[^>]*?(?:/>|>.*?</(?P=t)\s*>)""", regex.S)
_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"


def local_image(path: str) -> bool:
    """Whether ``path`` names a JPEG or PNG file on disk (not a URL, not missing)."""
    return "://" not in path and path.lower().endswith(IMAGE_SUFFIXES) and os.path.isfile(path)


class ImageError(Exception):
    pass


@dataclass(frozen=True)
class GpsInfo:
    exif_tags: int
    xmp_properties: int
    latitude: float | None = None
    longitude: float | None = None

    def describe(self, coordinates: bool = False) -> str:
        """What was found; coordinates only when asked (reports may end up in public logs)."""
        parts = []
        if self.exif_tags:
            parts.append(f"{self.exif_tags} EXIF GPS tag{'s' if self.exif_tags != 1 else ''}")
        if self.xmp_properties:
            parts.append(f"{self.xmp_properties} XMP GPS propert{'ies' if self.xmp_properties != 1 else 'y'}")
        where = (f" ({self.latitude:.5f}, {self.longitude:.5f})" if coordinates
                 and self.latitude is not None and self.longitude is not None else "")
        return " and ".join(parts) + where


class _Tiff:
    """An EXIF TIFF block inside a bytearray, from ``base``."""

    def __init__(self, buf: bytearray, base: int, end: int):
        self.buf, self.base, self.end = buf, base, end
        order = bytes(buf[base:base + 2])
        if order not in (b"II", b"MM"):
            raise ImageError("not a TIFF block")
        self.e = "<" if order == b"II" else ">"

    def u16(self, off: int) -> int:
        return int(struct.unpack_from(self.e + "H", self.buf, self.base + off)[0])

    def u32(self, off: int) -> int:
        return int(struct.unpack_from(self.e + "I", self.buf, self.base + off)[0])

    def check(self, off: int, size: int) -> None:
        if off < 0 or self.base + off + size > self.end:
            raise ImageError("EXIF offset out of range")

    def entries(self, ifd: int) -> list[tuple[int, int, int, int, int]]:
        """(entry offset, tag, type, count, value or offset) for each entry of an IFD."""
        self.check(ifd, 2)
        n = self.u16(ifd)
        self.check(ifd + 2, 12 * n + 4)
        return [(ifd + 2 + 12 * i, self.u16(ifd + 2 + 12 * i), self.u16(ifd + 4 + 12 * i),
                 self.u32(ifd + 6 + 12 * i), self.u32(ifd + 10 + 12 * i)) for i in range(n)]

    def gps(self) -> tuple[int, int] | None:
        """(IFD0 entry offset of the GPS pointer, GPS IFD offset), or None."""
        for pos, tag, _, _, value in self.entries(self.u32(4)):
            if tag == GPS_IFD_TAG:
                return pos, value
        return None

    def rationals(self, off: int, count: int) -> list[float]:
        self.check(off, 8 * count)
        out = []
        for i in range(count):
            num, den = self.u32(off + 8 * i), self.u32(off + 8 * i + 4)
            out.append(num / den if den else 0.0)
        return out

    def coordinates(self, gps_ifd: int) -> tuple[float | None, float | None]:
        refs: dict[int, str] = {}
        values: dict[int, list[float]] = {}
        for pos, tag, typ, count, value in self.entries(gps_ifd):
            if tag in (1, 3) and typ == 2:
                refs[tag] = chr(self.buf[self.base + pos + 8])
            elif tag in (2, 4) and typ == 5 and count == 3:
                values[tag] = self.rationals(value, 3)

        def deg(tag: int, ref: int, neg: str) -> float | None:
            if tag not in values:
                return None
            d, m, s = values[tag]
            return (-1 if refs.get(ref) == neg else 1) * (d + m / 60 + s / 3600)
        return deg(2, 1, "S"), deg(4, 3, "W")

    def strip_gps(self) -> int:
        found = self.gps()
        if found is None:
            return 0
        pointer, gps_ifd = found
        entries = self.entries(gps_ifd)
        for _, _, typ, count, value in entries:
            size = _TYPE_SIZE.get(typ, 1) * count
            if size > 4:
                self.check(value, size)
                self.buf[self.base + value:self.base + value + size] = bytes(size)
        self.buf[self.base + gps_ifd:self.base + gps_ifd + 2 + 12 * len(entries) + 4] = bytes(2 + 12 * len(entries) + 4)
        ifd0 = self.u32(4)
        n = self.u16(ifd0)
        start, stop = self.base + pointer + 12, self.base + ifd0 + 2 + 12 * n + 4
        self.buf[self.base + pointer:stop - 12] = self.buf[start:stop]  # later entries and next-IFD move up
        self.buf[stop - 12:stop] = bytes(12)
        struct.pack_into(self.e + "H", self.buf, self.base + ifd0, n - 1)
        return len(entries)


def _blank_xmp(buf: bytearray, start: int, end: int, apply: bool) -> int:
    count = 0
    for m in _XMP_GPS.finditer(bytes(buf[start:end])):
        count += 1
        if apply:
            a, b = start + m.start(), start + m.end()
            buf[a:b] = b" " * (b - a)
    return count


def _jpeg_segments(buf: bytearray) -> list[tuple[int, int, int]]:
    """(marker, data start, data end) of each metadata segment before the image data."""
    if buf[:2] != b"\xff\xd8":
        raise ImageError("not a JPEG file")
    out, pos = [], 2
    while pos + 4 <= len(buf):
        if buf[pos] != 0xFF:
            raise ImageError(f"broken JPEG segment at byte {pos}")
        marker = buf[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: metadata is over
            break
        length = struct.unpack_from(">H", buf, pos + 2)[0]
        if length < 2 or pos + 2 + length > len(buf):
            raise ImageError(f"broken JPEG segment at byte {pos}")
        out.append((marker, pos + 4, pos + 2 + length))
        pos += 2 + length
    return out


def _png_chunks(buf: bytearray) -> list[tuple[bytes, int, int]]:
    if buf[:8] != b"\x89PNG\r\n\x1a\n":
        raise ImageError("not a PNG file")
    out, pos = [], 8
    while pos + 12 <= len(buf):
        length = struct.unpack_from(">I", buf, pos)[0]
        kind = bytes(buf[pos + 4:pos + 8])
        if pos + 12 + length > len(buf):
            raise ImageError(f"broken PNG chunk at byte {pos}")
        out.append((kind, pos + 8, pos + 8 + length))
        pos += 12 + length
        if kind == b"IEND":
            break
    return out


def _process(buf: bytearray, apply: bool) -> GpsInfo:
    tags = props = 0
    lat = lon = None
    blocks: list[tuple[str, int, int, int]] = []  # (kind, start, end, crc position or -1)
    if buf[:2] == b"\xff\xd8":
        for marker, s, e in _jpeg_segments(buf):
            if marker == 0xE1 and buf[s:s + 6] == b"Exif\x00\x00":
                blocks.append(("exif", s + 6, e, -1))
            elif marker == 0xE1 and buf[s:s + len(_XMP_HEADER)] == _XMP_HEADER:
                blocks.append(("xmp", s + len(_XMP_HEADER), e, -1))
    else:
        for kind, s, e in _png_chunks(buf):
            if kind == b"eXIf":
                blocks.append(("exif", s, e, e))
            elif kind == b"iTXt" and buf[s:s + 18] == b"XML:com.adobe.xmp\x00" and buf[s + 18] == 0:
                blocks.append(("xmp", s, e, e))
    for block, s, e, crc_at in blocks:
        before = bytes(buf[s:e])
        if block == "exif":
            tiff = _Tiff(buf, s, e)
            found = tiff.gps()
            if found:
                lat, lon = tiff.coordinates(found[1])
                n = len(tiff.entries(found[1]))
                tags += n
                if apply:
                    tiff.strip_gps()
        else:
            props += _blank_xmp(buf, s, e, apply)
        if apply and crc_at >= 0 and bytes(buf[s:e]) != before:
            crc = zlib.crc32(bytes(buf[s - 4:e])) & 0xFFFFFFFF
            struct.pack_into(">I", buf, crc_at, crc)
    return GpsInfo(tags, props, lat, lon)


def read_gps(data: bytes) -> GpsInfo | None:
    """The GPS metadata in a JPEG or PNG file's bytes, or None if it has none."""
    try:
        info = _process(bytearray(data), apply=False)
    except (struct.error, IndexError) as e:
        raise ImageError(f"unreadable metadata: {e}") from None
    return info if info.exif_tags or info.xmp_properties else None


def strip_gps(path: str) -> GpsInfo | None:
    """Remove GPS metadata from the file at ``path`` (temp file, then atomic replace)."""
    with open(path, "rb") as fh:
        buf = bytearray(fh.read())
    try:
        info = _process(buf, apply=True)
    except (struct.error, IndexError) as e:
        raise ImageError(f"unreadable metadata: {e}") from None
    if not (info.exif_tags or info.xmp_properties):
        return None
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".postlint-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(buf)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return info
