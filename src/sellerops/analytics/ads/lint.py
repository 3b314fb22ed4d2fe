"""Structure lint of one marketplace's Sponsored Products account: four set-ups that waste money or data, found in
what is set up now (the newest bulk download) or, without one, in the targets the reports show serving.

- `broad_only`: a manual campaign whose live targets are all broad keywords: no exact or phrase keyword and no
  product target keeps its spend on the searches the seller chose.
- `auto_without_exact`: an auto campaign advertising a SKU that no live manual exact keyword advertises: the
  seeds' "auto + manual exact" pairing is missing, so the terms auto finds have nowhere to be harvested to.
- `self_competition`: the same keyword with the same match type live in several ad groups that advertise the
  same SKU: only one of the seller's ads can take an auction, so they bid against each other and split the data.
- `no_negatives`: a live ad group of an auto campaign, or with broad or phrase keywords, without one negative
  keyword or product target (its own or its campaign's): every wasted term keeps spending. Needs a bulk download
  (reports do not list negatives).

Which SKU an ad group advertises comes from the bulk download's product ads, else the advertised product report;
when neither says, `auto_without_exact` is judged across the account and `self_competition` says so.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from sellerops.analytics.ads.lint_account import (
    Account,
    Group,
    Target,
    from_reports,
    from_snapshot,
    target_figures,
)
from sellerops.analytics.ads.models import AdFigure, SourceRow
from sellerops.analytics.ads.snapshot import bulk_snapshot
from sellerops.core.text import Text

LintCheck = Literal["broad_only", "auto_without_exact", "self_competition", "no_negatives"]
CHECKS: tuple[LintCheck, ...] = ("broad_only", "auto_without_exact", "self_competition", "no_negatives")


@dataclass(frozen=True)
class LintSettings:
    """`lookback_days`: the window (ending on the day linted) whose reports give the figures, and the targets when
    no bulk download was imported."""

    lookback_days: int = 30


@dataclass(frozen=True)
class LintMember:
    """One ad group in a finding, with its target's bid and figures over the window."""

    campaign_name: str
    ad_group_name: str
    bid: Decimal | None
    impressions: int
    clicks: int
    spend: Decimal
    orders: int


@dataclass(frozen=True)
class LintFinding:
    check: LintCheck
    marketplace: str
    campaign_name: str | None
    ad_group_name: str | None
    subject: str
    reason: Text
    figures: tuple[AdFigure, ...]
    members: tuple[LintMember, ...] = ()
    sources: tuple[SourceRow, ...] = ()


@dataclass(frozen=True)
class AdsLint:
    """The findings of one marketplace, by check then campaign, ad group and subject. `based_on` says whether the
    structure came from a bulk download or from the reports' serving targets; `notes` name what was not checked."""

    marketplace: str
    as_of: dt.date
    period_from: dt.date
    period_to: dt.date
    based_on: Literal["bulk_download", "reports"]
    findings: tuple[LintFinding, ...]
    notes: tuple[Text, ...] = ()


def lint_ads(
    ad_performance: Any, ad_entity: Any, *, marketplace: str, as_of: dt.date,
    settings: LintSettings = LintSettings(),
) -> AdsLint:  # fmt: skip
    """Every structure finding of `marketplace` on `as_of` (see the module docstring)."""
    start = as_of - dt.timedelta(days=settings.lookback_days - 1)
    figures, rows = target_figures(ad_performance, marketplace, start, as_of)
    snapshot = bulk_snapshot(ad_entity, marketplace=marketplace)
    notes: list[Text] = []
    if snapshot.import_id is not None:
        account = from_snapshot(snapshot, figures)
    else:
        account = from_reports(ad_performance, marketplace, start, as_of, figures, rows)
        notes.append(Text(
            en="No bulk download imported: the structure is read from the targets that served in the reports, and "
            "ad groups without negatives cannot be checked (reports do not list negatives).",
            zh="未导入批量文件:结构取自报告中有投放的目标;无法检查缺少否定词的广告组(报告不含否定词)。",
        ))  # fmt: skip
    findings = [
        *_broad_only(account, marketplace),
        *_auto_without_exact(account, marketplace, notes),
        *_self_competition(account, marketplace),
        *_no_negatives(account, marketplace),
    ]
    findings.sort(key=_order)
    based_on: Literal["bulk_download", "reports"] = (
        "bulk_download" if snapshot.import_id is not None else "reports"
    )
    return AdsLint(marketplace, as_of, start, as_of, based_on, tuple(findings), tuple(notes))


def _order(f: LintFinding) -> tuple[int, Decimal, str, str, str]:
    """By check, then the money at stake (most first), then names."""
    spend = next((x.value for x in f.figures if x.name == "spend"), Decimal(0))
    money = spend if isinstance(spend, Decimal) else Decimal(0)
    return (CHECKS.index(f.check), -money, f.campaign_name or "", f.ad_group_name or "", f.subject)


def _spend(targets: list[Target]) -> Decimal:
    return sum((t.figures.get("spend") or Decimal(0) for t in targets), Decimal(0))


def _covered(a: Account, matches: tuple[str, ...]) -> tuple[set[str], bool]:
    """The SKUs a live manual keyword of these match types advertises, and whether any such keyword exists."""
    groups = {(t.campaign, t.ad_group) for t in a.targets
              if t.match in matches and a.targeting.get(t.campaign) == "manual"}  # fmt: skip
    return set().union(*(a.products.get(g, set()) for g in groups)), bool(groups)


def _campaign_products(a: Account, campaign: str) -> set[str]:
    return set().union(*(p for (c, _), p in a.products.items() if c == campaign))


def _broad_only(a: Account, marketplace: str) -> list[LintFinding]:
    """A manual campaign of broad keywords only, unless every SKU it advertises also has an exact or phrase
    keyword elsewhere (campaigns split by match type are a sound structure)."""
    by_campaign: dict[str, list[Target]] = defaultdict(list)
    for t in a.targets:
        by_campaign[t.campaign].append(t)
    covered, _ = _covered(a, ("EXACT", "PHRASE"))
    out = []
    for campaign, targets in sorted(by_campaign.items()):
        if a.targeting.get(campaign) != "manual" or not all(t.match == "BROAD" for t in targets):
            continue
        products = _campaign_products(a, campaign)
        alone = sorted(products - covered)
        if products and not alone:
            continue
        if alone:
            en = f"no exact or phrase keyword advertises {', '.join(alone)} anywhere"
            zh = f"{'、'.join(alone)} 在任何地方都没有精准或词组关键词"
        else:
            en = "no report says which SKUs it advertises: ignore this if an exact or phrase campaign covers them"
            zh = "报告未注明其推广的 SKU:若已有精准或词组广告覆盖,可忽略"
        spend = _spend(targets)
        out.append(LintFinding(
            "broad_only", marketplace, campaign, None, campaign,
            Text(en=f"{_all_broad(len(targets), a.live[0])} and {en} "
                 f"({spend:.2f} {a.currency} spent in the window): add exact and phrase keywords for the searches "
                 "that convert, and negatives for those that do not.",
                 zh=f"该手动广告活动{_all_broad_zh(len(targets), a.live[1])},且{zh}(期间花费 {spend:.2f} "
                 f"{a.currency}):为出单的搜索词添加精准和词组关键词,为不出单的添加否定词。"),
            (AdFigure("broad_keywords", len(targets)), AdFigure("skus_broad_only", len(alone)),
             AdFigure("spend", spend, a.currency)),
            sources=tuple(s for t in targets for s in t.sources),
        ))  # fmt: skip
    return out


def _all_broad(count: int, live: str) -> str:
    if count == 1:
        return f"The one {live} target of this manual campaign is a broad keyword"
    return f"All {count} {live} targets of this manual campaign are broad keywords"


def _all_broad_zh(count: int, live: str) -> str:
    return f"唯一的{live}目标是广泛匹配关键词" if count == 1 else f"的 {count} 个{live}目标全是广泛匹配关键词"


def _auto_without_exact(a: Account, marketplace: str, notes: list[Text]) -> list[LintFinding]:
    covered, any_exact = _covered(a, ("EXACT",))
    out = []
    unknown = []
    for campaign in sorted(c for c, kind in a.targeting.items() if kind == "auto"):
        products = _campaign_products(a, campaign)
        if not products:
            if any_exact:
                unknown.append(campaign)
                continue
            missing = []
            en = f"the account has no {a.live[0]} manual exact keyword at all"
            zh = f"账户中没有任何{a.live[1]}的手动精准关键词"
        else:
            missing = sorted(products - covered)
            if not missing:
                continue
            en = f"no live manual exact keyword advertises {', '.join(missing)}"
            zh = f"没有在投的手动精准关键词推广 {'、'.join(missing)}"
        targets = [t for t in a.targets if t.campaign == campaign]
        spend = _spend(targets)
        out.append(LintFinding(
            "auto_without_exact", marketplace, campaign, None, campaign,
            Text(en=f"Auto campaign without an exact counterpart: {en} ({spend:.2f} {a.currency} spent in the "
                 "window). Create a manual exact campaign for it so the search terms auto finds can be harvested "
                 "there.",
                 zh=f"自动广告缺少对应的手动精准广告:{zh}(期间花费 {spend:.2f} {a.currency})。请为其创建手动精准广告活动,"
                 "以便收割自动广告发现的搜索词。"),
            (AdFigure("skus_without_exact", len(missing)), AdFigure("spend", spend, a.currency)),
            sources=a.sources.get((campaign, ""), tuple(s for t in targets for s in t.sources)),
        ))  # fmt: skip
    if unknown:
        notes.append(Text(
            en=f"Which SKUs {len(unknown)} auto campaign(s) advertise is in no imported report (import a bulk download "
            "or the advertised product report): their exact counterpart was not checked.",
            zh=f"{len(unknown)} 个自动广告活动推广的 SKU 不在已导入的报告中(请导入批量文件或推广商品报告):未检查其手动精准对应。",
        ))  # fmt: skip
    return out


def _self_competition(a: Account, marketplace: str) -> list[LintFinding]:
    by_keyword: dict[tuple[str, str], list[Target]] = defaultdict(list)
    for t in a.targets:
        if t.kind == "keyword":
            by_keyword[(t.text, t.match)].append(t)
    out = []
    for (text, match), targets in sorted(by_keyword.items()):
        groups = {(t.campaign, t.ad_group) for t in targets}
        if len(groups) < 2:
            continue
        known = [a.products.get(g) for g in groups]
        if all(known):
            counts: dict[str, int] = defaultdict(int)
            for products in known:
                for p in products or ():
                    counts[p] += 1
            shared = sorted(p for p, n in counts.items() if n > 1)
            if not shared:
                continue  # the same words for different products: no auction between them
            en, zh = f"all advertising {', '.join(shared)}", f"均推广 {'、'.join(shared)}"
        else:
            en, zh = (
                "check they advertise the same SKU (no report says)",
                "请确认是否推广同一 SKU(报告未注明)",
            )
        members = tuple(sorted((
            LintMember(t.campaign, t.ad_group, t.bid, t.figures.get("impressions") or 0, t.figures.get("clicks") or 0,
                       t.figures.get("spend") or Decimal(0), t.figures.get("orders") or 0) for t in targets),
            key=lambda m: (m.campaign_name, m.ad_group_name)))  # fmt: skip
        spend = sum((m.spend for m in members), Decimal(0))
        subject = f"{text} ({match.lower()})"
        out.append(LintFinding(
            "self_competition", marketplace, None, None, subject,
            Text(en=f"'{text}' ({match.lower()}) is {a.live[0]} in {len(groups)} ad groups, {en}: they bid against each "
                 f"other ({spend:.2f} {a.currency} spent in the window). Keep it in one ad group and negate it in the "
                 "others.",
                 zh=f"“{text}”({match.lower()})在 {len(groups)} 个广告组中同时{a.live[1]},{zh}:自己和自己竞价(期间花费 "
                 f"{spend:.2f} {a.currency})。只在一个广告组保留,在其他广告组中否定。"),
            (AdFigure("ad_groups", len(groups)), AdFigure("spend", spend, a.currency)), members,
            tuple(s for t in targets for s in t.sources),
        ))  # fmt: skip
    return out


def _no_negatives(a: Account, marketplace: str) -> list[LintFinding]:
    if a.negatives is None:
        return []
    by_group: dict[Group, list[Target]] = defaultdict(list)
    for t in a.targets:
        by_group[(t.campaign, t.ad_group)].append(t)
    out = []
    for (campaign, group), targets in sorted(by_group.items()):
        open_ended = a.targeting.get(campaign) == "auto" or any(
            t.match in ("BROAD", "PHRASE") for t in targets
        )
        if not open_ended or (campaign, group) in a.negatives or (campaign, "") in a.negatives:
            continue
        spend = _spend(targets)
        out.append(LintFinding(
            "no_negatives", marketplace, campaign, group, group,
            Text(en=f"This ad group matches searches it did not choose (auto, broad or phrase) and has no negative "
                 f"keyword or product target, in it or its campaign ({spend:.2f} {a.currency} spent in the window): "
                 "negate the terms that spend without selling (sellerops ads plan proposes them).",
                 zh=f"该广告组会匹配未指定的搜索词(自动、广泛或词组),但其本身及所属广告活动都没有否定关键词或否定商品"
                 f"(期间花费 {spend:.2f} {a.currency}):请否定只花费不出单的搜索词(sellerops ads plan 会给出建议)。"),
            (AdFigure("targets", len(targets)), AdFigure("spend", spend, a.currency)),
            sources=a.sources.get((campaign, group), ()),
        ))  # fmt: skip
    return out
