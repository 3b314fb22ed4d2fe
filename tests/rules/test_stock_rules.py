"""Stock and channel findings of the analytics become morning-check findings with the rules' texts and severities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sellerops.analytics.channels import ChannelStockFinding
from sellerops.analytics.stock import StockFact, StockFinding, StockPolicy, StockRow, TurnoverBand
from sellerops.core.money import Money
from sellerops.core.text import Text
from sellerops.rules.config import load_rules
from sellerops.rules.findings import Evidence, Finding
from sellerops.rules.stock_rules import findings_from_channels, findings_from_stock, stock_policy

AS_OF = dt.date(2026, 10, 31)
US = "amazon.US"


def test_the_policy_is_the_rules_files_thresholds(tmp_path: Path) -> None:
    # given the defaults, and a team whose UK band is 4–6 turns
    user = tmp_path / "rules.yaml"
    user.write_text(
        "overrides:\n  - {marketplace: amazon.UK, rules: {stock.turnover: {thresholds: {low: 4, high: 6}}}}\n"
    )
    config = load_rules(user)
    # when each marketplace's stock policy is read
    us, uk = stock_policy(config, marketplace=US), stock_policy(config, marketplace="amazon.UK")
    # then the US has the seeds' 6–8 band, 90-day windows and the 400 line; the UK its own band
    assert us == StockPolicy(turnover_band=TurnoverBand(Decimal(6), Decimal(8)), turnover_window_days=90,
                             excess_days=90, demand_days=30)  # fmt: skip
    assert us.ipi.line == 400
    assert uk.turnover_band == TurnoverBand(Decimal(4), Decimal(6))


def test_an_excess_sku_is_a_finding_with_its_facts_and_source_row() -> None:
    # given 240 days of supply on SKU D-1, 120 units beyond 90 days at 4.00 cost
    found = StockFinding(
        "excess", US, "D-1", "D-1", "days_of_supply", Decimal(240), Decimal(90), Decimal("480.00"), "USD",
        (StockFact("excess_units", 120, "units"), StockFact("daily_demand", Decimal("0.8"), "units")),
        (StockRow("inventory_snapshot", (US, "FBA", "D-1", "2026-10-31"), 7),),
    )  # fmt: skip
    # when the rules judge it
    findings = findings_from_stock([found], config=load_rules(), as_of=AS_OF)
    # then it is high (240 ≥ 180 days), with the units at cost at stake and the snapshot row as its source
    assert findings == [
        Finding(
            rule="stock.excess", severity="high", platform="amazon", marketplace=US, sku="D-1",
            metric="days_of_supply", value=Decimal(240), threshold=Decimal(90), baseline=None,
            evidence=(Evidence("excess_units", 120), Evidence("daily_demand", Decimal("0.8")),
                      Evidence("source", "inventory_snapshot amazon.US/FBA/D-1/2026-10-31")),
            process_node="inventory/fulfilment", money_at_stake=Money(Decimal("480.00"), "USD"),
            suggested_action=Text(
                "Stop replenishing D-1; lower its price or run a coupon, and plan a removal for what will not sell "
                "before it ages.",
                "暂停 D-1 的补货;降价或设置优惠券,对老化前卖不掉的部分安排移除。"),
            as_of=AS_OF, entity="D-1",
            title=Text("amazon.US D-1: 240 days of supply, above 90", "amazon.US D-1:可售天数 240,超过 90 天"),
        )
    ]  # fmt: skip


def test_an_ipi_proxy_under_the_line_is_one_marketplace_finding() -> None:
    found = StockFinding("ipi", US, US, None, "ipi_proxy", Decimal(350), Decimal(400), None, None, (), ())
    (finding,) = findings_from_stock([found], config=load_rules(), as_of=AS_OF)
    assert (finding.rule, finding.severity, finding.sku, finding.entity, finding.title.en) == (
        "stock.ipi", "high", None, US,
        "amazon.US: inventory performance (IPI proxy) 350 is under the 400 storage-limit line",
    )  # fmt: skip


def test_a_listing_showing_more_than_the_pool_can_sell_is_an_oversell_finding() -> None:
    # given a Shopee listing showing 12 while the pool can promise 3 and one order is open
    found = ChannelStockFinding(
        "oversell_risk", "shopee.SG", "D-1", "L9", "listed_quantity", 12, 3, 3, ("O1",),
        (("listing", ("shopee.SG", "D-1", "2026-10-31")),),
    )  # fmt: skip
    # when the rules judge it
    (finding,) = findings_from_channels((found,), config=load_rules(), as_of=AS_OF)
    # then the finding names the listing and what it should show
    assert finding.rule == "channels.oversell_risk"
    assert finding.entity == "D-1@L9"
    assert finding.severity == "high"
    assert finding.title.en == "shopee.SG D-1: the listing shows 12 but only 3 can be sold"
    assert finding.evidence == (
        Evidence("listed_quantity", 12), Evidence("quantity_to_show", 3), Evidence("available_to_promise", 3),
        Evidence("open_orders", "O1"), Evidence("source", "listing shopee.SG/D-1/2026-10-31"),
    )  # fmt: skip
