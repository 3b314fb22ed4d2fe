"""The XLSX reports: golden cell values in both languages, numbers stored as numbers, formats and layout."""

from __future__ import annotations

import datetime as dt

import pytest
from golden_files import assert_golden, load_workbook, workbook_as_json
from report_samples import daily_sample, weekly_sample

from sellerops.core.text import Language
from sellerops.reports import render_xlsx
from sellerops.reports.xlsx import sheet_name


@pytest.mark.parametrize("language", ["en", "zh"])
def test_daily_workbook_cells_match_golden(language: Language) -> None:
    # given the hand-built daily report
    # when it is rendered as XLSX and read back with openpyxl
    cells = workbook_as_json(render_xlsx(daily_sample(), language))
    # then every sheet's values are the reviewed golden ones
    assert_golden(f"daily-{language}.xlsx.json", cells)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_weekly_workbook_cells_match_golden(language: Language) -> None:
    cells = workbook_as_json(render_xlsx(weekly_sample(), language))
    assert_golden(f"weekly-{language}.xlsx.json", cells)


def test_daily_sheets_are_one_per_section_named_in_the_language() -> None:
    # when the daily report is rendered in both languages
    english = load_workbook(render_xlsx(daily_sample(), "en"))
    chinese = load_workbook(render_xlsx(daily_sample(), "zh"))
    # then each section has its sheet, named in the reader's language, header row frozen
    assert english.sheetnames == [
        "About", "Key figures", "Top movers", "Findings by severity", "To-do list", "Account health", "Trends",
        "Conversion by SKU and day",
    ]  # fmt: skip
    assert chinese.sheetnames == [
        "报告说明", "核心指标", "主要异动", "按严重程度排列的发现", "待办清单", "账户健康", "趋势", "SKU 每日转化率"
    ]  # fmt: skip
    assert {s.freeze_panes for s in english.worksheets} == {"A2"}


def test_money_percent_and_date_cells_are_numbers_with_their_formats() -> None:
    # given the daily workbook
    book = load_workbook(render_xlsx(daily_sample(), "en"))
    kpis, trends, tasks = book["Key figures"], book["Trends"], book["To-do list"]
    # then US sales yesterday is the number 5230.40 shown as dollars
    assert (kpis["A2"].value, kpis["B2"].value) == ("amazon.US", "Ordered sales")
    assert (kpis["C2"].value, kpis["C2"].number_format) == (5230.40, '#,##0.00 "USD"')
    # and DE sales in euros
    assert (kpis["C5"].value, kpis["C5"].number_format) == (1875.0, '#,##0.00 "EUR"')
    # and US conversion 10.6% is the fraction 0.106 in a percentage format
    assert (kpis["B4"].value, kpis["C4"].value, kpis["C4"].number_format) == ("Conversion", 0.106, "0.0%")
    # and a change keeps its sign in the format
    assert (kpis["E2"].value, kpis["E2"].number_format) == (-0.1001, "+0.0%;-0.0%;0.0%")
    # and DE's missing year-over-year comparison is an empty cell, not zero
    assert (kpis["N5"].value, kpis["O5"].value) == (None, None)
    # and the first trend day is a date cell
    assert (trends["B2"].value, trends["B2"].number_format) == (dt.datetime(2026, 10, 18), "yyyy-mm-dd")
    # and a due time of 16:00 UTC is midnight the next day on the team's clock (Asia/Shanghai, UTC+8)
    assert tasks["E1"].value == "Due (Asia/Shanghai)"
    assert (tasks["E2"].value, tasks["E2"].number_format) == (
        dt.datetime(2026, 11, 2, 0, 0),
        "yyyy-mm-dd hh:mm",
    )


def test_no_figure_is_stored_as_text() -> None:
    # given every data cell of both workbooks in both languages
    offenders = []
    for report in (daily_sample(), weekly_sample()):
        for language in ("en", "zh"):
            book = load_workbook(render_xlsx(report, language))  # type: ignore[arg-type]
            for sheet in book.worksheets:
                for row in sheet.iter_rows(min_row=2):
                    for cell in row:
                        text = cell.value if isinstance(cell.value, str) else ""
                        # then no string cell reads as a plain number or percentage
                        if text.replace(",", "").replace(".", "").replace("%", "").lstrip("+-").isdigit():
                            offenders.append(f"{sheet.title}!{cell.coordinate} = {text!r}")
    assert offenders == []


def test_sheet_names_follow_excels_rules() -> None:
    # given titles that are too long, carry forbidden characters or repeat
    taken: set[str] = set()
    names = [sheet_name(t, taken) for t in ("A/B: tests [draft]?", "x" * 40, "x" * 40, "About", "about")]
    # then each is shortened, cleaned and made unique (Excel compares sheet names without case)
    assert names == ["A-B- tests -draft--", "x" * 31, "x" * 27 + " (2)", "About", "about (2)"]
