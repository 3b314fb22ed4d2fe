"""Budgets: a campaign that runs out of budget (spends ≥ `min_share` of its daily budget) on enough days of the
window is raised when its ACoS is under target, and cut when it is far over (or it sold nothing)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sellerops.analytics.ads.directory import AdDirectory
from sellerops.analytics.ads.figures import ratio, rounded, totals_figures
from sellerops.analytics.ads.harvest import Keyed
from sellerops.analytics.ads.models import AdFigure, AdProposal, BudgetSettings, BulkLine, SourceRow
from sellerops.core.text import Text

CAMPAIGN_GRAIN = "campaign"


def campaign_days(
    ad_performance: Any, *, marketplace: str, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """The campaign report's daily rows of the window that state a daily budget, oldest first."""
    t = ad_performance
    t = t.filter(
        (t.marketplace == marketplace) & (t.report_type == CAMPAIGN_GRAIN) & (t.period_from == t.period_to)
        & (t.period_from >= start) & (t.period_to <= end) & t.daily_budget.notnull()
    )  # fmt: skip
    cols = ["campaign_name", "campaign_id", "period_from", "daily_budget", "spend", "sales", "orders", "clicks",
            "impressions", "currency", "import_id", "source_row"]  # fmt: skip
    rows: list[dict[str, Any]] = (
        t.select(cols).order_by(["campaign_name", "period_from"]).to_pyarrow().to_pylist()
    )
    return rows


def propose_budgets(
    days: list[dict[str, Any]], directory: AdDirectory, *, settings: BudgetSettings, marketplace: str
) -> list[Keyed]:
    by_campaign: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in days:
        by_campaign[r["campaign_name"]].append(r)
    out: list[Keyed] = []
    for name, rows in sorted(by_campaign.items()):
        capped = [
            r for r in rows if r["spend"] is not None and r["spend"] >= settings.min_share * r["daily_budget"]
        ]
        if len(capped) < settings.min_capped_days:
            continue
        currency = rows[-1]["currency"]
        budget = rows[-1]["daily_budget"]
        total = {k: sum((r[k] or 0 for r in rows), Decimal(0) if k in ("spend", "sales") else 0)
                 for k in ("impressions", "clicks", "spend", "sales", "orders")}  # fmt: skip
        acos = ratio(total["spend"], total["sales"])
        if acos is not None and acos < settings.target_acos:
            kind, new = "budget_raise", rounded(budget * (1 + settings.raise_step), currency)
            en, zh = (
                f"under the {settings.target_acos:.0%} target: raise",
                f"低于 {settings.target_acos:.0%} 目标:提高",
            )
        elif acos is None or acos >= settings.cut_acos:
            kind, new = "budget_cut", rounded(budget * (1 - settings.cut_step), currency)
            en, zh = (
                f"far over target (≥ {settings.cut_acos:.0%}): cut",
                f"远高于目标(≥ {settings.cut_acos:.0%}):降低",
            )
        else:
            continue
        campaign_id = rows[-1]["campaign_id"] or directory.campaign_ids.get(name)
        seen = f"ACoS {acos:.1%}" if acos is not None else "no sale"
        proposal = AdProposal(
            kind=kind, marketplace=marketplace, currency=currency, campaign_name=name, ad_group_name=None,  # type: ignore[arg-type]
            subject=name,
            reason=Text(
                en=f"Spent ≥ {settings.min_share:.0%} of its {budget:.2f} {currency} daily budget on {len(capped)} "
                f"of {len(rows)} days, {seen}, {en} the budget to {new} {currency}.",
                zh=f"{len(rows)} 天中有 {len(capped)} 天花费 ≥ 日预算 {budget:.2f} {currency} 的 "
                f"{settings.min_share:.0%},{seen},{zh}日预算至 {new} {currency}。",
            ),
            figures=(*totals_figures(total, currency), AdFigure("capped_days", len(capped)),
                     AdFigure("daily_budget", budget, currency), AdFigure("new_daily_budget", new, currency)),
            sources=tuple(sorted(SourceRow("ad_performance", r["import_id"], r["source_row"]) for r in rows)),
            lines=(BulkLine("Campaign", "Update", campaign_id, daily_budget=new),) if campaign_id else (),
            missing=None if campaign_id else "the campaign's ID is in no imported report: import a bulk download",
            period_from=rows[0]["period_from"], period_to=rows[-1]["period_from"],
        )  # fmt: skip
        out.append((proposal, frozenset()))
    return out
