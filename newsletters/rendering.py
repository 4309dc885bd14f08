"""A newsletter as an email: responsive HTML with inlined CSS (css-inline), and plain text.

The HTML is a single 600 px column table that shrinks to the screen (``max-width``, fluid
images), without JavaScript, with alt texts, a preheader, and colours that stay readable
when a client inverts them (``color-scheme``, no text colour without its background). The
per-recipient links (unsubscribe, preferences) are placeholders, replaced at send time.
Embedded pages are looked up here, in the newsletter's territory only: a page of another
territory, a draft or a deleted one is skipped.
"""

import functools
import re
from dataclasses import dataclass
from html import escape, unescape

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from core.alt_text import image_alt

from .blocks import PAGE_BLOCKS

UNSUBSCRIBE = "%%UNSUBSCRIBE_URL%%"
PREFERENCES = "%%PREFERENCES_URL%%"
_HREF = re.compile(r'(href|src)="(/[^"/][^"]*|/)"')


@functools.cache
def _inliner():
    """css-inline's inliner, imported at the first letter rendered: a web worker that never
    renders one does not carry the library (about 3 MB; docs/performance.md, "Worker memory")."""
    import css_inline

    return css_inline.CSSInliner(keep_style_tags=True)  # media queries stay in <style>


@dataclass
class Rendered:
    subject: str
    html: str
    text: str


def absolute(url: str, root_url: str) -> str:
    return root_url + url if url.startswith("/") else url


def _absolute_links(html: str, root_url: str) -> str:
    return _HREF.sub(lambda m: f'{m.group(1)}="{root_url}{m.group(2)}"', html)


def territory_pages(territory, ids: set[int]) -> dict[int, Page]:
    """The live, public pages among ``ids`` that belong to the territory (any language)."""
    root = territory.site.root_page
    home_ids = Page.objects.filter(translation_key=root.translation_key).values_list(
        "pk", flat=True
    )
    found = {}
    for home in Page.objects.filter(pk__in=list(home_ids)):
        for page in Page.objects.live().public().descendant_of(home).filter(pk__in=ids).specific():
            found[page.pk] = page
    return found


def _page_card(page, root_url: str, kind: str) -> dict:
    image, owner = getattr(page, "image", None), page
    if image is None and kind == "offer":
        photo = page.photos.select_related("image").first() if hasattr(page, "photos") else None
        image, owner = (photo.image, photo) if photo else (None, page)
    card = {
        "kind": kind,
        "title": page.title,
        "summary": getattr(page, "summary", ""),
        "url": absolute(page.url or "", root_url),
        "image_url": "",
        "alt": "",
    }
    if image is not None:
        card["image_url"] = absolute(image.get_rendition("fill-600x300").url, root_url)
        # The page's (or its photo's) alt text in the page's language (core/alt_text.py).
        card["alt"] = image_alt(owner, "image") or page.title
    if kind == "event" and getattr(page, "start", None):
        card["date"] = page.start
    return card


def content_items(newsletter, root_url: str) -> list[dict]:
    """The body as plain dicts for the templates (no query in a template)."""
    body = list(newsletter.body)
    page_ids = {block.value.pk for block in body if block.block_type in PAGE_BLOCKS and block.value}
    pages = territory_pages(newsletter.territory, page_ids) if page_ids else {}
    items = []
    for block in body:
        kind, value = block.block_type, block.value
        if kind == "heading":
            items.append({"kind": "heading", "text": value})
        elif kind == "paragraph":
            html = _absolute_links(expand_db_html(value.source), root_url)
            items.append({"kind": "paragraph", "html": html, "text": _text_of(html)})
        elif kind == "image" and value.get("image"):
            rendition = value["image"].get_rendition("width-1200")
            items.append({
                "kind": "image",
                "url": absolute(rendition.url, root_url),
                "alt": value["alt"],
                "caption": value.get("caption", ""),
            })  # fmt: skip
        elif kind == "button":
            target = value.get("page")
            url = value.get("url") or ""
            if target is not None:
                page = territory_pages(newsletter.territory, {target.pk}).get(target.pk)
                url = absolute(page.url or "", root_url) if page else ""
            if url:
                items.append({"kind": "button", "label": value["label"], "url": url})
        elif kind in PAGE_BLOCKS and value is not None and value.pk in pages:
            items.append(_page_card(pages[value.pk], root_url, kind))
    return items


def _text_of(html: str) -> str:
    text = re.sub(r"<br\s*/?>|</p>|</li>|</h[23]>", "\n", html)
    text = re.sub(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 (\1)", text)
    return unescape(strip_tags(text)).strip()


def web_version_url(newsletter) -> str:
    from .urls import web_version_path

    return newsletter.territory.root_url + web_version_path(newsletter)


def render_newsletter(
    newsletter, *, preview: bool = False, tracking: bool | None = None
) -> Rendered:
    """The letter's subject, HTML (CSS inlined) and text, in its lists' language; its footer
    says whether opens and clicks are tracked (``tracking``; None: the territory's setting)."""
    from .models import NewsletterSettings

    territory = newsletter.territory
    if tracking is None:
        tracking = NewsletterSettings.tracking_on(territory)
    root_url = territory.root_url
    first_list = newsletter.lists.first() if newsletter.pk else None
    language = first_list.language if first_list else territory.default_language
    with translation.override(language):
        context = {
            "newsletter": newsletter,
            "subject": newsletter.subject,
            "preheader": newsletter.preheader,
            "territory_name": territory.name,
            "items": content_items(newsletter, root_url) if newsletter.pk else [],
            "web_url": web_version_url(newsletter) if newsletter.pk else root_url,
            "unsubscribe_url": UNSUBSCRIBE,
            "preferences_url": PREFERENCES,
            "site_url": root_url,
            "language": language,
            "preview": preview,
            "tracking": tracking,
        }
        html = render_to_string("newsletters/email/newsletter.html", context)
        text = render_to_string("newsletters/email/newsletter.txt", context)
    html = _inliner().inline(html)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return Rendered(subject=newsletter.subject, html=html, text=text)


def personalise(template: str, *, unsubscribe_url: str, preferences_url: str) -> str:
    return template.replace(UNSUBSCRIBE, unsubscribe_url).replace(PREFERENCES, preferences_url)


OPEN_PIXEL = "%%OPEN_PIXEL%%"
PIXEL_TAG = (
    f'<img src="{OPEN_PIXEL}" width="1" height="1" alt="" '
    'style="display:block;width:1px;height:1px;border:0;overflow:hidden">'
)
_SLOTS = re.compile(f'({UNSUBSCRIBE}|{PREFERENCES}|{OPEN_PIXEL})|href="(https?://[^"]+)"')


class FrozenHtml:
    """The frozen HTML cut once (per batch) at its per-recipient places, so that each
    message is a join, not a render: the unsubscribe and preference links, and for a
    tracked letter the open pixel (before ``</body>``) and every http(s) link."""

    def __init__(self, html: str, *, tracked: bool):
        if tracked:
            html = html.replace("</body>", PIXEL_TAG + "</body>", 1)
        self.tracked = tracked
        self.parts: list = []  # literal text, or (slot, url)
        position = 0
        for match in _SLOTS.finditer(html):
            token, url = match.group(1), match.group(2)
            if url is not None and not tracked:
                continue
            self.parts.append(html[position : match.start()])
            self.parts.append((token, None) if token else ("href", unescape(url)))
            position = match.end()
        self.parts.append(html[position:])

    def render(self, *, unsubscribe_url: str, preferences_url: str, delivery_id=None,
               links=None) -> str:  # fmt: skip
        """``links``: a ``tracking.Links`` (with ``delivery_id``) for a tracked letter."""
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            slot, url = part
            if slot == UNSUBSCRIBE:
                out.append(unsubscribe_url)
            elif slot == PREFERENCES:
                out.append(preferences_url)
            elif slot == OPEN_PIXEL:
                out.append(links.pixel(delivery_id))
            else:
                out.append(f'href="{escape(links.click(delivery_id, url))}"')
        return "".join(out)
