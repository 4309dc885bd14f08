"""Leads for the CRM benchmark, in bulk: ``generate_leads`` tops a bench territory up to a
number of leads, with their developers, notes and tasks.

    .venv/bin/python manage.py shell --no-imports -c \
        "from bench.leads import generate_leads; generate_leads('bench-1.localhost', 100_000)"

The territory is bench/generate_data.py's (provisioned when missing). Five developers are
made members of its Developers group (``crm-<n>@<slug>.bench``, an unusable password).
Leads are drawn from a seeded generator, so lead *n* of a territory is the same whatever the
batch: created over the last three years (more recent ones more numerous), stages in a
pipeline's proportions (most are new or lost), an assignee for two leads in three, surfaces,
jobs and budgets by project type, UTM sources for a third. One lead in five has a note and a
task. Rows go through ``bulk_create`` in batches inside the territory's scope, as the
application's manager requires; ``created_at`` is the drawn date, not the insert time.
On PostgreSQL the tables are vacuumed and analysed at the end, as autovacuum would do.
Re-running only tops up.
"""

import datetime as dt
import random
import time
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from bench.generate_data import bench_territory
from investors.models import Lead, LeadActivity, LeadNote, LeadTask
from territories.models import Territory
from territories.tenancy import territory_scope

BATCH = 5_000
DEVELOPERS = 5
FIRST_NAMES = ["Camille", "Dominique", "Sacha", "Alex", "Claude", "Maxime", "Lou", "Jules"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"]
COMPANIES = ["Technopole", "Logistique", "Biotech", "Industrie", "Conseil", "Énergies"]
SUFFIXES = ["SAS", "SA", "SARL", "GmbH", "Ltd", "Inc."]
SECTORS = ["Santé", "Numérique", "Logistique", "Agroalimentaire", "Aéronautique", "Énergie"]
# Stage shares: a pipeline where most projects never go past the first call.
STAGES = [
    (Lead.Stage.NEW, 0.30),
    (Lead.Stage.QUALIFIED, 0.14),
    (Lead.Stage.ACTIVE, 0.10),
    (Lead.Stage.VISIT, 0.06),
    (Lead.Stage.DECISION, 0.04),
    (Lead.Stage.WON, 0.08),
    (Lead.Stage.LOST, 0.20),
    (Lead.Stage.ABANDONED, 0.08),
]
UTM_SOURCES = ["linkedin", "newsletter", "salon-mipim", "google", "partenaire"]


def territory_for(host: str) -> Territory:
    slug = host.split(".", 1)[0]
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None:
        territory = bench_territory(int(slug.rsplit("-", 1)[1]))
    return territory


def developers(territory: Territory) -> list:
    user_model = get_user_model()
    group = territory.group_for("Developers")
    users = []
    for number in range(1, DEVELOPERS + 1):
        email = f"crm-{number}@{territory.slug}.bench"
        user = user_model.objects.filter(email=email).first()
        if user is None:
            user = user_model.objects.create_user(
                email, None, first_name=FIRST_NAMES[number], last_name=LAST_NAMES[number]
            )
        user.groups.add(group)
        users.append(user)
    return users


def lead_row(territory: Territory, number: int, now, assignees: list) -> Lead:
    rng = random.Random(f"{territory.slug}:{number}")
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    stage = rng.choices([s for s, _ in STAGES], weights=[w for _, w in STAGES])[0]
    project_type = rng.choice(Lead.ProjectType.values)
    jobs = int(rng.lognormvariate(2.5, 1.0))
    # Three years back, denser towards today.
    age_days = int(1095 * rng.random() ** 1.8)
    created = now - dt.timedelta(days=age_days, seconds=rng.randrange(86_400))
    closed = stage in Lead.CLOSED_STAGES
    return Lead(
        territory=territory,
        contact_name=f"{first} {last}",
        email=f"{first.lower()}.{last.lower()}.{number}@example.com",
        phone=f"+33 6 {rng.randrange(10**8):08d}",
        language=rng.choice(["fr", "fr", "fr", "en"]),
        company=f"{rng.choice(COMPANIES)} {last} {rng.choice(SUFFIXES)}",
        sector=rng.choice(SECTORS),
        project_type=project_type,
        jobs_planned=jobs,
        surface_needed=int(rng.lognormvariate(6.5, 1.0)),
        land_needed=int(rng.lognormvariate(8.5, 1.2)) if rng.random() < 0.3 else None,
        timeline=rng.choice(Lead.Timeline.values),
        budget_range=rng.choice(Lead.Budget.values),
        message="Nous cherchons un site pour notre projet d'implantation.",
        stage=stage,
        lost_reason="Coût du foncier" if stage == Lead.Stage.LOST else "",
        competitor_territory="Eurométropole" if stage == Lead.Stage.LOST else "",
        likelihood=rng.choice([10, 25, 50, 75, 90]) if not closed else None,
        assignee=rng.choice(assignees) if rng.random() < 0.66 else None,
        consent_text="J'accepte que mes données soient utilisées pour répondre à ma demande.",
        consent_at=created,
        utm_source=rng.choice(UTM_SOURCES) if rng.random() < 0.33 else "",
        created_at=created,
        first_answer_at=created + dt.timedelta(hours=rng.randrange(1, 96))
        if stage != Lead.Stage.NEW
        else None,
    )


@contextmanager
def _keep_drawn_dates():
    """``created_at`` is ``auto_now_add``: for these inserts only, the drawn date is kept."""
    field = Lead._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def generate_leads(host: str, leads: int, *, log=print) -> int:
    """Top ``host``'s territory up to ``leads`` leads; returns how many were created."""
    territory = territory_for(host)
    assignees = developers(territory)
    now = timezone.now()
    created = 0
    started = time.monotonic()
    with territory_scope(territory), _keep_drawn_dates():
        have = Lead.objects.count()
        for first in range(have, leads, BATCH):
            numbers = range(first, min(first + BATCH, leads))
            with transaction.atomic():
                rows = Lead.objects.bulk_create(
                    [lead_row(territory, n, now, assignees) for n in numbers]
                )
                notes, tasks, activities = [], [], []
                for lead in rows:
                    activities.append(
                        LeadActivity(lead=lead, kind=LeadActivity.Kind.INQUIRY, text=lead.message)
                    )
                    if lead.pk % 5 == 0:
                        author = assignees[lead.pk % DEVELOPERS]
                        notes.append(LeadNote(lead=lead, author=author, text="Premier appel."))
                        tasks.append(
                            LeadTask(
                                lead=lead,
                                title="Envoyer la sélection d'offres",
                                due_date=now.date() + dt.timedelta(days=lead.pk % 30 - 10),
                                assignee=author,
                                done=lead.stage in Lead.CLOSED_STAGES,
                            )
                        )
                LeadActivity.objects.bulk_create(activities)
                LeadNote.objects.bulk_create(notes)
                LeadTask.objects.bulk_create(tasks)
            created += len(rows)
            log(f"{territory.slug}: {first + len(rows)} leads ({time.monotonic() - started:.0f} s)")
    if created and connection.vendor == "postgresql" and not connection.in_atomic_block:
        # As autovacuum would, soon after (it vacuums a table after enough inserts, too): the
        # planner must know the tables' new sizes, and the visibility map lets an index
        # answer alone (the listing's count and a page's keys: docs/performance.md).
        with connection.cursor() as cursor:
            for model in (Lead, LeadActivity, LeadNote, LeadTask):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return created
