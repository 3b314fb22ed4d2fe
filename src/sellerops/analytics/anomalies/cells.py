"""Arrow result rows mapped to the panel cells (marketplace, SKU row, day column) they fill, as index arrays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Cells:
    """The rows of a result that land in one marketplace's panel, and the row and column each one fills."""

    market: str
    rows: np.ndarray  # positions in the Arrow table, in its order
    sku: np.ndarray
    day: np.ndarray


def codes(column: Any) -> tuple[np.ndarray, list[Any]]:
    """A column as integer codes into its distinct values (nulls are code -1, values in first-seen order)."""
    encoded = pc.dictionary_encode(_array(column))
    indices = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    values: list[Any] = encoded.dictionary.to_pylist()
    return indices, values


def day_numbers(column: Any, start: dt.date) -> np.ndarray:
    """A date32 column as day offsets from `start` (nulls far out of any panel)."""
    days = pc.cast(_array(column), pa.int32()).fill_null(np.iinfo(np.int32).min)
    offsets: np.ndarray = days.to_numpy(zero_copy_only=False).astype(np.int64) - (start - EPOCH).days
    return offsets


def floats(table: pa.Table, name: str, *, null: float = np.nan) -> np.ndarray:
    """A numeric column as float64, nulls replaced by `null`."""
    values: np.ndarray = (
        pc.cast(_array(table.column(name)), pa.float64()).fill_null(null).to_numpy(zero_copy_only=False)
    )
    return values


def locate(
    table: pa.Table, day_column: str, where: Mapping[str, Mapping[str, int]], *, start: dt.date, days: int
) -> Iterator[Cells]:
    """Each marketplace's rows of `table` whose SKU has a panel row and whose day is one of the panel's `days`
    from `start`, in the table's order. A missing SKU is looked up as ""."""
    markets, market_names = codes(table.column("marketplace"))
    skus, sku_names = codes(table.column("sku"))
    offsets = day_numbers(table.column(day_column), start)
    for code, market in enumerate(market_names):
        rows_of = where.get(market)
        if rows_of is None:
            continue
        lookup = np.array([rows_of.get(s, -1) for s in [*sku_names, ""]], dtype=np.int64)
        rows = np.flatnonzero(markets == code)
        sku = lookup[skus[rows]]  # code -1 (null) picks the last entry, the row of ""
        day = offsets[rows]
        kept = (sku >= 0) & (day >= 0) & (day < days)
        yield Cells(market, rows[kept], sku[kept], day[kept])


def last_per_cell(cells: Cells, days: int) -> Cells:
    """Only the last of the rows that share a cell: the one that wins when the rows are written one after
    another (fancy assignment leaves the winner of repeated indexes unspecified)."""
    flat = cells.sku * days + cells.day
    if len(flat) == 0 or np.bincount(flat).max() == 1:
        return cells
    _, from_end = np.unique(flat[::-1], return_index=True)
    last = np.sort(len(flat) - 1 - from_end)
    return Cells(cells.market, cells.rows[last], cells.sku[last], cells.day[last])


def _array(column: Any) -> Any:
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
