"""Small exact helpers the plan steps share: ratios, money rounding, what kind of target a row came from."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sellerops.analytics.ads.models import AdFigure

AUTO_TARGETS = frozenset({"close-match", "loose-match", "substitutes", "complements", "*"})
ASIN = re.compile(r"^b0[0-9a-z]{8}$", re.IGNORECASE)
WHOLE_CURRENCIES = frozenset({"JPY"})  # currencies without minor units


def ratio(
    numerator: Decimal | int | None, denominator: Decimal | int | None, places: str = "0.0001"
) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal(places), ROUND_HALF_UP)


def rounded(amount: Decimal, currency: str) -> Decimal:
    """An amount rounded to what the currency can pay: cents, or whole yen."""
    step = Decimal(1) if currency in WHOLE_CURRENCIES else Decimal("0.01")
    return amount.quantize(step, ROUND_HALF_UP)


def source_kind(targeting: str | None, match_type: str | None) -> str:
    """'exact', 'phrase', 'broad', 'auto' (close-match, substitutes …) or 'product' (an ASIN or category)."""
    match = (match_type or "").upper()
    if match in ("EXACT", "PHRASE", "BROAD"):
        return match.lower()
    if (targeting or "").strip().lower() in AUTO_TARGETS or match == "TARGETING_EXPRESSION_PREDEFINED":
        return "auto"
    return "product"


def is_keyword_term(term: str | None) -> bool:
    """A search a shopper typed (an ASIN 'search term' is a product page, negated as a product target instead)."""
    return bool(term and term.strip()) and not ASIN.match((term or "").strip())


def totals_figures(row: dict[str, Any], currency: str) -> tuple[AdFigure, ...]:
    """The figures every proposal shows: impressions, clicks, spend, sales, orders, CPC, conversion and ACoS."""
    spend, sales, clicks, orders = row.get("spend"), row.get("sales"), row.get("clicks"), row.get("orders")
    return (
        AdFigure("impressions", row.get("impressions")),
        AdFigure("clicks", clicks),
        AdFigure("spend", spend, currency),
        AdFigure("sales", sales, currency),
        AdFigure("orders", orders),
        AdFigure("cpc", ratio(spend, clicks, "0.01"), currency),
        AdFigure("conversion", ratio(orders, clicks), "%"),
        AdFigure("acos", ratio(spend, sales), "%"),
    )
