"""The records of the task list: a task, what happened to it, what a sync changed, and each rule's policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from sellerops.core.money import Money
from sellerops.core.process import ProcessNode
from sellerops.core.text import Text
from sellerops.errors import ConfigError
from sellerops.rules.findings import Evidence, Severity

TaskStatus = Literal["open", "done", "closed"]
TASK_STATUSES: tuple[TaskStatus, ...] = ("open", "done", "closed")
EventKind = Literal["opened", "updated", "closed", "reopened", "done"]
Priority = Literal["P1", "P2", "P3", "P4"]
PRIORITIES: tuple[Priority, ...] = ("P1", "P2", "P3", "P4")  # most urgent first


@dataclass(frozen=True)
class RulePolicy:
    """What a rule promises once it has found something: answer within `sla_hours`, and consider the condition
    gone after `close_after_days` days in a row without a finding. `acceptance` says what "fixed" means."""

    sla_hours: int
    close_after_days: int
    acceptance: Text

    def __post_init__(self) -> None:
        if self.sla_hours < 1 or self.close_after_days < 1:
            raise ConfigError(
                f"a rule policy needs sla_hours ≥ 1 and close_after_days ≥ 1; got sla_hours={self.sla_hours}, "
                f"close_after_days={self.close_after_days}"
            )


@dataclass(frozen=True)
class Task:
    """One open, done or closed piece of work about one (rule, marketplace, entity), carrying its latest finding.

    `opened_at` is when the current open spell began (first seen, or the latest reopening) and
    `due_at = opened_at + sla_hours`. `closed_at` is set while the task is done or closed; `done_by` and `note`
    only when a person marked it done."""

    task_id: str
    rule: str
    marketplace: str
    entity: str
    sku: str | None
    status: TaskStatus
    priority: Priority
    severity: Severity
    owner: str | None
    process_node: ProcessNode
    metric: str
    value: Decimal | None
    threshold: Decimal | None
    baseline: Decimal | None
    money_at_stake: Money | None
    evidence: tuple[Evidence, ...]
    title: Text
    suggested_action: Text
    acceptance: Text
    sla_hours: int
    close_after_days: int
    first_seen_date: dt.date
    last_seen_date: dt.date
    opened_at: dt.datetime
    due_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None
    done_by: str | None
    note: str | None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.marketplace, self.entity)


@dataclass(frozen=True)
class TaskEvent:
    """One line of a task's append-only history. `as_of` is the day of the findings a sync acted on (None for a
    person's action); `changes` names each field an update changed, with its old and new value as text."""

    task_id: str
    seq: int
    kind: EventKind
    happened_at: dt.datetime
    as_of: dt.date | None
    by: str | None
    note: str | None
    changes: tuple[tuple[str, str | None, str | None], ...] = ()


@dataclass(frozen=True)
class TaskChanges:
    """What one sync did, each list in task-key order. A second sync of the same findings returns all empty."""

    as_of: dt.date
    opened: tuple[Task, ...]
    updated: tuple[Task, ...]
    reopened: tuple[Task, ...]
    closed: tuple[Task, ...]
