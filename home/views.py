"""The public views every territory's site has besides its pages: sitemaps and search."""

from collections import defaultdict
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from core.page_cache import prefetch_for_host, skip_page_cache
from territories.selectors import territory_pages
from territories.views import platform_or_page

from .chrome import chrome_name, route_home, site_chrome
from .models import HomePage
from .search import promoted_results, search_groups, search_words


def home(request):
    """A language's root: the platform's directory, or a territory's home page, which
    Wagtail serves routed from the site's chrome (``route_home``: no query), the chrome and
    the home page's blocks read in one cache round trip."""
    territory = getattr(request, "territory", None)
    if territory is not None:
        language = get_language()
        root = territory.site.root_page
        prefetch_for_host(
            request, [chrome_name(language), HomePage.parts_name(language, root.translation_key)]
        )
        route_home(request)
    return platform_or_page(request)


class DirectorySitemap(DjangoSitemap):
    """The platform host's own pages: the directory, once per language."""

    def items(self):
        return [code for code, _name in settings.LANGUAGES]

    def location(self, code):
        return f"/{code}/"

    # Django's sitemap takes the domain and scheme from the request (its Host header and
    # port): the platform's configured URL instead.
    def get_domain(self, site=None):
        return urlsplit(settings.TERRITORIA_PLATFORM_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.TERRITORIA_PLATFORM_URL).scheme


class TerritorySitemap(WagtailSitemap):
    """The live, public pages of the request's territory, in every one of its languages
    (Wagtail's own sitemap lists the default language's tree only), each with its
    ``hreflang`` alternates: the page's live versions in the territory's languages."""

    def _pages(self):
        return territory_pages(self.request.territory).live().public()

    def items(self):
        return self._pages().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        versions = defaultdict(list)
        keys = {item.translation_key for item in items}
        for version in (
            self._pages().filter(translation_key__in=keys).select_related("locale").order_by("path")
        ):
            versions[version.translation_key].append(version)
        urls, last_mods = [], set()
        for item in items:
            same = versions[item.translation_key]
            alternates = [
                {"lang_code": v.locale.language_code, "location": v.get_full_url(self.request)}
                for v in same
            ] if len(same) > 1 else []  # fmt: skip
            for info in item.get_sitemap_urls(self.request):
                urls.append({**info, "alternates": alternates})
                last_mods.add(info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


@require_GET
def sitemap(request):
    if getattr(request, "is_platform", False):
        return sitemap_views.sitemap(request, {"directory": DirectorySitemap()})
    if getattr(request, "territory", None) is None:
        raise Http404
    return wagtail_sitemap(request, {"pages": TerritorySitemap})


SEARCH_RESULTS = 20


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search this site"), max_length=200, required=False)


@require_GET
def search(request):
    """Search the request's territory, in the current language: never another territory's
    pages (the query is limited to the localized home page's tree), then the groups feature
    apps declare (home/search.py: the company directory's companies)."""
    territory = getattr(request, "territory", None)
    if territory is None:
        raise Http404
    # Arbitrary queries would fill the page cache; results change only when a page is
    # published, which purges the host anyway, but one entry per query is not worth it.
    skip_page_cache(request)
    form = SearchForm(request.GET)
    query, results = "", []
    if form.is_valid():
        query = search_words(form.cleaned_data["q"])
    promoted, groups = [], []
    if query:
        home = site_chrome(request)["home"]
        pages = territory_pages(territory).descendant_of(home, inclusive=True).live().public()
        promoted = promoted_results(
            territory=territory, query=query, language=get_language(), pages=pages
        )
        shown = [promotion.page_id for promotion in promoted if promotion.page_id]
        ids = [page.pk for page in pages.exclude(pk__in=shown).search(query)[:SEARCH_RESULTS]]
        found = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
        results = [found[pk] for pk in ids if pk in found]
        groups = search_groups(request, home, query)  # the directory's companies, …
    typed = (form.data.get("q") or "").replace("\x00", "")[:400]  # shown back as typed
    context = {
        "form": form,
        "query": query,
        "typed": typed,
        "results": results,
        "promoted": promoted,
        "groups": groups,
        "limit": SEARCH_RESULTS,
    }
    status = 400 if form.errors else 200
    return render(request, "territories/search.html", context, status=status)
