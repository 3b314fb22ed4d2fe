"""Money: exact decimal amounts always beside their ISO 4217 currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Symbols as they appear in Seller Central and Ads console exports, longest first so "C$" wins over "$".
CURRENCY_SYMBOLS: dict[str, str | None] = {
    "Rs.": "INR", "Rs": "INR", "R$": "BRL", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD",
    "MX$": "MXN", "S$": "SGD", "£": "GBP", "€": "EUR", "₹": "INR", "¥": "JPY", "￥": "JPY",
    "zł": "PLN", "kr": "SEK", "AED": "AED", "SAR": "SAR", "TL": "TRY", "$": None,  # "$" alone is ambiguous
}  # fmt: skip


@dataclass(frozen=True, order=True)
class Money:
    amount: Decimal
    currency: str

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}; convert first")
        return Money(self.amount + other.amount, self.currency)

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"


def currency_of_symbol(symbol: str) -> str | None:
    """The ISO code a symbol stands for, or None when it is unknown or ambiguous."""
    return CURRENCY_SYMBOLS.get(symbol.strip())
