from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    """The interchange format ``emulation-blocs/1`` (shared/spec/INTERCHANGE.md): its schema, the problems a
    document can have, and the export of a province's records (``export_blocs``). No models."""

    name = "interchange"
    verbose_name = "Định dạng trao đổi dữ liệu"
