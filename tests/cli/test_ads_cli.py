"""`sellerops ads plan` on the real ads samples: it runs, every line cites rows whose clicks add up to its figure,
and the bulk sheet it writes reads back through the importer as exactly the proposed lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sellerops.cli.app import app
from sellerops.core.marketplaces import get_marketplace
from sellerops.core.periods import Period
from sellerops.rules.ads_plan_rules import plan_all
from sellerops.rules.config import load_rules
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import open_warehouse
from support import datasets_dir

US = get_marketplace("amazon.US")
# Files that name neither marketplace nor period: what a seller would type on the command line.
OPTIONS = {
    "sp_search_term_bulk_sheet.xlsx": ImportOptions(
        marketplace=US, period=Period.parse("2025-01-01..2025-01-31")
    ),
    "ads_change_history.csv": ImportOptions(marketplace=US),
    "sp_performance_over_time_2020-02.xlsx": ImportOptions(marketplace=get_marketplace("amazon.IN")),
}


def _sample_warehouse(folder: Path, db: Path) -> None:
    with open_warehouse(db) as warehouse:
        for path in sorted(folder.iterdir()):
            import_file(warehouse, path, OPTIONS.get(path.name))


def _cited_clicks(con: Any, proposal: Any) -> int:
    rows = [(s.import_id, s.source_row) for s in proposal.sources if s.table == "ad_performance"]
    total = 0
    for import_id, source_row in rows:
        found = con.execute(
            "SELECT clicks FROM ad_performance WHERE import_id = ? AND source_row = ?",
            [import_id, source_row],
        ).fetchone()
        assert found is not None, f"{proposal.subject}: cites a row that is not there"
        total += found[0] or 0
    return total


SAMPLES = (
    "ahmedkhalidse8_us_haircare", "ahtisham482_us_flatware", "mannyvv_us_kitchen", "moeezahmadkhan_us_golf",
    "progami_uk", "stevebanon_us_auto", "umairnsr87_in_healthcare", "vhin1987_us_packaging", "zhouyuh13_us_apparel",
)  # fmt: skip


@pytest.mark.datasets
@pytest.mark.parametrize("sample", SAMPLES)
def test_ads_plan_runs_on_each_real_sample_and_every_line_cites_its_rows(sample: str, tmp_path: Path) -> None:
    # given one seller's real ads reports in a warehouse
    db = tmp_path / "w.duckdb"
    _sample_warehouse(datasets_dir() / "amazon_ads_reports" / sample, db)
    # when `ads plan` runs, and the plan is computed again through the library to check it
    result = CliRunner().invoke(
        app, ["ads", "plan", "--db", str(db), "--out", str(tmp_path / "out"), "--format", "xlsx"]
    )
    with open_warehouse(db, read_only=True) as warehouse:
        backend = warehouse.ibis()
        day = backend.table("ad_performance").period_to.max().to_pyarrow().as_py()
        plans = plan_all(
            backend.table("ad_performance"), backend.table("ad_entity"), backend.table("ad_change"),
            config=load_rules(), as_of=day,
        )  # fmt: skip
        proposals = [p for plan in plans for p in plan.proposals]
        # then it succeeds and writes one sheet per marketplace
        assert result.exit_code == 0, result.output
        assert sorted(f.name for f in (tmp_path / "out").iterdir()) == [
            f"ads-plan-{plan.marketplace}-{day}.xlsx" for plan in plans
        ]
        # and every harvest, negative and bid cites rows whose clicks add up to the clicks it reports
        assert proposals, "each sample has something to propose"
        for p in proposals:
            if p.kind.startswith("budget"):
                continue
            clicks = next(f.value for f in p.figures if f.name == "clicks")
            assert (p.kind, p.subject, _cited_clicks(warehouse.con, p)) == (p.kind, p.subject, clicks)


@pytest.mark.datasets
def test_the_real_bulk_search_term_plan_round_trips_through_the_importer(tmp_path: Path) -> None:
    # given the plan of the real bulk search-term sheet (it carries campaign, ad group and keyword IDs)
    db = tmp_path / "w.duckdb"
    _sample_warehouse(datasets_dir() / "amazon_ads_reports" / "moeezahmadkhan_us_golf", db)
    result = CliRunner().invoke(app, ["ads", "plan", "--db", str(db), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    with open_warehouse(db, read_only=True) as warehouse:
        backend = warehouse.ibis()
        plans = plan_all(
            backend.table("ad_performance"), backend.table("ad_entity"), backend.table("ad_change"),
            config=load_rules(), as_of=Period.parse("2025-01-31..2025-01-31").end,
        )  # fmt: skip
        known_ids = {r[0] for r in warehouse.con.execute(
            "SELECT campaign_id FROM ad_performance UNION SELECT ad_group_id FROM ad_performance "
            "UNION SELECT keyword_id FROM ad_performance UNION SELECT product_targeting_id FROM ad_performance"
        ).fetchall()}  # fmt: skip
    expected = [
        (line.entity, line.operation, line.campaign_id, line.ad_group_id, line.keyword_id or line.product_targeting_id,
         line.keyword_text, line.match_type, line.bid)
        for p in plans[0].proposals for line in p.lines
    ]  # fmt: skip
    # when the sheet is imported into a fresh warehouse
    with open_warehouse(tmp_path / "back.duckdb") as back:
        import_file(
            back, tmp_path / "out" / "ads-plan-amazon.US-2025-01-31.xlsx", ImportOptions(marketplace=US)
        )
        rows = back.con.execute(
            "SELECT entity, operation, campaign_id, ad_group_id, coalesce(keyword_id, product_targeting_id), "
            "keyword_text, match_type, bid FROM ad_entity ORDER BY source_row"
        ).fetchall()
    # then it holds exactly the proposed lines, and every id in it is one the source report gave
    assert rows == expected
    assert len(rows) > 100
    assert {i for row in rows for i in row[2:5] if i is not None} <= known_ids


def test_ads_plan_refuses_a_format_amazon_does_not_take(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ads", "plan", "--db", str(tmp_path / "w.duckdb"), "--format", "csv"])
    assert result.exit_code == 2
    shown = " ".join(result.output.replace("│", " ").split())  # the error box wraps the message
    assert "Amazon's bulk operations take an .xlsx sheet; use --format xlsx" in shown
