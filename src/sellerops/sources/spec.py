"""What a report family declares: the headers it is recognised by and how its rows become canonical rows.

A family module subclasses `ReportSpec`, lists its `Column`s (target name, accepted headers, kind) and writes
`plan()`: the SQL that selects canonical rows from the typed view `parsed`, and how each load replaces what an
earlier file already put there. Everything else (reading, encodings, validation, transactions, the ledger)
is the pipeline's job.
"""

from __future__ import annotations

import functools
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from sellerops.sources.files import normalize_header, split_header_currency
from sellerops.sources.kinds import Kind

if TYPE_CHECKING:
    from sellerops.sources.context import LoadContext


@dataclass(frozen=True)
class Column:
    """One source column: the canonical name it feeds, the headers it goes by, how its text is read."""

    target: str
    headers: tuple[str, ...]  # as exported; '{days}' stands for an attribution window such as 7 or 14
    kind: Kind = Kind.TEXT
    required: bool = True  # the header must be present for a file to be this report
    not_null: bool = False  # every row must have a value here
    date_formats: tuple[str, ...] = ()
    language: str = "en"

    def patterns(self) -> tuple[tuple[str | None, re.Pattern[str]], ...]:
        """Each header as (its normalized text when it is plain, else None; the pattern it matches)."""
        return _header_patterns(self.headers)


@functools.lru_cache(maxsize=4096)
def _normalized(name: str) -> str:
    return normalize_header(name)


@functools.lru_cache(maxsize=4096)
def _split_normalized(name: str) -> tuple[str, str | None]:
    return split_header_currency(normalize_header(name))


@functools.cache
def _header_patterns(headers: tuple[str, ...]) -> tuple[tuple[str | None, re.Pattern[str]], ...]:
    # Every file is matched against every family: compile each family's header patterns once.
    out = []
    for header in headers:
        normalized = normalize_header(header)
        text = re.escape(normalized).replace(r"\{days\}", r"(?P<days>\d+)")
        out.append((None if "{days}" in header else normalized, re.compile(f"^{text}$")))
    return tuple(out)


@dataclass(frozen=True)
class Replace:
    """How a load makes room for its rows. `keys`: rows with the same primary key are replaced.
    `where`: rows matching this SQL condition are deleted first (a report's period and marketplace)."""

    keys: bool = True
    where: str | None = None


@dataclass(frozen=True)
class TableLoad:
    table: str
    select_sql: str  # selects the table's columns (by name, any order) from `parsed` and other temp views
    replace: Replace = field(default_factory=Replace)
    # The select gives each key once by construction (grouped by it, or numbered within it): no need to check.
    unique_keys: bool = False


@dataclass
class HeaderMatch:
    spec: ReportSpec
    indexes: dict[str, int]  # target -> position of its column in the file
    names: dict[str, str]  # target -> the header as the file wrote it
    missing_required: list[str]
    attribution_days: int | None
    header_currency_symbol: str | None
    language: str
    matched: int

    @property
    def complete(self) -> bool:
        return not self.missing_required

    @property
    def score(self) -> float:
        required = sum(1 for c in self.spec.columns if c.required)
        return (required - len(self.missing_required)) / max(required, 1)


class ReportSpec(ABC):
    """A report family. Subclasses set the class attributes and implement `resolve` and `plan`."""

    name: ClassVar[str]  # "amazon.business_report": platform.family, as the ledger records it
    title: ClassVar[str]  # what a seller calls it
    platform: ClassVar[str] = "amazon"
    formats: ClassVar[frozenset[str]] = frozenset({"text", "xlsx"})
    columns: ClassVar[tuple[Column, ...]] = ()
    # Headers that must all be present (beyond required columns) to tell this family from a look-alike.
    signature: ClassVar[tuple[str, ...]] = ()
    # Headers whose presence means the file is *not* this family (a more specific family claims it).
    excludes: ClassVar[tuple[str, ...]] = ()
    # The same columns as other languages' downloads name them: {"zh": {"sessions": ("会话次数 - 总计",)}}.
    translations: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {}
    # Whether `resolve` reads rows only through `ctx.rows` / `ctx.value` and the context's helpers, so that a large
    # delimited file can be typed straight from the reader in one pass, with no table of its text.
    one_pass: ClassVar[bool] = False

    def match(self, header: list[str]) -> HeaderMatch:
        normalized = []
        currency_symbol = None
        for name in header:
            base, symbol = _split_normalized(name)
            currency_symbol = currency_symbol or symbol
            normalized.append(base)
        indexes: dict[str, int] = {}
        names: dict[str, str] = {}
        missing: list[str] = []
        days: int | None = None
        languages: dict[str, int] = {}
        first_index: dict[str, int] = {}
        for i, h in enumerate(normalized):
            first_index.setdefault(h, i)
        for column in self.columns:
            found = None
            for language, literal, pattern in self._patterns(column):
                if literal is not None:  # a plain header: a lookup, not a scan
                    at = first_index.get(literal)
                    match = pattern.match(literal) if at is not None else None
                    found = (at, match, language) if at is not None and match else None
                else:
                    found = next(
                        ((i, m, language) for i, h in enumerate(normalized) if (m := pattern.match(h))), None
                    )
                if found:
                    break
            if found is None:
                if column.required:
                    missing.append(column.headers[0])
                continue
            index, m, language = found
            indexes[column.target] = index
            names[column.target] = header[index].strip()
            languages[language] = languages.get(language, 0) + 1
            if "days" in m.groupdict() and m.group("days"):
                days = days or int(m.group("days"))
        present = set(normalized)
        missing += [s for s in self.signature if _normalized(s) not in present]
        if any(_normalized(x) in present for x in self.excludes):
            missing.append("(a header of a different report is present)")
        language = max(languages, key=lambda k: languages[k]) if languages else "en"
        return HeaderMatch(self, indexes, names, missing, days, currency_symbol, language, len(indexes))

    def _patterns(self, column: Column) -> list[tuple[str, str | None, re.Pattern[str]]]:
        own = [(column.language, literal, p) for literal, p in column.patterns()]
        for language, names in self.translations.items():
            own += [(language, literal, p) for literal, p in _header_patterns(names.get(column.target, ()))]
        return own

    def accepts_json(self, data: Any) -> bool:
        """For JSON families: whether this document is one of ours."""
        return False

    def json_rows(self, data: Any) -> tuple[list[str], list[list[str | None]]]:
        """For JSON families: the document flattened to a header and text rows."""
        raise TypeError(f"{self.name} does not read JSON")

    def resolve(self, ctx: LoadContext) -> None:
        """Settle the marketplace and period (from the data, or the options; never silently guessed)."""
        ctx.require_marketplace()

    def derived(self) -> dict[str, str]:
        """Values worked out once per row from the typed columns and kept beside them in `parsed_all` (name → SQL
        over typed column names), for `checks` and `plan` to read instead of working them out again."""
        return {}

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        """Extra row checks: (SQL condition that is true for a bad row, column target, what was expected)."""
        return []

    @abstractmethod
    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        """The canonical rows this file gives, per table, and what each load replaces."""
