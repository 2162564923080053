"""Moderator sign-in by passphrase: hashed, compared in constant time, locked after failures.

Used when OpenID Connect (``st.login``) is not configured. The passphrase itself is
never stored: only its scrypt hash, from ``.streamlit/secrets.toml``
(``[moderation] passphrase_hash = "..."``) or the ``OBSERVATORY_MODERATOR_HASH``
environment variable. There is no default passphrase. Make a hash with::

    python -m archive hash-passphrase
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

SCRYPT = {"n": 2**15, "r": 8, "p": 1}
MIN_LENGTH = 12
MAX_BYTES = 1024
MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60


class PassphraseError(ValueError):
    """A passphrase (or its hash) is not acceptable; the message says why."""


def hash_passphrase(passphrase: str) -> str:
    """``scrypt$n$r$p$salt$digest`` for a passphrase of at least 12 characters."""
    if len(passphrase) < MIN_LENGTH:
        raise PassphraseError(f"Use a passphrase of at least {MIN_LENGTH} characters.")
    if len(passphrase.encode()) > MAX_BYTES:  # sign-in reads no more than this
        raise PassphraseError(f"Use a passphrase of at most {MAX_BYTES} bytes.")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(passphrase.encode(), salt=salt, maxmem=64 * 1024 * 1024, **SCRYPT)
    return "$".join(
        ["scrypt", *(str(SCRYPT[k]) for k in ("n", "r", "p")), salt.hex(), digest.hex()]
    )


def verify_passphrase(passphrase: str, stored: str) -> bool:
    """True if ``passphrase`` matches ``stored``; the comparison takes constant time."""
    try:
        scheme, n, r, p, salt, digest = stored.strip().split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(
            passphrase.encode()[:MAX_BYTES],
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=64 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)


@dataclass
class Lockout:
    """Counts failed sign-ins per key (a browser session) and locks after too many.

    One instance is shared by the whole app process. A new browser session starts a new
    count, so a global count (ten times the limit) stops guessing spread over many
    sessions, at the price of locking every moderator out for a while.
    """

    max_failures: int = MAX_FAILURES
    seconds: float = LOCKOUT_SECONDS
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if now - t < self.seconds]
        if times:
            self._failures[key] = times
        else:  # forget visitors with no recent failures, so the table cannot grow forever
            self._failures.pop(key, None)
        return times

    def locked_for(self, key: str, now: float | None = None) -> int:
        """Seconds until ``key`` may try again (0 when it may)."""
        now = time.time() if now is None else now
        with self._lock:
            keys = (key, "*")
            for k in keys:
                limit = self.max_failures if k != "*" else self.max_failures * 10
                times = self._recent(k, now)
                if len(times) >= limit:
                    return int(self.seconds - (now - times[0])) + 1
        return 0

    def failed(self, key: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self._lock:
            for k in (key, "*"):
                self._failures.setdefault(k, []).append(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
