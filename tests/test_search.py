"""Search: postcodes in any form, every gazetteer place typed loosely, hostile input."""

from __future__ import annotations

import pytest

from geo.cleaning import clean
from geo.gazetteer import normal_form, squashed
from geo.search import TOWN, in_geography, is_found_area, normalise_postcode, search


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
    assert (place.name, place.how) == ("NE61 1AA", "postcode")  # echoed in standard form
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


def test_division_names_and_typos(artifact):
    exact = search(artifact, "Morpeth North")
    assert exact.found
    assert exact.matches[0].geography == "wd25"
    assert ("lsoa21", "E01027456") in {(p.geography, p.code) for p in exact.also}
    typo = search(artifact, "Morpth North")  # a near miss is offered, never opened
    assert not typo.found
    assert "Did you mean" in typo.message
    assert typo.matches[0].code == exact.matches[0].code


def test_a_town_opens_all_its_neighbourhoods_and_offers_its_divisions(artifact):
    result = search(artifact, "hexham")
    assert result.found
    town = result.matches[0]
    assert (town.geography, town.code, town.how) == (TOWN, "Hexham", "town")
    members = artifact.towns()["Hexham"]
    assert len(members) >= 5
    assert all("Hexham" in artifact.local_name("lsoa21", m) for m in members)
    divisions = {p.name for p in result.also if p.geography == "wd25"}
    assert {"Hexham East", "Hexham West"} <= divisions
    assert search(artifact, "Hexam").matches[0].code == "Hexham"


def test_a_near_miss_is_a_suggestion_not_an_answer(artifact):
    result = search(artifact, "Boston")  # not in Northumberland; one letter from Bolton
    assert not result.found
    assert all(p.how != "postcode" for p in result.matches)


@pytest.mark.parametrize(
    ("typed", "target"),
    [
        ("Berwick", (TOWN, "Berwick-upon-Tweed")),  # prefix of a town, no "upon"
        ("berwick upon tweed", (TOWN, "Berwick-upon-Tweed")),  # no hyphens, lower case
        ("NEWBIGGIN", (TOWN, "Newbiggin-by-the-Sea")),  # without "by-the-Sea"
        ("Allendale", ("lsoa21", "E01027478")),  # the village is "Allendale Town"
        ("seahouses ", ("lsoa21", "E01027383")),
        ("scots gap", ("lsoa21", "E01027447")),  # Scots' Gap, no apostrophe
        ("Scotsgap", ("lsoa21", "E01027447")),  # run together
        ("heddon on the wall", ("lsoa21", "E01027449")),  # Heddon-on-the-Wall
        ("kielder", ("lsoa21", "E01027503")),
        ("craster", ("lsoa21", "E01027366")),
        ("Cramlington", (TOWN, "Cramlington")),  # its OS record is missing: a locality
    ],
)
def test_places_typed_loosely_are_found(artifact, typed, target):
    result = search(artifact, typed)
    assert result.found, result.message
    assert (result.matches[0].geography, result.matches[0].code) == target


@pytest.mark.parametrize(
    ("typed", "target"),
    [("Otterbrun", ("lsoa21", "E01027503")), ("Belfrod", ("lsoa21", "E01027374"))],
)
def test_typos_suggest_the_place_first(artifact, typed, target):
    result = search(artifact, typed)
    assert (result.matches[0].geography, result.matches[0].code) == target


def test_places_sharing_a_name_are_told_apart_by_division(artifact):
    result = search(artifact, "Bridge End")
    assert not result.found
    assert len(result.matches) >= 4
    assert "choose one" in result.message
    labels = [p.label for p in result.matches]
    assert len(set(labels)) == len(labels)
    assert all(label.endswith("division") for label in labels)


def test_every_gazetteer_name_finds_its_place(artifact):
    """Each of the gazetteer's 944 rows, typed as it is spelt, offers its own area: as
    the answer when its name is its own, else among the choices or the other matches."""
    towns = artifact.towns()
    areas = [*artifact.names("wd25"), *artifact.names("wd22"), *artifact.local_names("lsoa21")]
    names = {squashed(normal_form(n)) for n in areas}
    spelt = artifact.places["normal"].map(squashed)
    shared = spelt.value_counts()
    unresolved = []
    for row, key in zip(artifact.places.itertuples(), spelt, strict=True):
        result = search(artifact, row.name)
        offered = {(p.geography, p.code) for p in (*result.matches, *result.also)}
        own = {(TOWN, row.name), ("lsoa21", row.lsoa21)} if row.name in towns else set()
        own.add(("lsoa21", row.lsoa21))
        if not own & offered:
            unresolved.append(row.name)
        elif shared[key] == 1 and key not in names:
            assert result.found, row.name
            assert (result.matches[0].geography, result.matches[0].code) in own, row.name
    assert not unresolved, unresolved


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
    assert all(is_found_area(artifact, p) for p in (*result.matches, *result.also))
    assert "<script" not in result.message
    assert "javascript:" not in result.message
    assert len(clean(hostile)) <= 80


def test_a_postcode_lands_in_the_current_geography(artifact):
    place = search(artifact, "NE61 1AA").matches[0]
    assert in_geography(artifact, place, "lsoa21") == "E01027453"
    assert in_geography(artifact, place, "wd25") == "E05016127"  # Morpeth North
    assert in_geography(artifact, place, "wd22") is not None
