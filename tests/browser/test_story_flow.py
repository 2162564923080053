"""A story submitted in the browser, approved by a signed-in moderator, appears on its
area's profile: on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import uuid

import pytest

from archive.moderators import hash_passphrase
from archive.settings import MIN_SECONDS_TO_WRITE
from tests.servers import BACKENDS, fresh_database, running_app

PASSPHRASE = "browser test moderator passphrase"


@pytest.fixture(params=BACKENDS)
def story_app(request, built, browser_path, tmp_path):
    """The app on a fresh archive of each backend, with a moderator passphrase set."""
    with (
        fresh_database(request.param, tmp_path) as url,
        running_app(
            built,
            {
                "DATABASE_URL": url,
                "OBSERVATORY_MODERATOR_HASH": hash_passphrase(PASSPHRASE),
                # The spam guard's writing time is a setting: no test waits for a clock.
                MIN_SECONDS_TO_WRITE.name: "0",
            },
        ) as app_url,
    ):
        yield app_url


def test_submit_approve_and_see_it_on_the_profile(page, story_app):
    title = f"Ferry crossings {uuid.uuid4().hex[:6]}"
    page.goto(f"{story_app}/share")
    page.get_by_role("textbox", name="Title").fill(title)
    page.get_by_role("textbox", name="Your story").fill(
        "Every summer we crossed on the little ferry, and the ferryman knew every child by name."
    )
    page.get_by_role("spinbutton", name="From year").fill("1979")
    divisions = page.locator("[data-testid='stMultiSelect']").filter(has_text="Electoral divisions")
    divisions.locator("input").fill("Amble West")
    page.keyboard.press("Enter")
    divisions.get_by_text("Amble West with Warkworth").wait_for()  # the choice is made
    page.get_by_text("I agree to my story being published").click()
    page.get_by_role("button", name="Send my story for review").click()
    page.get_by_text("has been received").wait_for()

    page.goto(f"{story_app}/moderate")
    page.get_by_role("textbox", name="Moderator passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Waiting (1)").wait_for()
    page.get_by_text(title).first.wait_for()
    page.get_by_role("button", name="Approve and publish").click()
    page.get_by_text("Waiting (0)").wait_for()

    page.goto(f"{story_app}/area?geo=wd25&area=E05016086")  # Amble West with Warkworth
    page.get_by_role("heading", name="Community stories").wait_for()
    page.get_by_text(title).first.wait_for()
