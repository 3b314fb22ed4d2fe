"""The arithmetic of a periodic-review replenishment policy: safety stock, demand over a lead time, days of
cover and rounding to the supplier's case pack and MOQ. Each function is small enough to check by hand."""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

from sellerops.errors import InputError

TAIL_DAYS = 28  # days past the forecast horizon repeat the mean of its last four weeks
COVER_LIMIT_DAYS = 730  # cover beyond two years is reported as "beyond the horizon"
HISTORY_WINDOW_DAYS = 56  # the trailing mean `history_error` measures the error of: eight weeks
Z_LIMIT = 6.0  # a fill-rate target never asks for more than six standard deviations
MIN_ORIGINS = 28  # fewer origins than four weeks' worth say too little about the error
_EPSILON = 1e-9


def z_score(service_level: float) -> float:
    """The standard normal quantile of the service level: 0.95 → 1.6449."""
    if not 0.5 <= service_level < 1:
        raise InputError(
            f"a service level of {service_level} cannot be planned for; give a probability from 0.5 to 0.999, "
            "e.g. 0.95 for a 95% chance of not running out before the next delivery"
        )
    return NormalDist().inv_cdf(service_level)


def safety_stock(
    *,
    rmse_daily: float,
    protection_days: int,
    mean_daily_demand: float,
    service_level: float,
    lead_time_sd_days: float = 0.0,
    history_error: float | None = None,
    fill_rate: float | None = None,
    cycle_demand: float = 0.0,
) -> int:
    """Units held against forecast error and late deliveries over the protection interval (lead time + review).

    σ = √(max(P·σ_d², σ_H²) + d̄²·σ_L²): the forecast error over P days is the larger of the one-day backtest
    error σ_d summed over P independent days and σ_H, the error the SKU's own history shows over P days (see
    `history_error`: days are not independent, a level that is off stays off); plus the demand of the days a
    delivery may be late. Safety stock = z·σ, in whole units (rounded up), with z = z(service level), or, when a
    `fill_rate` is asked for, the z at which the units expected short per order cycle, σ·G(z), are (1 − fill
    rate) of the cycle's demand (`z_for_fill_rate`)."""
    if protection_days < 0 or rmse_daily < 0 or lead_time_sd_days < 0:
        raise InputError("protection days, forecast error and lead-time spread cannot be negative")
    over_protection = max(protection_days * rmse_daily**2, (history_error or 0.0) ** 2)
    sigma = math.sqrt(over_protection + (mean_daily_demand * lead_time_sd_days) ** 2)
    if sigma <= 0:
        return 0
    if fill_rate is None:
        z = z_score(service_level)
    else:
        z = z_for_fill_rate(fill_rate, cycle_demand=cycle_demand, sigma=sigma)
    return math.ceil(z * sigma - _EPSILON)


def normal_loss(z: float) -> float:
    """G(z) = φ(z) − z·(1 − Φ(z)): the expected units short, in σ, when z·σ is held above the mean."""
    unit = NormalDist()
    return unit.pdf(z) - z * (1 - unit.cdf(z))


def z_for_fill_rate(fill_rate: float, *, cycle_demand: float, sigma: float) -> float:
    """The z of the textbook fill-rate (β) safety stock: σ·G(z) = (1 − β)·(demand per order cycle), at least 0
    (never plan below the forecast) and at most 6. Solved by bisection: G falls as z rises."""
    if not 0.5 <= fill_rate < 1:
        raise InputError(
            f"a fill rate of {fill_rate} cannot be planned for; give a share from 0.5 to 0.999, e.g. 0.97"
        )
    target = (1 - fill_rate) * max(cycle_demand, 0.0) / sigma
    if normal_loss(0.0) <= target:
        return 0.0
    low, high = 0.0, Z_LIMIT
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if normal_loss(middle) > target else (low, middle)
    return high


def history_error(
    history: Sequence[float], days: int, *, window: int = HISTORY_WINDOW_DAYS, min_origins: int = MIN_ORIGINS
) -> float | None:
    """How far the demand of `days` days has strayed from a forecast of it in this SKU's own history: the RMSE,
    with every day of the history as an origin, of (units sold in the next `days` days − `days` × the mean of
    the `window` days before). None when the history gives fewer than `min_origins` origins.

    It measures what a one-day error scaled by √days misses: runs of days above or below the level (a trend, a
    season, a customer who comes back), which make the error over a lead time grow faster than √days."""
    values = [max(float(v), 0.0) for v in history]
    origins = len(values) - window - days + 1
    if days <= 0 or origins < max(min_origins, 1):
        return None
    total = [0.0]
    for v in values:
        total.append(total[-1] + v)
    squares = 0.0
    for start in range(window, window + origins):
        actual = total[start + days] - total[start]
        expected = (total[start] - total[start - window]) / window * days
        squares += (actual - expected) ** 2
    return math.sqrt(squares / origins)


def extended(daily: Sequence[float], days: int) -> list[float]:
    """The first `days` daily means, repeating the mean of the last four weeks past the horizon."""
    values = [max(float(v), 0.0) for v in daily[:days]]
    if len(values) < days:
        tail = list(daily[-TAIL_DAYS:])
        level = max(sum(tail) / len(tail), 0.0) if tail else 0.0
        values += [level] * (days - len(values))
    return values


def demand_over(daily: Sequence[float], days: int, *, start: int = 0) -> float:
    """Forecast units over `days` days beginning `start` days after the plan day (day 1 is the day after)."""
    if days <= 0:
        return 0.0
    return sum(extended(daily, start + days)[start:])


def days_of_cover(daily: Sequence[float], stock: float) -> int | None:
    """Whole days the stock serves the forecast in full; None when it lasts past two years (or nothing sells).
    The stock-out day is the day after: the first day whose demand cannot all be met."""
    total = 0.0
    for day, units in enumerate(extended(daily, COVER_LIMIT_DAYS)):
        total += units
        if total > stock + _EPSILON:
            return day
    return None


def round_order(units: float, *, case_pack: int, moq: int) -> int:
    """Units to order for a shortfall: up to whole cases, then up to the MOQ (itself in whole cases)."""
    if units <= 0:
        return 0
    pack = max(case_pack, 1)
    quantity = math.ceil(units / pack - _EPSILON) * pack
    if quantity < moq:
        quantity = math.ceil(moq / pack - _EPSILON) * pack
    return quantity
