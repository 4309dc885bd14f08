"""The open-data endpoints: a territory's live offers as CSV, JSON and GeoJSON, on its own
host only, with a stable schema, spreadsheet-safe cells and a constant number of queries."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from realestate.exports import COLUMNS
from tests.realestate.conftest import make_offer, offer_index


def fetch(client, tenant, fmt):
    return client.get(f"/open-data/offers.{fmt}", HTTP_HOST=tenant.host)


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_each_format_lists_the_territorys_live_offers_only(client, offers):
    own, other, index, _index_b, a, _b = offers
    draft = make_offer(index, 90, title="Brouillon")
    draft.unpublish()

    response = fetch(client, own, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    rows = csv_rows(response)
    assert list(rows[0]) == COLUMNS
    assert sorted(row["reference"] for row in rows) == sorted(offer.reference for offer in a)
    office = next(row for row in rows if row["reference"] == "REF-2")
    assert office["fibre"] == "true" and office["surface_m2"] == "200"
    assert office["url"] == f"http://{own.host}{a[1].get_url_parts()[2]}"

    data = fetch(client, own, "json").json()
    assert data["schema"]["version"] == "1" and set(data["schema"]["fields"]) == set(COLUMNS)
    assert len(data["offers"]) == len(a)
    assert all("ZSEVRE" not in offer["title"] for offer in data["offers"])

    geo = fetch(client, own, "geojson")
    assert geo["Content-Type"] == "application/geo+json"
    assert len(geo.json()["features"]) == len(a)

    assert [row["title"] for row in csv_rows(fetch(client, other, "csv"))] == ["ZSEVRE offre"]


def test_unknown_formats_and_the_platform_host_are_404(client, offers):
    own, *_rest = offers
    for fmt in ("xml", "csv.exe", "CSV", "../../etc/passwd", "json%00"):
        assert fetch(client, own, fmt).status_code == 404, fmt
    assert client.get("/open-data/offers.csv", HTTP_HOST="localhost").status_code == 404
    assert client.post("/open-data/offers.csv", HTTP_HOST=own.host).status_code == 405


def test_spreadsheet_formulas_in_an_editors_text_are_neutralised(client, two_territories):
    own, _other = two_territories
    make_offer(
        offer_index(own), 1, title='=HYPERLINK("http://evil.example","clic")', summary="@SUM(1)"
    )
    (row,) = csv_rows(fetch(client, own, "csv"))
    assert row["title"].startswith("'=HYPERLINK") and row["summary"] == "'@SUM(1)"


def test_the_export_costs_the_same_queries_for_few_or_many_offers(client, offers):
    own, _other, index, *_rest = offers

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert len(fetch(client, own, "json").json()["offers"]) > 0
        return len(captured)

    queries()  # warm: the site root paths are cached by the first request
    few = queries()
    for number in range(100, 120):
        make_offer(index, number)
    assert queries() == few
