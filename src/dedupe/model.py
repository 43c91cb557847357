"""Fellegi–Sunter scoring: u from random pairs, m by EM, term frequencies.

For each field and comparison level ``l``: ``m[l]`` = P(level l | same
person), ``u[l]`` = P(level l | different people).  A pair's match weight is
``log2(λ/(1-λ)) + Σ log2(m/u)`` over its fields (a missing field adds 0), so
every score is the sum of the per-field weights written to ``pairs.csv``.

* u comes from comparing random record pairs (almost all are non-matches);
* m and the prior λ are fitted by EM on the comparison-pattern counts of the
  blocked pairs (unsupervised), starting from the values below;
* for agreement on a specific value, u is the value's frequency (张伟 agreeing
  says little, 欧阳娜娜 says a lot): the term-frequency adjustment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .compare import FIELDS, LEVELS, MISSING, compare
from .rules import Rules

__all__ = ["FSModel", "fit", "score", "term_frequencies"]

# Starting m values: what a human expects of a true match.
_M_START: dict[str, dict[int, float]] = {
    "name": {4: 0.75, 3: 0.06, 2: 0.04, 1: 0.1, 0: 0.05},
    "phone": {3: 0.65, 2: 0.05, 1: 0.1, 0: 0.2},
    "email": {2: 0.8, 1: 0.04, 0: 0.16},
    "company": {3: 0.8, 2: 0.08, 1: 0.02, 0: 0.1},
    "address": {3: 0.45, 2: 0.2, 1: 0.25, 0: 0.1},
    "id": {1: 0.95, 0: 0.05},
    "title": {1: 0.6, 0: 0.4},
}
# Which levels are agreement on one value, weighed by its frequency.
_TF_LEVELS = {"name": (4,), "phone": (3, 2, 1), "company": (3,), "email": (2,), "address": (3,)}
_FLOOR = 1e-6


@dataclass
class FSModel:
    """Fitted parameters: m, u per field and level, the prior, value frequencies."""

    m: dict[str, dict[int, float]]
    u: dict[str, dict[int, float]]
    prior: float
    tf: dict[str, dict[str, float]] = field(default_factory=dict)
    iterations: int = 0

    def level_weight(self, f: str, level: int) -> float:
        return float(np.log2(self.m[f][level] / self.u[f][level]))

    def as_dict(self) -> dict:
        return {
            "prior": self.prior,
            "em_iterations": self.iterations,
            "fields": {
                f: {LEVELS[f][lv]: {"m": round(self.m[f][lv], 6), "u": round(self.u[f][lv], 8),
                                    "weight": round(self.level_weight(f, lv), 3)} for lv in LEVELS[f]}
                for f in FIELDS
            },
        }


def term_frequencies(std: pd.DataFrame, fields: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """Relative frequency of each value of the term-frequency fields."""
    source = {
        "name": lambda: std["name"][(std["name"] != "") & ~std["honorific_only"]],
        "phone": lambda: std["phone_list"].map(lambda ps: [p[0] for p in ps]).explode().dropna(),
        "company": lambda: std["company_key"][std["company_key"] != ""],
        "email": lambda: std["emails"].map(list).explode().dropna(),
        "address": lambda: std["address_key"][std["address_key"] != ""],
    }
    out = {}
    for f in fields:
        values = source[f]()
        counts = values.value_counts()
        out[f] = (counts / max(len(values), 1)).to_dict()
    return out


def _estimate_u(std: pd.DataFrame, rules: Rules) -> dict[str, dict[int, float]]:
    n = len(std)
    rng = np.random.default_rng(rules.model.seed)
    k = min(rules.model.random_pairs, n * (n - 1) // 2)
    left = rng.integers(0, n, size=k)
    right = rng.integers(0, n, size=k)
    keep = left != right
    levels = compare(std, left[keep], right[keep], rules.compare)
    u: dict[str, dict[int, float]] = {}
    for f in FIELDS:
        col = levels[f].to_numpy()
        present = col[col != MISSING]
        total = max(len(present), 1)
        u[f] = {lv: max((present == lv).sum() / total, 0.5 / total, _FLOOR) for lv in LEVELS[f]}
        # Disagreement can never be rarer than this among different people.
        u[f][0] = max(u[f][0], 0.5)
    return u


def fit(std: pd.DataFrame, levels: pd.DataFrame, rules: Rules) -> FSModel:
    """u from random pairs, then m and λ by EM on the blocked pairs' patterns."""
    u = _estimate_u(std, rules)
    m = {f: dict(_M_START[f]) for f in FIELDS}
    prior = 0.3
    iterations = 0
    if len(levels):
        patterns = levels[list(FIELDS)].value_counts().reset_index(name="count")
        counts = patterns["count"].to_numpy(dtype=float)
        codes = {f: patterns[f].to_numpy() for f in FIELDS}
        for step in range(1, rules.model.em_iterations + 1):
            iterations = step
            log_m = np.zeros(len(patterns))
            log_u = np.zeros(len(patterns))
            for f in FIELDS:
                for lv in LEVELS[f]:
                    sel = codes[f] == lv
                    log_m[sel] += np.log(m[f][lv])
                    log_u[sel] += np.log(u[f][lv])
            odds = np.exp(np.clip(np.log(prior) + log_m - np.log(1 - prior) - log_u, -700, 700))
            p = odds / (1 + odds)
            new_prior = float(np.clip((p * counts).sum() / counts.sum(), 1e-6, 1 - 1e-6))
            new_m = {}
            for f in FIELDS:
                present = codes[f] != MISSING
                denom = (p * counts)[present].sum()
                new_m[f] = {}
                for lv in LEVELS[f]:
                    num = (p * counts)[codes[f] == lv].sum()
                    new_m[f][lv] = (num + 1e-3) / (denom + 1e-3 * len(LEVELS[f])) if denom > 0 else m[f][lv]
            change = max(abs(new_m[f][lv] - m[f][lv]) for f in FIELDS for lv in LEVELS[f])
            m, prior = new_m, new_prior
            if change < 1e-5:
                break
    tf = term_frequencies(std, tuple(f for f in rules.model.term_frequency if f in _TF_LEVELS))
    return FSModel(m=m, u=u, prior=prior, tf=tf, iterations=iterations)


def score(levels: pd.DataFrame, model: FSModel, rules: Rules) -> pd.DataFrame:
    """Per-field weights, total match weight, probability and decision for each pair."""
    out = pd.DataFrame(index=levels.index)
    prior_weight = float(np.log2(model.prior / (1 - model.prior)))
    out["w_prior"] = prior_weight
    total = np.full(len(levels), prior_weight)
    for f in FIELDS:
        lv = levels[f].to_numpy()
        table = np.zeros(max(LEVELS[f]) + 2)
        for level in LEVELS[f]:
            table[level] = model.level_weight(f, level)
        w = table[lv]  # level -1 indexes the last cell, which is 0: missing is neutral
        if f in model.tf:
            freq = model.tf[f]
            values = levels["tf_" + f].to_numpy()
            for level in _TF_LEVELS[f]:
                sel = np.flatnonzero((lv == level) & (values != ""))
                if len(sel):
                    u_tf = np.array([max(freq.get(v, _FLOOR), _FLOOR) for v in values[sel]])
                    w[sel] = np.log2(model.m[f][level] / u_tf)
        w = np.round(w, 4)
        out["w_" + f] = w
        total = total + w
    out["match_weight"] = np.round(total, 4)
    probability = 1 / (1 + np.power(2.0, -np.clip(total, -200, 200)))
    out["probability"] = np.round(probability, 6)
    decision = np.where(probability >= rules.model.match_probability, "match",
                        np.where(probability >= rules.model.review_probability, "review", "non-match"))
    out["decision"] = decision
    return out
