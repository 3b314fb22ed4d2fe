"""Large files are hashed on a thread while DuckDB reads them: the hash, the line count and the repeat check are
the same as when a file is hashed first."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from sellerops.sources import files, one_pass
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse

HEADER = "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tsales-channel\tsku\tquantity\tcurrency\titem-price\n"
AT = "2025-07-01T10:00:00+00:00"
ROWS = f"111-1\t{AT}\t{AT}\tShipped\tAmazon.com\tA\t1\tUSD\t10.00\n111-2\t{AT}\t{AT}\tShipped\tAmazon.com\tB\t2\tUSD\t4.50\n"


@pytest.fixture
def in_background(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file is hashed on the thread, slowly enough that the reading starts before the hash is known, and may
    take the one pass, whatever its size."""
    monkeypatch.setattr(files, "BACKGROUND_HASH_BYTES", 0)
    monkeypatch.setattr(one_pass, "ONE_PASS_MIN_BYTES", 0)
    real = files.sha256_of

    def slow(path: Path) -> tuple[str, int]:
        time.sleep(0.2)
        return real(path)

    monkeypatch.setattr(files, "sha256_of", slow)


def test_the_hash_and_line_count_are_those_of_the_bytes(tmp_path: Path, in_background: None) -> None:
    # given a file of a header and two lines, the last without its line break
    path = tmp_path / "orders.txt"
    path.write_bytes((HEADER + ROWS).encode()[:-1])
    # when it is inspected
    source = files.inspect_file(path)
    # then its SHA-256 is that of its bytes and it has 3 lines
    assert (source.sha256, source.lines) == (hashlib.sha256(path.read_bytes()).hexdigest(), 3)


@pytest.mark.parametrize(
    "body", [ROWS, ROWS.replace("\n111-2", "\n\n111-2")], ids=["one-pass", "careful (a blank line)"]
)
def test_a_file_imported_twice_is_a_repeat_when_hashed_in_the_background(
    warehouse: Warehouse, tmp_path: Path, in_background: None, body: str
) -> None:
    # given an All Orders file imported once
    path = tmp_path / "orders.txt"
    path.write_text(HEADER + body, encoding="utf-8")
    first = import_file(warehouse, path)
    # when the same bytes are imported again
    second = import_file(warehouse, path)
    # then the second import changes nothing and names the first
    assert (first.status, first.rows_loaded) == ("loaded", 2)
    assert (second.status, second.import_id) == ("already_imported", first.import_id)
    assert (
        warehouse.count("order_line"),
        warehouse.count("order_header"),
        warehouse.count("import_ledger"),
    ) == (
        2,
        2,
        1,
    )
