"""Blocking: the candidate pairs worth comparing.

Each pass keys every record (by phone number, email, name and city …); two
records sharing a key in any pass become a candidate pair.  The passes are
unioned and de-duplicated.  A key shared by more than ``max_block_size``
records (a company switchboard, a placeholder email) is not paired out: it
would add thousands of pairs that say little.  A warning names it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .codes import factorize
from .compare import CodedRecords
from .rules import BLOCKING_PASSES, Blocking

__all__ = ["block", "BlockResult", "pass_keys"]


@dataclass
class BlockResult:
    """Candidate pairs (``left`` < ``right``, record positions) and what each pass gave."""

    pairs: pd.DataFrame
    pass_pairs: dict[str, int] = field(default_factory=dict)
    oversized: list[tuple[str, str, int]] = field(default_factory=list)


def _explode(values: pd.Series) -> pd.Series:
    s = values.explode()
    return s[s.notna() & (s != "")]


def pass_keys(std: pd.DataFrame, name: str) -> pd.Series:
    """The blocking key of each record for one pass (index = record position; may repeat)."""
    full_name = std["name"].where(~std["honorific_only"], "")
    company = std["company_key"]

    def both(a: pd.Series, b: pd.Series) -> pd.Series:
        ok = (a != "") & (b != "")
        return (a[ok] + "|" + b[ok])

    if name == "phone":
        return _explode(std["phone_list"].map(lambda ps: [p[0] for p in ps]))
    if name == "email":
        return _explode(std["emails"].map(list))
    # Name passes key on the reading, so 'Zou Hong' meets 邹宏 (either order for romanized names)
    read = ~std["honorific_only"]
    if "reading_from_handle" in std:  # a surname whose WeChat id spells the name
        read = read | std["reading_from_handle"]
    reading = std["pinyin"].where(read, "")
    reading_alt = std["pinyin_alt"].where(read & (std["pinyin_alt"] != std["pinyin"]), "")

    def by_reading(other: pd.Series) -> pd.Series:
        return pd.concat([both(reading, other), both(reading_alt, other)])

    if name == "name_city":
        return by_reading(std["city"])
    if name == "name_company":
        return both(full_name, company)
    if name == "pinyin_company":
        # brand reading, so 'Shanghai Yuling Network Technology' meets 上海宇灵网络科技
        return by_reading(std["company_pinyin"])
    if name == "surname_company":
        return both(std["surname_pinyin"], company)
    if name == "name_address":
        return by_reading(std["address_key"])
    if name not in BLOCKING_PASSES:  # declared fields joined by '+': all of them equal
        columns = ["field_" + f for f in name.split("+")]
        key = std[columns[0]]
        ok = key != ""
        for c in columns[1:]:
            key = key + "|" + std[c]
            ok &= std[c] != ""
        return key[ok]
    if name == "id":
        keys = pd.concat([
            ("id:" + std["id_card"])[std["id_card"] != ""],
            ("wx:" + std["wechat"])[std["wechat"] != ""],
            ("qq:" + std["qq"])[std["qq"] != ""],
        ])
        return keys
    raise ValueError(f"unknown blocking pass {name!r}")


@dataclass
class _Keys:
    """One pass's keys: record ``rec[i]`` is in block ``key[i]`` (dense codes), and
    ``text(i)`` spells entry i's key as :func:`pass_keys` does (for the warning)."""

    rec: np.ndarray
    key: np.ndarray
    text: Callable[[int], str]


def _codes(values: np.ndarray) -> tuple[np.ndarray, list]:
    """Dense codes of string values, ``''`` as -1."""
    codes, uniques = factorize(values)
    empty = next((i for i, v in enumerate(uniques) if v == ""), None)
    if empty is not None:
        codes = np.where(codes == empty, -1, codes)
    return codes, uniques


def _dense(key: np.ndarray) -> np.ndarray:
    return pd.factorize(key)[0].astype(np.int64) if len(key) else key.astype(np.int64)


def _pass_codes(std: pd.DataFrame, name: str, coded: CodedRecords | None = None) -> _Keys:
    """The keys of one pass as integer codes (the same blocks as :func:`pass_keys`, faster).
    ``coded`` keeps each column's codes for the next pass and the comparisons."""
    n = len(std)
    honorific = std["honorific_only"].to_numpy().astype(bool)
    coded = CodedRecords.of(std, coded)

    def column(c: str, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        values = std[c].to_numpy()
        codes = coded.column(c)
        if mask is not None:
            codes = np.where(mask, codes, -1)
        return codes, values

    def both(parts: list[tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]]) -> _Keys:
        """Records with both values of a (first, second) column pair; several pairs' keys in one space."""
        recs, keys, spans = [], [], []
        for (a, a_text), (b, b_text) in parts:
            ok = np.flatnonzero((a != -1) & (b != -1))
            recs.append(ok)
            keys.append(a[ok] * (int(b.max(initial=0)) + 1) + b[ok])
            spans.append((a_text, b_text))
        rec = np.concatenate(recs)
        ends = np.cumsum([len(r) for r in recs])

        def text(i: int) -> str:
            a_text, b_text = spans[int(np.searchsorted(ends, i, side="right"))]
            return f"{a_text[rec[i]]}|{b_text[rec[i]]}"
        return _Keys(rec, _dense(np.concatenate(keys)), text)

    def exploded(lists: np.ndarray) -> _Keys:
        count = np.fromiter((len(x) for x in lists), dtype=np.int64, count=n)
        values = np.array([v for x in lists for v in x], dtype=object)
        rec = np.repeat(np.arange(n, dtype=np.int64), count)
        codes, _ = _codes(values) if len(values) else (np.zeros(0, np.int64), [])
        ok = codes != -1
        rec, codes, values = rec[ok], codes[ok], values[ok]
        return _Keys(rec, codes, lambda i: str(values[i]))

    if name == "phone":  # the numbers as the comparisons lay them out (made once for both)
        count, _, numbers, number, *_ = coded.phones()
        rec = np.repeat(np.arange(n, dtype=np.int64), count)
        ok = number != -1
        rec, number, numbers = rec[ok], number[ok], numbers[ok]
        return _Keys(rec, number, lambda i: str(numbers[i]))
    if name == "email":
        return exploded(std["emails"].to_numpy())
    if name == "id":
        recs, keys, texts = [], [], []
        offset = 0
        for prefix, c in (("id:", "id_card"), ("wx:", "wechat"), ("qq:", "qq")):
            codes, values = column(c)
            ok = np.flatnonzero(codes != -1)
            recs.append(ok)
            keys.append(codes[ok] + offset)
            texts.append((prefix, values))
            offset += int(codes.max(initial=-1)) + 1
        rec = np.concatenate(recs)
        ends = np.cumsum([len(r) for r in recs])

        def id_text(i: int) -> str:
            prefix, values = texts[int(np.searchsorted(ends, i, side="right"))]
            return prefix + str(values[rec[i]])
        return _Keys(rec, _dense(np.concatenate(keys)), id_text)
    if name not in BLOCKING_PASSES:  # declared fields joined by '+': all of them equal
        columns = [column("field_" + f) for f in name.split("+")]
        return both([(columns[0], columns[1])]) if len(columns) == 2 else _all_of(columns)
    # Name passes key on the reading, so 'Zou Hong' meets 邹宏 (either order for romanized names)
    pinyin, alt = std["pinyin"].to_numpy(), std["pinyin_alt"].to_numpy()
    reading_codes, alt_codes = coded.readings()
    # a record with only a surname has no reading to meet, unless its WeChat id spells its name
    read = ~honorific
    if "reading_from_handle" in std:
        read = read | std["reading_from_handle"].to_numpy(dtype=bool)
    reading = (np.where(read, reading_codes, -1), pinyin)
    reading_alt = (np.where(read & (alt != pinyin), alt_codes, -1), alt)
    if name == "name_city":  # the city, or for a record with none its landline's area code
        other = column("place")
        return both([(reading, other), (reading_alt, other)])
    if name == "name_company":
        return both([(column("name", ~honorific), column("company_key"))])
    if name == "pinyin_company":
        # brand reading, so 'Shanghai Yuling Network Technology' meets 上海宇灵网络科技
        other = column("company_pinyin")
        return both([(reading, other), (reading_alt, other)])
    if name == "surname_company":
        return both([(column("surname_pinyin"), column("company_key"))])
    if name == "name_address":
        other = column("address_key")
        return both([(reading, other), (reading_alt, other)])
    raise ValueError(f"unknown blocking pass {name!r}")


def _all_of(columns: list[tuple[np.ndarray, np.ndarray]]) -> _Keys:
    """Records holding every one of the columns: one block per combination of their values."""
    ok = np.ones(len(columns[0][0]), dtype=bool)
    key = np.zeros(len(columns[0][0]), dtype=np.int64)
    for codes, _ in columns:
        ok &= codes != -1
        key = _dense(key * (int(codes.max(initial=0)) + 1) + np.maximum(codes, 0))
    rec = np.flatnonzero(ok)
    return _Keys(rec, _dense(key[rec]), lambda i: "|".join(str(values[rec[i]]) for _, values in columns))


def _within(rec: np.ndarray, key: np.ndarray, eligible: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (left < right) of records sharing a block, over the rows in ``eligible``."""
    rec, key = rec[eligible], key[eligible]
    order = np.lexsort((rec, key))
    rec, key = rec[order], key[order]
    if not len(rec):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    # position of the block's end for each row: each row pairs with the rows after it in its block
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(key)]
    end = np.repeat(ends, ends - starts)
    later = end - np.arange(len(rec)) - 1
    total = int(later.sum())
    left_pos = np.repeat(np.arange(len(rec)), later)
    offset = np.cumsum(later) - later
    right_pos = np.arange(total) - np.repeat(offset, later) + left_pos + 1
    return rec[left_pos], rec[right_pos]


def _pairs_of(keys: _Keys, max_block: int) -> tuple[np.ndarray, np.ndarray, list[tuple[str, int]]]:
    n_rec = int(keys.rec.max(initial=0)) + 1
    # a record in a block once (a reading and its alternative may give one key twice)
    _, first = np.unique(keys.key * n_rec + keys.rec, return_index=True)
    first.sort()
    rec, key = keys.rec[first], keys.key[first]
    sizes = np.bincount(key, minlength=int(key.max(initial=-1)) + 1) if len(key) else np.zeros(0, np.int64)
    size = sizes[key]
    big = np.flatnonzero(sizes > max_block)
    if len(big):
        _, at = np.unique(key, return_index=True)  # a row of each block, to spell its key
        oversized = [(keys.text(int(first[at[k]])), int(sizes[k])) for k in big]
    else:
        oversized = []
    left, right = _within(rec, key, (size >= 2) & (size <= max_block))
    return left, right, oversized


def _sparse_name_pairs(std: pd.DataFrame, max_block: int,
                       coded: CodedRecords | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Same full name (or the same reading, where one is a name written in pinyin or has no
    name but the one its WeChat id spells), where at least one of the two has no phone,
    email or ID card.

    A name shared by more than ``max_block`` records is common: not paired, and
    not warned about either, since common names are expected.
    """
    honorific = std["honorific_only"].to_numpy().astype(bool)
    codes = np.where(honorific, -1, CodedRecords.of(std, coded).column("name"))
    rec = np.flatnonzero(codes != -1)
    key = codes[rec]
    size = np.bincount(key)[key] if len(key) else key
    left, right = _within(rec, key, (size >= 2) & (size <= max_block))
    sparse = std["sparse"].to_numpy().astype(bool)
    keep = sparse[left] | sparse[right]
    left, right = left[keep], right[keep]
    # a name written in pinyin (Qin Lingyan) or only spelled by a WeChat id (xuchenguo3202)
    # has no Chinese name to share: its reading meets the full names of that reading
    spelled = np.zeros(len(std), dtype=bool)
    if "romanized" in std:
        spelled |= std["romanized"].to_numpy(dtype=bool) & ~honorific
    if "reading_from_handle" in std:
        spelled |= std["reading_from_handle"].to_numpy(dtype=bool)
    if spelled.any():
        reading = CodedRecords.of(std, coded).readings()[0]
        has = (reading != -1) & (spelled | (codes != -1))
        rec = np.flatnonzero(has)
        key = reading[rec]
        size = np.bincount(key)[key]
        with_spelled = np.bincount(key, weights=spelled[rec])[key] > 0
        a, b = _within(rec, key, (size >= 2) & (size <= max_block) & with_spelled)
        keep = (spelled[a] | spelled[b]) & (sparse[a] | sparse[b])
        n = len(std)
        pair = np.unique(np.concatenate([left * n + right, a[keep] * n + b[keep]]))
        left, right = pair // n, pair % n
    return left, right


def block(std: pd.DataFrame, rules: Blocking, coded: CodedRecords | None = None) -> BlockResult:
    """Union of the candidate pairs of every pass in ``rules.passes``."""
    n = len(std)
    keys = []
    coded = CodedRecords.of(std, coded)  # each column's codes, shared with the comparisons
    result = BlockResult(pairs=pd.DataFrame())
    source = pd.factorize(std["source"])[0] if not rules.within_sources else None
    for name in rules.passes:
        if name == "sparse_name":
            left, right = _sparse_name_pairs(std, rules.max_block_size, coded)
        else:
            left, right, oversized = _pairs_of(_pass_codes(std, name, coded), rules.max_block_size)
            result.oversized.extend((name, key, size) for key, size in sorted(oversized, key=lambda ks: (-ks[1], ks[0])))
        if source is not None:  # linking deduplicated sources: pairs across sources only
            across = source[left] != source[right]
            left, right = left[across], right[across]
        result.pass_pairs[name] = int(len(left))
        keys.append(left * n + right)
    # the union, each pair once, in (left, right) order
    pair = np.sort(np.concatenate(keys)) if keys else np.empty(0, np.int64)
    pair = pair[np.r_[True, pair[1:] != pair[:-1]]] if len(pair) else pair
    result.pairs = pd.DataFrame({"left": pair // max(n, 1), "right": pair % max(n, 1)})
    return result
