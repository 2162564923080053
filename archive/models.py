"""Database tables of the living archive (SQLAlchemy 2, SQLite or PostgreSQL).

The schema itself is created and upgraded by the Alembic migrations next to this file;
these classes must match the latest migration (a test checks they do).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Story(Base):
    """One community story and its moderation state."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    year_from: Mapped[int] = mapped_column(Integer)
    year_to: Mapped[int] = mapped_column(Integer)
    display_name: Mapped[str | None] = mapped_column(String(80))
    licence: Mapped[str] = mapped_column(String(40))
    consent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(12), index=True)
    source: Mapped[str] = mapped_column(String(12), default="web")
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    body_sha256: Mapped[str] = mapped_column(String(64), index=True)
    withdraw_code_hash: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    areas: Mapped[list[StoryArea]] = relationship(
        back_populates="story", cascade="all, delete-orphan", lazy="selectin"
    )
    themes: Mapped[list[StoryTheme]] = relationship(
        back_populates="story", cascade="all, delete-orphan", lazy="selectin"
    )
    photos: Mapped[list[Photo]] = relationship(
        back_populates="story", cascade="all, delete-orphan", lazy="selectin"
    )
    events: Mapped[list[ModerationEvent]] = relationship(
        back_populates="story",
        cascade="all, delete-orphan",
        lazy="select",
        order_by="ModerationEvent.id",
    )


class StoryArea(Base):
    """An area a story is about (an LSOA 2021 or a 2025 division)."""

    __tablename__ = "story_areas"
    __table_args__ = (Index("ix_story_areas_area", "geography", "code"),)

    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    geography: Mapped[str] = mapped_column(String(8), primary_key=True)
    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    story: Mapped[Story] = relationship(back_populates="areas")


class StoryTheme(Base):
    __tablename__ = "story_themes"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(40), primary_key=True)
    story: Mapped[Story] = relationship(back_populates="themes")


class Photo(Base):
    """A photo, already re-encoded without EXIF or GPS data."""

    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    # Deferred: listing stories loads photo captions, not megabytes of pixels.
    image: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    mime: Mapped[str] = mapped_column(String(20))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str] = mapped_column(String(200), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    story: Mapped[Story] = relationship(back_populates="photos")


class ModerationEvent(Base):
    """The audit log: every change of a story's state, by whom, and why."""

    __tablename__ = "moderation_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    story: Mapped[Story] = relationship(back_populates="events")
