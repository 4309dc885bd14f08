"""The public pages of the newsletters: subscription form, confirmation, preferences, web
version, one-click unsubscribe. Thin: a form or a token, a service, a page.

Every page is personal or signed: none goes to the page cache (``skip_page_cache``, and
``never_cache`` headers for browsers and shared caches). A token that is forged, expired,
of another purpose or of another territory's site gets a 400 page that says so, never a
500, and changes nothing.
"""

from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from core.page_cache import skip_page_cache
from core.public_forms import rate_limited

from . import services, tokens
from .forms import PreferencesForm, SubscribeForm
from .models import MailingList, Newsletter, NewsletterSettings, Subscriber, Subscription
from .rendering import personalise

SENT = "sent"
NOTICE = _(
    "Your address is used only to send you the letters you chose, by the territory's "
    "team. Each letter has a link to unsubscribe. We do not track opens or clicks."
)
NOTICE_TRACKED = _(
    "Your address is used only to send you the letters you chose, by the territory's "
    "team. Each letter has a link to unsubscribe. This territory measures its letters: "
    "an invisible image records when you first open one, and its links pass through the "
    "site to count clicks."
)


def notice(territory):
    """What the subscription form and the preference page tell about the use of the address,
    tracking included (the territory's setting)."""
    return NOTICE_TRACKED if NewsletterSettings.tracking_on(territory) else NOTICE


def _territory(request):
    territory = getattr(request, "territory", None)
    if territory is None:
        raise Http404
    skip_page_cache(request)
    return territory


def _page(request, template, context, status=200):
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def _language():
    return (translation.get_language() or "fr")[:2]


LINK_ERRORS = {
    "expired": _(
        "This link has expired. Subscribe again from the form below and we will send you a new one."
    ),
    "invalid": _("This link is not valid (it may be incomplete, or be another site's)."),
    "click": _(
        "This link was altered or is incomplete, so it does not lead anywhere. "
        "Open the letter again and follow its link, or go to the site's home page."
    ),
}


def _link_error(request, reason: str):
    from .urls import subscribe_url

    context = {
        "message": LINK_ERRORS.get(reason, LINK_ERRORS["invalid"]),
        "subscribe_url": subscribe_url(request.territory, _language()),
    }
    return _page(request, "newsletters/link_error.html", context, status=400)


def _subscriber_of(request, purpose: str, value: str):
    """(token, subscriber) of a valid token of this site, or raises TokenError."""
    token = tokens.read(purpose, value)
    if token.territory_id != request.territory.pk:
        raise tokens.TokenError("invalid")
    subscriber = Subscriber.objects.filter(
        pk=token.subscriber_id, territory=request.territory
    ).first()
    if subscriber is None:
        raise tokens.TokenError("invalid")
    return token, subscriber


def subscribe(request):
    """GET: the form; POST: unconfirmed subscriptions and a confirmation email, then a 303
    to ``?sent=1``. Errors 400, over the limit 429, a robot gets the thank-you."""
    from home.models import RATE_LIMITED_MESSAGE

    territory = _territory(request)
    language = _language()
    context = {"notice": notice(territory), "territory": territory}
    if request.method == "POST":
        form = SubscribeForm(request.POST, territory=territory, language=language)
        if form.is_spam or form.too_fast:
            return _sent(request)
        if not form.is_valid():
            return _page(request, "newsletters/subscribe.html", {**context, "form": form}, 400)
        if retry_after := rate_limited(request, scope=f"newsletter-{territory.pk}"):
            form.add_error(None, RATE_LIMITED_MESSAGE)
            response = _page(
                request, "newsletters/subscribe.html", {**context, "form": form}, status=429
            )
            response["Retry-After"] = str(retry_after)
            return response
        services.subscription_request(
            territory=territory,
            email=form.cleaned_data["email"],
            lists=list(form.cleaned_data["lists"]),
            interests=list(form.cleaned_data.get("interests") or []),
            language=language,
            consent_text=str(context["notice"]),
        )
        return _sent(request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if request.GET.get(SENT) == "1":
        return _page(request, "newsletters/subscribe_sent.html", context)
    form = SubscribeForm(territory=territory, language=language)
    return _page(request, "newsletters/subscribe.html", {**context, "form": form})


def _sent(request):
    response = HttpResponseRedirect(f"{request.path}?{SENT}=1")
    response.status_code = 303
    return response


def confirm(request, token):
    """The double opt-in link: the lists it names are confirmed (following it twice is
    harmless)."""
    from .urls import preferences_url

    territory = _territory(request)
    try:
        signed, subscriber = _subscriber_of(request, tokens.CONFIRM, token)
    except tokens.TokenError as error:
        return _link_error(request, error.reason)
    confirmed = services.subscription_confirm(subscriber=subscriber, list_ids=signed.list_ids)
    context = {
        "lists": confirmed,
        "preferences_url": preferences_url(territory, subscriber.pk, _language()),
    }
    return _page(request, "newsletters/confirmed.html", context)


def preferences(request, token):
    """Lists, interests, unsubscribe from everything: reached from every letter."""
    territory = _territory(request)
    try:
        _signed, subscriber = _subscriber_of(request, tokens.PREFERENCES, token)
    except tokens.TokenError as error:
        return _link_error(request, error.reason)
    language = _language()
    form_kwargs = {"territory": territory, "language": language, "subscriber": subscriber}
    saved = False
    if request.method == "POST":
        if "unsubscribe_all" in request.POST:
            services.subscription_unsubscribe(subscriber=subscriber)
            form = PreferencesForm(**form_kwargs, initial=_initial(subscriber))
            saved = "all"
        else:
            form = PreferencesForm(request.POST, **form_kwargs)
            if not form.is_valid():
                return _page(request, "newsletters/preferences.html", {"form": form}, status=400)
            services.preferences_update(
                subscriber=subscriber,
                lists=list(form.cleaned_data["lists"]),
                interests=list(form.cleaned_data.get("interests") or []),
                consent_text=str(notice(territory)),
            )
            form = PreferencesForm(**form_kwargs, initial=_initial(subscriber))
            saved = True
    elif request.method in ("GET", "HEAD"):
        form = PreferencesForm(**form_kwargs, initial=_initial(subscriber))
    else:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    context = {
        "form": form,
        "saved": saved,
        "email": subscriber.email,
        "notice": notice(territory),
    }
    return _page(request, "newsletters/preferences.html", context)


def _initial(subscriber) -> dict:
    confirmed = subscriber.subscriptions.filter(status=Subscription.Status.CONFIRMED)
    return {
        "lists": list(MailingList.objects.filter(pk__in=confirmed.values("mailing_list"))),
        "interests": list(subscriber.interests.all()),
    }


def web_version(request, key):
    """A letter that was sent, as it was sent, at a public address (its random key)."""
    from .urls import subscribe_url

    territory = _territory(request)
    newsletter = Newsletter.objects.filter(
        public_key=key,
        territory=territory,
        status__in=(Newsletter.Status.SENDING, Newsletter.Status.PAUSED, Newsletter.Status.SENT),
    ).first()
    if newsletter is None or not newsletter.sent_html:
        raise Http404
    neutral = subscribe_url(territory, _language())
    html = personalise(newsletter.sent_html, unsubscribe_url=neutral, preferences_url=neutral)
    response = HttpResponse(html)
    add_never_cache_headers(response)
    # The letter's own inlined styles (an email has no stylesheet); it carries no script.
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self' data: https:; style-src 'unsafe-inline'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )
    response._csp_exempt = True
    return response


@csrf_exempt
def one_click_unsubscribe(request, token):
    """RFC 8058: a POST (``List-Unsubscribe=One-Click``) unsubscribes from the letter's
    lists with no login, cookie or CSRF token: the signed token is the authority. GET (a
    person following the link) shows a button that POSTs here."""
    territory = _territory(request)
    with translation.override(territory.default_language):
        try:
            signed, subscriber = _subscriber_of(request, tokens.UNSUBSCRIBE, token)
        except tokens.TokenError as error:
            return _link_error(request, error.reason)
        language = subscriber.language or territory.default_language
        translation.activate(language)
        from .urls import preferences_url

        context = {
            "email": subscriber.email,
            "lists": list(MailingList.objects.filter(pk__in=signed.list_ids, territory=territory)),
            "preferences_url": preferences_url(territory, subscriber.pk, language),
            "action": request.path,
        }
        if request.method == "POST":
            services.subscription_unsubscribe(subscriber=subscriber, list_ids=signed.list_ids)
            return _page(request, "newsletters/unsubscribed.html", context)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return _page(request, "newsletters/unsubscribe.html", context)


# --- Tracking (only for letters sent while the territory turned it on) -----------------


def open_pixel(request, delivery_id, signature):
    """The 1×1 GIF of a tracked letter: records the delivery's first opening. No login,
    never cached (each opening asks again). A forged signature or another territory's
    delivery records nothing (400)."""
    from . import tracking

    territory = _territory(request)
    if not tracking.valid_open(delivery_id, signature) or not tracking.delivery_opened(
        delivery_id=delivery_id, territory=territory
    ):
        response = HttpResponse(b"", status=400, content_type="image/gif")
    else:
        response = HttpResponse(tracking.PIXEL, content_type="image/gif")
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def click(request, delivery_id, signature):
    """A tracked link: counts the click, then redirects to the URL the letter had, which the
    signature covers with the delivery (so this is no open redirect). A forged or altered
    one gets a 400 page, never a redirect."""
    from . import tracking

    territory = _territory(request)
    url = request.GET.get("u", "")
    if not tracking.valid_click(delivery_id, url, signature):
        return _link_error(request, "click")
    if not tracking.delivery_clicked(delivery_id=delivery_id, territory=territory):
        return _link_error(request, "click")
    response = HttpResponseRedirect(url)
    add_never_cache_headers(response)
    return response
