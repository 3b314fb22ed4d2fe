"""The names of metrics, process nodes, severities and statuses as the reports print them (English msgids)."""

from __future__ import annotations

from sellerops.reports.i18n import N_, Localizer

METRICS = {
    "ordered_sales": N_("Ordered sales"),
    "units": N_("Units"),
    "orders": N_("Orders"),
    "sessions": N_("Sessions"),
    "page_views": N_("Page views"),
    "conversion": N_("Conversion"),
    "aov": N_("Average order value"),
    "buy_box": N_("Buy box"),
    "refund_rate": N_("Refund rate"),
    "return_rate": N_("Return rate"),
    "ad_impressions": N_("Ad impressions"),
    "ad_clicks": N_("Ad clicks"),
    "ctr": N_("CTR"),
    "cpc": N_("CPC"),
    "ad_spend": N_("Ad spend"),
    "ad_sales": N_("Ad sales"),
    "acos": N_("ACoS"),
    "roas": N_("ROAS"),
    "tacos": N_("TACoS"),
    "order_defect_rate": N_("Order defect rate"),
    "late_shipment_rate": N_("Late shipment rate"),
    "pre_fulfillment_cancellation_rate": N_("Pre-fulfilment cancellation rate"),
    "valid_tracking_rate": N_("Valid tracking rate"),
    "on_time_delivery_rate": N_("On-time delivery rate"),
    "days_of_cover": N_("Days of cover"),
    "available": N_("Available"),
    "inbound": N_("Inbound"),
    # evidence behind moves and findings
    "days_out_of_stock": N_("Days out of stock"),
    "fulfillable_quantity": N_("Fulfillable quantity"),
    "inbound_quantity": N_("Inbound quantity"),
    "inactive_listing_snapshots": N_("Inactive listing snapshots"),
    "buy_box_percentage": N_("Buy box"),
    "average_price": N_("Average price"),
    "usual_price": N_("Usual price"),
    "sales_per_day": N_("Sales per day"),
    "sessions_per_day": N_("Sessions per day"),
    "units_per_day": N_("Units per day"),
    "defect_returns": N_("Defect returns"),
    "negative_feedback": N_("Negative feedback"),
    "late_shipments": N_("Late shipments"),
    "merchant_shipments": N_("Merchant shipments"),
    "ad_spend_per_day": N_("Ad spend per day"),
    "promoted_order_share": N_("Promoted order share"),
    "campaign": N_("Campaign"),
    "break_even_acos": N_("Break-even ACoS"),
    "break_even_acos_upper_bound": N_("Break-even ACoS (at most; a cost is unknown)"),
    # the hold list
    "order_status": N_("Order status"),
    "purchase_at": N_("Purchased at"),
    "latest_ship_at": N_("Latest ship time"),
    "detail": N_("Detail"),
    "order_total": N_("Order total"),
    "hours_pending": N_("Hours pending"),
    "hours_since_same_order": N_("Hours since the same order"),
    "line_quantity": N_("Line quantity"),
    "hours_to_latest_ship": N_("Hours to latest ship time"),
}
CAUSES = {
    "out_of_stock": N_("out of stock"),
    "low_stock": N_("low stock"),
    "listing_suppressed": N_("listing suppressed"),
    "buy_box_lost": N_("buy box lost"),
    "promotion_ended": N_("promotion ended"),
    "price_rise": N_("price rise"),
    "price_above_usual": N_("price above its usual level"),
    "price_cut": N_("price cut"),
    "promotion": N_("promotion"),
    "shopping_event": N_("shopping event"),
    "negative_feedback": N_("negative feedback"),
    "late_shipments": N_("late shipments"),
    "ad_traffic_fall": N_("ad traffic fell"),
    "ad_traffic_rise": N_("ad traffic rose"),
    "ad_spend_spike": N_("ad spend spike"),
    "out_of_budget": N_("out of budget"),
    "traffic_fall_unexplained": N_("traffic fell, cause unknown"),
    "conversion_fall_unexplained": N_("conversion fell, cause unknown"),
    "sales_rise_unexplained": N_("sales rose, cause unknown"),
    "conversion_below_category": N_("conversion below the category"),
}
FULFILMENT = {
    "mfn": N_("Merchant-fulfilled"),
    "afn": N_("Fulfilled by Amazon"),
}
PROCESS_NODES = {
    "traffic/ads": N_("Traffic / ads"),
    "listing/content": N_("Listing / content"),
    "price/promotion": N_("Price / promotion"),
    "inventory/fulfilment": N_("Inventory / fulfilment"),
    "reviews/after-sales": N_("Reviews / after-sales"),
    "account-health": N_("Account health"),
}
SEVERITIES = {
    "critical": N_("Critical"),
    "high": N_("High"),
    "medium": N_("Medium"),
    "low": N_("Low"),
}
TASK_STATUSES = {
    "open": N_("Open"),
    "in_progress": N_("In progress"),
    "reopened": N_("Reopened"),
    "done": N_("Done"),
    "closed": N_("Closed"),
}
HEALTH_STATUSES = {
    "ok": N_("OK"),
    "at_risk": N_("At risk"),
    "breach": N_("Breach"),
    "no_data": N_("No data"),
}
STOCKOUT_RISKS = {
    "out_of_stock": N_("Out of stock"),
    "high": N_("High"),
    "medium": N_("Medium"),
    "low": N_("Low"),
}


def label(words: Localizer, vocabulary: dict[str, str], key: str) -> str:
    """The translated name of a key, or the key itself (underscores as spaces) when the vocabulary does not know
    it yet: a new metric or cause still reads, in English, before its translation lands."""
    name = vocabulary.get(key)
    return words(name) if name is not None else key.replace("_", " ")
