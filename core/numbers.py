"""Numbers as Vietnamese readers write them: a decimal comma, no trailing zeros, "." between thousands in
documents; ratios as percentages ("66,67%")."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def number_text(value: Decimal | float | int | None, *, thousands: bool = False) -> str:
    """``Decimal("8.50")`` → ``"8,5"``, ``40.00`` → ``"40"``, None → ``""``; with ``thousands``,
    ``1234.5`` → ``"1.234,5"`` (official documents)."""
    if value is None:
        return ""
    number = (value if isinstance(value, Decimal) else Decimal(str(value))).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))  # normalize() writes 40 as 4E+1
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    if thousands:
        whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"


def percent_text(ratio: Fraction | float) -> str:
    """A share as a percentage with four significant digits: 0.5 → ``"50%"``, 2/3 → ``"66,67%"``."""
    return f"{float(ratio) * 100:.4g}".replace(".", ",") + "%"
