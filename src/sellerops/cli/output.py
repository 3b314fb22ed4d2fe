"""Printing results: tables for people, CSV and JSON for other programs. The only place that writes to stdout."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table

# Off a terminal (pipes, CI logs) rich would fold everything at 80 columns; long lines read better whole.
_WIDE = None if sys.stdout.isatty() else 200
console = Console(width=_WIDE)
errors = Console(stderr=True, width=None if sys.stderr.isatty() else 200, soft_wrap=True)


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # exact, without trailing zeros or exponents
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    try:  # pandas/numpy missing values
        if value != value:
            return None
    except (TypeError, ValueError):
        pass
    return value.item() if hasattr(value, "item") else value


def _cell(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    value = _plain(value)
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, str) and _is_decimal(value):
        return f"{Decimal(value):,.2f}"
    return str(value)


def _is_decimal(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return "." in text


def print_rows(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], *, fmt: str = "table", title: str = ""
) -> None:
    if fmt == "json":
        sys.stdout.write(
            json.dumps(
                [dict(zip(columns, map(_plain, r), strict=True)) for r in rows], ensure_ascii=False, indent=2
            )
        )
        sys.stdout.write("\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_plain(v) for v in r] for r in rows])
    else:
        table = Table(title=title or None, show_lines=False, header_style="bold")
        for name in columns:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*(_cell(v) for v in row))
        console.print(table)
