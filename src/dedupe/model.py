"""Fellegi–Sunter scoring: u from random pairs, m by EM, term frequencies.

For each field and comparison level ``l``: ``m[l]`` = P(level l | same
person), ``u[l]`` = P(level l | different people).  A pair's match weight is
``log2(λ/(1-λ)) + Σ log2(m/u)`` over its fields (a missing field adds 0), so
every score is the sum of the per-field weights written to ``pairs.csv``.

* u comes from comparing random record pairs (almost all are non-matches);
* m and the prior λ are fitted by EM on the comparison-pattern counts of the
  blocked pairs (unsupervised), starting from the values below.  λ is the
  match rate among *all* n(n-1)/2 record pairs — the population u was drawn
  from — with the pairs blocking never proposed counted as non-matches.
  (Using the much higher match rate among blocked pairs together with u from
  random pairs would overstate every pair's odds and drive λ to 1.);
* for agreement on a specific value, u is the value's frequency (张伟 agreeing
  says little, 欧阳娜娜 says a lot): the term-frequency adjustment.  Names and
  phone numbers count their holders, not their rows;
* the employer fields (address, phone, email) of a pair at the same company
  have their own m and u: u from random pairs of differently named records of
  one company (colleagues), m by the same EM.  Colleagues share an office, a
  switchboard and a mail domain, so between them those agreements say little,
  and two mailboxes at one company domain say two people;
* and between two records of one company a full name is weighed by how many of
  its staff hold it (:func:`_namesakes_at_company`): two 张伟 at one firm, each
  with their own mobile, make the name say little there, however rare it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .cluster import components
from .codes import factorize
from .compare import LEVELS, MISSING, CodedRecords, compare, field_levels
from .normalize.name import name_share
from .rules import Rules

__all__ = ["FSModel", "common_name_alone", "fit", "person_evidence", "same_company", "same_name", "score", "term_frequencies"]

# Starting m values: what a human expects of a true match.
_M_START: dict[str, dict[int, float]] = {
    "name": {4: 0.75, 3: 0.06, 2: 0.04, 1: 0.1, 0: 0.05},
    "phone": {3: 0.65, 4: 0.01, 2: 0.05, 1: 0.1, 0: 0.19},
    "email": {3: 0.8, 2: 0.04, 1: 0.005, 0: 0.155},
    "company": {3: 0.8, 2: 0.08, 1: 0.02, 0: 0.1},
    "address": {4: 0.4, 3: 0.15, 2: 0.2, 1: 0.15, 0: 0.1},
    "id": {1: 0.95, 0: 0.05},
    "title": {1: 0.6, 0: 0.4},
}
# What random pairs of customer records typically show (rates on 100,000 generated Chinese
# records, rounded): a Dirichlet prior on the rates a file's own random pairs give, worth
# _U_PRIOR_STRENGTH pairs.  A large file outweighs it; a file of a few rows, whose random
# pairs are mostly its duplicates, cannot make a shared mobile look common.
_U_START: dict[str, dict[int, float]] = {
    "name": {4: 2e-4, 3: 5e-5, 2: 4e-4, 1: 0.012},
    # two mobiles one slip apart: 11 * 9 mistyped digits and 10 swaps of neighbours are some
    # 110 numbers, among about 1.7e9 in use
    "phone": {3: 1e-5, 4: 1e-7, 2: 1e-5, 1: 1e-5},
    "email": {3: 1e-5, 2: 5e-5, 1: 5e-4},
    "company": {3: 1e-3, 2: 2e-4, 1: 1e-5},
    "address": {4: 2e-4, 3: 1e-5, 2: 0.012, 1: 0.03},
    "id": {1: 1e-5},
    "title": {1: 0.04},
}
_U_PRIOR_STRENGTH = 1000.0
# Values of other records a term frequency is counted among, besides the file's own (a
# prior for small files; names have their own, the population's share of each name).
_TF_PRIOR_VALUES = 1000
# Which levels are agreement on one value, weighed by its frequency.
_TF_LEVELS = {"name": (4, 3, 1), "phone": (3, 2, 1), "company": (3,), "email": (3,), "address": (4,)}
_FLOOR = 1e-6
# Evidence about the employer: colleagues share an office address, a switchboard and a
# mail domain, so for two records at the same company these fields are weighed by how
# often colleagues agree on them (u from pairs of differently named records of one
# company), with their own m, rather than by how often random pairs do.
EMPLOYER_FIELDS = ("address", "phone", "email")
# Levels of an employer field that stay weighed by their value's frequency at one company:
# a mobile, an extension or a mailbox belongs to one person, not to the office.
_PERSONAL_LEVELS = {"phone": (3, 2), "email": (3,)}
# How many pairs' worth the random pairs' u carries as a prior on the colleagues' u: a file
# with few companies keeps (nearly) the unconditional weights.
_COMPANY_U_PRIOR_STRENGTH = 100.0
# Levels whose value frequency scales the level's u rather than replacing it.
_RELATIVE_TF = {("name", 1)}


@dataclass
class FSModel:
    """Fitted parameters: m, u per field and level, the prior, value frequencies."""

    m: dict[str, dict[int, float]]
    u: dict[str, dict[int, float]]
    prior: float
    tf: dict[str, dict[str, float]] = field(default_factory=dict)
    iterations: int = 0
    rates: dict[str, dict[int, float]] = field(default_factory=dict)
    labels: dict[str, dict[int, str]] = field(default_factory=dict)  # field -> level -> label
    tf_levels: dict[str, tuple[int, ...]] = field(default_factory=dict)  # levels weighed by value frequency
    # m and u of the employer fields (address, phone, email) for pairs at the same company
    m_company: dict[str, dict[int, float]] = field(default_factory=dict)
    u_company: dict[str, dict[int, float]] = field(default_factory=dict)
    # m of the phone for pairs whose names agree in full, not at one company (see NAMED_FIELDS)
    m_named: dict[str, dict[int, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # built by hand (tests, a saved model) with built-in fields only
        if not self.labels:
            self.labels = {f: LEVELS[f] for f in self.m}
        if not self.tf_levels:
            self.tf_levels = {f: _TF_LEVELS[f] for f in self.tf if f in _TF_LEVELS}

    @property
    def fields(self) -> tuple[str, ...]:
        """The compared fields, in output order."""
        return tuple(self.m)

    def tf_u(self, f: str, level: int, freq: np.ndarray) -> np.ndarray:
        """u for agreeing on values of these frequencies, corrected like the level's u."""
        scale = self.u[f][level] / self.rates[f][level] if self.rates else 1.0
        return np.maximum(freq * scale, _FLOOR)

    def level_weight(self, f: str, level: int, same_company: bool = False, same_name: bool = False) -> float:
        if same_company and f in self.m_company:
            return float(np.log2(self.m_company[f][level] / self.u_company[f][level]))
        if same_name and f in self.m_named:
            return float(np.log2(self.m_named[f][level] / self.u[f][level]))
        return float(np.log2(self.m[f][level] / self.u[f][level]))

    def as_dict(self) -> dict:
        def levels(f: str, same_company: bool, same_name: bool = False) -> dict:
            m, u = (self.m_company, self.u_company) if same_company else (self.m, self.u)
            if same_name:
                m = self.m_named
            return {self.labels[f][lv]: {"m": round(m[f][lv], 6), "u": round(u[f][lv], 8),
                                         "weight": round(self.level_weight(f, lv, same_company, same_name), 3)}
                    for lv in self.labels[f]}

        return {
            "prior": self.prior,
            "em_iterations": self.iterations,
            "fields": {f: levels(f, False) for f in self.fields},
            "fields_given_same_company": {f: levels(f, True) for f in self.m_company},
            "fields_given_same_name": {f: levels(f, False, True) for f in self.m_named},
        }


def term_frequencies(std: pd.DataFrame, fields: tuple[str, ...], declared: tuple[str, ...] = (),
                     coded: CodedRecords | None = None) -> dict[str, dict[str, float]]:
    """Relative frequency of each value of the term-frequency fields; for phones, each
    number's u by its holders (:func:`_phone_u`), and under ``phone:n`` the count it is
    over.

    For names this also holds each surname reading's frequency (keyed by its
    pinyin, which never collides with a name), under ``name:expected`` the
    expected frequency of the surname two records share by chance, under
    ``name:company`` the u of a name between two records of a company that holds
    it more than once (:func:`_namesakes_at_company`) and under
    ``name:company:firms`` those companies, and under ``name:company:by_mobile`` those
    of its keys whose holders only their mobiles tell apart.
    """
    source = {
        "name": lambda: std["name"][(std["name"] != "") & ~std["honorific_only"]],
        "company": lambda: std["company_key"][std["company_key"] != ""],
        "email": lambda: pd.Series([e for es in std["emails"].to_numpy() for e in es], dtype=object),
        "address": lambda: std["address_key"][std["address_key"] != ""],
    }
    for name in declared:  # declared fields (rules [fields.NAME]) with term_frequency = true
        source[name] = lambda name=name: std["field_" + name][std["field_" + name] != ""]
    out: dict[str, dict[str, float]] = {}
    for f in (*fields, *declared):
        if f == "phone":
            out["phone"] = _phone_u(std, coded)
            out["phone:n"] = {"": float(len(std) + _TF_PRIOR_VALUES)}
            continue
        values = source[f]()
        counts = values.value_counts()
        # a value's share among the file's values and _TF_PRIOR_VALUES others: in a file of
        # two rows one mobile is on every row, which says nothing about how common it is
        pseudo = 0 if f == "name" else _TF_PRIOR_VALUES
        out[f] = (counts / max(len(values) + pseudo, 1)).to_dict()
        if f == "name":
            out["name:u"] = _name_u(std, coded)
            out["name:u_reading"] = _reading_u(std, out["name:u"])
            by_mobile: set[str] = set()
            out["name:company"] = _namesakes_at_company(std, coded, by_mobile)
            out["name:company:firms"] = {k.partition("\x1f")[0]: 1.0 for k in out["name:company"]}
            out["name:company:by_mobile"] = dict.fromkeys(sorted(by_mobile), 1.0)
            surnames = std["surname_pinyin"][std["surname_pinyin"] != ""]
            share = surnames.value_counts() / max(len(surnames), 1)
            out[f].update(share.to_dict())
            out[f + ":expected"] = {"": float((share ** 2).sum())}
    return out


def _name_u(std: pd.DataFrame, coded: CodedRecords | None = None) -> dict[str, float]:
    """u for agreeing on each full name: the chance a *different* person has it.

    A name's row count mostly counts its holder's own duplicates (杨晨志 three
    times is one person three times), so the raw frequency would call every
    name common.  Instead estimate how many people in the file hold the name —
    the number of distinct cities or mobiles seen with it, whichever is larger —
    and add how common the name is in the population (:func:`name_share`): a
    张伟 is never rare, even when the file holds only one.

    >>> std = pd.DataFrame({"name": ["张伟", "张伟", "张伟", "欧阳娜娜"], "surname": ["张", "张", "张", "欧阳"],
    ...     "given": ["伟", "伟", "伟", "娜娜"], "romanized": [False] * 4, "honorific_only": [False] * 4,
    ...     "city": ["北京市", "上海市", "北京市", ""],
    ...     "phone_list": [(("+8613800138000", "mobile", ""),), (), (), ()]})
    >>> {k: round(v, 4) for k, v in _name_u(std).items()}  # 张伟: two cities, so two holders of four rows
    {'张伟': 0.2502, '欧阳娜娜': 0.0}
    """
    coded = CodedRecords.of(std, coded)
    name = coded.column("name")
    keep = np.flatnonzero((name >= 0) & ~std["honorific_only"].to_numpy(dtype=bool))
    if not len(keep):
        return {}
    # each kept record's name as a number 0..k-1 in order of first appearance among them
    group, codes = factorize(name[keep])
    first = np.empty(len(codes), dtype=np.int64)
    first[group[::-1]] = keep[::-1]  # each name's first kept record
    lead = _first_mobiles(coded)

    def holders(values: np.ndarray) -> np.ndarray:
        """How many distinct values (-1: none) each name's records hold."""
        seen = values[keep] >= 0
        width = int(values.max(initial=0)) + 1
        key = pd.unique(group[seen] * width + values[keep][seen])
        return np.bincount(key // width, minlength=len(codes))

    held = np.maximum(np.maximum(holders(coded.column("city")), holders(lead)), 1)
    names = std["name"].to_numpy()[first].tolist()
    population = [name_share(s, g, bool(r)) for s, g, r in
                  zip(std["surname"].to_numpy()[first].tolist(), std["given"].to_numpy()[first].tolist(),
                      std["romanized"].to_numpy()[first].tolist(), strict=True)]
    n = len(std)
    return {v: (h - 1) / n + p for v, h, p in zip(names, held.tolist(), population, strict=True)}


def _reading_u(std: pd.DataFrame, u_name: dict[str, float]) -> dict[str, float]:
    """u for agreeing on a Chinese name's reading, for each Chinese name that shares its
    reading with another: the chance a *different* person's name reads so, the names' u
    added up, each other name being someone else.  Where the file holds 王明军 and 王明俊,
    Wang Mingjun against 王明军 is as likely someone else as either.

    >>> std = pd.DataFrame({"name": ["王明军", "王明俊", "欧阳娜娜", "Wang Mingjun"],
    ...     "pinyin": ["wangmingjun", "wangmingjun", "ouyangnana", "wangmingjun"],
    ...     "romanized": [False, False, False, True], "honorific_only": [False] * 4})
    >>> u = _reading_u(std, {"王明军": 1e-6, "王明俊": 2e-6, "欧阳娜娜": 1e-7, "Wang Mingjun": 1e-6})
    >>> {k: round(v, 6) for k, v in u.items()}  # one other name among four records, and their u
    {'王明俊': 0.250003, '王明军': 0.250003}
    """
    keep = ((std["name"] != "") & (std["pinyin"] != "") & ~std["romanized"].astype(bool)
            & ~std["honorific_only"].astype(bool))
    names = std.loc[keep, ["name", "pinyin"]].drop_duplicates("name")
    shared = names[names["pinyin"].duplicated(keep=False)]
    if not len(shared):
        return {}
    u = shared["name"].map(u_name).fillna(0.0)
    by_reading = u.groupby(shared["pinyin"]).transform("sum") + (
        shared.groupby("pinyin")["name"].transform("size") - 1) / max(len(std), 1)
    return {n: float(v) for n, v in sorted(zip(shared["name"], by_reading, strict=True))}


def _first_mobiles(coded: CodedRecords) -> np.ndarray:
    """Each record's first mobile (the code of its number; -1 for none), made once."""
    def make() -> np.ndarray:
        count, _, _, number, _, mobile, _ = coded.phones()
        at = np.flatnonzero(mobile)
        owner = np.repeat(np.arange(len(count)), count)[at]
        lead = np.full(len(count), -1, dtype=np.int64)
        lead[owner[::-1]] = number[at[::-1]]
        return lead

    return coded.made("first_mobiles", make)


def _namesakes_at_company(std: pd.DataFrame, coded: CodedRecords | None = None,
                          told_by_mobile: set[str] | None = None) -> dict[str, float]:
    """u for agreeing on a full name between two records of one company, where the company
    holds that name more than once: the chance that a *different* person of the company
    has it, keyed ``company_key + "\\x1f" + name``.

    Across a file a rare name says a lot (欧阳娜娜 twice is one person), but inside one firm
    what counts is how many of its staff carry the name.  The records of one name at one
    company are grouped by the personal identifiers they share (mobile, extension, email,
    ID, WeChat, QQ); the name's holders there are the groups that hold a mobile of their
    own, or a company mailbox of their own, whichever are more.  So two 张伟 with their own
    mailboxes are two holders, and one 张伟 whose old and new mobiles sit on records that
    share his mailbox is one; a record with only an extension or a free mailbox is no
    second holder.  With h holders among the company's s distinct names,
    u = (h - 1) / (s - 1).  Where only mobiles tell the holders apart, they may be one
    person's two phones: u is scaled by the chance that they are namesakes, which the file
    itself tells (:func:`_namesake_odds`), and those keys are added to ``told_by_mobile`` when
    it is given.  Names held once are not listed: their file-wide u stands.

    >>> std = pd.DataFrame({
    ...     "company_key": ["华瑞"] * 4, "name": ["张伟", "张伟", "李娜", "王芳"],
    ...     "honorific_only": [False] * 4, "id_card": [""] * 4, "wechat": [""] * 4, "qq": [""] * 4,
    ...     "phone_list": [(("+8613800138000", "mobile", ""),), (("+8613900139000", "mobile", ""),), (), ()],
    ...     "emails": [("zhangwei@huarui.com",), ("zhangwei2@huarui.com",), (), ()]})
    >>> _namesakes_at_company(std)  # two mailboxes of the firm: two people
    {'华瑞\\x1f张伟': 0.5}
    >>> std["emails"] = [(), (), (), ()]  # two mobiles only, in a file that shows nothing either way
    >>> {k: round(v, 4) for k, v in _namesakes_at_company(std).items()}
    {'华瑞\\x1f张伟': 0.1667}
    """
    coded = CodedRecords.of(std, coded)
    company, name = coded.column("company_key"), coded.column("name")
    keep = np.flatnonzero((company >= 0) & (name >= 0) & ~std["honorific_only"].to_numpy(dtype=bool))
    width = int(name.max(initial=0)) + 1
    group, pairs = factorize(company[keep] * width + name[keep])
    size = np.bincount(group, minlength=len(pairs))
    rows = keep[size[group] > 1]  # records of a name the company holds more than once
    if not len(rows):
        return {}
    group = group[size[group] > 1]
    # every personal identifier of those records as (record's place in rows, kind, code)
    count, start, _, number, ext, mobile, _ = coded.phones()
    at = np.repeat(np.arange(len(rows)), count[rows])
    flat = np.repeat(start[rows] - np.cumsum(count[rows]) + count[rows], count[rows]) + np.arange(len(at))
    own = mobile[flat] | (ext[flat] >= 0)  # a mobile or an extension is one person's
    owner = [at[own]]
    kind = [np.zeros(int(own.sum()), np.int64)]
    value = [number[flat[own]] * (int(ext.max(initial=0)) + 2) + ext[flat[own]] + 1]
    has_mobile = np.zeros(len(rows), dtype=bool)
    has_mobile[at[mobile[flat]]] = True
    _, _, _, address, _, corporate = coded.emails()
    for k, codes in enumerate((address, *(coded.column(c) for c in ("id_card", "wechat", "qq") if c in std)), 1):
        there = np.flatnonzero(codes[rows] >= 0)
        owner.append(there)
        kind.append(np.full(len(there), k, np.int64))
        value.append(codes[rows[there]])
    has_mailbox = corporate[rows] >= 0
    owner_all, kind_all, value_all = (np.concatenate(x) for x in (owner, kind, value))
    # an identifier joins records of its group only
    ident, _ = factorize(kind_all * (int(value_all.max(initial=0)) + 1) + value_all)
    node, _ = factorize(group[owner_all] * (int(ident.max(initial=0)) + 1) + ident)
    label = components(len(rows) + int(node.max(initial=-1)) + 1, owner_all, len(rows) + node)[: len(rows)]

    def holders(has: np.ndarray) -> np.ndarray:
        seen = np.unique(group[has] * len(rows) + label[has])
        return np.bincount(seen // len(rows), minlength=len(pairs))

    by_mailbox, by_mobile = holders(has_mailbox), holders(has_mobile)
    held = np.maximum(by_mobile, by_mailbox)
    namesake = _namesake_odds(coded, rows, group, np.where(corporate[rows] >= 0, address[rows], -1), len(pairs))
    staff = np.bincount(np.asarray(pairs) // width, minlength=int(company.max()) + 1)  # distinct names
    first = np.full(len(pairs), len(std), dtype=np.int64)
    np.minimum.at(first, group, rows)
    names, companies = std["name"].to_numpy(), std["company_key"].to_numpy()
    out = {}
    for g in np.flatnonzero(held > 1).tolist():
        r = first[g]
        u = (held[g] - 1) / max(staff[company[r]] - 1, 1)
        if by_mailbox[g] < 2:
            # only mobiles tell the holders apart, and one person may have two (a work and a
            # private phone, a new number)
            u *= namesake
            if told_by_mobile is not None:
                told_by_mobile.add(companies[r] + "\x1f" + names[r])
        out[companies[r] + "\x1f" + names[r]] = float(u)
    return out


# What the file's own evidence is measured against where it holds little: among the records of
# one name at one company, how often two of its mailboxes show (namesakes), and among the
# records of one mailbox, how often two mobiles show (a second phone of one person); each worth
# _NAMESAKE_STRENGTH groups.
_NAMESAKE_START, _SECOND_MOBILE_START, _NAMESAKE_STRENGTH = 0.05, 0.1, 20


def _namesake_odds(coded: CodedRecords, rows: np.ndarray, group: np.ndarray, mailbox: np.ndarray,
                   groups: int) -> float:
    """The chance that two holders of one name at one company told apart only by their
    mobiles are namesakes rather than one person with two mobiles, from the file: the
    share of name-at-company groups whose mailboxes show two people, against the share of
    mailboxes whose records show two mobiles (``rows``: the records of those groups,
    ``group``: each one's group, ``mailbox``: each one's corporate mailbox code or -1)."""
    lead = _first_mobiles(coded)[rows]
    boxed = mailbox >= 0
    # groups with two or more records holding a mailbox, and of them those holding two mailboxes
    box_records = np.bincount(group[boxed], minlength=groups)
    pairs_seen = np.unique(group[boxed] * (int(mailbox.max(initial=0)) + 1) + mailbox[boxed])
    boxes = np.bincount(pairs_seen // (int(mailbox.max(initial=0)) + 1), minlength=groups)
    namesakes = ((box_records >= 2) & (boxes >= 2)).sum() + _NAMESAKE_STRENGTH * _NAMESAKE_START
    namesake_rate = namesakes / ((box_records >= 2).sum() + _NAMESAKE_STRENGTH)
    # mailboxes with two or more records holding a mobile, and of them those holding two mobiles
    both = boxed & (lead >= 0)
    box, box_of = np.unique(mailbox[both], return_inverse=True)
    mobile_records = np.bincount(box_of, minlength=len(box))
    seen = np.unique(box_of * (int(lead.max(initial=0)) + 1) + lead[both])
    mobiles = np.bincount(seen // (int(lead.max(initial=0)) + 1), minlength=len(box))
    second = ((mobile_records >= 2) & (mobiles >= 2)).sum() + _NAMESAKE_STRENGTH * _SECOND_MOBILE_START
    second_rate = second / ((mobile_records >= 2).sum() + _NAMESAKE_STRENGTH)
    return float(namesake_rate / (namesake_rate + second_rate))


# How many people besides its holders a phone number is expected to reach among a file's
# people (a recycled number, a relative ordering on it, a typo): u of agreeing on a number
# held by h people is (h - 1 + _PHONE_STRAY) / (n + _TF_PRIOR_VALUES).  So a shared mobile weighs more in a
# larger file, as it must: the prior falls as 1/n.
_PHONE_STRAY = 0.1


def _phone_u(std: pd.DataFrame, coded: CodedRecords | None = None) -> dict[str, float]:
    """u for agreeing on each phone number: the chance a *different* person's record holds it.

    Counted by the number's holders, not its rows (a mobile on five rows of one person
    is still one person's): the distinct full-name readings on it, or the distinct
    surnames (王总 and 李经理 on one switchboard are two people), whichever is more.

    >>> std = pd.DataFrame({"pinyin": ["wangzong", "lijingli", "zhangwei"], "pinyin_alt": ["", "", ""],
    ...     "surname_pinyin": ["wang", "li", "zhang"], "honorific_only": [True, True, False],
    ...     "phone_list": [(("+862188888888", "landline", ""),)] * 2 + [(("+8613800138000", "mobile", ""),)]})
    >>> u = _phone_u(std)  # the switchboard has two holders: (2 - 1 + stray) against (1 - 1 + stray)
    >>> round(u["+862188888888"] / u["+8613800138000"], 6)
    11.0
    """
    coded = CodedRecords.of(std, coded)
    count, _, numbers, number, _, _, _ = coded.phones()
    if not len(number):
        return {}
    record = np.repeat(np.arange(len(count)), count)
    kinds = int(number.max()) + 1
    first = np.empty(kinds, dtype=np.int64)
    first[number[::-1]] = np.arange(len(number) - 1, -1, -1)  # codes number values by first appearance

    def distinct(values: np.ndarray) -> np.ndarray:
        """How many distinct values (codes, -1: none) each number's records hold."""
        at = values[record]
        seen = at >= 0
        width = int(values.max(initial=0)) + 1
        key = pd.unique(number[seen] * width + at[seen])
        return np.bincount(key // width, minlength=kinds)

    full = ~std["honorific_only"].to_numpy(dtype=bool)
    people = distinct(np.where(full, coded.readings()[0], -1))
    surnames = distinct(coded.column("surname_pinyin"))
    holders = np.maximum(np.maximum(people, surnames), 1)
    # among the file's records and _TF_PRIOR_VALUES others: in a file of two rows a shared
    # mobile is still a person's
    u = (holders - 1 + _PHONE_STRAY) / (len(std) + _TF_PRIOR_VALUES)
    return dict(zip(numbers[first].tolist(), u.tolist(), strict=True))


def _random_pair_counts(std: pd.DataFrame, rules: Rules, labels: dict[str, dict[int, str]],
                        coded: CodedRecords | None = None) -> dict[str, dict[int, float]]:
    """How many random record pairs (where both have the field) show each level, and under
    ``_PAIRS`` how many pairs had the field.  With ``coded`` (the candidate pairs' coded
    records) the pairs are compared on them; else on the sampled records alone."""
    n = len(std)
    rng = np.random.default_rng(rules.model.seed)
    k = min(rules.model.random_pairs, n * (n - 1) // 2)
    left = rng.integers(0, n, size=k)
    right = rng.integers(0, n, size=k)
    keep = left != right
    if coded is not None:
        levels = compare(std, left[keep], right[keep], rules.compare, rules.fields, coded)
    else:  # only the sampled records: their values are all the comparison reads
        sampled, pairs = np.unique(np.concatenate([left[keep], right[keep]]), return_inverse=True)
        half = len(pairs) // 2
        levels = compare(std.iloc[sampled].reset_index(drop=True), pairs[:half], pairs[half:], rules.compare,
                         rules.fields)
    rates: dict[str, dict[int, float]] = {}
    for f, field_labels in labels.items():
        col = levels[f].to_numpy()
        present = col[col != MISSING]
        rates[f] = {lv: float((present == lv).sum()) for lv in field_labels}
        rates[f][_PAIRS] = float(len(present))
    return rates


_PAIRS = -1  # key of the number of random pairs in a field's counts


# Fields whose m is its own for pairs whose names agree in full (not at one company): records of
# one person are paired on a phone they share, or on the name; so among matches a differing phone
# is seen almost only where the names agree (a second mobile, a new number), far more often than
# among all matches.  One m would call it rarer than it is between two records of one name, and
# rule out the person with two mobiles.
NAMED_FIELDS = ("phone",)


def same_name(levels: dict[str, np.ndarray] | pd.DataFrame) -> np.ndarray:
    """Pairs whose names agree in full: exactly, by reading (Zhang Wei / 张伟) or nearly."""
    return np.isin(np.asarray(levels["name"]), (4, 3, 2))


def same_company(levels: dict[str, np.ndarray] | pd.DataFrame) -> np.ndarray:
    """Pairs whose company agrees (the same company, or a similar spelling of it)."""
    if "company" in levels:
        return np.asarray(levels["company"]) >= 2
    return np.zeros(len(levels) if isinstance(levels, pd.DataFrame) else len(next(iter(levels.values()))), dtype=bool)


def _colleague_pair_counts(std: pd.DataFrame, rules: Rules, labels: dict[str, dict[int, str]],
                           coded: CodedRecords | None) -> dict[str, dict[int, float]]:
    """Level counts of the employer fields among random pairs of records of one company
    whose names differ (colleagues, not one person twice), and under ``_PAIRS`` how many
    such pairs had the field."""
    if "company" not in labels:
        return {}
    fields = [f for f in EMPLOYER_FIELDS if f in labels]
    empty = {f: {**{lv: 0.0 for lv in labels[f]}, _PAIRS: 0.0} for f in fields}
    if not fields or not len(std):
        return empty
    coded = CodedRecords.of(std, coded)
    company = coded.column("company_key")
    named = (std["name"].to_numpy() != "")
    keep = np.flatnonzero((company != -1) & named)
    order = keep[np.argsort(company[keep], kind="stable")]
    group = company[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else np.zeros(0, np.int64)
    sizes = np.diff(np.r_[starts, len(group)])
    big = sizes > 1
    starts, sizes = starts[big], sizes[big]
    if not len(sizes):
        return empty
    rng = np.random.default_rng(rules.model.seed + 1)
    weight = sizes.astype(float) * (sizes - 1)
    k = int(min(rules.model.random_pairs, weight.sum() / 2))
    g = rng.choice(len(sizes), size=k, p=weight / weight.sum())
    a = rng.integers(0, sizes[g])
    b = rng.integers(0, sizes[g] - 1)
    b = b + (b >= a)
    left, right = order[starts[g] + a], order[starts[g] + b]
    levels = compare(std, left, right, rules.compare, rules.fields, coded)
    colleagues = (levels["name"].to_numpy() == 0) & same_company(levels)
    out = {}
    for f in fields:
        col = levels[f].to_numpy()[colleagues]
        present = col[col != MISSING]
        out[f] = {lv: float((present == lv).sum()) for lv in labels[f]}
        out[f][_PAIRS] = float(len(present))
    return out


def _company_u(counts: dict[str, dict[int, float]], u: dict[str, dict[int, float]]) -> dict[str, dict[int, float]]:
    """Colleagues' u of each employer field: their level rates, with the random pairs' u as a
    prior worth ``_COMPANY_U_PRIOR_STRENGTH`` pairs."""
    out = {}
    for f, c in counts.items():
        total = c[_PAIRS] + _COMPANY_U_PRIOR_STRENGTH
        out[f] = {lv: max((c[lv] + _COMPANY_U_PRIOR_STRENGTH * u[f][lv]) / total, _FLOOR) for lv in u[f]}
    return out


def _rates(counts: dict[str, dict[int, float]], m: dict[str, dict[int, float]]) -> dict[str, dict[int, float]]:
    """Each level's rate among random pairs, the prior's pairs included."""
    out = {}
    for f in m:
        start = _u_start(f, m[f])
        total = counts[f][_PAIRS] + _U_PRIOR_STRENGTH
        out[f] = {lv: max((counts[f][lv] + _U_PRIOR_STRENGTH * start[lv]) / total, _FLOOR) for lv in m[f]}
    return out


def _u_start(field: str, field_labels: dict[int, Any]) -> dict[int, float]:
    """The prior rate of each level among random pairs: the table above for built-in fields;
    for a declared field 1 % agreement shared by its levels, the rest disagreement."""
    agree = [lv for lv in field_labels if lv > 0]
    known = _U_START.get(field, {})
    out = {lv: known.get(lv, 0.01 / max(len(agree), 1)) for lv in agree}
    out[0] = 1 - sum(out.values())
    return out


def person_evidence(levels: dict[str, np.ndarray] | pd.DataFrame, person: tuple[str, ...] = ()) -> np.ndarray:
    """Pairs with agreement that only one person produces: a name (or surname with an
    honorific), a mobile, a landline extension, an email, an ID, or any agreement on a
    declared ``person`` field.  Company, address and a switchboard describe the
    employer: colleagues share them, so alone they never match.
    """
    out = ((np.asarray(levels["name"]) >= 1) | (np.asarray(levels["phone"]) >= 2)
           | (np.asarray(levels["email"]) == 3) | (np.asarray(levels["id"]) == 1))
    for f in person:
        out = out | (np.asarray(levels[f]) >= 1)
    return out


def person_fields(rules: Rules) -> tuple[str, ...]:
    """The declared fields whose agreement is person evidence."""
    return tuple(spec.name for spec in rules.fields if spec.person)


def _corrected_u(rates: dict[str, dict[int, float]], m: dict[str, dict[int, float]],
                 prior: float) -> dict[str, dict[int, float]]:
    """u without the true matches hidden among the random pairs.

    A random pair is a match with probability λ; on a small file with many
    duplicates those matches make up much of the agreement on a mobile or a rare
    name, and leaving them in u would understate every agreement weight.
    """
    u: dict[str, dict[int, float]] = {}
    for f in m:
        pairs = rates[f][_PAIRS]
        start = _u_start(f, m[f])
        # the file's non-matching random pairs, plus the prior's pairs (all non-matches)
        total = pairs * (1 - prior) + _U_PRIOR_STRENGTH
        u[f] = {lv: max((max(rates[f][lv] - prior * m[f][lv] * pairs, 0.0) + _U_PRIOR_STRENGTH * start[lv]) / total,
                        _FLOOR) for lv in m[f]}
        # Disagreement can never be rarer than this among different people.
        u[f][0] = max(u[f][0], 0.5)
    return u


# How many pairs' worth of belief the starting m values carry in EM (a Dirichlet
# prior): keeps a level that EM sees rarely from being declared impossible.
_M_PRIOR_STRENGTH = 30.0
# An ID, a WeChat or a QQ account is one person's: that two records of one person show two
# different ones is rare, whatever EM makes of a file where IDs seldom meet (in a WeChat
# export each person is one row, and namesakes in one city, which EM half takes for one
# person, are all it sees).  Such fields' starting m carries this many pairs.
_M_PRIOR_STRENGTH_OF = {"id": 1000.0}


def _start_m(rules: Rules) -> dict[str, dict[int, float]]:
    """Starting m of every compared field: the table above for built-in fields; for a
    declared field most matches at its strongest level, fewer at each weaker one."""
    out = {}
    for f, labels in field_levels(rules).items():
        if f in _M_START:
            out[f] = dict(_M_START[f])
            continue
        agree = sorted((lv for lv in labels if lv > 0), reverse=True)
        shares = [0.7 if i == 0 else 0.2 / (len(agree) - 1) for i in range(len(agree))] if len(agree) > 1 else [0.9]
        out[f] = {**dict(zip(agree, shares, strict=True)), 0: 1 - sum(shares)}
    return out


def _tf_levels(rules: Rules) -> dict[str, tuple[int, ...]]:
    out = {f: _TF_LEVELS[f] for f in rules.model.term_frequency if f in _TF_LEVELS and f in rules.compare.fields}
    out.update({spec.name: (len(spec.levels),) for spec in rules.fields if spec.term_frequency})
    return out


def fit(std: pd.DataFrame, levels: pd.DataFrame, rules: Rules, coded: CodedRecords | None = None) -> FSModel:
    """u from random pairs, then m, λ (and u's correction) by EM on the blocked pairs' patterns.

    λ is the match rate among all n(n-1)/2 pairs; pairs that blocking did not
    propose count as non-matches, and pairs without person-level evidence are
    held at match probability 0 (see :func:`person_evidence`).  The employer fields
    have m of their own for pairs at one company (``m_company``), and the phone for
    pairs of one full name elsewhere (``m_named``, see ``NAMED_FIELDS``).
    """
    labels = field_levels(rules)
    fields = tuple(labels)
    start = _start_m(rules)
    pair_counts = _random_pair_counts(std, rules, labels, coded)
    colleague_counts = _colleague_pair_counts(std, rules, labels, coded)
    employer = tuple(colleague_counts)
    m = {f: dict(start[f]) for f in fields}
    m_company = {f: dict(start[f]) for f in employer}
    named_fields = tuple(f for f in NAMED_FIELDS if f in fields) if "name" in fields else ()
    m_named = {f: dict(start[f]) for f in named_fields}
    all_pairs = max(len(std) * (len(std) - 1) / 2, 1.0)
    # Start: about a third of the blocked pairs are matches.
    prior = float(np.clip(0.3 * len(levels) / all_pairs, 1e-9, 0.5))
    u = _corrected_u(pair_counts, m, prior)
    u_company = _company_u(colleague_counts, u)
    iterations = 0
    person = person_fields(rules)
    if len(levels):
        # the compared fields, and the built-in ones person evidence reads (always in ``levels``)
        grouped = list(dict.fromkeys((*fields, "name", "phone", "email", "id")))
        patterns = levels[grouped].value_counts().reset_index(name="count")
        counts = patterns["count"].to_numpy(dtype=float)
        codes = {f: patterns[f].to_numpy() for f in grouped}
        possible = person_evidence(codes, person)
        at_company = same_company(codes)
        named = same_name(codes) & ~at_company if named_fields else np.zeros(len(patterns), dtype=bool)
        for step in range(1, rules.model.em_iterations + 1):
            iterations = step
            log_odds = np.full(len(patterns), np.log(prior) - np.log(1 - prior))
            for f in fields:
                plain = ~at_company if f in m_company else np.ones(len(patterns), dtype=bool)
                if f in m_named:
                    plain = plain & ~named
                for lv in labels[f]:
                    at = codes[f] == lv
                    log_odds[at & plain] += np.log(m[f][lv]) - np.log(u[f][lv])
                    if f in m_company:
                        log_odds[at & at_company] += np.log(m_company[f][lv]) - np.log(u_company[f][lv])
                    if f in m_named:
                        log_odds[at & named] += np.log(m_named[f][lv]) - np.log(u[f][lv])
            p = np.where(possible, 1 / (1 + np.exp(-np.clip(log_odds, -700, 700))), 0.0)
            weighted = p * counts
            new_prior = float(np.clip(weighted.sum() / all_pairs, 1e-12, 0.5))
            new_m, new_m_company, new_m_named = {}, {}, {}
            for f in fields:
                where = ~at_company if f in m_company else np.ones(len(patterns), dtype=bool)
                if f in m_named:
                    where = where & ~named
                    new_m_named[f] = _m_step(weighted[named], codes[f][named], labels[f], start[f])
                new_m[f] = _m_step(weighted[where], codes[f][where], labels[f], start[f],
                                   _M_PRIOR_STRENGTH_OF.get(f, _M_PRIOR_STRENGTH))
                if f in m_company:
                    new_m_company[f] = _m_step(weighted[at_company], codes[f][at_company], labels[f], start[f])
            change = max(abs(new[f][lv] - old[f][lv])
                         for new, old in ((new_m, m), (new_m_company, m_company), (new_m_named, m_named))
                         for f in new for lv in labels[f])
            m, m_company, m_named, prior = new_m, new_m_company, new_m_named, new_prior
            u = _corrected_u(pair_counts, m, prior)
            u_company = _company_u(colleague_counts, u)
            if change < 1e-5:
                break
    tf_levels = _tf_levels(rules)
    declared = tuple(spec.name for spec in rules.fields if spec.term_frequency)
    tf = term_frequencies(std, tuple(f for f in tf_levels if f not in declared), declared, coded)
    return FSModel(m=m, u=u, prior=prior, tf=tf, iterations=iterations, rates=_rates(pair_counts, m), labels=labels,
                   tf_levels=tf_levels, m_company=m_company, u_company=u_company, m_named=m_named)


def _m_step(weighted: np.ndarray, codes: np.ndarray, labels: dict[int, str], start: dict[int, float],
            strength: float = _M_PRIOR_STRENGTH) -> dict[int, float]:
    """m of each level: the expected matches showing it, with the starting m as a prior
    worth ``strength`` pairs."""
    denom = weighted[codes != MISSING].sum()
    return {lv: (weighted[codes == lv].sum() + strength * start[lv]) / (denom + strength) for lv in labels}


def score(levels: pd.DataFrame, model: FSModel, rules: Rules) -> pd.DataFrame:
    """Per-field weights, total match weight, probability and decision for each pair,
    ``namesakes``: whether the pair's name is one their company holds more than once
    (weighed by :func:`_namesakes_at_company`), and ``namesakes_by_mobile``: whether, of
    those, the pair's phones differ where only mobiles tell the name's holders apart (the
    phones' weight is then 0: the name's u already weighs that)."""
    out = pd.DataFrame(index=levels.index)
    prior_weight = float(np.log2(model.prior / (1 - model.prior)))
    out["w_prior"] = prior_weight
    total = np.full(len(levels), prior_weight)
    at_company = same_company(levels) if model.m_company else np.zeros(len(levels), dtype=bool)
    named = (same_name(levels) & ~at_company if model.m_named and "name" in levels
             else np.zeros(len(levels), dtype=bool))
    held = np.zeros(len(levels), dtype=bool)  # the name agrees, and the company holds it more than once
    told_by_mobile = np.zeros(len(levels), dtype=bool)  # ... by holders that only mobiles tell apart
    for f in model.fields:
        lv = levels[f].to_numpy()
        conditional = f in model.m_company
        w = _level_table(model, f, False)[lv]  # level -1 indexes the last cell, which is 0: missing is neutral
        if conditional:
            w = np.where(at_company, _level_table(model, f, True)[lv], w)
        if f in model.m_named:
            w = np.where(named, _level_table(model, f, False, True)[lv], w)
        if f in model.tf and f in model.tf_levels:
            freq = model.tf[f]
            values = levels["tf_" + f].to_numpy()
            for level in model.tf_levels[f]:
                sel = (lv == level) & (values != "")
                if conditional and level not in _PERSONAL_LEVELS.get(f, ()):
                    sel &= ~at_company  # an office's address or switchboard, weighed among colleagues
                sel = np.flatnonzero(sel)
                if len(sel):
                    if f == "name" and level in (4, 3) and "name:u" in model.tf:
                        u_name = model.tf["name:u"]
                        # a reading match needs one side romanized: scale by how often matches are
                        romanized = model.m[f][3] / (model.m[f][3] + model.m[f][4]) if level == 3 else 1.0
                        u_tf = _lookup(values[sel], u_name, np.nan)
                        if level == 3:  # Wang Mingjun may be 王明军 or the file's 王明俊
                            u_tf = np.fmax(u_tf, _lookup(values[sel], model.tf.get("name:u_reading", {}), np.nan))
                        u_tf = u_tf * romanized
                        u_tf = np.where(np.isnan(u_tf), model.u[f][level], u_tf)
                        namesakes = model.tf.get("name:company")
                        if namesakes and "tf_company" in levels:
                            # two 张伟 at one firm: the name says little between its records
                            firm = levels["tf_company"].to_numpy()[sel]
                            u_firm = np.zeros(len(sel))
                            at = np.flatnonzero(pd.Series(firm).isin(list(model.tf["name:company:firms"])).to_numpy())
                            keys = np.array([c + "\x1f" + v for c, v in zip(firm[at], values[sel][at], strict=True)],
                                            dtype=object)
                            u_firm[at] = _lookup(keys, namesakes, 0.0)
                            wins = u_firm > u_tf
                            held[sel] |= wins
                            by_mobile = np.zeros(len(sel), dtype=bool)
                            by_mobile[at] = pd.Series(keys).isin(list(model.tf.get("name:company:by_mobile", {})))
                            told_by_mobile[sel] |= wins & by_mobile
                            u_tf = np.maximum(u_tf, u_firm)
                    elif f == "phone":
                        # an extension is one person's; a number is its holders'
                        u_tf = (np.full(len(sel), _PHONE_STRAY / model.tf["phone:n"][""]) if level == 2
                                else _lookup(values[sel], freq, np.nan))
                        u_tf = np.where(np.isnan(u_tf), model.u[f][level], u_tf)
                    elif (f, level) in _RELATIVE_TF:
                        # surname with an honorific: 王先生 says less than 欧阳先生
                        expected = model.tf.get(f + ":expected", {}).get("", 0.0) or 1.0
                        u_tf = np.maximum(model.u[f][level] * _lookup(values[sel], freq, _FLOOR) / expected, _FLOOR)
                    else:
                        u_tf = model.tf_u(f, level, _lookup(values[sel], freq, _FLOOR))
                    m = model.m[f][level]
                    if conditional:
                        m = np.where(at_company[sel], model.m_company[f][level], m)
                    if f in model.m_named:
                        m = np.where(named[sel], model.m_named[f][level], m)
                    w[sel] = np.log2(m / u_tf)
        w = np.round(w, 4)
        out["w_" + f] = w
        total = total + w
    if "phone" in model.fields:
        # Between the holders of a name at one company that only their mobiles tell apart, the
        # name's u is already the chance that two mobiles are two namesakes rather than one
        # person's two phones: the phones differing is what that u weighs, so it does not
        # count again.
        spared = told_by_mobile & (levels["phone"].to_numpy() == 0)
        if spared.any():
            total = total - np.where(spared, out["w_phone"].to_numpy(), 0.0)
            out["w_phone"] = np.where(spared, 0.0, out["w_phone"].to_numpy())
        told_by_mobile = spared
    out["match_weight"] = np.round(total, 4)
    probability = 1 / (1 + np.power(2.0, -np.clip(total, -200, 200)))
    out["probability"] = np.round(probability, 6)
    decision = np.where(probability >= rules.model.match_probability, "match",
                        np.where(probability >= rules.model.review_probability, "review", "non-match"))
    decision = np.where(person_evidence(levels, person_fields(rules)), decision, "non-match")
    decision = np.where(common_name_alone(levels, model, rules.model.common_name_share) & (decision == "match"),
                        "review", decision)
    # one object per decision, handed to every pair (not a new string per pair): later stages and
    # the writer hash each distinct object once
    names = np.array(["match", "review", "non-match"], dtype=object)
    out["decision"] = names[(decision == "review") + 2 * (decision == "non-match")]
    out["namesakes"] = held
    out["namesakes_by_mobile"] = told_by_mobile
    return out


def _level_table(model: FSModel, f: str, same_company: bool, same_name: bool = False) -> np.ndarray:
    """Weight of each level of ``f`` indexed by level, with a last cell of 0 for missing (-1)."""
    table = np.zeros(max(model.labels[f]) + 2)
    for level in model.labels[f]:
        table[level] = model.level_weight(f, level, same_company, same_name)
    return table


def _lookup(values: np.ndarray, table: dict[str, float], default: float) -> np.ndarray:
    """``table.get(v, default)`` for each value, looked up once per distinct value."""
    codes, distinct = factorize(values)
    return np.array([table.get(v, default) for v in distinct], dtype=float)[codes] if len(values) else np.zeros(0)


def common_name_alone(levels: pd.DataFrame, model: FSModel, share: float) -> np.ndarray:
    """Pairs agreeing on a common full name (张伟, or Zhang Wei) and on nothing personal besides:
    no phone number (a landline too: it is weighed by how many hold it), email or ID, not
    the same company, not the same address — at most a city.  Whatever their weight, a
    data steward would not merge them unseen.
    """
    u_name = model.tf.get("name:u", {})
    names = levels["tf_name"].to_numpy() if "tf_name" in levels else np.full(len(levels), "")
    common = _lookup(names, u_name, 0.0) >= share
    name = levels["name"].to_numpy()
    more = ((levels["phone"].to_numpy() >= 1) | (levels["email"].to_numpy() == 3) | (levels["id"].to_numpy() == 1)
            | (levels["company"].to_numpy() == 3) | (levels["address"].to_numpy() >= 3))
    return ((name == 4) | (name == 3)) & common & ~more
