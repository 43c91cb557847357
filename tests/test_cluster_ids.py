"""Contact and entity IDs from cluster labels, and the rank of a job changer's earlier companies."""

from __future__ import annotations

import numpy as np
import pytest

from dedupe.pipeline import _earlier_rank, _ids


def former_ids(labels: np.ndarray, prefix: str) -> np.ndarray:
    """The sorting implementation _ids replaced."""
    uniq = np.unique(labels)
    width = max(6, len(str(len(uniq))))
    names = np.array([f"{prefix}{i + 1:0{width}d}" for i in range(len(uniq))], dtype=object)
    return names[np.searchsorted(uniq, labels)]


@pytest.mark.parametrize("seed", range(10))
def test_ids_of_record_positions_as_by_sorting(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    labels = rng.integers(0, n, size=n)
    found = _ids(labels, "E")
    assert found.dtype == object
    assert found.tolist() == former_ids(labels, "E").tolist()


@pytest.mark.parametrize("labels", [[-3, 7, -3, 0], [10**9, 5, 10**9], [7, 7, 3]])
def test_ids_of_other_labels_as_by_sorting(labels: list[int]) -> None:
    # negative or far beyond the number of records: ranked by sorting
    assert _ids(np.array(labels), "C").tolist() == former_ids(np.array(labels), "C").tolist()


def test_ids_number_labels_in_order() -> None:
    assert _ids(np.array([5, 1, 5, 2, 1]), "C").tolist() == ["C000003", "C000001", "C000003", "C000002",
                                                             "C000001"]
    assert _ids(np.zeros(0, dtype=np.int64), "C").tolist() == []


def test_earlier_rank_counts_from_the_most_recent_company() -> None:
    history = {0: [6, 2, 4], 3: [5], 7: []}
    assert _earlier_rank(8, history).tolist() == [-1, -1, 1, -1, 2, 0, 0, -1]
    assert _earlier_rank(3, {}).tolist() == [-1, -1, -1]
