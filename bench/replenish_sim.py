"""Replay real daily demand day by day: sellerops' replenishment plan against the seeds' rule of thumb.

Data sets
* uci — UCI Online Retail (../shared/datasets/uci_online_retail): invoice lines of a UK online wholesaler,
  2010-12-01..2011-12-09. Cancellation lines ("C…" invoices) are dropped together with the line each cancels
  (same customer, stock code and quantity, the latest before it), and so are other negative quantities and codes
  that are not products (POST, DOT, M, BANK CHARGES…: codes not starting with a digit). Daily units per StockCode.
* demo — the demo seller (`sellerops.demo.generate`, seed 7, 15 months, 150 SKUs, US/UK/DE): daily units per SKU and
  marketplace read from its All Orders files (cancelled orders left out), in each marketplace's own days.

Scored series: those that sold on at least half of the days the shop traded (UCI: days with any invoice; demo:
every day), over the whole history. Each gets a lead time of 6–8 weeks (42–56 days, drawn once, seed 2024).

The replay: the first 13 weeks are history only. Both policies then start with the same stock (lead time × the
history's mean daily demand, nothing on order) and run day by day: arrivals at the start of the day, demand served
from stock (what cannot be served is lost, as on Amazon), the policy's order at the end of the day arriving lead
time days later. Figures are measured from day 56 of the replay (after any first order has arrived) to the end.
Each policy sees only what a seller sees: the sales it made (a stock-out day shows the units it could sell).

* rule of thumb (the seeds: "order 6–8 weeks of average sales when cover falls below the lead time"): checked
  daily; cover = (on hand + on order) / mean daily sales of the last 30 days; below the lead time, order 7 weeks
  (49 days) of that mean.
* sellerops: every 7 days, `forecast_demand` on the sales so far (stock-out days found by `find_stock_outs` from
  the replay's own stock and left out) and `plan_replenishment` with the SKU's lead time, single units, no MOQ, at
  the product's default 95% service level; the purchase it proposes is ordered.

Fill rate = units sold / units demanded; stock-out days = SKU-days with demand lost; average inventory = mean over
days of the units (and value: UCI at median selling price, GBP; demo at unit cost, USD) on hand at the end of the
day; turns = units sold per year / average units on hand.

    .venv/bin/python bench/replenish_sim.py                # both data sets
    .venv/bin/python bench/replenish_sim.py --datasets uci --service-level 0.9

The last line is one JSON object: fill_rate, rule_of_thumb_fill_rate, stockout_days, inventory_vs_rule_of_thumb
(all data sets pooled) and the same per data set.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sellerops.analytics.forecast import find_stock_outs, forecast_demand
from sellerops.analytics.replenish import (
    Lane,
    PlanSettings,
    StockPosition,
    SupplyTerms,
    outlooks_from_forecast,
    plan_replenishment,
)

REPO = Path(__file__).resolve().parents[1]
UCI = REPO.parent / "shared" / "datasets" / "uci_online_retail" / "online_retail_2010-12_2011-12.csv.gz"
WARMUP_DAYS = 91
SETTLE_DAYS = 56
LEAD_TIMES = (42, 56)
RULE_ORDER_DAYS = 49
RULE_AVERAGE_DAYS = 30
REVIEW_DAYS = 7
HISTORY_DAYS = 365
MARKET = "sim"


@dataclass
class Panel:
    name: str
    ids: list[str]
    days: pd.DatetimeIndex
    demand: np.ndarray  # (n, d) units
    value: np.ndarray  # (n,) per unit
    currency: str
    note: str


@dataclass
class Outcome:
    demand: float
    sold: float
    stockout_days: int
    average_units: float
    average_value: float
    orders: int

    @property
    def fill_rate(self) -> float:
        return self.sold / self.demand if self.demand else 1.0


# --- data -------------------------------------------------------------------------------------------------------


def load_uci(path: Path) -> Panel:
    lines = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": "Int64"})
    lines["at"] = pd.to_datetime(lines["InvoiceDate"])
    cancelled = lines["InvoiceNo"].str.startswith("C")
    cancels = lines[cancelled & (lines["Quantity"] < 0)]
    sales = lines[~cancelled & (lines["Quantity"] > 0)].copy()
    # A cancellation undoes the customer's latest earlier line of that code and quantity: neither is demand.
    candidates = sales.reset_index().merge(
        cancels.assign(Quantity=-cancels["Quantity"])[["CustomerID", "StockCode", "Quantity", "at"]],
        on=["CustomerID", "StockCode", "Quantity"], suffixes=("", "_cancel"),
    )  # fmt: skip
    candidates = candidates[candidates["at"] <= candidates["at_cancel"]]
    undone = set(
        candidates.sort_values("at")
        .groupby(["CustomerID", "StockCode", "Quantity", "at_cancel"])["index"]
        .last()
    )
    sales = sales.drop(index=list(undone))
    sales = sales[sales["StockCode"].str[0].str.isdigit()]
    sales["ds"] = sales["at"].dt.normalize()
    daily = sales.groupby(["StockCode", "ds"])["Quantity"].sum()
    trading = pd.DatetimeIndex(sorted(sales["ds"].unique()))
    days = pd.date_range(trading[0], trading[-1], freq="D")
    selling = daily.groupby(level=0).size()
    ids = sorted(selling[selling >= len(trading) / 2].index)
    frame = daily.unstack("ds").reindex(index=ids, columns=days).fillna(0.0)
    price = sales.groupby("StockCode")["UnitPrice"].median().reindex(ids).to_numpy()
    note = (
        f"{len(undone):,} cancelled lines and their {len(cancels):,} cancellations dropped; {len(ids)} of "
        f"{sales['StockCode'].nunique():,} product codes sold on at least half of the {len(trading)} trading days"
    )
    return Panel("uci", ids, days, frame.to_numpy(dtype=float), price, "GBP", note)


def load_demo(folder: Path, *, seed: int = 7, months: int = 15, skus: int = 150) -> Panel:
    from python_calamine import CalamineWorkbook

    from sellerops.core.marketplaces import get_marketplace
    from sellerops.demo import generate

    manifest = generate(folder, seed=seed, months=months, sku_count=skus)
    rows = []
    for item in manifest.files:
        if item.family != "all_orders":
            continue
        market = item.path.split("/")[0]
        zone = get_marketplace(market).time_zone
        frame = pd.read_csv(
            folder / item.path, sep="\t", usecols=["purchase-date", "order-status", "sku", "quantity"]
        )
        frame = frame[frame["order-status"] != "Cancelled"]
        local = pd.to_datetime(frame["purchase-date"], utc=True).dt.tz_convert(zone).dt.tz_localize(None)
        rows.append(
            pd.DataFrame(
                {"id": market + "|" + frame["sku"], "ds": local.dt.normalize(), "y": frame["quantity"]}
            )
        )
    sales = pd.concat(rows)
    days = pd.date_range(pd.Timestamp(manifest.start_date), pd.Timestamp(manifest.end_date), freq="D")
    daily = sales.groupby(["id", "ds"])["y"].sum()
    selling = daily.groupby(level=0).size()
    ids = sorted(selling[selling >= len(days) / 2].index)
    frame = daily.unstack("ds").reindex(index=ids, columns=days).fillna(0.0)
    book = CalamineWorkbook.from_path(str(folder / "seller" / "product_master" / "product-master.xlsx"))
    products = book.get_sheet_by_name("Products").to_python()
    cost = {str(r[0]): float(r[7]) for r in products[1:]}
    value = np.array([cost[i.split("|", 1)[1]] for i in ids])
    note = (
        f"{len(ids)} of {len(selling)} SKU × marketplace series sold on at least half of the {len(days)} days"
    )
    return Panel("demo", ids, days, frame.to_numpy(dtype=float), value, "USD", note)


# --- policies ---------------------------------------------------------------------------------------------------


class RuleOfThumb:
    name = "rule of thumb"

    def __init__(self, lead: np.ndarray) -> None:
        self.lead = lead

    def decide(
        self, t: int, sales: np.ndarray, on_hand: np.ndarray, on_order: np.ndarray, eod: np.ndarray
    ) -> np.ndarray:
        mean = sales[:, t - RULE_AVERAGE_DAYS + 1 : t + 1].mean(axis=1)
        low = (mean > 0) & (on_hand + on_order < self.lead * mean)
        return np.where(low, np.ceil(RULE_ORDER_DAYS * mean), 0.0)


Forecaster = Callable[[pd.DataFrame, int, pd.DataFrame | None], tuple[pd.DataFrame, pd.DataFrame]]


def sellerops_forecaster(
    history: pd.DataFrame, horizon: int, stock_outs: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    found = forecast_demand(history, horizon, stock_outs=stock_outs)
    return found.points, found.accuracy


def moving_mean_forecaster(
    history: pd.DataFrame, horizon: int, stock_outs: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The baseline: each SKU's mean of the last 8 weeks, with the spread of those days as its error."""
    last = history["ds"].max()
    recent = history[history["ds"] > last - pd.Timedelta(days=56)]
    stats = recent.groupby("unique_id")["y"].agg(
        lambda y: (y.sum() / 56, math.sqrt(((y - y.sum() / 56) ** 2).sum() / 56))
    )
    days = pd.date_range(last + pd.Timedelta(days=1), periods=horizon, freq="D")
    points = pd.DataFrame(
        [(uid, day, m) for uid, (m, _) in stats.items() for day in days], columns=["unique_id", "ds", "mean"]
    )
    accuracy = pd.DataFrame([(uid, s) for uid, (_, s) in stats.items()], columns=["unique_id", "rmse_daily"])
    return points, accuracy


class Sellerops:
    name = "sellerops"

    def __init__(
        self,
        panel: Panel,
        lead: np.ndarray,
        start: int,
        forecaster: Forecaster,
        service_level: float,
        use_history: bool = True,
        fill_rate: float | None = None,
    ) -> None:
        self.use_history = use_history  # measure the lead-time error on the SKU's own history too
        self.panel, self.lead, self.start, self.forecaster = panel, lead, start, forecaster
        self.settings = PlanSettings(
            service_level=service_level, review_days=REVIEW_DAYS, fill_rate=fill_rate
        )
        self.terms = [SupplyTerms(i, int(lead[k])) for k, i in enumerate(panel.ids)]
        self.lanes = [Lane(MARKET, "local_to_fba", "sea", 0)]
        self.horizon = int(lead.max()) + REVIEW_DAYS + 28
        self.keys = {i: (i, MARKET) for i in panel.ids}
        self.index = {i: k for k, i in enumerate(panel.ids)}
        self.seconds = 0.0

    def decide(
        self, t: int, sales: np.ndarray, on_hand: np.ndarray, on_order: np.ndarray, eod: np.ndarray
    ) -> np.ndarray:
        orders = np.zeros(len(self.panel.ids))
        if (t - self.start) % REVIEW_DAYS:
            return orders
        clock = time.process_time()
        first = max(0, t - HISTORY_DAYS + 1)
        days = self.panel.days[first : t + 1]
        history = _long(self.panel.ids, days, sales[:, first : t + 1], keep_last=True)
        stock_outs = None
        if t > self.start:
            stock = _long(
                self.panel.ids, self.panel.days[self.start : t + 1], eod[:, self.start : t + 1], every=True
            )
            found = find_stock_outs(history, stock.rename(columns={"y": "fulfillable"}))
            stock_outs = found[["unique_id", "ds"]] if len(found) else None
        points, accuracy = self.forecaster(history, self.horizon, stock_outs)
        as_of = days[-1].date()
        past = history if self.use_history else None
        outlooks = outlooks_from_forecast(points, accuracy, as_of=as_of, keys=self.keys, history=past)
        positions = [
            StockPosition(i, MARKET, fba_fulfillable=int(on_hand[k]), inbound_shipped=int(on_order[k]))
            for k, i in enumerate(self.panel.ids)
        ]
        plan = plan_replenishment(
            outlooks, positions, [], self.terms, self.lanes, as_of=as_of, settings=self.settings
        )
        for purchase in plan.purchases:
            orders[self.index[purchase.sku]] = purchase.quantity
        self.seconds += time.process_time() - clock
        return orders


def _long(
    ids: list[str],
    days: pd.DatetimeIndex,
    values: np.ndarray,
    *,
    keep_last: bool = False,
    every: bool = False,
) -> pd.DataFrame:
    """A (series × day) matrix as long rows: every cell, or the non-zero ones plus each series' last day."""
    rows, cols = (np.indices(values.shape).reshape(2, -1)) if every else np.nonzero(values)
    if keep_last:
        rows = np.concatenate([rows, np.arange(len(ids))])
        cols = np.concatenate([cols, np.full(len(ids), len(days) - 1)])
    frame = pd.DataFrame(
        {"unique_id": np.array(ids, dtype=object)[rows], "ds": days[cols], "y": values[rows, cols]}
    )
    return frame.drop_duplicates(["unique_id", "ds"]).sort_values(["unique_id", "ds"], ignore_index=True)


# --- the replay -------------------------------------------------------------------------------------------------


def replay(panel: Panel, lead: np.ndarray, policy: Any, start: int, measure_from: int) -> Outcome:
    n, d = panel.demand.shape
    demand = panel.demand
    on_hand = np.ceil(demand[:, :start].mean(axis=1) * lead)
    arrivals = np.zeros((n, d + int(lead.max()) + 1))
    sales = demand.copy()  # before the replay, sales are the real history
    eod = np.zeros((n, d))
    orders = 0
    for t in range(start, d):
        on_hand += arrivals[:, t]
        sold = np.minimum(on_hand, demand[:, t])
        on_hand -= sold
        sales[:, t] = sold
        eod[:, t] = on_hand
        on_order = arrivals[:, t + 1 :].sum(axis=1)
        placed = policy.decide(t, sales, on_hand, on_order, eod)
        for k in np.flatnonzero(placed > 0):
            arrivals[k, t + int(lead[k])] += placed[k]
            orders += 1
    window = slice(measure_from, d)
    lost = demand[:, window] - sales[:, window]
    held = eod[:, window]
    return Outcome(
        demand=float(demand[:, window].sum()), sold=float(sales[:, window].sum()),
        stockout_days=int((lost > 1e-9).sum()), average_units=float(held.sum(axis=0).mean()),
        average_value=float((held * panel.value[:, None]).sum(axis=0).mean()), orders=orders,
    )  # fmt: skip


def draw_lead_times(count: int) -> np.ndarray:
    """One lead time per series, 6-8 weeks, the same every run (seed 2024)."""
    return np.random.default_rng(2024).integers(LEAD_TIMES[0], LEAD_TIMES[1] + 1, size=count)


def load_panel(name: str, tmp: Path) -> Panel:
    """The data set by name: uci (../shared/datasets) or demo (generated under `tmp`)."""
    if name == "uci":
        if not UCI.exists():
            sys.exit(f"the UCI data is not at {UCI}")
        return load_uci(UCI)
    if name == "demo":
        return load_demo(tmp / "demo")
    sys.exit(f"unknown data set {name!r}: use uci or demo")


def run(
    panel: Panel, forecaster: Forecaster, service_level: float, fill_rate: float | None
) -> dict[str, Any]:
    lead = draw_lead_times(len(panel.ids))
    start, measure_from = WARMUP_DAYS, WARMUP_DAYS + SETTLE_DAYS
    rule = replay(panel, lead, RuleOfThumb(lead), start, measure_from)
    ours_policy = Sellerops(panel, lead, start, forecaster, service_level, fill_rate=fill_rate)
    ours = replay(panel, lead, ours_policy, start, measure_from)
    years = (len(panel.days) - measure_from) / 365
    first, last = panel.days[measure_from].date(), panel.days[-1].date()
    print(
        f"\n{panel.name}: {len(panel.ids)} series, scored {first}..{last} ({len(panel.days) - measure_from} days); {panel.note}"
    )
    print(
        f"  {'policy':<15}{'fill rate':>10}{'stock-out days':>16}{'avg units':>12}{'avg value':>16}{'turns/yr':>10}{'orders':>8}"
    )
    for name, o in (("rule of thumb", rule), ("sellerops", ours)):
        turns = o.sold / years / o.average_units if o.average_units else 0.0
        print(
            f"  {name:<15}{o.fill_rate:>10.2%}{o.stockout_days:>16,}{o.average_units:>12,.0f}"
            f"{o.average_value:>12,.0f} {panel.currency}{turns:>10.1f}{o.orders:>8,}"
        )
    ratio = ours.average_units / rule.average_units
    print(
        f"  sellerops holds {1 - ratio:.1%} less stock (units; {1 - ours.average_value / rule.average_value:.1%} by value); "
        f"planning took {ours_policy.seconds:.1f} CPU s"
    )
    return {
        "fill_rate": round(ours.fill_rate, 4),
        "rule_of_thumb_fill_rate": round(rule.fill_rate, 4),
        "stockout_days": ours.stockout_days,
        "rule_of_thumb_stockout_days": rule.stockout_days,
        "inventory_vs_rule_of_thumb": round(ratio, 4),
        "inventory_value_vs_rule_of_thumb": round(ours.average_value / rule.average_value, 4),
        "series": len(panel.ids),
        "_outcomes": (rule, ours),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default="uci,demo", help="uci, demo or uci,demo")
    parser.add_argument(
        "--service-level", type=float, default=0.95, help="cycle service level, without --fill-rate"
    )
    parser.add_argument(
        "--fill-rate", type=float, default=None, help="plan safety stock for this fill rate instead"
    )
    parser.add_argument("--forecaster", choices=("sellerops", "moving_mean"), default="sellerops")
    args = parser.parse_args()
    forecaster = sellerops_forecaster if args.forecaster == "sellerops" else moving_mean_forecaster
    wall, cpu = time.time(), time.process_time()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.datasets.split(","):
            results[name] = run(load_panel(name, Path(tmp)), forecaster, args.service_level, args.fill_rate)
    outcomes = [r.pop("_outcomes") for r in results.values()]
    rule = [o[0] for o in outcomes]
    ours = [o[1] for o in outcomes]
    overall = {
        "fill_rate": round(sum(o.sold for o in ours) / sum(o.demand for o in ours), 4),
        "rule_of_thumb_fill_rate": round(sum(o.sold for o in rule) / sum(o.demand for o in rule), 4),
        "stockout_days": sum(o.stockout_days for o in ours),
        "rule_of_thumb_stockout_days": sum(o.stockout_days for o in rule),
        # each data set's ratio weighs the same: their units are not comparable (wholesale vs retail)
        "inventory_vs_rule_of_thumb": round(
            float(np.mean([r["inventory_vs_rule_of_thumb"] for r in results.values()])), 4
        ),
    }
    seconds = {
        "wall_seconds": round(time.time() - wall, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
    }
    print(
        f"\nall data sets: fill {overall['fill_rate']:.2%} vs {overall['rule_of_thumb_fill_rate']:.2%}; "
        f"inventory {overall['inventory_vs_rule_of_thumb']:.3f} of the rule of thumb's; "
        f"{seconds['wall_seconds']} s wall, {seconds['cpu_seconds']} CPU s"
    )
    settings = {
        "service_level": args.service_level,
        "fill_rate_target": args.fill_rate,
        "review_days": REVIEW_DAYS,
        "forecaster": args.forecaster,
        "lead_time_days": list(LEAD_TIMES),
        "rule_order_days": RULE_ORDER_DAYS,
    }
    print(json.dumps({**overall, "datasets": results, "settings": settings, **seconds}))


if __name__ == "__main__":
    main()
