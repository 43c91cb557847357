"""Customer entities: contacts into companies (with branches and their parents) or persons.

A contact who names a company belongs to that company; a contact seen at two
companies (changed jobs) belongs to the most recent one, and the others are
kept as its history.  A record is its contact's, except a record naming (in a
company column) a company its contact has left: that record belongs to the
company it names, which is an entity even when no contact works there now.
A company is identified

1. by its USCC (统一社会信用代码) when a record gives one: two spellings with one
   USCC are one company, two USCCs under one name are two companies;
2. else by company key and region (北京华瑞科技 and 华瑞（北京）科技有限公司 are one
   company, 华瑞 in 北京 and 华瑞 in 成都 are two); a branch (华瑞上海分公司) is
   an entity of its own whose ``parent`` is the company it belongs to.

A contact who names no company joins one only on supporting evidence that
points at exactly one company: the office address of its staff (same building
and room), its switchboard or hotline, or its corporate mail domain.  Anyone
else is a ``person`` entity of their own.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .codes import factorize
from .normalize.address import detail_parts, parse_address
from .normalize.company import parse_company
from .normalize.name import to_pinyin
from .normalize.phone import area_code_cities

__all__ = ["Entities", "build_entities", "short_region"]


@dataclass(frozen=True)
class Entities:
    """The entity of every record, via its contact.

    ``label`` is the entity's smallest record position (as contact labels are),
    ``kind`` 'company' or 'person', ``parent`` the label of the entity a branch
    belongs to (-1 for none or unknown), per record.  ``current`` is False for a
    record naming a company its contact has left; such a record named in a company
    column is the entity of that company.  ``contact_label`` is, per record, the label
    of its contact's entity (the record's own but for those).  ``history`` maps a contact
    label to the record positions naming the companies it was at before, one per
    company (its latest record), most recent first.
    """

    label: np.ndarray
    kind: np.ndarray
    parent: np.ndarray
    current: np.ndarray
    contact_label: np.ndarray
    history: dict[int, list[int]] = field(default_factory=dict)


def short_region(name: str) -> str:
    """A division name without its level suffix, for comparing with company regions.

    >>> short_region("北京市"), short_region("广东省"), short_region("深圳")
    ('北京', '广东', '深圳')
    """
    for suffix in ("特别行政区", "自治区", "自治州", "省", "市", "地区", "盟", "区", "县"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


_BRANCH_WORD = re.compile(r"(?:分公司|办事处|分部|分店|分厂|分行|支行|营业部)$")

# An entity's identity: ('key', company key, region) or ('uscc', number, '')
_Identity = tuple[str, str, str]


def _column(std: pd.DataFrame, name: str, default: object = "") -> np.ndarray:
    """A column of ``std``, or ``default`` everywhere when it is absent (small frames in tests)."""
    if name in std:
        return std[name].to_numpy()
    return np.full(len(std), default, dtype=object if isinstance(default, str) else type(default))


def build_entities(std: pd.DataFrame, contact: np.ndarray) -> Entities:
    """The entity of every record (see :class:`Entities`): its contact's, but for a record
    naming in a company column a company its contact has left, which is that company's.

    Each contact takes the company of its most recent record that names one in a
    company column, else of its most recent record with a company read from its
    name or address.
    A company named without a region takes the region the contact's own records
    state for it, else the one region its key is known in, else the region of the
    contact's city (for a record with no place but a landline, its area code's city: a
    ticket's '峰泰' dialled from 0571 is 杭州's 峰泰), else the key's most common one.
    """
    key = std["company_key"].to_numpy()
    has_company = key != ""
    updated = std["updated_at"].to_numpy()
    # oldest first, ties by input order; a company read from a name or an address (an order
    # sent to the office) before every company given in a company column, which wins
    inferred = _column(std, "company_inferred", False).astype(bool)
    order = np.lexsort((np.arange(len(std)), updated, ~inferred))
    company_of = _latest(contact, order, has_company)

    canonical = _canonical_keys(std, has_company)  # per record
    region = _fold_provinces(canonical, std["company_region"].to_numpy())
    city = _located(std)
    contact_company = {c: (canonical[i], i) for c, i in company_of.items()}
    own = _own_places(contact, order, canonical, region, city)
    industry = _industry_kind(std["company_industry"].to_numpy())
    entity_key = _entity_keys(company_of, canonical, region, city, own, industry)

    _join_branches_of_inferred(entity_key, contact_company, inferred)
    _split_by_industry(entity_key, contact_company, industry)
    identity = _by_uscc(entity_key, contact_company, std, contact)
    uscc = _column(std, "uscc")

    def same_company(i: int, j: int) -> bool:
        """Records i and j name one company: one USCC when both give one, else one key and
        no stated region or industry that differs (锐中网络科技 and 锐中科技 are one)."""
        if uscc[i] and uscc[j]:
            return bool(uscc[i] == uscc[j])
        key = canonical[i]
        # a branch is its own place whatever region its name states: the English name of
        # 重庆锐中…苏州分公司 gives 重庆, the Chinese one 苏州
        return (key == canonical[j] and ("#" in key or not region[i] or not region[j] or region[i] == region[j])
                and (not industry[i] or not industry[j] or industry[i] in industry[j] or industry[j] in industry[i]))

    # Records naming a company the contact has left.  A company read from a name or an
    # address is not a former employer (it is usually the current one written otherwise:
    # 锐中网络科技 at its 苏州 branch's address), yet not the contact's company either.
    current = np.ones(len(std), dtype=bool)
    record_of = np.full(_labels_size(contact), -1, dtype=np.int64)  # per contact label: its company's record
    record_of[list(company_of)] = list(company_of.values())
    theirs = record_of[contact]
    others = np.flatnonzero(has_company & (theirs >= 0) & (theirs != np.arange(len(std))))
    current[others] = [same_company(i, j) for i, j in zip(others.tolist(), theirs[others].tolist(), strict=True)]
    _attach_by_evidence(identity, std, contact, has_company & ~inferred & current)

    # An entity's label is its smallest record position, as for contacts.
    left = has_company & ~inferred & ~current
    # a record naming a company without its region: the region the contact's own records state for it
    stated = region.copy()
    for i in np.flatnonzero(left & (region == "")).tolist():
        stated[i] = own.region.get((int(contact[i]), canonical[i]), "")
    former = _former_companies(left, identity, entity_key, canonical, stated, uscc, industry)
    then = _dated_former(former, has_company, contact, updated)
    labels, kinds, first_of_entity = _entity_labels(identity, contact, {**former, **then})
    of_contact = labels.copy()
    moved = np.array([*former, *then], dtype=np.int64)
    of_contact[moved] = [first_of_entity[identity[c]] for c in contact[moved].tolist()]
    parent = _parents(identity, entity_key, first_of_entity, std, contact, of_contact, labels, current,
                      _former_keys(former, identity, canonical, region))
    history = _history(contact_company, same_company, canonical, region, contact, order, left)
    return Entities(labels, kinds, parent, current, of_contact, history)


def _located(std: pd.DataFrame) -> np.ndarray:
    """Each record's city, or for a record with none, the city its landlines' one area code
    is (``place``: a ticket with only 0571-… is in 杭州); none for a code several cities
    share (0731: 长沙, 株洲 and 湘潭)."""
    city = std["city"].to_numpy()
    place = _column(std, "place")
    dialled = (city == "") & (place != "")
    if not dialled.any():
        return city
    codes, areas = factorize(place[dialled])
    located = city.copy()
    one = [area_code_cities(a) if a.isdigit() else () for a in areas]
    located[dialled] = np.array([c[0] if len(c) == 1 else "" for c in one], dtype=object)[codes]
    return located


def _fold_provinces(key: np.ndarray, region: np.ndarray) -> np.ndarray:
    """Company regions with a province read as the one city of it that the same key is named
    with: 广东星锐机械设备 and 星锐(佛山)机械设备 are one company in 佛山, where nothing else
    names a 星锐 of 广东.  With two cities of that province (星锐 of 佛山 and of 深圳) the
    province says neither, and stays as it is.

    >>> _fold_provinces(np.array(["星锐", "星锐", "华瑞", "华瑞", "华瑞"], dtype=object),
    ...                 np.array(["广东", "佛山", "广东", "佛山", "深圳"], dtype=object)).tolist()
    ['佛山', '佛山', '广东', '佛山', '深圳']
    """
    stated = np.flatnonzero((key != "") & (region != ""))
    by_key: dict[str, set[str]] = defaultdict(set)
    for k, r in set(zip(key[stated].tolist(), region[stated].tolist(), strict=True)):
        by_key[k].add(r)
    level: dict[str, tuple[str, bool]] = {}  # region -> (its province, whether it is one)
    folded: dict[tuple[str, str], str] = {}
    for k, regions in by_key.items():
        if len(regions) < 2:
            continue
        for r in regions - level.keys():
            place = parse_address(r)
            level[r] = (place.province, bool(place.province) and not place.city)
        for r in regions:
            province, is_province = level[r]
            if is_province:
                inside = [c for c in regions if c != r and not level[c][1] and level[c][0] == province]
                if len(inside) == 1:
                    folded[(k, r)] = inside[0]
    if not folded:
        return region
    out = region.copy()
    provinces = np.array(sorted({r for _, r in folded}), dtype=object)
    for i in stated[np.isin(region[stated], provinces)].tolist():
        out[i] = folded.get((key[i], region[i]), region[i])
    return out


def _labels_size(contact: np.ndarray) -> int:
    """Length of an array indexed by contact label."""
    return int(contact.max()) + 1 if len(contact) else 0


def _latest(group: np.ndarray, order: np.ndarray, has: np.ndarray) -> dict[int, int]:
    """Per group label (a contact; a contact and a company key), its latest record (last in
    ``order``) among those where ``has`` is set, groups in order of their first such record."""
    named = order[has[order]]
    latest = pd.Series(named).groupby(group[named], sort=False).last()
    return dict(zip(latest.index.tolist(), latest.tolist(), strict=True))


def _former_companies(left: np.ndarray, identity: dict[int, _Identity], entity_key: dict[int, tuple[str, str]],
                      canonical: np.ndarray, region: np.ndarray, uscc: np.ndarray,
                      industry: np.ndarray | None = None) -> dict[int, _Identity]:
    """The company each ``left`` record names (a company its contact has left), record position ->
    identity: the company of that USCC, else the one company of that key and region (of that key,
    for a record stating no region), else, when no company has that key and region, a company of
    its own, known by its USCC or key and region.  Where one brand in one city is several
    companies by industry (锐中网络科技, 锐中贸易: :func:`_split_by_industry`), the record's
    industry picks among them.  A key two companies share (华瑞 in 深圳 and in 成都, named
    without a region) decides nothing: the record is left out and stays its contact's."""
    of_key: dict[str, set[tuple[_Identity, str]]] = defaultdict(set)
    of_key_region: dict[tuple[str, str], set[tuple[_Identity, str]]] = defaultdict(set)
    for c, (k, r) in entity_key.items():  # contacts naming a company (not those joined on evidence)
        brand, _, trade = k.rpartition("/") if "/" in k else (k, "", "")
        of_key[brand].add((identity[c], trade))
        of_key_region[(brand, r)].add((identity[c], trade))
    known = set(identity.values())
    out: dict[int, _Identity] = {}
    for i in np.flatnonzero(left).tolist():
        u, k, r = uscc[i], canonical[i], region[i]
        if u and ("uscc", u, "") in known:
            out[i] = ("uscc", u, "")
            continue
        # a branch names its own place (立成腾#郑州分公司), whatever region the record states
        candidates = of_key_region.get((k, r), set()) if r and "#" not in k else of_key.get(k, set())
        found = {ident for ident, _ in candidates}
        ind = industry[i] if industry is not None else ""
        if len(found) > 1 and ind:
            fits = {ident for ident, trade in candidates if trade and (ind in trade or trade in ind)}
            found = fits or found
        if len(found) == 1:
            out[i] = next(iter(found))
        elif not found:
            out[i] = ("uscc", u, "") if u else ("key", k, r)
    return out


def _dated_former(former: dict[int, _Identity], has_company: np.ndarray, contact: np.ndarray,
                  updated: np.ndarray) -> dict[int, _Identity]:
    """The company a job changer was at when it wrote a record naming none (an order sent
    home in 2020, while it was at 华瑞): record position -> that former company, where the
    contact's latest record naming a company on or before that date names one it has left.
    A record with no date, or dated before anything the contact names, stays its contact's.

    >>> _dated_former({0: ("key", "华瑞", "深圳")}, np.array([True, False, True, False]),
    ...               np.array([0, 0, 0, 0]), np.array(["2020-01-01", "2021-05-01", "2022-01-01", "2023-01-01"]))
    {1: ('key', '华瑞', '深圳')}
    """
    if not former:
        return {}
    changers = set(contact[list(former)].tolist())
    rows = np.flatnonzero(np.isin(contact, list(changers)) & (updated != ""))
    out: dict[int, _Identity] = {}
    by_contact: dict[int, list[int]] = defaultdict(list)
    for i in rows.tolist():
        by_contact[int(contact[i])].append(i)
    for records in by_contact.values():
        records.sort(key=lambda i: (updated[i], not has_company[i], i))  # a company named that day comes first
        at: int | None = None  # the latest record naming a company so far
        for i in records:
            if has_company[i]:
                at = i
            elif at is not None and at in former:
                out[i] = former[at]
    return out


def _entity_labels(identity: dict[int, _Identity], contact: np.ndarray, former: dict[int, _Identity] | None = None
                   ) -> tuple[np.ndarray, np.ndarray, dict[_Identity, int]]:
    """Per record, its entity's label (smallest record position of a company, the contact's label
    for a person) and kind, and each company's label; ``former`` gives records the company they
    name instead of their contact's (record position -> company)."""
    n = len(contact)
    former = former or {}
    companies = list(dict.fromkeys([*identity.values(), *former.values()]))
    number = {ident: k for k, ident in enumerate(companies)}
    company_of = np.full(_labels_size(contact), -1, dtype=np.int64)  # per contact label
    company_of[list(identity)] = [number[ident] for ident in identity.values()]
    company = company_of[contact]
    if former:
        company[list(former)] = [number[ident] for ident in former.values()]
    first = np.full(len(companies), n, dtype=np.int64)
    np.minimum.at(first, company[company >= 0], np.flatnonzero(company >= 0))
    labels = np.array(contact, dtype=np.int64)
    labels[company >= 0] = first[company[company >= 0]]
    kinds = np.where(company >= 0, "company", "person").astype(object)
    return labels, kinds, dict(zip(companies, first.tolist(), strict=True))


@dataclass(frozen=True)
class _OwnPlaces:
    """What a contact's own records say of where it works: per (contact, company key) the
    region its latest record stating one gives, and per contact its latest city."""

    region: dict[tuple[int, str], str]
    city: dict[int, str]


def _own_places(contact: np.ndarray, order: np.ndarray, canonical: np.ndarray, region: np.ndarray,
                city: np.ndarray) -> _OwnPlaces:
    """:class:`_OwnPlaces` of every contact, 'latest' meaning last in ``order``."""
    stated = (region != "") & (canonical != "")
    key_code = np.zeros(len(contact), dtype=np.int64)
    key_code[stated] = factorize(canonical[stated])[0]
    # one group per (contact, key), and its latest record stating a region
    pair = contact * (int(key_code.max(initial=0)) + 1) + key_code
    said = np.array(list(_latest(pair, order, stated).values()), dtype=np.int64)
    lived = _latest(contact, order, city != "")
    pairs = zip(contact[said].tolist(), canonical[said].tolist(), strict=True)
    return _OwnPlaces(dict(zip(pairs, region[said].tolist(), strict=True)),
                      dict(zip(lived, city[list(lived.values())].tolist(), strict=True)))


def _entity_keys(company_of: dict[int, int], canonical: np.ndarray, region: np.ndarray, city: np.ndarray,
                 own: _OwnPlaces, industry: np.ndarray | None = None) -> dict[int, tuple[str, str]]:
    """Each company contact's (key, region), contacts in order: the region its company states;
    for a company named without one (a ticket's '万睿'), the region the contact's own records
    state for that key (its 苏州万睿物流有限责任公司 of last year), else the one region the key
    is known in (among company contacts; failing them, among any records: those of people who
    have left it); else, among the regions where the key's companies state the industry this
    one does (峰泰商贸集团 beside 峰泰(杭州)商贸集团 and 峰泰(南昌)新能源: 杭州), or among all its
    regions when none does, the region of the contact's city (its company record's, else its
    latest; ``city`` is :func:`_located`'s, so a ticket with only a landline is where its area
    code is) if it is one of them, else the commonest of them; none for a branch (it names its
    own place: 锐中#苏州分公司 whatever the parent's region)."""
    contacts = np.array(sorted(company_of), dtype=np.int64)
    rows = np.array([company_of[c] for c in contacts.tolist()], dtype=np.int64)
    key, stated = canonical[rows], region[rows]
    branch = np.array(["#" in k for k in key.tolist()], dtype=bool)
    out = np.where(branch, "", stated).astype(object)
    for j in np.flatnonzero(~branch & (out == "")).tolist():
        out[j] = own.region.get((int(contacts[j]), key[j]), "")
    told = out.astype(bool)
    # per key, the regions its contacts' companies are in and how often
    counts = pd.DataFrame({"k": key[told], "r": out[told]}).groupby(["k", "r"], sort=False).size()
    regions: dict[str, dict[str, int]] = defaultdict(dict)
    for (k, r), n in counts.items():
        regions[k][r] = n
    trades: dict[tuple[str, str], set[str]] = defaultdict(set)  # (key, region) -> industries stated there
    if industry is not None:
        for k, r, ind in zip(key[told].tolist(), out[told].tolist(), industry[rows][told].tolist(), strict=True):
            if ind:
                trades[(k, r)].add(ind)
    # a key no company contact states a region for: the regions its other records state (the
    # earlier records of those who have left it)
    unknown = {key[j] for j in np.flatnonzero(~branch & ~told).tolist()} - regions.keys()
    if unknown:
        for i in np.flatnonzero((region != "") & pd.Series(canonical).isin(unknown).to_numpy()).tolist():
            regions[canonical[i]][region[i]] = regions[canonical[i]].get(region[i], 0) + 1
    ranked: dict[str, list[str]] = {}
    for j in np.flatnonzero(~branch & ~told).tolist():
        c = int(contacts[j])
        known = regions.get(key[j])
        if not known:
            continue
        if key[j] not in ranked:
            ranked[key[j]] = [r for r, _ in sorted(known.items(), key=lambda kv: (-kv[1], kv[0]))]
        candidates = ranked[key[j]]
        ind = industry[rows[j]] if industry is not None else ""
        if ind and len(candidates) > 1:
            alike = [r for r in candidates if any(ind in t or t in ind for t in trades.get((key[j], r), ()))]
            candidates = alike or candidates
        here = short_region(city[rows[j]] or own.city.get(c, ""))
        out[j] = here if len(candidates) > 1 and here and here in candidates else candidates[0]
    return dict(zip(contacts.tolist(), zip(key.tolist(), out.tolist(), strict=True), strict=True))


def _canonical_keys(std: pd.DataFrame, has_company: np.ndarray) -> np.ndarray:
    """Each record's company key, or for a name written in English ('Huarui Technology ...
    Suzhou Branch' carries a pinyin brand) the Chinese key that reads the same where there
    is one.  Several Chinese brands may read alike (隆旭 and 龙旭 are both longxu): the one
    in the English name's region is taken, then the one in its industry, then the commonest.
    Each distinct (key, pinyin, branch, region, industry) is worked out once."""
    key = std["company_key"].to_numpy()
    rows = np.flatnonzero(has_company)
    # distinct (key, pinyin, branch, region, industry) in order of first record, and how many
    # records give each
    parts = [pd.factorize(_column(std, c)[rows], use_na_sentinel=False)
             for c in ("company_key", "company_pinyin", "company_branch", "company_region", "company_industry")]
    code = np.zeros(len(rows), dtype=np.int64)
    for codes, uniques in parts:  # numbered in order of first appearance at each step
        code = pd.factorize(code * max(len(uniques), 1) + codes)[0]
    distinct = int(code.max()) + 1 if len(code) else 0
    at = np.unique(code, return_index=True)[1]  # each distinct combination's first record
    combos = list(zip(*(uniques[codes[at]].tolist() for codes, uniques in parts), strict=True))
    count = np.bincount(code, minlength=distinct).tolist()
    branch_pinyin: dict[str, str] = {}

    def pinyin_of(b: str) -> str:
        if b not in branch_pinyin:
            branch_pinyin[b] = to_pinyin(b)
        return branch_pinyin[b]

    def reading(k: str, p: str, b: str) -> tuple[str, str]:
        return p or k.split("#")[0], pinyin_of(b)

    # the English names ('ruizhong#Suzhou分公司': the brand part decides whether the name was
    # written in English), and the readings they need a Chinese key for
    english = [j for j, t in enumerate(combos) if t[0].split("#")[0].isascii()]
    wanted = {reading(*combos[j][:3]) for j in english}
    # each Chinese key of a wanted reading counted under it, keys in order of first record
    # (most_common keeps that order among equal counts); and the regions and industries it is in
    by_pinyin: dict[tuple[str, str], Counter] = defaultdict(Counter)
    places: dict[str, set[str]] = defaultdict(set)
    trades: dict[str, set[str]] = defaultdict(set)
    for (k, p, b, r, i), n in zip(combos, count, strict=True) if wanted else ():
        if p and not k.split("#")[0].isascii() and (read := reading(k, p, b)) in wanted:
            by_pinyin[read][k] += n
            places[k].add(r)
            trades[k].add(_INDUSTRY_KIN.get(i, i))

    def canonical(k: str, p: str, b: str, r: str, i: str) -> str:
        found = by_pinyin.get(reading(k, p, b))
        if not found:
            return k
        ranked = [c for c, _ in found.most_common()]
        if len(ranked) == 1:
            return ranked[0]
        i = _INDUSTRY_KIN.get(i, i)
        # sorted() is stable: among equals the commonest (then the first seen) stays first
        return sorted(ranked, key=lambda c: (not (r and r in places[c]), not (i and i in trades[c])))[0]

    mapped = np.array([t[0] for t in combos], dtype=object)
    for j in english:
        mapped[j] = canonical(*combos[j])
    out = key.astype(object).copy()
    out[rows] = mapped[code]
    return out


def _join_branches_of_inferred(entity_key: dict[int, tuple[str, str]], contact_company: dict[int, tuple[str, int]],
                               inferred: np.ndarray) -> None:
    """锐中 in 苏州, where 锐中's only presence in 苏州 is its 苏州分公司: an order sent to the
    branch office names the brand alone."""
    branches: dict[tuple[str, str], set[str]] = defaultdict(set)
    for k, _r in entity_key.values():
        if "#" in k:
            brand, _, where = k.partition("#")
            branches[(brand, short_region(_BRANCH_WORD.sub("", where)))].add(k)
    for c, (k, r) in entity_key.items():
        found = branches.get((k, r))
        if found and len(found) == 1 and inferred[contact_company[c][1]]:
            entity_key[c] = (next(iter(found)), "")


# Industry words one company writes either way; its English name says 'Trading' for both
# 商贸 and 贸易, 'Information Technology' for 信息技术 and 信息科技.
_INDUSTRY_KIN = {"商贸": "贸易", "经贸": "贸易", "信息科技": "信息技术", "网络技术": "网络科技"}


def _industry_kind(industry: np.ndarray) -> np.ndarray:
    """Each industry word as the one its kin are compared by (商贸 as 贸易).

    >>> _industry_kind(np.array(["商贸", "贸易", "网络技术", ""], dtype=object)).tolist()
    ['贸易', '贸易', '网络科技', '']
    """
    codes, distinct = factorize(industry)
    return np.array([_INDUSTRY_KIN.get(v, v) for v in distinct], dtype=object)[codes]


def _split_by_industry(entity_key: dict[int, tuple[str, str]], contact_company: dict[int, tuple[str, int]],
                       industry: np.ndarray) -> None:
    """One brand in one city may be several companies: 锐中网络科技 and 锐中贸易.  Where a
    group's contacts state different industries, split it by industry; a contact
    whose company gives none joins the group's commonest industry."""
    contacts = np.array(sorted(contact_company), dtype=np.int64)
    rows = np.array([contact_company[c][1] for c in contacts.tolist()], dtype=np.int64)
    stated = industry[rows]
    group = pd.Series([entity_key[c] for c in contacts.tolist()], dtype=object)
    # groups whose contacts state two industries or more, their industries commonest first
    counts = pd.DataFrame({"g": group.to_numpy()[stated.astype(bool)], "i": stated[stated.astype(bool)]}).groupby(
        ["g", "i"], sort=False).size()
    seen: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for (g, ind), n in counts.items():
        seen[g][ind] = n
    ranked = {g: [x for x, _ in sorted(inds.items(), key=lambda kv: (-kv[1], kv[0]))]
              for g, inds in seen.items() if len(inds) >= 2}
    if not ranked:
        return
    for c, g, ind in zip(contacts.tolist(), group.tolist(), stated.tolist(), strict=True):
        if g in ranked:
            # 科技 and 网络科技 are one firm written short and long: the commonest that contains or is contained
            ind = next((x for x in ranked[g] if ind and (ind in x or x in ind)), ranked[g][0])
            entity_key[c] = (g[0] + "/" + ind, g[1])


def _by_uscc(entity_key: dict[int, tuple[str, str]], contact_company: dict[int, tuple[str, int]],
             std: pd.DataFrame, contact: np.ndarray) -> dict[int, _Identity]:
    """Each company contact's identity: its company's USCC where known, else key and region.

    A contact's USCC is the one on its most recent record naming its company.  A key
    and region under which exactly one USCC is known is that company; under two or
    more it is several companies, and a contact giving no USCC stays with the name.
    """
    uscc = _column(std, "uscc")
    key = std["company_key"].to_numpy()
    contact_uscc: dict[int, str] = {}
    for c, (_k, i) in contact_company.items():
        if uscc[i]:
            contact_uscc[c] = uscc[i]
    if not any(uscc):
        return {c: ("key", k, r) for c, (k, r) in entity_key.items()}
    # a USCC on another record of the contact that names the same company
    for i in np.flatnonzero(uscc != ""):
        c = int(contact[i])
        if c in contact_company and c not in contact_uscc and key[i] == key[contact_company[c][1]]:
            contact_uscc[c] = uscc[i]
    known: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c, u in contact_uscc.items():
        known[entity_key[c]].add(u)
    identity: dict[int, _Identity] = {}
    for c, (k, r) in entity_key.items():
        found = known.get((k, r), set())
        u = contact_uscc.get(c) or (next(iter(found)) if len(found) == 1 else "")
        identity[c] = ("uscc", u, "") if u else ("key", k, r)
    return identity


def _attach_by_evidence(identity: dict[int, _Identity], std: pd.DataFrame, contact: np.ndarray,
                        staff: np.ndarray) -> None:
    """A contact naming no company joins the one company its records point at: the office
    address of its staff (down to a floor or room: an order sent to the office), its
    switchboard or 400 number, its corporate mail domain.  Only ``staff`` records (naming
    the contact's current company in a company column) show what a company's evidence is.

    A value seen at two companies (a domain shared by a parent and its branch) decides
    nothing, nor does one that many more strangers than staff write (a placeholder domain,
    a number everybody copies): it says nothing about an employer.
    """
    companies = list(dict.fromkeys(identity.values()))
    number = {ident: n for n, ident in enumerate(companies)}
    company_of = np.full(_labels_size(contact), -1, dtype=np.int64)  # per contact label: its company's number
    company_of[list(identity)] = [number[ident] for ident in identity.values()]
    company = company_of[contact]  # per record
    lone = company < 0
    rows, values = _evidence(std, np.flatnonzero(lone | staff), lone)
    evidence = pd.DataFrame({"value": values, "contact": contact[rows], "company": company[rows]})
    at_staff = evidence[staff[rows]]
    # a value's owner: the one company its staff show it at (a value of two owns nothing)
    owned = at_staff.groupby("value", sort=False)["company"].agg(["nunique", "first", "size"])
    owned = owned[owned["nunique"] == 1]
    strangers = evidence[lone[rows]].drop_duplicates(["value", "contact"])
    strangers = strangers[strangers["value"].isin(owned.index)]
    count = strangers.groupby("value", sort=False)["contact"].transform("size").to_numpy()
    cap = np.maximum(_STRANGERS, 3 * owned["size"].reindex(strangers["value"]).to_numpy())
    found = pd.DataFrame({"contact": strangers["contact"].to_numpy()[count <= cap],
                          "company": owned["first"].reindex(strangers["value"]).to_numpy()[count <= cap]})
    found = found.drop_duplicates()
    one = found[~found["contact"].duplicated(keep=False)]  # exactly one company
    for c, n in zip(one["contact"].tolist(), one["company"].tolist(), strict=True):
        identity[c] = companies[n]


# Strangers (contacts naming no company) a piece of evidence may bring to one company, at
# least; beyond that and three per staff member it is a value everybody writes.
_STRANGERS = 20


def _evidence(std: pd.DataFrame, rows: np.ndarray, lone: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The values of records ``rows`` that tell their employer, as (record, value) pairs: an
    office address (a key whose detail has a floor or a room, and no 单元, which homes have),
    each landline or 400/800 number without extension (not a service line customers dial), a
    corporate mail domain.  An address only ``lone`` records or only staff give decides nothing: it is
    left out (parsing each office address is the slow part)."""
    address_key = _column(std, "address_key")[rows]
    codes, distinct = pd.factorize(address_key)
    stranger = lone[rows]
    both = ((np.bincount(codes[stranger], minlength=len(distinct)) > 0)
            & (np.bincount(codes[~stranger], minlength=len(distinct)) > 0) & (distinct != ""))
    office = np.zeros(len(distinct), dtype=bool)
    office[both] = [_office(k.partition("|")[2]) for k in distinct[both]]
    at_office = office[codes]
    phones = std["phone_list"].to_numpy()[rows] if "phone_list" in std else [()] * len(rows)  # (e164, kind, ext)
    dialled = [(r, "p:" + e164) for r, listed in zip(rows.tolist(), phones, strict=True)
               for e164, kind, _ext in listed if kind in ("landline", "tollfree")]
    domain = _column(std, "email_domain")[rows]
    mail = domain != ""
    record = np.concatenate([rows[at_office], np.array([r for r, _ in dialled], dtype=np.int64), rows[mail]])
    value = np.concatenate([np.array(["a:" + k for k in address_key[at_office]], dtype=object),
                            np.array([v for _, v in dialled], dtype=object),
                            np.array(["d:" + d for d in domain[mail]], dtype=object)])
    return record, value


def _office(detail: str) -> bool:
    _road, number, _building, unit, floor, room = detail_parts(detail)
    return bool(number and (floor or room) and not unit)


def _former_keys(former: dict[int, _Identity], identity: dict[int, _Identity], canonical: np.ndarray,
                 region: np.ndarray) -> dict[int, tuple[_Identity, str, str]]:
    """The records of companies that only job changers' earlier records name (nobody works
    there now): record position -> (company, key, region)."""
    now = set(identity.values())
    return {i: (ident, canonical[i], region[i]) for i, ident in former.items() if ident not in now}


def _parents(identity: dict[int, _Identity], entity_key: dict[int, tuple[str, str]],
             first_of_entity: dict[_Identity, int], std: pd.DataFrame, contact: np.ndarray,
             of_contact: np.ndarray, labels: np.ndarray, current: np.ndarray,
             former_only: dict[int, tuple[_Identity, str, str]]) -> np.ndarray:
    """Per record, the label of the company its entity is a branch of, or -1.

    The parent is the company named before the branch (北京华瑞科技有限公司 of
    北京华瑞科技有限公司上海分公司), found by brand and the parent's region; a
    branch naming only the brand (华瑞上海分公司) belongs to the brand's one
    company if it has exactly one.  Companies that only earlier records of job
    changers name (``former_only``) are branches and parents too.
    """
    parent = np.full(len(std), -1, dtype=np.int64)
    # companies by brand and region (an industry split keeps its brand before '/'), and branches
    by_brand: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    branches: dict[_Identity, str] = {}
    label_of = np.zeros(_labels_size(contact), dtype=np.int64)  # per contact label: its entity's
    label_of[contact] = of_contact
    plain: list[tuple[str, str, int]] = []
    for c, (k, r) in entity_key.items():
        if "#" in k:
            branches[identity[c]] = k.partition("#")[0]
        else:
            plain.append((k, r, c))
    # each (key, region, company) once: many contacts share them
    known = pd.DataFrame(plain, columns=["k", "r", "c"])
    known["c"] = label_of[known["c"].to_numpy(dtype=np.int64)]
    known = known.drop_duplicates()
    for k, r, first in zip(known["k"].tolist(), known["r"].tolist(), known["c"].tolist(), strict=True):
        by_brand[k.split("/")[0]][r].add(first)
    for ident, k, r in former_only.values():
        if "#" in k:
            branches[ident] = k.partition("#")[0]
        else:
            by_brand[k.split("/")[0]][r].add(first_of_entity[ident])
    if not branches:
        return parent
    company = _column(std, "company")
    parsed: dict[str, str] = {}  # company text -> the region of the parent it names
    regions_named: dict[_Identity, Counter] = defaultdict(Counter)
    # the parent a branch's records name matters only where its brand has a company
    of_branch = np.zeros(_labels_size(contact), dtype=bool)  # per contact label
    of_branch[[c for c, ident in identity.items() if ident in branches and branches[ident] in by_brand]] = True
    rows = [(i, identity[int(contact[i])])
            for i in np.flatnonzero(of_branch[contact] & company.astype(bool) & current).tolist()]
    rows += [(i, ident) for i, (ident, _, _) in former_only.items()
             if ident in branches and branches[ident] in by_brand and company[i]]
    for i, ident in rows:
        if company[i] not in parsed:
            named = parse_company(company[i]).parent
            parsed[company[i]] = parse_company(named).region if named else ""
        regions_named[ident][parsed[company[i]]] += 1
    entity_parent: dict[int, int] = {}
    for ident, brand in sorted(branches.items()):
        companies = by_brand.get(brand, {})
        named = [r for r, _ in sorted(regions_named[ident].items(), key=lambda kv: (-kv[1], kv[0])) if r]
        if named:
            found = companies.get(named[0], set())
        else:
            found = set().union(*companies.values()) if companies else set()
        found.discard(first_of_entity[ident])
        if len(found) == 1:
            entity_parent[first_of_entity[ident]] = next(iter(found))
    if entity_parent:
        parent[:] = pd.Series(labels).map(entity_parent).fillna(-1).to_numpy(dtype=np.int64)
    return parent


def _history(contact_company: dict[int, tuple[str, int]], same_company, canonical: np.ndarray,  # noqa: ANN001
             region: np.ndarray, contact: np.ndarray, order: np.ndarray, left: np.ndarray) -> dict[int, list[int]]:
    """Per contact, one record position per company it has ``left`` (records naming a
    company other than its current one, in a company column), the latest record of each,
    most recent company first."""
    latest: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for i in order[left[order]].tolist():  # oldest first: later records overwrite
        latest[int(contact[i])][(canonical[i], region[i])] = i
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    out: dict[int, list[int]] = {}
    for c, seen in latest.items():
        # one company written with and without its region is one entry: the latest record
        kept: list[int] = []
        for i in sorted(seen.values(), key=lambda i: -rank[i]):
            if not any(same_company(i, j) for j in kept):
                kept.append(i)
        out[c] = kept
    return out
