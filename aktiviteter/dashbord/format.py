"""Numbers as Norwegians write them: decimal comma, no needless decimals."""

from __future__ import annotations

from decimal import Decimal


def number(value: Decimal | int | float | None, places: int = 1) -> str:
    if value is None:
        return "–"
    value = Decimal(value).quantize(Decimal(1).scaleb(-places))
    if value == value.to_integral():
        text = f"{int(value):,}".replace(",", "\u00a0")
    else:
        text = f"{value:,.{places}f}".replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "−")
