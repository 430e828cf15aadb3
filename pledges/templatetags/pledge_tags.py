"""Points as Vietnamese users write them: decimal comma, no trailing zeros (8,5; 40)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from core.numbers import number_text

register = template.Library()


@register.filter
def points(value: Decimal | None) -> str:
    """``Decimal("8.50")`` → ``"8,5"``, ``Decimal("40.00")`` → ``"40"``, None → ``""``."""
    return number_text(value)
