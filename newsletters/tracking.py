"""Opens and clicks, only for letters sent while their territory turned tracking on
(``NewsletterSettings.tracking``, off by default; docs/newsletters.md, "Reports and tracking").

A tracked letter carries, per delivery, a 1×1 GIF (``/newsletters/o/<delivery>/<sig>.gif``)
and links that pass through ``/newsletters/c/<delivery>/<sig>/?u=<url>``. The signatures are
HMACs (the site's secret, a salt per purpose) over the delivery id, and for a click over the
delivery id *and* the target URL: a link cannot be pointed elsewhere (no open redirect), nor
counted for another delivery. A letter sent untracked has neither.
"""

from urllib.parse import quote

from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Delivery

OPEN_SALT = "newsletters.tracking.open"
CLICK_SALT = "newsletters.tracking.click"
SIGNATURE_LENGTH = 32  # hex characters: 128 bits
MAX_URL_LENGTH = 2000
# The smallest transparent GIF.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _sign(salt: str, value: str) -> str:
    return salted_hmac(salt, value, algorithm="sha256").hexdigest()[:SIGNATURE_LENGTH]


def open_signature(delivery_id: int) -> str:
    return _sign(OPEN_SALT, str(delivery_id))


def click_signature(delivery_id: int, url: str) -> str:
    return _sign(CLICK_SALT, f"{delivery_id}\n{url}")


def valid_open(delivery_id: int, signature: str) -> bool:
    return constant_time_compare(open_signature(delivery_id), str(signature))


def valid_click(delivery_id: int, url: str, signature: str) -> bool:
    if not url or len(url) > MAX_URL_LENGTH or not url.startswith(("https://", "http://")):
        return False
    return constant_time_compare(click_signature(delivery_id, url), str(signature))


class Links:
    """Builds a delivery's tracking URLs; the path prefixes are reversed once per batch."""

    def __init__(self, root_url: str):
        self.root_url = root_url
        self._open = reverse("newsletters_open", kwargs={"delivery_id": 0, "signature": "S"})
        self._click = reverse("newsletters_click", kwargs={"delivery_id": 0, "signature": "S"})

    def pixel(self, delivery_id: int) -> str:
        path = self._open.replace("/0/S", f"/{delivery_id}/{open_signature(delivery_id)}", 1)
        return self.root_url + path

    def click(self, delivery_id: int, url: str) -> str:
        signature = click_signature(delivery_id, url)
        path = self._click.replace("/0/S/", f"/{delivery_id}/{signature}/", 1)
        return f"{self.root_url}{path}?u={quote(url, safe='')}"


def delivery_opened(*, delivery_id: int, territory) -> bool:
    """The first opening time of a tracked delivery of this territory (later ones change
    nothing). False when the delivery is not one (another territory's, untracked)."""
    return bool(
        _tracked(delivery_id, territory).update(opened_at=Coalesce(F("opened_at"), timezone.now()))
    )


def delivery_clicked(*, delivery_id: int, territory) -> bool:
    """One more click on a tracked delivery of this territory; a click is also an opening
    (images are often blocked)."""
    return bool(
        _tracked(delivery_id, territory).update(
            clicks=F("clicks") + 1, opened_at=Coalesce(F("opened_at"), timezone.now())
        )
    )


def _tracked(delivery_id: int, territory):
    return Delivery.objects.filter(
        pk=delivery_id, newsletter__territory=territory, newsletter__tracking=True
    )
