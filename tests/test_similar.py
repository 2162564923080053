"""Areas like yours: same rural-urban class, nearest by the seven domain ranks."""

from __future__ import annotations

import numpy as np
import pytest

from geo import similar


def test_similar_areas_share_the_class_and_are_the_nearest(england):
    code = "E01027356"  # Northumberland 004A
    found = similar.similar_to(england, code)
    places = england.areas().set_index("code")
    assert len(found.table) == similar.K
    assert code not in set(found.table["code"])
    assert set(places.loc[found.table["code"], "ruc"]) == {places.loc[code, "ruc"]}
    assert found.table["apart"].is_monotonic_increasing
    # The gap is the root-mean-square difference in percentile points, recomputed here.
    ranks = england.values("lsoa21")[list(similar.DOMAINS)] / len(england.values("lsoa21")) * 100
    first = found.table["code"].iloc[0]
    gap = np.sqrt(((ranks.loc[code] - ranks.loc[first]) ** 2).mean())
    assert found.table["apart"].iloc[0] == pytest.approx(gap, abs=0.01)
    # No area of the same class outside the list is nearer than the farthest listed.
    same = places.index[places["ruc"] == places.loc[code, "ruc"]].drop(code)
    gaps = np.sqrt(((ranks.loc[same] - ranks.loc[code]) ** 2).mean(axis=1))
    assert gaps.nsmallest(similar.K).max() == pytest.approx(found.table["apart"].max(), abs=0.01)


def test_the_sentence_counts_what_the_table_shows(england):
    found = similar.similar_to(england, "E01012345")
    less = int((found.table["change"] >= similar.SAME_BAND).sum())
    more = int((found.table["change"] <= -similar.SAME_BAND).sum())
    sentence = found.sentence()
    assert sentence.startswith(f"Of {similar.K} areas like yours, {less} became relatively less")
    assert f"{more} relatively more deprived" in sentence


def test_change_runs_from_2004_to_2025_percentiles(england):
    from geo import trends

    code = "E01012345"
    history = trends.imd_history(england, [code]).set_index("year")["percentile"]
    row = england.changes.loc[code]
    assert row["pct_2004"] == pytest.approx(history[2004])
    assert row["change"] == pytest.approx(history[2025] - history[2004])


def test_unknown_codes_are_refused(england):
    with pytest.raises(KeyError):
        similar.similar_to(england, "E01999999")


@pytest.mark.parametrize(
    ("change", "word"),
    [(5.0, "less deprived"), (-5.0, "more deprived"), (0.4, "same"), (None, "unknown")],
)
def test_moves_are_named(change, word):
    assert similar.moved(change) == word
