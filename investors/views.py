"""The public inquiry pages (thin: the form, the limits, Post-Redirect-Get)."""

from django.apps import apps
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from wagtail.coreutils import get_supported_content_language_variant

from core.page_cache import cached_for_host, prefetch_for_host, skip_page_cache
from core.public_forms import rate_limited
from home.chrome import chrome_name, site_chrome

from .forms import OfferInquiryForm, ProjectInquiryForm, source_initial
from .services import lead_inquiry_record

SENT = "sent"
FORM_TEMPLATE = "investors/project_inquiry_page.html"
LANDING_TEMPLATE = "investors/project_inquiry_page_landing.html"


def offer_of_site(request, page, offer_id):
    """A live, public offer under this page's home (its territory, its language), or 404:
    another territory's id, a draft, an unknown one get the same answer."""
    offer_model = apps.get_model("realestate", "OfferPage")
    offer = (
        offer_model.objects.live()
        .public()
        .descendant_of(page.get_parent())
        .filter(pk=offer_id)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def _render(request, page, form, offer, status=200, template=FORM_TEMPLATE):
    context = page.get_context(request)
    context.update({"form": form, "offer": offer, "form_action": form_action(page, offer)})
    response = TemplateResponse(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


# Part of the cache key of the site's project pages: bump it when what is cached changes.
PROJECT_PAGES_VERSION = 1


def inquiry_page_of_site(request, page_id):
    """This site's live, public project page in the request's language, or 404: the page of
    another territory, of another language, a draft or a private one get the same answer.

    The live project pages under the site's home in the request's language (children of
    that home: there is at most one) are cached with the host's pages, beside the chrome and
    read with it in one round trip (``cached_for_host``: a publication, a move or a view
    restriction purges them, so an unpublished page is refused at once). The homes and the
    view-restricted pages come from the chrome (home/chrome.py), where
    ``.child_of(root.localized).public()`` reads them again in three queries."""
    if getattr(request, "territory", None) is None:
        raise Http404
    language = get_supported_content_language_variant(translation.get_language())
    prefetch_for_host(request, [chrome_name(translation.get_language()), _pages_name(language)])
    chrome = site_chrome(request)
    home = chrome["homes"].get(language)
    if home is None:
        raise Http404
    pages = cached_for_host(request, _pages_name(language), lambda: _project_pages(home))
    page = pages.get(int(page_id))
    if page is None or any(
        page.path.startswith(path) for _pk, path, _depth in chrome["restricted"]
    ):
        raise Http404
    page._territory = request.territory
    return page


def _pages_name(language: str) -> str:
    return f"investors:project-pages:{PROJECT_PAGES_VERSION}:{language}"


def _project_pages(home) -> dict:
    """The live project pages that are children of ``home``, by id (one query)."""
    page_model = apps.get_model("investors", "ProjectInquiryPage")
    children = page_model.objects.filter(
        live=True, depth=home.depth + 1, path__startswith=home.path
    )
    return {page.pk: page for page in children}


def form_action(page, offer) -> str:
    """Where the form posts: a plain Django view (``inquiry_post``), not the page's own URL,
    so that the POST skips Wagtail's page routing (docs/investors.md, "Speed")."""
    if offer is None:
        return reverse("inquiry_post", args=[page.pk])
    return reverse("inquiry_post_offer", args=[page.pk, offer.pk])


def inquiry_post(request, page_id, offer_id=None):
    """The inquiry forms' POST: ``page_id`` is looked up among this site's project pages and
    ``offer_id`` among its live offers (never trusted to name a territory); the lead lands in
    the territory of the host it was posted on. Anything but a POST goes to the form."""
    page = inquiry_page_of_site(request, page_id)
    offer = None if offer_id is None else offer_of_site(request, page, offer_id)
    url = page.get_url(request)
    if offer is not None:
        url += page.reverse_subpage("offer", args=[offer.pk])
    if request.method != "POST":
        return HttpResponseRedirect(url)
    return _inquiry_submit(request, page=page, offer=offer, url=url)


def inquiry_serve(request, *, page, offer):
    """GET: the form (UTM and referrer of the landing kept in it); ``?sent=1``: the
    thank-you. A POST to the page itself (a form rendered before the forms posted to
    ``inquiry_post``) is still taken."""
    skip_page_cache(request)
    territory = getattr(request, "territory", None)
    if territory is None:
        raise Http404
    page._territory = territory
    if request.method == "POST":
        return _inquiry_submit(request, page=page, offer=offer, url=request.path)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if request.GET.get(SENT) == "1":
        return _render(request, page, None, offer, template=LANDING_TEMPLATE)
    return _render(request, page, form_class_for(offer)(initial=source_initial(request)), offer)


def form_class_for(offer):
    return OfferInquiryForm if offer is not None else ProjectInquiryForm


def _inquiry_submit(request, *, page, offer, url):
    """A lead, then a 303 to ``url?sent=1``; errors 400, over the limit 429, a robot gets
    the thank-you."""
    from home.models import RATE_LIMITED_MESSAGE

    territory = page._territory
    form = form_class_for(offer)(request.POST)
    if form.is_spam or form.too_fast:
        return _redirect_sent(url)
    if not form.is_valid():
        return _render(request, page, form, offer, status=400)
    if retry_after := rate_limited(request, scope=f"territory-{territory.pk}"):
        form.add_error(None, RATE_LIMITED_MESSAGE)
        response = _render(request, page, form, offer, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    lead_inquiry_record(
        territory=territory,
        data=form.cleaned_data,
        token=form.submission_token,
        language=translation.get_language() or territory.default_language,
        consent_text=page.notice(),
        page=page,
        offer=offer,
    )
    return _redirect_sent(url)


def _redirect_sent(url):
    response = HttpResponseRedirect(f"{url}?{SENT}=1")
    response.status_code = 303
    return response
