from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """What the application tells its users: notifications in the menu's bell and by email (assigned as
    secretary, minutes ready, meeting reopened, decision issued). The apps above call ``services.notify``."""

    name = "notices"
    verbose_name = _("Thông báo")
