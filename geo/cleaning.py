"""Text from people and links, cleaned before it is used or shown back.

Everything typed into a box or put in a link is untrusted: it is length-limited, made
printable, and only ever repeated in messages in a form that cannot become markdown, a
link or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MAX_QUERY = 80


def clean(text: str, limit: int = MAX_QUERY) -> str:
    """The text as it may be used: printable, single-spaced, shortened to ``limit``."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    text = " ".join(text.split())
    return text[:limit]


def shown(text: str, limit: int = 30) -> str:
    """A fragment of untrusted text that is safe to repeat in a message.

    Only letters, digits, spaces and ``_-.`` survive, so nothing can become markdown,
    a link or HTML when the message is displayed.
    """
    return re.sub(r"[^A-Za-z0-9_\-. ]", "", str(text))[:limit]


def whole_number(text: str, low: int, high: int) -> int | None:
    """An ASCII whole number from ``low`` to ``high``, else None (``'¹'`` is a digit to
    ``str.isdigit`` but not to ``int``)."""
    text = str(text).strip()
    if not re.fullmatch(r"[0-9]{1,12}", text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def link_value(params: Mapping[str, object], name: str) -> str | None:
    """One URL parameter as text (the last, if it was given several times), or None."""
    raw = params.get(name)
    if isinstance(raw, list | tuple):
        raw = raw[-1] if raw else None
    return None if raw is None else str(raw)
