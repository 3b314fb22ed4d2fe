"""The CLI as a person uses it: import, list, totals; errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sellerops.cli import app
from sellerops.warehouse import open_warehouse

HEADER = (
    "\ufeff(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions – Total,Page views – Total,Units ordered,"
    "Ordered Product Sales,Total order items\n"
)


def _report(tmp_path: Path, name: str, rows: str) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_import_then_imports_then_kpi_as_json(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "w.duckdb")
    week = _report(
        tmp_path, "BusinessReport-14-07-2025.csv", 'P1,B01,Tea,TEA-1,"1,000",1200,20,"£1,500.00",19\n'
    )

    # when a report is imported with its period
    imported = runner.invoke(app, ["import", str(week), "--period", "2025-07-07..2025-07-13", "--db", db])
    assert imported.exit_code == 0, imported.output
    assert "1 rows" in imported.output
    assert "amazon.UK 2025-07-07..2025-07-13" in imported.output

    # then the ledger lists it
    ledger = runner.invoke(app, ["imports", "--db", db, "--format", "json"])
    assert ledger.exit_code == 0
    rows = json.loads(ledger.output)
    assert [(r["file_name"], r["report_type"], r["rows_loaded"], r["status"]) for r in rows] == [
        ("BusinessReport-14-07-2025.csv", "amazon.business_report", 1, "loaded")
    ]

    # and the totals are the file's
    kpi = runner.invoke(
        app, ["kpi", "--from", "2025-07-01", "--to", "2025-07-31", "--db", db, "--format", "csv"]
    )
    assert kpi.exit_code == 0
    assert kpi.output.splitlines() == [
        "marketplace,currency,sessions,page_views,units,orders,order_items,ordered_sales,ad_impressions,ad_clicks,"
        "ad_spend,ad_sales,acos",
        "amazon.UK,GBP,1000,1200,20,,19,1500,,,,,",
    ]


def test_refused_file_exits_1_with_what_to_do_and_no_traceback(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "w.duckdb")
    week = _report(tmp_path, "BusinessReport.csv", "P1,B01,Tea,TEA-1,10,12,1,£15.00,1\n")
    result = runner.invoke(app, ["import", str(week), "--db", db])
    assert result.exit_code == 1
    assert "✗ refused BusinessReport.csv" in result.output
    assert "--period FROM..TO" in result.output
    assert "Traceback" not in result.output


def test_bad_option_values_are_refused_before_anything_runs(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "w.duckdb")
    week = _report(tmp_path, "BusinessReport.csv", "P1,B01,Tea,TEA-1,10,12,1,£15.00,1\n")
    result = runner.invoke(app, ["import", str(week), "--marketplace", "amazon.XX", "--db", db])
    assert result.exit_code == 1
    assert "unknown marketplace 'amazon.XX'" in result.output
    assert not Path(db).exists()
    result = runner.invoke(app, ["import", str(week), "--period", "July", "--db", db])
    assert "write it as YYYY-MM-DD..YYYY-MM-DD" in result.output


def test_kpi_on_a_missing_warehouse_says_to_import_first(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["kpi", "--from", "2025-07-01", "--to", "2025-07-02", "--db", str(tmp_path / "x.duckdb")]
    )
    assert result.exit_code == 1
    assert "import some reports first" in result.output


def test_demo_writes_imports_and_says_what_it_found(tmp_path: Path) -> None:
    # given a small demo seller asked for on the command line
    db = tmp_path / "demo.duckdb"
    args = ["demo", "--months", "1", "--skus", "12", "--dir", str(tmp_path / "seller"), "--db", str(db)]
    # when it runs
    result = CliRunner().invoke(app, args)
    # then every file it wrote was imported, and it says what the warehouse holds and what to run next
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "seller" / "manifest.json").read_text(encoding="utf-8"))
    assert f"Wrote {len(manifest['files']):,} report files" in result.output
    assert "What the demo seller's reports gave" in result.output
    assert f"sellerops kpi --db {db} --from 2026-10-25 --to 2026-10-31 --by date" in result.output
    with open_warehouse(db, read_only=True) as warehouse:
        assert warehouse.count("import_ledger") == len(manifest["files"])
        assert warehouse.con.execute(
            "SELECT count(*) FROM import_ledger WHERE rows_rejected > 0"
        ).fetchone() == (0,)


def test_kpi_adds_the_reporting_currency_beside_each_amount(tmp_path: Path) -> None:
    # given a UK week imported, and a rates file with a pound at 9.1234 yuan
    runner = CliRunner()
    db = str(tmp_path / "w.duckdb")
    week = _report(tmp_path, "BusinessReport.csv", 'P1,B01,Tea,TEA-1,"1,000",1200,20,"£1,500.00",19\n')
    assert (
        runner.invoke(app, ["import", str(week), "--period", "2025-07-07..2025-07-13", "--db", db]).exit_code
        == 0
    )
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate\nGBP,9.1234\nUSD,7.1\n", encoding="utf-8")
    # when the totals are asked for in CNY
    kpi = runner.invoke(
        app,
        ["kpi", "--from", "2025-07-01", "--to", "2025-07-31", "--rates", str(rates), "--currency", "cny",
         "--db", db, "--format", "json"],
    )  # fmt: skip
    # then the pounds stay as they are and 1,500 × 9.1234 = 13,685.10 yuan stands beside them
    assert kpi.exit_code == 0, kpi.output
    row = json.loads(kpi.output)[0]
    assert (row["currency"], row["ordered_sales"], row["ordered_sales_reporting"]) == (
        "GBP",
        "1500",
        "13685.1",
    )
    assert (row["reporting_currency"], row["exchange_rate"], row["rate_missing"]) == ("CNY", "9.1234", False)


def test_kpi_refuses_a_bad_rates_file_naming_its_line(tmp_path: Path) -> None:
    # given a rates file whose second rate is not a number
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate\nGBP,9.12\nEUR,abc\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    week = _report(tmp_path, "BusinessReport.csv", "P1,B01,Tea,TEA-1,10,12,1,£15.00,1\n")
    CliRunner().invoke(app, ["import", str(week), "--period", "2025-07-07..2025-07-13", "--db", str(db)])
    # when the totals are asked for with it
    result = CliRunner().invoke(
        app, ["kpi", "--from", "2025-07-01", "--to", "2025-07-31", "--rates", str(rates), "--currency", "CNY",
              "--db", str(db)],
    )  # fmt: skip
    # then it is refused with the file, the line and what a rate must be
    assert result.exit_code == 1
    assert "line 3: the rate of EUR must be a positive number" in result.output
