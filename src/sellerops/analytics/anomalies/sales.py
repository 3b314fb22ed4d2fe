"""Sales moves of one marketplace's SKUs against their robust baselines, decomposed and explained."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sellerops.analytics.anomalies.baseline import (
    LAG,
    day_factor,
    robust_spread,
    trailing,
    weekly_level,
    window_sums,
)
from sellerops.analytics.anomalies.causes import PROMOTED_SHARE, dec, explain_sales_move, pct
from sellerops.analytics.anomalies.decompose import Funnel, decompose
from sellerops.analytics.anomalies.models import ExplainedMove, KnownEvent, MoveEvidence
from sellerops.analytics.anomalies.runs import mark_windows, runs
from sellerops.analytics.anomalies.series import Campaigns, Panel
from sellerops.core.money import Money

WINDOWS = (1, 3, 7, 14)  # a move is judged on one day, and on the sums of the last 3, 7 and 14 days
PRICE_DRIVER = 0.08  # a price this much above its usual level is a visible cause for fewer sales
BUY_BOX_DRIVER = 0.15  # so is a buy-box share 15 points under its baseline
PRICE_RISE_DAYS = 3  # a price held up this long is a decision, not a glitch
CONVERSION_FALL = 0.15  # ... and is reported when conversion fell this much with it
PRICE_HELD = 0.10  # a price this much above its usual level is reported even when conversion held
MIN_PRICE_TAU = 0.02  # a price's day-to-day wobble (rounding, currency) is never taken below 2 %
USUAL_PRICE_WINDOW = 84
MIN_TAU = 0.1  # day-to-day noise beyond Poisson is never taken below 10 %


@dataclass(frozen=True)
class Thresholds:
    min_units_per_day: float
    min_change: float
    z: float
    z_with_cause: float  # for a drop whose cause shows the same days (price up, buy box down, no stock)
    z_rise_unexplained: float  # for a rise with no promotion, price cut or event the same days


@dataclass
class Expected:
    """Each SKU-day's expected sessions and units, the baseline price and the noise beyond Poisson."""

    sessions: np.ndarray
    units: np.ndarray
    price: np.ndarray
    usual_price: np.ndarray
    tau2: np.ndarray
    eligible: np.ndarray
    visible_cause: np.ndarray
    visible_rise: np.ndarray
    daily_price: np.ndarray


def expect(p: Panel, *, min_units_per_day: float) -> Expected:
    base_sessions, base_units = weekly_level(p.sessions), weekly_level(p.units)
    eligible = np.nan_to_num(base_units, nan=0.0) >= min_units_per_day
    sessions = base_sessions * day_factor(p.sessions, base_sessions, eligible)[None, :]
    units = base_units * day_factor(p.units, base_units, eligible)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        daily_price = np.where(p.units > 0, p.sales / p.units, np.nan)
        residual = np.log((p.units + 0.5) / (units + 0.5))
    spread = robust_spread(residual)
    tau2 = np.maximum(
        np.nan_to_num(spread, nan=1.0) ** 2 - 1 / (np.nan_to_num(units, nan=0.0) + 0.5), MIN_TAU**2
    )
    usual = trailing(daily_price, window=USUAL_PRICE_WINDOW, lag=LAG)
    with np.errstate(invalid="ignore"):
        visible = (
            (daily_price >= usual * (1 + PRICE_DRIVER))
            | (p.buy_box <= trailing(p.buy_box) - BUY_BOX_DRIVER)
            | (p.fulfillable <= 0)
            | p.listing_inactive
        )
        promoted = p.promo_lines >= PROMOTED_SHARE * np.maximum(p.order_lines, 1)
        rise = (daily_price <= usual * (1 - PRICE_DRIVER)) | (promoted & (p.promo_lines > 0))
    return Expected(sessions, units, trailing(daily_price), usual, tau2, eligible, visible, rise, daily_price)


def deviance_z(actual: np.ndarray, wanted: np.ndarray, tau2: np.ndarray, k: int) -> np.ndarray:
    """Signed square root of the Poisson deviance of `actual` against `wanted`, over the quasi-Poisson dispersion
    1 + tau^2 x wanted / k (the SKU's own day-to-day wobble): a z-score that stays honest at a few units a day,
    where a normal approximation would call a day without sales a 4-sigma event."""
    e = np.maximum(wanted, 1e-9)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(actual > 0, actual * np.log(actual / e), 0.0)
    deviance = np.maximum(2 * (term - (actual - e)), 0.0)
    z: np.ndarray = np.sign(actual - e) * np.sqrt(deviance / (1 + tau2 * e / k))
    return z


def sales_moves(
    p: Panel,
    *,
    first: int,
    last: int,
    limits: Thresholds,
    campaigns: Campaigns | None,
    events: Sequence[KnownEvent],
) -> list[ExplainedMove]:
    e = expect(p, min_units_per_day=limits.min_units_per_day)
    for event in events:
        for row, sku in enumerate(p.skus):
            if event.covers(p.marketplace, sku, p.days[0], p.days[-1]):
                lo, hi = max(0, p.index(event.start_date)), min(len(p.days) - 1, p.index(event.end_date))
                e.visible_rise[row, lo : hi + 1] = True
    units = np.nan_to_num(p.units, nan=0.0)
    expected = np.nan_to_num(e.units, nan=0.0)
    daily = np.log((units + 0.5) / (expected + 0.5))
    moves: list[ExplainedMove] = []
    for sign, direction in ((-1, "down"), (1, "up")):
        marked = np.zeros(p.units.shape, dtype=bool)
        flagged = np.zeros(p.units.shape, dtype=bool)
        score = np.zeros(p.units.shape)
        for k in WINDOWS:
            actual, wanted = window_sums(units, k), window_sums(expected, k)
            ratio = np.log((actual + 0.5) / (wanted + 0.5))
            z = deviance_z(actual, wanted, e.tau2, k)
            change = np.expm1(ratio)
            big = change >= limits.min_change if sign > 0 else change <= -limits.min_change
            # A move whose cause shows on most of its days needs less evidence than one out of nowhere.
            if sign < 0:
                seen = window_sums(e.visible_cause.astype(float), k) * 2 >= k
                needed = np.where(seen, limits.z_with_cause, limits.z)
            else:
                seen = window_sums(e.visible_rise.astype(float), k) * 2 >= k
                needed = np.where(seen, limits.z, limits.z_rise_unexplained)
            hit = (sign * z >= needed) & big & e.eligible & np.isfinite(p.units)
            flagged |= hit
            score = np.where(hit, np.maximum(score, sign * z), score)
            for i in np.flatnonzero(hit.any(axis=1)):
                marked[i] |= mark_windows(hit[i], sign * daily[i] > 0, k)
        for i in np.flatnonzero(flagged[:, first : last + 1].any(axis=1)):
            for a, b in runs(marked[i], flagged[i], first=first, last=last):
                move = _move(
                    p, int(i), a, b, direction, e, float(score[i, a : b + 1].max()), campaigns, events
                )
                if abs(move.change) >= limits.min_change:  # units moved; sales must have too
                    moves.append(move)
    return moves + _price_rises(p, e, first=first, last=last, campaigns=campaigns, events=events)


def _price_rises(
    p: Panel, e: Expected, *, first: int, last: int, campaigns: Campaigns | None, events: Sequence[KnownEvent]
) -> list[ExplainedMove]:
    """Prices held above their usual level for 3 days or more. With conversion 15 % down it is a sales move: the
    price is a clean signal, so the fall in units need not be significant on its own (a 20 % rise at 4 units a
    day rarely is). With conversion held, a rise of 10 % or more is still reported as a price move: a repricer or a
    flat-file upload raises prices by mistake too, and if the rise was meant, the evidence shows it paying."""
    moves = []
    with np.errstate(invalid="ignore"):
        raised = (e.daily_price >= e.usual_price * (1 + PRICE_DRIVER)) & e.eligible
    for i in np.flatnonzero(raised[:, first : last + 1].any(axis=1)):
        for a, b in runs(raised[i], raised[i], first=first, last=last):
            if b - a + 1 < PRICE_RISE_DAYS:
                continue
            span = slice(a, b + 1)
            now = np.nansum(p.units[i, span]) / max(np.nansum(p.sessions[i, span]), 1)
            usual = np.nansum(e.units[i, span]) / max(np.nansum(e.sessions[i, span]), 1)
            if usual <= 0:
                continue
            if now > usual * (1 - CONVERSION_FALL):
                held = _price_held(p, e, int(i), a, b)
                if held is not None:
                    moves.append(held)
                continue
            actual, wanted = np.nansum(p.units[i, span]), np.nansum(e.units[i, span])
            z = float(-deviance_z(np.array([actual]), np.array([wanted]), e.tau2[i, a : a + 1], b + 1 - a)[0])
            sales_now, sales_before = np.nansum(p.sales[i, span]), wanted * e.price[i, a]
            direction = "down" if sales_now <= sales_before else "up"
            # The problem is the conversion the price cost, whichever way sales went: judged as a fall.
            moves.append(_move(p, int(i), a, b, direction, e, z, campaigns, events, judged_as="down"))
    return moves


def _price_held(p: Panel, e: Expected, i: int, a: int, b: int) -> ExplainedMove | None:
    """The price itself as the move: its average over a..b against the usual price, scored against the price's own
    day-to-day wobble before the move; None under a 10 % rise."""
    span = slice(a, b + 1)
    units, sales = float(np.nansum(p.units[i, span])), float(np.nansum(p.sales[i, span]))
    usual = float(e.usual_price[i, a])
    if units <= 0 or not usual > 0 or sales / units < usual * (1 + PRICE_HELD):
        return None
    price = sales / units
    history = np.log(e.daily_price[i, max(0, a - LAG - USUAL_PRICE_WINDOW) : max(0, a - LAG)])
    history = history[np.isfinite(history)]
    wobble = float(np.median(np.abs(history - np.median(history)))) * 1.4826 if history.size else 0.0
    days = b + 1 - a
    expected_units = float(np.nansum(e.units[i, span]))
    sessions, expected_sessions = float(np.nansum(p.sessions[i, span])), float(np.nansum(e.sessions[i, span]))
    return ExplainedMove(
        marketplace=p.marketplace, sku=p.skus[i], parent_asin=p.parent_asin[i], campaign=None,
        start_date=p.days[a], end_date=p.days[b], metric="average_price", direction="up",
        value=dec(price), baseline=dec(usual), change=dec(price / usual - 1, 4), shares=None,
        process_node="price/promotion", cause="price_above_usual",
        evidence=(
            MoveEvidence("average_price", dec(price), dec(usual), p.currency),
            MoveEvidence("sales_per_day", dec(sales / days), dec(expected_units * usual / days), p.currency),
            MoveEvidence("sessions_per_day", dec(sessions / days, 1), dec(expected_sessions / days, 1)),
            MoveEvidence("units_per_day", dec(units / days, 1), dec(expected_units / days, 1)),
            MoveEvidence(
                "conversion", pct(units / sessions if sessions else 0.0),
                pct(expected_units / expected_sessions if expected_sessions else 0.0), "%",
            ),
        ),
        money_at_stake=None, score=dec(np.log(price / usual) / max(wobble, MIN_PRICE_TAU)),
    )  # fmt: skip


def _move(
    p: Panel,
    i: int,
    a: int,
    b: int,
    direction: str,
    e: Expected,
    score: float,
    campaigns: Campaigns | None,
    events: Sequence[KnownEvent],
    judged_as: str | None = None,
) -> ExplainedMove:
    span = slice(a, b + 1)
    price0 = e.price[i, a] if np.isfinite(e.price[i, a]) else 0.0
    before = Funnel(
        float(np.nansum(e.sessions[i, span])),
        float(np.nansum(e.units[i, span])),
        float(np.nansum(e.units[i, span])) * price0,
    )
    after = Funnel(
        float(np.nansum(p.sessions[i, span])),
        float(np.nansum(p.units[i, span])),
        float(np.nansum(p.sales[i, span])),
    )
    factors = decompose(before, after)
    cause = explain_sales_move(
        p, i, a, b, direction=judged_as or direction, factors=factors, usual_price=float(e.usual_price[i, a]),
        campaigns=campaigns, events=events,
    )  # fmt: skip
    days = b + 1 - a
    value, baseline = after.sales / days, before.sales / days
    change = value / baseline - 1 if baseline > 0 else 0.0
    funnel = (
        MoveEvidence("sessions_per_day", dec(after.sessions / days, 1), dec(before.sessions / days, 1)),
        MoveEvidence("units_per_day", dec(after.units / days, 1), dec(before.units / days, 1)),
        MoveEvidence("conversion", pct(_rate(after)), pct(_rate(before)), "%"),
    )
    lost = (baseline - value) * days
    money = Money(dec(lost), p.currency) if direction == "down" and lost > 0 else None
    return ExplainedMove(
        marketplace=p.marketplace, sku=p.skus[i], parent_asin=p.parent_asin[i], campaign=None,
        start_date=p.days[a], end_date=p.days[b], metric="ordered_sales", direction=direction,  # type: ignore[arg-type]
        value=dec(value), baseline=dec(baseline), change=dec(change, 4), shares=factors.shares,
        process_node=cause.node, cause=cause.key, evidence=(*cause.evidence, *funnel), money_at_stake=money,
        score=dec(score), known_event=cause.known_event,
    )  # fmt: skip


def _rate(funnel: Funnel) -> float:
    return funnel.units / funnel.sessions if funnel.sessions > 0 else 0.0
