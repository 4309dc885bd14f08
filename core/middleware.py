from django.middleware.locale import LocaleMiddleware

# URLs outside i18n_patterns: a 404 there is final, not a missing language prefix.
UNPREFIXED = (
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/i18n/",
    "/static/",
    "/media/",
)


class TerritoriaLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware redirects every 404 to the language-prefixed path when that
    path resolves. Wagtail's catch-all page route resolves everything, so an admin 404 would
    become a redirect to a public 404. Keep 404s of the unprefixed areas plain 404s."""

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
