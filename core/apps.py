from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: Vietnamese text and numbers, the model fields for what people type, validation and
    form helpers, the year switcher. No models; imports no other app of the project."""

    name = "core"
    verbose_name = "Nền tảng"
