"""Attacks on the public app, replayed against a real ``streamlit run`` process.

Each test is one finding of a red-team exercise (uploads, photos, sign-in, links),
sent through Streamlit's own WebSocket protocol and HTTP endpoints as a browser or a
script would send it, with the server's own memory read from ``/proc``. The abuse-control
settings are lowered through the environment, as a deployment would set them.
"""

from __future__ import annotations

import asyncio
import io

import pytest
import requests
from PIL import Image

from archive import StoryStore
from archive.moderators import hash_passphrase
from tests.load.client import Run, Session, run_async, send_story, story_form, widget
from tests.servers import app_pid, memory_mb, running_app

PASSPHRASE = "the moderators' own long passphrase"
PHOTO_BUDGET_MB = 150


@pytest.fixture(scope="module")
def archive_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('attacks') / 'archive.db'}"


@pytest.fixture(scope="module")
def server(built, archive_url):
    settings = {
        "DATABASE_URL": archive_url,
        "OBSERVATORY_MIN_SECONDS_TO_WRITE": "0",
        "OBSERVATORY_PHOTO_BUDGET_MB": str(PHOTO_BUDGET_MB),
        "OBSERVATORY_EXAMPLE_STORIES": "off",
        "OBSERVATORY_MODERATOR_HASH": hash_passphrase(PASSPHRASE),
        "OBSERVATORY_TRUSTED_PROXIES": "1",  # the tests play the proxy's part
    }
    with running_app(built, settings) as url:
        yield url


def png(side: int) -> bytes:
    """A PNG that compresses to almost nothing but decodes to side² pixels."""
    out = io.BytesIO()
    Image.new("RGB", (side, side), (90, 140, 60)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def jpeg(side: int, *, comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize((side, side)).convert("RGB").save(
        out, format="JPEG", quality=60, comment=comment
    )
    return out.getvalue()


# ---- Priorities: your own data --------------------------------------------------------


def test_adding_an_uploaded_column_as_an_indicator_ranks_with_it(server):
    async def add() -> Run:
        async with Session(server) as session:
            page = await session.run("priorities")
            state = await session.upload(
                [("mine.csv", b"LSOA21CD,my_value\nE01027356,3\nE01027357,5\nE01027358,9\n")]
            )
            label = "A CSV with a column of LSOA 2021, LSOA 2011 or division (2025) codes"
            read = await session.run(
                "priorities", widgets=[widget(page, label, file_uploader_state_value=state)]
            )
            assert read.has("Read **3** rows"), read.texts
            return await session.run(
                "priorities",
                widgets=[
                    widget(page, label, file_uploader_state_value=state),
                    widget(read, "Add as an indicator", trigger_value=True),
                ],
            )

    added = run_async(add())
    assert not added.exceptions, added.exceptions
    # Chosen, with a weight slider labelled in plain text (the name is escaped once).
    assert "my\\_value \\(your data\\)" in added.widgets


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            ("LSOA21CD," + ",".join(f"c{i}" for i in range(20_000)) + "\n").encode()
            + b"E01027356,"
            + b"1," * 19_999
            + b"1\n",
            "at most 50",
        ),
        (b',"' * 10_000 + b"\nE01027356,1\n", "at most 50"),
    ],
    ids=["20,000 columns", "a header of quotes"],
)
def test_a_hostile_csv_is_refused_from_its_header_and_the_server_stays_healthy(
    server, data, message
):
    async def upload_and_watch_health() -> tuple[Run, list[int]]:
        async with Session(server) as session:
            page = await session.run("priorities")
            state = await session.upload([("wide.csv", data)])
            label = "A CSV with a column of LSOA 2021, LSOA 2011 or division (2025) codes"
            reading = asyncio.ensure_future(
                session.run(
                    "priorities", widgets=[widget(page, label, file_uploader_state_value=state)]
                )
            )
            health = []
            while not reading.done():  # other visitors are answered while the file is read
                reply = await asyncio.to_thread(
                    requests.get, f"{server}/_stcore/health", timeout=30
                )
                health.append(reply.status_code)
                await asyncio.sleep(0.05)
            return await reading, health

    read, health = run_async(upload_and_watch_health())
    assert not read.exceptions
    assert any(message in t for t in read.texts), read.texts
    assert set(health) <= {200}


# ---- Photos ------------------------------------------------------------------------


def test_photos_on_a_form_that_will_be_refused_are_never_decoded(server):
    pid = app_pid(server)
    run_async(send_story(server, "Warm-up without photos", consent=False))
    peak_before = memory_mb(pid, "VmHWM")
    bombs = [(f"bomb{i}.png", png(6300)) for i in range(4)]  # 40 MP each, a few KB

    async def three_at_once() -> list[Run]:
        return await asyncio.gather(
            *(send_story(server, f"Refused {n}", bombs, consent=False) for n in range(3))
        )

    for refused in run_async(three_at_once()):
        assert any("tick the consent box" in t for t in refused.texts), refused.texts
    assert memory_mb(pid, "VmHWM") - peak_before < 50


def test_big_photos_are_decoded_small_stored_bare_and_served_bare(server, archive_url):
    pid = app_pid(server)
    secret = b"taken at 14 Acacia Avenue"
    photos = [(f"big{i}.jpg", jpeg(6000, comment=secret)) for i in range(4)]
    assert all(secret in data for _, data in photos)
    assert max(len(data) for _, data in photos) < 8 * 2**20
    peak_before = memory_mb(pid, "VmHWM")
    sent = run_async(send_story(server, "Four big photos", photos, caption="The harbour"))
    assert sent.has("has been received"), sent.texts
    assert memory_mb(pid, "VmHWM") - peak_before < 150  # decoded at a quarter of the size

    store = StoryStore(archive_url)
    try:
        (story,) = store.stories(status="pending", text="Four big photos")
        store.approve(story.public_id, "test moderator")
        stored = [store.photo(i, thumbnail=t) for i in story.photo_ids for t in (False, True)]
    finally:
        store.dispose()
    assert len(stored) == 8
    assert all(secret not in data for data in stored)

    async def served_images() -> list[bytes]:
        async with Session(server) as session:
            page = await session.run("stories")
        return [requests.get(server + url, timeout=30).content for url in page.images]

    served = run_async(served_images())
    assert served, "the approved story's photos are not shown"
    for data in served:
        assert secret not in data
        with Image.open(io.BytesIO(data)) as img:
            assert not {"comment", "exif", "icc_profile", "xmp"} & set(img.info)


def test_the_photo_budget_of_a_session_runs_out(server):
    photos = [(f"p{i}.jpg", jpeg(6000)) for i in range(4)]  # about 100 MB decoded

    async def twice() -> tuple[Run, Run]:
        async with Session(server) as session:
            form = await session.run("share")
            state = await session.upload(photos)
            first = await session.run("share", widgets=story_form(form, "Budget one", photos=state))
            again = await session.run(
                "share", widgets=[widget(first, "Share another story", trigger_value=True)]
            )
            state = await session.upload(photos)
            second = await session.run(
                "share", widgets=story_form(again, "Budget two", photos=state)
            )
            return first, second

    first, second = run_async(twice())
    assert first.has("has been received"), first.texts
    assert second.has("Many large photos have been checked just now"), second.texts
    assert not second.has("has been received")


# ---- Moderator sign-in ---------------------------------------------------------------


async def sign_in(server: str, address: str, passphrase: str) -> Run:
    """One sign-in attempt from a fresh session of the client at ``address``."""
    async with Session(server, headers={"X-Forwarded-For": f"10.9.9.9, {address}"}) as session:
        form = await session.run("moderate")
        if "Sign in" not in form.widgets:
            return form
        return await session.run(
            "moderate",
            widgets=[
                widget(form, "Moderator passphrase", string_value=passphrase),
                widget(form, "Sign in", trigger_value=True),
            ],
        )


def test_guessing_from_many_sessions_slows_the_guesser_and_locks_no_moderator_out(server):
    async def attack() -> list[Run]:
        tries = []
        for _ in range(10):  # ten fresh sessions, five guesses each
            tries += await asyncio.gather(
                *(sign_in(server, "203.0.113.9", f"guess number {n}") for n in range(5))
            )
        return tries

    tries = run_async(attack())
    # Five free tries (the fifth answer already says to wait), then no more guessing.
    assert sum(t.has("That passphrase is not right.") for t in tries) == 4
    assert sum(t.has("Too many wrong passphrases from this connection") for t in tries) == 46
    moderator = run_async(sign_in(server, "198.51.100.7", PASSPHRASE))
    assert moderator.has("Signed in as moderator (passphrase)."), moderator.texts
    assert run_async(sign_in(server, "203.0.113.9", PASSPHRASE)).has("Please wait")


# ---- Links ----------------------------------------------------------------------------


def test_a_warning_about_a_bad_link_stays_while_the_map_reruns(server):
    async def open_and_rerun() -> list[Run]:
        async with Session(server) as session:
            runs = [await session.run("map", "indicator=<b>nope</b>&geo=wd25")]
            assert "nope" not in session.query  # the address now holds the view shown
            # The map component reruns the page once it has drawn, from that address.
            runs += [await session.run("map", session.query) for _ in range(2)]
            return runs

    for run in run_async(open_and_rerun()):
        assert run.has("is not one we can map"), run.texts
