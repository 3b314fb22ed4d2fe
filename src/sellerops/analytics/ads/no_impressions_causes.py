"""Why a campaign, ad group or target has no impressions: the evidence the imported tables hold, and the causes it
shows, checked from the surest to the most inferred.

1. **State** — it, its ad group or its campaign is paused or archived (the newest status change in the change
   history, else the bulk download), the campaign's end date has passed or its start date is still to come, or
   every product ad under it is paused.
2. **Serving status** — Amazon's own word in the bulk download (serving status, its reason, a product ad's
   ineligibility): out of budget, blocked or suspended by moderation, out of stock, not buyable …
3. **Out of stock** — every SKU it advertises had no FBA fulfillable stock on most of the quiet days.
4. **Listing inactive** — every SKU it advertises has a listing whose latest status is not active.
5. **Budget** — (ad groups and targets) its campaign spent ≥ `budget_share` of its daily budget on enough quiet
   days: the budget is gone before this one is reached. A whole campaign without impressions has spent nothing,
   so for it only Amazon's serving status can say "out of budget" (a portfolio or account budget).
6. **Bid** — (targets) its current bid is below the CPC it paid before it went quiet, or was cut since it last
   served. No imported report carries Amazon's suggested bid range, so the CPC it used to win at stands in.

When none fits, the answer is "cause not in the data", with the tables that were missing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from sellerops.analytics.ads.figures import ratio, rounded
from sellerops.analytics.ads.models import AdFigure, SourceRow
from sellerops.analytics.ads.no_impressions_evidence import (
    Change,
    Evidence,
    Silent,
    decimal_or_none,
    match_type,
    products_of,
)
from sellerops.analytics.ads.snapshot import SnapshotEntity
from sellerops.core.text import Text

CauseKey = Literal[
    "paused", "archived", "ended", "scheduled", "not_serving", "blocked", "budget_exhausted", "out_of_stock",
    "listing_inactive", "bid_low", "not_in_data",
]  # fmt: skip
# Amazon's serving-status words (API codes like CAMPAIGN_OUT_OF_BUDGET or console words like "Out of budget"),
# upper-cased with non-letters as "_", and the cause each names. The first pattern found wins; a status with
# none of them and none of LIVE_WORDS is reported as "not_serving" with Amazon's words.
SERVING_WORDS: tuple[tuple[tuple[str, ...], CauseKey], ...] = (
    (("BUDGET",), "budget_exhausted"),
    (("STOCK", "INVENTORY"), "out_of_stock"),
    (("ARCHIVED",), "archived"),
    (("PAUSED",), "paused"),
    (("ENDED",), "ended"),
    (("PENDING_START", "SCHEDULED"), "scheduled"),
    (("LOW_BID", "BID_TOO_LOW"), "bid_low"),
    (("POLIC", "BLOCKED", "SUSPENDED", "REJECTED", "INELIGIBLE", "NOT_ELIGIBLE", "MODERATION", "PENDING_REVIEW"),
     "blocked"),
    (("BUYABLE", "BUY_BOX", "BUYBOX", "OFFER", "SUPPRESS", "IMAGE", "DETAIL_PAGE", "LANDING_PAGE", "INACTIVE"),
     "listing_inactive"),
)  # fmt: skip
LIVE_WORDS = ("LIVE", "STATUS_ENABLED", "DELIVERING", "RUNNING", "ELIGIBLE", "ENABLED")
STOPPED_STATES = ("paused", "archived")
LEVEL_WORDS = {
    "campaign": ("campaign", "广告活动"),
    "ad_group": ("ad group", "广告组"),
    "target": ("target", "投放"),
}


@dataclass(frozen=True)
class SilenceCause:
    """One cause the data shows, in words, with the figures and rows behind it."""

    key: CauseKey
    reason: Text
    figures: tuple[AdFigure, ...] = ()
    sources: tuple[SourceRow, ...] = ()


def explain(s: Silent, ev: Evidence) -> tuple[SilenceCause, ...]:
    """Every cause the evidence shows for `s`, the surest first; "not_in_data" alone when none fits."""
    found: list[SilenceCause] = []
    for check in (_state, _serving, _out_of_stock, _listing_inactive, _budget, _bid):
        cause = check(s, ev)
        if cause is not None and all(c.key != cause.key for c in found):
            found.append(cause)
    return tuple(found) or (_nothing(s, ev),)


# ---- which records are about the entity


def _who(level: str, key: tuple[str, ...]) -> tuple[str, str]:
    en, zh = LEVEL_WORDS[level]
    name = (
        key[0]
        if level == "campaign"
        else key[1]
        if level == "ad_group"
        else f"{key[2]} ({(key[3] or 'target').lower()})"
    )
    return f"{en} '{name}'", f"{zh}“{name}”"


def _records(s: Silent, ev: Evidence) -> list[tuple[str, SnapshotEntity]]:
    """The snapshot rows of the entity and of its parents, nearest first, with their level."""
    snap, key = ev.snapshot, s.key
    out: list[tuple[str, SnapshotEntity]] = []
    if len(key) == 4:
        out += [("target", e) for e in snap.of("keyword", "product_target")
                if (e.campaign_name, e.ad_group_name or "", (e.text or "").lower(), match_type(e.match_type))
                == (key[0], key[1], key[2].lower(), key[3])]  # fmt: skip
    if len(key) >= 2:
        out += [
            ("ad_group", g) for g in snap.ad_groups.values() if (g.campaign_name, g.ad_group_name) == key[:2]
        ]
    out += [("campaign", c) for c in snap.campaigns.values() if c.campaign_name == key[0]]
    return out


def _group_ids(s: Silent, ev: Evidence) -> set[str]:
    groups = ev.snapshot.ad_groups.values()
    if len(s.key) == 1:
        return {g.ad_group_id or "" for g in groups if g.campaign_name == s.key[0]}
    return {g.ad_group_id or "" for g in groups if (g.campaign_name, g.ad_group_name) == s.key[:2]}


def _changes_about(s: Silent, ev: Evidence, kind: str) -> list[Change]:
    ids = {e.entity_id for _, e in _records(s, ev)}
    key = s.key

    def about(c: Change) -> bool:
        if c.entity_id in ids:
            return True
        if c.level == "campaign":
            return c.campaign == key[0]
        if c.level == "ad_group":
            return len(key) >= 2 and (c.campaign, c.ad_group) == key[:2]
        return len(key) == 4 and (c.campaign, c.ad_group, c.text.lower(), c.match) == (
            *key[:2],
            key[2].lower(),
            key[3],
        )

    return [c for c in ev.changes if c.kind == kind and about(c)]


# ---- the checks, in order


def _state(s: Silent, ev: Evidence) -> SilenceCause | None:
    newest: dict[str, Change] = {}
    for c in _changes_about(s, ev, "status"):  # oldest first: the newest per level wins
        newest[c.level] = c
    for level in ("target", "ad_group", "campaign"):
        latest = newest.get(level)
        if latest is not None and (latest.new or "").lower() in STOPPED_STATES:
            c, state = latest, (latest.new or "").lower()
            en, zh = _who(level, s.key)
            return SilenceCause(
                state,  # type: ignore[arg-type]
                Text(en=f"The {en} was {state} on {c.day} (change history).",
                     zh=f"{zh}已于 {c.day} {_zh_state(state)}(变更历史)。"),
                (AdFigure("changed_on", c.day.isoformat()),), (c.source,),
            )  # fmt: skip
    for level, e in _records(s, ev):
        en, zh = _who(level, s.key)
        if e.state in STOPPED_STATES:
            return SilenceCause(
                e.state,  # type: ignore[arg-type]
                Text(en=f"The {en} is {e.state} in the bulk download.", zh=f"批量文件中{zh}为{_zh_state(e.state)}。"),
                (), (e.source,),
            )  # fmt: skip
        if level == "campaign" and e.end_date is not None and e.end_date < ev.as_of:
            return SilenceCause(
                "ended", Text(en=f"The {en} ended on {e.end_date}.", zh=f"{zh}已于 {e.end_date} 结束。"),
                (AdFigure("end_date", e.end_date.isoformat()),), (e.source,),
            )  # fmt: skip
        if level == "campaign" and e.start_date is not None and e.start_date > ev.quiet_from:
            return SilenceCause(
                "scheduled", Text(en=f"The {en} starts on {e.start_date}.", zh=f"{zh}将于 {e.start_date} 开始。"),
                (AdFigure("start_date", e.start_date.isoformat()),), (e.source,),
            )  # fmt: skip
    ads = _product_ads(s, ev)
    if ads and all(a.state in STOPPED_STATES for a in ads):
        return SilenceCause(
            "paused",
            Text(en=f"All {len(ads)} product ads under it are paused or archived in the bulk download.",
                 zh=f"批量文件中其下全部 {len(ads)} 个商品广告已暂停或归档。"),
            (AdFigure("product_ads", len(ads)),), tuple(a.source for a in ads),
        )  # fmt: skip
    return None


def _zh_state(state: str) -> str:
    return "暂停" if state == "paused" else "归档"


def _product_ads(s: Silent, ev: Evidence) -> list[SnapshotEntity]:
    groups = _group_ids(s, ev)
    return [a for a in ev.snapshot.of("product_ad") if a.ad_group_id in groups]


def serving_cause(status: str) -> CauseKey | None:
    """The cause an Amazon serving status names; None for a live one. Patterns match at the start of a word
    (SUSPENDED is not ENDED, INELIGIBLE is not ELIGIBLE)."""
    words = "_" + re.sub(r"[^A-Z0-9]+", "_", status.upper()).strip("_") + "_"
    for patterns, key in SERVING_WORDS:
        if any(f"_{p}" in words for p in patterns):
            return key
    return None if any(f"_{p}" in words for p in LIVE_WORDS) else "not_serving"


def _serving(s: Silent, ev: Evidence) -> SilenceCause | None:
    for level, e in _records(s, ev):
        for status in e.serving:
            key = serving_cause(status)
            if key is not None:
                en, zh = _who(level, s.key)
                return SilenceCause(
                    key, Text(en=f"Amazon's serving status for the {en}: {status}.",
                              zh=f"亚马逊对{zh}的投放状态:{status}。"),
                    (AdFigure("serving_status", status),), (e.source,),
                )  # fmt: skip
    ads = _product_ads(s, ev)
    blocked = [(a, next((w for w in a.serving if serving_cause(w)), None)) for a in ads]
    if ads and all(a.eligible is False or why is not None for a, why in blocked):
        words = sorted({why or "Ineligible" for _, why in blocked})
        named: CauseKey = next((k for w in words if (k := serving_cause(w)) is not None), "not_serving")
        return SilenceCause(
            named, Text(en=f"None of its {len(ads)} product ads can serve: {'; '.join(words)}.",
                      zh=f"其 {len(ads)} 个商品广告均无法投放:{';'.join(words)}。"),
            (AdFigure("product_ads", len(ads)),), tuple(a.source for a, _ in blocked),
        )  # fmt: skip
    return None


def _out_of_stock(s: Silent, ev: Evidence) -> SilenceCause | None:
    products = sorted(products_of(s, ev))
    if not products or not ev.stock:
        return None
    per: list[tuple[str, int, int, set[int]]] = []
    for p in products:
        days: dict[dt.date, int] = defaultdict(int)
        imports: set[int] = set()
        for r in ev.stock:
            if p in (r.sku, r.asin):
                days[r.day] += r.fulfillable
                imports.add(r.import_id)
        empty = sum(1 for v in days.values() if v <= 0)
        if not days or empty * 2 < len(days):
            return None  # in stock (or not an FBA SKU): the ad could serve for it
        per.append((p, empty, len(days), imports))
    detail = ", ".join(f"{p} on {e} of {n} days" for p, e, n, _ in per)
    detail_zh = ",".join(f"{p} {n} 天中 {e} 天" for p, e, n, _ in per)
    return SilenceCause(
        "out_of_stock",
        Text(en=f"Every advertised SKU had no FBA fulfillable stock on most quiet days: {detail}.",
             zh=f"所有推广 SKU 在静默期的大部分日子里 FBA 可售库存为 0:{detail_zh}。"),
        (AdFigure("skus_out_of_stock", len(per)), AdFigure("days_out_of_stock", min(e for _, e, _, _ in per))),
        tuple(SourceRow("inventory_snapshot", i, None) for i in sorted(set().union(*(x[3] for x in per)))),
    )  # fmt: skip


def _listing_inactive(s: Silent, ev: Evidence) -> SilenceCause | None:
    products = sorted(products_of(s, ev))
    if not products or not ev.listings:
        return None
    latest = []
    for p in products:
        mine = [r for r in ev.listings if p in (r.sku, r.asin)]
        if not mine:
            return None
        last = max(mine, key=lambda r: r.day)
        if last.status.strip().lower() == "active":
            return None
        latest.append((p, last))
    detail = ", ".join(f"{p} '{r.status}' on {r.day}" for p, r in latest)
    detail_zh = ",".join(f"{p} 于 {r.day} 为“{r.status}”" for p, r in latest)
    return SilenceCause(
        "listing_inactive",
        Text(
            en=f"Every advertised SKU's listing is not active: {detail}.",
            zh=f"所有推广 SKU 的商品均未在售:{detail_zh}。",
        ),
        (AdFigure("inactive_listings", len(latest)),),
        tuple(sorted({SourceRow("listing", r.import_id, None) for _, r in latest})),
    )  # fmt: skip


def _budget(s: Silent, ev: Evidence) -> SilenceCause | None:
    days = ev.campaign_days.get(s.key[0], [])
    if s.level == "campaign" or not days:
        return None
    capped = [d for d in days if d.spend >= ev.budget_share * d.budget]
    quiet_days = (ev.as_of - ev.quiet_from).days + 1
    if len(capped) < min(ev.min_capped_days, quiet_days):
        return None
    budget, currency = days[-1].budget, days[-1].currency
    return SilenceCause(
        "budget_exhausted",
        Text(en=f"Its campaign '{s.key[0]}' spent ≥ {ev.budget_share:.0%} of its {budget:.2f} {currency} daily "
             f"budget on {len(capped)} of {len(days)} quiet days: the budget runs out before this one is served.",
             zh=f"其广告活动“{s.key[0]}”在静默期 {len(days)} 天中有 {len(capped)} 天花费 ≥ 日预算 {budget:.2f} "
             f"{currency} 的 {ev.budget_share:.0%}:预算在轮到它之前已耗尽。"),
        (AdFigure("capped_days", len(capped)), AdFigure("daily_budget", budget, currency)),
        tuple(dict.fromkeys(d.source for d in capped if d.source is not None)),
    )  # fmt: skip


def _bid(s: Silent, ev: Evidence) -> SilenceCause | None:
    if s.level != "target":
        return None
    records = [e for level, e in _records(s, ev) if level == "target"]
    bids = _changes_about(s, ev, "bid")
    bid, source = (
        (records[0].bid, records[0].source) if records and records[0].bid is not None else (None, None)
    )
    if bid is None and bids:
        bid, source = decimal_or_none(bids[-1].new), bids[-1].source
    if bid is None:
        return None
    since = s.last_served or ev.quiet_from
    # A cut counts when it set the bid that holds now (the newest change) and came after the last impression.
    cut = bids[-1] if bids and bids[-1].day >= since and _lower(bids[-1]) else None
    currency = s.currency
    bid = rounded(bid, currency)
    cpc = ratio(s.spend, s.clicks, "0.01")
    if not ((cpc is not None and bid < cpc) or cut is not None):
        return None
    paid = (
        f"below the {cpc} {currency} CPC it paid before it went quiet"
        if cpc is not None and bid < cpc
        else ""
    )
    paid_zh = f"低于其静默前的 CPC {cpc} {currency}" if paid else ""
    was = f"cut from {cut.old} on {cut.day}" if cut is not None else ""
    was_zh = f"已于 {cut.day} 从 {cut.old} 下调" if cut is not None else ""
    figures = (AdFigure("bid", bid, currency), AdFigure("history_cpc", cpc, currency))
    sources = tuple(x for x in (source, cut.source if cut else None) if x is not None)
    return SilenceCause(
        "bid_low",
        Text(en=f"Its bid {bid} {currency} is {', '.join(x for x in (paid, was) if x)}: it no longer wins the "
             "auctions it won.",
             zh=f"其出价 {bid} {currency},{','.join(x for x in (paid_zh, was_zh) if x)}:已赢不下原来能赢的竞价。"),
        figures, tuple(dict.fromkeys(sources)),
    )  # fmt: skip


def _lower(c: Change) -> bool:
    old, new = decimal_or_none(c.old), decimal_or_none(c.new)
    return old is not None and new is not None and new < old


def _nothing(s: Silent, ev: Evidence) -> SilenceCause:
    missing = list(ev.missing)
    if not ev.changes:
        missing.append(("the change history", "变更历史"))
    hint = f" Not imported: {', '.join(m[0] for m in missing)}." if missing else ""
    hint_zh = f"未导入:{'、'.join(m[1] for m in missing)}。" if missing else ""
    return SilenceCause(
        "not_in_data",
        Text(en="Cause not in the data: nothing imported shows it paused, out of budget, blocked, out of stock, "
             f"delisted or outbid.{hint} Check its status in Campaign Manager.",
             zh=f"数据中找不到原因:已导入的数据未显示暂停、预算耗尽、被屏蔽、断货、下架或出价过低。{hint_zh}"
             "请在广告后台查看其状态。"),
    )  # fmt: skip
