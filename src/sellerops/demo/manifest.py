"""What a generated demo seller consists of: its files in import order, and the anomalies it hides."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class DemoFile:
    """One file to import, with the options the file itself cannot carry (as `--marketplace` / `--period`)."""

    path: str  # relative to the demo folder, forward slashes
    family: str  # e.g. "sales_traffic", "all_orders", "ads_search_term"
    marketplace: str | None = None
    period: str | None = None  # "FROM..TO"


@dataclass(frozen=True)
class Anomaly:
    """One injected problem, as a checker should find it: which SKU, when, why, and what it moves."""

    id: str
    kind: str
    sku: str
    marketplace: str
    start_date: date
    end_date: date
    cause: str
    process_node: str
    metric: str
    direction: str  # "up" | "down"
    details: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["start_date"] = self.start_date.isoformat()
        data["end_date"] = self.end_date.isoformat()
        return data


@dataclass(frozen=True)
class DemoManifest:
    """The demo seller on disk: `files` in the order they should be imported, and where the ground truth is."""

    root: Path
    seed: int
    start_date: date
    end_date: date
    marketplaces: tuple[str, ...]
    files: tuple[DemoFile, ...]
    ground_truth: str = "ground_truth.json"
    # Known, explainable moves (shopping events and the seller's own promotions): not anomalies.
    events: tuple[dict[str, Any], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(),
            "marketplaces": list(self.marketplaces),
            "ground_truth": self.ground_truth,
            "files": [asdict(f) for f in self.files],
            "events": list(self.events),
        }

    def write(self) -> Path:
        path = self.root / "manifest.json"
        path.write_text(json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    @classmethod
    def read(cls, root: Path) -> DemoManifest:
        data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        return cls(
            root=root,
            seed=int(data["seed"]),
            start_date=date.fromisoformat(data["start_date"]),
            end_date=date.fromisoformat(data["end_date"]),
            marketplaces=tuple(data["marketplaces"]),
            files=tuple(DemoFile(**f) for f in data["files"]),
            ground_truth=data["ground_truth"],
            events=tuple(data.get("events", [])),
        )


def write_ground_truth(root: Path, anomalies: list[Anomaly]) -> Path:
    path = root / "ground_truth.json"
    payload = [a.as_json() for a in anomalies]
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
