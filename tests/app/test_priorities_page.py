"""AppTest of the Priorities page: shortlist, presets, links, exports."""

from __future__ import annotations

from tests.app.helpers import texts

PAGE = "app_pages/priorities.py"


def test_default_preset_gives_a_robust_shortlist(app, artifact):
    app.switch_page(PAGE).run()
    assert not app.exception
    assert app.subheader[0].value == "Top 20 of 200 areas"
    table = app.dataframe[0].value
    assert len(table) == 20
    assert table["Area"].tolist() == [artifact.local_name("lsoa21", c) for c in table["Code"]]
    assert table["ONS name"].tolist() == [artifact.name("lsoa21", c) for c in table["Code"]]
    assert table["Rank"].tolist()[:3] == [1, 2, 3]
    assert set(table["Verdict"]) <= {"robust", "marginal"}
    assert app.query_params["method"] == "exponential"
    labels = [b.label for b in app.get("download_button")]
    assert "Download shortlist (CSV)" in labels
    assert "Download shortlist (Excel)" in labels


def test_changing_the_preset_changes_the_weights(app):
    app.switch_page(PAGE).run()
    app.selectbox(key="pri_preset").select("fuel_poverty").run()
    assert app.multiselect(key="pri_indicators").value == [
        "fuel_poverty_2021",
        "iod2025_indoors_score",
        "iod2025_income_score",
    ]
    assert app.radio(key="pri_method").value == "rank"


def test_filters_narrow_the_list(app):
    app.switch_page(PAGE).run()
    app.selectbox(key="pri_type").select("Rural").run()
    app.number_input(key="pri_n").set_value(5).run()
    assert app.subheader[0].value.startswith("Top 5 of ")
    assert "outside the filters" in app.caption[1].value


def test_a_link_reproduces_the_same_list(app):
    app.switch_page(PAGE).run()
    app.selectbox(key="pri_preset").select("children_families").run()
    app.number_input(key="pri_n").set_value(7).run()
    first = app.dataframe[0].value["Code"].tolist()
    link = dict(app.query_params)

    from streamlit.testing.v1 import AppTest

    from tests.app.helpers import APP

    other = AppTest.from_file(APP, default_timeout=60)
    other.switch_page(PAGE)
    other.query_params.update(link)
    other.run()
    assert other.dataframe[0].value["Code"].tolist() == first


def test_a_hostile_link_is_explained(app):
    app.switch_page(PAGE)
    app.query_params.update({"weights": "<b>x</b>:1", "n": "-4"})
    app.run()
    assert not app.exception
    warnings = texts(app, ("warning",))
    assert "Ignored the weight" in warnings
    assert "shortlist size must be a whole number from 1 to 200; using 20" in warnings
    assert "<b>" not in warnings


def test_no_weights_explains_what_to_do(app):
    app.switch_page(PAGE).run()
    app.multiselect(key="pri_indicators").set_value([]).run()
    assert any("weight above zero" in i.value for i in app.info)


def test_an_indicator_chosen_twice_is_weighted_once(app):
    # As after pressing "Add as an indicator" twice for the same uploaded column.
    app.switch_page(PAGE).run()
    chosen = app.multiselect(key="pri_indicators").value
    app.session_state["pri_indicators"] = [*chosen, chosen[0]]
    app.run()
    assert not app.exception
    assert app.multiselect(key="pri_indicators").value == chosen
