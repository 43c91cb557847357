"""benchmarks/recall_ceiling.py counts the pairs each tier of evidence can reach."""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "recall_ceiling.py"
_spec = importlib.util.spec_from_file_location("recall_ceiling", _PATH)
recall_ceiling = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(recall_ceiling)

# person A: rows 1-2 share a mobile (the run kept them apart), row 3 only the name (no city), row 4
# the name in another city; person B bears A's name with no city, and row 6 is B's by its email
ROWS = [
    # row, run contact, name, pinyin, city, mobile, email
    (1, "C1", "张伟", "zhangwei", "北京市", "+8613800138000", ""),
    (2, "C5", "张伟", "zhangwei", "北京市", "+8613800138000", ""),
    (3, "C2", "张伟", "zhangwei", "", "", ""),
    (4, "C3", "张伟", "zhangwei", "上海市", "", ""),
    (5, "C4", "张伟", "zhangwei", "", "", "zw@huarui.cn"),
    (6, "C4", "", "", "", "", "zw@huarui.cn"),
]


@pytest.fixture()
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    records = pd.DataFrame([{c: "" for c in recall_ceiling._COLUMNS} | {
        "source": "crm", "row": str(row), "contact_id": cid, "name": name, "surname": name[:1], "pinyin": py,
        "city": city, "mobile": mobile, "email": email} for row, cid, name, py, city, mobile, email in ROWS])
    truth = pd.DataFrame({"source": "crm", "row": [str(r[0]) for r in ROWS],
                          "contact": ["A", "A", "A", "A", "B", "B"], "entity": "E"})
    return records, truth


def test_tiers_widen_as_the_docstring_says(frames) -> None:
    out = recall_ceiling.ceilings(*frames)
    # true pairs: A has 4 records (6 pairs), B 2 (1 pair): 7
    assert out["hard evidence"] == pytest.approx(2 / 7)  # rows 1-2, rows 5-6
    assert out["+ name in the same city"] == pytest.approx(2 / 7)
    assert out["+ name, one city missing"] == pytest.approx(7 / 7)  # row 3 meets 1, 2 and 4
    assert out["+ name alone"] == pytest.approx(1.0)
    assert out["found by the run"] == pytest.approx(1 / 7)  # rows 5-6


def test_prices_count_the_pairs_the_run_keeps_apart(frames) -> None:
    prices = recall_ceiling.prices(*frames)
    # a cityless name (rows 3, 5) meets every other 张伟 kept apart: 3-1, 3-2, 3-4, 3-5, 5-1, 5-2, 5-4;
    # one person: 3-1, 3-2, 3-4
    assert prices["name, one city missing"] == (7, 3)
    # cities that differ: 4-1, 4-2, both A
    assert prices["name, cities differ"] == (2, 2)
    # one city: rows 1 and 2, one person
    assert prices["name in the same city"] == (1, 1)


def test_entity_ceilings_join_on_contacts_and_company_evidence(frames) -> None:
    records, truth = frames
    records = records.assign(entity_id=records["contact_id"])
    out = recall_ceiling.entity_ceilings(records, truth)
    # one true entity of 6 records (15 pairs); the run's contacts give {5, 6} (also one corporate
    # mail domain; a shared mobile is no company evidence), the true ones {1, 2, 3, 4} and {5, 6}
    assert out["run's contacts + company"] == pytest.approx(1 / 15)
    assert out["true contacts + company"] == pytest.approx(7 / 15)
    assert out["found by the run"] == pytest.approx(1 / 15)
