"""Links that reproduce a view: valid ones restore it, hostile ones fall back clearly."""

from __future__ import annotations

import pytest

from geo import links
from geo.links import MapView, geographies_for, mappable_indicators, parse, schemes_for


def test_a_full_link_round_trips(artifact):
    view = MapView("fuel_poverty_2021", "wd25", "E05016084", "natural_breaks", 7)
    parsed, problems = parse(artifact, view.to_params())
    assert parsed == view
    assert problems == []


def test_no_parameters_give_the_default_view(artifact):
    view, problems = parse(artifact, {})
    assert view == MapView()
    assert problems == []
    assert "area" not in view.to_params()


def test_lower_case_codes_and_list_values_are_accepted(artifact):
    view, problems = parse(artifact, {"area": ["e01027356"], "k": "4"})
    assert view.area == "E01027356"
    assert view.k == 4
    assert problems == []


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"indicator": "<script>alert(1)</script>"}, "indicator", "not one we can map"),
        ({"indicator": "imd2019_score"}, "indicator", "not one we can map"),  # 2011 LSOAs only
        ({"geo": "msoa21"}, "geo", "not available"),
        ({"indicator": "housing_benefit_claimants", "geo": "lsoa21"}, "geo", "not available"),
        ({"area": "E05016084"}, "area", "is not a Neighbourhood"),  # a division on the LSOA map
        ({"area": "'; DROP TABLE stories; --"}, "area", "is not a"),
        (
            {"scheme": "england_deciles", "indicator": "census21_residents"},
            "scheme",
            "does not apply",
        ),
        ({"scheme": "england_deciles", "geo": "wd25"}, "scheme", "does not apply"),  # LSOAs only
        ({"scheme": "rainbow"}, "scheme", "does not apply"),
        ({"k": "100"}, "k", "must be 3 to 9"),
        ({"k": "-1"}, "k", "must be 3 to 9"),
        ({"k": "5e1"}, "k", "must be 3 to 9"),
    ],
)
def test_bad_values_fall_back_with_a_message(artifact, params, field, message):
    view, problems = parse(artifact, params)
    assert len(problems) == 1
    assert message in problems[0]
    default = MapView()
    if field == "geo" and params.get("indicator") == "housing_benefit_claimants":
        assert view.geo == "wd22"  # the only geography that indicator has
    else:
        assert getattr(view, field) == getattr(default, field)
    assert "<script" not in problems[0]


def test_england_deciles_are_offered_where_they_are_published(artifact):
    imd = artifact.registry.get("imd2025_score")
    assert "england_deciles" in schemes_for(artifact, imd, "lsoa21")
    assert "england_deciles" not in schemes_for(artifact, imd, "wd25")
    assert schemes_for(artifact, imd, "wd25")[0] == MapView().scheme


def test_ward_series_map_on_wards_only(artifact):
    ind = artifact.registry.get("housing_benefit_claimants")
    assert geographies_for(artifact, ind) == ["wd22"]
    view, _ = parse(artifact, {"indicator": ind.id})
    assert view.geo == "wd22"


def test_every_mappable_indicator_has_a_geography(artifact):
    inds = mappable_indicators(artifact)
    assert len(inds) > 60
    assert all(geographies_for(artifact, i) for i in inds)
    assert "imd2004_score" not in {i.id for i in inds}  # 2001 LSOAs have no boundaries


def test_messages_never_repeat_markup_from_the_link(artifact):
    _, problems = parse(artifact, {"indicator": "[x](javascript:alert(1))", "area": "<img src=x>"})
    text = " ".join(problems)
    for bad in ("[", "]", "(", "<", ">", "javascript:alert(1)"):
        assert bad not in text.replace("(LSOA 2021)", "")


# ---- one area, the Present page, public addresses -----------------------------------------


def test_an_area_link_may_give_the_code_alone(artifact):
    assert links.parse_area(artifact, {"area": "e01027356"}) == (
        links.AreaView("lsoa21", "E01027356"),
        [],
    )
    assert links.parse_area(artifact, {"area": "E05016087"})[0] == links.AreaView(
        "wd25", "E05016087"
    )
    view, problems = links.parse_area(artifact, {"geo": "wd22", "area": "E05016087"})
    assert view.area is None
    assert "not a Ward (2022)" in problems[0]


def test_an_area_link_outside_the_allowed_geographies_is_refused(artifact):
    view, problems = links.parse_area(
        artifact, {"area": "E05009093"}, geographies=("lsoa21", "wd25")
    )
    assert view.area is None
    assert problems == ["The link's area “E05009093” is not a neighbourhood or division."]


def test_short_area_parameters_name_the_geography_only_when_needed(artifact):
    assert links.area_params(artifact, "lsoa21", "E01027356") == {"area": "E01027356"}
    assert links.area_params(artifact, "wd22", "E05009093") == {"area": "E05009093"}
    assert links.page_url("https://x.org/", "share", {"area": "E01027356"}) == (
        "https://x.org/share?area=E01027356"
    )


def test_the_public_address_setting_wins_and_bad_values_fall_back(monkeypatch):
    monkeypatch.delenv(links.PUBLIC_URL_SETTING, raising=False)
    assert links.public_url("http://127.0.0.1:8501") == "http://127.0.0.1:8501"
    assert links.public_url(None) == links.LOCAL_URL
    monkeypatch.setenv(links.PUBLIC_URL_SETTING, "javascript:alert(1)")
    assert links.public_url("https://a.example") == "https://a.example"
    monkeypatch.setenv(links.PUBLIC_URL_SETTING, "https://obs.example.org/app/")
    assert links.public_url("https://a.example") == "https://obs.example.org/app"


def test_a_present_view_survives_its_own_link(artifact):
    view = links.PresentView(
        deck="picked",
        areas=("E01027356", "E01035636"),
        step=2,
        contrast=True,
        full=False,
        mode="compare",
        compare=("E05016087", "E01027356"),
    )
    assert links.parse_present(artifact, view.to_params()) == (view, [])
    division = links.PresentView(deck="division", division="E05016087", step=3)
    assert links.parse_present(artifact, division.to_params()) == (division, [])


def test_a_hostile_present_link_falls_back_with_words(artifact):
    view, problems = links.parse_present(
        artifact,
        {"deck": "<b>", "areas": "E01027356,nope", "step": "¹", "compare": "x" * 5000},
    )
    assert (view.deck, view.areas, view.step) == ("shortlist", ("E01027356",), 1)
    assert len(problems) == 4
    assert all("<" not in p for p in problems)


def test_a_change_map_link_round_trips_and_a_level_link_is_unchanged(artifact):
    view = MapView(
        geo="wd25",
        area="E05016084",
        mode="change",
        change="census_deprived",
        since="2011",
        until="2021",
    )
    params = view.to_params()
    assert params == {
        "mode": "change",
        "change": "census_deprived",
        "since": "2011",
        "until": "2021",
        "geo": "wd25",
        "area": "E05016084",
    }
    assert parse(artifact, params) == (view, [])
    assert set(MapView().to_params()) == {"indicator", "geo", "scheme", "k"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"mode": "change", "change": "<b>x</b>"}, "is not one we know"),
        ({"mode": "change", "since": "2025", "until": "2004"}, "not two of"),
        ({"mode": "change", "since": "1999"}, "not two of"),
        ({"mode": "change", "geo": "wd25"}, "not available for this change map"),  # IMD: LSOAs only
        ({"mode": "change", "area": "E05016084"}, "is not a Neighbourhood"),
        ({"mode": "sideways"}, "map mode"),
    ],
)
def test_a_bad_change_link_falls_back_with_a_message(artifact, params, message):
    view, problems = parse(artifact, params)
    assert len(problems) == 1
    assert message in problems[0]
    if params["mode"] == "change":
        assert view.mode == "change"
        assert (view.since, view.until) == ("2004", "2025")
        assert view.geo == "lsoa21"
    else:
        assert view == MapView()
