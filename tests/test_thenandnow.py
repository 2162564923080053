"""Then and now: the editions in order, each in plain words against the one before, the
censuses, boundary caveats where they start, and the stories beside their years."""

from __future__ import annotations

import pandas as pd

from geo import thenandnow, trends
from geo.insights import share_phrase
from geo.timeline import StoryMark

SPLIT, MERGED = "E01035630", "E01035636"


def by_year(artifact, code):
    history = trends.imd_history(artifact, [code])
    return history.groupby("year")["percentile"].mean()


def test_each_edition_is_told_in_order_against_the_one_before(artifact):
    parts = thenandnow.moments(artifact, "lsoa21", "E01027356")
    years = [m.year for m in parts]
    assert years == sorted(years)
    editions = [m for m in parts if "Index of Multiple Deprivation" in m.heading]
    assert [m.year for m in editions] == [2004, 2007, 2010, 2015, 2019, 2025]
    percentiles = by_year(artifact, "E01027356")
    assert editions[0].text == (
        f"In the IoD 2004 this neighbourhood was {share_phrase(percentiles[2004])}."
    )
    for before, now, moment in zip(
        percentiles.index[:-1], percentiles.index[1:], editions[1:], strict=True
    ):
        moved = round(percentiles[now]) - round(percentiles[before])
        assert share_phrase(percentiles[now]) in moment.text
        assert f"IoD {before}" in moment.text  # names the edition it is compared with
        if abs(moved) < thenandnow.ABOUT_THE_SAME:
            assert "about the same position relative to England" in moment.text
        else:
            side = "less" if moved > 0 else "more"
            assert f"relatively {side} deprived than in the IoD {before}" in moment.text
    assert [m.year for m in parts if m.heading.endswith("Census 2011")] == [2011]


def test_a_split_neighbourhood_says_where_its_early_figures_come_from_once(artifact):
    editions = [m for m in thenandnow.moments(artifact, "lsoa21", SPLIT) if "Index" in m.heading]
    [(former, _)] = trends.lineage(artifact, SPLIT).parents11
    assert editions[0].caveat == (
        f"This figure is for the former LSOA {former} (split in 2021), as a whole."
    )
    assert [m.caveat for m in editions[1:-1]] == [""] * 4  # the same caveat, not repeated
    assert editions[-1].caveat.startswith("From this edition the figures are for")
    census_2021 = next(m for m in thenandnow.moments(artifact, "lsoa21", SPLIT) if m.year == 2021)
    assert former in census_2021.caveat


def test_a_merged_neighbourhood_averages_its_former_areas(artifact):
    first = thenandnow.moments(artifact, "lsoa21", MERGED)[0]
    parents = [code for code, _ in trends.lineage(artifact, MERGED).parents11]
    assert "averaged" in first.caveat
    assert all(code in first.caveat for code in parents)


def test_a_division_counts_its_neighbourhoods_in_englands_most_deprived_fifth(artifact):
    division = "E05016087"
    members = artifact.members("wd25", division)
    history = trends.imd_history(artifact, members)
    latest = history[history["year"] == 2025].groupby("lsoa21")["percentile"].mean()
    moment = next(m for m in thenandnow.moments(artifact, "wd25", division) if m.year == 2025)
    assert moment.text.startswith(
        f"In the IoD 2025, {int((latest < 20).sum())} of the {len(members)} neighbourhoods"
    )


def test_stories_sit_beside_the_first_edition_of_their_years(artifact):
    marks = [
        StoryMark("a", "Before it all", 1960, 1975),
        StoryMark("b", "Pit closures and after", 1990, 2010),
        StoryMark("c", "The new bus", 2016, 2016),
        StoryMark("d", "This year", 2026, 2026),
    ]
    account = thenandnow.account(artifact, "lsoa21", "E01027356", marks)
    assert [m.title for _, m in account.earlier] == ["Before it all"]
    beside = {m.title: moment.year for moment in account.moments for _, m in moment.stories}
    assert beside == {"Pit closures and after": 2004, "The new bus": 2019, "This year": 2025}
    numbers = [n for moment in account.moments for n, _ in moment.stories]
    assert numbers == [2, 3, 4]  # numbered as on the charts, in time order


def test_the_census_moments_follow_the_profile_figures(artifact):
    rates = trends.then_and_now_rate(artifact, "census21_hh_deprived_1plus", "wd25", "E05016084")
    here = rates[rates["place"] == artifact.name("wd25", "E05016084")].set_index("year")["value"]
    parts = {m.year: m for m in thenandnow.moments(artifact, "wd25", "E05016084")}
    assert f"{here[2011]:.0f}% of households here" in parts[2011].text
    assert f"{round(here[2011])}% to {round(here[2021])}%" in parts[2021].text or (
        round(here[2011]) == round(here[2021]) and "about the same" in parts[2021].text
    )
    assert not pd.isna(here).any()
