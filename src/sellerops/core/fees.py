"""Amazon's stock-dependent fee tables as versioned data: which aged inventory surcharge, low-inventory-level fee
and size tiers were in force on a day, read from `fees_amazon.yaml` beside this module.

The figures, their sources and how sure each one is live in the data file (from shared/formats/fees.md); this
module only reads, checks and looks them up. Lengths are inches and weights pounds, as Amazon's US tables state
them; `inches` and `pounds` convert the product master's centimetres and kilograms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from sellerops.errors import ConfigError

DATA_FILE = "fees_amazon.yaml"
Certainty = Literal["official", "third_party", "unverified"]
SizeTier = Literal["small_standard", "large_standard", "small_bulky", "large_bulky", "extra_large"]
CM_PER_INCH = Decimal("2.54")
KG_PER_POUND = Decimal("0.45359237")
CUBIC_INCHES_PER_FOOT = Decimal(1728)
DIM_WEIGHT_DIVISOR = Decimal(139)  # cubic inches per pound of dimensional weight (fees.md §2.1)
_BULKY_MIN_SIDE = Decimal(2)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Version(_Frozen):
    marketplace: str
    effective_from: dt.date
    effective_to: dt.date | None  # the last day in force; None while current
    source: str
    certainty: Certainty

    def in_force(self, marketplace: str, day: dt.date) -> bool:
        return (
            self.marketplace == marketplace
            and self.effective_from <= day
            and (self.effective_to is None or day <= self.effective_to)
        )


class AgedSurchargeBand(_Frozen):
    """One age band of the aged inventory surcharge: ages in days, both ends included (None: no upper end)."""

    min_age_days: int
    max_age_days: int | None
    per_cubic_foot: Decimal
    per_unit: Decimal | None = None  # when set, a unit pays the greater of this and its cubic-foot charge
    certainty: Certainty

    def charge_per_unit(self, cubic_feet: Decimal) -> Decimal:
        by_volume = self.per_cubic_foot * cubic_feet
        return max(by_volume, self.per_unit) if self.per_unit is not None else by_volume

    def overlaps(self, min_age_days: int, max_age_days: int | None) -> bool:
        starts_before_end = max_age_days is None or self.min_age_days <= max_age_days
        ends_after_start = self.max_age_days is None or self.max_age_days >= min_age_days
        return starts_before_end and ends_after_start


class AgedSurchargeSchedule(_Version):
    currency: str
    assessment_day: int  # the day of each month the snapshot is taken
    exempt_categories: tuple[str, ...]
    exempt_below_age_days: int  # the exempt categories pay no band that starts below this age
    bands: tuple[AgedSurchargeBand, ...]

    @model_validator(mode="after")
    def _bands_ascend(self) -> AgedSurchargeSchedule:
        for before, after in pairwise(self.bands):
            if before.max_age_days is None or after.min_age_days != before.max_age_days + 1:
                raise ValueError(
                    f"bands must follow each other without gap or overlap: {before} then {after}"
                )
        return self

    def bands_for(
        self, min_age_days: int, max_age_days: int | None, *, category: str | None = None
    ) -> tuple[AgedSurchargeBand, ...]:
        """The bands an age range (e.g. the report's 181–270 bucket) falls in, less those the category is exempt
        from."""
        exempt = category is not None and category.strip().lower() in {
            c.lower() for c in self.exempt_categories
        }
        return tuple(
            b
            for b in self.bands
            if b.overlaps(min_age_days, max_age_days)
            and not (exempt and b.min_age_days < self.exempt_below_age_days)
        )

    def next_assessment(self, day: dt.date) -> dt.date:
        """The first assessment day on or after `day`."""
        this_month = day.replace(day=self.assessment_day)
        if this_month >= day:
            return this_month
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
        return dt.date(year, month, self.assessment_day)


class LowInventoryRate(_Frozen):
    size_tier: SizeTier
    max_shipping_weight_lb: Decimal
    below_days: (
        int  # the rate applies when days of supply are below this (and at or above the next lower row)
    )
    per_unit: Decimal


class LowInventorySchedule(_Version):
    currency: str
    trigger_days: int
    level: Literal["parent", "fnsku"]
    size_tiers: tuple[
        SizeTier, ...
    ]  # the tiers the fee applies to; a tier in scope without a rate is unknown
    rates: tuple[LowInventoryRate, ...]

    def rate(
        self, size_tier: SizeTier, shipping_weight_lb: Decimal, days_of_supply: Decimal
    ) -> Decimal | None:
        """The fee per unit shipped, or None when the tier is in scope but no rate is known. Zero when out of scope
        or at or above the trigger."""
        if size_tier not in self.size_tiers or days_of_supply >= self.trigger_days:
            return Decimal(0)
        rows = [
            r
            for r in self.rates
            if r.size_tier == size_tier
            and shipping_weight_lb <= r.max_shipping_weight_lb
            and days_of_supply < r.below_days
        ]
        if not rows:
            return None
        lightest = min(r.max_shipping_weight_lb for r in rows)
        return min(
            (r for r in rows if r.max_shipping_weight_lb == lightest), key=lambda r: r.below_days
        ).per_unit


class SizeTierLimit(_Frozen):
    name: SizeTier
    max_weight_lb: Decimal
    weight: Literal["unit", "shipping"]  # which weight the limit is judged on
    longest_in: Decimal
    median_in: Decimal
    shortest_in: Decimal
    max_length_girth_in: Decimal | None = None


@dataclass(frozen=True)
class SizedUnit:
    """A unit's size tier and the shipping weight its fees are looked up by."""

    tier: SizeTier
    shipping_weight_lb: Decimal


class SizeTierSchedule(_Version):
    tiers: tuple[SizeTierLimit, ...]

    def classify(self, sides_in: tuple[Decimal, Decimal, Decimal], unit_weight_lb: Decimal) -> SizedUnit:
        """The unit's size tier and the shipping weight its fees are looked up by."""
        longest, median, shortest = sorted(sides_in, reverse=True)
        girth = longest + 2 * (median + shortest)
        for tier in self.tiers:
            bulky = tier.name in ("small_bulky", "large_bulky")
            shipping = (
                unit_weight_lb if tier.weight == "unit" else shipping_weight(sides_in, unit_weight_lb, bulky)
            )
            fits = (
                shipping <= tier.max_weight_lb
                and longest <= tier.longest_in
                and median <= tier.median_in
                and shortest <= tier.shortest_in
                and (tier.max_length_girth_in is None or girth <= tier.max_length_girth_in)
            )
            if fits:
                return SizedUnit(tier.name, shipping)
        return SizedUnit("extra_large", unit_weight_lb)


class StockFeeTables(_Frozen):
    """Every version of the stock-dependent fee tables, for every marketplace the data file covers."""

    aged_inventory_surcharge: tuple[AgedSurchargeSchedule, ...]
    low_inventory_level_fee: tuple[LowInventorySchedule, ...]
    size_tiers: tuple[SizeTierSchedule, ...]

    @model_validator(mode="after")
    def _versions_do_not_overlap(self) -> StockFeeTables:
        families: tuple[tuple[str, tuple[_Version, ...]], ...] = (
            ("aged_inventory_surcharge", self.aged_inventory_surcharge),
            ("low_inventory_level_fee", self.low_inventory_level_fee),
            ("size_tiers", self.size_tiers),
        )
        for name, versions in families:
            ordered = sorted(versions, key=lambda v: (v.marketplace, v.effective_from))
            for before, after in pairwise(ordered):
                same = before.marketplace == after.marketplace
                if same and (before.effective_to is None or before.effective_to >= after.effective_from):
                    raise ValueError(
                        f"{name}: the {before.marketplace} versions from {before.effective_from} and "
                        f"{after.effective_from} overlap; end the older one the day before the newer starts"
                    )
        return self

    def aged_surcharge_on(self, marketplace: str, day: dt.date) -> AgedSurchargeSchedule | None:
        return next((v for v in self.aged_inventory_surcharge if v.in_force(marketplace, day)), None)

    def low_inventory_on(self, marketplace: str, day: dt.date) -> LowInventorySchedule | None:
        return next((v for v in self.low_inventory_level_fee if v.in_force(marketplace, day)), None)

    def size_tiers_on(self, marketplace: str, day: dt.date) -> SizeTierSchedule | None:
        return next((v for v in self.size_tiers if v.in_force(marketplace, day)), None)


def inches(centimetres: Decimal) -> Decimal:
    return centimetres / CM_PER_INCH


def pounds(kilograms: Decimal) -> Decimal:
    return kilograms / KG_PER_POUND


def cubic_feet(sides_in: tuple[Decimal, Decimal, Decimal]) -> Decimal:
    length, width, height = sides_in
    return length * width * height / CUBIC_INCHES_PER_FOOT


def shipping_weight(
    sides_in: tuple[Decimal, Decimal, Decimal], unit_weight_lb: Decimal, bulky: bool
) -> Decimal:
    """The greater of unit weight and dimensional weight; bulky units count width and height as at least 2 in."""
    longest, median, shortest = sorted(sides_in, reverse=True)
    if bulky:
        median, shortest = max(median, _BULKY_MIN_SIDE), max(shortest, _BULKY_MIN_SIDE)
    return max(unit_weight_lb, longest * median * shortest / DIM_WEIGHT_DIVISOR)


def parse_stock_fees(text: str, *, name: str = DATA_FILE) -> StockFeeTables:
    """Read and check a fee data file's text; `name` is used in error messages."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{name}: not valid YAML ({exc}). What to do: fix the file's syntax.") from None
    try:
        return StockFeeTables.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)
        )
        raise ConfigError(f"{name}: {problems}. What to do: correct these entries.") from None


@cache
def load_stock_fees() -> StockFeeTables:
    """The fee tables shipped with sellerops (read once)."""
    text = resources.files("sellerops.core").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse_stock_fees(text)
