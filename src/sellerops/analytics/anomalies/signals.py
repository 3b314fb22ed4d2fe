"""Problems that are not sales moves: ad spend spikes, campaigns out of budget, late-shipment streaks, waves of
defect returns and negative feedback."""

from __future__ import annotations

import numpy as np

from sellerops.analytics.anomalies.baseline import day_factor, robust_spread, trailing, window_sums
from sellerops.analytics.anomalies.causes import dec, pct
from sellerops.analytics.anomalies.models import ExplainedMove, MoveEvidence
from sellerops.analytics.anomalies.runs import runs
from sellerops.analytics.anomalies.series import Campaigns, Panel
from sellerops.core.money import Money

SPIKE_RATIO = 2.0  # spend at least twice its baseline
FULL_BUDGET = 0.9  # a day that spends 90 % of its budget ran out of it
USUAL_BUDGET_USE = 0.7  # ... and is news when the campaign usually spends less than this
LATE_SHARE = 0.5
STREAK_DAYS = 3
SINGLE_DAY_SPIKE_Z = 8.0  # a spend spike of one day only is reported when it is this strong


def _top_sku(campaigns: Campaigns, k: int, panel: Panel | None, a: int) -> tuple[str | None, str | None]:
    """The advertised SKU that sold most in the four weeks before the move: the one the campaign is run for."""
    skus = campaigns.skus[k]
    if panel is None or not skus:
        return (skus[0] if skus else None), None
    rows = {sku: i for i, sku in enumerate(panel.skus)}
    best = max(
        (s for s in skus if s in rows),
        key=lambda s: float(np.nansum(panel.units[rows[s], max(0, a - 35) : max(0, a - 7)])),
        default=None,
    )
    return best, (panel.parent_asin[rows[best]] if best else None)


def _acos(spend: float, sales: float) -> object:
    return pct(spend / sales) if sales > 0 else None


def ad_moves(c: Campaigns, panel: Panel | None, *, first: int, last: int, z: float) -> list[ExplainedMove]:
    moves: list[ExplainedMove] = []
    base = trailing(c.spend)
    eligible = np.nan_to_num(base, nan=0.0) > 0
    expected = base * day_factor(c.spend, base, eligible)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log((c.spend + 1) / (expected + 1))
    tau = np.maximum(np.nan_to_num(robust_spread(ratio), nan=1.0), 0.15)
    spike = eligible & (c.spend >= SPIKE_RATIO * expected) & (ratio / tau >= z)
    with np.errstate(divide="ignore", invalid="ignore"):
        use = np.where(c.budget > 0, c.spend / c.budget, np.nan)
    usual_use = trailing(use)
    full = np.nan_to_num(use, nan=0.0) >= FULL_BUDGET
    for k in range(len(c.names)):
        for a, b in runs(spike[k], spike[k], first=first, last=last):
            strength = float((ratio[k, a : b + 1] / tau[k, a : b + 1]).max())
            if a == b and strength < SINGLE_DAY_SPIKE_Z:
                continue  # one expensive day is noise until it repeats
            moves.append(
                _spike(c, k, a, b, expected, panel, float((ratio[k, a : b + 1] / tau[k, a : b + 1]).max()))
            )
        for a, b in runs(full[k], full[k], first=first, last=last):
            if b - a + 1 >= STREAK_DAYS and np.nan_to_num(usual_use[k, a], nan=1.0) < USUAL_BUDGET_USE:
                moves.append(_budget(c, k, a, b, use, usual_use, panel))
    return moves


def _campaign_move(
    c: Campaigns, k: int, a: int, b: int, panel: Panel | None, **fields: object
) -> ExplainedMove:
    sku, parent = _top_sku(c, k, panel, a)
    return ExplainedMove(
        marketplace=c.marketplace, sku=sku, parent_asin=parent, campaign=c.names[k], start_date=c.days[a],
        end_date=c.days[b], direction="up", shares=None, process_node="traffic/ads", **fields,  # type: ignore[arg-type]
    )  # fmt: skip


def _spike(
    c: Campaigns, k: int, a: int, b: int, expected: np.ndarray, panel: Panel | None, score: float
) -> ExplainedMove:
    span, days = slice(a, b + 1), b + 1 - a
    spend, usual = float(np.nansum(c.spend[k, span])), float(np.nansum(expected[k, span]))
    sales = float(np.nansum(c.sales[k, span]))
    before = slice(max(0, a - 35), max(0, a - 7))
    usual_sales = _daily_mean(c.sales[k, before]) * days
    evidence = (
        MoveEvidence("ad_spend", dec(spend), dec(usual), c.currency),
        MoveEvidence("ad_sales", dec(sales), dec(usual_sales), c.currency),
        MoveEvidence("acos", _acos(spend, sales), _acos(usual, usual_sales), "%"),  # type: ignore[arg-type]
        MoveEvidence("clicks", int(np.nansum(c.clicks[k, span])), None),
    )
    return _campaign_move(
        c, k, a, b, panel, metric="ad_spend", value=dec(spend / days), baseline=dec(usual / days),
        change=dec(spend / usual - 1 if usual else 0, 4), cause="ad_spend_spike", evidence=evidence,
        money_at_stake=Money(dec(spend - usual), c.currency), score=dec(score),
    )  # fmt: skip


def _daily_mean(values: np.ndarray) -> float:
    """The mean over the days the reports cover (0 when they cover none)."""
    known = values[np.isfinite(values)]
    return float(known.mean()) if len(known) else 0.0


def _budget(
    c: Campaigns, k: int, a: int, b: int, use: np.ndarray, usual_use: np.ndarray, panel: Panel | None
) -> ExplainedMove:
    span, days = slice(a, b + 1), b + 1 - a
    spend, sales = float(np.nansum(c.spend[k, span])), float(np.nansum(c.sales[k, span]))
    before = slice(max(0, a - 35), max(0, a - 7))
    usual_spend = _daily_mean(c.spend[k, before]) * days
    budget_now, budget_before = (
        float(np.nanmedian(c.budget[k, span])),
        float(np.nanmedian(c.budget[k, before])),
    )
    # Sales the campaign did not make because it stopped serving: the spend it usually makes but could not,
    # at the return it earns now.
    missed = max(0.0, usual_spend - spend) * (sales / spend if spend > 0 else 0.0)
    now, usual = float(np.nanmean(use[k, span])), float(usual_use[k, a])
    evidence = (
        MoveEvidence("budget_utilisation", pct(now), pct(usual), "%"),
        MoveEvidence("daily_budget", dec(budget_now), dec(budget_before), c.currency),
        MoveEvidence("acos", _acos(spend, sales), None, "%"),  # type: ignore[arg-type]
        MoveEvidence("days_out_of_budget", days, 0, "days"),
    )
    return _campaign_move(
        c, k, a, b, panel, metric="budget_utilisation", value=pct(now), baseline=pct(usual),
        change=dec(now / usual - 1 if usual else 0, 4), cause="out_of_budget", evidence=evidence,
        money_at_stake=Money(dec(missed), c.currency) if missed > 0 else None, score=dec(days),
    )  # fmt: skip


def late_moves(p: Panel, *, first: int, last: int) -> list[ExplainedMove]:
    moves: list[ExplainedMove] = []
    usual = trailing(p.mfn_late / np.maximum(p.mfn_shipped, 1), stat="mean")
    with np.errstate(divide="ignore", invalid="ignore"):
        bad = (p.mfn_late >= 1) & (p.mfn_late >= LATE_SHARE * p.mfn_shipped)
    for i in np.flatnonzero(bad[:, max(0, first - 6) : last + 1].any(axis=1)):
        for a, b in runs(bad[i], bad[i], first=first, last=last, gap=2):
            late, shipped = float(p.mfn_late[i, a : b + 1].sum()), float(p.mfn_shipped[i, a : b + 1].sum())
            base_share = float(np.nan_to_num(usual[i, a], nan=0.0))
            if late < STREAK_DAYS or base_share >= LATE_SHARE / 2:
                continue
            lag_now = float(
                np.average(p.mfn_lag_hours[i, a : b + 1], weights=p.mfn_shipped[i, a : b + 1] + 1e-9)
            )
            before = slice(max(0, a - 35), max(0, a - 7))
            lag_before = (
                float(np.average(p.mfn_lag_hours[i, before], weights=p.mfn_shipped[i, before] + 1e-9))
                if before.stop > before.start
                else 0.0
            )
            share = late / shipped
            evidence = (
                MoveEvidence("late_shipments", int(late), None),
                MoveEvidence("late_shipment_share", pct(share), pct(base_share), "%"),
                MoveEvidence("hours_to_ship", dec(lag_now, 1), dec(lag_before, 1), "hours"),
            )
            moves.append(ExplainedMove(
                marketplace=p.marketplace, sku=p.skus[i], parent_asin=p.parent_asin[i], campaign=None,
                start_date=p.days[a], end_date=p.days[b], metric="late_shipment_share", direction="up",
                value=pct(share), baseline=pct(base_share), change=dec(share / base_share - 1 if base_share else 0, 4),
                shares=None, process_node="account-health", cause="late_shipments", evidence=evidence,
                money_at_stake=None, score=dec(late),
            ))  # fmt: skip
    return moves


def feedback_moves(p: Panel, *, first: int, last: int, z: float) -> list[ExplainedMove]:
    """A week with several times the SKU's usual defect returns and negative feedback."""
    moves: list[ExplainedMove] = []
    complaints = p.defect_returns + p.negative_feedback
    usual = np.nan_to_num(trailing(complaints, window=90, stat="mean"), nan=0.0)
    week, expected = window_sums(complaints, 7), window_sums(usual, 7)
    strength = (week - expected) / np.sqrt(expected + 0.25)
    hit = (week >= 4) & (week >= 3 * expected + 2) & (strength >= z)
    for i in np.flatnonzero(hit[:, first : last + 1].any(axis=1)):
        marked = np.zeros(hit.shape[1], dtype=bool)
        for t in np.flatnonzero(hit[i]):
            marked[max(0, t - 6) : t + 1] |= complaints[i, max(0, t - 6) : t + 1] > 0
        for a, b in runs(marked, hit[i], first=first, last=last, gap=3):
            days = b + 1 - a
            count = float(complaints[i, a : b + 1].sum())
            base = float(usual[i, a]) * days
            evidence = (
                MoveEvidence("defect_returns", int(p.defect_returns[i, a : b + 1].sum()), None),
                MoveEvidence("negative_feedback", int(p.negative_feedback[i, a : b + 1].sum()), None),
            )
            moves.append(ExplainedMove(
                marketplace=p.marketplace, sku=p.skus[i], parent_asin=p.parent_asin[i], campaign=None,
                start_date=p.days[a], end_date=p.days[b], metric="defects_and_negative_feedback", direction="up",
                value=dec(count / days), baseline=dec(base / days), change=dec(count / base - 1 if base else 0, 4),
                shares=None, process_node="reviews/after-sales", cause="negative_feedback", evidence=evidence,
                money_at_stake=None, score=dec(float(strength[i, a : b + 1].max())),
            ))  # fmt: skip
    return moves
