"""The territory as search engines and social networks see it (``TERRITORIA_SEO_SITE``):
built from the site chrome, which is cached per host and language, so it costs no query."""

import dataclasses
from functools import partial

from django.utils import translation

from core.seo import SCHEMA, SiteFacts, image_object, sharing_image
from territories.selectors import absolute_url_for_request

from .chrome import page_ancestors, page_url, site_chrome

# og:locale wants a territory too: the portal's languages as spoken in France and the UK.
OG_LOCALES = {"fr": "fr_FR", "en": "en_GB"}

SOCIAL_FIELDS = ("linkedin_url", "x_url", "youtube_url", "instagram_url", "facebook_url")


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language, language)


def site_facts(request) -> SiteFacts | None:
    chrome = site_chrome(request)
    if chrome is None:
        return None
    territory = request.territory
    language = translation.get_language()
    branding = chrome["settings"]
    absolute = partial(absolute_url_for_request, request)
    url = absolute(page_url(chrome["home"], request) or "/")
    logo = sharing_image(branding.logo, absolute, logo=True)
    if logo is not None and not logo.alt:
        logo = dataclasses.replace(logo, alt=territory.name)
    organization = {
        "@context": SCHEMA,
        "@type": "GovernmentOrganization",
        "@id": f"{url}#organization",
        "name": territory.name,
        "url": url,
    }
    if logo is not None:
        organization["logo"] = image_object(logo)
    tagline = branding.text("tagline", language, territory.default_language)
    # A meta tag has no lang: another language's tagline would be mislabelled.
    tagline = tagline.text if tagline.language == language else ""
    if tagline:
        organization["description"] = tagline
    if territory.contact_email:
        organization["email"] = territory.contact_email
        organization["contactPoint"] = {
            "@type": "ContactPoint",
            "contactType": "customer support",
            "email": territory.contact_email,
            "availableLanguage": list(territory.languages),
        }
    address = {"@type": "PostalAddress", "addressCountry": "FR"}
    if territory.region:
        address["addressRegion"] = territory.get_region_display()
    organization["address"] = address
    if territory.official_code:
        organization["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "SIREN",
            "value": territory.official_code,
        }
    same_as = [getattr(branding, name) for name in SOCIAL_FIELDS if getattr(branding, name)]
    if same_as:
        organization["sameAs"] = same_as
    return SiteFacts(
        name=territory.name,
        url=url,
        language=language,
        description=tagline,
        organization=organization,
        logo=logo,
        absolute=absolute,
        ancestors=partial(page_ancestors, request),
    )
