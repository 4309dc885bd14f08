"""The receiver of django-anymail's tracking signal (bounces, complaints), connected in
``apps.py``: thin, it hands the normalised event to ``services.delivery_provider_event``.

Apart from ``webhooks.py`` (which imports ``anymail.urls`` and every provider's views) so that
connecting it costs nothing when the webhooks are not routed.
"""


def on_tracking(sender, event, esp_name, **kwargs):
    from .services import delivery_provider_event

    delivery_provider_event(
        event_type=str(event.event_type or ""),
        recipient=event.recipient or "",
        message_id=event.message_id,
        metadata=event.metadata,
        esp_name=esp_name,
    )
