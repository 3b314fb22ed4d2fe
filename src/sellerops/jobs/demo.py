"""Loading a generated demo seller through the real import path, file by file, as a seller would."""

from __future__ import annotations

from collections.abc import Callable

from sellerops.core.marketplaces import get_marketplace
from sellerops.core.periods import Period
from sellerops.demo import DemoManifest
from sellerops.demo.manifest import DemoFile
from sellerops.errors import SellerOpsError
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse


def import_demo(
    warehouse: Warehouse,
    manifest: DemoManifest,
    *,
    before_file: Callable[[DemoFile], None] | None = None,
    on_refused: Callable[[DemoFile, SellerOpsError], None] | None = None,
) -> int:
    """Import every file of the manifest in its order, with the options the file cannot carry itself; returns how
    many were refused (each reported to `on_refused`, the others imported whatever happens to one)."""
    refused = 0
    for item in manifest.files:
        if before_file:
            before_file(item)
        options = ImportOptions(
            marketplace=get_marketplace(item.marketplace) if item.marketplace else None,
            period=Period.parse(item.period) if item.period else None,
        )
        try:
            import_file(warehouse, manifest.root / item.path, options)
        except SellerOpsError as error:
            refused += 1
            if on_refused:
                on_refused(item, error)
    return refused
