"""Company import throughput and memory, in-process (the worker's code path,
``company_import_run``): target 100,000 SIRENE rows in under 60 s, memory flat.

    DATABASE_URL=postgres://… .venv/bin/python bench/measure_companies.py [--rows 100000]

``make bench`` runs it through bench/companies.py (its own database, migrated; the figures
into docs/performance.md, "Company import").

Against a migrated database (``manage.py migrate``): provisions a "Bench companies"
territory once (with three NAF mappings), writes ``--rows`` generated StockEtablissement rows
to a temporary CSV (valid SIRETs, Lambert-93 coordinates, one in twenty closed), then
imports it three times: new companies (every row created), the same file again (every row
unchanged) and a file where one row in ten moved commune (updated). Peak RSS is sampled
every 50 ms while each pass runs: "flat" means the peak does not grow with the number of
rows (compare ``--rows 10000`` with ``--rows 100000``). Prints one JSON object. The rows stay
(each run uses new SIRENs); drop the database to start over.
"""

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.files import File  # noqa: E402
from django.db import connection  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from stdnum import luhn  # noqa: E402

from attractiveness.company_imports import company_import_run, inspect  # noqa: E402
from attractiveness.models import (  # noqa: E402
    Company,
    CompanyImport,
    EcosystemIndexPage,
    EcosystemPage,
    NafMapping,
)
from demo.company_samples import CSV_COLUMNS, to_lambert93  # noqa: E402
from territories.models import Territory  # noqa: E402
from territories.services import territory_provision  # noqa: E402

HOST = "bench-companies.localhost"
TARGET_SECONDS = 60
NAF = ["62.01Z", "62.02A", "21.20Z", "72.11Z", "20.14Z", "10.51C", "16.10A", "47.11F", "56.10A"]
BANDS = ["NN", "00", "01", "02", "03", "11", "12", "21", "22"]
COMMUNES = [("69123", "LYON", "69007", 45.75, 4.85), ("69266", "VILLEURBANNE", "69100", 45.77,
            4.88), ("69259", "VENISSIEUX", "69200", 45.70, 4.88)]  # fmt: skip


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakRss(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.running = rss_mb(), True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.05)


def write_rows(path: Path, rows: int, seed: int, *, moved_every: int = 0) -> None:
    rng = random.Random(seed)
    base = rng.randint(10_000_000, 80_000_000)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        for i in range(rows):
            siren = f"{base + i:08d}"
            siren += luhn.calc_check_digit(siren)
            siret = siren + "0001"
            siret += luhn.calc_check_digit(siret)
            insee, commune, postcode, lat, lon = COMMUNES[i % 3]
            if moved_every and i % moved_every == 0:
                insee, commune, postcode, lat, lon = COMMUNES[(i + 1) % 3]
            x, y = to_lambert93(lat + (i % 997) / 20000, lon + (i % 991) / 20000)
            writer.writerow(
                [siren, "00017", siret, "2015-01-01", BANDS[i % len(BANDS)], "true",
                 str(i % 200 + 1), "RUE", "DE LA REPUBLIQUE", postcode, commune, insee, x, y,
                 "F" if i % 20 == 19 else "A", "", f"ENTREPRISE BENCH {i}", NAF[i % len(NAF)]]
            )  # fmt: skip


def territory_with_mappings():
    territory = Territory.objects.filter(site__hostname=HOST).first() or territory_provision(
        name="Bench companies", hostname=HOST, languages=["fr"]
    )
    index = EcosystemIndexPage.objects.descendant_of(territory.site.root_page).first()
    for code, title in (("62", "Numérique"), ("21", "Santé"), ("10", "Agroalimentaire")):
        page = EcosystemPage.objects.child_of(index).filter(title=title).first()
        if page is None:
            page = EcosystemPage(title=title, slug=f"bench-{code}", summary=title)
            index.add_child(instance=page)
        NafMapping.objects.get_or_create(territory=territory, code=code, ecosystem=page)
    return territory


def run(territory, path: Path) -> dict:
    with path.open("rb") as f:
        rows = inspect(f, name=path.name).rows
        item = CompanyImport.objects.create(
            territory=territory, file=File(f, name="bench.csv"), file_name="bench.csv",
            format="csv", total=rows,
        )  # fmt: skip
    before = rss_mb()
    sampler = PeakRss()
    sampler.start()
    started = time.perf_counter()
    item = company_import_run(import_id=item.pk)
    seconds = time.perf_counter() - started
    sampler.running = False
    sampler.join()
    return {
        "seconds": round(seconds, 2),
        "rows_per_second": round(item.total / seconds),
        "rss_before_mb": round(before, 1),
        "rss_peak_mb": round(sampler.peak, 1),
        "rss_growth_mb": round(sampler.peak - before, 1),
        **{name: getattr(item, name) for name in ("created", "updated", "unchanged", "rejected")},
        "status": item.status,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    seed = random.randrange(1 << 30)
    with scopes_disabled(), tempfile.TemporaryDirectory() as folder:
        territory = territory_with_mappings()
        new, moved = Path(folder) / "new.csv", Path(folder) / "moved.csv"
        write_rows(new, args.rows, seed)
        write_rows(moved, args.rows, seed, moved_every=10)
        create = run(territory, new)
        result = {
            "rows": args.rows,
            "database": connection.vendor,
            "load_average": os.getloadavg()[0],
            "create": create,
            "unchanged": run(territory, new),
            "one_in_ten_moved": run(territory, moved),
            "companies_in_territory": Company.objects.filter(territory=territory).count(),
            "max_rss_of_process_mb": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
            ),
        }
        result["target_met"] = create["seconds"] < TARGET_SECONDS if args.rows >= 100_000 else None
    print(json.dumps(result))  # one line: bench/run.py's script() reads the last


if __name__ == "__main__":
    main()
