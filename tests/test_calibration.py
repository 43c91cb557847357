"""benchmarks/calibration.py: probability bands and patterns against the truth."""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "calibration.py"
_spec = importlib.util.spec_from_file_location("calibration", _PATH)
calibration = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(calibration)


def _pairs(rows: list[tuple[int, int, float, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"left_source": "crm", "left_row": str(a), "right_source": "crm", "right_row": str(b),
                          "probability": p, "name_level": "exact", "phone_level": phone, "company_level": "missing"}
                         for a, b, p, phone in rows])


TRUTH = pd.DataFrame({"source": "crm", "row": [str(r) for r in range(1, 9)],
                      "contact": ["A", "A", "B", "B", "C", "D", "E", "F"]})


def test_bands_and_patterns_count_what_the_truth_says() -> None:
    pairs = calibration.labelled(_pairs([
        (1, 2, 0.6, "different"),   # one person
        (3, 4, 0.7, "different"),   # one person
        (5, 6, 0.6, "different"),   # two people
        (7, 8, 0.001, "missing"),   # two people
    ]), TRUTH)
    assert pairs["one_person"].tolist() == [True, True, False, False]
    bands = calibration.by_band(pairs)
    assert bands.loc["0.5-0.8", "pairs"] == 3
    assert bands.loc["0.5-0.8", "one_person"] == pytest.approx(2 / 3)
    assert bands.loc["0.5-0.8", "probability"] == pytest.approx(1.9 / 3)
    assert bands.loc["0-0.01", "one_person"] == 0
    patterns = calibration.by_pattern(pairs, min_pairs=1)
    # the certain pair is left out; the three uncertain ones: 2 one person against 1.9 expected
    assert len(patterns) == 1
    assert patterns["pairs"].iloc[0] == 3
    assert patterns["excess"].iloc[0] == pytest.approx(0.1)
    assert calibration.by_pattern(pairs, min_pairs=4).empty


def test_a_pair_outside_the_truth_is_a_clear_stop() -> None:
    with pytest.raises(SystemExit, match="no truth row"):
        calibration.labelled(_pairs([(1, 9, 0.5, "missing")]), TRUTH)
