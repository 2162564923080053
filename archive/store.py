"""The living archive's store: submit, moderate, read, withdraw, with an audit log.

SQLite by default (a file under ``data/``, created on first use). Set ``DATABASE_URL`` to a
PostgreSQL URL (``postgresql+psycopg://user:pass@host/db``) so several app replicas share
one archive. The schema is created and upgraded by Alembic migrations when the store
opens, so an upgrade never loses stories.

A story is confirmed only once it is durable in the archive the app is configured with.
On SQLite that means: committed with a full sync, through a connection whose file is
still the one at the configured path (checked before and after each commit). A file
deleted, replaced, made read-only or left without disk space under the running app is a
clear :class:`ArchiveUnavailableError`, never a confirmation, and never a crash: SQLite
runs with a rollback journal rather than WAL, whose shared-memory map turns a file that
cannot be written into a ``SIGBUS`` that kills the whole server.

Nothing is public until a moderator approves it. Reading methods return plain frozen
dataclasses, detached from the database session.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import re
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, func, select, tuple_
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from sqlalchemy.orm import Session, sessionmaker

from archive.models import ModerationEvent, Photo, Story, StoryArea, StoryTheme
from archive.photos import ProcessedPhoto
from archive.validation import StoryDraft
from geo import paths
from geo.errors import ObservatoryError

log = logging.getLogger(__name__)

STATUSES = ("pending", "approved", "rejected", "withdrawn")
ERASED = "[erased on request]"
UNAVAILABLE = "The story archive is not available right now. Please try again in a few minutes."
CANNOT_WRITE = (
    "The story archive cannot save anything on the server just now; nothing was saved. "
    "The people who run this site have been alerted."
)
#: SQLite's words for a database it can read but not change.
_CANNOT_WRITE = ("readonly", "read-only", "disk is full", "disk i/o error", "unable to open")
#: Errors that mean "cannot reach the database" rather than "refused this change".
_UNREACHABLE = (OperationalError, InterfaceError, SATimeoutError)
MIGRATIONS = Path(__file__).with_name("migrations")
DUPLICATE_WINDOW = timedelta(days=1)
#: Alembic keeps its migration context in a module-wide global, so only one store of this
#: process may migrate at a time (other processes wait on a PostgreSQL advisory lock).
_MIGRATING = threading.Lock()


class ArchiveUnavailableError(ObservatoryError):
    """The archive database cannot be reached; maps and profiles keep working."""


class ArchiveError(ObservatoryError):
    """A request the archive refuses (unknown story, wrong state, duplicate...)."""


@dataclass(frozen=True)
class StoryView:
    """A story as read from the archive."""

    public_id: str
    title: str
    body: str
    year_from: int
    year_to: int
    display_name: str | None
    licence: str
    status: str
    source: str
    is_example: bool
    themes: tuple[str, ...]
    areas: tuple[tuple[str, str], ...]
    photo_ids: tuple[int, ...]
    photo_captions: tuple[str, ...]
    created_at: datetime
    updated_at: datetime

    @property
    def period(self) -> str:
        return (
            str(self.year_from)
            if self.year_from == self.year_to
            else f"{self.year_from}–{self.year_to}"
        )

    @property
    def author(self) -> str:
        return self.display_name or "Anonymous"


@dataclass(frozen=True)
class Event:
    """One entry of the moderation audit log."""

    story_id: str
    title: str
    action: str
    actor: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class Receipt:
    """What a submitter is told: the story's id and the code to withdraw it later
    (empty for imported and example stories, which nobody can withdraw themselves)."""

    public_id: str
    withdraw_code: str


def default_url() -> str:
    """``DATABASE_URL`` if set, else a SQLite file in the data folder: ``archive.db`` for
    the county, ``archive-<code>.db`` for another council (``OBSERVATORY_AREA``), so
    councils never share stories by default."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        # Hosting platforms hand out "postgres://" URLs; SQLAlchemy wants a driver.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url
    council = paths.council()
    name = f"archive-{council}.db" if council and paths.is_council_code(council) else "archive.db"
    return f"sqlite:///{paths.data_dir() / name}"


#: People copy story numbers and withdrawal codes by hand, read them out on the phone and
#: type them into ``python -m archive erase``: letters and digits only, none that look
#: alike (0/o, 1/l/i), and so never a leading "-" that a command line takes for an option.
READABLE = "23456789abcdefghjkmnpqrstuvwxyz"


def readable_token(length: int) -> str:
    """A random token of ``length`` characters from :data:`READABLE` (~5 bits each)."""
    return "".join(secrets.choice(READABLE) for _ in range(length))


def _scrypt(code: str, salt: bytes) -> str:
    return hashlib.scrypt(code.encode()[:200], salt=salt, n=2**14, r=8, p=1, dklen=32).hex()


def _hash_code(code: str) -> str:
    salt = secrets.token_bytes(8)
    return f"scrypt${salt.hex()}${_scrypt(code, salt)}"


def _code_matches(code: str, stored: str | None) -> bool:
    if not stored or stored.count("$") != 2:
        return False
    _, salt, digest = stored.split("$")
    try:
        return hmac.compare_digest(_scrypt(code, bytes.fromhex(salt)), digest)
    except ValueError:
        return False


class StoryStore:
    """The archive, on one database.

    Parameters
    ----------
    url
        SQLAlchemy URL; defaults to :func:`default_url`.
    migrate
        Bring the schema up to date on first use (the default).
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = url or default_url()
        self._path = _sqlite_path(self.url)
        self.engine = _engine(self.url, self._path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._migrate = migrate
        self._ready = False

    # ---- plumbing ----------------------------------------------------------------------

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        """A transaction; database failures become ArchiveUnavailableError (nothing half-saved).

        With ``write``, the change is refused unless it lands in the configured file
        (:meth:`_check_file`), before the commit and again after it.
        """
        self._ensure_schema()
        identity = None
        try:
            with self._sessions.begin() as session:
                yield session
                if write:
                    identity = self._check_file(session)
        except _UNREACHABLE as exc:
            if any(words in str(exc).lower() for words in _CANNOT_WRITE):
                cause = getattr(exc, "orig", exc)
                log.error("Story archive cannot be used (%s): %s", self._where(), cause)
                raise ArchiveUnavailableError(CANNOT_WRITE if write else UNAVAILABLE) from exc
            log.warning("Story archive unreachable: %s", exc)
            raise ArchiveUnavailableError(UNAVAILABLE) from exc
        except SQLAlchemyError as exc:
            log.exception("Story archive refused a change")
            raise ArchiveError(
                "The story archive could not store that; nothing was saved."
            ) from exc
        if identity is not None and _file_identity(self._path) != identity:
            self._file_lost()  # it went between the check and the commit

    def _check_file(self, session: Session) -> tuple[int, int] | None:
        """The identity of the SQLite file this transaction writes to, if it is still the
        file at the configured path; raises ArchiveUnavailableError if it is not."""
        if self._path is None:
            return None  # PostgreSQL: a commit that returns is durable
        opened = session.connection().connection.info.get(_IDENTITY)
        if opened is None or _file_identity(self._path) != opened:
            self._file_lost()
        return opened

    def _file_lost(self) -> None:
        held = _held_open(self._path)
        log.critical(
            "The story archive file %s was deleted or replaced while the app was running: "
            "every write is refused until the app is restarted.%s",
            self._path,
            f" The previous file is still open as {held}; copy it back before restarting "
            "if its stories are needed."
            if held
            else "",
        )
        raise ArchiveUnavailableError(CANNOT_WRITE)

    def _where(self) -> str:
        return str(self._path) if self._path is not None else "PostgreSQL"

    def _ensure_schema(self) -> None:
        if self._ready or not self._migrate:
            return
        with _MIGRATING:
            if self._ready:
                return
            try:
                self.upgrade()
            except SQLAlchemyError as exc:
                log.warning("Story archive unreachable while migrating: %s", exc)
                raise ArchiveUnavailableError(UNAVAILABLE) from exc
            self._ready = True

    def upgrade(self, revision: str = "head") -> None:
        """Create or upgrade the schema with the Alembic migrations."""
        if self._path is not None and not self._path.exists():
            # Only here is a missing file created: once the app runs, a file that
            # disappears is a fault to report, not a fresh empty archive to start.
            log.info("Creating a new story archive at %s", self._path)
            self._path.parent.mkdir(parents=True, exist_ok=True)
            sqlite3.connect(self._path).close()
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    def schema_revision(self) -> str | None:
        """The revision the database is at (None before the first migration)."""
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    @staticmethod
    def head_revision() -> str:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        return ScriptDirectory.from_config(config).get_current_head() or ""

    def available(self) -> bool:
        """True when the database answers (a health check)."""
        try:
            with self._session() as session:
                session.execute(select(1))
        except ArchiveUnavailableError:
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()

    # ---- writing -------------------------------------------------------------------

    def submit(
        self,
        draft: StoryDraft,
        photos: Iterable[ProcessedPhoto] = (),
        *,
        source: str = "web",
        status: str = "pending",
        is_example: bool = False,
        actor: str = "submitter",
        public_id: str | None = None,
    ) -> Receipt:
        """Store a validated story (pending by default) and log it.

        Raises
        ------
        ArchiveError
            If the same text was submitted in the last day (a double click, or spam).
        ArchiveUnavailableError
            If the database cannot be reached; nothing is stored.
        """
        if status not in STATUSES:
            raise ValueError(f"Unknown status {status!r}")
        now = datetime.now(UTC)
        body_hash = hashlib.sha256(draft.body.encode()).hexdigest()
        # Only people sending a story in the app are given a withdrawal code; imported and
        # example stories get none (hashing one costs ~25 ms, minutes for a large import).
        code = readable_token(12) if source == "web" else ""
        with self._session(write=True) as session:
            recent = session.scalar(
                select(func.count(Story.id)).where(
                    Story.body_sha256 == body_hash, Story.created_at >= now - DUPLICATE_WINDOW
                )
            )
            if recent:
                raise ArchiveError("We already have this story: it was sent in the last day.")
            story = Story(
                public_id=public_id or readable_token(16),
                title=draft.title,
                body=draft.body,
                year_from=draft.year_from,
                year_to=draft.year_to if draft.year_to is not None else draft.year_from,
                display_name=draft.display_name,
                licence=draft.licence,
                consent_at=now,
                status=status,
                source=source,
                is_example=is_example,
                body_sha256=body_hash,
                withdraw_code_hash=_hash_code(code) if code else None,
                created_at=now,
                updated_at=now,
                areas=[StoryArea(geography=g, code=c) for g, c in draft.areas],
                themes=[StoryTheme(theme=t) for t in draft.themes],
                photos=[
                    Photo(
                        image=p.image,
                        thumbnail=p.thumbnail,
                        mime=p.mime,
                        width=p.width,
                        height=p.height,
                        caption=p.caption,
                        sha256=p.sha256,
                    )
                    for p in photos
                ],
            )
            story.events.append(
                ModerationEvent(
                    action="submitted" if source == "web" else source,
                    actor=actor,
                    reason="",
                    at=now,
                )
            )
            session.add(story)
            return Receipt(story.public_id, code)

    def approve(self, public_id: str, actor: str) -> None:
        self._transition(
            public_id, "approved", actor, "", allowed=("pending", "rejected", "withdrawn")
        )

    def reject(self, public_id: str, actor: str, reason: str) -> None:
        if not reason.strip():
            raise ArchiveError("Give a reason for rejecting the story; it goes in the audit log.")
        self._transition(public_id, "rejected", actor, reason, allowed=("pending", "approved"))

    def take_down(self, public_id: str, actor: str, reason: str) -> None:
        if not reason.strip():
            raise ArchiveError("Give a reason for taking the story down; it goes in the audit log.")
        self._transition(public_id, "withdrawn", actor, reason, allowed=("approved", "pending"))

    def withdraw(self, public_id: str, code: str) -> bool:
        """Withdraw a story with the code its submitter was given: it is erased at once
        (see :meth:`erase`). False if the number and code do not match."""
        with self._session(write=True) as session:
            story = self._find(session, public_id, missing_ok=True)
            if story is None or not _code_matches(code.strip(), story.withdraw_code_hash):
                return False
            self._erase(session, story, "submitter", "Withdrawn by the submitter")
        return True

    def erase(self, public_id: str, actor: str, reason: str) -> None:
        """Remove a story's words, name, areas and photos for good (a request to be forgotten).

        The row stays, withdrawn and titled :data:`ERASED`, with an audit entry saying who
        erased it and why; nothing the person wrote or sent is left in the archive.
        """
        if not reason.strip():
            raise ArchiveError("Give a reason for erasing the story; it goes in the audit log.")
        with self._session(write=True) as session:
            self._erase(session, self._find(session, public_id), actor, reason)

    def _erase(self, session: Session, story: Story, actor: str, reason: str) -> None:
        story.title, story.body, story.display_name = ERASED, "", None
        story.body_sha256 = hashlib.sha256(b"").hexdigest()
        story.withdraw_code_hash = None
        story.photos, story.areas, story.themes = [], [], []
        story.status = "withdrawn"
        for logged in story.events:  # an edit note may have quoted the story
            if logged.action == "edited":
                logged.reason = "Changed (details erased with the story)"
        self._log(session, story, "erased", actor, reason)

    def edit(
        self,
        public_id: str,
        actor: str,
        *,
        title: str | None = None,
        body: str | None = None,
        themes: Iterable[str] | None = None,
        areas: Iterable[tuple[str, str]] | None = None,
        reason: str = "",
    ) -> None:
        """Change a story's text, themes or areas (moderators only), logging what changed."""
        with self._session(write=True) as session:
            story = self._find(session, public_id)
            _refuse_if_erased(story)
            changed = []
            if title is not None and title != story.title:
                story.title, changed = title, [*changed, "title"]
            if body is not None and body != story.body:
                story.body = body
                story.body_sha256 = hashlib.sha256(body.encode()).hexdigest()
                changed.append("text")
            if themes is not None and set(themes) != {t.theme for t in story.themes}:
                story.themes = [StoryTheme(theme=t) for t in dict.fromkeys(themes)]
                changed.append("themes")
            if areas is not None and set(areas) != {(a.geography, a.code) for a in story.areas}:
                story.areas = [StoryArea(geography=g, code=c) for g, c in dict.fromkeys(areas)]
                changed.append("areas")
            if changed:
                note = f"Changed {', '.join(changed)}" + (f": {reason}" if reason else "")
                self._log(session, story, "edited", actor, note)

    def remove_examples(self) -> int:
        """Delete every example story; returns how many went."""
        with self._session(write=True) as session:
            examples = session.scalars(select(Story).where(Story.is_example)).all()
            for story in examples:
                session.delete(story)
            return len(examples)

    def _transition(
        self, public_id: str, status: str, actor: str, reason: str, *, allowed: tuple[str, ...]
    ) -> None:
        with self._session(write=True) as session:
            story = self._find(session, public_id)
            if story.status not in allowed:
                raise ArchiveError(
                    f"This story is {story.status} already, so it cannot be {status} now."
                    if story.status == status
                    else f"A story that is {story.status} cannot be {status}."
                )
            _refuse_if_erased(story)
            story.status = status
            self._log(session, story, status, actor, reason)

    @staticmethod
    def _log(session: Session, story: Story, action: str, actor: str, reason: str) -> None:
        now = datetime.now(UTC)
        story.updated_at = now
        session.add(
            ModerationEvent(story=story, action=action, actor=actor[:120], reason=reason, at=now)
        )

    @staticmethod
    def _find(session: Session, public_id: str, *, missing_ok: bool = False) -> Story | None:
        number = str(public_id).strip()[:32]  # a number pasted from an email may carry spaces
        story = session.scalar(select(Story).where(Story.public_id == number))
        if story is None and not missing_ok:
            raise ArchiveError("There is no such story.")
        return story

    # ---- reading -------------------------------------------------------------------

    def get(self, public_id: str, *, public: bool = True) -> StoryView | None:
        """One story; with ``public`` only if it is approved."""
        with self._session() as session:
            story = self._find(session, public_id, missing_ok=True)
            if story is None or (public and story.status != "approved"):
                return None
            return _view(story)

    def stories(
        self,
        *,
        status: str | Iterable[str] = "approved",
        areas: Iterable[tuple[str, str]] | None = None,
        themes: Iterable[str] | None = None,
        years: tuple[int, int] | None = None,
        text: str | None = None,
        include_examples: bool = True,
        limit: int | None = 500,
    ) -> list[StoryView]:
        """Stories matching every filter given, newest first (all of them if ``limit`` is None)."""
        statuses = [status] if isinstance(status, str) else list(status)
        query = select(Story).where(Story.status.in_(statuses))
        if areas is not None:
            pairs = list(areas)
            if not pairs:
                return []
            area_match = select(StoryArea.story_id).where(
                tuple_(StoryArea.geography, StoryArea.code).in_(pairs)
            )
            query = query.where(Story.id.in_(area_match))
        if themes:
            query = query.where(
                Story.id.in_(select(StoryTheme.story_id).where(StoryTheme.theme.in_(list(themes))))
            )
        if years is not None:
            query = query.where(Story.year_to >= years[0], Story.year_from <= years[1])
        if text:
            # % and _ typed by a visitor are letters to look for, not wildcards.
            wanted = text.strip().lower()[:80]
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", wanted) + "%"
            query = query.where(
                func.lower(Story.title).like(pattern, escape="\\")
                | func.lower(Story.body).like(pattern, escape="\\")
            )
        if not include_examples:
            query = query.where(Story.is_example.is_(False))
        query = query.order_by(Story.created_at.desc(), Story.id.desc()).limit(limit)
        with self._session() as session:
            rows = session.scalars(query).all()
            return [_view(story) for story in rows]

    def counts_by_area(self, geography: str) -> dict[str, int]:
        """Approved stories per area of one geography."""
        query = (
            select(StoryArea.code, func.count(StoryArea.story_id))
            .join(Story, Story.id == StoryArea.story_id)
            .where(Story.status == "approved", StoryArea.geography == geography)
            .group_by(StoryArea.code)
        )
        with self._session() as session:
            return {code: int(n) for code, n in session.execute(query).all()}

    def photo(self, photo_id: int, *, thumbnail: bool = False, public: bool = True) -> bytes | None:
        """A photo's bytes (of an approved story, unless ``public`` is False)."""
        column = Photo.thumbnail if thumbnail else Photo.image
        query = select(column).join(Story).where(Photo.id == int(photo_id))
        if public:
            query = query.where(Story.status == "approved")
        with self._session() as session:
            return session.scalar(query)

    def audit(self, public_id: str | None = None, limit: int = 200) -> list[Event]:
        """The moderation log, newest first (for one story, or all)."""
        query = select(ModerationEvent, Story.public_id, Story.title).join(Story)
        if public_id is not None:
            query = query.where(Story.public_id == public_id)
        query = query.order_by(ModerationEvent.id.desc()).limit(limit)
        with self._session() as session:
            return [
                Event(pid, title, e.action, e.actor, e.reason, e.at)
                for e, pid, title in session.execute(query).all()
            ]

    def count(self, status: str | None = None) -> int:
        query = select(func.count(Story.id))
        if status is not None:
            query = query.where(Story.status == status)
        with self._session() as session:
            return int(session.scalar(query) or 0)


def _refuse_if_erased(story: Story) -> None:
    if story.title == ERASED and not story.body:
        raise ArchiveError("An erased story cannot be changed or restored.")


def _view(story: Story) -> StoryView:
    photos = sorted(story.photos, key=lambda p: p.id)
    return StoryView(
        public_id=story.public_id,
        title=story.title,
        body=story.body,
        year_from=story.year_from,
        year_to=story.year_to,
        display_name=story.display_name,
        licence=story.licence,
        status=story.status,
        source=story.source,
        is_example=story.is_example,
        themes=tuple(sorted(t.theme for t in story.themes)),
        areas=tuple(sorted((a.geography, a.code) for a in story.areas)),
        photo_ids=tuple(p.id for p in photos),
        photo_captions=tuple(p.caption for p in photos),
        created_at=story.created_at,
        updated_at=story.updated_at,
    )


_IDENTITY = "observatory_file_identity"  # key in a pooled connection's info


def _sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL (None for PostgreSQL or an in-memory database)."""
    if not url.startswith("sqlite:///") or url in ("sqlite:///", "sqlite:///:memory:"):
        return None
    return Path(url.removeprefix("sqlite:///")).absolute()


def _file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path`` now; None if there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _held_open(path: Path) -> str:
    """Where this process still holds a deleted ``path`` open (Linux), for recovery."""
    with contextlib.suppress(OSError):
        for fd in Path("/proc/self/fd").iterdir():
            with contextlib.suppress(OSError):
                if os.readlink(fd) == f"{path} (deleted)":
                    return f"/proc/{os.getpid()}/fd/{fd.name}"
    return ""


def _engine(url: str, path: Path | None) -> Engine:
    if path is not None:
        engine = create_engine(
            url,
            # mode=rw: a connection never creates a file (see StoryStore.upgrade).
            creator=lambda: sqlite3.connect(
                f"file:{quote(str(path))}?mode=rw",
                uri=True,
                timeout=15,
                check_same_thread=False,
            ),
            hide_parameters=True,  # error messages and logs never carry story text
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, record) -> None:
            record.info[_IDENTITY] = _file_identity(path)  # the file this connection opened
            cursor = dbapi_connection.cursor()
            # A rollback journal, not WAL: WAL maps a shared-memory file, and writing to
            # it when the file cannot be written (made immutable, say) is a SIGBUS that
            # kills the server. The journal is truncated after each commit, never kept.
            cursor.execute("PRAGMA journal_mode=TRUNCATE")
            cursor.execute("PRAGMA synchronous=FULL")  # a commit is on disk when it returns
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.execute("PRAGMA secure_delete=ON")  # erased stories leave no bytes behind
            cursor.close()

        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=10,
        pool_timeout=10,
        connect_args={"connect_timeout": 5},
        hide_parameters=True,
    )
