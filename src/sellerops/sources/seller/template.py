"""The product master template: an empty workbook with the sheets and headers the importer reads, and a
"Read me" sheet that says what each column means."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import xlsxwriter

from sellerops.errors import InputError
from sellerops.sources.seller.product_master import FAMILIES, MODES, ROUTES, SellerSheet

TemplateLanguage = Literal["en", "zh"]
_FIXED = dt.datetime(2026, 1, 1)  # a fixed creation time: the same template is the same bytes

# What each column means and an example value, by sheet family and target.
HELP: dict[str, dict[str, tuple[str, str]]] = {
    "seller.product_master": {
        "sku": ("Your SKU, as on Amazon", "NV-YL-BLK-M"),
        "parent_sku": ("The variation parent's SKU", "NV-YL-PARENT"),
        "asin": ("The ASIN", "B0C1234567"),
        "title": ("Product name", "Yoga Leggings, Black, M"),
        "brand": ("Brand", "Northvale"),
        "category": ("Category", "Clothing"),
        "supplier": ("Supplier", "Ningbo Textile Co."),
        "unit_cost": ("Purchase price per unit", "5.10"),
        "cost_currency": ("Currency of the purchase price (ISO code)", "USD"),
        "case_pack": ("Units per carton: orders are rounded up to whole cartons", "24"),
        "moq": ("Supplier's minimum order quantity (0 for none)", "500"),
        "lead_time_days": ("Days from placing a PO to goods ready in the local warehouse", "21"),
        "length_cm": ("Unit length, cm", "25"),
        "width_cm": ("Unit width, cm", "18"),
        "height_cm": ("Unit height, cm", "3"),
        "weight_kg": ("Unit weight, kg (turns a lane's cost per kg into a cost per unit)", "0.25"),
    },
    "seller.shipping_lanes": {
        "marketplace_text": ("Destination marketplace", "amazon.US"),
        "route_text": ("One of " + ", ".join(ROUTES), "local_to_fba"),
        "mode_text": ("One of " + ", ".join(MODES) + " (or 海运, 空运, 卡派, 铁路, 快递)", "sea"),
        "sku": ("Blank for every SKU, or one SKU's own lane", ""),
        "transit_days": ("Days door to door, including customs and FBA check-in", "35"),
        "cost_per_unit": ("Freight per unit", "0.60"),
        "cost_per_kg": ("Or freight per kg (used when there is no cost per unit)", "1.20"),
        "currency": ("Currency of the freight (ISO code)", "USD"),
    },
    "seller.purchase_orders": {
        "po_number": ("Purchase order number", "PO-2026-031"),
        "sku": ("SKU ordered", "NV-YL-BLK-M"),
        "supplier": ("Supplier", "Ningbo Textile Co."),
        "order_date": ("Day the PO was placed", "2026-02-20"),
        "expected_date": ("Day the goods are expected in the local warehouse", "2026-03-20"),
        "quantity_ordered": ("Units ordered", "1200"),
        "quantity_received": ("Units received so far", "0"),
        "unit_cost": ("Price per unit", "5.10"),
        "currency": ("Currency (ISO code)", "USD"),
        "destination": ("Warehouse the goods go to", "Shenzhen"),
        "status": ("Your status word", "in production"),
    },
    "seller.warehouse_stock": {
        "warehouse": ("Warehouse name", "Shenzhen"),
        "warehouse_type_text": ("local (origin, serves every marketplace) or overseas (海外仓)", "local"),
        "marketplace_text": (
            "For an overseas warehouse: the marketplace whose FBA it forwards to",
            "amazon.US",
        ),
        "sku": ("SKU", "NV-YL-BLK-M"),
        "snapshot_date": ("Day the stock was counted", "2026-03-01"),
        "on_hand": ("Units on hand", "300"),
        "reserved": ("Units already promised elsewhere (not available)", "0"),
    },
    "seller.fba_capacity": {
        "marketplace_text": ("Marketplace", "amazon.US"),
        "capacity_units": ("Most units FBA may hold, on hand and inbound", "20000"),
        "valid_from": ("Day the limit starts", "2026-03-01"),
        "note": ("Anything to remember", "Q2 limit"),
    },
}


def header(family: SellerSheet, target: str, language: TemplateLanguage) -> str:
    column = next(c for c in family.columns if c.target == target)
    if language == "zh":
        names = family.translations.get("zh", {}).get(target, ())
        if names:
            return names[0]
    return column.headers[0]


def write_product_template(path: Path, *, language: TemplateLanguage = "en") -> Path:
    """Write the empty product master workbook to `path` (an .xlsx file) and return it."""
    if path.suffix.lower() != ".xlsx":
        raise InputError(
            f"{path}: the product master template is a workbook; give a file name ending in .xlsx"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"created": _FIXED, "title": "sellerops product master"})
    bold = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "bottom": 1})
    required = workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "bottom": 1})
    guide: list[tuple[str, str, str, str, str]] = []
    for family in FAMILIES:
        sheet = workbook.add_worksheet(family.sheet_title)
        for index, column in enumerate(family.columns):
            name = header(family, column.target, language)
            sheet.write_string(0, index, name, required if column.required else bold)
            sheet.set_column(index, index, max(len(name) + 4, 14))
            meaning, example = HELP[family.name][column.target]
            guide.append((family.sheet_title, name, "yes" if column.required else "", meaning, example))
        sheet.freeze_panes(1, 0)
    readme = workbook.add_worksheet("Read me")
    for index, title in enumerate(("Sheet", "Column", "Required", "What it is", "Example")):
        readme.write_string(0, index, title, bold)
    for row, values in enumerate(guide, start=1):
        for index, value in enumerate(values):
            readme.write_string(row, index, value)
    for index, width in enumerate((18, 28, 10, 70, 22)):
        readme.set_column(index, index, width)
    workbook.close()
    return path
