from django.apps import AppConfig


class PledgesConfig(AppConfig):
    """A bloc's yearly pledge (giao ước thi đua): its criteria and points scale, who signed it, and the score
    sheet."""

    name = "pledges"
    verbose_name = "Giao ước thi đua"
