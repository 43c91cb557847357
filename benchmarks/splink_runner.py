"""Shared harness for the benchmarks that put `dedupe merge` beside Splink 5 (DuckDB).

Not a script: imported by ``benchmarks/febrl_accuracy.py`` and
``benchmarks/splink_chinese.py``.  Splink is an optional extra::

    pip install -e '.[bench]'

Both tools are scored the same way: every record gets a predicted cluster
label and a true label, and ``dedupe.evaluate.pairwise_scores`` counts the
pairs.  Nothing here asserts a figure.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dedupe.evaluate import pairwise_scores

ROOT = Path(__file__).resolve().parents[1]


def require_splink():
    """Import Splink 5, or stop with the line that says how to install it."""
    try:
        import splink
    except ImportError:
        sys.exit("splink is not installed: pip install -e '.[bench]'  (splink>=5,<6)")
    if int(splink.__version__.split(".")[0]) != 5:
        sys.exit(f"these benchmarks are written for Splink 5; found splink {splink.__version__}")
    return splink


@contextmanager
def work_dir(keep: str | None, prefix: str) -> Iterator[Path]:
    """``keep`` (created, kept) or a temporary directory removed at the end."""
    if keep:
        path = Path(keep)
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield Path(tmp)


def for_splink(frame: pd.DataFrame) -> pd.DataFrame:
    """Strings stripped, empty cells as nulls (Splink's null levels test IS NULL)."""
    out = frame.astype(str).apply(lambda c: c.str.strip())
    return out.mask(out == "")


@dataclass
class SplinkRun:
    """What one Splink run gives back: a cluster per record and the pairs above the threshold."""

    clusters: pd.DataFrame  # uid, cluster_id
    pairs: pd.DataFrame  # uid_l, uid_r, match_probability (at or above the threshold)
    seconds: float  # training + predicting + clustering, wall
    stages: dict[str, float] = field(default_factory=dict)
    probability_two_random_records_match: float = 0.0


def run_splink(tables: Sequence[pd.DataFrame], names: Sequence[str], settings, *, uid: str,
               em_rules: Sequence, deterministic_rules: Sequence | None = None, recall: float = 0.8,
               max_pairs: float = 5e6, seed: int = 42, threshold: float = 0.9,
               em_without_tf: bool = False, em_max_pairs: float | None = None,
               verbose: bool = False) -> SplinkRun:
    """Register ``tables`` in a fresh in-memory DuckDB, train, predict, cluster.

    Training is Splink's documented recipe: the prior from deterministic rules
    (``estimate_probability_two_random_records_match``, if given), u by random
    sampling of ``max_pairs`` pairs, m by one EM session per rule in
    ``em_rules``.  ``predict`` keeps pairs at or above ``threshold`` and
    ``cluster_pairwise_predictions_at_threshold`` joins them (connected
    components).  The clock starts after the tables are registered.
    """
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI()
    registered = [db_api.register(t, dataset_display_name=n) for t, n in zip(tables, names, strict=True)]
    stages: dict[str, float] = {}
    t0 = last = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal last
        now = time.perf_counter()
        stages[stage] = now - last
        last = now

    linker = Linker(registered if len(registered) > 1 else registered[0], settings,
                    log_level=logging.INFO if verbose else logging.WARNING)
    if deterministic_rules:
        linker.training.estimate_probability_two_random_records_match(list(deterministic_rules), recall=recall)
    lap("prior")
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    lap("u")
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=em_without_tf, max_pairs=em_max_pairs)
    lap("em")
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    pairs = predictions.as_pandas_dataframe()[[f"{uid}_l", f"{uid}_r", "match_probability"]]
    pairs.columns = ["uid_l", "uid_r", "match_probability"]
    lap("predict")
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold)
    clusters = clustered.as_pandas_dataframe()[[uid, "cluster_id"]].rename(columns={uid: "uid"})
    lap("cluster")
    seconds = time.perf_counter() - t0
    prior = linker._settings_obj._probability_two_random_records_match  # no public getter
    return SplinkRun(clusters, pairs, seconds, stages, prior)


def pair_level(pairs: pd.DataFrame, truth_of: Callable[[pd.Series], pd.Series],
               truth_labels: Sequence) -> dict[str, float | int]:
    """Splink's own pair list scored directly: predicted pairs above the threshold vs true pairs.

    ``truth_of`` maps a column of uids to their true labels; the number of true
    pairs comes from the sizes of the true clusters (``truth_labels``).
    """
    correct = int((truth_of(pairs["uid_l"]).to_numpy() == truth_of(pairs["uid_r"]).to_numpy()).sum())
    sizes = pd.Series(list(truth_labels)).value_counts()
    true_pairs = int((sizes * (sizes - 1) // 2).sum())
    predicted = len(pairs)
    precision = correct / predicted if predicted else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "true_pairs": true_pairs, "predicted_pairs": predicted, "correct_pairs": correct}


def cluster_scores(clusters: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float | int]:
    """pairwise_scores of Splink's ``cluster_id`` against ``truth`` (columns uid, label)."""
    joined = truth.merge(clusters, on="uid", how="left", validate="one_to_one")
    missing = joined["cluster_id"].isna()
    if missing.any():  # never seen: every input record is a node; kept as singletons if it happens
        joined.loc[missing, "cluster_id"] = "missing-" + joined.loc[missing, "uid"].astype(str)
    return pairwise_scores(joined["cluster_id"].astype(str), joined["label"])


def run_dedupe_merge(inputs: Sequence[Path], out_dir: Path, rules: str | Path | None = None) -> float:
    """``python -m dedupe.cli merge INPUTS --out OUT_DIR [--rules RULES] --quiet`` in a child; wall seconds."""
    cmd = [sys.executable, "-m", "dedupe.cli", "merge", *map(str, inputs), "--out", str(out_dir), "--quiet"]
    if rules is not None:
        cmd += ["--rules", str(rules)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise RuntimeError(f"dedupe merge failed (exit {proc.returncode}):\n{proc.stderr.strip()}")
    return wall


HEADER = f"{'dataset':<10} {'tool':<18} {'records':>8} {'precision':>10} {'recall':>8} {'F1':>8} {'seconds':>8}"


def table_row(dataset: str, tool: str, records: int, scores: dict | None, seconds: float | None,
              note: str = "") -> str:
    """One line of the results table; ``scores`` None prints the note instead of figures, ``seconds`` None a blank."""
    if scores is None:
        return f"{dataset:<10} {tool:<18} {records:>8} {note}"
    secs = "" if seconds is None else f"{seconds:.1f}"
    line = (f"{dataset:<10} {tool:<18} {records:>8} {scores['precision']:>10.4f} {scores['recall']:>8.4f} "
            f"{scores['f1']:>8.4f} {secs:>8}")
    return f"{line}  {note}" if note else line


def add_common_options(parser: argparse.ArgumentParser, keep_help: str) -> None:
    """The options both benchmarks take."""
    parser.add_argument("--keep", help=keep_help)
    parser.add_argument("--splink-threshold", type=float, default=0.9,
                        help="Splink match probability for predict and clustering (default 0.9)")
    parser.add_argument("--max-pairs", type=float, default=5e6,
                        help="pairs sampled for Splink's u estimates (default 5e6)")
    parser.add_argument("--no-splink", action="store_true", help="skip Splink")
    parser.add_argument("--no-dedupe", action="store_true", help="skip dedupe merge")
    parser.add_argument("--verbose", action="store_true", help="Splink's INFO log on stderr")


def footer(args: argparse.Namespace, splink, work: Path, data: str = "") -> str:
    """The closing line: machine, versions, settings and where the data is."""
    versions = f"splink {splink.__version__}" if splink is not None else "splink skipped"
    return (f"cpus {os.cpu_count()}  python {sys.version.split()[0]}  {versions}  {data}"
            f"threshold {args.splink_threshold}  u max_pairs {args.max_pairs:.0e}  data {work}"
            + ("" if args.keep else " (removed)"))
