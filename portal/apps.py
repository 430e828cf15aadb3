from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages that read across the apps below: the dashboard, search, the bloc page (with next year's
    rotation), the agency page, a record's history. No models; the top layer."""

    name = "portal"
    verbose_name = "Trang tổng hợp"
