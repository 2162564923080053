"""Bring your own data: every bad-upload case ends in a clear message or a clear report."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from geo import upload
from geo.upload import UploadError, read_upload, to_geography
from outputs.export import to_xlsx_bytes


def csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def test_a_good_lsoa_file(artifact):
    result = read_upload(
        csv("lsoa,visits,notes\nE01027356,12,ok\nE01027357,30,fine\n"), "v.csv", artifact
    )
    assert result.report.geography == "lsoa21"
    assert result.report.code_column == "lsoa"
    assert result.report.matched == 2
    assert result.columns == ["visits"]  # text column left out
    assert result.values.loc["E01027356", "visits"] == 12


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("code;rate\nE01027356;12,5\nE01027357;7,25\n", "utf-8"),  # semicolons, decimal commas
        ("code\trate\nE01027356\t12.5\nE01027357\t7.25\n", "utf-8"),  # tabs
        ("\ufeffcode,rate\nE01027356,12.5\nE01027357,7.25\n", "utf-8"),  # byte-order mark
        ("code,rate\nE01027356,12.5%\ne01027357, 7.25 \n", "utf-8"),  # % signs, case, spaces
        (
            "code,rate,place\nE01027356,12.5,Morpeth £\nE01027357,7.25,Hexham\n",
            "cp1252",
        ),  # Excel's encoding
    ],
)
def test_common_spreadsheet_quirks_are_understood(artifact, raw, encoding):
    result = read_upload(csv(raw, encoding), "x.csv", artifact)
    assert result.values["rate"].tolist() == [12.5, 7.25]


def test_thousands_separators(artifact):
    result = read_upload(
        csv('code,people\nE01027356,"1,234"\nE01027357,"2,000.5"\n'), "x.csv", artifact
    )
    assert result.values["people"].tolist() == [1234.0, 2000.5]


def test_text_in_numbers_is_reported_not_guessed(artifact):
    result = read_upload(
        csv("code,rate\nE01027356,12\nE01027357,twelve\nE01027358,\n"), "x.csv", artifact
    )
    assert result.report.non_numeric == {"rate": 1}
    assert result.values["rate"].isna().sum() == 2


def test_duplicates_and_unknown_codes_are_reported(artifact):
    result = read_upload(
        csv("code,n\nE01027356,1\nE01027356,2\nE01027357,3\nE01999999,4\nE05016083,5\n"),
        "x.csv",
        artifact,
    )
    assert result.report.duplicates == ["E01027356"]
    assert result.report.unmatched == ["E01999999", "E05016083"]
    assert list(result.values.index) == ["E01027357"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"code,rate\n", "no rows"),
        (b"place,rate\nMorpeth,3\nHexham,4\n", "No column holds"),
        (b"code,note\nE01027356,high\nE01027357,low\n", "No column holds numbers"),
        (b"PK\x03\x04 rest of a zip", "Excel workbook"),
        (b"x" * (5 * 1024 * 1024 + 1), "larger than 5 MB"),
        (b"code,rate\n" + b"E01027356,1\n" * 50_001, "at most 50,000"),
        (b"code,rate\nE01999999,1\n", "No column holds"),
        (b"code,rate ,rate\nE01027356,1,2\n", "both called “rate”"),
    ],
)
def test_unusable_files_get_a_clear_message(artifact, data, message):
    with pytest.raises(UploadError, match=message):
        read_upload(data, "bad.csv", artifact)


def test_lsoa11_data_is_carried_to_2021_lsoas(artifact):
    # E01027425 was split into three 2021 LSOAs; E01027501 and E01027502 were merged.
    data = csv(
        "LSOA11CD,count,rate\nE01027425,30,10\nE01027501,5,20\nE01027502,7,40\nE01027356,9,1\n"
    )
    result = read_upload(data, "old.csv", artifact)
    assert result.report.geography == "lsoa11"
    counts = to_geography(result, "count", "lsoa21", artifact, counts=True)
    rates = to_geography(result, "rate", "lsoa21", artifact, counts=False)
    assert counts.loc[["E01035633", "E01035634", "E01035635"]].tolist() == [10, 10, 10]
    assert rates.loc["E01035633"] == 10
    assert counts.loc["E01035636"] == 12
    assert rates.loc["E01035636"] == 30
    assert counts.loc["E01027356"] == 9


def test_lsoa_data_adds_up_to_divisions_and_division_data_stays_put(artifact):
    shares = artifact.shares("wd25")
    rows = "\n".join(f"{c},1" for c in artifact.names("lsoa21").index)
    result = read_upload(csv(f"code,n\n{rows}\n"), "x.csv", artifact)
    by_division = to_geography(result, "n", "wd25", artifact, counts=True)
    # One per LSOA, shared out like the registry's counts: each division gets the sum of
    # its LSOAs' shares, and every LSOA is counted once over the county.
    here = shares.loc[shares["code"] == "E05016087", "share"].sum()
    assert by_division.loc["E05016087"] == pytest.approx(here)
    assert by_division.sum() == pytest.approx(200)
    # An upload that leaves an LSOA out gives no total for the divisions it is in.
    partial = read_upload(csv(f"code,n\n{rows.split(chr(10), 1)[1]}\n"), "p.csv", artifact)
    first = artifact.names("lsoa21").index[0]
    touched = set(shares.loc[shares["lsoa"] == first, "code"])
    gaps = to_geography(partial, "n", "wd25", artifact, counts=True)
    assert set(gaps[gaps.isna()].index) == touched
    division = read_upload(csv("code,n\nE05016087,5\nE05016083,2\n"), "d.csv", artifact)
    assert division.report.geography == "wd25"
    assert to_geography(division, "n", "wd25", artifact, counts=False).loc["E05016087"] == 5
    assert to_geography(division, "n", "lsoa21", artifact, counts=False).isna().all()


def test_as_indicator_is_session_only():
    ind = upload.as_indicator("survey.csv", "Visits per 100", more_need="higher", counts=False)
    assert ind.id.startswith("upload_")
    assert ind.theme == "Your data"
    assert ind.more_need == "higher"
    assert ind.kind == "score"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            ("code," + ",".join(f"c{i}" for i in range(20_000)) + "\nE01027356,1\n").encode(),
            "at most 50",
        ),
        (b',"' * 10_000 + b"\nE01027356,1\n", "at most 50"),
        (
            ("code," + ",".join(f"c{i}" for i in range(60)) + "\nE01027356,1\n").encode(),
            "61 columns",
        ),
        (b"code," + b"n" * 101 + b"\nE01027356,1\n", "up to 100"),
        (b"code,rate\nE01027356," + b"9" * 201 + b"\nE01027357,1\n", "up to 200"),
        (b'code,"rate\nE01027356,1\nE01027357,2\n', "could not be read"),
    ],
    ids=["20,000 columns", "quotes", "60 columns", "long name", "long value", "open quote"],
)
def test_files_too_wide_are_refused_from_their_header(artifact, data, message):
    with pytest.raises(UploadError, match=message):
        read_upload(data, "wide.csv", artifact)


def test_a_control_character_in_a_column_name_cannot_break_the_excel_download(artifact):
    result = read_upload(
        csv("code,bell\x07 rate\u200b\nE01027356,1\nE01027357,2\n"), "x.csv", artifact
    )
    assert result.columns == ["bell rate"]
    ind = upload.as_indicator("x.csv", result.columns[0], more_need="higher", counts=False)
    workbook = to_xlsx_bytes({"Shortlist": pd.DataFrame({f"Points: {ind.label}": [1.0]})}, [])
    assert (
        load_workbook(io.BytesIO(workbook))["Shortlist"]["A1"].value
        == "Points: bell rate (your data)"
    )
