"""Load and scale-out against real running apps: SQLite, and PostgreSQL behind two replicas.

Bounded for CI: 50 sessions per run, arriving over 10 seconds, each opening a map, reading
it for one to three seconds and opening a profile, about a quarter of them sending a
story; and the same 50 arriving in one instant (a burst). Afterwards the server's memory
is compared with what it used before the visitors came (the target: within 20%). The figures are
printed (``pytest -s``) and kept in SECURITY.md; timings and the memory ratio are
reported, never asserted beyond what only a leak would reach.
"""

from __future__ import annotations

import json
import random
import time
import uuid

import pytest

from archive.moderators import hash_passphrase
from geo.search import search
from tests.load import loadtest
from tests.load.client import Session, run_async, widget
from tests.servers import app_pid, fresh_database, memory_mb, running_app

SESSIONS = 50
SHARE = 0.25
ARRIVALS = {"ramp": 10.0, "think": (1.0, 3.0)}  # five new visitors a second, who read
#: Disconnected sessions are kept this long for a reconnect (Streamlit's default is 120 s).
SESSION_TTL = "5"
MEMORY_SLACK = 1.2
PASSPHRASE = "replica test moderator passphrase"
POSTCODE = "NE61 1AA"


def check(report: dict) -> None:
    print(json.dumps(report, indent=2))
    stories = report["stories"]
    assert report["errors"] == 0, report["error_examples"]
    assert report["page_runs"] >= 2 * report["sessions"]
    assert stories["accepted"] > 0, "no story was accepted under load"
    assert stories["stored_once"] == stories["accepted"]
    assert not stories["duplicates"]
    assert not stories["missing"]
    assert not stories["stored_but_not_confirmed"]


async def first_visitor(app: str) -> None:
    """One visitor to each page the load uses, as a server has had before a busy hour."""
    async with Session(app) as session:
        for page, query in (
            ("map", f"indicator={loadtest.INDICATORS[0]}&geo=wd25&area={loadtest.DIVISIONS[0]}"),
            ("area", f"geo=lsoa21&area={loadtest.LSOAS[0]}"),
            ("share", ""),
        ):
            await session.run(page, query)


def memory_after_visitors_leave(app: str, pid: int, before: float) -> float:
    """The server's resident memory once the sessions have expired and freed memory has
    been given back (polled for up to a minute), as a share of ``before``."""

    async def one_visit() -> None:  # a later visitor: expired sessions are removed then
        async with Session(app) as session:
            await session.run("home")

    time.sleep(float(SESSION_TTL) + 1)
    run_async(one_visit())
    deadline = time.monotonic() + 60
    while memory_mb(pid) > MEMORY_SLACK * before and time.monotonic() < deadline:
        time.sleep(2)
    return memory_mb(pid) / before


def test_fifty_sessions_on_sqlite(built, tmp_path):
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    settings = {"DATABASE_URL": url, "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": SESSION_TTL}
    with running_app(built, settings) as app:
        pid = app_pid(app)
        run_async(first_visitor(app))  # memory "at the start": a server that has been used
        before = memory_mb(pid)
        report = loadtest.run([app], url, sessions=SESSIONS, share=SHARE, deadline=480, **ARRIVALS)
        burst = loadtest.run([app], url, sessions=SESSIONS, share=SHARE, deadline=480)
        ratio = memory_after_visitors_leave(app, pid, before)
    report["burst"] = {k: burst[k] for k in ("errors", "p50_s", "p95_s", "by_page")}
    report["memory_mb"] = {"before": round(before), "after_ratio": round(ratio, 2)}
    check(report)
    check(burst)
    # Reported, not asserted: on a machine shared with other work the figure swings
    # (1.16 to 1.22 on a quiet one; see SECURITY.md). A leak would double it.
    assert ratio < 2 * MEMORY_SLACK, f"memory stayed at {ratio:.0%} of its start"


@pytest.fixture
def replicas(built, tmp_path):
    """Two app processes on different ports sharing one fresh PostgreSQL database."""
    settings = {"OBSERVATORY_MODERATOR_HASH": hash_passphrase(PASSPHRASE)}
    with fresh_database("postgresql", tmp_path) as url:
        settings["DATABASE_URL"] = url
        with running_app(built, settings) as first, running_app(built, settings) as second:
            assert first != second
            yield url, first, second


async def submit_and_approve_on(app: str, run_id: str) -> str:
    """Send a story and approve it, both through one replica; returns its title."""
    out = loadtest.Outcome()
    async with Session(app) as session:
        await loadtest.send_story(session, 0, random.Random(1), out, run_id, postcode=POSTCODE)
        assert len(out.accepted) == 1, out.refused
        form = await session.run("moderate")
        signed_in = await session.run(
            "moderate",
            widgets=[
                widget(form, "Moderator passphrase", string_value=PASSPHRASE),
                widget(form, "Sign in", trigger_value=True),
            ],
        )
        assert signed_in.has("Waiting (1)"), signed_in.texts
        approved = await session.run(
            "moderate", widgets=[widget(signed_in, "Approve and publish", trigger_value=True)]
        )
        assert approved.has("Waiting (0)"), approved.texts
    return next(iter(out.accepted))


async def profile_on(app: str, code: str) -> list[str]:
    async with Session(app) as session:
        return (await session.run("area", f"geo=lsoa21&area={code}")).texts


def test_story_approved_on_one_replica_is_on_the_others_profile_at_once(replicas, artifact):
    _, first, second = replicas
    place = search(artifact, POSTCODE).matches[0]
    assert place.geography == "lsoa21"
    title = run_async(submit_and_approve_on(first, uuid.uuid4().hex[:10]))
    texts = run_async(profile_on(second, place.code))
    assert any(title in t for t in texts), f"{title!r} is not on the other replica's profile"


def test_fifty_sessions_over_two_replicas_on_postgresql(replicas):
    url, first, second = replicas
    report = loadtest.run(
        [first, second], url, sessions=SESSIONS, share=SHARE, deadline=480, **ARRIVALS
    )
    assert report["replicas"] == 2
    check(report)
