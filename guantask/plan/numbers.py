"""Chinese number multipliers (万, 亿, 万亿), shared by the notice parser and progress figures.

A module of its own so that `record-progress` can use them without importing the parser's plan
classes.
"""

from decimal import Decimal

MULTIPLIERS: dict[str, Decimal] = {
    "万": Decimal(10**4),
    "亿": Decimal(10**8),
    "万亿": Decimal(10**12),
}


def scaled(number: str, multiplier: str | None) -> Decimal:
    """`number` (digits, maybe a decimal point) times its multiplier: ("4.3", "万") → 43000."""
    return Decimal(number) * MULTIPLIERS.get(multiplier or "", Decimal(1))
