"""Import stories from an existing collection (CSV or JSON) and export approved ones.

Imports are checked row by row with the same rules as the web form; the report lists
every row that was refused and why, and nothing from a refused row is stored. Exports
carry each story's licence; the GeoJSON places each story at a point inside its area,
never at anyone's address.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
import shapely

from archive.store import ArchiveError, Receipt, StoryStore, StoryView
from archive.text import clean_text
from archive.validation import LICENCES, StoryDraft, area_kind, check, normalise
from geo.tabular import delimiter_of, to_csv_bytes

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
EXPORT_NOTE = (
    "Community stories from the Northumberland Living Archive Data Observatory. Each story "
    "keeps the licence its author chose (see the licence field)."
)


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class ImportReport:
    total: int = 0
    accepted: list[tuple[int, Receipt]] = field(default_factory=list)
    refused: list[tuple[int, list[str]]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.accepted)} of {self.total} stories imported, {len(self.refused)} refused."
        )


def read_rows(data: bytes, filename: str) -> list[dict[str, object]]:
    """Rows of a CSV or JSON file, as dictionaries.

    Raises
    ------
    ImportFileError
        If the file is too big, not UTF-8, not CSV/JSON, or has no rows.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."
        ) from exc
    if filename.lower().endswith(".json") or text.lstrip().startswith(("[", "{")):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFileError(f"The JSON could not be read (line {exc.lineno}).") from exc
        except RecursionError as exc:  # lists inside lists, a thousand deep
            raise ImportFileError("The JSON is nested too deeply to be a list of stories.") from exc
        rows = doc.get("stories") if isinstance(doc, dict) else doc
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ImportFileError('The JSON must be a list of stories (or {"stories": [...]}).')
        if not all(_flat(value) for row in rows for value in row.values()):
            raise ImportFileError(
                "Each story's fields must be text, numbers or lists of text (nothing nested)."
            )
    else:
        try:
            delimiter = delimiter_of(text.split("\n", 1)[0], ",;\t")
            rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        except csv.Error as exc:
            raise ImportFileError(f"The CSV could not be read ({exc}).") from exc
    if not rows:
        raise ImportFileError("The file has no stories in it.")
    if len(rows) > MAX_IMPORT_ROWS:
        raise ImportFileError(
            f"The file has {len(rows)} stories; import at most {MAX_IMPORT_ROWS} at once."
        )
    if "title" not in rows[0] or "body" not in rows[0]:
        raise ImportFileError("Each story needs at least a 'title' and a 'body' column.")
    return rows


def _flat(value: object) -> bool:
    """Text, a number, nothing, or a list of those: what a story's field can hold."""
    scalar = (str, int, float, bool, type(None))
    return isinstance(value, scalar) or (
        isinstance(value, list) and all(isinstance(v, scalar) for v in value)
    )


def draft_from_row(row: dict[str, object]) -> tuple[StoryDraft | None, list[str]]:
    """A draft from one row, or the reasons it cannot be made."""
    problems = []

    def text(name: str) -> str:
        value = row.get(name)
        return "" if value is None else str(value)

    def year(name: str) -> int | None:
        raw = text(name).strip()
        if not raw:
            return None
        try:
            return int(float(raw))
        except ValueError:
            problems.append(f"{name} is not a year: {raw[:10]!r}")
            return None

    def split(name: str) -> list[str]:
        value = row.get(name)
        items = value if isinstance(value, list) else text(name).replace(",", ";").split(";")
        return [clean_text(str(i), multiline=False) for i in items if str(i).strip()]

    areas = []
    for code in split("areas"):
        geography = area_kind(code.upper())
        if geography is None:
            problems.append(f"{code[:12]!r} is not an LSOA (E01…) or division (E05…) code")
        else:
            areas.append((geography, code.upper()))
    consent = text("consent").strip().lower() in ("yes", "y", "true", "1")
    licence = text("licence").strip() or "display-only"
    year_from, year_to = year("year_from"), year("year_to")  # before: they may add problems
    if problems:
        return None, problems
    return (
        StoryDraft(
            title=text("title"),
            body=text("body"),
            year_from=year_from,
            year_to=year_to,
            themes=tuple(split("themes")),
            areas=tuple(areas),
            display_name=text("display_name") or None,
            consent=consent,
            licence=licence,
        ),
        [],
    )


def import_stories(
    store: StoryStore,
    data: bytes,
    filename: str,
    known_areas: set[tuple[str, str]],
    *,
    actor: str,
    approve: bool = False,
) -> ImportReport:
    """Check and store every acceptable row; report the rest."""
    rows = read_rows(data, filename)
    report = ImportReport(total=len(rows))
    for number, row in enumerate(rows, start=1):
        draft, problems = draft_from_row(row)
        if draft is not None:
            draft = normalise(draft)
            problems = check(draft, known_areas).messages()
        if problems or draft is None:
            report.refused.append((number, problems))
            continue
        try:
            receipt = store.submit(
                draft, source="import", actor=actor, status="approved" if approve else "pending"
            )
        except ArchiveError as exc:
            report.refused.append((number, [str(exc)]))
            continue
        report.accepted.append((number, receipt))
    return report


def _record(story: StoryView) -> dict[str, object]:
    return {
        "id": story.public_id,
        "title": story.title,
        "body": story.body,
        "year_from": story.year_from,
        "year_to": story.year_to,
        "author": story.author,
        "themes": list(story.themes),
        "areas": [code for _, code in story.areas],
        "licence": story.licence,
        "licence_text": LICENCES.get(story.licence, story.licence),
        "example": story.is_example,
        "published": story.updated_at.astimezone(UTC).isoformat(timespec="seconds"),
    }


def export_csv(stories: Iterable[StoryView]) -> bytes:
    table = pd.DataFrame([_record(s) for s in stories])
    if not table.empty:
        table["themes"] = table["themes"].map("; ".join)
        table["areas"] = table["areas"].map("; ".join)
    return to_csv_bytes(table, notes=[EXPORT_NOTE, f"Exported {datetime.now(UTC):%Y-%m-%d}"])


def export_json(stories: Iterable[StoryView]) -> bytes:
    doc = {
        "note": EXPORT_NOTE,
        "exported": datetime.now(UTC).isoformat(timespec="seconds"),
        "stories": [_record(s) for s in stories],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def export_geojson(
    stories: Iterable[StoryView], area_points: dict[tuple[str, str], tuple[float, float]]
) -> bytes:
    """One feature per story and area, at a point inside the area (lon, lat)."""
    features = []
    for story in stories:
        for geography, code in story.areas:
            point = area_points.get((geography, code))
            if point is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": shapely.geometry.mapping(shapely.Point(*point)),
                    "properties": {
                        **_record(story),
                        "area_code": code,
                        "area_geography": geography,
                    },
                }
            )
    doc = {"type": "FeatureCollection", "note": EXPORT_NOTE, "features": features}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")
