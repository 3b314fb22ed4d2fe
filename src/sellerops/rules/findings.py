"""What a check found: one record per rule and entity, with the numbers behind it and what to do next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from sellerops.core.money import Money
from sellerops.core.process import ProcessNode
from sellerops.core.text import Text

Severity = Literal["critical", "high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low")  # most urgent first

Figure = Decimal | int | str | dt.date | None


@dataclass(frozen=True)
class Evidence:
    """One number behind a finding, e.g. sessions 412 against a baseline of 630, or the share of a drop that
    conversion explains. `name` is a stable key (reports translate it); `unit` is "", "%", "days", "hours" or a currency."""

    name: str
    value: Figure
    baseline: Figure = None
    unit: str = ""


@dataclass(frozen=True)
class Finding:
    """The fields of DESIGN.md §2, plus the day it is about, the entity it is about and a one-line title.

    `entity` identifies what the finding is about within its rule (a SKU, an order id, a campaign, or the
    marketplace itself): the workflow keeps one open task per (rule, marketplace, entity)."""

    rule: str  # the rule's id in the rules file, e.g. "ads.acos_band"
    severity: Severity
    platform: str  # "amazon"
    marketplace: str  # "amazon.US"
    sku: str | None  # None when the finding is about the whole marketplace
    metric: str
    value: Decimal | None
    threshold: Decimal | None
    baseline: Decimal | None
    evidence: tuple[Evidence, ...]
    process_node: ProcessNode
    money_at_stake: Money | None
    suggested_action: Text
    as_of: dt.date
    entity: str
    title: Text

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.marketplace, self.entity)
