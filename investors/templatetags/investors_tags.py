from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def offer_inquiry_url(context, offer):
    """The URL of the inquiry form of ``offer`` on its territory's project page (in the
    offer's language), or "" when the territory has none live."""
    from investors.models import ProjectInquiryPage

    page = ProjectInquiryPage.objects.live().sibling_of(offer.get_parent()).first()
    if page is None:
        return ""
    return page.get_url(context.get("request")) + page.reverse_subpage("offer", args=[offer.pk])
