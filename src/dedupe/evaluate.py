"""Pairwise precision, recall and F1 of a clustering against a truth.

A pair of records counts as predicted when both records share a predicted
cluster, and as true when they share a true cluster; the counts come from
cluster sizes, never from listing pairs.

>>> pairwise_scores(["a", "a", "b"], ["x", "x", "x"])
{'precision': 1.0, 'recall': 0.3333, 'f1': 0.5, 'true_pairs': 3, 'predicted_pairs': 1, 'correct_pairs': 1}
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .errors import InputError

__all__ = ["pairwise_scores", "evaluate_output"]


def _pairs(counts: pd.Series) -> int:
    return int((counts * (counts - 1) // 2).sum())


def pairwise_scores(predicted: Sequence, truth: Sequence) -> dict[str, float | int]:
    """Pairwise precision / recall / F1 of ``predicted`` cluster labels against ``truth``."""
    frame = pd.DataFrame({"p": list(predicted), "t": list(truth)})
    predicted_pairs = _pairs(frame.groupby("p").size())
    true_pairs = _pairs(frame.groupby("t").size())
    correct = _pairs(frame.groupby(["p", "t"]).size())
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "true_pairs": true_pairs, "predicted_pairs": predicted_pairs, "correct_pairs": correct}


def evaluate_output(out_dir: str | Path, truth_path: str | Path, contact_column: str = "contact",
                    entity_column: str = "entity") -> dict[str, dict[str, float | int]]:
    """Scores of ``records.csv`` in ``out_dir`` against a truth file keyed by ``source`` and ``row``."""
    records_path = Path(out_dir) / "records.csv"
    if not records_path.is_file():
        raise InputError(f"{records_path}: file not found (is {out_dir} a dedupe output directory?)")
    truth_path = Path(truth_path)
    if not truth_path.is_file():
        raise InputError(f"{truth_path}: file not found")
    records = pd.read_csv(records_path, dtype=str, keep_default_na=False,
                          usecols=["source", "row", "contact_id", "entity_id"])
    truth = pd.read_csv(truth_path, dtype=str, keep_default_na=False)
    for column in ("source", "row", contact_column, entity_column):
        if column not in truth.columns:
            raise InputError(f"{truth_path}: header: no column '{column}'")
    joined = records.merge(truth, on=["source", "row"], how="inner", validate="one_to_one")
    if len(joined) != len(records):
        raise InputError(f"{truth_path}: {len(records) - len(joined)} of {len(records)} records have no truth row")
    return {
        "contacts": pairwise_scores(joined["contact_id"], joined[contact_column]),
        "entities": pairwise_scores(joined["entity_id"], joined[entity_column]),
    }
