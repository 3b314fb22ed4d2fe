"""Daily demand forecasts per SKU for replenishment: stock-outs left out, a model per SKU chosen by backtest,
intervals from the backtest errors, promotion and holiday uplift, and new SKUs top-down from their parent."""

from sellerops.analytics.forecast.forecast import forecast_demand
from sellerops.analytics.forecast.models import DemandClass, DemandForecast, StockOutReason
from sellerops.analytics.forecast.stockouts import find_stock_outs

__all__ = ["DemandClass", "DemandForecast", "StockOutReason", "find_stock_outs", "forecast_demand"]
