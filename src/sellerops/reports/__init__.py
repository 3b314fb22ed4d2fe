"""The daily and weekly reports: HTML with charts, formatted XLSX and chat-sized Markdown, in English and Chinese."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from sellerops.core.text import Language
from sellerops.reports.html import render_html
from sellerops.reports.markdown import CHAT_LIMIT_BYTES, render_markdown
from sellerops.reports.model import (
    AdsSummary,
    CampaignLine,
    Comparison,
    DailyReport,
    FunnelLine,
    HealthLine,
    HeatCell,
    InventoryLine,
    KpiLine,
    MarketplaceInfo,
    Mover,
    Report,
    TaskLine,
    Trend,
    TrendPoint,
    WeeklyReport,
    WeekOverWeek,
)
from sellerops.reports.xlsx import render_xlsx

Format = Literal["html", "xlsx", "md"]
FORMATS: tuple[Format, ...] = ("html", "xlsx", "md")
RENDERERS: dict[Format, Callable[[Report, Language], bytes]] = {
    "html": render_html,
    "xlsx": render_xlsx,
    "md": render_markdown,
}

__all__ = [
    "CHAT_LIMIT_BYTES",
    "FORMATS",
    "AdsSummary",
    "CampaignLine",
    "Comparison",
    "DailyReport",
    "Format",
    "FunnelLine",
    "HealthLine",
    "HeatCell",
    "InventoryLine",
    "KpiLine",
    "MarketplaceInfo",
    "Mover",
    "Report",
    "TaskLine",
    "Trend",
    "TrendPoint",
    "WeekOverWeek",
    "WeeklyReport",
    "render_html",
    "render_markdown",
    "render_xlsx",
    "report_stem",
    "write_report",
]


def report_stem(report: Report, language: Language) -> str:
    """'daily-2026-10-31-zh', 'weekly-2026-10-26-en': the file name without its extension."""
    if isinstance(report, DailyReport):
        return f"daily-{report.day.isoformat()}-{language}"
    return f"weekly-{report.week_start.isoformat()}-{language}"


def write_report(
    report: Report, *, language: Language, formats: Iterable[Format] = FORMATS, out_dir: Path
) -> list[Path]:
    """Render the report in each format into `out_dir` (created if missing); the paths written, in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for extension in formats:
        path = out_dir / f"{report_stem(report, language)}.{extension}"
        path.write_bytes(RENDERERS[extension](report, language))
        written.append(path)
    return written
