"""A report as titled tables of typed cells: what HTML, XLSX and Markdown each lay out in their own way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sellerops.core.money import Money


@dataclass(frozen=True)
class Ratio:
    """A fraction shown as a percentage: 0.123 → 12.3%."""

    value: Decimal


@dataclass(frozen=True)
class Change:
    """A relative change shown with its sign: -0.05 → -5.0%."""

    value: Decimal


@dataclass(frozen=True)
class Multiple:
    """A ratio read as "times", such as ROAS: 3.2 → 3.20×."""

    value: Decimal


Cell = str | int | Decimal | Money | Ratio | Change | Multiple | dt.date | dt.datetime | None
Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """One section of a report. `key` is stable across languages (it names the HTML anchor); `title` and
    `headers` are already translated. Datetime cells are UTC and shown on the team's clock. `row_tags` name
    a state per row (a severity, a status) that a layout may colour."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    row_tags: tuple[str, ...] = ()


def ratio(value: Decimal | None) -> Ratio | None:
    return None if value is None else Ratio(value)


def change(value: Decimal | None) -> Change | None:
    return None if value is None else Change(value)


def money(amount: Decimal | None, currency: str) -> Money | None:
    return None if amount is None else Money(amount, currency)


def metric_cell(kind: str | None, value: Decimal | None, currency: str) -> Cell:
    """A metric's value as the cell its kind calls for (see model.METRIC_KINDS)."""
    if value is None:
        return None
    if kind == "money":
        return Money(value, currency)
    if kind == "count":
        return int(value)
    if kind == "ratio":
        return Ratio(value)
    if kind == "multiple":
        return Multiple(value)
    return value
