"""The indicator registry: loads, validates, and every entry resolves to real data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.catalog import load_registry
from geo.errors import RegistryError
from tests.conftest import DATA

MINIMAL = """
[settings]
population_indicator = "pop"

[source.s]
title = "T"
publisher = "P"
edition = "E"
year = 2021
geography = "lsoa21"
file = "x.csv"
key = "LSOA21CD"
licence = "OGL-3.0"

[[indicator]]
id = "pop"
source = "s"
label = "People"
theme = "Population"
description = "d"
column = "people"
unit = "people"
kind = "count"
more_need = "neither"
aggregate = "sum"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "indicators.toml"
    path.write_text(text, encoding="utf-8")
    shutil.copyfile(DATA / "geographies.toml", tmp_path / "geographies.toml")
    return path


def test_bundled_registry_loads_with_every_required_field():
    registry = load_registry(DATA / "indicators.toml")
    assert len(registry) >= 80
    for ind in registry:
        assert ind.label
        assert ind.theme
        assert ind.description
        assert ind.unit
        assert ind.source.publisher
        assert ind.edition
        assert ind.year >= 2004
        assert ind.licence == "OGL-3.0"
        assert (DATA / ind.file).is_file(), ind.file


def test_registry_covers_what_the_observatory_needs():
    ids = {ind.id for ind in load_registry(DATA / "indicators.toml")}
    domains = [
        "income",
        "employment",
        "education",
        "health",
        "crime",
        "housing_services",
        "environment",
    ]
    subs = [
        "children_young_people",
        "adult_skills",
        "geographical_barriers",
        "wider_barriers",
        "indoors",
        "outdoors",
    ]
    required = {"imd2025_score", "imd2025_rank", "imd2025_decile"}
    required |= {f"iod2025_{d}_{m}" for d in domains for m in ("score", "rank", "decile")}
    required |= {f"iod2025_{s}_{m}" for s in subs for m in ("score", "rank", "decile")}
    required |= {
        f"imd{y}_{m}" for y in (2004, 2007, 2010, 2015, 2019) for m in ("score", "rank", "decile")
    }
    required |= {
        "census21_hh_deprived_1plus",
        "census21_social_rented",
        "census21_overcrowded",
        "census21_disabled",
        "fuel_poverty_2021",
        "census21_residents",
        "ruc21_class",
        "housing_benefit_claimants",
        "insolvencies_total",
        "claimant_count",
    }
    assert required <= ids, sorted(required - ids)


def test_every_indicator_resolves_to_a_real_column(artifact):
    """Each entry's file/column produced values on its geography (not just a header)."""
    for ind in artifact.registry:
        table = artifact.values(ind.geography)
        assert ind.id in table.columns, ind.id
        assert table[ind.id].notna().sum() > 0, f"{ind.id} has no values"
        header = pd.read_csv(DATA / ind.file, nrows=0).columns
        assert ind.column in header, f"{ind.id}: {ind.column} not in {ind.file}"


def test_minimal_registry_parses(tmp_path):
    registry = load_registry(write(tmp_path, MINIMAL))
    pop = registry.get("pop")
    assert pop.geography == "lsoa21"
    assert pop.mode == "column"
    assert registry.population_indicator is pop


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "count"', 'kind = "amount"'), "kind must be one of"),
        (('more_need = "neither"', 'more_need = "up"'), "more_need must be one of"),
        (('source = "s"', 'source = "nope"'), "source 'nope' is not defined"),
        (('column = "people"', 'column = "people"\ncolour = "red"'), "unknown field(s) colour"),
        (('geography = "lsoa21"', 'geography = "msoa21"'), "geography 'msoa21'"),
        (('file = "x.csv"', 'file = "../../etc/passwd"'), "inside the data folder"),
        (('aggregate = "sum"', 'aggregate = "ratio"'), "needs categories or numerator_column"),
        (('population_indicator = "pop"', 'population_indicator = "nope"'), "population_indicator"),
        (('id = "pop"', 'id = "Pop Count"'), "lower-case letters"),
    ],
)
def test_malformed_entries_are_refused_with_a_clear_message(tmp_path, change, message):
    old, new = change
    with pytest.raises(RegistryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_registry(write(tmp_path, MINIMAL.replace(old, new, 1)))


def test_duplicate_ids_are_refused(tmp_path):
    entry = MINIMAL[MINIMAL.index("[[indicator]]") :]
    with pytest.raises(RegistryError, match="appears more than once"):
        load_registry(write(tmp_path, MINIMAL + "\n" + entry))


def test_missing_or_broken_file_is_named(tmp_path):
    with pytest.raises(RegistryError, match="missing"):
        load_registry(tmp_path / "absent.toml")
    with pytest.raises(RegistryError, match="not valid TOML"):
        load_registry(write(tmp_path, "[[indicator]\nid = "))


def test_unknown_id_lookup_names_the_id():
    registry = load_registry(DATA / "indicators.toml")
    with pytest.raises(KeyError, match="no_such_thing"):
        registry.get("no_such_thing")
    assert "imd2025_score" in registry
    assert registry.themes()["Deprivation 2025: overall"][0].id == "imd2025_score"
