"""Sentences generated from the data: they name editions, hold at the precision shown,
give no causes the data do not carry and warn where a comparison crosses a boundary change."""

from __future__ import annotations

import re

import pytest

from geo.insights import area_insights


def texts(artifact, geography: str, code: str) -> dict[str, str]:
    """Each insight's text by its first words' subject."""
    out = {}
    for insight in area_insights(artifact, geography, code):
        for key in ("fuel poverty", "deprived in at least one way", "Housing Benefit", "IoD"):
            if key in insight.text:
                out[key] = insight.text
                break
    return out


def every_area(artifact):
    for geography in ("lsoa21", "wd25", "wd22", "county"):
        for code in artifact.names("lsoa21" if geography == "county" else geography).index:
            yield geography, artifact.county_code if geography == "county" else code
            if geography == "county":
                break


def test_a_comparison_that_rounds_away_is_no_comparison(artifact):
    """E01027387 has 14.3% in fuel poverty against the county's 13.8%: both read "14 in
    100", so the sentence may not call one higher."""
    text = texts(artifact, "lsoa21", "E01027387")["fuel poverty"]
    assert "About 14 in every 100" in text
    assert "the same as the county's 14 in 100" in text


def test_a_change_that_rounds_away_is_no_change(artifact):
    """E01027398 went from 60.5% to 61.4%: not "rose from 61% to 61%"."""
    text = texts(artifact, "lsoa21", "E01027398")["deprived in at least one way"]
    assert "was about the same (61% then and now)" in text
    assert "rose" not in text


def test_no_sentence_anywhere_compares_equal_numbers(artifact):
    same_compared = re.compile(r"About (\d+) in every 100 .*(higher|lower) than the county's \1 ")
    same_changed = re.compile(r"(rose|fell) from (\d+)% to \2%")
    for geography, code in every_area(artifact):
        for insight in area_insights(artifact, geography, code):
            assert not same_compared.search(insight.text), (code, insight.text)
            assert not same_changed.search(insight.text), (code, insight.text)


def test_a_census_sentence_for_a_split_lsoa_warns_of_it(artifact):
    text = texts(artifact, "lsoa21", "E01035630")["deprived in at least one way"]
    assert "larger former LSOA E01027448, which was split in 2021" in text


def test_housing_benefit_sentences_give_no_cause(artifact):
    for geography, code in (("lsoa21", "E01027356"), ("wd22", "E05009110"), ("wd25", "E05016083")):
        text = texts(artifact, geography, code)["Housing Benefit"]
        assert "because" not in text
        assert "Universal Credit" not in text
        assert re.search(r"\(April 2018\) to [\d,]+ \(February 2023\)", text)


def test_every_sentence_names_its_edition(artifact):
    for geography, code in (("lsoa21", "E01027356"), ("wd25", "E05016110"), ("wd22", "E05009112")):
        found = texts(artifact, geography, code)
        assert re.search(r"in the IoD 2025.*in the IoD 2004", found["IoD"], re.IGNORECASE) or (
            re.search(r"in the IoD 2004.*in the IoD 2025", found["IoD"], re.IGNORECASE)
        )
        assert "in 2021 (Low Income Low Energy Efficiency measure)" in found["fuel poverty"]
        assert "Census 2011 to Census 2021" in found["deprived in at least one way"]


@pytest.mark.parametrize(
    ("code", "issue"),
    [
        # "rose from 43% to 51%" compared different LSOAs; the same people: 49.4% → 49.5%.
        ("E05009112", "rose from 43% to 51%"),
        # "fell from 43% to 41%"; the same people rose slightly, 41.1% → 41.5%.
        ("E05009125", "fell from 43% to 41%"),
    ],
)
def test_ward_changes_compare_the_same_people(artifact, code, issue):
    text = texts(artifact, "wd22", code)["deprived in at least one way"]
    assert issue not in text
    assert "fell" not in text
    assert "about the same" in text
