"""The demo seller: deterministic, internally consistent, in the documented layouts, with every injected
anomaly visible in the files themselves (read here with the stdlib and openpyxl only)."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from statistics import mean
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from sellerops.core.marketplaces import get_marketplace
from sellerops.core.periods import Period
from sellerops.core.process import PROCESS_NODES
from sellerops.demo import DemoManifest, generate
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.sources.registry import all_specs
from sellerops.warehouse import Warehouse

END = date(2026, 10, 31)
MARKETS = ("amazon.US", "amazon.UK", "amazon.DE")
TSV_HEADERS = {
    "all_orders": "amazon-order-id	merchant-order-id	purchase-date	last-updated-date	order-status	fulfillment-channel	sales-channel	order-channel	ship-service-level	product-name	sku	asin	item-status	quantity	currency	item-price	item-tax	shipping-price	shipping-tax	gift-wrap-price	gift-wrap-tax	item-promotion-discount	ship-promotion-discount	ship-city	ship-state	ship-postal-code	ship-country	promotion-ids	cpf	is-business-order	purchase-order-number	price-designation",
    "inventory_planning": "snapshot-date	sku	fnsku	asin	product-name	condition	available	pending-removal-quantity	inv-age-0-to-90-days	inv-age-91-to-180-days	inv-age-181-to-270-days	inv-age-271-to-365-days	inv-age-365-plus-days	currency	qty-to-be-charged-ltsf-11-mo	projected-ltsf-11-mo	qty-to-be-charged-ltsf-12-mo	estimated-ltsf-next-charge	units-shipped-t7	units-shipped-t30	units-shipped-t60	units-shipped-t90	alert	your-price	sales-price	lowest-price-new-plus-shipping	lowest-price-used	recommended-action	healthy-inventory-level	recommended-sales-price	recommended-sale-duration-days	recommended-removal-quantity	estimated-cost-savings-of-recommended-actions	sell-through	item-volume	volume-unit-measurement	storage-type	storage-volume	marketplace	product-group	sales-rank	days-of-supply	estimated-excess-quantity	weeks-of-cover-t30	weeks-of-cover-t90	featuredoffer-price	sales-shipped-last-7-days	sales-shipped-last-30-days	sales-shipped-last-60-days	sales-shipped-last-90-days	inv-age-0-to-30-days	inv-age-31-to-60-days	inv-age-61-to-90-days	inv-age-181-to-330-days	inv-age-331-to-365-days	estimated-storage-cost-next-month	inbound-quantity	inbound-working	inbound-shipped	inbound-received	no-sale-last-6-months	reserved-quantity	unfulfillable-quantity",
    "listings": "item-name	item-description	listing-id	seller-sku	price	quantity	open-date	image-url	item-is-marketplace	product-id-type	zshop-shipping-fee	item-note	item-condition	zshop-category1	zshop-browse-path	zshop-storefront-feature	asin1	asin2	asin3	will-ship-internationally	expedited-shipping	zshop-boldface	product-id	bid-for-featured-placement	add-delete	pending-quantity	fulfillment-channel	merchant-shipping-group	status",
    "fba_returns": "return-date	order-id	sku	asin	fnsku	product-name	quantity	fulfillment-center-id	detailed-disposition	reason	status	license-plate-number	customer-comments",
    "seller_feedback": "Date	Rating	Comments	Your Response	Order ID	Rater Email",
    "settlement": "settlement-id	settlement-start-date	settlement-end-date	deposit-date	total-amount	currency	transaction-type	order-id	merchant-order-id	adjustment-id	shipment-id	marketplace-name	amount-type	amount-description	amount	fulfillment-id	posted-date	posted-date-time	order-item-code	merchant-order-item-id	merchant-adjustment-item-id	sku	quantity-purchased	promotion-id",
}  # fmt: skip
XLSX_HEADERS = {
    "ads_search_term": "Date	Portfolio name	Currency	Campaign Name	Ad Group Name	Targeting	Match Type	Customer Search Term	Impressions	Clicks	Click-Thru Rate (CTR)	Cost Per Click (CPC)	Spend	7 Day Total Sales	Total Advertising Cost of Sales (ACOS) 	Total Return on Advertising Spend (ROAS)	7 Day Total Orders (#)	7 Day Total Units (#)	7 Day Conversion Rate	7 Day Advertised SKU Units (#)	7 Day Other SKU Units (#)	7 Day Advertised SKU Sales	7 Day Other SKU Sales",
    "ads_bulk": "Product	Entity	Operation	Campaign ID	Ad Group ID	Portfolio ID	Ad ID	Keyword ID	Product Targeting ID	Campaign Name	Ad Group Name	Campaign Name (Informational only)	Ad Group Name (Informational only)	Portfolio Name (Informational only)	Start Date	End Date	Targeting Type	State	Campaign State (Informational only)	Ad Group State (Informational only)	Daily Budget	SKU	ASIN (Informational only)	Eligibility Status (Informational only)	Reason for Ineligibility (Informational only)	Ad Group Default Bid	Ad Group Default Bid (Informational only)	Bid	Keyword Text	Native Language Keyword	Native Language Locale	Match Type	Bidding Strategy	Placement	Percentage	Product Targeting Expression	Resolved Product Targeting Expression (Informational only)	Impressions	Clicks	Click-through Rate	Spend	Sales	Orders	Units	Conversion Rate	ACOS	CPC	ROAS",
    "ads_campaign": "Date	Start Date	End Date	Portfolio name	Campaign Type	Campaign Name	Status	Currency	Budget	Targeting Type	Bidding strategy	Impressions	Last Year Impressions	Clicks	Last Year Clicks	Click-Thru Rate (CTR)	Spend	Last Year Spend	Cost Per Click (CPC)	Last Year Cost Per Click (CPC)	7 Day Total Orders (#)	Total Advertising Cost of Sales (ACoS)	7 Day Total Sales",
}  # fmt: skip
# Which report each family must be recognised as when imported.
REPORT_TYPES = {
    "listings": "amazon.all_listings", "inventory_planning": "amazon.fba_inventory_planning",
    "sales_traffic": "amazon.sales_traffic_json", "all_orders": "amazon.all_orders",
    "fba_returns": "amazon.fba_customer_returns", "seller_feedback": "amazon.seller_feedback",
    "settlement": "amazon.settlement_v2", "ads_search_term": "amazon.ads_search_term",
    "ads_campaign": "amazon.ads_campaign", "ads_bulk": "amazon.ads_bulk_campaigns",
    "seller_performance": "amazon.seller_performance", "orders_api": "amazon.orders_api",
    "shipping_confirmation": "amazon.shipping_confirmation", "product_master": "seller.product_master",
}  # fmt: skip
MINIMUM_KINDS = {
    "stock_out": 3, "buy_box_loss": 2, "price_rise_conversion_drop": 2, "ad_spend_spike": 2, "suppressed_listing": 1,
    "review_crisis": 1, "late_shipment_streak": 1, "out_of_budget": 1,
}  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoManifest:
    """A small demo seller on all three marketplaces: enough history for every anomaly, quick to build."""
    return generate(tmp_path_factory.mktemp("demo"), seed=11, months=4, sku_count=40, marketplaces=MARKETS)


# --- reading the files with the standard library -------------------------------------------------------------


def _tsv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        return header, [dict(zip(header, row, strict=True)) for row in reader]


def _xlsx(path: Path) -> tuple[list[str], list[dict[str, Any]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    header = [str(h) for h in rows[0]]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _files(manifest: DemoManifest, family: str, market: str | None = None) -> list[Path]:
    return [
        manifest.root / f.path
        for f in manifest.files
        if f.family == family and (market is None or f.path.startswith(market + "/"))
    ]


def _rows(manifest: DemoManifest, family: str, market: str) -> list[dict[str, Any]]:
    reader = _xlsx if family.startswith("ads_") else _tsv
    return [row for path in _files(manifest, family, market) for row in reader(path)[1]]


def _sales_traffic(manifest: DemoManifest, market: str) -> dict[tuple[str, date], dict[str, Any]]:
    """(sku, day) -> the SKU's entry of that day's Sales and Traffic document."""
    found = {}
    for path in _files(manifest, "sales_traffic", market):
        document = json.loads(path.read_text(encoding="utf-8"))
        day = date.fromisoformat(document["reportSpecification"]["dataStartTime"])
        for entry in document["salesAndTrafficByAsin"]:
            found[(entry["sku"], day)] = entry
    return found


def _ground_truth(manifest: DemoManifest) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(
        (manifest.root / manifest.ground_truth).read_text(encoding="utf-8")
    )
    return data


def _days(a: dict[str, Any]) -> list[date]:
    first, last = date.fromisoformat(a["start_date"]), date.fromisoformat(a["end_date"])
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --- determinism ---------------------------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path: Path) -> None:
    # given three small demos, two with the same seed
    small = {"months": 2, "sku_count": 12, "marketplaces": ("amazon.US",)}
    generate(tmp_path / "a", seed=3, **small)  # type: ignore[arg-type]
    generate(tmp_path / "b", seed=3, **small)  # type: ignore[arg-type]
    generate(tmp_path / "c", seed=4, **small)  # type: ignore[arg-type]
    # then the same seed repeats every byte, and another seed changes the data
    first, second, third = _hashes(tmp_path / "a"), _hashes(tmp_path / "b"), _hashes(tmp_path / "c")
    assert first == second
    assert len(first) > 50
    changed = [name for name in first if first[name] != third.get(name)]
    assert len(changed) > len(first) * 0.9


def test_generating_again_into_the_same_folder_replaces_the_previous_demo(tmp_path: Path) -> None:
    generate(tmp_path, seed=3, months=2, sku_count=12, marketplaces=("amazon.US", "amazon.UK"))
    manifest = generate(tmp_path, seed=3, months=2, sku_count=12, marketplaces=("amazon.US",))
    assert not (tmp_path / "amazon.UK").exists()
    assert {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()} == {
        f.path for f in manifest.files
    } | {"manifest.json", "ground_truth.json"}


# --- manifest and ground truth -------------------------------------------------------------------------------


def test_manifest_lists_every_file_with_the_options_it_needs(demo: DemoManifest) -> None:
    assert DemoManifest.read(demo.root) == demo
    families = Counter(f.family for f in demo.files)
    assert set(families) == set(REPORT_TYPES)
    for f in demo.files:
        assert (demo.root / f.path).is_file()
        if f.period:
            Period.parse(f.period)
        needs_market = f.family in (
            "listings",
            "fba_returns",
            "seller_feedback",
            "shipping_confirmation",
        ) or f.family.startswith("ads_")
        assert (f.marketplace is not None) == needs_market, f
        assert f.marketplace is None or f.path.startswith(f.marketplace + "/")
    listing = next(f for f in demo.files if f.family == "listings")
    assert listing.period == f"{listing.path[-14:-4]}..{listing.path[-14:-4]}"


def test_ground_truth_is_well_formed_and_placed_in_the_last_60_days(demo: DemoManifest) -> None:
    anomalies = _ground_truth(demo)
    kinds = Counter(a["kind"] for a in anomalies)
    assert {k: kinds[k] for k in MINIMUM_KINDS} == {k: max(kinds[k], n) for k, n in MINIMUM_KINDS.items()}
    assert [a["id"] for a in anomalies] == [f"A{k:02d}" for k in range(1, len(anomalies) + 1)]
    for a in anomalies:
        assert set(a) == {
            "id", "kind", "sku", "marketplace", "start_date", "end_date", "cause", "process_node", "metric",
            "direction", "details",
        }  # fmt: skip
        assert a["process_node"] in PROCESS_NODES
        assert a["direction"] in ("up", "down")
        assert a["marketplace"] in MARKETS
        assert (
            END - timedelta(days=60)
            <= date.fromisoformat(a["start_date"])
            <= date.fromisoformat(a["end_date"])
            < END
        )
        assert a["cause"].endswith(".")
        assert a["sku"] in a["cause"] or a["details"]["campaign"] in a["cause"]


def test_known_promotions_never_overlap_an_anomaly_on_the_same_sku(demo: DemoManifest) -> None:
    kinds = Counter(e["kind"] for e in demo.events)
    assert {"shopping_event", "coupon", "price_cut", "lightning_deal"} <= set(kinds)
    for a in _ground_truth(demo):
        first, last = date.fromisoformat(a["start_date"]), date.fromisoformat(a["end_date"])
        clashes = [
            e["name"] for e in demo.events
            if e["marketplace"] == a["marketplace"] and a["sku"] in e["skus"]
            and date.fromisoformat(e["start_date"]) <= last and first <= date.fromisoformat(e["end_date"])
        ]  # fmt: skip
        assert clashes == [], a["id"]


# --- every anomaly can be seen in the files --------------------------------------------------------------------


def _before(a: dict[str, Any], days: int = 14) -> list[date]:
    first = date.fromisoformat(a["start_date"])
    return [first - timedelta(days=k) for k in range(days, 0, -1)]


def test_stock_outs_show_zero_fulfillable_and_zero_units(demo: DemoManifest) -> None:
    for a in (a for a in _ground_truth(demo) if a["kind"] == "stock_out"):
        planning = {
            r["snapshot-date"]: r
            for r in _rows(demo, "inventory_planning", a["marketplace"])
            if r["sku"] == a["sku"]
        }
        traffic = _sales_traffic(demo, a["marketplace"])
        window = _days(a)
        assert 4 <= len(window) <= 10
        assert [int(planning[d.isoformat()]["available"]) for d in window] == [0] * len(window)
        assert [traffic[(a["sku"], d)]["salesByAsin"]["unitsOrdered"] for d in window] == [0] * len(window)
        assert min(int(planning[d.isoformat()]["available"]) for d in _before(a, 30)[:20]) > 0
        assert sum(traffic[(a["sku"], d)]["salesByAsin"]["unitsOrdered"] for d in _before(a)) > 14


def test_buy_box_losses_show_30_to_50_percent_for_a_week(demo: DemoManifest) -> None:
    for a in (a for a in _ground_truth(demo) if a["kind"] == "buy_box_loss"):
        traffic = _sales_traffic(demo, a["marketplace"])
        during = [traffic[(a["sku"], d)]["trafficByAsin"]["buyBoxPercentage"] for d in _days(a)]
        before = [traffic[(a["sku"], d)]["trafficByAsin"]["buyBoxPercentage"] for d in _before(a)]
        assert len(during) == 7
        assert all(30 <= v <= 50 for v in during)
        assert min(before) >= 85


def test_price_rises_show_in_orders_and_sales_per_unit_with_sessions_steady(demo: DemoManifest) -> None:
    for a in (a for a in _ground_truth(demo) if a["kind"] == "price_rise_conversion_drop"):
        traffic = _sales_traffic(demo, a["marketplace"])
        zone = ZoneInfo(get_marketplace(a["marketplace"]).time_zone)
        prices: dict[date, list[Decimal]] = defaultdict(list)
        for row in _rows(demo, "all_orders", a["marketplace"]):
            if row["sku"] == a["sku"]:
                day = datetime.fromisoformat(row["purchase-date"]).astimezone(zone).date()
                prices[day].append(Decimal(row["item-price"]) / int(row["quantity"]))
        before_price = mean(p for d in _before(a) for p in prices[d])
        during_price = mean(p for d in _days(a) for p in prices[d])
        assert 1.14 <= during_price / before_price <= 1.26

        (sessions_before, conversion_before), (sessions_during, conversion_during) = (
            _sessions_and_conversion(traffic, a["sku"], _before(a)),
            _sessions_and_conversion(traffic, a["sku"], _days(a)),
        )
        assert 0.7 <= sessions_during / sessions_before <= 1.4
        assert conversion_during < conversion_before * 0.85


def _sessions_and_conversion(
    traffic: dict[tuple[str, date], dict[str, Any]], sku: str, days: list[date]
) -> tuple[float, float]:
    entries = [traffic[(sku, d)] for d in days]
    sessions = sum(e["trafficByAsin"]["sessions"] for e in entries)
    units = sum(e["salesByAsin"]["unitsOrdered"] for e in entries)
    return sessions / len(days), units / sessions


def _campaign_days(demo: DemoManifest, a: dict[str, Any]) -> dict[date, dict[str, Any]]:
    rows = _rows(demo, "ads_campaign", a["marketplace"])
    return {r["Date"].date(): r for r in rows if r["Campaign Name"] == a["details"]["campaign"]}


def test_ad_spend_spikes_multiply_spend_without_more_sales(demo: DemoManifest) -> None:
    for a in (a for a in _ground_truth(demo) if a["kind"] == "ad_spend_spike"):
        days = _campaign_days(demo, a)
        spend_before = mean(days[d]["Spend"] for d in _before(a))
        spend_during = mean(days[d]["Spend"] for d in _days(a))
        orders_before = mean(days[d]["7 Day Total Orders (#)"] for d in _before(a))
        orders_during = mean(days[d]["7 Day Total Orders (#)"] for d in _days(a))
        assert spend_during > 2.5 * spend_before
        assert orders_during <= 1.6 * orders_before + 1


def test_out_of_budget_campaign_spends_its_whole_budget_with_acos_under_target(demo: DemoManifest) -> None:
    for a in (a for a in _ground_truth(demo) if a["kind"] == "out_of_budget"):
        days = _campaign_days(demo, a)
        window = _days(a)
        assert len(window) == 14
        assert all(days[d]["Spend"] >= 0.85 * days[d]["Budget"] for d in window)
        assert all(days[d]["Spend"] < 0.85 * days[d]["Budget"] for d in _before(a))
        assert sum(days[d]["Spend"] for d in _before(a)) < 0.6 * sum(days[d]["Budget"] for d in _before(a))
        assert sum(days[d]["Spend"] for d in window) < 0.25 * sum(
            days[d]["7 Day Total Sales"] for d in window
        )


def test_suppressed_listing_is_inactive_with_almost_no_sessions(demo: DemoManifest) -> None:
    for a in (a for a in _ground_truth(demo) if a["kind"] == "suppressed_listing"):
        window = {d.isoformat() for d in _days(a)}
        statuses = {}
        for path in _files(demo, "listings", a["marketplace"]):
            for row in _tsv(path)[1]:
                if row["seller-sku"] == a["sku"]:
                    statuses[path.stem[-10:]] = row["status"]
        assert {d: s for d, s in statuses.items() if d in window} == dict.fromkeys(
            window & set(statuses), "Inactive"
        )
        assert window & set(statuses)
        assert {s for d, s in statuses.items() if d not in window} == {"Active"}
        traffic = _sales_traffic(demo, a["marketplace"])
        during = sum(traffic[(a["sku"], d)]["trafficByAsin"]["sessions"] for d in _days(a))
        before = sum(traffic[(a["sku"], d)]["trafficByAsin"]["sessions"] for d in _before(a, 7))
        assert during < 0.1 * before


def test_review_crisis_brings_defect_returns_and_negative_feedback(demo: DemoManifest) -> None:
    for a in (a for a in _ground_truth(demo) if a["kind"] == "review_crisis"):
        orders = {
            r["amazon-order-id"] for r in _rows(demo, "all_orders", a["marketplace"]) if r["sku"] == a["sku"]
        }
        first, last = (
            date.fromisoformat(a["start_date"]),
            date.fromisoformat(a["end_date"]) + timedelta(days=14),
        )
        defects = [
            r for r in _rows(demo, "fba_returns", a["marketplace"])
            if r["sku"] == a["sku"] and r["reason"] in ("DEFECTIVE", "QUALITY_UNACCEPTABLE")
            and first - timedelta(days=7) <= datetime.fromisoformat(r["return-date"]).date() <= last
        ]  # fmt: skip
        negative = [
            r
            for r in _rows(demo, "seller_feedback", a["marketplace"])
            if r["Order ID"] in orders and int(r["Rating"]) <= 2
        ]
        assert len(defects) >= 5
        assert len(negative) >= 2


def test_late_shipment_streak_raises_the_late_shipment_rate(demo: DemoManifest) -> None:
    for a in (a for a in _ground_truth(demo) if a["kind"] == "late_shipment_streak"):
        rates = {}
        for path in _files(demo, "seller_performance", a["marketplace"]):
            metrics = json.loads(path.read_text(encoding="utf-8"))["performanceMetrics"][0]
            rates[date.fromisoformat(path.stem[-10:])] = metrics["lateShipmentRate"]
        end = date.fromisoformat(a["end_date"])
        after = [r for d, r in rates.items() if end <= d <= end + timedelta(days=20)]
        before = [r for d, r in rates.items() if d < date.fromisoformat(a["start_date"])]
        assert after
        assert all(r["rate"] > 0.04 for r in after)
        assert {r["status"] for r in after} == {"BAD"}
        assert all(r["lateShipmentCount"] <= r["orderCount"] for r in rates.values())
        assert all(r["rate"] < 0.04 for r in before)


# --- internal consistency --------------------------------------------------------------------------------------


@pytest.mark.parametrize("market", MARKETS)
def test_sales_and_traffic_units_equal_all_orders_units_per_sku_and_day(
    demo: DemoManifest, market: str
) -> None:
    zone = ZoneInfo(get_marketplace(market).time_zone)
    ordered: Counter[tuple[str, date]] = Counter()
    sales: defaultdict[tuple[str, date], Decimal] = defaultdict(Decimal)
    for row in _rows(demo, "all_orders", market):
        key = (row["sku"], datetime.fromisoformat(row["purchase-date"]).astimezone(zone).date())
        ordered[key] += int(row["quantity"])
        sales[key] += Decimal(row["item-price"])
    traffic = _sales_traffic(demo, market)
    reported = {
        k: e["salesByAsin"]["unitsOrdered"] for k, e in traffic.items() if e["salesByAsin"]["unitsOrdered"]
    }
    assert reported == dict(ordered)
    assert all(
        Decimal(str(traffic[k]["salesByAsin"]["orderedProductSales"]["amount"]))
        == sales[k].quantize(Decimal("0.01"))
        for k in ordered
    )


def test_settlement_summary_total_equals_the_sum_of_its_rows(demo: DemoManifest) -> None:
    paths = _files(demo, "settlement")
    assert paths
    kinds: Counter[str] = Counter()
    for path in paths:
        _, rows = _tsv(path)
        summary, lines = rows[0], rows[1:]
        assert summary["total-amount"]
        assert not summary["transaction-type"]
        assert Decimal(summary["total-amount"]) == sum((Decimal(r["amount"]) for r in lines), Decimal(0))
        assert {r["settlement-id"] for r in lines} == {summary["settlement-id"]}
        kinds.update(r["transaction-type"] for r in lines)
    assert {"Order", "Refund", "A-to-z Guarantee Claim", "Chargeback Refund", "ServiceFee"} <= set(kinds)


def test_every_file_has_exactly_the_documented_header(demo: DemoManifest) -> None:
    for family, header in TSV_HEADERS.items():
        for path in _files(demo, family):
            assert "\t".join(_tsv(path)[0]) == header, path
    for family, header in XLSX_HEADERS.items():
        for path in _files(demo, family):
            assert "\t".join(_xlsx(path)[0]) == header, path
    for path in _files(demo, "sales_traffic"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert set(document) == {"reportSpecification", "salesAndTrafficByDate", "salesAndTrafficByAsin"}
        spec = document["reportSpecification"]
        assert spec["dataStartTime"] == spec["dataEndTime"] == path.stem
        assert spec["reportOptions"]["asinGranularity"] == "SKU"
        entry = document["salesAndTrafficByAsin"][0]
        assert set(entry) == {"parentAsin", "childAsin", "sku", "salesByAsin", "trafficByAsin"}
        assert entry["childAsin"].startswith("B0")
        assert len(entry["childAsin"]) == 10
    for path in _files(demo, "seller_performance"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert set(document) == {"accountStatuses", "performanceMetrics"}


def test_feedback_dates_are_month_first_in_the_us_and_day_first_in_europe(demo: DemoManifest) -> None:
    for market, pattern in (("amazon.US", "%m/%d/%y"), ("amazon.UK", "%d/%m/%y"), ("amazon.DE", "%d/%m/%y")):
        for path in _files(demo, "seller_feedback", market):
            month = path.stem[-7:]
            for row in _tsv(path)[1]:
                assert datetime.strptime(row["Date"], pattern).strftime("%Y-%m") == month


# --- through the real import path ------------------------------------------------------------------------------


def _spec_exists(report_type: str) -> bool:
    return any(s.name == report_type for s in all_specs())


@pytest.mark.parametrize("family", sorted(REPORT_TYPES))
def test_each_family_imports_through_the_importer_with_no_rejected_rows(
    demo: DemoManifest, warehouse: Warehouse, family: str
) -> None:
    if not _spec_exists(REPORT_TYPES[family]):
        pytest.skip(f"no parser for {REPORT_TYPES[family]} yet")
    # given the family's files (the last four days of the daily ones, to keep the test quick)
    files = [f for f in demo.files if f.family == family]
    if family in ("sales_traffic", "inventory_planning"):
        files = [f for f in files if Path(f.path).stem[-10:] >= (END - timedelta(days=3)).isoformat()]
    assert files
    # when each is imported with the manifest's options
    for f in files:
        options = ImportOptions(
            marketplace=get_marketplace(f.marketplace) if f.marketplace else None,
            period=Period.parse(f.period) if f.period else None,
        )
        result = import_file(warehouse, demo.root / f.path, options)
        # then it is read as that report, whole (a month without feedback is the same header-only file as
        # another such month, which the importer sees as already imported)
        empty = f.path.endswith(".txt") and (demo.root / f.path).read_text(encoding="utf-8").count("\n") == 1
        status = "already_imported" if empty and result.status == "already_imported" else "loaded"
        assert (result.report_type, result.status, result.rows_rejected) == (
            REPORT_TYPES[family],
            status,
            0,
        ), f
        assert result.rows_loaded == result.rows_read > 0 or family in ("fba_returns", "seller_feedback")
        # the seller's own product master belongs to no marketplace; every other file to its folder's
        assert result.marketplace == (None if family == "product_master" else f.path.split("/")[0])


def test_imported_orders_and_sales_traffic_agree_in_the_warehouse(
    demo: DemoManifest, warehouse: Warehouse
) -> None:
    if not (_spec_exists("amazon.all_orders") and _spec_exists("amazon.sales_traffic_json")):
        pytest.skip("the All Orders or Sales and Traffic parser is not there yet")
    # given the last month of UK orders and its last four days of Sales and Traffic, imported
    orders = [f for f in demo.files if f.family == "all_orders" and f.path.startswith("amazon.UK/")][-1]
    week = [(END - timedelta(days=k)).isoformat() for k in range(4)]
    traffic = [
        f
        for f in demo.files
        if f.family == "sales_traffic" and f.path.startswith("amazon.UK/") and Path(f.path).stem in week
    ]
    for f in [orders, *traffic]:
        import_file(
            warehouse, demo.root / f.path, ImportOptions(period=Period.parse(f.period) if f.period else None)
        )
    # then units per SKU and day are the same in both tables
    mismatches = warehouse.con.execute(
        """
        WITH st AS (SELECT sku, period_from AS day, sum(units_ordered) AS units FROM sales_traffic GROUP BY ALL),
             ol AS (SELECT sku, purchase_date AS day, sum(quantity) AS units FROM order_line
                    WHERE purchase_date >= ? GROUP BY ALL)
        SELECT count(*) FROM st FULL JOIN ol USING (sku, day) WHERE coalesce(st.units, 0) <> coalesce(ol.units, 0)
        """,
        [END - timedelta(days=3)],
    ).fetchone()
    assert mismatches == (0,)
