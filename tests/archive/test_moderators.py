"""Moderator passphrases: hashed, constant-time checked, locked after failures."""

from __future__ import annotations

import pytest

from archive.moderators import Lockout, PassphraseError, hash_passphrase, verify_passphrase


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


def test_the_lockout_forgets_visitors_whose_failures_have_expired():
    lock = Lockout()
    for visitor in range(100):
        lock.failed(f"session:{visitor}", now=0)
    assert lock.locked_for("session:1", now=lock.seconds + 1) == 0
    for visitor in range(100):
        lock.locked_for(f"session:{visitor}", now=lock.seconds + 1)
    assert lock._failures == {}


@pytest.mark.parametrize(
    "stored", ["", "plaintext", "scrypt$x$y", "md5$a$b$c$d$e", "scrypt$1$8$1$zz$00"]
)
def test_malformed_hashes_never_match(stored):
    assert not verify_passphrase("anything at all here", stored)


def test_lockout_after_repeated_failures_then_release():
    lock = Lockout(max_failures=3, seconds=100)
    for t in (0, 1, 2):
        assert lock.locked_for("session-a", now=t) == 0
        lock.failed("session-a", now=t)
    assert lock.locked_for("session-a", now=3) > 0
    assert lock.locked_for("session-b", now=3) == 0  # another session is not locked
    assert lock.locked_for("session-a", now=101) == 0


def test_many_sessions_guessing_lock_everyone():
    lock = Lockout(max_failures=2, seconds=100)
    for i in range(20):
        lock.failed(f"s{i}", now=1)
    assert lock.locked_for("fresh-session", now=2) > 0
