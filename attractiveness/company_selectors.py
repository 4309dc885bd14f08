"""Reads of the public company directory (docs/directory.md): the filtered, paginated list
and the compact map data. A constant number of queries whatever the number of companies."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page

from home.search import search_words
from territories.models import Territory

from .companies import Company, HeadcountBand

PER_PAGE = 20
MAX_VALUE = 20  # characters of a parameter value kept; longer is hostile or a typo
MAX_QUERY = 200  # characters of the words searched (the site search form's limit)
MAP_SCALE = 10_000  # coordinates as integers of 1/10,000 degree (about 11 m)
IN_SITE_SEARCH = 5  # companies shown in the site search; the rest in the directory
RANKED = 1000  # matches ranked for them at most (docs/directory.md, "In the site search")


@dataclass
class Option:
    value: str
    label: str
    count: int | None = None
    selected: bool = False


@dataclass
class Directory:
    results: object  # a Django paginator Page of Company
    total: int
    filieres: list[Option]
    bands: list[Option]
    communes: list[Option]
    querystring: str = ""  # the filters, for pagination and the map
    ignored: list[str] = field(default_factory=list)
    selected: dict = field(default_factory=dict)


def _territory_of(page, request=None):
    territory = getattr(request, "territory", None) if request is not None else None
    if territory is not None:
        return territory
    return Territory.objects.get(site=page.get_site())


def _ecosystems(page, home=None):
    from .models import EcosystemPage

    home = home or page.get_parent()
    return list(
        EcosystemPage.objects.live()
        .public()
        .descendant_of(home)
        .filter(locale_id=page.locale_id)
        .order_by("title")
        .values_list("pk", "title", "translation_key")
    )


def _filters(*, territory, page, params):
    """The filters asked for, judged against the options this territory has. A value that
    is not one of them (another territory's filière id, a 10,000-character string, a band
    that does not exist) is left out and named, never an error."""
    ecosystems = _ecosystems(page)
    listed = Company.objects.filter(territory=territory, active=True)
    ignored = []

    def one(name, valid):
        raw = params.get(name, "")
        if not raw:
            return ""
        value = raw[:MAX_VALUE]
        if value not in valid:
            ignored.append(name)
            return ""
        return value

    by_id = {str(pk): (title, key) for pk, title, key in ecosystems}
    filiere = one("filiere", by_id)
    band = one("band", {value for value, _l in HeadcountBand.choices})
    communes = list(
        listed.exclude(commune_insee="")
        .values_list("commune_insee", "commune")
        .annotate(n=Count("pk"))
        .order_by("commune", "commune_insee")
    )
    commune = one("commune", {code for code, _name, _n in communes})
    # Words, whatever was typed (a NUL byte, tsquery syntax, 10,000 characters).
    words = search_words(params.get("q", "")[: 2 * MAX_QUERY])[:MAX_QUERY]
    selected = {"q": words, "filiere": filiere, "band": band, "commune": commune}
    return ecosystems, communes, selected, ignored


def _filtered(territory, selected, by_key):
    companies = Company.objects.filter(territory=territory, active=True)
    if selected["q"]:
        companies = companies.matching(selected["q"])
    if selected["band"]:
        companies = companies.filter(headcount_band=selected["band"])
    if selected["commune"]:
        companies = companies.filter(commune_insee=selected["commune"])
    if selected["filiere"]:
        key = by_key[selected["filiere"]]
        through = Company.filieres.through.objects.filter(
            company_id=OuterRef("pk"), ecosystempage__translation_key=key
        )
        companies = companies.filter(Exists(through))
    return companies


def _label(companies, titles: dict) -> None:
    """Each company's filière titles in the page's language (``titles``: translation key →
    title; the filières prefetched) and its headcount band's label."""
    band_labels = dict(HeadcountBand.choices)
    for company in companies:
        company.filiere_titles = sorted(
            {
                titles[p.translation_key]
                for p in company.filieres.all()
                if p.translation_key in titles
            }
        )
        company.headcount_label = (
            band_labels.get(company.headcount_band, "") if company.headcount_band != "NN" else ""
        )


def company_directory(*, page, params, request=None) -> Directory:
    """One page of the territory's open companies with the filters of ``params``
    (``q``: words of the name, NAF label or commune, ``filiere``: a filière page id of the
    directory's language, ``band``: an INSEE headcount code, ``commune``: an INSEE commune
    code, ``page``)."""
    from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

    territory = _territory_of(page, request)
    ecosystems, communes, selected, ignored = _filters(
        territory=territory, page=page, params=params
    )
    by_key = {str(pk): key for pk, _title, key in ecosystems}
    titles = {key: title for _pk, title, key in ecosystems}
    companies = _filtered(territory, selected, by_key)
    bands = dict(
        companies.order_by().values_list("headcount_band").annotate(n=Count("pk"))
    ) if not selected["band"] else {}  # fmt: skip
    paginator = Paginator(
        companies.select_related("logo")
        .prefetch_related("filieres", "logo__renditions")
        .order_by("name", "pk"),
        PER_PAGE,
    )
    try:
        results = paginator.page(params.get("page", 1))
    except PageNotAnInteger:
        results = paginator.page(1)
    except EmptyPage:
        results = paginator.page(paginator.num_pages)
    _label(results, titles)
    return Directory(
        results=results,
        total=paginator.count,
        filieres=[
            Option(str(pk), title, selected=str(pk) == selected["filiere"])
            for pk, title, _key in ecosystems
        ],
        bands=[
            Option(value, str(label), bands.get(value), selected=value == selected["band"])
            for value, label in HeadcountBand.choices
            if value == selected["band"] or bands.get(value)
        ],
        communes=[
            Option(code, name or code, n, selected=code == selected["commune"])
            for code, name, n in communes
        ],
        querystring=urlencode({k: v for k, v in selected.items() if v}),
        ignored=ignored,
        selected=selected,
    )


def company_map(*, page, params, request=None) -> dict:
    """Every company of the filtered set that has coordinates, as columns of arrays (the
    smallest JSON that is still plain JSON): ``lat`` as differences from the previous one
    (sorted by latitude), ``lon``, both in 1/10,000 degree; ``name``; ``commune`` and
    ``band`` as positions in the ``communes`` and ``bands`` lists. 10,000 companies take
    about 400 KB, a tenth of that gzipped (tests/attractiveness/test_companies_page.py)."""
    territory = _territory_of(page, request)
    ecosystems, _communes, selected, _ignored = _filters(
        territory=territory, page=page, params=params
    )
    by_key = {str(pk): key for pk, _title, key in ecosystems}
    rows = (
        _filtered(territory, selected, by_key)
        .exclude(latitude=None)
        .exclude(longitude=None)
        .order_by("latitude", "pk")
        .values_list("latitude", "longitude", "name", "commune", "headcount_band")
        .iterator(chunk_size=2000)
    )
    communes: dict[str, int] = {}
    bands: dict[str, int] = {}
    lat, lon, names, commune_idx, band_idx = [], [], [], [], []
    previous = 0
    for latitude, longitude, name, commune, band in rows:
        y = round(latitude * MAP_SCALE)
        lat.append(y - previous)
        previous = y
        lon.append(round(longitude * MAP_SCALE))
        names.append(name)
        commune_idx.append(communes.setdefault(commune, len(communes)))
        band_idx.append(bands.setdefault(band, len(bands)))
    labels = dict(HeadcountBand.choices)
    return {
        "v": 1,
        "scale": MAP_SCALE,
        "lat": lat,
        "lon": lon,
        "name": names,
        "commune": commune_idx,
        "band": band_idx,
        "communes": list(communes),
        "bands": [str(labels.get(code, "")) if code != "NN" else "" for code in bands],
        "label": _("companies"),
    }


@gzip_page  # about a tenth of the size on the wire; JSON, never page-cached
def _map_response(request, page):
    return JsonResponse(
        company_map(page=page, params=request.GET, request=request),
        json_dumps_params={"separators": (",", ":"), "ensure_ascii": False},
    )


def company_map_response(request, *, page):
    return _map_response(request, page)


def company_search(request, home, query: str) -> dict:
    """The site search's companies group (home.search.SearchGroup): the first
    ``IN_SITE_SEARCH`` open companies of the request's territory matching ``query`` (plain
    words), best first (the best of the first ``RANKED`` matches found), and the link to all
    of them in the directory of ``home``'s language.
    Nothing without a live, public directory there: the directory is the companies' place.
    Four queries whatever the number of companies: the directory page, one more company
    than shown (so that nothing counts every match), their filières,
    those filières' titles in ``home``'s language."""
    from .companies import CompanyDirectoryPage
    from .models import EcosystemPage

    directory = CompanyDirectoryPage.objects.live().public().child_of(home).first()
    if directory is None:
        return {}
    found = list(
        Company.objects.filter(territory=request.territory)
        .listed()
        .matching(query)
        .by_relevance(query, candidates=RANKED)
        .prefetch_related(  # their translation keys only, not whole pages
            Prefetch("filieres", queryset=EcosystemPage.objects.only("translation_key"))
        )[: IN_SITE_SEARCH + 1]
    )
    if not found:
        return {}
    companies = found[:IN_SITE_SEARCH]
    keys = {page.translation_key for company in companies for page in company.filieres.all()}
    titles = dict(
        EcosystemPage.objects.live()
        .public()
        .descendant_of(home)
        .filter(translation_key__in=keys, locale_id=home.locale_id)
        .values_list("translation_key", "title")
    ) if keys else {}  # fmt: skip
    _label(companies, titles)
    url = directory.get_url(request)
    for company in companies:
        company.directory_url = f"{url}?{urlencode({'q': search_words(company.name)})}"
        company.directory_url += f"#company-{company.pk}"
    return {
        "companies": companies,
        "more": len(found) > IN_SITE_SEARCH,
        "directory_url": f"{url}?{urlencode({'q': query})}",
        "query": query,
    }
