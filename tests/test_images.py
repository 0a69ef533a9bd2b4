"""exif_gps: real JPEG and PNG files with GPS tags, found, and removed losslessly by --fix."""
from __future__ import annotations

import hashlib
import io
import os
import struct
from pathlib import Path

import pytest
from PIL import Image

from postlint.images import read_gps, strip_gps
from tests.conftest import run

XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="55,51.852N" '
       b'exif:GPSLongitude="4,13.08W"><exif:GPSAltitude>12/1</exif:GPSAltitude></rdf:Description>'
       b'</rdf:RDF></x:xmpmeta>')


def picture() -> Image.Image:
    img = Image.new("RGB", (32, 24))
    img.putdata([(x * 8, y * 10, (x * y) % 256) for y in range(24) for x in range(32)])
    return img


def exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (55.0, 51.0, 51.12), 3: "W", 4: (4.0, 13.0, 4.8), 6: 12.5})
    return exif.tobytes()


def jpeg(path: Path, xmp: bool = False) -> Path:
    buf = io.BytesIO()
    picture().save(buf, "JPEG", exif=exif_with_gps(), quality=90)
    data = buf.getvalue()
    if xmp:
        body = b"http://ns.adobe.com/xap/1.0/\x00" + XMP
        data = data[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + data[2:]
    path.write_bytes(data)
    return path


def scan_data(data: bytes) -> bytes:
    """Everything from the start-of-scan marker on: the compressed pixels."""
    return data[data.index(b"\xff\xda"):]


def test_jpeg_gps_found(tmp_path: Path) -> None:
    info = read_gps(jpeg(tmp_path / "a.jpg").read_bytes())
    assert info is not None and info.exif_tags == 5
    assert round(info.latitude or 0, 4) == 55.8642 and round(info.longitude or 0, 4) == -4.218


def test_strip_is_lossless_and_keeps_other_tags(tmp_path: Path) -> None:
    path = jpeg(tmp_path / "a.jpg", xmp=True)
    os.chmod(path, 0o640)
    before = path.read_bytes()
    info = strip_gps(str(path))
    assert info is not None and info.exif_tags == 5 and info.xmp_properties == 3
    after = path.read_bytes()
    assert len(after) == len(before) and scan_data(after) == scan_data(before)
    assert read_gps(after) is None
    assert b"GPS" not in after.split(b"http://ns.adobe.com/xap/1.0/")[1][:600]
    img = Image.open(path)
    assert img.tobytes() == Image.open(io.BytesIO(before)).tobytes()
    assert img.getexif()[0x010F] == "PhoneMaker" and not img.getexif().get_ifd(0x8825)
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.jpg"]  # no temp file left behind
    assert strip_gps(str(path)) is None


def test_png_exif_chunk(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    picture().save(path, "PNG", exif=exif_with_gps())
    assert read_gps(path.read_bytes()) is not None
    assert strip_gps(str(path)) is not None
    img = Image.open(path)
    img.load()  # CRCs are checked on load
    assert img.tobytes() == picture().tobytes() and read_gps(path.read_bytes()) is None


def test_broken_image_is_not_a_crash(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00II*\x00\xff\xff\xff\xff")
    code, _, err = run(capsys, "--select", "location.geotagged-image", str(bad))
    assert code == 0 and err == ""


def test_cli_reports_without_changing_then_fixes(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    jpeg(isolated / "porch.jpg")
    (isolated / "post.md").write_text("new flat, look ![porch](porch.jpg)\n")
    digest = hashlib.sha256((isolated / "porch.jpg").read_bytes()).hexdigest()
    code, out, _ = run(capsys, "--select", "location.geotagged-image", "post.md")
    assert code == 1 and "porch.jpg carries 5 EXIF GPS tags; 'postlint --fix' removes it" in out
    assert "55.86" not in out  # coordinates never reach the report
    assert hashlib.sha256((isolated / "porch.jpg").read_bytes()).hexdigest() == digest  # untouched
    code, out, err = run(capsys, "--select", "location.geotagged-image", "--fix", "post.md")
    assert code == 0 and "No findings" in out
    assert "postlint: fixed porch.jpg: removed 5 EXIF GPS tags" in err and "55.86" not in err
    assert read_gps((isolated / "porch.jpg").read_bytes()) is None


def test_image_passed_directly(isolated: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    jpeg(isolated / "photo.jpg")
    code, out, _ = run(capsys, "--format", "json", "photo.jpg")
    assert code == 1 and '"rule": "location.geotagged-image"' in out
    Image.new("RGB", (4, 4)).save(isolated / "plain.jpg")
    assert run(capsys, "plain.jpg")[0] == 0


@pytest.mark.parametrize("data", [b"", b"\xff\xd8", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x05eXIfII*", b"\xff\xd8\xff\xe1\xff\xff"])
def test_truncated_files(data: bytes) -> None:
    from postlint.images import ImageError
    try:
        assert read_gps(data) is None
    except ImageError:
        pass
