"""Safety stock, demand over a lead time, days of cover and rounding, against numbers worked out by hand."""

from __future__ import annotations

import pytest

from sellerops.analytics.replenish import days_of_cover, demand_over, round_order, safety_stock, z_score
from sellerops.analytics.replenish.policy import extended, history_error, normal_loss, z_for_fill_rate
from sellerops.errors import InputError


def test_z_score_of_the_usual_service_levels() -> None:
    # the standard normal quantiles from any table: 0.90 → 1.2816, 0.95 → 1.6449, 0.99 → 2.3263
    assert [round(z_score(p), 4) for p in (0.5, 0.9, 0.95, 0.99)] == [0.0, 1.2816, 1.6449, 2.3263]


def test_safety_stock_from_forecast_error_over_lead_time_and_review() -> None:
    # given a daily forecast error of 4 units over 42 days' lead time + 7 days' review (P = 49)
    # when safety stock is worked out at a 95% service level
    units = safety_stock(rmse_daily=4, protection_days=49, mean_daily_demand=10, service_level=0.95)
    # then σ = 4 × √49 = 28 units, and 1.644854 × 28 = 46.06, rounded up to 47
    assert units == 47


def test_safety_stock_adds_the_spread_of_the_lead_time() -> None:
    # given σ_d = 3 over P = 16 days, 10 units a day and a lead time that varies by 2 days (σ_L)
    units = safety_stock(
        rmse_daily=3, protection_days=16, mean_daily_demand=10, service_level=0.9, lead_time_sd_days=2
    )
    # then σ = √(16 × 3² + (10 × 2)²) = √(144 + 400) = 23.324, and 1.281552 × 23.324 = 29.89 → 30
    assert units == 30


def test_no_forecast_error_needs_no_safety_stock() -> None:
    assert safety_stock(rmse_daily=0, protection_days=30, mean_daily_demand=5, service_level=0.95) == 0


@pytest.mark.parametrize("level", [0.3, 1.0, 1.5])
def test_an_impossible_service_level_is_refused_with_what_to_give(level: float) -> None:
    with pytest.raises(InputError, match=r"give a probability from 0\.5 to 0\.999"):
        safety_stock(rmse_daily=1, protection_days=10, mean_daily_demand=1, service_level=level)


def test_days_past_the_forecast_repeat_its_last_four_weeks() -> None:
    # given a 4-day forecast 2, 2, 4, 4: its last four weeks average (2 + 2 + 4 + 4) / 4 = 3
    assert extended((2, 2, 4, 4), 6) == [2, 2, 4, 4, 3, 3]
    # demand over days 3..6 = 4 + 4 + 3 + 3 = 14; over zero days nothing
    assert demand_over((2, 2, 4, 4), 4, start=2) == 14
    assert demand_over((2, 2, 4, 4), 0) == 0


def test_days_of_cover_counts_the_days_served_in_full() -> None:
    # given 10 units a day: 95 units serve days 1..9 in full (90), day 10 is short
    assert days_of_cover((10.0,) * 60, 95) == 9
    # exactly 100 units serve days 1..10; nothing in stock serves no day
    assert days_of_cover((10.0,) * 60, 100) == 10
    assert days_of_cover((10.0,) * 60, 0) == 0
    # nothing sells: the stock never runs out within the two years looked at
    assert days_of_cover((0.0,) * 60, 5) is None


@pytest.mark.parametrize(
    ("short", "case_pack", "moq", "expected"),
    [
        (437, 24, 0, 456),  # 437 / 24 = 18.2 cases → 19 cases = 456
        (437, 24, 500, 504),  # 456 < MOQ 500 → 500 / 24 = 20.8 cases → 21 cases = 504
        (600, 24, 500, 600),  # 600 / 24 = 25 cases exactly, above the MOQ
        (12.2, 1, 0, 13),  # single units: a fraction of a unit is a whole one
        (0, 24, 500, 0),  # nothing short, nothing ordered, whatever the MOQ
        (-5, 24, 500, 0),
    ],
)
def test_order_rounds_up_to_the_case_pack_then_the_moq(
    short: float, case_pack: int, moq: int, expected: int
) -> None:
    assert round_order(short, case_pack=case_pack, moq=moq) == expected


def test_history_error_measures_the_demand_over_days_against_a_trailing_mean() -> None:
    # given 2, 2, 2, 2, 4, 4, 0, 0 and a 4-day trailing mean forecasting the next 2 days (origins at days 5, 6, 7)
    # origin 5: sold 4 + 4 = 8, forecast 2 × mean(2, 2, 2, 2) = 4, error +4
    # origin 6: sold 4 + 0 = 4, forecast 2 × mean(2, 2, 2, 4) = 5, error −1
    # origin 7: sold 0 + 0 = 0, forecast 2 × mean(2, 2, 4, 4) = 6, error −6
    # RMSE = √((16 + 1 + 36) / 3) = √17.667 = 4.2032
    error = history_error((2, 2, 2, 2, 4, 4, 0, 0), 2, window=4, min_origins=1)
    assert error is not None
    assert round(error, 4) == 4.2032
    # too short a history to say: fewer origins than asked for
    assert history_error((2, 2, 2, 2, 4, 4, 0, 0), 2, window=4, min_origins=4) is None


def test_safety_stock_takes_the_larger_of_the_two_errors_over_the_lead_time() -> None:
    # given a one-day error of 1 over 16 days (√16 × 1 = 4) and a history error over those days of 10
    # then σ = max(4, 10) = 10 and 1.644854 × 10 = 16.45 → 17; without the history, 1.644854 × 4 = 6.58 → 7
    both = safety_stock(
        rmse_daily=1, protection_days=16, mean_daily_demand=5, service_level=0.95, history_error=10
    )
    alone = safety_stock(rmse_daily=1, protection_days=16, mean_daily_demand=5, service_level=0.95)
    assert (both, alone) == (17, 7)


def test_normal_loss_function_matches_the_tables() -> None:
    # G(z) = φ(z) − z(1 − Φ(z)); Silver, Pyke & Peterson's table: G(0) = 0.3989, G(1) = 0.0833, G(2) = 0.0085
    assert [round(normal_loss(z), 4) for z in (0.0, 1.0, 2.0)] == [0.3989, 0.0833, 0.0085]


def test_safety_stock_for_a_fill_rate() -> None:
    # given σ over the protection interval = 5 × √64 = 40 units and 10 units a day reviewed weekly (70 a cycle),
    # a 97% fill rate allows 0.03 × 70 = 2.1 units short per cycle: G(z) = 2.1 / 40 = 0.0525, between the
    # table's G(1.20) = 0.0561 and G(1.25) = 0.0506, at z = 1.232; safety stock 1.232 × 40 = 49.3 → 50
    assert round(z_for_fill_rate(0.97, cycle_demand=70, sigma=40), 3) == 1.232
    units = safety_stock(
        rmse_daily=5,
        protection_days=64,
        mean_daily_demand=10,
        service_level=0.95,
        fill_rate=0.97,
        cycle_demand=70,
    )
    assert units == 50
    # a loose target (90%: 7 units short a cycle allowed, G(z) = 0.7 > G(0)) needs no safety stock at all
    assert (
        safety_stock(
            rmse_daily=1.25,
            protection_days=64,
            mean_daily_demand=10,
            service_level=0.95,
            fill_rate=0.9,
            cycle_demand=70,
        )
        == 0
    )
