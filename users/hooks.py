"""The Wagtail hooks through which apps extend an investor's account without ``users``
naming them (docs/accounts.md):

- ``ACCOUNT_SECTIONS``: ``fn(request) -> list[dict]``, each ``{"template": …, "context": {…},
  "order": int}``, rendered on the account page (saved offers, inquiries sent…);
- ``PERSONAL_DATA``: ``fn(user) -> dict``, merged into the account's data export;
- ``BEFORE_ACCOUNT_DELETE``: ``fn(user)``, erase or anonymise what the app holds about them,
  inside the deletion's transaction.
"""

ACCOUNT_SECTIONS = "territoria_account_sections"
PERSONAL_DATA = "territoria_personal_data"
BEFORE_ACCOUNT_DELETE = "territoria_before_account_delete"
