"""Every chart cites itself: title, area, source with edition, a legend naming every
series, and axes that do not exaggerate. Checked on the Vega-Lite spec the app shows, on
the spec handed to the PNG renderer, and on the drawn chart's legend."""

from __future__ import annotations

import html
import re

import pytest
import vl_convert

from geo import charts, profile
from outputs import render

AREAS = [("lsoa21", "E01035636"), ("lsoa21", "E01027356"), ("wd25", "E05016087")]
YEAR = re.compile(r"\b(19|20)\d\d\b")


def profile_charts(artifact):
    return [
        (geo, code, chart)
        for geo, code in AREAS
        for chart in profile.trend_charts(artifact, geo, code)
    ]


def layers(spec: dict) -> list[dict]:
    """Every single-view part of a (possibly layered) spec."""
    return [spec] if "layer" not in spec else [p for part in spec["layer"] for p in layers(part)]


def legend_texts(spec: dict, width: int = 390) -> list[str]:
    """The words in the drawn legends of a chart (rendered at a phone's width), a label
    drawn on several lines joined by spaces."""
    svg = vl_convert.vegalite_to_svg(render.prepared(spec, width=width))
    legends = re.split(r'class="mark-group role-legend"', svg)[1:]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for block in legends
        for text in re.findall(r"<text[^>]*>(.*?)</text>", block)
    ]


def test_every_profile_chart_is_titled_and_cited(artifact):
    for geo, code, chart in profile_charts(artifact):
        spec = chart.spec
        title = spec["title"]
        assert title["text"] == chart.title
        subtitle = " ".join(title["subtitle"])
        assert artifact.name(geo, code) in subtitle, (chart.title, subtitle)
        assert "Source:" in subtitle
        assert YEAR.search(subtitle.split("Source:")[1]), subtitle
        assert "Open Government Licence" in subtitle
        assert charts.citation_of(spec)["area"].startswith(artifact.local_name(geo, code))
        assert spec["description"]


def test_the_png_is_drawn_from_the_spec_on_screen(artifact):
    """Downloads go through render.prepared(spec): the same title, subtitle, legends."""
    for _, _, chart in profile_charts(artifact)[:8]:
        handed_on = render.prepared(chart.spec, width=640)
        for part in ("title", "layer", "encoding", "config", "data", "datasets"):
            assert handed_on.get(part) == chart.spec.get(part)
        assert handed_on["width"] == 640


def test_every_series_has_a_named_legend_entry(artifact):
    for _geo, _code, chart in profile_charts(artifact):
        for part in layers(chart.spec):
            mark = part["mark"]["type"] if isinstance(part["mark"], dict) else part["mark"]
            if mark in ("rule", "text"):  # annotations, labelled in place
                continue
            colour = part.get("encoding", {}).get("color")
            assert colour, (chart.title, mark)
            assert colour.get("field"), (chart.title, mark)
            assert colour.get("title"), (chart.title, "legend without a title")
    name = html.escape(artifact.local_name("lsoa21", "E01027356"))  # as the SVG spells it
    by_title = {c.title: c for g, k, c in profile_charts(artifact) if k == "E01027356"}
    fuel = legend_texts(by_title["Fuel poverty against Northumberland"].spec)
    assert {"Northumberland", name} <= set(fuel), fuel  # the grey line is the county
    ages = legend_texts(by_title["Age profile, mid-2020"].spec)
    assert {"Northumberland", name} <= set(ages), ages
    people = legend_texts(by_title["Population, 2015 to 2020"].spec)
    assert name in people


def test_the_domains_chart_has_one_legend_and_a_wide_plot(artifact):
    chart = next(
        c for c in profile.trend_charts(artifact, "lsoa21", "E01027356") if "domains" in c.title
    )
    texts = legend_texts(chart.spec)
    assert texts.count("Edition") == 1, texts  # colour and shape share one legend
    assert {"2019", "2025"} <= set(texts)
    axis = chart.spec["encoding"]["y"]["axis"]
    assert axis["labelLimit"] <= 150  # on a 390 px phone the plot keeps most of the width
    assert axis["labelOverlap"] is False  # wrapped names are never thinned out
    assert chart.spec["height"] >= 40 * 8


@pytest.mark.parametrize("kind", ["count", "percent"])
def test_counts_and_rates_start_at_zero(artifact, kind):
    for _, _, chart in profile_charts(artifact):
        for part in layers(chart.spec):
            y = part.get("encoding", {}).get("y", {})
            if y.get("type") != "quantitative" or y.get("field") == "percentile":
                continue
            if kind == "count" and y.get("title") not in ("People", "claimants", "people"):
                continue
            scale = y.get("scale", {})
            assert scale.get("zero") is True or scale.get("domain", [0])[0] == 0, chart.title


def test_legends_are_never_cut_short_on_a_phone(artifact):
    ranking_like = profile.trend_charts(artifact, "wd25", "E05016087")
    for chart in ranking_like:
        legend = chart.spec["config"]["legend"]
        assert legend["labelLimit"] >= 300
        assert legend["direction"] == "vertical"


def test_contributions_legend_names_every_indicator():
    import pandas as pd

    labels = [
        "Households in fuel poverty 2021",
        "Living environment: indoors sub-domain 2025: score",
        "Income deprivation 2025: rate",
        "constructor",  # uploaded columns' names, which a lookup by name once choked on
        "toString",
        "Rooms heated only by the toString",  # wraps to a line that is such a name
    ]
    long = pd.DataFrame(
        [
            {"area": f"Area {a}", "indicator": label, "points": 10.0 + a, "rank": a}
            for a in range(1, 4)
            for label in labels
        ]
    )
    cite = charts.Citation(
        "Why each area is on the list", "Top 3", "DESNZ (2021); MHCLG (IoD 2025)"
    )
    texts = legend_texts(charts.contributions(long, cite).to_dict(), width=390)
    assert [t for t in texts if t in labels] == labels, "every name, in the order given"


def test_high_contrast_draws_white_on_black(artifact):
    chart = profile.trend_charts(artifact, "lsoa21", "E01027356")[0]
    dark = charts.high_contrast(chart.spec)
    assert dark["background"] == "#000000"
    assert dark["config"]["title"]["color"] == "#FFFFFF"
    assert dark["config"]["axis"]["labelColor"] == "#FFFFFF"
    assert charts.AREA_COLOUR not in str(dark)  # swapped for a colour that reads on black
    assert chart.spec["config"]["title"]["color"] == charts.TEXT_COLOUR  # the original is kept


def test_england_profile_charts_cite_themselves_too(england):
    from geo import englandprofile

    code = "E01012345"  # Darlington 015D, beyond the county
    _found, similar_chart = englandprofile.similar_chart(england, code)
    for chart in [*englandprofile.trend_charts(england, code), similar_chart]:
        subtitle = " ".join(chart.spec["title"]["subtitle"])
        assert chart.spec["title"]["text"] == chart.title
        assert england.name("lsoa21", code) in subtitle
        assert "Source:" in subtitle
        assert YEAR.search(subtitle)
    texts = legend_texts(similar_chart.spec)
    assert texts.count("Edition") == 1, texts
