"""The ads structure lint: each check on a hand-built bulk download, the reports-only reading, and the real sample
account whose structure was read by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest
from ad_rows import BULK_IMPORT, entity

from sellerops.analytics.ads import AdFigure, AdsLint, LintFinding, LintMember, SourceRow, lint_ads
from sellerops.core.marketplaces import get_marketplace
from sellerops.core.text import Text
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse, open_warehouse
from support import datasets_dir

US = "amazon.US"
DAY = dt.date(2025, 5, 31)
REPORT = 10


def _target(w: Warehouse, row: int, campaign: str, group: str, text: str, match: str | None, impressions: int,
            clicks: int, spend: str, orders: int = 0) -> None:  # fmt: skip
    w.con.execute(
        "INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, campaign_name, "
        "ad_group_name, targeting, match_type, impressions, clicks, spend, currency, attribution_days, sales, orders, "
        "source_row, import_id) VALUES ('targeting', ?, ?, ?, 'SPONSORED_PRODUCTS', ?, ?, ?, ?, ?, ?, ?, 'USD', 7, 0, "
        "?, ?, ?)",
        [US, DAY, DAY, campaign, group, text, match, impressions, clicks, D(spend), orders, row, REPORT],
    )  # fmt: skip


def _account(w: Warehouse) -> None:
    """Seven campaigns, each one ad group and one product ad (see the test's comments for what each is)."""
    rows = iter(range(2, 100))

    def campaign(cid: str, name: str, kind: str, sku: str, state: str = "enabled") -> None:
        group = str(int(cid) + 10)
        entity(w, next(rows), "Campaign", cid, cid, campaign_name=name, targeting_type=kind, state=state)
        entity(w, next(rows), "Ad Group", group, cid, ad_group_id=group, ad_group_name=kind.lower() if kind ==
               "Auto" else name.split(" | ")[-1].lower(), state="enabled")  # fmt: skip
        entity(
            w, next(rows), "Product Ad", str(int(cid) + 11), cid, ad_group_id=group, sku=sku, state="enabled"
        )

    def keyword(cid: str, kid: str, text: str, match: str, bid: str) -> None:
        entity(w, next(rows), "Keyword", kid, cid, ad_group_id=str(int(cid) + 10), keyword_text=text,
               match_type=match, bid=bid, state="enabled")  # fmt: skip

    def auto(cid: str) -> None:
        entity(w, next(rows), "Product Targeting", str(int(cid) + 12), cid, ad_group_id=str(int(cid) + 10),
               product_targeting_expression="close-match", bid="0.50", state="enabled")  # fmt: skip

    campaign("100", "SP | W1 | Auto", "Auto", "W-1")  # rows 2-4
    auto("100")  # row 5
    entity(w, next(rows), "Negative Keyword", "113", "100", ad_group_id="110", keyword_text="cheap",
           match_type="Negative Exact", state="enabled")  # row 6  # fmt: skip
    campaign("200", "SP | W1 | Exact", "Manual", "W-1")  # rows 7-9
    keyword("200", "212", "widget", "Exact", "1.00")  # row 10
    campaign("300", "SP | W2 | Auto", "Auto", "W-2")  # rows 11-13
    auto("300")  # row 14
    campaign("400", "SP | W1 | Broad", "Manual", "W-1")  # rows 15-17
    keyword("400", "412", "widget", "Broad", "0.70")  # row 18
    entity(w, next(rows), "Campaign Negative Keyword", "401", "400", keyword_text="free",
           match_type="Negative Exact", state="enabled")  # row 19  # fmt: skip
    campaign("500", "SP | W3 | Broad", "Manual", "W-3")  # rows 20-22
    keyword("500", "512", "gizmo", "Broad", "0.60")  # row 23
    campaign("600", "SP | W1 | Exact 2", "Manual", "W-1")  # rows 24-26
    keyword("600", "612", "widget", "Exact", "0.80")  # row 27
    campaign("700", "SP | W4 | Broad", "Manual", "W-4", state="paused")  # rows 28-30
    keyword("700", "712", "gadget", "Broad", "0.60")  # row 31


def _lint(w: Warehouse) -> AdsLint:
    b = w.ibis()
    return lint_ads(b.table("ad_performance"), b.table("ad_entity"), marketplace=US, as_of=DAY)


def _row(n: int) -> SourceRow:
    return SourceRow("ad_entity", BULK_IMPORT, n)


def test_each_check_on_a_bulk_download(warehouse: Warehouse) -> None:
    # given the bulk download:
    #   SP | W1 | Auto    auto, W-1, with a negative                  → nothing (W-1 has an exact keyword)
    #   SP | W1 | Exact   'widget' exact 1.00, W-1                    → self-competition with Exact 2
    #   SP | W2 | Auto    auto, W-2, no negative                      → no exact for W-2; no negatives
    #   SP | W1 | Broad   'widget' broad, W-1, a campaign negative    → nothing (W-1 has exact elsewhere)
    #   SP | W3 | Broad   'gizmo' broad, W-3, no negative             → broad only; no negatives
    #   SP | W1 | Exact 2 'widget' exact 0.80, W-1                    → self-competition
    #   SP | W4 | Broad   paused                                      → not live: nothing
    _account(warehouse)
    # and the targeting report of the day
    _target(warehouse, 1, "SP | W1 | Exact", "exact", "widget", "EXACT", 1000, 50, "25.00", 5)
    _target(warehouse, 2, "SP | W1 | Exact 2", "exact 2", "widget", "EXACT", 400, 10, "6.00", 1)
    _target(warehouse, 3, "SP | W3 | Broad", "broad", "gizmo", "BROAD", 900, 20, "12.00")
    _target(warehouse, 4, "SP | W2 | Auto", "auto", "close-match", None, 700, 16, "8.00")
    # when the account is linted
    lint = _lint(warehouse)
    # then, by check and money at stake:
    assert lint == AdsLint(US, DAY, DAY - dt.timedelta(days=29), DAY, "bulk_download", (
        LintFinding(
            "broad_only", US, "SP | W3 | Broad", None, "SP | W3 | Broad",
            Text(en="The one live target of this manual campaign is a broad keyword and no exact or phrase keyword "
                 "advertises W-3 anywhere (12.00 USD spent in the window): add exact and phrase keywords for the "
                 "searches that convert, and negatives for those that do not.",
                 zh="该手动广告活动唯一的在投目标是广泛匹配关键词,且W-3 在任何地方都没有精准或词组关键词(期间花费 12.00 USD):"
                 "为出单的搜索词添加精准和词组关键词,为不出单的添加否定词。"),
            (AdFigure("broad_keywords", 1), AdFigure("skus_broad_only", 1), AdFigure("spend", D("12.00"), "USD")),
            sources=(_row(23),),
        ),
        LintFinding(
            "auto_without_exact", US, "SP | W2 | Auto", None, "SP | W2 | Auto",
            Text(en="Auto campaign without an exact counterpart: no live manual exact keyword advertises W-2 (8.00 USD "
                 "spent in the window). Create a manual exact campaign for it so the search terms auto finds can be "
                 "harvested there.",
                 zh="自动广告缺少对应的手动精准广告:没有在投的手动精准关键词推广 W-2(期间花费 8.00 USD)。请为其创建手动精准广告活动,"
                 "以便收割自动广告发现的搜索词。"),
            (AdFigure("skus_without_exact", 1), AdFigure("spend", D("8.00"), "USD")), sources=(_row(11),),
        ),
        LintFinding(
            "self_competition", US, None, None, "widget (exact)",
            Text(en="'widget' (exact) is live in 2 ad groups, all advertising W-1: they bid against each other (31.00 "
                 "USD spent in the window). Keep it in one ad group and negate it in the others.",
                 zh="“widget”(exact)在 2 个广告组中同时在投,均推广 W-1:自己和自己竞价(期间花费 31.00 USD)。只在一个广告组保留,"
                 "在其他广告组中否定。"),
            (AdFigure("ad_groups", 2), AdFigure("spend", D("31.00"), "USD")),
            (LintMember("SP | W1 | Exact", "exact", D("1.00"), 1000, 50, D("25.00"), 5),
             LintMember("SP | W1 | Exact 2", "exact 2", D("0.80"), 400, 10, D("6.00"), 1)),
            (_row(10), _row(27)),
        ),
        LintFinding(
            "no_negatives", US, "SP | W3 | Broad", "broad", "broad",
            Text(en="This ad group matches searches it did not choose (auto, broad or phrase) and has no negative "
                 "keyword or product target, in it or its campaign (12.00 USD spent in the window): negate the terms "
                 "that spend without selling (sellerops ads plan proposes them).",
                 zh="该广告组会匹配未指定的搜索词(自动、广泛或词组),但其本身及所属广告活动都没有否定关键词或否定商品(期间花费 12.00 "
                 "USD):请否定只花费不出单的搜索词(sellerops ads plan 会给出建议)。"),
            (AdFigure("targets", 1), AdFigure("spend", D("12.00"), "USD")), sources=(_row(21),),
        ),
        LintFinding(
            "no_negatives", US, "SP | W2 | Auto", "auto", "auto",
            Text(en="This ad group matches searches it did not choose (auto, broad or phrase) and has no negative "
                 "keyword or product target, in it or its campaign (8.00 USD spent in the window): negate the terms "
                 "that spend without selling (sellerops ads plan proposes them).",
                 zh="该广告组会匹配未指定的搜索词(自动、广泛或词组),但其本身及所属广告活动都没有否定关键词或否定商品(期间花费 8.00 "
                 "USD):请否定只花费不出单的搜索词(sellerops ads plan 会给出建议)。"),
            (AdFigure("targets", 1), AdFigure("spend", D("8.00"), "USD")), sources=(_row(12),),
        ),
    ))  # fmt: skip


def test_without_a_bulk_download_the_reports_serving_targets_are_read(warehouse: Warehouse) -> None:
    # given only a targeting report: campaign B with two broad keywords, campaign A with the auto close-match target
    _target(warehouse, 1, "B", "b", "x", "BROAD", 100, 2, "1.00")
    _target(warehouse, 2, "B", "b", "y", "BROAD", 100, 0, "0")
    _target(warehouse, 3, "A", "a", "close-match", None, 100, 3, "2.00")
    # when linted
    lint = _lint(warehouse)
    # then B relies on broad (which SKUs it advertises no report says), A has no exact anywhere in the account,
    # negatives are not checked, and each finding cites the rows that spent
    assert [(f.check, f.campaign_name, f.reason.en, f.sources) for f in lint.findings] == [
        ("broad_only", "B", "All 2 serving targets of this manual campaign are broad keywords and no report says "
         "which SKUs it advertises: ignore this if an exact or phrase campaign covers them (1.00 USD spent in the "
         "window): add exact and phrase keywords for the searches that convert, and negatives for those that do not.",
         (SourceRow("ad_performance", REPORT, 1),)),
        ("auto_without_exact", "A", "Auto campaign without an exact counterpart: the account has no serving manual "
         "exact keyword at all (2.00 USD spent in the window). Create a manual exact campaign for it so the search "
         "terms auto finds can be harvested there.", (SourceRow("ad_performance", REPORT, 3),)),
    ]  # fmt: skip
    assert (lint.based_on, [n.en for n in lint.notes]) == ("reports", [
        "No bulk download imported: the structure is read from the targets that served in the reports, and ad groups "
        "without negatives cannot be checked (reports do not list negatives)."
    ])  # fmt: skip


# The real Amazon.in account (umairnsr87_in_healthcare), read by hand from its targeting and advertised product
# reports of February 2020: the two "Pain relief Oil" manual campaigns both advertise B07B7NSLLP and share one exact
# and eleven phrase keywords; exact keywords cover B07PVQ5Q8Z (Hair Oil), B07PV5V8DY (Night Cream), B079WN6V3G and
# B07B7NSLLP (Pain relief) and B07PYFJ8NQ (Sunscreen), so the Face Wash auto campaign (B07VY47CXN) and two of the
# four Pain Relief auto ASINs (B079WL1CXC, B07NPHGG79) have no exact counterpart. No keyword is broad.
SHARED = {("pain relief oil", "exact")} | {(k, "phrase") for k in (
    "knee joint pain", "knee pain relief", "pain relief massage oil", "muscle pain", "joint pain relief",
    "oil joint pain relief", "ortho oil", "oil joint pain", "knee pain relief products", "knee pain relief oil",
    "oil muscle pain")}  # fmt: skip


@pytest.mark.datasets
def test_the_real_indian_account(tmp_path: Path) -> None:
    # given the seller's six February reports
    folder = datasets_dir() / "amazon_ads_reports" / "umairnsr87_in_healthcare"
    options = ImportOptions(marketplace=get_marketplace("amazon.IN"))
    with open_warehouse(tmp_path / "w.duckdb") as warehouse:
        for path in sorted(folder.iterdir()):
            import_file(warehouse, path, options if "performance_over_time" in path.name else None)
        # when linted on the last day
        b = warehouse.ibis()
        lint = lint_ads(b.table("ad_performance"), b.table("ad_entity"), marketplace="amazon.IN",
                        as_of=dt.date(2020, 2, 29))  # fmt: skip
        # and each shared keyword's spend is summed straight from the targeting rows
        spend = {(t, m): s for t, m, s in warehouse.con.execute(
            "SELECT lower(targeting), lower(match_type), sum(spend) FROM ad_performance WHERE report_type = "
            "'targeting' AND campaign_name LIKE 'Pain relief Oil%' GROUP BY ALL"
        ).fetchall()}  # fmt: skip
    # then the two auto campaigns without an exact counterpart, most spend first, with the ASINs found by hand
    autos = [(f.campaign_name, f.reason.en.split("advertises ")[1].split(" (")[0])
             for f in lint.findings if f.check == "auto_without_exact"]  # fmt: skip
    assert autos == [("Pain Relief Oil || SP || Automatic || 22nd Nov'19", "B079WL1CXC, B07NPHGG79"),
                     ("Face Wash || SP || Auto || 21st Feb'20", "B07VY47CXN")]  # fmt: skip
    # and the twelve shared keywords, each with the spend of both campaigns, most first
    shared = [(f.subject, next(x.value for x in f.figures if x.name == "spend"))
              for f in lint.findings if f.check == "self_competition"]  # fmt: skip
    expected = sorted(((f"{t} ({m})", spend[(t, m)]) for t, m in SHARED), key=lambda x: (-x[1], x[0]))
    assert shared == expected
    assert {f.check for f in lint.findings} == {"auto_without_exact", "self_competition"}
