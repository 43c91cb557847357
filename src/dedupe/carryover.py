"""Stable IDs: carry ``contact_id`` and ``entity_id`` over from an earlier output.

A customer master loads dedupe's output run after run, so an ID must keep
naming the same person (or company) when the input grows or changes.  Given the
previous run's ``records.csv`` (``--previous DIR``), IDs are carried over in
two steps:

1. **Which previous record is which current record** (:func:`match_records`),
   within one source, first rule that applies:

   - *content*: the same fingerprint of the normalized fields (every
     ``NORMALIZED`` column) — a row that moved, or rows inserted above it.
     Several records with one fingerprint pair by the source's own record key
     (the ``key`` role: 客户编号, 订单号 …) where it is equal, then in row order.
     A record whose normalized fields are all blank (an empty row, or a rule
     set of declared fields only, such as ``febrl``) has no content to match;
   - *key*: the same record key, for a record whose content changed — only key
     values that occur once in the source on both sides, since a key column can
     be blank or repeated.  The key comes after the content because it may be
     a row counter (序号) that a re-export renumbers;
   - *row*: the same row number, for a row edited in place — only when the two
     still agree on something personal (name, surname, mobile, email, ID card,
     WeChat, QQ; or both are blank) and their keys do not differ: a row that
     now holds someone else is a new record, so that a deleted person's ID is
     not handed to a stranger who took their row.

   Any other current record is new; any other previous record is gone.

2. **Which old ID each current cluster keeps** (greatest overlap): each current
   contact counts how many of its records had each old ``contact_id``; old IDs
   go to clusters by that count, highest first (ties: the smaller old ID, then
   the smaller cluster label), each old ID to one cluster and each cluster one
   old ID.  A cluster left without one gets a new ID after the largest ID ever
   issued (``C000124`` after ``C000123``; the width never shrinks), in the order
   of cluster labels, so that an ID is never reused.  Entities (``E``) likewise,
   from the records' old ``entity_id``.

>>> import pandas as pd
>>> previous = pd.DataFrame({"source": ["crm"] * 3, "row": [1, 2, 3], "name": ["张伟", "李娜", "王芳"],
...                          "contact_id": ["C000001", "C000002", "C000002"],
...                          "entity_id": ["E000001", "E000001", "E000001"]})
>>> current = pd.DataFrame({"source": ["crm"] * 4, "row": [1, 2, 3, 4],
...                         "name": ["刘洋", "张伟", "李娜", "王芳"]})  # 刘洋 inserted on top
>>> carried = carry_over(previous, current, contacts=[0, 1, 2, 2], entities=[0, 1, 1, 1])
>>> carried.contact_id.tolist(), carried.entity_id.tolist()
(['C000003', 'C000001', 'C000002', 'C000002'], ['E000002', 'E000001', 'E000001', 'E000001'])
>>> carried.report["contacts"]["kept"], carried.report["contacts"]["new"], carried.report["records"]["content"]
(2, 1, 3)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .codes import factorize, pandas_safe
from .errors import InputError
from .normalize.text import is_blank
from .standardize import NORMALIZED, RECORD_COLUMNS

if TYPE_CHECKING:
    from .pipeline import Result

__all__ = ["Previous", "Carryover", "read_previous", "key_headers", "match_records", "carry_over", "REQUIRED"]

#: Columns a previous ``records.csv`` must have.
REQUIRED = ("source", "row", "contact_id", "entity_id")

# Fields that say who a record is about (not where they work: colleagues share
# a company, an address and a switchboard); a row edited in place keeps one.
# (a surname alone is not enough: 王芳's row may now hold 王建国; it counts only where one
# side is an honorific form, 王先生)
_PERSONAL = ("name", "mobile", "email", "id_card", "wechat", "qq")

# How a current record found its previous record (report["records"] keys).
_HOW = ("content", "key", "row")


@dataclass(frozen=True)
class Previous:
    """An earlier output, as much of it as carrying IDs over needs.

    ``records`` has the ``REQUIRED`` columns and the normalized fields it holds;
    ``keys`` is each record's own key (``""`` for none); ``last_ids`` the largest
    contact and entity IDs ever issued (``{"contacts": "C000130", ...}``) when the
    earlier run recorded them in ``run.json``.
    """

    records: pd.DataFrame
    keys: np.ndarray
    path: str = ""
    last_ids: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Carryover:
    """IDs of every current record (in input order) and the change report for ``run.json``."""

    contact_id: np.ndarray
    entity_id: np.ndarray
    report: dict[str, Any]


def key_headers(roles: Mapping[str, Mapping[str, str]]) -> dict[str, list[str]]:
    """Each source's headers with the ``key`` role, from a run's header → role maps.

    >>> key_headers({"crm": {"客户编号": "key", "联系人": "name"}, "expo": {"姓名": "name"}})
    {'crm': ['客户编号']}
    """
    out = {source: [h for h, role in by_header.items() if role == "key"] for source, by_header in roles.items()}
    return {source: headers for source, headers in out.items() if headers}


def read_previous(previous: str | Path | pd.DataFrame | Result, keys: Mapping[str, Sequence[str]] | None = None
                  ) -> Previous:
    """An earlier output: its directory (``records.csv``, and ``run.json`` if there),
    its :class:`~dedupe.Result`, or its records frame.

    ``keys`` names each source's key headers (:func:`key_headers` of this run's
    roles); they are looked up among the original columns the records carry.
    Raises :class:`~dedupe.errors.InputError` for a missing directory or file, or
    records without the ``REQUIRED`` columns.
    """
    keys = keys or {}
    if isinstance(previous, pd.DataFrame):
        return _previous(previous, keys, "<records>", "previous records", {})
    if isinstance(getattr(previous, "records", None), pd.DataFrame):  # a Result
        run = getattr(previous, "run", {}) or {}
        return _previous(previous.records, keys, "<result>", "previous result", _last_ids(run))
    return _read_directory(Path(previous), keys)


def _read_directory(d: Path, keys: Mapping[str, Sequence[str]]) -> Previous:
    if not d.exists():
        raise InputError(f"{d}: previous output directory not found")
    if not d.is_dir():
        raise InputError(f"{d}: not a directory (--previous takes an earlier --out directory)")
    path = d / "records.csv"
    if not path.is_file():
        raise InputError(f"{path}: file not found (is {d} a dedupe output directory?)")
    try:
        header = pd.read_csv(path, nrows=0, dtype=str, encoding="utf-8").columns
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise InputError(f"{path}: no column {', '.join(missing)} (not the records.csv of a dedupe merge)")
        # Only the columns used: a million-row records.csv holds every original column too.
        wanted = {*REQUIRED, *NORMALIZED, *(_column(h) for hs in keys.values() for h in hs)}
        records = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8",
                              usecols=[c for c in header if c in wanted])
    except InputError:
        raise
    except (ValueError, OSError, pd.errors.ParserError) as exc:  # a damaged or foreign file
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: cannot read: {first}") from None
    return _previous(records, keys, str(d), str(path), _last_ids(_read_run(d / "run.json")))


def _read_run(path: Path) -> dict:
    # run.json only adds the IDs issued before (see _last_ids); without it the IDs in records.csv do
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return run if isinstance(run, dict) else {}


def _last_ids(run: Mapping[str, Any]) -> dict[str, str]:
    ids = run.get("ids")
    if not isinstance(ids, dict):
        return {}
    out = {}
    for level in ("contacts", "entities"):
        last = ids.get(level, {}).get("last_id") if isinstance(ids.get(level), dict) else None
        if isinstance(last, str):
            out[level] = last
    return out


def _previous(records: pd.DataFrame, keys: Mapping[str, Sequence[str]], path: str, name: str,
              last_ids: dict[str, str]) -> Previous:
    missing = [c for c in REQUIRED if c not in records.columns]
    if missing:
        raise InputError(f"{name}: no column {', '.join(missing)} (not the records of a dedupe merge)")
    rows = pd.to_numeric(records["row"], errors="coerce")
    bad = np.flatnonzero(rows.isna().to_numpy() | (rows.fillna(0) % 1 != 0).to_numpy()
                         | ~rows.fillna(1).between(1, 2**53).to_numpy())
    if len(bad):
        raise InputError(f"{name}: row {bad[0] + 1}: column 'row' holds {records['row'].iloc[bad[0]]!r}, "
                         "not a row number")
    kept = [c for c in (*REQUIRED, *NORMALIZED) if c in records.columns]
    out = records[kept].fillna("").astype(str).reset_index(drop=True)
    out["row"] = rows.to_numpy(dtype=np.int64)
    return Previous(out, _record_keys(records, keys), path, last_ids)


_OURS = frozenset(RECORD_COLUMNS)


def _column(header: str) -> str:
    # records.csv prefixes an original column with src_ only when it clashes with one of ours
    return f"src_{header}" if header in _OURS else header


def _record_keys(records: pd.DataFrame, keys: Mapping[str, Sequence[str]]) -> np.ndarray:
    """Each record's own key, read as this run reads its ``key`` role (``raw_key`` of
    :func:`~dedupe.standardize.role_frame`): the first column's cell, or the next
    column's where that is blank (无, NULL …); ``""`` for a source without one."""
    out = np.full(len(records), "", dtype=object)
    source = records["source"].to_numpy()
    for name, headers in keys.items():
        columns = [_column(h) for h in headers if _column(h) in records.columns]
        mine = source == name
        if not columns or not mine.any():
            continue
        values = records[columns[0]].to_numpy(dtype=object)[mine]
        for c in columns[1:]:  # several key columns: rare, so is_blank on the distinct values is cheap
            distinct, at = np.unique(values.astype(str), return_inverse=True)
            blank = np.array([is_blank(v) for v in distinct], dtype=bool)[at.reshape(-1)]
            values = np.where(blank, records[c].to_numpy(dtype=object)[mine], values)
        out[mine] = values
    return out


def _stripped(values: Sequence[str] | np.ndarray) -> np.ndarray:
    return pd.Series(np.asarray(values, dtype=object), dtype=object).astype(str).str.strip().to_numpy(dtype=object)


def _fingerprint(records: pd.DataFrame, columns: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """A 64-bit hash of each record's normalized fields ``columns``, and whether they are all
    blank (nothing to recognise the record by)."""
    if not columns:
        return np.zeros(len(records), dtype=np.uint64), np.ones(len(records), dtype=bool)
    frame = pd.DataFrame({c: records[c].to_numpy(dtype=object) for c in columns}, index=pd.RangeIndex(len(records)))
    # categorize=False: pandas' categorize step merges 'a' with 'a\0' (see codes.py)
    hashed = pd.util.hash_pandas_object(frame, index=False, categorize=False).to_numpy(np.uint64)
    empty = pd.util.hash_pandas_object(pd.DataFrame({c: [""] for c in columns}), index=False, categorize=False)
    return hashed, hashed == empty.to_numpy(np.uint64)[0]


def _joint_codes(previous: np.ndarray, current: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of the values of both runs, equal where the values are equal."""
    codes, _ = _codes(np.concatenate([previous.astype(object), current.astype(object)]))
    return codes[:len(previous)], codes[len(previous):]


def _unique_keys(source: np.ndarray, key: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """Key codes, -1 where blank or repeated within the source (then it names no one record)."""
    frame = pd.DataFrame({"s": source, "k": key})
    repeated = frame.duplicated(keep=False).to_numpy()
    return np.where(blank | repeated, -1, key)


def match_records(previous: pd.DataFrame, current: pd.DataFrame, previous_keys: Sequence[str] | None = None,
                  current_keys: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For each current record, the position of its previous record (-1: new) and how
    it was found (0 new, 1 content, 2 key, 3 row; see the module docstring).

    Both frames have ``source``, ``row`` and the normalized fields; the keys are
    each record's own key (``""`` for none).

    >>> prev = pd.DataFrame({"source": ["a", "a"], "row": [1, 2], "name": ["张伟", "李娜"]})
    >>> cur = pd.DataFrame({"source": ["a", "a", "a"], "row": [1, 2, 3], "name": ["王芳", "张伟", "李娜"]})
    >>> match_records(prev, cur)
    (array([-1,  0,  1]), array([0, 1, 1], dtype=int8))
    """
    n_prev, n_cur = len(previous), len(current)
    pk = _stripped(previous_keys if previous_keys is not None else [""] * n_prev)
    ck = _stripped(current_keys if current_keys is not None else [""] * n_cur)
    ps, cs = _joint_codes(previous["source"].to_numpy(), current["source"].to_numpy())
    pkey, ckey = _joint_codes(pk, ck)
    # the fields both runs wrote (an older output may lack a newer one)
    shared = [c for c in NORMALIZED if c in previous.columns and c in current.columns]
    (pfp, pblank), (cfp, cblank) = _fingerprint(previous, shared), _fingerprint(current, shared)
    prev = pd.DataFrame({"source": ps, "row": previous["row"].to_numpy(np.int64), "fp": pfp, "blank": pblank,
                         "key": _unique_keys(ps, pkey, pk == ""), "at": np.arange(n_prev)})
    cur = pd.DataFrame({"source": cs, "row": current["row"].to_numpy(np.int64), "fp": cfp, "blank": cblank,
                        "key": _unique_keys(cs, ckey, ck == ""), "at": np.arange(n_cur)})
    found = np.full(n_cur, -1, dtype=np.int64)
    how = np.zeros(n_cur, dtype=np.int8)
    taken = np.zeros(n_prev, dtype=bool)

    def link(on: list[str], keyed: bool = False) -> pd.DataFrame:
        """Pairs of still unmatched records equal on ``on`` (one-to-one: each ``on`` is unique)."""
        left, right = cur[found < 0], prev[~taken]
        if keyed:
            left, right = left[left["key"] >= 0], right[right["key"] >= 0]
        if "fp" in on:  # all fields blank (an empty row; a rule set of declared fields only): no content
            left, right = left[~left["blank"]], right[~right["blank"]]
        if "nth" in on:  # the n-th record of a fingerprint pairs with the n-th, in row order
            left = left.assign(nth=left.sort_values("row", kind="stable").groupby(["source", "fp"]).cumcount())
            right = right.assign(nth=right.sort_values("row", kind="stable").groupby(["source", "fp"]).cumcount())
        return left.merge(right, on=on, suffixes=("", "_prev"))

    def accept(pairs: pd.DataFrame, step: int) -> None:
        # one-to-one already, unless a hand-made previous frame repeats a (source, row)
        pairs = pairs.drop_duplicates("at").drop_duplicates("at_prev")
        c, p = pairs["at"].to_numpy(), pairs["at_prev"].to_numpy()
        found[c], how[c], taken[p] = p, step, True

    accept(link(["source", "fp", "key"], keyed=True), 1)
    accept(link(["source", "fp", "nth"]), 1)
    # a key still naming the person: a 序号 renumbered after a deletion names someone else
    pairs = link(["source", "key"], keyed=True)
    if "surname" in previous.columns and "surname" in current.columns:
        a = current["surname"].to_numpy(dtype=object)[pairs["at"].to_numpy()]
        b = previous["surname"].to_numpy(dtype=object)[pairs["at_prev"].to_numpy()]
        pairs = pairs[(a == b) | (a == "") | (b == "")]
    accept(pairs, 2)
    pairs = link(["source", "row"])
    c, p = pairs["at"].to_numpy(), pairs["at_prev"].to_numpy()
    agree = np.zeros(len(pairs), dtype=bool)
    for f in _PERSONAL:
        if f in previous.columns and f in current.columns:
            a = current[f].to_numpy(dtype=object)[c]
            agree |= (a == previous[f].to_numpy(dtype=object)[p]) & (a != "")
    if all(f in previous.columns and f in current.columns for f in ("surname", "honorific")):
        a = current["surname"].to_numpy(dtype=object)[c]
        polite = (current["honorific"].to_numpy(dtype=object)[c] != "") | (
            previous["honorific"].to_numpy(dtype=object)[p] != "")
        agree |= (a == previous["surname"].to_numpy(dtype=object)[p]) & (a != "") & polite
    # Records blank then and now (a rule set of declared fields only) agree on nothing: without
    # a key a deleted row would shift every ID below it onto the next person.
    # two different keys, each naming one record of its run: the row now holds another record
    key, key_prev = pairs["key"].to_numpy(), pairs["key_prev"].to_numpy()
    agree &= (key < 0) | (key_prev < 0) | (key == key_prev)
    accept(pairs[agree], 3)
    return found, how


def carry_over(previous: Previous | pd.DataFrame, current: pd.DataFrame, contacts: Sequence[int] | np.ndarray,
               entities: Sequence[int] | np.ndarray, keys: Sequence[str] | np.ndarray | None = None
               ) -> Carryover:
    """Contact and entity IDs of the ``current`` records, carried over from ``previous``.

    ``current`` has ``source``, ``row`` and the normalized fields of this run's
    records; ``contacts`` and ``entities`` are their cluster labels; ``keys`` their
    own record keys, if any.  ``previous`` is a :class:`Previous` (see
    :func:`read_previous`) or a previous records frame.  The report says how
    records were matched and, for contacts and entities, how many IDs were kept,
    new and retired, which old IDs merged into one and which split.
    """
    if not isinstance(previous, Previous):
        previous = read_previous(previous)
    found, how = match_records(previous.records, current, previous.keys, keys)
    matched = found >= 0
    report: dict[str, Any] = {"previous": previous.path}
    report["records"] = {"previous": len(previous.records), "current": len(current),
                         **{name: int((how == step).sum()) for step, name in enumerate(_HOW, start=1)},
                         "new": int((~matched).sum()),
                         "gone": len(previous.records) - int(matched.sum())}
    out = {}
    for level, labels, column, prefix in (("contacts", contacts, "contact_id", "C"),
                                          ("entities", entities, "entity_id", "E")):
        issued = previous.records[column].to_numpy(dtype=object)
        old = np.full(len(current), "", dtype=object)
        old[matched] = issued[found[matched]]
        out[level], report[level] = _assign(np.asarray(labels), old, issued, prefix,
                                            previous.last_ids.get(level, ""))
    return Carryover(out["contacts"], out["entities"], report)


def _assign(labels: np.ndarray, old: np.ndarray, issued: np.ndarray, prefix: str, last_id: str
            ) -> tuple[np.ndarray, dict[str, Any]]:
    """IDs of the records (clusters by greatest overlap with ``old``) and the report of one level.

    ``old`` is each current record's previous ID (``""``: none), ``issued`` every
    ID of the previous records.
    """
    clusters, of = np.unique(labels, return_inverse=True)
    of = of.reshape(-1)
    has = old != ""
    # integer codes numbered in the order of the old IDs, so that ties sort by ID as integers
    old_code, names = _codes(old[has], sort=True)
    pair, n = np.unique(of[has].astype(np.int64) * max(len(names), 1) + old_code, return_counts=True)
    cluster, code = pair // max(len(names), 1), pair % max(len(names), 1)
    order = np.lexsort((cluster, code, -n))  # most records first; ties: old ID, then cluster label
    overlap = pd.DataFrame({"cluster": cluster[order], "old": code[order], "n": n[order]})
    ids = np.full(len(clusters), "", dtype=object)
    chosen = _greedy(overlap)
    ids[chosen["cluster"].to_numpy()] = names[chosen["old"].to_numpy()]
    fresh = np.flatnonzero(ids == "")  # in the order of cluster labels
    known = pd.unique(issued[issued != ""])
    start, width = _next_number([*known.tolist(), last_id], prefix)
    ids[fresh] = [f"{prefix}{start + i:0{width}d}" for i in range(len(fresh))]
    # the largest ID ever issued, for the next run: a retired ID is never minted again
    end = start + len(fresh) - 1
    return ids[of], {
        "kept": len(chosen), "new": len(fresh), "retired": len(known) - len(chosen),
        "merged": _changes(overlap, ids, names, by="cluster", name="from"),
        "split": _changes(overlap, ids, names, by="old", name="into"),
        "last_id": f"{prefix}{end:0{width}d}" if end else "",
    }


def _codes(values: np.ndarray, sort: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of string ``values`` and the distinct values (sorted, with ``sort``)."""
    values = np.asarray(values, dtype=object)
    # pandas' hash table is safe without a NUL or a lone surrogate (see codes.py)
    if pandas_safe(values.tolist()):
        codes, uniques = pd.factorize(values)
    else:
        codes, uniques = factorize(values)
    uniques = np.asarray(uniques, dtype=object)
    if sort:
        order = np.argsort(uniques, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        codes, uniques = rank[codes], uniques[order]
    return np.asarray(codes, dtype=np.int64), uniques


def _greedy(overlap: pd.DataFrame) -> pd.DataFrame:
    """Greedy one-to-one choice of (cluster, old) rows taken in the frame's order.

    A row that comes first for both its old ID and its cluster is taken whatever
    else happens (most rows: a contact that neither merged nor split), so the
    Python loop runs only over the rows still in conflict after those.
    """
    first = ~overlap.duplicated("old").to_numpy() & ~overlap.duplicated("cluster").to_numpy()
    sure = overlap[first]
    rest = overlap[~first & ~overlap["old"].isin(sure["old"]).to_numpy()
                   & ~overlap["cluster"].isin(sure["cluster"]).to_numpy()]
    used_old: set[int] = set()
    used_cluster: set[int] = set()
    picked = []
    for at, cluster, old in zip(rest.index, rest["cluster"].tolist(), rest["old"].tolist(), strict=True):
        if old not in used_old and cluster not in used_cluster:
            used_old.add(old)
            used_cluster.add(cluster)
            picked.append(at)
    return pd.concat([sure, overlap.loc[picked]])


def _next_number(issued: Sequence[str], prefix: str) -> tuple[int, int]:
    """The first number after every issued ``prefix`` + digits ID, and the digit width to
    write it with (at least 6, as without a previous run, and never narrower than before)."""
    # one pass over the distinct IDs (one per cluster, not per record); ASCII digits only,
    # since str.isdigit also takes '１２' and '²'
    digits = [d for d in (i[len(prefix):] for i in issued if isinstance(i, str) and i.startswith(prefix))
              if d.isascii() and d.isdigit()]
    if not digits:
        return 1, 6
    return max(map(int, digits)) + 1, max(6, *map(len, digits))


def _changes(overlap: pd.DataFrame, ids: np.ndarray, names: np.ndarray, by: str, name: str
             ) -> list[dict[str, Any]]:
    """``merged`` (by cluster: the old IDs it holds) or ``split`` (by old ID: the clusters
    holding its records), where there is more than one, sorted by ID."""
    several = overlap[overlap.groupby(by)["n"].transform("size").to_numpy() > 1]
    if several.empty:
        return []
    now, before = ids[several["cluster"].to_numpy()], names[several["old"].to_numpy()]
    frame = pd.DataFrame({"id": now, "to": before} if by == "cluster" else {"id": before, "to": now})
    frame = frame.sort_values(["id", "to"], kind="stable")
    return [{"id": i, name: list(to)} for i, to in frame.groupby("id", sort=True)["to"]]
