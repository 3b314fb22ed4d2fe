"""Campaigns, ad groups and targets that stopped getting impressions (or never got any), each with the first
cause the imported data shows, or "cause not in the data" when none fits.

Which rows. One grain that lists every entity that served: the targeting report (campaign, ad group and target
levels), else the advertised product report (campaign and ad group), else the campaign report (campaign); one
attribution window of it (7-day, else 14-day, else unstated), so no impression is counted twice. Search-term
reports are not read: they list only terms that were clicked, so a missing term says nothing. The grain must
cover the quiet window (data up to `as_of` and from before the window), otherwise nothing is claimed.

When silent. An entity is silent when it had no impression over the last `quiet_days` days although its rate
over the `history_days` before them predicted at least `min_expected`: zero where 10 were expected has a Poisson
probability of e^-10 ≈ 0.005 %, so it is not chance, while a long-tail keyword with a few impressions a month
is never flagged. Campaigns and ad groups that are live in the newest bulk download but had no impression in the
whole window are listed too ("never"); keywords are not, because a keyword without search volume is normal.
Only the coarsest silent entity is listed: a silent campaign stands for its ad groups and targets.

Why. The causes are checked from the surest to the most inferred (see `no_impressions_causes`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import ibis

from sellerops.analytics.ads.models import AdFigure, SourceRow
from sellerops.analytics.ads.no_impressions_causes import CauseKey, SilenceCause, explain
from sellerops.analytics.ads.no_impressions_evidence import Evidence, Silent, load_evidence
from sellerops.analytics.ads.snapshot import BulkSnapshot, bulk_snapshot
from sellerops.core.text import Text

SilentLevel = Literal["campaign", "ad_group", "target"]
GRAIN_LEVELS: dict[str, tuple[SilentLevel, ...]] = {
    "targeting": ("campaign", "ad_group", "target"),
    "advertised_product": ("campaign", "ad_group"),
    "campaign": ("campaign",),
}
WINDOW_PREFERENCE = (7, 14, None)
KEYS = ("campaign_name", "ad_group_name", "targeting", "match_type")
MATCH_TYPES = frozenset({"EXACT", "PHRASE", "BROAD"})


@dataclass(frozen=True)
class NoImpressionSettings:
    """`quiet_days`: the window that must be silent; `history_days`: the window before it that sets the
    expected rate; `min_expected`: impressions the history must predict for the quiet window; `budget_share` and
    `min_capped_days`: a campaign day counts as out of budget when it spent ≥ that share of its daily budget,
    and the budget explains a silent target or ad group when that happened on that many quiet days."""

    quiet_days: int = 7
    history_days: int = 30
    min_expected: int = 10
    budget_share: Decimal = Decimal("0.95")
    min_capped_days: int = 3


@dataclass(frozen=True)
class NoImpressions:
    """A silent campaign, ad group or target. `kind` is "stopped" (it served in the history window) or "never"
    (live in the bulk download, no impression in either window). `causes` are every cause the data shows, the
    surest first; the first is the explanation (`cause`). `sources` are the rows of the last day it served."""

    marketplace: str
    level: SilentLevel
    campaign_name: str
    ad_group_name: str | None
    targeting: str | None
    match_type: str | None
    kind: Literal["stopped", "never"]
    last_served: dt.date | None
    figures: tuple[AdFigure, ...]
    causes: tuple[SilenceCause, ...]
    sources: tuple[SourceRow, ...]

    @property
    def cause(self) -> CauseKey:
        return self.causes[0].key

    @property
    def subject(self) -> str:
        if self.level == "target":
            return f"{self.targeting} ({(self.match_type or 'target').lower()})"
        return self.ad_group_name if self.level == "ad_group" and self.ad_group_name else self.campaign_name


@dataclass(frozen=True)
class NoImpressionsReport:
    """The silent entities of one marketplace on `as_of`, ordered by level, then by the impressions they lost.
    `grain` is the report type read (None when no report covers the quiet window: `notes` says so)."""

    marketplace: str
    as_of: dt.date
    quiet_from: dt.date
    history_from: dt.date
    grain: str | None
    findings: tuple[NoImpressions, ...]
    notes: tuple[Text, ...] = ()


@dataclass
class _Totals:
    history: int = 0
    quiet: int = 0
    clicks: int = 0
    spend: Decimal = Decimal(0)
    last_served: dt.date | None = None
    currency: str = ""

    def add(self, row: dict[str, Any]) -> None:
        impressions = row["impressions"] or 0
        if row["quiet"]:
            self.quiet += impressions
        else:
            self.history += impressions
            self.clicks += row["clicks"] or 0
            self.spend += row["spend"] or Decimal(0)
        if row["last_served"] is not None and (
            self.last_served is None or row["last_served"] > self.last_served
        ):
            self.last_served = row["last_served"]
        self.currency = row["currency"] or self.currency


def explain_no_impressions(
    ad_performance: Any, ad_entity: Any, ad_change: Any | None, inventory_snapshot: Any | None,
    listing: Any | None, *, marketplace: str, as_of: dt.date,
    settings: NoImpressionSettings = NoImpressionSettings(),
) -> NoImpressionsReport:  # fmt: skip
    """Every silent campaign, ad group and target of `marketplace` on `as_of` with its causes (module docstring)."""
    quiet_from = as_of - dt.timedelta(days=settings.quiet_days - 1)
    history_from = quiet_from - dt.timedelta(days=settings.history_days)
    grain = _pick_grain(
        ad_performance, marketplace=marketplace, history_from=history_from, quiet_from=quiet_from, as_of=as_of
    )
    if grain is None:
        note = Text(
            en=f"No targeting, advertised product or campaign report covers {quiet_from}..{as_of} and the days "
            "before it: import the daily reports up to that day to check for campaigns without impressions.",
            zh=f"没有覆盖 {quiet_from}..{as_of} 及之前日期的投放、推广商品或广告活动报告:请导入截至该日的每日报告,"
            "以检查无曝光的广告。",
        )
        return NoImpressionsReport(marketplace, as_of, quiet_from, history_from, None, (), (note,))
    report_type, days, first_day = grain
    levels = GRAIN_LEVELS[report_type]
    rows = _rows(ad_performance, marketplace, report_type, days, history_from, quiet_from, as_of)
    totals = _totals(rows, len(levels))
    observed = (quiet_from - max(history_from, first_day)).days
    snapshot = bulk_snapshot(ad_entity, marketplace=marketplace)
    silent = _silent(totals, levels, observed, settings)
    silent += _never(totals, snapshot, levels, quiet_from, silent)
    evidence = load_evidence(
        silent, ad_performance, ad_change, inventory_snapshot, listing, snapshot, marketplace=marketplace,
        quiet_from=quiet_from, history_from=history_from, as_of=as_of, grain=(report_type, days),
        budget_share=settings.budget_share, min_capped_days=settings.min_capped_days,
    )  # fmt: skip
    cited = _last_rows(ad_performance, marketplace, (report_type, days), silent, len(levels))
    findings = [_finding(s, evidence, marketplace, settings, observed, cited.get(s.key, ())) for s in silent]
    findings.sort(key=lambda f: (("campaign", "ad_group", "target").index(f.level), -_lost(f), f.subject))
    return NoImpressionsReport(
        marketplace, as_of, quiet_from, history_from, report_type, tuple(findings), evidence.notes()
    )


def _pick_grain(
    ad_performance: Any, *, marketplace: str, history_from: dt.date, quiet_from: dt.date, as_of: dt.date
) -> tuple[str, int | None, dt.date] | None:
    t = ad_performance
    t = t.filter(
        (t.marketplace == marketplace) & t.report_type.isin(list(GRAIN_LEVELS))
        & (t.period_to >= history_from) & (t.period_from <= as_of)
    )  # fmt: skip
    spans = t.group_by(["report_type", "attribution_days"]).aggregate(
        first=t.period_from.min(), last=t.period_to.max()
    )
    found = {(r["report_type"], r["attribution_days"]): r for r in spans.to_pyarrow().to_pylist()}
    for report_type in GRAIN_LEVELS:
        for days in WINDOW_PREFERENCE:
            span = found.get((report_type, days))
            if span is not None and span["last"] >= as_of and span["first"] < quiet_from:
                return report_type, days, span["first"]
    return None


def grain_filter(
    ad_performance: Any, marketplace: str, grain: tuple[str, int | None], start: dt.date, end: dt.date
) -> Any:
    """The grain's rows that touch [start, end]."""
    t = ad_performance
    report_type, days = grain
    window = t.attribution_days.isnull() if days is None else t.attribution_days == days
    return t.filter(
        (t.marketplace == marketplace) & (t.report_type == report_type) & window
        & (t.period_to >= start) & (t.period_from <= end)
    )  # fmt: skip


def _rows(
    ad_performance: Any, marketplace: str, report_type: str, days: int | None, history_from: dt.date,
    quiet_from: dt.date, as_of: dt.date,
) -> list[dict[str, Any]]:  # fmt: skip
    """Sums per entity and window; a row that reaches into the quiet window counts there (it may have served
    in it), a row wholly before it counts as history."""
    t = grain_filter(ad_performance, marketplace, (report_type, days), history_from, as_of)
    t = t.mutate(quiet=t.period_to >= quiet_from)
    served = ibis.ifelse(t.impressions > 0, t.period_to, ibis.null().cast("date"))
    grouped = t.group_by([*KEYS, "quiet"]).aggregate(
        impressions=t.impressions.sum(), clicks=t.clicks.sum(), spend=t.spend.sum(), currency=t.currency.max(),
        last_served=served.max(),
    )  # fmt: skip
    out: list[dict[str, Any]] = grouped.to_pyarrow().to_pylist()
    return out


Key = tuple[str, ...]


def _key(row: dict[str, Any], depth: int) -> Key:
    match = (row["match_type"] or "").strip().upper()
    values = (row["campaign_name"] or "", row["ad_group_name"] or "", row["targeting"] or "",
              match if match in MATCH_TYPES else "")  # fmt: skip
    return values[: depth + (1 if depth == 3 else 0)]


def _totals(rows: list[dict[str, Any]], depth: int) -> dict[Key, _Totals]:
    """Totals per campaign (1-tuples), ad group (2-tuples) and target (4-tuples: text and match type)."""
    out: dict[Key, _Totals] = defaultdict(_Totals)
    for r in rows:
        full = _key(r, depth)
        for n in range(1, depth + 1):
            out[full[:n] if n < 3 else full].add(r)
    return dict(out)


def _silent(
    totals: dict[Key, _Totals], levels: tuple[SilentLevel, ...], observed: int, settings: NoImpressionSettings
) -> list[Silent]:
    """The coarsest silent entities: a campaign, else its ad groups, else their targets."""
    if observed <= 0:
        return []

    def silent(t: _Totals) -> bool:
        return t.quiet == 0 and t.history * settings.quiet_days >= settings.min_expected * observed

    out: list[Silent] = []
    quiet_parents: set[Key] = set()
    for key in sorted(totals, key=len):
        parent = next((key[:n] for n in (1, 2) if n < len(key) and key[:n] in quiet_parents), None)
        if parent is not None:
            continue
        t = totals[key]
        if silent(t):
            quiet_parents.add(key)
            level: SilentLevel = ("campaign", "ad_group", "target", "target")[len(key) - 1]
            finest = len(levels) + (len(levels) == 3)
            children = (
                0
                if len(key) == finest
                else sum(
                    1
                    for k, c in totals.items()
                    if len(k) == finest and k[: len(key)] == key and c.history > 0
                )
            )
            out.append(Silent(level, key, "stopped", t.last_served, t.history, t.clicks, t.spend, t.currency,
                              children))  # fmt: skip
    return out


def _never(
    totals: dict[Key, _Totals],
    snapshot: BulkSnapshot,
    levels: tuple[SilentLevel, ...],
    quiet_from: dt.date,
    silent: list[Silent],
) -> list[Silent]:
    """Campaigns (and ad groups of serving campaigns) live in the bulk download that started before the quiet
    window and have no impression in either window."""
    out: list[Silent] = []
    covered = {s.key[:1] for s in silent}
    for e in sorted(snapshot.of("campaign", "ad_group"), key=lambda e: e.level != "campaign"):
        if e.level == "ad_group" and "ad_group" not in levels:
            continue
        key = (e.campaign_name,) if e.level == "campaign" else (e.campaign_name, e.ad_group_name or "")
        campaign = snapshot.campaigns.get(e.campaign_id)
        start = campaign.start_date if campaign is not None else None
        if key[:1] in covered or not snapshot.is_live(e) or (start is not None and start >= quiet_from):
            continue
        t = totals.get(key)
        if t is not None and (t.history or t.quiet):
            continue
        if e.level == "ad_group" and key[:1] not in totals:
            continue  # its campaign has no row either: it is listed as the campaign
        if e.level == "campaign":
            covered.add(key)
        out.append(Silent(e.level, key, "never", None, 0, 0, Decimal(0), "", 0))  # type: ignore[arg-type]
    return out


def _finding(
    s: Silent, evidence: Evidence, marketplace: str, settings: NoImpressionSettings, observed: int,
    sources: tuple[SourceRow, ...],
) -> NoImpressions:  # fmt: skip
    key = s.key
    expected = (
        (Decimal(s.history) * settings.quiet_days / observed).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if s.kind == "stopped"
        else None
    )
    figures = (
        AdFigure("history_impressions", s.history),
        AdFigure("history_days", observed),
        AdFigure("expected_impressions", expected),
        AdFigure("quiet_impressions", 0),
        AdFigure("quiet_days", settings.quiet_days),
        AdFigure("targets_silenced", s.children),
    )
    return NoImpressions(
        marketplace=marketplace, level=s.level, campaign_name=key[0],
        ad_group_name=key[1] if len(key) > 1 else None, targeting=key[2] if len(key) > 2 else None,
        match_type=(key[3] or None) if len(key) > 3 else None, kind=s.kind, last_served=s.last_served,
        figures=figures, causes=explain(s, evidence),
        sources=sources,
    )  # fmt: skip


def _last_rows(
    ad_performance: Any, marketplace: str, grain: tuple[str, int | None], silent: list[Silent], depth: int
) -> dict[Key, tuple[SourceRow, ...]]:
    """For each stopped entity, the rows with impressions of the last day it served (one query for all)."""
    days = sorted({s.last_served for s in silent if s.last_served is not None})
    if not days:
        return {}
    t = grain_filter(ad_performance, marketplace, grain, days[0], days[-1])
    t = t.filter(t.period_to.isin(days) & (t.impressions > 0))
    got = t.select(*KEYS, "period_to", "import_id", "source_row").order_by(["import_id", "source_row"])
    wanted = {(s.key, s.last_served) for s in silent}
    found: dict[Key, list[SourceRow]] = defaultdict(list)
    for r in got.to_pyarrow().to_pylist():
        full = _key(r, depth)
        for n in range(1, depth + 1):
            key = full[:n] if n < 3 else full
            if (key, r["period_to"]) in wanted:
                found[key].append(SourceRow("ad_performance", r["import_id"], r["source_row"]))
    return {k: tuple(v) for k, v in found.items()}


def _lost(f: NoImpressions) -> Decimal:
    expected = next(x.value for x in f.figures if x.name == "expected_impressions")
    return Decimal(expected) if isinstance(expected, Decimal | int) else Decimal(0)
