"""How much contact recall the evidence in a data set allows, against what a run found.

    python benchmarks/recall_ceiling.py OUT_DIR TRUTH.csv

``OUT_DIR`` is a ``dedupe merge`` output (its records.csv holds the normalized fields) and
``TRUTH.csv`` the generator's ``source,row,contact`` labels.  Within each true contact, records
are joined when they share evidence, in four widening tiers:

1. hard evidence: a phone number (extension ignored), email, ID card, WeChat or QQ id, the same
   address key down to the house, or a surname at the same company key;
2. tier 1, or the same name reading (not an honorific-only name) in the same city;
3. tier 2, or the same name reading where one of the two records states no city;
4. tier 3, or the same name reading whatever the cities.

The pairs inside the joined groups are the most a linker using that evidence could recover
(a ceiling: it ignores that the same evidence also joins different people).  The run's own
recall is printed beside them, and what the name links of tiers 2 to 4 would cost: how many
record pairs the run keeps apart they would join, and how many of those are one person.

With ``--entities`` (the truth then needs its ``entity`` column), the same for customer
entities: within each true entity, records are joined when they are of one contact (the run's,
or the true ones), or share company evidence (company key, USCC, a corporate mail domain, a
landline, an address key down to the house).  Figures only; nothing here is a test.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dedupe.normalize.email import FREE_MAIL_DOMAINS  # noqa: E402

_COLUMNS = ["source", "row", "contact_id", "entity_id", "uscc", "name", "surname", "pinyin", "honorific", "mobile", "phone", "email",
            "company_key", "address_key", "city", "id_card", "wechat", "qq"]


class _Groups:
    """Union-find over record positions."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[a] = b

    def join_on(self, keys: Iterable[tuple[int, tuple]]) -> None:
        """Join the records that share a key: (position, key) items."""
        first: dict[tuple, int] = {}
        for i, key in keys:
            j = first.setdefault(key, i)
            if j != i:
                self.union(i, j)

    def labels(self) -> np.ndarray:
        return np.array([self.find(i) for i in range(len(self.parent))], dtype=np.int64)


def _pairs(*keys: np.ndarray) -> int:
    """Pairs of records that agree on every key array."""
    sizes = pd.DataFrame({f"k{i}": k for i, k in enumerate(keys)}).value_counts().to_numpy()
    return int((sizes * (sizes - 1) // 2).sum())


def _numbers(cell: str) -> Iterable[str]:
    """The E.164 numbers of a ';'-separated phone cell, extensions ('x801') dropped."""
    return (number.split("x")[0] for number in filter(None, cell.split(";")))


def _house(address_key: str) -> bool:
    """Whether an address key goes down to the house (more than the division part)."""
    return "|" in address_key and bool(address_key.split("|", 1)[1])


def _hard_keys(r: pd.DataFrame, truth: np.ndarray) -> Iterable[tuple[int, tuple]]:
    for i, row in enumerate(r.itertuples(index=False)):
        c = truth[i]
        for cell in (row.mobile, row.phone):
            for number in _numbers(cell):
                yield i, (c, "phone", number)
        for kind in ("email", "id_card", "wechat", "qq"):
            value = getattr(row, kind)
            if value:
                yield i, (c, kind, value)
        if _house(row.address_key):
            yield i, (c, "address", row.address_key)
        if row.surname and row.company_key:
            yield i, (c, "surname+company", row.surname, row.company_key)


def ceilings(records: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float]:
    """Recall ceilings of the four tiers and the run's recall (see the module docstring)."""
    r = records.merge(truth, on=["source", "row"], how="inner").reset_index(drop=True)
    contact = r["contact"].to_numpy(dtype=object)
    total = _pairs(contact)
    groups = _Groups(len(r))
    groups.join_on(_hard_keys(r, contact))
    out = {"hard evidence": _pairs(contact, groups.labels()) / total}
    named = (r["pinyin"] != "") & (r["honorific"] == "")
    rows = np.flatnonzero(named.to_numpy())
    reading, city = r["pinyin"].to_numpy(dtype=object), r["city"].to_numpy(dtype=object)
    groups.join_on((i, (contact[i], reading[i], city[i])) for i in rows.tolist() if city[i])
    out["+ name in the same city"] = _pairs(contact, groups.labels()) / total
    # a record stating no city meets every record of its contact with its name reading
    cityless = {(contact[i], reading[i]) for i in rows.tolist() if not city[i]}
    groups.join_on((i, (contact[i], reading[i])) for i in rows.tolist() if (contact[i], reading[i]) in cityless)
    out["+ name, one city missing"] = _pairs(contact, groups.labels()) / total
    groups.join_on((i, (contact[i], reading[i])) for i in rows.tolist())
    out["+ name alone"] = _pairs(contact, groups.labels()) / total
    out["found by the run"] = _pairs(contact, r["contact_id"].to_numpy(dtype=object)) / total
    return out


def _one_cityless(frame: pd.DataFrame, by: list[str]) -> int:
    """Pairs of records agreeing on ``by`` of which at least one states no city."""
    g = frame.groupby(by, sort=False)
    n = g.size().to_numpy()
    k = g["cityless"].sum().to_numpy()
    return int((k * (n - k) + k * (k - 1) // 2).sum())


def _cities_differ(frame: pd.DataFrame, by: list[str]) -> int:
    """Pairs of records agreeing on ``by`` that both state a city, and different ones."""
    placed = frame[~frame["cityless"]]
    return _pairs(*(placed[c].to_numpy(dtype=object) for c in by)) - _pairs(
        *(placed[c].to_numpy(dtype=object) for c in [*by, "city"]))


def _same_city(frame: pd.DataFrame, by: list[str]) -> int:
    """Pairs of records agreeing on ``by`` that state one city."""
    placed = frame[~frame["cityless"]]
    return _pairs(*(placed[c].to_numpy(dtype=object) for c in [*by, "city"]))


def prices(records: pd.DataFrame, truth: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """For the name links of tiers 2 to 4: (pairs of records in different contacts of the run
    that such a link would join, how many of them are one true contact)."""
    r = records.merge(truth, on=["source", "row"], how="inner")
    r = r[(r["pinyin"] != "") & (r["honorific"] == "")].copy()
    r["cityless"] = r["city"] == ""
    out = {}
    for tier, count in (("name in the same city", _same_city), ("name, one city missing", _one_cityless),
                        ("name, cities differ", _cities_differ)):
        every, merged = count(r, ["pinyin"]), count(r, ["pinyin", "contact_id"])
        true, true_merged = count(r, ["pinyin", "contact"]), count(r, ["pinyin", "contact", "contact_id"])
        out[tier] = (every - merged, true - true_merged)
    return out


def _company_keys(r: pd.DataFrame, entity: np.ndarray, contact: np.ndarray) -> Iterable[tuple[int, tuple]]:
    for i, row in enumerate(r.itertuples(index=False)):
        e = entity[i]
        yield i, (e, "contact", contact[i])
        if row.company_key:
            yield i, (e, "company", row.company_key)
        if row.uscc:
            yield i, (e, "uscc", row.uscc)
        for address in filter(None, row.email.split(";")):
            domain = address.rpartition("@")[2]
            if domain and domain not in FREE_MAIL_DOMAINS:
                yield i, (e, "domain", domain)
        for number in _numbers(row.phone):
            yield i, (e, "landline", number)
        if _house(row.address_key):
            yield i, (e, "address", row.address_key)


def entity_ceilings(records: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float]:
    """Entity recall ceilings with the run's contacts and with the true ones, and the run's recall."""
    r = records.merge(truth, on=["source", "row"], how="inner").reset_index(drop=True)
    entity = r["entity"].to_numpy(dtype=object)
    total = _pairs(entity)
    out = {}
    for tier, contact in (("run's contacts + company", r["contact_id"]), ("true contacts + company", r["contact"])):
        groups = _Groups(len(r))
        groups.join_on(_company_keys(r, entity, contact.to_numpy(dtype=object)))
        out[tier] = _pairs(entity, groups.labels()) / total
    out["found by the run"] = _pairs(entity, r["entity_id"].to_numpy(dtype=object)) / total
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("truth", type=Path)
    ap.add_argument("--entities", action="store_true", help="also the entity recall ceilings")
    args = ap.parse_args()
    records = pd.read_csv(args.out_dir / "records.csv", dtype=str, keep_default_na=False, usecols=_COLUMNS)
    truth = pd.read_csv(args.truth, dtype=str, keep_default_na=False,
                        usecols=["source", "row", "contact", *(["entity"] if args.entities else [])])
    print(f"{args.out_dir}: {len(records)} records")
    for tier, recall in ceilings(records, truth).items():
        print(f"  {tier:28s} contact recall {recall:.4f}")
    print("  what the name links would cost (record pairs the run keeps apart):")
    for tier, (pairs, true) in prices(records, truth).items():
        print(f"  {tier:28s} {pairs:9d} pairs, {true:6d} of them one person ({true / max(pairs, 1):.3f})")
    if args.entities:
        for tier, recall in entity_ceilings(records, truth).items():
            print(f"  {tier:28s} entity recall {recall:.4f}")


if __name__ == "__main__":
    main()
