"""The CLI reference in Markdown, generated from the commands themselves (docs/reference/cli.md)."""

from __future__ import annotations

import importlib
import sys

import typer.core
import typer.main

from sellerops.cli.app import app


def _commands(group: typer.core.TyperGroup, prefix: str = "") -> list[tuple[str, typer.core.TyperCommand]]:
    """Every command, sub-commands of a group (`task done`, `run daily`) under their full names."""
    found: list[tuple[str, typer.core.TyperCommand]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, typer.core.TyperGroup):
            found += _commands(command, f"{prefix}{name} ")
        elif isinstance(command, typer.core.TyperCommand):
            found.append((f"{prefix}{name}", command))
    return found


def render_reference() -> str:
    root = typer.main.get_command(app)
    assert isinstance(root, typer.core.TyperGroup)
    lines = [
        "# CLI reference",
        "",
        "Generated from the commands by `make docs-cli`; a test fails when this page and the CLI disagree.",
        "",
        "Every command that reads or writes the warehouse takes `--db PATH` (or the `SELLEROPS_DB` environment "
        "variable); the default is `./.sellerops/sellerops.duckdb`.",
        "",
    ]
    for name, command in _commands(root):
        lines += [f"## `sellerops {name}`", "", (command.help or "").strip(), ""]
        arguments = [p for p in command.params if isinstance(p, typer.core.TyperArgument)]
        options = [p for p in command.params if isinstance(p, typer.core.TyperOption) and p.name != "help"]
        if arguments:
            usage = " ".join(f"{(a.name or '').upper()}{'...' if a.nargs == -1 else ''}" for a in arguments)
            lines += [f"Arguments: `{usage}`", ""]
        if options:
            lines += ["| option | meaning | default |", "|---|---|---|"]
            for option in options:
                flags = " / ".join(f"`{o}`" for o in [*option.opts, *option.secondary_opts])
                default = "" if option.default in (None, False) or option.required else f"`{option.default}`"
                if option.required:
                    default = "required"
                lines.append(f"| {flags} | {(option.help or '').strip()} | {default} |")
            lines.append("")
    return "\n".join(lines)


def render_report_reference() -> str:
    """docs/reference/reports.md: every report family and the headers it is recognised by."""
    from sellerops.sources.registry import all_specs

    lines = [
        "# Reports sellerops reads",
        "",
        "Generated from the report families by `make docs-cli`; a test fails when this page and the code disagree.",
        "Headers are compared after casefolding, unifying dashes and spaces, and taking a currency symbol such as",
        "`(₹)` off the end; `{days}` stands for an attribution window (7, 14, …). **Bold** headers are required.",
        "",
    ]
    for spec in sorted(all_specs(), key=lambda s: s.name):
        module = type(spec).__module__
        doc = (importlib.import_module(module).__doc__ or "").strip().splitlines()
        lines += [
            f"## {spec.title}",
            "",
            f"`{spec.name}` · formats: {', '.join(sorted(spec.formats))} · `{module}`",
            "",
        ]
        if doc:
            lines += [doc[0], ""]
        if spec.columns:
            lines += ["| column | headers accepted |", "|---|---|"]
            for column in spec.columns:
                names = " / ".join(f"`{h}`" for h in column.headers)
                for language, table in spec.translations.items():
                    if column.target in table:
                        names += f" · {language}: " + " / ".join(f"`{h}`" for h in table[column.target])
                lines.append(
                    f"| {'**' + column.target + '**' if column.required else column.target} | {names} |"
                )
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    # A generator script: the CLI's output layer is not needed to write a file to stdout.
    print(render_report_reference() if sys.argv[1:] == ["reports"] else render_reference())
