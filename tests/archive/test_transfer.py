"""Import with a validation report; export with licences, safe for spreadsheets."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from archive import transfer
from tests.archive.helpers import KNOWN

CSV = """title,body,year_from,year_to,themes,areas,display_name,consent,licence
Pit baths,"The pit baths were the warmest place in the village, every winter.",1960,1970,Work and industry,E05016087,Jo,yes,CC-BY-4.0
Too short,short,1960,,,E05016087,,yes,
No consent,"A perfectly good story about the harbour and the boats.",1990,,,E05016085,,no,
Wrong area,"A perfectly good story about somewhere else entirely.",1990,,,E05999999,,yes,
=HYPERLINK(""http://x""),"A story whose title is a spreadsheet formula, sadly.",1995,,,E01027356,,yes,
"""


def test_import_reports_each_refused_row(store):
    report = transfer.import_stories(store, CSV.encode(), "collection.csv", KNOWN, actor="mod")
    assert report.total == 5
    assert [n for n, _ in report.accepted] == [1, 5]
    refused = dict(report.refused)
    assert set(refused) == {2, 3, 4}
    assert any("at least 20" in m for m in refused[2])
    assert any("consent" in m for m in refused[3])
    assert any("not a neighbourhood or division we cover" in m for m in refused[4])
    assert store.count("pending") == 2
    assert "2 of 5 stories imported" in report.summary()


def test_import_json_and_approve(store):
    doc = {
        "stories": [
            {
                "title": "Ferry days",
                "body": "Crossing the river on the ferry every day.",
                "year_from": 1970,
                "areas": ["E05016085"],
                "consent": True,
                "themes": ["Transport and getting about"],
            }
        ]
    }
    report = transfer.import_stories(
        store, json.dumps(doc).encode(), "x.json", KNOWN, actor="mod", approve=True
    )
    assert len(report.accepted) == 1
    assert store.stories()[0].title == "Ferry days"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "x.csv", "no stories"),
        (b"\xff\xfe\x00t\x00i", "x.csv", "not UTF-8"),
        (b"[1, 2, 3]", "x.json", "list of stories"),
        (b"{broken", "x.json", "could not be read"),
        (b"name;text\nA;B\n", "x.csv", "'title' and a 'body'"),
        (b"title,body\n" + b"a,b\n" * 5001, "x.csv", "at most 5000"),
        (b"[" * 100_000 + b"]" * 100_000, "x.json", "nested too deeply"),
        (b'[{"title": "t", "body": ' + b"[" * 900 + b"]" * 900 + b"}]", "x.json", "nothing nested"),
    ],
    ids=["empty", "utf-16", "numbers", "broken", "no title", "too many", "deep", "nested field"],
)
def test_unreadable_import_files_are_explained(data, name, message):
    with pytest.raises(transfer.ImportFileError, match=message):
        transfer.read_rows(data, name)


def test_semicolon_csv_is_understood():
    rows = transfer.read_rows(b"title;body\nA title;Some body text\n", "x.csv")
    assert rows == [{"title": "A title", "body": "Some body text"}]


def test_exports_carry_licences_and_are_spreadsheet_safe(store):
    transfer.import_stories(store, CSV.encode(), "c.csv", KNOWN, actor="mod", approve=True)
    stories = store.stories()
    table = pd.read_csv(io.StringIO(transfer.export_csv(stories).decode("utf-8-sig")), comment="#")
    assert set(table["licence"]) == {"CC-BY-4.0", "display-only"}
    assert all(not str(t).startswith("=") for t in table["title"])
    doc = json.loads(transfer.export_json(stories))
    assert len(doc["stories"]) == 2
    assert "licence" in doc["note"]
    points = {("wd25", "E05016087"): (-1.57, 55.18), ("lsoa21", "E01027356"): (-1.7, 55.4)}
    geo = json.loads(transfer.export_geojson(stories, points))
    assert len(geo["features"]) == 2
    assert geo["features"][0]["geometry"]["type"] == "Point"


def test_a_row_with_a_bad_year_and_a_bad_code_reports_both():
    draft, problems = transfer.draft_from_row(
        {"title": "Mill", "body": "x" * 30, "year_from": "the sixties", "areas": "X123"}
    )
    assert draft is None
    assert any("year_from is not a year" in p for p in problems)
    assert any("'X123' is not an LSOA" in p for p in problems)


def test_imported_stories_get_no_withdrawal_code(store):
    report = transfer.import_stories(store, CSV.encode(), "collection.csv", KNOWN, actor="mod")
    receipt = report.accepted[0][1]
    assert receipt.withdraw_code == ""
    number = receipt.public_id
    assert not store.withdraw(number, "")
    assert store.get(number, public=False) is not None
