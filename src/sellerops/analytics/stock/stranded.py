"""Stranded FBA stock: units in Amazon's warehouses that no active FBA offer can sell (Seller Central G202174810:
"inventory not available for purchase due to a listing problem").

A SKU with fulfillable units is stranded when the inventory report says no FBA listing exists for it
(afn-listing-exists = No), or when the marketplace's latest listings report on or before `as_of` has no row for
it, shows it other than Active, or shows it fulfilled by the merchant. A listings report is a whole snapshot, so
only its latest day is read: a listing absent from it was closed, whatever an older report showed. Without any
listings report only the inventory report's own flag can strand a SKU.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sellerops.analytics.stock.inputs import FBA, ProductFacts, SnapshotRow, latest_snapshot, product_facts
from sellerops.analytics.stock.models import StrandedReason, StrandedStock

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ListingRow:
    sku: str
    status: str | None
    fulfillment_channel: str | None
    import_id: int


def latest_listings(
    listing: Any, *, marketplace: str, as_of: dt.date
) -> tuple[dt.date | None, dict[str, ListingRow]]:
    """The marketplace's last listings snapshot day on or before `as_of` and its rows by SKU."""
    t = listing.filter((listing.marketplace == marketplace) & (listing.snapshot_date <= as_of))
    t = t.filter(t.snapshot_date == t.snapshot_date.max())
    rows = (
        t.select("sku", "snapshot_date", "status", "fulfillment_channel", "import_id")
        .to_pyarrow()
        .to_pylist()
    )
    day = rows[0]["snapshot_date"] if rows else None
    return day, {
        r["sku"]: ListingRow(r["sku"], r["status"], r["fulfillment_channel"], int(r["import_id"]))
        for r in rows
    }


def is_amazon_fulfilled(channel: str | None) -> bool:
    """Listings reports write AMAZON_NA / AMAZON_EU (or AFN) for FBA offers and DEFAULT for the merchant's."""
    value = (channel or "").strip().lower()
    return value.startswith("amazon") or value == "afn"


def stranded_stock(
    inventory_snapshot: Any,
    listing: Any,
    product: Any,
    *,
    marketplace: str,
    as_of: dt.date,
    warehouse: str = FBA,
) -> tuple[StrandedStock, ...]:
    """Every stranded SKU of the last FBA snapshot day on or before `as_of`, by SKU."""
    latest = latest_snapshot(inventory_snapshot, marketplace=marketplace, warehouse=warehouse, as_of=as_of)
    day, listings = latest_listings(listing, marketplace=marketplace, as_of=as_of)
    return stranded_from(latest, day, listings, product_facts(product), marketplace=marketplace)


def stranded_from(
    latest: Sequence[SnapshotRow],
    listing_day: dt.date | None,
    listings: Mapping[str, ListingRow],
    products: Mapping[str, ProductFacts],
    *,
    marketplace: str,
) -> tuple[StrandedStock, ...]:
    """Stranded stock from a snapshot day and a listings day already read (see `stranded_stock`)."""
    found = []
    for row in latest:
        if row.fulfillable <= 0:
            continue
        found_listing = listings.get(row.sku)
        reason = _reason(row, listing_day, found_listing)
        if reason is None:
            continue
        facts = products.get(row.sku)
        cost = facts.unit_cost if facts else None
        found.append(
            StrandedStock(
                marketplace=marketplace,
                sku=row.sku,
                snapshot_date=row.snapshot_date,
                units=row.fulfillable,
                reason=reason,
                listing_status=found_listing.status if found_listing else None,
                listing_snapshot_date=listing_day,
                value=(row.fulfillable * cost).quantize(CENT, ROUND_HALF_EVEN) if cost is not None else None,
                currency=facts.cost_currency if facts and cost is not None else None,
                import_id=row.import_id,
            )
        )
    return tuple(found)


def _reason(row: SnapshotRow, listing_day: dt.date | None, found: ListingRow | None) -> StrandedReason | None:
    if row.listing_exists is False:
        return "no_listing"
    if listing_day is None:
        return None
    if found is None:
        return "no_listing"
    if (found.status or "").strip().lower() != "active":
        return "listing_inactive"
    return None if is_amazon_fulfilled(found.fulfillment_channel) else "listed_as_merchant"
