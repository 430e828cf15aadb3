from django.apps import AppConfig


class HistoryConfig(AppConfig):
    """The audit trail: every change to a record people answer for, who made it, when and how, never
    changed nor deleted; and how a record's state reads in it. Below every app that records changes."""

    name = "history"
    verbose_name = "Nhật ký thay đổi"
