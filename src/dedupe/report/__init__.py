"""The HTML review report: one self-contained file, no network, opened from disk.

No stage knows about HTML: :func:`render` takes the output tables and the run
summary and fills ``report.html`` (a Jinja2 template beside this module).

The summary (counts, duplicate rates, the match-weight histogram, the
completeness heat map) is rendered here, in Python, as static HTML and SVG.
The pairs, records, contacts and entities travel as one compact JSON document
(arrays, not an object per row) inside ``<script type="application/json">``;
the page's own script pages through them, so 50,000 pairs never become 50,000
DOM rows.  Every value is set with ``textContent`` in the page and the JSON is
escaped so that no data can close the script element.  A run with more than
:data:`MAX_PAIRS` pairs embeds the first of them in review order, with every
record of the contacts they touch, and the page says what it left out.

>>> mask_phone("+8613800138000;010-62345678转801")
'+86138****8000;010-****5678转801'
>>> mask_id("110105199001011234")
'110105********1234'
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import re
from importlib import resources
from typing import Any

import jinja2
import numpy as np
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
#: The most pairs a report embeds: past this the page holds the first pairs in review order (and the
#: records, contacts and entities they touch), so a million-record run still gives a file a browser opens.
MAX_PAIRS = 100_000

# Where the page's data goes; autoescape turns < and " of any data shown in the page into entities, so
# only the template's own {{ data|safe }} can put this text in the page.
_DATA_SLOT = '<"dedupe-report-data">'

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
    """Each value as text, None and NaN as "" (str() of anything else)."""
    values = series.tolist()
    kind = pd.api.types.infer_dtype(series, skipna=False) if len(series) else "empty"
    if series.dtype == object and kind == "string":  # all str already: the common case needs no per-value Python
        return values
    if kind == "integer" and not isinstance(series.dtype, pd.CategoricalDtype):
        return series.astype(str).tolist()
    return ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in values]


def _num(v: Any) -> float:
    f = float(v) if v not in ("", None) else 0.0
    return 0.0 if math.isnan(f) else round(f, 4)


def _nums(series: pd.Series) -> list[float]:
    """:func:`_num` of every value, vectorised: Python's round(x, 4) exactly, "" and NaN as 0.0."""
    if not pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
        return [_num(v) for v in series.tolist()]
    x = series.to_numpy(dtype=np.float64, na_value=np.nan)
    x = np.where(np.isnan(x), 0.0, x)
    rounded = np.round(x, 4).tolist()
    # numpy rounds x * 10**4, Python the exact binary value: they can differ only where x * 10**4 is
    # within rounding error of a half-way point (or too large for that test); redo those in Python
    with np.errstate(invalid="ignore"):
        scaled = x * 1e4
        risky = ~(np.abs(scaled) < 1e9) | (np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    for i in np.flatnonzero(risky).tolist():
        rounded[i] = round(float(x[i]), 4)
    return rounded


def _safe_json(data: Any) -> str:
    """JSON that can sit inside a <script> element: no <, > or & survives as itself."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _document_json(doc: dict[str, Any], chunk: int = 10_000) -> str:
    """:func:`_safe_json` of ``doc``, emptying it as it goes, and joined once.

    Each long list is encoded ``chunk`` rows at a time and freed as soon as it
    is text, so no second and third copy of the largest list's text is made
    (the encoder's own, the escaped one).  Escaping is one character for
    another, so escaping the parts gives the text escaping the whole would.
    """
    pieces = ["{"]
    for n, key in enumerate(sorted(doc)):
        pieces.append(("," if n else "") + _safe_json(key) + ":")
        value = doc.pop(key)
        if not isinstance(value, list) or len(value) <= chunk:
            pieces.append(_safe_json(value))
            continue
        pieces.append("[")
        for i in range(0, len(value), chunk):
            pieces.append(("," if i else "") + _safe_json(value[i:i + chunk])[1:-1])
        pieces.append("]")
        del value
    pieces.append("}")
    return "".join(pieces)


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
    nbins = len(bins) - 1
    where = np.minimum(np.floor(w.to_numpy(dtype=np.float64)).astype(np.int64) - lo, nbins - 1)
    decision = pairs["decision"].to_numpy(dtype=object)
    counts = {d: np.bincount(where[decision == d], minlength=nbins).tolist() for d in _DECISIONS}
    # the bars' scale counts every pair, whatever its decision
    top = int(np.bincount(where, minlength=nbins).max()) or 1
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


def _sort_codes(values: pd.Series) -> np.ndarray:
    """Integer codes of ``values`` that sort as the values do (strings by code point)."""
    return pd.factorize(values, sort=True)[0]


def _pair_order(pairs: pd.DataFrame, limit: int | None = None) -> np.ndarray:
    """Positions of the pairs in review order; only the first ``limit`` when given.

    Review pairs first, least certain first; then the weakest matches; then the
    strongest non-matches; ties by the two records' source and row.
    """
    decision = pairs["decision"].astype(object)
    rank = decision.map({"review": 0, "match": 1, "non-match": 2}).fillna(3).to_numpy(dtype=np.float64)
    p = pairs["probability"].astype(float)
    certainty = p.where(decision != "non-match", -p).to_numpy(dtype=np.float64)
    at = np.arange(len(pairs))
    if limit is not None and limit < len(pairs) and (np.abs(certainty) <= 1).all():
        # only pairs that can be among the first `limit` need the full sort: with certainty in [-1, 1],
        # rank * 4 + certainty orders pairs as (rank, certainty) does, ties kept as ties
        primary = rank * 4 + certainty
        at = np.flatnonzero(primary <= np.partition(primary, limit - 1)[limit - 1])
        rank, certainty = rank[at], certainty[at]
    keys = [pairs["right_row"].to_numpy()[at].astype(np.int64), _sort_codes(pairs["right_source"].iloc[at].astype(str)),
            pairs["left_row"].to_numpy()[at].astype(np.int64), _sort_codes(pairs["left_source"].iloc[at].astype(str)),
            certainty, rank]
    return at[np.lexsort(keys)][:limit]  # stable, last key first: the order a stable multi-column sort gives


def _record_positions(records: pd.DataFrame, src: np.ndarray, sources: list[str],
                      pair_source: pd.Series, pair_row: pd.Series) -> np.ndarray:
    """Position in ``records`` of each (source, row) a pair names (the last record of that key)."""
    rows = records["row"].to_numpy().astype(np.int64)
    wanted_rows = pair_row.to_numpy().astype(np.int64)
    src_index = {s: i for i, s in enumerate(sources)}
    names, codes = pd.factorize(pair_source.astype(str))[::-1]
    wanted_src = np.array([src_index.get(s, -1) for s in names], dtype=np.int64)[codes]
    if (wanted_src < 0).any():
        raise KeyError(f"a pair names a source without records: {sorted(set(names) - set(sources))}")
    stride = int(max(rows.max(initial=0), wanted_rows.max(initial=0))) + 1
    keys = pd.Series(np.arange(len(records)), index=src.astype(np.int64) * stride + rows)
    keys = keys[~keys.index.duplicated(keep="last")]
    found = keys.index.get_indexer(wanted_src * stride + wanted_rows)
    if (found < 0).any():
        raise KeyError("a pair names a record that records does not hold")
    return keys.to_numpy()[found]


def _columns(frame: pd.DataFrame, names: list[str] | tuple[str, ...], mask: bool,
             take: np.ndarray | None) -> list[list[str]]:
    """The text of each named column at the positions ``take`` (all rows when None), masked if asked."""
    out = []
    for c in names:
        col = frame[c] if take is None else frame[c].iloc[take]
        out.append(_masked(c, _text(col)) if mask else _text(col))
    return out


def _rows(*columns: list[Any]) -> list[list[Any]]:
    return list(map(list, zip(*columns, strict=True)))


def _sources(records: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    """The sources in name order, and each record's index among them."""
    if not len(records):
        return [], np.zeros(0, np.int64)
    codes, names = pd.factorize(records["source"], use_na_sentinel=False)
    sources = sorted({str(s) for s in names})
    index = {s: i for i, s in enumerate(sources)}
    return sources, np.array([index[str(s)] for s in names], dtype=np.int64)[codes]


def _touched(records: pd.DataFrame, contacts: pd.DataFrame, entities: pd.DataFrame,
             positions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions of every record, contact and entity of the contacts that the records at ``positions`` belong to."""
    touched = records["contact_id"].iloc[positions].unique()
    rec = np.flatnonzero(records["contact_id"].isin(touched).to_numpy())
    con = np.flatnonzero(contacts["contact_id"].isin(touched).to_numpy())
    shown = set(records["entity_id"].iloc[rec].astype(str))
    if "entity_id" in contacts.columns:
        shown.update(contacts["entity_id"].iloc[con].astype(str))
    ent = np.flatnonzero(entities["entity_id"].astype(str).isin(shown).to_numpy())
    return rec, con, ent


def _pair_rows(ordered: pd.DataFrame, li: np.ndarray, ri: np.ndarray, fields: list[str],
               level_cols: list[str], levels: list[list[str]]) -> list[list[Any]]:
    """[left, right, decision, match weight, prior, field weights..., field levels...] per pair."""
    decision = ordered["decision"].astype(object).map({d: i for i, d in enumerate(_DECISIONS)})
    zeros = [0.0] * len(ordered)
    prior = _nums(ordered["w_prior"]) if "w_prior" in ordered else zeros
    weights = [_nums(ordered["w_" + f]) if "w_" + f in ordered else zeros for f in fields]
    lvs = []
    for k, c in enumerate(level_cols):
        codes, uniques = pd.factorize(ordered[c], use_na_sentinel=False)
        index = {v: i for i, v in enumerate(levels[k])}
        lvs.append(np.array([index[str(v)] for v in uniques], dtype=np.int64)[codes].tolist())
    return _rows(li.tolist(), ri.tolist(), decision.fillna(2).astype(int).tolist(),
                 _nums(ordered["match_weight"]), prior, *weights, *lvs)


def _golden_rows(frame: pd.DataFrame, ids: list[str], fields: list[str], extra: list[str], mask: bool,
                 take: np.ndarray | None) -> list[list[Any]]:
    """[ids..., [golden values], [where each came from], [extra columns]] per contact or entity."""
    n = len(frame) if take is None else len(take)
    id_cols = [_columns(frame, [c], False, take)[0] if c in frame.columns else [""] * n for c in ids]
    froms = [_columns(frame, [c + "_from"], False, take)[0] if c + "_from" in frame.columns else [""] * n
             for c in fields]

    def nested(columns: list[list[str]]) -> list[list[str]]:
        return _rows(*columns) if columns else [[] for _ in range(n)]

    return _rows(*id_cols, nested(_columns(frame, fields, mask, take)), nested(froms),
                 nested(_columns(frame, extra, False, take)))


def _data(records: pd.DataFrame, contacts: pd.DataFrame, entities: pd.DataFrame, pairs: pd.DataFrame,
          thresholds: dict[str, float], mask: bool, max_pairs: int | None
          ) -> tuple[dict[str, Any], dict[str, int] | None]:
    """The compact document the page's script reads (column lists plus rows as arrays), and what was cut.

    With more than ``max_pairs`` pairs only the first ``max_pairs`` in review
    order are embedded, with every record of the contacts they touch, those
    contacts and their entities; the second value then holds the counts for the
    page's notice (None when everything is embedded).
    """
    sources, src = _sources(records)
    rf = [f for f in RECORD_FIELDS if f in records.columns]
    level_cols = [c for c in pairs.columns if c.endswith("_level")]
    fields = [c[: -len("_level")] for c in level_cols]
    for f in fields:
        if f not in FIELD_COLUMNS and f in records.columns and f not in rf:
            rf.append(f)
    columns = {f: [c for c in FIELD_COLUMNS.get(f, [f]) if c in rf] for f in fields}
    levels = [sorted({str(v) for v in pd.unique(pairs[c])}) for c in level_cols]

    cut = None
    take_rec = take_con = take_ent = None  # positions embedded; None: all
    out_pairs: list[list[Any]] = []
    if len(pairs):
        order = _pair_order(pairs, max_pairs)
        ordered = pairs.iloc[order]
        li = _record_positions(records, src, sources, ordered["left_source"], ordered["left_row"])
        ri = _record_positions(records, src, sources, ordered["right_source"], ordered["right_row"])
        if len(order) < len(pairs):
            take_rec, take_con, take_ent = _touched(records, contacts, entities, np.union1d(li, ri))
            li, ri = np.searchsorted(take_rec, li), np.searchsorted(take_rec, ri)  # positions among those embedded
            cut = {"pairs": len(order), "pairs_total": len(pairs), "records": len(take_rec),
                   "records_total": len(records), "contacts": len(take_con), "contacts_total": len(contacts)}
        out_pairs = _pair_rows(ordered, li, ri, fields, level_cols, levels)

    rows = records["row"] if take_rec is None else records["row"].iloc[take_rec]
    rec = _rows((src if take_rec is None else src[take_rec]).tolist(), rows.to_numpy().astype(np.int64).tolist(),
                *_columns(records, ["contact_id", "entity_id"], False, take_rec), *_columns(records, rf, mask, take_rec))
    cf = [f for f in CONTACT_FIELDS if f in contacts.columns]
    c_extra = [c for c in ("sources", "completeness", "missing") if c in contacts.columns]
    ef = [f for f in ENTITY_FIELDS if f in entities.columns]
    e_extra = [c for c in ("contact_count", "record_count", "sources", "completeness", "missing")
               if c in entities.columns]
    return {"sources": sources, "rf": rf, "records": rec, "fields": fields, "levels": levels,
            "field_columns": columns, "pairs": out_pairs, "thresholds": thresholds,
            "cf": cf, "c_extra": c_extra,
            "contacts": _golden_rows(contacts, ["contact_id", "entity_id"], cf, c_extra, mask, take_con),
            "ef": ef, "e_extra": e_extra,
            "entities": _golden_rows(entities, ["entity_id"], ef, e_extra, False, take_ent), "masked": mask}, cut


def _digest(text: str, chunk: int = 1 << 22) -> str:
    """The first 16 hex digits of the SHA-256 of ``text`` in UTF-8, encoded a slice at a time."""
    h = hashlib.sha256()
    for i in range(0, len(text), chunk):
        h.update(text[i:i + chunk].encode("utf-8"))
    return h.hexdigest()[:16]


def _flag_counts(records: pd.DataFrame) -> list[tuple[str, int]]:
    """How many records carry each flag, counted over the distinct flag strings."""
    if "flags" not in records.columns or not len(records):
        return []
    codes, uniques = pd.factorize(records["flags"], use_na_sentinel=False)
    counts: dict[str, int] = {}
    for flags, n in zip(uniques, np.bincount(codes).tolist(), strict=True):
        for f in filter(None, str(flags).split(";")):
            counts[f] = counts.get(f, 0) + n
    return sorted(counts.items())


def render(records: pd.DataFrame, contacts: pd.DataFrame, entities: pd.DataFrame, pairs: pd.DataFrame,
           run: dict[str, Any], mask: bool = False, thresholds: tuple[float, float] | None = None,
           max_pairs: int | None = MAX_PAIRS) -> str:
    """The report as one HTML string, byte-identical for the same tables.

    ``mask`` hides the middle digits of phones and ID numbers in the report (the
    CSV outputs are not touched).  ``thresholds`` is (match, review) probability
    as in the rules' ``[model]``; the shipped defaults when not given.  The page
    embeds at most ``max_pairs`` pairs (None: all), the first in review order,
    and says so when it leaves some out; the summary counts all of them.
    """
    template = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
        (resources.files("dedupe.report") / "report.html").read_text(encoding="utf-8"))
    th = _thresholds(thresholds)
    by_source = []
    if len(records):
        # on the two columns only: iterating the groups of the whole frame would copy every column
        contact_ids = records[["source", "contact_id"]].groupby("source", sort=True)["contact_id"]
        for name, n, m in zip(contact_ids.size().index, contact_ids.size().tolist(), contact_ids.nunique().tolist(),
                              strict=True):
            by_source.append({"source": name, "records": n, "contacts": m, "duplicate_rate": 1 - m / n})
    decisions = {d: int((pairs["decision"] == d).sum()) if len(pairs) else 0 for d in _DECISIONS}
    collecting = gc.isenabled()
    gc.disable()  # millions of small lists and no cycles: the collector would only walk them again and again
    try:
        doc, cut = _data(records, contacts, entities, pairs, th, mask, max_pairs)
        data = _document_json(doc)
    finally:
        if collecting:
            gc.enable()
    run_key = _digest(data)
    counts = run.get("counts", {})
    summary = {"records": counts.get("records", len(records)), "contacts": counts.get("contacts", len(contacts)),
               "entities": counts.get("entities", len(entities)), "pairs": counts.get("pairs", len(pairs))}
    page = template.render(run=run, summary=summary, by_source=by_source, flag_counts=_flag_counts(records),
                           decisions=decisions, histogram=_histogram(pairs, th), thresholds=th,
                           completeness=_completeness(run), data=_DATA_SLOT, run_key=run_key, mask=mask, cut=cut,
                           warnings=list(run.get("warnings") or []), rules=run.get("rules") or {})
    # the data goes in after Jinja: through the template it would be copied twice more (Markup, output)
    head, tail = page.split(_DATA_SLOT)
    return "".join((head, data, tail))
