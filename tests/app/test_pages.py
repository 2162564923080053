"""AppTest smoke tests: every page runs on the real data without an exception."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, PAGES
from tests.conftest import PROJECT


def test_every_page_file_is_in_the_navigation():
    router = (PROJECT / "app.py").read_text()
    assert PAGES, "no pages found"
    for page in PAGES:
        assert f'"{page}"' in router, f"{page} is not listed in app.py"


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_error(app, page):
    app.run()
    if page != "app_pages/home.py":
        app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title, f"{page} has no title"
    assert any("Open Government Licence" in c.value for c in app.caption), "attribution footer"


def test_overview_shows_county_figures_with_sources(app):
    app.run()
    values = {m.label: m.value for m in app.metric}
    assert values["Neighbourhoods in England's most deprived 10%"] == "22 of 200"
    assert values["Usual residents 2021"] == "320,573 people"
    assert any("MHCLG" in c.value for c in app.caption)


def test_data_page_lists_every_indicator_and_offers_the_csv(app, artifact):
    app.switch_page("app_pages/sources.py").run()
    listed = app.dataframe[0].value
    assert len(listed) == len(artifact.registry)
    assert {"Definition", "Source", "Edition", "Licence"} <= set(listed.columns)
    assert listed["Licence"].eq("Open Government Licence v3.0").all()


def test_data_page_search_with_no_match_explains(app):
    app.switch_page("app_pages/sources.py").run()
    app.text_input[0].input("zzzz no such indicator").run()
    assert any("No indicator matches" in i.value for i in app.info)


def test_first_start_builds_the_data_and_leaves_no_build_report(
    tmp_path, monkeypatch, fresh_app_state
):
    monkeypatch.setenv("OBSERVATORY_BUILD_DIR", str(tmp_path / "fresh"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert (tmp_path / "fresh" / "CURRENT").is_file()
    # The progress shown while building is gone once the data is ready: residents are
    # not left with a build report.
    assert not at.status
    assert not at.get("progress")
    assert at.metric, "the overview shows figures once the data is ready"


def test_a_broken_data_file_gives_a_clear_message(
    data_copy, tmp_path, monkeypatch, fresh_app_state
):
    (data_copy / "indicators" / "imd2025_lsoa21.csv").write_text("LSOA21CD\nnot a table")
    monkeypatch.setenv("OBSERVATORY_DATA_DIR", str(data_copy))
    monkeypatch.setenv("OBSERVATORY_BUILD_DIR", str(tmp_path / "build"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "imd2025_lsoa21.csv" in message
    assert "could not be prepared" in message


def test_url_paths_match_page_file_names():
    """AppTest and st.switch_page find pages by file; keep each url_path equal to its stem."""
    import ast

    tree = ast.parse((PROJECT / "app.py").read_text())
    pages = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "Page"
    ]
    assert len(pages) == len(PAGES)
    for call in pages:
        stem = call.args[0].value.removeprefix("app_pages/").removesuffix(".py")
        url = next((k.value.value for k in call.keywords if k.arg == "url_path"), None)
        default = any(k.arg == "default" for k in call.keywords)
        assert url == stem or (default and url is None), (stem, url)


def test_overview_search_opens_the_profile(app, artifact):
    app.run()
    app.text_input(key="home_search").input("ne61 1aa").run()
    assert not app.exception
    assert [t.value for t in app.title] == [artifact.local_name("lsoa21", "E01027453")]


def test_overview_search_with_several_matches_offers_each_with_its_division(app, artifact):
    app.run()
    app.text_input(key="home_search").input("bridge end").run()
    assert "Several places match" in " ".join(m.value for m in app.markdown)
    choice = next(b for b in app.button if b.label.endswith("Humshaugh division"))
    choice.click().run()
    assert [t.value for t in app.title] == [artifact.local_name("lsoa21", "E01027510")]


def test_overview_search_that_finds_nothing_says_what_to_try(app):
    app.run()
    app.text_input(key="home_search").input("Atlantis").run()
    assert not app.exception
    assert "Try a town or village" in app.warning[0].value
