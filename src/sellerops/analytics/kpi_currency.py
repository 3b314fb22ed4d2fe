"""KPI money in the team's reporting currency, beside the original figures and never in their place.

`rates` has one row per currency: `currency`, `rate`, where 1 unit of `currency` is `rate` units of the reporting
currency. Each money column M keeps its original value (with `currency`) and gains `M_reporting`, the converted
amount; `reporting_currency`, `exchange_rate` and `rate_missing` say what was done. A row whose currency has no rate
keeps its original figures, NULL converted columns and `rate_missing` true: it is neither dropped nor guessed
(a row already in the reporting currency needs no rate: 1).
In the long form of compare_kpis only rows with unit 'money' are converted; counts and ratios are the same in any
currency and are copied, and relative changes need no conversion (one rate scales value and base alike).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ibis

from sellerops.analytics.kpi_compare import FIGURES
from sellerops.analytics.kpi_daily import MEASURES, RATIOS

# Money columns of the wide tables (daily_kpis, kpi_totals) converted when no columns are named.
MONEY_COLUMNS = tuple(m.name for m in MEASURES if m.unit == "money") + tuple(
    r.name for r in RATIOS if r.unit == "money"
)
RATE_TYPE = "decimal(18, 8)"
WIDE_TYPE = "decimal(28, 8)"
LONG_FORM_VALUES = tuple(f for f in FIGURES if not f.endswith("_change"))


def to_reporting_currency(
    table: Any, rates: Any, *, currency: str, money_columns: Sequence[str] | None = None
) -> Any:
    """`table` with converted `<column>_reporting` columns beside its money columns (see the module docstring).

    `rates` is an Ibis table or a pyarrow table of (currency, rate). The money columns are `money_columns` if given,
    else the value columns of the long form (a table with `unit`), else those of `MONEY_COLUMNS` present."""
    if not isinstance(rates, ibis.Table):
        rates = ibis.memtable(rates)
    rates = rates.select(
        rate_currency=rates.currency.cast("string"), exchange_rate=rates.rate.cast(RATE_TYPE)
    )
    long_form = "unit" in table.columns and money_columns is None
    if money_columns is None:
        money_columns = LONG_FORM_VALUES if long_form else [c for c in MONEY_COLUMNS if c in table.columns]
    original = table.columns
    joined = table.left_join(rates, table.currency == rates.rate_currency)
    # A figure already in the reporting currency needs no rate.
    exchange_rate = ibis.cases(
        (joined.currency == currency, ibis.literal(1).cast(RATE_TYPE)), else_=joined.exchange_rate
    )
    joined = joined.mutate(exchange_rate=exchange_rate)
    rate_missing = joined.exchange_rate.isnull()

    def converted(column: str) -> Any:
        # One decimal type on both sides (Ibis will not multiply decimals of unrelated precisions); the product
        # is exact in the engine and rounded once, to the column's own scale.
        amount = (joined[column].cast(WIDE_TYPE) * joined.exchange_rate.cast(WIDE_TYPE)).cast(
            joined[column].type()
        )
        if not long_form:
            return amount
        return ibis.cases((joined.unit != "money", joined[column]), else_=amount)

    return joined.select(
        *original,
        **{f"{c}_reporting": converted(c) for c in money_columns},
        reporting_currency=ibis.literal(currency),
        exchange_rate=joined.exchange_rate,
        rate_missing=rate_missing,
    )
