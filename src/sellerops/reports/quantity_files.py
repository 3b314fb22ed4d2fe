"""Quantity-update files, one per channel, from a multi-channel stock plan: the file a person uploads so each
listing shows what the pool can promise. Nothing is uploaded from here.

Layouts and how sure each is (marks as in shared/formats/README.md; no layout below is in shared/formats, so each
was looked up for this module):
- Amazon — "Flat File Price and Quantity Update" (feed POST_FLAT_FILE_PRICEANDQUANTITYONLY_UPDATE_DATA; Amazon's
  feed-type list calls it "Updates the price and quantity for inventory" [official, index hit 3557643410]).
  Tab-separated text, one header row. Columns [parser: two independent feed clients agree on the first five, index
  hit 41732261797 and a Node MWS client; the trailing two differ between them (handling-time /
  fulfillment-channel vs fulfillment-channel / leadtime-to-ship)]: sku, price, minimum-seller-allowed-price,
  maximum-seller-allowed-price, quantity, handling-time, fulfillment-channel. Only sku and quantity are filled;
  that a blank price leaves the price unchanged is [unverified]. Merchant-fulfilled listings only.
- Shopee — Seller Centre "Mass Update → Sales Info" workbook [parser: three independent tools agree, index hits
  56527297540, 43727032374, 55906393530]: row 1 holds the column keys (et_title_product_id, et_title_product_name,
  et_title_variation_id, et_title_variation_name, et_title_parent_sku, et_title_variation_sku,
  et_title_variation_price, et_title_variation_stock), row 2 starts with "sales_info", row 3 the column labels,
  data from row 7. [unverified]: the template Shopee hands out carries a shop-specific token in row 2 and may
  refuse a file without it — paste these rows into your own downloaded template if it does; rows need Shopee's
  product (and variation) id, taken from the listing's `listing_id`.
- Lazada, TikTok Shop, AliExpress — [unverified]: no Seller Center bulk-stock template was found. The sheets use
  the field names of each open platform's stock-update call (Lazada UpdatePriceQuantity: ItemId, SellerSku,
  Quantity; TikTok Shop 202309 inventory update: product_id, sku id, seller_sku, quantity; AliExpress batch
  inventory update: product_id, sku_code, inventory), one header row, so a person or a script can map them.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import xlsxwriter

from sellerops.analytics.channels import QuantityUpdate
from sellerops.errors import InputError

Value = str | int | None


@dataclass(frozen=True)
class QuantityLayout:
    """How one platform's quantity-update file is laid out."""

    platform: str
    kind: Literal["tsv", "xlsx"]
    columns: tuple[str, ...]  # row 1
    fill: Callable[[QuantityUpdate], dict[str, Value]]
    certainty: Literal["official", "parser", "unverified"]
    sheet: str = "Sheet1"
    preamble: tuple[tuple[Value, ...], ...] = ()  # rows between the header and the data (xlsx only)


def _amazon(u: QuantityUpdate) -> dict[str, Value]:
    return {"sku": u.sku, "quantity": u.quantity}


def _shopee(u: QuantityUpdate) -> dict[str, Value]:
    return {
        "et_title_product_id": u.listing_id,
        "et_title_variation_sku": u.sku,
        "et_title_variation_stock": u.quantity,
    }


def _lazada(u: QuantityUpdate) -> dict[str, Value]:
    return {"ItemId": u.listing_id, "SellerSku": u.sku, "Quantity": u.quantity}


def _tiktok(u: QuantityUpdate) -> dict[str, Value]:
    return {"product_id": u.listing_id, "seller_sku": u.sku, "quantity": u.quantity}


def _aliexpress(u: QuantityUpdate) -> dict[str, Value]:
    return {"product_id": u.listing_id, "sku_code": u.sku, "inventory": u.quantity}


SHOPEE_KEYS = (
    "et_title_product_id", "et_title_product_name", "et_title_variation_id", "et_title_variation_name",
    "et_title_parent_sku", "et_title_variation_sku", "et_title_variation_price", "et_title_variation_stock",
)  # fmt: skip
SHOPEE_LABELS = (
    "Product ID",
    "Product Name",
    "Variation ID",
    "Variation Name",
    "Parent SKU",
    "SKU",
    "Price",
    "Stock",
)
LAYOUTS: dict[str, QuantityLayout] = {
    "amazon": QuantityLayout(
        "amazon", "tsv",
        ("sku", "price", "minimum-seller-allowed-price", "maximum-seller-allowed-price", "quantity", "handling-time",
         "fulfillment-channel"),
        _amazon, "parser",
    ),
    "shopee": QuantityLayout(
        "shopee", "xlsx", SHOPEE_KEYS, _shopee, "parser",
        preamble=(("sales_info",), SHOPEE_LABELS, (), (), ()),
    ),
    "lazada": QuantityLayout("lazada", "xlsx", ("ItemId", "SellerSku", "Quantity"), _lazada, "unverified"),
    "tiktok": QuantityLayout(
        "tiktok", "xlsx", ("product_id", "sku_id", "seller_sku", "quantity"), _tiktok, "unverified"
    ),
    "aliexpress": QuantityLayout(
        "aliexpress", "xlsx", ("product_id", "sku_code", "inventory"), _aliexpress, "unverified"
    ),
}  # fmt: skip


def layout_for(marketplace: str) -> QuantityLayout:
    """The layout of a marketplace code's platform (`shopee.SG` → Shopee); `tiktokshop.*` counts as TikTok."""
    platform = marketplace.split(".", 1)[0].strip().lower()
    platform = "tiktok" if platform == "tiktokshop" else platform
    if platform not in LAYOUTS:
        known = ", ".join(sorted(LAYOUTS))
        raise InputError(
            f"no quantity-update layout for {marketplace!r}; marketplace codes must start with one of: {known}"
        )
    return LAYOUTS[platform]


def rows_for(updates: Sequence[QuantityUpdate], layout: QuantityLayout) -> list[list[Value]]:
    """The data rows in the layout's column order, blank where the update has nothing to say."""
    return [[layout.fill(u).get(column) for column in layout.columns] for u in updates]


def write_quantity_files(
    updates: Sequence[QuantityUpdate], out_dir: Path, *, as_of: dt.date
) -> tuple[Path, ...]:
    """One file per marketplace with updates, named `quantity-<marketplace>-<as_of>.<txt|xlsx>`, in marketplace
    order. Marketplaces without updates get no file; an unknown platform is refused before any file is written."""
    by_marketplace: dict[str, list[QuantityUpdate]] = {}
    for update in updates:
        by_marketplace.setdefault(update.marketplace, []).append(update)
    layouts = {m: layout_for(m) for m in sorted(by_marketplace)}  # refuse an unknown platform before writing
    written = []
    for marketplace, layout in layouts.items():
        suffix = "txt" if layout.kind == "tsv" else "xlsx"
        path = out_dir / f"quantity-{marketplace}-{as_of.isoformat()}.{suffix}"
        written.append(write_quantity_file(by_marketplace[marketplace], path, layout))
    return tuple(written)


def write_quantity_file(updates: Sequence[QuantityUpdate], path: Path, layout: QuantityLayout) -> Path:
    """Write one channel's updates in `layout`. Returns `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = rows_for(updates, layout)
    if layout.kind == "tsv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(layout.columns)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
        return path
    book = xlsxwriter.Workbook(str(path))
    try:
        sheet = book.add_worksheet(layout.sheet)
        text = book.add_format({"num_format": "@"})  # ids and SKUs stay text, never 1.2E+10
        sheet.write_row(0, 0, layout.columns)
        for offset, extra in enumerate(layout.preamble, start=1):
            sheet.write_row(offset, 0, extra)
        first = 1 + len(layout.preamble)
        for r, row in enumerate(rows, start=first):
            for c, value in enumerate(row):
                if isinstance(value, int):
                    sheet.write_number(r, c, value)
                elif value is not None:
                    sheet.write_string(r, c, value, text)
    finally:
        book.close()
    return path
