"""Hand-built ads rows for the ads plan tests: a search-term, target or campaign row, or a bulk sheet entity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sellerops.analytics.ads import (
    BidSettings,
    BudgetSettings,
    HarvestSettings,
    NegativeSettings,
    PlanSettings,
)
from sellerops.warehouse import Warehouse

US = "amazon.US"
DAY = dt.date(2025, 5, 31)
TERM_IMPORT, BULK_IMPORT = 10, 20
AUTO, EXACT_CAMPAIGN = "SP | Widget | Auto", "SP | Widget | Exact"
# The defaults of rules/defaults.yaml, written out so that a change there shows here.
SETTINGS = PlanSettings(
    lookback_days=30,
    harvest=HarvestSettings(min_orders=2, min_clicks=2, target_acos=Decimal("0.30"),
                            min_daily_budget=Decimal("1.00")),
    negative=NegativeSettings(min_clicks=10, target_acos=Decimal("0.30"), ngram_max_words=3, ngram_min_terms=2),
    bid=BidSettings(min_clicks=20, target_acos=Decimal("0.30"), max_step=Decimal("0.20"), min_bid=Decimal("0.02"),
                    cooldown_days=3),
    budget=BudgetSettings(min_share=Decimal("0.95"), min_capped_days=3, window_days=7, target_acos=Decimal("0.30"),
                          cut_acos=Decimal("0.50"), raise_step=Decimal("0.20"), cut_step=Decimal("0.20")),
)  # fmt: skip


def perf(
    warehouse: Warehouse, report_type: str, row: int, *, campaign: str, clicks: int, spend: str, sales: str = "0",
    orders: int = 0, ad_group: str | None = None, targeting: str | None = None, match: str | None = None,
    term: str | None = None, day: dt.date = DAY, to: dt.date | None = None, budget: str | None = None,
    days: int | None = 7, import_id: int = TERM_IMPORT, **ids: Any,
) -> None:  # fmt: skip
    """One ad_performance row; `ids` may give campaign_id, ad_group_id, keyword_id, bid, state."""
    warehouse.con.execute(
        "INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, campaign_name, "
        "ad_group_name, targeting, match_type, search_term, daily_budget, impressions, clicks, spend, currency, "
        "attribution_days, sales, orders, units, source_row, import_id, campaign_id, ad_group_id, keyword_id, bid, "
        "state) VALUES (?, ?, ?, ?, 'SPONSORED_PRODUCTS', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)",
        [report_type, US, day if to is None else to - dt.timedelta(days=29), to or day, campaign, ad_group,
         targeting, match, term, None if budget is None else Decimal(budget), clicks * 10, clicks, Decimal(spend),
         days, Decimal(sales), orders, orders, row, import_id, ids.get("campaign_id"), ids.get("ad_group_id"),
         ids.get("keyword_id"), None if ids.get("bid") is None else Decimal(ids["bid"]), ids.get("state")],
    )  # fmt: skip


def entity(
    warehouse: Warehouse, row: int, entity_kind: str, entity_id: str, campaign_id: str, **values: Any
) -> None:
    """One ad_entity row of the bulk snapshot `BULK_IMPORT`; `values` are ad_entity columns."""
    columns = ["marketplace", "ad_product", "entity", "entity_id", "campaign_id", "currency", "source_row",
               "import_id", *values]  # fmt: skip
    params = [US, "SPONSORED_PRODUCTS", entity_kind, entity_id, campaign_id, "USD", row, BULK_IMPORT,
              *(Decimal(v) if k in ("bid", "daily_budget") else v for k, v in values.items())]  # fmt: skip
    marks = ", ".join("?" for _ in columns)
    warehouse.con.execute(f"INSERT INTO ad_entity ({', '.join(columns)}) VALUES ({marks})", params)


def widget_account(warehouse: Warehouse) -> None:
    """A bulk download: an auto campaign (ad group 'auto', SKU W-1) and a manual exact one (ad group 'exact',
    keyword 'widget' exact at 1.00, SKU W-1), IDs 1xx and 2xx."""
    entity(warehouse, 2, "Campaign", "100", "100", campaign_name=AUTO, targeting_type="Auto", state="enabled",
           daily_budget="10")  # fmt: skip
    entity(warehouse, 3, "Ad Group", "110", "100", ad_group_id="110", ad_group_name="auto", state="enabled")
    entity(
        warehouse, 4, "Product Ad", "111", "100", ad_group_id="110", ad_id="111", sku="W-1", state="enabled"
    )
    entity(warehouse, 5, "Product Targeting", "112", "100", ad_group_id="110", product_targeting_id="112",
           product_targeting_expression="close-match", bid="0.50", state="enabled")  # fmt: skip
    entity(warehouse, 6, "Campaign", "200", "200", campaign_name=EXACT_CAMPAIGN, targeting_type="Manual",
           state="enabled", daily_budget="20")  # fmt: skip
    entity(warehouse, 7, "Ad Group", "210", "200", ad_group_id="210", ad_group_name="exact", state="enabled")
    entity(
        warehouse, 8, "Product Ad", "211", "200", ad_group_id="210", ad_id="211", sku="W-1", state="enabled"
    )
    entity(warehouse, 9, "Keyword", "212", "200", ad_group_id="210", keyword_id="212", keyword_text="widget",
           match_type="Exact", bid="1.00", state="enabled")  # fmt: skip


def tables(warehouse: Warehouse) -> tuple[Any, Any, Any]:
    backend = warehouse.ibis()
    return backend.table("ad_performance"), backend.table("ad_entity"), backend.table("ad_change")
