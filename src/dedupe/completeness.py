"""Completeness: which parts of customer information each record, contact and entity holds.

The parts come from the rules' ``[completeness]`` section.  By default they are
basic information — ``name``, ``phone`` (a mobile or phone column), ``address``
(an address, province, city or district column), ``company`` — supplied by
column roles, and ``contact_history`` (工单号 问题描述 跟进记录 …),
``transaction_history`` (订单号 下单时间 …) and ``value`` (订单金额 积分 会员等级 …),
recognized by header.  Recognizing a header for a part leaves its role alone:
订单号 stays the record key and 下单时间 the ``updated_at`` stamp.

A record *has a column* for a part when its source has a column for it, and
*holds* the part when it has a usable value there: a non-blank normalized value
of one of the part's roles (cleaning keeps only valid phone numbers and email
addresses, so a record with an invalid phone only does not hold ``phone``), or a
non-blank cell under one of the part's headers.

A contact or entity holds a part when any of its records does.  Its
``completeness`` is the share of its *applicable* parts that it holds, and
``missing`` lists the applicable parts it does not hold, in rules order.  A part
is applicable when at least one of the contact's (entity's) own records comes
from a source with a column for it, or when a record holds it anyway (a company
read from an order's address).  The denominator is the contact's own sources,
not every input: a contact seen only in the WeChat export could not have an
order amount, and counting that against it would mark everyone who never
ordered as incomplete — not a gap anyone can fill — and make every score
depend on which unrelated files were in the run.  A contact with no applicable
part scores 1: nothing that could be known is missing.

>>> import numpy as np
>>> parts = ("name", "phone", "value")
>>> column = np.array([[True, True, False], [True, True, True]])
>>> present = np.array([[True, False, False], [True, True, False]])
>>> score, missing = scores(column, present, parts)
>>> score.tolist(), missing
([0.5, 0.667], ['phone', 'value'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .codes import factorize
from .io import Source
from .normalize.text import is_blank
from .rules import Completeness, Part

__all__ = ["RecordParts", "record_parts", "per_group", "scores", "summary"]

# Not a completeness part by default, but summarized like one where a source has an email
# column: the report's heat map shows it beside the basic fields.
_EMAIL = Part("email", roles=("email",))

# The normalized columns that hold each role's values; mobile and phone columns are read
# together (a mobile number written under 电话 lands in ``mobile``).
_VALUES = {"mobile": ("mobile", "phone"), "phone": ("mobile", "phone"), "surname": ("name",),
           "given_name": ("name",), "nickname": ("name",)}
# a name split in two columns (姓 | 名) is a name column, and so is a display name (昵称), which
# gives the name where it spells one
_AS_ROLE = {"surname": "name", "given_name": "name", "nickname": "name"}


@dataclass(frozen=True)
class RecordParts:
    """Per record and field, whether its source has a column for it and whether it holds it.

    ``fields`` are the completeness parts (the first ``scored``) and then the fields only
    summarized (email, unless a part is named so).  ``column`` and ``present`` are bool
    arrays, records × fields, in the records' order; ``source`` is each record's source;
    ``columns`` names, per source, the headers that supply each field.
    """

    fields: tuple[Part, ...]
    scored: int
    column: np.ndarray
    present: np.ndarray
    source: np.ndarray
    columns: dict[str, dict[str, list[str]]]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.fields)


def record_parts(std: pd.DataFrame, sources: Sequence[Source] = (), roles: Mapping[str, Mapping[str, str]] | None = None,
                 spec: Completeness | None = None) -> RecordParts:
    """The parts of every standardized record.

    ``sources`` and ``roles`` (each source's header → role map) tell which columns each
    source has; without them (a caller holding only ``std``) every record counts as
    having a column for each role part and none for a header part.
    """
    spec = spec or Completeness()
    fields = spec.parts if any(p.name == _EMAIL.name for p in spec.parts) else (*spec.parts, _EMAIL)
    n = len(std)
    # column-major: every use reads or writes one field for all records
    column = np.zeros((n, len(fields)), dtype=bool, order="F")
    present = np.zeros((n, len(fields)), dtype=bool, order="F")
    filled: dict[str, np.ndarray] = {}  # each normalized column compared once
    for j, part in enumerate(fields):
        for value in dict.fromkeys(v for role in part.roles for v in _VALUES.get(role, (role,))):
            if value not in filled:
                filled[value] = std[value].to_numpy() != ""
            present[:, j] |= filled[value]
    source_of = std["source"].to_numpy()
    columns: dict[str, dict[str, list[str]]] = {}
    if not sources:
        column[:, [j for j, p in enumerate(fields) if p.roles]] = True
        return RecordParts(fields, len(spec.parts), column, present, source_of, columns)
    row_of = std["row"].to_numpy(dtype=np.int64) - 1
    for src in sources:
        mine = np.flatnonzero(source_of == src.name)
        roles_here = (roles or {}).get(src.name, {})
        columns[src.name] = {}
        for j, part in enumerate(fields):
            by_role = [h for h, r in roles_here.items() if r in part.roles or _AS_ROLE.get(r) in part.roles]
            by_header = [h for h in src.frame.columns if part.reads(h)]
            headers = list(dict.fromkeys(h for h in src.frame.columns if h in by_role or h in by_header))
            if not headers:
                continue
            columns[src.name][part.name] = [str(h) for h in headers]
            column[mine, j] = True
            if by_header:
                present[mine, j] |= _filled(src.frame, by_header)[row_of[mine]]
    return RecordParts(fields, len(spec.parts), column, present, source_of, columns)


def _filled(frame: pd.DataFrame, headers: Sequence[Any]) -> np.ndarray:
    """Per row, whether any of ``headers``' cells is not blank (each distinct cell judged once)."""
    out = np.zeros(len(frame), dtype=bool)
    for h in headers:
        codes, cells = factorize(frame[h].to_numpy(dtype=object))
        out |= np.fromiter((not is_blank(c) for c in cells), dtype=bool, count=len(cells))[codes]
    return out


def per_group(parts: RecordParts, of: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group (``of``: each record's group number, 0 … count-1) and field: whether any
    of its records has a column for it, and whether any holds it."""

    def any_of(matrix: np.ndarray) -> np.ndarray:
        out = np.zeros((count, matrix.shape[1]), dtype=bool, order="F")
        for j in range(matrix.shape[1]):
            out[of[matrix[:, j]], j] = True
        return out

    return any_of(parts.column), any_of(parts.present)


def scores(column: np.ndarray, present: np.ndarray, names: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """``completeness`` (rounded to 3 decimals) and ``missing`` of each group, from its
    per-part ``column`` and ``present`` (the first ``len(names)`` fields)."""
    k = len(names)
    applicable = column[:, :k] | present[:, :k]
    score = _fraction(column, present, k).round(3)
    # each group's gaps as a bit mask; spell out each distinct mask once
    masks = (applicable & ~present[:, :k]) @ (1 << np.arange(k, dtype=np.int64))
    spelled = {m: ";".join(c for i, c in enumerate(names) if m >> i & 1) for m in set(masks.tolist())}
    return score, [spelled[m] for m in masks.tolist()]


def _fraction(column: np.ndarray, present: np.ndarray, k: int) -> np.ndarray:
    """Per group, the share of its applicable parts (of the first ``k``) that it holds; 1
    when none is applicable."""
    have = present[:, :k]
    total = (column[:, :k] | have).sum(axis=1)
    return np.where(total > 0, have.sum(axis=1) / np.maximum(total, 1), 1.0)


def summary(parts: RecordParts, contact_labels: np.ndarray, entity_labels: np.ndarray) -> dict[str, Any]:
    """``run.json``'s completeness summary (shares rounded to 4 decimals).

    ``sources``: per source, the headers that supply each field and per field the share
    of its rows holding a usable value (null where the source has no column for it);
    ``contacts`` / ``entities``: how many, their mean completeness and per field the
    share holding it.  Fields: the parts supplied by roles (name, phone, address,
    company), and email and the parts supplied by headers when some source has a column
    for them.
    """
    wanted = [j for j, p in enumerate(parts.fields)
              if (p.roles and j < parts.scored) or parts.column[:, j].any()]
    names = [parts.fields[j].name for j in wanted]
    out: dict[str, Any] = {"parts": list(parts.names[:parts.scored]), "fields": names, "sources": {}}
    for name in parts.columns:
        mine = parts.source == name
        column, present = parts.column[mine], parts.present[mine]  # the source's rows, taken once
        out["sources"][name] = {
            "rows": int(mine.sum()),
            "columns": parts.columns[name],
            "share": {parts.fields[j].name: _share(present[:, j]) if column[:, j].any() else None
                      for j in wanted},
        }
    for key, labels in (("contacts", contact_labels), ("entities", entity_labels)):
        of, distinct = factorize(np.asarray(labels))
        column, present = per_group(parts, of, len(distinct))
        out[key] = {"count": len(distinct), "mean_completeness": _share(_fraction(column, present, parts.scored)),
                    "share": {parts.fields[j].name: _share(present[:, j]) for j in wanted}}
    return out


def _share(values: np.ndarray) -> float | None:
    return round(float(values.mean()), 4) if len(values) else None
