"""The seeds' rule: conversion below the category mean for 7 days in a row calls for a look at price, reviews
and ad targeting (`shared/seeds/001`). A standing rule, not a move: a SKU that always converts below its category
is reported every time, and the task layer keeps one open task for it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np

from sellerops.analytics.anomalies.baseline import trailing
from sellerops.analytics.anomalies.causes import dec, pct
from sellerops.analytics.anomalies.detect import product_categories
from sellerops.analytics.anomalies.models import ExplainedMove, MoveEvidence
from sellerops.analytics.anomalies.series import Panel
from sellerops.analytics.anomalies.store import PanelStore

CATEGORY_STREAK = 7


def conversion_below_category(
    tables: Mapping[str, Any],
    *,
    as_of: dt.date,
    days: int = 1,
    min_units_per_day: float = 2.0,
    store: PanelStore | None = None,
) -> list[ExplainedMove]:
    """Streaks of 7 or more days below the category's conversion that reach into as_of-days+1 .. as_of (the
    panels from `store` when one is shared with `detect_moves`)."""
    first_day = as_of - dt.timedelta(days=days - 1)
    start = first_day - dt.timedelta(days=70)
    categories = product_categories(tables)
    first, last = (first_day - start).days, (as_of - start).days
    moves: list[ExplainedMove] = []
    for panel in (store or PanelStore(tables)).panels(start=start, end=as_of).values():
        moves += category_moves(
            panel, categories, first=first, last=last, min_units_per_day=min_units_per_day
        )
    return sorted(moves, key=lambda m: (m.marketplace, m.sku or "", m.start_date))


def category_moves(
    p: Panel, categories: Mapping[str, str], *, first: int, last: int, min_units_per_day: float
) -> list[ExplainedMove]:
    """SKUs whose conversion has been below their category's for 7 days in a row.

    The category is the product master's, else the parent ASIN's children (a parent with one child is compared
    with the marketplace); the category mean is its units over its sessions that day."""
    groups = [
        categories.get(s) or (f"parent:{a}" if a else "marketplace")
        for s, a in zip(p.skus, p.parent_asin, strict=True)
    ]
    sizes = Counter(groups)
    groups = [g if sizes[g] > 1 else "marketplace" for g in groups]
    members: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    sessions, units = np.nan_to_num(p.sessions, nan=0.0), np.nan_to_num(p.units, nan=0.0)
    mean = np.zeros_like(sessions)
    for g, rows in members.items():
        compared = rows if g != "marketplace" else list(range(len(groups)))
        with np.errstate(divide="ignore", invalid="ignore"):
            mean[rows] = units[compared].sum(axis=0) / sessions[compared].sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        own = np.where(sessions > 0, units / sessions, np.nan)
    below = (sessions > 0) & (own < mean)
    usual_own = trailing(own)
    usual_mean = trailing(mean)
    guard = np.nan_to_num(trailing(p.units), nan=0.0) >= min_units_per_day
    day = np.arange(last + 1)
    below = below[:, : last + 1]
    # Days below in a row up to each day: the day minus the last day that was not below.
    streaks = day - np.maximum.accumulate(np.where(below, -1, day), axis=1)
    ends = np.ones_like(below)
    ends[:, :-1] = ~below[:, 1:]  # a streak is reported on its last day (or on `last` if it goes on)
    reported = (streaks >= CATEGORY_STREAK) & ends & guard[:, : last + 1] & (day >= first)
    moves: list[ExplainedMove] = []
    for i, t in zip(*(axis.tolist() for axis in np.nonzero(reported)), strict=True):
        streak = int(streaks[i, t])
        a = t - streak + 1
        span = slice(a, t + 1)
        value = float(units[i, span].sum() / sessions[i, span].sum())
        ref = float(np.nanmean(mean[i, span]))
        evidence = (
            MoveEvidence("days_below_category", streak, CATEGORY_STREAK, "days"),
            MoveEvidence("usual_conversion", pct(float(usual_own[i, t])), pct(float(usual_mean[i, t])), "%"),
        )
        moves.append(ExplainedMove(
            marketplace=p.marketplace, sku=p.skus[i], parent_asin=p.parent_asin[i], campaign=None,
            start_date=p.days[a], end_date=p.days[t], metric="conversion_vs_category", direction="down",
            value=pct(value), baseline=pct(ref), change=dec(value / ref - 1 if ref else 0, 4), shares=None,
            process_node="listing/content", cause="conversion_below_category", evidence=evidence,
            money_at_stake=None, score=dec(streak),
        ))  # fmt: skip
    return moves
