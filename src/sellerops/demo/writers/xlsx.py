"""A small xlsx writer for the ads console exports: byte-identical output for the same rows.

openpyxl stamps the wall clock into docProps and every zip entry, which breaks "same seed, same bytes", and it is
slow for the hundreds of thousands of search-term rows a year of ads produces; a worksheet is simple XML, so the
demo writes it directly (inline strings, a handful of number formats, fixed zip timestamps).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

# Column styles: the number formats Amazon's exports use (dates as serials shown "MMM dd, yyyy").
STYLE_INDEX = {"text": 0, "date": 1, "int": 2, "money": 3, "pct": 4, "ratio": 5}
_EXCEL_EPOCH = date(1899, 12, 30)
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="MMM dd, yyyy"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

Cell = object  # str, int, float, Decimal, date or None


class Sheet:
    """One worksheet: a header row and data rows, each column with one of STYLE_INDEX's styles."""

    def __init__(self, name: str, header: Sequence[str], styles: Sequence[str]) -> None:
        if len(header) != len(styles):
            raise ValueError(f"sheet {name!r}: {len(header)} headers but {len(styles)} column styles")
        self.name = name[:31]
        self.header = list(header)
        self.styles = [STYLE_INDEX[s] for s in styles]
        self.refs = [_column_letters(i) for i in range(len(header))]
        self._rows: list[str] = [self._row(1, self.header, text_only=True)]

    def add_rows(self, rows: Iterable[Sequence[Cell]]) -> None:
        n = len(self._rows)
        for row in rows:
            n += 1
            self._rows.append(self._row(n, row))

    def _row(self, n: int, values: Sequence[Cell], *, text_only: bool = False) -> str:
        cells = []
        for ref, style, value in zip(self.refs, self.styles, values, strict=True):
            kind = type(value)
            if kind is str:
                text = str(value)
                if not text:
                    continue
                if "&" in text or "<" in text or ">" in text:
                    text = escape(text)
                cells.append(f'<c r="{ref}{n}" t="inlineStr"><is><t>{text}</t></is></c>')
            elif value is None:
                continue
            elif text_only:
                cells.append(f'<c r="{ref}{n}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
            elif kind is date:
                assert isinstance(value, date)
                cells.append(f'<c r="{ref}{n}" s="1"><v>{(value - _EXCEL_EPOCH).days}</v></c>')
            else:
                cells.append(f'<c r="{ref}{n}" s="{style}"><v>{value}</v></c>')
        return f'<row r="{n}">{"".join(cells)}</row>'

    def xml(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{''.join(self._rows)}</sheetData></worksheet>"
        )


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(
            f'<sheet name="{escape(s.name)}" sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(sheets, 1)
        )
        + "</sheets></workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/></Relationships>'
    )
    parts = [
        (
            "[Content_Types].xml",
            _CONTENT_TYPES.format(sheets="".join(_SHEET_TYPE.format(n=i) for i in range(1, len(sheets) + 1))),
        ),
        ("_rels/.rels", _ROOT_RELS),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/styles.xml", _STYLES),
    ] + [(f"xl/worksheets/sheet{i}.xml", s.xml()) for i, s in enumerate(sheets, 1)]
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            # Level 1: these exports are large and written once; speed matters more than a few megabytes.
            archive.writestr(info, text.encode("utf-8"), compresslevel=1)


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
