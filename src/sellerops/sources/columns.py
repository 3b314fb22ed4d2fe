"""Short builders for report columns, so a family's column list reads like the report's header."""

from __future__ import annotations

from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Column


def col(
    target: str,
    *headers: str,
    kind: Kind = Kind.TEXT,
    required: bool = False,
    not_null: bool = False,
    date_formats: tuple[str, ...] = (),
    language: str = "en",
) -> Column:
    """A column feeding `target`, known by any of `headers` (compared after `normalize_header`)."""
    return Column(
        target,
        headers,
        kind,
        required=required,
        not_null=not_null,
        date_formats=date_formats,
        language=language,
    )


def key(target: str, *headers: str, kind: Kind = Kind.TEXT) -> Column:
    """A column the report cannot be without and that every row must fill."""
    return col(target, *headers, kind=kind, required=True, not_null=True)
