"""Reading spreadsheets (xlsx, xls): every sheet's cells, Excel error values kept, the header row found.

calamine reads the cells fast; it reads an error cell (#REF!, #VALUE!) as blank, so such cells are put back from
the sheet XML: a broken formula must fail validation, never load as an empty value.
"""

from __future__ import annotations

import warnings
import zipfile
from typing import Any

import openpyxl
from python_calamine import CalamineError, CalamineWorkbook

from sellerops.errors import FileRefused
from sellerops.sources.files import SourceFile
from sellerops.sources.staging import cell_text


def workbook_sheets(source: SourceFile) -> list[tuple[str, list[list[Any]]]]:
    try:
        book = CalamineWorkbook.from_path(str(source.reader_path))
        sheets = [
            (name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names
        ]
    except (CalamineError, ValueError, OSError) as exc:
        raise FileRefused(
            source.name,
            f"the spreadsheet cannot be opened ({exc})",
            hint="the file is damaged or not really a spreadsheet; download it again",
        ) from None
    _restore_error_cells(source, sheets)
    return sheets


def _restore_error_cells(source: SourceFile, sheets: list[tuple[str, list[list[Any]]]]) -> None:
    """Put Excel error values (#REF!, #VALUE!…) back where calamine reads them as blanks.

    A broken formula must not load as an empty cell: put back, it fails validation like any unreadable value.
    Only workbooks that hold an error cell at all (a quick look at the sheet XML) are opened a second time.
    """
    try:
        with zipfile.ZipFile(source.reader_path) as archive:
            found = any(
                _holds(archive, n, b't="e"') for n in archive.namelist() if n.startswith("xl/worksheets/")
            )
    except (zipfile.BadZipFile, OSError, KeyError):
        return
    if not found:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(source.reader_path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise FileRefused(
            source.name,
            f"the workbook holds Excel error values (#REF!, #VALUE!…) that cannot be located ({exc})",
            hint="download the report again, or fix the broken formulas and save the workbook again",
        ) from None
    try:
        by_name = dict(sheets)
        for sheet in book.worksheets:
            rows = by_name.get(sheet.title)
            if rows is None:
                continue
            for cells in sheet.iter_rows():
                for cell in cells:
                    if getattr(cell, "data_type", None) == "e" and cell.row is not None:
                        r, c = cell.row - 1, cell.column - 1
                        if r < len(rows) and c < len(rows[r]):
                            rows[r][c] = str(cell.value)
    finally:
        book.close()


def _holds(archive: zipfile.ZipFile, name: str, needle: bytes) -> bool:
    """Whether a ZIP member holds some bytes, read in blocks (a sheet's XML can be hundreds of MB)."""
    tail = b""
    with archive.open(name) as member:
        for block in iter(lambda: member.read(1 << 20), b""):
            if needle in tail + block[: len(needle)] or needle in block:
                return True
            tail = block[-len(needle) :]
    return False


def drop_empty_rows(source: SourceFile, rows: list[list[Any]], first_row: int) -> list[list[Any]]:
    """Rows with no value at all (spacer or formatted-but-empty rows) are passed over, as blank lines are."""
    kept = []
    for index, row in enumerate(rows):
        if any(cell_text(v) is not None for v in row):
            kept.append(row)
        else:
            source.skipped_rows.append(first_row + index)
    return kept


def header_row(rows: list[list[Any]]) -> int:
    """Index of the first row with at least two filled cells (exports sometimes start with a title line)."""
    for index, row in enumerate(rows[:20]):
        if sum(1 for v in row if v not in (None, "")) >= 2:
            return index
    return 0
