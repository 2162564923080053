"""Small builders for archive tests."""

from __future__ import annotations

import io
import itertools
import re
import string

from PIL import Image

from archive import StoryDraft, normalise
from archive.text import WORD_JOINER

_counter = itertools.count()


def draft(**changes) -> StoryDraft:
    """A valid draft; each call has a different body so duplicates are not triggered."""
    n = next(_counter)
    base = dict(
        title="Growing up by the harbour",
        body=f"We used to watch the boats come in every morning before school. ({n})",
        year_from=1985,
        year_to=1992,
        themes=("Countryside and coast",),
        areas=(("wd25", "E05016085"),),
        display_name="Pat",
        consent=True,
        licence="CC-BY-4.0",
    )
    base.update(changes)
    return normalise(StoryDraft(**base))


KNOWN = {("wd25", "E05016085"), ("wd25", "E05016087"), ("lsoa21", "E01027356")}


def jpeg_bytes(size=(64, 48), *, gps: bool = False, fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    img = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "SecretCam"  # Make
        exif[0x8825] = {1: "N", 2: (55.0, 10.0, 0.0), 3: "W", 4: (1.0, 40.0, 0.0)}  # GPSInfo
        img.save(out, format=fmt, exif=exif)
    else:
        img.save(out, format=fmt)
    return out.getvalue()


def noisy_jpeg() -> bytes:
    """A photo that does not compress: big enough to need database pages of its own."""
    out = io.BytesIO()
    Image.effect_noise((400, 300), 80).convert("RGB").save(out, format="JPEG")
    return out.getvalue()


def unescaped_punctuation(markdown: str) -> list[str]:
    """ASCII punctuation that markdown would read as syntax (not preceded by a backslash)."""
    found, i = [], 0
    while i < len(markdown):
        if markdown[i] == "\\":
            i += 2  # an escape and the character it makes literal
            continue
        if markdown[i] in string.punctuation:
            found.append(markdown[i])
        i += 1
    return found


def as_typed(text: str) -> str:
    """What a one-line escape should read as: whitespace runs as one space, no invisible
    or control characters."""
    return " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())


def as_read(markdown: str) -> str:
    """What a reader sees: escapes resolved, invisible joiners gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")
