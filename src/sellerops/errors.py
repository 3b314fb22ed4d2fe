"""The one tree of sellerops errors.

    SellerOpsError
    ├── InputError            the user gave something we cannot use (a file, an option, a value)
    │   ├── FileRefused       a file was read and refused; carries file, row, column and what to do
    │   └── UnknownReport     a file whose layout matches no known report; names the closest one
    ├── ConfigError           settings or rules files are wrong
    ├── SourceError           a platform or API failed
    │   ├── RetryableError    try again later (throttling, timeouts)
    │   └── TerminalError     will not succeed as asked
    ├── WarehouseError        the database refused or is in an unexpected state
    └── NotFound              an id, file or record that does not exist

Every message names the file, row, column or record and says what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass


class SellerOpsError(Exception):
    """Base of every error sellerops raises on purpose."""


class InputError(SellerOpsError):
    """Something the user gave cannot be used as it is."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is and what was expected."""

    row: int | None
    column: str | None
    value: str | None
    expected: str

    def describe(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        head = ", ".join(where)
        got = "" if self.value is None else f": found {self.value!r}"
        return f"{head}{got}; expected {self.expected}" if head else self.expected


class FileRefused(InputError):
    """A file was read and refused as a whole; nothing of it was loaded."""

    def __init__(self, path: str, reason: str, *, problems: tuple[Problem, ...] = (), hint: str = "") -> None:
        self.path = path
        self.reason = reason
        self.problems = problems
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"{self.path}: {self.reason}"]
        shown = self.problems[:10]
        lines += [f"  - {p.describe()}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  - … and {len(self.problems) - len(shown)} more")
        if self.hint:
            lines.append(f"  What to do: {self.hint}")
        return "\n".join(lines)


class UnknownReport(FileRefused):
    """A file whose headers match no report sellerops knows."""


class ConfigError(SellerOpsError):
    """Settings or rule files are wrong."""


class SourceError(SellerOpsError):
    """A platform, API or upstream system failed."""


class RetryableError(SourceError):
    """A failure that may pass if tried again later."""


class TerminalError(SourceError):
    """A failure that will not pass by trying again."""


class WarehouseError(SellerOpsError):
    """The database refused an operation or is not in the expected state."""


class NotFound(SellerOpsError):
    """An id, file or record that does not exist."""
