"""`sellerops ads plan`: harvests, negatives, bids and budgets as a bulk operations sheet for a person to approve."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from sellerops.analytics.ads import AdPlan, ProposalKind
from sellerops.cli.options import DbOption, fail
from sellerops.cli.output import console, print_rows
from sellerops.errors import SellerOpsError
from sellerops.reports.bulk_sheet import write_bulk_sheet
from sellerops.rules.ads_plan_rules import plan_all
from sellerops.rules.config import load_rules
from sellerops.warehouse import open_analytics

ads_app: typer.Typer = typer.Typer(
    help="Advertising: `ads plan [--as-of D] [--out DIR]`.", no_args_is_help=True
)

KINDS: tuple[ProposalKind, ...] = (
    "harvest", "negative_phrase", "negative_exact", "bid", "budget_raise", "budget_cut",
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
    db: DbOption = None,
) -> None:
    """Propose harvests, negatives, bids and budgets from the ads reports, and write them per marketplace as a
    Sponsored Products bulk sheet (ads-plan-MARKETPLACE-DAY.xlsx) with a summary sheet of reasons and source rows.
    Nothing is applied: review the sheet, then upload it in Campaign Manager › Bulk operations."""
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
