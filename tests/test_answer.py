"""The plain answer: generated from the data, sourced, never claiming a change of nothing."""

from __future__ import annotations

import re

import pytest

from geo.answer import SMALL_CHANGE, Searched, area_answer, town_answer
from geo.search import search
from geo.trends import imd_history


def searched(artifact, text: str) -> tuple[str, str, Searched]:
    place = search(artifact, text).matches[0]
    return place.geography, place.code, Searched(place.name, place.how, place.lat, place.lon)


def test_a_postcode_is_echoed_with_the_town_and_division(artifact):
    geo, code, what = searched(artifact, "ne639dz")
    answer = area_answer(artifact, geo, code, stories=0, searched=what)
    assert answer.name == artifact.local_name("lsoa21", code)
    assert answer.where.text == "NE63 9DZ is in Ashington, in the Hirst division (2025)."
    assert answer.where.emphasis == "NE63 9DZ"
    assert artifact.name("lsoa21", code) in answer.official
    assert code in answer.official


def test_a_village_postcode_names_the_village_it_is_near(artifact):
    geo, code, what = searched(artifact, "NE66 3TX")  # a Craster postcode
    answer = area_answer(artifact, geo, code, stories=0, searched=what)
    assert answer.where.text.startswith("NE66 3TX is near Craster, in the Longhoughton division")


def test_the_england_sentence_follows_the_published_decile(artifact):
    deciles = artifact.values("lsoa21")["imd2025_decile"]
    for code, decile in deciles.items():
        sentence = area_answer(artifact, "lsoa21", code, stories=0).england
        assert sentence.source == "IoD 2025, MHCLG"
        if decile <= 4:
            assert f"Among the {int(decile) * 10}% most deprived neighbourhoods in England" in (
                sentence.text
            )
        elif decile >= 7:
            assert f"{(11 - int(decile)) * 10}% least deprived" in sentence.text
        else:
            assert "middle" in sentence.text


def test_the_change_since_2004_is_relative_and_never_a_change_of_nothing(artifact):
    claimed = {"more": 0, "less": 0, "about": 0}
    for code in artifact.names("lsoa21").index:
        text = area_answer(artifact, "lsoa21", code, stories=0).change.text
        assert text.startswith("Relatively, ")
        history = imd_history(artifact, [code]).groupby("year")["percentile"].mean()
        moved = history[2025] - history[2004]
        shown = re.findall(r"(most|least) deprived (\d+)%|around the middle", text)
        if "about as deprived" in text:
            claimed["about"] += 1
        else:
            direction = "more" if "more deprived than" in text else "less"
            claimed[direction] += 1
            assert abs(moved) >= SMALL_CHANGE, (code, text)
            assert (moved < 0) == (direction == "more"), (code, text)
            assert len(shown) == 2, (code, text)
            assert shown[0] != shown[1], (code, text)
    assert all(claimed.values()), claimed  # the data has all three kinds


def test_a_division_is_described_by_counting_its_neighbourhoods(artifact):
    code = search(artifact, "Hexham East").matches[0].code
    answer = area_answer(artifact, "wd25", code, stories=3)
    members = artifact.members("wd25", code)
    deciles = artifact.values("lsoa21")["imd2025_decile"].reindex(members)
    most = int((deciles <= 2).sum())
    assert f"of its {len(members)} neighbourhoods" in answer.england.text
    assert answer.england.text.startswith(f"{most or 'None'} of its")
    assert answer.stories.text == "3 community stories are about this area or its neighbourhoods."


def test_a_town_counts_its_neighbourhoods_and_names_its_divisions(artifact):
    answer = town_answer(artifact, "Hexham", stories=1, searched=Searched("Hexham", "town"))
    members = artifact.towns()["Hexham"]
    assert answer.where.text.startswith(f"Hexham is a town of {len(members)} neighbourhoods")
    assert "Hexham East" in answer.where.text
    assert "(2025)" in answer.where.text
    numbers = [int(n) for n in re.findall(r"(\d+) (?:became|less|stayed)", answer.change.text)]
    assert sum(numbers) == len(members)
    assert answer.stories.text.startswith("1 community story is about")


@pytest.mark.parametrize("count", [0, 1, 5])
def test_the_story_count_reads_naturally(artifact, count):
    text = area_answer(artifact, "lsoa21", "E01027383", stories=count).stories.text
    expected = {0: "No community stories", 1: "1 community story is", 5: "5 community stories are"}
    assert text.startswith(expected[count])
