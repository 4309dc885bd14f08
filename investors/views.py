"""The public inquiry pages (thin: the form, the limits, Post-Redirect-Get)."""

from django.apps import apps
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from core.page_cache import skip_page_cache
from core.public_forms import rate_limited

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
    context.update({"form": form, "offer": offer})
    response = TemplateResponse(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def inquiry_serve(request, *, page, offer):
    """GET: the form (UTM and referrer of the landing kept in it); POST: a lead, then a
    303 to ``?sent=1``; errors 400, over the limit 429, a robot gets the thank-you."""
    from home.models import RATE_LIMITED_MESSAGE

    skip_page_cache(request)
    territory = getattr(request, "territory", None)
    if territory is None:
        raise Http404
    page._territory = territory
    form_class = OfferInquiryForm if offer is not None else ProjectInquiryForm
    url = request.path
    if request.method == "POST":
        form = form_class(request.POST)
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
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if request.GET.get(SENT) == "1":
        return _render(request, page, None, offer, template=LANDING_TEMPLATE)
    return _render(request, page, form_class(initial=source_initial(request)), offer)


def _redirect_sent(url):
    response = HttpResponseRedirect(f"{url}?{SENT}=1")
    response.status_code = 303
    return response
