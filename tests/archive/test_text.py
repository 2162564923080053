"""Story text: hostile HTML, script and markdown payloads are shown as text."""

from __future__ import annotations

import re

import pytest

from archive.text import clean_text, escape_markdown, excerpt, story_html
from tests.archive.helpers import as_read, as_typed, unescaped_punctuation

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click me](javascript:alert(1))",
    "![img](http://evil.example/x.png)",
    "<iframe src='http://evil.example'></iframe>",
    "<style>body{display:none}</style>",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "&lt;script&gt;already escaped&lt;/script&gt;",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_payloads_are_escaped_in_story_html(payload):
    out = story_html(payload)
    for dangerous in ("<script", "<img", "<a ", "<iframe", "<style", 'javascript:alert(1)">', "]("):
        assert dangerous not in out
    assert out.startswith("<p>")
    assert out.endswith("</p>")


def test_light_formatting_survives():
    out = story_html("First **bold** and *quiet* line\nsecond line\n\nNew paragraph")
    assert out == (
        "<p>First <strong>bold</strong> and <em>quiet</em> line<br>second line</p>"
        "<p>New paragraph</p>"
    )


def test_formatting_cannot_smuggle_markup():
    out = story_html("**<b onmouseover=alert(1)>x</b>**")
    assert "<b " not in out
    assert "&lt;b onmouseover=alert(1)&gt;" in out


@pytest.mark.parametrize("payload", HOSTILE)
def test_titles_are_escaped_for_markdown(payload):
    out = escape_markdown(payload)
    assert unescaped_punctuation(out) == []
    assert as_read(out) == as_typed(payload)


@pytest.mark.parametrize(
    "text",
    [
        "Fish & chips",
        "![i](http://host/pixel.png)",
        "see https://example.org/x or www.example.org",
        "mail me: pat@example.org",
        ":red[coloured] :material/home: $x^2$",
    ],
)
def test_plain_text_is_escaped_once_and_never_a_link(text):
    out = escape_markdown(text)
    assert "&amp;" not in out  # one layer: markdown, no HTML entities on top
    assert as_read(out) == text
    resolved = re.sub(r"\\(.)", r"\1", out)  # what the autolinker sees
    assert not re.search(r"https?://|www\.|@\w", resolved)


def test_cleaning_removes_invisible_and_control_characters():
    sneaky = "Hello\u202eevil\u200b\x00 world\r\n\r\n\r\n\r\nnext\t tab"
    assert clean_text(sneaky) == "Helloevil world\n\nnext tab"
    assert clean_text("  a \n b ", multiline=False) == "a b"


def test_excerpt_cuts_on_a_word():
    assert excerpt("word " * 100, 30).endswith("…")
    assert len(excerpt("word " * 100, 30)) <= 30
    assert excerpt("short *story*") == "short story"


@pytest.mark.parametrize(
    "text", ["\u2060", "a\u2060b", "abc\u202edcba", "x\u200by", "bell\x07", "soft\u00adhyphen"]
)
def test_titles_lose_invisible_and_control_characters(text):
    out = escape_markdown(text)
    assert all(ch.isprintable() for ch in out)  # no link shapes here, so no joiner added
    assert as_read(out) == "".join(ch for ch in text if ch.isprintable())
