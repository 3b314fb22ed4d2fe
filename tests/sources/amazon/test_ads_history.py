"""Ads console change history (CSV) → ad_change: the real file with exact counts, twice; marketplace; re-downloads."""

from __future__ import annotations

import collections
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from sellerops.core.marketplaces import get_marketplace
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import datasets_dir, read_csv_rows, warehouse_state

US = ImportOptions(marketplace=get_marketplace("amazon.US"))
HEADER = "time,eventSourceType,eventSourceId,name,type,from,to,targetingType,matchType,targetingSecondary,campaignId,adGroupId,isSystemEvent,metadata\n"
META = '"{""campaignName"":""C"",""programType"":""SP""}"'


def _utc(ms: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(ms) / 1000, tz=dt.UTC)


@pytest.mark.datasets
def test_real_change_history_imports_every_change_and_twice_changes_nothing(warehouse: Warehouse) -> None:
    # given the real change history and what it holds, read with csv and json
    path = datasets_dir() / "amazon_ads_reports/ahtisham482_us_flatware/ads_change_history.csv"
    rows = read_csv_rows(path)
    programs = collections.Counter(json.loads(r["metadata"])["programType"] for r in rows)
    expected_programs = sorted(
        ({"SP": "SPONSORED_PRODUCTS", "SB": "SPONSORED_BRANDS"}[k], v) for k, v in programs.items()
    )
    # one change has no earlier bid: its `from` is the text "null"
    nulls = sum(1 for r in rows if r["from"] == "null")
    bid_moves = sum((Decimal(r["to"]) - Decimal(r["from"]) for r in rows if r["from"] != "null"), Decimal(0))

    # when it is imported twice for amazon.US
    first = import_file(warehouse, path, US)
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path, US)

    # then every change is one row, with its time, ids and values as written
    assert (first.status, first.rows_loaded, first.rows_rejected, first.period) == (
        "loaded", len(rows), 0, "2026-04-15..2026-05-15",
    )  # fmt: skip
    assert warehouse.con.execute(
        "SELECT count(*), min(changed_at), max(changed_at), count(DISTINCT entity_id), max(seq), "
        "sum(CAST(new_value AS DECIMAL(18, 4)) - CAST(old_value AS DECIMAL(18, 4))), "
        "count(*) FILTER (WHERE old_value IS NULL) FROM ad_change"
    ).fetchone() == (
        len(rows), min(_utc(r["time"]) for r in rows), max(_utc(r["time"]) for r in rows),
        len({r["eventSourceId"] for r in rows}), 1, bid_moves, nulls,
    )  # fmt: skip
    assert (
        warehouse.con.execute("SELECT ad_product, count(*) FROM ad_change GROUP BY 1 ORDER BY 1").fetchall()
        == expected_programs
    )
    assert warehouse.con.execute(
        "SELECT entity_type, entity_id, entity_name, change_type, old_value, new_value, targeting_type, match_type, "
        "campaign_id, ad_group_id, is_system_event FROM ad_change WHERE changed_at = make_timestamptz(1778851722256 * 1000)"
    ).fetchall() == [
        ("TARGETING_CLAUSE", "A02545581F26R5ECM9XI7", "travel fork knife and spoon", "BID_AMOUNT", "0.4", "0.45",
         "KEYWORD_EXACT", "EXACT", "A0445847JWZAQHG6WXJY", "A0114223149Q16U49BPTY", False),
    ]  # fmt: skip
    assert second.status == "already_imported"
    assert warehouse_state(warehouse) == state


def test_change_history_needs_marketplace(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a change history, which names no marketplace
    path = tmp_path / "history.csv"
    path.write_text(
        HEADER
        + f"1778851722256,TARGETING_CLAUSE,K1,tea,BID_AMOUNT,0.4,0.45,KEYWORD_EXACT,EXACT,,C1,G1,false,{META}\n"
    )
    # when it is imported without --marketplace, then it is refused naming the option and nothing is written
    with pytest.raises(FileRefused, match=r"--marketplace"):
        import_file(warehouse, path)
    assert warehouse.count("ad_change") == 0


def test_overlapping_redownload_replaces_changes_instead_of_adding_them(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a history with two changes of one keyword in the same millisecond, and one later change
    same_ms = [
        f"1778851722256,TARGETING_CLAUSE,K1,tea,BID_AMOUNT,0.45,0.50,KEYWORD_EXACT,EXACT,,C1,G1,false,{META}",
        f"1778851722256,TARGETING_CLAUSE,K1,tea,BID_AMOUNT,0.40,0.45,KEYWORD_EXACT,EXACT,,C1,G1,false,{META}",
    ]
    later = (
        f"1778938122256,TARGETING_CLAUSE,K1,tea,BID_AMOUNT,0.50,0.55,KEYWORD_EXACT,EXACT,,C1,G1,true,{META}"
    )
    (tmp_path / "a.csv").write_text(HEADER + "\n".join(same_ms) + "\n")
    import_file(warehouse, tmp_path / "a.csv", US)
    # when a later download lists the same two (in the other order) and the new one
    (tmp_path / "b.csv").write_text(HEADER + "\n".join([later, same_ms[1], same_ms[0]]) + "\n")
    result = import_file(warehouse, tmp_path / "b.csv", US)
    # then the two are replaced, numbered the same way, and the new one is added
    assert result.rows_replaced == 2
    assert warehouse.con.execute(
        "SELECT seq, old_value, new_value, is_system_event, ad_product FROM ad_change ORDER BY changed_at, seq"
    ).fetchall() == [
        (1, "0.40", "0.45", False, "SPONSORED_PRODUCTS"),
        (2, "0.45", "0.50", False, "SPONSORED_PRODUCTS"),
        (1, "0.50", "0.55", True, "SPONSORED_PRODUCTS"),
    ]
