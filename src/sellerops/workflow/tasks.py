"""Findings become tasks: opened, updated by the next day's finding, closed when clear, reopened when back."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import decimal
import functools
import hashlib
import logging
from collections.abc import Iterable, Mapping
from decimal import Decimal

import duckdb

from sellerops.core.money import Money
from sellerops.core.process import ProcessNode
from sellerops.errors import InputError, NotFound
from sellerops.rules.findings import Finding
from sellerops.workflow import store
from sellerops.workflow.models import (
    PRIORITIES,
    EventKind,
    RulePolicy,
    Task,
    TaskChanges,
    TaskEvent,
    TaskStatus,
)
from sellerops.workflow.owners import OwnerAssignments
from sellerops.workflow.priority import MONEY_AT_STAKE_THRESHOLDS, fallback_policy, task_priority

log = logging.getLogger(__name__)

# The fields a new finding refreshes; a change in any of them is an "updated" event that lists it.
LATEST_FIELDS = (
    "severity", "priority", "owner", "sku", "process_node", "metric", "value", "threshold", "baseline",
    "money_at_stake", "evidence", "title", "suggested_action", "acceptance", "close_after_days",
)  # fmt: skip
FIGURE_SCALE = Decimal("1e-10")  # the scale of task.value/threshold/baseline
MONEY_SCALE = Decimal("1e-4")  # the scale of money columns


def task_id_for(key: tuple[str, str, str]) -> str:
    """Eight base32 characters of the SHA-256 of the key: the same finding gets the same id in any warehouse."""
    digest = hashlib.sha256("\x1f".join(key).encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:8]


def last_synced_date(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The latest day of findings the task list has taken in, or None before the first sync."""
    row = store.query(
        con,
        "SELECT max(d) FROM (SELECT max(as_of) AS d FROM task_event UNION ALL SELECT max(last_seen_date) FROM task)",
    )
    return row[0][0] if row else None


def sync_tasks(
    con: duckdb.DuckDBPyConnection,
    findings: Iterable[Finding],
    *,
    as_of: dt.date,
    policies: Mapping[str, RulePolicy],
    owners: OwnerAssignments,
    now: dt.datetime,
    money_thresholds: Mapping[str, Decimal] = MONEY_AT_STAKE_THRESHOLDS,
) -> TaskChanges:
    """Take in every finding of day `as_of` in one transaction. `findings` must be the whole of that day's checks:
    an open task whose key is absent counts the day as clear. Days go in order; an earlier day than the task list
    already holds is refused. Syncing the same findings again changes nothing."""
    now = _utc_now(now)
    todays = _by_key(findings, as_of)
    opened: list[Task] = []
    updated: list[Task] = []
    refreshed: list[Task] = []  # only the last-seen day moved: kept, but not worth a line of history
    reopened: list[Task] = []
    closed: list[Task] = []
    events: list[TaskEvent] = []
    with store.transaction(con):
        latest = last_synced_date(con)
        if latest is not None and as_of < latest:
            raise InputError(
                f"the tasks already hold findings up to {latest}; {as_of} is earlier. Sync days in order "
                "(a day already synced may be synced again)"
            )
        tasks = {t.key: t for t in store.fetch_tasks(con)}
        seqs = store.last_seqs(con)
        taken = {t.task_id for t in tasks.values()}
        fill = functools.partial(_with_finding, owners=owners, thresholds=money_thresholds)

        def record(
            task: Task, kind: EventKind, changes: tuple[tuple[str, str | None, str | None], ...] = ()
        ) -> None:
            seqs[task.task_id] = seqs.get(task.task_id, 0) + 1
            events.append(TaskEvent(task.task_id, seqs[task.task_id], kind, now, as_of, None, None, changes))

        for key, finding in sorted(todays.items()):
            policy = _policy(finding.rule, finding.process_node, policies)
            old = tasks.get(key)
            if old is None:
                task = fill(_open(finding, _free_id(key, taken), policy, now), finding, policy)
                taken.add(task.task_id)
                opened.append(task)
                record(task, "opened")
            elif old.status == "open":
                task = dataclasses.replace(
                    fill(old, finding, policy), last_seen_date=max(old.last_seen_date, as_of)
                )
                changes = _changes(old, task)
                if changes:
                    task = dataclasses.replace(task, updated_at=now)
                    updated.append(task)
                    record(task, "updated", changes)
                elif task != old:
                    refreshed.append(task)
            elif _returns(old, as_of):
                task = dataclasses.replace(
                    fill(old, finding, policy), status="open", last_seen_date=as_of, opened_at=now,
                    due_at=now + dt.timedelta(hours=policy.sla_hours), sla_hours=policy.sla_hours,
                    updated_at=now, closed_at=None, done_by=None, note=None,
                )  # fmt: skip
                reopened.append(task)
                record(task, "reopened", _changes(old, task))

        for key, old in sorted(tasks.items()):
            if key in todays or old.status != "open":
                continue
            policy = _policy(old.rule, old.process_node, policies)
            if (as_of - old.last_seen_date).days >= policy.close_after_days:
                task = dataclasses.replace(old, status="closed", closed_at=now, updated_at=now)
                closed.append(task)
                record(task, "closed")

        store.insert_tasks(con, opened)
        store.update_tasks(con, [*updated, *refreshed, *reopened, *closed])
        store.insert_events(con, events)
    result = TaskChanges(as_of, tuple(opened), tuple(updated), tuple(reopened), tuple(closed))
    log.info(
        "tasks for %s: %d opened, %d updated, %d reopened, %d closed",
        as_of, len(result.opened), len(result.updated), len(result.reopened), len(result.closed),
    )  # fmt: skip
    return result


def list_tasks(
    con: duckdb.DuckDBPyConnection,
    *,
    owner: str | None = None,
    status: TaskStatus | None = None,
    marketplace: str | None = None,
) -> tuple[Task, ...]:
    """Tasks, most urgent first (priority, then due time, then id); each filter left None matches everything."""
    where, params = [], []
    for column, wanted in (("owner", owner), ("status", status), ("marketplace", marketplace)):
        if wanted is not None:
            where.append(f"{column} = ?")
            params.append(wanted)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    tasks = store.fetch_tasks(con, clause, params)
    return tuple(sorted(tasks, key=lambda t: (PRIORITIES.index(t.priority), t.due_at, t.task_id)))


def get_task(con: duckdb.DuckDBPyConnection, task_id: str) -> Task:
    found = store.fetch_tasks(con, "WHERE task_id = ?", [task_id.strip().upper()])
    if not found:
        raise NotFound(f"no task {task_id!r}; list the task ids with `sellerops tasks --status all`")
    return found[0]


def task_history(con: duckdb.DuckDBPyConnection, task_id: str) -> tuple[TaskEvent, ...]:
    return tuple(store.fetch_events(con, get_task(con, task_id).task_id))


def complete_task(
    con: duckdb.DuckDBPyConnection, task_id: str, *, note: str, by: str | None = None, now: dt.datetime
) -> Task:
    """A person marks an open task done, saying what was done. The check still has the last word: if the
    condition is found on a later day, the task reopens (docs/tasks.md)."""
    now = _utc_now(now)
    if not note.strip():
        raise InputError(f'say what was done to close task {task_id!r}: --note "…"')
    with store.transaction(con):
        old = get_task(con, task_id)
        if old.status != "open":
            when = f" since {old.closed_at:%Y-%m-%d %H:%M} UTC" if old.closed_at else ""
            raise InputError(
                f"task {old.task_id} is already {old.status}{when}; only open tasks can be marked done"
            )
        task = dataclasses.replace(
            old, status="done", closed_at=now, updated_at=now, done_by=by, note=note.strip()
        )
        seq = store.last_seqs(con).get(task.task_id, 0) + 1
        store.update_tasks(con, [task])
        store.insert_events(con, [TaskEvent(task.task_id, seq, "done", now, None, by, task.note)])
    return task


def _utc_now(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None:
        raise InputError(f"a time without a zone ({now}) is ambiguous; pass it in UTC")
    return now.astimezone(dt.UTC)


def _by_key(findings: Iterable[Finding], as_of: dt.date) -> dict[tuple[str, str, str], Finding]:
    todays: dict[tuple[str, str, str], Finding] = {}
    for finding in findings:
        if finding.as_of != as_of:
            raise InputError(
                f"finding {finding.key} is about {finding.as_of}, not {as_of}; sync one day at a time"
            )
        if finding.key in todays:
            raise InputError(
                f"two findings for {finding.key} on {as_of}; a rule gives one finding per entity a day"
            )
        todays[finding.key] = finding
    return todays


def _free_id(key: tuple[str, str, str], taken: set[str]) -> str:
    """The key's hash; in the rare case another key already holds it, the hash with -2, -3, … after it."""
    base = task_id_for(key)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _policy(rule: str, process_node: ProcessNode, policies: Mapping[str, RulePolicy]) -> RulePolicy:
    return policies.get(rule) or fallback_policy(process_node)


def _with_finding(
    task: Task,
    finding: Finding,
    policy: RulePolicy,
    owners: OwnerAssignments,
    thresholds: Mapping[str, Decimal],
) -> Task:
    """The task carrying what the finding says, at the scale the warehouse keeps (so a re-read compares equal)."""
    money = finding.money_at_stake
    if money is not None:
        money = Money(money.amount.quantize(MONEY_SCALE), money.currency)
    return dataclasses.replace(
        task,
        severity=finding.severity,
        priority=task_priority(finding.severity, money, thresholds=thresholds),
        owner=owners.owner_for(finding.marketplace, finding.sku),
        sku=finding.sku,
        process_node=finding.process_node,
        metric=finding.metric,
        value=_scaled(finding.value),
        threshold=_scaled(finding.threshold),
        baseline=_scaled(finding.baseline),
        money_at_stake=money,
        evidence=finding.evidence,
        title=finding.title,
        suggested_action=finding.suggested_action,
        acceptance=policy.acceptance,
        close_after_days=policy.close_after_days,
    )


def _scaled(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    with decimal.localcontext(prec=40):
        return value.quantize(FIGURE_SCALE)


def _open(finding: Finding, task_id: str, policy: RulePolicy, now: dt.datetime) -> Task:
    """A new task for a finding; its finding fields are filled in by `_with_finding`."""
    return Task(
        task_id=task_id, rule=finding.rule, marketplace=finding.marketplace, entity=finding.entity,
        sku=finding.sku, status="open", priority="P4", severity=finding.severity, owner=None,
        process_node=finding.process_node, metric=finding.metric, value=None, threshold=None, baseline=None,
        money_at_stake=None, evidence=(), title=finding.title, suggested_action=finding.suggested_action,
        acceptance=policy.acceptance, sla_hours=policy.sla_hours, close_after_days=policy.close_after_days,
        first_seen_date=finding.as_of, last_seen_date=finding.as_of, opened_at=now,
        due_at=now + dt.timedelta(hours=policy.sla_hours), updated_at=now, closed_at=None, done_by=None, note=None,
    )  # fmt: skip


def _returns(task: Task, as_of: dt.date) -> bool:
    """A closed task reopens when its condition is found again. A done one reopens when it is found on a day
    after the day it was marked done: that day's own data may still show the condition from before the fix."""
    if task.status == "closed":
        return as_of > task.last_seen_date
    return task.closed_at is not None and as_of > task.closed_at.date()


def _changes(
    old: Task, new: Task, *, fields: tuple[str, ...] = LATEST_FIELDS
) -> tuple[tuple[str, str | None, str | None], ...]:
    found = []
    for name in fields:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            found.append((name, _shown(before), _shown(after)))
    return tuple(found)


def _shown(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, tuple):  # evidence
        return store.encode_evidence(value)
    en = getattr(value, "en", None)
    return en if isinstance(en, str) else str(value)
