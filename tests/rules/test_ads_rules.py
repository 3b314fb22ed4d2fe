"""ACoS outside the 25–35 % band over seven days becomes one finding per SKU, with the spend above the band."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sellerops.analytics.ads import SkuEconomics
from sellerops.core.money import Money
from sellerops.core.text import Text
from sellerops.rules.ads_rules import acos_window, findings_from_acos
from sellerops.rules.config import load_rules
from sellerops.rules.findings import Evidence, Finding

AS_OF = dt.date(2026, 7, 31)
US = "amazon.US"
ACTION_ZH = "广告花费 {spend},带来广告销售额 {sales}。高于区间:否定只花钱不出单的搜索词并降低出价;低于区间:提高转化好的词的出价以获取更多流量。"


def _row(sku: str, spend: str, sales: str, clicks: int = 40) -> dict[str, object]:
    acos = (Decimal(spend) / Decimal(sales)).quantize(Decimal("0.0001")) if Decimal(sales) else None
    return {"marketplace": US, "sku": sku, "currency": "USD", "ad_spend": Decimal(spend), "ad_sales": Decimal(sales),
            "ad_clicks": clicks, "acos": acos}  # fmt: skip


def _action(spend: str, sales: str) -> Text:
    return Text(
        en=f"Ad spend {spend} brought {sales} of attributed sales. Above the band: negate search terms that spend "
        "without selling and lower bids; below it: raise bids on converting terms to win more traffic.",
        zh=ACTION_ZH.format(spend=spend, sales=sales),
    )


def test_acos_outside_the_band_is_a_finding_per_sku(tmp_path: Path) -> None:
    # given seven days of ad totals per SKU, and a user band of up to 45 % for Clothing
    user = tmp_path / "rules.yaml"
    user.write_text(
        "overrides:\n  - {category: Clothing, rules: {ads.acos_band: {thresholds: {high: 0.45}}}}\n"
    )
    rows = [
        _row("S1", "50", "100"),  # 50 %: above, and ≥ 50 % is high
        _row("S2", "30", "0"),  # spend without sales: above, all of it at stake
        _row("S3", "20", "100"),  # 20 %: below the band, low
        _row("S4", "5", "0"),  # under the 10 minimum spend: too small to judge
        _row("S5", "30", "100"),  # 30 %: inside
        _row("C1", "40", "100"),  # 40 %: inside Clothing's band
        _row("", "99", "0"),  # ads not tied to a SKU
    ]
    # when the ACoS rule runs
    findings = findings_from_acos(rows, config=load_rules(user), as_of=AS_OF, categories={"C1": "Clothing"})
    # then S1 (50 − 0.35 × 100 = 15 above the band), S2 (30) and S3 (nothing lost) are reported
    assert findings == [
        Finding(
            rule="ads.acos_band", severity="high", platform="amazon", marketplace=US, sku="S1", metric="acos",
            value=Decimal("0.5"), threshold=Decimal("0.35"), baseline=None,
            evidence=(Evidence("ad_spend", Decimal(50), None, "USD"), Evidence("ad_sales", Decimal(100), None, "USD"),
                      Evidence("acos", Decimal("0.5"), Decimal("0.35"), "%"), Evidence("ad_clicks", 40),
                      Evidence("spend_above_band", Decimal(15), None, "USD")),
            process_node="traffic/ads", money_at_stake=Money(Decimal(15), "USD"),
            suggested_action=_action("50.00 USD", "100.00 USD"), as_of=AS_OF, entity="S1",
            title=Text(en="amazon.US S1: ACoS 50% over 7 days is above the 25%–35% band",
                       zh="amazon.US S1:近 7 天 ACoS 50%,高于 25%–35% 区间"),
        ),
        Finding(
            rule="ads.acos_band", severity="high", platform="amazon", marketplace=US, sku="S2", metric="acos",
            value=None, threshold=Decimal("0.35"), baseline=None,
            evidence=(Evidence("ad_spend", Decimal(30), None, "USD"), Evidence("ad_sales", Decimal(0), None, "USD"),
                      Evidence("acos", None, Decimal("0.35"), "%"), Evidence("ad_clicks", 40),
                      Evidence("spend_above_band", Decimal(30), None, "USD")),
            process_node="traffic/ads", money_at_stake=Money(Decimal(30), "USD"),
            suggested_action=_action("30.00 USD", "0.00 USD"), as_of=AS_OF, entity="S2",
            title=Text(en="amazon.US S2: ACoS ∞ over 7 days is above the 25%–35% band",
                       zh="amazon.US S2:近 7 天 ACoS ∞,高于 25%–35% 区间"),
        ),
        Finding(
            rule="ads.acos_band", severity="low", platform="amazon", marketplace=US, sku="S3", metric="acos",
            value=Decimal("0.2"), threshold=Decimal("0.25"), baseline=None,
            evidence=(Evidence("ad_spend", Decimal(20), None, "USD"), Evidence("ad_sales", Decimal(100), None, "USD"),
                      Evidence("acos", Decimal("0.2"), Decimal("0.25"), "%"), Evidence("ad_clicks", 40)),
            process_node="traffic/ads", money_at_stake=None,
            suggested_action=_action("20.00 USD", "100.00 USD"), as_of=AS_OF, entity="S3",
            title=Text(en="amazon.US S3: ACoS 20% over 7 days is below the 25%–35% band",
                       zh="amazon.US S3:近 7 天 ACoS 20%,低于 25%–35% 区间"),
        ),
    ]  # fmt: skip


def test_the_window_is_the_seven_days_ending_on_as_of() -> None:
    assert acos_window(AS_OF) == (dt.date(2026, 7, 25), AS_OF)


def test_the_break_even_acos_joins_the_evidence() -> None:
    # given S1 at 50 % ACoS with a known break-even of 30.67 %, and S2 whose cost is unknown (break-even ≤ 100 %)
    rows = [_row("S1", "50", "100"), _row("S2", "30", "0")]
    economics = {
        (US, "S1"): SkuEconomics(US, "S1", "USD", 4, Decimal(75), Decimal(28), Decimal(24), Decimal(23),
                                 Decimal("0.3067"), ()),
        (US, "S2"): SkuEconomics(US, "S2", "USD", 1, Decimal(30), None, None, Decimal(30), Decimal(1),
                                 ("fees", "unit_cost")),
    }  # fmt: skip
    # when the ACoS rule runs with the SKUs' economics
    findings = findings_from_acos(rows, config=load_rules(), as_of=AS_OF, economics=economics)
    # then each finding's last evidence is the break-even, named as an upper bound where a cost is unknown
    assert [f.evidence[-1] for f in findings] == [
        Evidence("break_even_acos", Decimal("0.3067"), None, "%"),
        Evidence("break_even_acos_upper_bound", Decimal(1), None, "%"),
    ]
