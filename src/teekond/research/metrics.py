"""CX metrics over plain numbers: NPS, CSAT, CES, the three E's, the good-minus-bad balance,
trends per period and a test for a significant drop. Pure Python (no Django, no numpy) so the
services, the API and the import checks all share one definition.

Formulas (docs/measure.md repeats them for users):

* **NPS** on the 0-10 "how likely are you to recommend" scale: promoters answer 9-10,
  detractors 0-6, NPS = 100·(p − d) with p, d the shares. Its 95 % interval uses the variance
  of the difference of two multinomial shares, var(p − d) = (p + d − (p − d)²) / n, so
  CI = NPS ± 1.96·√var·100, clipped to [−100, 100].
* **CSAT** on 1-5: the top-2-box share (answers 4 or 5), in percent, with a Wilson score
  interval (better than the normal one for small n and shares near 0 or 100 %).
* **CES** on 1-7: the mean with a t-based interval, mean ± t(0.975, n−1)·s/√n.
* **Three E's** (effect, ease, emotion) on 1-5: means with the same t interval.
* **Balance**: "satisfaction = good experiences minus bad ones" (seed 004): share of good
  answers minus share of bad ones, in percentage points. A response is good when its CSAT
  is 4-5 (or, lacking CSAT, its NPS is 9-10) and bad when its CSAT is 1-2 (NPS 0-6).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

Z95 = 1.959963984540054

# Two-sided 97.5 % quantiles of Student's t for small degrees of freedom; beyond 30 the
# normal approximation with a small correction is within 0.1 %.
_T975 = {
    1: 12.706,
    2: 4.303,
    3: 3.182,
    4: 2.776,
    5: 2.571,
    6: 2.447,
    7: 2.365,
    8: 2.306,
    9: 2.262,
    10: 2.228,
    11: 2.201,
    12: 2.179,
    13: 2.160,
    14: 2.145,
    15: 2.131,
    16: 2.120,
    17: 2.110,
    18: 2.101,
    19: 2.093,
    20: 2.086,
    21: 2.080,
    22: 2.074,
    23: 2.069,
    24: 2.064,
    25: 2.060,
    26: 2.056,
    27: 2.052,
    28: 2.048,
    29: 2.045,
    30: 2.042,
}


def t975(df: int) -> float:
    if df < 1:
        return math.nan
    if df in _T975:
        return _T975[df]
    # Cornish-Fisher expansion of t around z: exact to 3 decimals for df > 30.
    z = Z95
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


# Below this many answers a 95 % interval is either missing (n = 1) or so wide or so
# degenerate (all answers alike: zero width) that it misleads; pages say "too few answers".
INTERVAL_MIN_N = 5


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its 95 % interval; ``value`` is None when there are no answers."""

    value: float | None
    low: float | None
    high: float | None
    n: int

    def as_dict(self) -> dict:
        return asdict(self)


EMPTY = Estimate(None, None, None, 0)


def _clean(values: Iterable, low: float, high: float) -> list[float]:
    out = []
    for v in values:
        if v is None:
            continue
        if not low <= v <= high:
            raise ValueError(f"score {v} is outside {low}..{high}")
        out.append(v)
    return out


@dataclass(frozen=True)
class NPS(Estimate):
    promoters: int = 0
    passives: int = 0
    detractors: int = 0


def nps_counts(scores: Iterable[int | None]) -> tuple[int, int, int]:
    promoters = passives = detractors = 0
    for s in _clean(scores, 0, 10):
        if s >= 9:
            promoters += 1
        elif s >= 7:
            passives += 1
        else:
            detractors += 1
    return promoters, passives, detractors


def nps_variance(promoters: int, detractors: int, n: int) -> float:
    """Variance of the NPS estimator (as a share difference, not ×100)."""
    if n == 0:
        return math.nan
    p, d = promoters / n, detractors / n
    return (p + d - (p - d) ** 2) / n


def nps_from_counts(promoters: int, passives: int, detractors: int) -> NPS:
    n = promoters + passives + detractors
    if n == 0:
        return NPS(None, None, None, 0)
    value = 100 * (promoters - detractors) / n
    half = Z95 * math.sqrt(nps_variance(promoters, detractors, n)) * 100
    return NPS(
        value,
        max(-100.0, value - half),
        min(100.0, value + half),
        n,
        promoters,
        passives,
        detractors,
    )


def nps(scores: Iterable[int | None]) -> NPS:
    return nps_from_counts(*nps_counts(scores))


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a share, as fractions 0..1."""
    if n == 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def csat_counts(scores: Iterable[int | None]) -> tuple[int, int]:
    """(satisfied = answers 4-5, all answers) on the 1-5 scale."""
    clean = _clean(scores, 1, 5)
    return sum(1 for s in clean if s >= 4), len(clean)


def csat_from_counts(satisfied: int, n: int) -> Estimate:
    if n == 0:
        return EMPTY
    low, high = wilson(satisfied, n)
    return Estimate(100 * satisfied / n, 100 * low, 100 * high, n)


def csat(scores: Iterable[int | None]) -> Estimate:
    return csat_from_counts(*csat_counts(scores))


@dataclass
class MeanAcc:
    """Running sum and sum of squares, so a 100k-row import needs no list in memory."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    def add(self, v: float | None) -> None:
        if v is None:
            return
        self.n += 1
        self.total += v
        self.squares += v * v

    def estimate(self) -> Estimate:
        return mean_from_sums(self.n, self.total, self.squares)


def mean_from_sums(n: int, total: float, squares: float) -> Estimate:
    if n == 0:
        return EMPTY
    mean = total / n
    if n == 1:
        return Estimate(mean, None, None, 1)
    var = max(0.0, (squares - n * mean * mean) / (n - 1))
    half = t975(n - 1) * math.sqrt(var / n)
    return Estimate(mean, mean - half, mean + half, n)


def mean_ci(values: Iterable[float | None], low: float, high: float) -> Estimate:
    acc = MeanAcc()
    for v in _clean(values, low, high):
        acc.add(v)
    return acc.estimate()


def ces(scores: Iterable[int | None]) -> Estimate:
    """Customer effort on 1-7 (7 = very easy in the usual CES 2.0 wording)."""
    return mean_ci(scores, 1, 7)


def three_es(
    effect: Iterable[int | None], ease: Iterable[int | None], emotion: Iterable[int | None]
) -> dict[str, Estimate]:
    return {
        "effect": mean_ci(effect, 1, 5),
        "ease": mean_ci(ease, 1, 5),
        "emotion": mean_ci(emotion, 1, 5),
    }


def experience(csat_score: int | None, nps_score: int | None) -> int:
    """+1 good, −1 bad, 0 neutral or unknown for one response (see the module docstring)."""
    if csat_score is not None:
        return 1 if csat_score >= 4 else (-1 if csat_score <= 2 else 0)
    if nps_score is not None:
        return 1 if nps_score >= 9 else (-1 if nps_score <= 6 else 0)
    return 0


def balance(pairs: Iterable[tuple[int | None, int | None]]) -> Estimate:
    """Good minus bad, in percentage points, over (csat, nps) pairs with at least one answer.
    The interval is the NPS one: the same "share minus share" estimator."""
    good = neutral = bad = 0
    for c, n in pairs:
        if c is None and n is None:
            continue
        e = experience(c, n)
        if e > 0:
            good += 1
        elif e < 0:
            bad += 1
        else:
            neutral += 1
    est = nps_from_counts(good, neutral, bad)
    return Estimate(est.value, est.low, est.high, est.n)


# ---------------------------------------------------------------- periods and trends

PERIODS = ("week", "month", "quarter")


def period_start(moment: date | datetime, period: str) -> date:
    d = moment.date() if isinstance(moment, datetime) else moment
    if period == "week":
        return d - timedelta(days=d.weekday())
    if period == "month":
        return d.replace(day=1)
    if period == "quarter":
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")


def period_label(start: date, period: str) -> str:
    if period == "week":
        iso = start.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


@dataclass
class Bucket:
    """Everything one period (or one step, one segment…) needs for every metric."""

    # Counts instead of lists (index = score), running sums for the means.
    nps: list[int] = field(default_factory=lambda: [0] * 11)
    csat: list[int] = field(default_factory=lambda: [0] * 6)
    ces: MeanAcc = field(default_factory=MeanAcc)
    effect: MeanAcc = field(default_factory=MeanAcc)
    ease: MeanAcc = field(default_factory=MeanAcc)
    emotion: MeanAcc = field(default_factory=MeanAcc)
    responses: int = 0
    comments: int = 0
    good: int = 0
    bad: int = 0
    rated: int = 0
    complaints: int = 0

    def add(
        self,
        *,
        nps: int | None = None,
        csat: int | None = None,
        ces: int | None = None,
        effect: int | None = None,
        ease: int | None = None,
        emotion: int | None = None,
        comment: str = "",
        complaint: bool = False,
    ) -> None:
        self.responses += 1
        self.complaints += bool(complaint)
        if nps is not None:
            self.nps[nps] += 1
        if csat is not None:
            self.csat[csat] += 1
        self.ces.add(ces)
        self.effect.add(effect)
        self.ease.add(ease)
        self.emotion.add(emotion)
        if comment:
            self.comments += 1
        if csat is not None or nps is not None:
            self.rated += 1
            e = experience(csat, nps)
            self.good += e > 0
            self.bad += e < 0

    def nps_estimate(self) -> NPS:
        return nps_from_counts(sum(self.nps[9:]), sum(self.nps[7:9]), sum(self.nps[:7]))

    def csat_estimate(self) -> Estimate:
        return csat_from_counts(self.csat[4] + self.csat[5], sum(self.csat[1:]))

    def summary(self) -> dict:
        bal = nps_from_counts(self.good, self.rated - self.good - self.bad, self.bad)
        n = self.nps_estimate()
        return {
            "responses": self.responses,
            "comments": self.comments,
            "nps": {**Estimate(n.value, n.low, n.high, n.n).as_dict(), **_npsparts(n)},
            "csat": self.csat_estimate().as_dict(),
            "ces": self.ces.estimate().as_dict(),
            "effect": self.effect.estimate().as_dict(),
            "ease": self.ease.estimate().as_dict(),
            "emotion": self.emotion.estimate().as_dict(),
            "balance": Estimate(bal.value, bal.low, bal.high, bal.n).as_dict(),
            # share of answers that are complaints, in %, with its Wilson interval
            "complaints": {
                **csat_from_counts(self.complaints, self.responses).as_dict(),
                "count": self.complaints,
            },
        }


def _npsparts(n: NPS) -> dict:
    return {"promoters": n.promoters, "passives": n.passives, "detractors": n.detractors}


def trend(rows: Iterable[tuple[date | datetime, dict]], period: str = "month") -> list[dict]:
    """Rows are (moment, scores as Bucket.add keywords); one summary per period, in order."""
    buckets: dict[date, Bucket] = {}
    for moment, scores in rows:
        start = period_start(moment, period)
        buckets.setdefault(start, Bucket()).add(**scores)
    return [
        {"period": period_label(start, period), "start": start.isoformat(), **b.summary()}
        for start, b in sorted(buckets.items())
    ]


# ---------------------------------------------------------------- significance of a drop


@dataclass(frozen=True)
class Change:
    metric: str
    before: float | None
    after: float | None
    difference: float | None
    z: float | None
    p_value: float | None
    significant_drop: bool


def _normal_sf(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2))


def nps_change(before: NPS, after: NPS, alpha: float = 0.05) -> Change:
    """One-sided z-test that NPS fell: (after − before) / √(var₁ + var₂)."""
    if not before.n or not after.n:
        return Change("nps", before.value, after.value, None, None, None, False)
    var = nps_variance(before.promoters, before.detractors, before.n) + nps_variance(
        after.promoters, after.detractors, after.n
    )
    diff = after.value - before.value
    if var == 0:
        z = 0.0 if diff == 0 else math.copysign(math.inf, diff)
    else:
        z = (diff / 100) / math.sqrt(var)
    p = _normal_sf(-z)  # P(Z <= z): small when the score fell
    return Change("nps", before.value, after.value, diff, z, p, diff < 0 and p < alpha)


def proportion_change(
    metric: str, s1: int, n1: int, s2: int, n2: int, alpha: float = 0.05
) -> Change:
    """One-sided two-proportion z-test (pooled) that the share fell from s1/n1 to s2/n2."""
    if not n1 or not n2:
        return Change(metric, None, None, None, None, None, False)
    p1, p2 = s1 / n1, s2 / n2
    pooled = (s1 + s2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    diff = p2 - p1
    z = (0.0 if diff == 0 else math.copysign(math.inf, diff)) if se == 0 else diff / se
    p = _normal_sf(-z)
    return Change(metric, 100 * p1, 100 * p2, 100 * diff, z, p, diff < 0 and p < alpha)


def csat_change(before: Bucket, after: Bucket, alpha: float = 0.05) -> Change:
    return proportion_change(
        "csat",
        before.csat[4] + before.csat[5],
        sum(before.csat[1:]),
        after.csat[4] + after.csat[5],
        sum(after.csat[1:]),
        alpha,
    )


def drop(before: Bucket, after: Bucket, alpha: float = 0.05, min_n: int = 10) -> list[Change]:
    """Significant drops between two periods, NPS and CSAT; periods with fewer than ``min_n``
    answers are not tested (a handful of answers would raise alarms on noise)."""
    out = []
    b, a = before.nps_estimate(), after.nps_estimate()
    if b.n >= min_n and a.n >= min_n:
        change = nps_change(b, a, alpha)
        if change.significant_drop:
            out.append(change)
    if sum(before.csat[1:]) >= min_n and sum(after.csat[1:]) >= min_n:
        change = csat_change(before, after, alpha)
        if change.significant_drop:
            out.append(change)
    return out
