"""The canonical warehouse: every table, its columns and its key, in one place.

Money columns are DECIMAL(18, 4) with a `currency` column beside them; `*_at` columns are UTC timestamps;
`*_date` columns are calendar days in the marketplace's own time zone. Every fact row carries the
`import_id` of the file it came from, so any figure can be traced back to its source rows.
"""

from __future__ import annotations

from dataclasses import dataclass

MONEY = "DECIMAL(18, 4)"
CONSTRAINED = frozenset({"import_ledger", "marketplace", "product", "task", "task_event"})
RATIO = "DECIMAL(12, 6)"  # a fraction: 0.923 means 92.3 %


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    @property
    def key_constraint(self) -> bool:
        """Whether the database itself enforces the key. Fact tables take millions of rows per load, and DuckDB's
        key indexes would slow every bulk insert several-fold; their keys are enforced by the loader instead
        (a file may not repeat a key; rows with a key the file brings are replaced) and checked by `duplicate_keys`."""
        return self.name in CONSTRAINED

    def ddl(self) -> str:
        cols = [f"    {name} {sql_type}" for name, sql_type in self.columns]
        if self.key and self.key_constraint:
            cols.append(f"    PRIMARY KEY ({', '.join(self.key)})")
        return f"CREATE TABLE {self.name} (\n" + ",\n".join(cols) + "\n)"


def _t(name: str, doc: str, key: tuple[str, ...], *columns: tuple[str, str]) -> Table:
    return Table(name, doc, columns, key)


IMPORT = ("import_id", "BIGINT NOT NULL")

TABLES: tuple[Table, ...] = (
    _t("import_ledger", "One row per file loaded: what it was, what it gave, where the original is kept. The same "
       "bytes appear twice only when given another --period or --marketplace (another snapshot of the same content).",
       ("import_id",),
       ("import_id", "BIGINT NOT NULL"), ("file_name", "VARCHAR NOT NULL"), ("source_path", "VARCHAR NOT NULL"),
       ("sha256", "VARCHAR NOT NULL"), ("size_bytes", "BIGINT NOT NULL"), ("platform", "VARCHAR NOT NULL"),
       ("report_type", "VARCHAR NOT NULL"), ("marketplace", "VARCHAR"), ("marketplace_source", "VARCHAR"),
       ("period_from", "DATE"), ("period_to", "DATE"), ("period_source", "VARCHAR"),
       ("encoding", "VARCHAR"), ("header_language", "VARCHAR"), ("rows_read", "BIGINT NOT NULL"),
       ("rows_loaded", "BIGINT NOT NULL"), ("rows_rejected", "BIGINT NOT NULL"),
       ("rows_replaced", "BIGINT NOT NULL"), ("status", "VARCHAR NOT NULL"), ("messages", "VARCHAR"),
       ("archive_path", "VARCHAR NOT NULL"), ("rejects_path", "VARCHAR"), ("imported_at", "TIMESTAMPTZ NOT NULL")),
    _t("marketplace", "The marketplaces a seller sells on.", ("code",),
       ("code", "VARCHAR NOT NULL"), ("platform", "VARCHAR NOT NULL"), ("country", "VARCHAR NOT NULL"),
       ("currency", "VARCHAR NOT NULL"), ("time_zone", "VARCHAR NOT NULL"), ("language", "VARCHAR NOT NULL"),
       ("amazon_id", "VARCHAR")),
    _t("product", "The product master the seller keeps: cost, sizes, supply terms.", ("sku",),
       ("sku", "VARCHAR NOT NULL"), ("parent_sku", "VARCHAR"), ("asin", "VARCHAR"), ("title", "VARCHAR"),
       ("brand", "VARCHAR"), ("category", "VARCHAR"), ("unit_cost", MONEY), ("cost_currency", "VARCHAR"),
       ("length_cm", "DECIMAL(10, 2)"), ("width_cm", "DECIMAL(10, 2)"), ("height_cm", "DECIMAL(10, 2)"),
       ("weight_kg", "DECIMAL(10, 3)"), ("case_pack", "INTEGER"), ("moq", "INTEGER"),
       ("lead_time_days", "INTEGER"), ("supplier", "VARCHAR"), IMPORT),
    _t("listing", "A listing as a listings report last showed it, one row per marketplace, SKU and snapshot day.",
       ("marketplace", "sku", "snapshot_date"),
       ("marketplace", "VARCHAR NOT NULL"), ("sku", "VARCHAR NOT NULL"), ("snapshot_date", "DATE NOT NULL"),
       ("asin", "VARCHAR"), ("listing_id", "VARCHAR"), ("title", "VARCHAR"), ("description", "VARCHAR"),
       ("price", MONEY), ("currency", "VARCHAR"), ("quantity", "INTEGER"), ("pending_quantity", "INTEGER"),
       ("status", "VARCHAR"), ("open_at", "TIMESTAMPTZ"), ("image_url", "VARCHAR"),
       ("fulfillment_channel", "VARCHAR"), ("item_condition", "VARCHAR"), ("business_price", MONEY),
       ("merchant_shipping_group", "VARCHAR"), ("product_id", "VARCHAR"), ("minimum_order_quantity", "INTEGER"),
       ("business_price_tiers", "VARCHAR"), IMPORT),
    _t("order_header", "One row per order: when, where to, how it was fulfilled and shipped.",
       ("marketplace", "order_id"),
       ("marketplace", "VARCHAR NOT NULL"), ("order_id", "VARCHAR NOT NULL"), ("purchase_at", "TIMESTAMPTZ NOT NULL"),
       ("purchase_date", "DATE NOT NULL"), ("last_updated_at", "TIMESTAMPTZ"), ("status", "VARCHAR NOT NULL"),
       ("fulfillment_channel", "VARCHAR"), ("sales_channel", "VARCHAR"), ("ship_service_level", "VARCHAR"),
       ("order_total", MONEY), ("currency", "VARCHAR"), ("items_shipped", "INTEGER"), ("items_unshipped", "INTEGER"),
       ("earliest_ship_at", "TIMESTAMPTZ"), ("latest_ship_at", "TIMESTAMPTZ"), ("shipped_at", "TIMESTAMPTZ"),
       ("latest_delivery_at", "TIMESTAMPTZ"), ("delivered_at", "TIMESTAMPTZ"), ("tracking_number", "VARCHAR"),
       ("is_business", "BOOLEAN"), ("is_prime", "BOOLEAN"), ("ship_city", "VARCHAR"), ("ship_state", "VARCHAR"),
       ("ship_postcode", "VARCHAR"), ("ship_country", "VARCHAR"), ("merchant_order_id", "VARCHAR"), IMPORT),
    _t("order_line", "One row per order item, with the amounts for the whole quantity.",
       ("marketplace", "order_id", "line_id"),
       ("marketplace", "VARCHAR NOT NULL"), ("order_id", "VARCHAR NOT NULL"), ("line_id", "VARCHAR NOT NULL"),
       ("purchase_at", "TIMESTAMPTZ NOT NULL"), ("purchase_date", "DATE NOT NULL"), ("last_updated_at", "TIMESTAMPTZ"),
       ("order_status", "VARCHAR NOT NULL"), ("item_status", "VARCHAR"), ("fulfillment_channel", "VARCHAR"),
       ("sales_channel", "VARCHAR"), ("ship_service_level", "VARCHAR"), ("sku", "VARCHAR"), ("asin", "VARCHAR"),
       ("product_name", "VARCHAR"), ("quantity", "INTEGER NOT NULL"), ("currency", "VARCHAR"),
       ("item_price", MONEY), ("item_tax", MONEY), ("shipping_price", MONEY), ("shipping_tax", MONEY),
       ("gift_wrap_price", MONEY), ("gift_wrap_tax", MONEY), ("item_promotion_discount", MONEY),
       ("ship_promotion_discount", MONEY), ("promotion_ids", "VARCHAR"), ("is_business", "BOOLEAN"),
       ("ship_city", "VARCHAR"), ("ship_state", "VARCHAR"), ("ship_postcode", "VARCHAR"), ("ship_country", "VARCHAR"),
       IMPORT),
    _t("order_shipment",
       "Merchant shipments as the seller confirmed them to Amazon (the shipping-confirmation flat file): one row "
       "per order item shipped, with the ship time and tracking. `order_item_id` is '' when the whole order shipped.",
       ("marketplace", "order_id", "order_item_id"),
       ("marketplace", "VARCHAR NOT NULL"), ("order_id", "VARCHAR NOT NULL"), ("order_item_id", "VARCHAR NOT NULL"),
       ("quantity", "INTEGER"), ("shipped_at", "TIMESTAMPTZ NOT NULL"), ("ship_date", "DATE NOT NULL"),
       ("carrier_code", "VARCHAR"), ("carrier_name", "VARCHAR"), ("tracking_number", "VARCHAR"),
       ("ship_method", "VARCHAR"), IMPORT),
    _t("sales_traffic", "Sessions, page views and sales per ASIN/SKU for a period (a day when from = to). Sessions and page "
       "views belong to the ASIN: Amazon repeats them on each SKU row of the same ASIN.",
       ("marketplace", "period_from", "period_to", "parent_asin", "child_asin", "sku"),
       ("marketplace", "VARCHAR NOT NULL"), ("period_from", "DATE NOT NULL"), ("period_to", "DATE NOT NULL"),
       ("parent_asin", "VARCHAR NOT NULL"), ("child_asin", "VARCHAR NOT NULL"), ("sku", "VARCHAR NOT NULL"),
       ("title", "VARCHAR"), ("sessions", "BIGINT"), ("sessions_b2b", "BIGINT"), ("sessions_mobile", "BIGINT"),
       ("sessions_browser", "BIGINT"), ("page_views", "BIGINT"), ("page_views_b2b", "BIGINT"),
       ("page_views_mobile", "BIGINT"), ("page_views_browser", "BIGINT"), ("buy_box_ratio", RATIO),
       ("buy_box_ratio_b2b", RATIO), ("units_ordered", "BIGINT"), ("units_ordered_b2b", "BIGINT"),
       ("ordered_sales", MONEY), ("ordered_sales_b2b", MONEY), ("currency", "VARCHAR NOT NULL"),
       ("order_items", "BIGINT"), ("order_items_b2b", "BIGINT"), ("units_refunded", "BIGINT"),
       ("shipped_sales", MONEY), ("units_shipped", "BIGINT"), ("orders_shipped", "BIGINT"), IMPORT),
    _t("ad_performance",
       "Sponsored ads figures as each ads report states them. `report_type` keeps report grains apart: never "
       "add a search-term row to a campaign row.",
       ("import_id", "source_row"),
       ("report_type", "VARCHAR NOT NULL"), ("marketplace", "VARCHAR NOT NULL"),
       ("period_from", "DATE NOT NULL"), ("period_to", "DATE NOT NULL"), ("ad_product", "VARCHAR NOT NULL"),
       ("portfolio", "VARCHAR"), ("campaign_id", "VARCHAR"), ("campaign_name", "VARCHAR"),
       ("campaign_status", "VARCHAR"), ("targeting_type", "VARCHAR"), ("bidding_strategy", "VARCHAR"),
       ("daily_budget", MONEY), ("ad_group_id", "VARCHAR"), ("ad_group_name", "VARCHAR"),
       ("keyword_id", "VARCHAR"), ("product_targeting_id", "VARCHAR"), ("targeting", "VARCHAR"),
       ("match_type", "VARCHAR"), ("search_term", "VARCHAR"), ("advertised_sku", "VARCHAR"),
       ("advertised_asin", "VARCHAR"), ("placement", "VARCHAR"), ("state", "VARCHAR"), ("bid", MONEY),
       ("impressions", "BIGINT"), ("top_of_search_share", RATIO), ("clicks", "BIGINT"), ("spend", MONEY),
       ("currency", "VARCHAR NOT NULL"), ("attribution_days", "INTEGER"), ("sales", MONEY), ("orders", "BIGINT"),
       ("units", "BIGINT"), ("advertised_sku_units", "BIGINT"), ("other_sku_units", "BIGINT"),
       ("advertised_sku_sales", MONEY), ("other_sku_sales", MONEY), ("source_row", "BIGINT NOT NULL"), IMPORT),
    _t("ad_change", "The ads console's change history: who changed which bid, budget or state, and when.",
       ("marketplace", "changed_at", "entity_id", "change_type", "seq"),
       ("marketplace", "VARCHAR NOT NULL"), ("changed_at", "TIMESTAMPTZ NOT NULL"), ("entity_type", "VARCHAR"),
       ("entity_id", "VARCHAR NOT NULL"), ("entity_name", "VARCHAR"), ("change_type", "VARCHAR NOT NULL"),
       ("seq", "INTEGER NOT NULL"), ("old_value", "VARCHAR"), ("new_value", "VARCHAR"),
       ("campaign_id", "VARCHAR"), ("ad_group_id", "VARCHAR"), ("is_system_event", "BOOLEAN"),
       ("metadata", "VARCHAR"), ("ad_product", "VARCHAR"), ("targeting_type", "VARCHAR"),
       ("match_type", "VARCHAR"), IMPORT),
    _t("ad_entity",
       "Sponsored Products entities as a bulk sheet lists them (campaigns, ad groups, keywords, targets, "
       "negatives, product ads, bid adjustments), one row per entity per sheet: each import is one snapshot. "
       "Values keep the bulk sheet's own words, so a sheet written from these rows uploads as it is.",
       ("import_id", "entity", "entity_id"),
       ("marketplace", "VARCHAR NOT NULL"), ("ad_product", "VARCHAR NOT NULL"), ("entity", "VARCHAR NOT NULL"),
       ("entity_id", "VARCHAR NOT NULL"), ("operation", "VARCHAR"), ("campaign_id", "VARCHAR"),
       ("ad_group_id", "VARCHAR"), ("portfolio_id", "VARCHAR"), ("ad_id", "VARCHAR"), ("keyword_id", "VARCHAR"),
       ("product_targeting_id", "VARCHAR"), ("campaign_name", "VARCHAR"), ("ad_group_name", "VARCHAR"),
       ("portfolio_name", "VARCHAR"), ("start_date", "DATE"), ("end_date", "DATE"), ("targeting_type", "VARCHAR"),
       ("state", "VARCHAR"), ("campaign_state", "VARCHAR"), ("ad_group_state", "VARCHAR"),
       ("serving_status", "VARCHAR"), ("serving_status_reason", "VARCHAR"), ("daily_budget", MONEY),
       ("sku", "VARCHAR"), ("asin", "VARCHAR"), ("eligibility_status", "VARCHAR"),
       ("ineligibility_reason", "VARCHAR"), ("ad_group_default_bid", MONEY), ("bid", MONEY),
       ("keyword_text", "VARCHAR"), ("native_language_keyword", "VARCHAR"), ("native_language_locale", "VARCHAR"),
       ("match_type", "VARCHAR"), ("bidding_strategy", "VARCHAR"), ("placement", "VARCHAR"),
       ("percentage", "DECIMAL(10, 2)"), ("product_targeting_expression", "VARCHAR"),
       ("resolved_targeting_expression", "VARCHAR"), ("currency", "VARCHAR NOT NULL"),
       ("source_row", "BIGINT NOT NULL"), IMPORT),
    _t("inventory_snapshot", "Stock at one moment, per warehouse (an FBA network or a warehouse of the seller's) and SKU.",
       ("marketplace", "warehouse", "sku", "snapshot_at"),
       ("marketplace", "VARCHAR NOT NULL"), ("warehouse", "VARCHAR NOT NULL"), ("sku", "VARCHAR NOT NULL"),
       ("snapshot_at", "TIMESTAMPTZ NOT NULL"), ("snapshot_date", "DATE NOT NULL"), ("fnsku", "VARCHAR"),
       ("asin", "VARCHAR"), ("product_name", "VARCHAR"), ("condition", "VARCHAR"), ("price", MONEY),
       ("currency", "VARCHAR"), ("listing_exists", "BOOLEAN"), ("fulfillable", "BIGINT"), ("reserved", "BIGINT"),
       ("unsellable", "BIGINT"), ("inbound_working", "BIGINT"), ("inbound_shipped", "BIGINT"),
       ("inbound_receiving", "BIGINT"), ("researching", "BIGINT"), ("total", "BIGINT"),
       ("age_0_90", "BIGINT"), ("age_91_180", "BIGINT"), ("age_181_270", "BIGINT"), ("age_271_365", "BIGINT"),
       ("age_365_plus", "BIGINT"), ("units_shipped_t30", "BIGINT"), ("sell_through", "DECIMAL(12, 4)"),
       ("days_of_supply", "DECIMAL(12, 2)"), ("estimated_excess", "BIGINT"), ("estimated_ltsf_next", MONEY),
       ("estimated_storage_cost_next_month", MONEY), ("alert", "VARCHAR"), ("recommended_action", "VARCHAR"),
       ("estimated_ais_next", MONEY), IMPORT),
    _t("purchase_order",
       "Purchase orders placed with suppliers, as the seller's product master workbook lists them: one row per PO "
       "and SKU. Each import of the list replaces the earlier one: a PO that is no longer listed is closed.",
       ("po_number", "sku"),
       ("po_number", "VARCHAR NOT NULL"), ("sku", "VARCHAR NOT NULL"), ("supplier", "VARCHAR"),
       ("order_date", "DATE"), ("expected_date", "DATE"), ("quantity_ordered", "INTEGER NOT NULL"),
       ("quantity_received", "INTEGER"), ("unit_cost", MONEY), ("currency", "VARCHAR"),
       ("destination", "VARCHAR"), ("status", "VARCHAR"), IMPORT),
    _t("shipping_lane",
       "How goods move to a marketplace: route (local_to_fba, local_to_overseas, overseas_to_fba), mode (sea, air, "
       "truck, rail, express), days door to door and cost per unit or per kg. `sku` '' is the default for all SKUs.",
       ("marketplace", "route", "mode", "sku"),
       ("marketplace", "VARCHAR NOT NULL"), ("route", "VARCHAR NOT NULL"), ("mode", "VARCHAR NOT NULL"),
       ("sku", "VARCHAR NOT NULL"), ("transit_days", "INTEGER NOT NULL"), ("cost_per_unit", MONEY),
       ("cost_per_kg", MONEY), ("currency", "VARCHAR"), IMPORT),
    _t("warehouse_stock",
       "Stock in the seller's own warehouses on a day: the local (origin) warehouse, which serves every marketplace, "
       "and overseas warehouses, each serving one marketplace's FBA.",
       ("warehouse", "sku", "snapshot_date"),
       ("warehouse", "VARCHAR NOT NULL"), ("warehouse_type", "VARCHAR NOT NULL"), ("marketplace", "VARCHAR"),
       ("sku", "VARCHAR NOT NULL"), ("snapshot_date", "DATE NOT NULL"), ("on_hand", "BIGINT NOT NULL"),
       ("reserved", "BIGINT"), IMPORT),
    _t("fba_capacity", "The FBA capacity limit the seller plans with, in units on hand and inbound, per marketplace.",
       ("marketplace",),
       ("marketplace", "VARCHAR NOT NULL"), ("capacity_units", "BIGINT NOT NULL"), ("valid_from", "DATE"),
       ("note", "VARCHAR"), IMPORT),
    _t("restock_recommendation", "Amazon's Restock Inventory advice for one SKU as a report showed it on one day.",
       ("marketplace", "sku", "snapshot_date"),
       ("marketplace", "VARCHAR NOT NULL"), ("sku", "VARCHAR NOT NULL"), ("snapshot_date", "DATE NOT NULL"),
       ("fnsku", "VARCHAR"), ("asin", "VARCHAR"), ("product_name", "VARCHAR"), ("condition", "VARCHAR"),
       ("supplier", "VARCHAR"), ("supplier_part_no", "VARCHAR"), ("fulfilled_by", "VARCHAR"), ("price", MONEY),
       ("sales_t30", MONEY), ("currency", "VARCHAR"), ("units_sold_t30", "BIGINT"),
       ("days_of_supply_total", "DECIMAL(12, 2)"), ("days_of_supply_fba", "DECIMAL(12, 2)"), ("alert", "VARCHAR"),
       ("recommended_quantity", "BIGINT"), ("recommended_ship_date", "DATE"), ("recommended_action", "VARCHAR"),
       ("unit_storage_size", "VARCHAR"), IMPORT),
    _t("return_line", "FBA customer returns: what came back, why, and in what state.",
       ("marketplace", "return_at", "order_id", "sku", "license_plate_number", "seq"),
       ("marketplace", "VARCHAR NOT NULL"), ("return_at", "TIMESTAMPTZ NOT NULL"), ("return_date", "DATE NOT NULL"),
       ("order_id", "VARCHAR NOT NULL"), ("sku", "VARCHAR NOT NULL"), ("asin", "VARCHAR"), ("fnsku", "VARCHAR"),
       ("product_name", "VARCHAR"), ("quantity", "INTEGER NOT NULL"), ("fulfillment_center", "VARCHAR"),
       ("disposition", "VARCHAR"), ("reason", "VARCHAR"), ("status", "VARCHAR"),
       ("license_plate_number", "VARCHAR NOT NULL"), ("seq", "INTEGER NOT NULL"), ("customer_comments", "VARCHAR"),
       IMPORT),
    _t("seller_feedback", "Seller feedback left by buyers (the report lists 1–3 star ratings).",
       ("marketplace", "order_id", "feedback_date"),
       ("marketplace", "VARCHAR NOT NULL"), ("feedback_date", "DATE NOT NULL"), ("rating", "INTEGER NOT NULL"),
       ("comments", "VARCHAR"), ("response", "VARCHAR"), ("order_id", "VARCHAR NOT NULL"), ("rater_email", "VARCHAR"),
       ("arrived_on_time", "BOOLEAN"), ("item_as_described", "BOOLEAN"), ("customer_service", "BOOLEAN"),
       ("rater_role", "VARCHAR"), IMPORT),
    _t("review", "Product reviews as a review export lists them.", ("marketplace", "review_id"),
       ("marketplace", "VARCHAR NOT NULL"), ("review_id", "VARCHAR NOT NULL"), ("asin", "VARCHAR NOT NULL"),
       ("review_date", "DATE NOT NULL"), ("rating", "INTEGER NOT NULL"), ("title", "VARCHAR"), ("body", "VARCHAR"),
       ("verified_purchase", "BOOLEAN"), IMPORT),
    _t("claim", "A-to-z Guarantee claims and chargebacks, per order.", ("marketplace", "claim_type", "order_id", "claim_at"),
       ("marketplace", "VARCHAR NOT NULL"), ("claim_type", "VARCHAR NOT NULL"), ("order_id", "VARCHAR NOT NULL"),
       ("claim_at", "TIMESTAMPTZ NOT NULL"), ("claim_date", "DATE NOT NULL"), ("amount", MONEY),
       ("currency", "VARCHAR"), ("status", "VARCHAR"), ("reason", "VARCHAR"), IMPORT),
    _t("account_sales_traffic",
       "Account-level sales and traffic per day (or week/month) from the Sales and Traffic report. It has no ASIN, "
       "so it lives apart from sales_traffic: adding it to ASIN rows would count every sale twice.",
       ("marketplace", "period_from", "period_to"),
       ("marketplace", "VARCHAR NOT NULL"), ("period_from", "DATE NOT NULL"), ("period_to", "DATE NOT NULL"),
       ("ordered_sales", MONEY), ("ordered_sales_b2b", MONEY), ("currency", "VARCHAR NOT NULL"),
       ("units_ordered", "BIGINT"), ("units_ordered_b2b", "BIGINT"), ("order_items", "BIGINT"),
       ("order_items_b2b", "BIGINT"), ("units_refunded", "BIGINT"), ("claims_granted", "BIGINT"),
       ("claims_amount", MONEY), ("shipped_sales", MONEY), ("units_shipped", "BIGINT"), ("orders_shipped", "BIGINT"),
       ("sessions", "BIGINT"), ("sessions_b2b", "BIGINT"), ("sessions_mobile", "BIGINT"),
       ("sessions_browser", "BIGINT"), ("page_views", "BIGINT"), ("page_views_b2b", "BIGINT"),
       ("page_views_mobile", "BIGINT"), ("page_views_browser", "BIGINT"), ("buy_box_ratio", RATIO),
       ("buy_box_ratio_b2b", RATIO), ("average_offer_count", "BIGINT"), ("average_parent_items", "BIGINT"),
       ("feedback_received", "BIGINT"), ("negative_feedback_received", "BIGINT"), IMPORT),
    _t("account_health_metric",
       "Account Health figures per marketplace and reporting window: rates as fractions (0.009 = 0.9 %), the "
       "counts behind them, Amazon's target and status; policy counters have a numerator only.",
       ("marketplace", "metric", "fulfillment_type", "period_from", "period_to"),
       ("marketplace", "VARCHAR NOT NULL"), ("metric", "VARCHAR NOT NULL"), ("fulfillment_type", "VARCHAR NOT NULL"),
       ("period_from", "DATE NOT NULL"), ("period_to", "DATE NOT NULL"), ("numerator", "BIGINT"),
       ("denominator", "BIGINT"), ("rate", "DECIMAL(18, 10)"), ("target_value", "DECIMAL(18, 10)"),
       ("target_condition", "VARCHAR"), ("status", "VARCHAR"), IMPORT),
    _t("settlement", "One row per settlement: its period, deposit and total.", ("settlement_id",),
       ("settlement_id", "VARCHAR NOT NULL"), ("marketplace", "VARCHAR NOT NULL"), ("start_at", "TIMESTAMPTZ NOT NULL"),
       ("end_at", "TIMESTAMPTZ NOT NULL"), ("deposit_at", "TIMESTAMPTZ"), ("total_amount", MONEY),
       ("currency", "VARCHAR NOT NULL"), IMPORT),
    _t("fee_txn",
       "Settlement money, one row per amount (price, fee, promotion…), in the V2 shape whatever layout it came in.",
       ("settlement_id", "line_no"),
       ("settlement_id", "VARCHAR NOT NULL"), ("line_no", "INTEGER NOT NULL"), ("marketplace", "VARCHAR NOT NULL"),
       ("posted_at", "TIMESTAMPTZ"), ("posted_date", "DATE"), ("transaction_type", "VARCHAR"), ("order_id", "VARCHAR"),
       ("merchant_order_id", "VARCHAR"), ("adjustment_id", "VARCHAR"), ("shipment_id", "VARCHAR"),
       ("fulfillment_id", "VARCHAR"), ("order_item_code", "VARCHAR"), ("sku", "VARCHAR"), ("quantity", "INTEGER"),
       ("amount_type", "VARCHAR NOT NULL"), ("amount_description", "VARCHAR"), ("amount", MONEY + " NOT NULL"),
       ("currency", "VARCHAR NOT NULL"), ("promotion_id", "VARCHAR"), ("source_row", "BIGINT NOT NULL"), IMPORT),
    _t("promotion", "Promotions and coupons with their start and end in the marketplace's time.",
       ("marketplace", "promotion_id", "sku"),
       ("marketplace", "VARCHAR NOT NULL"), ("promotion_id", "VARCHAR NOT NULL"), ("sku", "VARCHAR NOT NULL"),
       ("promotion_type", "VARCHAR"), ("discount", MONEY), ("discount_ratio", RATIO), ("currency", "VARCHAR"),
       ("start_at", "TIMESTAMPTZ"), ("end_at", "TIMESTAMPTZ"), IMPORT),
    _t("competitor_observation", "A competitor's price, rank or rating seen on one day.",
       ("marketplace", "asin", "observed_date"),
       ("marketplace", "VARCHAR NOT NULL"), ("asin", "VARCHAR NOT NULL"), ("observed_date", "DATE NOT NULL"),
       ("price", MONEY), ("currency", "VARCHAR"), ("bsr", "INTEGER"), ("rating", "DECIMAL(3, 2)"),
       ("review_count", "INTEGER"), IMPORT),
    _t("keyword_observation", "A search keyword's volume and our rank on one day.",
       ("marketplace", "keyword", "observed_date"),
       ("marketplace", "VARCHAR NOT NULL"), ("keyword", "VARCHAR NOT NULL"), ("observed_date", "DATE NOT NULL"),
       ("search_volume", "INTEGER"), ("organic_rank", "INTEGER"), ("sponsored_rank", "INTEGER"), IMPORT),
    _t("task",
       "The team's to-do list: one task per (rule, marketplace, entity), carrying its latest finding (see "
       "docs/tasks.md). Figures are DECIMAL(38, 10); evidence is JSON; texts are kept in English and Chinese.",
       ("task_id",),
       ("task_id", "VARCHAR NOT NULL"), ("rule", "VARCHAR NOT NULL"), ("marketplace", "VARCHAR NOT NULL"),
       ("entity", "VARCHAR NOT NULL"), ("sku", "VARCHAR"), ("status", "VARCHAR NOT NULL"),
       ("priority", "VARCHAR NOT NULL"), ("severity", "VARCHAR NOT NULL"), ("owner", "VARCHAR"),
       ("process_node", "VARCHAR NOT NULL"), ("metric", "VARCHAR NOT NULL"), ("value", "DECIMAL(38, 10)"),
       ("threshold", "DECIMAL(38, 10)"), ("baseline", "DECIMAL(38, 10)"), ("money_at_stake", MONEY),
       ("currency", "VARCHAR"), ("evidence", "VARCHAR NOT NULL"), ("title_en", "VARCHAR NOT NULL"),
       ("title_zh", "VARCHAR NOT NULL"), ("action_en", "VARCHAR NOT NULL"), ("action_zh", "VARCHAR NOT NULL"),
       ("acceptance_en", "VARCHAR NOT NULL"), ("acceptance_zh", "VARCHAR NOT NULL"),
       ("sla_hours", "INTEGER NOT NULL"), ("close_after_days", "INTEGER NOT NULL"),
       ("first_seen_date", "DATE NOT NULL"), ("last_seen_date", "DATE NOT NULL"),
       ("opened_at", "TIMESTAMPTZ NOT NULL"), ("due_at", "TIMESTAMPTZ NOT NULL"),
       ("updated_at", "TIMESTAMPTZ NOT NULL"), ("closed_at", "TIMESTAMPTZ"), ("done_by", "VARCHAR"),
       ("note", "VARCHAR")),
    _t("task_event",
       "Append-only history of each task: opened, updated, closed, reopened, done. `as_of` is the day of the "
       "findings a sync acted on; `changes` is JSON of the fields an update changed.",
       ("task_id", "seq"),
       ("task_id", "VARCHAR NOT NULL"), ("seq", "INTEGER NOT NULL"), ("kind", "VARCHAR NOT NULL"),
       ("happened_at", "TIMESTAMPTZ NOT NULL"), ("as_of", "DATE"), ("actor", "VARCHAR"), ("note", "VARCHAR"),
       ("changes", "VARCHAR")),
)  # fmt: skip

TABLES_BY_NAME = {t.name: t for t in TABLES}
# Tables whose rows come from imported files (everything the ledger can trace).
FACT_TABLES = tuple(t.name for t in TABLES if "import_id" in t.column_names and t.name != "import_ledger")


def table(name: str) -> Table:
    return TABLES_BY_NAME[name]
