"""Small helpers every demo writer shares: where files go, how money and dates are written."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sellerops.demo.manifest import DemoFile


class Output:
    """The demo folder: writes files and remembers them, in order, for the manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: list[DemoFile] = []

    def path(self, market: str, family: str, name: str) -> Path:
        path = self.root / market / family / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def add(
        self, path: Path, family: str, *, marketplace: str | None = None, period: str | None = None
    ) -> None:
        self.files.append(DemoFile(path.relative_to(self.root).as_posix(), family, marketplace, period))

    def tsv(
        self,
        path: Path,
        family: str,
        header: Sequence[str],
        rows: Iterable[Sequence[object]],
        **options: str | None,
    ) -> None:
        lines = ["\t".join(header)]
        lines += ["\t".join(map(str, row)) for row in rows]  # writers pass "" for empty cells, never None
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
        self.add(path, family, **options)

    def json(self, path: Path, family: str, document: Any, **options: str | None) -> None:
        path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        self.add(path, family, **options)


def money(value: float) -> str:
    return f"{value:.2f}"


def iso_utc(at: datetime) -> str:
    """`2026-10-05T14:23:11+00:00`, as SP-API flat files write timestamps."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def utc_words(at: datetime) -> str:
    """`2026-10-05 14:23:11 UTC`, as settlement files write them."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def period(first: date, last: date) -> str:
    return f"{first.isoformat()}..{last.isoformat()}"


def months(days: list[date]) -> list[tuple[date, date, int, int]]:
    """(first day, last day, first index, end index exclusive) of each calendar month in `days`."""
    out = []
    start = 0
    for k in range(1, len(days) + 1):
        if k == len(days) or days[k].month != days[start].month:
            out.append((days[start], days[k - 1], start, k))
            start = k
    return out


def weekly(days: list[date], step: int = 7) -> list[int]:
    """Indexes of every `step`-th day counted back from the last, oldest first."""
    return list(range(len(days) - 1, -1, -step))[::-1]


def day_after(day: date) -> date:
    return day + timedelta(days=1)
