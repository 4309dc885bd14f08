"""The public endpoints of saved offers, saved searches and the view beacon (thin: a form
or a token, a service, Post-Redirect-Get). All live under ``/<lang>/accounts/``, which the
page cache never stores; the cached offer and search pages only link here."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .digest import unsubscribe_token_read
from .models import FavouriteOffer, SavedSearch
from .saved import (
    SaveRefused,
    engagement_withdraw,
    favourite_add,
    favourite_remove,
    offer_index_of_territory,
    offer_of_territory,
    page_view_record,
    saved_search_change,
    saved_search_create,
    saved_searches_unsubscribe,
)


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of this search"), max_length=120)
    frequency = forms.ChoiceField(
        label=gettext_lazy("Email me the new offers"),
        choices=SavedSearch.Frequency.choices,
        initial=SavedSearch.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(choices=SavedSearch.Frequency.choices)


def _territory(request):
    territory = getattr(request, "territory", None)
    if territory is None:
        raise Http404
    return territory


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request, fallback):
    """Back to the page the form was on (this site only), else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _refused(request, message, template="investors/saved_refused.html"):
    if _wants_json(request):
        return JsonResponse({"error": message}, status=400)
    return render(request, template, {"message": message}, status=400)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def offer_save(request, offer_id: int):
    """GET: a confirmation with a Save button (where an anonymous visitor lands back after
    signing in); POST: the offer saved, back to it (or JSON for the page's script)."""
    territory = _territory(request)
    offer = offer_of_territory(territory=territory, offer_id=offer_id)
    if offer is None:
        return _refused(request, _("This offer cannot be saved: it is not published on this site."))
    saved = FavouriteOffer.objects.filter(user=request.user, offer=offer).exists()
    if request.method == "POST":
        try:
            favourite_add(user=request.user, territory=territory, offer_id=offer.pk)
        except SaveRefused as refusal:
            return _refused(request, str(refusal))
        if _wants_json(request):
            return JsonResponse({"saved": True})
        messages.success(request, _("The offer was saved in your account."))
        return redirect(offer.get_url(request), permanent=False)
    return render(request, "investors/offer_save.html", {"offer": offer, "saved": saved})


@never_cache
@login_required
@require_POST
def offer_unsave(request, offer_id: int):
    territory = _territory(request)
    favourite_remove(user=request.user, territory=territory, offer_id=offer_id)
    if _wants_json(request):
        return JsonResponse({"saved": False})
    messages.success(request, _("The offer was removed from your saved offers."))
    return _back(request, "account")


@never_cache
@require_GET
def saved_state(request):
    """For the script of a page rendered for a signed-in visitor: which of the offers
    ``?offer=<id>`` they saved on this site."""
    territory = _territory(request)
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False})
    ids = [int(v) for v in request.GET.getlist("offer")[:100] if v.isdigit()]
    saved = FavouriteOffer.objects.filter(
        user=request.user, territory=territory, offer_id__in=ids
    ).values_list("offer_id", flat=True)
    return JsonResponse({"authenticated": True, "saved": sorted(saved)})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def search_save(request):
    """ "Save this search": the search's parameters come in the query string (GET, from the
    search page's link) and are carried by the form; the territory is the site's, the search
    page the site's in the current language."""
    territory = _territory(request)
    language = translation.get_language()
    index = offer_index_of_territory(territory=territory, language=language)
    if index is None:
        raise Http404
    query = request.POST.get("query", "") if request.method == "POST" else request.GET.urlencode()
    normalised, ignored = index.search_normalise(QueryDict(query))
    form = SavedSearchForm(request.POST or None, initial={"name": index.search_label(normalised)})
    if request.method == "POST" and form.is_valid():
        try:
            saved_search_create(
                user=request.user,
                territory=territory,
                language=language,
                params=QueryDict(normalised),
                name=form.cleaned_data["name"],
                frequency=form.cleaned_data["frequency"],
            )
        except SaveRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Your search was saved: the new offers will be emailed."))
            return redirect("account")
    context = {
        "form": form,
        "query": normalised,
        "ignored": ignored,
        "results_url": index.get_url(request) + (f"?{normalised}" if normalised else ""),
    }
    status = 400 if form.errors else 200
    return render(request, "investors/search_save.html", context, status=status)


@never_cache
@login_required
@require_POST
def search_change(request, search_id: int):
    """The account page's buttons: ``frequency``, ``pause``, ``resume``, ``delete``."""
    territory = _territory(request)
    search = get_object_or_404(
        SavedSearch.objects.filter(territory=territory, user=request.user), pk=search_id
    )
    action = request.POST.get("action", "")
    if action == "delete":
        search.delete()
        messages.success(request, _("The saved search was deleted."))
    elif action in ("pause", "resume"):
        saved_search_change(search=search, active=action == "resume")
        messages.success(
            request,
            _("The digest of this search is paused.")
            if action == "pause"
            else _("The digest of this search is on again."),
        )
    elif action == "frequency":
        form = FrequencyForm(request.POST)
        if not form.is_valid():
            return _refused(request, _("Choose how often you want the new offers."))
        saved_search_change(search=search, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("The frequency of the digest was changed."))
    else:
        return _refused(request, _("This action is not known."))
    return redirect("account")


@never_cache
@login_required
@require_POST
def engagement_stop(request):
    engagement_withdraw(user=request.user, territory=_territory(request))
    messages.success(request, _("Your visits are no longer shared, and those recorded are erased."))
    return redirect("account")


@never_cache
@require_POST
def page_viewed(request):
    """The beacon of a page rendered for a signed-in visitor (same-origin POST with the CSRF
    token): recorded only for an identified lead who opted in. Always 204: a visitor learns
    nothing from it, and a failure never shows."""
    territory = getattr(request, "territory", None)
    page_id = request.POST.get("page", "")
    if territory is not None and page_id.isdigit():
        page_view_record(user=request.user, territory=territory, page_id=int(page_id))
    return HttpResponse(status=204)


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST without a session; the signed token is the proof
@require_http_methods(["GET", "HEAD", "POST"])
def saved_search_unsubscribe(request, token: str):
    """A digest's unsubscribe link (no sign-in): GET asks to confirm with a button, POST
    (the button, or the mail client's one-click) stops the digests of the token's searches.
    A forged, damaged, expired token or one of another site: a 400 page saying so."""
    territory = _territory(request)
    try:
        territory_id, ids = unsubscribe_token_read(token)
    except signing.BadSignature:
        return _refused(
            request,
            _("This unsubscribe link is not valid or has expired. Sign in to manage your saved "
              "searches from your account."),
            "investors/unsubscribe.html",
        )  # fmt: skip
    if territory_id != territory.pk:
        return _refused(
            request,
            _("This unsubscribe link belongs to another site."),
            "investors/unsubscribe.html",
        )
    if request.method == "POST":
        searches = saved_searches_unsubscribe(territory=territory, ids=ids)
        return render(request, "investors/unsubscribe.html", {"done": True, "searches": searches})
    searches = SavedSearch.objects.filter(territory=territory, pk__in=ids)
    return render(request, "investors/unsubscribe.html", {"searches": searches})
