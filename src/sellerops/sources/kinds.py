"""How a text cell becomes a typed value, as DuckDB SQL: one parse expression per kind.

Everything is parsed in the database, vectorised, so a five-million-line report loads at engine speed.
A parse yields NULL for text it cannot read, so a cell is valid when it is blank ('', '--', 'N/A') or its
parse is not NULL; an invalid cell is an error naming the row and column (or, with --keep-going, a rejected
row). Each macro names its argument once: DuckDB inlines macros, and repeated arguments multiply the plan.
"""

from __future__ import annotations

from enum import Enum

import duckdb


class Kind(Enum):
    TEXT = "text"
    ID = "id"  # text that Excel may have wrapped as ="123"
    INT = "int"
    DECIMAL = "decimal"  # money and other exact amounts: currency symbols and codes are stripped
    PERCENT = "percent"  # '92.30%' → 0.923; a bare number is already a fraction
    DATE = "date"
    TIMESTAMP = "timestamp"  # ISO 8601 with an offset or 'UTC', or epoch milliseconds; stored as UTC
    BOOL = "bool"


EXPECTED = {
    Kind.INT: "a whole number such as 5,824",
    Kind.DECIMAL: "an amount such as 1,234.56 or £1,234.56",
    Kind.PERCENT: "a percentage such as 12.5%",
    Kind.DATE: "a date",
    Kind.TIMESTAMP: "a date and time such as 2025-08-14T22:07:18+00:00",
    Kind.BOOL: "true/false or yes/no",
}

_CURRENCY_PREFIX = (
    r"(?i)^([-+]?)\s*(rs\.?|inr|usd|gbp|eur|cad|jpy|aud|mxn|brl|sek|pln|aed|sar|sgd"
    r"|r\$|c\$|ca\$|a\$|au\$|mx\$|s\$|[£$€₹¥￥])\s*"
)
_CURRENCY_SUFFIX = r"(?i)\s*(€|zł|kr|tl|usd|eur|gbp|jpy|inr)$"
# Decimal point, optional comma thousands: 5,824  1234.5  -12.50
POINT_NUMBER = r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.[0-9]+)?"
# Decimal comma, optional point/space thousands: 1.234,56  12,5
COMMA_NUMBER = r"[-+]?(?:[0-9]{1,3}(?:[. \x{00a0}][0-9]{3})+|[0-9]*)(?:,[0-9]+)?"
POINT_INT = r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.0+)?"
COMMA_INT = r"[-+]?(?:[0-9]{1,3}(?:[. \x{00a0}][0-9]{3})+|[0-9]+)(?:,0+)?"


def _style(suffix: str, number: str, integer: str, plain: str, plain_int: str, *, fast_decimal: str) -> str:
    """Macros for one number style. `plain` turns the matched text `m` into a castable literal.

    Most cells are already plain numbers ("12.50", "3"): those go straight to a cast, and only the rest pay for the
    regular expressions (DuckDB's coalesce evaluates its later arguments only for rows still NULL). A cast alone
    would round '12.5' into a BIGINT and read '0b11', so the whole-number fast path admits only digits and sign.
    With a decimal point, a decimal is what DuckDB's own cast reads — also '1.5E+03' (Excel's scientific
    notation), '5.' and '1_000' — because the reader of large files (`one_pass`) parses decimal columns itself,
    with that cast, and both paths must read a file alike; with a decimal comma, only digits, sign and
    `fast_decimal`. The slow path must name each sub-expression once (no nullif, which names its argument
    twice): the optimizer hoists a repeated sub-expression out of the coalesce and runs it on every row. An empty
    string casts to NULL by itself.
    """
    num = f"regexp_extract(so_numtext(x), '^({number})$', 1)"
    # A percentage either has its sign ('12.5%') or is already a plain fraction, which the fast path reads.
    pct_num = f"regexp_extract(so_numtext(x), '^({number})\\s*%$', 1)"
    fast_num = (
        "TRY_CAST(x AS DECIMAL(18, 4))"
        if suffix == "p"
        else f"TRY_CAST(CASE WHEN regexp_full_match(x, '[-+]?[0-9]*{fast_decimal}') THEN x END AS DECIMAL(18, 4))"
    )
    fast_int = "TRY_CAST(CASE WHEN regexp_full_match(x, '[-+]?[0-9]+') THEN x END AS BIGINT)"
    return f"""
CREATE OR REPLACE TEMP MACRO so_plain_{suffix}(m) AS TRY_CAST({plain} AS DECIMAL(18, 4));
CREATE OR REPLACE TEMP MACRO so_num_{suffix}(x) AS coalesce({fast_num}, so_plain_{suffix}({num}));
CREATE OR REPLACE TEMP MACRO so_int_{suffix}(x) AS coalesce({fast_int},
    TRY_CAST({plain_int.replace("m", f"regexp_extract(so_numtext(x), '^({integer})$', 1)", 1)} AS BIGINT));
CREATE OR REPLACE TEMP MACRO so_pct_{suffix}(x) AS TRY_CAST(coalesce({fast_num},
    so_plain_{suffix}({pct_num}) / 100) AS DECIMAL(12, 6));
"""


MACROS = (
    f"""
-- Patterns, not IN (...) lists: DuckDB plans an IN list of constants as a join, one per column checked.
CREATE OR REPLACE TEMP MACRO so_blank(x) AS regexp_full_match(coalesce(x, ''), '\\s*(--|-|N/A|n/a|null|NULL)?\\s*');
-- trim() copies every cell; most cells have nothing to trim. trim() removes space separators (' ', no-break and
-- ideographic spaces…): an all-ASCII cell (as many bytes as characters) can only have ' ' at its ends.
CREATE OR REPLACE TEMP MACRO so_text(x) AS CASE WHEN x = '' THEN NULL
    WHEN NOT starts_with(x, ' ') AND NOT ends_with(x, ' ') AND strlen(x) = length(x) THEN x
    ELSE nullif(trim(x), '') END;
-- Excel's ="123": the '=', then one quote at each end. Cut, not a regular expression (whose capture costs as much
-- as reading the cell); a line break inside keeps the cell whole, as the expression '^="?(.*?)"?$' did.
CREATE OR REPLACE TEMP MACRO so_unquote_end(r) AS CASE WHEN ends_with(r, '"') THEN left(r, -1) ELSE r END;
CREATE OR REPLACE TEMP MACRO so_unwrap(s) AS CASE
    WHEN NOT starts_with(s, '=') OR contains(s, chr(10)) THEN s
    ELSE so_unquote_end(CASE WHEN starts_with(s, '="') THEN substr(s, 3) ELSE substr(s, 2) END) END;
CREATE OR REPLACE TEMP MACRO so_id(x) AS nullif(so_unwrap(trim(x)), '');
CREATE OR REPLACE TEMP MACRO so_numtext(x) AS
    regexp_replace(regexp_replace(trim(x), '{_CURRENCY_PREFIX}', '\\1'), '{_CURRENCY_SUFFIX}', '');
CREATE OR REPLACE TEMP MACRO so_ts(x) AS coalesce(
    TRY_CAST(CASE WHEN substr(x, 5, 1) = '-' THEN x END AS TIMESTAMPTZ),
    make_timestamptz(TRY_CAST(regexp_extract(x, '^\\s*([0-9]{{12,13}})\\s*$', 1) AS BIGINT) * 1000),
    TRY_CAST(CASE WHEN regexp_matches(x, '^\\s+[0-9]{{4}}-') THEN trim(x) END AS TIMESTAMPTZ));
CREATE OR REPLACE TEMP MACRO so_bool(x) AS CASE
    WHEN regexp_full_match(x, '(?i)\\s*(true|yes|y|1|ja|oui|sí|si|はい|是)\\s*') THEN true
    WHEN regexp_full_match(x, '(?i)\\s*(false|no|n|0|nein|non|いいえ|否)\\s*') THEN false END;
-- A report date outside 1995..2100 is a misread (a two-digit year taken as four digits), not a date.
CREATE OR REPLACE TEMP MACRO so_plausible_date(d) AS CASE WHEN year(d) BETWEEN 1995 AND 2100 THEN d END;
CREATE OR REPLACE TEMP MACRO so_serial_date(x) AS
    DATE '1899-12-30' + TRY_CAST(regexp_extract(trim(x), '^([0-9]{{5}})(\\.0+)?$', 1) AS INTEGER);
"""
    + _style(
        "p",
        POINT_NUMBER,
        POINT_INT,
        "replace(m, ',', '')",
        "replace(m, ',', '')",
        fast_decimal="(\\.[0-9]+)?",
    )
    + _style(
        "c",
        COMMA_NUMBER,
        COMMA_INT,
        "replace(regexp_replace(m, '[. \\x{00a0}]', '', 'g'), ',', '.')",
        "regexp_replace(regexp_replace(m, ',0+$', ''), '[. \\x{00a0}]', '', 'g')",
        fast_decimal="",
    )
)


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(MACROS)


def _quote(fmt: str) -> str:
    return fmt.replace("'", "''")


def parse_sql(kind: Kind, ref: str, *, comma: bool = False, date_formats: tuple[str, ...] = ()) -> str:
    """SQL that turns the text column `ref` into this kind's value; NULL when blank or unreadable."""
    style = "c" if comma else "p"
    simple = {
        Kind.TEXT: "so_text",
        Kind.ID: "so_id",
        Kind.INT: f"so_int_{style}",
        Kind.DECIMAL: f"so_num_{style}",
        Kind.PERCENT: f"so_pct_{style}",
        Kind.TIMESTAMP: "so_ts",
        Kind.BOOL: "so_bool",
    }
    if kind in simple:
        return f"{simple[kind]}({ref})"
    tries = [f"CAST(try_strptime(trim({ref}), '{_quote(f)}') AS DATE)" for f in date_formats]
    # Only ISO text may fall back to DuckDB's own cast: it reads '09/06/25' as the year 9, silently.
    tries.append(f"TRY_CAST(regexp_extract(trim({ref}), '^([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})', 1) AS DATE)")
    tries.append(f"so_serial_date({ref})")
    return f"so_plausible_date(coalesce({', '.join(tries)}))"


FAST_INT = "TRY_CAST(CASE WHEN regexp_full_match({x}, '[-+]?[0-9]+') THEN {x} END AS BIGINT)"
FAST_DECIMAL = "TRY_CAST({x} AS DECIMAL(18, 4))"  # as the one-pass reader parses decimal columns


def fast_parse_sql(kind: Kind, ref: str, *, comma: bool = False) -> str | None:
    """A small expression that reads the common, plain form of a kind ('12.50', ISO timestamps), or None.

    Each full parser is `coalesce(fast, slow)`, so where the fast form reads every non-blank cell of a column it
    gives exactly the full parser's values. The pipeline probes each column with these first and plans the full
    expression only for columns that need it: planning the full expressions of forty columns costs more than
    reading a small file.
    """
    if kind is Kind.TEXT:
        return f"so_text({ref})"
    if kind is Kind.INT:
        return FAST_INT.format(x=ref)
    if kind is Kind.DECIMAL and not comma:
        return FAST_DECIMAL.format(x=ref)
    if kind is Kind.PERCENT and not comma:
        return f"TRY_CAST({FAST_DECIMAL.format(x=ref)} AS DECIMAL(12, 6))"
    if kind is Kind.TIMESTAMP:
        return f"TRY_CAST(CASE WHEN substr({ref}, 5, 1) = '-' THEN {ref} END AS TIMESTAMPTZ)"
    return None


def fast_blank_sql(ref: str) -> str:
    return f"(coalesce(trim({ref}), '') = '')"


def valid_sql(kind: Kind, ref: str, parsed: str) -> str:
    """SQL that is true when the text in `ref` is blank or was read (its parse, `parsed`, is not NULL)."""
    if kind in (Kind.TEXT, Kind.ID):
        return "true"
    return f"(so_blank({ref}) OR {parsed} IS NOT NULL)"
