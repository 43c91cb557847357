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

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, Jaro, JaroWinkler, Levenshtein
from rapidfuzz.process import cpdist

from .rules import Compare, FieldSpec, Rules, parse_level

__all__ = ["FIELDS", "LEVELS", "compare", "field_levels", "MISSING"]

MISSING = -1

# field -> level -> label (level 0 is always "different")
LEVELS: dict[str, dict[int, str]] = {
    "name": {4: "exact", 3: "pinyin", 2: "fuzzy", 1: "surname+honorific", 0: "different"},
    "phone": {3: "mobile shared", 2: "landline+extension shared", 1: "landline shared", 0: "different"},
    "email": {2: "exact", 1: "same mailbox name", 0: "different"},
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


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(a) == 0:
        return np.empty(0)
    return cpdist(list(a), list(b), scorer=fuzz.ratio, workers=1)


def compare(std: pd.DataFrame, left: np.ndarray, right: np.ndarray, rules: Compare,
            fields: tuple[FieldSpec, ...] = ()) -> pd.DataFrame:
    """Levels of every field for the pairs (``left[i]``, ``right[i]``) of record positions.

    Also returns ``tf_<field>`` columns: the agreeing value, for term-frequency weights
    (read only for compared fields).  Built-in fields not in ``rules.fields`` are
    'missing' for every pair; declared ``fields`` follow.
    """
    # no built-in field compared (rules/febrl.toml): skip their work
    frame = _builtin(std, left, right, rules) if rules.fields else pd.DataFrame(index=pd.RangeIndex(len(left)))
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


def _builtin(std: pd.DataFrame, left: np.ndarray, right: np.ndarray, rules: Compare) -> pd.DataFrame:
    """Levels of the built-in fields (Chinese contact data)."""
    out: dict[str, np.ndarray] = {}
    col = {c: std[c].to_numpy() for c in (
        "name", "pinyin", "pinyin_alt", "surname_pinyin", "honorific_only", "gender", "company_key", "company_region",
        "company_pinyin", "company", "address_key", "district", "city", "address_detail", "address",
        "title", "id_card", "wechat", "qq")}

    # name
    nl, nr = col["name"][left], col["name"][right]
    hl, hr = col["honorific_only"][left].astype(bool), col["honorific_only"][right].astype(bool)
    pl, pr = col["pinyin"][left], col["pinyin"][right]
    al, ar = col["pinyin_alt"][left], col["pinyin_alt"][right]
    sl, sr = col["surname_pinyin"][left], col["surname_pinyin"][right]
    gl, gr = col["gender"][left], col["gender"][right]
    full = ~hl & ~hr
    missing = (nl == "") | (nr == "")
    exact = full & (nl == nr)
    pinyin = full & (pl != "") & ((pl == pr) | (al == pr) | (pl == ar))
    # 王强 inside the WeChat remark name 王强科瑞软件 counts as a near miss
    contained = np.fromiter((len(a) >= 2 and len(b) >= 2 and (a in b or b in a) for a, b in zip(nl, nr, strict=True)),
                            dtype=bool, count=len(nl))
    fuzzy = full & ((_ratio(nl, nr) >= rules.name_fuzzy) | contained)
    gender_ok = (gl == "") | (gr == "") | (gl == gr)
    # A lone character (文) may be the end of a given name, as WeChat names often are.
    lone = np.fromiter(((len(a) == 1 and a in b) or (len(b) == 1 and b in a) for a, b in zip(nl, nr, strict=True)),
                       dtype=bool, count=len(nl))
    honor = (hl | hr) & (((sl == sr) & (sl != "") & gender_ok) | lone)
    level = np.select([missing, exact, pinyin, fuzzy, honor], [MISSING, 4, 3, 2, 1], 0)
    out["name"] = level
    # the agreeing value for term frequencies: the name; for a reading match the Chinese
    # side's name (Zou Hong / 邹宏 is as rare as 邹宏); for a surname match the surname
    chinese_side = np.where([a.isascii() for a in nl], nr, nl)
    out["tf_name"] = np.where(level == 4, nl, np.where(level == 3, chinese_side, np.where(level == 1, sl, "")))

    # phone: numbers shared between the two records' lists
    pl_ = std["phone_list"].to_numpy()
    phone_level = np.empty(len(left), dtype=np.int8)
    phone_tf = np.empty(len(left), dtype=object)
    for i, (a, b) in enumerate(zip(pl_[left], pl_[right], strict=True)):
        best, value = 0, ""
        if a and b:
            numbers_b = {p[0]: p for p in b}
            for e164, kind, ext in a:
                other = numbers_b.get(e164)
                if other is None:
                    continue
                lvl = 3 if kind == "mobile" else (2 if ext and ext == other[2] else 1)
                if lvl > best:
                    best, value = lvl, e164
        # A mobile on one side and only an office line on the other is no disagreement.
        if best == 0 and not ({p[1] for p in a} & {p[1] for p in b}):
            best = MISSING
        phone_level[i], phone_tf[i] = best, value
    out["phone"] = phone_level
    out["tf_phone"] = phone_tf

    # email
    el_, er_ = std["emails"].to_numpy()[left], std["emails"].to_numpy()[right]
    email_level = np.empty(len(left), dtype=np.int8)
    email_tf = np.empty(len(left), dtype=object)
    for i, (a, b) in enumerate(zip(el_, er_, strict=True)):
        if not a or not b:
            email_level[i], email_tf[i] = MISSING, ""
            continue
        shared = set(a) & set(b)
        if shared:
            email_level[i], email_tf[i] = 2, min(shared)
        else:
            la = {x.split("@")[0] for x in a}
            email_level[i] = 1 if any(x.split("@")[0] in la for x in b) else 0
            email_tf[i] = ""
    out["email"] = email_level
    out["tf_email"] = email_tf

    # company
    kl, kr = col["company_key"][left], col["company_key"][right]
    rl, rr = col["company_region"][left], col["company_region"][right]
    cpl, cpr = col["company_pinyin"][left], col["company_pinyin"][right]
    missing = (kl == "") | (kr == "")
    same_key = kl == kr
    region_ok = (rl == "") | (rr == "") | (rl == rr)
    similar = ((cpl == cpr) & (cpl != "")) | (_ratio(col["company"][left], col["company"][right]) >= rules.company_fuzzy)
    level = np.select([missing, same_key & region_ok, similar & region_ok, same_key], [MISSING, 3, 2, 1], 0)
    out["company"] = level
    out["tf_company"] = np.where(level == 3, kl, "")

    # address
    al, ar = col["address_key"][left], col["address_key"][right]
    cl, cr = col["city"][left], col["city"][right]
    dl, dr = col["district"][left], col["district"][right]
    tl_, tr_ = col["address_detail"][left], col["address_detail"][right]
    rawl, rawr = col["address"][left], col["address"][right]
    missing = ((rawl == "") & (cl == "")) | ((rawr == "") & (cr == ""))
    # A work address follows the employer: when both name different companies the
    # company comparison already says so, and counting the address again would
    # double-count one job change.
    ckl, ckr = col["company_key"][left], col["company_key"][right]
    missing |= (ckl != "") & (ckr != "") & (ckl != ckr)
    kdl = np.array([k.partition("|")[2] for k in al], dtype=object)
    kdr = np.array([k.partition("|")[2] for k in ar], dtype=object)
    same = (al != "") & (al == ar) & (kdl != "")  # '广州' and '广州' share a city, not an address
    detail_sim = _ratio(kdl, kdr) >= rules.address_fuzzy
    raw_sim = _ratio(rawl, rawr) >= rules.address_fuzzy
    near = ((dl != "") & (dl == dr) & (kdl != "") & (kdr != "") & detail_sim) | ((cl == "") & (cr == "") & raw_sim)
    same_city = (cl != "") & (cl == cr)
    # '广东深圳' against a full Shenzhen address: all that one side says agrees
    district_ok = (dl == "") | (dr == "") | (dl == dr)
    city_only = same_city & ((tl_ == "") | (tr_ == "")) & district_ok
    out["address"] = np.select([missing, same, near, city_only, same_city], [MISSING, 4, 3, 2, 1], 0)
    out["tf_address"] = np.where(out["address"] == 4, al, "")

    # id: ID card, WeChat, QQ — any shared is strong, any conflict says different
    agree = np.zeros(len(left), dtype=bool)
    conflict = np.zeros(len(left), dtype=bool)
    for c in ("id_card", "wechat", "qq"):
        a, b = col[c][left], col[c][right]
        both = (a != "") & (b != "")
        agree |= both & (a == b)
        conflict |= both & (a != b)
    out["id"] = np.select([agree, conflict], [1, 0], MISSING)

    tl, tr = col["title"][left], col["title"][right]
    out["title"] = np.select([(tl == "") | (tr == ""), tl == tr], [MISSING, 1], 0)

    frame = pd.DataFrame(out)
    for f in FIELDS:
        frame[f] = frame[f].astype(np.int8)
    return frame
