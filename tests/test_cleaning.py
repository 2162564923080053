"""Untrusted text from people and links: cleaned, shortened, shown back safely."""

from __future__ import annotations

import pytest

from geo.cleaning import clean, link_value, shown, whole_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7", 7), (" 9 ", 9), ("0", None), ("10", None), ("¹", None), ("٣", None), ("3.0", None),
     ("-3", None), ("", None), ("9" * 40, None)],
)  # fmt: skip
def test_whole_number_takes_only_ascii_digits_in_range(text, expected):
    assert whole_number(text, 1, 9) == expected


def test_clean_makes_text_printable_single_spaced_and_short():
    assert clean("  Hexham\x00\n\tnorth ") == "Hexham north"
    assert len(clean("x" * 500)) == 80
    assert clean("abc", limit=2) == "ab"


def test_shown_keeps_nothing_that_could_become_markup():
    assert shown("[a](javascript:x) <b>") == "ajavascriptx b"


def test_a_link_value_given_twice_is_the_last():
    assert link_value({"k": ["1", "2"]}, "k") == "2"
    assert link_value({"k": []}, "k") is None
    assert link_value({}, "k") is None
