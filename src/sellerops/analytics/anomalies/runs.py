"""Turning flagged days into moves: consecutive days of one direction, kept when one of them is in the window."""

from __future__ import annotations

import numpy as np


def runs(
    marked: np.ndarray, flagged: np.ndarray, *, first: int, last: int, gap: int = 1
) -> list[tuple[int, int]]:
    """Spans [a, b] of marked days (bridging up to `gap` unmarked days) that hold a flagged day in first..last."""
    out: list[tuple[int, int]] = []
    days = np.flatnonzero(marked)
    if not len(days):
        return out
    start = prev = int(days[0])
    for t in (*days[1:].tolist(), None):
        if t is not None and t - prev <= gap + 1:
            prev = t
            continue
        lo, hi = max(start, first), min(prev, last)
        if lo <= hi and flagged[lo : hi + 1].any():
            out.append((start, prev))
        if t is not None:
            start = prev = t
    return out


def mark_windows(flags: np.ndarray, agree: np.ndarray, k: int) -> np.ndarray:
    """Days covered by a flagged k-day window ending on a flagged day, where the day itself moved the same way."""
    marked = np.zeros_like(agree, dtype=bool)
    for t in np.flatnonzero(flags):
        lo = max(0, int(t) - k + 1)
        marked[lo : int(t) + 1] |= agree[lo : int(t) + 1]
    return marked
