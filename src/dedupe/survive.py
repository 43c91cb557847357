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
        sorted_labels = labels[order]
        new = np.ones(len(order), dtype=bool)
        new[1:] = sorted_labels[1:] != sorted_labels[:-1]
        group = np.cumsum(new) - 1
        of = np.empty(len(order), dtype=np.int64)
        of[order] = group
        return cls(order, group, of, order[new], np.bincount(group))

    @property
    def count(self) -> int:
        return len(self.first)


@dataclass(frozen=True)
class _TieBreaks:
    """Per-record sort ranks shared by every field: smaller rank wins."""

    recency: np.ndarray  # later ``updated_at`` first, blank last (the order of ``_neg``)
    source: np.ndarray  # position in ``source_priority``, then source name

    @classmethod
    def of(cls, updated: np.ndarray, sources: np.ndarray, priority: Sequence[str]) -> _TieBreaks:
        # ``_neg`` orders non-blank stamps as descending strings, except that a stamp followed by
        # NUL sorts after its prefix; only then pay for ``_neg`` itself (exact in either case).
        if any("\0" in s for s in set(updated.tolist())):
            recency, _ = _ranks(updated, key=_neg)
        else:
            recency, _ = _ranks(updated, reverse=True)
        rank = {s: i for i, s in enumerate(priority)}
        source, _ = _ranks(sources, key=lambda s: (rank.get(s, len(rank)), s))
        return cls(recency, source)


def _ranks(values: np.ndarray, key: Callable[[Any], Any] | None = None,
           reverse: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Dense rank of each value in Python's own ordering (``sorted``), and the distinct values
    in that order; only the distinct values are sorted."""
    codes, words = factorize(values)
    order = sorted(range(len(words)), key=words.__getitem__ if key is None else lambda i: key(words[i]),
                   reverse=reverse)
    rank = np.empty(len(words), dtype=np.int64)
    rank[order] = np.arange(len(words))
    distinct = np.empty(len(words), dtype=object)
    distinct[:] = words
    return rank[codes], distinct[order]


def _pick_all(values: np.ndarray, groups: _Groups, ties: _TieBreaks, strategy: str) -> np.ndarray:
    """:func:`pick` for every group at once: the chosen record position per group, -1 if all blank.

    Each criterion of ``pick``'s sort key becomes an integer column and one lexsort orders
    the non-blank records of all groups; the first record of each group is its pick.
    """
    chosen = np.full(groups.count, -1, dtype=np.int64)
    cand = groups.order[values[groups.order] != ""]  # non-blank, group by group
    if not len(cand):
        return chosen
    group = groups.of[cand]
    text = values[cand]
    codes, distinct = factorize(text)
    # how often each value occurs among its group's non-blank values (pick's Counter)
    _, inverse, counts = np.unique(group * len(distinct) + codes, return_inverse=True, return_counts=True)
    freq = -counts[inverse.ravel()]
    longest = -np.fromiter(map(len, distinct), dtype=np.int64, count=len(distinct))[codes]
    recent, source = ties.recency[cand], ties.source[cand]
    criteria = {
        "most_frequent": (freq, recent, longest, source),
        "most_recent": (recent, freq, longest, source),
        "most_complete": (longest, freq, recent, source),
        "source_priority": (source, freq, recent),
    }[strategy]
    # lexsort's last key is the primary one: group, then the criteria, then input position
    ranked = np.lexsort((cand, *reversed(criteria), group))
    head = np.ones(len(ranked), dtype=bool)
    head[1:] = group[ranked[1:]] != group[ranked[:-1]]
    best = ranked[head]
    chosen[group[best]] = cand[best]
    return chosen


def _at(values: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """``values[p]`` for each position, '' where the position is -1 (nothing picked)."""
    out = values[np.maximum(positions, 0)]
    return np.where(positions >= 0, out, "").astype(object)


def _join_per_group(tokens: np.ndarray, group: np.ndarray, count: int) -> np.ndarray:
    """';'-join tokens listed group after group; '' for a group without tokens."""
    out = np.full(count, "", dtype=object)
    if len(tokens):
        cuts = np.flatnonzero(group[1:] != group[:-1]) + 1
        starts, ends = np.r_[0, cuts], np.r_[cuts, len(group)]
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
    text = values[groups.order]
    keep = text != ""
    text, group, position = text[keep], groups.group[keep], groups.order[keep]
    # split every value at once: joining then splitting yields each value's items in turn
    items = ";".join(text.tolist()).split(";") if len(text) else []
    if len(items) != len(text):
        per_value = [t.count(";") + 1 for t in text.tolist()]
        group, position = np.repeat(group, per_value), np.repeat(position, per_value)
    tokens = np.array(items, dtype=object)
    codes, distinct = factorize(tokens)
    # entries run in input order within a group, so each (group, item)'s first entry is its
    # first record in input order
    _, first = np.unique(group * len(distinct) + codes, return_index=True)
    first.sort()  # back to first-seen order
    return (_join_per_group(tokens[first], group[first], groups.count),
            _join_per_group(refs[position[first]], group[first], groups.count))


def _join_sources(sources: np.ndarray, groups: _Groups) -> np.ndarray:
    """Per group, its distinct source names, sorted and ';'-joined."""
    codes, names = _ranks(sources)  # names in Python string order
    pairs = np.unique(groups.of * len(names) + codes)  # group-major, then by name
    return _join_per_group(names[pairs % len(names)], pairs // len(names), groups.count)


def _refs(std: pd.DataFrame) -> np.ndarray:
    """``source:row`` of every record, the provenance format of the ``*_from`` columns."""
    return (std["source"] + ":" + std["row"].astype(str)).to_numpy(dtype=object)


def _latest(stamps: np.ndarray, groups: _Groups) -> tuple[np.ndarray, np.ndarray]:
    """Per group, its latest ``updated_at`` ('' when none) and the first record, in input
    order, holding it (-1 when none)."""
    stamp_rank, distinct = _ranks(stamps)  # ascending string order: '' ranks lowest
    ranked = stamp_rank[groups.order]
    latest = np.maximum.reduceat(ranked, np.r_[0, np.cumsum(groups.size)[:-1]])
    holders = np.flatnonzero((ranked == latest[groups.group]) & (stamps[groups.order] != ""))
    chosen = np.full(groups.count, -1, dtype=np.int64)
    # holders run group after group in input order: the first of each group is its pick
    _, head = np.unique(groups.group[holders], return_index=True)
    chosen[groups.group[holders[head]]] = groups.order[holders[head]]
    return distinct[latest].astype(object), chosen


def golden_contacts(std: pd.DataFrame, rules: Survive, parts: RecordParts | None = None) -> pd.DataFrame:
    """One golden row per contact (``std`` carries ``contact_id`` and ``entity_id``, and from
    :func:`dedupe.entities.build_entities` ``company_current`` and ``company_earlier``).

    ``parts`` (:func:`dedupe.completeness.record_parts`) gives ``completeness`` and
    ``missing``; without it they count the role parts of every record.

    Every golden value has its provenance: ``<field>_from`` is the ``source:row`` of the
    record it came from (province, city and district come from ``address_from``'s
    record, with the address); a list field's ``<field>_from`` names, item by item,
    the first record in input order holding that item.
    """
    col = {c: std[c].to_numpy() for c in (
        "source", "name", "honorific_only", "gender", "company", "title", "address", "province", "city",
        "district", "mobile", "phone", "email", "updated_at", "id_card", "wechat", "qq", "contact_id",
        "entity_id")}
    groups = _Groups.by(std["contact_label"].to_numpy())
    ties = _TieBreaks.of(col["updated_at"], col["source"], rules.source_priority)
    refs = _refs(std)

    def choose(field: str, strategy: str) -> np.ndarray:
        return _pick_all(col[field], groups, ties, strategy)

    # a full name beats an honorific-only one (张先生); fall back to that if nothing else
    full_names = np.where(col["honorific_only"].astype(bool), "", col["name"]).astype(object)
    name_p = _pick_all(full_names, groups, ties, rules.name)
    name_p = np.where(name_p >= 0, name_p, choose("name", rules.name))
    gender_p = choose("gender", rules.gender)
    # a job changer's golden company is the current one, its entity's; the others are history
    current_company = np.where(std["company_current"].to_numpy(dtype=bool), col["company"], "").astype(object)
    company_p = _pick_all(current_company, groups, ties, rules.company)
    earlier = std["company_earlier"].to_numpy()
    previous, previous_from = _join_ranked(col["company"], refs, earlier, groups)
    title_p = choose("title", rules.title)
    # standardize keeps only valid ID numbers, so a valid ID always beats an invalid one
    id_card_p = choose("id_card", rules.id_card)
    address_p = choose("address", rules.address)
    address_text = _at(col["address"], address_p)
    address_p = np.where(address_p >= 0, address_p, choose("city", "most_frequent"))  # maybe a city column
    updated_at, updated_p = _latest(col["updated_at"], groups)
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
        "sources": _join_sources(col["source"], groups),
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
    })
    contacts["completeness"], contacts["missing"] = _completeness(std, parts, groups)
    return contacts.sort_values("contact_id", kind="stable").reset_index(drop=True)


def _completeness(std: pd.DataFrame, parts: RecordParts | None, groups: _Groups) -> tuple[np.ndarray, list[str]]:
    """``completeness`` and ``missing`` per group (see :mod:`dedupe.completeness`)."""
    parts = parts if parts is not None else record_parts(std)
    column, present = per_group(parts, groups.of, groups.count)
    return scores(column, present, parts.names[:parts.scored])


def _entity_names(std: pd.DataFrame, col: dict[str, np.ndarray], groups: _Groups, ties: _TieBreaks) -> np.ndarray:
    """The company names a company entity's golden name is chosen from: those of its records
    that name its company (not a company a contact has left), written in Chinese with the
    entity's commonest key (锐中网络科技 over 'Chongqing Ruizhong Network Technology Co.,
    Ltd.', which is the same company) when there is one; else every company name."""
    names = np.where(std["company_current"].to_numpy(dtype=bool), col["company"], "").astype(object)
    chinese = np.fromiter((not n.isascii() for n in names.tolist()), dtype=bool, count=len(names))
    key = np.where(chinese, col["company_key"], "").astype(object)
    commonest = _at(col["company_key"], _pick_all(key, groups, ties, "most_frequent"))[groups.of]
    preferred = np.where(chinese & (col["company_key"] == commonest), names, "").astype(object)
    return np.where(_any_in_group(preferred, groups), preferred, names).astype(object)


def _any_in_group(values: np.ndarray, groups: _Groups) -> np.ndarray:
    """Per record, whether its group has any non-blank value."""
    return (np.bincount(groups.of, weights=values != "", minlength=groups.count) > 0)[groups.of]


def _entity_addresses(std: pd.DataFrame, col: dict[str, np.ndarray], groups: _Groups) -> np.ndarray:
    """The addresses a company entity's golden address is chosen from: those of records that
    name its company in a company column (a CRM's 公司地址), not a former employer's nor an
    order's delivery address; failing those, every address of its records."""
    staff = std["company_current"].to_numpy(dtype=bool) & (col["company_key"] != "") & ~std["company_inferred"].to_numpy(dtype=bool)
    preferred = np.where(staff, col["address"], "").astype(object)
    return np.where(_any_in_group(preferred, groups), preferred, col["address"]).astype(object)


def golden_entities(std: pd.DataFrame, contacts: pd.DataFrame, rules: Survive,
                    parts: RecordParts | None = None) -> pd.DataFrame:
    """One golden row per customer entity, with ``name_from`` and ``address_from``;
    ``completeness`` and ``missing`` as for :func:`golden_contacts` (``std`` also carries
    ``parent_entity_id``)."""
    col = {c: std[c].to_numpy() for c in ("source", "company", "company_key", "address", "province", "city",
                                          "district", "updated_at", "entity_id", "entity_kind", "contact_id")}
    groups = _Groups.by(std["entity_label"].to_numpy())
    ties = _TieBreaks.of(col["updated_at"], col["source"], rules.source_priority)
    refs = _refs(std)
    first = groups.first
    kind = col["entity_kind"][first]
    is_company = kind == "company"

    address_p = _pick_all(_entity_addresses(std, col, groups), groups, ties, rules.entity_address)
    name_p = np.where(is_company, _pick_all(_entity_names(std, col, groups, ties), groups, ties, rules.entity_name),
                      -1)
    # a person entity is named after its contact's golden name, and so is its provenance
    person = contacts.set_index("contact_id").reindex(col["contact_id"][first])
    person_name = person["name"].fillna("").to_numpy(dtype=object)
    person_from = person["name_from"].fillna("").to_numpy(dtype=object)
    name = np.where(is_company, _at(col["company"], name_p), person_name).astype(object)
    name_from = np.where(is_company, _at(refs, name_p), person_from).astype(object)

    # parse each distinct golden company name once
    codes, distinct = factorize(name[is_company])
    parsed = [parse_company(n) for n in distinct]
    company_parts: dict[str, np.ndarray] = {}
    for part in ("region", "brand", "industry", "legal_form", "branch"):
        company_parts[part] = np.full(groups.count, "", dtype=object)
        company_parts[part][is_company] = np.array([getattr(c, part) for c in parsed], dtype=object)[codes]

    # distinct contacts per entity: distinct (group, contact) pairs, counted per group
    contact_code, contact_ids = factorize(col["contact_id"])
    pairs = np.unique(groups.of * len(contact_ids) + contact_code)
    contact_count = np.bincount(pairs // len(contact_ids), minlength=groups.count)

    parent = std["parent_entity_id"].to_numpy()[first]
    entities = pd.DataFrame({
        "entity_id": col["entity_id"][first],
        "kind": kind,
        "parent_entity_id": parent.astype(object),
        "name": name,
        **company_parts,
        "province": _at(col["province"], address_p),
        "city": _at(col["city"], address_p),
        "district": _at(col["district"], address_p),
        "address": _at(col["address"], address_p),
        "contact_count": contact_count.astype(np.int64),
        "record_count": groups.size.astype(np.int64),
        "sources": _join_sources(col["source"], groups),
        "name_from": name_from,
        "address_from": _at(refs, address_p),
    })
    entities["completeness"], entities["missing"] = _completeness(std, parts, groups)
    return entities.sort_values("entity_id", kind="stable").reset_index(drop=True)
