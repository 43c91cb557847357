"""Blocking: the candidate pairs worth comparing.

Each pass keys every record (by phone number, email, name and city …); two
records sharing a key in any pass become a candidate pair.  The passes are
unioned and de-duplicated.  A key shared by more than ``max_block_size``
records (a company switchboard, a placeholder email) is not paired out: it
would add thousands of pairs that say little.  A warning names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

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
    reading = std["pinyin"].where(~std["honorific_only"], "")
    reading_alt = std["pinyin_alt"].where(~std["honorific_only"] & (std["pinyin_alt"] != std["pinyin"]), "")

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


def _pairs_of(keys: pd.Series, max_block: int) -> tuple[np.ndarray, np.ndarray, list[tuple[str, int]]]:
    frame = pd.DataFrame({"key": keys.to_numpy(), "rec": keys.index.to_numpy(dtype=np.int64)}).drop_duplicates()
    sizes = frame.groupby("key", sort=False)["rec"].transform("size")
    oversized = frame.loc[sizes > max_block, "key"].value_counts()
    frame = frame[(sizes >= 2) & (sizes <= max_block)]
    if frame.empty:
        return np.empty(0, np.int64), np.empty(0, np.int64), [(k, int(n)) for k, n in oversized.items()]
    joined = frame.merge(frame, on="key", suffixes=("_l", "_r"))
    joined = joined[joined["rec_l"] < joined["rec_r"]]
    return (joined["rec_l"].to_numpy(np.int64), joined["rec_r"].to_numpy(np.int64),
            [(k, int(n)) for k, n in oversized.items()])


def _sparse_name_pairs(std: pd.DataFrame, max_block: int) -> tuple[np.ndarray, np.ndarray]:
    """Same full name, where at least one of the two has no phone, email or ID card.

    A name shared by more than ``max_block`` records is common: not paired, and
    not warned about either, since common names are expected.
    """
    name = std["name"].where(~std["honorific_only"], "")
    sparse = std["sparse"]
    frame = pd.DataFrame({"key": name.to_numpy(), "rec": np.arange(len(std), dtype=np.int64),
                          "sparse": sparse.to_numpy()})
    frame = frame[frame["key"] != ""]
    sizes = frame.groupby("key", sort=False)["rec"].transform("size")
    frame = frame[(sizes >= 2) & (sizes <= max_block)]
    joined = frame[frame["sparse"]].merge(frame, on="key", suffixes=("_l", "_r"))
    joined = joined[joined["rec_l"] != joined["rec_r"]]
    a, b = joined["rec_l"].to_numpy(np.int64), joined["rec_r"].to_numpy(np.int64)
    pairs = pd.DataFrame({"l": np.minimum(a, b), "r": np.maximum(a, b)}).drop_duplicates()  # both sparse: once
    return pairs["l"].to_numpy(np.int64), pairs["r"].to_numpy(np.int64)


def block(std: pd.DataFrame, rules: Blocking) -> BlockResult:
    """Union of the candidate pairs of every pass in ``rules.passes``."""
    lefts, rights = [], []
    result = BlockResult(pairs=pd.DataFrame())
    source = std["source"].to_numpy() if not rules.within_sources else None
    for name in rules.passes:
        if name == "sparse_name":
            left, right = _sparse_name_pairs(std, rules.max_block_size)
        else:
            left, right, oversized = _pairs_of(pass_keys(std, name), rules.max_block_size)
            result.oversized.extend((name, key, n) for key, n in sorted(oversized, key=lambda kn: (-kn[1], kn[0])))
        if source is not None:  # linking deduplicated sources: pairs across sources only
            across = source[left] != source[right]
            left, right = left[across], right[across]
        result.pass_pairs[name] = int(len(left))
        lefts.append(left)
        rights.append(right)
    left = np.concatenate(lefts) if lefts else np.empty(0, np.int64)
    right = np.concatenate(rights) if rights else np.empty(0, np.int64)
    pairs = pd.DataFrame({"left": left, "right": right}).drop_duplicates()
    result.pairs = pairs.sort_values(["left", "right"], kind="stable").reset_index(drop=True)
    return result
