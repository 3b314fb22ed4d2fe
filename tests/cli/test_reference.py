"""docs/reference/*.md are generated from the code; these fail when the pages and the code drift apart."""

from __future__ import annotations

from sellerops.cli.reference import render_reference, render_report_reference
from support import REPO


def test_cli_reference_matches_the_commands() -> None:
    written = (REPO / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    assert written == render_reference() + "\n", "run `make docs-cli` and commit docs/reference/cli.md"


def test_report_reference_matches_the_report_families() -> None:
    written = (REPO / "docs" / "reference" / "reports.md").read_text(encoding="utf-8")
    assert written == render_report_reference() + "\n", (
        "run `make docs-cli` and commit docs/reference/reports.md"
    )
