"""How well detect_moves finds the demo seller's injected anomalies: recall, SKU-and-node accuracy, precision.

    .venv/bin/python bench/anomaly_eval.py --seeds 7,11,23 [--cache DIR] [--use 7=/tmp/demo7]

Each seed's demo seller is generated and imported once into CACHE/seed-N (files/ and sellerops.duckdb) and reused
afterwards; --use SEED=DIR points at a seller already made (DIR/files/manifest.json, DIR/sellerops.duckdb).
Detection runs over the last 60 days up to the demo's end date, with the manifest's shopping events and
promotions as known events. What is counted (docs/anomalies.md says why):

- a finding matches an injected anomaly when the marketplace agrees, the dates overlap (3 days' slack either
  side), and the SKU agrees — or, for the campaign kinds (ad_spend_spike, out_of_budget), the campaign does;
- recall: injected anomalies with at least one matching finding, over all injected anomalies;
- node accuracy: of the anomalies found, those with a finding of exactly the ground truth's SKU and its process
  node. The headline figure counts the SKU literally for every kind; `node_accuracy_by_campaign` counts the campaign
  kinds by their campaign instead, since the demo's ground truth names one of the campaign's SKUs that the data
  cannot single out (a known flaw of the demo's ground truth, to be fixed there rather than in the count);
- precision: findings that match an injected anomaly, plus explained findings (promotion, price cut, shopping
  event...) that a manifest event covers, over all findings. Findings matching neither are listed.
The last line is one JSON object: the worst recall, precision and node accuracy of the seeds, and each seed's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import ibis

from sellerops.analytics.anomalies import ExplainedMove, KnownEvent, detect_moves

WINDOW_DAYS = 60
SLACK = dt.timedelta(days=3)
CAMPAIGN_KINDS = ("ad_spend_spike", "out_of_budget")
TABLES = (
    "sales_traffic", "inventory_snapshot", "listing", "order_line", "order_header", "return_line", "seller_feedback",
    "ad_performance", "ad_entity", "promotion", "product",
)  # fmt: skip


@dataclass(frozen=True)
class Seller:
    seed: int
    files: Path
    db: Path


def prepare(seed: int, cache: Path, given: dict[int, Path]) -> Seller:
    """The seed's demo seller: a folder given with --use, a cached one, or a new one generated and imported."""
    if seed in given:
        root = given[seed]
        return Seller(seed, root / "files", root / "sellerops.duckdb")
    root = cache / f"seed-{seed}"
    seller = Seller(seed, root / "files", root / "sellerops.duckdb")
    if (root / "imported.ok").is_file():
        return seller
    root.mkdir(parents=True, exist_ok=True)
    seller.db.unlink(missing_ok=True)
    command = Path(sys.executable).parent / "sellerops"
    print(f"seed {seed}: generating and importing the demo seller into {root} (several minutes)…", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [str(command), "demo", "--dir", str(seller.files), "--seed", str(seed), "--db", str(seller.db)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    (root / "imported.ok").write_text(f"{time.perf_counter() - started:.0f} s\n")
    return seller


def known_events(manifest: dict[str, Any]) -> list[KnownEvent]:
    return [
        KnownEvent(
            name=e["name"],
            kind=e["kind"],
            start_date=dt.date.fromisoformat(e["start_date"]),
            end_date=dt.date.fromisoformat(e["end_date"]),
            marketplace=e["marketplace"],
            skus=tuple(e["skus"]),
        )
        for e in manifest.get("events", [])
    ]


def overlaps(move: ExplainedMove, start: dt.date, end: dt.date) -> bool:
    return move.start_date <= end + SLACK and start - SLACK <= move.end_date


def matches(move: ExplainedMove, truth: dict[str, Any]) -> bool:
    if move.marketplace != truth["marketplace"]:
        return False
    if not overlaps(
        move, dt.date.fromisoformat(truth["start_date"]), dt.date.fromisoformat(truth["end_date"])
    ):
        return False
    same_campaign = truth["kind"] in CAMPAIGN_KINDS and move.campaign == truth["details"].get("campaign")
    return move.sku == truth["sku"] or same_campaign


def right_entity(move: ExplainedMove, truth: dict[str, Any]) -> bool:
    """The right SKU; for a campaign kind, the right campaign (its SKU is one of the campaign's children, which
    the data cannot tell apart: docs/anomalies.md)."""
    if truth["kind"] in CAMPAIGN_KINDS:
        return move.campaign == truth["details"].get("campaign")
    return move.sku == truth["sku"]


def evaluate(seller: Seller) -> dict[str, Any]:
    manifest = json.loads((seller.files / "manifest.json").read_text(encoding="utf-8"))
    truth = json.loads(
        (seller.files / manifest.get("ground_truth", "ground_truth.json")).read_text(encoding="utf-8")
    )
    events = known_events(manifest)
    as_of = dt.date.fromisoformat(manifest["end_date"])
    con = duckdb.connect(str(seller.db), read_only=True)
    backend = ibis.duckdb.from_connection(con)
    tables = {name: backend.table(name) for name in TABLES}
    started = time.perf_counter()
    moves = detect_moves(tables, as_of=as_of, days=WINDOW_DAYS, events=events)
    seconds = time.perf_counter() - started
    con.close()

    found, right, strict, missed = 0, 0, 0, []
    for anomaly in truth:
        hits = [m for m in moves if matches(m, anomaly)]
        if not hits:
            missed.append(anomaly)
            continue
        found += 1
        right += any(right_entity(m, anomaly) and m.process_node == anomaly["process_node"] for m in hits)
        strict += any(m.sku == anomaly["sku"] and m.process_node == anomaly["process_node"] for m in hits)
        nodes = ", ".join(
            sorted(
                {
                    f"{m.sku} {m.cause}/{m.process_node} ({m.start_date}..{m.end_date}, score {m.score})"
                    for m in hits
                }
            )
        )
        print(
            f"  found  {anomaly['id']} {anomaly['kind']:<27} {anomaly['marketplace']} {anomaly['sku']:<20} -> {nodes}"
        )
    unmatched, explained = [], 0
    for move in moves:
        if any(matches(move, a) for a in truth):
            continue
        day0, day1 = move.start_date - SLACK, move.end_date + SLACK
        if (
            move.explained
            and move.sku
            and any(e.covers(move.marketplace, move.sku, day0, day1) for e in events)
        ):
            explained += 1
            continue
        unmatched.append(move)
    for anomaly in missed:
        print(f"  MISSED {anomaly['id']} {anomaly['kind']:<27} {anomaly['marketplace']} {anomaly['sku']} "
              f"{anomaly['start_date']}..{anomaly['end_date']}")  # fmt: skip
    for move in unmatched:
        print(f"  UNMATCHED {move.marketplace} {move.sku} {move.campaign or ''} {move.start_date}..{move.end_date} "
              f"{move.metric} {move.direction} {move.change:+} {move.cause}/{move.process_node} score {move.score}")  # fmt: skip
    total = len(moves)
    result = {
        "injected": len(truth), "found": found, "findings": total, "explained_by_events": explained,
        "unmatched": len(unmatched), "recall": round(found / len(truth), 4) if truth else 1.0,
        "node_accuracy": round(strict / found, 4) if found else 0.0,
        "node_accuracy_by_campaign": round(right / found, 4) if found else 0.0,
        "precision": round((total - len(unmatched)) / total, 4) if total else 1.0, "seconds": round(seconds, 2),
    }  # fmt: skip
    print(f"seed {seller.seed}: " + ", ".join(f"{k} {v}" for k, v in result.items()), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="7,11,23", help="comma-separated demo seeds")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/sellerops-anomaly-eval"))
    parser.add_argument("--use", action="append", default=[], help="SEED=DIR: a demo seller already imported")
    args = parser.parse_args()
    given = {int(k): Path(v) for k, v in (item.split("=", 1) for item in args.use)}
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    per_seed = {}
    for seed in seeds:
        seller = prepare(seed, args.cache, given)
        print(f"seed {seed}: {seller.db}", flush=True)
        per_seed[str(seed)] = evaluate(seller)
    worst = {
        k: min(r[k] for r in per_seed.values())
        for k in ("recall", "precision", "node_accuracy", "node_accuracy_by_campaign")
    }
    print(json.dumps({**worst, "seeds": per_seed}))


if __name__ == "__main__":
    main()
