"""Moderator sign-in by passphrase: hashed, compared in constant time, throttled per client.

Used when OpenID Connect (``st.login``) is not configured. The passphrase itself is
never stored: only its scrypt hash, from ``.streamlit/secrets.toml``
(``[moderation] passphrase_hash = "..."``) or the ``OBSERVATORY_MODERATOR_HASH``
environment variable. There is no default passphrase. Make a hash with::

    python -m archive hash-passphrase

Wrong passphrases slow down the client that sends them (:class:`Throttle`), never
everyone: a global lockout would let anyone switch moderation off by guessing badly on
purpose. Many wrong passphrases in a short time raise an alert in the log.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from archive import settings

SCRYPT = {"n": 2**15, "r": 8, "p": 1}
MIN_LENGTH = 12
MAX_BYTES = 1024
#: Wrong passphrases from all clients within this many seconds are counted for the alert.
ALERT_WINDOW = 15 * 60
#: Clients remembered at most (the oldest are forgotten first).
MAX_CLIENTS = 10_000

log = logging.getLogger(__name__)


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
class Throttle:
    """Counts wrong passphrases per client; past the free tries, each one doubles the wait.

    A client is whatever sends the sign-in (its address, see ``ui.auth``). One client's
    guesses never slow another down, so a moderator elsewhere with the right passphrase
    always gets in. A client's count is forgotten ``longest_wait`` seconds after its last
    wrong passphrase. One instance is shared by the whole app process.
    """

    free_tries: int = 5
    first_wait: float = 30.0
    longest_wait: float = 900.0
    alert_after: int = 20
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _all: deque[float] = field(default_factory=deque)
    _alerted_at: float = float("-inf")
    _salt: bytes = field(default_factory=lambda: secrets.token_bytes(16))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_settings(cls) -> Throttle:
        """A throttle configured by the ``OBSERVATORY_SIGNIN_*`` settings."""
        return cls(
            free_tries=settings.SIGNIN_FREE_TRIES.whole(),
            first_wait=settings.SIGNIN_FIRST_WAIT.value(),
            longest_wait=settings.SIGNIN_LONGEST_WAIT.value(),
            alert_after=settings.SIGNIN_ALERT.whole(),
        )

    def wait_seconds(self, client: str, now: float | None = None) -> int:
        """Seconds until ``client`` may try again (0 when it may)."""
        now = time.time() if now is None else now
        with self._lock:
            return self._wait(self._recent(client, now), now)

    def failed(self, client: str, now: float | None = None) -> None:
        """Count a wrong passphrase from ``client`` (and alert the log when many arrive)."""
        now = time.time() if now is None else now
        with self._lock:
            times = [*self._recent(client, now), now]
            self._failures.pop(client, None)  # re-inserted last: the newest client
            self._failures[client] = times
            self._forget_old_clients(now)
            if len(times) == self.free_tries:
                log.warning(
                    "Moderator sign-in: client %s sent %d wrong passphrases and must now "
                    "wait before each further try",
                    self._pseudonym(client),
                    len(times),
                )
            self._all.append(now)
            while self._all and now - self._all[0] > ALERT_WINDOW:
                self._all.popleft()
            if len(self._all) >= self.alert_after and now - self._alerted_at > ALERT_WINDOW:
                self._alerted_at = now
                log.error(
                    "Moderator sign-in: %d wrong passphrases in the last %d minutes from %d "
                    "clients; someone may be guessing. Each client is slowed down; nobody "
                    "is locked out.",
                    len(self._all),
                    ALERT_WINDOW // 60,
                    len(self._failures),
                )

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

    def _wait(self, times: list[float], now: float) -> int:
        extra = len(times) - self.free_tries
        if extra < 0:
            return 0
        wait = min(self.longest_wait, self.first_wait * 2**extra)
        return max(0, math.ceil(times[-1] + wait - now))

    def _recent(self, client: str, now: float) -> list[float]:
        times = self._failures.get(client, [])
        if times and now - times[-1] >= self.longest_wait:
            self._failures.pop(client, None)  # served its time: start afresh
            return []
        return times

    def _forget_old_clients(self, now: float) -> None:
        if len(self._failures) <= MAX_CLIENTS:
            return
        for client in [c for c, t in self._failures.items() if now - t[-1] >= self.longest_wait]:
            del self._failures[client]
        while len(self._failures) > MAX_CLIENTS:  # dicts keep order: the oldest go first
            del self._failures[next(iter(self._failures))]

    def _pseudonym(self, client: str) -> str:
        """A stable stand-in for a client in the log: addresses are personal data."""
        return hashlib.sha256(self._salt + client.encode()).hexdigest()[:10]
