"""Signed links: double opt-in confirmation, preferences, one-click unsubscribe.

Each token is ``django.core.signing`` over (territory id, subscriber id[, list ids]) with a
salt per purpose and a lifetime checked with ``max_age``: a token of one purpose is no
token of another, a forged or expired one is refused, and the views compare its territory
with the site's (an unsubscribe link of another territory is refused, not obeyed).
"""

from dataclasses import dataclass

from django.core import signing

CONFIRM_MAX_AGE = 7 * 24 * 3600  # a week to click the confirmation link
# Links in letters keep working for more than a year (an old letter's unsubscribe link).
LINK_MAX_AGE = 400 * 24 * 3600

CONFIRM = "newsletters.confirm"
PREFERENCES = "newsletters.preferences"
UNSUBSCRIBE = "newsletters.unsubscribe"
MAX_AGES = {CONFIRM: CONFIRM_MAX_AGE, PREFERENCES: LINK_MAX_AGE, UNSUBSCRIBE: LINK_MAX_AGE}


class TokenError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "expired" or "invalid"


@dataclass(frozen=True)
class Token:
    territory_id: int
    subscriber_id: int
    list_ids: tuple[int, ...] = ()


def make(purpose: str, *, territory_id: int, subscriber_id: int, list_ids=()) -> str:
    payload = [territory_id, subscriber_id, sorted(list_ids)]
    return signing.dumps(payload, salt=purpose, compress=False)


def read(purpose: str, value: str) -> Token:
    try:
        payload = signing.loads(str(value)[:500], salt=purpose, max_age=MAX_AGES[purpose])
    except signing.SignatureExpired as error:
        raise TokenError("expired") from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise TokenError("invalid") from error
    try:
        territory_id, subscriber_id, list_ids = payload
        return Token(int(territory_id), int(subscriber_id), tuple(int(i) for i in list_ids))
    except (TypeError, ValueError) as error:
        raise TokenError("invalid") from error
