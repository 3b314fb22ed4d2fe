"""Bad input gets a clear error and loses nothing: the broken-file corpus in tests/data/broken/.

Each file there is a realistic way a seller's download goes wrong (made by tests/data/make_broken_corpus.py).
The table says what must happen to each: refused with a message naming the file, the row and column where there
is one, and what to do; or read, where the file is odd but its meaning is certain. A refusal leaves the
warehouse exactly as it was: facts, ledger and archive folder.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sellerops.cli.app import app
from sellerops.core.marketplaces import get_marketplace
from sellerops.core.periods import Period
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import ImportResult, import_file
from sellerops.warehouse import Warehouse, open_warehouse
from support import REPO, TEST_DATA, warehouse_state

BROKEN = TEST_DATA / "broken"
WEEK = "2025-07-14..2025-07-20"  # the period every broken file is imported for (it holds no dates of its own)
GOOD_WEEK = "2025-07-07..2025-07-13"
GOOD_REPORT = (
    "\ufeff(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions – Total,Page views – Total,"
    "Featured Offer (Buy Box) percentage,Units ordered,Ordered Product Sales,Total order items\n"
    'B0GOOD0001,B0GOOD0001,Earl Grey Tea 250g,TEA-1,"1,024",1200,98.50%,31,"£1,204.69",30\n'
    "B0GOOD0001,B0GOOD0002,Earl Grey Tea 500g,TEA-2,310,355,100.00%,9,£161.91,9\n"
)
CUT_OFF = "download the report again (--keep-going cannot help"
FIX = "Fix the file, or run with --keep-going"


@dataclass(frozen=True)
class Case:
    """What must happen to one broken file."""

    file: str
    loads: int | None = None  # rows loaded when the file is read; None when it is refused
    row: int | None = None  # the file row the refusal names (header = row 1), where there is one
    column: str | None = None  # the column it names, as the file spells it
    says: tuple[str, ...] = ()  # further fragments the message must hold (the reason, the hint)
    marketplace: str | None = None
    decimal_comma: bool | None = None
    kind: str = "FileRefused"

    @property
    def refused(self) -> bool:
        return self.loads is None


CASES = [
    # --- not a report at all -----------------------------------------------------------------------------
    Case("empty_0_bytes.csv", says=("the file is empty (0 bytes)", "the download did not finish")),
    Case("only_whitespace.csv", says=("only blank lines",)),
    Case("title_line_only.csv", row=1, kind="UnknownReport",
         says=("headers seen were: 'Detail Page Sales and Traffic By Child Item'",
               "closest known report is the Business Report", "title line but no header")),
    Case("png_image_saved_as.csv", says=("this is a PNG image, not a report",)),
    Case("random_bytes.csv", says=("this is a binary file",)),
    Case("zip_of_a_csv_named.xlsx", says=("a ZIP archive, not a spreadsheet", "BusinessReport-16-07-2025.csv",
                                          "unpack it")),
    Case("html_signin_page_saved_as.csv", says=("web page (HTML)", "sign in to Seller Central")),
    Case("html_error_page_saved_as.txt", says=("web page (HTML)",)),
    Case("xlsx_corrupt_truncated.xlsx", says=("damaged or cut off",)),
    Case("xlsx_password_protected.xlsx", says=("password-protected", "remove the password")),
    Case("gzip_damaged.csv.gz", says=("gzip file is damaged or cut off",)),
    Case("json_cut_off.json", row=70, says=("ends before it is complete", "cut off")),
    Case("json_not_a_report.json", kind="UnknownReport",
         says=("not a report sellerops knows (top-level keys: type, features)", "Sales and Traffic report")),
    Case("shopify_orders_export.csv", row=1, kind="UnknownReport",
         says=("'Name', 'Email', 'Financial Status'", "The closest known report is the")),
    # --- cut off -----------------------------------------------------------------------------------------
    Case("truncated_mid_row.csv", row=7, column="SKU", says=("ends in the middle of a row", CUT_OFF)),
    Case("truncated_inside_quoted_field.csv", row=6, column="Title", says=("quoted value is never closed", CUT_OFF)),
    Case("truncated_mid_utf8_character.csv", row=6, says=("ends in the middle of a character",)),
    Case("all_orders_cut_off_mid_row.txt", row=7, column="sales-channel", says=("32 fields like the header, found 7",)),
    Case("settlement_cut_off_mid_row.txt", row=10, column="order-id", says=("36 fields like the header, found 8",)),
    # --- encodings ---------------------------------------------------------------------------------------
    Case("gb18030_bytes_with_utf8_bom.csv", row=2, column="Ordered Product Sales",
         says=("UTF-8 but a row holds bytes that are not", "byte 81", "save it again as CSV UTF-8")),
    Case("latin1_pound_sign_in_utf8_file.csv", row=5, column="Ordered Product Sales",
         says=("looks like Windows-1252 (Latin-1) text", "byte a3")),
    Case("koi8r_unknown_encoding.csv", row=3, says=("cannot tell the text encoding",)),
    Case("nul_bytes_mid_file.csv", row=5, says=("NUL bytes",)),
    Case("utf16le_without_bom.csv", loads=3),
    Case("cp1252_excel_save.csv", loads=3),
    Case("gb18030_whole_file.csv", loads=3),
    Case("shift_jis_whole_file.csv", loads=3, marketplace="amazon.JP"),
    # --- the wrong columns -------------------------------------------------------------------------------
    Case("missing_required_column.csv", row=1, column="Units Ordered", kind="UnknownReport",
         says=("closest known report is the Business Report", "it lacks: 'Units Ordered'")),
    Case("renamed_header.csv", row=1, column="Ordered Product Sales", kind="UnknownReport",
         says=("'Sales (GBP)'", "it lacks: 'Ordered Product Sales'", "renamed in a spreadsheet")),
    Case("extra_field_row_4.csv", row=4, says=("more fields than the header", "22 fields like the header, found 23")),
    Case("too_few_fields_row_5.csv", row=5, says=("fewer fields than the header", "found 21")),
    Case("header_repeated_row_5.csv", row=5, says=("header row appears again", "pasted together")),
    Case("duplicate_rows_same_asin.csv", row=7, column="(Parent) ASIN", says=("more than once", "rows 3, 7")),
    # --- unreadable values -------------------------------------------------------------------------------
    Case("decimal_comma_in_uk_file.csv", row=3, column="Ordered Product Sales",
         says=("found '£1.234,56'", "add --decimal-comma", FIX)),
    Case("decimal_comma_throughout.csv", row=2, column="Featured Offer (Buy Box) percentage",
         says=("found '91,10%'", "add --decimal-comma")),
    Case("text_in_number_column_row_3.csv", row=3, column="Sessions – Total",
         says=("found 'see note'; expected a whole number", FIX)),
    Case("percentage_abc_row_6.csv", row=6, column="Featured Offer (Buy Box) percentage",
         says=("found 'abc'; expected a percentage",)),
    Case("excel_error_values.csv", row=2, column="Ordered Product Sales",
         says=("found '#REF!'", "row 5, column 'Units ordered': found '#VALUE!'", "a formula broke")),
    Case("fraction_in_whole_number_column.csv", row=4, column="Units ordered", says=("found '2.5'",)),
    Case("blank_child_asin_row_4.csv", row=4, column="(Child) ASIN", says=("a value (it is required)",)),
    Case("three_bad_rows_of_20.csv", row=5, column="Sessions – Total",
         says=("3 of 20 rows", "row 12, column 'Ordered Product Sales'", "row 18")),
    Case("all_orders_impossible_date_row_3.txt", row=3, column="purchase-date",
         says=("found '2025-02-30T10:15:00+00:00'; expected a date and time",)),
    Case("ads_custom_report_impossible_date_row_4.csv", row=4, column="Date range",
         says=("a date range such as",)),
    # --- row numbers are the file's own ------------------------------------------------------------------
    Case("blank_lines_before_header_bad_cell_line_6.csv", row=6, column="Page views – Total", says=("'lots'",)),
    Case("blank_line_mid_file_bad_cell_row_7.csv", row=7, column="Units ordered", says=("'seven'",)),
    Case("multiline_title_bad_cell_row_5.csv", row=5, column="Total order items", says=("found 'x'",)),
    Case("xlsx_title_line_bad_cell_row_5.xlsx", row=5, column="Units ordered",
         says=("found '#VALUE!'", "a formula broke")),
    # --- the file contradicts itself or the options ------------------------------------------------------
    Case("mixed_currencies.csv", says=("mix currency symbols (£, €)",)),
    Case("pound_amounts_with_marketplace_de.csv", marketplace="amazon.DE",
         says=("amazon.UK", "--marketplace amazon.DE")),
    Case("ads_custom_report_usd_with_marketplace_uk.csv", marketplace="amazon.UK",
         says=("amazon.US (currency USD)", "--marketplace amazon.UK")),
    # --- odd but certain: read -----------------------------------------------------------------------------
    Case("business_report_header_only.csv", loads=0, marketplace="amazon.UK"),
    Case("csv_renamed_to.xlsx", loads=3),
    Case("xlsx_renamed_to.csv", loads=3),
    Case("xlsx_report_on_second_sheet.xlsx", loads=4),
    Case("cr_only_line_endings.csv", loads=4),
    Case("semicolon_separated_excel_save.csv", loads=4),
    Case("very_long_title_cell.csv", loads=3),
]  # fmt: skip
BY_FILE = {c.file: c for c in CASES}


def _options(case: Case, *, keep_going: bool = False) -> ImportOptions:
    return ImportOptions(
        marketplace=get_marketplace(case.marketplace) if case.marketplace else None,
        period=Period.parse(WEEK),
        keep_going=keep_going,
        decimal_comma=case.decimal_comma,
    )


def _cli_args(case: Case, db: Path) -> list[str]:
    args = ["import", "--db", str(db), "--period", WEEK, str(BROKEN / case.file)]
    if case.marketplace:
        args += ["--marketplace", case.marketplace]
    return args


def _archive(warehouse: Warehouse) -> list[str]:
    root = warehouse.archive_dir
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def _snapshot(warehouse: Warehouse) -> tuple[dict[str, tuple[int, str]], list[str]]:
    return warehouse_state(warehouse), _archive(warehouse)


def _assert_message(case: Case, text: str) -> None:
    assert case.file in text
    assert "What to do:" in text
    if case.row is not None:
        assert f"row {case.row}" in text
    if case.column is not None:
        assert f"column {case.column!r}" in text
    for fragment in case.says:
        assert fragment in text


@pytest.fixture
def loaded(warehouse: Warehouse, tmp_path: Path) -> Warehouse:
    """A warehouse with one good Business Report already in it."""
    good = tmp_path / "BusinessReport-good.csv"
    good.write_text(GOOD_REPORT, encoding="utf-8")
    result = import_file(warehouse, good, ImportOptions(period=Period.parse(GOOD_WEEK)))
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    return warehouse


def test_the_corpus_is_the_table_and_refuses_at_least_30_files() -> None:
    # given the broken-file folder, when its files are counted against the table
    on_disk = sorted(p.name for p in BROKEN.iterdir())
    # then every file has its expectation, and the acceptance figure holds
    assert on_disk == sorted(BY_FILE)
    refused = [c for c in CASES if c.refused]
    assert len(refused) >= 30
    assert all(p.stat().st_size <= 16_000 for p in BROKEN.iterdir())


def test_every_broken_file_is_documented_for_sellers() -> None:
    # given the how-to page, then every file of the corpus has its line in its table
    page = (REPO / "docs" / "importing.md").read_text(encoding="utf-8")
    assert [c.file for c in CASES if f"| `{c.file}` |" not in page] == []


@pytest.mark.parametrize("case", [c for c in CASES if c.refused], ids=lambda c: c.file)
def test_broken_file_is_refused_and_nothing_changes(loaded: Warehouse, case: Case) -> None:
    # given a warehouse with one good file loaded
    before = _snapshot(loaded)
    # when the broken file is imported, then it is refused with a message naming file, row, column, remedy
    with pytest.raises(FileRefused) as refused:
        import_file(loaded, BROKEN / case.file, _options(case))
    assert type(refused.value).__name__ == case.kind
    _assert_message(case, str(refused.value))
    # and the warehouse, the ledger and the archive are exactly as they were
    assert _snapshot(loaded) == before


@pytest.mark.parametrize("case", [c for c in CASES if c.refused], ids=lambda c: c.file)
def test_broken_file_is_refused_by_the_cli_without_a_traceback(tmp_path: Path, case: Case) -> None:
    # given a warehouse file with one good report imported through the CLI
    db = tmp_path / "w" / "sellerops.duckdb"
    good = tmp_path / "BusinessReport-good.csv"
    good.write_text(GOOD_REPORT, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["import", "--db", str(db), "--period", GOOD_WEEK, str(good)]).exit_code == 0
    with open_warehouse(db) as warehouse:
        before = _snapshot(warehouse)
    # when the broken file is imported
    result = runner.invoke(app, _cli_args(case, db))
    # then the command fails with the message, exit code 1 and no traceback
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    _assert_message(case, " ".join(result.output.split()))
    with open_warehouse(db) as warehouse:
        assert _snapshot(warehouse) == before


@pytest.mark.parametrize(
    "name",
    ["truncated_mid_row.csv", "random_bytes.csv", "gb18030_bytes_with_utf8_bom.csv", "json_cut_off.json"],
)
def test_installed_command_refuses_without_a_traceback(tmp_path: Path, name: str) -> None:
    # given the real console script, when it imports a broken file
    command = Path(sys.executable).parent / "sellerops"
    done = subprocess.run(
        [str(command), "import", "--db", str(tmp_path / "w.duckdb"), "--period", WEEK, str(BROKEN / name)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    # then it exits 1 and says why, with no traceback
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert f"✗ refused {name}:" in done.stderr


@pytest.mark.parametrize("case", [c for c in CASES if not c.refused], ids=lambda c: c.file)
def test_odd_but_certain_file_is_read_once(loaded: Warehouse, case: Case) -> None:
    # given a warehouse with one good file, when an odd but readable file is imported twice
    first = import_file(loaded, BROKEN / case.file, _options(case))
    state = _snapshot(loaded)
    second = import_file(loaded, BROKEN / case.file, _options(case))
    # then it loads its rows once, and the second import changes nothing
    assert (first.status, first.rows_loaded, first.rows_rejected) == ("loaded", case.loads, 0)
    assert second.status == "already_imported"
    assert _snapshot(loaded) == state


def _titles(warehouse: Warehouse) -> list[str]:
    rows = warehouse.con.execute(
        "SELECT title FROM sales_traffic WHERE period_from = DATE '2025-07-14' ORDER BY child_asin"
    ).fetchall()
    return [str(r[0]) for r in rows]


@pytest.mark.parametrize(
    ("name", "encoding", "expected"),
    [
        ("cp1252_excel_save.csv", "cp1252", "Crème de Cassis Syrup – 700ml"),
        ("gb18030_whole_file.csv", "gb18030", "榛子咖啡糖浆 700毫升"),
        ("shift_jis_whole_file.csv", "shift_jis", "はちみつ 国産 500g"),
        ("utf16le_without_bom.csv", "utf_16_le", "Runny Honey, Squeezy Bottle 3.17kg"),
    ],
)
def test_legacy_encoding_is_read_exactly_not_guessed(
    loaded: Warehouse, name: str, encoding: str, expected: str
) -> None:
    # given a whole file in one legacy encoding (what a spreadsheet's "Save as CSV" writes on some systems)
    case = BY_FILE[name]
    # when it is imported
    result = import_file(loaded, BROKEN / name, _options(case))
    # then the encoding is the file's own and every title reads exactly as written
    assert result.encoding == encoding
    with (BROKEN / name).open(encoding=encoding, newline="") as handle:
        titles = sorted((r["(Child) ASIN"], r["Title"]) for r in csv.DictReader(handle))
    assert _titles(loaded) == [t for _, t in titles]
    assert expected in _titles(loaded)


def test_header_only_report_is_a_valid_empty_report(loaded: Warehouse) -> None:
    # given a Business Report with its header and no rows (a week without a single session)
    path = BROKEN / "business_report_header_only.csv"
    # when it is imported for a marketplace and a week
    result = import_file(loaded, path, _options(BY_FILE[path.name]))
    # then it is recorded in the ledger with no rows, and the earlier week is untouched
    assert (result.status, result.rows_read, result.rows_loaded, result.marketplace, result.period) == (
        "loaded",
        0,
        0,
        "amazon.UK",
        "2025-07-14..2025-07-20",
    )
    assert loaded.count("sales_traffic") == 2


def test_decimal_comma_file_reads_with_the_option(loaded: Warehouse) -> None:
    # given a UK report re-saved in a German-locale spreadsheet (every decimal written with a comma)
    path = BROKEN / "decimal_comma_throughout.csv"
    # when it is imported with --decimal-comma
    result = import_file(loaded, path, ImportOptions(period=Period.parse(WEEK), decimal_comma=True))
    # then every amount and ratio is read exactly
    assert (result.status, result.rows_loaded) == ("loaded", 4)
    got = loaded.con.execute(
        "SELECT child_asin, ordered_sales, buy_box_ratio FROM sales_traffic "
        "WHERE period_from = DATE '2025-07-14' ORDER BY child_asin"
    ).fetchall()
    assert got == [
        ("B0SO000001", Decimal("1234.5600"), Decimal("0.911000")),
        ("B0SO000002", Decimal("65.6900"), Decimal("0.922000")),
        ("B0SO000003", Decimal("79.0500"), Decimal("0.933000")),
        ("B0SO000004", Decimal("92.4100"), Decimal("0.944000")),
    ]


def test_xlsx_report_on_a_later_sheet_is_found(loaded: Warehouse) -> None:
    # given a workbook whose first sheet holds notes and whose second holds the report
    result = import_file(loaded, BROKEN / "xlsx_report_on_second_sheet.xlsx", _options(Case("x")))
    # then the report sheet is read, all of it
    assert (result.rows_loaded, loaded.count("sales_traffic")) == (4, 6)


# --- --keep-going --------------------------------------------------------------------------------------------


@dataclass
class Rejects:
    result: ImportResult
    ledger: tuple[object, ...]
    rows: list[dict[str, str]] = field(default_factory=list)


def _keep_going(warehouse: Warehouse, name: str) -> Rejects:
    result = import_file(warehouse, BROKEN / name, _options(BY_FILE[name], keep_going=True))
    ledger = warehouse.con.execute(
        "SELECT status, rows_read, rows_loaded, rows_rejected, rejects_path, archive_path FROM import_ledger "
        "WHERE import_id = ?",
        [result.import_id],
    ).fetchone()
    assert ledger is not None
    assert result.rejects_path is not None
    text = Path(result.rejects_path).read_text(encoding="utf-8")
    return Rejects(result, tuple(ledger), list(csv.DictReader(io.StringIO(text))))


def _original_rows(name: str) -> tuple[list[str], list[list[str]]]:
    """The file's header and its rows keyed by file row number (header = row 1), read with the stdlib."""
    with (BROKEN / name).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows


def test_keep_going_loads_the_good_rows_and_puts_the_bad_ones_in_a_rejects_file(loaded: Warehouse) -> None:
    # given a 20-row report with a bad cell on rows 5, 12 and 18
    name = "three_bad_rows_of_20.csv"
    # when it is imported with --keep-going
    got = _keep_going(loaded, name)
    # then 17 rows load, the ledger says so, and the rejects file sits next to the archived copy
    result = got.result
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_rejected) == (
        "loaded_with_rejects",
        20,
        17,
        3,
    )
    assert got.ledger[:4] == ("loaded_with_rejects", 20, 17, 3)
    archive = Path(str(got.ledger[5]))
    assert Path(str(got.ledger[4])) == archive.parent / f"{name}.rejects.csv"
    assert archive.read_bytes() == (BROKEN / name).read_bytes()
    assert loaded.count("sales_traffic") == 2 + 17
    # and the rejects file holds exactly those rows, with their original cells under the file's headers
    header, rows = _original_rows(name)
    assert list(got.rows[0]) == ["row", "reason", *header]
    assert [r["row"] for r in got.rows] == ["5", "12", "18"]
    for rejected in got.rows:
        assert [rejected[h] for h in header] == rows[int(rejected["row"]) - 1]
    assert [r["reason"] for r in got.rows] == [
        "Sessions – Total: found 'n.v.'; expected a whole number such as 5,824",
        "Ordered Product Sales: found '£12,34,5'; expected an amount such as 1,234.56 or £1,234.56",
        "Featured Offer (Buy Box) percentage: found 'high'; expected a percentage such as 12.5%",
    ]


def test_keep_going_twice_changes_nothing(loaded: Warehouse) -> None:
    # given a file imported with --keep-going
    first = _keep_going(loaded, "three_bad_rows_of_20.csv")
    state = _snapshot(loaded)
    # when it is imported again, then nothing changes
    again = import_file(loaded, BROKEN / "three_bad_rows_of_20.csv", _options(Case("x"), keep_going=True))
    assert (again.status, again.import_id) == ("already_imported", first.result.import_id)
    assert _snapshot(loaded) == state


@pytest.mark.parametrize(
    ("name", "bad_row", "loads", "reason"),
    [
        ("extra_field_row_4.csv", 4, 4, "more fields than the header"),
        ("too_few_fields_row_5.csv", 5, 4, "fewer fields than the header"),
    ],
)
def test_keep_going_rejects_a_row_that_cannot_be_split(
    loaded: Warehouse, name: str, bad_row: int, loads: int, reason: str
) -> None:
    # given a report with one row that has the wrong number of fields
    header, rows = _original_rows(name)
    # when it is imported with --keep-going
    got = _keep_going(loaded, name)
    # then the other rows load and the bad one is in the rejects file, with every original cell
    assert (got.result.rows_read, got.result.rows_loaded, got.result.rows_rejected) == (loads + 1, loads, 1)
    assert [r["row"] for r in got.rows] == [str(bad_row)]
    assert reason in got.rows[0]["reason"]
    original = rows[bad_row - 1]
    cells = [got.rows[0][h] for h in header]
    if len(original) > len(
        header
    ):  # the fields beyond the header's go to one more column, as the file had them
        assert [*cells, got.rows[0]["(extra fields)"]] == [
            *original[: len(header)],
            ",".join(original[len(header) :]),
        ]
    else:
        assert cells == original + [""] * (len(header) - len(original))


def test_keep_going_counts_rows_as_the_file_does_after_a_blank_line(loaded: Warehouse) -> None:
    # given a report with a blank line 4 and a bad cell on row 7
    got = _keep_going(loaded, "blank_line_mid_file_bad_cell_row_7.csv")
    # then the rejected row is row 7 and its cells are that row's
    assert [r["row"] for r in got.rows] == ["7"]
    assert got.rows[0]["Units ordered"] == "seven"
    assert got.result.rows_loaded == 4


@pytest.mark.parametrize("name", ["truncated_mid_row.csv", "truncated_inside_quoted_field.csv"])
def test_keep_going_still_refuses_a_cut_off_file(loaded: Warehouse, name: str) -> None:
    # given a download that stops in its last row, when imported with --keep-going
    before = _snapshot(loaded)
    with pytest.raises(FileRefused, match="--keep-going cannot help"):
        import_file(loaded, BROKEN / name, _options(BY_FILE[name], keep_going=True))
    # then nothing is loaded: the rows after the cut are missing, and a part must not pass for the whole
    assert _snapshot(loaded) == before
