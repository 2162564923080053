"""A second council served for real: a server started with OBSERVATORY_AREA=E06000017
draws Rutland's map offline, and a click on it opens the neighbourhood's profile."""

from __future__ import annotations

import pytest

from geo import paths
from tests.browser.helpers import MAP_FRAME, click_area, largest_areas, profile_heading
from tests.conftest import COUNCIL
from tests.servers import running_app


@pytest.fixture(scope="module")
def council_url(council_built, england_built, browser_path, session_build_dir, tmp_path_factory):
    archive = tmp_path_factory.mktemp("council-archive") / "archive.db"
    env = {
        paths.AREA_SETTING: COUNCIL,
        "OBSERVATORY_BUILD_DIR": str(session_build_dir),  # the council's folder is inside
        "DATABASE_URL": f"sqlite:///{archive}",
    }
    with running_app(council_built, env) as url:
        yield url


def test_the_council_map_draws_and_a_click_opens_its_profile(page, council_url, council_artifact):
    page.goto(f"{council_url}/map")
    page.get_by_text("Rutland Living Archive Data Observatory").first.wait_for()
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.leaflet-interactive").nth(25).wait_for(state="attached")  # 26 LSOAs
    assert frame.locator("path.leaflet-interactive").count() < 40
    code = largest_areas(council_artifact, 1)[0]
    click_area(page, council_artifact, code)
    profile_heading(page, council_artifact.name("lsoa21", code)).wait_for()
    page.get_by_text("Relative deprivation, 2004 to 2025").first.wait_for()
    assert page.title().startswith("Rutland")
