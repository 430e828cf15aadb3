from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Importing interchange documents: the command (``import_blocs``) and the board's upload, preview and
    confirmation. No models."""

    name = "imports"
    verbose_name = "Nhập dữ liệu"
