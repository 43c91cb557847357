"""Survivorship's whole-column helpers against the per-group rule they stand for (survive.pick)."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from dedupe.codes import factorize, pandas_safe
from dedupe.survive import (
    _company_parts,
    _fill,
    _Groups,
    _join_distinct,
    _join_sources,
    _latest,
    _only,
    _pick_all,
    _sorted_by,
    _TieBreaks,
    pick,
)

STRATEGIES = ("most_frequent", "most_recent", "most_complete", "source_priority")


def _table(labels, values, stamps, sources):
    return (np.array(labels, dtype=np.int64), np.array(values, dtype=object), np.array(stamps, dtype=object),
            np.array(sources, dtype=object))


def _by_group(labels, values, stamps, sources, strategy, priority=()):
    """pick() group by group, groups in label order: the chosen record position of each."""
    out = []
    for label in sorted(set(labels.tolist())):
        rows = np.flatnonzero(labels == label).tolist()
        _, position = pick([values[i] for i in rows], rows, [stamps[i] for i in rows],
                           [sources[i] for i in rows], strategy, priority)
        out.append(position)
    return out


def _whole(labels, values, stamps, sources, strategy, priority=()):
    groups = _Groups.by(labels)
    ties = _TieBreaks.of(stamps, sources, priority)
    return _pick_all(values, groups, ties, strategy).tolist()


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("strategy", STRATEGIES)
def test_pick_all_chooses_what_pick_chooses(seed, strategy):
    # few distinct values, stamps and sources: ties on every criterion are common
    rng = random.Random(seed)
    n = rng.randint(1, 120)
    labels = [rng.randint(0, n // 3 + 1) * 7 for _ in range(n)]  # not 0..k-1: labels are any integers
    values = [rng.choice(["", "", "张伟", "張偉", "张伟伟", "李", "ab"]) for _ in range(n)]
    stamps = [rng.choice(["", "2024-01-01 00:00:00", "2024-03-05 09:07:00", "2023-12-31 23:59:59"])
              for _ in range(n)]
    sources = [rng.choice(["crm", "expo", "wechat"]) for _ in range(n)]
    priority = rng.choice([(), ("wechat",), ("expo", "crm")])
    table = _table(labels, values, stamps, sources)
    assert _whole(*table, strategy, priority) == _by_group(*table, strategy, priority)


def test_equal_priority_and_dates_fall_to_input_order():
    # same value length, count, stamp and source: the first record in input order wins
    table = _table([5, 5, 5], ["甲乙", "丙丁", "戊己"], ["2024-01-01"] * 3, ["crm"] * 3)
    for strategy in STRATEGIES:
        assert _whole(*table, strategy) == [0]
    # the same records listed in another order: still the first in input order
    table = _table([9, 3, 9], ["甲乙", "x", "丙丁"], ["", "", ""], ["b", "a", "b"])
    assert _whole(*table, "most_complete") == [1, 0]


def test_each_strategy_states_its_own_first_criterion():
    labels = [1, 1, 1, 1]
    values = ["张伟", "张伟", "欧阳娜娜", "李四"]
    stamps = ["2020-01-01", "2020-01-01", "2021-01-01", "2022-01-01"]
    sources = ["crm", "crm", "expo", "wechat"]
    table = _table(labels, values, stamps, sources)
    assert _whole(*table, "most_frequent") == [0]
    assert _whole(*table, "most_recent") == [3]
    assert _whole(*table, "most_complete") == [2]
    assert _whole(*table, "source_priority", ("expo",)) == [2]
    assert _whole(*table, "source_priority") == [0]  # unlisted sources by name: crm first


def test_blank_values_and_one_record_groups():
    table = _table([0, 1, 1, 2, 3], ["", "", "", "王五", ""], ["", "", "", "", "2024-01-01"], ["a"] * 5)
    for strategy in STRATEGIES:
        assert _whole(*table, strategy) == [-1, -1, 3, -1]


def test_pick_all_with_no_records():
    table = _table([], [], [], [])
    assert _whole(*table, "most_frequent") == []


def test_a_stamp_with_a_nul_ranks_as_pick_ranks_it():
    # '…00\0' is later than '…00' as a string, but pick's _neg ranks a prefix first
    table = _table([1, 1], ["甲", "乙"], ["2024-01-01 00:00:00\0", "2024-01-01 00:00:00"], ["a", "a"])
    assert _whole(*table, "most_recent") == _by_group(*table, "most_recent") == [1]


def test_only_blanks_the_records_left_out():
    values = np.array(["a", "", "bb", "a"], dtype=object)
    assert _only(values, np.array([True, True, False, True])).tolist() == ["a", "", "", "a"]
    assert values.tolist() == ["a", "", "bb", "a"]  # a new array


def test_pick_all_restricted_to_some_records():
    # a full name beats an honorific-only one: the honorific's group falls back to nothing
    table = _table([1, 1, 2], ["张先生", "张伟", "李女士"], ["", "", ""], ["a", "a", "a"])
    keep = np.array([False, True, False])
    groups, ties = _Groups.by(table[0]), _TieBreaks.of(table[2], table[3], ())
    assert _pick_all(_only(table[1], keep), groups, ties, "most_frequent").tolist() == [1, -1]


def test_latest_stamp_and_its_first_holder():
    labels = np.array([2, 1, 2, 1, 2, 3], dtype=np.int64)
    stamps = np.array(["2024-01-01", "", "2024-05-01", "", "2024-05-01", "2023-01-01"], dtype=object)
    groups = _Groups.by(labels)
    latest, holder = _latest(_TieBreaks.of(stamps, np.array(["s"] * 6, dtype=object), ()), groups)
    assert latest.tolist() == ["", "2024-05-01", "2023-01-01"]  # groups in label order: 1, 2, 3
    assert holder.tolist() == [-1, 2, 5]


def test_join_distinct_keeps_first_seen_items_and_their_records():
    labels = np.array([7, 3, 7, 7, 3, 8], dtype=np.int64)
    values = np.array(["a;b", "x", "", "b;c", "x", ""], dtype=object)
    refs = np.array([f"s:{i + 1}" for i in range(6)], dtype=object)
    joined, where = _join_distinct(values, _Groups.by(labels), refs)
    assert joined.tolist() == ["x", "a;b;c", ""]
    assert where.tolist() == ["s:2", "s:1;s:1;s:4", ""]


def test_join_distinct_with_every_value_blank():
    joined, where = _join_distinct(np.array(["", ""], dtype=object), _Groups.by(np.array([0, 1])),
                                   np.array(["s:1", "s:2"], dtype=object))
    assert joined.tolist() == where.tolist() == ["", ""]


@pytest.mark.parametrize("count", [3, 70])  # a bit mask per group, and past 62 sources the pairs
def test_join_sources_sorted_and_distinct(count):
    names = [f"src{i:02d}" for i in range(count)]
    rng = random.Random(count)
    labels = np.array([rng.randint(0, 9) for _ in range(300)], dtype=np.int64)
    sources = np.array([rng.choice(names) for _ in range(300)], dtype=object)
    groups = _Groups.by(labels)
    got = _join_sources(_TieBreaks.of(np.array([""] * 300, dtype=object), sources, ()), groups).tolist()
    want = [";".join(sorted(set(sources[labels == g].tolist()))) for g in sorted(set(labels.tolist()))]
    assert got == want


def test_company_parts_read_from_the_record_equal_a_new_parse():
    from dedupe.standardize import _COMPANY_COLUMNS, _company_fields
    names = ["字节跳动（北京）科技有限公司", "字节跳动科技有限公司上海分公司", "昆山市玉山镇萱萱家童装店",
             "Shenzhen Huarui Technology Co., Ltd."]
    std = pd.DataFrame([_company_fields(n) for n in names], columns=list(_COMPANY_COLUMNS))
    name = std["company"].to_numpy(dtype=object)
    picked = np.array([0, 1, 2, 3, -1])
    is_company = np.array([True, True, True, True, False])
    name = np.append(name, "张伟").astype(object)
    stored = _company_parts(std, name, picked, is_company, 5)
    parsed = _company_parts(std[["company"]], name, picked, is_company, 5)  # no stored parts: parses
    assert {k: v.tolist() for k, v in stored.items()} == {k: v.tolist() for k, v in parsed.items()}
    assert stored["legal_form"].tolist() == ["有限公司", "有限公司", "店", "有限公司", ""]
    assert stored["branch"].tolist()[1] == "上海分公司"


def test_sorted_by_sorts_only_when_needed():
    table = pd.DataFrame({"contact_id": ["C2", "C1", "C3"], "n": [2, 1, 3]})
    assert _sorted_by(table, "contact_id")["n"].tolist() == [1, 2, 3]
    ordered = pd.DataFrame({"contact_id": ["C1", "C2"], "n": [1, 2]})
    assert _sorted_by(ordered, "contact_id") is ordered


def test_pandas_safe_refuses_nul_and_lone_surrogates():
    assert pandas_safe(["张伟", "a b", ""])
    assert not pandas_safe(["a", "b\0"])
    assert not pandas_safe(["a\ud800"])
    assert pandas_safe(["😀", 3, None])  # an astral character is no surrogate; non-strings are skipped


def test_factorize_numbers_directly():
    codes, values = factorize(np.array([5, 3, 5, 9], dtype=np.int64))
    assert codes.tolist() == [0, 1, 0, 2] and values == [5, 3, 9]
    codes, values = factorize(np.array([1.0, np.nan, 1.0]))
    assert codes.tolist() == [0, 1, 0] and values[0] == 1.0 and np.isnan(values[1])


def test_fill_picks_only_for_groups_without_a_pick():
    labels = np.array([1, 1, 2, 2, 3], dtype=np.int64)
    city = np.array(["深圳", "北京", "上海", "上海", ""], dtype=object)
    groups = _Groups.by(labels)
    ties = _TieBreaks.of(np.array([""] * 5, dtype=object), np.array(["a"] * 5, dtype=object), ())
    chosen = np.array([0, -1, -1])  # group 1 has its pick; groups 2 and 3 have none
    assert _fill(chosen, city, groups, ties, "most_frequent").tolist() == [0, 2, -1]
    assert _fill(np.array([1, 3, 4]), city, groups, ties, "most_frequent").tolist() == [1, 3, 4]
