"""Negatives: search terms that spend without selling become negative exact in their ad group, and words that
waste money across many terms (an n-gram pass) become negative phrase, unless a converting term contains them."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sellerops.analytics.ads.directory import AdDirectory, AdGroupRef
from sellerops.analytics.ads.figures import is_keyword_term, rounded, source_kind, totals_figures
from sellerops.analytics.ads.harvest import Keyed, KeyOf
from sellerops.analytics.ads.models import AdFigure, AdProposal, BulkLine, NegativeSettings
from sellerops.core.text import Text


def _aov(rows: list[dict[str, Any]]) -> Decimal | None:
    sales = sum((r["sales"] or Decimal(0) for r in rows), Decimal(0))
    orders = sum(r["orders"] or 0 for r in rows)
    return sales / orders if orders and sales else None


def target_cost_per_order(
    rows: list[dict[str, Any]], market: Decimal | None, target_acos: Decimal
) -> Decimal | None:
    """What an order may cost at the target ACoS: target ACoS × the ad group's average order value (the
    marketplace's when the ad group sold nothing)."""
    aov = _aov(rows) or market
    return target_acos * aov if aov else None


def propose_negatives(
    terms: list[dict[str, Any]],
    directory: AdDirectory,
    *,
    settings: NegativeSettings,
    marketplace: str,
    key_of: KeyOf,
) -> list[Keyed]:
    """Negative phrase for wasteful n-grams first, then negative exact for each wasteful (ad group, term) that no
    proposed phrase already covers, then a negative product target for each wasteful ASIN "search term" (a product
    page the ad showed on: Amazon takes no ASIN as a negative keyword). Terms from exact keywords are left to the
    bid step (negating an exact keyword's own term would switch it off)."""
    rows = [
        r
        for r in terms
        if source_kind(r["targeting"], r["match_type"]) != "exact" and is_keyword_term(r["search_term"])
    ]
    market_aov = _aov(terms)
    by_group: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in terms:
        by_group[(r["campaign_name"] or "", r["ad_group_name"] or "")].append(r)
    cpa = {
        g: target_cost_per_order(group_rows, market_aov, settings.target_acos)
        for g, group_rows in by_group.items()
    }
    market_cpa = settings.target_acos * market_aov if market_aov else None
    phrases = _ngram_proposals(
        rows, directory, settings=settings, target_cpa=market_cpa, marketplace=marketplace, key_of=key_of
    )
    covered = frozenset().union(*(keys for _, keys in phrases))
    out = list(phrases)
    for r in rows:
        clicks, orders, spend = r["clicks"] or 0, r["orders"] or 0, r["spend"] or Decimal(0)
        limit = cpa[(r["campaign_name"] or "", r["ad_group_name"] or "")]
        by_clicks, by_spend = clicks >= settings.min_clicks, limit is not None and spend >= limit
        if orders or not (by_clicks or by_spend):
            continue
        if key_of(r) in covered:
            continue
        term = r["search_term"].strip().lower()
        group = directory.ad_group(r["campaign_name"], r["ad_group_name"])
        if group is not None and (group.ad_group_id, term, "Negative Exact") in directory.negatives:
            continue
        out.append((_exact(r, term, group, limit, settings, marketplace), frozenset({key_of(r)})))
    for r in terms:
        term = (r["search_term"] or "").strip()
        if is_keyword_term(term) or not term or source_kind(r["targeting"], r["match_type"]) == "exact":
            continue
        clicks, orders, spend = r["clicks"] or 0, r["orders"] or 0, r["spend"] or Decimal(0)
        limit = cpa[(r["campaign_name"] or "", r["ad_group_name"] or "")]
        if orders or not (clicks >= settings.min_clicks or (limit is not None and spend >= limit)):
            continue
        expression = f'asin="{term.upper()}"'
        group = directory.ad_group(r["campaign_name"], r["ad_group_name"])
        if (
            group is not None
            and (group.ad_group_id, expression.lower(), "Negative Product") in directory.negatives
        ):
            continue
        out.append((_product(r, expression, group, limit, settings, marketplace), frozenset({key_of(r)})))
    return out


def _product(
    r: dict[str, Any],
    expression: str,
    group: AdGroupRef | None,
    limit: Decimal | None,
    settings: NegativeSettings,
    marketplace: str,
) -> AdProposal:
    """The ASIN's negative product target, with the same reason and figures as a negative exact keyword."""
    as_keyword = _exact(r, r["search_term"].strip().upper(), None, limit, settings, marketplace)
    lines = () if group is None else (
        BulkLine("Negative Product Targeting", "Create", group.campaign_id, group.ad_group_id,
                 targeting_expression=expression, state="enabled"),
    )  # fmt: skip
    reason = as_keyword.reason
    return dataclasses.replace(
        as_keyword,
        kind="negative_product",
        subject=expression,
        reason=Text(
            en=reason.en.replace("negate it (exact)", "negate the product page (negative product target)"),
            zh=reason.zh.replace("精准否定", "否定该商品投放"),
        ),
        lines=lines,
    )


def _exact(
    r: dict[str, Any],
    term: str,
    group: AdGroupRef | None,
    limit: Decimal | None,
    settings: NegativeSettings,
    marketplace: str,
) -> AdProposal:
    currency, clicks, spend = r["currency"], r["clicks"] or 0, r["spend"] or Decimal(0)
    why = (
        f"{clicks} clicks ≥ {settings.min_clicks}"
        if clicks >= settings.min_clicks
        else (
            f"spend {spend:.2f} {currency} ≥ the target cost per order {rounded(limit or Decimal(0), currency)} {currency}"
        )
    )
    why_zh = (
        f"{clicks} 次点击 ≥ {settings.min_clicks}"
        if clicks >= settings.min_clicks
        else (
            f"花费 {spend:.2f} {currency} ≥ 目标单次订单成本 {rounded(limit or Decimal(0), currency)} {currency}"
        )
    )
    lines = () if group is None else (
        BulkLine("Negative Keyword", "Create", group.campaign_id, group.ad_group_id, keyword_text=term,
                 match_type="Negative Exact", state="enabled"),
    )  # fmt: skip
    figures = totals_figures(r, currency)
    if limit is not None:
        figures = (*figures, AdFigure("target_cost_per_order", rounded(limit, currency), currency))
    return AdProposal(
        kind="negative_exact", marketplace=marketplace, currency=currency, campaign_name=r["campaign_name"],
        ad_group_name=r["ad_group_name"], subject=term,
        reason=Text(
            en=f"'{term}' spent {spend:.2f} {currency} with no order ({why}): negate it (exact) in this ad group.",
            zh=f"“{term}”花费 {spend:.2f} {currency} 无订单({why_zh}):在本广告组中精准否定。",
        ),
        figures=figures, sources=(), lines=lines,
        missing=None if group is not None else "the ad group's ID is in no imported report: import a bulk download",
        period_from=r["first_day"], period_to=r["last_day"],
    )  # fmt: skip


def ngrams(term: str, max_words: int) -> set[str]:
    words = term.split()
    return {" ".join(words[i : i + n]) for n in range(1, max_words + 1) for i in range(len(words) - n + 1)}


def _meaningful(gram: str) -> bool:
    """A lone number or a two-letter word ('2', 'xl', 'of') says nothing about intent: only longer words count."""
    return " " in gram or (len(gram) >= 3 and not gram.replace(".", "").replace("%", "").isdigit())


def _ngram_proposals(
    rows: list[dict[str, Any]],
    directory: AdDirectory,
    *,
    settings: NegativeSettings,
    target_cpa: Decimal | None,
    marketplace: str,
    key_of: KeyOf,
) -> list[Keyed]:
    """An n-gram (1 to `ngram_max_words` words; a single word has 3 letters or more and is not a number) found in
    at least `ngram_min_terms` different terms that together took `min_clicks` clicks and the target cost per
    order (when known) without an order, and that no converting term contains
    (not even inside a word: `shirts` stays when `t-shirts` sells), becomes negative phrase in each ad group where
    its terms spent. An n-gram containing a shorter one already proposed is left out."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    terms_of: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        term = r["search_term"].strip().lower()
        for gram in ngrams(term, settings.ngram_max_words):
            found[gram].append(r)
            terms_of[gram].add(term)
    converting = " | ".join(sorted({r["search_term"].strip().lower() for r in rows if r["orders"]}))
    chosen: list[str] = []
    for gram in sorted(found, key=lambda g: (len(g.split()), g)):
        grams_rows = found[gram]
        if not _meaningful(gram) or len(terms_of[gram]) < settings.ngram_min_terms:
            continue
        if any(r["orders"] for r in grams_rows):
            continue
        clicks = sum(r["clicks"] or 0 for r in grams_rows)
        spend = sum((r["spend"] or Decimal(0) for r in grams_rows), Decimal(0))
        if clicks < settings.min_clicks or (target_cpa is not None and spend < target_cpa):
            continue
        if gram in converting or any(f" {c} " in f" {gram} " for c in chosen):
            continue
        chosen.append(gram)
    out: list[Keyed] = []
    for gram in chosen:
        grams_rows = found[gram]
        currency = grams_rows[0]["currency"]
        lines, unknown = [], 0
        for campaign, ad_group in sorted({(r["campaign_name"], r["ad_group_name"]) for r in grams_rows}):
            group = directory.ad_group(campaign, ad_group)
            if group is None:
                unknown += 1
            elif (group.ad_group_id, gram, "Negative Phrase") not in directory.negatives:
                lines.append(BulkLine("Negative Keyword", "Create", group.campaign_id, group.ad_group_id,
                                      keyword_text=gram, match_type="Negative Phrase", state="enabled"))  # fmt: skip
        total = {name: sum(r[name] or 0 for r in grams_rows) for name in ("impressions", "clicks", "orders")}
        spend = sum((r["spend"] or Decimal(0) for r in grams_rows), Decimal(0))
        count = len(terms_of[gram])
        proposal = AdProposal(
            kind="negative_phrase", marketplace=marketplace, currency=currency, campaign_name=None,
            ad_group_name=None, subject=gram,
            reason=Text(
                en=f"'{gram}' is in {count} search terms that took {total['clicks']} clicks and {spend:.2f} "
                f"{currency} without an order, and in no converting term: negate it (phrase) where it spent.",
                zh=f"“{gram}”出现在 {count} 个搜索词中,共 {total['clicks']} 次点击、花费 {spend:.2f} {currency},"
                "无订单,且不出现在任何出单词中:在其花费的广告组中词组否定。",
            ),
            figures=(*totals_figures({**total, "spend": spend, "sales": Decimal(0)}, currency),
                     AdFigure("terms", count)),
            sources=(), lines=tuple(lines),
            missing=f"{unknown} ad group(s) have no known ID: negate there by hand" if unknown else None,
            period_from=min(r["first_day"] for r in grams_rows), period_to=max(r["last_day"] for r in grams_rows),
        )  # fmt: skip
        out.append((proposal, frozenset(key_of(r) for r in grams_rows)))
    return out
