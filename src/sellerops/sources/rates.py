"""The team's exchange-rate table: a small CSV `currency,rate` (1 unit of currency = rate units of the reporting
currency), read strictly so that no amount is ever converted with a rate nobody gave."""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyarrow as pa

from sellerops.errors import ConfigError


def load_rates(path: Path) -> pa.Table:
    """Rows of (currency, rate). Refused with the file and line: a missing column, a currency not of three
    letters, a rate that is not a positive number, a currency given twice."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the rates file ({exc.strerror})") from None
    reader = csv.DictReader(text.splitlines())
    if [c.strip().lower() for c in reader.fieldnames or []] != ["currency", "rate"]:
        raise ConfigError(f"{path}: line 1 must be the header `currency,rate`, found {reader.fieldnames}")
    currencies: list[str] = []
    rates: list[Decimal] = []
    for line, row in enumerate(reader, start=2):
        code = (row.get("currency") or "").strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise ConfigError(f"{path}: line {line}: {code!r} is not a currency code such as USD")
        try:
            rate = Decimal((row.get("rate") or "").strip())
        except InvalidOperation:
            rate = Decimal(0)
        if not rate.is_finite() or rate <= 0:
            raise ConfigError(f"{path}: line {line}: the rate of {code} must be a positive number, e.g. 1.27")
        if code in currencies:
            raise ConfigError(f"{path}: line {line}: {code} is given twice; keep one rate per currency")
        currencies.append(code)
        rates.append(rate)
    return pa.table({"currency": currencies, "rate": pa.array(rates, type=pa.decimal128(18, 8))})
