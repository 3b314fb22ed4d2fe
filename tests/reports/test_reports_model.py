"""The report records' own arithmetic and writing the files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from report_samples import daily_sample, weekly_sample

from sellerops.reports import Comparison, write_report
from sellerops.reports.model import AdsSummary, CampaignLine, FunnelLine


def test_comparison_works_out_the_relative_change() -> None:
    assert Comparison.of(Decimal(110), Decimal(100)) == Comparison(Decimal(110), Decimal(100), Decimal("0.1"))
    assert Comparison.of(Decimal(5), Decimal(0)) == Comparison(Decimal(5), Decimal(0), None)
    assert Comparison.of(None, Decimal(3)) == Comparison(None, Decimal(3), None)


def test_ratios_of_the_weekly_records() -> None:
    # given a week's ads: spend 250 of ad sales 1,000 and total sales 5,000
    ads = AdsSummary("amazon.US", "USD", Decimal(250), Decimal(1000), Decimal(5000), ())
    # then ACoS = 250/1000, ROAS = 1000/250, TACoS = 250/5000
    assert (ads.acos, ads.roas, ads.tacos) == (Decimal("0.25"), Decimal(4), Decimal("0.05"))
    # and without sales or spend there is no ratio rather than a division error
    idle = CampaignLine("paused", Decimal(0), Decimal(0), 0, 0)
    assert (idle.acos, idle.roas) == (None, None)
    funnel = FunnelLine("amazon.US", 2000, 3000, 150, 140)
    assert (funnel.conversion, funnel.order_rate) == (Decimal("0.075"), Decimal("0.07"))
    assert FunnelLine("amazon.DE", 0, 0, 0, 0).conversion is None


def test_write_report_names_files_by_report_day_and_language(tmp_path: Path) -> None:
    # when both reports are written in Chinese, all formats, into a folder that does not exist yet
    out = tmp_path / "reports"
    daily = write_report(daily_sample(), language="zh", out_dir=out)
    weekly = write_report(weekly_sample(), language="zh", formats=("md",), out_dir=out)
    # then each format has its file, named by the report's first day and language
    assert [p.name for p in daily] == [
        "daily-2026-10-31-zh.html",
        "daily-2026-10-31-zh.xlsx",
        "daily-2026-10-31-zh.md",
    ]
    assert [p.name for p in weekly] == ["weekly-2026-10-26-zh.md"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in daily + weekly)
    assert (out / "daily-2026-10-31-zh.xlsx").read_bytes()[:2] == b"PK"
