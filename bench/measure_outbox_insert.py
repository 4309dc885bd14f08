"""The CPU of recording an inquiry's two emails in the outbox, in-process.

    .venv/bin/python bench/measure_outbox_insert.py [--runs 500] [--unnest]

With the environment of bench/run.py (production settings, DATABASE_URL): ``--runs`` times
``core.outbox.outbox_enqueue_many`` of two emails of an inquiry's size (an 800-character
body with newlines and quotes), inside one transaction rolled back at the end; prints the
CPU milliseconds a call (``time.process_time``, this process only). ``--unnest`` measures
Django's own bulk INSERT of several rows on PostgreSQL (one ``UNNEST`` array a column)
instead of the ``VALUES`` rows ``core.models.OutboxKwargsField`` keeps it on.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.db import connection, models, transaction  # noqa: E402

from core.models import OutboxMessage  # noqa: E402
from core.outbox import outbox_enqueue_many  # noqa: E402

BODY = "Nom : Jean O'Brien\nSociété : « Bench Industries »\n" * 16
EMAIL = {
    "subject": "Nouvelle demande d'investisseur : Jean O'Brien",
    "body": BODY,
    "to": ["equipe@example.com"],
    "from_email": "",
    "reply_to": ["jean@example.com"],
}
MESSAGES = [{"handler": "core.mail.send_email", "kwargs": EMAIL}] * 2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--unnest", action="store_true")
    args = parser.parse_args()
    field = OutboxMessage._meta.get_field("kwargs")
    if args.unnest:
        field.__class__ = models.JSONField  # no placeholder of its own: Django's UNNEST
    with transaction.atomic():
        for _ in range(20):  # warm-up
            outbox_enqueue_many(MESSAGES)
        started = time.process_time()
        for _ in range(args.runs):
            outbox_enqueue_many(MESSAGES)
        cpu = time.process_time() - started
        transaction.set_rollback(True)
    print(
        json.dumps(
            {
                "insert": "UNNEST" if args.unnest else "VALUES",
                "vendor": connection.vendor,
                "cpu_ms_per_call": round(cpu * 1000 / args.runs, 3),
                "runs": args.runs,
                "load": " ".join(f"{v:.2f}" for v in os.getloadavg()),
            }
        )
    )


if __name__ == "__main__":
    main()
