"""The web server: Streamlit's own, serving app.py, with the headers a public site sends.

Start it with ``streamlit run serve.py`` (``python3 dev.py app`` does). Streamlit finds
the ``st.App`` below and serves app.py through it, so every response, the page, its
scripts, media, uploads and health checks, passes the middleware here:

* the page may be framed only by this site itself (``frame-ancestors``, and the older
  ``X-Frame-Options``), so nobody can overlay it on theirs to trick a click;
* browsers must not guess content types, leak the address to other sites, or offer the
  camera, microphone or location to the page;
* ``/_stcore/metrics`` (who is connected, and for how long) is not served at all.

Before it answers its first request, the server fills the caches every visitor shares
(``ui.data.warm_up``), so the first visitors after a start do not queue behind one
another building them. Memory freed when visitors leave goes back to the system: the
C library keeps at most two memory pools (one per thread, by default, holds on to
what each page run used) and is asked every half minute to release what is free.

What only the reverse proxy can send (HTTPS and ``Strict-Transport-Security``, rate
limits) is in DEPLOY.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import logging
from collections.abc import AsyncIterator

import streamlit as st
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
#: Paths Streamlit serves that the public has no business reading.
CLOSED_PATHS = ("/_stcore/metrics",)

log = logging.getLogger("observatory.serve")
#: Seconds between asking the C library to give freed memory back.
TRIM_EVERY = 30.0
_M_ARENA_MAX = -8  # glibc's mallopt parameter


def _libc() -> ctypes.CDLL | None:
    """The GNU C library, when the server runs on it (it has malloc_trim)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


LIBC = _libc()
if LIBC is not None:
    # Pools are made per thread up to 8 per core, and a pool never shrinks below what
    # its busiest moment needed: with many visitors that is most of the server's memory.
    LIBC.mallopt(_M_ARENA_MAX, 2)


class SecurityHeaders:
    """ASGI middleware: closes :data:`CLOSED_PATHS` and adds :data:`SECURITY_HEADERS`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].rstrip("/").endswith(CLOSED_PATHS):
            await _not_found(send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                added = [(n, v) for n, v in self.headers if n not in present]
                message["headers"] = [*message.get("headers", []), *added]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _not_found(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 404,
            "headers": [(b"content-type", b"text/plain"), (b"content-length", b"9")],
        }
    )
    await send({"type": "http.response.body", "body": b"Not found"})


def _warm_up() -> None:
    from ui import data  # imported here: Streamlit's runtime is running by now

    try:
        data.warm_up()
    except BaseException as exc:  # a data problem stops a page (st.stop) as it would here
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        log.warning("Caches were not filled at start (%s); pages fill them when first used", exc)


async def _give_back_memory() -> None:
    while True:
        await asyncio.sleep(TRIM_EVERY)
        await asyncio.to_thread(LIBC.malloc_trim, 0)


@contextlib.asynccontextmanager
async def _lifespan(_app: st.App) -> AsyncIterator[None]:
    await asyncio.to_thread(_warm_up)
    trimming = asyncio.create_task(_give_back_memory()) if LIBC is not None else None
    yield
    if trimming is not None:
        trimming.cancel()


app = st.App("app.py", middleware=[Middleware(SecurityHeaders)], lifespan=_lifespan)
