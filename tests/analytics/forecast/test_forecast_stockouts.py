"""find_stock_outs: the days whose sales were held down by missing stock, on hand-made histories."""

from __future__ import annotations

import pandas as pd
import pytest

from sellerops.analytics.forecast import find_stock_outs
from sellerops.errors import InputError

START = pd.Timestamp("2025-03-01")


def _day(n: int) -> pd.Timestamp:
    """Day n of the history, counting from 1 (day 1 is 2025-03-01)."""
    return START + pd.Timedelta(days=n - 1)


def _sales(sku: str, units: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"unique_id": sku, "ds": [_day(d) for d in units], "y": list(units.values())})


def _stock(sku: str, fulfillable: dict[int, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {"unique_id": sku, "ds": [_day(d) for d in fulfillable], "fulfillable": list(fulfillable.values())}
    )


def _expected(rows: list[tuple[str, int, str]]) -> pd.DataFrame:
    return pd.DataFrame({"unique_id": [r[0] for r in rows], "ds": [_day(r[1]) for r in rows],
                         "reason": [r[2] for r in rows]})  # fmt: skip


def test_each_kind_of_stock_out_day_is_found_and_nothing_else() -> None:
    # given
    # A sells 10 a day; its shelf (end-of-day stock) runs 50, 40 .. 10, empties on day 6 (selling its last 10),
    #   stays empty on days 7-8 and is refilled on day 9.
    a_sales = _sales("A", {1: 10, 2: 10, 3: 10, 4: 10, 5: 10, 6: 10, 9: 10, 10: 10})
    a_stock = _stock("A", {1: 50, 2: 40, 3: 30, 4: 20, 5: 10, 6: 0, 7: 0, 8: 0, 9: 90, 10: 80})
    # B sells 10 a day for 28 days with plenty of stock, ends day 28 with 5 units, sells 1 on day 29 (keeping 4:
    #   P(X ≤ 1 | Poisson 10) = 11·e^-10 = 0.0005 < 1%) and its last 4 on day 30.
    b_sales = _sales("B", {**dict.fromkeys(range(1, 29), 10), 29: 1, 30: 4})
    b_stock = _stock("B", {**dict.fromkeys(range(1, 28), 500), 28: 5, 29: 4, 30: 0})
    # C (no stock figures) sells 2 every day for 56 days, nothing on days 57-66, then sells again on day 67:
    #   a daily seller missing 10 days has probability (1 - 1)^10 = 0.
    c_sales = _sales("C", {**dict.fromkeys(range(1, 57), 2), 67: 2, 68: 2})
    # D (no stock figures) sells every day for 56 days and then stops until the end (day 68): perhaps delisted.
    d_sales = _sales("D", dict.fromkeys(range(1, 57), 3))
    # E (no stock figures) sells on every fourth day (days 1, 5 .. 53: 14 of 53 days) and then not on days 54-64:
    #   (1 - 14/53)^11 = 0.034 ≥ 1/10,000.
    e_sales = _sales("E", {**dict.fromkeys(range(1, 57, 4), 5), 65: 5, 68: 5})
    sales = pd.concat([a_sales, b_sales, c_sales, d_sales, e_sales], ignore_index=True)
    stock = pd.concat([a_stock, b_stock], ignore_index=True)
    # when stock-outs are looked for
    found = find_stock_outs(sales, stock)
    # then A's sell-out day and empty days, B's limping day and its sell-out day, C's gap — and nothing for D or E
    expected = _expected(
        [("A", 6, "zero_stock"), ("A", 7, "zero_stock"), ("A", 8, "zero_stock"),
         ("B", 29, "low_stock"), ("B", 30, "zero_stock")]
        + [("C", d, "sales_gap") for d in range(57, 67)]
    )  # fmt: skip
    pd.testing.assert_frame_equal(found, expected)


def test_a_low_day_with_enough_stock_or_within_noise_is_not_a_stock_out() -> None:
    # given F selling 3 a day for 28 days, then 1 on day 29 having started it with 2 units (2 < 3, but
    # P(X ≤ 1 | Poisson 3) = 4·e^-3 = 0.199: an ordinary slow day), and G selling 0 on day 29 with 400 on the shelf
    sales = pd.concat([
        _sales("F", {**dict.fromkeys(range(1, 29), 3), 29: 1}),
        _sales("G", dict.fromkeys(range(1, 29), 10)),
    ])  # fmt: skip
    stock = pd.concat([
        _stock("F", {**dict.fromkeys(range(1, 28), 100), 28: 2, 29: 1}),
        _stock("G", dict.fromkeys(range(1, 30), 400)),
    ])  # fmt: skip
    # when stock-outs are looked for
    found = find_stock_outs(sales, stock)
    # then none is found
    assert found.empty
    assert found.columns.tolist() == ["unique_id", "ds", "reason"]


def test_a_stock_table_without_fulfillable_or_with_negative_stock_is_refused() -> None:
    # given sales and a stock table missing its quantity, or with a negative one
    sales = _sales("A", {1: 1})
    # when / then each is refused with what to pass instead
    with pytest.raises(InputError, match="fulfillable"):
        find_stock_outs(sales, pd.DataFrame({"unique_id": ["A"], "ds": [_day(1)]}))
    with pytest.raises(InputError, match="negative"):
        find_stock_outs(sales, _stock("A", {1: -3}))
