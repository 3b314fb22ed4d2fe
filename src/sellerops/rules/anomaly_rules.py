"""Moves the anomaly detector explained become findings: one per SKU and step of the process, with what to do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from sellerops.analytics.anomalies import ExplainedMove
from sellerops.core.text import Text
from sellerops.rules.config import RulesConfig
from sellerops.rules.findings import Evidence, Finding
from sellerops.rules.settings import RuleSettings

MOVE_RULE = "anomaly.sales_move"
CATEGORY_RULE = "listing.conversion_below_category"

# What the team should do about each cause (the seeds' playbook for the step of the process it points to).
CAUSE_ACTIONS: dict[str, Text] = {
    "out_of_stock": Text(
        "Out of stock: send an FBA replenishment now (or switch to merchant fulfilment) and pause ads on the SKU "
        "until it is back.",
        "已断货:立即补发 FBA 库存(或临时转自发货),到货前暂停该 SKU 的广告。",
    ),
    "low_stock": Text(
        "Stock is running low: check the inbound shipment and raise the replenishment; slow ads to stretch cover.",
        "库存偏低:跟进在途货件并追加补货;降低广告力度以延长可售天数。",
    ),
    "listing_suppressed": Text(
        "The listing is inactive or suppressed: open Manage Inventory, fix the reason shown and re-activate it.",
        "Listing 已失效或被抑制:在库存管理中查看原因,修正后重新激活。",
    ),
    "buy_box_lost": Text(
        "The Buy Box was lost: compare the featured offer's price and check for hijackers or a price error.",
        "购物车丢失:对比当前黄金购物车报价,排查跟卖或价格错误。",
    ),
    "price_rise": Text(
        "Conversion fell after the price rose: test a return to the earlier price or add a coupon.",
        "提价后转化下降:测试恢复原价或增加优惠券。",
    ),
    "price_above_usual": Text(
        "The price has stayed above its usual level while conversion held: confirm the rise was meant (a repricer "
        "or a flat-file upload can raise it by mistake); if it was, keep watching conversion.",
        "价格持续高于常规水平,转化暂未下降:确认提价是否有意(调价工具或表格上传可能误改价格);若为有意,继续关注转化。",
    ),
    "promotion_ended": Text(
        "A promotion ended: decide whether to renew it; the drop is the promotion's lift going away.",
        "促销结束:评估是否续做;下降来自促销拉动消失。",
    ),
    "negative_feedback": Text(
        "Negative feedback and defect returns rose: check the batch in stock, reply to buyers within 24 hours and "
        "remove unfair feedback.",
        "差评和质量退货增加:检查在库批次,24 小时内回复买家,申请移除不合理差评。",
    ),
    "late_shipments": Text(
        "Merchant orders ship late: confirm shipments on time and fix the handling time before the late "
        "shipment rate breaches 4%.",
        "自发货订单发货延迟:按时确认发货,调整处理时间,避免迟发率超过 4%。",
    ),
    "ad_spend_spike": Text(
        "Ad spend jumped: check recent bid and budget changes and the search terms that took the clicks; "
        "negate the ones without sales.",
        "广告花费激增:检查近期竞价和预算调整以及消耗点击的搜索词,否定无转化的词。",
    ),
    "out_of_budget": Text(
        "The campaign runs out of budget early in the day: raise the budget or lower bids on weak targets.",
        "广告活动预算提前耗尽:提高预算或降低表现差的投放竞价。",
    ),
    "ad_traffic_fall": Text(
        "Ad traffic fell: check campaign state, budgets and bids for the SKU.",
        "广告流量下降:检查该 SKU 的广告活动状态、预算和竞价。",
    ),
    "traffic_fall_unexplained": Text(
        "Sessions fell with no cause in the data: check search rank, the listing's main image and competitors.",
        "流量下降且数据中无明显原因:检查搜索排名、主图和竞品。",
    ),
    "conversion_fall_unexplained": Text(
        "Conversion fell with no cause in the data: check the newest reviews, competitors' prices and the page.",
        "转化下降且数据中无明显原因:查看最新评论、竞品价格和页面。",
    ),
    "conversion_below_category": Text(
        "Check the price against competitors, the newest reviews and the search terms the ads match.",
        "对比竞品价格,查看最新评论,检查广告匹配的搜索词。",
    ),
}
DEFAULT_ACTION = Text(
    "Look at the evidence and decide whether the move needs action.", "查看证据,判断该波动是否需要处理。"
)


def findings_from_moves(
    moves: Iterable[ExplainedMove],
    *,
    config: RulesConfig,
    as_of: dt.date,
    categories: Mapping[str, str] | None = None,
) -> list[Finding]:
    """One finding per marketplace, SKU (or campaign) and process node for the moves still showing on `as_of`.

    Moves a known plan explains (a promotion, a shopping event) are not problems: they open no task. Where
    several moves of one entity point to the same step, the strongest one speaks for it."""
    strongest: dict[tuple[str, str, str], ExplainedMove] = {}
    for move in moves:
        if move.explained or move.end_date < as_of:
            continue
        key = (_rule_of(move), move.marketplace, _entity(move))
        if key not in strongest or move.score > strongest[key].score:
            strongest[key] = move
    findings = []
    for (rule_id, marketplace, entity), move in sorted(strongest.items()):
        category = (categories or {}).get(move.sku or "")
        rule = config.rule(rule_id, marketplace=marketplace, category=category)
        if not rule.enabled:
            continue
        findings.append(_finding(move, rule=rule, entity=entity, as_of=as_of))
    return findings


def _rule_of(move: ExplainedMove) -> str:
    return CATEGORY_RULE if move.cause == "conversion_below_category" else MOVE_RULE


def _entity(move: ExplainedMove) -> str:
    who = move.sku or move.campaign or move.marketplace
    return f"{who}@{move.process_node}"


def _finding(move: ExplainedMove, *, rule: RuleSettings, entity: str, as_of: dt.date) -> Finding:
    action = CAUSE_ACTIONS.get(move.cause, DEFAULT_ACTION)
    values = {
        "marketplace": move.marketplace,
        "sku": move.sku or move.campaign or "",
        "metric": move.metric.replace("_", " "),
        "change": f"{move.change:+.0%}" if abs(move.change) < 100 else "×" + f"{move.change + 1:.0f}",
        "cause": action.en,
        "category": "category",
        "days_running": str(rule.thresholds.get("days_running", "")),
    }
    title = rule.title.render(values, {"cause": action.zh, "category": "类目"})
    evidence = tuple(Evidence(e.name, e.value, e.baseline, e.unit) for e in move.evidence)
    # An ads move: the SKU leads, the campaign is where it happened.
    if move.campaign is not None and move.sku is not None:
        evidence = (Evidence("campaign", move.campaign), *evidence)
    if move.shares is not None:
        evidence += (
            Evidence("share_sessions", move.shares.sessions, None, "share"),
            Evidence("share_conversion", move.shares.conversion, None, "share"),
            Evidence("share_price", move.shares.price, None, "share"),
        )
    evidence += (Evidence("move_days", (move.end_date - move.start_date).days + 1, None, "days"),)
    return rule.finding(
        values, marketplace=move.marketplace, entity=entity, metric=move.metric, as_of=as_of, value=move.value,
        sku=move.sku, baseline=move.baseline, evidence=evidence, money_at_stake=move.money_at_stake,
        severity=rule.severity_for(abs(move.change)), action=action, title=title, process_node=move.process_node,
    )  # fmt: skip
