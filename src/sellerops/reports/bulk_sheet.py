"""The ads plan as Amazon's Sponsored Products bulk operations sheet (bulksheets 2.0 columns), with a summary sheet
that gives each line's reason, figures and source rows. Nothing is uploaded: a person reviews and uploads it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from sellerops.analytics.ads import AdFigure, AdPlan, AdProposal, BulkLine, SourceRow
from sellerops.core.text import Language

SHEET = "Sponsored Products Campaigns"
SUMMARY = "Plan summary"
PRODUCT = "Sponsored Products"
# formats/amazon-ads.md §1.1: the 48 columns of a bulksheets 2.0 download, in order; an upload may leave
# "(Informational only)" and figure columns blank.
COLUMNS = (
    "Product", "Entity", "Operation", "Campaign ID", "Ad Group ID", "Portfolio ID", "Ad ID", "Keyword ID",
    "Product Targeting ID", "Campaign Name", "Ad Group Name", "Campaign Name (Informational only)",
    "Ad Group Name (Informational only)", "Portfolio Name (Informational only)", "Start Date", "End Date",
    "Targeting Type", "State", "Campaign State (Informational only)", "Ad Group State (Informational only)",
    "Daily Budget", "SKU", "ASIN (Informational only)", "Eligibility Status (Informational only)",
    "Reason for Ineligibility (Informational only)", "Ad Group Default Bid",
    "Ad Group Default Bid (Informational only)", "Bid", "Keyword Text", "Native Language Keyword",
    "Native Language Locale", "Match Type", "Bidding Strategy", "Placement", "Percentage",
    "Product Targeting Expression", "Resolved Product Targeting Expression (Informational only)", "Impressions",
    "Clicks", "Click-through Rate", "Spend", "Sales", "Orders", "Units", "Conversion Rate", "ACOS", "CPC", "ROAS",
)  # fmt: skip
SUMMARY_COLUMNS = (
    "Sheet rows", "Proposal", "Marketplace", "Campaign (plan)", "Ad group (plan)", "Subject", "Reason",
    "Figures", "Source rows", "Period", "Not in the sheet because",
)  # fmt: skip
NUMBERS = frozenset({"Bid", "Daily Budget", "Ad Group Default Bid"})


def bulk_row(line: BulkLine, proposal: AdProposal) -> dict[str, Any]:
    """One bulk line as the sheet's columns: IDs as text, money as numbers, dates as YYYYMMDD text, the names for
    the reader's sake. A campaign or ad group the sheet creates is named in Campaign Name / Ad Group Name."""
    campaign = line.entity == "Campaign"
    return {
        "Product": PRODUCT,
        "Entity": line.entity,
        "Operation": line.operation,
        "Campaign ID": line.campaign_id,
        "Ad Group ID": line.ad_group_id,
        "Keyword ID": line.keyword_id,
        "Product Targeting ID": line.product_targeting_id,
        "Campaign Name (Informational only)": None if campaign else proposal.campaign_name,
        "Campaign Name": (line.name or proposal.campaign_name) if campaign else None,
        "Ad Group Name": line.name if line.entity == "Ad Group" else None,
        "Start Date": line.start_date.strftime("%Y%m%d") if line.start_date else None,
        "Targeting Type": line.targeting_type,
        "State": line.state,
        "Daily Budget": line.daily_budget,
        "SKU": line.sku,
        "Ad Group Default Bid": line.default_bid,
        "Bid": line.bid,
        "Keyword Text": line.keyword_text,
        "Match Type": line.match_type,
        "Bidding Strategy": line.bidding_strategy,
        "Product Targeting Expression": line.targeting_expression,
    }


def write_bulk_sheet(plan: AdPlan, path: Path, *, language: Language = "en") -> Path:
    """Write the plan's bulk lines (first sheet, Amazon's layout) and the summary of every proposal, including
    those with no line (second sheet). Returns `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    try:
        bold = book.add_format({"bold": True})
        money = book.add_format({"num_format": "0.00"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        sheet = book.add_worksheet(SHEET)
        sheet.write_row(0, 0, COLUMNS, bold)
        summary = book.add_worksheet(SUMMARY)
        summary.write_row(0, 0, SUMMARY_COLUMNS, bold)
        row = 1
        for index, proposal in enumerate(plan.proposals, start=1):
            first = row + 1
            for line in proposal.lines:
                values = bulk_row(line, proposal)
                for col, name in enumerate(COLUMNS):
                    value = values.get(name)
                    if value is None:
                        continue
                    if name in NUMBERS:
                        sheet.write_number(row, col, float(value), money)
                    else:
                        sheet.write_string(row, col, str(value))
                row += 1
            last = row  # the 1-based number of the proposal's last line; first - 1 when it has none
            rows = f"{first}–{last}" if last > first else (str(first) if last == first else "")
            summary.write_row(index, 0, _summary_row(proposal, rows, language), wrap)
        sheet.freeze_panes(1, 0)
        summary.freeze_panes(1, 0)
        summary.set_column(6, 8, 60)
    finally:
        book.close()
    return path


def _summary_row(p: AdProposal, rows: str, language: Language) -> list[str]:
    period = f"{p.period_from}..{p.period_to}" if p.period_from else ""
    return [
        rows, p.kind, p.marketplace, p.campaign_name or "", p.ad_group_name or "", p.subject, p.reason(language),
        figures_text(p.figures), sources_text(p.sources), period, p.missing or "",
    ]  # fmt: skip


def figures_text(figures: tuple[AdFigure, ...]) -> str:
    """'clicks 14; spend 9.80 USD; acos 22.10%': every figure, percentages as percentages."""
    parts = []
    for f in figures:
        if f.value is None:
            continue
        if f.unit == "%" and isinstance(f.value, Decimal):
            parts.append(f"{f.name} {f.value * 100:.2f}%")
        else:
            parts.append(f"{f.name} {f.value}{' ' + f.unit if f.unit and f.unit != '%' else ''}")
    return "; ".join(parts)


def sources_text(sources: tuple[SourceRow, ...]) -> str:
    """'ad_performance import 3 rows 2, 5, 9; ad_change import 4': where each figure can be checked."""
    grouped: dict[tuple[str, int], list[int]] = {}
    for s in sources:
        grouped.setdefault((s.table, s.import_id), [])
        if s.source_row is not None:
            grouped[(s.table, s.import_id)].append(s.source_row)
    parts = []
    for (table, import_id), found in grouped.items():
        listed = f" rows {', '.join(map(str, found))}" if found else ""
        parts.append(f"{table} import {import_id}{listed}")
    return "; ".join(parts)
