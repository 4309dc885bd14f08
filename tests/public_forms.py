"""Helpers for tests that submit a public form as a browser does: the form's page first,
for the submission token it carries (core/public_forms.py)."""

import re

TOKEN_INPUT = re.compile(r'<input type="hidden" name="submission_token" value="([^"]+)"')


def token_in(response) -> str:
    match = TOKEN_INPUT.search(response.content.decode())
    assert match, "the form carries a submission token"
    return match.group(1)


def fresh_token(client, url: str, host: str) -> str:
    return token_in(client.get(url, HTTP_HOST=host))
