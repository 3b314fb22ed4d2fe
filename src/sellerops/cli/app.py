"""`sellerops` commands. Each one parses its options, calls one library function and prints the result."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from sellerops import __version__
from sellerops.cli import ads, daily, tasks
from sellerops.cli import plan as plan_cli
from sellerops.cli.daily import daily_summary
from sellerops.cli.options import DbOption, FormatOption, check_format, fail
from sellerops.cli.output import console, errors, print_rows
from sellerops.core.marketplaces import get_marketplace
from sellerops.core.periods import Period
from sellerops.demo.manifest import DemoFile
from sellerops.errors import FileRefused, SellerOpsError
from sellerops.jobs.daily import run_daily, write_reports
from sellerops.jobs.demo import import_demo
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import ImportResult, import_file, iter_files
from sellerops.warehouse import open_analytics, open_warehouse

app = typer.Typer(
    name="sellerops",
    help="The operations assistant for cross-border e-commerce sellers: import the reports you download, "
    "keep them in a real database, and read the totals back.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        console.print(f"sellerops {__version__}")
        raise typer.Exit()


def _describe(result: ImportResult) -> str:
    if result.status == "already_imported":
        return f"[dim]= {result.path.name}: already imported as #{result.import_id}; nothing changed[/dim]"
    parts = [f"{result.rows_loaded:,} rows"]
    if result.rows_rejected:
        parts.append(f"[yellow]{result.rows_rejected:,} rejected → {result.rejects_path}[/yellow]")
    if result.rows_replaced:
        parts.append(f"{result.rows_replaced:,} earlier rows replaced")
    where = " ".join(x for x in (result.marketplace, result.period) if x)
    return f"[green]✓[/green] {escape(result.path.name)}: {result.title} {where} — {', '.join(parts)} (import #{result.import_id})"


@app.command("import")
def import_command(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders of them.", show_default=False)],
    marketplace: Annotated[
        str | None, typer.Option("--marketplace", help="For files that do not say it, e.g. amazon.UK.")
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="For files that do not carry their dates: FROM..TO.")
    ] = None,
    keep_going: Annotated[
        bool, typer.Option("--keep-going", help="Import the good rows; put the others in a rejects file.")
    ] = False,
    decimal_comma: Annotated[
        bool | None,
        typer.Option(
            "--decimal-comma/--decimal-point", help="How the file writes numbers, when not the usual."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import reports: detect each file's platform, report type and encoding, and load it in one transaction."""
    try:
        options = ImportOptions(
            marketplace=get_marketplace(marketplace) if marketplace else None,
            period=Period.parse(period) if period else None,
            keep_going=keep_going,
            decimal_comma=decimal_comma,
        )
        files = list(iter_files(paths))
    except SellerOpsError as error:
        raise fail(error) from None
    refused = 0
    with open_warehouse(db) as warehouse, _progress(len(files)) as progress:
        task = progress.add_task("importing", total=len(files))
        for path in files:
            progress.update(task, description=path.name[:40])
            try:
                progress.console.print(_describe(import_file(warehouse, path, options)), highlight=False)
            except FileRefused as error:
                refused += 1
                progress.console.print(f"[red]✗ refused[/red] {escape(str(error))}", highlight=False)
            except SellerOpsError as error:
                refused += 1
                progress.console.print(
                    f"[red]✗ failed[/red] {path.name}: {escape(str(error))}", highlight=False
                )
            except duckdb.Error as error:
                refused += 1
                progress.console.print(
                    f"[red]✗ failed[/red] {path.name}: the database refused the load ({error.__class__.__name__}: "
                    f"{escape(str(error))}); nothing of this file was kept. This is a sellerops bug: please report it with the file.",
                    highlight=False,
                )
            progress.advance(task)
    if len(files) > 1:
        errors.print(
            f"{len(files) - refused} of {len(files)} files imported or already there; {refused} refused."
        )
    if refused:
        raise typer.Exit(1)


def _progress(total: int) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=errors,
        transient=True,
        disable=total < 2,
    )


@app.command("imports")
def imports_command(db: DbOption = None, fmt: FormatOption = "table") -> None:
    """List the import ledger: every file loaded, what it was and what it gave."""
    check_format(fmt)
    columns = [
        "import_id", "file_name", "report_type", "marketplace", "period_from", "period_to", "rows_read",
        "rows_loaded", "rows_rejected", "rows_replaced", "status", "imported_at",
    ]  # fmt: skip
    try:
        with open_warehouse(db, read_only=True) as warehouse:
            rows = warehouse.con.execute(
                f"SELECT {', '.join(columns)} FROM import_ledger ORDER BY import_id"
            ).fetchall()
    except SellerOpsError as error:
        raise fail(error) from None
    print_rows(columns, rows, fmt=fmt, title="Imports")


@app.command("kpi")
def kpi_command(
    start: Annotated[
        dt.datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day (YYYY-MM-DD).")
    ],
    end: Annotated[dt.datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day, included.")],
    by: Annotated[str, typer.Option("--by", help="date, sku or marketplace.")] = "marketplace",
    marketplace: Annotated[str | None, typer.Option("--marketplace", help="Only this marketplace.")] = None,
    rates: Annotated[
        Path | None, typer.Option("--rates", help="A CSV of currency,rate to add each amount in --currency.")
    ] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help="The team's reporting currency, e.g. CNY (with --rates).")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Basic totals straight from the warehouse: traffic, units, orders, sales and ads, money per currency (and,
    with --rates and --currency, beside it in the team's reporting currency)."""
    from sellerops.analytics.kpi import KEYS, kpi_totals
    from sellerops.analytics.kpi_currency import to_reporting_currency
    from sellerops.sources.rates import load_rates

    if (rates is None) != (currency is None):
        raise typer.BadParameter("give --rates and --currency together", param_hint="--rates / --currency")

    check_format(fmt)
    if by not in ("date", "sku", "marketplace"):
        raise typer.BadParameter(f"{by!r}: use date, sku or marketplace", param_hint="--by")
    try:
        code = get_marketplace(marketplace).code if marketplace else None
        Period(start.date(), end.date())
        with open_analytics(db) as backend:
            table = kpi_totals(
                backend.table("sales_traffic"), backend.table("order_line"), backend.table("ad_performance"),
                start=start.date(), end=end.date(), by=by, marketplace=code,  # type: ignore[arg-type]
            )  # fmt: skip
            if rates is not None and currency is not None:
                table = to_reporting_currency(
                    table, load_rates(rates), currency=currency.upper(),
                    money_columns=("ordered_sales", "ad_spend", "ad_sales"),
                ).order_by(list(KEYS[by]))  # fmt: skip
            frame = table.to_pyarrow()
    except SellerOpsError as error:
        raise fail(error) from None
    rows = [tuple(r.values()) for r in frame.to_pylist()]
    print_rows(frame.column_names, rows, fmt=fmt, title=f"KPIs {start.date()}..{end.date()} by {by}")


@app.command("demo")
def demo_command(
    out_dir: Annotated[Path, typer.Option("--dir", help="Where the demo seller's report files go.")] = Path(
        "demo-seller"
    ),
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same seller.")] = 7,
    months: Annotated[int, typer.Option("--months", help="Months of daily history.")] = 15,
    skus: Annotated[int, typer.Option("--skus", help="How many SKUs.")] = 150,
    db: DbOption = None,
) -> None:
    """Write a realistic demo seller as real report files, import them, run the morning check of its last day and
    write the daily and weekly reports (to a reports/ folder beside --dir)."""
    from sellerops.demo import generate
    from sellerops.warehouse.overview import overview

    with errors.status("writing the demo seller's reports…") as status:
        manifest = generate(
            out_dir, seed=seed, months=months, sku_count=skus, progress=lambda m: status.update(m)
        )
    console.print(
        f"Wrote {len(manifest.files):,} report files to {out_dir}/ (ground truth: {out_dir}/ground_truth.json)"
    )
    with open_warehouse(db) as warehouse, _progress(len(manifest.files)) as progress:
        task = progress.add_task("importing", total=len(manifest.files))

        def before(item: DemoFile) -> None:
            progress.update(task, description=f"importing {Path(item.path).name[:36]}")
            progress.advance(task)

        def refused_one(item: DemoFile, error: SellerOpsError) -> None:
            progress.console.print(f"[red]✗ refused[/red] {escape(str(error))}", highlight=False)

        refused = import_demo(warehouse, manifest, before_file=before, on_refused=refused_one)
        held = overview(warehouse)
        path = warehouse.path
    print_rows(
        ["table", "marketplace", "rows", "first day", "last day"],
        [(o.table, o.marketplace, o.rows, o.first_date, o.last_date) for o in held],
        title="What the demo seller's reports gave",
    )
    if refused:
        errors.print(f"{refused} demo files were refused: this is a bug in sellerops; please report it.")
        raise typer.Exit(1)
    reports = out_dir.parent / "reports"
    try:
        run = run_daily(path, out_dir=reports, progress=lambda m: errors.print(f"[dim]… {escape(m)}[/dim]"))
        _, weekly = write_reports("weekly", path, as_of=run.as_of, out_dir=reports)
    except SellerOpsError as error:
        raise fail(error) from None
    daily_summary(run)
    for file in weekly:
        console.print(f"  report: {file}", highlight=False)
    last, week = manifest.end_date, manifest.end_date - dt.timedelta(days=6)
    console.print(
        f"Warehouse: {path}  ·  original files archived in {path.parent / 'archive'}\n"
        f"Next: .venv/bin/sellerops tasks --db {path}\n"
        f"      .venv/bin/sellerops kpi --db {path} --from {week} --to {last} --by date\n"
        f"      open {reports}/daily-{run.as_of}-en.html"
    )


@app.command("formats")
def formats_command() -> None:
    """List the report families sellerops reads."""
    from sellerops.sources.registry import all_specs

    rows = [(s.name, s.title, ", ".join(sorted(s.formats))) for s in all_specs()]
    print_rows(["report_type", "report", "file formats"], rows, title="Reports sellerops reads")


app.add_typer(daily.run_app, name="run")
app.command("report")(daily.report_command)
app.command("tasks")(tasks.tasks_command)
app.add_typer(tasks.task_app, name="task")
app.add_typer(ads.ads_app, name="ads")
app.add_typer(plan_cli.plan_app, name="plan")
app.add_typer(plan_cli.product_app, name="product")
