"""The Markdown reports: golden files in both languages, and the chat-message size limit."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from golden_files import assert_golden
from report_samples import FINDINGS, TASKS, daily_sample, weekly_sample

from sellerops.core.text import Language
from sellerops.reports import CHAT_LIMIT_BYTES, render_markdown


@pytest.mark.parametrize("language", ["en", "zh"])
def test_daily_markdown_matches_golden(language: Language) -> None:
    # given the hand-built daily report (USD and EUR, a missing year-over-year comparison)
    # when it is rendered as Markdown
    message = render_markdown(daily_sample(), language)
    # then it is exactly the reviewed golden file
    assert_golden(f"daily-{language}.md", message)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_weekly_markdown_matches_golden(language: Language) -> None:
    message = render_markdown(weekly_sample(), language)
    assert_golden(f"weekly-{language}.md", message)


def test_daily_markdown_shows_a_missing_comparison_as_a_dash() -> None:
    # given DE has no sales a year ago
    # when the daily Markdown is rendered
    lines = render_markdown(daily_sample(), "en").decode().splitlines()
    # then the year-over-year change reads as a dash rather than 0% or a crash
    de = next(line for line in lines if line.startswith("- **amazon.DE**"))
    assert de.endswith("· vs last year —)")


def _crowded_day(findings: int, tasks: int) -> object:
    many_findings = tuple(
        dataclasses.replace(FINDINGS[n % len(FINDINGS)], entity=f"E{n}") for n in range(findings)
    )
    many_tasks = tuple(
        dataclasses.replace(TASKS[n % len(TASKS)], id=f"T-{n:04d}", priority=f"P{1 + n % 3}")
        for n in range(tasks)
    )
    return dataclasses.replace(daily_sample(), findings=many_findings, tasks=many_tasks)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_crowded_day_fits_one_chat_message_and_says_how_many_are_left_out(language: Language) -> None:
    # given 60 findings and 45 tasks: far more than one message holds in full
    report = _crowded_day(60, 45)
    # when the daily Markdown is rendered
    message = render_markdown(report, language)  # type: ignore[arg-type]
    # then it fits WeCom's limit, the strictest of the chat bots
    assert len(message) <= CHAT_LIMIT_BYTES
    lines = message.decode().splitlines()
    # and each list shows some items and counts the rest, the two adding up to the whole
    shown_findings = sum(line.startswith("- [") for line in lines)
    shown_tasks = sum(line.startswith("- P") for line in lines)
    more = "…and {} more" if language == "en" else "…另有 {} 项"
    assert more.format(60 - shown_findings) in lines
    assert more.format(45 - shown_tasks) in lines
    assert 1 <= shown_findings <= 5
    assert shown_tasks == shown_findings  # one `top` for every list


def test_top_limits_each_list() -> None:
    # given the four findings and three tasks of the sample
    # when at most two items per list are asked for
    lines = render_markdown(daily_sample(), "en", top=2).decode().splitlines()
    # then two of each are listed and the rest counted
    assert [line for line in lines if line.startswith(("- [", "- P", "…"))] == [
        "- [Critical] amazon.US: Late shipment rate 4.5% over 4% → Confirm ship dates for open FBM orders today",
        "- [High] amazon.US · US-MUG-01: US-MUG-01 is out of stock → Send the inbound shipment FBA15X out today",
        "…and 2 more",
        "- P1 Late shipment rate 4.5% over 4% · wang · due Nov 2, 2026 00:00",
        "- P2 US-MUG-01 is out of stock · lin · due Nov 2, 2026 09:00",
        "…and 1 more",
    ]


def test_a_message_too_long_even_without_lists_is_cut_at_a_line_and_says_so() -> None:
    # given a limit smaller than the KPI lines alone
    # when the daily Markdown is rendered into 200 bytes
    message = render_markdown(daily_sample(), "en", limit_bytes=200)
    # then whole lines are kept up to the limit and the last line says the message was cut
    assert len(message) <= 200
    assert message.decode().splitlines() == [
        "## Daily report · Oct 31, 2026",
        "Team time zone: Asia/Shanghai",
        "",
        "**Key figures**",
        "…(cut to fit one message; see the full report)",
    ]


def test_task_due_times_are_on_the_team_clock() -> None:
    # given a task due 2026-11-01 16:00 UTC and a team in Asia/Shanghai (UTC+8)
    task = dataclasses.replace(TASKS[1], due_at=dt.datetime(2026, 11, 1, 16, 0, tzinfo=dt.UTC))
    report = dataclasses.replace(daily_sample(), tasks=(task,), findings=(), movers=(), health=())
    # when rendered in Chinese
    lines = render_markdown(report, "zh").decode().splitlines()
    # then it is due at midnight of 2 November, Shanghai time
    assert "- P1 迟发率 4.5% 超过 4% · wang · 截止 2026年11月2日 00:00" in lines
    assert lines[-1] == "各项账户健康指标均在限值内。"
