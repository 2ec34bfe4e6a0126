"""The signed form token of a public survey page (and of the embedded widget, which is the
same page): it stands in for Django's CSRF token on a page that sets no cookies.

Each page view gets its own token, bound to the survey's public token and to the page's
idempotency key, and valid for ``MAX_AGE`` seconds. An answer without a valid token is
refused, so another site cannot make its visitors send answers with a plain cross-site form,
and a token moved to another survey or reused with another key is worthless. Only
``django.core.signing``: cheap to check, no database, and usable from the benchmarks.
"""

from __future__ import annotations

from django.core import signing

SALT = "teekond.survey.form"
MAX_AGE = 12 * 3600  # a QR page left open on a phone is still answered the same day


class FormTokenError(Exception):
    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make(survey_token: str, key: str) -> str:
    return signing.dumps([survey_token, key], salt=SALT)


def check(value: str, survey_token: str, key: str) -> None:
    """Raise ``FormTokenError`` unless ``value`` was made for this survey and key within
    ``MAX_AGE`` seconds."""
    if not value or len(value) > 500:
        raise FormTokenError(expired=False)
    try:
        signed = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise FormTokenError(expired=True) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise FormTokenError(expired=False) from None
    if signed != [survey_token, key]:
        raise FormTokenError(expired=False)
