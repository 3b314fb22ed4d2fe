"""detect_moves on hand-built series: each move found, decomposed and pinned to its cause, every figure by hand.

Every series is flat (100 sessions, 10 units at 20.00 a day) before its move, so the baseline is exactly 100
sessions, 10 units and 20.00; the day factor is 1 (fewer than five SKUs to compare with); the noise beyond
Poisson is its floor of 10 % (tau^2 = 0.01); sums are over a move's days. A score is the signed root of the
Poisson deviance of a window's units, over the dispersion 1 + tau^2 x expected / days (`z` below, by hand).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from anomaly_rows import MOVE, add_stock, add_traffic, day, tables

from sellerops.analytics.anomalies import (
    ExplainedMove,
    FactorShares,
    MoveEvidence,
    conversion_below_category,
    detect_moves,
)
from sellerops.core.money import Money
from sellerops.warehouse import Warehouse


def D(value: float, places: int) -> Decimal:
    return Decimal(str(round(value, places)))


def z(actual: float, expected: float, days: int) -> float:
    kept = actual * math.log(actual / expected) if actual else 0.0
    return math.sqrt(2 * (kept - (actual - expected)) / (1 + 0.01 * expected / days))


def test_stock_out_is_pinned_to_inventory_with_its_evidence(warehouse: Warehouse) -> None:
    # given a SKU whose FBA stock ran out for days 1-5: no units, and sessions down to 55 (the offer is gone)
    def traffic(d: dt.date) -> tuple[int, int, str]:
        return (55, 0, "20.00") if d >= MOVE else (100, 10, "20.00")

    add_traffic(warehouse, "KS-1", day(5), traffic)
    add_stock(warehouse, "KS-1", day(5), lambda d: 0 if d >= MOVE else 200)
    # when day 1..5 are checked
    moves = detect_moves(tables(warehouse), as_of=day(5), days=5)
    # then one move: sales 0 against 200 a day; over 5 days T0 = 500.5, T1 = 275.5, units 50.5 -> 0.5 (with the
    # half-unit correction), the price unseen after so unchanged: ln S = ln(0.5/50.5), ln T = ln(275.5/500.5),
    # ln C = ln S - ln T; the strongest window is 3 days of nothing against 30 units (1, 7 and 14 days give
    # z(0, 10, 1) = 4.26, z(20, 70, 7) = 6.73, z(90, 140, 14) = 4.31)
    ln_s, ln_t = math.log(0.5 / 50.5), math.log(275.5 / 500.5)
    z3 = z(0, 30, 3)
    assert moves == [
        ExplainedMove(
            marketplace="amazon.US", sku="KS-1", parent_asin="P1", campaign=None, start_date=day(1),
            end_date=day(5), metric="ordered_sales", direction="down", value=Decimal("0.0"),
            baseline=Decimal("200.0"), change=Decimal("-1.0"),
            shares=FactorShares(D(ln_t / ln_s, 4), D((ln_s - ln_t) / ln_s, 4), Decimal("0")),
            process_node="inventory/fulfilment", cause="out_of_stock",
            evidence=(
                MoveEvidence("days_out_of_stock", 5, 0, "days"),
                MoveEvidence("fulfillable_quantity", 0, 200),
                MoveEvidence("inbound_quantity", 120),
                MoveEvidence("sessions_per_day", Decimal("55.0"), Decimal("100.0")),
                MoveEvidence("units_per_day", Decimal("0.0"), Decimal("10.0")),
                MoveEvidence("conversion", Decimal("0.0"), Decimal("10.0"), "%"),
            ),
            money_at_stake=Money(Decimal("1000.0"), "USD"), score=D(z3, 2),
        )
    ]  # fmt: skip


def test_price_rise_is_decomposed_into_conversion_and_price(warehouse: Warehouse) -> None:
    # given a SKU whose price went from 20.00 to 25.00 on day 1 while sessions held and units halved
    def traffic(d: dt.date) -> tuple[int, int, str]:
        return (100, 5, "25.00") if d >= MOVE else (100, 10, "20.00")

    add_traffic(warehouse, "CH-L", day(7), traffic)
    # when yesterday (day 7) is checked
    moves = detect_moves(tables(warehouse), as_of=day(7))
    # then with the price up (a visible cause, so z >= 2.5 suffices) the 3-day sums are significant from day 3
    # (z(15, 30, 3) = 2.89) and the 7-day sum the most (35 units against 70), so the move spans the 7 days:
    # sales 125 against 200 a day (-37.5 %); T unchanged (700.5 both), C = 35.5/700.5 against 70.5/700.5,
    # P = 25 against 20: ln S = ln(35.5/70.5) + ln(1.25)
    ln_c, ln_p = math.log(35.5 / 70.5), math.log(25 / 20)
    ln_s = ln_c + ln_p
    z7 = z(35, 70, 7)
    assert moves == [
        ExplainedMove(
            marketplace="amazon.US", sku="CH-L", parent_asin="P1", campaign=None, start_date=day(1),
            end_date=day(7), metric="ordered_sales", direction="down", value=Decimal("125.0"),
            baseline=Decimal("200.0"), change=Decimal("-0.375"),
            shares=FactorShares(Decimal("0.0"), D(ln_c / ln_s, 4), D(ln_p / ln_s, 4)),
            process_node="price/promotion", cause="price_rise",
            evidence=(
                MoveEvidence("average_price", Decimal("25.0"), Decimal("20.0"), "USD"),
                MoveEvidence("usual_price", Decimal("20.0"), None, "USD"),
                MoveEvidence("sessions_per_day", Decimal("100.0"), Decimal("100.0")),
                MoveEvidence("units_per_day", Decimal("5.0"), Decimal("10.0")),
                MoveEvidence("conversion", Decimal("5.0"), Decimal("10.0"), "%"),
            ),
            money_at_stake=Money(Decimal("525.0"), "USD"), score=D(z7, 2),
        )
    ]  # fmt: skip


def test_a_price_held_up_while_conversion_held_is_a_price_move(warehouse: Warehouse) -> None:
    # given a SKU whose price went from 20.00 to 23.00 on day 1 while sessions and units held
    def traffic(d: dt.date) -> tuple[int, int, str]:
        return (100, 10, "23.00") if d >= MOVE else (100, 10, "20.00")

    add_traffic(warehouse, "PH-1", day(7), traffic)
    # when yesterday (day 7) is checked
    moves = detect_moves(tables(warehouse), as_of=day(7))
    # then no sales move (units held), but the price itself: 23.00 against its usual 20.00 (+15 %) for the 7 days,
    # sales 230 a day against 10 x 20.00, conversion 10 % both; the price never moved before, so its wobble is the
    # 2 % floor and the score ln(1.15) / 0.02
    assert moves == [
        ExplainedMove(
            marketplace="amazon.US", sku="PH-1", parent_asin="P1", campaign=None, start_date=day(1),
            end_date=day(7), metric="average_price", direction="up", value=Decimal("23.0"),
            baseline=Decimal("20.0"), change=Decimal("0.15"), shares=None, process_node="price/promotion",
            cause="price_above_usual",
            evidence=(
                MoveEvidence("average_price", Decimal("23.0"), Decimal("20.0"), "USD"),
                MoveEvidence("sales_per_day", Decimal("230.0"), Decimal("200.0"), "USD"),
                MoveEvidence("sessions_per_day", Decimal("100.0"), Decimal("100.0")),
                MoveEvidence("units_per_day", Decimal("10.0"), Decimal("10.0")),
                MoveEvidence("conversion", Decimal("10.0"), Decimal("10.0"), "%"),
            ),
            money_at_stake=None, score=D(math.log(1.15) / 0.02, 2),
        )
    ]  # fmt: skip


def test_a_price_held_under_ten_percent_up_with_conversion_held_is_not_news(warehouse: Warehouse) -> None:
    # given a SKU whose price went from 20.00 to 21.80 (+9 %) on day 1 while sessions and units held
    def traffic(d: dt.date) -> tuple[int, int, str]:
        return (100, 10, "21.80") if d >= MOVE else (100, 10, "20.00")

    add_traffic(warehouse, "PH-2", day(7), traffic)
    # when yesterday is checked
    moves = detect_moves(tables(warehouse), as_of=day(7))
    # then nothing: above the 8 % that makes a price a cause, under the 10 % that makes it news by itself
    assert moves == []


def test_a_sku_under_the_volume_guard_gives_nothing(warehouse: Warehouse) -> None:
    # given a SKU that sells 1 unit a day (under the 2-a-day guard) and sold nothing for a week
    def traffic(d: dt.date) -> tuple[int, int, str]:
        return (10, 0, "20.00") if d >= MOVE else (10, 1, "20.00")

    add_traffic(warehouse, "TINY", day(7), traffic)
    add_stock(warehouse, "TINY", day(7), lambda d: 0 if d >= MOVE else 30)
    # when the week is checked
    moves = detect_moves(tables(warehouse), as_of=day(7), days=7)
    # then nothing is reported
    assert moves == []


def test_a_promotion_spike_is_explained_not_flagged(warehouse: Warehouse) -> None:
    # given a coupon in the promotion table for days 1-5, during which units doubled
    def traffic(d: dt.date) -> tuple[int, int, str]:
        return (120, 20, "20.00") if d >= MOVE else (100, 10, "20.00")

    add_traffic(warehouse, "PS-1", day(5), traffic)
    warehouse.con.execute(
        "INSERT INTO promotion (marketplace, promotion_id, sku, promotion_type, start_at, end_at, import_id) "
        "VALUES ('amazon.US', 'CPN-PS', 'PS-1', 'coupon', ?, ?, 1)",
        [dt.datetime(2026, 8, 29, 7, tzinfo=dt.UTC), dt.datetime(2026, 9, 2, 23, tzinfo=dt.UTC)],
    )
    # when the 5 days are checked
    moves = detect_moves(tables(warehouse), as_of=day(5), days=5)
    # then the spike is reported as the promotion's doing (explained, no money at stake): sales 400 against 200;
    # T 600.5 against 500.5, C (100.5/600.5) against (50.5/500.5), P unchanged; the strongest window is the
    # 7 days to day 5 (120 units against 70; 1, 3 and 14 days give 2.65, 4.59 and 3.82)
    assert (MOVE, day(5)) == (dt.date(2026, 8, 29), dt.date(2026, 9, 2))
    ln_t, ln_s = math.log(600.5 / 500.5), math.log(100.5 / 50.5)
    assert [(m.cause, m.explained) for m in moves] == [("promotion", True)]
    assert moves[0] == ExplainedMove(
        marketplace="amazon.US", sku="PS-1", parent_asin="P1", campaign=None, start_date=day(1), end_date=day(5),
        metric="ordered_sales", direction="up", value=Decimal("400.0"), baseline=Decimal("200.0"),
        change=Decimal("1.0"), shares=FactorShares(D(ln_t / ln_s, 4), D(1 - ln_t / ln_s, 4), Decimal("0.0")),
        process_node="price/promotion", cause="promotion",
        evidence=(
            MoveEvidence("sessions_per_day", Decimal("120.0"), Decimal("100.0")),
            MoveEvidence("units_per_day", Decimal("20.0"), Decimal("10.0")),
            MoveEvidence("conversion", Decimal("16.7"), Decimal("10.0"), "%"),
        ),
        money_at_stake=None, score=D(z(120, 70, 7), 2), known_event="CPN-PS",
    )  # fmt: skip


def test_conversion_below_category_fires_on_day_seven_not_six(warehouse: Warehouse) -> None:
    # given two SKUs of one category at 10 % conversion, then from day 1 one of them at 8 % (8 of 100 sessions):
    # the category converts 18 of 200 = 9 %, and the SKU is below it every day
    add_traffic(warehouse, "A", day(7), lambda d: (100, 8, "20.00") if d >= MOVE else (100, 10, "20.00"))
    add_traffic(warehouse, "B", day(7), lambda d: (100, 10, "20.00"), parent="P2")
    warehouse.con.execute(
        "INSERT INTO product (sku, category, import_id) VALUES ('A', 'Kitchen', 1), ('B', 'Kitchen', 1)"
    )
    # when day 6 is checked, then day 7
    on_six = conversion_below_category(tables(warehouse), as_of=day(6))
    on_seven = conversion_below_category(tables(warehouse), as_of=day(7))
    # then nothing on day 6 (six days below), and on day 7 the seven-day streak: 56 of 700 sessions = 8 % against
    # 9 %; and the 20 % fall itself is no sales move (under the 30 % one needs)
    assert on_six == []
    assert on_seven == [
        ExplainedMove(
            marketplace="amazon.US", sku="A", parent_asin="P1", campaign=None, start_date=day(1), end_date=day(7),
            metric="conversion_vs_category", direction="down", value=Decimal("8.0"), baseline=Decimal("9.0"),
            change=D(8 / 9 - 1, 4), shares=None, process_node="listing/content", cause="conversion_below_category",
            evidence=(
                MoveEvidence("days_below_category", 7, 7, "days"),
                MoveEvidence("usual_conversion", Decimal("10.0"), Decimal("10.0"), "%"),
            ),
            money_at_stake=None, score=Decimal("7.0"),
        )
    ]  # fmt: skip
    assert detect_moves(tables(warehouse), as_of=day(7), days=7) == []
