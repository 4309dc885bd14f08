from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views
from home import views as home_views
from investors import views as investor_views
from newsletters import views as newsletter_views
from realestate import views as realestate_views
from territories import views as territory_views
from users import views as user_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("brand.css", territory_views.brand_css, name="brand_css"),
    path("sitemap.xml", home_views.sitemap, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("open-data/offers.<str:fmt>", realestate_views.open_data, name="offers_open_data"),
    # RFC 8058 one-click unsubscribe: mail programs POST here, without a language or a cookie.
    path(
        "newsletters/unsubscribe/<str:token>/",
        newsletter_views.one_click_unsubscribe,
        name="newsletters_unsubscribe",
    ),
    # Opens and clicks of letters whose territory turned tracking on (signed per delivery).
    path(
        "newsletters/o/<int:delivery_id>/<str:signature>.gif",
        newsletter_views.open_pixel,
        name="newsletters_open",
    ),
    path(
        "newsletters/c/<int:delivery_id>/<str:signature>/",
        newsletter_views.click,
        name="newsletters_click",
    ),
]

if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    # A mail provider's bounce and complaint webhooks (django-anymail; newsletters/webhooks.py).
    urlpatterns += [path("anymail/", include("newsletters.webhooks"))]

if settings.DEBUG:
    # runserver serves uploaded images; never documents, which leave through Wagtail's view
    # only (territory check, collection privacy). Production serves no media at all: object
    # storage does (README, "Production shape").
    urlpatterns += [re_path(r"^media/(?P<path>.+)$", core_views.serve_media)]

urlpatterns += i18n_patterns(
    path("", home_views.home, name="home"),
    path(_("search/"), home_views.search, name="search"),
    # The inquiry forms post here, off Wagtail's page routing (investors/views.py).
    path("inquiries/<int:page_id>/", investor_views.inquiry_post, name="inquiry_post"),
    path(
        "inquiries/<int:page_id>/offer/<int:offer_id>/",
        investor_views.inquiry_post,
        name="inquiry_post_offer",
    ),
    # Investor accounts, in the site's language and chrome: the account page, then allauth.
    path("accounts/", user_views.account, name="account"),
    path("accounts/export/", user_views.account_export, name="account_export"),
    path("accounts/delete/", user_views.account_delete_view, name="account_delete"),
    path("accounts/", include("investors.urls")),  # saved offers and searches, digests
    path("accounts/", include("allauth.urls")),
    path("newsletter/", include("newsletters.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
