"""Key-driver analysis: which steps' scores move the likelihood to recommend, and which way.

Method (Johnson 2000, "relative weights"): the step scores X (one row per respondent who rated
several steps, one column per step) are replaced by their closest orthogonal counterparts Z;
y (the 0-10 recommend score) is regressed on Z, and each step's share of the explained
variance R² is the sum over Z of (its loading on Z)² · (Z's coefficient)². The weights add up
to R² and, unlike plain regression coefficients, stay meaningful when step scores correlate
(which they always do: a customer happy at one touchpoint tends to be happy at the next).
Importance alone has no direction, so each weight is signed by the step's standardised
multiple-regression coefficient: a negative driver is a step where higher scores go with a
lower likelihood to recommend (usually a sign of a mis-asked question or a small sample).

Respondents: only those who rated at least ``min_steps`` of the candidate steps; a step enters
the analysis when at least ``min_coverage`` of them rated it; missing scores of a respondent
are filled with the step's mean over the others (documented trade-off: keeps respondents who
skipped one step, shrinks that step's weight slightly towards zero).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Driver:
    key: Hashable
    label: str
    weight: float  # share of R², 0..100
    raw_weight: float  # ε_j, the part of R² this step carries
    beta: float  # standardised regression coefficient (the sign)
    correlation: float
    n: int

    @property
    def direction(self) -> int:
        return 1 if self.beta >= 0 else -1


@dataclass(frozen=True)
class DriverResult:
    drivers: list[Driver]
    r2: float | None
    n: int
    reason: str = ""  # why there is no result, in English (the service translates)


def relative_weights(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """(raw weights ε, standardised betas, R²) for predictors ``x`` (n×k) and outcome ``y``."""
    xs = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    ys = (y - y.mean()) / y.std(ddof=1)
    n = x.shape[0]
    rxx = (xs.T @ xs) / (n - 1)
    rxy = (xs.T @ ys) / (n - 1)
    evals, evecs = np.linalg.eigh(rxx)
    evals = np.clip(evals, 0, None)
    lam = evecs @ np.diag(np.sqrt(evals)) @ evecs.T  # correlations of X with Z
    beta_z = np.linalg.pinv(lam) @ rxy
    raw = (lam**2) @ (beta_z**2)
    beta = np.linalg.pinv(rxx) @ rxy
    return raw, beta, float(raw.sum())


def key_drivers(
    respondents: Sequence[tuple[dict[Hashable, float], float]],
    labels: dict[Hashable, str] | None = None,
    *,
    min_steps: int = 2,
    min_coverage: float = 0.5,
    min_respondents: int = 10,
) -> DriverResult:
    """``respondents``: (step key → score, recommend score 0-10) per respondent."""
    labels = labels or {}
    rows = [(s, y) for s, y in respondents if y is not None and len(s) >= min_steps]
    if len(rows) < min_respondents:
        return DriverResult([], None, len(rows), "too few respondents who rated several steps")
    counts: dict[Hashable, int] = {}
    for scores, _ in rows:
        for k in scores:
            counts[k] = counts.get(k, 0) + 1
    keys = [k for k, c in counts.items() if c >= min_coverage * len(rows)]
    keys.sort(key=lambda k: (-counts[k], str(k)))
    if len(keys) < 2:
        return DriverResult([], None, len(rows), "fewer than two steps rated by enough people")
    x = np.full((len(rows), len(keys)), np.nan)
    for i, (scores, _) in enumerate(rows):
        for j, k in enumerate(keys):
            if k in scores and scores[k] is not None:
                x[i, j] = scores[k]
    means = np.nanmean(x, axis=0)
    x = np.where(np.isnan(x), means, x)
    y = np.array([float(v) for _, v in rows])
    keep = x.std(axis=0, ddof=1) > 0
    if y.std() == 0 or keep.sum() < 2:
        return DriverResult([], None, len(rows), "scores do not vary enough")
    keys = [k for k, ok in zip(keys, keep, strict=True) if ok]
    x = x[:, keep]
    raw, beta, r2 = relative_weights(x, y)
    corr = [float(np.corrcoef(x[:, j], y)[0, 1]) for j in range(len(keys))]
    drivers = [
        Driver(
            key=k,
            label=labels.get(k, str(k)),
            weight=100 * float(raw[j]) / r2 if r2 > 0 else 0.0,
            raw_weight=float(raw[j]),
            beta=float(beta[j]),
            correlation=corr[j],
            n=counts[k],
        )
        for j, k in enumerate(keys)
    ]
    drivers.sort(key=lambda d: -d.weight)
    return DriverResult(drivers, r2, len(rows))


def reading(result: DriverResult, language: str = "en", top: int = 3) -> list[str]:
    """Plain-language sentences about the strongest drivers, in Estonian or English."""
    et = language.startswith("et")
    if not result.drivers:
        return [
            "Mõjutegurite hindamiseks on vaja vähemalt kümmet vastajat, kes hindasid mitut "
            "sammu ja andsid soovitusindeksi hinde."
            if et
            else "Key drivers need at least ten respondents who rated several steps and "
            "gave a likelihood-to-recommend score."
        ]
    out = []
    r2 = round(100 * (result.r2 or 0))
    out.append(
        f"Sammude hinded seletavad {r2}% soovitusvalmiduse erinevustest ({result.n} vastajat)."
        if et
        else f"Step scores explain {r2}% of the differences in likelihood to recommend "
        f"({result.n} respondents)."
    )
    for i, d in enumerate(result.drivers[:top]):
        w = round(d.weight)
        if d.direction > 0:
            most = i == 0
            out.append(
                f"„{d.label}“ kannab {w}% seletatud osast: kes hindab seda sammu kõrgemalt, "
                "soovitab meid tõenäolisemalt."
                + (" Selle parandamine tõstab NPS-i kõige rohkem." if most else "")
                if et
                else f"“{d.label}” carries {w}% of what is explained: customers who rate this "
                "step higher are more likely to recommend us."
                + (" Improving it lifts NPS most." if most else "")
            )
        else:
            out.append(
                f"„{d.label}“ kannab {w}% seletatud osast, kuid vastupidises suunas: kõrgem "
                "hinne käib koos väiksema soovitusvalmidusega. Kontrolli küsimust ja valimit."
                if et
                else f"“{d.label}” carries {w}% of what is explained, but in the opposite "
                "direction: higher scores go with a lower likelihood to recommend. Check the "
                "question and the sample."
            )
    return out
