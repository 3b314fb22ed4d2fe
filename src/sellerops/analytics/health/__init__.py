"""Account health: the rates Amazon judges a seller by, recomputed from the seller's own data."""

from sellerops.analytics.health.after_sales import ClaimCase, FeedbackCase, recent_claims, unanswered_feedback
from sellerops.analytics.health.metrics import (
    AMAZON_METRIC_NAMES,
    AMAZON_TARGETS,
    WINDOWS,
    account_health,
    order_facts,
)
from sellerops.analytics.health.models import (
    AccountHealth,
    BreachingOrder,
    Comparison,
    FulfillmentType,
    HealthMetric,
    HealthMetricName,
    HealthStatus,
    HealthTarget,
)

__all__ = [
    "AMAZON_METRIC_NAMES",
    "AMAZON_TARGETS",
    "WINDOWS",
    "AccountHealth",
    "BreachingOrder",
    "ClaimCase",
    "Comparison",
    "FeedbackCase",
    "FulfillmentType",
    "HealthMetric",
    "HealthMetricName",
    "HealthStatus",
    "HealthTarget",
    "account_health",
    "order_facts",
    "recent_claims",
    "unanswered_feedback",
]
