from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sellerops.warehouse import Warehouse, open_warehouse


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    with open_warehouse(tmp_path / "warehouse" / "sellerops.duckdb") as opened:
        yield opened
