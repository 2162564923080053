"""Load test: many concurrent visitors browsing maps and profiles while stories come in.

Each session is a real Streamlit WebSocket session (see :mod:`tests.load.client`). It
opens the map on a random indicator and area, reads it for a moment, then opens that
area's profile; some sessions also fill in and send the story form. Visitors arrive
spread over ``ramp`` seconds (0: all in the same instant, a burst) and take ``think``
seconds between pages, as people do. Sessions are spread over the given app replicas.
The run is bounded in sessions, page views and time, and only talks to loopback
addresses.

Afterwards every story the app confirmed is looked up in the database: it must be there
exactly once, and nothing the app did not confirm may have been stored.

    python -m tests.load.loadtest http://127.0.0.1:8501 --database sqlite:///data/archive.db
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from archive import StoryStore
from archive.settings import MIN_SECONDS_TO_WRITE
from tests.load.client import Session, run_async, widget

LOOPBACK = ("127.0.0.1", "localhost", "::1")
INDICATORS = ("imd2025_score", "fuel_poverty_2021", "census21_disabled", "iod2025_income_score")
DIVISIONS = ("E05016083", "E05016084", "E05016087", "E05016115", "E05016127", "E05016111")
LSOAS = ("E01027356", "E01027453", "E01035636", "E01027503", "E01027545", "E01033715")
POSTCODES = ("NE61 1AA", "NE65 0AA", "NE46 1AA", "TD15 1AA")


@dataclass
class Outcome:
    latencies: list[tuple[str, float]] = field(default_factory=list)  # (page, seconds)
    errors: list[str] = field(default_factory=list)
    accepted: dict[str, str] = field(default_factory=dict)  # title → story number
    refused: list[str] = field(default_factory=list)  # titles the app did not accept


async def visitor(
    base_url: str,
    number: int,
    submit: bool,
    rng: random.Random,
    out: Outcome,
    run_id: str,
    *,
    arrive: float = 0.0,
    think: tuple[float, float] = (0.0, 0.0),
) -> None:
    await asyncio.sleep(arrive)
    try:
        async with Session(base_url) as session:
            indicator = rng.choice(INDICATORS)
            geo, area = rng.choice([("lsoa21", rng.choice(LSOAS)), ("wd25", rng.choice(DIVISIONS))])
            for n, (page, query) in enumerate(
                (
                    ("map", urlencode({"indicator": indicator, "geo": geo, "area": area})),
                    ("area", urlencode({"geo": geo, "area": area})),
                )
            ):
                if n:
                    await asyncio.sleep(rng.uniform(*think))  # reading the page
                run = await session.run(page, query)
                out.latencies.append((page, run.seconds))
                out.errors += [f"{page}: {e}" for e in run.exceptions]
                if not run.has("Relative deprivation, 2004 to 2025"):
                    out.errors.append(f"{page}?{query}: the profile did not appear")
            if submit:
                await send_story(session, number, rng, out, run_id)
    except (OSError, TimeoutError) as exc:
        out.errors.append(f"session {number}: {type(exc).__name__}: {exc}")


async def send_story(
    session: Session,
    number: int,
    rng: random.Random,
    out: Outcome,
    run_id: str,
    postcode: str | None = None,
) -> None:
    form = await session.run("share")
    out.latencies.append(("share", form.seconds))
    await asyncio.sleep(MIN_SECONDS_TO_WRITE.value() + 0.5)  # people take a while to write
    title = f"Load test {run_id} visitor {number}"
    values = [
        widget(form, "Title", string_value=title),
        widget(
            form,
            "Your story",
            string_value=f"Written during a load test ({title}), about the place.",
        ),
        widget(form, "From year", int_value=rng.randint(1960, 2020)),
        widget(form, "Or a postcode", string_value=postcode or rng.choice(POSTCODES)),
        widget(form, "I agree to my story being published", bool_value=True),
        widget(form, "Send my story for review", trigger_value=True),
    ]
    sent = await session.run("share", widgets=values)
    out.latencies.append(("share (send)", sent.seconds))
    out.errors += [f"share: {e}" for e in sent.exceptions]
    receipt = next((t for t in sent.texts if t.startswith("Story number:")), None)
    if receipt and sent.has("has been received"):
        out.accepted[title] = re.search(r"Story number: (\S+)", receipt).group(1)
    else:
        out.refused.append(title)


async def load(
    base_urls: list[str],
    sessions: int,
    share: float,
    seed: int,
    deadline: float,
    run_id: str,
    *,
    ramp: float = 0.0,
    think: tuple[float, float] = (0.0, 0.0),
) -> Outcome:
    for url in base_urls:
        if urlsplit(url).hostname not in LOOPBACK:
            raise ValueError(f"The load test only runs against this machine, not {url}.")
    rng = random.Random(seed)
    out = Outcome()
    tasks = [
        visitor(
            base_urls[i % len(base_urls)],
            i,
            rng.random() < share,
            random.Random(rng.random()),
            out,
            run_id,
            arrive=ramp * i / sessions,
            think=think,
        )
        for i in range(sessions)
    ]
    await asyncio.wait_for(asyncio.gather(*tasks), deadline)
    return out


def check_stored(database_url: str, out: Outcome, run_id: str) -> dict[str, object]:
    """Every accepted story stored exactly once; nothing refused stored at all."""
    store = StoryStore(database_url)
    try:
        pending = store.stories(status=("pending", "approved"), text=run_id, limit=10_000)
    finally:
        store.dispose()
    by_title: dict[str, int] = {}
    for story in pending:
        by_title[story.title] = by_title.get(story.title, 0) + 1
    return {
        "accepted": len(out.accepted),
        "stored_once": sum(1 for t in out.accepted if by_title.get(t) == 1),
        "duplicates": sorted(t for t, n in by_title.items() if n > 1),
        "stored_but_not_confirmed": sorted(t for t in by_title if t not in out.accepted),
        "missing": sorted(t for t in out.accepted if t not in by_title),
    }


def percentiles(seconds: list[float]) -> dict[str, float | None]:
    if not seconds:
        return {"p50_s": None, "p95_s": None}
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {"p50_s": round(statistics.median(ordered), 2), "p95_s": round(p95, 2)}


def run(
    base_urls: list[str],
    database_url: str,
    *,
    sessions: int = 50,
    share: float = 0.3,
    seed: int = 11,
    deadline: float = 600.0,
    ramp: float = 0.0,
    think: tuple[float, float] = (0.0, 0.0),
) -> dict[str, object]:
    """Run the load and report errors, latency percentiles and the storage check."""
    start = time.perf_counter()
    run_id = uuid.uuid4().hex[:10]
    out = run_async(
        load(base_urls, sessions, share, seed, deadline, run_id, ramp=ramp, think=think)
    )
    elapsed = time.perf_counter() - start
    pages = sorted({page for page, _ in out.latencies})
    return {
        "replicas": len(base_urls),
        "sessions": sessions,
        "ramp_s": ramp,
        "think_s": list(think),
        "page_runs": len(out.latencies),
        "errors": len(out.errors),
        "error_examples": out.errors[:5],
        **percentiles([s for _, s in out.latencies]),
        "by_page": {p: percentiles([s for q, s in out.latencies if q == p]) for p in pages},
        "wall_s": round(elapsed, 1),
        "stories": check_stored(database_url, out, run_id),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("urls", nargs="+", help="app replicas (loopback only)")
    parser.add_argument("--database", required=True, help="the archive's DATABASE_URL")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument(
        "--share", type=float, default=0.3, help="share of sessions that send a story"
    )
    parser.add_argument("--ramp", type=float, default=0.0, help="seconds over which they arrive")
    parser.add_argument(
        "--think", type=float, nargs=2, default=(0.0, 0.0), help="seconds between pages"
    )
    args = parser.parse_args()
    report = run(
        args.urls,
        args.database,
        sessions=args.sessions,
        share=args.share,
        ramp=args.ramp,
        think=tuple(args.think),
    )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
