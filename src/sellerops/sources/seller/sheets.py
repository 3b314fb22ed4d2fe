"""A product master workbook is one file with several sheets: all of them load in the file's one transaction.

The importer reads the sheet that matches a family best and hands it to that family. The seller families then
read the workbook's other sheets here, each through the same typing and validation as any file (so a bad cell
names its sheet, row and column), and return their loads beside the first sheet's. The first sheet's staged
rows are put back afterwards, so the importer finds them as it left them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sellerops.errors import FileRefused
from sellerops.sources import staging, validation, workbooks
from sellerops.sources.context import LoadContext
from sellerops.sources.spec import HeaderMatch, TableLoad

if TYPE_CHECKING:
    from sellerops.sources.seller.product_master import SellerSheet


def sibling_loads(ctx: LoadContext, first: SellerSheet) -> list[TableLoad]:
    """The loads of every other seller sheet of the workbook (none for a CSV)."""
    if ctx.source.format != "xlsx":
        return []
    from sellerops.sources.seller.product_master import FAMILIES

    others = [
        (name, rows) for name, rows in workbooks.workbook_sheets(ctx.source) if name != ctx.source.sheet
    ]
    found = [(name, rows, match) for name, rows in others if (match := _match(rows, FAMILIES)) is not None]
    if not found:
        return []
    con = ctx.con
    con.execute("CREATE OR REPLACE TEMP TABLE seller_first_raw AS SELECT * FROM raw_file")
    first_skipped = list(ctx.source.skipped_rows)
    loads: list[TableLoad] = []
    try:
        for number, (name, rows, match) in enumerate(found):
            view = f"seller_sheet_{number}"
            loads += _load_sheet(ctx, name, rows, match, view)
    finally:
        ctx.source.skipped_rows[:] = first_skipped
        con.execute("CREATE OR REPLACE TEMP TABLE raw_file AS SELECT * FROM seller_first_raw")
        validation.create_parsed(ctx)
    return loads


def _match(rows: list[list[Any]], families: tuple[SellerSheet, ...]) -> HeaderMatch | None:
    """The seller family a sheet is (its whole header present), or None for a sheet of something else."""
    if not rows:
        return None
    header = [staging.cell_text(v) or "" for v in rows[workbooks.header_row(rows)]]
    complete = [m for f in families if (m := f.match(header)).complete]
    return max(complete, key=lambda m: m.matched, default=None)


def _load_sheet(
    ctx: LoadContext, name: str, rows: list[list[Any]], match: HeaderMatch, view: str
) -> list[TableLoad]:
    from sellerops.sources.seller.product_master import SellerSheet

    spec = match.spec
    assert isinstance(spec, SellerSheet)
    at = workbooks.header_row(rows)
    header = [staging.cell_text(v) or "" for v in rows[at]]
    kept, skipped = [], []
    for index, row in enumerate(rows[at + 1 :]):
        if any(staging.cell_text(v) is not None for v in row):
            kept.append(row)
        else:
            skipped.append(at + 2 + index)
    ctx.source.skipped_rows[:] = skipped
    staging.stage_rows(ctx.con, header, kept)
    sheet = LoadContext(ctx.con, ctx.source, match, ctx.options, ctx.import_id, row_offset=at + 2)
    spec.resolve(sheet)
    validation.create_parsed(sheet)
    bad, problems = validation.find_problems(sheet)
    if problems:
        refusal = validation.cell_refusal(sheet, bad, problems)
        raise FileRefused(
            f"{ctx.source.name}, sheet {name!r}",
            refusal.reason,
            problems=refusal.problems,
            hint=refusal.hint.replace(
                validation.FIX_OR_KEEP_GOING, "Fix the sheet and import the workbook again."
            ),
        )
    ctx.con.execute(f"CREATE OR REPLACE TEMP TABLE {view} AS SELECT * FROM parsed")
    count = ctx.con.execute(f"SELECT count(*) FROM {view}").fetchone()
    ctx.notes.append(f"sheet {name!r}: {count[0] if count else 0} rows read as the {spec.title}")
    return spec.loads(sheet, view)
