"""Search: postcodes in any form, place names with suggestions, hostile input, clicks."""

from __future__ import annotations

import pytest

from geo.cleaning import clean
from geo.search import in_geography, normalise_postcode, search


@pytest.mark.parametrize("text", ["ne611aa", "NE61 1AA", " ne61  1aa ", "Ne61\t1Aa", "NE611AA"])
def test_postcode_normalisation(text):
    assert normalise_postcode(text) == "NE61 1AA"


@pytest.mark.parametrize("text", ["NE61", "NE61 1A", "61 1AA", "hello", "", "NE61 1AAA"])
def test_not_postcodes(text):
    assert normalise_postcode(text) is None


@pytest.mark.parametrize("text", ["ne611aa", "NE61 1AA"])
def test_postcode_finds_its_lsoa(artifact, text):
    result = search(artifact, text)
    assert result.found
    place = result.matches[0]
    assert (place.geography, place.code) == ("lsoa21", "E01027453")
    assert place.lat == pytest.approx(55.17, abs=0.05)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("NE61", "only the first half"),
        ("SW1A 1AA", "outside Northumberland"),
        ("NE99 9ZZ", "not a Northumberland postcode we know"),
        ("NE6 1A", "doesn't look like a UK postcode"),
        ("", "Type a postcode"),
    ],
)
def test_postcode_problems_get_clear_messages(artifact, text, message):
    result = search(artifact, text)
    assert not result.matches
    assert message in result.message


def test_place_names_and_typos(artifact):
    exact = search(artifact, "Morpeth North")
    assert exact.found
    assert exact.matches[0].geography == "wd25"
    several = search(artifact, "hexham")
    assert len(several.matches) > 1
    assert several.matches[0].geography == "wd25"
    assert "choose one" in several.message
    typo = search(artifact, "Hexam")
    assert any(p.name.startswith("Hexham") for p in typo.matches)


def test_codes_are_found(artifact):
    assert search(artifact, "e05016083").matches[0].name == "Alnwick Castle"
    assert search(artifact, "E01027356").matches[0].geography == "lsoa21"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "' OR 1=1 --",
        "x" * 10_000,
        "\x00\x1b[31mred\u202e",
        "NE61 1AA<img src=x onerror=alert(1)>",
        "😀" * 50,
    ],
)
def test_hostile_queries_end_in_a_message_not_a_crash(artifact, hostile):
    result = search(artifact, hostile)
    assert isinstance(result.message, str)
    assert "<script" not in result.message
    assert "javascript:" not in result.message
    assert len(clean(hostile)) <= 80


def test_a_postcode_lands_in_the_current_geography(artifact):
    place = search(artifact, "NE61 1AA").matches[0]
    assert in_geography(artifact, place, "lsoa21") == "E01027453"
    assert in_geography(artifact, place, "wd25") == "E05016127"  # Morpeth North
    assert in_geography(artifact, place, "wd22") is not None
