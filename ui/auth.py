"""Who may moderate: OpenID Connect sign-in when configured, else a passphrase.

* ``st.login`` is used when ``.streamlit/secrets.toml`` has an ``[auth]`` section
  (OpenID Connect); only the verified addresses in ``[moderation] allowed_emails``
  may moderate, and without that list moderation stays off.
* Otherwise a passphrase, checked against the scrypt hash in
  ``[moderation] passphrase_hash`` or the ``OBSERVATORY_MODERATOR_HASH`` environment
  variable. Wrong passphrases slow down the client that sends them, with a wait that
  doubles each time; they never lock anyone else out (see ``archive.moderators``).
* With neither, moderation is disabled and the page says how to enable it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

import streamlit as st

from archive import settings
from archive.moderators import Throttle, verify_passphrase

SIGNED_IN = "moderator"
PASSPHRASE_ACTOR = "moderator (passphrase)"


def _secret(section: str, key: str) -> object:
    try:
        return st.secrets.get(section, {}).get(key)
    except (FileNotFoundError, AttributeError, KeyError):
        return None


def _has_oidc() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def passphrase_hash() -> str | None:
    """The configured hash (secrets first, then the environment), or None."""
    value = _secret("moderation", "passphrase_hash") or os.environ.get("OBSERVATORY_MODERATOR_HASH")
    text = str(value or "").strip()
    return text or None


@st.cache_resource(show_spinner=False)
def _throttle() -> Throttle:
    return Throttle.from_settings()


def client() -> str:
    """Who is signing in, for counting their wrong passphrases: the client's address.

    Behind reverse proxies (``OBSERVATORY_TRUSTED_PROXIES`` of them), the address the
    nearest trusted proxy appended to ``X-Forwarded-For``; anything before it was written
    by the client and could be anything. Without proxies, the connection's own address.
    """
    hops = settings.TRUSTED_PROXIES.whole()
    if hops:
        forwarded = st.context.headers.get("X-Forwarded-For") or ""
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    address = st.context.ip_address  # None on this machine (and not a str in AppTest)
    return address if isinstance(address, str) and address else "this machine"


def moderator() -> str | None:
    """The signed-in moderator's name for the audit log, after drawing any sign-in UI.

    Returns None while nobody is signed in (the page should stop there).
    """
    if _has_oidc():
        return _oidc()
    stored = passphrase_hash()
    if stored is None:
        st.info(
            "Moderation is switched off because no sign-in is configured. To switch it on, "
            "either add an OpenID Connect `[auth]` section to `.streamlit/secrets.toml`, or "
            "make a passphrase hash with `python -m archive hash-passphrase` and put it "
            'in `.streamlit/secrets.toml` as `[moderation] passphrase_hash = "..."` (or in '
            "the `OBSERVATORY_MODERATOR_HASH` environment variable). See the README.",
            icon=":material/lock:",
        )
        return None
    if st.session_state.get(SIGNED_IN):
        return st.session_state[SIGNED_IN]
    return _passphrase_form(stored)


def _oidc() -> str | None:
    # Without a list, anyone with an account at the identity provider could moderate.
    allowed = _secret("moderation", "allowed_emails")
    if not allowed or isinstance(allowed, str):
        st.warning(
            "Moderation is switched off: sign-in is configured, but no moderators are listed. "
            'Add `[moderation] allowed_emails = ["name@example.org"]` to '
            "`.streamlit/secrets.toml`.",
            icon=":material/lock:",
        )
        return None
    user = st.user
    if not user.get("is_logged_in"):
        st.button("Sign in to moderate", on_click=st.login, icon=":material/login:")
        return None
    email = listed_moderator(user, allowed)
    if email is None:
        st.error("This account is not a moderator. Ask an administrator to add it.")
        st.button("Sign out", on_click=st.logout)
    return email


def listed_moderator(user: Mapping[str, object], allowed: Iterable[object]) -> str | None:
    """The signed-in person's address if it is verified and on the moderators' list."""
    email = str(user.get("email") or "").strip()
    if not email or user.get("email_verified") is False:
        return None
    return email if email.lower() in {str(a).strip().lower() for a in allowed} else None


def _passphrase_form(stored: str) -> str | None:
    throttle = _throttle()
    who = client()
    if _must_wait(throttle.wait_seconds(who)):
        return None
    with st.form("moderator_sign_in"):
        passphrase = st.text_input("Moderator passphrase", type="password")
        submitted = st.form_submit_button("Sign in", icon=":material/login:")
    if not submitted:
        return None
    if passphrase and verify_passphrase(passphrase, stored):
        throttle.succeeded(who)
        st.session_state[SIGNED_IN] = PASSPHRASE_ACTOR
        st.rerun()
    throttle.failed(who)
    if not _must_wait(throttle.wait_seconds(who)):
        st.error("That passphrase is not right.")
    return None


def _must_wait(seconds: int) -> bool:
    if seconds:
        when = f"{seconds} seconds" if seconds < 120 else f"{seconds // 60 + 1} minutes"
        st.error(
            f"Too many wrong passphrases from this connection. Please wait {when} before "
            "trying again."
        )
    return bool(seconds)


def sign_out() -> None:
    """Forget the moderator for this session (and end an OIDC session)."""
    st.session_state.pop(SIGNED_IN, None)
    if _has_oidc() and st.user.is_logged_in:
        st.logout()
