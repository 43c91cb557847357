"""Reviewer decisions: read and check ``decisions.csv``, the pairs a person has decided.

A reviewer (in ``report.html``, or by hand in a spreadsheet) marks pairs of
records as the same person or not; ``dedupe merge --decisions decisions.csv``
obeys them.  The file has one row per decided pair and five columns::

    left_source,left_row,right_source,right_row,decision
    crm,12,orders,40,match
    crm,12,expo,7,non-match

``left_source``/``left_row`` and ``right_source``/``right_row`` name a record
as ``records.csv`` and ``pairs.csv`` do: its source and its 1-based data row in
that source.  ``decision`` is ``match`` or ``non-match`` (``non_match`` and
``nonmatch`` too; case and surrounding spaces do not matter).  Other columns
(the ``pairs.csv`` columns a reviewer kept) are ignored.  A file with a header
and no rows is fine; it decides nothing.  CSV, TSV and XLSX are read like
inputs (UTF-8, UTF-8 with a BOM, or GB18030).

What the decisions do is :func:`dedupe.cluster.build_contacts`' job: a
``non-match`` is a cannot-link that always holds, a ``match`` a must-link that
holds unless it contradicts a cannot-link.  This module only reads the file and
turns each row into a pair of record positions; every mistake is an
:class:`~dedupe.InputError` naming the file, the decision row and the column.

>>> import pandas as pd
>>> table = pd.DataFrame({"left_source": ["crm", "crm"], "left_row": ["1", "2"],
...                       "right_source": ["expo", "expo"], "right_row": ["1", " 1 "],
...                       "decision": ["match", " Non_Match "]})
>>> records = pd.DataFrame({"source": ["crm", "crm", "expo"], "row": [1, 2, 1]})
>>> d = load_decisions(table, records)
>>> d.left.tolist(), d.right.tolist(), d.match.tolist(), d.line.tolist()
([0, 1], [2, 2], [True, False], [1, 2])
>>> d.describe(1)
'decisions row 2: non-match of crm row 2 and expo row 1'
>>> load_decisions(table.assign(decision=["match", "maybe"]), records)
Traceback (most recent call last):
...
dedupe.errors.InputError: decisions: row 2, column 'decision': 'maybe' is not match or non-match
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError

__all__ = ["COLUMNS", "Decisions", "read_decisions", "load_decisions"]

#: The columns a decisions file must have (the report exports exactly these).
COLUMNS = ("left_source", "left_row", "right_source", "right_row", "decision")

_SPELLINGS = {"match": "match", "non-match": "non-match", "non_match": "non-match", "nonmatch": "non-match"}


@dataclass(frozen=True)
class Decisions:
    """Decided pairs as record positions (the order of ``records``), in file order.

    ``match`` is True for a must-link, False for a cannot-link; ``line`` is each
    decision's 1-based data row in the file; ``left_ref``/``right_ref`` name both
    records (``crm row 12``, for messages); ``name`` is the file.
    """

    left: np.ndarray
    right: np.ndarray
    match: np.ndarray
    line: np.ndarray
    left_ref: tuple[str, ...] = ()
    right_ref: tuple[str, ...] = ()
    name: str = "decisions"

    def __len__(self) -> int:
        return len(self.left)

    def describe(self, k: int) -> str:
        """Decision ``k`` in words: ``decisions.csv row 3: match of crm row 1 and expo row 9``."""
        kind = "match" if self.match[k] else "non-match"
        return f"{self.name} row {self.line[k]}: {kind} of {self.left_ref[k]} and {self.right_ref[k]}"

    def pairs(self, match: bool) -> np.ndarray:
        """The must-links (``match=True``) or cannot-links as an array of position pairs, shape (k, 2)."""
        chosen = self.match == match
        return np.column_stack([self.left[chosen], self.right[chosen]]).astype(np.int64)


def read_decisions(decisions: str | Path | pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The decisions table as text cells, checked for its columns and decision values.

    Returns the table (``decision`` spelled ``match`` / ``non-match``, other
    columns stripped of spaces) and the name messages give the file.  A missing
    file or column, or a decision that is not match / non-match, is an
    :class:`~dedupe.InputError`.
    """
    if isinstance(decisions, pd.DataFrame):
        name, table = "decisions", decisions.astype(object).where(decisions.notna(), "").astype(str)
        table.columns = [str(c).strip() for c in table.columns]
    else:
        from .io import read_source

        p = Path(decisions)
        if not p.is_file():
            raise InputError(f"{p}: {'is a directory, not a decisions file' if p.is_dir() else 'file not found'}")
        name, table = str(p), read_source("decisions", p).frame
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise InputError(f"{name}: header: no column{plural} {', '.join(repr(c) for c in missing)} "
                         f"(a decisions file has {','.join(COLUMNS)})")
    out = pd.DataFrame({c: table[c].astype(str).str.strip() for c in COLUMNS}).reset_index(drop=True)
    spelled = out["decision"].str.lower().map(_SPELLINGS)
    bad = np.flatnonzero(spelled.isna().to_numpy())
    if len(bad):
        k = int(bad[0])
        raise InputError(f"{name}: row {k + 1}, column 'decision': {table['decision'].iloc[k]!r} "
                         f"is not match or non-match")
    out["decision"] = spelled
    return out, name


def load_decisions(decisions: str | Path | pd.DataFrame, records: pd.DataFrame,
                   sources: Sequence[str] = ()) -> Decisions:
    """Read a decisions file (or table) and find its records among ``records`` (``source``, ``row``).

    ``sources`` names the inputs, so that one without rows is known as an input.

    A source that is not among the inputs, a row that is not a whole number or
    not in its source, or a record decided against itself is an
    :class:`~dedupe.InputError` naming the decision's row and column.
    """
    table, name = read_decisions(decisions)
    of = records["source"].astype(str).to_numpy()
    rows = records["row"].to_numpy(np.int64)
    at = pd.Series(np.arange(len(records)), index=pd.MultiIndex.from_arrays([of, rows]))
    last = {**dict.fromkeys(sources, 0), **(pd.Series(rows).groupby(of).max().to_dict() if len(records) else {})}
    known = ", ".join(repr(s) for s in last) or "none"
    pos = np.empty((len(table), 2), dtype=np.int64)
    refs: list[list[str]] = [[], []]
    for k, record in enumerate(table.itertuples(index=False)):
        where = f"{name}: row {k + 1}"
        for j, side in enumerate(("left", "right")):
            source, row = getattr(record, f"{side}_source"), getattr(record, f"{side}_row")
            if source not in last:
                raise InputError(f"{where}, column '{side}_source': source {source!r} is not among the inputs "
                                 f"(sources: {known})")
            r = _row_number(row)
            if r is None:
                raise InputError(f"{where}, column '{side}_row': {row!r} is not a row number")
            found = at.get((source, r))
            if found is None:
                has = f"rows 1 to {last[source]}" if last[source] else "no rows"
                raise InputError(f"{where}, column '{side}_row': row {r} is out of range "
                                 f"(source {source!r} has {has})")
            pos[k, j] = int(found)
            refs[j].append(f"{source} row {r}")
        if pos[k, 0] == pos[k, 1]:
            raise InputError(f"{where}, column 'right_row': the decision pairs {refs[0][k]} with itself")
    return Decisions(pos[:, 0].copy(), pos[:, 1].copy(), (table["decision"] == "match").to_numpy(),
                     np.arange(1, len(table) + 1, dtype=np.int64), tuple(refs[0]), tuple(refs[1]), name)


def _row_number(text: str) -> int | None:
    """A whole row number; ``12.0`` as a spreadsheet may write it counts too."""
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None
