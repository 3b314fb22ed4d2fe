"""The reports' charts as Plotly figures: trends, movers split by factor, conversion heatmap, funnel and ads."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sellerops.reports import labels
from sellerops.reports.i18n import Localizer
from sellerops.reports.labels import label
from sellerops.reports.model import AdsSummary, FunnelLine, HeatCell, Mover, Trend, TrendPoint

FONT = (
    "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
)
# Colour-blind-safe (Okabe-Ito), one per factor of the sales decomposition.
FACTOR_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#999999")
# Beyond these a chart stops being readable on one screen; the tables and the XLSX keep every row.
MOVERS_SHOWN = 25
HEATMAP_ROWS_SHOWN = 40


def heatmap_rows(cells: tuple[HeatCell, ...]) -> list[tuple[str, str]]:
    """The (marketplace, SKU) rows of the heatmap in the order the caller gave them."""
    return list(dict.fromkeys((c.marketplace, c.sku) for c in cells))


def _number(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def _layout(figure: Any, *, height: int) -> Any:
    figure.update_layout(
        template="plotly_white",
        height=height,
        margin={"l": 60, "r": 20, "t": 40, "b": 40},
        font={"family": FONT, "size": 12},
        legend={"orientation": "h", "y": -0.08},
        hoverlabel={"font": {"family": FONT}},
    )
    return figure


def trend_figure(trends: tuple[Trend, ...], words: Localizer) -> Any:
    """One line per marketplace for each daily series; money stays in each marketplace's own currency."""
    rows: tuple[tuple[str, Callable[[TrendPoint], Decimal | int | None]], ...] = (
        (words("Ordered sales"), lambda p: p.ordered_sales),
        (words("Units"), lambda p: p.units),
        (words("Sessions"), lambda p: p.sessions),
        (words("Ad spend"), lambda p: p.ad_spend),
        (words("Conversion"), lambda p: p.conversion),
    )
    figure = make_subplots(
        rows=len(rows), cols=1, shared_xaxes=True, vertical_spacing=0.04, subplot_titles=[r[0] for r in rows]
    )
    for index, trend in enumerate(trends):
        name = f"{trend.marketplace} ({trend.currency})"
        dates = [p.date.isoformat() for p in trend.points]
        for row, (_, value_of) in enumerate(rows, start=1):
            figure.add_trace(
                go.Scatter(
                    x=dates,
                    y=[_number(value_of(p)) for p in trend.points],
                    mode="lines",
                    name=name,
                    legendgroup=name,
                    showlegend=row == 1,
                    line={"color": FACTOR_COLOURS[index % len(FACTOR_COLOURS)], "width": 2},
                ),
                row=row,
                col=1,
            )
    figure.update_yaxes(tickformat=".1%", row=len(rows), col=1)
    return _layout(figure, height=180 * len(rows) + 80)


def movers_figure(movers: tuple[Mover, ...], words: Localizer) -> Any:
    """Each mover's relative change as a bar split into what sessions, conversion and price explain."""
    movers = movers[:MOVERS_SHOWN]
    # Numbered, so that two moves of one marketplace without a SKU keep a bar each.
    names = [
        f"{n}. {m.marketplace} · {m.sku}" if m.sku else f"{n}. {m.marketplace}"
        for n, m in enumerate(movers, 1)
    ]
    parts = (
        (words("Sessions"), [m.change * (m.sessions_share or 0) for m in movers]),
        (words("Conversion"), [m.change * (m.conversion_share or 0) for m in movers]),
        (words("Price"), [m.change * (m.price_share or 0) for m in movers]),
        (words("Other"), [m.change * (1 - _explained(m)) for m in movers]),
    )
    figure = go.Figure()
    for colour, (name, values) in zip(FACTOR_COLOURS, parts, strict=True):
        figure.add_trace(
            go.Bar(
                y=names,
                x=[float(v) for v in values],
                name=name,
                orientation="h",
                marker={"color": colour},
                hovertemplate="%{y}: %{x:.1%}<extra>" + name + "</extra>",
            )
        )
    figure.update_layout(barmode="relative", yaxis={"autorange": "reversed"})
    figure.update_xaxes(tickformat=".0%", title={"text": words("Change against the baseline")})
    return _layout(figure, height=120 + 36 * max(len(movers), 3))


def _explained(mover: Mover) -> Decimal:
    return sum(
        (s for s in (mover.sessions_share, mover.conversion_share, mover.price_share) if s is not None),
        Decimal(0),
    )


def heatmap_figure(cells: tuple[HeatCell, ...], words: Localizer) -> Any:
    """Conversion for each SKU (down) and day (across); a day without sessions is left blank."""
    days = sorted({c.date for c in cells})
    skus = heatmap_rows(cells)[:HEATMAP_ROWS_SHOWN]
    grid: dict[tuple[str, str], dict[object, float | None]] = {key: {} for key in skus}
    for c in cells:
        if (c.marketplace, c.sku) in grid:
            grid[(c.marketplace, c.sku)][c.date] = _number(c.conversion)
    figure = go.Figure(
        go.Heatmap(
            z=[[grid[key].get(d) for d in days] for key in skus],
            x=[words.date(d, with_year=False) for d in days],
            y=[f"{marketplace} · {sku}" for marketplace, sku in skus],
            colorscale="YlGnBu",
            zmin=0,
            colorbar={"tickformat": ".0%", "title": {"text": words("Conversion")}},
            hovertemplate="%{y}<br>%{x}: %{z:.1%}<extra></extra>",
            hoverongaps=False,
        )
    )
    # Days are categories: a date axis would put each cell's edge at noon.
    figure.update_layout(yaxis={"autorange": "reversed"}, xaxis={"type": "category"})
    return _layout(figure, height=140 + 22 * max(len(skus), 4))


def funnel_figure(funnel: tuple[FunnelLine, ...], words: Localizer) -> Any:
    stages = [words("Sessions"), words("Page views"), words("Units"), words("Orders")]
    figure = go.Figure()
    for index, line in enumerate(funnel):
        figure.add_trace(
            go.Funnel(
                name=line.marketplace,
                y=stages,
                x=[line.sessions, line.page_views, line.units, line.orders],
                textinfo="value+percent initial",
                marker={"color": FACTOR_COLOURS[index % len(FACTOR_COLOURS)]},
            )
        )
    return _layout(figure, height=420)


def ads_figure(ads: tuple[AdsSummary, ...], words: Localizer) -> Any:
    """Ratios only: spend in different currencies would not share an axis."""
    marketplaces = [a.marketplace for a in ads]
    figure = go.Figure()
    for colour, metric in zip(FACTOR_COLOURS, ("acos", "tacos"), strict=False):
        figure.add_trace(
            go.Bar(
                x=marketplaces,
                y=[_number(getattr(a, metric)) for a in ads],
                name=label(words, labels.METRICS, metric),
                marker={"color": colour},
            )
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(tickformat=".0%")
    return _layout(figure, height=380)
