"""Numbers as Vietnamese readers write them: a decimal comma, no trailing zeros, "." between thousands in
documents; ratios as percentages ("66,67%"); and numbers as people type them ("8,5", "8.5", "1.234,5")."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction


def number_text(value: Decimal | float | int | None, *, thousands: bool = False) -> str:
    """``Decimal("8.50")`` → ``"8,5"``, ``40.00`` → ``"40"``, None → ``""``; with ``thousands``,
    ``1234.5`` → ``"1.234,5"`` (official documents)."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    sign = "-" if number < 0 else ""
    # Written out in full, then the trailing zeros dropped: exact at any size (normalize() would round to the
    # context's 28 digits, and quantize() refuses a number longer than that).
    whole, _dot, fraction = f"{number.copy_abs():f}".partition(".")  # copy_abs: abs() rounds too
    fraction = fraction.rstrip("0")
    if thousands:
        whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"


def percent_text(ratio: Fraction | Decimal | float | int, *, places: int = 2) -> str:
    """A share as a percentage rounded to ``places`` decimals (half to even), written as ``number_text``
    writes numbers: 1/2 → ``"50%"``, 2/3 → ``"66,67%"``, 6/11 → ``"54,55%"``, 1 → ``"100%"``.

    The web pages, the minutes and the award type form all say a share this way. A float is taken at its exact
    value (0.2 is a hair above 1/5), which rounds to the percentage meant."""
    percent = round(Fraction(ratio) * 100, places)
    return number_text(Decimal(percent.numerator) / Decimal(percent.denominator), thousands=True) + "%"


def typed_number(text: str) -> str:
    """A number as people type it (``"8,5"``, ``"8.5"``, ``" 10 "``, ``"1.234,5"``, ``"1 234,5"``) in the
    form ``Decimal`` reads (``"8.5"``, ``"10"``, ``"1234.5"``): spaces dropped; once a comma is typed it is
    the decimal mark and dots only group thousands, else a dot is the decimal mark."""
    text = (text or "").strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return text


def parse_number(text: str) -> Decimal | None:
    """The number typed (see ``typed_number``), or None when it is none: ``Decimal`` alone would also read
    "NaN" and "Infinity", which no field of these records holds."""
    try:
        number = Decimal(typed_number(text))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
