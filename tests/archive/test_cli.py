"""``python -m archive``: the commands an administrator runs, on a real database."""

from __future__ import annotations

import json

from archive import StoryStore
from archive.__main__ import main
from tests.archive.helpers import draft


def test_upgrade_export_and_erase(database_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["upgrade"]) == 0
    store = StoryStore(database_url)
    receipt = store.submit(draft(title="Harbour days"))
    store.approve(receipt.public_id, "mod")

    out = tmp_path / "stories.json"
    assert main(["export", "--format", "json", "--out", str(out)]) == 0
    assert "Harbour days" in out.read_text()
    json.loads(out.read_text())

    assert main(["erase", "not-a-story", "--reason", "test"]) == 1
    assert "no such story" in capsys.readouterr().err
    assert main(["erase", receipt.public_id, "--reason", "Asked by letter"]) == 0
    assert store.get(receipt.public_id) is None
    assert store.audit(receipt.public_id)[0].actor == "command line"
    store.dispose()


def test_an_older_number_that_starts_with_a_dash_is_erased_after_double_dash(
    database_url, monkeypatch
):
    """Numbers made before they were readable tokens could start with "-"."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["upgrade"]) == 0
    store = StoryStore(database_url)
    store.submit(draft(), public_id="-Zq3_older")
    assert main(["erase", "--reason", "Asked by letter", "--", "-Zq3_older"]) == 0
    assert store.get("-Zq3_older", public=False).body == ""  # erased, the record kept
    store.dispose()
