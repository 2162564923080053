"""Photos: accepted by content, checked before decoding, stripped of metadata, re-encoded.

A photo is accepted only if Pillow recognises it as JPEG, PNG or WebP from its bytes
(the file name is ignored). :func:`inspect` reads only the header (format and size), so
a form can be refused, and a budget charged, before any pixel is decoded. Decoding is
bounded: JPEGs are decoded at a reduced scale (``draft``) close to the display size,
PNG and WebP (which cannot be) are refused above :data:`MAX_DECODED_BYTES`, and only
``OBSERVATORY_PHOTO_DECODES_AT_ONCE`` photos are decoded at a time in a process.

Accepted photos are turned upright, re-encoded as JPEG from the pixels alone (no EXIF,
GPS, comment, text chunk, XMP or colour profile survives) and resized for display, with
a thumbnail.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from archive import settings

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
#: Memory one photo may take while decoded (after any reduced-scale JPEG decoding).
MAX_DECODED_BYTES = 40 * 1024 * 1024
MAX_SIDE = 1600
THUMB_SIDE = 480
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
#: Seconds a photo waits for its turn to be decoded before the form asks to try again.
DECODE_WAIT = 60.0
_BYTES_PER_BAND = {"I": 4, "F": 4, "I;16": 2, "I;16B": 2, "I;16L": 2}


class PhotoError(ValueError):
    """A photo was refused; the message says why, in plain words."""


@dataclass(frozen=True)
class ProcessedPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int
    mime: str
    sha256: str
    caption: str = ""


@dataclass(frozen=True)
class PhotoHeader:
    """What a photo's header says, read without decoding it."""

    format: str
    width: int
    height: int
    decoded_bytes: int  # memory its pixels will take when decoded as we decode them


def inspect(data: bytes) -> PhotoHeader:
    """Check a photo's size, type and dimensions from its header alone.

    Raises
    ------
    PhotoError
        If the file is empty, too big, not a JPEG/PNG/WebP image, obviously damaged,
        has too many pixels, or would take too much memory to decode.
    """
    if not data:
        raise PhotoError("The photo file is empty.")
    if len(data) > MAX_BYTES:
        raise PhotoError(
            f"The photo is larger than {MAX_BYTES // (1024 * 1024)} MB; please send a smaller copy."
        )
    with _readable(), Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
        width, height = probe.size
        if width * height > MAX_PIXELS:
            raise PhotoError(
                f"The photo has {width} × {height} pixels, more than we accept; "
                "please send a smaller copy."
            )
        fmt = probe.format or ""
        probe.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG only: what decoding will cost
        decoded = _decoded_bytes(probe)
        probe.verify()  # structure check without decoding the pixels
    if decoded > MAX_DECODED_BYTES:
        raise PhotoError(
            f"The photo has {width} × {height} pixels, too many to process as {fmt}; "
            "please send it as a JPEG or a smaller copy."
        )
    return PhotoHeader(fmt, width, height, decoded)


def process(data: bytes, caption: str = "") -> ProcessedPhoto:
    """Check and re-encode one uploaded photo (see :func:`inspect` for the checks).

    Raises
    ------
    PhotoError
        As :func:`inspect`, or if the pixels turn out to be damaged, or if the server
        is too busy decoding other photos.
    """
    inspect(data)
    if not _decoding().acquire(timeout=DECODE_WAIT):
        raise PhotoError("Photos are being checked for many people just now; please send again.")
    try:
        with _readable(), Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as img:
            img.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a scale near the display
            img.load()
            # In place: a copy of a large photo's pixels would double what it costs.
            ImageOps.exif_transpose(img, in_place=True)
            img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            display = _flatten(img)
        image = _jpeg(display, quality=85)
        return ProcessedPhoto(
            image=image,
            thumbnail=_jpeg(_shrunk(display, THUMB_SIDE), quality=80),
            width=display.width,
            height=display.height,
            mime="image/jpeg",
            sha256=hashlib.sha256(image).hexdigest(),
            caption=caption,
        )
    finally:
        _decoding().release()


@contextlib.contextmanager
def _readable() -> Iterator[None]:
    """Turn Pillow's ways of refusing a file into a PhotoError with a plain reason."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PhotoError(
                "The photo has more pixels than we accept; please send a smaller copy."
            ) from exc
        except UnidentifiedImageError as exc:
            raise PhotoError("That file is not a JPEG, PNG or WebP photo we can use.") from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise PhotoError(
                "The photo file is damaged or incomplete; please try another copy."
            ) from exc


_decode_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


def _decoding() -> threading.BoundedSemaphore:
    """The process-wide limit on photos decoded at once (read from the setting once)."""
    global _decode_slots
    with _slots_lock:
        if _decode_slots is None:
            _decode_slots = threading.BoundedSemaphore(settings.PHOTO_DECODES_AT_ONCE.whole())
        return _decode_slots


def _decoded_bytes(img: Image.Image) -> int:
    bands = len(img.getbands())
    return img.width * img.height * bands * _BYTES_PER_BAND.get(img.mode, 1)


def _flatten(img: Image.Image) -> Image.Image:
    """RGB on white: transparency and palettes would not survive JPEG."""
    if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return img.convert("RGB")


def _shrunk(img: Image.Image, side: int) -> Image.Image:
    copy = img.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)  # reduces in steps when large
    return copy


def _jpeg(img: Image.Image, *, quality: int) -> bytes:
    """JPEG of the pixels alone: Pillow would copy a comment, XMP, a colour profile or
    EXIF from ``img.info`` into the file, so a bare image is saved."""
    bare = Image.frombytes(img.mode, img.size, img.tobytes())
    out = io.BytesIO()
    bare.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()
