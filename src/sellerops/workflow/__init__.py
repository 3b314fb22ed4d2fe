"""Findings become tasks with an owner, a deadline and an acceptance criterion."""

from sellerops.workflow.models import (
    PRIORITIES,
    TASK_STATUSES,
    Priority,
    RulePolicy,
    Task,
    TaskChanges,
    TaskEvent,
    TaskStatus,
)
from sellerops.workflow.owners import OwnerAssignments, OwnerRule, load_owners
from sellerops.workflow.priority import MONEY_AT_STAKE_THRESHOLDS, fallback_policy, task_priority
from sellerops.workflow.tasks import (
    complete_task,
    get_task,
    last_synced_date,
    list_tasks,
    sync_tasks,
    task_history,
    task_id_for,
)

__all__ = [
    "MONEY_AT_STAKE_THRESHOLDS",
    "PRIORITIES",
    "TASK_STATUSES",
    "OwnerAssignments",
    "OwnerRule",
    "Priority",
    "RulePolicy",
    "Task",
    "TaskChanges",
    "TaskEvent",
    "TaskStatus",
    "complete_task",
    "fallback_policy",
    "get_task",
    "last_synced_date",
    "list_tasks",
    "load_owners",
    "sync_tasks",
    "task_history",
    "task_id_for",
    "task_priority",
]
