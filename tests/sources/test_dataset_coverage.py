"""Every Amazon report among the real datasets has a test that imports it with exact totals.

The acceptance of the import path is "every Amazon file under ../shared/datasets imports with zero rejected rows,
and a test asserts exact totals": this keeps that true as files are added. Files in those folders that are not
Amazon reports are listed here with the reason, so nothing is skipped silently.
"""

from __future__ import annotations

import pytest

from support import REPO, datasets_dir

# Seller-made or third-party files that sit beside the Amazon exports but are not Amazon reports.
NOT_AMAZON_REPORTS = {
    "cogs_by_asin.json": "the seller's own cost table (a product-master input, not an Amazon report)",
    "may_2022_marketplace_mrp.csv": "the seller's price list per marketplace (Ajio, Flipkart, …), not an Amazon report",
    "p_l_march_2021.csv": "the seller's cost and MRP sheet, not an Amazon report",
    "sale_report_stock.csv": "the seller's own stock sheet, not an Amazon report",
    "linnworks_bundle_composition.csv": "a Linnworks bundle export, not an Amazon report",
    "sage_stock_levels_2026-01.csv": "a Sage ERP stock export, not an Amazon report",
}


@pytest.mark.datasets
def test_every_amazon_dataset_file_is_imported_by_a_test() -> None:
    # given every file in the Amazon dataset folders and the text of every test module
    root = datasets_dir()
    files = sorted(p for p in root.glob("amazon_*/**/*") if p.is_file())
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("test_*.py"))
    # when each Amazon report is looked for by name
    untested = [
        str(p.relative_to(root)) for p in files if p.name not in NOT_AMAZON_REPORTS and p.name not in tests
    ]
    # then none is missing, and the exceptions are real files
    assert untested == []
    assert sorted(set(NOT_AMAZON_REPORTS) - {p.name for p in files}) == []
    assert len(files) - len(NOT_AMAZON_REPORTS) == 40
