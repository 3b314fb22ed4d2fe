"""Options and error handling every command shares."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sellerops.cli.output import errors
from sellerops.errors import SellerOpsError

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", envvar="SELLEROPS_DB", help="The warehouse file (default ./.sellerops/sellerops.duckdb)."
    ),
]
FormatOption = Annotated[str, typer.Option("--format", help="table, csv or json.")]


def fail(error: SellerOpsError) -> typer.Exit:
    """Print the error the way every command does and exit with status 1."""
    errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
    return typer.Exit(1)


def check_format(fmt: str) -> str:
    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter(f"{fmt!r} is not a format; use table, csv or json", param_hint="--format")
    return fmt
