"""A hindsight bound for static order-up-to policies on the replenishment replay (issue #4's acceptance goal).

The goal (docs/replenish.md, "Acceptance"): fill rate ≥ 97% with ≥ 25% less average stock than the seeds' rule of
thumb. This asks whether *any* constant order-up-to level per series could get there on the same replay, if the
levels were chosen knowing how they turn out.

The replay is `replenish_sim`'s own (`replay`, imported, not copied): the same data sets and loaders, the same lead
time per series (6–8 weeks, drawn with the same seed), the same starting stock, arrivals at the start of the day,
lost sales, the same measurement window (day 56 of the replay to the end) and the same rule-of-thumb run as the
reference. The policy replayed is a periodic-review base-stock policy: on the days sellerops would re-plan (every 7
days from the first day of the replay) it orders up to a constant level S, i.e. S − (on hand + on order) when that is
positive. Each series is replayed at a grid of levels S = ⌈k × μ × (L + R)⌉, μ its mean daily demand over the whole
data, L its lead time, R = 7 days, k from 0 (never order) up to 8; all series × levels go through one `replay` call
per block of levels, so the day loop is vectorised over them. For each (series, level) it records units served and
average units on hand (mean over the window's days of the stock at the end of the day, as `replay` measures it).

Choosing the levels in hindsight is a multiple-choice knapsack: one level per series, total served ≥ 97% of total
demand (pooled fill rate), least total average stock. Its LP relaxation is solved exactly by a greedy walk
(Sinha & Zoltners, 1979): keep each series' upper concave hull of (stock, served) — points that no mix of two other
levels beats — then take the hull segments of all series in order of decreasing served per unit of stock (a
series' segments come in its own order because the hull is concave) until the target is reached, the last segment
in part. The relaxation can only be lower than the best real choice of grid levels, so it stays a bound; the
"vertex" figure stops at the first whole segment that reaches the target instead, and is a real hindsight choice
of levels (the true optimum over the grid lies between the two). The same walk, stopped at a stock budget, gives
the most fill reachable for that budget.

Reported per data set, as ratios to the rule of thumb's average units on hand in the same replay: the least stock
for a pooled 97% fill, the least stock for the rule's own fill, and the pooled fill reachable with 0.75 × the rule's
stock, plus a short frontier table.

What the bound covers and what it does not:
* It is optimistic for static policies: each series gets its best constant level knowing its whole future demand.
  If even this needs more than 0.75 × the rule's stock for 97%, no constant order-up-to level per series meets the
  goal on this replay, however it is chosen — forecast, safety-stock formula or tuning.
* It is only a bound over the grid: a level between two grid points could do a little better (--fine halves the
  steps to show how much that moves the figures).
* It does not cover levels that move over time — following the season (UCI demand rises by half from spring to
  November), a trend, or a forecast re-fitted every week, which is what sellerops does. --seasonal replays a second,
  dynamic family for a hint of how much that could give: S_t = ⌈k × μ × (L + R) × s_t⌉ with s_t the whole shop's
  demand over the coming L + R days divided by its mean, known in advance (clairvoyant about the shop's season, not
  about each series' own spikes). It is neither a bound on dynamic policies nor achievable without that foresight.
* Lost sales and the same starting stock as both replayed policies; one order per review, no MOQ, no capacity.

    .venv/bin/python bench/replenish_bound.py                    # both data sets
    .venv/bin/python bench/replenish_bound.py --datasets uci --fine --seasonal

The last line is one JSON object: per data set (prefix uci_ / demo_) inventory_at_97_vs_rule,
inventory_at_rule_fill_vs_rule, fill_at_075_rule, the vertex figure at 97%, the rule's fill rate, and with
--seasonal the same for the seasonal family (prefix uci_seasonal_ …).
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from replenish_sim import (
    REVIEW_DAYS,
    SETTLE_DAYS,
    WARMUP_DAYS,
    Panel,
    RuleOfThumb,
    draw_lead_times,
    load_panel,
    replay,
)

TARGET_FILL = 0.97
BUDGET_VS_RULE = 0.75
LEVELS_PER_BLOCK = 10  # series × levels replayed together: bounds the replay's arrays to a few hundred MB


def level_multiples(fine: bool) -> np.ndarray:
    """k in S = k × μ × (L + R): dense where the trade-off bends (k ≤ 2), sparser above, up to 8."""
    step = 0.5 if fine else 1.0
    return np.concatenate(
        [
            [0.0],
            np.arange(0.1 * step, 2.0 + 1e-9, 0.1 * step),
            np.arange(2.0 + 0.2 * step, 4.0 + 1e-9, 0.2 * step),
            np.arange(4.0 + 0.5 * step, 8.0 + 1e-9, 0.5 * step),
        ]
    )


def seasonal_profile(demand: np.ndarray, lead: np.ndarray) -> np.ndarray:
    """(series, day): the shop's total demand over days t+1..t+L+R (fewer at the end), over its daily mean."""
    total = demand.sum(axis=0)
    cumulative = np.concatenate([[0.0], np.cumsum(total)])
    days = np.arange(len(total))
    ends = np.minimum(days[None, :] + (lead + REVIEW_DAYS)[:, None], len(total) - 1)
    starts = np.minimum(days + 1, len(total) - 1)[None, :]
    ahead: np.ndarray = (cumulative[ends + 1] - cumulative[starts]) / (ends - starts + 1) / total.mean()
    return ahead


class OrderUpTo:
    """Base stock: on each review day, order what lifts on hand + on order to the level (constant or per day)."""

    def __init__(self, levels: np.ndarray, start: int) -> None:
        self.levels, self.start = levels, start
        self.sales = np.zeros(0)
        self.eod = np.zeros(0)

    def decide(
        self, t: int, sales: np.ndarray, on_hand: np.ndarray, on_order: np.ndarray, eod: np.ndarray
    ) -> np.ndarray:
        # `replay` fills these two arrays in place and reports only totals: holding them gives per-row figures.
        self.sales, self.eod = sales, eod
        if (t - self.start) % REVIEW_DAYS:
            return np.zeros(len(on_hand))
        level = self.levels if self.levels.ndim == 1 else self.levels[:, t]
        orders: np.ndarray = np.maximum(level - on_hand - on_order, 0.0)
        return orders


@dataclass
class Curves:
    served: np.ndarray  # (series, levels) units sold in the window
    inventory: np.ndarray  # (series, levels) mean units on hand at the end of the window's days
    demand: float  # units demanded in the window, all series


def replay_levels(
    panel: Panel, lead: np.ndarray, multiples: np.ndarray, profile: np.ndarray | None
) -> Curves:
    n = len(panel.ids)
    start, measure_from = WARMUP_DAYS, WARMUP_DAYS + SETTLE_DAYS
    base = panel.demand.mean(axis=1) * (lead + REVIEW_DAYS)
    served = np.zeros((n, len(multiples)))
    inventory = np.zeros((n, len(multiples)))
    for first in range(0, len(multiples), LEVELS_PER_BLOCK):
        block = multiples[first : first + LEVELS_PER_BLOCK]
        # rows are level-major: row j × n + i is series i at the block's j-th level
        scale = np.repeat(block, n) * np.tile(base, len(block))
        levels = np.ceil(scale if profile is None else scale[:, None] * np.tile(profile, (len(block), 1)))
        stacked = Panel(
            panel.name, panel.ids * len(block), panel.days, np.tile(panel.demand, (len(block), 1)),
            np.tile(panel.value, len(block)), panel.currency, panel.note,
        )  # fmt: skip
        policy = OrderUpTo(levels, start)
        outcome = replay(stacked, np.tile(lead, len(block)), policy, start, measure_from)
        sold = policy.sales[:, measure_from:].sum(axis=1)
        assert abs(sold.sum() - outcome.sold) <= 1e-6 * max(outcome.sold, 1.0)
        columns = slice(first, first + len(block))
        served[:, columns] = sold.reshape(len(block), n).T
        inventory[:, columns] = policy.eod[:, measure_from:].mean(axis=1).reshape(len(block), n).T
    return Curves(served, inventory, float(panel.demand[:, measure_from:].sum()))


def upper_hull(inventory: np.ndarray, served: np.ndarray) -> list[int]:
    """Indices of the concave frontier of (stock, served), from the least stock to the most served."""
    hull: list[int] = []
    for p in np.lexsort((-served, inventory)):
        if hull and served[p] <= served[hull[-1]]:
            continue  # as much stock or more for no more served: never worth choosing
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            # b lies on or below the chord a → p: a mix of a and p beats it
            cross = (inventory[b] - inventory[a]) * (served[p] - served[a]) - (served[b] - served[a]) * (
                inventory[p] - inventory[a]
            )
            if cross < 0:
                break
            hull.pop()
        hull.append(int(p))
    return hull


@dataclass
class Frontier:
    """Least total stock against pooled units served, over all hindsight choices of one level per series."""

    inventory: np.ndarray  # increasing; point 0 is every series at its least-stock level
    served: np.ndarray  # increasing
    demand: float
    top_level: np.ndarray  # (points,) how many series sit at the grid's highest level there

    def inventory_for_fill(self, fill: float) -> float:
        """The relaxation: the last hull segment may be taken in part."""
        target = fill * self.demand
        return float(np.interp(target, self.served, self.inventory)) if target <= self.served[-1] else np.inf

    def vertex_inventory_for_fill(self, fill: float) -> tuple[float, int]:
        """A real choice of grid levels: the first whole segment that reaches the fill, and series at the top."""
        reached = np.flatnonzero(self.served >= fill * self.demand)
        if not len(reached):
            return np.inf, -1
        return float(self.inventory[reached[0]]), int(self.top_level[reached[0]])

    def fill_for_inventory(self, inventory: float) -> float:
        if inventory < self.inventory[0]:
            return np.nan  # below every series' least-stock level
        return float(np.interp(inventory, self.inventory, self.served)) / self.demand


def frontier(curves: Curves) -> Frontier:
    top = curves.served.shape[1] - 1
    start_stock = start_served = 0.0
    segments: list[
        tuple[float, float, float, bool]
    ] = []  # (served per unit of stock, Δstock, Δserved, to top)
    for inventory, served in zip(curves.inventory, curves.served, strict=True):
        hull = upper_hull(inventory, served)
        start_stock += inventory[hull[0]]
        start_served += served[hull[0]]
        for a, b in itertools.pairwise(hull):
            d_stock, d_served = inventory[b] - inventory[a], served[b] - served[a]
            segments.append((d_served / d_stock, d_stock, d_served, b == top))
    segments.sort(key=lambda s: -s[0])
    d_stock = np.array([s[1] for s in segments])
    d_served = np.array([s[2] for s in segments])
    at_top = np.array([s[3] for s in segments], dtype=int)
    return Frontier(
        np.concatenate([[start_stock], start_stock + np.cumsum(d_stock)]),
        np.concatenate([[start_served], start_served + np.cumsum(d_served)]),
        curves.demand,
        np.concatenate([[0], np.cumsum(at_top)]),
    )


def summarise(
    label: str, found: Frontier, rule_units: float, rule_fill: float, grid_top_fill: float
) -> dict[str, Any]:
    at_target = found.inventory_for_fill(TARGET_FILL) / rule_units
    vertex, series_at_top = found.vertex_inventory_for_fill(TARGET_FILL)
    figures = {
        "inventory_at_97_vs_rule": round(at_target, 4),
        "inventory_at_97_vs_rule_vertex": round(vertex / rule_units, 4),
        "inventory_at_rule_fill_vs_rule": round(found.inventory_for_fill(rule_fill) / rule_units, 4),
        "fill_at_075_rule": round(found.fill_for_inventory(BUDGET_VS_RULE * rule_units), 4),
        "fill_at_rule_inventory": round(found.fill_for_inventory(rule_units), 4),
        "series_at_grid_top_at_97": series_at_top,
    }
    print(
        f"  {label}: least stock for pooled {TARGET_FILL:.0%} fill {at_target:.3f} × the rule's "
        f"(a real grid choice: {vertex / rule_units:.3f}, {series_at_top} series at the grid's top level); "
        f"at the rule's {rule_fill:.2%}: {figures['inventory_at_rule_fill_vs_rule']:.3f}; "
        f"with {BUDGET_VS_RULE} × its stock: {figures['fill_at_075_rule']:.2%}; "
        f"with 1.0 ×: {figures['fill_at_rule_inventory']:.2%}"
    )
    fills = (0.80, 0.90, 0.95, 0.97, 0.98, 0.99)
    print("    pooled fill   " + "".join(f"{f:>8.0%}" for f in fills))
    print("    stock vs rule " + "".join(f"{found.inventory_for_fill(f) / rule_units:>8.3f}" for f in fills))
    print(f"    (all series at the grid's top level: pooled fill {grid_top_fill:.2%})")
    return figures


def bound(panel: Panel, multiples: np.ndarray, seasonal: bool) -> dict[str, Any]:
    lead = draw_lead_times(len(panel.ids))
    start, measure_from = WARMUP_DAYS, WARMUP_DAYS + SETTLE_DAYS
    rule = replay(panel, lead, RuleOfThumb(lead), start, measure_from)
    first, last = panel.days[measure_from].date(), panel.days[-1].date()
    print(
        f"\n{panel.name}: {len(panel.ids)} series, scored {first}..{last}; {len(multiples)} levels per series"
    )
    print(f"  rule of thumb: fill {rule.fill_rate:.2%}, {rule.average_units:,.0f} units on hand on average")
    results: dict[str, Any] = {"rule_fill_rate": round(rule.fill_rate, 4), "series": len(panel.ids)}
    families: list[tuple[str, np.ndarray | None]] = [("static levels", None)]
    if seasonal:
        families.append(("seasonal levels", seasonal_profile(panel.demand, lead)))
    for label, profile in families:
        clock = time.process_time()
        curves = replay_levels(panel, lead, multiples, profile)
        top_fill = curves.served[:, -1].sum() / curves.demand
        figures = summarise(label, frontier(curves), rule.average_units, rule.fill_rate, top_fill)
        print(f"    ({time.process_time() - clock:.1f} CPU s)")
        prefix = "" if profile is None else "seasonal_"
        results.update({prefix + key: value for key, value in figures.items()})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default="uci,demo", help="uci, demo or uci,demo")
    parser.add_argument("--fine", action="store_true", help="half the grid's steps (twice the levels)")
    parser.add_argument(
        "--seasonal", action="store_true", help="also replay levels scaled by the known season"
    )
    args = parser.parse_args()
    multiples = level_multiples(args.fine)
    wall, cpu = time.time(), time.process_time()
    flat: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.datasets.split(","):
            panel = load_panel(name, Path(tmp))
            flat.update(
                {f"{name}_{key}": value for key, value in bound(panel, multiples, args.seasonal).items()}
            )
    flat.update(
        {
            "levels_per_series": len(multiples),
            "wall_seconds": round(time.time() - wall, 1),
            "cpu_seconds": round(time.process_time() - cpu, 1),
        }
    )
    print(f"\n{flat['wall_seconds']} s wall, {flat['cpu_seconds']} CPU s")
    print(json.dumps(flat))


if __name__ == "__main__":
    main()
