"""Two proportions compared: the two-proportion z-test with pooled variance (Fisher's exact test when an expected
cell count is under 5), the Newcombe interval of the difference, the sample per arm a difference that size needs,
and the difference beyond a control's own change. The method and its justification are in `abtest`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from sellerops.core.text import Text

Metric = Literal["ctr", "ad_conversion", "session_conversion"]
Verdict = Literal["higher", "lower", "no_detectable_difference", "not_enough_data", "not_testable"]
# What each metric counts: (successes, trials) in English and Chinese.
UNITS: dict[str, tuple[str, str, str, str]] = {
    "ctr": ("clicks", "impressions", "点击", "曝光"),
    "ad_conversion": ("orders", "clicks", "订单", "点击"),
    "session_conversion": ("order items", "sessions", "订单商品", "会话"),
}
NAMES = {"ctr": ("CTR", "点击率"), "ad_conversion": ("Ad conversion", "广告转化率"),
         "session_conversion": ("Session conversion", "会话转化率")}  # fmt: skip
RATE = Decimal("0.000001")
RATE_PLACES = "0.000001"


@dataclass(frozen=True)
class AbTestSettings:
    """`alpha`: the significance level (two-sided); `power`: for the sample needed; `min_*`: the fewest trials
    per arm below which the answer is "not enough data"."""

    alpha: Decimal = Decimal("0.05")
    power: Decimal = Decimal("0.80")
    min_impressions: int = 1000
    min_clicks: int = 100
    min_sessions: int = 100

    def min_trials(self, metric: Metric) -> int:
        return {"ctr": self.min_impressions, "ad_conversion": self.min_clicks}.get(metric, self.min_sessions)


@dataclass(frozen=True)
class Arm:
    """One side of a comparison: `successes` of `trials` over `days` days of data."""

    label: str
    successes: int
    trials: int
    days: int = 0

    @property
    def rate(self) -> Decimal | None:
        return (Decimal(self.successes) / self.trials).quantize(RATE, ROUND_HALF_UP) if self.trials else None


@dataclass(frozen=True)
class ControlChange:
    """The rest of the marketplace over the same two periods, and the subject's change beyond it."""

    a: Arm
    b: Arm
    difference: Decimal  # the control's B − A
    excess: Decimal  # the subject's B − A minus the control's
    ci_low: Decimal
    ci_high: Decimal
    p_value: Decimal


@dataclass(frozen=True)
class ProportionTest:
    """The comparison of one metric. `difference` is B − A (a fraction: 0.012 = 1.2 points); the verdict is on
    it, or on the excess over the control when `control` is set."""

    metric: Metric
    a: Arm
    b: Arm
    verdict: Verdict
    difference: Decimal | None
    ci_low: Decimal | None
    ci_high: Decimal | None
    p_value: Decimal | None
    method: str
    needed_per_arm: int | None
    reason: Text
    control: ControlChange | None = None


def _dec(value: float, places: str) -> Decimal:
    return Decimal(str(float(value))).quantize(Decimal(places), ROUND_HALF_UP)


def _pp(value: Decimal) -> str:
    return f"{value * 100:+.2f} pp"


def needed_per_arm(p1: float, p2: float, *, alpha: float, power: float) -> int | None:
    """Trials per arm to detect p1 vs p2 (two-sided, equal arms; module docstring), rounded up."""
    from scipy.stats import norm  # imported when used: scipy.stats costs seconds at every CLI start

    if p1 == p2:
        return None
    mean = (p1 + p2) / 2
    z_alpha, z_beta = norm.ppf(1 - alpha / 2), norm.ppf(power)
    root = z_alpha * math.sqrt(2 * mean * (1 - mean)) + z_beta * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return math.ceil(float(root) ** 2 / (p1 - p2) ** 2)


def compare_proportions(
    a: Arm, b: Arm, *, metric: Metric, settings: AbTestSettings = AbTestSettings(),
    control: tuple[Arm, Arm] | None = None,
) -> ProportionTest:  # fmt: skip
    """The test of B against A (module docstring); with `control` (its A and B), the verdict is on the excess."""
    name_en, name_zh = NAMES[metric]
    win, trial, win_zh, trial_zh = UNITS[metric]
    least = settings.min_trials(metric)
    if a.trials < least or b.trials < least:
        return _untested(metric, a, b, "not_enough_data", Text(
            en=f"Not enough data: A has {a.trials:,} {trial}, B {b.trials:,}; {name_en} needs at least {least:,} per "
            "arm to be tested.",
            zh=f"数据不足:A 有 {a.trials:,} 次{trial_zh},B 有 {b.trials:,} 次;{name_zh}每组至少需要 {least:,} 次才能检验。",
        ))  # fmt: skip
    if a.successes > a.trials or b.successes > b.trials:
        return _untested(metric, a, b, "not_testable", Text(
            en=f"More {win} than {trial} in an arm: {name_en} is not a proportion here and cannot be tested.",
            zh=f"某组{win_zh}多于{trial_zh}:此处{name_zh}不是比例,无法检验。",
        ))  # fmt: skip
    # Imported when used: scipy.stats and statsmodels cost seconds at every CLI start.
    from scipy.stats import fisher_exact
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

    alpha, power = float(settings.alpha), float(settings.power)
    pa, pb = a.successes / a.trials, b.successes / b.trials
    pooled = (a.successes + b.successes) / (a.trials + b.trials)
    cells = [n * p for n in (a.trials, b.trials) for p in (pooled, 1 - pooled)]
    if min(cells) < 5:
        method = "Fisher's exact"
        table = [[b.successes, b.trials - b.successes], [a.successes, a.trials - a.successes]]
        p = float(fisher_exact(table).pvalue)
    else:
        method = "z-test (pooled)"
        p = float(proportions_ztest([b.successes, a.successes], [b.trials, a.trials])[1])
    low, high = confint_proportions_2indep(
        b.successes, b.trials, a.successes, a.trials, method="newcomb", compare="diff", alpha=alpha
    )
    difference = _dec(pb - pa, "0.000001")
    needed = needed_per_arm(pa, pb, alpha=alpha, power=power)
    head_en = (f"{name_en} {_rate(a)} (A, {a.successes:,}/{a.trials:,} {trial}) → {_rate(b)} (B, {b.successes:,}/"
               f"{b.trials:,}): {_pp(difference)} [{_pp(_dec(low, RATE_PLACES))}, {_pp(_dec(high, RATE_PLACES))}], "
               f"p = {_p(p)} ({method}).")  # fmt: skip
    head_zh = (f"{name_zh} {_rate(a)}(A,{a.successes:,}/{a.trials:,} 次{trial_zh})→ {_rate(b)}(B,{b.successes:,}/"
               f"{b.trials:,}):{_pp(difference)} [{_pp(_dec(low, RATE_PLACES))}, {_pp(_dec(high, RATE_PLACES))}],"
               f"p = {_p(p)}({method})。")  # fmt: skip
    judged_p, judged_d = p, pb - pa
    change = None
    if control is not None and min(control[0].trials, control[1].trials) >= least:
        change, excess_p = _beyond(a, b, control, alpha)
        judged_p, judged_d = excess_p, float(change.excess)
        head_en += (f" The rest of the shop moved {_pp(change.difference)} over the same periods; beyond that: "
                    f"{_pp(change.excess)} [{_pp(change.ci_low)}, {_pp(change.ci_high)}],"
                    f" p = {_p(excess_p)}.")  # fmt: skip
        head_zh += (f"同期店铺其他部分变化 {_pp(change.difference)};扣除后:{_pp(change.excess)} "
                    f"[{_pp(change.ci_low)}, {_pp(change.ci_high)}],p = {_p(excess_p)}。")  # fmt: skip
    if judged_p < alpha and judged_d != 0:
        verdict: Verdict = "higher" if judged_d > 0 else "lower"
        tail_en = f" B is {verdict} (significant at {settings.alpha})."
        tail_zh = f"B {'更高' if verdict == 'higher' else '更低'}(在 {settings.alpha} 水平显著)。"
    else:
        verdict = "no_detectable_difference"
        tail_en = f" No detectable difference at {settings.alpha}"
        tail_zh = f"在 {settings.alpha} 水平未见显著差异"
        # The sample needed is for the raw B − A; beside a control it would answer another question.
        if change is None and needed is not None and needed > min(a.trials, b.trials):
            tail_en += f": a difference this size needs about {needed:,} {trial} per arm."
            tail_zh += f":要检出这么大的差异,每组约需 {needed:,} 次{trial_zh}。"
        else:
            tail_en, tail_zh = tail_en + ".", tail_zh + "。"
    return ProportionTest(
        metric, a, b, verdict, difference, _dec(low, RATE_PLACES), _dec(high, RATE_PLACES), _dec(p, "0.0001"),
        method, needed, Text(en=head_en + tail_en, zh=head_zh + tail_zh), change,
    )  # fmt: skip


def _rate(arm: Arm) -> str:
    return f"{arm.rate:.2%}" if arm.rate is not None else "–"


def _p(p: float) -> str:
    return "< 0.0001" if p < 0.0001 else f"{p:.4f}"


def _untested(metric: Metric, a: Arm, b: Arm, verdict: Verdict, reason: Text) -> ProportionTest:
    return ProportionTest(metric, a, b, verdict, None, None, None, None, "", None, reason)


def _beyond(a: Arm, b: Arm, control: tuple[Arm, Arm], alpha: float) -> tuple[ControlChange, float]:
    """The difference in differences and its Wald test (module docstring)."""
    from scipy.stats import norm

    ca, cb = control
    rates = [x.successes / x.trials for x in (a, b, ca, cb)]
    variance = sum(p * (1 - p) / x.trials for p, x in zip(rates, (a, b, ca, cb), strict=True))
    control_d = rates[3] - rates[2]
    excess = (rates[1] - rates[0]) - control_d
    se = math.sqrt(variance)
    p = 2 * float(norm.sf(abs(excess) / se)) if se > 0 else (0.0 if excess else 1.0)
    half = float(norm.ppf(1 - alpha / 2)) * se
    change = ControlChange(
        ca, cb, _dec(control_d, RATE_PLACES), _dec(excess, RATE_PLACES), _dec(excess - half, RATE_PLACES),
        _dec(excess + half, RATE_PLACES), _dec(p, "0.0001"),
    )  # fmt: skip
    return change, p
