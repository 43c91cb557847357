"""Survivorship: the golden record of each contact and entity, with provenance.

For each single-valued golden field a rule of the rules' ``[survive]`` section
picks one record's value (``most_frequent``, ``most_recent`` by ``updated_at``,
``most_complete`` = longest, or ``source_priority``); ties fall through to the
other criteria and finally to input order, so the same input always gives the
same golden record.

Provenance: every golden value names the record it came from, ``source:row`` in
``records.csv``, in a ``<field>_from`` column, and that record belongs to the
golden row's contact or entity:

- contacts: ``name_from``, ``gender_from``, ``company_from``, ``title_from``,
  ``address_from`` (province, city and district come from the same record as the
  address; with no address, from the record whose city was picked),
  ``id_card_from``, ``updated_at_from`` (the first record in input order with the
  latest stamp);
- list fields (``mobile``, ``phone``, ``email``, ``wechat``, ``qq``): every distinct
  item of the contact's records, first seen first, and ``<field>_from`` a
  ``;``-separated list aligned with it item by item, naming the first record in
  input order that holds each item.  Only valid numbers and addresses reach these
  lists: standardize keeps nothing else in ``mobile`` / ``phone`` / ``email``;
- entities: ``name_from`` (a company entity's name is a record's company; a person
  entity's is its contact's golden name, with that name's provenance) and
  ``address_from`` (with province, city, district).  The parsed company parts
  (region, brand, industry, legal form, branch) are derived from the golden name,
  so ``name_from`` covers them.

Completeness: ``completeness`` and ``missing`` of each contact and entity come from
the parts its records hold (:mod:`dedupe.completeness`, the rules'
``[completeness]``), counted over the parts its own records' sources have a
column for.

:func:`pick` states the rule for one group of records.  The golden tables are
built with whole-column numpy operations that make the same choice for every
group at once (one sort per field instead of a Python loop per contact), since
survivorship runs over every record of every run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .codes import factorize
from .completeness import RecordParts, per_group, record_parts, scores
from .normalize.company import parse_company
from .rules import Survive

__all__ = ["golden_contacts", "golden_entities", "pick"]


def pick(values: Sequence[str], positions: Sequence[int], updated: Sequence[str], sources: Sequence[str],
         strategy: str, priority: Sequence[str] = ()) -> tuple[str, int]:
    """Choose one non-blank value; returns (value, record position) or ('', -1).

    >>> pick(["张伟", "張偉", "张伟"], [0, 1, 2], ["", "", ""], ["a", "b", "c"], "most_frequent")
    ('张伟', 0)
    """
    cands = [(v, p, u, s) for v, p, u, s in zip(values, positions, updated, sources, strict=True) if v]
    if not cands:
        return "", -1
    freq = Counter(v for v, *_ in cands)
    rank = {s: i for i, s in enumerate(priority)}

    def src_rank(s: str) -> tuple[int, str]:
        return (rank.get(s, len(rank)), s)

    keys = {
        "most_frequent": lambda c: (-freq[c[0]], _neg(c[2]), -len(c[0]), src_rank(c[3]), c[1]),
        "most_recent": lambda c: (_neg(c[2]), -freq[c[0]], -len(c[0]), src_rank(c[3]), c[1]),
        "most_complete": lambda c: (-len(c[0]), -freq[c[0]], _neg(c[2]), src_rank(c[3]), c[1]),
        "source_priority": lambda c: (src_rank(c[3]), -freq[c[0]], _neg(c[2]), c[1]),
    }
    best = min(cands, key=keys[strategy])
    return best[0], best[1]


def _neg(stamp: str) -> tuple[int, ...]:
    """Sort key putting later timestamps first ('' last)."""
    return tuple(-ord(ch) for ch in stamp) + (0,) if stamp else (1,)


# --- whole-column survivorship -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Groups:
    """Records grouped by label, groups numbered in label order (the order of the golden rows).

    ``order`` lists record positions group after group, ascending within a group (= input
    order); ``group`` is the group number of each entry of ``order``; ``of`` is the group
    number of each record; ``first`` the first record of each group.
    """

    order: np.ndarray
    group: np.ndarray
    of: np.ndarray
    first: np.ndarray
    size: np.ndarray

    @classmethod
    def by(cls, labels: np.ndarray) -> _Groups:
        order = np.argsort(labels, kind="stable")  # stable: members stay in input order
        new = _heads(labels[order])
        group = np.cumsum(new) - 1
        of = np.empty(len(order), dtype=np.int64)
        of[order] = group
        return cls(order, group, of, order[new], np.bincount(group))

    @property
    def count(self) -> int:
        return len(self.first)


def _only(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """``values`` with every record outside ``keep`` blank."""
    return np.where(keep, values, "").astype(object, copy=False)


def _heads(group: np.ndarray) -> np.ndarray:
    """For entries listed group after group: True at the first entry of each group."""
    head = np.ones(len(group), dtype=bool)
    head[1:] = group[1:] != group[:-1]
    return head


@dataclass(frozen=True)
class _TieBreaks:
    """Per-record sort ranks shared by every field: smaller rank wins."""

    recency: np.ndarray  # later ``updated_at`` first, blank last (the order of ``_neg``)
    source: np.ndarray  # position in ``source_priority``, then source name
    stamp: np.ndarray  # ``updated_at`` in ascending string order ('' lowest), for :func:`_latest`
    stamps: np.ndarray  # the distinct stamps in that order
    source_name: np.ndarray  # source names in Python string order, for :func:`_join_sources`
    source_names: np.ndarray  # the distinct source names in that order

    @classmethod
    def of(cls, updated: np.ndarray, sources: np.ndarray, priority: Sequence[str]) -> _TieBreaks:
        codes, words = factorize(updated)
        stamp, stamps = _ranks(codes, words)
        # ``_neg`` orders non-blank stamps as descending strings (blank last), except that a
        # stamp followed by NUL sorts after its prefix; only then pay for ``_neg`` itself.
        if any("\0" in s for s in words):
            recency, _ = _ranks(codes, words, key=_neg)
        else:
            recency = len(words) - 1 - stamp
        codes, words = factorize(sources)
        rank = {s: i for i, s in enumerate(priority)}
        source, _ = _ranks(codes, words, key=lambda s: (rank.get(s, len(rank)), s))
        source_name, source_names = _ranks(codes, words)
        return cls(recency, source, stamp, stamps, source_name, source_names)


def _ranks(codes: np.ndarray, words: list[Any],
           key: Callable[[Any], Any] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Dense rank of each coded value (``codes`` index ``words``, the distinct values) in
    Python's own ordering (``sorted``), and the distinct values in that order."""
    order = sorted(range(len(words)), key=words.__getitem__ if key is None else lambda i: key(words[i]))
    rank = np.empty(len(words), dtype=np.int64)
    rank[order] = np.arange(len(words))
    distinct = np.empty(len(words), dtype=object)
    distinct[:] = words
    return rank[codes], distinct[order]


def _pick_all(values: np.ndarray, groups: _Groups, ties: _TieBreaks, strategy: str) -> np.ndarray:
    """:func:`pick` for every group at once: the chosen record position per group, -1 if all blank.

    The non-blank records of all groups are listed group after group in input order.  A
    group with one of them has its pick; in the others each criterion of ``pick``'s sort key
    in turn keeps the records with their group's least value (a group reduction, no sort),
    and the first record left in each group is its pick: the last tie-break, input order.
    Only the values of those groups are coded as integers.
    """
    chosen = np.full(groups.count, -1, dtype=np.int64)
    cand = groups.order[(values != "")[groups.order]]
    if not len(cand):
        return chosen
    group = groups.of[cand]
    head = _heads(group)
    starts = np.flatnonzero(head)
    sizes = np.diff(np.append(starts, len(cand)))
    lone = starts[sizes == 1]
    chosen[group[lone]] = cand[lone]
    shared = np.repeat(sizes > 1, sizes)
    cand, group = cand[shared], group[shared]
    if not len(cand):
        return chosen
    code, words = factorize(values[cand])
    # how often each value occurs among its group's non-blank values (pick's Counter), counted
    # before any record is dropped
    pair, _ = pd.factorize(group * len(words) + code)
    freq = -np.bincount(pair)[pair]

    def criterion(name: str, keep: np.ndarray) -> np.ndarray:
        if name == "freq":
            return freq[keep]
        if name == "longest":
            return -np.fromiter(map(len, words), dtype=np.int64, count=len(words))[code[keep]]
        return (ties.recency if name == "recent" else ties.source)[cand[keep]]

    order = {
        "most_frequent": ("freq", "recent", "longest", "source"),
        "most_recent": ("recent", "freq", "longest", "source"),
        "most_complete": ("longest", "freq", "recent", "source"),
        "source_priority": ("source", "freq", "recent"),
    }[strategy]
    keep = np.arange(len(cand))
    head = _heads(group)
    for name in order:
        key = criterion(name, keep)
        least = np.minimum.reduceat(key, np.flatnonzero(head))
        best = key == least[np.cumsum(head) - 1]
        if best.all():
            continue
        keep, group = keep[best], group[best]
        head = _heads(group)
        if head.all():  # one record left in every group
            break
    chosen[group[head]] = cand[keep[head]]
    return chosen


def _at(values: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """``values[p]`` for each position, '' where the position is -1 (nothing picked)."""
    out = values[np.maximum(positions, 0)].astype(object, copy=False)  # a new array already
    out[positions < 0] = ""
    return out


def _join_per_group(tokens: np.ndarray, group: np.ndarray, count: int) -> np.ndarray:
    """';'-join tokens listed group after group; '' for a group without tokens."""
    out = np.full(count, "", dtype=object)
    if len(tokens):
        starts = np.flatnonzero(_heads(group))
        ends = np.append(starts[1:], len(group))
        single = ends - starts == 1  # most groups: the token is the joined string
        out[group[starts[single]]] = tokens[starts[single]]
        words = tokens.tolist()
        out[group[starts[~single]]] = [";".join(words[a:b]) for a, b in
                                        zip(starts[~single].tolist(), ends[~single].tolist(), strict=True)]
    return out


def _join_ranked(values: np.ndarray, refs: np.ndarray, rank: np.ndarray, groups: _Groups) -> tuple[np.ndarray, np.ndarray]:
    """Per group, the values of its records with ``rank >= 0`` in rank order, ';'-joined, and
    their records' ``source:row`` likewise."""
    chosen = np.flatnonzero(rank >= 0)
    chosen = chosen[np.lexsort((rank[chosen], groups.of[chosen]))]
    group = groups.of[chosen]
    return (_join_per_group(values[chosen], group, groups.count),
            _join_per_group(refs[chosen], group, groups.count))


def _join_distinct(values: np.ndarray, groups: _Groups, refs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per group, the distinct ';'-separated items of its records in first-seen order
    (``'a;b'`` and ``'b;c'`` give ``'a;b;c'``; blank values contribute nothing), and
    aligned with them item by item the ``refs`` of the record each item was first seen in."""
    filled = groups.order[(values != "")[groups.order]]
    if not len(filled):
        empty = np.full(groups.count, "", dtype=object)
        return empty, empty.copy()
    text, group, position = values[filled], groups.of[filled], filled
    # split every value at once: joining then splitting yields each value's items in turn
    items = ";".join(text.tolist()).split(";")
    if len(items) != len(text):
        per_value = [t.count(";") + 1 for t in text.tolist()]
        group, position = np.repeat(group, per_value), np.repeat(position, per_value)
    tokens = np.array(items, dtype=object)
    codes, distinct = factorize(tokens)
    # entries run in input order within a group, so each (group, item)'s first entry is its
    # first record in input order; factorize numbers pairs by first appearance, so an entry
    # is a first one exactly when its number exceeds every number before it
    pair, _ = pd.factorize(group * len(distinct) + codes)
    first = np.ones(len(pair), dtype=bool)
    first[1:] = pair[1:] > np.maximum.accumulate(pair)[:-1]
    return (_join_per_group(tokens[first], group[first], groups.count),
            _join_per_group(refs[position[first]], group[first], groups.count))


def _join_sources(ties: _TieBreaks, groups: _Groups) -> np.ndarray:
    """Per group, its distinct source names, sorted and ';'-joined."""
    names = ties.source_names
    if len(names) > 62:  # too many for a bit mask: distinct (group, name) pairs, group-major
        pairs = np.unique(groups.of * len(names) + ties.source_name)
        return _join_per_group(names[pairs % len(names)], pairs // len(names), groups.count)
    # each group's sources as a bit mask (bit = name's rank); spell each distinct mask once
    bits = np.zeros(groups.count, dtype=np.int64)
    np.bitwise_or.at(bits, groups.of, np.left_shift(1, ties.source_name))
    masks, inverse = np.unique(bits, return_inverse=True)
    spelled = [";".join(n for i, n in enumerate(names.tolist()) if m >> i & 1) for m in masks.tolist()]
    return np.array(spelled, dtype=object)[inverse.ravel()]


def _refs(std: pd.DataFrame, positions: np.ndarray | None = None) -> np.ndarray:
    """``source:row`` of every record (or of those at ``positions``, '' for -1), the
    provenance format of the ``*_from`` columns."""
    sources, rows = std["source"].to_numpy(), std["row"].to_numpy()
    if positions is None:
        return np.array([f"{s}:{r}" for s, r in zip(sources.tolist(), rows.tolist(), strict=True)], dtype=object)
    at = np.maximum(positions, 0)
    refs = [f"{s}:{r}" if p >= 0 else "" for s, r, p in
            zip(sources[at].tolist(), rows[at].tolist(), positions.tolist(), strict=True)]
    return np.array(refs, dtype=object)


def _latest(ties: _TieBreaks, groups: _Groups) -> tuple[np.ndarray, np.ndarray]:
    """Per group, its latest ``updated_at`` ('' when none) and the first record, in input
    order, holding it (-1 when none)."""
    ranked = ties.stamp[groups.order]  # ascending string order: '' ranks lowest
    latest = np.maximum.reduceat(ranked, np.flatnonzero(_heads(groups.group)))
    stamps = ties.stamps[latest]
    holders = np.flatnonzero((ranked == latest[groups.group]) & (stamps[groups.group] != ""))
    chosen = np.full(groups.count, -1, dtype=np.int64)
    # holders run group after group in input order: the first of each group is its pick
    head = _heads(groups.group[holders])
    chosen[groups.group[holders[head]]] = groups.order[holders[head]]
    return stamps.astype(object), chosen


def golden_contacts(std: pd.DataFrame, rules: Survive, parts: RecordParts | None = None) -> pd.DataFrame:
    """One golden row per contact (``std`` carries ``contact_id``, ``contact_entity_id`` (its
    contact's entity), and from :func:`dedupe.entities.build_entities` ``company_current`` and
    ``company_earlier``).

    ``parts`` (:func:`dedupe.completeness.record_parts`) gives ``completeness`` and
    ``missing``; without it they count the role parts of every record.

    Every golden value has its provenance: ``<field>_from`` is the ``source:row`` of the
    record it came from (province, city and district come from ``address_from``'s
    record, with the address); a list field's ``<field>_from`` names, item by item,
    the first record in input order holding that item.
    """
    col = {c: std[c].to_numpy() for c in (
        "source", "name", "honorific_only", "gender", "company", "title", "address", "province", "city",
        "district", "mobile", "phone", "email", "updated_at", "id_card", "wechat", "qq", "contact_id")}
    # the contact's entity: a record of a company the contact has left is that company's
    col["entity_id"] = std["contact_entity_id"].to_numpy()
    groups = _Groups.by(std["contact_label"].to_numpy())
    ties = _TieBreaks.of(col["updated_at"], col["source"], rules.source_priority)
    refs = _refs(std)

    def choose(field: str, strategy: str) -> np.ndarray:
        return _pick_all(col[field], groups, ties, strategy)

    # a full name beats an honorific-only one (张先生); fall back to that if nothing else
    full_names = _only(col["name"], ~col["honorific_only"].astype(bool))
    name_p = _fill(_pick_all(full_names, groups, ties, rules.name), col["name"], groups, ties, rules.name)
    gender_p = choose("gender", rules.gender)
    # a job changer's golden company is the current one, its entity's; the others are history
    current_company = _only(col["company"], std["company_current"].to_numpy(dtype=bool))
    company_p = _pick_all(current_company, groups, ties, rules.company)
    earlier = std["company_earlier"].to_numpy()
    previous, previous_from = _join_ranked(col["company"], refs, earlier, groups)
    title_p = choose("title", rules.title)
    # standardize keeps only valid ID numbers, so a valid ID always beats an invalid one
    id_card_p = choose("id_card", rules.id_card)
    address_p = choose("address", rules.address)
    address_text = _at(col["address"], address_p)
    address_p = _fill(address_p, col["city"], groups, ties, "most_frequent")  # maybe a city column
    updated_at, updated_p = _latest(ties, groups)
    # standardize keeps only valid numbers and addresses in mobile / phone / email
    lists = {f: _join_distinct(col[f], groups, refs) for f in ("mobile", "phone", "email", "wechat", "qq")}

    contacts = pd.DataFrame({
        "contact_id": col["contact_id"][groups.first],
        "entity_id": col["entity_id"][groups.first],
        "name": _at(col["name"], name_p),
        "gender": _at(col["gender"], gender_p),
        "company": _at(col["company"], company_p),
        "previous_companies": previous,
        "title": _at(col["title"], title_p),
        "mobile": lists["mobile"][0],
        "phone": lists["phone"][0],
        "email": lists["email"][0],
        "province": _at(col["province"], address_p),
        "city": _at(col["city"], address_p),
        "district": _at(col["district"], address_p),
        "address": address_text,
        "id_card": _at(col["id_card"], id_card_p),
        "wechat": lists["wechat"][0],
        "qq": lists["qq"][0],
        "updated_at": updated_at,
        "sources": _join_sources(ties, groups),
        "record_count": groups.size.astype(np.int64),
        "records": _join_per_group(refs[groups.order], groups.group, groups.count),
        "name_from": _at(refs, name_p),
        "company_from": _at(refs, company_p),
        "previous_companies_from": previous_from,
        "title_from": _at(refs, title_p),
        "address_from": _at(refs, address_p),
        "gender_from": _at(refs, gender_p),
        "id_card_from": _at(refs, id_card_p),
        "updated_at_from": _at(refs, updated_p),
        **{f"{f}_from": joined[1] for f, joined in lists.items()},
    }, copy=False)  # the columns are new arrays: no need to copy them into one block
    contacts["completeness"], contacts["missing"] = _completeness(std, parts, groups)
    return _sorted_by(contacts, "contact_id")


def _fill(chosen: np.ndarray, values: np.ndarray, groups: _Groups, ties: _TieBreaks, strategy: str) -> np.ndarray:
    """``chosen``, with each group that has no pick (-1) given its pick among ``values``;
    only those groups' records are looked at."""
    open_ = chosen < 0
    if not open_.any():
        return chosen
    fallback = _pick_all(_only(values, open_[groups.of]), groups, ties, strategy)
    return np.where(open_, fallback, chosen)


def _sorted_by(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """``table`` in ``column`` order (stable).  IDs issued afresh follow the label order the
    rows are built in already, so the sort, slow on strings, is mostly skipped."""
    if table[column].is_monotonic_increasing:
        return table
    return table.sort_values(column, kind="stable").reset_index(drop=True)


def _completeness(std: pd.DataFrame, parts: RecordParts | None, groups: _Groups) -> tuple[np.ndarray, list[str]]:
    """``completeness`` and ``missing`` per group (see :mod:`dedupe.completeness`)."""
    parts = parts if parts is not None else record_parts(std)
    column, present = per_group(parts, groups.of, groups.count)
    return scores(column, present, parts.names[:parts.scored])


def _entity_names(std: pd.DataFrame, col: dict[str, np.ndarray], groups: _Groups, ties: _TieBreaks) -> np.ndarray:
    """The company names a company entity's golden name is chosen from: those of its records
    that name its company (not a company a contact has left, unless the record is in that
    company's entity: a job changer's earlier record), written in Chinese with the
    entity's commonest key (锐中网络科技 over 'Chongqing Ruizhong Network Technology Co.,
    Ltd.', which is the same company) when there is one; else every company name."""
    names = _only(col["company"], _names_its_entity(std))
    chinese = np.fromiter((not n.isascii() for n in names.tolist()), dtype=bool, count=len(names))
    key = _only(col["company_key"], chinese)
    commonest = _at(col["company_key"], _pick_all(key, groups, ties, "most_frequent"))[groups.of]
    preferred = _only(names, chinese & (col["company_key"] == commonest))
    return np.where(_any_in_group(preferred, groups), preferred, names).astype(object)


def _names_its_entity(std: pd.DataFrame) -> np.ndarray:
    """Per record, whether a company it names is its entity's: not a company its contact has left,
    unless the record is that company's (a job changer's earlier record)."""
    return std["company_current"].to_numpy(dtype=bool) | (std["entity_id"].to_numpy()
                                                          != std["contact_entity_id"].to_numpy())


def _any_in_group(values: np.ndarray, groups: _Groups) -> np.ndarray:
    """Per record, whether its group has any non-blank value."""
    found = np.zeros(groups.count, dtype=bool)
    found[groups.of[values != ""]] = True
    return found[groups.of]


def _entity_addresses(std: pd.DataFrame, col: dict[str, np.ndarray], groups: _Groups) -> np.ndarray:
    """The addresses a company entity's golden address is chosen from: those of records that
    name its company in a company column (a CRM's 公司地址), not the address of a company
    the contact has left (but in that company's own entity it is its address) nor an
    order's delivery address; failing those, every address of its records."""
    staff = _names_its_entity(std) & (col["company_key"] != "") & ~std["company_inferred"].to_numpy(dtype=bool)
    preferred = _only(col["address"], staff)
    return np.where(_any_in_group(preferred, groups), preferred, col["address"]).astype(object)


_COMPANY_PARTS = ("region", "brand", "industry", "legal_form", "branch")


def _company_parts(std: pd.DataFrame, name: np.ndarray, name_p: np.ndarray, is_company: np.ndarray,
                   count: int) -> dict[str, np.ndarray]:
    """The parsed parts of each company entity's golden name ('' for a person entity).

    Standardize parsed every record's company already and keeps the parts in
    ``company_<part>``; the golden name is its record's company, whose full form parses to
    the same parts again, so they are read from that record.  A frame without those
    columns (a caller's own) has each distinct name parsed."""
    columns = [f"company_{part}" for part in _COMPANY_PARTS]
    if all(c in std.columns for c in columns):
        picked = np.where(is_company, name_p, -1)
        return {part: _at(std[c].to_numpy(), picked) for part, c in zip(_COMPANY_PARTS, columns, strict=True)}
    codes, distinct = factorize(name[is_company])
    parsed = [parse_company(n) for n in distinct]
    out: dict[str, np.ndarray] = {}
    for part in _COMPANY_PARTS:
        out[part] = np.full(count, "", dtype=object)
        out[part][is_company] = np.array([getattr(c, part) for c in parsed], dtype=object)[codes]
    return out


def golden_entities(std: pd.DataFrame, contacts: pd.DataFrame, rules: Survive,
                    parts: RecordParts | None = None) -> pd.DataFrame:
    """One golden row per customer entity, with ``name_from`` and ``address_from``;
    ``completeness`` and ``missing`` as for :func:`golden_contacts` (``std`` also carries
    ``parent_entity_id``)."""
    col = {c: std[c].to_numpy() for c in ("source", "company", "company_key", "address", "province", "city",
                                          "district", "updated_at", "entity_id", "entity_kind", "contact_id")}
    groups = _Groups.by(std["entity_label"].to_numpy())
    ties = _TieBreaks.of(col["updated_at"], col["source"], rules.source_priority)
    first = groups.first
    kind = col["entity_kind"][first]
    is_company = kind == "company"

    address_p = _pick_all(_entity_addresses(std, col, groups), groups, ties, rules.entity_address)
    name_p = np.where(is_company, _pick_all(_entity_names(std, col, groups, ties), groups, ties, rules.entity_name),
                      -1)
    # a person entity is named after its contact's golden name, and so is its provenance
    person = pd.Index(contacts["contact_id"]).get_indexer(col["contact_id"][first])
    person_name = _at(contacts["name"].to_numpy(dtype=object), person)
    person_from = _at(contacts["name_from"].to_numpy(dtype=object), person)
    name = np.where(is_company, _at(col["company"], name_p), person_name).astype(object)
    name_from = np.where(is_company, _refs(std, name_p), person_from).astype(object)

    parent = std["parent_entity_id"].to_numpy()[first]
    entities = pd.DataFrame({
        "entity_id": col["entity_id"][first],
        "kind": kind,
        "parent_entity_id": parent.astype(object),
        "name": name,
        **_company_parts(std, name, name_p, is_company, groups.count),
        "province": _at(col["province"], address_p),
        "city": _at(col["city"], address_p),
        "district": _at(col["district"], address_p),
        "address": _at(col["address"], address_p),
        # its contacts are those that belong to it now, not the job changers whose earlier records name it
        "contact_count": contacts["entity_id"].value_counts().reindex(col["entity_id"][first], fill_value=0)
        .to_numpy(dtype=np.int64),
        "record_count": groups.size.astype(np.int64),
        "sources": _join_sources(ties, groups),
        "name_from": name_from,
        "address_from": _refs(std, address_p),
    }, copy=False)  # the columns are new arrays: no need to copy them into one block
    entities["completeness"], entities["missing"] = _completeness(std, parts, groups)
    return _sorted_by(entities, "entity_id")
