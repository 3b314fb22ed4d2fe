"""The import direction of DESIGN.md §2: faces → domain → data → vocabulary, never back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "sellerops"
FACES = ("sellerops.cli", "sellerops.web", "sellerops.jobs")
# layer → the layers it must not import
DOMAIN_ABOVE_ANALYTICS = ("sellerops.rules", "sellerops.workflow", "sellerops.reports")
FORBIDDEN = {
    "core": (*FACES, *DOMAIN_ABOVE_ANALYTICS, "sellerops.analytics", "sellerops.sources", "sellerops.warehouse",
             "sellerops.demo"),
    "warehouse": (*FACES, *DOMAIN_ABOVE_ANALYTICS, "sellerops.analytics", "sellerops.sources", "sellerops.demo"),
    "sources": (*FACES, *DOMAIN_ABOVE_ANALYTICS, "sellerops.analytics", "sellerops.demo"),
    "analytics": (*FACES, *DOMAIN_ABOVE_ANALYTICS, "sellerops.sources", "sellerops.demo"),
    "rules": (*FACES, "sellerops.workflow", "sellerops.reports", "sellerops.sources", "sellerops.demo"),
    "workflow": (*FACES, "sellerops.reports", "sellerops.sources", "sellerops.demo"),
    "reports": (*FACES, "sellerops.sources", "sellerops.demo"),
    "demo": FACES,
}  # fmt: skip


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_layers_below_it(layer: str) -> None:
    # given every module of the layer
    offenders = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        # when its imports are read
        bad = {n for n in _imports(path) if n.startswith(FORBIDDEN[layer])}
        offenders += [f"{path.relative_to(PACKAGE)} imports {name}" for name in sorted(bad)]
    # then none reaches up or sideways
    assert offenders == []


def test_analytics_do_no_io() -> None:
    # analytics are pure: no files, no printing, no database connections of their own
    banned = {"duckdb", "pathlib", "open", "print", "os", "sys"}
    found = []
    for path in sorted((PACKAGE / "analytics").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in {"open", "print"}:
                found.append(f"{path.name}: {node.id}()")
        found += [f"{path.name}: import {n}" for n in _imports(path) if n.split(".")[0] in banned]
    assert found == []
