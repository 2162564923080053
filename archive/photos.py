"""Photos: accepted by content, checked for size, stripped of metadata, re-encoded.

A photo is accepted only if Pillow recognises it as JPEG, PNG or WebP from its bytes
(the file name is ignored). Files that are too large, images with too many pixels
(decompression bombs) and damaged files are refused with a message. Accepted photos are
turned upright, re-encoded as JPEG with no EXIF, GPS or other metadata, and resized
for display, with a thumbnail.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
THUMB_SIDE = 480
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")


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


def process(data: bytes, caption: str = "") -> ProcessedPhoto:
    """Check and re-encode one uploaded photo.

    Raises
    ------
    PhotoError
        If the file is empty, too big, not a JPEG/PNG/WebP image, damaged, or has too
        many pixels.
    """
    if not data:
        raise PhotoError("The photo file is empty.")
    if len(data) > MAX_BYTES:
        raise PhotoError(
            f"The photo is larger than {MAX_BYTES // (1024 * 1024)} MB; please send a smaller copy."
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise PhotoError(
                        f"The photo has {width} × {height} pixels, more than we accept; "
                        "please send a smaller copy."
                    )
                probe.verify()  # structure check without decoding the pixels
            with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as img:
                img.load()
                upright = ImageOps.exif_transpose(img)
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PhotoError(
                "The photo has more pixels than we accept; please send a smaller copy."
            ) from exc
        except UnidentifiedImageError as exc:
            raise PhotoError("That file is not a JPEG, PNG or WebP photo we can use.") from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise PhotoError(
                "The photo file is damaged or incomplete; please try another copy."
            ) from exc
    rgb = _flatten(upright)
    display = _shrunk(rgb, MAX_SIDE)
    image = _jpeg(display, quality=85)
    return ProcessedPhoto(
        image=image,
        thumbnail=_jpeg(_shrunk(rgb, THUMB_SIDE), quality=80),
        width=display.width,
        height=display.height,
        mime="image/jpeg",
        sha256=hashlib.sha256(image).hexdigest(),
        caption=caption,
    )


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
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    return copy


def _jpeg(img: Image.Image, *, quality: int) -> bytes:
    out = io.BytesIO()
    # A fresh image carries no EXIF; nothing is passed on from the upload.
    img.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()
