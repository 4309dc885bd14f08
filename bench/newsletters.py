"""Newsletter sending speed: BENCH_NEWSLETTER_RECIPIENTS (default 100,000) recipients to a
local SMTP sink with 2 Celery worker processes, next to the sink's own ceiling measured in
the same run by a plain smtplib client. Memory (RSS) of each worker sampled every second.

Needs PostgreSQL and Redis (DATABASE_URL's server, database ``bench_newsletters``;
REDIS_URL). ``.venv/bin/python bench/newsletters.py``. Prints one JSON line and a table.
"""

import email.policy
import json
import os
import smtplib
import subprocess
import sys
import time
import urllib.parse
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RECIPIENTS = int(os.environ.get("BENCH_NEWSLETTER_RECIPIENTS", "100000"))
CEILING_MESSAGES = int(os.environ.get("BENCH_NEWSLETTER_CEILING", "5000"))
WORKERS = 2
SINK = """
import asyncio, sys
from aiosmtpd.controller import Controller
class Count:
    n = 0
    async def handle_DATA(self, server, session, envelope):
        Count.n += len(envelope.rcpt_tos)
        return "250 OK"
c = Controller(Count(), hostname="127.0.0.1", port=int(sys.argv[1]))
c.start()
import time
while True:
    time.sleep(3600)
"""


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment() -> dict:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres") or not os.environ.get("REDIS_URL"):
        sys.exit("bench/newsletters.py needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    parts = urllib.parse.urlsplit(base)
    database = parts._replace(path="/bench_newsletters").geturl()
    return {
        **os.environ,
        "DATABASE_URL": database,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_CONN_MAX_AGE": "60",
        "TERRITORIA_NEWSLETTER_RATE": "0",
        "TERRITORIA_NEWSLETTER_BATCH": "200",
        "TERRITORIA_NEWSLETTER_CHAINS": str(WORKERS),
        "PYTHONUNBUFFERED": "1",
    }


def ceiling(port: int, raw: bytes | None = None) -> float:
    """Messages per second a plain smtplib client gets from the sink (one connection): with a
    2 kB text message, or with ``raw``, the bytes of one message of the send itself (the sink
    reads a message line by line: its ceiling depends on the message's size)."""
    if raw is None:
        message = EmailMessage()
        message["From"], message["Subject"] = "bench@example.org", "ceiling"
        message.set_content(("x" * 76 + "\n") * 26)  # 2 kB in lines SMTP accepts
        raw = message.as_bytes(policy=email.policy.SMTP)  # CRLF: smtplib sends bytes as is
    with smtplib.SMTP("127.0.0.1", port) as client:
        start = time.perf_counter()
        for i in range(CEILING_MESSAGES):
            client.sendmail("bench@example.org", [f"c{i}@example.org"], raw)
        return CEILING_MESSAGES / (time.perf_counter() - start)


def letter_bytes(letter) -> bytes:
    """One message of the send as the workers compose it (its size is reported)."""
    from newsletters.composing import BatchLetter
    from newsletters.models import Delivery
    from newsletters.sending import Claimed

    row = Delivery.objects.filter(newsletter=letter).order_by("pk").first()
    batch = BatchLetter(letter, list_ids=list(letter.lists.values_list("pk", flat=True)),
                        language="fr")  # fmt: skip
    return batch.compose(Claimed(row.pk, row.subscriber_id, row.email, 0))


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def main() -> None:
    load_before = " ".join(f"{value:.2f}" for value in os.getloadavg())
    env = environment()
    os.environ.update(env)
    subprocess.run([BIN / "python", "-c", (
        "import psycopg,os,urllib.parse as u;p=u.urlsplit(os.environ['DATABASE_URL']);"
        "c=psycopg.connect(p._replace(path='/postgres').geturl(),autocommit=True);"
        "c.execute('DROP DATABASE IF EXISTS bench_newsletters');"
        "c.execute('CREATE DATABASE bench_newsletters')")], check=True, env=env)  # fmt: skip
    subprocess.run([BIN / "python", "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from newsletters import sending
    from newsletters.models import Delivery, Newsletter
    from territories.services import territory_provision
    from tests.newsletters.world import audience, scheduled_letter

    port = free_port()
    sink = subprocess.Popen([BIN / "python", "-c", SINK, str(port)], env=env)
    workers = []
    try:
        time.sleep(1.5)
        measured_ceiling = ceiling(port)
        with scopes_disabled():
            territory = territory_provision(
                name="Bench", hostname="bench.localhost", languages=["fr"],
                sender_email="lettre@bench.test",
            )  # fmt: skip
            letter = scheduled_letter(territory, audience(territory, RECIPIENTS))
        worker_env = {**env, "TERRITORIA_TEST_WORKER_EMAIL_URL": f"smtp://127.0.0.1:{port}"}
        for i in range(WORKERS):
            workers.append(subprocess.Popen(
                [BIN / "python", "-m", "celery", "-A", "config", "worker", "-Q", "bulk",
                 "-c", "1", "--pool=solo", "-l", "WARNING", "--without-gossip",
                 "--without-mingle", "--without-heartbeat", "-n", f"bench{i}@%h"],
                cwd=ROOT, env=worker_env, stdin=subprocess.DEVNULL))  # fmt: skip
        time.sleep(4)
        rss = {w.pid: [] for w in workers}
        start = time.perf_counter()
        with scopes_disabled():
            sending.deliveries_sweep()
            while True:
                time.sleep(1)
                for w in workers:
                    rss[w.pid].append(rss_kb(w.pid))
                letter.refresh_from_db()
                if letter.status == Newsletter.Status.SENT:
                    break
            elapsed = time.perf_counter() - start
            states = dict(
                Delivery.objects.filter(newsletter=letter)
                .values_list("state").annotate(n=Count("pk"))
            )  # fmt: skip
            raw = letter_bytes(letter)
        # The same sink, right after the send: the plain client with the letter's own bytes
        # (the ceiling the send is judged against), and with 2 kB again (the machine drifts).
        same_size_ceiling = ceiling(port, raw)
        plain_after = ceiling(port)
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    finally:
        for process in (*workers, sink):
            process.terminate()
            process.wait(timeout=30)
    rate = RECIPIENTS / elapsed
    result = {
        "recipients": RECIPIENTS,
        "workers": WORKERS,
        "seconds": round(elapsed, 1),
        "messages_per_second": round(rate, 1),
        "sink_ceiling_per_second": round(same_size_ceiling, 1),
        "ratio": round(rate / same_size_ceiling, 2),
        "sink_ceiling_2kb_before_after": [round(measured_ceiling, 1), round(plain_after, 1)],
        "ratio_to_2kb_ceiling": round(rate / max(measured_ceiling, plain_after), 2),
        "message_bytes": len(raw),
        "load_before": load_before,
        "load_after": load,
        "states": states,
        "worker_rss_mb": {
            str(pid): {
                "first_10s": round(max(s[:10] or [0]) / 1024, 1),
                "max": round(max(s or [0]) / 1024, 1),
                "last": round((s[-1] if s else 0) / 1024, 1),
            }
            for pid, s in rss.items()
        },
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
