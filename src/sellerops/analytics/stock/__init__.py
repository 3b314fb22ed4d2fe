"""Health of the stock: turnover, aged and excess stock, fee risk, stranded units and an IPI proxy (docs/stock.md)."""

from sellerops.analytics.stock.aging import aged_stock
from sellerops.analytics.stock.fee_risk import aged_surcharge_risk, low_inventory_fee_risk
from sellerops.analytics.stock.health import DEFAULT_POLICY, StockPolicy, stock_health
from sellerops.analytics.stock.inputs import DayStock, ProductFacts, product_facts
from sellerops.analytics.stock.ipi import ipi_from
from sellerops.analytics.stock.models import (
    AgedStock,
    AgedSurchargeRisk,
    IpiAnchor,
    IpiComponent,
    IpiPolicy,
    IpiProxy,
    LowInventoryFeeRisk,
    StockFact,
    StockFinding,
    StockHealth,
    StockRow,
    StockTurnover,
    StrandedStock,
    TurnoverBand,
    TurnoverReport,
)
from sellerops.analytics.stock.stranded import stranded_stock
from sellerops.analytics.stock.turnover import stock_turnover

__all__ = [
    "DEFAULT_POLICY",
    "AgedStock",
    "AgedSurchargeRisk",
    "DayStock",
    "IpiAnchor",
    "IpiComponent",
    "IpiPolicy",
    "IpiProxy",
    "LowInventoryFeeRisk",
    "ProductFacts",
    "StockFact",
    "StockFinding",
    "StockHealth",
    "StockPolicy",
    "StockRow",
    "StockTurnover",
    "StrandedStock",
    "TurnoverBand",
    "TurnoverReport",
    "aged_stock",
    "aged_surcharge_risk",
    "ipi_from",
    "low_inventory_fee_risk",
    "product_facts",
    "stock_health",
    "stock_turnover",
    "stranded_stock",
]
