"""What a report family sees while it loads one file: the typed columns, the options, the marketplace and period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from sellerops.core.marketplaces import Marketplace
from sellerops.core.money import currency_of_symbol
from sellerops.core.periods import Period
from sellerops.errors import FileRefused, Problem
from sellerops.sources.files import SourceFile
from sellerops.sources.kinds import Kind, parse_sql, valid_sql
from sellerops.sources.spec import Column, HeaderMatch


@dataclass(frozen=True)
class ImportOptions:
    marketplace: Marketplace | None = None
    period: Period | None = None
    keep_going: bool = False
    decimal_comma: bool | None = None  # None: the marketplace's own habit


@dataclass
class LoadContext:
    con: duckdb.DuckDBPyConnection
    source: SourceFile
    match: HeaderMatch
    options: ImportOptions
    import_id: int
    row_offset: int  # file row number = rowid + row_offset
    marketplace: Marketplace | None = None
    marketplace_source: str = ""
    period: Period | None = None
    period_source: str = ""
    number_style: bool | None = None  # True: decimal comma, as read from the file by the family
    notes: list[str] = field(default_factory=list)
    # True when the rows were typed straight from the file (one pass, no `raw_file`): then a family's `resolve`
    # reads typed columns from `parsed_all` through `rows` and `value`.
    typed: bool = False

    # --- columns -------------------------------------------------------------------------------------
    @property
    def columns(self) -> dict[str, Column]:
        return {c.target: c for c in self.match.spec.columns}

    def has(self, target: str) -> bool:
        return target in self.match.indexes

    def raw(self, target: str) -> str:
        """The text column in `raw_file` that feeds `target`."""
        return f"c{self.match.indexes[target]}"

    @property
    def decimal_comma(self) -> bool:
        """Whether numbers are written 1.234,56: the option, else what the family read from the file, else the
        marketplace's habit. JSON numbers always use a point."""
        if self.source.format == "json":
            return False
        if self.options.decimal_comma is not None:
            return self.options.decimal_comma
        if self.number_style is not None:
            return self.number_style
        return bool(self.marketplace and self.marketplace.decimal_comma)

    def set_decimal_comma(self, comma: bool, why: str) -> None:
        """A family that can tell the number style from the file itself says so here (an option still wins)."""
        if self.options.decimal_comma is None:
            habit = bool(self.marketplace and self.marketplace.decimal_comma)
            self.number_style = comma
            if comma != habit:  # only a departure from the marketplace's habit is worth a line in the ledger
                self.notes.append(f"numbers read with a decimal {'comma' if comma else 'point'}: {why}")

    def parse(self, target: str) -> str:
        column = self.columns[target]
        return parse_sql(
            column.kind, self.raw(target), comma=self.decimal_comma, date_formats=column.date_formats
        )

    def valid(self, target: str, *, parsed: str, raw: str) -> str:
        """SQL true when the cell (text column `raw`, typed column `parsed`) is blank or was read."""
        return valid_sql(self.columns[target].kind, raw, parsed)

    @property
    def rows(self) -> str:
        """The table `resolve` reads the file's rows from: `parsed_all` once typed, else the text in `raw_file`."""
        return "parsed_all" if self.typed else "raw_file"

    def value(self, target: str) -> str:
        """SQL for the typed value of `target` over `rows`."""
        return target if self.typed else self.parse(target)

    def col(self, target: str, default: str = "NULL") -> str:
        """The typed column name in `parsed`, or a SQL default when the file does not have it."""
        return target if self.has(target) else default

    # --- marketplace and period ----------------------------------------------------------------------
    def scalar(self, sql: str) -> object:
        row = self.con.execute(sql).fetchone()
        return row[0] if row else None

    def distinct_values(self, target: str, limit: int = 5) -> list[str]:
        if not self.has(target):
            return []
        rows = self.con.execute(
            f"SELECT DISTINCT {self.value(target)} AS v FROM {self.rows} WHERE v IS NOT NULL ORDER BY v LIMIT {limit}"
        ).fetchall()
        return [str(r[0]) for r in rows]

    def set_marketplace(self, marketplace: Marketplace | None, source: str) -> None:
        given = self.options.marketplace
        if given is not None:
            if marketplace is not None and marketplace.code != given.code:
                raise FileRefused(
                    self.source.name,
                    f"the file says its marketplace is {marketplace.code} ({source}) but --marketplace {given.code} "
                    "was given",
                    hint="check that this is the right file, or drop --marketplace",
                )
            self.marketplace, self.marketplace_source = given, "option --marketplace"
        elif marketplace is not None:
            self.marketplace, self.marketplace_source = marketplace, source

    def require_marketplace(
        self, why: str = "this report does not say which marketplace it is for"
    ) -> Marketplace:
        if self.marketplace is None and self.options.marketplace is not None:
            self.set_marketplace(None, "")
        if self.marketplace is None:
            raise FileRefused(
                self.source.name, why, hint="give it with --marketplace, e.g. --marketplace amazon.US"
            )
        return self.marketplace

    def set_period(self, period: Period | None, source: str) -> None:
        given = self.options.period
        if (
            given is not None
            and period is not None
            and not (given.start <= period.start and period.end <= given.end)
        ):
            raise FileRefused(
                self.source.name,
                f"the file covers {period} ({source}), which is outside --period {given}",
                hint="check that this is the right file, or give the period the file really covers",
            )
        if given is not None and period is None:
            self.period, self.period_source = given, "option --period"
        elif period is not None:
            self.period, self.period_source = (given, "option --period") if given else (period, source)

    def require_period(
        self, why: str = "this report does not say which dates it covers", *, hint: str = ""
    ) -> Period:
        if self.period is None:
            self.set_period(None, "")
        if self.period is None:
            raise FileRefused(
                self.source.name,
                why,
                hint=hint
                or "give the dates it covers with --period FROM..TO, e.g. --period 2025-07-07..2025-07-13 "
                "(the date in a download's file name is usually the download day, not the report's period)",
            )
        return self.period

    def period_from_dates(self, target: str) -> Period | None:
        """The smallest period that holds every date in a date column."""
        if not self.has(target):
            return None
        row = self.con.execute(
            f"SELECT min(CAST(v AS DATE)), max(CAST(v AS DATE)) FROM (SELECT {self.value(target)} AS v FROM {self.rows})"
        ).fetchone()
        if not row or row[0] is None:
            return None
        start, end = row
        assert isinstance(start, dt.date)
        assert isinstance(end, dt.date)
        return Period(start, end)

    def currency(self, currency_target: str | None = None) -> str:
        """The file's currency: a currency column, a symbol in the headers, or the marketplace's."""
        if currency_target and self.has(currency_target):
            values = self.distinct_values(currency_target)
            if len(values) > 1:
                raise FileRefused(
                    self.source.name,
                    f"the file mixes currencies ({', '.join(values)}) in column {self.match.names[currency_target]!r}",
                    hint="split it into one file per currency",
                )
            if values:
                return values[0].upper()
        if self.match.header_currency_symbol:
            code = currency_of_symbol(self.match.header_currency_symbol)
            if code:
                return code
        return self.require_marketplace().currency

    def problem(self, expected: str, *, row: int | None = None, column: str | None = None) -> FileRefused:
        return FileRefused(self.source.name, expected, problems=(Problem(row, column, None, expected),))

    def sql_literal(self, value: object) -> str:
        if value is None:
            return "NULL"
        return "'" + str(value).replace("'", "''") + "'"

    @property
    def kinds(self) -> dict[str, Kind]:
        return {c.target: c.kind for c in self.match.spec.columns}
