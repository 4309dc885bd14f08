"""bench/generate_data.py: the benchmark's territories and pages (`make bench` calls
``generate`` through `manage.py shell`); re-running only tops up."""

import pytest
from wagtail.models import Page

from attractiveness.models import EcosystemPage, EventPage, KeyFigure, NewsPage
from bench.generate_data import generate
from territories.models import Territory


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (EcosystemPage, NewsPage, EventPage, KeyFigure, Page)
    }


@pytest.mark.django_db
def test_generates_territories_with_content_in_both_languages(client):
    generate(territories=2, pages=2, figures=3)

    bench = Territory.objects.filter(site__hostname__startswith="bench-")  # not the test world's
    hosts = sorted(bench.values_list("site__hostname", flat=True))
    assert hosts == ["bench-1.localhost", "bench-2.localhost"]
    # 2 territories x 2 languages x 2 pages of each kind; 3 figures per language.
    counts = _counts()
    assert [counts[name] for name in ("EcosystemPage", "NewsPage", "EventPage")] == [8, 8, 8]
    assert counts["KeyFigure"] == 12
    news = NewsPage.objects.filter(slug="news-1", locale__language_code="fr").first()
    english = news.get_translations().get()
    assert english.locale.language_code == "en" and english.title == "News item 1"
    assert news.get_site().hostname.startswith("bench-")

    for host in hosts:
        response = client.get("/fr/", HTTP_HOST=host)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Actualité 1" in html and "Indicateur 3" in html and 'class="card"' in html
    assert (
        client.get("/en/industries/ecosystem-2/", HTTP_HOST="bench-2.localhost").status_code == 200
    )


@pytest.mark.django_db
def test_running_again_only_tops_up():
    generate(territories=1, pages=2, images=False)
    before = _counts()
    generate(territories=1, pages=2, images=False)
    assert _counts() == before

    generate(territories=1, pages=3, images=False)
    after = _counts()
    assert after["NewsPage"] == before["NewsPage"] + 2  # one more in each language
    assert after["Page"] == before["Page"] + 6
    assert Territory.objects.filter(site__hostname__startswith="bench-").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("sizes", [{"territories": 0}, {"pages": -1}, {"figures": 500}])
def test_rejects_out_of_range_sizes_before_writing_anything(sizes):
    with pytest.raises(ValueError, match="Use 1–1000 territories"):
        generate(**sizes)
    assert not Territory.objects.filter(site__hostname__startswith="bench-").exists()
