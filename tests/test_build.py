"""The data build: coverage, skipping unchanged work, atomic writes, clear failures."""

from __future__ import annotations

import pytest

from geo import Artifact
from geo.artifact import POINTER, current_path
from geo.build import build, fingerprint, main, needs_build
from geo.errors import ArtifactError, DataError


def test_bundled_build_reports_full_coverage(built):
    assert len(built.reports) == 17
    assert all(r.matched == r.expected for r in built.reports)


def test_an_unchanged_build_is_skipped(data_copy, tmp_path):
    out = tmp_path / "build"
    first = build(data_copy, out)
    again = build(data_copy, out)
    assert first.rebuilt
    assert not again.rebuilt
    assert again.path == first.path
    assert not needs_build(data_copy, out)


def test_a_changed_input_triggers_a_rebuild(data_copy, tmp_path):
    out = tmp_path / "build"
    first = build(data_copy, out)
    csv = data_copy / "indicators/fuel_poverty_lsoa21_2021.csv"
    csv.write_text(csv.read_text().replace("15.071090047393366", "15.5"))
    assert needs_build(data_copy, out)
    second = build(data_copy, out)
    assert second.rebuilt
    assert second.path != first.path
    assert not first.path.exists(), "old versions are cleaned up"
    values = Artifact.open(out).values("lsoa21")
    assert values.loc["E01027356", "fuel_poverty_2021"] == 15.5


def test_force_rebuilds(data_copy, tmp_path):
    out = tmp_path / "build"
    build(data_copy, out)
    assert build(data_copy, out, force=True).rebuilt


@pytest.mark.parametrize(
    ("relative", "damage", "message"),
    [
        (
            "indicators/imd2025_lsoa21.csv",
            lambda t: t[: len(t) // 2] + '"unterminated\n',
            "imd2025_lsoa21.csv",
        ),
        ("indicators/imd2025_lsoa21.csv", lambda t: t.replace("11.101", "eleven"), "not numbers"),
        ("boundaries/wards_wd25_bgc.geojson", lambda t: t[:5000], "wards_wd25_bgc.geojson"),
        (
            "lookups/lsoa21_to_ward.csv",
            lambda t: t.replace("WD24CD_ons_bestfit", "WD24_bf"),
            "lsoa21_to_ward.csv",
        ),
    ],
)
def test_corrupt_input_fails_clearly_and_keeps_the_previous_artifact(
    data_copy, tmp_path, relative, damage, message
):
    out = tmp_path / "build"
    good = build(data_copy, out)
    pointer = (out / POINTER).read_text()
    target = data_copy / relative
    target.write_text(damage(target.read_text()))

    with pytest.raises(DataError, match=message.replace(".", r"\.")):
        build(data_copy, out)

    assert (out / POINTER).read_text() == pointer
    assert current_path(out) == good.path
    assert Artifact.open(out).values("lsoa21")["imd2025_score"].notna().sum() == 200
    assert not list(out.glob(".tmp-*")), "the half-written build is removed"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda t: t.replace(",E01027356,", ",E01999999,"), "LSOAs not in the county: E01999999"),
        (
            lambda t: "\n".join(line for line in t.split("\n") if ",E01027444," not in line),
            "no postcode in LSOA.s. E01027444",
        ),
        (lambda t: t.replace("55.08748", "north"), "'lat' holds 1 value"),
    ],
)
def test_postcodes_that_cannot_place_every_lsoa_fail_clearly(data_copy, tmp_path, damage, message):
    target = data_copy / "lookups/postcode_to_lsoa21.csv"
    target.write_text(damage(target.read_text()))
    with pytest.raises(DataError, match=message):
        build(data_copy, tmp_path / "build")


def test_missing_input_is_named(data_copy, tmp_path):
    (data_copy / "lookups/postcode_to_lsoa21.csv").unlink()
    with pytest.raises(DataError, match=r"postcode_to_lsoa21\.csv: the file is missing"):
        build(data_copy, tmp_path / "build")


def test_an_interrupted_build_leaves_the_previous_artifact(data_copy, tmp_path, monkeypatch):
    out = tmp_path / "build"
    good = build(data_copy, out)

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("geo.versioned.switch_pointer", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(data_copy, out, force=True)
    assert current_path(out) == good.path
    Artifact.open(out)


def test_a_damaged_artifact_is_detected_and_rebuilt(data_copy, tmp_path):
    out = tmp_path / "build"
    first = build(data_copy, out)
    victim = first.path / "values" / "lsoa21.parquet"
    victim.write_bytes(victim.read_bytes()[:-100])
    with pytest.raises(ArtifactError, match=r"values/lsoa21\.parquet is damaged"):
        Artifact.open(out)
    assert needs_build(data_copy, out)
    assert build(data_copy, out).rebuilt
    Artifact.open(out)


def test_fingerprint_changes_with_the_registry(data_copy):
    before = fingerprint(data_copy)
    registry = data_copy / "indicators.toml"
    registry.write_text(registry.read_text().replace("Usual residents 2021", "Residents 2021"))
    assert fingerprint(data_copy) != before


def test_cli_prints_the_join_report(data_copy, tmp_path, capsys):
    assert main(["--data-dir", str(data_copy), "--build-dir", str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert "iod2025" in out
    assert "200/200 matched, 0 unmatched, 0 duplicate keys" in out
    assert "Artifact built" in out
    assert "62 of 200 LSOAs are split between divisions" in out
    assert "for 196 of 200 LSOAs: output areas by postcode (this build)" in out
    assert "for 186 of 200 LSOAs: the LSOA's representative point (pack)" in out
    assert main(["--data-dir", str(data_copy), "--build-dir", str(tmp_path / "b")]) == 0
    assert "already up to date" in capsys.readouterr().out


def test_cli_fails_with_a_message_not_a_traceback(data_copy, tmp_path, capsys):
    (data_copy / "indicators/imd2025_lsoa21.csv").write_text("nonsense")
    assert main(["--data-dir", str(data_copy), "--build-dir", str(tmp_path / "b"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "Build failed:" in err
    assert "imd2025_lsoa21.csv" in err
    assert "Traceback" not in err
