"""AppTest of the living archive pages: share, read, withdraw, moderate."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from archive.moderators import hash_passphrase
from tests.app.helpers import APP, click, fill_story, open_page, send

SHARE = "app_pages/share.py"
STORIES = "app_pages/stories.py"
MODERATE = "app_pages/moderate.py"
AREA = "app_pages/area.py"
PASSPHRASE = "a long enough test passphrase"


def test_a_story_is_received_and_waits_for_a_moderator(archive):
    at = open_page(SHARE)
    send(fill_story(at))
    assert not at.exception
    assert "has been received" in at.success[0].value
    assert "Withdrawal code" in at.text[0].value
    store = archive.store()
    [pending] = store.stories(status="pending")
    assert pending.title == "The ferry at Amble"
    assert store.stories(include_examples=False) == []  # not public yet


def test_a_refused_story_keeps_what_was_typed(archive):
    at = open_page(SHARE)
    send(fill_story(at, body="Too short", consent=False))
    errors = " ".join(e.value for e in at.error)
    assert "has not been sent yet" in errors
    assert "at least 20 characters" in errors
    assert "consent" in errors
    assert at.text_input(key="share_title").value == "The ferry at Amble"
    assert at.text_area(key="share_body").value == "Too short"
    assert archive.store().count("pending") == 0


def test_a_postcode_that_finds_no_neighbourhood_says_why(archive):
    at = open_page(SHARE)
    fill_story(at)
    at.text_input(key="share_postcode").input("SW1A 1AA")
    send(at)
    errors = " ".join(e.value for e in at.error)
    assert "**Postcode**" in errors
    assert "outside Northumberland" in errors
    assert "not a Northumberland neighbourhood" not in errors  # no made-up area
    assert archive.store().count("pending") == 0


def test_a_database_that_is_down_fails_loudly_and_keeps_the_text(archive, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    archive.store.clear()
    at = open_page(SHARE)
    send(fill_story(at))
    assert not at.exception
    assert "not available right now" in at.error[0].value
    assert "has **not** been saved" in at.error[0].value
    assert at.text_input(key="share_title").value == "The ferry at Amble"
    assert any(b.label == "Download a copy of my story" for b in at.get("download_button"))


def test_hostile_story_text_is_shown_as_text(archive):
    store = archive.store()
    from tests.archive.helpers import draft

    hostile = (
        "<script>alert('x')</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    receipt = store.submit(draft(title="<b>Bold</b> [link](javascript:x)", body=hostile))
    store.approve(receipt.public_id, "mod")
    at = open_page(STORIES)
    rendered = " ".join(m.value for m in at.markdown)
    assert "&lt;script&gt;" in rendered
    assert "<script>" not in rendered
    assert "<img" not in rendered
    assert "\\[link\\]" in rendered  # shown as text, not made into a link
    assert "](javascript" not in rendered


def test_examples_are_badged_and_filters_work(archive):
    at = open_page(STORIES)
    assert not at.exception
    assert sum("Example — not a real account" in m.value for m in at.markdown) == 3
    assert "3 stories" in at.caption[0].value
    at.selectbox[0].select("E05016087").run()  # Ashington Central
    assert "1 story" in at.caption[0].value
    at.text_input[0].input("nothing matches this").run()
    assert any("No stories match" in i.value for i in at.info)


def test_withdrawing_needs_the_right_code(archive):
    from tests.archive.helpers import draft

    store = archive.store()
    receipt = store.submit(draft())
    store.approve(receipt.public_id, "mod")
    at = open_page(STORIES)
    number, code = at.text_input[1], at.text_input[2]
    number.input(receipt.public_id)
    code.input("wrong")
    click(at, "Withdraw my story")
    assert "do not match" in at.error[0].value
    at.text_input[2].input(receipt.withdraw_code)
    click(at, "Withdraw my story")
    assert "has been withdrawn" in at.success[0].value
    assert store.get(receipt.public_id) is None


def test_moderation_is_off_without_sign_in_configured(archive, monkeypatch):
    monkeypatch.delenv("OBSERVATORY_MODERATOR_HASH", raising=False)
    at = open_page(MODERATE)
    assert "Moderation is switched off" in at.info[0].value
    assert not at.tabs


def test_moderator_signs_in_and_approves_then_it_is_on_the_profile(archive, monkeypatch):
    from tests.archive.helpers import draft

    monkeypatch.setenv("OBSERVATORY_MODERATOR_HASH", hash_passphrase(PASSPHRASE))
    receipt = archive.store().submit(
        draft(title="Saturday market", areas=(("lsoa21", "E01027356"),))
    )
    at = open_page(MODERATE)
    at.text_input[0].input("wrong passphrase, sorry")
    click(at, "Sign in")
    assert "not right" in at.error[0].value
    at.text_input[0].input(PASSPHRASE)
    click(at, "Sign in")
    assert "Waiting (1)" in [t.label for t in at.tabs]
    click(at, "Approve and publish")
    assert archive.store().get(receipt.public_id).status == "approved"
    assert archive.store().audit(receipt.public_id)[0].actor == "moderator (passphrase)"

    profile = AppTest.from_file(APP, default_timeout=60)
    profile.switch_page(AREA)
    profile.query_params.update({"geo": "lsoa21", "area": "E01027356"})
    profile.run()
    assert any("Saturday market" in m.value for m in profile.markdown)
    assert any(s.value == "What the data says" for s in profile.subheader)


def signed_in(monkeypatch) -> AppTest:
    """The Moderate page with a moderator signed in by passphrase."""
    monkeypatch.setenv("OBSERVATORY_MODERATOR_HASH", hash_passphrase(PASSPHRASE))
    at = open_page(MODERATE)
    at.text_input[0].input(PASSPHRASE)
    click(at, "Sign in")
    assert at.tabs, "signed in"
    return at


def test_a_reason_typed_just_before_rejecting_is_kept(archive, monkeypatch):
    from tests.archive.helpers import draft

    receipt = archive.store().submit(draft(title="Off topic"))
    at = signed_in(monkeypatch)
    at.text_input(key=f"reason_{receipt.public_id}").input("Advertising, not a story")
    at.button(key=f"reject_{receipt.public_id}").click().run()  # one round trip, as a browser
    assert archive.store().get(receipt.public_id, public=False).status == "rejected"
    assert archive.store().audit(receipt.public_id)[0].reason == "Advertising, not a story"


def test_an_edit_must_still_meet_the_rules(archive, monkeypatch):
    from tests.archive.helpers import draft

    receipt = archive.store().submit(draft(title="The old pit"))
    at = signed_in(monkeypatch)
    form_title = next(t for t in at.text_input if t.value == "The old pit")
    form_title.input("  ")
    click(at, "Save changes")
    assert any("Not saved" in e.value and "title" in e.value for e in at.error)
    assert archive.store().get(receipt.public_id, public=False).title == "The old pit"


def test_repeated_wrong_passphrases_slow_sign_in_down(archive, monkeypatch):
    from ui import auth

    monkeypatch.setenv("OBSERVATORY_MODERATOR_HASH", hash_passphrase(PASSPHRASE))
    auth._throttle.clear()
    at = open_page(MODERATE)
    for _ in range(5):
        at.text_input[0].input("still not the passphrase")
        click(at, "Sign in")
    assert "Please wait 30 seconds" in at.error[0].value
    at.run()  # on the next visit the form is gone, not just refused
    assert "Please wait" in at.error[0].value
    assert not any(b.label == "Sign in" for b in at.button)
    auth._throttle.clear()


def test_a_moderator_erases_a_story_on_request(archive, monkeypatch):
    from tests.archive.helpers import draft

    store = archive.store()
    receipt = store.submit(draft(title="Please remove me later"))
    store.approve(receipt.public_id, "mod")
    at = signed_in(monkeypatch)

    def erase(number: str, *, sure: bool) -> None:
        fields = {t.label: t for t in at.text_input}
        fields["Story number"].input(number)
        fields["Reason (kept in the audit log)"].input("Asked by phone")
        box = next(c for c in at.checkbox if c.label.startswith("I understand"))
        box.check() if sure else box.uncheck()
        click(at, "Erase this story")

    erase(receipt.public_id, sure=False)
    assert "tick the box" in at.error[0].value
    assert store.get(receipt.public_id) is not None
    erase("no-such-story", sure=True)
    assert "no such story" in at.error[0].value
    erase(receipt.public_id, sure=True)
    assert "has been erased" in at.success[0].value
    assert store.get(receipt.public_id) is None
    assert store.audit(receipt.public_id)[0].action == "erased"


AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-only-not-a-secret",
    "client_id": "observatory",
    "client_secret": "test-only",
    "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
}


def test_openid_sign_in_needs_a_list_of_moderators(archive):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.switch_page(MODERATE).run()
    assert not at.exception
    assert "no moderators are listed" in at.warning[0].value
    assert not any(b.label == "Sign in to moderate" for b in at.button)

    at.secrets["moderation"] = {"allowed_emails": ["moderator@example.org"]}
    at.run()
    assert any(b.label == "Sign in to moderate" for b in at.button)
    assert not at.tabs  # nobody is signed in yet


def test_exports_are_offered_and_place_stories_inside_their_areas(archive, monkeypatch, artifact):
    import json

    import shapely

    from tests.archive.helpers import draft
    from ui.moderation import _geojson

    store = archive.store()
    receipt = store.submit(draft(areas=(("wd25", "E05016087"), ("lsoa21", "E01027356"))))
    store.approve(receipt.public_id, "mod")
    at = signed_in(monkeypatch)
    labels = {d.label for d in at.get("download_button")}
    assert {"CSV", "JSON", "GeoJSON (area level)"} <= labels

    features = json.loads(_geojson(artifact, [store.get(receipt.public_id)]))["features"]
    assert len(features) == 2
    for feature in features:
        areas = artifact.areas(feature["properties"]["area_geography"]).set_index("code")
        point = shapely.geometry.shape(feature["geometry"])
        assert areas.loc[feature["properties"]["area_code"], "geometry"].contains(point)
