"""Indicator layers: reading each source, the three reading modes, the join report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.catalog import load_registry
from geo.errors import DataError
from geo.indicators import denominator_column, load_layer, numerator_column
from tests.conftest import DATA

HEADER = """
[settings]
population_indicator = "people"

[source.people_src]
title = "T"
publisher = "P"
edition = "E"
year = 2021
geography = "lsoa21"
file = "people.csv"
key = "code"
licence = "OGL-3.0"

[[indicator]]
id = "people"
source = "people_src"
label = "People"
theme = "t"
description = "d"
column = "n"
unit = "people"
kind = "count"
more_need = "neither"
aggregate = "sum"
"""

AREAS = ["E01000001", "E01000002", "E01000003"]


def setup(tmp_path: Path, extra_toml: str, files: dict[str, str]):
    (tmp_path / "indicators.toml").write_text(HEADER + extra_toml)
    shutil.copyfile(DATA / "geographies.toml", tmp_path / "geographies.toml")
    for name, text in {"people.csv": "code,n\nE01000001,10\n", **files}.items():
        (tmp_path / name).write_text(text)
    registry = load_registry(tmp_path / "indicators.toml")
    return registry


def layer_of(registry, source_id, folder, areas=AREAS):
    source = registry.sources[source_id]
    return load_layer(
        source, registry.from_source(source_id), areas, folder, county_code="E06000057"
    )


def test_imd2025_joins_all_200_lsoas(artifact):
    report = next(r for r in artifact.reports if r.source_id == "iod2025")
    assert (report.matched, report.expected) == (200, 200)
    assert report.complete
    assert not report.missing
    assert artifact.values("lsoa21")["imd2025_score"].notna().sum() == 200


def test_every_bundled_source_joins_completely(artifact):
    """Every code matches; the only gaps are the empty IoD 2025 counts, and they are
    reported as such, not as "0 areas without data"."""
    incomplete = {r.source_id: r for r in artifact.reports if not r.complete or r.missing}
    assert list(incomplete) == ["iod2025_indicators"]
    report = incomplete["iod2025_indicators"]
    assert (report.matched, report.missing, report.unmatched) == (200, (), ())
    assert report.empty == (
        ("iod2025_children_income_deprived", 8),
        ("iod2025_older_income_deprived", 10),
    )
    assert "18 (iod2025_children_income_deprived 8" in report.summary()


def test_empty_values_are_counted_apart_from_missing_rows(tmp_path):
    registry = setup(tmp_path, "", {"people.csv": "code,n\nE01000001,10\nE01000002,\n"})
    report = layer_of(registry, "people_src", tmp_path).report
    assert report.missing == ("E01000003",)
    assert report.empty == (("people", 1),)
    assert not report.complete
    assert type(report).from_dict(report.to_dict()) == report


def test_column_mode_reports_unmatched_missing_and_keeps_values(tmp_path):
    registry = setup(
        tmp_path, "", {"people.csv": "code,n\nE01000001,10\nE01000002,20\nE01099999,5\n"}
    )
    layer = layer_of(registry, "people_src", tmp_path)
    assert layer.report.matched == 2
    assert layer.report.unmatched == ("E01099999",)
    assert layer.report.missing == ("E01000003",)
    assert layer.values.loc["E01000002", "people"] == 20
    assert layer.values["people"].isna().sum() == 1
    assert "E01099999" not in layer.values.index


def test_exact_duplicate_rows_are_reported_and_dropped(tmp_path):
    registry = setup(tmp_path, "", {"people.csv": "code,n\nE01000001,10\nE01000001,10\n"})
    layer = layer_of(registry, "people_src", tmp_path)
    assert layer.report.duplicates == ("E01000001",)
    assert layer.values.loc["E01000001", "people"] == 10


def test_conflicting_duplicates_fail_naming_the_file(tmp_path):
    registry = setup(tmp_path, "", {"people.csv": "code,n\nE01000001,10\nE01000001,11\n"})
    with pytest.raises(DataError, match=r"people\.csv.*more than once"):
        layer_of(registry, "people_src", tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code,n\nE01000001,ten\n", "not numbers, for example 'ten'"),
        ("code,m\nE01000001,10\n", "has no column 'n'"),
        ("", "could not be read as CSV"),
    ],
)
def test_corrupt_source_files_fail_clearly(tmp_path, content, message):
    registry = setup(tmp_path, "", {"people.csv": content})
    with pytest.raises(DataError, match=message):
        layer_of(registry, "people_src", tmp_path)


def test_non_utf8_file_fails_clearly(tmp_path):
    registry = setup(tmp_path, "", {})
    (tmp_path / "people.csv").write_bytes("code,n\nE01000001,10\n\xff\xfe".encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        layer_of(registry, "people_src", tmp_path)


def test_missing_markers_read_as_gaps_not_errors(tmp_path):
    registry = setup(tmp_path, "", {"people.csv": "code,n\nE01000001,..\nE01000002,\n"})
    layer = layer_of(registry, "people_src", tmp_path)
    assert layer.values["people"].isna().all()


SHARE = """
[source.long]
title = "T"
publisher = "P"
edition = "E"
year = 2021
geography = "lsoa21"
file = "long.csv"
key = "code"
category_column = "cat"
licence = "OGL-3.0"

[[indicator]]
id = "share_ab"
source = "long"
label = "Share"
theme = "t"
description = "d"
where = { topic = "x" }
column = "count"
categories = ["a", "b"]
unit = "%"
kind = "percent"
more_need = "higher"
aggregate = "ratio"
"""

LONG = "code,topic,cat,count\n" + "\n".join(
    [
        "E01000001,x,a,1",
        "E01000001,x,b,2",
        "E01000001,x,c,7",
        "E01000002,x,a,0",
        "E01000002,x,b,0",
        "E01000002,x,c,4",
        "E01000001,y,a,99",
    ]
)


def test_share_mode_divides_chosen_categories_by_all(tmp_path):
    registry = setup(tmp_path, SHARE, {"long.csv": LONG})
    values = layer_of(registry, "long", tmp_path).values
    ind = registry.get("share_ab")
    assert values.loc["E01000001", "share_ab"] == pytest.approx(30.0)  # (1+2)/10
    assert values.loc["E01000001", numerator_column(ind)] == 3
    assert values.loc["E01000001", denominator_column(ind)] == 10
    assert values.loc["E01000002", "share_ab"] == 0.0


def test_share_mode_needs_its_categories(tmp_path):
    registry = setup(tmp_path, SHARE.replace('["a", "b"]', '["a", "zz"]'), {"long.csv": LONG})
    with pytest.raises(DataError, match="no category 'zz'"):
        layer_of(registry, "long", tmp_path)


def test_filter_that_matches_nothing_is_an_error(tmp_path):
    registry = setup(tmp_path, SHARE.replace('topic = "x"', 'topic = "q"'), {"long.csv": LONG})
    with pytest.raises(DataError, match="no rows where topic = 'q'"):
        layer_of(registry, "long", tmp_path)


SERIES = """
[source.monthly]
title = "T"
publisher = "P"
edition = "E"
year = 2023
geography = "wd22"
file = "monthly.csv"
key = "ward"
period_column = "month"
licence = "OGL-3.0"

[[indicator]]
id = "claims"
source = "monthly"
label = "Claims"
theme = "t"
description = "d"
column = "n"
unit = "claimants"
kind = "count"
more_need = "higher"
aggregate = "none"
"""


def test_series_mode_keeps_history_maps_latest_and_routes_county_totals(tmp_path):
    monthly = "ward,month,n\n" + "\n".join(
        [
            "E05000001,2023-01,5",
            "E05000001,2023-02,7",
            "E05000002,2023-02,3",
            "E06000057,2023-01,50",
            "E06000057,2023-02,60",
        ]
    )
    registry = setup(tmp_path, SERIES, {"monthly.csv": monthly})
    layer = layer_of(registry, "monthly", tmp_path, ["E05000001", "E05000002"])
    assert layer.values.loc["E05000001", "claims"] == 7
    assert layer.values.loc["E06000057", "claims"] == 60
    assert layer.report.county_rows == 2
    assert layer.report.unmatched == ()
    history = layer.series[layer.series["code"] == "E05000001"]
    assert history["period"].tolist() == ["2023-01", "2023-02"]
    assert set(layer.series.loc[layer.series["code"] == "E06000057", "geography"]) == {"county"}


def test_series_with_two_values_for_one_month_fails(tmp_path):
    monthly = "ward,month,n\nE05000001,2023-01,5\nE05000001,2023-01,6\n"
    registry = setup(tmp_path, SERIES, {"monthly.csv": monthly})
    with pytest.raises(DataError, match="periods per area"):
        layer_of(registry, "monthly", tmp_path, ["E05000001"])


def test_census_share_matches_a_hand_count():
    """Check one published LSOA by hand: overcrowded = (-1 and -2) / all households."""
    import pandas as pd

    census = pd.read_csv(DATA / "indicators/census2021_lsoa21_long.csv")
    rows = census[(census.LSOA21CD == "E01027356") & census.topic.str.startswith("occupancy")]
    crowded = rows[rows.category.str.contains("overcrowded")]["count"].sum()
    expected = 100 * crowded / rows["denominator"].iloc[0]
    registry = load_registry(DATA / "indicators.toml")
    layer = layer_of(registry, "census2021", DATA, ["E01027356"])
    assert layer.values.loc["E01027356", "census21_overcrowded"] == pytest.approx(expected)
