"""A deep link as the very first request of a newly started server shows the app's frame
and the right view (a top-level pages/ folder would break exactly this: Streamlit's file
router answers the first request itself, without the frame, or says "Page not found")."""

from __future__ import annotations

from tests.servers import running_app


def test_the_first_requests_of_a_fresh_server_are_deep_links(page, built, artifact, browser_path):
    code, division = "E01035636", "E05016087"
    with running_app(built) as url:
        for path, geo, area in (("map", "lsoa21", code), ("area", "wd25", division)):
            page.goto(f"{url}/{path}?geo={geo}&area={area}")
            name = artifact.local_name(geo, area)  # the name people know heads the profile
            page.get_by_role("heading", name=name, exact=True).wait_for()
            sidebar = page.locator("section[data-testid='stSidebar']")
            sidebar.get_by_text(artifact.title).wait_for(state="attached")  # the shared frame
            assert page.get_by_text("Page not found").count() == 0
            assert f"area={area}" in page.url
