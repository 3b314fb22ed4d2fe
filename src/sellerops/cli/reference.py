"""The CLI reference in Markdown, generated from the commands themselves (docs/reference/cli.md)."""

from __future__ import annotations

import typer.core
import typer.main

from sellerops.cli.app import app


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
    for name in sorted(root.commands):
        command = root.commands[name]
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


if __name__ == "__main__":
    print(render_reference())  # the CLI's own output layer is not needed for a generator script
