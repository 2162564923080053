"""The story store on real SQLite and real PostgreSQL."""

from __future__ import annotations

import logging
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from archive import ArchiveError, ArchiveUnavailableError, StoryStore
from archive.examples import EXAMPLES, SETTING, seed_if_empty
from archive.models import Base
from archive.photos import process
from archive.store import ERASED, READABLE, readable_token
from tests.archive.helpers import draft, jpeg_bytes, noisy_jpeg


def test_a_new_database_is_migrated_to_the_latest_schema(store):
    assert store.count() == 0
    assert store.schema_revision() == StoryStore.head_revision() == "0002"


def test_models_match_the_migrations(store):
    store.count()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_an_upgrade_keeps_existing_stories(database_url):
    old = StoryStore(database_url, migrate=False)
    old.upgrade("0001")
    now = datetime.now(UTC)
    with old.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO stories (public_id, title, body, year_from, year_to, licence, "
                "consent_at, status, source, is_example, body_sha256, created_at, updated_at) "
                "VALUES ('old1', 'Before the upgrade', 'Kept through the migration.', 1990, 1990, "
                "'display-only', :now, 'approved', 'web', false, 'x', :now, :now)"
            ),
            {"now": now},
        )
        conn.execute(text("INSERT INTO story_areas VALUES (1, 'wd25', 'E05016085')"))
    old.dispose()
    store = StoryStore(database_url)
    assert store.schema_revision() is not None
    [story] = store.stories()
    assert (story.public_id, story.title) == ("old1", "Before the upgrade")
    assert store.schema_revision() == "0002"
    store.dispose()


def test_nothing_is_public_until_approved(store):
    receipt = store.submit(draft())
    assert store.get(receipt.public_id) is None
    assert store.stories() == []
    assert store.counts_by_area("wd25") == {}
    store.approve(receipt.public_id, actor="moderator@example.org")
    story = store.get(receipt.public_id)
    assert story.status == "approved"
    assert store.counts_by_area("wd25") == {"E05016085": 1}


def test_filters_by_area_theme_period_and_text(store):
    a = store.submit(
        draft(
            title="Pit closure memories",
            themes=("Work and industry",),
            areas=(("wd25", "E05016087"),),
            year_from=1984,
            year_to=1986,
        )
    )
    b = store.submit(draft(title="Harbour life"))
    for r in (a, b):
        store.approve(r.public_id, "mod")
    assert [s.title for s in store.stories(areas=[("wd25", "E05016087")])] == [
        "Pit closure memories"
    ]
    assert [s.title for s in store.stories(themes=["Work and industry"])] == [
        "Pit closure memories"
    ]
    assert [s.title for s in store.stories(years=(1990, 2000))] == ["Harbour life"]
    assert [s.title for s in store.stories(text="PIT")] == ["Pit closure memories"]
    assert store.stories(areas=[]) == []


def test_moderation_actions_and_the_audit_log(store):
    receipt = store.submit(draft())
    with pytest.raises(ArchiveError, match="reason"):
        store.reject(receipt.public_id, "mod", "  ")
    store.reject(receipt.public_id, "mod", "Names a private person")
    with pytest.raises(ArchiveError, match="cannot be"):
        store.take_down(receipt.public_id, "mod", "again")
    store.approve(receipt.public_id, "mod")
    store.edit(receipt.public_id, "mod", title="A better title", reason="typo")
    store.take_down(receipt.public_id, "mod", "Asked to remove it")
    actions = [e.action for e in store.audit(receipt.public_id)]
    assert actions == ["withdrawn", "edited", "approved", "rejected", "submitted"]
    log = store.audit(receipt.public_id)
    assert log[-2].reason == "Names a private person"
    assert log[1].reason.startswith("Changed title")
    assert store.get(receipt.public_id) is None
    with pytest.raises(ArchiveError, match="no such story"):
        store.approve("nope", "mod")


def test_a_submitter_can_withdraw_with_their_code_only(store):
    receipt = store.submit(draft())
    store.approve(receipt.public_id, "mod")
    assert not store.withdraw(receipt.public_id, "wrong-code")
    assert not store.withdraw("unknown", receipt.withdraw_code)
    assert store.get(receipt.public_id) is not None
    assert store.withdraw(receipt.public_id, receipt.withdraw_code)
    assert store.get(receipt.public_id) is None
    assert store.audit(receipt.public_id)[0].actor == "submitter"
    assert store.get(receipt.public_id, public=False).body == ""  # withdrawn means erased
    assert not store.withdraw(receipt.public_id, receipt.withdraw_code)  # the code is spent


def test_story_numbers_and_codes_can_be_read_out_and_typed_on_a_command_line(store):
    """No look-alike characters and never a leading "-" (which ``python -m archive erase``
    would take for an option): a random one did, and the command refused it."""
    receipt = store.submit(draft())
    assert (len(receipt.public_id), len(receipt.withdraw_code)) == (16, 12)
    tokens = [receipt.public_id, receipt.withdraw_code, *(readable_token(16) for _ in range(2000))]
    assert set("".join(tokens)) == set(READABLE)
    assert not set(READABLE) & set("01ilo-_")


def test_erasing_removes_every_personal_detail_and_keeps_the_log(store):
    words = "My grandmother's house on Quay Road, where she lived until 1987."
    photo = process(noisy_jpeg())  # big enough to need pages of its own
    receipt = store.submit(draft(body=words, display_name="Pat Example"), photos=[photo])
    [photo_id] = store.get(receipt.public_id, public=False).photo_ids
    store.approve(receipt.public_id, "mod")
    store.edit(receipt.public_id, "mod", title="Quay Road memories", reason="Quay Road title")
    with pytest.raises(ArchiveError, match="reason"):
        store.erase(receipt.public_id, "mod", "  ")

    store.erase(receipt.public_id, "mod", "Request by email, 25 Nov")

    story = store.get(receipt.public_id, public=False)
    assert (story.title, story.body, story.display_name) == (ERASED, "", None)
    assert story.status == "withdrawn"
    assert story.photo_ids == ()
    assert not story.areas
    assert store.photo(photo_id, public=False) is None
    log = store.audit(receipt.public_id)
    assert (log[0].action, log[0].actor, log[0].reason) == (
        "erased", "mod", "Request by email, 25 Nov"
    )  # fmt: skip
    assert not any("Quay Road" in e.reason for e in log)
    assert not any(s.public_id == receipt.public_id for s in store.stories())
    for action in (store.approve, lambda p, a: store.edit(p, a, title="Back again")):
        with pytest.raises(ArchiveError, match="erased"):
            action(receipt.public_id, "mod")
    if store.url.startswith("sqlite:///"):  # the words are gone from the files themselves
        database = Path(store.url.removeprefix("sqlite:///"))
        leftovers = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
        assert b"grandmother" not in leftovers
        assert b"Pat Example" not in leftovers
        assert photo.image[200:300] not in leftovers


def test_the_same_story_twice_is_refused(store):
    first = draft()
    store.submit(first)
    with pytest.raises(ArchiveError, match="already have this story"):
        store.submit(first)
    assert store.count() == 1


def test_hostile_text_is_stored_exactly_as_typed(store):
    hostile = "Robert'); DROP TABLE stories;-- <script>alert(1)</script> ${{7*7}} %s %(x)s"
    receipt = store.submit(draft(title="Little Bobby Tables", body=hostile + " and more words."))
    store.approve(receipt.public_id, "mod")
    assert store.get(receipt.public_id).body == hostile + " and more words."
    assert store.count() == 1
    assert store.stories(text="'); drop")[0].public_id == receipt.public_id


def test_photos_are_served_only_for_approved_stories(store):
    photo = process(jpeg_bytes(), caption="The quay")
    receipt = store.submit(draft(), photos=[photo])
    story = store.get(receipt.public_id, public=False)
    [photo_id] = story.photo_ids
    assert story.photo_captions == ("The quay",)
    assert store.photo(photo_id) is None
    assert store.photo(photo_id, public=False) == photo.image
    store.approve(receipt.public_id, "mod")
    assert store.photo(photo_id, thumbnail=True) == photo.thumbnail


def test_examples_are_seeded_once_and_removable(store, monkeypatch):
    assert seed_if_empty(store) == len(EXAMPLES)
    assert seed_if_empty(store) == 0
    stories = store.stories()
    assert len(stories) == len(EXAMPLES)
    assert all(s.is_example for s in stories)
    assert store.remove_examples() == len(EXAMPLES)
    assert store.count() == 0
    monkeypatch.setenv(SETTING, "off")
    assert seed_if_empty(store) == 0


def test_replicas_starting_together_add_the_examples_once(store):
    store.count()  # the schema exists; the archive is empty
    replicas = [StoryStore(store.url) for _ in range(4)]
    start = threading.Barrier(len(replicas))

    def start_up(replica: StoryStore) -> None:
        start.wait()
        seed_if_empty(replica)

    threads = [threading.Thread(target=start_up, args=(r,)) for r in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for replica in replicas:
        replica.dispose()
    titles = [s.title for s in store.stories()]
    assert sorted(titles) == sorted(d.title for d in EXAMPLES)


def test_concurrent_submissions_are_each_stored_once(store):
    store.count()  # migrate first, as the app does at start
    errors = []

    def submit(i: int) -> None:
        try:
            store.submit(draft(title=f"Story number {i}"))
        except Exception as exc:  # collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.count() == 16
    titles = [s.title for s in store.stories(status="pending")]
    assert sorted(titles) == sorted(f"Story number {i}" for i in range(16))


def test_an_unreachable_database_fails_loudly():
    store = StoryStore("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert not store.available()
    with pytest.raises(ArchiveUnavailableError, match="not available right now"):
        store.submit(draft())
    with pytest.raises(ArchiveUnavailableError):
        store.stories()


def test_database_errors_never_log_what_people_wrote(store, caplog):
    secret = "Only my sister knows this about the old mill."
    store.count()  # the schema exists...
    with store.engine.begin() as connection:  # ...then a column goes missing under the app
        connection.execute(text("ALTER TABLE stories RENAME COLUMN licence TO licence_gone"))
    with pytest.raises((ArchiveError, ArchiveUnavailableError)):
        store.submit(draft(body=secret, display_name="Jo Private"))
    assert caplog.records, "the failure is logged"
    assert "old mill" not in caplog.text
    assert "Jo Private" not in caplog.text


def test_text_search_takes_percent_and_underscore_literally(store):
    for title in ("100% Northumbrian", "The pit_head baths", "Harbour days"):
        store.approve(store.submit(draft(title=title)).public_id, "mod")
    assert [s.title for s in store.stories(text="%", include_examples=False)] == [
        "100% Northumbrian"
    ]
    assert [s.title for s in store.stories(text="_", include_examples=False)] == [
        "The pit_head baths"
    ]
    assert len(store.stories(limit=None, include_examples=False)) == 3


def test_story_numbers_are_found_with_stray_spaces_and_refusals_read_well(store):
    receipt = store.submit(draft())
    assert store.withdraw(f"  {receipt.public_id} ", receipt.withdraw_code)
    other = store.submit(draft())
    store.approve(other.public_id, "mod")
    with pytest.raises(ArchiveError, match="approved already"):
        store.approve(other.public_id, "mod")


def test_writes_to_a_deleted_archive_file_are_refused_and_alerted(tmp_path, caplog):
    path = tmp_path / "archive.db"
    store = StoryStore(f"sqlite:///{path}")
    receipt = store.submit(draft(title="Sent before the file went"))
    for file in tmp_path.glob("archive.db*"):
        file.unlink()
    with caplog.at_level(logging.CRITICAL, logger="archive.store"):
        with pytest.raises(ArchiveUnavailableError, match="cannot save anything"):
            store.approve(receipt.public_id, "moderator")  # every write, not only stories
        with pytest.raises(ArchiveUnavailableError, match="cannot save anything"):
            store.submit(draft(title="Sent after the file went"))
    assert "was deleted or replaced while the app was running" in caplog.text
    assert f"/proc/{os.getpid()}/fd/" in caplog.text  # where to copy it back from
    # Readers still see the archive the app holds open; no empty file replaced it.
    assert store.get(receipt.public_id, public=False).status == "pending"
    assert not path.exists()
    store.dispose()
