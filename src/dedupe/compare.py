"""Compare: a comparison level per field for each candidate pair.

Levels are declared in order, strongest first, as in Splink; ``-1`` means
one side is missing the field, which the model weighs as neutral (0).
String similarity is rapidfuzz's character-level ratio, computed for all
pairs at once (``process.cpdist``): never byte-level edit distance on CJK.

The built-in fields (``LEVELS``) are the Chinese contact comparisons; a rules
file picks them with ``compare.fields`` and may declare fields of its own
(``[fields.NAME]``, see :class:`dedupe.rules.FieldSpec`) whose levels it writes
itself (``exact``, ``jaro_winkler>=0.9``, ``damerau<=1`` …).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, Jaro, JaroWinkler, Levenshtein
from rapidfuzz.process import cpdist

from .codes import string_codes
from .normalize.email import FREE_MAIL_DOMAINS
from .rules import Compare, FieldSpec, Rules, parse_level

__all__ = ["FIELDS", "LEVELS", "CodedRecords", "compare", "field_levels", "MISSING"]

MISSING = -1

# field -> level -> label (level 0 is always "different")
LEVELS: dict[str, dict[int, str]] = {
    "name": {4: "exact", 3: "pinyin", 2: "fuzzy", 1: "surname+honorific", 0: "different"},
    # 4 (a code, not a rank): no number shared, but two mobiles one slip of the hand apart
    "phone": {3: "mobile shared", 4: "mobile one digit off", 2: "landline+extension shared", 1: "landline shared",
              0: "different"},
    "email": {3: "exact", 2: "same mailbox name", 1: "other mailbox, same company domain", 0: "different"},
    "company": {3: "same company", 2: "similar company", 1: "same brand, other region", 0: "different"},
    "address": {4: "same address", 3: "same district, similar address", 2: "same city, no detail on one side",
                1: "same city", 0: "different"},
    "id": {1: "same ID/WeChat/QQ", 0: "different"},
    "title": {1: "exact", 0: "different"},
}
FIELDS = tuple(LEVELS)


def field_levels(rules: Rules) -> dict[str, dict[int, str]]:
    """The fields a run compares, each with its levels (label by level, strongest
    first): the built-in fields in ``compare.fields``, then the declared ones
    (``[fields.NAME]``), whose levels are numbered down from the first to 1, 0 being
    'different'.

    >>> from dedupe.rules import FieldSpec
    >>> field_levels(Rules(fields=(FieldSpec("dob", ("dob",), levels=("exact", "damerau<=1")),)))["dob"]
    {2: 'exact', 1: 'damerau<=1', 0: 'different'}
    """
    out = {f: LEVELS[f] for f in rules.compare.fields}
    for spec in rules.fields:
        k = len(spec.levels)
        out[spec.name] = {**{k - i: label for i, label in enumerate(spec.levels)}, 0: "different"}
    return out


def _codes(*columns: np.ndarray) -> list[np.ndarray]:
    """Integer codes of string columns in one shared space, ``''`` as -1: equal codes are
    equal strings, so pairs compare as integers (far cheaper than object arrays)."""
    sizes = [len(c) for c in columns]
    codes = string_codes(np.concatenate(columns) if len(columns) > 1 else columns[0])
    return np.split(codes, np.cumsum(sizes)[:-1])


class CodedRecords:
    """The per-record arrays comparisons read — integer codes of each compared column,
    every record's phones and emails laid out flat — made once for a frame of
    records and shared by every :func:`compare` of pairs of it (the candidate pairs,
    the model's random pairs, reviewers' pairs) and by blocking's keys.

    ``columns`` maps a column to its codes (:func:`_codes`: equal codes are equal
    strings, ``''`` is -1).  The frame must not change while this is in use.
    """

    def __init__(self, std: pd.DataFrame) -> None:
        self.std = std
        self.columns: dict[str, np.ndarray] = {}
        self._made: dict[str, Any] = {}

    def column(self, name: str) -> np.ndarray:
        """The codes of one column."""
        if name not in self.columns:
            self.columns[name] = string_codes(self.std[name].to_numpy())
        return self.columns[name]

    def readings(self) -> tuple[np.ndarray, np.ndarray]:
        """Codes of each record's name reading and of its alternative reading (romanized
        names in either order), in one code space."""
        std = self.std
        return self.made("pinyin+pinyin_alt",
                         lambda: tuple(_codes(std["pinyin"].to_numpy(), std["pinyin_alt"].to_numpy())))

    def other_surnames(self) -> np.ndarray:
        """Each record's other surname (a romanized name read given name first: Bo Zhuang's
        zhuang) as a code of ``column('surname_pinyin')``; -1 for none, or one no record has."""
        def make() -> np.ndarray:
            joint, other = _codes(self.std["surname_pinyin"].to_numpy(), self.std["surname_alt"].to_numpy())
            to_own = np.full(int(max(joint.max(initial=-1), other.max(initial=-1))) + 1, -1, dtype=np.int64)
            to_own[joint[joint >= 0]] = self.column("surname_pinyin")[joint >= 0]
            mapped = np.full(len(other), -1, dtype=np.int64)
            named = other >= 0
            mapped[named] = to_own[other[named]]
            return mapped
        return self.made("other_surnames", make)

    def phones(self) -> tuple[np.ndarray, ...]:
        """Every record's phones laid out flat (:func:`_flat_phones`)."""
        return self.made("phones", lambda: _flat_phones(self.std["phone_list"].to_numpy()))

    def emails(self) -> tuple[np.ndarray, ...]:
        """Every record's emails, with codes of the first one's parts (:func:`_flat_emails`)."""
        return self.made("emails", lambda: _flat_emails(self.std["emails"].to_numpy()))

    @classmethod
    def of(cls, std: pd.DataFrame, coded: CodedRecords | None) -> CodedRecords:
        """``coded`` when given (it must be of ``std``), else new ones."""
        if coded is None:
            return cls(std)
        if coded.std is not std:
            raise ValueError("coded records of another frame")
        return coded

    def made(self, key: str, make: Callable[[], Any]) -> Any:
        """``make()``, once."""
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]


def _ratio_where(a: np.ndarray, b: np.ndarray, where: np.ndarray, threshold: float) -> np.ndarray:
    """``ratio(a, b) >= threshold`` for the pairs in ``where`` (False elsewhere): the others'
    level is decided without it."""
    out = np.zeros(len(a), dtype=bool)
    sel = np.flatnonzero(where)
    if len(sel):
        out[sel] = _ratio(a[sel], b[sel]) >= threshold
    return out


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(a) == 0:
        return np.empty(0)
    return cpdist(list(a), list(b), scorer=fuzz.ratio, workers=1)


def compare(std: pd.DataFrame, left: np.ndarray, right: np.ndarray, rules: Compare,
            fields: tuple[FieldSpec, ...] = (), coded: CodedRecords | None = None) -> pd.DataFrame:
    """Levels of every field for the pairs (``left[i]``, ``right[i]``) of record positions.

    Also returns ``tf_<field>`` columns: the agreeing value, for term-frequency weights
    (read only for compared fields).  Built-in fields not in ``rules.fields`` are
    'missing' for every pair; declared ``fields`` follow.
    """
    # no built-in field compared (rules/febrl.toml): skip their work
    coded = CodedRecords.of(std, coded)
    frame = _builtin(coded, left, right, rules) if rules.fields else pd.DataFrame(index=pd.RangeIndex(len(left)))
    for f in FIELDS:
        if f not in rules.fields:  # 'missing' for every pair (person evidence reads them)
            frame[f] = np.full(len(left), MISSING, dtype=np.int8)
    for spec in fields:
        level, tf = _declared(std, left, right, spec)
        frame[spec.name] = level
        frame["tf_" + spec.name] = tf
    return frame


_DISTANCES = {"levenshtein": Levenshtein.distance, "damerau": DamerauLevenshtein.distance}
_SIMILARITIES = {"jaro_winkler": JaroWinkler.normalized_similarity, "jaro": Jaro.normalized_similarity,
                 "ratio": fuzz.ratio}


def _declared(std: pd.DataFrame, left: np.ndarray, right: np.ndarray, spec: FieldSpec) -> tuple[np.ndarray, np.ndarray]:
    """Level and term-frequency value of a declared field for each pair."""
    values = std["field_" + spec.name].to_numpy()
    a, b = values[left], values[right]
    missing = (a == "") | (b == "")
    k = len(spec.levels)
    conditions = []
    for text in spec.levels:
        measure, threshold = parse_level(text)
        if measure == "exact":
            conditions.append(a == b)
        elif measure == "swapped":  # this field on one side is the other field on the other side
            other = std["field_" + str(threshold)].to_numpy()
            conditions.append((a == other[right]) | (b == other[left]))
        elif len(a) == 0:
            conditions.append(np.zeros(0, dtype=bool))
        elif measure in _DISTANCES:
            conditions.append(cpdist(list(a), list(b), scorer=_DISTANCES[measure], workers=1) <= threshold)
        else:
            conditions.append(cpdist(list(a), list(b), scorer=_SIMILARITIES[measure], workers=1) >= threshold)
    level = np.select([missing, *conditions], [MISSING, *range(k, 0, -1)], 0).astype(np.int8)
    top_exact = parse_level(spec.levels[0])[0] == "exact"
    tf = np.where((level == k) & top_exact, a, "") if spec.term_frequency else np.full(len(a), "", dtype=object)
    return level, tf.astype(object)


_CODE_COLUMNS = ("name", "surname_pinyin", "gender", "company_key", "company_region", "company_pinyin", "address_key",
                 "district", "city", "place", "address_detail", "address", "title", "id_card", "wechat", "qq")
def _record_codes(coded: CodedRecords) -> dict[str, np.ndarray]:
    """Integer codes (:func:`_codes`) of every record column the built-in comparisons test for equality."""
    code = {c: coded.column(c) for c in _CODE_COLUMNS}
    code["pinyin"], code["pinyin_alt"] = coded.readings()
    return code


def _builtin(coded: CodedRecords, left: np.ndarray, right: np.ndarray, rules: Compare) -> pd.DataFrame:
    """Levels of the built-in fields (Chinese contact data)."""
    std = coded.std
    out: dict[str, np.ndarray] = {}
    col = {c: std[c].to_numpy() for c in ("name", "company", "address", "address_key", "surname_pinyin")}
    code = _record_codes(coded)

    # name
    nl, nr = col["name"][left], col["name"][right]
    ncl, ncr = code["name"][left], code["name"][right]
    honorific = std["honorific_only"].to_numpy().astype(bool)
    hl, hr = honorific[left], honorific[right]
    pl, pr = code["pinyin"][left], code["pinyin"][right]
    al, ar = code["pinyin_alt"][left], code["pinyin_alt"][right]
    sl, sr = code["surname_pinyin"][left], code["surname_pinyin"][right]
    gl, gr = code["gender"][left], code["gender"][right]
    full = ~hl & ~hr
    missing = (ncl == -1) | (ncr == -1)
    exact = full & (ncl == ncr)
    ascii_name = coded.made("ascii_name", lambda: np.fromiter((a.isascii() for a in col["name"]), dtype=bool,
                                                             count=len(std)))
    reading = full & ~exact & (pl != -1) & ((pl == pr) | (al == pr) | (pl == ar))
    # one reading is the same name only when one side is romanized (Zhang Wei / 张伟); two
    # Chinese names read alike (陈静琳 / 陈婧琳) are as near as a typo, and are often two people
    romanized = ascii_name[left] | ascii_name[right]
    pinyin = reading & romanized
    homophone = reading & ~romanized
    # only where nothing stronger decides: a fuzzy name (or one inside the other: 王强 in the
    # WeChat remark name 王强科瑞软件 counts as a near miss)
    open_ = full & ~missing & ~exact & ~reading
    sel = np.flatnonzero(open_)
    contained = np.zeros(len(left), dtype=bool)
    contained[sel] = np.fromiter((len(a) >= 2 and len(b) >= 2 and (a in b or b in a)
                                  for a, b in zip(nl[sel], nr[sel], strict=True)), dtype=bool, count=len(sel))
    fuzzy = homophone | (full & (contained | _ratio_where(nl, nr, open_ & ~contained, rules.name_fuzzy)))
    gender_ok = (gl == -1) | (gr == -1) | (gl == gr)
    same_surname = (sl == sr) & (sl != -1) & gender_ok
    if "surname_alt" in std:  # Bo Zhuang beside 庄先生: a romanized name may be given name first
        other = coded.other_surnames()
        ol, orr = other[left], other[right]
        same_surname |= (((ol == sr) & (ol != -1)) | ((orr == sl) & (orr != -1))) & gender_ok
    # A lone character (文) may be the end of a given name, as WeChat names often are.
    sel = np.flatnonzero((hl | hr) & ~missing & ~same_surname & gender_ok)
    lone = np.zeros(len(left), dtype=bool)
    lone[sel] = np.fromiter(((len(a) == 1 and a in b) or (len(b) == 1 and b in a)
                             for a, b in zip(nl[sel], nr[sel], strict=True)), dtype=bool, count=len(sel))
    honor = (hl | hr) & (same_surname | lone)
    # a record with no name whose WeChat id spells one (wudan615) agrees with a full name of
    # that reading as a romanized name would; a reading that differs says nothing
    handled = np.zeros(len(left), dtype=bool)
    if "reading_from_handle" in std:
        spelled = std["reading_from_handle"].to_numpy(dtype=bool)
        fl, fr = spelled[left], spelled[right]
        handled = (((fl & (ncr != -1) & ~hr) | (fr & (ncl != -1) & ~hl))
                   & ((pl == pr) | (al == pr) | (pl == ar)) & (pl != -1) & (pr != -1))
    level = np.select([handled, missing, exact, pinyin, fuzzy, honor], [3, MISSING, 4, 3, 2, 1], 0)
    out["name"] = level
    # the agreeing value for term frequencies: the name; for a reading match the Chinese
    # side's name (Zou Hong / 邹宏 is as rare as 邹宏), or the named side's; for a surname
    # match the surname
    chinese_side = np.where(nr == "", nl, np.where(nl == "", nr, np.where(ascii_name[left], nr, nl)))
    out["tf_name"] = np.where(level == 4, nl, np.where(level == 3, chinese_side,
                                                       np.where(level == 1, col["surname_pinyin"][left], "")))

    out["phone"], out["tf_phone"] = _phone_levels(
        coded.phones(), left, right)
    slipped = _mobile_slips(coded, left, right, out["phone"] == 0)
    out["phone"][slipped] = 4
    out["email"], out["tf_email"] = _email_levels(
        coded.emails(), left, right)

    # company
    kl, kr = code["company_key"][left], code["company_key"][right]
    rl, rr = code["company_region"][left], code["company_region"][right]
    cpl, cpr = code["company_pinyin"][left], code["company_pinyin"][right]
    missing = (kl == -1) | (kr == -1)
    same_key = kl == kr
    region_ok = (rl == -1) | (rr == -1) | (rl == rr)
    similar = (cpl == cpr) & (cpl != -1)
    similar |= _ratio_where(col["company"][left], col["company"][right], ~missing & ~same_key & region_ok & ~similar,
                            rules.company_fuzzy)
    level = np.select([missing, same_key & region_ok, similar & region_ok, same_key], [MISSING, 3, 2, 1], 0)
    out["company"] = level
    # the agreeing company for term frequencies (and for the names its staff hold twice): the
    # key; for a similar company the Chinese side's (Shenzhen Fuhui Network Technology is 富辉)
    keys = std["company_key"].to_numpy()
    latin = coded.made("ascii_company", lambda: np.fromiter((a.isascii() for a in col["company"]), dtype=bool,
                                                           count=len(std)))
    similar_key = np.where(latin[left] & ~latin[right], keys[right], keys[left])
    out["tf_company"] = np.where(level == 3, keys[left], np.where(level == 2, similar_key, ""))

    # address
    akl, akr = code["address_key"][left], code["address_key"][right]
    cl, cr = code["city"][left], code["city"][right]
    dl, dr = code["district"][left], code["district"][right]
    tl_, tr_ = code["address_detail"][left], code["address_detail"][right]
    rawl, rawr = code["address"][left], code["address"][right]
    placeless_l, placeless_r = (rawl == -1) & (cl == -1), (rawr == -1) & (cr == -1)
    # A record with no address or city is where its landline is: 0574-… against a 宁波 address
    # is the same city with no detail on one side, against a 长春 one a different place.
    place_l, place_r = code["place"][left], code["place"][right]
    dialled = (placeless_l | placeless_r) & (place_l != -1) & (place_r != -1)
    # ... unless the pair shares that landline: the phone level has said so already
    dialled &= ~np.isin(out["phone"], (1, 2))
    missing = (placeless_l | placeless_r) & ~dialled
    # A work address follows the employer: when both name different companies the
    # company comparison already says so, and counting the address again would
    # double-count one job change.
    missing |= (kl != -1) & (kr != -1) & (kl != kr)
    detail, has_detail = coded.made("address_detail_key", lambda: _detail_keys(col["address_key"]))
    kdl, kdr = detail[left], detail[right]
    hdl, hdr = has_detail[left], has_detail[right]
    same = (akl != -1) & (akl == akr) & hdl  # '广州' and '广州' share a city, not an address
    undecided = ~missing & ~same & ~dialled
    near = _ratio_where(kdl, kdr, undecided & (dl != -1) & (dl == dr) & hdl & hdr, rules.address_fuzzy)
    near |= _ratio_where(col["address"][left], col["address"][right], undecided & (cl == -1) & (cr == -1),
                         rules.address_fuzzy)
    same_city = (cl != -1) & (cl == cr)
    # '广东深圳' against a full Shenzhen address: all that one side says agrees
    district_ok = (dl == -1) | (dr == -1) | (dl == dr)
    city_only = same_city & ((tl_ == -1) | (tr_ == -1)) & district_ok
    out["address"] = np.select([missing, dialled, same, near, city_only, same_city],
                               [MISSING, np.where(place_l == place_r, 2, 0), 4, 3, 2, 1], 0)
    out["tf_address"] = np.where(out["address"] == 4, col["address_key"][left], "")

    # id: ID card, WeChat, QQ — any shared is strong, any conflict says different
    agree = np.zeros(len(left), dtype=bool)
    conflict = np.zeros(len(left), dtype=bool)
    for c in ("id_card", "wechat", "qq"):
        a, b = code[c][left], code[c][right]
        both = (a != -1) & (b != -1)
        agree |= both & (a == b)
        conflict |= both & (a != b)
    out["id"] = np.select([agree, conflict], [1, 0], MISSING)

    tl, tr = code["title"][left], code["title"][right]
    out["title"] = np.select([(tl == -1) | (tr == -1), tl == tr], [MISSING, 1], 0)

    for f in FIELDS:
        out[f] = out[f].astype(np.int8)
    # not copied into 2-D blocks: at 1M records that copy of the term-frequency texts took 2 s
    return pd.DataFrame(out, copy=False)


def _detail_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each address key without its place, and whether that leaves anything."""
    detail = np.array([k.partition("|")[2] for k in keys], dtype=object)
    return detail, detail != ""


def _flat_phones(lists: np.ndarray) -> tuple[np.ndarray, ...]:
    """The records' phones laid out flat, for :func:`_phone_levels`: how many each record
    holds, where its first is, the numbers and codes of number, kind and extension, which
    are mobiles, and the kinds of number each record holds (as bits)."""
    count = np.fromiter((len(ps) for ps in lists), dtype=np.int64, count=len(lists))
    flat = [p for ps in lists for p in ps]
    numbers = np.array([p[0] for p in flat], dtype=object)
    number = _codes(numbers)[0] if len(flat) else np.zeros(0, np.int64)
    kind = _codes(np.array([p[1] for p in flat], dtype=object))[0] if len(flat) else np.zeros(0, np.int64)
    ext = _codes(np.array([p[2] for p in flat], dtype=object))[0] if len(flat) else np.zeros(0, np.int64)
    mobile = np.array([p[1] == "mobile" for p in flat], dtype=bool)
    start = np.cumsum(count) - count
    kinds = np.zeros(len(lists), dtype=np.int64)
    np.bitwise_or.at(kinds, np.repeat(np.arange(len(lists)), count), np.left_shift(1, kind))
    return count, start, numbers, number, ext, mobile, kinds


def _flat_emails(lists: np.ndarray) -> tuple[np.ndarray, ...]:
    """For :func:`_email_levels`: the records' email lists, how many each holds, the first
    address, and codes of the first address, of its mailbox name and of its company
    domain (-1 for a free-mail domain, which says nothing of an employer)."""
    count = np.fromiter((len(es) for es in lists), dtype=np.int64, count=len(lists))
    first = np.array([es[0] if es else "" for es in lists], dtype=object)
    address = _codes(first)[0]
    mailbox = _codes(np.array([e.rpartition("@")[0] for e in first], dtype=object))[0]
    corporate = _codes(np.array([_corporate_domain(e) for e in first], dtype=object))[0]
    return lists, count, first, address, mailbox, corporate


def _corporate_domain(address: str) -> str:
    """The domain of an address when it is an employer's ('' for free mail)."""
    domain = address.rpartition("@")[2]
    return "" if domain in FREE_MAIL_DOMAINS else domain


def _phone_levels(phones: tuple[np.ndarray, ...], left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Phone level and the shared number (for term frequencies) of each pair.

    A record's phones are (E.164, kind, extension) tuples.  For each number on the left
    that the right also holds: 3 for a mobile, 2 for a landline with the same extension,
    1 for a landline; the pair takes the best, and the first number on the left that
    reaches it.  Nothing shared and no kind of number in common (a mobile against an
    office line) is no disagreement: missing.  All pairs at once, on integer codes
    (``phones``: :func:`_flat_phones`).
    """
    count, start, numbers, number, ext, mobile, kinds = phones

    def explode(records: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(pair, position in ``flat``) of every phone of each pair's record, in order."""
        k = count[records]
        pair = np.repeat(np.arange(len(records)), k)
        offset = np.cumsum(k) - k
        return pair, np.repeat(start[records] - offset, k) + np.arange(int(k.sum()))

    width = int(number.max(initial=0)) + 1
    pair_r, at_r = explode(right)
    key_r = pair_r * width + number[at_r]
    # a number twice on the right: its last entry counts (as a lookup table built in order would)
    key_r, last = np.unique(key_r[::-1], return_index=True)
    ext_r = ext[at_r[::-1][last]]
    pair_l, at_l = explode(left)
    key_l = pair_l * width + number[at_l]
    if len(key_r):
        where = np.minimum(np.searchsorted(key_r, key_l), len(key_r) - 1)
        shared, ext_b = key_r[where] == key_l, ext_r[where]
    else:
        shared, ext_b = np.zeros(len(key_l), dtype=bool), np.full(len(key_l), -1)
    lvl = np.where(mobile[at_l], 3, np.where((ext[at_l] != -1) & (ext[at_l] == ext_b), 2, 1))
    lvl = np.where(shared, lvl, 0).astype(np.int8)
    level = np.zeros(len(left), dtype=np.int8)
    np.maximum.at(level, pair_l, lvl)
    value = np.full(len(left), "", dtype=object)
    best = np.flatnonzero((lvl > 0) & (lvl == level[pair_l]))
    pairs, first = np.unique(pair_l[best], return_index=True)
    value[pairs] = numbers[at_l[best[first]]]
    level[(level == 0) & ((kinds[left] & kinds[right]) == 0)] = MISSING
    return level, value


def _mobile_digits(phones: tuple[np.ndarray, ...]) -> np.ndarray:
    """The 11 digits of each flat phone that is a Chinese mobile (+861 and 10 digits), as a
    (phones, 11) array of small integers; -1 throughout for any other number (a foreign
    mobile is no slip of a Chinese one, nor of another foreign one)."""
    numbers, mobile = phones[2], phones[5]
    chars = np.where(mobile, numbers, "").astype("U15").view(np.uint32).reshape(-1, 15)
    # 14 characters (the 15th is padding), '+861' first
    chinese = (chars[:, 13] != 0) & (chars[:, 14] == 0) & (chars[:, :4] == np.array([ord(c) for c in "+861"])).all(1)
    digits = (chars[:, 3:14] - 48).astype(np.int8)
    digits[~chinese] = -1
    return digits


def _mobile_slips(coded: CodedRecords, left: np.ndarray, right: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Which ``candidates`` pairs (sharing no number) hold two mobiles one slip of the hand
    apart: one digit mistyped (13812345678 / 13812346678) or two neighbours swapped
    (13812345678 / 13812354678), the commonest faults of a number keyed in by hand.

    >>> std = pd.DataFrame({"phone_list": [(("+8613812345678", "mobile", ""),),
    ...     (("+8613812354678", "mobile", ""), ("+862188888888", "landline", "")),
    ...     (("+8613812345600", "mobile", ""),)]})
    >>> _mobile_slips(CodedRecords(std), np.array([0, 0]), np.array([1, 2]), np.array([True, True])).tolist()
    [True, False]
    """
    phones = coded.phones()
    count, mobile = phones[0], phones[5]
    out = np.zeros(len(left), dtype=bool)
    pairs = np.flatnonzero(candidates)
    if not len(pairs) or not mobile.any():
        return out
    digits = coded.made("mobile_digits", lambda: _mobile_digits(phones))
    # each record's mobiles, flat: how many and where the first is
    mobiles = coded.made("mobiles", lambda: _record_mobiles(count, mobile))
    many, first, at = mobiles
    pairs = pairs[(many[left[pairs]] > 0) & (many[right[pairs]] > 0)]
    kl, kr = many[left[pairs]], many[right[pairs]]
    k = kl * kr  # every mobile on the left against every one on the right (nearly always 1 x 1)
    pair = np.repeat(pairs, k)
    j = np.arange(int(k.sum())) - np.repeat(np.cumsum(k) - k, k)
    kr_each = np.repeat(kr, k)
    a = digits[at[np.repeat(first[left[pairs]], k) + j // kr_each]]
    b = digits[at[np.repeat(first[right[pairs]], k) + j % kr_each]]
    differ = a != b
    n = differ.sum(axis=1)
    typo = n == 1
    # two neighbours swapped: two differing positions side by side, each the other's digit
    two = np.flatnonzero(n == 2)
    pos = np.argmax(differ[two], axis=1)
    ok = pos < 10
    two, pos = two[ok], pos[ok]
    rows_a, rows_b = a[two], b[two]
    idx = np.arange(len(two))
    swap = (differ[two, pos + 1] & (rows_a[idx, pos] == rows_b[idx, pos + 1])
            & (rows_a[idx, pos + 1] == rows_b[idx, pos]))
    typo[two[swap]] = True
    out[pair[typo]] = True
    return out


def _record_mobiles(count: np.ndarray, mobile: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per record, how many mobiles it holds and where its first is in ``at``, the flat
    positions of every mobile, record by record."""
    record = np.repeat(np.arange(len(count)), count)
    at = np.flatnonzero(mobile)
    many = np.bincount(record[at], minlength=len(count))
    first = np.cumsum(many) - many
    return many, first, at


def _email_levels(emails: tuple[np.ndarray, ...], left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Email level of each pair — 3 an address shared, 2 the same mailbox name, 1 other
    mailboxes at one company domain (two colleagues: zhang.wei@ and wang.fang@huarui.cn),
    0 different — and the shared address; as for phones, one-address records compare as
    codes (``emails``: :func:`_flat_emails`)."""
    lists, count, first, address, mailbox, corporate = emails
    level = np.full(len(left), MISSING, dtype=np.int8)
    value = np.full(len(left), "", dtype=object)
    a, b = count[left], count[right]
    s = np.flatnonzero((a == 1) & (b == 1))
    la, lb = left[s], right[s]
    shared = address[la] == address[lb]
    colleague = (corporate[la] == corporate[lb]) & (corporate[la] != -1)
    level[s] = np.where(shared, 3, np.where(mailbox[la] == mailbox[lb], 2, np.where(colleague, 1, 0)))
    value[s] = np.where(shared, first[la], "")
    for i in np.flatnonzero((a >= 1) & (b >= 1) & ((a > 1) | (b > 1))).tolist():
        ea, eb = lists[left[i]], lists[right[i]]
        both = set(ea) & set(eb)
        if both:
            level[i], value[i] = 3, min(both)
        elif {x.rpartition("@")[0] for x in ea} & {x.rpartition("@")[0] for x in eb}:
            level[i] = 2
        else:
            domains = {_corporate_domain(x) for x in ea} & {_corporate_domain(x) for x in eb}
            level[i] = 1 if domains - {""} else 0
    return level, value
