"""Abuse- and load-control settings: documented, and never switched off by a typo."""

from __future__ import annotations

import pytest

from archive import settings
from tests.conftest import PROJECT


def test_every_setting_is_in_the_readme():
    readme = (PROJECT / "README.md").read_text()
    missing = [s.name for s in settings.ALL if f"`{s.name}`" not in readme]
    assert not missing, f"not in the README's Settings table: {missing}"


@pytest.mark.parametrize("raw", ["", "  ", "five", "nan", "-3"])
def test_a_missing_or_bad_value_falls_back_to_the_default(monkeypatch, raw):
    monkeypatch.setenv(settings.SIGNIN_FREE_TRIES.name, raw)
    assert settings.SIGNIN_FREE_TRIES.value() == settings.SIGNIN_FREE_TRIES.default


def test_a_good_value_is_used(monkeypatch):
    monkeypatch.setenv(settings.PHOTO_BUDGET_MB.name, "12.5")
    assert settings.PHOTO_BUDGET_MB.value() == 12.5
    monkeypatch.setenv(settings.MIN_SECONDS_TO_WRITE.name, "0")
    assert settings.MIN_SECONDS_TO_WRITE.value() == 0
