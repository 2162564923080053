"""Helpers for AppTests of the real app script."""

from __future__ import annotations

import json
import time

from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT

APP = str(PROJECT / "app.py")
PAGES = sorted(p.relative_to(PROJECT).as_posix() for p in (PROJECT / "app_pages").glob("*.py"))


def open_page(page: str, **params: str) -> AppTest:
    """A fresh session opening ``page`` (a path under app_pages/) with link parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.switch_page(page).run()
    return at


def texts(at: AppTest, kinds=("markdown", "caption", "warning", "error", "info")) -> str:
    """Everything shown by elements of these kinds, as one string."""
    return " ".join(str(e.value) for kind in kinds for e in at.get(kind))


def click(at: AppTest, label: str) -> AppTest:
    """Press the button with this label and run the page."""
    buttons = {b.label: b for b in at.button}
    assert label in buttons, f"no button {label!r}; there are {sorted(buttons)}"
    return buttons[label].click().run()


def fill_story(at: AppTest, *, title="The ferry at Amble", body=None, consent=True) -> AppTest:
    at.session_state["share_started_at"] = time.time() - 120  # a person took their time
    at.text_input(key="share_title").input(title)
    at.text_area(key="share_body").input(
        body or "We crossed on the little ferry every summer, for years."
    )
    at.number_input(key="share_year_from").set_value(1978)
    at.multiselect(key="share_divisions").select("E05016085")
    at.checkbox(key="share_consent").check() if consent else None
    return at


def send(at: AppTest) -> AppTest:
    return click(at, "Send my story for review")


def chart_specs(at: AppTest) -> list[dict]:
    """The Vega-Lite specs of every chart on the page."""
    return [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]


def chart_titles(at: AppTest) -> list[str]:
    """The titles the page's charts carry in their own specs."""
    return [spec.get("title", {}).get("text", "") for spec in chart_specs(at)]
