"""Moderator passphrases: hashed, constant-time checked, throttled per client."""

from __future__ import annotations

import logging

import pytest

from archive.moderators import (
    MAX_CLIENTS,
    PassphraseError,
    Throttle,
    hash_passphrase,
    verify_passphrase,
)


def test_hash_and_verify():
    stored = hash_passphrase("correct horse battery staple")
    assert stored.startswith("scrypt$")
    assert "correct" not in stored
    assert verify_passphrase("correct horse battery staple", stored)
    assert not verify_passphrase("correct horse battery stapl", stored)
    assert hash_passphrase("correct horse battery staple") != stored  # salted


def test_short_passphrases_are_refused():
    with pytest.raises(PassphraseError, match="12 characters"):
        hash_passphrase("short")


def test_passphrases_too_long_to_sign_in_with_are_refused():
    with pytest.raises(PassphraseError, match="at most 1024 bytes"):
        hash_passphrase("é" * 600)  # 1,200 bytes


@pytest.mark.parametrize(
    "stored", ["", "plaintext", "scrypt$x$y", "md5$a$b$c$d$e", "scrypt$1$8$1$zz$00"]
)
def test_malformed_hashes_never_match(stored):
    assert not verify_passphrase("anything at all here", stored)


def test_wrong_passphrases_slow_their_client_down_and_the_wait_doubles():
    throttle = Throttle(free_tries=3, first_wait=10, longest_wait=100)
    for t in (0, 1, 2):
        assert throttle.wait_seconds("client a", now=t) == 0
        throttle.failed("client a", now=t)
    assert throttle.wait_seconds("client a", now=2) == 10
    assert throttle.wait_seconds("client b", now=2) == 0  # nobody else waits
    throttle.failed("client a", now=12)
    assert throttle.wait_seconds("client a", now=12) == 20
    throttle.failed("client a", now=32)
    assert throttle.wait_seconds("client a", now=32) == 40
    for t in (72, 73, 74):
        throttle.failed("client a", now=t)
    assert throttle.wait_seconds("client a", now=74) == 100  # never longer than the longest
    assert throttle.wait_seconds("client a", now=174) == 0  # then forgotten


def test_many_clients_guessing_lock_nobody_out_but_raise_an_alert(caplog):
    throttle = Throttle(free_tries=5, first_wait=30, longest_wait=900, alert_after=50)
    with caplog.at_level(logging.WARNING, logger="archive.moderators"):
        for i in range(50):
            throttle.failed(f"guesser {i % 10}", now=i)
    assert throttle.wait_seconds("a moderator elsewhere", now=50) == 0
    assert throttle.wait_seconds("guesser 3", now=50) > 0
    alerts = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(alerts) == 1
    assert "50 wrong passphrases" in alerts[0].getMessage()
    assert "guesser" not in caplog.text  # addresses are personal data: never logged


def test_the_throttle_forgets_clients_and_never_grows_without_bound():
    throttle = Throttle(free_tries=2, first_wait=1, longest_wait=10)
    for i in range(MAX_CLIENTS + 500):
        throttle.failed(f"client {i}", now=0)
    assert len(throttle._failures) == MAX_CLIENTS
    throttle.failed("late", now=20)
    assert throttle.wait_seconds("client 1", now=20) == 0
    assert len(throttle._failures) <= MAX_CLIENTS
