"""Every kind of link, opened in a fresh session, shows the same page: every visible
setting (each widget's value, the method text, the captions), not only the result."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, chart_titles, open_page

WIDGETS = (
    "selectbox", "radio", "multiselect", "slider", "number_input", "toggle", "checkbox",
    "text_input", "text_area",
)  # fmt: skip


def visible_settings(at: AppTest) -> dict:
    """What a person sees that a link must reproduce."""
    shown: dict = {}
    for kind in WIDGETS:
        for widget in getattr(at, kind):
            shown[(kind, widget.key or widget.label)] = widget.value
    shown["titles"] = [t.value for t in at.title] + [h.value for h in at.header]
    shown["captions"] = [c.value for c in at.caption]
    shown["markdown"] = [m.value for m in at.markdown]
    shown["warnings"] = [w.value for w in at.warning]
    shown["charts"] = chart_titles(at)
    # Styles and scripts (one that brings a just-chosen profile into view) are not seen.
    shown["html"] = [
        e.proto.body
        for e in at.get("html")
        if "<style>" not in e.proto.body and "<script>" not in e.proto.body
    ]
    return shown


def set_map(at: AppTest) -> None:
    at.selectbox(key="map_indicator").select("fuel_poverty_2021").run()
    at.radio(key="map_geo").set_value("wd25").run()
    at.selectbox(key="map_area").select("E05016087").run()


def set_priorities(at: AppTest) -> None:
    at.selectbox(key="pri_preset").select("fuel_poverty").run()
    at.slider(key="pri_w_fuel_poverty_2021").set_value(70.0).run()  # now a custom weighting
    at.selectbox(key="pri_type").select("Rural").run()
    at.number_input(key="pri_n").set_value(7).run()


def set_present(at: AppTest) -> None:
    at.radio(key="present_deck").set_value("division").run()
    at.selectbox(key="present_division").select("E05016087").run()
    next_button = next(b for b in at.button if b.label == "Next")
    next_button.click().run()
    at.toggle(key="present_contrast").set_value(True).run()


CASES: dict[str, tuple[str, dict[str, str], Callable[[AppTest], None] | None]] = {
    "map": ("app_pages/map.py", {}, set_map),
    "area": ("app_pages/area.py", {"area": "E01035636"}, None),
    "priorities": ("app_pages/priorities.py", {}, set_priorities),
    "present": ("app_pages/present.py", {}, set_present),
    "share": ("app_pages/share.py", {"area": "E01027356"}, None),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_a_link_opened_in_a_fresh_session_shows_every_setting(artifact, kind):
    page, first_link, change = CASES[kind]
    first = open_page(page, **first_link)
    if change is not None:
        change(first)
    assert not first.exception
    link = {k: v if isinstance(v, str) else v[-1] for k, v in dict(first.query_params).items()}
    assert link, "the page put its view in the address"
    fresh = open_page(page, **link)
    assert not fresh.exception
    before, after = visible_settings(first), visible_settings(fresh)
    assert after == before


def test_a_shared_priorities_link_says_which_method_it_uses(artifact):
    """The list and the words agree: a fuel-poverty, rank-and-combine link no longer says
    it starts from the IMD as published."""
    first = open_page("app_pages/priorities.py")
    first.selectbox(key="pri_preset").select("fuel_poverty").run()
    link = {k: v if isinstance(v, str) else v[-1] for k, v in dict(first.query_params).items()}
    fresh = open_page("app_pages/priorities.py", **link)
    assert fresh.selectbox(key="pri_preset").value == "fuel_poverty"
    assert fresh.radio(key="pri_method").value == "rank"
    method = next(m.value for m in fresh.markdown if m.value.startswith("**Method:**"))
    assert method.startswith("**Method:** Rank and combine of 3 indicators")
    assert "exponential" not in (method + fresh.caption[0].value).lower()
    fresh.slider(key="pri_w_fuel_poverty_2021").set_value(80.0).run()
    assert fresh.selectbox(key="pri_preset").value == "custom"
    assert any(c.value.startswith("Custom: Rank and combine") for c in fresh.caption)


def test_the_share_link_starts_the_form_on_its_area(artifact):
    at = open_page("app_pages/share.py", area="E05016087")
    assert at.multiselect(key="share_divisions").value == ["E05016087"]
    assert any("Ashington Central" in i.value for i in at.info)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"area": "E05009093"})  # a 2022 ward: stories are not filed there
    at.switch_page("app_pages/share.py").run()
    assert not at.multiselect(key="share_divisions").value
    assert any("not a neighbourhood or division" in w.value for w in at.warning)
