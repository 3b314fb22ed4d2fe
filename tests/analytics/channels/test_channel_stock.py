"""One warehouse sold on Amazon, Shopee and Lazada: available-to-promise, each listing's target, and the listings
that oversell or hide stock (every figure worked out in the comments)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sellerops.analytics.channels import (
    ChannelBuffer,
    ChannelQuantity,
    ChannelStockFinding,
    PoolPosition,
    QuantityUpdate,
    StockPool,
    plan_channel_stock,
)
from sellerops.errors import InputError
from sellerops.warehouse import Warehouse

D = dt.date
AS_OF = D(2026, 10, 31)
YESTERDAY = D(2026, 10, 30)
US, SG, MY = "amazon.US", "shopee.SG", "lazada.MY"
AT = dt.datetime(2026, 10, 31, 1, 0, tzinfo=dt.UTC)
POOL = StockPool(
    "SZ-1",
    {
        US: ChannelBuffer(max_listed=50),
        SG: ChannelBuffer(share=Decimal("0.5"), zero_out_at=3),
        MY: ChannelBuffer(max_listed=20),
    },
)


def _stock(w: Warehouse, sku: str, fulfillable: int, reserved: int = 0, *, marketplace: str = US,
           at: dt.datetime = AT, store: str = "SZ-1") -> None:  # fmt: skip
    w.con.execute(
        "INSERT INTO inventory_snapshot (marketplace, warehouse, sku, snapshot_at, snapshot_date, fulfillable, "
        "reserved, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, 7)",
        [marketplace, store, sku, at, at.date(), fulfillable, reserved],
    )


def _order(w: Warehouse, marketplace: str, order_id: str, sku: str, quantity: int, status: str = "Unshipped",
           channel: str | None = "Merchant", day: dt.date = YESTERDAY) -> None:  # fmt: skip
    w.con.execute(
        "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, "
        "fulfillment_channel, sku, quantity, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 8)",
        [marketplace, order_id, f"{order_id}-{sku}", AT, day, status, channel, sku, quantity],
    )


def _listed(w: Warehouse, marketplace: str, sku: str, quantity: int | None, day: dt.date,
            channel: str = "DEFAULT", status: str = "Active") -> None:  # fmt: skip
    w.con.execute(
        "INSERT INTO listing (marketplace, sku, snapshot_date, listing_id, status, fulfillment_channel, quantity, "
        "import_id) VALUES (?, ?, ?, ?, ?, ?, ?, 9)",
        [marketplace, sku, day, f"{marketplace[:2]}-{sku}", status, channel, quantity],
    )


def _seed(w: Warehouse) -> None:
    # stock on 31 Oct; the 30 Oct count and another warehouse do not count
    _stock(w, "MUG", 30, 4)
    _stock(
        w, "MUG", 99, 0, marketplace=SG
    )  # the same count seen from Shopee: taken once (amazon.US sorts first)
    _stock(w, "LAMP", 3)
    _stock(w, "BOWL", 10)
    _stock(w, "PLATE", 1)
    _stock(w, "CUP", 9, at=AT - dt.timedelta(days=1))
    _stock(w, "MUG", 500, store="FBA")
    # open orders of MUG: 3 on Amazon (merchant), 2 on Shopee (no channel written); Amazon-shipped, shipped,
    # another marketplace's and tomorrow's orders do not count
    _order(w, US, "111-1", "MUG", 3)
    _order(w, SG, "SG-7", "MUG", 2, status="Pending", channel=None)
    _order(w, US, "111-2", "MUG", 5, channel="Amazon")
    _order(w, US, "111-3", "MUG", 4, status="Shipped")
    _order(w, "amazon.UK", "202-1", "MUG", 6)
    _order(w, US, "111-4", "MUG", 8, day=D(2026, 11, 1))
    _order(w, MY, "MY-1", "PLATE", 3, status="PartiallyShipped")
    # listings: Amazon on 31 Oct (an older LAMP row and BOWL's FBA offer do not count), Shopee on 30 Oct,
    # Lazada on 29 Oct (a later Lazada report is after as_of)
    _listed(w, US, "MUG", 40, AS_OF)
    _listed(w, US, "LAMP", 3, AS_OF)
    _listed(w, US, "CUP", 5, AS_OF)
    _listed(w, US, "BOWL", None, AS_OF, channel="AMAZON_NA")
    _listed(w, US, "LAMP", 99, D(2026, 10, 24))
    _listed(w, SG, "MUG", 12, D(2026, 10, 30))
    _listed(w, SG, "LAMP", 2, D(2026, 10, 30))
    _listed(w, MY, "MUG", 0, D(2026, 10, 29), status="Inactive")
    _listed(w, MY, "PLATE", 0, D(2026, 10, 29))
    _listed(w, MY, "MUG", 1, D(2026, 11, 1))


def _plan(w: Warehouse, pool: StockPool = POOL):  # type: ignore[no-untyped-def]
    db = w.ibis()
    return plan_channel_stock(
        db.table("inventory_snapshot"), db.table("listing"), db.table("order_line"), pool=pool, as_of=AS_OF
    )


def test_available_to_promise_targets_and_findings(warehouse: Warehouse) -> None:
    # given the pool, its open orders and each channel's latest listings
    _seed(warehouse)
    # when the plan is made
    plan = _plan(warehouse)
    # then available-to-promise = on hand − reserved − open orders:
    # MUG (30 + 4) − 4 − (3 + 2) = 25; LAMP 3; BOWL 10; PLATE 1 − 3 = −2 (oversold); CUP has no row today: 0
    assert plan.positions == (
        PoolPosition("SZ-1", "BOWL", AT, 10, 0, 0, (), 10, 7),
        PoolPosition("SZ-1", "CUP", None, 0, 0, 0, (), 0, None),
        PoolPosition("SZ-1", "LAMP", AT, 3, 0, 0, (), 3, 7),
        PoolPosition("SZ-1", "MUG", AT, 34, 4, 5, ("amazon.US:111-1", "shopee.SG:SG-7"), 25, 7),
        PoolPosition("SZ-1", "PLATE", AT, 1, 0, 3, ("lazada.MY:MY-1",), -2, 7),
    )
    # each listing's target: Amazon min(25, 50) = 25; Shopee ⌊0.5 × 25⌋ = 12, and LAMP's 3 is at its zero-out
    # line → 0; Lazada min(25, 20) = 20; no stock → 0
    assert plan.quantities == (
        ChannelQuantity(US, "CUP", "am-CUP", "Active", AS_OF, 5, 0, "no_stock", 0),
        ChannelQuantity(US, "LAMP", "am-LAMP", "Active", AS_OF, 3, 3, "share", 3),
        ChannelQuantity(US, "MUG", "am-MUG", "Active", AS_OF, 40, 25, "share", 25),
        ChannelQuantity(MY, "MUG", "la-MUG", "Inactive", D(2026, 10, 29), 0, 20, "max_listed", 25),
        ChannelQuantity(MY, "PLATE", "la-PLATE", "Active", D(2026, 10, 29), 0, 0, "no_stock", -2),
        ChannelQuantity(SG, "LAMP", "sh-LAMP", "Active", D(2026, 10, 30), 2, 0, "zero_out", 3),
        ChannelQuantity(SG, "MUG", "sh-MUG", "Active", D(2026, 10, 30), 12, 12, "share", 25),
    )
    # Lazada hides 20 MUGs it could sell; Amazon shows 5 CUPs the pool does not have and 40 MUGs of 25
    snapshot_key = ("amazon.US", "SZ-1", "MUG", AT.isoformat())
    assert plan.findings == (
        ChannelStockFinding("lost_sales", MY, "MUG", "la-MUG", "listed_zero_with_stock", 0, 20, 25,
                            ("amazon.US:111-1", "shopee.SG:SG-7"),
                            (("inventory_snapshot", snapshot_key), ("listing", (MY, "MUG", "2026-10-29")))),
        ChannelStockFinding("oversell_risk", US, "CUP", "am-CUP", "listed_over_available", 5, 0, 0, (),
                            (("listing", (US, "CUP", "2026-10-31")),)),
        ChannelStockFinding("oversell_risk", US, "MUG", "am-MUG", "listed_over_available", 40, 25, 25,
                            ("amazon.US:111-1", "shopee.SG:SG-7"),
                            (("inventory_snapshot", snapshot_key), ("listing", (US, "MUG", "2026-10-31")))),
    )  # fmt: skip
    # and the update files carry only the listings whose quantity changes
    assert plan.updates() == (
        QuantityUpdate(US, "CUP", "am-CUP", 0, 5),
        QuantityUpdate(US, "MUG", "am-MUG", 25, 40),
        QuantityUpdate(MY, "MUG", "la-MUG", 20, 0),
        QuantityUpdate(SG, "LAMP", "sh-LAMP", 0, 2),
    )
    assert plan.updates(SG) == (QuantityUpdate(SG, "LAMP", "sh-LAMP", 0, 2),)


@pytest.mark.parametrize(
    ("buffer", "atp", "expected"),
    [
        (ChannelBuffer(), 7, (7, "share")),
        (ChannelBuffer(share=Decimal("0.3")), 10, (3, "share")),
        (ChannelBuffer(share=Decimal("0.3")), 9, (2, "share")),  # ⌊2.7⌋
        (ChannelBuffer(max_listed=5), 9, (5, "max_listed")),
        (ChannelBuffer(zero_out_at=2), 2, (0, "zero_out")),
        (ChannelBuffer(zero_out_at=2), 3, (3, "share")),
        (ChannelBuffer(), 0, (0, "no_stock")),
        (ChannelBuffer(), -4, (0, "no_stock")),
    ],
)
def test_a_buffer_target(buffer: ChannelBuffer, atp: int, expected: tuple[int, str]) -> None:
    assert buffer.target(atp) == expected


def test_bad_buffers_and_pools_are_refused() -> None:
    with pytest.raises(InputError, match="between 0 and 1"):
        ChannelBuffer(share=Decimal("1.5"))
    with pytest.raises(InputError, match="max_listed must be 0 or more"):
        ChannelBuffer(max_listed=-1)
    with pytest.raises(InputError, match="sells on no channel"):
        StockPool("SZ-1", {})


def test_a_pool_without_any_snapshot_is_refused(warehouse: Warehouse) -> None:
    # given listings but no stock count of the pool's warehouse
    _listed(warehouse, US, "MUG", 4, AS_OF)
    # when a plan is asked for, then the error says what to import
    with pytest.raises(InputError, match="no stock snapshot of warehouse 'SZ-1' on or before 2026-10-31"):
        _plan(warehouse)
