"""Points as Vietnamese users write them: decimal comma, no trailing zeros (8,5; 40)."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


def points_text(value: Decimal | None) -> str:
    """``Decimal("8.50")`` → ``"8,5"``, ``Decimal("40.00")`` → ``"40"``, None → ``""``."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


@register.filter
def points(value: Decimal | None) -> str:
    return points_text(value)
