from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    """Digital signatures on PDF documents (pyHanko): the trust anchors the board configured, the organization's
    certificate the application signs issued documents with, and the checking of the signatures of a PDF. Knows
    nothing of which document a PDF is: records/ tells that."""

    name = "signatures"
    verbose_name = "Chữ ký số"
