"""Anomalies with causes: what moved for which SKU, which step of the process caused it, and the numbers that say so."""

from sellerops.analytics.anomalies.category import conversion_below_category
from sellerops.analytics.anomalies.decompose import Factors, Funnel, decompose
from sellerops.analytics.anomalies.detect import detect_moves
from sellerops.analytics.anomalies.models import (
    EXPLAINED_CAUSES,
    ExplainedMove,
    FactorShares,
    KnownEvent,
    MoveEvidence,
)
from sellerops.analytics.anomalies.store import PanelStore

__all__ = [
    "EXPLAINED_CAUSES",
    "ExplainedMove",
    "FactorShares",
    "Factors",
    "Funnel",
    "KnownEvent",
    "MoveEvidence",
    "PanelStore",
    "conversion_below_category",
    "decompose",
    "detect_moves",
]
