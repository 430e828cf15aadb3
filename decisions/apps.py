from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """Award decisions and the passed proposals they award; the award types' rules as the board changes them
    (a change re-evaluates draft meetings and must keep every awarded proposal passing); the Excel lists."""

    name = "decisions"
    verbose_name = "Quyết định khen thưởng"
