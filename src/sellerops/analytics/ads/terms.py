"""The search-term (or target) rows a plan reads for one marketplace, totalled per term, and the rows behind a term.

Per marketplace one grain and one attribution window are read, so that no spend or sale is counted twice: the
first search-term report type present of `SEARCH_TERM_GRAINS` (the bulk report carries IDs, then the custom report,
then the console report), and 7-day attribution before 14-day before unstated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from itertools import groupby
from operator import itemgetter
from typing import Any

import ibis

from sellerops.analytics.ads.metrics import within
from sellerops.analytics.ads.models import SourceRow

SEARCH_TERM_GRAINS = ("bulk_search_term", "custom_search_term", "search_term")
TARGET_GRAINS = ("bulk_targeting", "targeting")
WINDOW_PREFERENCE = (7, 14, None)
TERM_KEYS = ("campaign_name", "ad_group_name", "targeting", "match_type", "search_term")
TARGET_KEYS = ("campaign_name", "ad_group_name", "targeting", "match_type")
SEP = "\x1f"


@dataclass(frozen=True)
class Grain:
    report_type: str
    attribution_days: int | None


def pick_grain(
    ad_performance: Any, *, marketplace: str, start: dt.date, end: dt.date, report_types: tuple[str, ...]
) -> Grain | None:
    """The report type and attribution window to read (see the module docstring); None when none is present."""
    t = within(ad_performance, start=start, end=end)
    t = t.filter((t.marketplace == marketplace) & t.report_type.isin(report_types))
    present = {
        (r["report_type"], r["attribution_days"])
        for r in t.select("report_type", "attribution_days").distinct().to_pyarrow().to_pylist()
    }
    for report_type in report_types:
        for days in WINDOW_PREFERENCE:
            if (report_type, days) in present:
                return Grain(report_type, days)
    return None


def grain_rows(ad_performance: Any, *, marketplace: str, grain: Grain, start: dt.date, end: dt.date) -> Any:
    t = within(ad_performance, start=start, end=end)
    days = (
        t.attribution_days.isnull()
        if grain.attribution_days is None
        else t.attribution_days == grain.attribution_days
    )
    return t.filter((t.marketplace == marketplace) & (t.report_type == grain.report_type) & days)


def row_key(t: Any, keys: tuple[str, ...]) -> Any:
    parts = [t[k].cast("string").fill_null("") for k in keys]
    return reduce(lambda a, b: a + ibis.literal(SEP) + b, parts)


def key_of(values: dict[str, Any], keys: tuple[str, ...]) -> str:
    return SEP.join("" if values.get(k) is None else str(values[k]) for k in keys)


def totals(rows: Any, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """One dict per `keys` group: the sums, the newest IDs and bid the rows carry, and the days they cover."""
    t = rows
    newest = t.period_to
    grouped = t.group_by(list(keys)).aggregate(
        impressions=t.impressions.sum(), clicks=t.clicks.sum(), spend=t.spend.sum(), sales=t.sales.sum(),
        orders=t.orders.sum(), units=t.units.sum(), currency=t.currency.max(),
        campaign_id=t.campaign_id.argmax(newest), ad_group_id=t.ad_group_id.argmax(newest),
        keyword_id=t.keyword_id.argmax(newest), product_targeting_id=t.product_targeting_id.argmax(newest),
        bid=t.bid.argmax(newest), state=t.state.argmax(newest),
        first_day=t.period_from.min(), last_day=t.period_to.max(),
    )  # fmt: skip
    out: list[dict[str, Any]] = grouped.order_by(list(keys)).to_pyarrow().to_pylist()
    return out


def sources_of(rows: Any, keys: tuple[str, ...], wanted: set[str]) -> dict[str, tuple[SourceRow, ...]]:
    """For each wanted group key (`key_of`), the (import_id, source_row) of its rows that had any activity, in
    order. The wanted keys join as a table: tens of thousands of them as an IN list would cost more to compile
    than the query takes to run."""
    if not wanted:
        return {}
    chosen = ibis.memtable({"_wanted": sorted(wanted)})
    t = rows.filter((rows.clicks > 0) | (rows.spend > 0) | (rows.orders > 0))
    t = t.mutate(_key=row_key(t, keys)).select("_key", "import_id", "source_row")
    t = t.inner_join(chosen, t._key == chosen._wanted)
    got = t.order_by(["_key", "import_id", ibis.asc("source_row", nulls_first=True)]).to_pyarrow()
    found: dict[str, tuple[SourceRow, ...]] = {}
    triples = zip(
        got["_key"].to_pylist(), got["import_id"].to_pylist(), got["source_row"].to_pylist(), strict=True
    )
    for key, group in groupby(triples, key=itemgetter(0)):
        found[key] = tuple(SourceRow("ad_performance", i, r) for _, i, r in group)
    return found
