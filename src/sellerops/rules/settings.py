"""One rule's settings as the rules file gives them: thresholds, severity bands, texts, SLA (pydantic models)."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable, Mapping
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sellerops.core.money import Money
from sellerops.core.process import ProcessNode
from sellerops.core.text import Text
from sellerops.rules.findings import Evidence, Finding, Severity


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Template(Strict):
    """A message with {placeholders}, in English and Chinese."""

    en: str
    zh: str

    def render(self, values: Mapping[str, object], values_zh: Mapping[str, object] | None = None) -> Text:
        """Fill in the placeholders; `values_zh` replaces words that differ in Chinese (e.g. above → 高于)."""
        return Text(
            en=self.en.format_map(dict(values)),
            zh=self.zh.format_map({**values, **(values_zh or {})}),
        )

    def placeholders(self) -> set[str]:
        return {
            name
            for text in (self.en, self.zh)
            for _, name, _, _ in string.Formatter().parse(text)
            if name is not None
        }


class Band(Strict):
    """A severity that applies when the value is at least (or at most) a bound."""

    severity: Severity
    at_least: Decimal | None = None
    at_most: Decimal | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Band:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("a band has exactly one of at_least or at_most")
        return self

    def holds(self, value: Decimal) -> bool:
        return value >= self.at_least if self.at_least is not None else value <= (self.at_most or Decimal(0))


class SeverityBands(Strict):
    default: Severity
    bands: tuple[Band, ...] = ()


class RuleSettings(Strict):
    """One rule's settings, fully resolved for a marketplace and category."""

    id: str
    enabled: bool
    source: str = ""  # where the default threshold comes from (seed article, Amazon's target)
    thresholds: dict[str, Decimal]
    severity: Severity | SeverityBands
    process_node: ProcessNode
    sla_hours: int = Field(ge=1)
    close_after_days: int = Field(ge=1)
    title: Template
    suggested_action: Template
    acceptance: Template

    def threshold(self, key: str) -> Decimal:
        return self.thresholds[key]

    def severity_for(self, value: Decimal | None) -> Severity:
        """The severity of a finding whose value is `value`: the first band that holds, else the default."""
        if isinstance(self.severity, str):
            return self.severity
        if value is not None:
            for band in self.severity.bands:
                if band.holds(value):
                    return band.severity
        return self.severity.default

    def finding(
        self,
        values: Mapping[str, object],
        *,
        marketplace: str,
        entity: str,
        metric: str,
        as_of: dt.date,
        value: Decimal | None = None,
        sku: str | None = None,
        threshold: Decimal | None = None,
        baseline: Decimal | None = None,
        evidence: Iterable[Evidence] = (),
        money_at_stake: Money | None = None,
        severity: Severity | None = None,
        zh_values: Mapping[str, object] | None = None,
        action: Text | None = None,
        title: Text | None = None,
        process_node: ProcessNode | None = None,
    ) -> Finding:
        """This rule's finding: title and suggested action rendered from `values` (`zh_values` where the Chinese
        text differs), severity from `value` unless given, the rule's process node unless given."""
        return Finding(
            rule=self.id,
            severity=severity or self.severity_for(value),
            platform=marketplace.split(".")[0],
            marketplace=marketplace,
            sku=sku,
            metric=metric,
            value=value,
            threshold=threshold,
            baseline=baseline,
            evidence=tuple(evidence),
            process_node=process_node or self.process_node,
            money_at_stake=money_at_stake,
            suggested_action=action or self.suggested_action.render(values, zh_values),
            as_of=as_of,
            entity=entity,
            title=title or self.title.render(values, zh_values),
        )

    def acceptance_text(self) -> Text:
        """The acceptance criterion, filled in with the rule's thresholds (rates as percentages)."""
        values = {k: _threshold_text(k, v) for k, v in self.thresholds.items()}
        if "threshold" not in values and self.thresholds:
            values["threshold"] = _threshold_text(*next(iter(self.thresholds.items())))
        return self.acceptance.render(values)


def _threshold_text(key: str, value: Decimal) -> str:
    whole = ("days", "rating", "spend", "hours", "quantity", "factor", "lines")
    return f"{value:f}" if any(w in key for w in whole) else percent(value)


def percent(fraction: Decimal | None) -> str:
    """0.0125 → '1.25%'; None → '—'."""
    if fraction is None:
        return "—"
    text = f"{(fraction * 100).quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return f"{text}%"
