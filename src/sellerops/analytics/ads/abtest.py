"""A/B tests of click-through and conversion rates, judged with a proper two-proportion test and a minimum sample.

Each arm is a proportion: clicks of impressions (CTR), orders of clicks (ad conversion), or order items of
sessions (session conversion, from the Business Report). Two arms are compared with

- a **two-proportion z-test with pooled variance** (statsmodels `proportions_ztest`), or **Fisher's exact test**
  (scipy) when an expected cell count is under 5, where the normal approximation fails;
- the difference B − A with its **Newcombe interval** (statsmodels `confint_proportions_2indep`), which keeps its
  coverage near 0 % and 100 % where the textbook Wald interval does not;
- the **sample per arm needed** to detect the observed difference at the chosen significance and power
  (n = (z₁₋α/₂·√(2p̄q̄) + z₁₋β·√(p₁q₁ + p₂q₂))² / (p₁ − p₂)², Fleiss without continuity correction), so that
  "no difference" and "too little data to tell" are told apart.

An arm with fewer trials than the minimum (impressions, clicks or sessions) is "not enough data", never a verdict.

Designs. Two periods of one SKU or campaign ("before_after", e.g. a main image changed between them) is
observational: season, price and competitors move rates too. So the rest of the marketplace over the same two
periods is the control: its change is reported, and the verdict is on the subject's change beyond it
(difference in differences, z = (Δsubject − Δcontrol) / √(sum of the four arms' p·q/n)). Two SKUs or campaigns
over the same days ("side_by_side") share the season but not the audience: the note says so.

Caveat written in the docs: impressions and clicks of one shopper are not independent trials, so the p-values
are optimistic when a few shoppers make many of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sellerops.analytics.ads.proportions import (
    NAMES,
    AbTestSettings,
    Arm,
    Metric,
    ProportionTest,
    compare_proportions,
)
from sellerops.core.periods import Period
from sellerops.core.text import Text
from sellerops.errors import InputError

Design = Literal["before_after", "side_by_side", "other"]


@dataclass(frozen=True)
class ArmSpec:
    """What one arm measures: a period, and a SKU or ASIN, or a campaign, or neither (the whole marketplace)."""

    period: Period
    product: str | None = None
    campaign: str | None = None

    @property
    def subject(self) -> str:
        return self.product or self.campaign or "all"

    def label(self, side: str) -> str:
        return f"{side}: {self.subject} {self.period}"


@dataclass(frozen=True)
class AbTest:
    """The tests of one comparison (CTR, ad conversion, session conversion: those the data allows), its design,
    and notes on what was not tested and why."""

    marketplace: str
    a: ArmSpec
    b: ArmSpec
    design: Design
    tests: tuple[ProportionTest, ...]
    notes: tuple[Text, ...] = ()


COMPLETE_GRAINS = (
    "campaign",
    "targeting",
    "advertised_product",
    "bulk_campaign",
    "bulk_targeting",
    "bulk_product_ad",
)
PRODUCT_GRAINS = ("advertised_product", "bulk_product_ad")
# Search-term reports list only clicked terms: their impressions undercount, so they serve conversion only.
CONVERSION_ONLY_GRAINS = ("bulk_search_term", "custom_search_term", "search_term")
WINDOWS = (7, 14, None)


def design_of(a: ArmSpec, b: ArmSpec) -> Design:
    if a.subject == b.subject:
        return "before_after"
    return "side_by_side" if a.period == b.period else "other"


def check_arms(a: ArmSpec, b: ArmSpec) -> None:
    """Refuse comparisons that cannot mean anything, saying what to give instead."""
    for side, arm in (("A", a), ("B", b)):
        if arm.product and arm.campaign:
            raise InputError(f"arm {side} names both a SKU and a campaign: give one of them")
    if (a.product is None) != (b.product is None) or (a.campaign is None) != (b.campaign is None):
        raise InputError(
            "compare like with like: both arms a SKU, both a campaign, or both the whole marketplace"
        )
    if a.subject == b.subject and a.period.overlaps(b.period):
        raise InputError(
            f"the periods {a.period} and {b.period} overlap for the same {a.subject}: give two separate periods "
            "(before and after the change)"
        )


def _subject(t: Any, spec: ArmSpec, *, traffic: bool = False) -> Any:
    if spec.product is not None:
        if traffic:
            return (t.sku == spec.product) | (t.child_asin == spec.product)
        return (t.advertised_sku.fill_null("") == spec.product) | (
            t.advertised_asin.fill_null("") == spec.product
        )
    if spec.campaign is not None:
        return t.campaign_name.fill_null("") == spec.campaign
    return None


def _inside(t: Any, period: Period) -> Any:
    return (t.period_from >= period.start) & (t.period_to <= period.end)


def ad_counts(
    ad_performance: Any, *, marketplace: str, spec: ArmSpec, rest: bool = False
) -> dict[tuple[str, int | None], dict[str, int]]:
    """Impressions, clicks, orders and days per (report type, attribution window) of the rows inside the arm's
    period about its subject (or, with `rest`, about everything else in the marketplace)."""
    t = ad_performance
    grains = PRODUCT_GRAINS if spec.product is not None else COMPLETE_GRAINS + CONVERSION_ONLY_GRAINS
    t = t.filter((t.marketplace == marketplace) & t.report_type.isin(list(grains)) & _inside(t, spec.period))
    subject = _subject(t, spec)
    if subject is not None:
        t = t.filter(~subject if rest else subject)
    elif rest:
        return {}
    got = t.group_by(["report_type", "attribution_days", "period_from", "period_to"]).aggregate(
        impressions=t.impressions.sum(), clicks=t.clicks.sum(), orders=t.orders.sum()
    )
    out: dict[tuple[str, int | None], dict[str, int]] = {}
    for r in got.to_pyarrow().to_pylist():
        c = out.setdefault((r["report_type"], r["attribution_days"]),
                           {"impressions": 0, "clicks": 0, "orders": 0, "days": 0})  # fmt: skip
        c["impressions"] += r["impressions"] or 0
        c["clicks"] += r["clicks"] or 0
        c["orders"] += r["orders"] or 0
        c["days"] += (r["period_to"] - r["period_from"]).days + 1
    return out


def session_counts(
    sales_traffic: Any, *, marketplace: str, spec: ArmSpec, exclude_asins: set[str] | None = None
) -> tuple[dict[str, int], set[str]]:
    """Sessions, order items and days of the subject inside the period, and the ASINs they belong to. Sessions
    belong to the ASIN (repeated on each of its SKU rows), so they are counted once per ASIN and period; order
    items (units where the report has no order items) are summed over the SKU rows."""
    t = sales_traffic
    t = t.filter((t.marketplace == marketplace) & _inside(t, spec.period))
    subject = _subject(t, spec, traffic=True)
    if exclude_asins is not None:
        t = t.filter(~t.child_asin.isin(sorted(exclude_asins))) if exclude_asins else t
    elif subject is not None:
        t = t.filter(subject)
    per_asin = t.group_by(["child_asin", "period_from", "period_to"]).aggregate(
        sessions=t.sessions.max(), orders=t.order_items.fill_null(t.units_ordered).sum()
    )
    rows = per_asin.to_pyarrow().to_pylist()
    periods = {(r["period_from"], r["period_to"]) for r in rows}
    counts = {
        "sessions": sum(r["sessions"] or 0 for r in rows),
        "orders": sum(r["orders"] or 0 for r in rows),
        "days": sum((end - start).days + 1 for start, end in periods),
    }
    return counts, {r["child_asin"] for r in rows}


def ab_test(
    ad_performance: Any, sales_traffic: Any | None, *, marketplace: str, a: ArmSpec, b: ArmSpec,
    settings: AbTestSettings | None = None,
) -> AbTest:  # fmt: skip
    """CTR, ad conversion and (for a SKU or the whole marketplace) session conversion of B against A (default
    settings: `AbTestSettings()`)."""
    settings = settings or AbTestSettings()
    check_arms(a, b)
    design = design_of(a, b)
    notes: list[Text] = []
    tests: list[ProportionTest] = []
    counts_a, counts_b = (ad_counts(ad_performance, marketplace=marketplace, spec=s) for s in (a, b))
    metrics: tuple[Metric, ...] = ("ctr", "ad_conversion")
    for metric in metrics:
        grain = _common_grain(counts_a, counts_b, metric)
        if grain is None:
            notes.append(_no_rows(metric, a, b))
            continue
        win, trial = ("clicks", "impressions") if metric == "ctr" else ("orders", "clicks")
        arms = [Arm(s.label(side), c[grain][win], c[grain][trial], c[grain]["days"])
                for side, s, c in (("A", a, counts_a), ("B", b, counts_b))]  # fmt: skip
        control = None
        if design == "before_after" and a.subject != "all":
            ra, rb = (
                ad_counts(ad_performance, marketplace=marketplace, spec=s, rest=True).get(grain)
                for s in (a, b)
            )
            if ra and rb:
                control = (Arm(f"A: rest {a.period}", ra[win], ra[trial], ra["days"]),
                           Arm(f"B: rest {b.period}", rb[win], rb[trial], rb["days"]))  # fmt: skip
        tests.append(compare_proportions(arms[0], arms[1], metric=metric, settings=settings, control=control))
    if sales_traffic is not None and a.campaign is None:
        (sa, asins_a), (sb, asins_b) = (
            session_counts(sales_traffic, marketplace=marketplace, spec=s) for s in (a, b)
        )
        if sa["sessions"] and sb["sessions"]:
            arms = [Arm(s.label(side), c["orders"], c["sessions"], c["days"])
                    for side, s, c in (("A", a, sa), ("B", b, sb))]  # fmt: skip
            control = None
            if design == "before_after" and a.subject != "all":
                ra, _ = session_counts(
                    sales_traffic, marketplace=marketplace, spec=a, exclude_asins=asins_a | asins_b
                )
                rb, _ = session_counts(
                    sales_traffic, marketplace=marketplace, spec=b, exclude_asins=asins_a | asins_b
                )
                if ra["sessions"] and rb["sessions"]:
                    control = (Arm(f"A: rest {a.period}", ra["orders"], ra["sessions"], ra["days"]),
                               Arm(f"B: rest {b.period}", rb["orders"], rb["sessions"], rb["days"]))  # fmt: skip
            tests.append(compare_proportions(arms[0], arms[1], metric="session_conversion", settings=settings,
                                             control=control))  # fmt: skip
        else:
            notes.append(_no_rows("session_conversion", a, b))
    notes += _design_notes(design, a, b, tests)
    return AbTest(marketplace, a, b, design, tuple(tests), tuple(notes))


def _common_grain(
    counts_a: dict[tuple[str, int | None], dict[str, int]], counts_b: dict[tuple[str, int | None], dict[str, int]],
    metric: str,
) -> tuple[str, int | None] | None:  # fmt: skip
    """The first report type and window (completest first) both arms have rows of."""
    grains = COMPLETE_GRAINS if metric == "ctr" else COMPLETE_GRAINS + CONVERSION_ONLY_GRAINS
    for report_type in grains:
        for days in WINDOWS:
            if (report_type, days) in counts_a and (report_type, days) in counts_b:
                return report_type, days
    return None


def _no_rows(metric: str, a: ArmSpec, b: ArmSpec) -> Text:
    name_en, name_zh = NAMES[metric]
    source = (
        ("the Business Report (sales_traffic)", "业务报告")
        if metric == "session_conversion"
        else (
            "an ads report listing impressions (campaign, targeting or advertised product)",
            "含曝光的广告报告",
        )
    )
    return Text(
        en=f"{name_en} not tested: no rows of {source[0]} lie inside both {a.period} ({a.subject}) and {b.period} "
        f"({b.subject}).",
        zh=f"未检验{name_zh}:{source[1]}中没有同时落在 {a.period}({a.subject})和 {b.period}({b.subject})内的数据。",
    )


def _design_notes(design: Design, a: ArmSpec, b: ArmSpec, tests: list[ProportionTest]) -> list[Text]:
    notes = []
    if design == "before_after":
        notes.append(Text(
            en="Before/after is observational: season, price, stock and competitors move rates too. Where the rest "
            "of the shop has data, the verdict is on the change beyond the shop's own change over the same periods.",
            zh="前后对比属于观察性比较:季节、价格、库存和竞争对手也会影响比率。店铺其他部分有数据时,结论基于扣除同期店铺自身变化后的差异。",
        ))  # fmt: skip
    elif design == "side_by_side":
        notes.append(Text(
            en="Two different SKUs or campaigns over the same days share the season but not the audience: a "
            "difference may come from the products or keywords themselves, not only from what was changed.",
            zh="同期两个不同的 SKU 或广告活动虽处同一季节,但受众不同:差异可能来自商品或关键词本身,而不只是所做的改动。",
        ))  # fmt: skip
    for test in tests:
        for arm, spec in ((test.a, a), (test.b, b)):
            if arm.days and arm.days < spec.period.days:
                notes.append(Text(
                    en=f"{NAMES[test.metric][0]}: {arm.label} has data for {arm.days} of {spec.period.days} days.",
                    zh=f"{NAMES[test.metric][1]}:{arm.label} 仅有 {spec.period.days} 天中 {arm.days} 天的数据。",
                ))  # fmt: skip
    return notes
