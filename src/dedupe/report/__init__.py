"""The HTML review report: one self-contained file, no network, opened from disk.

No stage knows about HTML: :func:`render` takes the output tables and the run
summary and fills ``report.html`` (a Jinja2 template beside this module).

The summary (counts, duplicate rates, the match-weight histogram, the
completeness heat map) is rendered here, in Python, as static HTML and SVG.
The pairs, records, contacts and entities travel as one compact JSON document
(arrays, not an object per row) inside ``<script type="application/json">``;
the page's own script pages through them, so 50,000 pairs never become 50,000
DOM rows.  Every value is set with ``textContent`` in the page and the JSON is
escaped so that no data can close the script element.

>>> mask_phone("+8613800138000;010-62345678转801")
'+86138****8000;010-****5678转801'
>>> mask_id("110105199001011234")
'110105********1234'
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from importlib import resources
from typing import Any

import jinja2
import pandas as pd

__all__ = ["render", "mask_phone", "mask_id"]

# What a reviewer compares, in display order; only those present in records.csv are embedded.
RECORD_FIELDS = ("name", "company", "title", "mobile", "phone", "email", "address", "province", "city",
                 "district", "id_card", "uscc", "wechat", "qq", "updated_at", "flags")
# Which record columns a comparison field looks at (a declared field looks at its own column).
FIELD_COLUMNS = {"name": ["name"], "phone": ["mobile", "phone"], "email": ["email"], "company": ["company"],
                 "address": ["address", "province", "city", "district"], "id": ["id_card", "uscc", "wechat", "qq"],
                 "title": ["title"]}
CONTACT_FIELDS = ("name", "gender", "company", "title", "mobile", "phone", "email", "address", "id_card",
                  "wechat", "qq", "updated_at")
ENTITY_FIELDS = ("kind", "name", "region", "brand", "industry", "legal_form", "branch", "address")
# Columns whose digits --mask hides: phones (and WeChat IDs, which are often a phone) and ID numbers.
_PHONE_COLUMNS = {"mobile", "phone", "wechat"}
_ID_COLUMNS = {"id_card"}
_DECISIONS = ("match", "review", "non-match")

_PHONE_RE = re.compile(r"(\+86[- ]?)?(\d[\d -]{5,}\d)")
_ID_RE = re.compile(r"\b(\d{6})(\d{8}|\d{5})(\d{3}[\dXx]|\d)\b")


def mask_phone(text: str) -> str:
    """Hide the middle digits of every phone number in ``text``: 13800138000 -> 138****8000.

    The first three and last four digits of the national number stay; a number
    of seven digits or fewer (an extension, a QQ-like short code) is left alone.
    """
    def one(m: re.Match[str]) -> str:
        digits = [i for i, ch in enumerate(m.group(2)) if ch.isdigit()]
        if len(digits) < 8:
            return m.group(0)
        chars = list(m.group(2))
        for i in digits[3:-4]:
            chars[i] = "*"
        return (m.group(1) or "") + "".join(chars)

    return _PHONE_RE.sub(one, text)


def mask_id(text: str) -> str:
    """Hide the birth date and sequence of a resident ID: 110105199001011234 -> 110105********1234."""
    return _ID_RE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)


def _masked(column: str, values: list[str]) -> list[str]:
    if column in _PHONE_COLUMNS:
        return [mask_phone(v) for v in values]
    if column in _ID_COLUMNS:
        return [mask_id(v) for v in values]
    return values


def _text(series: pd.Series) -> list[str]:
    return ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in series.tolist()]


def _num(v: Any) -> float:
    f = float(v) if v not in ("", None) else 0.0
    return 0.0 if math.isnan(f) else round(f, 4)


def _safe_json(data: Any) -> str:
    """JSON that can sit inside a <script> element: no <, > or & survives as itself."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _weight(probability: float) -> float:
    return round(math.log2(probability / (1 - probability)), 3)


def _thresholds(thresholds: tuple[float, float] | None) -> dict[str, float]:
    if thresholds is None:
        from ..rules import Model

        thresholds = (Model().match_probability, Model().review_probability)
    match_p, review_p = thresholds
    return {"match_probability": match_p, "review_probability": review_p,
            "match": _weight(match_p), "review": _weight(review_p)}


def _histogram(pairs: pd.DataFrame, thresholds: dict[str, float]) -> dict[str, Any]:
    """Stacked bars of match weight (one unit wide) per decision, as SVG geometry."""
    width, height, pad = 720, 220, 30
    if not len(pairs):
        return {"width": width, "height": height, "bars": [], "lines": [], "ticks": []}
    w = pairs["match_weight"].astype(float).clip(-40, 40)
    lo, hi = math.floor(min(w.min(), thresholds["review"])) - 1, math.ceil(max(w.max(), thresholds["match"])) + 1
    bins = list(range(lo, hi + 1))
    counts = {d: [0] * (len(bins) - 1) for d in _DECISIONS}
    for value, decision in zip(w.tolist(), pairs["decision"].tolist(), strict=True):
        i = min(int(math.floor(value)) - lo, len(bins) - 2)
        counts.setdefault(decision, [0] * (len(bins) - 1))[i] += 1
    totals = [sum(counts[d][i] for d in counts) for i in range(len(bins) - 1)]
    top = max(totals) or 1
    plot_w, plot_h = width - 2 * pad, height - 2 * pad
    bw = plot_w / (len(bins) - 1)

    def x(v: float) -> float:
        return round(pad + (v - lo) * bw, 2)

    def y(n: float) -> float:
        # square-root scale: the long non-match tail would flatten everything else
        return round(plot_h * math.sqrt(n / top), 2)

    bars = []
    for i in range(len(bins) - 1):
        below = 0
        for d in _DECISIONS:
            n = counts[d][i]
            if n:
                y0, y1 = y(below), y(below + n)
                bars.append({"x": x(bins[i]), "y": round(pad + plot_h - y1, 2), "w": round(max(bw - 1, 1), 2),
                             "h": round(y1 - y0, 2), "cls": d,
                             "title": f"{d}: {n} pairs with weight {bins[i]} to {bins[i + 1]}"})
                below += n
    lines = [{"x": x(thresholds[k]), "label": f"{k} ≥ {thresholds[k]:.1f}", "cls": k} for k in ("review", "match")]
    step = 5 if hi - lo <= 60 else 10
    ticks = [{"x": x(t), "label": str(t)} for t in range(lo, hi + 1) if t % step == 0]
    return {"width": width, "height": height, "bars": bars, "lines": lines, "ticks": ticks,
            "base": pad + plot_h, "top": top}


def _heat(share: float | None) -> dict[str, str]:
    if share is None:
        return {"text": "—", "style": "background:#eee;color:#999"}
    # red (0) through yellow to green (1)
    hue = round(120 * max(0.0, min(1.0, float(share))))
    return {"text": f"{share:.0%}", "style": f"background:hsl({hue},70%,80%)"}


def _completeness(run: dict[str, Any]) -> dict[str, Any]:
    comp = run.get("completeness") or {}
    fields = list(comp.get("fields", []))
    rows = []
    for source in sorted(comp.get("sources", {})):
        share = comp["sources"][source].get("share", {})
        rows.append({"label": source, "cells": [_heat(share.get(f)) for f in fields], "total": False})
    for level in ("contacts", "entities"):
        if level in comp:
            rows.append({"label": f"all {level}", "cells": [_heat(comp[level].get("share", {}).get(f)) for f in fields],
                         "total": True})
    return {"fields": fields, "rows": rows}


def _pair_order(pairs: pd.DataFrame) -> pd.DataFrame:
    """Review pairs first, least certain first; then the weakest matches; then the strongest non-matches."""
    rank = pairs["decision"].map({"review": 0, "match": 1, "non-match": 2}).fillna(3)
    p = pairs["probability"].astype(float)
    certainty = p.where(pairs["decision"] != "non-match", -p)
    order = pd.DataFrame({"rank": rank, "certainty": certainty, "ls": pairs["left_source"].astype(str),
                          "lr": pairs["left_row"].astype(int), "rs": pairs["right_source"].astype(str),
                          "rr": pairs["right_row"].astype(int)})
    return pairs.loc[order.sort_values(["rank", "certainty", "ls", "lr", "rs", "rr"], kind="mergesort").index]


def _data(records: pd.DataFrame, contacts: pd.DataFrame, entities: pd.DataFrame, pairs: pd.DataFrame,
          thresholds: dict[str, float], mask: bool) -> dict[str, Any]:
    """The compact document the page's script reads: column lists plus rows as arrays."""
    sources = sorted({str(s) for s in records["source"]}) if len(records) else []
    src_index = {s: i for i, s in enumerate(sources)}
    rf = [f for f in RECORD_FIELDS if f in records.columns]
    level_cols = [c for c in pairs.columns if c.endswith("_level")]
    fields = [c[: -len("_level")] for c in level_cols]
    for f in fields:
        if f not in FIELD_COLUMNS and f in records.columns and f not in rf:
            rf.append(f)
    columns = {f: [c for c in FIELD_COLUMNS.get(f, [f]) if c in rf] for f in fields}

    n = len(records)
    cols = {c: (_masked(c, _text(records[c])) if mask else _text(records[c])) for c in rf}
    src = [src_index[str(s)] for s in records["source"]]
    rows = [int(r) for r in records["row"]]
    cid, eid = _text(records["contact_id"]), _text(records["entity_id"])
    rec = [[src[i], rows[i], cid[i], eid[i], *(cols[c][i] for c in rf)] for i in range(n)]
    where = {(sources[src[i]], rows[i]): i for i in range(n)}

    levels = [sorted({str(v) for v in pairs[c]}) for c in level_cols]
    level_index = [{v: i for i, v in enumerate(lv)} for lv in levels]
    out_pairs = []
    if len(pairs):
        ordered = _pair_order(pairs)
        li = [where[(str(s), int(r))] for s, r in zip(ordered["left_source"], ordered["left_row"], strict=True)]
        ri = [where[(str(s), int(r))] for s, r in zip(ordered["right_source"], ordered["right_row"], strict=True)]
        dec = [_DECISIONS.index(d) if d in _DECISIONS else 2 for d in ordered["decision"]]
        mw = [_num(v) for v in ordered["match_weight"]]
        prior = [_num(v) for v in ordered["w_prior"]] if "w_prior" in ordered else [0.0] * len(ordered)
        weights = [[_num(v) for v in ordered["w_" + f]] if "w_" + f in ordered else [0.0] * len(ordered)
                   for f in fields]
        lvs = [[level_index[k][str(v)] for v in ordered[c]] for k, c in enumerate(level_cols)]
        for i in range(len(ordered)):
            out_pairs.append([li[i], ri[i], dec[i], mw[i], prior[i], *(w[i] for w in weights),
                              *(lv[i] for lv in lvs)])

    cf = [f for f in CONTACT_FIELDS if f in contacts.columns]
    c_cols = {c: (_masked(c, _text(contacts[c])) if mask else _text(contacts[c])) for c in cf}
    c_from = {c: _text(contacts[c + "_from"]) if c + "_from" in contacts.columns else [""] * len(contacts)
              for c in cf}
    c_extra = [c for c in ("sources", "completeness", "missing") if c in contacts.columns]
    c_extra_cols = {c: _text(contacts[c]) for c in c_extra}
    out_contacts = []
    c_ids, c_eids = _text(contacts["contact_id"]), _text(contacts.get("entity_id", pd.Series([""] * len(contacts))))
    for i in range(len(contacts)):
        out_contacts.append([c_ids[i], c_eids[i], [c_cols[c][i] for c in cf], [c_from[c][i] for c in cf],
                             [c_extra_cols[c][i] for c in c_extra]])

    ef = [f for f in ENTITY_FIELDS if f in entities.columns]
    e_cols = {c: _text(entities[c]) for c in ef}
    e_from = {c: _text(entities[c + "_from"]) if c + "_from" in entities.columns else [""] * len(entities) for c in ef}
    e_extra = [c for c in ("contact_count", "record_count", "sources", "completeness", "missing")
               if c in entities.columns]
    e_extra_cols = {c: _text(entities[c]) for c in e_extra}
    e_ids = _text(entities["entity_id"]) if len(entities) else []
    out_entities = [[e_ids[i], [e_cols[c][i] for c in ef], [e_from[c][i] for c in ef],
                     [e_extra_cols[c][i] for c in e_extra]] for i in range(len(entities))]

    return {"sources": sources, "rf": rf, "records": rec, "fields": fields, "levels": levels,
            "field_columns": columns, "pairs": out_pairs, "thresholds": thresholds,
            "cf": cf, "c_extra": c_extra, "contacts": out_contacts,
            "ef": ef, "e_extra": e_extra, "entities": out_entities, "masked": mask}


def render(records: pd.DataFrame, contacts: pd.DataFrame, entities: pd.DataFrame, pairs: pd.DataFrame,
           run: dict[str, Any], mask: bool = False, thresholds: tuple[float, float] | None = None) -> str:
    """The report as one HTML string, byte-identical for the same tables.

    ``mask`` hides the middle digits of phones and ID numbers in the report (the
    CSV outputs are not touched).  ``thresholds`` is (match, review) probability
    as in the rules' ``[model]``; the shipped defaults when not given.
    """
    template = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
        (resources.files("dedupe.report") / "report.html").read_text(encoding="utf-8"))
    th = _thresholds(thresholds)
    by_source = []
    if len(records):
        for name, group in records.groupby("source", sort=True):
            by_source.append({"source": name, "records": len(group), "contacts": group["contact_id"].nunique(),
                              "duplicate_rate": 1 - group["contact_id"].nunique() / len(group)})
    flag_counts: dict[str, int] = {}
    for flags in records.get("flags", pd.Series(dtype=object)):
        for f in filter(None, str(flags).split(";")):
            flag_counts[f] = flag_counts.get(f, 0) + 1
    decisions = {d: int((pairs["decision"] == d).sum()) if len(pairs) else 0 for d in _DECISIONS}
    data = _safe_json(_data(records, contacts, entities, pairs, th, mask))
    run_key = hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]
    counts = run.get("counts", {})
    summary = {"records": counts.get("records", len(records)), "contacts": counts.get("contacts", len(contacts)),
               "entities": counts.get("entities", len(entities)), "pairs": counts.get("pairs", len(pairs))}
    return template.render(run=run, summary=summary, by_source=by_source, flag_counts=sorted(flag_counts.items()),
                           decisions=decisions, histogram=_histogram(pairs, th), thresholds=th,
                           completeness=_completeness(run), data=data, run_key=run_key, mask=mask,
                           warnings=list(run.get("warnings") or []), rules=run.get("rules") or {})
