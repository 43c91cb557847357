"""The output tables the pipeline assembles: records (``_records``) and pairs with their 'why' (``_pairs``)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe import pipeline
from dedupe.io import Source
from dedupe.pipeline import _pairs, _records, _why
from dedupe.standardize import RECORD_COLUMNS

LABELS = {"name": {0: "different", 1: "pinyin", 3: "exact"}, "phone": {0: "different", 2: "mobile shared"},
          "email": {0: "different", 1: "exact"}}


def _why_by_pair(pairs: pd.DataFrame, fields: tuple[str, ...], review_probability: float,
                 match_probability: float) -> list[str]:
    """The earlier implementation, pair by pair: the oracle for the vectorized ``_why``."""
    weights = pairs[[f"w_{f}" for f in fields]].to_numpy()
    level_names = pairs[[f"{f}_level" for f in fields]].to_numpy()
    overruled = ((pairs["decision"] == "non-match") & (pairs["probability"] >= review_probability)).to_numpy()
    capped_all = ((pairs["decision"] == "review") & (pairs["probability"] >= match_probability)).to_numpy()
    out = []
    for w, lv, over, capped in zip(weights, level_names, overruled, capped_all, strict=True):
        order = np.argsort(-np.abs(w), kind="stable")
        parts = [f"{fields[k]} {lv[k]} {w[k]:+.1f}" for k in order[:3] if abs(w[k]) >= 0.5]
        text = "; ".join(parts) if parts else "no field agrees or disagrees strongly"
        if over:
            text = "only employer fields agree (no name, mobile, email or ID): " + text
        elif capped:
            text = "a common name and at most a city agree, left for review: " + text
        out.append(text)
    return out


def _hand_made() -> tuple:
    std = pd.DataFrame({"source": ["crm", "crm", "expo", "expo"], "row": [1, 2, 1, 2],
                        "contact_id": ["C000001", "C000001", "C000002", "C000003"]})
    left, right = np.array([0, 0, 1, 2, 0, 1, 1]), np.array([1, 2, 3, 3, 3, 2, 3])
    levels = pd.DataFrame({"name": [3, 0, -1, 1, 3, 0, 3], "phone": [2, -1, 0, 2, 7, 0, 0],
                           "email": [-1, -1, 1, 0, 1, 0, 1]})
    scored = pd.DataFrame({
        "w_prior": [-12.0] * 7,
        "w_name": [15.84, -13.4, 0.0, 4.25, 15.84, 0.3, 5.0],
        "w_phone": [17.1, 0.0, -0.3, 17.1, 0.49, -0.2, -5.0],
        "w_email": [0.0, 0.0, 19.6, -5.0, 19.6, 0.1, 5.0],
        "match_weight": [20.94, -25.4, 7.3, 4.35, 23.93, -11.8, -7.0],
        "probability": [1.0, 2.9e-8, 0.994, 0.95, 0.9999, 0.0002, 0.001],
        "decision": ["match", "non-match", "non-match", "review", "review", "non-match", "non-match"],
    })
    return std, left, right, levels, scored


@pytest.mark.parametrize("block", [2, 1 << 18])
def test_pairs_on_a_hand_made_case(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    monkeypatch.setattr(pipeline, "_WHY_BLOCK", block)  # pairs are ordered block by block
    std, left, right, levels, scored = _hand_made()
    pairs = _pairs(std, left, right, levels, scored, LABELS, 0.9, 0.99)
    assert pairs[["left_source", "left_row", "right_source", "right_row"]].values.tolist()[0] == ["crm", 1, "crm", 2]
    assert pairs["right_contact_id"].tolist()[:3] == ["C000001", "C000002", "C000003"]
    # -1 is 'missing'; a level without a label is NaN, as Series.map gives
    assert pairs[["name_level", "phone_level", "email_level"]].values.tolist()[:5] == [
        ["exact", "mobile shared", "missing"], ["different", "missing", "missing"],
        ["missing", "different", "exact"], ["pinyin", "mobile shared", "different"], ["exact", np.nan, "exact"]]
    # the texts the earlier implementation gave
    assert pairs["why"].tolist() == [
        "phone mobile shared +17.1; name exact +15.8",
        "name different -13.4",
        "only employer fields agree (no name, mobile, email or ID): email exact +19.6",
        "phone mobile shared +17.1; email different -5.0; name pinyin +4.2",
        "a common name and at most a city agree, left for review: email exact +19.6; name exact +15.8",
        "no field agrees or disagrees strongly",
        "name exact +5.0; phone different -5.0; email exact +5.0",  # a tie keeps the fields' order
    ]
    assert pairs["why"].tolist() == _why_by_pair(pairs, tuple(LABELS), 0.9, 0.99)
    assert pairs["why"].dtype == object and list(pairs.columns[-4:]) == ["match_weight", "probability",
                                                                           "decision", "why"]


WEIGHTS = st.sampled_from([0.0, -0.0, 0.49, 0.5, -0.5, 0.55, -0.45, 1.25, -13.4, 17.1, 17.15, np.nan, 5.0, -5.0])


@settings(max_examples=200, deadline=None)
@given(data=st.data(), rows=st.integers(0, 30), fields=st.integers(0, 5))
def test_why_equals_the_pair_by_pair_text(data: st.DataObject, rows: int, fields: int) -> None:
    names = tuple(f"f{k}" for k in range(fields))
    columns: dict = {}
    for f in names:
        columns[f"{f}_level"] = np.array(data.draw(st.lists(st.sampled_from(["exact", "different", "missing", np.nan]),
                                                            min_size=rows, max_size=rows)) + [None], dtype=object)[:-1]
        columns[f"w_{f}"] = np.array(data.draw(st.lists(WEIGHTS, min_size=rows, max_size=rows)), dtype=np.float64)
    columns["probability"] = data.draw(st.lists(st.sampled_from([0.0, 0.5, 0.9, 0.95, 0.99, 1.0]),
                                                min_size=rows, max_size=rows))
    columns["decision"] = data.draw(st.lists(st.sampled_from(["match", "review", "non-match"]),
                                             min_size=rows, max_size=rows))
    pairs = pd.DataFrame(columns, index=pd.RangeIndex(rows))
    assert list(_why(pairs, names, 0.9, 0.99)) == _why_by_pair(pairs, names, 0.9, 0.99)


def _std(rows: int) -> pd.DataFrame:
    std = pd.DataFrame({c: [f"{c}{i}" for i in range(rows)] for c in RECORD_COLUMNS})
    std["row"] = np.arange(1, rows + 1, dtype=np.int64)
    return std


def test_records_keep_every_original_column_under_its_header() -> None:
    crm = Source("crm", "crm.csv", pd.DataFrame({"姓名": ["张伟", "李娜"], "source": ["a", "b"], "src_source": ["x", "y"]}))
    expo = Source("expo", "expo.csv", pd.DataFrame({"姓名": ["王芳"], "备注": ["VIP"]}))
    records = _records(_std(3), [crm, expo])
    assert list(records.columns) == [*RECORD_COLUMNS, "姓名", "src_src_source", "src_source", "备注"]
    assert records["姓名"].tolist() == ["张伟", "李娜", "王芳"]
    assert records["src_src_source"].tolist() == ["a", "b", ""]  # 'source' clashes with ours, then with theirs
    assert records["src_source"].tolist() == ["x", "y", ""]
    assert records["备注"].tolist() == ["", "", "VIP"]
    assert records["row"].dtype == np.int64 and records["备注"].dtype == object
    assert isinstance(records.index, pd.RangeIndex)


def test_records_of_a_typed_column_get_the_dtype_pandas_infers() -> None:
    """A non-text original column (a frame handed in by a library user) is typed as it always was."""
    one = Source("one", "<one>", pd.DataFrame({"n": pd.Series([1, 2], dtype=object), "t": ["a", "b"]}))
    records = _records(_std(2), [one])
    assert records["n"].dtype == np.int64 and records["t"].dtype == object


def test_pairs_without_any_pair() -> None:
    std, _, _, levels, scored = _hand_made()
    none = np.zeros(0, dtype=np.int64)
    pairs = _pairs(std, none, none, levels.iloc[:0], scored.iloc[:0], LABELS, 0.9, 0.99)
    assert len(pairs) == 0 and list(pairs.columns) == [
        "left_source", "left_row", "right_source", "right_row", "left_contact_id", "right_contact_id",
        "name_level", "phone_level", "email_level", "w_prior", "w_name", "w_phone", "w_email", "match_weight",
        "probability", "decision", "why"]
