"""`sellerops tasks` and `sellerops task done|show`: the to-do list the daily check leaves behind."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, cast

import typer
from rich.markup import escape

from sellerops.cli.options import DbOption, FormatOption, check_format, fail
from sellerops.cli.output import console, print_rows
from sellerops.core.marketplaces import get_marketplace
from sellerops.core.text import LANGUAGES, Language
from sellerops.errors import SellerOpsError, WarehouseError
from sellerops.warehouse import open_warehouse, resolve_db_path
from sellerops.workflow import (
    TASK_STATUSES,
    Task,
    TaskEvent,
    TaskStatus,
    complete_task,
    get_task,
    list_tasks,
    task_history,
)

task_app: typer.Typer = typer.Typer(
    help="Work on one task: `task done ID --note TEXT [--by NAME]` marks it done; `task show ID` shows it "
    "with its history.",
    no_args_is_help=True,
)

LangOption = Annotated[str, typer.Option("--lang", help="en or zh: the language of titles and actions.")]
COLUMNS = ["task_id", "priority", "status", "due_at", "owner", "marketplace", "entity", "rule", "title",
           "money_at_stake", "currency", "last_seen_date"]  # fmt: skip
DETAIL_COLUMNS = [*COLUMNS, "severity", "value", "threshold", "suggested_action", "acceptance", "note"]


def _language(lang: str) -> Language:
    if lang not in LANGUAGES:
        raise typer.BadParameter(f"{lang!r}: use {' or '.join(LANGUAGES)}", param_hint="--lang")
    return lang


def _row(task: Task, lang: Language, columns: list[str]) -> tuple[object, ...]:
    money = task.money_at_stake
    values: dict[str, object] = {
        **{name: getattr(task, name, None) for name in columns},
        "title": task.title(lang),
        "suggested_action": task.suggested_action(lang),
        "acceptance": task.acceptance(lang),
        "money_at_stake": money.amount if money else None,
        "currency": money.currency if money else None,
    }
    return tuple(values[name] for name in columns)


def tasks_command(
    owner: Annotated[str | None, typer.Option("--owner", help="Only this owner's tasks.")] = None,
    status: Annotated[str, typer.Option("--status", help="open, done, closed or all.")] = "open",
    marketplace: Annotated[
        str | None, typer.Option("--marketplace", help="Only this marketplace, e.g. amazon.US.")
    ] = None,
    lang: LangOption = "en",
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """List the tasks the daily checks opened, most urgent first: priority, due time (UTC), owner and what."""
    check_format(fmt)
    language = _language(lang)
    if status not in (*TASK_STATUSES, "all"):
        raise typer.BadParameter(f"{status!r}: use open, done, closed or all", param_hint="--status")
    try:
        code = get_marketplace(marketplace).code if marketplace else None
        with open_warehouse(db, read_only=True) as warehouse:
            tasks = list_tasks(
                warehouse.con,
                owner=owner,
                status=None if status == "all" else cast(TaskStatus, status),
                marketplace=code,
            )
    except SellerOpsError as error:
        raise fail(error) from None
    columns = COLUMNS if fmt == "table" else DETAIL_COLUMNS
    title = f"Tasks ({status}{', ' + owner if owner else ''}{', ' + code if code else ''})"
    print_rows(columns, [_row(t, language, columns) for t in tasks], fmt=fmt, title=title)


@task_app.command("done")
def done_command(
    task_id: Annotated[
        str, typer.Argument(metavar="ID", help="The task's id, as `sellerops tasks` lists it.")
    ],
    note: Annotated[str, typer.Option("--note", help="What was done; kept in the task's history.")],
    by: Annotated[str | None, typer.Option("--by", help="Who did it.")] = None,
    db: DbOption = None,
) -> None:
    """Mark an open task done with a note. If the check finds the condition again on a later day, it reopens."""
    try:
        path = resolve_db_path(db)
        if not path.exists():
            raise WarehouseError(f"no warehouse at {path}; give the one the tasks are in with --db PATH")
        with open_warehouse(path) as warehouse:
            task = complete_task(warehouse.con, task_id, note=note, by=by, now=dt.datetime.now(dt.UTC))
    except SellerOpsError as error:
        raise fail(error) from None
    console.print(f"[green]✓[/green] task {task.task_id} done: {escape(task.title.en)}", highlight=False)


@task_app.command("show")
def show_command(
    task_id: Annotated[
        str, typer.Argument(metavar="ID", help="The task's id, as `sellerops tasks` lists it.")
    ],
    lang: LangOption = "en",
    db: DbOption = None,
) -> None:
    """Show one task and its history: opened, updated, closed, reopened, done, with notes and what changed."""
    language = _language(lang)
    try:
        with open_warehouse(db, read_only=True) as warehouse:
            task = get_task(warehouse.con, task_id)
            events = task_history(warehouse.con, task.task_id)
    except SellerOpsError as error:
        raise fail(error) from None
    values = _row(task, language, DETAIL_COLUMNS)
    print_rows(
        ["field", "value"], list(zip(DETAIL_COLUMNS, values, strict=True)), title=f"Task {task.task_id}"
    )
    print_rows(
        ["seq", "kind", "happened_at", "as_of", "by", "note", "changes"],
        [(e.seq, e.kind, e.happened_at, e.as_of, e.by, e.note, _changes(e)) for e in events],
        title="History",
    )


def _changes(event: TaskEvent) -> str | None:
    return "; ".join(f"{name}: {old} → {new}" for name, old, new in event.changes) or None
