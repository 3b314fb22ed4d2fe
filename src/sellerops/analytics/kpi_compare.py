"""How a day's KPIs compare: day over day, week over week, last 7 days, month to date and year over year.

Windows, for an evaluation day `as_of`:
- dod: as_of against the day before; wow: against the same weekday a week earlier (as_of - 7);
- l7 / p7: as_of - 6 .. as_of against as_of - 13 .. as_of - 7;
- mtd / lmtd: the 1st of the month .. as_of against the same days of the month before, cut at that month's end:
  on 30 or 31 March the comparison is all of February (28 or 29 days), on 31 May it is 1–30 April;
- yoy: as_of against the same date a year earlier (29 February against 28 February); mtd_yoy: month to date
  against the same days of that month a year earlier, cut the same way.
Measures are summed over a window and ratios recomputed from the summed numerator and denominator (never an
average of daily ratios). The windows lie in two runs of days (`comparison_spans`: last year's month, and the
recent weeks); where a marketplace has a measure somewhere in a run, an entity without it in a window of that run
counts 0 (a SKU that stopped selling shows -100 %, not nothing); where it has none in the run (reports not imported),
the figure is NULL. A change is (value - base) / base, NULL where the base is 0 or NULL.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

import ibis

from sellerops.analytics.kpi_daily import ENTITY, KPI_ORDER, MEASURES, RATIO_BY_NAME, Level, ratio

VALUE_TYPE = "decimal(24, 6)"  # one type for every figure of the long form: money, counts and ratios alike
LAST_YEAR = ("year_ago", "mtd_ly")  # the windows in last year's run of days


@dataclass(frozen=True)
class Window:
    """The days start..end (both included) a comparison figure sums; `name` is its output column."""

    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Comparison:
    """A comparison: the current window's value against the base window's; `change` names its column."""

    change: str
    current: str
    base: str


# The current window of dod, wow and yoy is the day itself, named `value` in the output.
COMPARISONS = (
    Comparison("dod_change", "value", "previous_day"), Comparison("wow_change", "value", "week_ago"),
    Comparison("l7_change", "l7", "p7"), Comparison("mtd_change", "mtd", "lmtd"),
    Comparison("yoy_change", "value", "year_ago"), Comparison("mtd_yoy_change", "mtd", "mtd_ly"),
)  # fmt: skip
# The output columns after the keys, metric and unit.
FIGURES = (
    "value", "previous_day", "dod_change", "week_ago", "wow_change", "l7", "p7", "l7_change", "mtd", "lmtd",
    "mtd_change", "year_ago", "yoy_change", "mtd_ly", "mtd_yoy_change",
)  # fmt: skip


def _same_day_in(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def comparison_windows(as_of: dt.date) -> tuple[Window, ...]:
    """Every window the comparisons of `as_of` read, by the names of the output columns."""
    last_month = (as_of.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    year_ago = _same_day_in(as_of.year - 1, as_of.month, as_of.day)
    day = dt.timedelta(days=1)
    return (
        Window("value", as_of, as_of),
        Window("previous_day", as_of - day, as_of - day),
        Window("week_ago", as_of - 7 * day, as_of - 7 * day),
        Window("l7", as_of - 6 * day, as_of),
        Window("p7", as_of - 13 * day, as_of - 7 * day),
        Window("mtd", as_of.replace(day=1), as_of),
        Window("lmtd", last_month, _same_day_in(last_month.year, last_month.month, as_of.day)),
        Window("year_ago", year_ago, year_ago),
        Window("mtd_ly", year_ago.replace(day=1), year_ago),
    )


def comparison_spans(as_of: dt.date) -> tuple[tuple[dt.date, dt.date], ...]:
    """The two runs of days the windows cover (last year's, then the recent one): the daily KPIs compare_kpis needs."""
    windows = comparison_windows(as_of)
    recent = [w for w in windows if w.name not in LAST_YEAR]
    last_year = [w for w in windows if w.name in LAST_YEAR]
    return tuple((min(w.start for w in group), max(w.end for w in group)) for group in (last_year, recent))


def _change(current: Any, base: Any) -> Any:
    """(current - base) / base from unrounded figures, so a change of rounded ratios does not drift."""
    return ibis.cases((base != 0, ((current - base) / base).cast("decimal(18, 6)")), else_=None)


def compare_kpis(daily: Any, *, as_of: dt.date, level: Level = "marketplace") -> Any:
    """Long form: marketplace, [parent_asin | sku], currency, metric, unit, then `FIGURES` for each KPI."""
    windows = comparison_windows(as_of)
    spans = dict(zip(("last_year", "recent"), comparison_spans(as_of), strict=True))
    keys = ["marketplace", *ENTITY[level], "currency"]
    rows = daily.filter(ibis.or_(*(_holds(daily.date, a, b) for a, b in spans.values())))

    def within(start: dt.date, end: dt.date, measure: str) -> Any:
        return ibis.cases((_holds(rows.date, start, end), rows[measure]), else_=None)

    # One row per entity, a column per window and measure.
    sums = rows.group_by(keys).aggregate(
        **{f"{w.name}__{m.name}": within(w.start, w.end, m.name).sum() for w in windows for m in MEASURES}
    )
    # Which runs of days each marketplace has each measure in: there, an entity without it counts 0.
    seen = rows.group_by(seen_marketplace=rows.marketplace).aggregate(
        **{
            f"seen__{span}__{m.name}": within(a, b, m.name).count()
            for span, (a, b) in spans.items()
            for m in MEASURES
        }
    )
    joined = sums.join(seen, sums.marketplace == seen.seen_marketplace)

    def filled(window: Window, measure: str) -> Any:
        span = "last_year" if window.name in LAST_YEAR else "recent"
        summed = joined[f"{window.name}__{measure}"]
        return ibis.cases((joined[f"seen__{span}__{measure}"] > 0, summed.fill_null(0)), else_=None)

    totals = joined.select(
        *keys, **{f"{w.name}__{m.name}": filled(w, m.name) for w in windows for m in MEASURES}
    )
    figures = totals.select(
        *keys, **{name: value for m in KPI_ORDER for w in windows for name, value in _figure(totals, w, m)}
    )
    units = {m.name: m.unit for m in MEASURES} | {r.name: r.unit for r in RATIO_BY_NAME.values()}

    def kpi(position: int, metric: str) -> Any:
        shown = {w.name: figures[f"{metric}__{w.name}"] for w in windows}
        unrounded = {w.name: figures[f"unrounded__{metric}__{w.name}"] for w in windows}
        changes = {c.change: _change(unrounded[c.current], unrounded[c.base]) for c in COMPARISONS}
        fields = {
            "position": ibis.literal(position),
            "metric": ibis.literal(metric),
            "unit": ibis.literal(units[metric]),
        }
        return ibis.struct(fields | {f: (shown | changes)[f] for f in FIGURES})

    long = figures.select(
        *keys, kpi=ibis.array([kpi(i, m) for i, m in enumerate(KPI_ORDER)]).unnest()
    ).unpack("kpi")
    return long.order_by([*keys, "position"]).drop("position")


def _holds(day: Any, start: dt.date, end: dt.date) -> Any:
    return (day >= start) & (day <= end)


def _figure(totals: Any, window: Window, metric: str) -> list[tuple[str, Any]]:
    """A metric's figure in a window, as shown (exact sums, ratios rounded) and unrounded (for the changes)."""
    r = RATIO_BY_NAME.get(metric)
    if r is None:
        summed = totals[f"{window.name}__{metric}"]
        shown, unrounded = summed.cast(VALUE_TYPE), summed.cast("float64")
    else:
        numerator, denominator = (
            totals[f"{window.name}__{r.numerator}"],
            totals[f"{window.name}__{r.denominator}"],
        )
        shown = ratio(numerator, denominator, r.unit).cast(VALUE_TYPE)
        unrounded = ibis.cases(
            (denominator != 0, numerator.cast("float64") / denominator.cast("float64")), else_=None
        )
    return [(f"{metric}__{window.name}", shown), (f"unrounded__{metric}__{window.name}", unrounded)]
