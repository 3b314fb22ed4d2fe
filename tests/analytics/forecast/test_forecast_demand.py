"""forecast_demand on small histories whose right answer can be worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sellerops.analytics.forecast import DemandForecast, forecast_demand
from sellerops.errors import InputError

NAN = float("nan")


def _daily(sku: str, start: str, values: list[float]) -> pd.DataFrame:
    """One SKU's sales, one row per day from `start`; zero days are left out (a missing day sold nothing)."""
    days = pd.date_range(start, periods=len(values), freq="D")
    frame = pd.DataFrame({"unique_id": sku, "ds": days, "y": [float(v) for v in values]})
    return frame[frame["y"] > 0].reset_index(drop=True)


def _points(sku: str, start: str, means: list[float], model: str, **bounds: list[float]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {"unique_id": sku, "ds": pd.date_range(start, periods=len(means), freq="D"), "mean": means}
    )
    for name, values in bounds.items():
        frame[name] = [float(v) for v in values]
    frame["model"] = model
    return frame


def test_a_steady_seller_is_forecast_at_its_rate_with_poisson_intervals() -> None:
    # given 120 days of exactly 4 units a day (2025-01-01 .. 2025-04-30)
    history = _daily("A", "2025-01-01", [4] * 120)
    # when a week is forecast
    result = forecast_demand(history, 7)
    # then every candidate backtests without error, so the blend stays; it forecasts 4 a day. The backtest errors
    # are all 0, so the dispersion (Σe² − Σμ)/Σμ² is negative → 0: a Poisson(4). Its CDF by hand, e^-4 = 0.018316:
    # F(0) 0.0183, F(1) 0.0916, F(2) 0.2381, F(6) 0.8893, F(7) 0.9489, F(8) 0.9786, so
    # q(0.10) = 2, q(0.90) = 7, q(0.025) = 1, q(0.975) = 8.
    expected = _points(
        "A", "2025-05-01", [4.0] * 7, "blend", lo_80=[2] * 7, hi_80=[7] * 7, lo_95=[1] * 7, hi_95=[8] * 7
    )
    pd.testing.assert_frame_equal(result.points, expected)
    # and the accuracy says why: three origins of 28 days, no error; MASE has no scale (a constant series)
    pd.testing.assert_frame_equal(
        result.accuracy,
        pd.DataFrame({
            "unique_id": ["A"], "model": ["blend"], "wape": [0.0], "mase": [NAN], "rmse_daily": [0.0], "bias": [1.0],
            "dispersion": [0.0], "backtest_days": [84], "demand_class": ["smooth"],
        }),
    )  # fmt: skip


def test_the_week_shape_comes_from_the_pooled_weekday_index_and_closed_weekdays_stay_empty() -> None:
    # given 16 weeks from Monday 2025-01-06 of a shop that sells 3 a day Monday to Friday, 6 on Sunday and is
    # closed on Saturday
    week = [3, 3, 3, 3, 3, 0, 6]
    history = _daily("A", "2025-01-06", week * 16)
    # when the next week is forecast
    result = forecast_demand(history, 7, levels=(80,))
    # then the weekday index is units per weekday over the mean weekday (21 / 7 = 3): 1, 1, 1, 1, 1, 0, 2;
    # every selling day divided by its index is 3, so the level is 3 and the week is 3 ×5, 0, 6.
    # Poisson quantiles by hand: μ = 3: F(0) .0498, F(1) .1991, F(4) .8153, F(5) .9161 → q(.1) = 1, q(.9) = 5;
    # μ = 6: F(2) .0620, F(3) .1512, F(8) .8472, F(9) .9161 → q(.1) = 3, q(.9) = 9.
    assert result.weekday_index["index"].tolist() == pytest.approx([1, 1, 1, 1, 1, 0, 2])
    expected = _points(
        "A", "2025-04-28", [3.0, 3.0, 3.0, 3.0, 3.0, 0.0, 6.0], "blend",
        lo_80=[1, 1, 1, 1, 1, 0, 3], hi_80=[5, 5, 5, 5, 5, 0, 9],
    )  # fmt: skip
    pd.testing.assert_frame_equal(result.points, expected, atol=1e-12, check_exact=False)


def test_stock_out_days_are_left_out_not_read_as_zero_demand() -> None:
    # given 100 days of 5 a day, with a 10-day stock-out (days 81-90) that sold nothing
    sales = [5] * 80 + [0] * 10 + [5] * 10
    history = _daily("A", "2025-01-01", sales)
    stock_outs = pd.DataFrame({"unique_id": "A", "ds": pd.date_range("2025-03-22", periods=10)})
    # when it is forecast with the stock-out days marked, and without
    marked = forecast_demand(history, 3, levels=(80,), stock_outs=stock_outs)
    unmarked = forecast_demand(history, 3, levels=(80,))
    # then with them marked every remaining day says 5, so the forecast is exactly 5 (Poisson(5): F(2) .1247,
    # F(1) .0404 → q(.1) = 2; F(7) .8666, F(8) .9319 → q(.9) = 8)
    expected = _points("A", "2025-04-11", [5.0] * 3, "blend", lo_80=[2] * 3, hi_80=[8] * 3)
    pd.testing.assert_frame_equal(marked.points, expected, atol=1e-12, check_exact=False)
    # and read as zero demand the same history forecasts less
    assert unmarked.points["mean"].max() < 5.0
    # and what was sold on the marked days does not matter at all
    replaced = pd.concat([history, stock_outs.assign(y=1000.0)], ignore_index=True)
    pd.testing.assert_frame_equal(forecast_demand(replaced, 3, levels=(80,), stock_outs=stock_outs).points,
                                  marked.points)  # fmt: skip


def test_a_shop_wide_closure_is_not_read_as_zero_demand() -> None:
    # given two SKUs selling 10 and 5 a day for 120 days, except three days when the shop was shut (nothing sold)
    shut = set(range(50, 53))
    history = pd.concat([
        _daily("A", "2025-01-01", [0 if d in shut else 10 for d in range(120)]),
        _daily("B", "2025-01-01", [0 if d in shut else 5 for d in range(120)]),
    ])  # fmt: skip
    # when they are forecast
    result = forecast_demand(history, 2, levels=(80,))
    # then the shut days (usual total 15 ≥ 10, nothing sold) are left out and the rates are exact
    assert result.points["mean"].tolist() == pytest.approx([10.0, 10.0, 5.0, 5.0])
    assert result.weekday_index["index"].tolist() == pytest.approx([1.0] * 7)


def test_an_event_uplift_is_measured_on_its_past_days_and_applied_to_its_future_days() -> None:
    # given 5 a day for 120 days, except 15 a day on the two past days of "prime day" (days 41 and 42)
    sales = [5] * 120
    sales[40] = sales[41] = 15
    history = _daily("A", "2025-01-01", sales)
    events = pd.DataFrame({
        "ds": pd.to_datetime(["2025-02-10", "2025-02-11", "2025-05-03", "2025-05-02"]),
        "event": ["prime day", "prime day", "prime day", "black friday"],
    })  # fmt: skip
    # when the first four days of May are forecast
    result = forecast_demand(history, 4, levels=(80,), events=events)
    # then the baseline (event days left out) is 5 a day; prime day's uplift is (15 + 15) / (5 + 5) = 3, so
    # May 3 is forecast at 15; black friday was never seen, so it has no uplift and May 2 stays at 5
    assert result.points["mean"].tolist() == pytest.approx([5.0, 5.0, 15.0, 5.0])
    pd.testing.assert_frame_equal(
        result.uplifts,
        pd.DataFrame({"event": ["black friday", "prime day"], "uplift": [NAN, 3.0], "event_days": [0, 2],
                      "baseline_units": [0.0, 10.0]}),
    )  # fmt: skip


def test_new_skus_are_forecast_top_down_from_their_parent() -> None:
    # given a parent P with two established children (6 and 2 a day for 17 weeks, 2025-01-01 .. 2025-04-29),
    # a new child N selling 8 a day for its last 14 days, a child L not on sale yet, and an orphan O selling
    # 3 a day for the last 14 days
    history = pd.concat([
        _daily("S1", "2025-01-01", [6] * 119),
        _daily("S2", "2025-01-01", [2] * 119),
        _daily("N", "2025-04-16", [8] * 14),
        _daily("O", "2025-04-16", [3] * 14),
    ])  # fmt: skip
    parents = pd.DataFrame({"unique_id": ["S1", "S2", "N", "L"], "parent_id": "P"})
    # when one day is forecast
    result = forecast_demand(history, 1, levels=(80,), parents=parents)
    # then the siblings forecast 6 + 2 = 8. N has seen 14 of 56 days (w = 0.25) and sold as much as both siblings
    # together on them (ratio 8 / 8 = 1): 0.25 × 1 + 0.75 × 1/2 = 0.625 of 8 = 5. L starts as the average child:
    # 1/2 of 8 = 4. O has no parent: its own rate, 3.
    means = result.points.set_index("unique_id")["mean"].to_dict()
    assert means == pytest.approx({"L": 4.0, "N": 5.0, "O": 3.0, "S1": 6.0, "S2": 2.0})
    # and the new ones have no backtest of their own: their dispersion and RMSE are borrowed (the siblings' are 0)
    new = result.accuracy[result.accuracy["unique_id"].isin(["L", "N", "O"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        new,
        pd.DataFrame({
            "unique_id": ["L", "N", "O"], "model": ["top_down", "top_down", "own_rate"], "wape": [NAN] * 3,
            "mase": [NAN] * 3, "rmse_daily": [0.0] * 3, "bias": [NAN] * 3, "dispersion": [0.0] * 3,
            "backtest_days": [0] * 3, "demand_class": ["new"] * 3,
        }),
    )  # fmt: skip


def test_intervals_widen_with_the_backtest_error_and_start_at_zero_for_a_lumpy_seller() -> None:
    # given a lumpy seller: 30 units every fifth day (so on every weekday in turn), nothing in between, 140 days
    history = _daily("A", "2025-01-01", ([30] + [0] * 4) * 28)
    # when a week is forecast
    result: DemandForecast = forecast_demand(history, 7)
    # then each day's 95% interval starts at 0 (most days sell nothing) and its top is above the mean
    points = result.points
    assert (points["lo_95"] == 0).all()
    assert (points["hi_95"] > points["mean"]).all()
    # and the accuracy reports the dispersion that made them wide
    assert result.accuracy.loc[0, "dispersion"] > 1
    assert result.accuracy.loc[0, "demand_class"] == "intermittent"


@pytest.mark.parametrize(
    ("history", "kwargs", "message"),
    [
        (pd.DataFrame({"unique_id": ["A"], "ds": ["2025-01-01"]}), {}, "lacks the column"),
        (pd.DataFrame({"unique_id": ["A"], "ds": ["2025-01-01"], "y": [-1.0]}), {}, "negative"),
        (pd.DataFrame({"unique_id": ["A", "A"], "ds": ["2025-01-01"] * 2, "y": [1.0, 2.0]}), {}, "repeated"),
        (pd.DataFrame({"unique_id": ["A"], "ds": ["2025-01-01 13:00"], "y": [1.0]}), {}, "time of day"),
        (pd.DataFrame({"unique_id": [], "ds": [], "y": []}), {}, "empty"),
        (pd.DataFrame({"unique_id": ["A"], "ds": ["2025-01-01"], "y": [1.0]}), {"horizon": 0}, "horizon"),
        (pd.DataFrame({"unique_id": ["A"], "ds": ["2025-01-01"], "y": [1.0]}), {"levels": (100,)}, "levels"),
        (pd.DataFrame({"unique_id": ["A"], "ds": ["2025-01-01"], "y": [1.0]}),
         {"stock_outs": pd.DataFrame({"unique_id": ["A"]})}, "stock-out table lacks"),
        (pd.DataFrame({"unique_id": ["A"], "ds": ["2025-01-01"], "y": [1.0]}),
         {"events": pd.DataFrame({"ds": ["2025-01-01"]})}, "events table lacks"),
        (pd.DataFrame({"unique_id": ["A"], "ds": ["2025-01-01"], "y": [1.0]}),
         {"parents": pd.DataFrame({"unique_id": ["A", "A"], "parent_id": ["P", "Q"]})}, "more than one parent"),
    ],
)  # fmt: skip
def test_unusable_input_is_refused_with_what_to_do(
    history: pd.DataFrame, kwargs: dict[str, object], message: str
) -> None:
    # given an unusable history or option; when it is forecast; then an InputError names the problem
    arguments: dict[str, object] = {"horizon": 7, **kwargs}
    with pytest.raises(InputError, match=message):
        forecast_demand(history, **arguments)  # type: ignore[arg-type]


def test_forecasts_are_never_negative_and_cover_every_sku_and_day() -> None:
    # given three SKUs of random Poisson demand (seeded) over 90 days
    rng = np.random.default_rng(3)
    history = pd.concat([_daily(sku, "2025-01-01", list(rng.poisson(rate, 90))) for sku, rate in
                         (("A", 0.3), ("B", 2.0), ("C", 12.0))])  # fmt: skip
    # when 10 days are forecast
    points = forecast_demand(history, 10).points
    # then there is one row per SKU and day, every figure is ≥ 0, and lo ≤ mean ≤ hi
    assert points[["unique_id", "ds"]].value_counts().eq(1).all()
    assert len(points) == 30
    figures = points[["mean", "lo_80", "hi_80", "lo_95", "hi_95"]]
    assert (figures >= 0).all().all()
    assert ((points["lo_95"] <= points["lo_80"]) & (points["lo_80"] <= points["mean"])).all()
    assert ((points["mean"] <= points["hi_80"]) & (points["hi_80"] <= points["hi_95"])).all()
