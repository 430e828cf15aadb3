from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlocsConfig(AppConfig):
    """Emulation blocs and clusters: their member agencies over the years, the chair and vice-chair of each
    year and its rotation, and the secretaries; who may read and enter a bloc's records."""

    name = "blocs"
    verbose_name = _("Khối, cụm thi đua")
