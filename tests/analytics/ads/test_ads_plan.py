"""The ads plan on hand-built rows: each proposal, its bulk lines and the rows it cites, worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from ad_rows import (
    AUTO,
    BULK_IMPORT,
    DAY,
    EXACT_CAMPAIGN,
    SETTINGS,
    TERM_IMPORT,
    US,
    entity,
    perf,
    tables,
    widget_account,
)

from sellerops.analytics.ads import AdFigure, AdProposal, BulkLine, SourceRow, plan_ads, suggested_bid
from sellerops.core.text import Text
from sellerops.warehouse import Warehouse


def _plan(warehouse: Warehouse) -> tuple[AdProposal, ...]:
    performance, entities, changes = tables(warehouse)
    return plan_ads(performance, entities, changes, marketplace=US, as_of=DAY, settings=SETTINGS).proposals


def _row(n: int) -> SourceRow:
    return SourceRow("ad_performance", TERM_IMPORT, n)


def test_a_converting_auto_term_is_harvested_into_the_exact_ad_group_and_negated_at_its_source(
    warehouse: Warehouse,
) -> None:
    # given the widget account and 'blue widget' from the auto ad group: 5 clicks, 7.00 spend, 3 orders, 60.00 sales
    widget_account(warehouse)
    perf(warehouse, "search_term", 2, campaign=AUTO, ad_group="auto", targeting="close-match", term="blue widget",
         clicks=4, spend="6.00", sales="60.00", orders=3)  # fmt: skip
    perf(warehouse, "search_term", 3, campaign=AUTO, ad_group="auto", targeting="close-match", term="blue widget",
         clicks=1, spend="1.00", day=DAY - dt.timedelta(days=1))  # fmt: skip
    # when the plan is made
    proposals = _plan(warehouse)
    # then the one proposal is the harvest: ACoS 7 / 60 = 11.67 % < 30 %; bid = its CPC 7.00 / 5 = 1.40; the exact
    # keyword goes to ad group 210 (manual, exact, also advertising W-1), the negative to the source ad group 110
    assert proposals == (
        AdProposal(
            kind="harvest", marketplace=US, currency="USD", campaign_name=EXACT_CAMPAIGN, ad_group_name="exact",
            subject="blue widget",
            reason=Text(
                en="'blue widget' converts: 3 orders from 5 clicks at ACoS 11.7% (target 30%) in "
                "SP | Widget | Auto › auto. Add it as an exact keyword at bid 1.40 USD and negate it (exact) where "
                "it came from.",
                zh="“blue widget”转化良好:5 次点击带来 3 单,ACoS 11.7%(目标 30%),来源 SP | Widget | Auto › auto。"
                "以 1.40 USD 出价加为精准关键词,并在来源广告组中精准否定。",
            ),
            figures=(
                AdFigure("impressions", 50), AdFigure("clicks", 5), AdFigure("spend", D("7.00"), "USD"),
                AdFigure("sales", D("60.00"), "USD"), AdFigure("orders", 3), AdFigure("cpc", D("1.40"), "USD"),
                AdFigure("conversion", D("0.6"), "%"), AdFigure("acos", D("0.1167"), "%"),
                AdFigure("bid", D("1.40"), "USD"),
            ),
            sources=(_row(2), _row(3)),
            lines=(
                BulkLine("Keyword", "Create", "200", "210", keyword_text="blue widget", match_type="Exact",
                         bid=D("1.40"), state="enabled"),
                BulkLine("Negative Keyword", "Create", "100", "110", keyword_text="blue widget",
                         match_type="Negative Exact", state="enabled"),
            ),
            period_from=DAY - dt.timedelta(days=1), period_to=DAY,
        ),
    )  # fmt: skip


def test_with_no_manual_exact_ad_group_the_sheet_creates_a_harvest_campaign_for_the_source_skus(
    warehouse: Warehouse,
) -> None:
    # given a bulk download with only the auto campaign (ad group 110 advertising W-1), and two converting terms:
    # 'blue widget' 5 clicks, 7.00 spend, 3 orders over 2 days; 'red widget' 2 clicks, 2.00 spend, 2 orders in 1 day
    entity(warehouse, 2, "Campaign", "100", "100", campaign_name=AUTO, targeting_type="Auto", state="enabled",
           daily_budget="10")  # fmt: skip
    entity(warehouse, 3, "Ad Group", "110", "100", ad_group_id="110", ad_group_name="auto", state="enabled")
    entity(
        warehouse, 4, "Product Ad", "111", "100", ad_group_id="110", ad_id="111", sku="W-1", state="enabled"
    )
    perf(warehouse, "search_term", 2, campaign=AUTO, ad_group="auto", targeting="close-match", term="blue widget",
         clicks=4, spend="6.00", sales="60.00", orders=3)  # fmt: skip
    perf(warehouse, "search_term", 3, campaign=AUTO, ad_group="auto", targeting="close-match", term="blue widget",
         clicks=1, spend="1.00", day=DAY - dt.timedelta(days=1))  # fmt: skip
    perf(warehouse, "search_term", 4, campaign=AUTO, ad_group="auto", targeting="loose-match", term="red widget",
         clicks=2, spend="2.00", sales="40.00", orders=2)  # fmt: skip
    # when the plan is made
    proposals = _plan(warehouse)
    # then first the new campaign 'Harvest | SP | Widget | Auto' (its name is its placeholder id, its ad group's
    # '<name> | Exact'): budget 2 x (7.00 / 2 days + 2.00 / 1 day) = 11.00, default bid 9.00 / 7 clicks = 1.29,
    # starting the day after the plan, advertising W-1; then each harvest into it (bids 7.00 / 5 = 1.40 and
    # 2.00 / 2 = 1.00) with its negative exact in the auto ad group
    new, group = "Harvest | SP | Widget | Auto", "Harvest | SP | Widget | Auto | Exact"
    campaign = proposals[0]
    assert campaign == AdProposal(
        kind="harvest_campaign", marketplace=US, currency="USD", campaign_name=new, ad_group_name="Exact",
        subject=new,
        reason=Text(
            en="No manual exact ad group advertises W-1: create the manual campaign 'Harvest | SP | Widget | Auto' "
            "(ad group 'Exact', daily budget 11.00 USD, twice the 2 harvested term(s)' spend a day where they came "
            "from) to hold them, starting 2025-06-01.",
            zh="没有投放 W-1 的手动精准广告组:新建手动广告活动“Harvest | SP | Widget | Auto”(广告组“Exact”,日预算 "
            "11.00 USD,为 2 个收录词在来源处日均花费的两倍)承接它们,2025-06-01 开始投放。",
        ),
        figures=(AdFigure("harvested_terms", 2), AdFigure("daily_budget", D("11.00"), "USD"),
                 AdFigure("default_bid", D("1.29"), "USD")),
        sources=(_row(2), _row(3), _row(4)),
        lines=(
            BulkLine("Campaign", "Create", new, name=new, targeting_type="Manual", start_date=dt.date(2025, 6, 1),
                     bidding_strategy="Dynamic bids - down only", daily_budget=D("11.00"), state="enabled"),
            BulkLine("Ad Group", "Create", new, group, name="Exact", default_bid=D("1.29"), state="enabled"),
            BulkLine("Product Ad", "Create", new, group, sku="W-1", state="enabled"),
        ),
        period_from=DAY - dt.timedelta(days=1), period_to=DAY,
    )  # fmt: skip
    assert [(p.kind, p.campaign_name, p.ad_group_name, p.subject, p.lines, p.sources, p.missing)
            for p in proposals[1:]] == [
        ("harvest", new, "Exact", "blue widget", (
            BulkLine("Keyword", "Create", new, group, keyword_text="blue widget", match_type="Exact", bid=D("1.40"),
                     state="enabled"),
            BulkLine("Negative Keyword", "Create", "100", "110", keyword_text="blue widget",
                     match_type="Negative Exact", state="enabled"),
        ), (_row(2), _row(3)), None),
        ("harvest", new, "Exact", "red widget", (
            BulkLine("Keyword", "Create", new, group, keyword_text="red widget", match_type="Exact", bid=D("1.00"),
                     state="enabled"),
            BulkLine("Negative Keyword", "Create", "100", "110", keyword_text="red widget",
                     match_type="Negative Exact", state="enabled"),
        ), (_row(4),), None),
    ]  # fmt: skip
    # and the harvests say where their keyword goes
    assert proposals[1].reason.en.endswith(
        "It goes into the new campaign 'Harvest | SP | Widget | Auto', which this sheet creates."
    )


def test_a_plan_sheet_read_back_is_not_taken_for_the_account_snapshot(warehouse: Warehouse) -> None:
    # given the widget account's download, then a later import of a sheet written for upload (every row has an
    # operation) that creates a campaign by placeholder, and 'blue widget' converting in the auto ad group
    widget_account(warehouse)
    warehouse.con.execute(
        "INSERT INTO ad_entity (marketplace, ad_product, entity, entity_id, operation, campaign_id, campaign_name, "
        "currency, source_row, import_id) VALUES (?, 'SPONSORED_PRODUCTS', 'Campaign', 'Harvest | X', 'Create', "
        "'Harvest | X', 'Harvest | X', 'USD', 2, ?)",
        [US, BULK_IMPORT + 1],
    )
    perf(warehouse, "search_term", 2, campaign=AUTO, ad_group="auto", targeting="close-match", term="blue widget",
         clicks=4, spend="6.00", sales="60.00", orders=3)  # fmt: skip
    # when the plan is made
    proposals = _plan(warehouse)
    # then the IDs still come from the download: the keyword goes to ad group 210, the negative to 110
    assert [(p.kind, [(line.campaign_id, line.ad_group_id) for line in p.lines]) for p in proposals] == [
        ("harvest", [("200", "210"), ("100", "110")]),
    ]


def test_without_the_source_skus_a_harvest_has_no_lines_and_says_what_to_import(warehouse: Warehouse) -> None:
    # given a converting auto term and no bulk download at all
    perf(warehouse, "search_term", 2, campaign=AUTO, ad_group="auto", targeting="close-match", term="blue widget",
         clicks=4, spend="6.00", sales="60.00", orders=3)  # fmt: skip
    # when the plan is made
    proposals = _plan(warehouse)
    # then the harvest is shown without lines, and why
    assert [(p.kind, p.lines, p.missing) for p in proposals] == [
        ("harvest", (), "no manual exact ad group advertises the same SKUs, and the source ad group's SKUs are not "
         "known to create one: import a bulk download (Campaign Manager › Bulk operations)"),
    ]  # fmt: skip


def test_wasted_terms_are_negated_exact_and_a_wasted_word_phrase_but_not_a_word_inside_a_converting_term(
    warehouse: Warehouse,
) -> None:
    # given, in the auto ad group: 'cheap widget' 12 clicks and no order; 'free' in two terms (11 clicks, 8.50 spend,
    # no order); 'shirts' in two terms with no order, but inside the converting 't-shirts'; 'widget' converting
    widget_account(warehouse)
    terms = [
        ("cheap widget", 12, "6.00", "0", 0), ("free widget", 6, "4.50", "0", 0),
        ("widget free sample", 5, "4.00", "0", 0), ("cotton shirts", 6, "4.00", "0", 0),
        ("shirts sale", 6, "4.00", "0", 0), ("t-shirts", 2, "3.00", "30.00", 1), ("widget", 5, "5.00", "50.00", 2),
    ]  # fmt: skip
    for n, (term, clicks, spend, sales, orders) in enumerate(terms, start=2):
        perf(warehouse, "search_term", n, campaign=AUTO, ad_group="auto", targeting="close-match", term=term,
             clicks=clicks, spend=spend, sales=sales, orders=orders)  # fmt: skip
    # when the plan is made
    negatives = [p for p in _plan(warehouse) if p.kind.startswith("negative")]
    # then the ad group's order value is 80.00 / 3 = 26.67, so an order may cost 30 % of it, 8.00: 'free' took
    # 11 ≥ 10 clicks and 8.50 ≥ 8.00 → negative phrase; 'cheap widget' 12 ≥ 10 clicks → negative exact; the
    # 'shirts' terms would qualify as an n-gram but 't-shirts' sells; each single term is under both limits
    assert [(p.kind, p.subject, p.lines, p.sources, p.missing) for p in negatives] == [
        ("negative_phrase", "free",
         (BulkLine("Negative Keyword", "Create", "100", "110", keyword_text="free", match_type="Negative Phrase",
                   state="enabled"),),
         (_row(3), _row(4)), None),
        ("negative_exact", "cheap widget",
         (BulkLine("Negative Keyword", "Create", "100", "110", keyword_text="cheap widget",
                   match_type="Negative Exact", state="enabled"),),
         (_row(2),), None),
    ]  # fmt: skip
    assert negatives[1].reason.en == (
        "'cheap widget' spent 6.00 USD with no order (12 clicks ≥ 10): negate it (exact) in this ad group."
    )
    assert negatives[1].figures[-1] == AdFigure("target_cost_per_order", D("8.00"), "USD")


def test_a_wasted_product_page_is_negated_as_a_product_target(warehouse: Warehouse) -> None:
    # given, in the auto ad group: the ASIN "search term" b07xj8c8f5 (a product page) with 12 clicks and no order,
    # another with 3 clicks (under both limits), and 'widget' converting (its order value 25.00, so an order may
    # cost 30 % of it, 7.50)
    widget_account(warehouse)
    terms = [
        ("b07xj8c8f5", 12, "6.00", "0", 0),
        ("b00000000x", 3, "1.50", "0", 0),
        ("widget", 5, "5.00", "50.00", 2),
    ]
    for n, (term, clicks, spend, sales, orders) in enumerate(terms, start=2):
        perf(warehouse, "search_term", n, campaign=AUTO, ad_group="auto", targeting="close-match", term=term,
             clicks=clicks, spend=spend, sales=sales, orders=orders)  # fmt: skip
    # when the plan is made
    negatives = [p for p in _plan(warehouse) if p.kind.startswith("negative")]
    # then the ASIN is negated as a product target (Amazon takes no ASIN as a negative keyword), citing its row
    assert [(p.kind, p.subject, p.lines, p.sources) for p in negatives] == [
        ("negative_product", 'asin="B07XJ8C8F5"',
         (BulkLine("Negative Product Targeting", "Create", "100", "110", targeting_expression='asin="B07XJ8C8F5"',
                   state="enabled"),),
         (_row(2),)),
    ]  # fmt: skip
    assert negatives[0].reason.en == (
        "'B07XJ8C8F5' spent 6.00 USD with no order (12 clicks ≥ 10): negate the product page (negative product "
        "target) in this ad group."
    )


def test_a_bid_moves_toward_the_target_acos_by_at_most_one_step(warehouse: Warehouse) -> None:
    # given the exact keyword 'widget' (bid 1.00 in the bulk download): 25 clicks, 25.00 spend, 50.00 sales
    widget_account(warehouse)
    perf(warehouse, "targeting", 2, campaign=EXACT_CAMPAIGN, ad_group="exact", targeting="widget", match="EXACT",
         clicks=25, spend="25.00", sales="50.00", orders=2)  # fmt: skip
    # when the plan is made
    proposals = _plan(warehouse)
    # then CPC 1.00 × 30 % / 50 % = 0.60 is more than a 20 % step below 1.00: the bid goes to 0.80
    assert [(p.kind, p.subject, p.lines, p.sources) for p in proposals] == [
        ("bid", "widget (exact)",
         (BulkLine("Keyword", "Update", "200", "210", keyword_id="212", bid=D("0.80")),),
         (SourceRow("ad_entity", BULK_IMPORT, 9), _row(2))),
    ]  # fmt: skip
    assert proposals[0].reason.en == (
        "25 clicks at CPC 1.00 USD, ACoS 50.0% against a target of 30%: bid 1.00 → 0.80 USD (at most 20% a step, "
        "never below 0.02 USD)."
    )


def test_a_target_changed_in_the_last_three_days_gets_no_new_bid(warehouse: Warehouse) -> None:
    # given the same keyword, whose bid the change history shows changed yesterday
    widget_account(warehouse)
    perf(warehouse, "targeting", 2, campaign=EXACT_CAMPAIGN, ad_group="exact", targeting="widget", match="EXACT",
         clicks=25, spend="25.00", sales="50.00", orders=2)  # fmt: skip
    warehouse.con.execute(
        "INSERT INTO ad_change (marketplace, changed_at, entity_id, change_type, seq, old_value, new_value, "
        "campaign_id, ad_group_id, match_type, import_id) VALUES (?, ?, '212', 'BID_AMOUNT', 1, '1.10', '1.00', "
        "'200', '210', 'EXACT', 30)",
        [US, dt.datetime(2025, 5, 30, 9, tzinfo=dt.UTC)],
    )
    # when the plan is made
    proposals = _plan(warehouse)
    # then there is no bid proposal
    assert proposals == ()


def test_suggested_bid_is_capped_per_step_and_floored_at_the_marketplace_minimum() -> None:
    # given the default settings (target 30 %, 20 % a step, minimum 0.02)
    bid = SETTINGS.bid
    # when / then: 0.50 × 0.30 / 0.10 = 1.50 is capped at 1.20; no sale lowers one full step; never below 0.02
    assert suggested_bid(bid=D("1.00"), cpc=D("0.50"), acos=D("0.10"), settings=bid, currency="USD") == D(
        "1.20"
    )
    assert suggested_bid(bid=D("1.00"), cpc=D("0.50"), acos=D("0.25"), settings=bid, currency="USD") == D(
        "0.60"
    ) + D("0.20")
    assert suggested_bid(bid=D("1.00"), cpc=D("0.90"), acos=None, settings=bid, currency="USD") == D("0.80")
    assert suggested_bid(bid=D("0.02"), cpc=D("0.02"), acos=None, settings=bid, currency="USD") == D("0.02")


def test_a_campaign_out_of_budget_with_acos_under_target_gets_a_bigger_budget(warehouse: Warehouse) -> None:
    # given the auto campaign (budget 10.00) spending 9.50 on 3 of the last 7 days and 5.00 on the others, ACoS
    # 48.50 / 200.00 = 24.25 %
    widget_account(warehouse)
    for n in range(7):
        spend, sales = ("9.50" if n < 3 else "5.00"), ("40.00" if n < 5 else "0")
        perf(warehouse, "campaign", n + 2, campaign=AUTO, clicks=10, spend=spend, sales=sales,
             day=DAY - dt.timedelta(days=n), budget="10.00")  # fmt: skip
    # when the plan is made
    proposals = _plan(warehouse)
    # then the budget is raised by 20 % to 12.00 on campaign 100, citing the seven days
    assert [(p.kind, p.lines, p.sources) for p in proposals] == [
        ("budget_raise", (BulkLine("Campaign", "Update", "100", daily_budget=D("12.00")),),
         tuple(_row(n) for n in range(2, 9))),
    ]  # fmt: skip
    assert proposals[0].figures[6:8] == (
        AdFigure("conversion", D(0), "%"),
        AdFigure("acos", D("0.2425"), "%"),
    )
