"""`sellerops ads plan`: harvests, negatives, bids and budgets as a bulk operations sheet for a person to approve."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, cast

import typer

from sellerops.analytics.ads import AdPlan, ProposalKind
from sellerops.analytics.ads.abtest import ArmSpec, ab_test
from sellerops.analytics.ads.lint import LintSettings, lint_ads
from sellerops.analytics.ads.models import AdFigure
from sellerops.analytics.ads.no_impressions import explain_no_impressions
from sellerops.analytics.ads.proportions import ProportionTest
from sellerops.cli.options import DbOption, FormatOption, check_format, fail
from sellerops.cli.output import console, print_rows
from sellerops.core.periods import Period
from sellerops.core.text import Language
from sellerops.errors import InputError, SellerOpsError
from sellerops.reports.bulk_sheet import write_bulk_sheet
from sellerops.rules.ads_plan_rules import plan_all
from sellerops.rules.ads_silence_rules import lint_settings, silence_settings
from sellerops.rules.config import load_rules
from sellerops.warehouse import open_analytics

ads_app: typer.Typer = typer.Typer(
    help="Advertising: `ads plan`, `ads lint`, `ads no-impressions`, `ads test`.", no_args_is_help=True
)

RulesOption = Annotated[Path | None, typer.Option("--rules", help="Your rules file over the defaults.")]
KINDS: tuple[ProposalKind, ...] = (
    "harvest_campaign", "harvest", "negative_phrase", "negative_exact", "negative_product", "bid", "budget_raise", "budget_cut",
)  # fmt: skip


@ads_app.command("plan")
def plan_command(
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(
            "--as-of", formats=["%Y-%m-%d"], help="The plan's day; default: the last day of ads data."
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the bulk sheets.")] = Path("reports"),
    rules: Annotated[
        Path | None,
        typer.Option("--rules", help="Your rules file over the defaults (ads.harvest, ads.bid, …)."),
    ] = None,
    sheet_format: Annotated[
        str, typer.Option("--format", help="xlsx: the bulk sheet Amazon's Bulk operations page takes.")
    ] = "xlsx",
    db: DbOption = None,
) -> None:
    """Propose harvests, negatives, bids and budgets from the ads reports, and write them per marketplace as a
    Sponsored Products bulk sheet (ads-plan-MARKETPLACE-DAY.xlsx) with a summary sheet of reasons and source rows.
    Nothing is applied: review the sheet, then upload it in Campaign Manager › Bulk operations."""
    if sheet_format != "xlsx":
        raise typer.BadParameter(
            f"{sheet_format!r}: Amazon's bulk operations take an .xlsx sheet; use --format xlsx",
            param_hint="--format",
        )
    try:
        config = load_rules(rules)
        with open_analytics(db) as backend:
            performance = backend.table("ad_performance")
            day = as_of.date() if as_of else performance.period_to.max().to_pyarrow().as_py()
            if day is None:
                console.print("No ads reports in the warehouse: import some first (sellerops import PATH).")
                return
            plans = plan_all(
                performance, backend.table("ad_entity"), backend.table("ad_change"), config=config, as_of=day
            )
        files = [write_bulk_sheet(p, out / f"ads-plan-{p.marketplace}-{day}.xlsx") for p in plans]
    except SellerOpsError as error:
        raise fail(error) from None
    print_rows(
        ["marketplace", *KINDS, "sheet lines"], [_counts(p) for p in plans], title=f"Ads plan for {day}"
    )
    for file in files:
        console.print(f"  bulk sheet: {file}", highlight=False)


def _counts(plan: AdPlan) -> tuple[object, ...]:
    kinds = Counter(p.kind for p in plan.proposals)
    lines = sum(len(p.lines) for p in plan.proposals)
    return (plan.marketplace, *(kinds[k] for k in KINDS), lines)


# ---- ads lint, ads no-impressions, ads test

LangOption = Annotated[str, typer.Option("--lang", help="Language of the reasons: en or zh.")]
MarketplaceOption = Annotated[
    str | None,
    typer.Option("--marketplace", help="One marketplace, e.g. amazon.US; default: every one with ads."),
]
AsOfOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--as-of", formats=["%Y-%m-%d"], help="The day to judge; default: the last day of ads data."
    ),
]


def _language(lang: str) -> Language:
    if lang not in ("en", "zh"):
        raise typer.BadParameter(f"{lang!r}: use en or zh", param_hint="--lang")
    return cast(Language, lang)


def _ads_marketplaces(performance: Any, entities: Any, marketplace: str | None) -> list[str]:
    if marketplace is not None:
        return [marketplace]
    found = set(performance.select("marketplace").distinct().marketplace.to_pyarrow().to_pylist())
    found |= set(entities.select("marketplace").distinct().marketplace.to_pyarrow().to_pylist())
    return sorted(found)


def _last_day(performance: Any, marketplace: str, as_of: dt.datetime | None) -> dt.date | None:
    if as_of is not None:
        return as_of.date()
    day: dt.date | None = (
        performance.filter(performance.marketplace == marketplace).period_to.max().to_pyarrow().as_py()
    )
    return day


def _market_days(
    performance: Any, entities: Any, marketplace: str | None, as_of: dt.datetime | None, notes: list[str]
) -> Iterator[tuple[str, dt.date]]:
    """Each marketplace asked for with the day to read; one without ads reports gets a note instead."""
    for market in _ads_marketplaces(performance, entities, marketplace):
        day = _last_day(performance, market, as_of)
        if day is None:
            notes.append(f"{market}: no ads reports to read the figures from.")
        else:
            yield market, day


def _print_with_notes(columns: list[str], rows: list[tuple[object, ...]], *, fmt: str, title: str,
                      notes: list[str]) -> None:  # fmt: skip
    print_rows(columns, rows, fmt=fmt, title=title)
    if fmt == "table":
        for note in notes:
            console.print(f"  note: {note}", highlight=False, markup=False, emoji=False)


def _figure(figures: tuple[AdFigure, ...], name: str) -> object:
    return next((f.value for f in figures if f.name == name), None)


@ads_app.command("lint")
def lint_command(
    marketplace: MarketplaceOption = None,
    as_of: AsOfOption = None,
    lookback: Annotated[
        int | None,
        typer.Option("--lookback", help="Days of reports the figures cover (default: ads.structure's)."),
    ] = None,
    lang: LangOption = "en",
    fmt: FormatOption = "table",
    rules: RulesOption = None,
    db: DbOption = None,
) -> None:
    """Check the account's structure: manual campaigns on broad match only, auto campaigns without a manual exact
    counterpart for their SKUs, the same keyword live in several ad groups of the same SKU (bidding against
    itself), and ad groups open to any search with no negatives. Reads the newest bulk download, else the reports."""
    language, fmt = _language(lang), check_format(fmt)
    rows: list[tuple[object, ...]] = []
    notes: list[str] = []
    try:
        config = load_rules(rules)
        with open_analytics(db) as backend:
            performance, entities = backend.table("ad_performance"), backend.table("ad_entity")
            for market, day in _market_days(performance, entities, marketplace, as_of, notes):
                settings = lint_settings(config, marketplace=market)
                if lookback is not None:
                    settings = LintSettings(lookback_days=lookback)
                found = lint_ads(performance, entities, marketplace=market, as_of=day, settings=settings)
                notes += [f"{market}: {n(language)}" for n in found.notes]
                rows += [(market, f.check, f.campaign_name, f.ad_group_name,
                          f.subject if f.subject != f.campaign_name else None,
                          _figure(f.figures, "spend"), f.reason(language)) for f in found.findings]  # fmt: skip
    except SellerOpsError as error:
        raise fail(error) from None
    columns = ["marketplace", "check", "campaign", "ad group", "subject", "spend", "reason"]
    _print_with_notes(columns, rows, fmt=fmt, title="Ads structure lint", notes=notes)


@ads_app.command("no-impressions")
def no_impressions_command(
    marketplace: MarketplaceOption = None,
    as_of: AsOfOption = None,
    quiet_days: Annotated[
        int | None,
        typer.Option(
            "--quiet-days", help="Days without impressions that count (default: ads.no_impressions')."
        ),
    ] = None,
    lang: LangOption = "en",
    fmt: FormatOption = "table",
    rules: RulesOption = None,
    db: DbOption = None,
) -> None:
    """Campaigns, ad groups and targets that stopped getting impressions (zero over the quiet days where their
    earlier rate predicted at least 10), or live ones that never got any, each with the first cause the data
    shows: paused or archived, ended, Amazon's serving status, out of stock, listing inactive, budget gone, bid
    below the CPC it used to win at — or "cause not in the data"."""
    language, fmt = _language(lang), check_format(fmt)
    rows: list[tuple[object, ...]] = []
    notes: list[str] = []
    try:
        config = load_rules(rules)
        with open_analytics(db) as backend:
            performance, entities = backend.table("ad_performance"), backend.table("ad_entity")
            for market, day in _market_days(performance, entities, marketplace, as_of, notes):
                settings = silence_settings(config, marketplace=market)
                if quiet_days is not None:
                    settings = dataclasses.replace(settings, quiet_days=quiet_days)
                found = explain_no_impressions(
                    performance, entities, backend.table("ad_change"), backend.table("inventory_snapshot"),
                    backend.table("listing"), marketplace=market, as_of=day, settings=settings,
                )  # fmt: skip
                notes += [f"{market}: {n(language)}" for n in found.notes]
                rows += [(market, f.level, f.campaign_name, f.ad_group_name,
                          f.subject if f.level == "target" else None, f.kind, f.last_served,
                          _figure(f.figures, "expected_impressions"), f.cause, f.causes[0].reason(language))
                         for f in found.findings]  # fmt: skip
    except SellerOpsError as error:
        raise fail(error) from None
    columns = ["marketplace", "level", "campaign", "ad group", "target", "kind", "last served", "expected",
               "cause", "why"]  # fmt: skip
    _print_with_notes(columns, rows, fmt=fmt, title="Ads without impressions", notes=notes)


def _arms(a: str, b: str, skus: list[str] | None, campaigns: list[str] | None) -> tuple[ArmSpec, ArmSpec]:
    if skus and campaigns:
        raise InputError("give --sku or --campaign, not both: compare like with like")
    named = skus or campaigns or []
    if len(named) > 2:
        raise InputError("give at most two --sku (or --campaign): one per arm, or one for both arms")
    first, second = (named + named)[:2] if named else (None, None)
    field = "product" if skus else "campaign"
    period_a, period_b = Period.parse(a), Period.parse(b)
    return (
        ArmSpec(period_a, **({field: first} if first else {})),
        ArmSpec(period_b, **({field: second} if second else {})),
    )


@ads_app.command("test")
def ab_test_command(
    a: Annotated[str, typer.Option("--a", help="Arm A's period, FROM..TO (before the change).")],
    b: Annotated[
        str, typer.Option("--b", help="Arm B's period, FROM..TO (after the change, or the same days).")
    ],
    sku: Annotated[
        list[str] | None,
        typer.Option("--sku", help="SKU or ASIN: once for both arms, twice for A and B (two variants)."),
    ] = None,
    campaign: Annotated[
        list[str] | None,
        typer.Option("--campaign", help="Campaign name: once for both arms, twice for A and B."),
    ] = None,
    marketplace: Annotated[
        str | None, typer.Option("--marketplace", help="Needed when the warehouse holds several.")
    ] = None,
    lang: LangOption = "en",
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Judge an A/B test: CTR, ad conversion and session conversion of arm B against arm A, each with a
    two-proportion test (Fisher's exact for small counts), the difference with its 95 % interval, the p-value and
    the sample a difference that size needs; "not enough data" below 1,000 impressions, 100 clicks or 100
    sessions per arm. Two periods of one SKU or campaign are judged against the rest of the shop over the same
    periods (season moves everything); two SKUs or campaigns are compared over the same days."""
    language, fmt = _language(lang), check_format(fmt)
    try:
        arm_a, arm_b = _arms(a, b, sku, campaign)
        with open_analytics(db) as backend:
            performance, traffic = backend.table("ad_performance"), backend.table("sales_traffic")
            market = marketplace or _only_marketplace(performance, traffic)
            result = ab_test(performance, traffic, marketplace=market, a=arm_a, b=arm_b)
    except SellerOpsError as error:
        raise fail(error) from None
    if fmt == "table":
        columns = ["metric", "A", "B", "B − A", "95% interval", "p", "method", "verdict", "needed per arm",
                   "beyond the shop", "p (beyond)"]  # fmt: skip
        rows = [_pretty(t) for t in result.tests]
    else:
        columns = ["metric", "a_successes", "a_trials", "a_rate", "b_successes", "b_trials", "b_rate",
                   "difference", "ci_low", "ci_high", "p_value", "method", "verdict", "needed_per_arm",
                   "control_difference", "excess", "excess_p_value"]  # fmt: skip
        rows = [
            (t.metric, t.a.successes, t.a.trials, t.a.rate, t.b.successes, t.b.trials, t.b.rate, t.difference,
             t.ci_low, t.ci_high, t.p_value, t.method, t.verdict, t.needed_per_arm,
             *((t.control.difference, t.control.excess, t.control.p_value) if t.control else (None,) * 3))
            for t in result.tests
        ]  # fmt: skip
    print_rows(columns, rows, fmt=fmt, title=f"A/B test {market}: {result.design.replace('_', ' ')}")
    if fmt == "table":
        # The texts hold brackets and colons: printed as they are, never as rich markup or emoji codes.
        for t in result.tests:
            console.print(f"  {t.reason(language)}", highlight=False, markup=False, emoji=False)
        for note in result.notes:
            console.print(f"  note: {note(language)}", highlight=False, markup=False, emoji=False)


def _pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:.2%}"


def _points(value: Decimal | None) -> str:
    return "–" if value is None else f"{value * 100:+.2f} pp"


def _pretty(t: ProportionTest) -> tuple[object, ...]:
    interval = "–" if t.ci_low is None or t.ci_high is None else f"{_points(t.ci_low)} … {_points(t.ci_high)}"
    return (
        t.metric, f"{_pct(t.a.rate)} ({t.a.successes:,}/{t.a.trials:,})",
        f"{_pct(t.b.rate)} ({t.b.successes:,}/{t.b.trials:,})", _points(t.difference), interval,
        "–" if t.p_value is None else float(t.p_value), t.method or "–", t.verdict,
        "–" if t.needed_per_arm is None else f"{t.needed_per_arm:,}",
        _points(t.control.excess) if t.control else "–", float(t.control.p_value) if t.control else "–",
    )  # fmt: skip


def _only_marketplace(performance: Any, traffic: Any) -> str:
    found: set[str] = set(performance.select("marketplace").distinct().marketplace.to_pyarrow().to_pylist())
    found |= set(traffic.select("marketplace").distinct().marketplace.to_pyarrow().to_pylist())
    if len(found) != 1:
        listed = ", ".join(sorted(found)) or "none"
        raise InputError(f"the warehouse holds ads or traffic for {listed}: say which with --marketplace")
    return found.pop()
