"""sellerops' demand forecast against seasonal naive and AutoETS on the real UCI Online Retail data, and its speed.

    .venv/bin/python bench/forecast_eval.py [--datasets DIR] [--sample N] [--n-jobs 2] [--skip-speed]

Demand (docs/forecast.md says why): units per StockCode and invoice day from the 541,909 invoice lines, keeping
sales lines of real products (InvoiceNo not starting with "C", Quantity > 0, UnitPrice > 0, StockCode of five
digits and an optional letter — postage, fees, manual adjustments and gift vouchers are not demand) and leaving out
each sale that a later cancellation undoes exactly (same customer, StockCode and quantity: an order keyed by
mistake, like the 80,995 paper birdies of 9 Dec 2011). A day without a line sold nothing.

Backtest: three origins 28 days apart, each forecasting the next 28 days, so the three windows tile the last
12 weeks (2011-09-17 .. 2011-12-09) and every day is scored once. Each method sees only the history up to the
origin. Scored: the StockCodes with at least 56 days since their first sale at the origin (all three methods on
the same set; sellerops forecasts every StockCode in one call, as it would in production).

- snaive: statsforecast SeasonalNaive(season_length=7) on the calendar series (first sale .. origin).
- autoets: statsforecast AutoETS(season_length=7) on the same series.
- sellerops: forecast_demand on the same history, with find_stock_outs' sales gaps (no stock figures exist here)
  and the StockCode's five-digit stem as parent for new variants.

WAPE = Σ|y − ŷ| / Σy over all scored series, origins and days. MASE = the mean over scored (series, origin) of the
window's MAE over the series' in-sample seasonal-naive (season 7) MAE before the origin (series with a zero scale
are left out of MASE, for every method alike). Also printed: bias (Σŷ / Σy), the 28-day-total WAPE (the error of
each series' window total — what a replenishment plan rests on) and sellerops' interval coverage.

Speed: 10,000 series built from the real ones — each StockCode once, then StockCodes drawn at random and shifted
in time by a whole number of weeks (circularly, so weekdays stay aligned) — forecast 56 days ahead through the
full sellerops path (stock-out marks, backtest, selection, intervals); wall and CPU seconds.

The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS, SeasonalNaive

from sellerops.analytics.forecast import find_stock_outs, forecast_demand

HORIZON = 28
ORIGINS = 3
STEP = 28
MIN_HISTORY_DAYS = 56
SPEED_SERIES = 10_000
SPEED_HORIZON = 56
LEVELS = (80, 95)
UCI_FILE = "uci_online_retail/online_retail_2010-12_2011-12.csv.gz"


def default_datasets() -> Path:
    chosen = os.environ.get("SELLEROPS_DATASETS")
    return Path(chosen) if chosen else Path(__file__).resolve().parents[2] / "shared" / "datasets"


def load_demand(path: Path) -> pd.DataFrame:
    """unique_id (StockCode), ds (invoice day), y (units): the demand definition of the module docstring."""
    raw = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": "Int64"})
    raw["StockCode"] = raw["StockCode"].str.upper()
    product = raw["StockCode"].str.fullmatch(r"\d{5}[A-Z]?")
    cancelled = raw["InvoiceNo"].str.startswith("C")
    sales = raw[~cancelled & product & (raw["Quantity"] > 0) & (raw["UnitPrice"] > 0)].copy()
    undo = raw[cancelled & product & (raw["Quantity"] < 0)].assign(Quantity=lambda t: -t["Quantity"])
    key = ["CustomerID", "StockCode", "Quantity"]
    undone = undo.groupby(key, dropna=False).size().rename("cancellations").reset_index()
    sales["InvoiceDate"] = pd.to_datetime(sales["InvoiceDate"])
    sales = sales.sort_values("InvoiceDate")
    # The latest sales of a (customer, StockCode, quantity) are the ones its cancellations undo.
    sales["from_last"] = sales.groupby(key, dropna=False).cumcount(ascending=False)
    sales = sales.merge(undone, on=key, how="left")
    kept = sales[~(sales["from_last"] < sales["cancellations"].fillna(0))]
    print(
        f"demand: {len(raw):,} invoice lines -> {len(sales):,} product sale lines, {len(sales) - len(kept):,} "
        f"undone by a cancellation ({sales['Quantity'].sum() - kept['Quantity'].sum():,} units)"
    )
    daily = (
        kept.assign(ds=kept["InvoiceDate"].dt.normalize())
        .groupby(["StockCode", "ds"], as_index=False)["Quantity"]
        .sum()
        .rename(columns={"StockCode": "unique_id", "Quantity": "y"})
    )
    daily["y"] = daily["y"].astype(float)
    return daily


def calendar_series(history: pd.DataFrame, origin: pd.Timestamp) -> pd.DataFrame:
    """Each series from its first sale to the origin, with the days without sales as zeros."""
    first = history.groupby("unique_id")["ds"].min()
    lengths = ((origin - first).dt.days + 1).to_numpy()
    ids = np.repeat(first.index.to_numpy(), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    ds = np.repeat(first.to_numpy(), lengths) + pd.to_timedelta(offsets, unit="D")
    grid = pd.DataFrame({"unique_id": ids, "ds": ds})
    return grid.merge(history, on=["unique_id", "ds"], how="left").fillna({"y": 0.0})


def seasonal_naive_scale(series: pd.DataFrame) -> pd.Series:
    """Per series, the in-sample mean |y_t − y_(t−7)|."""
    lagged = series.groupby("unique_id")["y"].shift(7)
    return (series["y"] - lagged).abs().groupby(series["unique_id"]).mean()


def parents_of(ids: pd.Index) -> pd.DataFrame:
    return pd.DataFrame({"unique_id": ids, "parent_id": ids.str[:5]})


def evaluate(
    demand: pd.DataFrame, *, sample: int | None, n_jobs: int, sellerops_jobs: int
) -> dict[str, float | int]:
    end = demand["ds"].max()
    origins = [end - pd.Timedelta(days=STEP * k + HORIZON) for k in range(ORIGINS - 1, -1, -1)]
    scored_frames = []
    timings = {"snaive": 0.0, "autoets": 0.0, "sellerops": 0.0}
    for origin in origins:
        history = demand[demand["ds"] <= origin]
        first = history.groupby("unique_id")["ds"].min()
        eligible = first[(origin - first).dt.days + 1 >= MIN_HISTORY_DAYS].index
        if sample:
            eligible = pd.Index(
                np.random.default_rng(0).choice(eligible, min(sample, len(eligible)), replace=False)
            )
        series = calendar_series(history[history["unique_id"].isin(eligible)], origin)
        future = pd.date_range(origin + pd.Timedelta(days=1), periods=HORIZON)
        actual = pd.MultiIndex.from_product([eligible, future], names=["unique_id", "ds"]).to_frame(
            index=False
        )
        actual = actual.merge(demand, on=["unique_id", "ds"], how="left").fillna({"y": 0.0})

        started = time.perf_counter()
        snaive = StatsForecast(models=[SeasonalNaive(season_length=7)], freq="D", n_jobs=n_jobs)
        actual = actual.merge(snaive.forecast(df=series, h=HORIZON), on=["unique_id", "ds"], how="left")
        timings["snaive"] += time.perf_counter() - started

        started = time.perf_counter()
        ets = StatsForecast(models=[AutoETS(season_length=7)], freq="D", n_jobs=n_jobs)
        actual = actual.merge(ets.forecast(df=series, h=HORIZON), on=["unique_id", "ds"], how="left")
        timings["autoets"] += time.perf_counter() - started

        started = time.perf_counter()
        pool = history if not sample else history[history["unique_id"].isin(eligible)]
        stock_outs = find_stock_outs(pool, None)
        parents = parents_of(pd.Index(pool["unique_id"].unique()))
        ours = forecast_demand(
            pool, HORIZON, levels=LEVELS, stock_outs=stock_outs, parents=parents, n_jobs=sellerops_jobs
        )
        timings["sellerops"] += time.perf_counter() - started
        points = ours.points.rename(columns={"mean": "sellerops"})
        actual = actual.merge(points.drop(columns="model"), on=["unique_id", "ds"], how="left")
        # The same without the sales-gap marks: what inferring stock-outs from sales alone changes.
        unmarked = forecast_demand(
            pool, HORIZON, levels=LEVELS, parents=parents, n_jobs=sellerops_jobs
        ).points
        actual = actual.merge(
            unmarked[["unique_id", "ds", "mean"]].rename(columns={"mean": "sellerops_unmarked"}),
            on=["unique_id", "ds"],
            how="left",
        )
        scale = seasonal_naive_scale(series).rename("scale")
        actual = actual.merge(scale, left_on="unique_id", right_index=True, how="left")
        actual["origin"] = origin
        scored_frames.append(actual)
        print(
            f"origin {origin.date()}: {len(eligible):,} series scored of {pool['unique_id'].nunique():,}, "
            f"{int((stock_outs['reason'] == 'sales_gap').sum()):,} sales-gap days marked"
        )
    scored = pd.concat(scored_frames, ignore_index=True)
    scored = scored.rename(columns={"SeasonalNaive": "snaive", "AutoETS": "autoets"})
    methods = ("sellerops", "snaive", "autoets", "sellerops_unmarked")
    missing = {m: int(scored[m].isna().sum()) for m in methods}
    assert not any(missing.values()), f"forecasts missing: {missing}"
    for m in methods:
        scored[m] = scored[m].clip(lower=0.0)  # demand is never negative; AutoETS may dip below zero
    figures: dict[str, float | int] = {}
    total = scored["y"].sum()
    windows = scored.groupby(["unique_id", "origin"])
    for m in methods:
        error = (scored["y"] - scored[m]).abs()
        figures[f"wape_{m}"] = round(float(error.sum() / total), 4)
        mae = error.groupby([scored["unique_id"], scored["origin"]]).mean()
        scale = windows["scale"].first()
        usable = scale > 0
        figures[f"mase_{m}"] = round(float((mae[usable] / scale[usable]).mean()), 4)
        figures[f"bias_{m}"] = round(float(scored[m].sum() / total), 4)
        sums = windows[["y", m]].sum()
        figures[f"wape_28d_total_{m}"] = round(float((sums["y"] - sums[m]).abs().sum() / sums["y"].sum()), 4)
    for m in ("snaive", "autoets"):
        figures[f"wape_vs_{m}"] = round(figures["wape_sellerops"] / figures[f"wape_{m}"], 4)
        figures[f"mase_vs_{m}"] = round(figures["mase_sellerops"] / figures[f"mase_{m}"], 4)
    for level in LEVELS:
        inside = (scored["y"] >= scored[f"lo_{level}"] - 1e-9) & (scored["y"] <= scored[f"hi_{level}"] + 1e-9)
        figures[f"coverage_{level}"] = round(float(inside.mean()), 4)
    figures["series"] = int(scored["unique_id"].nunique())  # scored at one origin at least
    figures["scored_series_origins"] = int(windows.ngroups)
    figures["mase_series_origins"] = int((windows["scale"].first() > 0).sum())
    figures["origins"] = ORIGINS
    for m, seconds in timings.items():
        figures[f"seconds_{m}_all_origins"] = round(seconds, 1)
    return figures


def ten_thousand_series(demand: pd.DataFrame) -> pd.DataFrame:
    """Every real StockCode once, then real StockCodes drawn at random, each shifted by a whole number of weeks."""
    rng = np.random.default_rng(2011)
    ids = demand["unique_id"].unique()
    start, end = demand["ds"].min(), demand["ds"].max()
    span = (end - start).days + 1
    frames = [demand]
    drawn = rng.choice(ids, SPEED_SERIES - len(ids), replace=True)
    by_id = dict(tuple(demand.groupby("unique_id")))
    for k, code in enumerate(drawn):
        copy = by_id[code].copy()
        weeks = int(rng.integers(1, span // 7))
        offset = ((copy["ds"] - start).dt.days + 7 * weeks) % span
        copy["ds"] = start + pd.to_timedelta(offset, unit="D")
        copy["unique_id"] = f"{code}~{k}"
        frames.append(copy)
    return pd.concat(frames, ignore_index=True)


def time_ten_thousand(demand: pd.DataFrame, *, n_jobs: int) -> dict[str, float | int]:
    panel = ten_thousand_series(demand)
    wall = time.perf_counter()
    cpu = time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    stock_outs = find_stock_outs(panel, None)
    parents = parents_of(pd.Index(panel["unique_id"].unique()))
    result = forecast_demand(panel, SPEED_HORIZON, stock_outs=stock_outs, parents=parents, n_jobs=n_jobs)
    seconds = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = (
        time.process_time()
        - cpu
        + (after.ru_utime + after.ru_stime)
        - (children.ru_utime + children.ru_stime)
    )
    series = result.points["unique_id"].nunique()
    print(
        f"speed: {series:,} series x {SPEED_HORIZON} days forecast in {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU "
        f"(n_jobs={n_jobs}); models chosen: {result.accuracy['model'].value_counts().to_dict()}"
    )
    return {"seconds_10k_series": round(seconds, 1), "cpu_seconds_10k_series": round(cpu_seconds, 1),
            "speed_series": int(series)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets", type=Path, default=default_datasets())
    parser.add_argument(
        "--sample", type=int, default=None, help="score a random sample of N series (quick look)"
    )
    parser.add_argument("--n-jobs", type=int, default=2, help="processes for the statsforecast baselines")
    parser.add_argument(
        "--sellerops-n-jobs", type=int, default=1,
        help="processes for sellerops' statsforecast calls (1 measured faster here: its models are cheap)",
    )  # fmt: skip
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    demand = load_demand(args.datasets / UCI_FILE)
    print(
        f"{demand['unique_id'].nunique():,} StockCodes, {demand['ds'].min().date()} .. {demand['ds'].max().date()}"
    )
    figures = evaluate(demand, sample=args.sample, n_jobs=args.n_jobs, sellerops_jobs=args.sellerops_n_jobs)
    if not args.skip_speed:
        figures.update(time_ten_thousand(demand, n_jobs=args.sellerops_n_jobs))
    for key, value in figures.items():
        print(f"  {key}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
