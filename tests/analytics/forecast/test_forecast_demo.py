"""Stock-out detection and the forecast on the demo seller, whose injected stock-outs are known."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
import pytest

from sellerops.analytics.forecast import DemandForecast, find_stock_outs, forecast_demand
from sellerops.core.marketplaces import get_marketplace
from sellerops.core.periods import Period
from sellerops.demo import DemoManifest, generate
from sellerops.demo.manifest import Anomaly
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import open_warehouse

pytestmark = pytest.mark.slow  # a demo seller is generated and imported (about 10 s)


@dataclass(frozen=True)
class DemoTables:
    sales: pd.DataFrame  # unique_id, ds, y
    stock: pd.DataFrame  # unique_id, ds, fulfillable
    stock_outs: list[Anomaly]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoTables:
    """A small US demo seller; only the reports this test reads (orders, FBA inventory) go through the import."""
    root = tmp_path_factory.mktemp("forecast-demo")
    manifest = generate(root / "files", seed=11, months=3, sku_count=30, marketplaces=("amazon.US",))
    with open_warehouse(root / "sellerops.duckdb") as warehouse:
        for item in manifest.files:
            if item.family in ("all_orders", "inventory_planning"):
                options = ImportOptions(
                    marketplace=get_marketplace(item.marketplace) if item.marketplace else None,
                    period=Period.parse(item.period) if item.period else None,
                )
                import_file(warehouse, manifest.root / item.path, options)
        sales = warehouse.con.execute(
            "SELECT sku AS unique_id, purchase_date AS ds, CAST(sum(quantity) AS DOUBLE) AS y FROM order_line "
            "WHERE order_status <> 'Cancelled' GROUP BY ALL"
        ).df()
        stock = warehouse.con.execute(
            "SELECT sku AS unique_id, snapshot_date AS ds, fulfillable FROM inventory_snapshot"
        ).df()
    truth = _ground_truth(manifest)
    return DemoTables(sales, stock, [a for a in truth if a.kind == "stock_out"])


def _ground_truth(manifest: DemoManifest) -> list[Anomaly]:
    rows = json.loads((manifest.root / manifest.ground_truth).read_text(encoding="utf-8"))
    return [
        Anomaly(**{**row, "start_date": dt.date.fromisoformat(row["start_date"]),
                   "end_date": dt.date.fromisoformat(row["end_date"])})
        for row in rows
    ]  # fmt: skip


def test_the_injected_stock_outs_are_found_from_the_sell_out_day_to_the_restock(demo: DemoTables) -> None:
    # given the demo's sales and daily FBA stock, and its three injected stock-outs (a held inbound shipment)
    assert len(demo.stock_outs) == 3
    # when stock-outs are looked for
    found = find_stock_outs(demo.sales, demo.stock)
    # then each injected one is found: its empty days (start..end of the ground truth) and the day before, when
    # the last units sold and the shelf ended empty — and nothing else in the seller's 30 SKUs
    expected = pd.concat([
        pd.DataFrame({
            "unique_id": a.sku,
            "ds": pd.date_range(pd.Timestamp(a.start_date) - pd.Timedelta(days=1), pd.Timestamp(a.end_date)),
            "reason": "zero_stock",
        })
        for a in demo.stock_outs
    ]).sort_values(["unique_id", "ds"], ignore_index=True)  # fmt: skip
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)


def test_the_forecast_ignores_what_sold_on_stock_out_days(demo: DemoTables) -> None:
    # given the demo's stock-out days
    stock_outs = find_stock_outs(demo.sales, demo.stock)
    censored = set(zip(stock_outs["unique_id"], stock_outs["ds"], strict=True))
    # when the demand is forecast with them, and again after the sales of those days are replaced by nonsense
    kept = forecast_demand(demo.sales, 28, stock_outs=stock_outs)
    mask = [(u, d) in censored for u, d in zip(demo.sales["unique_id"], demo.sales["ds"], strict=True)]
    scrambled = pd.concat(
        [demo.sales[[not m for m in mask]], stock_outs[["unique_id", "ds"]].assign(y=999.0)],
        ignore_index=True,
    )
    replaced = forecast_demand(scrambled, 28, stock_outs=stock_outs)
    # then the forecasts are identical: stock-out days carry no weight at all
    pd.testing.assert_frame_equal(replaced.points, kept.points)
    # and read as zero demand instead, each stock-out SKU would be forecast lower
    naive = forecast_demand(demo.sales, 28)
    for anomaly in demo.stock_outs:
        assert _total(naive, anomaly.sku) < _total(kept, anomaly.sku)


def _total(result: DemandForecast, sku: str) -> float:
    points = result.points
    return float(points.loc[points["unique_id"] == sku, "mean"].sum())


def test_every_demo_sku_gets_a_forecast_and_an_accuracy_row(demo: DemoTables) -> None:
    # given the demo's history; when 56 days are forecast
    result = forecast_demand(demo.sales, 56, stock_outs=find_stock_outs(demo.sales, demo.stock))
    # then each of the 30 SKUs has 56 days and one accuracy row with a model and a backtest RMSE
    skus = sorted(demo.sales["unique_id"].unique())
    assert len(skus) == 30
    assert result.points.groupby("unique_id").size().to_dict() == dict.fromkeys(skus, 56)
    assert result.accuracy["unique_id"].tolist() == skus
    assert result.accuracy["rmse_daily"].notna().all()
    assert (result.accuracy["model"] != "").all()
