"""Bids: a transparent suggestion from the target ACoS, new bid = CPC × target ACoS / observed ACoS, after a
minimum of clicks, moved at most `max_step` per step, never below the marketplace minimum, and not for a target
whose bid changed in the last `cooldown_days` days (its new bid has not had time to show)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sellerops.analytics.ads.directory import AdDirectory, TargetRef, target_key
from sellerops.analytics.ads.figures import ratio, rounded, totals_figures
from sellerops.analytics.ads.harvest import Keyed, KeyOf
from sellerops.analytics.ads.models import AdFigure, AdProposal, BidSettings, BulkLine
from sellerops.core.text import Text


def suggested_bid(
    *, bid: Decimal, cpc: Decimal, acos: Decimal | None, settings: BidSettings, currency: str
) -> Decimal:
    """CPC × target / observed ACoS (0 when nothing sold), kept within ±max_step of the current bid and at least
    the marketplace minimum, rounded to the currency."""
    raw = cpc * settings.target_acos / acos if acos else Decimal(0)
    low, high = bid * (1 - settings.max_step), bid * (1 + settings.max_step)
    return max(rounded(min(max(raw, low), high), currency), settings.min_bid)


def propose_bids(
    targets: list[dict[str, Any]],
    directory: AdDirectory,
    *,
    settings: BidSettings,
    as_of: dt.date,
    marketplace: str,
    key_of: KeyOf,
) -> list[Keyed]:
    """One proposal per enabled target with at least `min_clicks` clicks whose current bid is known (from its own
    rows, a bulk download or the change history) and whose suggested bid differs from it."""
    since = as_of - dt.timedelta(days=settings.cooldown_days)
    out: list[Keyed] = []
    for r in targets:
        clicks = r["clicks"] or 0
        if clicks < settings.min_clicks:
            continue
        ref = _ref(r, directory)
        if ref is None or ref.bid is None or (ref.state or "enabled").lower() != "enabled":
            continue
        changed = directory.changed_at.get(ref.target_id) or directory.changed_at.get(
            "|".join(target_key(r["campaign_name"], r["ad_group_name"], r["targeting"], r["match_type"]))
        )
        if changed is not None and changed.date() > since:
            continue
        currency, spend, sales = r["currency"], r["spend"] or Decimal(0), r["sales"] or Decimal(0)
        cpc, acos = spend / clicks, ratio(spend, sales)
        new = suggested_bid(bid=ref.bid, cpc=cpc, acos=acos, settings=settings, currency=currency)
        if new == rounded(ref.bid, currency):
            continue
        seen = f"ACoS {acos:.1%}" if acos is not None else "no sale"
        line = BulkLine(
            "Keyword" if ref.is_keyword else "Product Targeting", "Update", ref.campaign_id, ref.ad_group_id,
            keyword_id=ref.target_id if ref.is_keyword else None,
            product_targeting_id=None if ref.is_keyword else ref.target_id, bid=new,
        )  # fmt: skip
        proposal = AdProposal(
            kind="bid", marketplace=marketplace, currency=currency, campaign_name=r["campaign_name"],
            ad_group_name=r["ad_group_name"], subject=f"{r['targeting']} ({(r['match_type'] or 'target').lower()})",
            reason=Text(
                en=f"{clicks} clicks at CPC {cpc:.2f} {currency}, {seen} against a target of "
                f"{settings.target_acos:.0%}: bid {ref.bid:.2f} → {new} {currency} (at most "
                f"{settings.max_step:.0%} a step, never below {settings.min_bid} {currency}).",
                zh=f"{clicks} 次点击,CPC {cpc:.2f} {currency},{'ACoS ' + format(acos, '.1%') if acos is not None else '无销售'},"
                f"目标 {settings.target_acos:.0%}:出价 {ref.bid:.2f} → {new} {currency}(每次最多调整 "
                f"{settings.max_step:.0%},不低于 {settings.min_bid} {currency})。",
            ),
            figures=(*totals_figures(r, currency), AdFigure("current_bid", ref.bid, currency),
                     AdFigure("new_bid", new, currency)),
            sources=(ref.source,) if ref.source is not None else (), lines=(line,),
            period_from=r["first_day"], period_to=r["last_day"],
        )  # fmt: skip
        out.append((proposal, frozenset({key_of(r)})))
    return out


def _ref(r: dict[str, Any], directory: AdDirectory) -> TargetRef | None:
    """The target's IDs and bid from its own rows when they carry them, else from the directory."""
    target_id = r["keyword_id"] or r["product_targeting_id"]
    known = directory.target(r["campaign_name"], r["ad_group_name"], r["targeting"], r["match_type"])
    if target_id and r["campaign_id"] and r["ad_group_id"] and r["bid"] is not None:
        # The rows cited for the figures carry the bid too.
        return TargetRef(r["campaign_id"], r["ad_group_id"], target_id, r["keyword_id"] is not None, r["bid"],
                         r["state"], None)  # fmt: skip
    return known
