"""SP-API getOrders JSON: the real response with exact totals, the API's envelopes, stale and empty responses."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sellerops.errors import FileRefused
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import datasets_dir, warehouse_state

REAL = "amazon_fba_inventory_orders/canduki21_us_regolith/orders_spapi_getOrders.json"


def _order(
    order_id: str, *, status: str = "Shipped", updated: str = "2026-07-13T20:22:23Z", **extra: Any
) -> dict[str, Any]:
    """A getOrders Order object shaped like the real ones."""
    return {
        "AmazonOrderId": order_id, "SellerOrderId": order_id, "PurchaseDate": "2026-07-12T06:35:40Z",
        "LastUpdateDate": updated, "OrderStatus": status, "FulfillmentChannel": "AFN", "SalesChannel": "Amazon.com",
        "ShipServiceLevel": "Expedited", "MarketplaceId": "ATVPDKIKX0DER", "IsBusinessOrder": False,
        "IsPrime": True, "IsReplacementOrder": "false", "NumberOfItemsShipped": 1, "NumberOfItemsUnshipped": 0,
        "OrderTotal": {"CurrencyCode": "USD", "Amount": "73.66"},
        "ShippingAddress": {"City": "NEW BRAUNFELS", "StateOrRegion": "TX", "CountryCode": "US"},
        **extra,
    }  # fmt: skip


def _write(tmp_path: Path, name: str, document: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.datasets
def test_real_get_orders_response_imports_with_exact_totals_and_twice_changes_nothing(
    warehouse: Warehouse,
) -> None:
    # given the real response (a bare list of 29 Order objects) and its totals read with the json module
    path = datasets_dir() / REAL
    orders = json.loads(path.read_text(encoding="utf-8"))
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for order in orders:
        if "OrderTotal" in order:
            totals[order["OrderTotal"]["CurrencyCode"]] += Decimal(order["OrderTotal"]["Amount"])
    statuses = Counter(o["OrderStatus"] for o in orders)

    # when it is imported twice
    first = import_file(warehouse, path)
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path)

    # then one header per order, with exactly the response's totals per currency and its statuses
    assert (first.status, first.rows_read, first.rows_loaded, first.marketplace, first.period) == (
        "loaded", len(orders), 29, "amazon.US", "2026-07-12..2026-08-17",
    )  # fmt: skip
    assert warehouse.con.execute(
        "SELECT marketplace_source, period_source FROM import_ledger"
    ).fetchall() == [("MarketplaceId ATVPDKIKX0DER", "PurchaseDate")]
    by_currency = warehouse.con.execute(
        "SELECT currency, sum(order_total) FROM order_header WHERE currency IS NOT NULL GROUP BY ALL"
    ).fetchall()
    assert dict(by_currency) == dict(totals)
    assert dict(by_currency) == {"USD": Decimal("2721.33")}
    assert dict(
        warehouse.con.execute("SELECT status, count(*) FROM order_header GROUP BY ALL").fetchall()
    ) == dict(statuses)
    assert dict(statuses) == {"Shipped": 27, "Canceled": 2}
    assert warehouse.con.execute(
        "SELECT count(DISTINCT order_id), sum(items_shipped), count(*) FILTER (WHERE is_prime), "
        "count(*) FILTER (WHERE is_business), count(ship_country) FROM order_header"
    ).fetchone() == (
        len({o["AmazonOrderId"] for o in orders}),
        sum(o["NumberOfItemsShipped"] for o in orders),
        sum(1 for o in orders if o["IsPrime"]),
        sum(1 for o in orders if o["IsBusinessOrder"]),
        sum(1 for o in orders if o.get("ShippingAddress", {}).get("CountryCode")),
    )
    # and the first order reads as the response says
    assert warehouse.con.execute(
        "SELECT purchase_at, purchase_date, earliest_ship_at, latest_ship_at, ship_city, ship_state, ship_country, "
        "fulfillment_channel, merchant_order_id FROM order_header WHERE order_id = '112-5292891-5027442'"
    ).fetchall() == [
        (dt.datetime(2026, 7, 12, 11, 35, 40, tzinfo=dt.UTC), dt.date(2026, 7, 12),
         dt.datetime(2026, 7, 13, 6, 59, 59, tzinfo=dt.UTC), dt.datetime(2026, 7, 13, 6, 59, 59, tzinfo=dt.UTC),
         "Abu Dhabi", None, "AE", "AFN", "112-5292891-5027442"),
    ]  # fmt: skip
    # and the second import changed nothing
    assert (second.status, second.import_id) == ("already_imported", first.import_id)
    assert warehouse_state(warehouse) == state


@pytest.mark.parametrize(
    "envelope",
    [
        pytest.param(lambda orders: {"payload": {"Orders": orders, "NextToken": "abc"}}, id="payload"),
        pytest.param(lambda orders: {"Orders": orders}, id="orders"),
        pytest.param(lambda orders: orders, id="bare-list"),
    ],
)
def test_every_get_orders_shape_loads_the_same_headers(
    warehouse: Warehouse, tmp_path: Path, envelope: Any
) -> None:
    # given two orders, one with a delivery promise and a postcode, one cancelled without a total
    orders = [
        _order("111-1", LatestDeliveryDate="2026-07-16T06:59:59Z",
               ShippingAddress={"City": "AUSTIN", "StateOrRegion": "TX", "PostalCode": "78701", "CountryCode": "US"}),
        {**_order("111-2", status="Canceled"), "OrderTotal": None},
    ]  # fmt: skip
    path = _write(tmp_path, "orders.json", envelope(orders))
    # when imported
    result = import_file(warehouse, path)
    # then both headers are there, read exactly
    assert (result.report_type, result.rows_loaded) == ("amazon.orders_api", 2)
    assert warehouse.con.execute(
        "SELECT order_id, status, order_total, currency, latest_delivery_at, ship_postcode, is_prime, purchase_date "
        "FROM order_header ORDER BY order_id"
    ).fetchall() == [
        ("111-1", "Shipped", Decimal("73.66"), "USD", dt.datetime(2026, 7, 16, 6, 59, 59, tzinfo=dt.UTC), "78701",
         True, dt.date(2026, 7, 11)),
        ("111-2", "Canceled", None, None, None, None, True, dt.date(2026, 7, 11)),
    ]  # fmt: skip


def test_an_order_listed_twice_keeps_its_later_update(warehouse: Warehouse, tmp_path: Path) -> None:
    # given pages fetched while an order changed: it is listed Pending, then Shipped
    orders = [
        _order("111-1", status="Pending", updated="2026-07-12T07:00:00Z"),
        _order("111-1", status="Shipped", updated="2026-07-13T07:00:00Z"),
    ]
    # when imported, then the order is there once, as last updated
    import_file(warehouse, _write(tmp_path, "pages.json", orders))
    assert warehouse.con.execute("SELECT order_id, status FROM order_header").fetchall() == [
        ("111-1", "Shipped")
    ]


def test_an_older_response_leaves_the_newer_order_as_it_is(warehouse: Warehouse, tmp_path: Path) -> None:
    # given the shipped order loaded
    import_file(warehouse, _write(tmp_path, "new.json", [_order("111-1", updated="2026-07-13T07:00:00Z")]))
    # when an older response, still pending, is imported afterwards
    older = [_order("111-1", status="Pending", updated="2026-07-12T07:00:00Z"), _order("111-3")]
    result = import_file(warehouse, _write(tmp_path, "old.json", older))
    # then the shipped order stays, the other is added, and the seller is told
    assert result.notes == ["1 orders were left as they were: the warehouse already holds a later update"]
    assert warehouse.con.execute("SELECT order_id, status FROM order_header ORDER BY ALL").fetchall() == [
        ("111-1", "Shipped"),
        ("111-3", "Shipped"),
    ]


def test_a_newer_response_updates_the_order(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a pending order loaded
    pending = [_order("111-1", status="Pending", updated="2026-07-12T07:00:00Z")]
    import_file(warehouse, _write(tmp_path, "old.json", pending))
    # when the shipped version arrives, then it replaces the pending one
    result = import_file(
        warehouse, _write(tmp_path, "new.json", [_order("111-1", updated="2026-07-13T07:00:00Z")])
    )
    assert result.rows_replaced == 1
    assert warehouse.con.execute("SELECT order_id, status FROM order_header").fetchall() == [
        ("111-1", "Shipped")
    ]


def test_an_empty_response_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a response with no orders, when imported, then it is refused and nothing is written
    with pytest.raises(FileRefused, match="the response holds no orders"):
        import_file(warehouse, _write(tmp_path, "empty.json", {"payload": {"Orders": []}}))
    assert warehouse.count("import_ledger") == 0


def test_orders_of_several_marketplaces_are_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a US and a Canadian order in one response
    orders = [_order("111-1"), _order("702-1", MarketplaceId="A2EUQ1WTGCTBG2", SalesChannel="Amazon.ca")]
    # when imported, then it is refused and nothing is written
    with pytest.raises(FileRefused, match="A2EUQ1WTGCTBG2, ATVPDKIKX0DER"):
        import_file(warehouse, _write(tmp_path, "mixed.json", orders))
    assert warehouse.count("order_header") == 0
