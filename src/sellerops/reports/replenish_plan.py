"""The replenishment plan a buyer acts on: purchase orders, shipments, the plan per SKU and marketplace, what the
FBA limit held back and what could not be planned — as one XLSX workbook or one CSV per section."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from sellerops.analytics.replenish import ReplenishmentPlan
from sellerops.core.money import Money
from sellerops.reports.xlsx import DATE, DECIMAL, INTEGER, money_format, sheet_name

Value = str | int | float | Decimal | dt.date | Money | bool | None
MONEY_HEADERS = frozenset({"Unit cost", "Order value", "Air cost over sea", "Freight"})
ROUTE_WORDS = {
    "local_to_fba": "local warehouse → FBA",
    "local_to_overseas": "local warehouse → overseas warehouse",
    "overseas_to_fba": "overseas warehouse → FBA",
}
FULFILMENT_WORDS = {
    "fba": "FBA: supplier → local warehouse → FBA",
    "merchant": "merchant-fulfilled: supplier → local warehouse",
}


@dataclass(frozen=True)
class Section:
    key: str  # the CSV file's name part
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]


def plan_sections(plan: ReplenishmentPlan) -> list[Section]:
    """The plan's sections in the order a buyer reads them: what to buy, what to ship, why."""
    purchases = Section(
        "purchases", "Purchase orders",
        ("SKU", "Supplier", "Order quantity", "Cases", "Units short (before rounding)", "Order by",
         "Ready at local warehouse", "Unit cost", "Order value", "Units to send by air", "Air cost over sea"),
        tuple(
            (p.sku, p.supplier, p.quantity, p.cases, p.unrounded, p.last_order_date, p.ready_date, p.unit_cost,
             p.value, p.air_units, p.air_extra_cost)
            for p in sorted(plan.purchases, key=lambda p: (p.last_order_date or dt.date.max, p.sku))
        ),
    )  # fmt: skip
    shipments = Section(
        "shipments", "Shipments",
        ("Marketplace", "SKU", "From → to", "Mode", "Units", "Arrives", "Freight", "Air cost over sea", "Why"),
        tuple(
            (s.marketplace, s.sku, ROUTE_WORDS[s.route], s.mode, s.quantity, s.arrival_date, s.freight_cost,
             s.extra_cost_vs_sea, s.reason)
            for s in plan.shipments
        ),
    )  # fmt: skip
    lines = Section(
        "lines", "Plan by SKU",
        ("Marketplace", "SKU", "Fulfilment", "FBA on hand", "FBA inbound", "Overseas warehouse",
         "Local + POs set aside", "Forecast units/day", "Forecast error units/day", "FBA days of cover",
         "FBA stock-out", "Days of cover", "Stock-out", "Lead time (days)", "Safety stock", "Reorder point",
         "Order up to", "Need", "Last order date", "Order now"),
        tuple(
            (x.marketplace, x.sku, FULFILMENT_WORDS[x.fulfilment], x.fba_on_hand, x.fba_inbound, x.overseas_on_hand,
             x.shared_allocated, Decimal(str(x.mean_daily_demand)), Decimal(str(x.forecast_rmse_daily)), x.fba_days_of_cover,
             x.fba_stockout_date, x.days_of_cover, x.stockout_date, x.lead_time_days, x.safety_stock,
             x.reorder_point, x.order_up_to, x.need, x.last_order_date, x.order_now)
            for x in sorted(plan.lines, key=lambda x: (x.marketplace, x.sku))
        ),
    )  # fmt: skip
    held = Section(
        "held", "Held by FBA capacity", ("SKU", "Marketplace", "Units kept out of FBA"), plan.held_by_capacity
    )
    skipped = Section(
        "skipped", "Not planned", ("SKU", "Marketplace", "What is missing"),
        tuple((s.sku, s.marketplace, s.reason) for s in plan.skipped),
    )  # fmt: skip
    about = Section(
        "about", "About",
        ("Item", "Value"),
        (
            ("Plan day", plan.as_of),
            ("Service level", Decimal(str(plan.settings.service_level))),
            ("Review every (days)", plan.settings.review_days),
            ("Method", "periodic review, order up to forecast demand over lead time + review + safety stock; "
                       "see docs/replenish.md"),
        ),
    )  # fmt: skip
    return [purchases, shipments, lines, held, skipped, about]


def write_plan_xlsx(plan: ReplenishmentPlan, path: Path) -> Path:
    """One formatted sheet per section; numbers, dates and money are real cells with number formats."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"created": dt.datetime.combine(plan.as_of, dt.time())})
    header = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "bottom": 1, "text_wrap": True})
    formats: dict[str, Any] = {}

    def number(pattern: str) -> Any:
        if pattern not in formats:
            formats[pattern] = workbook.add_format({"num_format": pattern})
        return formats[pattern]

    taken: set[str] = set()
    for section in plan_sections(plan):
        sheet = workbook.add_worksheet(sheet_name(section.title, taken))
        widths = [len(h) for h in section.headers]
        for col, title in enumerate(section.headers):
            sheet.write_string(0, col, title, header)
        for r, row in enumerate(section.rows, start=1):
            for col, value in enumerate(row):
                _write(sheet, r, col, value, number)
                widths[col] = max(widths[col], len(_text(value)))
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(width + 2, 60))
        sheet.freeze_panes(1, 0)
        if section.rows:
            sheet.autofilter(0, 0, len(section.rows), len(section.headers) - 1)
    workbook.close()
    path.write_bytes(buffer.getvalue())
    return path


def _write(sheet: Any, row: int, col: int, value: Value, number: Callable[[str], Any]) -> None:
    match value:
        case None:
            sheet.write_blank(row, col, None)
        case bool():
            sheet.write_string(row, col, "yes" if value else "")
        case Money():
            sheet.write_number(row, col, float(value.amount), number(money_format(value.currency)))
        case int():
            sheet.write_number(row, col, value, number(INTEGER))
        case Decimal() | float():
            sheet.write_number(row, col, float(value), number(DECIMAL))
        case dt.date():
            sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), number(DATE))
        case str():
            sheet.write_string(row, col, value)


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Money):
        return f"{value.amount:,.2f} {value.currency}"
    return str(value)


def write_plan_csv(plan: ReplenishmentPlan, out_dir: Path, *, stem: str) -> list[Path]:
    """One CSV per section (`{stem}-purchases.csv`, …): money as two columns, the amount and its currency."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for section in plan_sections(plan):
        path = out_dir / f"{stem}-{section.key}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(_csv_header(section))
            writer.writerows(_csv_row(section, row) for row in section.rows)
        files.append(path)
    return files


def _csv_header(section: Section) -> list[str]:
    out = []
    for title in section.headers:
        out += [title, f"{title} currency"] if title in MONEY_HEADERS else [title]
    return out


def _csv_row(section: Section, row: Sequence[Value]) -> list[str]:
    out: list[str] = []
    for title, value in zip(section.headers, row, strict=True):
        if title in MONEY_HEADERS:
            out += (
                [format(value.amount.normalize(), "f"), value.currency]
                if isinstance(value, Money)
                else ["", ""]
            )
        elif value is None:
            out.append("")
        elif isinstance(value, bool):
            out.append("yes" if value else "no")
        elif isinstance(value, dt.date):
            out.append(value.isoformat())
        else:
            out.append(str(value))
    return out
