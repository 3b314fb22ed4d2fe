"""Findings become tasks: one per key, updated day by day, closed when clear for N days, reopened when back."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import duckdb
import pytest

from sellerops.core.money import Money
from sellerops.core.text import Text
from sellerops.errors import InputError, NotFound, WarehouseError
from sellerops.rules.findings import Evidence, Finding
from sellerops.warehouse import Warehouse
from sellerops.workflow import (
    OwnerAssignments,
    OwnerRule,
    RulePolicy,
    Task,
    TaskChanges,
    TaskEvent,
    complete_task,
    list_tasks,
    store,
    sync_tasks,
    task_history,
    task_id_for,
    tasks,
)

UTC = dt.UTC
DAY1 = dt.date(2026, 10, 1)
MORNING = dt.datetime(2026, 10, 2, 1, 30, tzinfo=UTC)  # the morning after DAY1, 09:30 in Shenzhen
ACCEPT = Text("ACoS back inside 25–35% for 3 days", "ACoS 连续 3 天回到 25–35%")
POLICIES = {
    "ads.acos_band": RulePolicy(sla_hours=48, close_after_days=3, acceptance=ACCEPT),
    "reviews.negative": RulePolicy(sla_hours=24, close_after_days=2, acceptance=Text("replied", "已回复")),
}
OWNERS = OwnerAssignments(
    (OwnerRule(None, "TEA-*", "amy"), OwnerRule("amazon.US", None, "bo"), OwnerRule(None, None, "chen"))
)
EVIDENCE = (Evidence("spend", Decimal("120.50"), Decimal("80"), "USD"), Evidence("since", DAY1))


def _acos(day: dt.date, value: str = "0.41", *, severity: Any = "high", money: str = "300") -> Finding:
    return Finding(
        rule="ads.acos_band", severity=severity, platform="amazon", marketplace="amazon.US", sku="TEA-1",
        metric="acos", value=Decimal(value), threshold=Decimal("0.35"), baseline=Decimal("0.30"),
        evidence=EVIDENCE, process_node="traffic/ads", money_at_stake=Money(Decimal(money), "USD"),
        suggested_action=Text("Lower bids on the top spenders", "降低高花费词的出价"), as_of=day, entity="TEA-1",
        title=Text("ACoS above 35%", "ACoS 高于 35%"),
    )  # fmt: skip


def _at(days: int, hour: int = 1) -> dt.datetime:
    """The morning after DAY1 + days."""
    return dt.datetime(2026, 10, 2, hour, 30, tzinfo=UTC) + dt.timedelta(days=days)


def _sync(warehouse: Warehouse, findings: list[Finding], day: dt.date, now: dt.datetime) -> TaskChanges:
    return sync_tasks(warehouse.con, findings, as_of=day, policies=POLICIES, owners=OWNERS, now=now)


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    return {
        name: con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall() for name in ("task", "task_event")
    }


ACOS_ID = (
    "UJWDWLMD"  # task_id_for(("ads.acos_band", "amazon.US", "TEA-1")), written down once as a golden value
)
ACOS_TASK = Task(
    task_id=ACOS_ID, rule="ads.acos_band", marketplace="amazon.US", entity="TEA-1", sku="TEA-1", status="open",
    priority="P2", severity="high", owner="amy", process_node="traffic/ads", metric="acos",
    value=Decimal("0.41"), threshold=Decimal("0.35"), baseline=Decimal("0.30"),
    money_at_stake=Money(Decimal("300"), "USD"), evidence=EVIDENCE, title=Text("ACoS above 35%", "ACoS 高于 35%"),
    suggested_action=Text("Lower bids on the top spenders", "降低高花费词的出价"), acceptance=ACCEPT,
    sla_hours=48, close_after_days=3, first_seen_date=DAY1, last_seen_date=DAY1, opened_at=MORNING,
    due_at=dt.datetime(2026, 10, 4, 1, 30, tzinfo=UTC), updated_at=MORNING, closed_at=None, done_by=None,
    note=None,
)  # fmt: skip


def test_task_ids_are_a_hash_of_the_key() -> None:
    assert task_id_for(("ads.acos_band", "amazon.US", "TEA-1")) == ACOS_ID
    assert task_id_for(("ads.acos_band", "amazon.UK", "TEA-1")) != ACOS_ID


def test_same_findings_twice_on_the_same_day_give_the_same_tasks_and_events(warehouse: Warehouse) -> None:
    # given a day's findings: an ACoS breach and a marketplace-level negative-review finding (no SKU)
    review = dataclasses.replace(
        _acos(DAY1), rule="reviews.negative", severity="critical", sku=None, entity="amazon.US",
        process_node="reviews/after-sales", money_at_stake=None, metric="negative_feedback",
    )  # fmt: skip
    # when they are synced
    first = _sync(warehouse, [review, _acos(DAY1)], DAY1, MORNING)
    # then each becomes one open task, due after its rule's SLA, owned as the owners file says
    review_task = dataclasses.replace(
        ACOS_TASK, task_id=task_id_for(("reviews.negative", "amazon.US", "amazon.US")), rule="reviews.negative",
        entity="amazon.US", sku=None, severity="critical", priority="P1", owner="bo",
        process_node="reviews/after-sales", metric="negative_feedback", money_at_stake=None,
        acceptance=Text("replied", "已回复"), sla_hours=24, close_after_days=2,
        due_at=dt.datetime(2026, 10, 3, 1, 30, tzinfo=UTC),
    )  # fmt: skip
    assert first == TaskChanges(DAY1, opened=(ACOS_TASK, review_task), updated=(), reopened=(), closed=())
    state = _tables(warehouse.con)
    # when the same findings are synced again later the same day
    again = _sync(warehouse, [_acos(DAY1), review], DAY1, MORNING + dt.timedelta(hours=3))
    # then nothing changes: no new task, no new event
    assert again == TaskChanges(DAY1, (), (), (), ())
    assert _tables(warehouse.con) == state
    assert list_tasks(warehouse.con) == (review_task, ACOS_TASK)
    assert task_history(warehouse.con, ACOS_ID) == (
        TaskEvent(ACOS_ID, 1, "opened", MORNING, DAY1, None, None),
    )


def test_next_day_finding_updates_the_same_task(warehouse: Warehouse) -> None:
    # given a task opened on day 1
    _sync(warehouse, [_acos(DAY1)], DAY1, MORNING)
    # when day 2 finds the same key worse, with more money at stake
    day2 = DAY1 + dt.timedelta(days=1)
    changes = _sync(warehouse, [_acos(day2, "0.52", severity="critical", money="800")], day2, _at(1))
    # then the same task carries the latest finding; its due time still counts from when it was first seen
    updated = dataclasses.replace(
        ACOS_TASK, severity="critical", priority="P1", value=Decimal("0.52"),
        money_at_stake=Money(Decimal("800"), "USD"), last_seen_date=day2, updated_at=_at(1),
    )  # fmt: skip
    assert changes == TaskChanges(day2, opened=(), updated=(updated,), reopened=(), closed=())
    assert list_tasks(warehouse.con, status=None) == (updated,)
    # and its history says what changed
    assert task_history(warehouse.con, ACOS_ID)[1:] == (
        TaskEvent(
            ACOS_ID, 2, "updated", _at(1), day2, None, None,
            (("severity", "high", "critical"), ("priority", "P2", "P1"), ("value", "0.41", "0.52"),
             ("money_at_stake", "300.00 USD", "800.00 USD")),
        ),
    )  # fmt: skip
    # when day 3 finds exactly the same: the last-seen day moves, with no update and no line of history
    day3 = day2 + dt.timedelta(days=1)
    quiet = _sync(warehouse, [_acos(day3, "0.52", severity="critical", money="800")], day3, _at(2))
    assert quiet == TaskChanges(day3, (), (), (), ())
    assert list_tasks(warehouse.con) == (dataclasses.replace(updated, last_seen_date=day3),)
    assert len(task_history(warehouse.con, ACOS_ID)) == 2


def test_clear_for_n_days_closes_on_day_n_exactly_and_a_return_reopens_the_same_task(
    warehouse: Warehouse,
) -> None:
    # given a task last seen on day 1, for a rule that closes after 3 clear days
    _sync(warehouse, [_acos(DAY1)], DAY1, MORNING)
    # when days 2 and 3 are clear, then it stays open (2 clear days are not 3)
    for n in (1, 2):
        day = DAY1 + dt.timedelta(days=n)
        assert _sync(warehouse, [], day, _at(n)) == TaskChanges(day, (), (), (), ())
    assert [t.status for t in list_tasks(warehouse.con, status=None)] == ["open"]
    # when day 4 is clear too, then it closes that day
    day4 = DAY1 + dt.timedelta(days=3)
    closed = dataclasses.replace(ACOS_TASK, status="closed", closed_at=_at(3), updated_at=_at(3))
    assert _sync(warehouse, [], day4, _at(3)) == TaskChanges(day4, (), (), (), (closed,))
    assert list_tasks(warehouse.con, status="closed") == (closed,)
    assert list_tasks(warehouse.con, status="open") == ()
    # when the condition returns on day 6, then the same task reopens with a new due time
    day6 = DAY1 + dt.timedelta(days=5)
    changes = _sync(warehouse, [_acos(day6, "0.44")], day6, _at(5))
    reopened = dataclasses.replace(
        ACOS_TASK, value=Decimal("0.44"), last_seen_date=day6, opened_at=_at(5),
        due_at=_at(5) + dt.timedelta(hours=48), updated_at=_at(5),
    )  # fmt: skip
    assert changes == TaskChanges(day6, (), (), (reopened,), ())
    assert list_tasks(warehouse.con) == (reopened,)
    assert task_history(warehouse.con, ACOS_ID) == (
        TaskEvent(ACOS_ID, 1, "opened", MORNING, DAY1, None, None),
        TaskEvent(ACOS_ID, 2, "closed", _at(3), day4, None, None),
        TaskEvent(ACOS_ID, 3, "reopened", _at(5), day6, None, None, (("value", "0.41", "0.44"),)),
    )


def test_done_task_reopens_when_found_on_a_day_after_it_was_done(warehouse: Warehouse) -> None:
    # given a task a person marked done on the morning of 2 October (UTC)
    _sync(warehouse, [_acos(DAY1)], DAY1, MORNING)
    done_at = MORNING + dt.timedelta(hours=2)
    done = complete_task(warehouse.con, ACOS_ID.lower(), note="bids cut by 20%", by="amy", now=done_at)
    assert done == dataclasses.replace(
        ACOS_TASK, status="done", closed_at=done_at, updated_at=done_at, done_by="amy", note="bids cut by 20%"
    )
    # when the check of 2 October still finds it (that day's data began before the fix), then it stays done
    day2 = DAY1 + dt.timedelta(days=1)
    assert _sync(warehouse, [_acos(day2)], day2, _at(1)) == TaskChanges(day2, (), (), (), ())
    assert list_tasks(warehouse.con, status="done") == (done,)
    # when 3 October finds it again, then the fix did not hold: the task reopens
    day3 = DAY1 + dt.timedelta(days=2)
    reopened = dataclasses.replace(
        ACOS_TASK,
        last_seen_date=day3,
        opened_at=_at(2),
        due_at=_at(2) + dt.timedelta(hours=48),
        updated_at=_at(2),
    )
    assert _sync(warehouse, [_acos(day3)], day3, _at(2)) == TaskChanges(day3, (), (), (reopened,), ())
    assert task_history(warehouse.con, ACOS_ID) == (
        TaskEvent(ACOS_ID, 1, "opened", MORNING, DAY1, None, None),
        TaskEvent(ACOS_ID, 2, "done", done_at, None, "amy", "bids cut by 20%"),
        TaskEvent(ACOS_ID, 3, "reopened", _at(2), day3, None, None),
    )


def test_due_time_and_closing_follow_the_rule_policy_or_the_fallback(warehouse: Warehouse) -> None:
    # given findings of rules the policies do not name: one about account health, one about listings
    health = dataclasses.replace(
        _acos(DAY1), rule="health.odr", process_node="account-health", sku=None, entity="amazon.US"
    )
    listing = dataclasses.replace(_acos(DAY1), rule="listing.suppressed", process_node="listing/content")
    # when they are synced
    opened = _sync(warehouse, [health, listing], DAY1, MORNING).opened
    # then account health is due in 24 hours and the listing in 72, both closing after 3 clear days
    assert [(t.rule, t.due_at - t.opened_at, t.close_after_days) for t in opened] == [
        ("health.odr", dt.timedelta(hours=24), 3),
        ("listing.suppressed", dt.timedelta(hours=72), 3),
    ]
    assert opened[0].acceptance == Text(
        "The check finds nothing for 3 days in a row.", "连续 3 天检查不再发现该问题。"
    )


def test_list_tasks_filters_and_orders_by_priority_then_due_time(warehouse: Warehouse) -> None:
    # given three tasks of different priority, owner and marketplace
    uk = dataclasses.replace(_acos(DAY1), marketplace="amazon.UK", money_at_stake=Money(Decimal(5), "GBP"))
    low = dataclasses.replace(_acos(DAY1), entity="TEA-2", sku="TEA-2", severity="low")
    big = dataclasses.replace(
        _acos(DAY1), entity="COFFEE-1", sku="COFFEE-1", money_at_stake=Money(Decimal(900), "USD")
    )
    _sync(warehouse, [uk, low, big], DAY1, MORNING)
    summary = [(t.entity, t.marketplace, t.priority, t.owner) for t in list_tasks(warehouse.con)]
    assert summary == [
        ("COFFEE-1", "amazon.US", "P1", "bo"),
        ("TEA-1", "amazon.UK", "P2", "amy"),
        ("TEA-2", "amazon.US", "P4", "amy"),
    ]
    assert [t.entity for t in list_tasks(warehouse.con, owner="amy", marketplace="amazon.US")] == ["TEA-2"]
    assert list_tasks(warehouse.con, status="done") == ()


def test_bad_input_is_refused_and_changes_nothing(warehouse: Warehouse) -> None:
    _sync(warehouse, [_acos(DAY1)], DAY1, MORNING)
    day2 = DAY1 + dt.timedelta(days=1)
    _sync(warehouse, [], day2, _at(1))
    state = _tables(warehouse.con)
    with pytest.raises(InputError, match=r"is about 2026-10-01, not 2026-10-02"):
        _sync(warehouse, [_acos(DAY1)], day2, _at(1))
    with pytest.raises(InputError, match=r"two findings for \('ads.acos_band', 'amazon.US', 'TEA-1'\)"):
        _sync(warehouse, [_acos(day2), _acos(day2, "0.5")], day2, _at(1))
    with pytest.raises(InputError, match=r"a time without a zone"):
        _sync(warehouse, [], day2, dt.datetime(2026, 10, 3, 1))
    assert _tables(warehouse.con) == state
    # a finding that raised the last-seen day makes earlier days history: syncing one again is refused
    _sync(warehouse, [_acos(day2)], day2, _at(1))
    state = _tables(warehouse.con)
    with pytest.raises(InputError, match=r"already hold findings up to 2026-10-02; 2026-10-01 is earlier"):
        _sync(warehouse, [], DAY1, _at(1))
    assert _tables(warehouse.con) == state


def test_sync_is_one_transaction(warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch) -> None:
    # given a sync that fails after writing its tasks but before its events
    def broken(con: duckdb.DuckDBPyConnection, events: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "insert_events", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        _sync(warehouse, [_acos(DAY1)], DAY1, MORNING)
    # then nothing of it was kept
    assert _tables(warehouse.con) == {"task": [], "task_event": []}


def test_a_hash_already_taken_by_another_key_gets_a_sequence(
    warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks, "task_id_for", lambda key: "SAMEHASH")
    other = dataclasses.replace(_acos(DAY1), entity="TEA-2", sku="TEA-2")
    opened = _sync(warehouse, [other, _acos(DAY1)], DAY1, MORNING).opened
    assert [(t.entity, t.task_id) for t in opened] == [("TEA-1", "SAMEHASH"), ("TEA-2", "SAMEHASH-2")]


def test_complete_task_refuses_an_unknown_id_a_blank_note_and_a_closed_task(warehouse: Warehouse) -> None:
    _sync(warehouse, [_acos(DAY1)], DAY1, MORNING)
    state = _tables(warehouse.con)
    with pytest.raises(
        NotFound, match=r"no task 'NOPE'; list the task ids with `sellerops tasks --status all`"
    ):
        complete_task(warehouse.con, "NOPE", note="fixed", now=_at(0))
    with pytest.raises(InputError, match=r"say what was done"):
        complete_task(warehouse.con, ACOS_ID, note="  ", now=_at(0))
    assert _tables(warehouse.con) == state
    complete_task(warehouse.con, ACOS_ID, note="fixed", now=_at(0, hour=3))
    state = _tables(warehouse.con)
    with pytest.raises(InputError, match=rf"task {ACOS_ID} is already done since 2026-10-02 03:30 UTC"):
        complete_task(warehouse.con, ACOS_ID, note="again", now=_at(0, hour=4))
    assert _tables(warehouse.con) == state


def test_a_warehouse_made_before_tasks_existed_says_what_to_do(warehouse: Warehouse) -> None:
    warehouse.con.execute("DROP TABLE task_event")
    warehouse.con.execute("DROP TABLE task")
    with pytest.raises(WarehouseError, match=r"this warehouse has no task tables .*build it again"):
        list_tasks(warehouse.con)
