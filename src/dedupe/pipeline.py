"""The merge pipeline: read → roles → standardize → block → compare → score → cluster → survive.

Each stage is a function from frames to frames; this module only wires them
together, times them, and assembles the output tables of the contract.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .block import block
from .carryover import carry_over, key_headers, read_previous
from .cluster import build_contacts
from .compare import CodedRecords, compare
from .completeness import record_parts, summary
from .decisions import Decisions, load_decisions
from .entities import build_entities
from .errors import InputError
from .io import Source, expand_inputs, expand_named, frame_source, read_source
from .model import FSModel, fit, person_evidence, person_fields, same_company, score
from .progress import Progress
from .quality import record_flags
from .rules import Rules
from .standardize import NORMALIZED, RECORD_COLUMNS, paused_gc, role_frame, standardize
from .survive import golden_contacts, golden_entities

__all__ = ["Result", "merge", "load_sources"]


@dataclass
class Result:
    """Output tables of a run (pandas DataFrames) and its run summary."""

    records: pd.DataFrame
    contacts: pd.DataFrame
    entities: pd.DataFrame
    pairs: pd.DataFrame
    run: dict[str, Any] = field(default_factory=dict)
    model: FSModel | None = None
    warnings: list[str] = field(default_factory=list)


def load_sources(inputs: Sequence[str | Path] | Mapping[str, pd.DataFrame | str | Path],
                 encoding: str | None = None) -> list[Source]:
    """Sources from paths (``NAME=PATH``, directories) or a mapping of name → DataFrame or path."""
    if isinstance(inputs, Mapping):
        out = []
        for name, value in inputs.items():
            if isinstance(value, pd.DataFrame):
                out.append(frame_source(str(name), value))
            elif isinstance(value, str | Path):
                out.extend(read_source(n, p, encoding) for n, p in expand_named(str(name), value))
            else:
                raise InputError(f"source '{name}': expected a DataFrame or a file path, got {type(value).__name__}")
        return out
    return [read_source(name, path, encoding) for name, path in expand_inputs([str(p) for p in inputs])]


def _ids(labels: np.ndarray, prefix: str) -> np.ndarray:
    """IDs numbered by label order (``C000001`` for the smallest label), one per record.

    >>> _ids(np.array([4, 0, 4, 2]), "C").tolist()
    ['C000003', 'C000001', 'C000003', 'C000002']
    """
    labels = np.asarray(labels, dtype=np.int64)
    if len(labels) and 0 <= labels.min() and labels.max() < 2 * len(labels):
        # labels are record positions: rank them by counting instead of sorting
        present = np.zeros(int(labels.max()) + 1, dtype=bool)
        present[labels] = True
        rank = np.cumsum(present) - 1
        count, index = int(rank[-1]) + 1, rank[labels]
    else:
        uniq, index = np.unique(labels, return_inverse=True)
        count = len(uniq)
    width = max(6, len(str(count)))
    names = np.array([f"{prefix}{i:0{width}d}" for i in range(1, count + 1)], dtype=object)
    return names[index]


def _earlier_rank(n: int, history: dict[int, list[int]]) -> np.ndarray:
    """Per record, its rank among its contact's earlier companies (0 the most recent), else -1.

    >>> _earlier_rank(5, {0: [3, 1], 2: [4]}).tolist()
    [-1, 1, -1, 0, 0]
    """
    rank = np.full(n, -1, dtype=np.int64)
    lengths = np.fromiter(map(len, history.values()), dtype=np.int64, count=len(history))
    positions = np.array([i for kept in history.values() for i in kept], dtype=np.int64)
    rank[positions] = np.arange(len(positions)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return rank


def merge(inputs: Sequence[str | Path] | Mapping[str, pd.DataFrame | str | Path], rules: Rules | None = None,
          columns: Mapping[str, str] | None = None, encoding: str | None = None,
          previous: str | Path | pd.DataFrame | Result | None = None,
          decisions: str | Path | pd.DataFrame | None = None, progress: Progress | None = None) -> Result:
    """Clean, match and merge the sources; returns the output tables.

    ``inputs`` is a list of paths (``NAME=PATH`` and directories allowed) or a
    mapping of source name → DataFrame or path.  ``columns`` maps headers to
    roles for every source (like ``--column``).  ``previous`` is an earlier
    output (its directory, :class:`Result` or records frame): contact and entity
    IDs carry over from it (:mod:`dedupe.carryover`) and ``run["ids"]`` reports
    what changed.  ``decisions`` is a reviewer's ``decisions.csv`` (path or
    table, :mod:`dedupe.decisions`): a ``non-match`` keeps its two records in
    different contacts, a ``match`` joins their contacts unless that would break
    a ``non-match``; ``run["decisions"]`` counts what was applied and skipped.
    ``progress`` (:class:`dedupe.progress.Progress`) hears each stage begin.

    A mistake in the input or the rules raises :class:`~dedupe.InputError` or
    :class:`~dedupe.RulesError` (both :class:`~dedupe.DedupeError`) with the line
    the CLI prints; nothing is written anywhere (the CLI writes the result with
    :func:`dedupe.output.write_outputs`).  Every input row is in ``records``
    exactly once, in source order.
    """
    with paused_gc():
        return _merge(inputs, rules, columns, encoding, previous, decisions, progress or Progress())


def _merge(inputs: Sequence[str | Path] | Mapping[str, pd.DataFrame | str | Path], rules: Rules | None,
           columns: Mapping[str, str] | None, encoding: str | None,
           previous: str | Path | pd.DataFrame | Result | None = None,
           decisions: str | Path | pd.DataFrame | None = None, progress: Progress | None = None) -> Result:
    progress = progress or Progress()
    rules = rules or Rules.load("default")
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    peak_mib: dict[str, int] = {}
    _reset_peak()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = round(now - clock, 3)
        clock = now
        peak = _reset_peak()
        if peak is not None:
            peak_mib[stage] = peak

    progress.stage("read")
    sources = load_sources(inputs, encoding)
    lap("read")
    raw, roles = role_frame(sources, rules, dict(columns or {}))
    lap("roles")
    # read before the long stages: a wrong --previous fails at once (and before --out is replaced)
    earlier = None if previous is None else read_previous(previous, key_headers(roles))
    if earlier is not None:
        lap("read_previous")
    decided = None
    if decisions is not None:  # also before the long stages: a wrong row fails at once
        known = raw[["source", "row"]] if not raw.empty else pd.DataFrame({"source": [], "row": []})
        decided = load_decisions(decisions, known, [s.name for s in sources])
        lap("read_decisions")
    if raw.empty:
        result = _empty_result(sources, roles, rules, seconds)
        if decided is not None:
            result.run["decisions"] = _decisions_report(decided, {}, 0)
        if earlier is not None:  # every earlier ID retired, and the last ones issued remembered
            blank = pd.DataFrame({c: pd.Series(dtype=object) for c in ("source", *NORMALIZED)}).assign(
                row=pd.Series(dtype=np.int64))
            result.run["ids"] = carry_over(earlier, blank, np.zeros(0, np.int64), np.zeros(0, np.int64)).report
        return result
    std = standardize(raw, fields=rules.fields, progress=progress)
    std["flags"] = record_flags(std)
    lap("standardize")
    progress.stage("block")
    coded = CodedRecords(std)  # each column's codes, made once for blocking, comparing and fitting
    blocked = block(std, rules.blocking, coded)
    left = blocked.pairs["left"].to_numpy(np.int64)
    right = blocked.pairs["right"].to_numpy(np.int64)
    lap("block")
    progress.stage("compare")
    levels = compare(std, left, right, rules.compare, rules.fields, coded)
    lap("compare")
    progress.stage("score")
    model = fit(std, levels, rules, coded)
    scored = score(levels, model, rules)
    lap("score")
    extra = 0  # decided pairs that blocking never paired
    skipped: dict[int, int] = {}  # a must-link left out → the cannot-link that stopped it (decision rows)
    if decided is not None:
        # a decided pair that blocking never paired is compared and scored like the others (the
        # model is fitted without it), so that pairs.csv explains it too
        left, right, levels, scored, extra = _with_decided_pairs(std, left, right, levels, scored, decided,
                                                                    model, rules, coded)
        pair_of = _pair_index(left, right, decided)
    decision = scored["decision"].to_numpy().copy()
    model_decision = decision.copy()
    if decided is not None:
        decision[pair_of[~decided.match]] = "non-match"
    # Fragments: no full name, or nothing but a name (and a place) — a WeChat row — unless
    # a declared person field (a date of birth, a social security number) says who it is
    weak = (std["honorific_only"] | (std["name"] == "") | std["sparse"]).to_numpy()
    for f in person_fields(rules):
        weak &= (std["field_" + f] == "").to_numpy()
    weight = scored["match_weight"].to_numpy()
    progress.stage("cluster")
    full_name, identity = _identity_pairs(std, left, right, levels)
    accounts = _account_conflicts(levels, identity)
    contact = build_contacts(len(std), left, right, weight, decision, rules.cluster.veto_weight, weak,
                             evidence=weight - scored["w_prior"].to_numpy(),
                             # a fragment whose mobile differs from the candidate's is someone else
                             possible=person_evidence(levels, person_fields(rules))
                             & (levels["phone"].to_numpy() != 0),
                             attach_weight=rules.cluster.attach_weight,
                             # linked deduplicated sources: one record per source in a contact
                             sources=None if rules.blocking.within_sources
                             else pd.factorize(std["source"])[0],
                             must_link=None if decided is None else decided.pairs(match=True),
                             cannot_link=None if decided is None else decided.pairs(match=False),
                             skipped=skipped, same_name=full_name, identity=identity,
                             conflict=accounts,
                             field_weights=scored[[f"w_{f}" for f in model.fields]].to_numpy(np.float64),
                             field_names=tuple(model.fields))
    attached = (decision == "match") & (model_decision != "match")
    # a match the clustering kept apart (a veto between the two contacts) is for a reviewer
    apart = (model_decision == "match") & (contact[left] != contact[right])
    if decided is not None:
        must, cannot = np.flatnonzero(decided.match), np.flatnonzero(~decided.match)
        skipped = {int(must[m]): int(cannot[c]) for m, c in skipped.items()}
        by_reviewer = np.zeros(len(left), dtype=bool)
        by_reviewer[pair_of] = True
        attached &= ~by_reviewer
        apart &= ~by_reviewer
        # the model's word (for 'why'), the pairs a fragment attached through, the reviewer's
        model_decision = np.where(by_reviewer, model_decision, decision)
        decision = _reviewed_decisions(decision, model_decision, pair_of, decided, skipped)
    scored["decision"] = model_decision
    lap("cluster")
    progress.stage("entities")
    assigned = build_entities(std, contact)
    entity = assigned.label
    std["contact_label"], std["entity_label"], std["entity_kind"] = contact, entity, assigned.kind
    carried = None
    if earlier is None:
        std["contact_id"] = _ids(contact, "C")
        std["entity_id"] = _ids(entity, "E")
    # a job changer: which records name the current company, and the earlier companies in order
    std["company_current"] = assigned.current
    std["company_earlier"] = _earlier_rank(len(std), assigned.history)
    lap("entities")
    if earlier is not None:
        carried = carry_over(earlier, std, contact, entity, keys=raw["raw_key"].to_numpy())
        std["contact_id"], std["entity_id"] = carried.contact_id, carried.entity_id
        lap("carryover")
    # an entity's label is one of its record positions, so that record holds the parent's id
    # (and the id of a contact's entity, for a record of a company the contact has left)
    entity_ids = std["entity_id"].to_numpy()
    std["parent_entity_id"] = np.where(assigned.parent >= 0, entity_ids[np.maximum(assigned.parent, 0)], "")
    std["contact_entity_id"] = entity_ids[assigned.contact_label]
    progress.stage("survive")
    parts = record_parts(std, sources, roles, rules.completeness)  # needs the sources' own headers
    contacts = golden_contacts(std, rules.survive, parts)
    entities = golden_entities(std, contacts, rules.survive, parts)
    completeness = summary(parts, contact, entity)
    lap("survive")
    progress.stage("assemble")
    records = _records(std, sources)
    pairs = _pairs(std, left, right, levels, scored, model.labels, rules.model.review_probability,
                   rules.model.match_probability, tuple(model.m_company))
    if attached.any():
        pairs.loc[attached, "why"] = "the one contact this fragment can be: " + pairs.loc[attached, "why"]
    if apart.any():
        two = apart & accounts if accounts is not None else np.zeros(len(apart), dtype=bool)
        pairs.loc[two, "why"] = "kept apart: two ID cards, WeChat or QQ accounts: " + pairs.loc[two, "why"]
        vetoed = apart & ~two
        pairs.loc[vetoed, "why"] = ("kept apart by a pair between their contacts that says two people: "
                                    + pairs.loc[vetoed, "why"])
        pairs.loc[apart, "decision"] = "review"
        decision = np.where(apart, "review", decision)
    if decided is not None:
        pairs["why"] = _reviewed_why(pairs["why"].to_numpy(), model_decision, pair_of, decided, skipped)
        pairs["decision"] = decision
    lap("assemble")
    warnings = _title_warnings(sources) + [
        f"blocking pass '{p}': {n} records share '{k}'; block not paired (max_block_size "
        f"{rules.blocking.max_block_size})" for p, k, n in blocked.oversized]
    if decided is not None:
        warnings += [_skipped_text(decided, m, c) for m, c in sorted(skipped.items())]
    run = {
        "inputs": [{"source": s.name, "path": s.path, "rows": s.rows, "encoding": s.encoding,
                    "roles": roles.get(s.name, {}), "malformed_rows": len(s.malformed_rows)} for s in sources],
        "counts": {"records": len(records), "contacts": len(contacts), "entities": len(entities),
                   "company_entities": int((entities["kind"] == "company").sum()),
                   "pairs": len(pairs), **{f"pairs_{d}": int((pairs["decision"] == d).sum())
                                           for d in ("match", "review", "non-match")}},
        **({"ids": carried.report} if carried is not None else {}),
        **({"decisions": _decisions_report(decided, skipped, extra)}
           if decided is not None else {}),
        "blocking": {"pairs_per_pass": blocked.pass_pairs, "oversized_blocks": len(blocked.oversized)},
        "model": model.as_dict(),
        "completeness": completeness,
        "seconds": seconds,
        **({"peak_rss_mib": peak_mib} if peak_mib else {}),
        "rules": {"origin": rules.origin, "digest": rules.digest},
        "versions": _versions(),
        "warnings": warnings,
    }
    return Result(records, contacts, entities, pairs, run, model, warnings)


def _with_decided_pairs(std: pd.DataFrame, left: np.ndarray, right: np.ndarray, levels: pd.DataFrame,
                        scored: pd.DataFrame, decided: Decisions, model: FSModel,
                        rules: Rules, coded: CodedRecords | None = None
                        ) -> tuple[np.ndarray, np.ndarray, pd.DataFrame, pd.DataFrame, int]:
    """The candidate pairs plus the decided pairs blocking did not give, compared and scored."""
    n = len(std)
    a, b = np.minimum(decided.left, decided.right), np.maximum(decided.left, decided.right)
    wanted = np.unique(a * n + b)
    new = wanted[~np.isin(wanted, left * n + right)]
    if not len(new):
        return left, right, levels, scored, 0
    el, er = new // n, new % n
    more = compare(std, el, er, rules.compare, rules.fields, coded)
    left, right = np.concatenate([left, el]), np.concatenate([right, er])
    order = np.lexsort((right, left))  # in place among the others, as blocking orders them
    levels = pd.concat([levels, more], ignore_index=True).iloc[order].reset_index(drop=True)
    scored = pd.concat([scored, score(more, model, rules)], ignore_index=True).iloc[order].reset_index(drop=True)
    return left[order], right[order], levels, scored, len(new)


def _pair_index(left: np.ndarray, right: np.ndarray, decided: Decisions) -> np.ndarray:
    """The position in (``left``, ``right``) of each decided pair (every one is there)."""
    n = int(max(left.max(initial=0), right.max(initial=0), decided.left.max(initial=0),
                decided.right.max(initial=0))) + 1
    keys = left * n + right
    order = np.argsort(keys, kind="stable")
    wanted = np.minimum(decided.left, decided.right) * n + np.maximum(decided.left, decided.right)
    return order[np.searchsorted(keys, wanted, sorter=order)]


def _reviewed_decisions(decision: np.ndarray, model_decision: np.ndarray, pair_of: np.ndarray,
                        decided: Decisions, skipped: dict[int, int]) -> np.ndarray:
    """Each pair's decision in pairs.csv: the reviewer's where one holds, else as clustered."""
    out = decision.copy()
    applied = decided.match.copy()
    applied[list(skipped)] = False
    out[pair_of[applied]] = "match"
    out[pair_of[~decided.match]] = "non-match"  # a cannot-link always holds
    return out


def _reviewed_why(why: np.ndarray, model_decision: np.ndarray, pair_of: np.ndarray, decided: Decisions,
                  skipped: dict[int, int]) -> np.ndarray:
    """'reviewer: match (model: review); name exact +9.1; …' for each decided pair."""
    out = why.astype(object).copy()
    said: dict[int, str] = {}
    for k, p in enumerate(pair_of):  # a cannot-link on the pair wins over a must-link, whatever the order
        p = int(p)
        if decided.match[k] and said.get(p, "").startswith("reviewer: non-match"):
            continue
        if k in skipped:
            said[p] = (f"reviewer: match, not applied: contradicts the non-match in {decided.name} row "
                       f"{decided.line[skipped[k]]}")
        else:
            said[p] = f"reviewer: {'match' if decided.match[k] else 'non-match'}"
    for p, text in said.items():
        out[p] = f"{text} (model: {model_decision[p]}); {why[p]}"
    return out


def _skipped_text(decided: Decisions, m: int, c: int) -> str:
    """The warning for a must-link that a cannot-link stopped."""
    return (f"{decided.describe(m)} not applied: it would put {decided.left_ref[c]} and {decided.right_ref[c]} "
            f"in one contact, against the non-match in row {decided.line[c]}")


def _decisions_report(decided: Decisions, skipped: dict[int, int], extra: int) -> dict[str, Any]:
    """run.json's 'decisions': what was read, applied and skipped (and why)."""
    return {
        "file": decided.name,
        "rows": len(decided),
        "match": {"applied": int(decided.match.sum()) - len(skipped), "skipped": len(skipped)},
        "non-match": {"applied": int((~decided.match).sum())},
        "pairs_not_blocked": extra,
        "skipped": [{"row": int(decided.line[m]), "left": decided.left_ref[m], "right": decided.right_ref[m],
                     "reason": f"contradicts the non-match in row {decided.line[c]} "
                               f"({decided.left_ref[c]} and {decided.right_ref[c]})"}
                    for m, c in sorted(skipped.items())],
    }


def _records(std: pd.DataFrame, sources: list[Source]) -> pd.DataFrame:
    ours = list(RECORD_COLUMNS)
    n = len(std)
    originals: dict[str, np.ndarray] = {}
    offset = 0
    for src in sources:
        rows = len(src.frame)
        for header in src.frame.columns:
            if header not in originals:
                originals[header] = np.full(n, "", dtype=object)
            originals[header][offset:offset + rows] = src.frame[header].to_numpy()
        offset += rows
    # a header that clashes with one of ours gets src_ in front, as many times as it takes to
    # clash with nothing: 'source' beside an original 'src_source' is 'src_src_source'
    taken = set(ours) | set(originals)
    columns: dict[str, Any] = {c: _column_values(std[c]) for c in ours}
    for h, v in originals.items():
        column = h
        if h in ours:
            column = f"src_{h}"
            while column in taken:
                column = f"src_{column}"
            taken.add(column)
        # text stays an object column as it is; anything else goes as a list, for pandas to
        # infer its dtype as it always has
        columns[column] = v if pd.api.types.infer_dtype(v, skipna=False) == "string" else v.tolist()
    # copy=False: each column its own block, not all copied again into one
    return pd.DataFrame(columns, index=pd.RangeIndex(n), copy=False)


def _column_values(column: pd.Series) -> Any:
    """A copy of a column's values with its dtype, for a new frame: a NumPy array when it is one
    (its ``.array`` wrapper would have pandas scan it for missing values), else its extension
    array.  A copy: records must not share (and keep alive) the blocks of ``std``."""
    return column.to_numpy().copy() if isinstance(column.dtype, np.dtype) else column.array.copy()


def _account_conflicts(levels: pd.DataFrame, identity: np.ndarray | None) -> np.ndarray | None:
    """Pairs whose ID cards, WeChat or QQ accounts differ (sharing none): two people, unless
    the pair itself shares a mobile, email or ID under one full name (徐梅 with one mobile
    and two QQ numbers is one person with two accounts)."""
    if "id" not in levels:
        return None
    differ = levels["id"].to_numpy() == 0
    return differ if identity is None else differ & ~identity


def _identity_pairs(std: pd.DataFrame, left: np.ndarray, right: np.ndarray,
                    levels: pd.DataFrame) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Which pairs agree on the full name (as written or read: not a reading a WeChat id
    spells), and which of those also share a mobile, email or ID: such a pair is the same
    person, whatever company or other number another pair of theirs disagrees on (see
    :func:`build_contacts`).  (None, None) where the rules compare no built-in names."""
    if not {"name", "phone", "email", "id"} <= set(levels.columns):
        return None, None
    full_name = levels["name"].to_numpy() >= 3
    if "reading_from_handle" in std:
        spelled = std["reading_from_handle"].to_numpy(dtype=bool)
        full_name &= ~(spelled[left] | spelled[right])
    shared = (levels["phone"].to_numpy() == 3) | (levels["email"].to_numpy() == 3) | (levels["id"].to_numpy() == 1)
    return full_name, full_name & shared


def _pairs(std: pd.DataFrame, left: np.ndarray, right: np.ndarray, levels: pd.DataFrame,
           scored: pd.DataFrame, labels: dict[str, dict[int, str]], review_probability: float,
           match_probability: float, colleagues: tuple[str, ...] = ()) -> pd.DataFrame:
    """pairs.csv's rows.  ``colleagues``: the fields weighed among colleagues when the pair's
    company agrees (the model's employer fields), which 'why' says of them."""
    src, row = std["source"].to_numpy(), std["row"].to_numpy()
    contact_id = std["contact_id"].to_numpy()
    columns: dict[str, np.ndarray] = {
        "left_source": src[left], "left_row": row[left], "right_source": src[right], "right_row": row[right],
        "left_contact_id": contact_id[left], "right_contact_id": contact_id[right],
    }
    fields = tuple(labels)
    level_of: list[tuple[np.ndarray, np.ndarray]] = []
    for f in fields:
        index, names = _level_index(levels[f].to_numpy(), {**labels[f], -1: "missing"})
        columns[f"{f}_level"] = names[index]
        level_of.append((index, names))
    for c in ("w_prior", *(f"w_{f}" for f in fields), "match_weight", "probability", "decision"):
        columns[c] = scored[c].to_numpy()
    weights = [columns[f"w_{f}"].astype(np.float64, copy=False) for f in fields]
    # what a level's weight was read against, where that is not the usual: 'name exact' between two
    # records of a firm that holds the name twice; 'address same address' between colleagues
    notes = [("name", scored["namesakes"].to_numpy() if "namesakes" in scored else None,
              "a name their company holds twice or more"),
             ("name", scored["namesakes_by_mobile"].to_numpy() if "namesakes_by_mobile" in scored else None,
              "only mobiles tell its holders there apart, so the phones differing weighs 0")]
    if "reading_from_handle" in std and "name" in levels:  # a nameless record's WeChat id spelled it
        spelled = std["reading_from_handle"].to_numpy(dtype=bool)
        notes.append(("name", (spelled[left] | spelled[right]) & (levels["name"].to_numpy() == 3),
                      "the reading a WeChat id spells"))
    at_company = same_company(levels) if colleagues else None
    notes += [(f, at_company, "at one company") for f in colleagues]
    for f, where, note in notes:
        if f in fields and where is not None and where.any():
            k = fields.index(f)
            index, names = level_of[k]
            said = np.array([*names, *(f"{v} ({note})" for v in names)], dtype=object)
            level_of[k] = (np.where(where, index + len(names), index), said)
    columns["why"] = _reasons(fields, weights, level_of, columns["decision"], columns["probability"],
                              review_probability, match_probability)
    if not len(left):  # no pairs: 'why' as pandas types an empty list, as it always was
        columns["why"] = np.zeros(0, dtype=np.float64)
    return pd.DataFrame(columns, copy=False)  # each column its own block: not copied again into one


def _level_index(codes: np.ndarray, names: dict[int, str]) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's level name as (``index``, ``names``): ``names[index]`` is ``names[code]``, NaN for a
    code without a name (as ``Series.map`` gives).  A lookup table over the codes' range, not a dict
    lookup per pair; and the small ``index`` lets 'why' group pairs by level cheaply."""
    if not len(codes):
        return np.zeros(0, dtype=np.int64), np.array([], dtype=object)
    low, high = (int(codes.min()), int(codes.max())) if codes.dtype.kind in "iu" else (0, -1)
    if high - low > _LEVEL_TABLE_MAX or high < low:
        index, table = pd.factorize(pd.Series(codes).map(names).to_numpy(), use_na_sentinel=False)
        return index, np.asarray(table, dtype=object)
    table = np.array([names.get(c, np.nan) for c in range(low, high + 1)], dtype=object)
    return codes - low, table


_LEVEL_TABLE_MAX = 1 << 16

# 'why' names at most this many fields, each moving the score by at least _WHY_MIN_WEIGHT
_WHY_FIELDS = 3
_WHY_MIN_WEIGHT = 0.5
_WHY_BLOCK = 1 << 18  # pairs ordered at a time
_WHY_NOTHING = "no field agrees or disagrees strongly"
_WHY_PREFIX = ("", "only employer fields agree (no name, mobile, email or ID): ",
               "a common name and at most a city agree, left for review: ")


def _why(pairs: pd.DataFrame, fields: tuple[str, ...], review_probability: float,
         match_probability: float) -> np.ndarray:
    """A short reason per pair of ``pairs`` (pairs.csv's columns): the fields that moved the score
    most, strongest first."""
    level_of = []
    for f in fields:
        index, names = pd.factorize(pairs[f"{f}_level"].to_numpy(), use_na_sentinel=False)
        level_of.append((index, np.asarray(names, dtype=object)))
    weights = [pairs[f"w_{f}"].to_numpy(np.float64) for f in fields]
    return _reasons(fields, weights, level_of, pairs["decision"].to_numpy(), pairs["probability"].to_numpy(),
                    review_probability, match_probability)


def _reasons(fields: tuple[str, ...], weights: list[np.ndarray], level_of: list[tuple[np.ndarray, np.ndarray]],
             decision: np.ndarray, probability: np.ndarray, review_probability: float,
             match_probability: float) -> np.ndarray:
    """'why' from each field's weight (``weights[k]``) and level name (``names[index]`` of
    ``level_of[k]``).

    Pairs share a few thousand reasons: each field's 'name level +w' text is built once per
    distinct (level, weight), each reason once per distinct choice of texts, then handed out.
    """
    n = len(decision)
    part_id = np.empty((n, len(fields)), dtype=np.int32)  # per pair and field: its text's place in part_text
    part_text: list[str] = []
    for k, f in enumerate(fields):
        codes, texts = _field_parts(f, *level_of[k], weights[k])
        part_id[:, k] = codes + len(part_text)
        part_text += texts
    chosen = np.full((n, min(_WHY_FIELDS, len(fields))), -1, dtype=np.int32)
    for start in range(0, n if fields else 0, _WHY_BLOCK):  # in blocks: a few (pairs x fields) arrays
        block = slice(start, start + _WHY_BLOCK)
        strength = np.abs(np.column_stack([w[block] for w in weights]))
        order = np.argsort(-strength, axis=1, kind="stable")[:, :_WHY_FIELDS]
        picked = np.take_along_axis(part_id[block], order, axis=1)
        picked[~(np.take_along_axis(strength, order, axis=1) >= _WHY_MIN_WEIGHT)] = -1  # NaN too
        chosen[block] = picked
    # Scored high, yet non-match: the person-evidence rule (model.person_evidence) overrode it.
    overruled = (decision == "non-match") & (probability >= review_probability)
    capped = (decision == "review") & (probability >= match_probability)
    prefix = np.where(overruled, 1, np.where(capped, 2, 0)).astype(np.int32)
    reason, first = _distinct_rows(np.column_stack([chosen, prefix]))
    texts = np.empty(len(first), dtype=object)
    for r, (parts, kind) in enumerate(zip(chosen[first].tolist(), prefix[first].tolist(), strict=True)):
        said = [part_text[p] for p in parts if p >= 0]
        texts[r] = _WHY_PREFIX[kind] + ("; ".join(said) if said else _WHY_NOTHING)
    return texts[reason]


def _field_parts(field_name: str, level_index: np.ndarray, level_names: np.ndarray,
                 weights: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Per pair, the code of its 'field level +w' text, and the texts by code."""
    weight_code, weight_value = pd.factorize(weights.view(np.int64))  # by bits: -0.0 is not 0.0
    width = max(len(weight_value), 1)
    codes, combos = pd.factorize(level_index.astype(np.int64) * width + weight_code)
    level_of, weight_of = np.divmod(combos, width)
    values = weight_value.view(np.float64)
    texts = [f"{field_name} {level_names[lv]} {values[w]:+.1f}" for lv, w in zip(level_of, weight_of, strict=True)]
    return codes, texts


def _distinct_rows(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row of the small non-negative-or--1 int matrix ``keys``, the number of its distinct
    value (in order of first appearance), and the first row of each distinct value."""
    code = np.zeros(len(keys), dtype=np.int64)
    count = 1
    for column in keys.T:
        shifted = column.astype(np.int64) + 1  # -1 (no field) becomes 0
        code, distinct = pd.factorize(code * (int(shifted.max(initial=0)) + 1) + shifted)
        count = len(distinct)
    first = np.full(count, len(keys), dtype=np.int64)
    np.minimum.at(first, code, np.arange(len(keys)))
    return code, first


def _reset_peak() -> int | None:
    """This process's peak resident memory (MiB) since the last call, where Linux tells it
    (``VmHWM``, which writing 5 to ``/proc/self/clear_refs`` resets); None elsewhere.
    Worker processes (standardize) are not counted."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            peak = next((int(line.split()[1]) for line in f if line.startswith("VmHWM:")), None)
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except OSError:
        return None
    return None if peak is None else round(peak / 1024)


def _versions() -> dict[str, str]:
    out = {}
    for pkg in ("dedupe-cn", "pandas", "numpy", "rapidfuzz", "phonenumbers", "jieba", "opencc", "pypinyin",
                "python-stdnum"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = ""
    return out


def _empty_result(sources: list[Source], roles: dict, rules: Rules, seconds: dict) -> Result:
    empty = pd.DataFrame(columns=["source", "row", "contact_id", "entity_id", "flags", *NORMALIZED])
    run = {"inputs": [{"source": s.name, "path": s.path, "rows": 0, "encoding": s.encoding,
                       "roles": roles.get(s.name, {})} for s in sources],
           "counts": {"records": 0, "contacts": 0, "entities": 0, "pairs": 0}, "seconds": seconds,
           "rules": {"origin": rules.origin, "digest": rules.digest}, "versions": _versions(),
           "warnings": _title_warnings(sources)}
    return Result(empty, pd.DataFrame(columns=["contact_id", "entity_id", "name"]),
                  pd.DataFrame(columns=["entity_id", "kind", "name"]),
                  pd.DataFrame(columns=["left_source", "left_row", "right_source", "right_row", "match_weight",
                                        "probability", "decision", "why"]), run, warnings=run["warnings"])


def _title_warnings(sources: list[Source]) -> list[str]:
    """A note for each source whose header stands under a title: those lines are not data."""
    out = []
    for s in sources:
        if s.title:
            title = " / ".join(s.title)
            out.append(f"{s.path}: the lines above the header are read as a title, not data: "
                       f"'{title if len(title) <= 80 else title[:79] + '…'}'")
    return out


def normalize_only(inputs: Sequence[str | Path] | Mapping[str, pd.DataFrame | str | Path], rules: Rules | None = None,
                   columns: Mapping[str, str] | None = None, encoding: str | None = None) -> pd.DataFrame:
    """Cleansing only: ``records.csv``'s normalized fields and flags, without matching.

    Takes the same ``inputs``, ``rules``, ``columns`` and ``encoding`` as :func:`merge`
    and raises the same errors.  ``records.attrs["warnings"]`` holds what :func:`merge` would
    put in run.json's warnings about reading the sources (a title taken off above a header).

    >>> import pandas as pd
    >>> records = normalize_only({"crm": pd.DataFrame({"联系人": ["張偉"], "手机": ["138-0013-8000"]})})
    >>> records[["name", "mobile", "flags"]].values.tolist()
    [['张伟', '+8613800138000', 'missing_email;missing_address;missing_company']]
    """
    with paused_gc():
        return _normalize_only(inputs, rules, columns, encoding)


def _normalize_only(inputs: Sequence[str | Path] | Mapping[str, pd.DataFrame | str | Path], rules: Rules | None,
                    columns: Mapping[str, str] | None, encoding: str | None) -> pd.DataFrame:
    rules = rules or Rules.load("default")
    sources = load_sources(inputs, encoding)
    raw, _ = role_frame(sources, rules, dict(columns or {}))
    if raw.empty:
        records = _empty_result(sources, {}, rules, {}).records
    else:
        std = standardize(raw, fields=rules.fields)
        std["flags"] = record_flags(std)
        std["contact_id"] = ""
        std["entity_id"] = ""
        records = _records(std, sources)
    records.attrs["warnings"] = _title_warnings(sources)  # what merge puts in run.json, for the CLI to tell
    return records
