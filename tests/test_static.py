"""Leaflet copied into the app's static folder, so maps draw without internet."""

from __future__ import annotations

import pytest

from geo import ObservatoryError, static


def test_leaflet_is_copied_once_and_completely(tmp_path):
    target = tmp_path / "vendor"
    where = static.ensure_assets(target)
    assert static.assets_present(target)
    assert (where / "leaflet.js").stat().st_size > 100_000
    assert not (target / ".leaflet-tmp").exists()
    stamp = (where / "leaflet.js").stat().st_mtime_ns
    static.ensure_assets(target)
    assert (where / "leaflet.js").stat().st_mtime_ns == stamp  # not copied again


def test_a_folder_that_cannot_be_written_gets_a_clear_message(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(ObservatoryError, match=r"could not be copied.*dev\.py setup"):
        static.ensure_assets(blocker / "vendor")
