"""Who counts as a moderator after an OpenID Connect sign-in."""

from __future__ import annotations

import pytest

from ui.auth import listed_moderator

LIST = ["Moderator@Example.org", " second@example.org "]


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ({"email": "moderator@example.org", "email_verified": True}, "moderator@example.org"),
        ({"email": "second@example.org"}, "second@example.org"),  # no claim: trust the list
        ({"email": "moderator@example.org", "email_verified": False}, None),
        ({"email": "someone@example.org", "email_verified": True}, None),
        ({"sub": "12345"}, None),  # no address at all
        ({"email": ""}, None),
    ],
)
def test_only_verified_listed_addresses_moderate(user, expected):
    assert listed_moderator(user, LIST) == expected


def test_an_empty_list_lets_nobody_in():
    assert listed_moderator({"email": "moderator@example.org"}, []) is None
