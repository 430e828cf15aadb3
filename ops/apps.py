from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running an installation: backup and restore of the database and the stored files, and the
    demonstration province (``seed_demo``). No models."""

    name = "ops"
    verbose_name = "Vận hành"
