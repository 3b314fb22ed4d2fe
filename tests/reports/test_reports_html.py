"""The HTML reports: one self-contained page with plotly.js inlined once and the report's charts."""

from __future__ import annotations

import dataclasses
import re

import pytest
from html_parts import parse
from plotly.offline import get_plotlyjs
from report_samples import daily_sample, weekly_sample

from sellerops.core.text import Language
from sellerops.reports import render_html

PLOTLY_JS = get_plotlyjs()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_daily_page_is_self_contained_with_plotly_once_and_three_charts(language: Language) -> None:
    # when the daily report is rendered as HTML
    page = render_html(daily_sample(), language)
    parts = parse(page)
    # then nothing is fetched from the network: no external script, stylesheet or image
    assert parts.external == []
    # and the bundled plotly.js is inside the page exactly once
    assert page.decode().count(PLOTLY_JS) == 1
    assert sum(PLOTLY_JS[:500] in s for s in parts.scripts) == 1
    # and the three charts are there, each drawn by its own Plotly call with its kind of trace
    assert sorted(parts.charts) == ["chart-conversion", "chart-movers", "chart-trends"]
    calls = {
        key: next(s for s in parts.scripts if re.search(rf'Plotly\.newPlot\(\s*"{key}"', s))
        for key in parts.charts
    }
    assert '"type":"scatter"' in calls["chart-trends"]
    assert '"type":"bar"' in calls["chart-movers"]
    assert '"type":"heatmap"' in calls["chart-conversion"]


def test_daily_page_speaks_the_readers_language() -> None:
    # when the daily report is rendered in Chinese
    page = render_html(daily_sample(), "zh").decode()
    # then the page declares its language and its headings and figures are Chinese
    assert '<html lang="zh-CN">' in page
    assert "<title>日报 · 2026年10月31日</title>" in page
    assert '<h2 id="findings">按严重程度排列的发现</h2>' in page
    assert '<td class="num">US$5,230.40</td>' in page


def test_weekly_page_has_funnel_and_ads_charts() -> None:
    page = render_html(weekly_sample(), "en")
    parts = parse(page)
    assert parts.external == []
    assert page.decode().count(PLOTLY_JS) == 1
    assert sorted(parts.charts) == ["chart-ads", "chart-funnel"]


def test_a_day_without_movers_says_so_instead_of_drawing_an_empty_chart() -> None:
    # given a day with no movers
    report = dataclasses.replace(daily_sample(), movers=())
    # when it is rendered
    page = render_html(report, "en").decode()
    parts = parse(page.encode())
    # then the movers chart is replaced by a note and its table by another
    assert sorted(parts.charts) == ["chart-conversion", "chart-trends"]
    assert page.count('<p class="empty">No data for this chart.</p>') == 1
    assert page.count('<p class="empty">Nothing to show.</p>') == 1


def test_findings_rows_carry_their_severity_for_colouring() -> None:
    page = render_html(daily_sample(), "en").decode()
    table = page[page.index('<table id="table-findings">') :]
    table = table[: table.index("</table>")]
    assert [part.split('"')[0] for part in table.split('<tr class="tag-')[1:]] == [
        "critical", "high", "medium", "low",
    ]  # fmt: skip
