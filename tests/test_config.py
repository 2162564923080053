"""Security-relevant configuration: read from the files, then checked on a running server."""

from __future__ import annotations

import re
import subprocess
import tomllib

import pytest
import requests
import websockets

from tests.conftest import PROJECT
from tests.load.client import Session, run_async
from tests.servers import running_app

CONFIG = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())
#: Shapes of secrets that must never be committed.
SECRET_SHAPES = (
    re.compile(r"scrypt\$[0-9a-f]{16,}\$[0-9a-f]{32,}"),  # a moderator passphrase hash
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"client_secret\s*=\s*\"[^\"]{8,}\""),  # OpenID Connect
    re.compile(r"cookie_secret\s*=\s*\"[^\"]{8,}\""),
    # A database URL with a real password (documentation placeholders are fine).
    re.compile(
        r"postgres(?:ql)?(?:\+psycopg)?://[^:@/\s]+:(?!(?:password|pass|PASSWORD)@)[^@/\s]+@"
    ),
)


def test_server_settings_are_safe():
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True  # Streamlit's name for "refuse other origins"
    assert 0 < server["maxUploadSize"] <= 10
    assert CONFIG["client"]["showErrorDetails"] == "none"  # no tracebacks in the browser
    assert CONFIG["browser"]["gatherUsageStats"] is False


def tracked_files() -> list[str]:
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=True, text=True
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        if (PROJECT / ".git").exists():  # a checkout whose files cannot be listed: a failure
            pytest.fail(f"git could not list the tracked files: {exc}")
        pytest.skip("not a git checkout (a source archive): nothing is tracked")
    return [name for name in listing.stdout.split("\0") if name]


def test_no_secrets_are_tracked():
    files = tracked_files()
    assert ".streamlit/secrets.toml" not in files
    assert not [f for f in files if f.endswith((".env", ".pem", ".key", ".db"))]
    found = []
    for name in files:
        path = PROJECT / name
        if (
            path.suffix in {".png", ".parquet", ".gpkg", ".xlsx", ".pdf", ".zip"}
            or not path.exists()
        ):
            continue
        text = path.read_text(errors="ignore")
        found += [f"{name}: {shape.pattern}" for shape in SECRET_SHAPES if shape.search(text)]
    assert not found, f"secret-shaped text in tracked files: {found}"


def test_secrets_and_runtime_state_are_ignored():
    ignored = (PROJECT / ".gitignore").read_text().splitlines()
    for pattern in (".streamlit/secrets.toml", ".env", "data/*.db", "data/build/", ".venv/"):
        assert pattern in ignored, f"{pattern} is not in .gitignore"


@pytest.fixture(scope="module")
def server(built):
    with running_app(built) as url:
        yield url


def test_the_running_server_refuses_other_origins(server):
    async def connect(origin: str) -> None:
        socket = await websockets.connect(
            server.replace("http", "ws") + "/_stcore/stream",
            subprotocols=["streamlit"],
            origin=origin,
        )
        await socket.close()

    run_async(connect(server))  # same origin: fine
    with pytest.raises(websockets.InvalidStatus, match="403"):
        run_async(connect("https://elsewhere.example"))


def test_the_running_server_checks_xsrf_and_upload_size(server):
    http = requests.Session()
    http.get(f"{server}/_stcore/health", timeout=10)
    token = http.cookies.get("_streamlit_xsrf")
    assert token, "the server sets an XSRF cookie"
    limit = CONFIG["server"]["maxUploadSize"] * 1024 * 1024

    async def upload_statuses() -> dict[str, int]:
        async with Session(server) as session:  # uploads belong to a live session
            await session.run("home")
            statuses = {}
            for name, size, headers in (
                ("no-token", 100, {}),
                ("small", 100, {"X-Xsrftoken": token}),
                ("too-big", limit + 1024, {"X-Xsrftoken": token}),
            ):
                reply = http.put(
                    f"{server}/_stcore/upload_file/{session.session_id}/{name}",
                    files={"file": ("survey.csv", b"x" * size)},
                    headers=headers,
                    timeout=30,
                )
                statuses[name] = reply.status_code
            return statuses

    statuses = run_async(upload_statuses())
    assert statuses["no-token"] == 403
    assert statuses["small"] in (200, 204)
    assert statuses["too-big"] == 413


def test_the_running_server_sends_security_headers_and_hides_its_metrics(server):
    from serve import SECURITY_HEADERS

    for path in ("/", "/map", "/_stcore/health", "/app/static/vendor/leaflet/leaflet.js"):
        reply = requests.get(server + path, timeout=30)
        assert reply.status_code == 200, path
        assert reply.headers["X-Frame-Options"] == "SAMEORIGIN", path
        assert "frame-ancestors 'self'" in reply.headers["Content-Security-Policy"], path
        for name, value in SECURITY_HEADERS.items():
            assert reply.headers[name] == value, (path, name)
    for path in ("/_stcore/metrics", "/_stcore/metrics/", "/_stcore/metrics?families=x"):
        assert requests.get(server + path, timeout=30).status_code == 404, path
