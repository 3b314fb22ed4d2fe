"""Date periods as the reports and the CLI speak of them: `FROM..TO`, both ends included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sellerops.errors import InputError


@dataclass(frozen=True, order=True)
class Period:
    """A closed range of calendar days in a marketplace's own time zone."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(
                f"period {self.start}..{self.end} ends before it starts; give FROM..TO with FROM <= TO"
            )

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read `2025-07-07..2025-07-13` or a single day `2025-07-07`."""
        start_text, sep, end_text = text.strip().partition("..")
        try:
            start = dt.date.fromisoformat(start_text.strip())
            end = dt.date.fromisoformat(end_text.strip()) if sep else start
        except ValueError:
            raise InputError(
                f"cannot read the period {text!r}; write it as YYYY-MM-DD..YYYY-MM-DD, e.g. 2025-07-07..2025-07-13"
            ) from None
        return cls(start, end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"
