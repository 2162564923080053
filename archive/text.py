"""Story text: cleaned on the way in, escaped on the way out.

Stories are plain text with light formatting: paragraphs, line breaks, ``**bold**`` and
``*italic*``. Everything else a person types, HTML, scripts, markdown links or images,
is shown as the characters they typed, never interpreted.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Zero-width and bidirectional control characters can hide or reorder text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
#: Every ASCII punctuation character: CommonMark lets a backslash make any of them literal.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: Where Streamlit's markdown (GitHub's autolinks, emoji short codes) would still find a
#: link, an address or a code in text whose punctuation is escaped: after ``http:`` and
#: every colon, before the dot of ``www.``, after ``@``.
_LINK_SHAPES = re.compile(r"(?<=[:@])|(?<=www)(?=\\\.)", re.IGNORECASE)
#: Invisible and zero-width: breaks those shapes without changing what people read.
WORD_JOINER = "\u2060"


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Normalise typed text: NFC, no control or invisible characters, tidy whitespace."""
    text = unicodedata.normalize("NFC", str(text))
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    allowed = "\n" if multiline else ""
    text = "".join(ch for ch in text if ch.isprintable() or ch in allowed or ch == "\t")
    text = text.replace("\t", " ")
    if multiline:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    else:
        text = " ".join(text.split())
    return text.strip()


def escape_markdown(text: str) -> str:
    """Text shown exactly as typed wherever Streamlit renders markdown (text, captions,
    labels, messages): one line, every punctuation character escaped once (no HTML
    entities, so ``&`` stays ``&``), and no live link, image, address or emoji code.
    Invisible and control characters go, as in :func:`clean_text`: they could reorder
    what is read, and a typed word joiner must not pass for one added here."""
    printable = "".join(ch for ch in str(text) if ch.isprintable() or ch.isspace())
    line = " ".join(printable.split())
    return _LINK_SHAPES.sub(WORD_JOINER, _PUNCTUATION.sub(r"\\\1", line))


def story_html(body: str) -> str:
    """A story body as safe HTML: escaped, then paragraphs, breaks, bold and italics."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", clean_text(body)):
        if not block:
            continue
        escaped = html.escape(block, quote=True)
        # Brackets as entities too: no markdown renderer can then make a link or image.
        escaped = escaped.replace("[", "&#91;").replace("]", "&#93;")
        escaped = re.sub(r"\*\*(\S(?:.*?\S)?)\*\*", r"<strong>\1</strong>", escaped)
        escaped = re.sub(r"(?<![*\w])\*(\S(?:.*?\S)?)\*(?![*\w])", r"<em>\1</em>", escaped)
        paragraphs.append("<p>" + escaped.replace("\n", "<br>") + "</p>")
    return "".join(paragraphs)


def excerpt(body: str, limit: int = 220) -> str:
    """The start of a story as plain text, cut at a word boundary."""
    text = " ".join(clean_text(body).replace("*", "").split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
