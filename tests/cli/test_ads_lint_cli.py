"""`sellerops ads lint`, `ads no-impressions` and `ads test` on a small warehouse: the rows they print and the
errors they refuse with."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sellerops.cli.app import app
from sellerops.warehouse import Warehouse, open_warehouse

US = "amazon.US"


def _perf(w: Warehouse, row: int, report_type: str, day: str, campaign: str, group: str | None, target: str | None,
          match: str | None, impressions: int, clicks: int, spend: str, orders: int = 0,
          marketplace: str = US) -> None:  # fmt: skip
    w.con.execute(
        "INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, campaign_name, "
        "ad_group_name, targeting, match_type, impressions, clicks, spend, currency, attribution_days, sales, orders, "
        "source_row, import_id) VALUES (?, ?, ?, ?, 'SPONSORED_PRODUCTS', ?, ?, ?, ?, ?, ?, ?, 'USD', 7, 0, ?, ?, 1)",
        [report_type, marketplace, day, day, campaign, group, target, match, impressions, clicks, D(spend), orders,
         row],
    )  # fmt: skip


def _entity(w: Warehouse, row: int, kind: str, entity_id: str, campaign_id: str, **values: str) -> None:
    columns = ["marketplace", "ad_product", "entity", "entity_id", "campaign_id", "currency", "source_row",
               "import_id", *values]  # fmt: skip
    w.con.execute(
        f"INSERT INTO ad_entity ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        [US, "SPONSORED_PRODUCTS", kind, entity_id, campaign_id, "USD", row, 2, *values.values()],
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An auto campaign 'Auto' (SKU W-2, no negative, no exact keyword anywhere) that served 8.00 on 2025-05-31, and
    keyword 'widget' (exact) of 'Manual' that served 20 impressions a day on 05-15..05-24 and none after, while
    'gadget' in the same ad group served 5 a day through 05-31."""
    path = tmp_path / "w.duckdb"
    with open_warehouse(path) as w:
        _entity(w, 2, "Campaign", "300", "300", campaign_name="Auto", targeting_type="Auto", state="enabled")
        _entity(w, 3, "Ad Group", "310", "300", ad_group_id="310", ad_group_name="auto", state="enabled")
        _entity(w, 4, "Product Ad", "311", "300", ad_group_id="310", sku="W-2", state="enabled")
        _entity(w, 5, "Product Targeting", "312", "300", ad_group_id="310", product_targeting_expression="close-match",
                state="enabled")  # fmt: skip
        _perf(w, 1, "targeting", "2025-05-31", "Auto", "auto", "close-match", None, 700, 16, "8.00")
        row = 2
        for n in range(17):
            day = (dt.date(2025, 5, 15) + dt.timedelta(days=n)).isoformat()
            _perf(w, row, "targeting", day, "Manual", "g", "gadget", "EXACT", 5, 0, "0")
            row += 1
            if n < 10:
                _perf(w, row, "targeting", day, "Manual", "g", "widget", "EXACT", 20, 1, "0.50")
                row += 1
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["ads", *args])
    return result.exit_code, result.output


def _csv(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out)))


def test_ads_lint_prints_each_finding(db: Path) -> None:
    # when the account is linted as CSV
    code, out = _run("lint", "--db", str(db), "--format", "csv")
    # then the auto campaign has no exact counterpart for W-2 and its ad group no negative (the manual campaign is
    # not in the bulk download, so it is not part of the structure)
    assert code == 0, out
    assert _csv(out) == [
        ["marketplace", "check", "campaign", "ad group", "subject", "spend", "reason"],
        ["amazon.US", "auto_without_exact", "Auto", "", "", "8", "Auto campaign without an exact counterpart: no live "
         "manual exact keyword advertises W-2 (8.00 USD spent in the window). Create a manual exact campaign for it "
         "so the search terms auto finds can be harvested there."],
        ["amazon.US", "no_negatives", "Auto", "auto", "auto", "8", "This ad group matches searches it did not choose "
         "(auto, broad or phrase) and has no negative keyword or product target, in it or its campaign (8.00 USD "
         "spent in the window): negate the terms that spend without selling (sellerops ads plan proposes them)."],
    ]  # fmt: skip


def test_ads_no_impressions_prints_the_silent_keyword_and_its_cause(db: Path) -> None:
    # when the day's silent entities are listed
    code, out = _run("no-impressions", "--db", str(db), "--format", "csv", "--as-of", "2025-05-31")
    # then 'widget': 200 impressions over 10 days → 140 expected over 7 quiet days, and no cause in the data
    assert code == 0, out
    # (the bulk download is there, so only the other missing tables are named)
    assert _csv(out) == [
        ["marketplace", "level", "campaign", "ad group", "target", "kind", "last served", "expected", "cause", "why"],
        ["amazon.US", "target", "Manual", "g", "widget (exact)", "stopped", "2025-05-24", "140", "not_in_data",
         "Cause not in the data: nothing imported shows it paused, out of budget, blocked, out of stock, delisted "
         "or outbid. Not imported: FBA inventory, listings, the change history. Check its status in Campaign "
         "Manager."],
    ]  # fmt: skip


def test_ads_test_compares_two_periods_of_a_campaign(tmp_path: Path) -> None:
    # given campaign C: 100 orders from 1,000 clicks on 05-01, 130 from 1,000 on 05-03 (no other campaign: no control)
    path = tmp_path / "w.duckdb"
    with open_warehouse(path) as w:
        _perf(w, 1, "campaign", "2025-05-01", "C", None, None, None, 20000, 1000, "500", 100)
        _perf(w, 2, "campaign", "2025-05-03", "C", None, None, None, 20000, 1000, "500", 130)
    # when tested as CSV
    code, out = _run("test", "--db", str(path), "--a", "2025-05-01", "--b", "2025-05-03", "--campaign", "C",
                     "--format", "csv")  # fmt: skip
    # then CTR is the same 5 % (Newcombe ±√((0.05 − 0.0469982)² + (0.0530776 − 0.05)²) = ±0.004275), and conversion 10 % → 13 % is higher: p 0.0355, Newcombe [0.0020, 0.0581], 1,774
    # clicks per arm to detect it (worked out in tests/analytics/ads/test_abtest.py)
    assert code == 0, out
    assert out.splitlines()[1:] == [  # no comma inside a value here
        "ctr,1000,20000,0.05,1000,20000,0.05,0,-0.004275,0.004275,1,z-test (pooled),no_detectable_difference,,,,",
        "ad_conversion,100,1000,0.1,130,1000,0.13,0.03,0.002002,0.05807,0.0355,z-test (pooled),higher,1774,,,",
    ]


def test_ads_test_refuses_overlapping_periods_of_the_same_sku(db: Path) -> None:
    code, out = _run("test", "--db", str(db), "--a", "2025-05-01..2025-05-10", "--b", "2025-05-05..2025-05-20",
                     "--sku", "W-2")  # fmt: skip
    assert (code, " ".join(out.split())) == (1, (
        "error: the periods 2025-05-01..2025-05-10 and 2025-05-05..2025-05-20 overlap for the same W-2: give two "
        "separate periods (before and after the change)"
    ))  # fmt: skip


def test_ads_test_asks_which_marketplace_when_there_are_several(db: Path) -> None:
    with open_warehouse(db) as w:
        _perf(w, 99, "campaign", "2025-05-01", "C", None, None, None, 10, 1, "1", marketplace="amazon.UK")
    code, out = _run("test", "--db", str(db), "--a", "2025-05-01", "--b", "2025-05-03", "--campaign", "C")
    assert (code, " ".join(out.split())) == (
        1,
        "error: the warehouse holds ads or traffic for amazon.UK, amazon.US: say which with --marketplace",
    )


def test_no_impressions_reads_its_quiet_days_from_the_rules_and_the_option_wins(
    db: Path, tmp_path: Path
) -> None:
    # given a rules file asking for 8 quiet days: 'widget' served on 05-24, the first of the 8 days to 05-31
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  ads.no_impressions: {thresholds: {quiet_days: 8}}\n", encoding="utf-8")
    base = (
        "no-impressions",
        "--db",
        str(db),
        "--format",
        "csv",
        "--as-of",
        "2025-05-31",
        "--rules",
        str(rules),
    )
    # when it is listed with the rules alone, then with --quiet-days 7
    code, by_rules = _run(*base)
    code_7, by_option = _run(*base, "--quiet-days", "7")
    # then the rules' 8 days find nothing silent, and the option's 7 find 'widget' again
    assert (code, code_7) == (0, 0)
    assert [row[4] for row in _csv(by_rules)[1:]] == []
    assert [row[4] for row in _csv(by_option)[1:]] == ["widget (exact)"]
