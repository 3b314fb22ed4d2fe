"""Account Health report (GET_V2_SELLER_PERFORMANCE_REPORT JSON): every metric, two marketplaces, history."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sellerops.core.marketplaces import get_marketplace
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import TEST_DATA, warehouse_state

REPORT = TEST_DATA / "amazon" / "seller_performance" / "account_health_us_ca_2025-07-19.json"
day = dt.date
WINDOW_60 = (day(2025, 5, 21), day(2025, 7, 19))
WINDOW_180 = (day(2025, 1, 21), day(2025, 7, 19))
AS_OF = (day(2025, 7, 19), day(2025, 7, 19))


def _rows(warehouse: Warehouse, where: str = "true") -> list[tuple[Any, ...]]:
    return warehouse.con.execute(
        f"SELECT * EXCLUDE (import_id) FROM account_health_metric WHERE {where} ORDER BY ALL"
    ).fetchall()


def test_account_health_loads_every_metric_of_both_marketplaces_and_twice_changes_nothing(
    warehouse: Warehouse,
) -> None:
    # when the two-marketplace report is imported twice
    first = import_file(warehouse, REPORT)
    state = warehouse_state(warehouse)
    second = import_file(warehouse, REPORT)
    # then both marketplaces are in, the period spans every reporting window, and the ledger says why
    assert (first.report_type, first.marketplace, first.period, first.rows_read, first.notes) == (
        "amazon.seller_performance", None, "2025-01-21..2025-07-19", 26,
        ["the report covers amazon.CA, amazon.US; each row keeps its own marketplace"],
    )  # fmt: skip
    r = Decimal
    assert _rows(warehouse, "marketplace = 'amazon.CA'") == [
        ("amazon.CA", "accountHealthRating", "", *WINDOW_180, None, None, None, None, None, "WARNED"),
        ("amazon.CA", "accountStatus", "", *AS_OF, None, None, None, None, None, "AT_RISK"),
        ("amazon.CA", "orderDefectRate", "MFN", *WINDOW_60, 1, 40, r("0.025"), r("0.01"), "LESS_THAN", "BAD"),
        ("amazon.CA", "orderDefectRate.chargebacks", "MFN", *WINDOW_60, 0, 40, None, None, None, "NONE"),
        ("amazon.CA", "orderDefectRate.claims", "MFN", *WINDOW_60, 1, 40, None, None, None, "NONE"),
        ("amazon.CA", "orderDefectRate.negativeFeedback", "MFN", *WINDOW_60, 0, 40, None, None, None, "NONE"),
        ("amazon.CA", "preFulfillmentCancellationRate", "", day(2025, 7, 13), day(2025, 7, 19), 0, 9, r(0),
         r("0.025"), "LESS_THAN", "GOOD"),
    ]  # fmt: skip
    assert _rows(warehouse, "marketplace = 'amazon.US' AND metric NOT LIKE 'orderDefectRate.%'") == [
        ("amazon.US", "accountHealthRating", "", *WINDOW_180, None, None, None, None, None, "GREAT"),
        ("amazon.US", "accountStatus", "", *AS_OF, None, None, None, None, None, "NORMAL"),
        ("amazon.US", "documentRequests", "", *WINDOW_180, 0, None, None, r(0), "EQUALS", "GOOD"),
        ("amazon.US", "lateShipmentRate", "", day(2025, 6, 20), day(2025, 7, 19), 3, 205, r("0.0146341463"),
         r("0.04"), "LESS_THAN", "GOOD"),
        ("amazon.US", "listingPolicyViolations", "", *WINDOW_180, 2, None, None, r(0), "EQUALS", "BAD"),
        ("amazon.US", "onTimeDeliveryRate", "", day(2025, 6, 10), day(2025, 7, 9), 171, 190, r("0.9"), r("0.97"),
         "GREATER_THAN", "BAD"),
        ("amazon.US", "orderDefectRate", "AFN", *WINDOW_60, 2, 1830, r("0.0010929"), r("0.01"), "LESS_THAN", "GOOD"),
        ("amazon.US", "orderDefectRate", "MFN", *WINDOW_60, 3, 412, r("0.00728155"), r("0.01"), "LESS_THAN", "GOOD"),
        ("amazon.US", "preFulfillmentCancellationRate", "", day(2025, 7, 13), day(2025, 7, 19), 1, 48,
         r("0.02083333"), r("0.025"), "LESS_THAN", "GOOD"),
        ("amazon.US", "productAuthenticityCustomerComplaints", "", *WINDOW_180, 0, None, None, r(0), "EQUALS", "GOOD"),
        ("amazon.US", "receivedIntellectualPropertyComplaints", "", *WINDOW_180, 1, None, None, r(0), "EQUALS", "BAD"),
        ("amazon.US", "validTrackingRate", "", day(2025, 6, 20), day(2025, 7, 19), 196, 200, r("0.98"), r("0.95"),
         "GREATER_THAN", "GOOD"),
        ("amazon.US", "warningState.spammingSellerMessaging", "", *AS_OF, None, None, None, None, None, "BAD"),
    ]  # fmt: skip
    # and the claim and chargeback counts behind the order defect rate match the document
    doc = json.loads(REPORT.read_text(encoding="utf-8"))
    us_odr = doc["performanceMetrics"][0]["orderDefectRate"]
    expected = sorted(
        (f"orderDefectRate.{part}", channel.upper(), us_odr[channel][part]["count"])
        for channel in ("mfn", "afn")
        for part in ("claims", "chargebacks", "negativeFeedback")
    )
    assert (
        warehouse.con.execute(
            "SELECT metric, fulfillment_type, numerator FROM account_health_metric "
            "WHERE marketplace = 'amazon.US' AND metric LIKE 'orderDefectRate.%' ORDER BY ALL"
        ).fetchall()
        == expected
    )
    assert (second.status, second.import_id) == ("already_imported", first.import_id)
    assert warehouse_state(warehouse) == state


def test_marketplace_option_loads_that_marketplace_only(warehouse: Warehouse) -> None:
    result = import_file(warehouse, REPORT, ImportOptions(marketplace=get_marketplace("amazon.CA")))
    assert result.marketplace == "amazon.CA"
    assert warehouse.con.execute("SELECT DISTINCT marketplace FROM account_health_metric").fetchall() == [
        ("amazon.CA",)
    ]


def test_marketplace_option_not_in_the_report_is_refused(warehouse: Warehouse) -> None:
    with pytest.raises(
        FileRefused, match=r"--marketplace amazon\.UK was given but the report covers amazon\.CA, amazon\.US"
    ):
        import_file(warehouse, REPORT, ImportOptions(marketplace=get_marketplace("amazon.UK")))
    assert warehouse.count("account_health_metric") == 0


def test_next_report_adds_history_and_a_redownload_of_the_same_window_replaces(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given the report of 19 July loaded
    import_file(warehouse, REPORT)
    before = warehouse.count("account_health_metric")
    # when a re-download of the same windows says the CA order defect rate is now GOOD
    text = REPORT.read_text(encoding="utf-8")
    doc = json.loads(text)
    doc["performanceMetrics"][1]["orderDefectRate"]["mfn"]["status"] = "GOOD"
    redownload = tmp_path / "again.json"
    redownload.write_text(json.dumps(doc), encoding="utf-8")
    result = import_file(warehouse, redownload)
    # then every row was replaced in place
    assert (result.rows_replaced, warehouse.count("account_health_metric")) == (before, before)
    assert warehouse.con.execute(
        "SELECT status FROM account_health_metric WHERE marketplace = 'amazon.CA' AND metric = 'orderDefectRate'"
    ).fetchall() == [("GOOD",)]
    # and when the next day's report arrives, its windows are new rows beside the old ones
    next_day = tmp_path / "next.json"
    next_day.write_text(text.replace("2025-07-19T23:59Z", "2025-07-20T23:59Z"), encoding="utf-8")
    import_file(warehouse, next_day)
    assert warehouse.con.execute(
        "SELECT period_to, count(*) FROM account_health_metric GROUP BY 1 ORDER BY 1"
    ).fetchall() == [(day(2025, 7, 9), 1), (day(2025, 7, 19), 25), (day(2025, 7, 20), 25)]


def test_unknown_marketplace_id_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    doc = json.loads(REPORT.read_text(encoding="utf-8"))
    doc["performanceMetrics"][1]["marketplaceId"] = "AZZZZZZZZZZZZZ"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(FileRefused, match=r"marketplace ids sellerops does not know: AZZZZZZZZZZZZZ"):
        import_file(warehouse, path)
    assert warehouse.count("import_ledger") == 0
