"""How well a run's match probabilities match how often its pairs are one person.

    python benchmarks/calibration.py OUT_DIR TRUTH.csv [OUT_DIR TRUTH.csv ...]

``OUT_DIR`` is a ``dedupe merge`` output and ``TRUTH.csv`` the generator's ``source,row,contact``
labels for the same input.  Every scored pair of ``pairs.csv`` is labelled one person or not, and
two tables are printed per output:

1. by probability: the pairs in each probability band, their mean probability and the share
   that is one person.  A calibrated model has the two equal; a share above the probability
   is a model too unsure (it leaves matches at review), below it too sure.
2. by pattern: the comparison patterns (name, phone and company level) of the uncertain pairs
   (probability between 0.05 and 0.98), with at least ``--min-pairs`` pairs, ordered by how many
   more (or fewer) of them are one person than their probabilities say.  A pattern that is off
   the same way on every data set points at a model that misreads it: two fields that are not
   independent given a match, or one field's m fitted on the wrong pairs.

This is how the phone's m between records of one full name (``model.fields_given_same_name``)
was found.  Figures only; nothing here is a test, and no threshold is tuned from it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

BANDS = (0.0, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99, 1.0)
PATTERN = ["name_level", "phone_level", "company_level"]
_PAIR_COLUMNS = ["left_source", "left_row", "right_source", "right_row", "probability", *PATTERN]


def labelled(pairs: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` with ``one_person``: whether the truth puts both records in one contact."""
    contact = {(s, str(r)): c for s, r, c in zip(truth["source"], truth["row"], truth["contact"], strict=True)}
    left = [contact.get((s, str(r))) for s, r in zip(pairs["left_source"], pairs["left_row"], strict=True)]
    right = [contact.get((s, str(r))) for s, r in zip(pairs["right_source"], pairs["right_row"], strict=True)]
    if any(c is None for c in left + right):
        raise SystemExit("calibration: a pair's record has no truth row; is TRUTH.csv for this output?")
    return pairs.assign(one_person=np.array(left, dtype=object) == np.array(right, dtype=object))


def by_band(pairs: pd.DataFrame) -> pd.DataFrame:
    """Per probability band: pairs, mean probability, share one person (of :func:`labelled` pairs)."""
    band = pd.cut(pairs["probability"], BANDS, include_lowest=True)
    out = pairs.groupby(band, observed=True).agg(pairs=("one_person", "size"),
                                                 probability=("probability", "mean"),
                                                 one_person=("one_person", "mean"))
    out.index = [f"{max(b.left, 0.0):g}-{b.right:g}" for b in out.index]
    return out


def by_pattern(pairs: pd.DataFrame, min_pairs: int = 30, low: float = 0.05, high: float = 0.98) -> pd.DataFrame:
    """The uncertain pairs' patterns with at least ``min_pairs`` pairs: mean probability, share one
    person, and ``excess``: pairs one person beyond what the probabilities expect (negative: fewer),
    largest first by size."""
    uncertain = pairs[(pairs["probability"] > low) & (pairs["probability"] < high)]
    out = uncertain.groupby(PATTERN).agg(pairs=("one_person", "size"), probability=("probability", "mean"),
                                         one_person=("one_person", "mean"))
    out = out[out["pairs"] >= min_pairs]
    out["excess"] = (out["one_person"] - out["probability"]) * out["pairs"]
    return out.reindex(out["excess"].abs().sort_values(ascending=False).index)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", metavar="OUT_DIR TRUTH.csv")
    parser.add_argument("--min-pairs", type=int, default=30)
    parser.add_argument("--top", type=int, default=12, help="patterns printed per output")
    args = parser.parse_args(argv)
    if len(args.runs) % 2:
        parser.error("give each OUT_DIR with its TRUTH.csv")
    pd.set_option("display.width", 200)
    for out_dir, truth_path in zip(args.runs[::2], args.runs[1::2], strict=True):
        pairs = pd.read_csv(Path(out_dir) / "pairs.csv", usecols=_PAIR_COLUMNS, dtype={"left_row": str, "right_row": str})
        truth = pd.read_csv(truth_path, dtype=str, usecols=["source", "row", "contact"])
        pairs = labelled(pairs, truth)
        print(f"== {out_dir}: {len(pairs):,} scored pairs, {int(pairs['one_person'].sum()):,} one person")
        print(by_band(pairs).round(3).to_string())
        print()
        print(by_pattern(pairs, args.min_pairs).head(args.top).round(3).to_string())
        print()


if __name__ == "__main__":
    main()
