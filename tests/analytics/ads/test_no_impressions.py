"""Ads without impressions: which entities are silent, and the first cause the data shows, on hand-built rows.

The account in every test: campaign C1, ad group G1, keyword 'widget' (exact) served 20 impressions a day from
2025-05-15 to 05-24 and none after; keyword 'gadget' (exact) in the same ad group serves 5 a day through 05-31, so
the report covers the quiet window (05-25..05-31, the 7 days ending on 05-31) and G1 and C1 are not silent.
History: 05-15..05-24 is 10 observed days (the 30-day window starts 04-25, before the first row), so 'widget' was
expected to get 200 · 7 / 10 = 140 impressions in the quiet window.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from ad_rows import BULK_IMPORT, entity

from sellerops.analytics.ads import (
    AdFigure,
    NoImpressions,
    NoImpressionSettings,
    NoImpressionsReport,
    SilenceCause,
    SourceRow,
    explain_no_impressions,
)
from sellerops.analytics.ads.no_impressions_causes import serving_cause
from sellerops.core.text import Text
from sellerops.warehouse import Warehouse

US = "amazon.US"
AS_OF = dt.date(2025, 5, 31)
REPORT, CHANGES, STOCK, LISTINGS = 10, 30, 40, 50


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _days(first: str, last: str) -> list[dt.date]:
    start, end = _day(first), _day(last)
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


class Rows:
    """Daily targeting-report rows, numbered as a file would number them."""

    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse, self.next = warehouse, 1

    def target(
        self, campaign: str, group: str, text: str, days: list[dt.date], impressions: int, clicks: int = 0,
        spend: str = "0", report_type: str = "targeting",
    ) -> list[int]:  # fmt: skip
        rows = []
        for day in days:
            self.warehouse.con.execute(
                "INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, "
                "campaign_name, ad_group_name, targeting, match_type, impressions, clicks, spend, currency, "
                "attribution_days, sales, orders, source_row, import_id) VALUES (?, ?, ?, ?, 'SPONSORED_PRODUCTS', "
                "?, ?, ?, 'EXACT', ?, ?, ?, 'USD', 7, 0, 0, ?, ?)",
                [report_type, US, day, day, campaign, group, text, impressions, clicks, D(spend), self.next, REPORT],
            )  # fmt: skip
            rows.append(self.next)
            self.next += 1
        return rows

    def campaign_day(self, campaign: str, day: str, spend: str, budget: str) -> int:
        self.warehouse.con.execute(
            "INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, campaign_name, "
            "daily_budget, impressions, clicks, spend, currency, attribution_days, sales, orders, source_row, "
            "import_id) VALUES ('campaign', ?, ?, ?, 'SPONSORED_PRODUCTS', ?, ?, 100, 5, ?, 'USD', 7, 0, 0, ?, ?)",
            [US, day, day, campaign, D(budget), D(spend), self.next, REPORT],
        )
        self.next += 1
        return self.next - 1


def _base(warehouse: Warehouse) -> Rows:
    rows = Rows(warehouse)
    rows.target(
        "C1", "G1", "widget", _days("2025-05-15", "2025-05-24"), 20, clicks=1, spend="0.50"
    )  # rows 1-10
    rows.target("C1", "G1", "gadget", _days("2025-05-15", "2025-05-31"), 5)  # rows 11-27
    return rows


def _explain(warehouse: Warehouse, **settings: Any) -> NoImpressionsReport:
    b = warehouse.ibis()
    return explain_no_impressions(
        b.table("ad_performance"), b.table("ad_entity"), b.table("ad_change"), b.table("inventory_snapshot"),
        b.table("listing"), marketplace=US, as_of=AS_OF, settings=NoImpressionSettings(**settings),
    )  # fmt: skip


def _figures(history: int, expected: str | None, silenced: int = 0, days: int = 10) -> tuple[AdFigure, ...]:
    return (
        AdFigure("history_impressions", history), AdFigure("history_days", days),
        AdFigure("expected_impressions", None if expected is None else D(expected)),
        AdFigure("quiet_impressions", 0), AdFigure("quiet_days", 7), AdFigure("targets_silenced", silenced),
    )  # fmt: skip


def _widget(causes: tuple[SilenceCause, ...]) -> NoImpressions:
    return NoImpressions(
        marketplace=US, level="target", campaign_name="C1", ad_group_name="G1", targeting="widget",
        match_type="EXACT", kind="stopped", last_served=_day("2025-05-24"), figures=_figures(200, "140.0"),
        causes=causes, sources=(SourceRow("ad_performance", REPORT, 10),),
    )  # fmt: skip


def _change(warehouse: Warehouse, at: str, entity_type: str, entity_id: str, name: str, change: str, old: str,
            new: str, meta: str, match: str | None = None) -> None:  # fmt: skip
    warehouse.con.execute(
        "INSERT INTO ad_change (marketplace, changed_at, entity_type, entity_id, entity_name, change_type, seq, "
        "old_value, new_value, metadata, match_type, import_id) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)",
        [US, dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC), entity_type, entity_id, name, change, old, new,
         meta, match, CHANGES],
    )  # fmt: skip


NOTHING = Text(
    en="Cause not in the data: nothing imported shows it paused, out of budget, blocked, out of stock, delisted or "
    "outbid. Not imported: a bulk download (states, serving status, bids, SKUs), FBA inventory, listings, the change "
    "history. Check its status in Campaign Manager.",
    zh="数据中找不到原因:已导入的数据未显示暂停、预算耗尽、被屏蔽、断货、下架或出价过低。未导入:批量文件(状态、投放状态、出价、SKU)、"
    "FBA 库存、商品报告、变更历史。请在广告后台查看其状态。",
)


def test_a_keyword_paused_in_the_change_history_is_explained_by_the_pause(warehouse: Warehouse) -> None:
    # given the account, and the change history pausing 'widget' at 2025-05-24 18:00 UTC
    _base(warehouse)
    _change(warehouse, "2025-05-24T18:00:00", "TARGETING_CLAUSE", "K1", "widget", "STATUS", "ENABLED", "PAUSED",
            '{"campaignName": "C1", "adGroupName": "G1"}', "EXACT")  # fmt: skip
    # when the silent entities of 2025-05-31 are explained
    report = _explain(warehouse)
    # then 'widget' alone is silent (0 where 140 were expected), paused on 05-24, citing the row of its last day
    assert report == NoImpressionsReport(
        US, AS_OF, quiet_from=_day("2025-05-25"), history_from=_day("2025-04-25"), grain="targeting",
        findings=(_widget((SilenceCause(
            "paused", Text(en="The target 'widget (exact)' was paused on 2025-05-24 (change history).",
                           zh="投放“widget (exact)”已于 2025-05-24 暂停(变更历史)。"),
            (AdFigure("changed_on", "2025-05-24"),), (SourceRow("ad_change", CHANGES, None),),
        ),)),),
        notes=(Text(en="Not imported, so not checked: a bulk download (states, serving status, bids, SKUs), FBA "
                    "inventory, listings.",
                    zh="未导入,因此未检查:批量文件(状态、投放状态、出价、SKU)、FBA 库存、商品报告。"),),
    )  # fmt: skip


def test_a_keyword_whose_campaign_runs_out_of_budget_is_explained_by_the_budget(warehouse: Warehouse) -> None:
    # given the account and the campaign report of C1's quiet days: budget 10.00, spend 9.60, 10.00, 9.50, 9.40,
    # 3.00, 9.99, 2.00 — at least 95 % of the budget (9.50) on 4 days
    rows = _base(warehouse)
    spends = ("9.60", "10.00", "9.50", "9.40", "3.00", "9.99", "2.00")
    cited = [rows.campaign_day("C1", f"2025-05-{25 + n}", spend, "10") for n, spend in enumerate(spends)]
    # when explained
    (finding,) = _explain(warehouse).findings
    # then the budget: 4 capped days of 7 ≥ the 3 required, citing those 4 campaign rows
    assert finding == _widget((SilenceCause(
        "budget_exhausted",
        Text(en="Its campaign 'C1' spent ≥ 95% of its 10.00 USD daily budget on 4 of 7 quiet days: the budget runs "
             "out before this one is served.",
             zh="其广告活动“C1”在静默期 7 天中有 4 天花费 ≥ 日预算 10.00 USD 的 95%:预算在轮到它之前已耗尽。"),
        (AdFigure("capped_days", 4), AdFigure("daily_budget", D("10"), "USD")),
        tuple(SourceRow("ad_performance", REPORT, cited[n]) for n in (0, 1, 2, 5)),
    ),))  # fmt: skip


def _bulk_account(warehouse: Warehouse, **widget: Any) -> None:
    """A bulk download of C1 (manual, budget 50): ad group G1 (SKU W-1, keywords widget and gadget) and G2 (SKU W-2,
    keyword thing)."""
    entity(warehouse, 2, "Campaign", "100", "100", campaign_name="C1", targeting_type="Manual", state="enabled",
           daily_budget="50")  # fmt: skip
    entity(warehouse, 3, "Ad Group", "110", "100", ad_group_id="110", ad_group_name="G1", state="enabled")
    entity(warehouse, 4, "Product Ad", "111", "100", ad_group_id="110", sku="W-1", state="enabled")
    entity(warehouse, 5, "Keyword", "112", "100", ad_group_id="110", keyword_text="widget", match_type="Exact",
           state="enabled", **{"bid": "1.00", **widget})  # fmt: skip
    entity(warehouse, 6, "Keyword", "113", "100", ad_group_id="110", keyword_text="gadget", match_type="Exact",
           bid="1.00", state="enabled")  # fmt: skip
    entity(warehouse, 7, "Ad Group", "120", "100", ad_group_id="120", ad_group_name="G2", state="enabled")
    entity(warehouse, 8, "Product Ad", "121", "100", ad_group_id="120", sku="W-2", state="enabled")
    entity(warehouse, 9, "Keyword", "122", "100", ad_group_id="120", keyword_text="thing", match_type="Exact",
           bid="1.00", state="enabled")  # fmt: skip


def test_an_ad_group_whose_sku_is_out_of_stock_and_delisted_shows_both_stock_first(
    warehouse: Warehouse,
) -> None:
    # given the account with a bulk download; 'widget' keeps serving here (so G1 serves), and G2's only keyword
    # 'thing' served 30 a day on 05-20..05-24 (150, expected 150 · 7 / 10 = 105) and nothing after
    rows = _base(warehouse)
    rows.target("C1", "G1", "widget", _days("2025-05-25", "2025-05-31"), 20)
    thing = rows.target("C1", "G2", "thing", _days("2025-05-20", "2025-05-24"), 30)
    _bulk_account(warehouse)
    # and W-2 had 0 fulfillable on 05-26 and 05-28 and 4 on 05-30 (empty on 2 of 3 days), and its listing went
    # from Active (05-01) to Inactive (05-27)
    for day, units in (("2025-05-26", 0), ("2025-05-28", 0), ("2025-05-30", 4)):
        warehouse.con.execute(
            "INSERT INTO inventory_snapshot (marketplace, warehouse, sku, snapshot_at, snapshot_date, fulfillable, "
            "import_id) VALUES (?, 'FBA', 'W-2', ?, ?, ?, ?)",
            [US, dt.datetime.fromisoformat(day + "T06:00:00").replace(tzinfo=dt.UTC), day, units, STOCK],
        )
    for day, status in (("2025-05-01", "Active"), ("2025-05-27", "Inactive")):
        warehouse.con.execute(
            "INSERT INTO listing (marketplace, sku, snapshot_date, status, import_id) VALUES (?, 'W-2', ?, ?, ?)",
            [US, day, status, LISTINGS],
        )
    # when explained
    (finding,) = _explain(warehouse).findings
    # then the ad group G2 is silent (its one keyword with it), out of stock first, then the inactive listing
    assert finding == NoImpressions(
        marketplace=US, level="ad_group", campaign_name="C1", ad_group_name="G2", targeting=None, match_type=None,
        kind="stopped", last_served=_day("2025-05-24"), figures=_figures(150, "105.0", silenced=1),
        causes=(
            SilenceCause(
                "out_of_stock",
                Text(en="Every advertised SKU had no FBA fulfillable stock on most quiet days: W-2 on 2 of 3 days.",
                     zh="所有推广 SKU 在静默期的大部分日子里 FBA 可售库存为 0:W-2 3 天中 2 天。"),
                (AdFigure("skus_out_of_stock", 1), AdFigure("days_out_of_stock", 2)),
                (SourceRow("inventory_snapshot", STOCK, None),),
            ),
            SilenceCause(
                "listing_inactive",
                Text(en="Every advertised SKU's listing is not active: W-2 'Inactive' on 2025-05-27.",
                     zh="所有推广 SKU 的商品均未在售:W-2 于 2025-05-27 为“Inactive”。"),
                (AdFigure("inactive_listings", 1),), (SourceRow("listing", LISTINGS, None),),
            ),
        ),
        sources=(SourceRow("ad_performance", REPORT, thing[-1]),),
    )  # fmt: skip


def test_amazons_serving_status_comes_before_a_bid_below_the_cpc_it_paid(warehouse: Warehouse) -> None:
    # given the account with a bulk download where 'widget' bids 0.30 and Amazon says it is policing-suspended;
    # before going quiet it paid 5.00 for 10 clicks (CPC 0.50); G2's 'thing' serves 3 a day throughout
    _base(warehouse).target("C1", "G2", "thing", _days("2025-05-15", "2025-05-31"), 3)
    _bulk_account(warehouse, bid="0.30", serving_status="TARGETING_CLAUSE_POLICING_SUSPENDED")
    # when explained
    (finding,) = _explain(warehouse).findings
    # then both causes, Amazon's word first
    keyword_row = SourceRow("ad_entity", BULK_IMPORT, 5)
    assert finding == _widget((
        SilenceCause(
            "blocked",
            Text(en="Amazon's serving status for the target 'widget (exact)': TARGETING_CLAUSE_POLICING_SUSPENDED.",
                 zh="亚马逊对投放“widget (exact)”的投放状态:TARGETING_CLAUSE_POLICING_SUSPENDED。"),
            (AdFigure("serving_status", "TARGETING_CLAUSE_POLICING_SUSPENDED"),), (keyword_row,),
        ),
        SilenceCause(
            "bid_low",
            Text(en="Its bid 0.30 USD is below the 0.50 USD CPC it paid before it went quiet: it no longer wins the "
                 "auctions it won.",
                 zh="其出价 0.30 USD,低于其静默前的 CPC 0.50 USD:已赢不下原来能赢的竞价。"),
            (AdFigure("bid", D("0.30"), "USD"), AdFigure("history_cpc", D("0.50"), "USD")), (keyword_row,),
        ),
    ))  # fmt: skip


def test_without_evidence_the_answer_is_cause_not_in_the_data_and_a_thin_target_is_not_flagged(
    warehouse: Warehouse,
) -> None:
    # given the account, and 'rare' (exact) with 1 impression on 3 history days: 3 · 7 / 10 = 2.1 expected < 10
    rows = _base(warehouse)
    rows.target("C1", "G1", "rare", _days("2025-05-18", "2025-05-20"), 1)
    # when explained
    report = _explain(warehouse)
    # then only 'widget', with the honest answer and the tables that would have said more
    assert report.findings == (_widget((SilenceCause("not_in_data", NOTHING),)),)


def test_a_silent_campaign_stands_for_its_targets(warehouse: Warehouse) -> None:
    # given the account, and campaign C2 whose two keywords served 10 a day on 05-20..05-24 and nothing after
    rows = _base(warehouse)
    rows.target("C2", "G9", "one", _days("2025-05-20", "2025-05-24"), 10)
    last = rows.target("C2", "G9", "two", _days("2025-05-20", "2025-05-24"), 10)[-1]
    # when explained
    report = _explain(warehouse)
    # then C2 is listed once (100 impressions, expected 100 · 7 / 10 = 70, its 2 keywords silenced), before 'widget'
    assert report.findings == (
        NoImpressions(
            marketplace=US, level="campaign", campaign_name="C2", ad_group_name=None, targeting=None,
            match_type=None, kind="stopped", last_served=_day("2025-05-24"), figures=_figures(100, "70.0", 2),
            causes=(SilenceCause("not_in_data", NOTHING),),
            sources=(SourceRow("ad_performance", REPORT, last - 5), SourceRow("ad_performance", REPORT, last)),
        ),
        _widget((SilenceCause("not_in_data", NOTHING),)),
    )  # fmt: skip


def test_a_live_campaign_that_never_served_is_listed_with_its_end_date(warehouse: Warehouse) -> None:
    # given the account with a bulk download that also lists campaign C3, enabled, started 2025-04-01 and ended
    # 2025-05-20, with no report row at all; 'widget' keeps serving
    rows = _base(warehouse)
    rows.target("C1", "G1", "widget", _days("2025-05-25", "2025-05-31"), 20)
    _bulk_account(warehouse)
    rows.target("C1", "G2", "thing", _days("2025-05-15", "2025-05-31"), 3)
    entity(warehouse, 10, "Campaign", "300", "300", campaign_name="C3", targeting_type="Auto", state="enabled",
           daily_budget="5", start_date=_day("2025-04-01"), end_date=_day("2025-05-20"))  # fmt: skip
    # when explained
    (finding,) = _explain(warehouse).findings
    # then C3 is listed as never served, because it ended
    assert finding == NoImpressions(
        marketplace=US, level="campaign", campaign_name="C3", ad_group_name=None, targeting=None, match_type=None,
        kind="never", last_served=None, figures=_figures(0, None),
        causes=(SilenceCause("ended", Text(en="The campaign 'C3' ended on 2025-05-20.",
                                           zh="广告活动“C3”已于 2025-05-20 结束。"),
                             (AdFigure("end_date", "2025-05-20"),), (SourceRow("ad_entity", BULK_IMPORT, 10),)),),
        sources=(),
    )  # fmt: skip


def test_without_a_report_that_covers_the_quiet_days_nothing_is_claimed(warehouse: Warehouse) -> None:
    # given only search-term rows (they list clicked terms only: a missing term says nothing)
    Rows(warehouse).target(
        "C1", "G1", "widget", _days("2025-05-15", "2025-05-31"), 20, report_type="search_term"
    )
    # when explained
    report = _explain(warehouse)
    # then no finding, and a note saying what to import
    assert (report.grain, report.findings, [n.en for n in report.notes]) == (None, (), [
        "No targeting, advertised product or campaign report covers 2025-05-25..2025-05-31 and the days before it: "
        "import the daily reports up to that day to check for campaigns without impressions."
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("status", "cause"),
    [
        ("CAMPAIGN_OUT_OF_BUDGET", "budget_exhausted"), ("Out of budget", "budget_exhausted"),
        ("TARGETING_CLAUSE_POLICING_SUSPENDED", "blocked"), ("Ineligible", "blocked"),
        ("Out of stock", "out_of_stock"), ("NOT_BUYABLE", "listing_inactive"), ("AD_GROUP_PAUSED", "paused"),
        ("CAMPAIGN_ARCHIVED", "archived"), ("PENDING_START_DATE", "scheduled"), ("AD_GROUP_LOW_BID", "bid_low"),
        ("TARGETING_CLAUSE_STATUS_LIVE", None), ("Delivering", None), ("Eligible", None),
        ("SOMETHING_NEW", "not_serving"),
    ],
)  # fmt: skip
def test_amazons_serving_words_name_their_cause(status: str, cause: str | None) -> None:
    assert serving_cause(status) == cause
