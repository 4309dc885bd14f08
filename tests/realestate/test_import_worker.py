"""A real Celery worker process runs a large import through the real Redis broker: the
upload's outbox message reaches the worker, the task commits its progress batch after batch
(seen from here while it runs), and the final counts are right."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from realestate.imports import offer_import_create
from realestate.models import OfferImport, OfferPage
from tests import world
from tests.core.conftest import broker, page_tree_root, run_worker_until  # noqa: F401

from .conftest import offer_index
from .import_helpers import BASE_ROW, csv_bytes

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("redis-broker")]

ROWS = 300
WORKER_TIMEOUT = 900  # seconds: a bound, not a measurement


def test_a_large_import_runs_on_the_worker_with_progress(broker, page_tree_root, tmp_path):  # noqa: F811
    tenant = world.tenant(0)
    rows = [
        {**BASE_ROW, "reference": f"W-{i:04d}", "surface_m2": str(100 + i)} for i in range(ROWS)
    ]
    item = offer_import_create(
        territory=tenant.territory,
        user=tenant.moderator,
        file=SimpleUploadedFile("gros-import.csv", csv_bytes(rows)),
    )
    item.refresh_from_db()
    assert item.status == OfferImport.Status.PENDING, "the import ran in-process"

    seen = []

    def finished() -> bool:
        current = OfferImport.objects.get(pk=item.pk)
        seen.append(current.processed)
        return current.finished

    log = run_worker_until(
        finished, log_path=tmp_path / "worker.log", name="import", bound=WORKER_TIMEOUT
    )
    item.refresh_from_db()
    assert item.status == OfferImport.Status.DONE, (item.error, log[-3000:])
    assert (item.total, item.created, item.rejected) == (ROWS, ROWS, 0)
    assert any(0 < processed < ROWS for processed in seen), "no progress seen while running"
    assert "realestate.offer_import" in log and "core.deliver_outbox_pending" in log
    offers = OfferPage.objects.child_of(offer_index(tenant)).filter(reference__startswith="W-")
    assert offers.filter(live=True).count() == ROWS
