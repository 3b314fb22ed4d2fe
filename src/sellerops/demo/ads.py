"""Sponsored Products for the demo seller: four campaigns per parent (auto, broad, phrase, exact), their
keywords, bids and budgets, and what each search term did each day (pure; arrays in, arrays out).

Ad-attributed orders are capped by the units the parent really sold that day, so ads never claim more
sales than the store made. Some search terms convert, some only spend.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from sellerops.demo.anomalies import Effects
from sellerops.demo.catalog import Listing
from sellerops.demo.simulate import MarketSim

MATCHES = ("auto", "broad", "phrase", "exact")
_CLICK_SHARE = {"auto": 0.32, "broad": 0.26, "phrase": 0.18, "exact": 0.24}
_AUTO_TARGETS = ("close-match", "loose-match", "substitutes", "complements")
_MODIFIERS = ("for women", "for men", "large", "set", "best", "cheap", "gift", "2 pack")
_WASTE = ("diy", "free", "how to clean", "replacement parts", "kids toy", "vintage")


@dataclass(frozen=True)
class Campaign:
    campaign_id: str
    name: str
    portfolio: str
    parent_index: int
    match: str
    budget: float
    ad_group_id: str
    ad_group_name: str
    start: date
    default_bid: float


@dataclass(frozen=True)
class Target:
    target_id: str
    campaign: int
    text: str  # keyword text, or an auto-targeting expression
    match: str  # "BROAD" | "PHRASE" | "EXACT" | "-" (auto)
    bid: float


@dataclass(frozen=True)
class Term:
    target: int
    text: str
    cpc: float
    ctr: float
    conversion: float


@dataclass
class AdSim:
    campaigns: list[Campaign]
    targets: list[Target]
    terms: list[Term]
    product_ads: list[tuple[str, int, int]]  # ad id, campaign, listing
    budget: np.ndarray  # (campaigns, d)
    impressions: np.ndarray  # (terms, d)
    clicks: np.ndarray
    spend: np.ndarray  # money, rounded to cents
    orders: np.ndarray
    units: np.ndarray
    sales: np.ndarray
    advertised_units: np.ndarray
    advertised_sales: np.ndarray


def _ids(rng: np.random.Generator, count: int) -> list[str]:
    return [str(x) for x in rng.integers(10**14, 10**15 - 1, size=count)]


def build_ads(rng: np.random.Generator, sim: MarketSim, effects: Effects, start: date) -> AdSim:
    listings, d = sim.listings, len(sim.days)
    parents: dict[int, list[int]] = {}
    for i, listing in enumerate(listings):
        parents.setdefault(listing.product.parent_index, []).append(i)
    campaigns: list[Campaign] = []
    targets: list[Target] = []
    terms: list[Term] = []
    product_ads: list[tuple[str, int, int]] = []
    expected: list[float] = []  # clicks a day per term at season level 1
    for parent in sorted(parents):
        children = parents[parent]
        head = listings[children[0]]
        name = head.product.title.removeprefix("Northvale ").split(",")[0]
        words = name.lower().replace("-", " ").split()
        keywords = _keywords(words)
        parent_units = sum(listings[i].base_units for i in children)
        price = float(np.mean([float(listings[i].price) for i in children]))
        bid_level = float(np.clip(price * 0.035, 0.35, 2.2))
        for match in MATCHES:
            ids = _ids(rng, 2)
            clicks = parent_units * 3.0 * _CLICK_SHARE[match]
            cpc_level = bid_level * float(rng.uniform(0.6, 0.85))
            budget = float(max(10, round(clicks * cpc_level * float(rng.uniform(3.0, 4.0)))))
            short = name
            campaigns.append(
                Campaign(
                    ids[0], f"SP | {short} | {match.title()}", head.product.category, parent, match, budget,
                    ids[1], f"{short} - {match}", start, round(bid_level, 2),
                )
            )  # fmt: skip
            c = len(campaigns) - 1
            for i in children:
                product_ads.append((_ids(rng, 1)[0], c, i))
            for text, target_match, bid, term_list in _targeting(
                rng, match, keywords, bid_level, listings, children
            ):
                targets.append(Target(_ids(rng, 1)[0], c, text, target_match, round(bid, 2)))
                weights = rng.dirichlet(np.full(len(term_list), 1.5))
                for (term, conversion), weight in zip(term_list, weights, strict=True):
                    ctr = float(rng.uniform(0.003, 0.012) if match != "exact" else rng.uniform(0.008, 0.02))
                    cpc = bid * float(rng.uniform(0.55, 0.9))
                    terms.append(Term(len(targets) - 1, term, round(cpc, 2), ctr, conversion))
                    expected.append(clicks * float(weight) / _n_targets(match, keywords))
    return _simulate_ads(rng, sim, effects, campaigns, targets, terms, product_ads, np.array(expected), d)


def _keywords(words: list[str]) -> list[str]:
    core = " ".join(words[-2:])
    longer = " ".join(words[-3:]) if len(words) >= 3 else f"{core} set"
    return [core, longer, f"{words[-1]} {_MODIFIERS[len(core) % len(_MODIFIERS)]}"]


def _n_targets(match: str, keywords: list[str]) -> int:
    return len(_AUTO_TARGETS) if match == "auto" else len(keywords)


def _targeting(
    rng: np.random.Generator,
    match: str,
    keywords: list[str],
    bid: float,
    listings: list[Listing],
    children: list[int],
) -> list[tuple[str, str, float, list[tuple[str, float]]]]:
    """Targets of one campaign with the search terms each one matches and their conversion rates."""
    out = []

    def good() -> float:
        return float(rng.uniform(0.08, 0.16))

    if match == "auto":
        for expression in _AUTO_TARGETS:
            if expression in ("substitutes", "complements"):
                other = "b0" + "".join(rng.choice(list("0123456789abcdefghjkmnpqrstuvwxyz"), size=8))
                found = [(other, good() * 0.6), (keywords[0], good())]
            else:
                found = [
                    (keywords[0], good()),
                    (f"{keywords[0]} {_WASTE[int(rng.integers(len(_WASTE)))]}", 0.0),
                ]
            out.append((expression, "-", bid * 0.9, found))
        return out
    for keyword in keywords:
        if match == "exact":
            found = [(keyword, good() * 1.35)]
        elif match == "phrase":
            found = [
                (keyword, good()),
                (f"{keyword} {_MODIFIERS[int(rng.integers(len(_MODIFIERS)))]}", good() * 0.7),
            ]
        else:
            waste = _WASTE[int(rng.integers(len(_WASTE)))]
            found = [(f"{keyword.split()[-1]} {waste}", 0.0), (f"best {keyword}", good() * 0.8)]
        out.append((keyword, match.upper(), bid * {"exact": 1.2, "phrase": 1.0, "broad": 0.85}[match], found))
    return out


def _simulate_ads(
    rng: np.random.Generator,
    sim: MarketSim,
    effects: Effects,
    campaigns: list[Campaign],
    targets: list[Target],
    terms: list[Term],
    product_ads: list[tuple[str, int, int]],
    expected: np.ndarray,
    d: int,
) -> AdSim:
    n_terms = len(terms)
    term_campaign = np.array([targets[t.target].campaign for t in terms], dtype=np.int64)
    term_parent = np.array([campaigns[c].parent_index for c in term_campaign], dtype=np.int64)
    # Ads serve only while a child is in stock and listed: the parent's serving share per day.
    share = np.array([x.product.share for x in sim.listings])
    serving = share[:, None] * ((sim.units > 0) | ~sim.stock.empty) * ~sim.inactive
    parents = sorted({x.product.parent_index for x in sim.listings})
    parent_row = {p: k for k, p in enumerate(parents)}
    listing_parent = np.array([parent_row[x.product.parent_index] for x in sim.listings])
    parent_serving = np.zeros((len(parents), d))
    np.add.at(parent_serving, listing_parent, serving)
    parent_units = np.zeros((len(parents), d))
    np.add.at(parent_units, listing_parent, sim.units)
    parent_sales = np.zeros((len(parents), d))
    np.add.at(parent_sales, listing_parent, sim.units * sim.price)
    unit_price = np.where(parent_units > 0, parent_sales / np.maximum(parent_units, 1), 0)
    fallback = np.array([[float(x.price)] for x in sim.listings])
    mean_price = np.zeros((len(parents), 1))
    np.add.at(mean_price, listing_parent, fallback * share[:, None])
    unit_price = np.where(unit_price > 0, unit_price, mean_price)

    term_rows = np.array([parent_row[p] for p in term_parent])
    season = (sim.sessions.sum(axis=0) + 1) / (sim.sessions.sum(axis=0).mean() + 1)
    level = (
        expected[:, None]
        * season[None, :]
        * parent_serving[term_rows]
        / np.maximum(parent_serving[term_rows].max(axis=1, keepdims=True), 1e-9)
    )
    ctr = np.array([t.ctr for t in terms])[:, None]
    cpc = np.repeat(np.array([t.cpc for t in terms])[:, None], d, axis=1)
    impressions = rng.poisson(level / ctr * np.exp(rng.normal(0, 0.1, size=(n_terms, d))))
    clicks = rng.binomial(impressions, np.minimum(ctr, 1.0))
    conversion = np.repeat(np.array([t.conversion for t in terms])[:, None], d, axis=1)

    budget = np.repeat(np.array([c.budget for c in campaigns])[:, None], d, axis=1)
    by_key = {(c.parent_index, c.match): k for k, c in enumerate(campaigns)}
    converting = clicks.copy()  # clicks that can turn into orders; a spike's extra clicks cannot
    for parent, match, a, b, factor in effects.ad_spikes:
        k = by_key.get((parent, match))
        if k is None:
            continue
        budget[k, a:b] *= 5
        rows = np.flatnonzero(term_campaign == k)
        extra = rng.poisson(np.maximum(level[rows, a:b] * (factor - 1), 2.0) / ctr[rows])
        impressions[rows, a:b] += extra
        clicks[rows, a:b] += rng.binomial(extra, np.minimum(ctr[rows], 1.0))
        cpc[rows, a:b] *= 1.3
    for parent, match, a, b in effects.budget_cuts:
        k = by_key.get((parent, match))
        if k is not None:
            rows = np.flatnonzero(term_campaign == k)
            daily = float((clicks[rows, : max(a, 1)] * cpc[rows, : max(a, 1)]).sum(axis=0).mean())
            cut = max(round(daily * 0.45), float(np.ceil(4 * cpc[rows, 0].mean())))
            budget[k, a:b] = cut
            # Demand well above the new budget every day, so it runs out whatever the day's luck.
            impressions[rows, a:b] = (impressions[rows, a:b] * max(1.8, 2.5 * cut / max(daily, 0.01))).astype(
                np.int64
            )
            clicks[rows, a:b] = rng.binomial(impressions[rows, a:b], np.minimum(ctr[rows], 1.0))
            converting[rows, a:b] = clicks[rows, a:b]
            conversion[rows, a:b] = np.maximum(
                conversion[rows, a:b], 0.2
            )  # its best keywords: ACoS stays low

    # A campaign stops serving once its budget is spent: the day's clicks end with the one that reaches it.
    campaign_spend = np.zeros((len(campaigns), d))
    np.add.at(campaign_spend, term_campaign, clicks * cpc)
    for c, t in np.argwhere(campaign_spend > budget):
        rows = np.flatnonzero(term_campaign == c)
        wanted, kept, spent = clicks[rows, t].copy(), np.zeros(len(rows), dtype=np.int64), 0.0
        # Amazon lets a day run a little over budget: clicks are served while they fit within 110%.
        ceiling = budget[c, t] * 1.1
        progress = True
        while progress:
            progress = False
            for r in np.flatnonzero(wanted > kept):
                if spent + float(cpc[rows[r], t]) <= ceiling:
                    kept[r] += 1
                    spent += float(cpc[rows[r], t])
                    progress = True
        impressions[rows, t] = np.floor(impressions[rows, t] * kept / np.maximum(wanted, 1)).astype(np.int64)
        clicks[rows, t] = kept
    converting = np.minimum(converting, clicks)
    orders = rng.binomial(converting, conversion)

    # Ads cannot claim more orders than the parent made (70% at most: the rest is organic).
    units = orders + rng.binomial(orders, 0.12)
    claimed = np.zeros((len(parents), d))
    np.add.at(claimed, term_rows, units)
    allowed = np.floor(parent_units * 0.7)
    scale = np.where(claimed > allowed, allowed / np.maximum(claimed, 1), 1.0)[term_rows]
    units = np.floor(units * scale).astype(np.int64)
    orders = np.minimum(orders, units)
    advertised = units - rng.binomial(units, 0.1)
    price = unit_price[term_rows]
    sales = np.round(units * price, 2)
    spend = np.round(clicks * cpc, 2)
    return AdSim(
        campaigns, targets, terms, product_ads, budget, impressions, clicks, spend, orders, units, sales,
        advertised, np.round(advertised * price, 2),
    )  # fmt: skip
