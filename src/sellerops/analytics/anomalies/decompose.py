"""Sales = sessions x conversion x average price: which factor a change of sales comes from, as log-ratio shares."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from sellerops.analytics.anomalies.models import FactorShares

# Half a unit (and half a session) added to both periods, so a day with no sales still has a logarithm: the usual
# continuity correction for counts. It moves a share by well under a point once a period has a few dozen units.
CONTINUITY = 0.5


@dataclass(frozen=True)
class Funnel:
    """Totals of one period: sessions, units and sales (in one currency)."""

    sessions: float
    units: float
    sales: float

    def price(self, fallback: float) -> float:
        """Average selling price; with no units sold there is no price to see, so the other period's is used."""
        return self.sales / self.units if self.units > 0 else fallback


@dataclass(frozen=True)
class Factors:
    """Each factor of both periods (after the continuity correction) and the shares of the change."""

    sessions: tuple[float, float]
    conversion: tuple[float, float]
    price: tuple[float, float]
    shares: FactorShares | None


def _share(part: float, whole: float) -> Decimal:
    return Decimal(str(round(part / whole, 4)))


def decompose(before: Funnel, after: Funnel) -> Factors:
    """ln(S1/S0) = ln(T1/T0) + ln(C1/C0) + ln(P1/P0), each term's share of the whole.

    T is sessions + 0.5, C is (units + 0.5) / T, P is sales / units (the other period's price when a period sold
    nothing). The shares are of the corrected totals T x C x P, so they add up to 1; None when those are equal."""
    p0 = before.price(after.price(0.0))
    p1 = after.price(p0)
    t0, t1 = before.sessions + CONTINUITY, after.sessions + CONTINUITY
    c0, c1 = (before.units + CONTINUITY) / t0, (after.units + CONTINUITY) / t1
    parts = (math.log(t1 / t0), math.log(c1 / c0), math.log(p1 / p0) if p0 > 0 and p1 > 0 else 0.0)
    whole = sum(parts)
    shares = None
    if abs(whole) > 1e-12:
        shares = FactorShares(_share(parts[0], whole), _share(parts[1], whole), _share(parts[2], whole))
    return Factors((t0, t1), (c0, c1), (p0, p1), shares)
