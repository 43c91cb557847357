"""The HTML review report: one self-contained file, no network, opened from disk.

No stage knows about HTML: :func:`render` takes the output tables and the run
summary and fills ``report.html`` (a Jinja2 template beside this module).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import jinja2
import pandas as pd

__all__ = ["render"]

_REVIEW_ROWS = 500


def render(records: pd.DataFrame, contacts: pd.DataFrame, entities: pd.DataFrame, pairs: pd.DataFrame,
           run: dict[str, Any]) -> str:
    """The report as one HTML string."""
    template = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
        (resources.files("dedupe.report") / "report.html").read_text(encoding="utf-8"))
    by_source = []
    if len(records):
        for name, group in records.groupby("source", sort=False):
            by_source.append({"source": name, "records": len(group), "contacts": group["contact_id"].nunique(),
                              "duplicate_rate": round(1 - group["contact_id"].nunique() / len(group), 3)})
    flag_counts: dict[str, int] = {}
    for flags in records.get("flags", pd.Series(dtype=object)):
        for f in filter(None, str(flags).split(";")):
            flag_counts[f] = flag_counts.get(f, 0) + 1
    review = pairs[pairs["decision"] == "review"] if len(pairs) else pairs
    if len(review):
        review = review.sort_values(["probability", "left_source", "left_row"], ascending=[True, True, True])
    shown = []
    if len(review):
        key = records.set_index(["source", "row"])
        for _, p in review.head(_REVIEW_ROWS).iterrows():
            a = key.loc[(p["left_source"], p["left_row"])]
            b = key.loc[(p["right_source"], p["right_row"])]
            fields = []
            for f in ("name", "company", "mobile", "phone", "email", "address", "title"):
                fields.append({"field": f, "left": a[f], "right": b[f], "same": a[f] == b[f]})
            shown.append({"pair": p, "fields": fields})
    return template.render(run=run, by_source=by_source, flag_counts=sorted(flag_counts.items()),
                           review=shown, review_total=len(review), review_limit=_REVIEW_ROWS)
