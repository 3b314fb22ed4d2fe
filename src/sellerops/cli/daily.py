"""`sellerops run daily` and `sellerops report daily|weekly`: the morning check and its reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, cast

import typer
from rich.markup import escape

from sellerops.cli.options import DbOption, fail
from sellerops.cli.output import console, errors
from sellerops.core.text import LANGUAGES, Language
from sellerops.errors import SellerOpsError
from sellerops.jobs.daily import DailyRun, run_daily, write_reports
from sellerops.reports import FORMATS, Format

run_app: typer.Typer = typer.Typer(help="Run the checks: `run daily [--date D]`.", no_args_is_help=True)

DateOption = Annotated[
    str | None, typer.Option("--date", help="The day (YYYY-MM-DD); default: the last day the warehouse has.")
]
LangOption = Annotated[str, typer.Option("--lang", help="Report languages, comma-separated: zh, en.")]
FormatsOption = Annotated[
    str, typer.Option("--format", help="Report formats, comma-separated: html, xlsx, md.")
]
OutOption = Annotated[Path, typer.Option("--out", help="Folder for the reports.")]
RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules", help="Your rules file over the defaults (default ./sellerops-rules.yaml if present)."
    ),
]


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date; write it as YYYY-MM-DD", param_hint="--date"
        ) from None


def _choices(text: str, allowed: tuple[str, ...], option: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [c for c in chosen if c not in allowed]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"{', '.join(unknown) or text!r}: choose from {', '.join(allowed)}", param_hint=option
        )
    return chosen


def _say(message: str) -> None:
    errors.print(f"[dim]… {escape(message)}[/dim]", highlight=False)


def daily_summary(run: DailyRun) -> None:
    c = run.changes
    console.print(
        f"[bold]{run.as_of}[/bold]: {len(run.findings)} findings · tasks: {len(c.opened)} opened, "
        f"{len(c.updated)} updated, {len(c.reopened)} reopened, {len(c.closed)} closed · {run.open_tasks} open",
        highlight=False,
    )
    for finding in run.findings[:10]:
        stake = f" · {finding.money_at_stake}" if finding.money_at_stake else ""
        console.print(
            f"  [{finding.severity}] {escape(finding.title.en)} ({finding.process_node}){stake}",
            highlight=False,
        )
    if len(run.findings) > 10:
        console.print(f"  … and {len(run.findings) - 10} more: sellerops tasks", highlight=False)
    for path in run.files:
        console.print(f"  report: {path}", highlight=False)


@run_app.command("daily")
def run_daily_command(
    date: DateOption = None,
    rules: RulesOption = None,
    owners: Annotated[
        Path | None, typer.Option("--owners", help="SKU → owner file (.yaml or .csv; see docs/tasks.md).")
    ] = None,
    out: OutOption = Path("reports"),
    lang: LangOption = "zh,en",
    fmt: FormatsOption = "html,xlsx,md",
    db: DbOption = None,
) -> None:
    """Run every check for one day, turn the findings into tasks and write the daily report."""
    languages = cast(list[Language], _choices(lang, LANGUAGES, "--lang"))
    formats = cast(list[Format], _choices(fmt, FORMATS, "--format"))
    try:
        run = run_daily(
            db, as_of=_date(date), rules_path=rules, owners_path=owners, out_dir=out, languages=languages,
            formats=formats, progress=_say,
        )  # fmt: skip
    except SellerOpsError as error:
        raise fail(error) from None
    daily_summary(run)


def report_command(
    kind: Annotated[str, typer.Argument(help="daily or weekly.", show_default=False)],
    date: DateOption = None,
    lang: LangOption = "zh,en",
    fmt: FormatsOption = "html,xlsx,md",
    out: OutOption = Path("reports"),
    rules: RulesOption = None,
    db: DbOption = None,
) -> None:
    """Write the daily report of a day, or the weekly report of the seven days ending on it (tasks untouched)."""
    if kind not in ("daily", "weekly"):
        raise typer.BadParameter(f"{kind!r}: choose daily or weekly", param_hint="KIND")
    languages = cast(list[Language], _choices(lang, LANGUAGES, "--lang"))
    formats = cast(list[Format], _choices(fmt, FORMATS, "--format"))
    try:
        day, files = write_reports(
            "daily" if kind == "daily" else "weekly", db, as_of=_date(date), rules_path=rules, out_dir=out,
            languages=languages, formats=formats,
        )  # fmt: skip
    except SellerOpsError as error:
        raise fail(error) from None
    console.print(f"[bold]{kind} report for {day}[/bold]", highlight=False)
    for path in files:
        console.print(f"  {path}", highlight=False)
