"""The seller's product master workbook: products, shipping lanes, open POs, own stock and the FBA limit.

They load into `product`, `shipping_lane`, `purchase_order`, `warehouse_stock` and `fba_capacity`: the inputs a
replenishment plan needs that no Amazon report carries.

Sellers keep these in a spreadsheet of their own (`sellerops product template` writes one): one sheet per
family below, each also importable alone as a CSV. Headers are read in English or Chinese (采购交期(天), 装箱数,
海运…), in any order; optional columns may be left out. When a workbook is imported, every sheet that is one of
these families is loaded in the same transaction (see `sheets.py`), whichever sheet the importer matched first.

What each import replaces:
* Products: the SKUs it lists (a partial master updates those SKUs only).
* Shipping lanes, Purchase orders, FBA capacity: the whole earlier list (a PO no longer listed is closed;
  a lane no longer listed is gone).
* Warehouse stock: the same warehouse, SKU and stock date (earlier days are kept as history).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from sellerops.core.marketplaces import MARKETPLACES
from sellerops.sources.columns import col, key
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.seller.sheets import sibling_loads
from sellerops.sources.spec import Replace, ReportSpec, TableLoad

INT, DEC, DATE = Kind.INT, Kind.DECIMAL, Kind.DATE
# The words of analytics.replenish (Route, Mode); a test keeps the two lists the same.
ROUTES = ("local_to_fba", "local_to_overseas", "overseas_to_fba")
MODES = ("sea", "air", "truck", "rail", "express")
DATES = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d")
KNOWN_MARKETS = ", ".join(f"'{code}'" for code in MARKETPLACES)
MODE_WORDS = {
    "海运": "sea",
    "空运": "air",
    "卡派": "truck",
    "卡车": "truck",
    "铁路": "rail",
    "快递": "express",
}
WAREHOUSE_WORDS = {"国内仓": "local", "本地仓": "local", "海外仓": "overseas"}


def market_sql(text: str) -> str:
    """'amazon.us', 'US' or 'GB' → 'amazon.US' / 'amazon.UK': the warehouse's marketplace codes."""
    code = (
        f"CASE WHEN contains({text}, '.') THEN lower(split_part(trim({text}), '.', 1)) || '.' || "
        f"upper(split_part(trim({text}), '.', 2)) ELSE 'amazon.' || upper(trim({text})) END"
    )
    return f"CASE WHEN {text} IS NULL THEN NULL ELSE replace({code}, 'amazon.GB', 'amazon.UK') END"


def words_sql(text: str, words: dict[str, str]) -> str:
    """Lower-case English, or a Chinese word mapped onto it."""
    cases = " ".join(f"WHEN '{zh}' THEN '{en}'" for zh, en in words.items())
    return f"CASE trim({text}) {cases} ELSE lower(regexp_replace(trim({text}), '[\\s-]+', '_', 'g')) END"


def one_of(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class SellerSheet(ReportSpec, ABC):
    """A sheet of the seller's product master: no marketplace or period of its own; loads from a view."""

    platform = "seller"
    formats = frozenset({"text", "xlsx"})
    sheet_title: ClassVar[str]

    def resolve(self, ctx: LoadContext) -> None:
        """The rows name their own marketplaces (where they have one); the file as a whole has none."""

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        return self.loads(ctx, "parsed") + sibling_loads(ctx, self)

    @abstractmethod
    def loads(self, ctx: LoadContext, rows: str) -> list[TableLoad]:
        """The canonical rows of this sheet, selected from `rows` (a typed view of it)."""


class Products(SellerSheet):
    name = "seller.product_master"
    title = "Product master: products and supply terms (seller's workbook)"
    sheet_title = "Products"
    columns = (
        key("sku", "SKU", "Seller SKU"),
        col("parent_sku", "Parent SKU"),
        col("asin", "ASIN"),
        col("title", "Title", "Product name"),
        col("brand", "Brand"),
        col("category", "Category"),
        col("supplier", "Supplier"),
        col("unit_cost", "Unit cost", "Purchase price", kind=DEC),
        col("cost_currency", "Cost currency", "Currency"),
        col("case_pack", "Case pack", "Units per carton", kind=INT, required=True),
        col("moq", "MOQ", "Minimum order quantity", kind=INT, required=True),
        col("lead_time_days", "Lead time (days)", "Production lead time (days)", kind=INT, required=True),
        col("length_cm", "Length (cm)", kind=DEC),
        col("width_cm", "Width (cm)", kind=DEC),
        col("height_cm", "Height (cm)", kind=DEC),
        col("weight_kg", "Weight (kg)", kind=DEC),
    )
    translations: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "zh": {
            "sku": ("卖家SKU", "SKU编码"), "parent_sku": ("父SKU",), "title": ("品名", "产品名称"),
            "brand": ("品牌",), "category": ("类目",), "supplier": ("供应商",),
            "unit_cost": ("采购单价", "采购价"), "cost_currency": ("币种",), "case_pack": ("装箱数", "箱规"),
            "moq": ("最小起订量", "起订量"), "lead_time_days": ("采购交期(天)", "生产周期(天)"),
            "length_cm": ("长(cm)",), "width_cm": ("宽(cm)",), "height_cm": ("高(cm)",), "weight_kg": ("重量(kg)",),
        }
    }  # fmt: skip

    def derived(self) -> dict[str, str]:
        return {"sku_rows": "count(*) OVER (PARTITION BY sku)"}

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        positive = "a whole number of 1 or more"
        return [
            ("sku_rows > 1", "sku", "each SKU on one row only"),
            ("case_pack IS NOT NULL AND case_pack < 1", "case_pack", positive),
            ("moq IS NOT NULL AND moq < 0", "moq", "a whole number of 0 or more"),
            ("lead_time_days IS NOT NULL AND lead_time_days < 0", "lead_time_days", "days, 0 or more"),
            ("unit_cost IS NOT NULL AND unit_cost < 0", "unit_cost", "a cost of 0 or more"),
        ]

    def loads(self, ctx: LoadContext, rows: str) -> list[TableLoad]:
        text = ("parent_sku", "asin", "title", "brand", "category", "supplier")
        sizes = ("length_cm", "width_cm", "height_cm", "weight_kg")
        fields = [f"{ctx.col(t, 'CAST(NULL AS VARCHAR)')} AS {t}" for t in text]
        fields += [f"{ctx.col(t, 'CAST(NULL AS DECIMAL(18, 4))')} AS {t}" for t in ("unit_cost", *sizes)]
        currency = f"upper({ctx.col('cost_currency', 'CAST(NULL AS VARCHAR)')})"
        sql = f"""
            SELECT sku, {", ".join(fields)}, {currency} AS cost_currency, case_pack, moq, lead_time_days,
                   {ctx.import_id} AS import_id
            FROM {rows}"""
        # `product` is keyed in the database itself: the SKUs this file brings are deleted before it is written.
        where = f"sku IN (SELECT sku FROM {rows})"
        return [TableLoad("product", sql, Replace(keys=True, where=where), unique_keys=True)]


class ShippingLanes(SellerSheet):
    name = "seller.shipping_lanes"
    title = "Product master: shipping lanes (seller's workbook)"
    sheet_title = "Shipping lanes"
    columns = (
        key("marketplace_text", "Marketplace"),
        key("route_text", "Route"),
        key("mode_text", "Mode", "Shipping mode"),
        col("sku", "SKU"),
        key("transit_days", "Transit days", "Days door to door", kind=INT),
        col("cost_per_unit", "Cost per unit", kind=DEC),
        col("cost_per_kg", "Cost per kg", kind=DEC),
        col("currency", "Currency"),
    )
    signature = ("Route", "Transit days")
    translations: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "zh": {
            "marketplace_text": ("站点",), "route_text": ("线路",), "mode_text": ("运输方式",),
            "transit_days": ("时效(天)", "运输天数"), "cost_per_unit": ("单件运费",), "cost_per_kg": ("每公斤运费",),
            "currency": ("币种",),
        }
    }  # fmt: skip

    def derived(self) -> dict[str, str]:
        return {
            "marketplace": market_sql("marketplace_text"),
            "route": words_sql("route_text", {"头程": "local_to_fba"}),
            "mode": words_sql("mode_text", MODE_WORDS),
        }

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        return [
            (
                f"marketplace NOT IN ({KNOWN_MARKETS})",
                "marketplace_text",
                "a marketplace such as amazon.US or US",
            ),
            (f"route NOT IN ({one_of(ROUTES)})", "route_text", "a route: " + ", ".join(ROUTES)),
            (f"mode NOT IN ({one_of(MODES)})", "mode_text", "a shipping mode: " + ", ".join(MODES)),
            ("transit_days < 0", "transit_days", "days, 0 or more"),
        ]

    def loads(self, ctx: LoadContext, rows: str) -> list[TableLoad]:
        money = [
            f"{ctx.col(t, 'CAST(NULL AS DECIMAL(18, 4))')} AS {t}" for t in ("cost_per_unit", "cost_per_kg")
        ]
        sql = f"""
            SELECT marketplace, route, mode, coalesce({ctx.col("sku", "NULL")}, '') AS sku, transit_days,
                   {", ".join(money)}, upper({ctx.col("currency", "CAST(NULL AS VARCHAR)")}) AS currency,
                   {ctx.import_id} AS import_id
            FROM {rows}"""
        return [TableLoad("shipping_lane", sql, _whole_list(ctx))]


class PurchaseOrders(SellerSheet):
    name = "seller.purchase_orders"
    title = "Product master: open purchase orders (seller's workbook)"
    sheet_title = "Purchase orders"
    columns = (
        key("po_number", "PO number", "Purchase order"),
        key("sku", "SKU"),
        col("supplier", "Supplier"),
        col("order_date", "Order date", kind=DATE, date_formats=DATES),
        col("expected_date", "Expected date", "Ready date", kind=DATE, date_formats=DATES, required=True),
        key("quantity_ordered", "Quantity ordered", "Quantity", kind=INT),
        col("quantity_received", "Quantity received", kind=INT),
        col("unit_cost", "Unit cost", kind=DEC),
        col("currency", "Currency"),
        col("destination", "Destination", "Deliver to"),
        col("status", "Status"),
    )
    translations: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "zh": {
            "po_number": ("采购单号",), "supplier": ("供应商",), "order_date": ("下单日期",),
            "expected_date": ("预计到货日期", "交货日期"), "quantity_ordered": ("采购数量",),
            "quantity_received": ("已到货数量",), "unit_cost": ("采购单价",), "currency": ("币种",),
            "destination": ("收货仓库",), "status": ("状态",),
        }
    }  # fmt: skip

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        received = ctx.col("quantity_received", "0")
        return [
            ("quantity_ordered < 1", "quantity_ordered", "a whole number of 1 or more"),
            (
                f"{received} < 0 OR {received} > quantity_ordered",
                "quantity_received",
                "0 up to the quantity ordered",
            ),
        ]

    def loads(self, ctx: LoadContext, rows: str) -> list[TableLoad]:
        text = [
            f"{ctx.col(t, 'CAST(NULL AS VARCHAR)')} AS {t}" for t in ("supplier", "destination", "status")
        ]
        sql = f"""
            SELECT po_number, sku, {", ".join(text)}, {ctx.col("order_date", "CAST(NULL AS DATE)")} AS order_date,
                   expected_date, quantity_ordered,
                   {ctx.col("quantity_received", "CAST(NULL AS INTEGER)")} AS quantity_received,
                   {ctx.col("unit_cost", "CAST(NULL AS DECIMAL(18, 4))")} AS unit_cost,
                   upper({ctx.col("currency", "CAST(NULL AS VARCHAR)")}) AS currency, {ctx.import_id} AS import_id
            FROM {rows}"""
        return [TableLoad("purchase_order", sql, _whole_list(ctx))]


class WarehouseStock(SellerSheet):
    name = "seller.warehouse_stock"
    title = "Product master: stock in own warehouses (seller's workbook)"
    sheet_title = "Warehouse stock"
    columns = (
        key("warehouse", "Warehouse"),
        key("warehouse_type_text", "Warehouse type"),
        col("marketplace_text", "Marketplace", "Serves marketplace", required=True),
        key("sku", "SKU"),
        col("snapshot_date", "Stock date", kind=DATE, date_formats=DATES, required=True, not_null=True),
        key("on_hand", "On hand", kind=INT),
        col("reserved", "Reserved", kind=INT),
    )
    translations: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "zh": {
            "warehouse": ("仓库",), "warehouse_type_text": ("仓库类型",), "marketplace_text": ("站点",),
            "snapshot_date": ("库存日期",), "on_hand": ("在库数量", "可用库存"), "reserved": ("锁定数量",),
        }
    }  # fmt: skip

    def derived(self) -> dict[str, str]:
        return {
            "warehouse_type": words_sql("warehouse_type_text", WAREHOUSE_WORDS),
            "marketplace": market_sql("marketplace_text"),
        }

    def resolve(self, ctx: LoadContext) -> None:
        ctx.set_period(ctx.period_from_dates("snapshot_date"), "Stock date column")

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        return [
            ("warehouse_type NOT IN ('local', 'overseas')", "warehouse_type_text", "local or overseas"),
            (
                "warehouse_type = 'overseas' AND marketplace IS NULL",
                "marketplace_text",
                "the marketplace an overseas warehouse serves, e.g. amazon.US",
            ),
            (f"marketplace NOT IN ({KNOWN_MARKETS})", "marketplace_text", "a marketplace such as amazon.US"),
            ("on_hand < 0", "on_hand", "a whole number of 0 or more"),
        ]

    def loads(self, ctx: LoadContext, rows: str) -> list[TableLoad]:
        sql = f"""
            SELECT warehouse, warehouse_type,
                   CASE WHEN warehouse_type = 'overseas' THEN marketplace END AS marketplace,
                   sku, snapshot_date, on_hand, {ctx.col("reserved", "CAST(NULL AS BIGINT)")} AS reserved,
                   {ctx.import_id} AS import_id
            FROM {rows}"""
        return [TableLoad("warehouse_stock", sql, Replace(keys=True))]


class FbaCapacity(SellerSheet):
    name = "seller.fba_capacity"
    title = "Product master: FBA capacity limits (seller's workbook)"
    sheet_title = "FBA capacity"
    columns = (
        key("marketplace_text", "Marketplace"),
        key("capacity_units", "Capacity (units)", "FBA capacity (units)", kind=INT),
        col("valid_from", "Valid from", kind=DATE, date_formats=DATES),
        col("note", "Note"),
    )
    translations: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "zh": {
            "marketplace_text": ("站点",), "capacity_units": ("FBA库容(件)", "库容(件)"),
            "valid_from": ("生效日期",), "note": ("备注",),
        }
    }  # fmt: skip

    def derived(self) -> dict[str, str]:
        return {"marketplace": market_sql("marketplace_text")}

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        return [
            (
                f"marketplace NOT IN ({KNOWN_MARKETS})",
                "marketplace_text",
                "a marketplace such as amazon.US or US",
            ),
            ("capacity_units < 0", "capacity_units", "a whole number of 0 or more"),
        ]

    def loads(self, ctx: LoadContext, rows: str) -> list[TableLoad]:
        sql = f"""
            SELECT marketplace, capacity_units, {ctx.col("valid_from", "CAST(NULL AS DATE)")} AS valid_from,
                   {ctx.col("note", "CAST(NULL AS VARCHAR)")} AS note, {ctx.import_id} AS import_id
            FROM {rows}"""
        return [TableLoad("fba_capacity", sql, _whole_list(ctx))]


def _whole_list(ctx: LoadContext) -> Replace:
    """The sheet is the seller's whole list: every row an earlier import gave is replaced."""
    return Replace(keys=True, where=f"import_id <> {ctx.import_id}")


FAMILIES: tuple[SellerSheet, ...] = (
    Products(),
    ShippingLanes(),
    PurchaseOrders(),
    WarehouseStock(),
    FbaCapacity(),
)
SPECS = FAMILIES
