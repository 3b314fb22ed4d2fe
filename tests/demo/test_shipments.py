"""The demo's merchant shipments: imported through the real path, account health recomputed from the seller's
own files equals the demo's Seller Performance report, and the getOrders files change no order figure."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from sellerops.analytics.health import AMAZON_METRIC_NAMES, account_health
from sellerops.core.marketplaces import get_marketplace
from sellerops.core.periods import Period
from sellerops.demo import DemoManifest, generate
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse, open_warehouse

END = date(2026, 10, 31)
FAMILIES = ("all_orders", "seller_feedback", "settlement", "seller_performance")
FIGURES = (
    "order_id, order_total, currency, status, purchase_at, purchase_date, last_updated_at, items_shipped, "
    "items_unshipped, is_business, ship_city, ship_state, ship_postcode, ship_country"
)


def _import(warehouse: Warehouse, manifest: DemoManifest, families: tuple[str, ...]) -> None:
    for f in manifest.files:
        if f.family in families:
            options = ImportOptions(
                marketplace=get_marketplace(f.marketplace) if f.marketplace else None,
                period=Period.parse(f.period) if f.period else None,
            )
            assert import_file(warehouse, manifest.root / f.path, options).status == "loaded", f.path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoManifest:
    """A small US demo: the only marketplace with merchant-fulfilled listings."""
    return generate(
        tmp_path_factory.mktemp("demo"), seed=11, months=3, sku_count=30, marketplaces=("amazon.US",)
    )


@pytest.mark.slow
def test_merchant_order_files_add_ship_dates_and_change_no_figure(demo: DemoManifest, tmp_path: Path) -> None:
    # given the demo's orders, feedback, settlements and performance reports imported
    manifest = demo
    with open_warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        _import(warehouse, manifest, FAMILIES)
        before = warehouse.con.execute(f"SELECT {FIGURES} FROM order_header ORDER BY order_id").fetchall()
        # when the merchant orders' getOrders files and the shipping confirmations are imported
        _import(warehouse, manifest, ("orders_api", "shipping_confirmation"))
        after = warehouse.con.execute(f"SELECT {FIGURES} FROM order_header ORDER BY order_id").fetchall()
        # then every order keeps its figures, and each shipped merchant order has a latest ship date and, unless it
        # shipped after the demo's last day (midnight in Los Angeles is 07:00 UTC), a shipment
        assert after == before
        assert warehouse.con.execute(
            "SELECT count(*) FILTER (WHERE latest_ship_at IS NULL), "
            "count(*) FILTER (WHERE s.order_id IS NULL AND h.last_updated_at < TIMESTAMPTZ '2026-11-01 07:00:00+00') "
            "FROM order_header h LEFT JOIN order_shipment s USING (marketplace, order_id) "
            "WHERE fulfillment_channel = 'MFN'"
        ).fetchone() == (0, 0)


@pytest.mark.slow
def test_account_health_equals_the_demos_seller_performance_report(
    demo: DemoManifest, tmp_path: Path
) -> None:
    # given the demo's orders, feedback, settlements, performance reports and merchant shipment files imported
    manifest = demo
    with open_warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        _import(warehouse, manifest, (*FAMILIES, "orders_api", "shipping_confirmation"))
        db = warehouse.ibis()
        # when health is recomputed for the last day, when every feedback and claim of the windows is known
        health = account_health(
            db.table("order_header"), db.table("seller_feedback"), db.table("claim"),
            shipments=db.table("order_shipment"), marketplace="amazon.US", as_of=END,
        )  # fmt: skip
        ours = {
            (AMAZON_METRIC_NAMES[m.metric], m.fulfillment_type if m.metric == "order_defect_rate" else "", m.window_from):
            (m.numerator, m.denominator)
            for m in health.metrics
            if m.status != "no_data"
        }  # fmt: skip
        # then each count equals Amazon's for the same metric, channel and window (Amazon's windows start at local
        # midnight, which in Los Angeles is the same UTC day). Amazon's 10-day late shipment window is not in the
        # report; on-time delivery has no delivery dates in the demo's files, so it has no data here.
        amazon = warehouse.con.execute(
            "SELECT metric, lower(fulfillment_type), period_from, numerator, denominator FROM account_health_metric "
            "WHERE period_to = ? AND metric IN ('orderDefectRate', 'lateShipmentRate', "
            "'preFulfillmentCancellationRate', 'validTrackingRate')",
            [END + timedelta(days=1)],
        ).fetchall()
        theirs = {(metric, kind, start): (num, den) for metric, kind, start, num, den in amazon}
        del ours[("lateShipmentRate", "", END - timedelta(days=9))]
        assert ours == theirs
        assert len(theirs) == 5
