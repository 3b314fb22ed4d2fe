"""The same daily KPIs and comparisons written the way a pandas script usually does it, for bench/daily_bench.py.

Straightforward on purpose, not tuned: read the rows of the days needed with `SELECT *` into DataFrames, then
groupby / merge, fillna(0) and boolean masks per window. Money is float, as `.df()` hands it over.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from sellerops.analytics.kpi_compare import comparison_spans, comparison_windows

CURRENCY = {"amazon.US": "USD", "amazon.UK": "GBP", "amazon.DE": "EUR"}
MEASURES = [
    "ordered_sales", "units", "orders", "sessions", "page_views", "buy_box_sessions", "buy_box_won_sessions",
    "returned_units", "ad_impressions", "ad_clicks", "ad_spend", "ad_sales",
]  # fmt: skip
RATIOS = {
    "conversion": ("units", "sessions"), "aov": ("ordered_sales", "orders"),
    "buy_box": ("buy_box_won_sessions", "buy_box_sessions"), "return_rate": ("returned_units", "units"),
    "ctr": ("ad_clicks", "ad_impressions"), "cpc": ("ad_spend", "ad_clicks"), "acos": ("ad_spend", "ad_sales"),
    "roas": ("ad_sales", "ad_spend"), "tacos": ("ad_spend", "ordered_sales"),
}  # fmt: skip
METRICS = [
    "ordered_sales", "units", "orders", "sessions", "page_views", "conversion", "aov", "buy_box", "returned_units",
    "return_rate", "ad_impressions", "ad_clicks", "ctr", "cpc", "ad_spend", "ad_sales", "acos", "roas", "tacos",
]  # fmt: skip
CHANGES = {
    "dod_change": ("value", "previous_day"), "wow_change": ("value", "week_ago"), "l7_change": ("l7", "p7"),
    "mtd_change": ("mtd", "lmtd"), "yoy_change": ("value", "year_ago"), "mtd_yoy_change": ("mtd", "mtd_ly"),
}  # fmt: skip


def read_tables(db_path: Path, day: dt.date) -> dict[str, pd.DataFrame]:
    (a, b), (c, d) = comparison_spans(day)
    con = duckdb.connect(str(db_path), read_only=True)

    def read(table: str, column: str) -> pd.DataFrame:
        sql = f"SELECT * FROM {table} WHERE {column} BETWEEN ? AND ? OR {column} BETWEEN ? AND ?"
        return con.execute(sql, [a, b, c, d]).df()

    frames = {
        "sales_traffic": read("sales_traffic", "period_from"),
        "order_line": read("order_line", "purchase_date"),
        "ad_performance": read("ad_performance", "period_from"),
        "return_line": read("return_line", "return_date"),
    }
    con.close()
    return frames


def daily(frames: dict[str, pd.DataFrame], level: str) -> pd.DataFrame:
    st = frames["sales_traffic"]
    st = st[st.period_from == st.period_to].copy()
    st["bb_sessions"] = st.sessions.where(st.buy_box_ratio.notna())
    if level == "sku":
        st["bb_won"] = st.sessions * st.buy_box_ratio
        keys = ["marketplace", "sku", "date"]
    else:
        # sessions belong to the ASIN and repeat on each of its SKU rows
        st = st.groupby(["marketplace", "child_asin", "period_from"], as_index=False).agg(
            sessions=("sessions", "max"), page_views=("page_views", "max"), units_ordered=("units_ordered", "sum"),
            ordered_sales=("ordered_sales", "sum"), buy_box_ratio=("buy_box_ratio", "sum"),
        )  # fmt: skip
        st["buy_box_ratio"] = st.buy_box_ratio.clip(upper=1)
        st["bb_sessions"] = st.sessions
        st["bb_won"] = st.sessions * st.buy_box_ratio
        keys = ["marketplace", "date"]
    traffic_columns = [
        "ordered_sales",
        "units",
        "sessions",
        "page_views",
        "buy_box_sessions",
        "buy_box_won_sessions",
    ]
    renamed = {"period_from": "date", "units_ordered": "units", "bb_sessions": "buy_box_sessions",
               "bb_won": "buy_box_won_sessions"}  # fmt: skip
    traffic = st.rename(columns=renamed).groupby(keys)[traffic_columns].sum()
    ol = frames["order_line"]
    ol = ol[ol.order_status != "Cancelled"].rename(columns={"purchase_date": "date"})
    orders = ol.groupby(keys).order_id.nunique().rename("orders")
    rl = frames["return_line"].rename(columns={"return_date": "date"})
    returns = rl.groupby(keys).quantity.sum().rename("returned_units")
    ad = frames["ad_performance"]
    ad = ad[(ad.period_from == ad.period_to) & (ad.report_type == "advertised_product")]
    ad = ad.rename(columns={"period_from": "date", "advertised_sku": "sku", "impressions": "ad_impressions",
                            "clicks": "ad_clicks", "spend": "ad_spend", "sales": "ad_sales"})  # fmt: skip
    ads = ad.groupby(keys)[["ad_impressions", "ad_clicks", "ad_spend", "ad_sales"]].sum()
    out = traffic.join([orders, returns, ads], how="outer").fillna(0).reset_index()
    out["currency"] = out.marketplace.map(CURRENCY)
    return out


def compare(day_kpis: pd.DataFrame, day: dt.date, level: str) -> pd.DataFrame:
    keys = ["marketplace", "sku", "currency"] if level == "sku" else ["marketplace", "currency"]
    windows = {}
    for w in comparison_windows(day):
        mask = (day_kpis.date >= pd.Timestamp(w.start)) & (day_kpis.date <= pd.Timestamp(w.end))
        windows[w.name] = day_kpis[mask].groupby(keys)[MEASURES].sum()
    entities = pd.concat([w[[]] for w in windows.values()]).index.unique()
    windows = {name: w.reindex(entities, fill_value=0) for name, w in windows.items()}
    frames = []
    for metric in METRICS:
        figures = pd.DataFrame(index=entities)
        for name, sums in windows.items():
            if metric in RATIOS:
                numerator, denominator = RATIOS[metric]
                figures[name] = sums[numerator] / sums[denominator].replace(0, np.nan)
            else:
                figures[name] = sums[metric]
        for change, (current, base) in CHANGES.items():
            figures[change] = (figures[current] - figures[base]) / figures[base].replace(0, np.nan)
        frames.append(figures.reset_index().assign(metric=metric))
    return pd.concat(frames, ignore_index=True)


def pandas_side(db_path: Path, day: dt.date) -> dict[str, pd.DataFrame]:
    frames = read_tables(db_path, day)
    results = {}
    for level in ("marketplace", "sku"):
        day_kpis = daily(frames, level)
        results[f"daily_{level}"] = day_kpis
        results[f"compare_{level}"] = compare(day_kpis, day, level)
    return results
