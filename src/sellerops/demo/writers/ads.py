"""Sponsored Products console exports (xlsx): the daily search term report (2023 UK layout, 7-day attribution)
and the daily campaign report per marketplace and month, and a bulk operations snapshot at the end."""

from __future__ import annotations

from datetime import date

import numpy as np

from sellerops.demo.ads import AdSim
from sellerops.demo.simulate import MarketSim
from sellerops.demo.writers.common import Output, months, period
from sellerops.demo.writers.xlsx import Sheet, write_workbook

SEARCH_TERM_HEADER = (
    "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting", "Match Type",
    "Customer Search Term", "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend",
    "7 Day Total Sales", "Total Advertising Cost of Sales (ACOS) ", "Total Return on Advertising Spend (ROAS)",
    "7 Day Total Orders (#)", "7 Day Total Units (#)", "7 Day Conversion Rate", "7 Day Advertised SKU Units (#)",
    "7 Day Other SKU Units (#)", "7 Day Advertised SKU Sales", "7 Day Other SKU Sales",
)  # fmt: skip
_SEARCH_TERM_STYLES = (
    "date", "text", "text", "text", "text", "text", "text", "text", "int", "int", "pct", "money", "money", "money",
    "pct", "ratio", "int", "int", "pct", "int", "int", "money", "money",
)  # fmt: skip
CAMPAIGN_HEADER = (
    "Date", "Start Date", "End Date", "Portfolio name", "Campaign Type", "Campaign Name", "Status", "Currency",
    "Budget", "Targeting Type", "Bidding strategy", "Impressions", "Last Year Impressions", "Clicks",
    "Last Year Clicks", "Click-Thru Rate (CTR)", "Spend", "Last Year Spend", "Cost Per Click (CPC)",
    "Last Year Cost Per Click (CPC)", "7 Day Total Orders (#)", "Total Advertising Cost of Sales (ACoS)",
    "7 Day Total Sales",
)  # fmt: skip
_CAMPAIGN_STYLES = (
    "date", "date", "date", "text", "text", "text", "text", "text", "money", "text", "text", "int", "int", "int",
    "int", "pct", "money", "money", "money", "money", "int", "pct", "money",
)  # fmt: skip
BULK_HEADER = (
    "Product", "Entity", "Operation", "Campaign ID", "Ad Group ID", "Portfolio ID", "Ad ID", "Keyword ID",
    "Product Targeting ID", "Campaign Name", "Ad Group Name", "Campaign Name (Informational only)",
    "Ad Group Name (Informational only)", "Portfolio Name (Informational only)", "Start Date", "End Date",
    "Targeting Type", "State", "Campaign State (Informational only)", "Ad Group State (Informational only)",
    "Daily Budget", "SKU", "ASIN (Informational only)", "Eligibility Status (Informational only)",
    "Reason for Ineligibility (Informational only)", "Ad Group Default Bid", "Ad Group Default Bid (Informational only)",
    "Bid", "Keyword Text", "Native Language Keyword", "Native Language Locale", "Match Type", "Bidding Strategy",
    "Placement", "Percentage", "Product Targeting Expression",
    "Resolved Product Targeting Expression (Informational only)", "Impressions", "Clicks", "Click-through Rate",
    "Spend", "Sales", "Orders", "Units", "Conversion Rate", "ACOS", "CPC", "ROAS",
)  # fmt: skip
_BULK_STYLES = ("text",) * 20 + ("money",) + ("text",) * 4 + ("money", "money", "money") + ("text",) * 9 + (
    "int", "int", "pct", "money", "money", "int", "int", "pct", "pct", "money", "ratio",
)  # fmt: skip
BIDDING = "Dynamic bids - down only"


def _ratio(part: float, whole: float, digits: int = 4) -> float | None:
    return round(part / whole, digits) if whole else None


def write_ads(out: Output, sim: MarketSim, ads: AdSim) -> None:
    market = sim.market
    term_campaign = [ads.targets[t.target].campaign for t in ads.terms]
    for first, last, a, b in months(sim.days):
        sheet = Sheet("Sponsored Product Search Term R", SEARCH_TERM_HEADER, _SEARCH_TERM_STYLES)
        for t in range(a, b):
            day = sim.days[t]
            for k in np.flatnonzero(ads.clicks[:, t] > 0):
                sheet.add_rows([_term_row(ads, int(k), t, day, market.currency, term_campaign[k])])
        path = out.path(market.code, "ads", f"Sponsored-Products-Search-Term-Report-{first:%Y-%m}.xlsx")
        write_workbook(path, [sheet])
        out.add(path, "ads_search_term", marketplace=market.code, period=period(first, last))

    campaign_of = np.array(term_campaign)
    n_c, d = len(ads.campaigns), len(sim.days)
    totals = {}
    for name, values in (("impressions", ads.impressions), ("clicks", ads.clicks), ("spend", ads.spend),
                         ("orders", ads.orders), ("sales", ads.sales)):  # fmt: skip
        summed = np.zeros((n_c, d))
        np.add.at(summed, campaign_of, values)
        totals[name] = summed
    for first, last, a, b in months(sim.days):
        sheet = Sheet("Sponsored Product Campaign Rep", CAMPAIGN_HEADER, _CAMPAIGN_STYLES)
        for t in range(a, b):
            for c, campaign in enumerate(ads.campaigns):
                spend, sales, clicks = totals["spend"][c, t], totals["sales"][c, t], totals["clicks"][c, t]
                impressions = totals["impressions"][c, t]
                sheet.add_rows([[
                    sim.days[t], campaign.start, None, campaign.portfolio, "Sponsored Products", campaign.name,
                    "ENABLED", market.currency, round(float(ads.budget[c, t]), 2),
                    "Automatic targeting" if campaign.match == "auto" else "Manual targeting", BIDDING,
                    int(impressions), None, int(clicks), None, _ratio(clicks, impressions), round(float(spend), 2),
                    None, _ratio(spend, clicks, 2), None, int(totals["orders"][c, t]), _ratio(spend, sales),
                    round(float(sales), 2),
                ]])  # fmt: skip
        path = out.path(market.code, "ads", f"Sponsored-Products-Campaign-Report-{first:%Y-%m}.xlsx")
        write_workbook(path, [sheet])
        out.add(path, "ads_campaign", marketplace=market.code, period=period(first, last))
    _write_bulk(out, sim, ads)


def _term_row(ads: AdSim, k: int, t: int, day: date, currency: str, c: int) -> list[object]:
    term, target, campaign = ads.terms[k], ads.targets[ads.terms[k].target], ads.campaigns[c]
    impressions, clicks = int(ads.impressions[k, t]), int(ads.clicks[k, t])
    spend, sales = round(float(ads.spend[k, t]), 2), round(float(ads.sales[k, t]), 2)
    units, advertised = int(ads.units[k, t]), int(ads.advertised_units[k, t])
    advertised_sales = round(float(ads.advertised_sales[k, t]), 2)
    return [
        day,
        campaign.portfolio,
        currency,
        campaign.name,
        campaign.ad_group_name,
        target.text,
        target.match,
        term.text,
        impressions,
        clicks,
        _ratio(clicks, impressions),
        _ratio(spend, clicks, 2),
        spend,
        sales,
        _ratio(spend, sales),
        _ratio(sales, spend, 2) or 0.0,
        int(ads.orders[k, t]),
        units,
        _ratio(int(ads.orders[k, t]), clicks) or 0.0,
        advertised,
        units - advertised,
        advertised_sales,
        round(sales - advertised_sales, 2),
    ]


def _metrics(
    impressions: float, clicks: float, spend: float, sales: float, orders: float, units: float
) -> list[object]:
    return [
        int(impressions), int(clicks), _ratio(clicks, impressions) or 0.0, round(spend, 2), round(sales, 2),
        int(orders), int(units), _ratio(orders, clicks) or 0.0, _ratio(spend, sales) or 0.0,
        _ratio(spend, clicks, 2) or 0.0, _ratio(sales, spend, 2) or 0.0,
    ]  # fmt: skip


def _write_bulk(out: Output, sim: MarketSim, ads: AdSim) -> None:
    """The "Sponsored Products Campaigns" sheet as downloaded on the last day, with the last 30 days' figures."""
    d = len(sim.days)
    window = slice(max(0, d - 30), d)
    last = d - 1
    figures = {
        k: np.asarray(getattr(ads, k)[:, window].sum(axis=1), dtype=float)
        for k in ("impressions", "clicks", "spend", "sales", "orders", "units")
    }
    rows: list[list[object]] = []
    blank: list[object] = [None] * len(BULK_HEADER)
    names = {h: n for n, h in enumerate(BULK_HEADER)}

    def row(entity: str, values: dict[str, object]) -> list[object]:
        cells = list(blank)
        cells[names["Product"]], cells[names["Entity"]], cells[names["State"]] = (
            "Sponsored Products",
            entity,
            "enabled",
        )
        for key, value in values.items():
            cells[names[key]] = value
        return cells

    for c, campaign in enumerate(ads.campaigns):
        terms = [k for k, term in enumerate(ads.terms) if ads.targets[term.target].campaign == c]
        total = [
            float(figures[m][terms].sum())
            for m in ("impressions", "clicks", "spend", "sales", "orders", "units")
        ]
        info: dict[str, object] = {"Campaign ID": campaign.campaign_id, "Campaign Name (Informational only)": campaign.name,
                "Portfolio Name (Informational only)": campaign.portfolio,
                "Campaign State (Informational only)": "enabled"}  # fmt: skip
        group: dict[str, object] = {**info, "Ad Group ID": campaign.ad_group_id,
                 "Ad Group Name (Informational only)": campaign.ad_group_name,
                 "Ad Group State (Informational only)": "enabled",
                 "Ad Group Default Bid (Informational only)": campaign.default_bid}  # fmt: skip
        cells = row("Campaign", info)
        cells[names["Campaign Name"]] = campaign.name
        cells[names["Start Date"]] = campaign.start.strftime("%Y%m%d")
        cells[names["Targeting Type"]] = "Auto" if campaign.match == "auto" else "Manual"
        cells[names["Daily Budget"]] = round(float(ads.budget[c, last]), 2)
        cells[names["Bidding Strategy"]] = BIDDING
        rows.append(cells[: names["Impressions"]] + _metrics(*total))
        cells = row("Ad Group", group)
        cells[names["Ad Group Name"]] = campaign.ad_group_name
        cells[names["Ad Group Default Bid"]] = campaign.default_bid
        rows.append(cells[: names["Impressions"]] + _metrics(*total))
        for ad_id, ad_campaign, i in ads.product_ads:
            if ad_campaign != c:
                continue
            listing = sim.listings[i]
            eligible = not sim.inactive[i, last] and sim.stock.fulfillable[i, last] + int(not listing.fba) > 0
            cells = row("Product Ad", group)
            cells[names["Ad ID"]], cells[names["SKU"]] = ad_id, listing.sku
            cells[names["ASIN (Informational only)"]] = listing.product.asin
            cells[names["Eligibility Status (Informational only)"]] = "Eligible" if eligible else "Ineligible"
            cells[names["Reason for Ineligibility (Informational only)"]] = (
                None if eligible else "Out of stock"
            )
            share = listing.product.share
            rows.append(cells[: names["Impressions"]] + _metrics(*(v * share for v in total)))
        for g, target in enumerate(ads.targets):
            if target.campaign != c:
                continue
            mine = [k for k in terms if ads.terms[k].target == g]
            numbers = [
                float(figures[m][mine].sum())
                for m in ("impressions", "clicks", "spend", "sales", "orders", "units")
            ]
            auto = target.match == "-"
            cells = row("Product Targeting" if auto else "Keyword", group)
            cells[names["Product Targeting ID" if auto else "Keyword ID"]] = target.target_id
            cells[names["Bid"]] = target.bid
            if auto:
                cells[names["Product Targeting Expression"]] = target.text
                cells[names["Resolved Product Targeting Expression (Informational only)"]] = target.text
            else:
                cells[names["Keyword Text"]], cells[names["Match Type"]] = target.text, target.match.title()
            rows.append(cells[: names["Impressions"]] + _metrics(*numbers))
    sheet = Sheet("Sponsored Products Campaigns", BULK_HEADER, _BULK_STYLES)
    sheet.add_rows(rows)
    day = sim.days[-1]
    path = out.path(sim.market.code, "ads", f"bulk-sponsored-products-{day.isoformat()}.xlsx")
    write_workbook(path, [sheet])
    out.add(path, "ads_bulk", marketplace=sim.market.code, period=period(sim.days[window.start], day))
