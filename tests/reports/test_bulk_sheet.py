"""The plan's bulk sheet read back by sellerops' own importer yields exactly the proposed lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from python_calamine import CalamineWorkbook

from sellerops.analytics.ads import AdFigure, AdPlan, AdProposal, BulkLine, SourceRow
from sellerops.core.marketplaces import get_marketplace
from sellerops.core.text import Text
from sellerops.reports.bulk_sheet import COLUMNS, SUMMARY, write_bulk_sheet
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse

US = "amazon.US"
HARVEST = AdProposal(
    kind="harvest", marketplace=US, currency="USD", campaign_name="SP | Exact", ad_group_name="exact",
    subject="blue widget", reason=Text(en="converts", zh="转化良好"),
    figures=(AdFigure("clicks", 5), AdFigure("acos", D("0.1167"), "%")),
    sources=(SourceRow("ad_performance", 10, 2), SourceRow("ad_performance", 10, 3)),
    lines=(
        BulkLine("Keyword", "Create", "200", "210", keyword_text="blue widget", match_type="Exact", bid=D("1.40"),
                 state="enabled"),
        BulkLine("Negative Keyword", "Create", "100", "110", keyword_text="blue widget", match_type="Negative Exact",
                 state="enabled"),
    ),
)  # fmt: skip
BID = AdProposal(
    kind="bid", marketplace=US, currency="USD", campaign_name="SP | Exact", ad_group_name="exact",
    subject="widget (exact)", reason=Text(en="too dear", zh="太贵"), figures=(),
    sources=(SourceRow("ad_entity", 20, 9),),
    lines=(BulkLine("Keyword", "Update", "200", "210", keyword_id="212", bid=D("0.80")),),
)  # fmt: skip
BUDGET = AdProposal(
    kind="budget_raise", marketplace=US, currency="USD", campaign_name="SP | Auto", ad_group_name=None,
    subject="SP | Auto", reason=Text(en="capped", zh="预算不足"), figures=(), sources=(),
    lines=(BulkLine("Campaign", "Update", "100", daily_budget=D("12.00")),),
)  # fmt: skip
UNPLACED = AdProposal(
    kind="negative_exact", marketplace=US, currency="USD", campaign_name="Console only", ad_group_name="g",
    subject="junk", reason=Text(en="wasted", zh="浪费"), figures=(), sources=(SourceRow("ad_performance", 11, 7),),
    missing="the ad group's ID is in no imported report",
)  # fmt: skip


def test_the_bulk_sheet_reads_back_as_exactly_the_proposed_lines(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a plan with a harvest (two lines), a bid, a budget and a proposal without IDs
    plan = AdPlan(US, dt.date(2025, 5, 31), (HARVEST, BID, BUDGET, UNPLACED))
    path = write_bulk_sheet(plan, tmp_path / "plan.xlsx")
    # when sellerops' importer reads the sheet
    result = import_file(warehouse, path, ImportOptions(marketplace=get_marketplace(US)))
    rows = warehouse.con.execute(
        "SELECT entity, operation, campaign_id, ad_group_id, keyword_id, keyword_text, match_type, bid, daily_budget, "
        "state, entity_id FROM ad_entity ORDER BY source_row"
    ).fetchall()
    # then it is a Sponsored Products Campaigns sheet whose rows are the four lines, IDs as given, none invented
    assert (result.status, result.rows_loaded) == ("loaded", 4)
    assert rows == [
        ("Keyword", "Create", "200", "210", None, "blue widget", "Exact", D("1.40"), None, "enabled", "row 2"),
        ("Negative Keyword", "Create", "100", "110", None, "blue widget", "Negative Exact", None, None, "enabled",
         "row 3"),
        ("Keyword", "Update", "200", "210", "212", None, None, D("0.80"), None, None, "212"),
        ("Campaign", "Update", "100", None, None, None, None, None, D("12.00"), None, "100"),
    ]  # fmt: skip
    # and the summary lists every proposal with its sheet rows, reason, figures and source rows
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["Sponsored Products Campaigns", SUMMARY]
    assert book.get_sheet_by_name("Sponsored Products Campaigns").to_python()[0] == list(COLUMNS)
    summary = book.get_sheet_by_name(SUMMARY).to_python()
    assert [row[:3] + row[5:] for row in summary[1:]] == [
        ["2–3", "harvest", US, "blue widget", "converts", "clicks 5; acos 11.67%",
         "ad_performance import 10 rows 2, 3", "", ""],
        ["4", "bid", US, "widget (exact)", "too dear", "", "ad_entity import 20 rows 9", "", ""],
        ["5", "budget_raise", US, "SP | Auto", "capped", "", "", "", ""],
        ["", "negative_exact", US, "junk", "wasted", "", "ad_performance import 11 rows 7", "",
         "the ad group's ID is in no imported report"],
    ]  # fmt: skip


def test_a_negative_product_target_reads_back_with_its_expression(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a plan negating one product page in the auto ad group
    page = AdProposal(
        kind="negative_product", marketplace=US, currency="USD", campaign_name="SP | Auto", ad_group_name="auto",
        subject='asin="B07XJ8C8F5"', reason=Text(en="wasted", zh="浪费"), figures=(),
        sources=(SourceRow("ad_performance", 10, 4),),
        lines=(BulkLine("Negative Product Targeting", "Create", "100", "110",
                        targeting_expression='asin="B07XJ8C8F5"', state="enabled"),),
    )  # fmt: skip
    path = write_bulk_sheet(AdPlan(US, dt.date(2025, 5, 31), (page,)), tmp_path / "plan.xlsx")
    # when the importer reads the sheet
    import_file(warehouse, path, ImportOptions(marketplace=get_marketplace(US)))
    # then the row is the negative product target, in its ad group, with the expression as written
    assert warehouse.con.execute(
        "SELECT entity, operation, campaign_id, ad_group_id, product_targeting_expression, state FROM ad_entity"
    ).fetchall() == [("Negative Product Targeting", "Create", "100", "110", 'asin="B07XJ8C8F5"', "enabled")]


def test_a_new_harvest_campaign_reads_back_with_its_placeholders_tying_its_rows_together(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a plan creating the campaign 'Harvest | Auto' (ad group 'Exact', SKU W-1) and a keyword in it
    new, group = "Harvest | Auto", "Harvest | Auto | Exact"
    campaign = AdProposal(
        kind="harvest_campaign", marketplace=US, currency="USD", campaign_name=new, ad_group_name="Exact",
        subject=new, reason=Text(en="new", zh="新建"), figures=(), sources=(),
        lines=(
            BulkLine("Campaign", "Create", new, name=new, targeting_type="Manual", start_date=dt.date(2025, 6, 1),
                     bidding_strategy="Dynamic bids - down only", daily_budget=D("11.00"), state="enabled"),
            BulkLine("Ad Group", "Create", new, group, name="Exact", default_bid=D("1.29"), state="enabled"),
            BulkLine("Product Ad", "Create", new, group, sku="W-1", state="enabled"),
        ),
    )  # fmt: skip
    keyword = AdProposal(
        kind="harvest", marketplace=US, currency="USD", campaign_name=new, ad_group_name="Exact",
        subject="blue widget", reason=Text(en="converts", zh="转化良好"), figures=(), sources=(),
        lines=(BulkLine("Keyword", "Create", new, group, keyword_text="blue widget", match_type="Exact",
                        bid=D("1.40"), state="enabled"),),
    )  # fmt: skip
    path = write_bulk_sheet(AdPlan(US, dt.date(2025, 5, 31), (campaign, keyword)), tmp_path / "plan.xlsx")
    # when the importer reads the sheet
    result = import_file(warehouse, path, ImportOptions(marketplace=get_marketplace(US)))
    rows = warehouse.con.execute(
        "SELECT entity, operation, campaign_id, ad_group_id, campaign_name, ad_group_name, start_date, "
        "targeting_type, bidding_strategy, daily_budget, ad_group_default_bid, sku, keyword_text, match_type, bid, "
        "state FROM ad_entity ORDER BY source_row"
    ).fetchall()
    # then every row is there as proposed: the campaign with its name, type, start (YYYYMMDD in the sheet),
    # strategy and budget; the ad group, product ad and keyword tied to it by the same placeholders
    assert (result.status, result.rows_loaded) == ("loaded", 4)
    assert rows == [
        ("Campaign", "Create", new, None, new, None, dt.date(2025, 6, 1), "Manual", "Dynamic bids - down only",
         D("11.00"), None, None, None, None, None, "enabled"),
        ("Ad Group", "Create", new, group, new, "Exact", None, None, None, None, D("1.29"), None, None, None, None,
         "enabled"),
        ("Product Ad", "Create", new, group, new, None, None, None, None, None, None, "W-1", None, None, None,
         "enabled"),
        ("Keyword", "Create", new, group, new, None, None, None, None, None, None, None, "blue widget", "Exact",
         D("1.40"), "enabled"),
    ]  # fmt: skip
    # and the sheet itself writes the start date as Amazon's YYYYMMDD text
    sheet = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Sponsored Products Campaigns").to_python()
    )
    assert sheet[1][COLUMNS.index("Start Date")] == "20250601"
