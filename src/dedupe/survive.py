"""Survivorship: the golden record of each contact and entity, with provenance.

For each golden field a rule picks one record's value (``most_frequent``,
``most_recent`` by ``updated_at``, ``most_complete`` = longest, or
``source_priority``); ties fall through to the other criteria and finally to
input order, so the same input always gives the same golden record.  The
``*_from`` columns name the record (``source:row``) each value came from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

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


def _groups(labels: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    cuts = np.flatnonzero(np.diff(sorted_labels)) + 1
    return np.split(order, cuts)


def _join(values) -> str:
    return ";".join(dict.fromkeys(v for x in values for v in (x.split(";") if x else ())))


def golden_contacts(std: pd.DataFrame, rules: Survive) -> pd.DataFrame:
    """One golden row per contact (``std`` carries ``contact_id`` and ``entity_id``)."""
    col = {c: std[c].to_numpy() for c in (
        "source", "row", "name", "honorific_only", "gender", "company", "title", "address", "province", "city",
        "district", "mobile", "phone", "email", "updated_at", "id_card", "wechat", "qq", "contact_id",
        "entity_id", "flags")}
    label = std["contact_label"].to_numpy()
    rows = []
    prio = rules.source_priority

    def ref(p: int) -> str:
        return f"{col['source'][p]}:{col['row'][p]}" if p >= 0 else ""

    for members in _groups(label):
        members = np.sort(members)
        upd = col["updated_at"][members]
        src = col["source"][members]
        full_names = [n if not h else "" for n, h in zip(col["name"][members], col["honorific_only"][members], strict=True)]
        name, name_p = pick(full_names, members, upd, src, rules.name, prio)
        if not name:
            name, name_p = pick(col["name"][members], members, upd, src, rules.name, prio)
        company, company_p = pick(col["company"][members], members, upd, src, rules.company, prio)
        title, title_p = pick(col["title"][members], members, upd, src, rules.title, prio)
        address, address_p = pick(col["address"][members], members, upd, src, rules.address, prio)
        if address_p < 0:  # no address text, maybe a city column
            _, address_p = pick(col["city"][members], members, upd, src, "most_frequent", prio)
        gender, _ = pick(col["gender"][members], members, upd, src, "most_frequent", prio)
        first = members[0]
        rows.append({
            "contact_id": col["contact_id"][first],
            "entity_id": col["entity_id"][first],
            "name": name,
            "gender": gender,
            "company": company,
            "title": title,
            "mobile": _join(col["mobile"][members]),
            "phone": _join(col["phone"][members]),
            "email": _join(col["email"][members]),
            "province": col["province"][address_p] if address_p >= 0 else "",
            "city": col["city"][address_p] if address_p >= 0 else "",
            "district": col["district"][address_p] if address_p >= 0 else "",
            "address": address,
            "id_card": pick(col["id_card"][members], members, upd, src, "most_frequent", prio)[0],
            "wechat": _join(col["wechat"][members]),
            "qq": _join(col["qq"][members]),
            "updated_at": max(upd) if len(upd) else "",
            "sources": ";".join(sorted(set(src))),
            "record_count": len(members),
            "records": ";".join(ref(p) for p in members),
            "name_from": ref(name_p),
            "company_from": ref(company_p),
            "title_from": ref(title_p),
            "address_from": ref(address_p),
        })
    contacts = pd.DataFrame(rows)
    parts = {"name": contacts["name"] != "", "phone": (contacts["mobile"] != "") | (contacts["phone"] != ""),
             "email": contacts["email"] != "", "address": contacts["address"] != "",
             "company": contacts["company"] != ""}
    contacts["completeness"], contacts["missing"] = _completeness(parts)
    return contacts.sort_values("contact_id", kind="stable").reset_index(drop=True)


def _completeness(parts: dict[str, pd.Series]) -> tuple[pd.Series, list[str]]:
    have = pd.DataFrame(parts)
    score = (have.sum(axis=1) / have.shape[1]).round(3)
    names = list(have.columns)
    missing = [";".join(c for c, h in zip(names, row, strict=True) if not h) for row in have.to_numpy(dtype=bool)]
    return score, missing


def golden_entities(std: pd.DataFrame, contacts: pd.DataFrame, rules: Survive) -> pd.DataFrame:
    """One golden row per customer entity."""
    col = {c: std[c].to_numpy() for c in ("source", "row", "company", "address", "province", "city", "district",
                                          "updated_at", "entity_id", "entity_kind", "contact_id", "mobile", "phone",
                                          "email")}
    label = std["entity_label"].to_numpy()
    contact_name = dict(zip(contacts["contact_id"], contacts["name"], strict=True))
    rows = []
    prio = rules.source_priority
    for members in _groups(label):
        members = np.sort(members)
        first = members[0]
        upd, src = col["updated_at"][members], col["source"][members]
        kind = col["entity_kind"][first]
        address, address_p = pick(col["address"][members], members, upd, src, "most_frequent", prio)
        if kind == "company":
            name, name_p = pick(col["company"][members], members, upd, src, "most_complete", prio)
            parsed = parse_company(name)
            parts = {"region": parsed.region, "brand": parsed.brand, "industry": parsed.industry,
                     "legal_form": parsed.legal_form, "branch": parsed.branch}
        else:
            name, name_p = contact_name.get(col["contact_id"][first], ""), -1
            parts = {"region": "", "brand": "", "industry": "", "legal_form": "", "branch": ""}
        rows.append({
            "entity_id": col["entity_id"][first],
            "kind": kind,
            "name": name,
            **parts,
            "province": col["province"][address_p] if address_p >= 0 else "",
            "city": col["city"][address_p] if address_p >= 0 else "",
            "district": col["district"][address_p] if address_p >= 0 else "",
            "address": address,
            "contact_count": len(set(col["contact_id"][members])),
            "record_count": len(members),
            "sources": ";".join(sorted(set(src))),
            "has_phone": any(col["mobile"][members] != "") or any(col["phone"][members] != ""),
            "has_email": any(col["email"][members] != ""),
            "name_from": f"{col['source'][name_p]}:{col['row'][name_p]}" if name_p >= 0 else "",
            "address_from": f"{col['source'][address_p]}:{col['row'][address_p]}" if address_p >= 0 else "",
        })
    entities = pd.DataFrame(rows)
    parts = {"name": entities["name"] != "", "address": entities["address"] != "",
             "phone": entities.pop("has_phone"), "email": entities.pop("has_email")}
    entities["completeness"], entities["missing"] = _completeness(parts)
    return entities.sort_values("entity_id", kind="stable").reset_index(drop=True)
