"""Brand (字号) accuracy on real company names labelled by hand.

tests/data/company_brands.csv says where the names come from; the labels were
written by a person, not produced by the parser.  Issue 3 asks for 0.98 on a
held-out set of the same kind; this file is the stand-in we can check.
"""

from __future__ import annotations

import csv
from pathlib import Path

from dedupe.normalize.company import parse_company

DATA = Path(__file__).parent / "data" / "company_brands.csv"


def _rows() -> list[dict[str, str]]:
    lines = [line for line in DATA.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines))


def test_labelled_file_is_large_and_real() -> None:
    rows = _rows()
    assert len(rows) >= 300
    assert len({r["name"] for r in rows}) == len(rows)  # no name twice
    assert {r["source"] for r in rows} >= {"listed", "listed-2", "cnp-tests", "cnp-results", "cnp-readme", "gou2tool"}
    # a brand is a part of its name (or empty, for a name without a trade name)
    assert [r["name"] for r in rows if r["brand"] not in r["name"]] == []


def test_brand_accuracy_at_least_098() -> None:
    rows = _rows()
    wrong = [(r["name"], r["brand"], parse_company(r["name"]).brand) for r in rows
             if parse_company(r["name"]).brand != r["brand"]]
    accuracy = 1 - len(wrong) / len(rows)
    assert accuracy >= 0.98, f"brand accuracy {accuracy:.4f}; wrong: {wrong[:20]}"


def test_parsing_the_full_name_again_changes_nothing() -> None:
    for row in _rows():
        c = parse_company(row["name"])
        again = parse_company(c.full)
        assert (again.key, again.brand, again.region) == (c.key, c.brand, c.region), row["name"]
        if c.parent:  # a branch's parent parses to the key before '#'
            assert parse_company(c.parent).key == c.key.split("#")[0], row["name"]
