"""The shipped stock fee tables (core/fees_amazon.yaml): versions by day, size tiers, rates, and refused files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sellerops.core.fees import SizedUnit, load_stock_fees, parse_stock_fees
from sellerops.errors import ConfigError

D = dt.date
FEES = load_stock_fees()


def test_the_version_in_force_follows_the_effective_dates() -> None:
    # given the US aged-surcharge versions 2023-04-15, 2024-02-15 and 2026-01-15
    # when each boundary day is looked up, then the 271–300 day rate is the one of that day's version
    def rate_on(day: dt.date) -> Decimal | None:
        schedule = FEES.aged_surcharge_on("amazon.US", day)
        return schedule.bands_for(271, 300)[0].per_cubic_foot if schedule else None

    assert [rate_on(d) for d in (D(2023, 4, 14), D(2023, 4, 15), D(2024, 2, 14), D(2024, 2, 15), D(2026, 1, 15))] == [
        None, Decimal("3.80"), Decimal("3.80"), Decimal("5.45"), Decimal("5.45"),
    ]  # fmt: skip
    assert FEES.aged_surcharge_on("amazon.UK", D(2026, 1, 15)) is None


def test_2026_splits_the_oldest_band_and_raises_its_per_unit_minimum() -> None:
    # given the 2026 table, when the 365+ bucket's bands are read
    bands = FEES.aged_surcharge_on("amazon.US", D(2026, 6, 1)).bands_for(366, None)  # type: ignore[union-attr]
    # then 12–15 months (366–455 days) and 15+ months, each the greater of a cubic-foot and a per-unit rate:
    # a 0.02 cu ft unit pays max(6.90 × 0.02, 0.30) = 0.30 and max(7.90 × 0.02, 0.35) = 0.35
    assert [(b.min_age_days, b.max_age_days, b.charge_per_unit(Decimal("0.02"))) for b in bands] == [
        (366, 455, Decimal("0.30")), (456, None, Decimal("0.35")),
    ]  # fmt: skip


def test_next_assessment_is_the_15th_on_or_after_the_day() -> None:
    schedule = FEES.aged_surcharge_on("amazon.US", D(2025, 12, 20))
    assert schedule is not None
    assert [schedule.next_assessment(d) for d in (D(2025, 12, 15), D(2025, 12, 16), D(2025, 11, 1))] == [
        D(2025, 12, 15), D(2026, 1, 15), D(2025, 11, 15),
    ]  # fmt: skip


def test_size_tiers_and_shipping_weight() -> None:
    tiers = FEES.size_tiers_on("amazon.US", D(2026, 3, 1))
    assert tiers is not None
    # a 15 × 12 × 0.75 in unit of 1 lb is small standard, judged on its unit weight
    small = tiers.classify((Decimal(15), Decimal(12), Decimal("0.75")), Decimal(1))
    # 18 × 14 × 8 in = 2016 in³ → dimensional weight 2016 / 139 = 14.50 lb > its 2 lb unit weight: large standard
    large = tiers.classify((Decimal(8), Decimal(18), Decimal(14)), Decimal(2))
    # 30 × 20 × 10 in, 8 lb: too big for large standard, small bulky (2026) with 6000 / 139 = 43.17 lb
    bulky = tiers.classify((Decimal(30), Decimal(20), Decimal(10)), Decimal(8))
    # the same unit on 1 Jan 2026, before small bulky existed: large bulky
    before = FEES.size_tiers_on("amazon.US", D(2026, 1, 1)).classify(  # type: ignore[union-attr]
        (Decimal(30), Decimal(20), Decimal(10)), Decimal(8)
    )
    assert (small, large.tier, round(large.shipping_weight_lb, 2), bulky.tier, before.tier) == (
        SizedUnit("small_standard", Decimal(1)), "large_standard", Decimal("14.50"), "small_bulky", "large_bulky",
    )  # fmt: skip


def test_low_inventory_rates_by_tier_weight_and_days_of_supply() -> None:
    schedule = FEES.low_inventory_on("amazon.US", D(2026, 3, 1))
    assert schedule is not None
    rate = schedule.rate
    assert [
        rate("small_standard", Decimal("0.5"), Decimal("13.9")),  # under 14 days
        rate("small_standard", Decimal("0.5"), Decimal(14)),  # 14–21
        rate("large_standard", Decimal("2.5"), Decimal("27.9")),  # ≤ 3 lb, 21–28
        rate("large_standard", Decimal(4), Decimal(10)),  # 3–20 lb
        rate("large_standard", Decimal(4), Decimal(28)),  # at the trigger: no fee
        rate("large_bulky", Decimal(30), Decimal(10)),  # in scope from 2026, no rate captured: unknown
        rate("extra_large", Decimal(80), Decimal(10)),  # out of scope
    ] == [Decimal("0.89"), Decimal("0.63"), Decimal("0.36"), Decimal("1.11"), Decimal(0), None, Decimal(0)]


_VERSION = """
  - marketplace: amazon.US
    currency: USD
    effective_from: {start}
    effective_to: {end}
    assessment_day: 15
    exempt_categories: []
    exempt_below_age_days: 271
    source: test
    certainty: official
    bands:
      - {{min_age_days: 181, max_age_days: 210, per_cubic_foot: "0.50", certainty: official}}
      - {{min_age_days: {second}, max_age_days: null, per_cubic_foot: "1.00", certainty: official}}
"""


def _file(*versions: str) -> str:
    return "aged_inventory_surcharge:" + "".join(versions) + "\nlow_inventory_level_fee: []\nsize_tiers: []\n"


def test_overlapping_versions_are_refused() -> None:
    # given two versions where the first never ends
    text = _file(_VERSION.format(start="2024-01-01", end="null", second=211),
                 _VERSION.format(start="2025-01-01", end="null", second=211))  # fmt: skip
    # when read, then the file is refused, naming both versions
    with pytest.raises(ConfigError, match="versions from 2024-01-01 and 2025-01-01 overlap"):
        parse_stock_fees(text, name="fees.yaml")


def test_a_gap_between_bands_is_refused() -> None:
    text = _file(_VERSION.format(start="2024-01-01", end="null", second=215))
    with pytest.raises(ConfigError, match=r"fees\.yaml: .*bands must follow each other"):
        parse_stock_fees(text, name="fees.yaml")


def test_a_back_to_back_history_is_read() -> None:
    text = _file(_VERSION.format(start="2024-01-01", end="2024-12-31", second=211),
                 _VERSION.format(start="2025-01-01", end="null", second=211))  # fmt: skip
    tables = parse_stock_fees(text)
    assert [v.effective_from for v in tables.aged_inventory_surcharge] == [D(2024, 1, 1), D(2025, 1, 1)]
