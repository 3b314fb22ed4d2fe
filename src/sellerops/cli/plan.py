"""`sellerops plan replenish` (what to buy and ship, as XLSX and CSV) and `sellerops product template`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from sellerops.analytics.replenish import PlanSettings, ReplenishmentPlan
from sellerops.cli.options import DbOption, fail
from sellerops.cli.output import console, print_rows
from sellerops.errors import SellerOpsError
from sellerops.reports.replenish_plan import write_plan_csv, write_plan_xlsx
from sellerops.rules.config import load_rules
from sellerops.sources.seller.template import TemplateLanguage, write_product_template

plan_app: typer.Typer = typer.Typer(
    help="Plans: `plan replenish [--as-of D] [--marketplace M] [--rules FILE] --format xlsx,csv [--out DIR]`.",
    no_args_is_help=True,
)
product_app: typer.Typer = typer.Typer(
    help="The product master: `product template [--out FILE]` writes the workbook to fill in and import.",
    no_args_is_help=True,
)
PLAN_FORMATS = ("xlsx", "csv")


@plan_app.command("replenish")
def replenish_command(
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(
            "--as-of", formats=["%Y-%m-%d"], help="The plan's day; default: the last day with orders."
        ),
    ] = None,
    marketplace: Annotated[str | None, typer.Option("--marketplace", help="Only this marketplace.")] = None,
    formats: Annotated[str, typer.Option("--format", help="xlsx, csv or both: xlsx,csv.")] = "xlsx,csv",
    out: Annotated[Path, typer.Option("--out", help="Folder for the plan files.")] = Path("reports"),
    service_level: Annotated[
        float, typer.Option("--service-level", help="Chance of not running out before the next delivery.")
    ] = 0.95,
    fill_rate: Annotated[
        float | None,
        typer.Option(
            "--fill-rate", help="Size safety stock to serve this share of demand instead, e.g. 0.97."
        ),
    ] = None,
    review_days: Annotated[int, typer.Option("--review-days", help="Days between two plans.")] = 7,
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules",
            help="Your rules file (default ./sellerops-rules.yaml if present): its `events:` are forecast with, "
            "beside the promotion table and sellerops' shopping calendar.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Forecast each SKU's demand (promotions and shopping events included) and plan its replenishment: the
    purchase orders to place (rounded to case pack and MOQ), the shipments to send now per route and mode (sea or
    air, with the cost difference), within the FBA capacity limit. FBA SKUs and merchant-fulfilled ones (bought
    for the local warehouse only) alike. Needs the product master imported (`sellerops product template`). Writes
    replenish-DAY.xlsx and/or replenish-DAY-*.csv."""
    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    if not chosen or any(f not in PLAN_FORMATS for f in chosen):
        raise typer.BadParameter(f"{formats!r}: use xlsx, csv or xlsx,csv", param_hint="--format")
    try:
        config = load_rules(rules)
        # Imported here: the forecast brings statsforecast and SciPy, seconds that every other command would pay.
        from sellerops.jobs.replenish import plan_from_warehouse

        plan = plan_from_warehouse(
            db,
            as_of=as_of.date() if as_of else None,
            marketplace=marketplace,
            settings=PlanSettings(service_level=service_level, review_days=review_days, fill_rate=fill_rate),
            events=config.events,
        )
        stem = f"replenish-{plan.as_of}" + (f"-{marketplace}" if marketplace else "")
        files = []
        if "xlsx" in chosen:
            files.append(write_plan_xlsx(plan, out / f"{stem}.xlsx"))
        if "csv" in chosen:
            files += write_plan_csv(plan, out, stem=stem)
    except SellerOpsError as error:
        raise fail(error) from None
    _summary(plan)
    for file in files:
        console.print(f"  plan: {file}", highlight=False)


def _summary(plan: ReplenishmentPlan) -> None:
    value: dict[str, Decimal] = defaultdict(Decimal)
    for p in plan.purchases:
        if p.value is not None:
            value[p.value.currency] += p.value.amount
    money = ", ".join(f"{amount:,.2f} {currency}" for currency, amount in sorted(value.items())) or "–"
    late = sum(1 for x in plan.lines if x.last_order_date is not None and x.last_order_date < plan.as_of)
    rows = [
        ("SKU × marketplace planned", f"{len(plan.lines):,}"),
        ("order now (position below order-up-to)", f"{sum(x.order_now for x in plan.lines):,}"),
        ("already past the last order date", f"{late:,}"),
        (
            "purchase orders",
            f"{len(plan.purchases):,} ({sum(p.quantity for p in plan.purchases):,} units, {money})",
        ),
    ]
    moved: dict[tuple[str, str], int] = defaultdict(int)
    for s in plan.shipments:
        moved[(s.route, s.mode)] += s.quantity
    rows += [
        (f"ship {route} by {mode}", f"{units:,} units") for (route, mode), units in sorted(moved.items())
    ]
    if plan.held_by_capacity:
        rows.append(
            ("kept out of FBA by its capacity limit", f"{sum(u for *_, u in plan.held_by_capacity):,} units")
        )
    if plan.skipped:
        rows.append(("not planned (see the 'Not planned' sheet)", f"{len(plan.skipped):,}"))
    print_rows(["", "plan"], rows, title=f"Replenishment plan for {plan.as_of}")


@product_app.command("template")
def template_command(
    out: Annotated[Path, typer.Option("--out", help="The workbook to write (.xlsx).")] = Path(
        "product-master.xlsx"
    ),
    language: Annotated[str, typer.Option("--lang", help="Header language: en or zh.")] = "en",
) -> None:
    """Write the product master workbook to fill in: products (cost, case pack, MOQ, lead time), shipping lanes
    (sea/air days and cost), open purchase orders, stock in your own warehouses and the FBA capacity limit. Import
    it like any report: `sellerops import product-master.xlsx`."""
    if language not in ("en", "zh"):
        raise typer.BadParameter(f"{language!r}: use en or zh", param_hint="--lang")
    lang: TemplateLanguage = "zh" if language == "zh" else "en"
    try:
        path = write_product_template(out, language=lang)
    except SellerOpsError as error:
        raise fail(error) from None
    console.print(f"Wrote the product master template to {path}; fill it in, then: sellerops import {path}")
