"""Photos: accepted by content, refused when hostile, re-encoded without metadata."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from archive.photos import MAX_SIDE, PhotoError, process
from tests.archive.helpers import jpeg_bytes


def test_a_photo_with_gps_comes_out_without_any_metadata():
    original = jpeg_bytes(gps=True)
    assert b"SecretCam" in original
    photo = process(original, caption="Quay")
    assert b"SecretCam" not in photo.image
    with Image.open(io.BytesIO(photo.image)) as img:
        assert img.format == "JPEG"
        assert not img.getexif()
        assert "exif" not in img.info
    assert photo.mime == "image/jpeg"
    assert photo.caption == "Quay"


@pytest.mark.parametrize(("fmt", "mode"), [("PNG", "RGBA"), ("WEBP", "RGB"), ("PNG", "P")])
def test_png_and_webp_are_accepted_by_content(fmt, mode):
    data = jpeg_bytes(fmt=fmt, mode=mode if mode != "P" else "RGB")
    if mode == "P":
        img = Image.open(io.BytesIO(data)).convert("P")
        out = io.BytesIO()
        img.save(out, format="PNG")
        data = out.getvalue()
    photo = process(data)
    assert photo.width == 64
    assert photo.height == 48


def test_big_photos_are_resized_for_display():
    photo = process(jpeg_bytes((4000, 3000)))
    assert max(photo.width, photo.height) == MAX_SIDE
    with Image.open(io.BytesIO(photo.thumbnail)) as thumb:
        assert max(thumb.size) <= 480


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG claiming huge dimensions: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 10)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"GIF89a" + b"\x00" * 100, "not a JPEG, PNG or WebP"),
        (b"%PDF-1.7 not a photo", "not a JPEG, PNG or WebP"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "not a JPEG"),
        (_png_header_only(30000, 30000), "pixels"),
        (jpeg_bytes((300, 300))[:400], "damaged"),
        (b"\xff\xd8\xff" + b"A" * (9 * 1024 * 1024), "larger than"),
    ],
)
def test_hostile_or_broken_files_are_refused_with_a_reason(data, message):
    with pytest.raises(PhotoError, match=message):
        process(data)


def test_a_gif_renamed_to_jpg_is_still_a_gif():
    img = Image.new("RGB", (10, 10))
    out = io.BytesIO()
    img.save(out, format="GIF")
    with pytest.raises(PhotoError, match="not a JPEG, PNG or WebP"):
        process(out.getvalue())  # the name "photo.jpg" never matters: only the bytes
