"""The rules file: defaults, overrides by marketplace and category, and files refused with what to fix."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sellerops.analytics.channels import ChannelBuffer, StockPool
from sellerops.core.text import Text
from sellerops.errors import ConfigError
from sellerops.rules.config import load_rules
from sellerops.rules.settings import SeverityBands

OVERRIDES = """
rules:
  ads.acos_band:
    thresholds: {high: 0.40}
    title: {en: "ACoS {acos} of {sku}"}
overrides:
  - marketplace: amazon.de
    rules:
      ads.acos_band: {thresholds: {high: 0.30}, sla_hours: 12}
  - category: Clothing
    rules:
      ads.acos_band: {thresholds: {high: 0.45, low: 0.20}}
  - marketplace: amazon.DE
    category: Clothing
    rules:
      ads.acos_band: {thresholds: {high: 0.50}, enabled: false}
"""


def test_the_defaults_hold_the_seed_thresholds() -> None:
    # given no user file
    config = load_rules(defaults_text=None, path=None)
    # when the rules are read
    thresholds = {rule_id: config.rule(rule_id).thresholds for rule_id in config.rule_ids}
    # then they are the seeds' and Amazon's figures
    assert thresholds == {
        "health.order_defect_rate": {"max_rate": Decimal("0.01")},
        "health.late_shipment_rate": {"max_rate": Decimal("0.04")},
        "health.pre_fulfillment_cancellation_rate": {"max_rate": Decimal("0.025")},
        "health.valid_tracking_rate": {"min_rate": Decimal("0.95")},
        "health.on_time_delivery_rate": {"min_rate": Decimal("0.9")},
        "after_sales.negative_feedback": {"max_rating": Decimal(2), "lookback_days": Decimal(60)},
        "after_sales.a_to_z_claim": {"lookback_days": Decimal(14)},
        "after_sales.chargeback": {"lookback_days": Decimal(14)},
        "ads.acos_band": {"low": Decimal("0.25"), "high": Decimal("0.35"), "min_spend": Decimal(10)},
        "listing.conversion_below_category": {"days_running": Decimal(7)},
        "anomaly.sales_move": {},
        "ads.harvest": {
            "min_orders": Decimal(2),
            "min_clicks": Decimal(2),
            "target_acos": Decimal("0.30"),
            "lookback_days": Decimal(30),
            "min_daily_budget": Decimal("1.00"),
        },
        "ads.negative": {
            "min_clicks": Decimal(10),
            "target_acos": Decimal("0.30"),
            "ngram_max_words": Decimal(3),
            "ngram_min_terms": Decimal(2),
        },
        "ads.bid": {
            "min_clicks": Decimal(20),
            "target_acos": Decimal("0.30"),
            "max_step": Decimal("0.20"),
            "min_bid": Decimal("0.02"),
            "cooldown_days": Decimal(3),
        },
        "ads.budget": {
            "min_share": Decimal("0.95"),
            "min_capped_days": Decimal(3),
            "window_days": Decimal(7),
            "target_acos": Decimal("0.30"),
            "cut_acos": Decimal("0.50"),
            "raise_step": Decimal("0.20"),
            "cut_step": Decimal("0.20"),
        },
        "orders.address_invalid": {},
        "orders.payment_pending": {"pending_hours": Decimal(24)},
        "orders.duplicate": {"duplicate_hours": Decimal(2)},
        "orders.quantity_outlier": {
            "quantity_floor": Decimal(5),
            "quantity_factor": Decimal(3),
            "history_days": Decimal(90),
            "min_history_lines": Decimal(20),
        },
        "orders.ship_by_near": {"ship_by_hours": Decimal(24)},
        "stock.turnover": {"low": Decimal(6), "high": Decimal(8), "window_days": Decimal(90)},
        "stock.excess": {"excess_days": Decimal(90), "demand_days": Decimal(30)},
        "stock.aged": {},
        "stock.low_inventory_fee": {},
        "stock.stranded": {},
        "stock.ipi": {"line": Decimal(400)},
        "channels.oversell_risk": {},
        "channels.lost_sales": {},
        "ads.no_impressions": {
            "quiet_days": Decimal(7),
            "history_days": Decimal(30),
            "min_expected": Decimal(10),
            "budget_share": Decimal("0.95"),
            "min_capped_days": Decimal(3),
        },
        "ads.structure": {"lookback_days": Decimal(30)},
        "stock.reorder_now": {},
    }
    # and every rule promises an answer within a day or two, and says what "fixed" means in both languages
    odr = config.rule("health.order_defect_rate")
    assert (odr.sla_hours, odr.close_after_days, odr.process_node) == (24, 3, "account-health")
    assert odr.acceptance_text() == Text(
        en="Order defect rate below 1% in the 60-day window, every defective order answered.",
        zh="60 天窗口内订单缺陷率低于 1%,每个缺陷订单都已回复处理。",
    )
    assert odr.severity == SeverityBands.model_validate(
        {"default": "high", "bands": [{"at_least": "0.02", "severity": "critical"}]}
    )
    assert [config.rule(r).sla_hours for r in config.rule_ids if r.startswith("after_sales.")] == [24, 24, 24]


def test_the_most_specific_override_wins(tmp_path: Path) -> None:
    # given a user file changing the ACoS band everywhere, in Germany, for Clothing, and for German Clothing
    user = tmp_path / "sellerops-rules.yaml"
    user.write_text(OVERRIDES, encoding="utf-8")
    config = load_rules(user)

    # when the band is resolved for each combination
    def band(marketplace: str | None, category: str | None) -> tuple[Decimal, Decimal, bool, int]:
        rule = config.rule("ads.acos_band", marketplace=marketplace, category=category)
        return rule.thresholds["low"], rule.thresholds["high"], rule.enabled, rule.sla_hours

    # then marketplace+category > category > marketplace > the user's default > sellerops' default
    assert band("amazon.US", None) == (Decimal("0.25"), Decimal("0.40"), True, 48)
    assert band("amazon.DE", None) == (Decimal("0.25"), Decimal("0.30"), True, 12)
    assert band("amazon.US", "Clothing") == (Decimal("0.20"), Decimal("0.45"), True, 48)
    assert band("amazon.DE", "Clothing") == (Decimal("0.20"), Decimal("0.50"), False, 12)
    assert band("amazon.DE", "Home") == (Decimal("0.25"), Decimal("0.30"), True, 12)
    # and a template changed in one language keeps the other
    title = config.rule("ads.acos_band").title
    assert (title.en, title.zh) == (
        "ACoS {acos} of {sku}",
        "{marketplace} {sku}:近 7 天 ACoS {acos},{side} {low}–{high} 区间",
    )
    assert config.files == ("sellerops/rules/defaults.yaml", str(user))


def test_the_file_in_the_working_folder_is_read_without_being_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given ./sellerops-rules.yaml
    (tmp_path / "sellerops-rules.yaml").write_text(
        "rules:\n  health.late_shipment_rate: {thresholds: {max_rate: 0.03}}\n"
    )
    monkeypatch.chdir(tmp_path)
    # when the rules are loaded with no path
    config = load_rules()
    # then it applies
    assert config.rule("health.late_shipment_rate").thresholds == {"max_rate": Decimal("0.03")}


BAD_FILES = [
    ("rules:\n  ads.acos_band: {treshold: {high: 0.4}}\n",
     "{file}: rule 'ads.acos_band', key 'treshold': Extra inputs are not permitted (found {{'high': 0.4}}). "
     "What to do: correct 'treshold'; docs/rules.md lists every key and its type."),
    ("rules:\n  health.order_defect_rate: {sla_hours: soon}\n",
     "{file}: rule 'health.order_defect_rate', key 'sla_hours': Input should be a valid integer, unable to parse "
     "string as an integer (found 'soon'). What to do: correct 'sla_hours'; docs/rules.md lists every key and its type."),
    ("rules:\n  health.odr: {enabled: false}\n",
     "{file}: rule 'health.odr' is not a sellerops rule. What to do: did you mean health.order_defect_rate, "
     "health.on_time_delivery_rate, health.valid_tracking_rate, health.late_shipment_rate, "
     "health.pre_fulfillment_cancellation_rate? docs/rules.md lists every rule."),
    ("rules:\n  pricing.floor: {enabled: false}\n",
     "{file}: rule 'pricing.floor' is not a sellerops rule. What to do: docs/rules.md lists every rule."),
    ("overrides:\n  - {marketplace: amazon.US, rules: {ads.acos_band: {thresholds: {top: 0.4}}}}\n",
     "{file}: rule 'ads.acos_band', key 'thresholds.top': no such threshold. What to do: use low, high, min_spend."),
    ("rules:\n  after_sales.chargeback: {title: {zh: '{marketplace}:订单 {order} 拒付'}}\n",
     "{file}: rule 'after_sales.chargeback', key 'title.zh': unknown placeholder {{order}}. What to do: use only "
     "{{amount}}, {{marketplace}}, {{order_id}}."),
    ("rules:\n  ads.acos_band: {severity: urgent}\n",
     "{file}: rule 'ads.acos_band', key 'severity': Input should be 'critical', 'high', 'medium' or 'low' "
     "(found 'urgent'). What to do: correct 'severity'; docs/rules.md lists every key and its type."),
    ("overrides:\n  - {marketplace: amazon.XX, rules: {}}\n",
     "{file}: override for marketplace 'amazon.XX': not a marketplace sellerops knows. What to do: write it as "
     "sellerops names it, e.g. amazon.US or amazon.DE."),
    ("thresholds:\n  acos: 0.3\n",
     "{file}: key 'thresholds': Extra inputs are not permitted. What to do: a rules file has only `rules:` (rule id → "
     "settings), `overrides:` (a list of {{marketplace, category, rules}}), `stock_pools:` (a list of "
     "{{warehouse, channels: {{marketplace: {{share, max_listed, zero_out_at}}}}}}) and `events:` (a list of "
     "{{name, start, end, marketplace, skus}}); see docs/rules.md."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_a_bad_file_is_refused_naming_the_file_rule_and_key(tmp_path: Path, text: str, message: str) -> None:
    # given a user file with one mistake
    user = tmp_path / "rules.yaml"
    user.write_text(text, encoding="utf-8")
    # when it is loaded
    with pytest.raises(ConfigError) as refused:
        load_rules(user)
    # then the message names the file, the rule and the key, and says what to do
    assert str(refused.value) == message.format(file=user)


def test_broken_yaml_is_refused_with_its_line(tmp_path: Path) -> None:
    # given a file whose third line is not YAML
    user = tmp_path / "rules.yaml"
    user.write_text("rules:\n  ads.acos_band:\n    thresholds: {high: 0.4\n", encoding="utf-8")
    # when it is loaded
    with pytest.raises(ConfigError) as refused:
        load_rules(user)
    # then the file and line are named
    assert str(refused.value).startswith(f"{user}: line 4 is not valid YAML")


def test_a_missing_file_given_by_path_is_refused(tmp_path: Path) -> None:
    # given a path where nothing is
    missing = tmp_path / "nowhere.yaml"
    # when it is loaded, then it is refused rather than silently ignored
    with pytest.raises(ConfigError, match="no such rules file"):
        load_rules(missing)


def test_a_default_missing_a_key_is_refused() -> None:
    # given a defaults text whose rule has no SLA
    text = """
rules:
  x.rule:
    enabled: true
    thresholds: {}
    severity: low
    process_node: traffic/ads
    close_after_days: 1
    title: {en: a, zh: b}
    suggested_action: {en: a, zh: b}
    acceptance: {en: a, zh: b}
"""
    # when it is loaded, then the missing key is named
    with pytest.raises(ConfigError) as refused:
        load_rules(defaults_text=text)
    assert str(refused.value) == (
        "sellerops/rules/defaults.yaml: rule 'x.rule', key 'sla_hours': Field required. "
        "What to do: correct 'sla_hours'; docs/rules.md lists every key and its type."
    )


def test_stock_pools_name_a_warehouse_and_the_buffer_of_each_channel(tmp_path: Path) -> None:
    # given a team whose Shenzhen warehouse sells on Amazon US (merchant-fulfilled, at most 50 shown) and on
    # Shopee Singapore (half the stock, nothing shown once 2 or fewer are left)
    user = tmp_path / "rules.yaml"
    user.write_text(
        "stock_pools:\n"
        "  - warehouse: SZ-1\n"
        "    channels:\n"
        "      amazon.US: {max_listed: 50}\n"
        "      shopee.SG: {share: 0.5, zero_out_at: 2}\n",
        encoding="utf-8",
    )
    # when the rules are loaded
    pools = load_rules(user).stock_pools
    # then each channel has its buffer, and an unnamed setting its default (all the stock, no cap, no floor)
    assert pools == (
        StockPool("SZ-1", {"amazon.US": ChannelBuffer(Decimal(1), 50, 0),
                           "shopee.SG": ChannelBuffer(Decimal("0.5"), None, 2)}),
    )  # fmt: skip
    assert load_rules().stock_pools == ()


def test_a_share_above_one_is_refused_naming_the_file(tmp_path: Path) -> None:
    user = tmp_path / "rules.yaml"
    user.write_text(
        "stock_pools:\n  - {warehouse: SZ-1, channels: {amazon.US: {share: 1.5}}}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"rules\.yaml") as refused:
        load_rules(user)
    assert "share" in str(refused.value)
