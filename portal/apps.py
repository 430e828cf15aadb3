from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages that read across the apps below: the dashboard, search, the bloc page (with next year's
    rotation), the agency page, a record's history, a meeting's news draft, and the public results the board
    chooses to publish (its one model, ``PublicResults``). The top layer."""

    name = "portal"
    verbose_name = "Trang tổng hợp"
