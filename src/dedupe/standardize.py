"""Standardize: role columns of every source into one frame of parsed values.

Each parser runs once per distinct value (real exports repeat a company name,
a switchboard or a city thousands of times), and the results are mapped back.
The output frame has one row per input row, in source order, with the
normalized fields the later stages compare.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from .codes import factorize
from .columns import assign_roles
from .io import Source
from .normalize.address import parse_address
from .normalize.company import parse_company
from .normalize.email import parse_emails
from .normalize.ids import parse_id_card, parse_uscc
from .normalize.name import (
    gender_of,
    is_surname,
    name_in_nickname,
    other_surname,
    parse_name,
    reading_of_handle,
    surname_pinyin,
)
from .normalize.phone import _plain_mobile, area_code_for_city, area_code_of, parse_phone
from .normalize.text import clean, fold, is_blank
from .progress import Progress
from .rules import FieldSpec, Rules

__all__ = ["role_frame", "standardize", "NORMALIZED", "RECORD_COLUMNS"]

# Normalized columns written to records.csv, in this order.
NORMALIZED = (
    "name", "surname", "pinyin", "honorific", "gender",
    "company", "company_key", "company_region", "company_branch",
    "mobile", "phone", "email",
    "province", "city", "district", "address", "address_key", "adcode",
    "title", "id_card", "uscc", "wechat", "qq", "updated_at",
)

# The columns of records.csv before the original ones (an original header that clashes
# with one of these is written as src_<header>; src_src_<header> if that is an original too).
RECORD_COLUMNS = ("source", "row", "contact_id", "entity_id", "flags", *NORMALIZED)

_JOINED = ("mobile", "phone", "email", "address")


def role_frame(sources: Sequence[Source], rules: Rules, overrides: dict[str, str] | None = None) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    """One frame of raw role values for all sources, plus each source's header → role map."""
    parts = []
    roles_by_source: dict[str, dict[str, str]] = {}
    for src in sources:
        roles = assign_roles(list(src.frame.columns), {**rules.roles_for(src.name), **(overrides or {})})
        roles_by_source[src.name] = roles
        n = len(src.frame)
        # one name object for all its rows (np.full would make a new string per row): later stages
        # hash each distinct object once
        part = pd.DataFrame({"source": np.array([src.name] * n, dtype=object), "row": np.arange(1, n + 1)})
        by_role: dict[str, list[str]] = {}
        for header, role in roles.items():
            by_role.setdefault(role, []).append(header)
        for role in ("name", "company", "mobile", "phone", "email", "address", "province", "city", "district",
                     "title", "id_card", "uscc", "wechat", "qq", "updated_at", "key"):
            headers = by_role.get(role, [])
            if not headers:
                part["raw_" + role] = ""
            elif len(headers) == 1 or role not in _JOINED:
                part["raw_" + role] = _first_nonblank(src.frame, headers)
            else:
                part["raw_" + role] = _joined(src.frame, headers)
        part["raw_updated_at"] = _day_month_order(part["raw_updated_at"].to_numpy(dtype=object))
        if "surname" in by_role or "given_name" in by_role:  # 姓 | 名: one name where no name column has one
            split = _split_name(src.frame, by_role.get("surname", []), by_role.get("given_name", []))
            name = part["raw_name"].to_numpy(dtype=object)
            part["raw_name"] = split if "name" not in by_role else np.where(
                np.fromiter((is_blank(v) for v in name), dtype=bool, count=n), split, name)
        if "nickname" in by_role:  # a display name that spells a name (WeChat 昵称 吴兵🍀)
            part["raw_name"] = _name_or_nickname(part["raw_name"].to_numpy(dtype=object),
                                                 _first_nonblank(src.frame, by_role["nickname"]))
        if "wechat" in by_role:  # a WeChat id that is a mobile number is one of the person's
            part["raw_mobile"] = _with_wechat_mobile(part["raw_mobile"].to_numpy(dtype=object),
                                                     part["raw_wechat"].to_numpy(dtype=object))
        # a gender column, and after it a second name column (姓名 beside 称呼: 先生 / 女士)
        told = by_role.get("gender", []) + by_role.get("name", [])[1:]
        part["raw_gender"] = _first_nonblank(src.frame, told) if told else ""
        for spec in rules.fields:  # declared fields: read from their headers, whatever role those have
            wanted = {c.lower() for c in spec.columns}
            headers = [h for h in spec.columns if h in src.frame.columns] or [
                h for h in src.frame.columns if str(h).strip().lower() in wanted]
            part["raw_field_" + spec.name] = _first_nonblank(src.frame, headers) if headers else ""
        part["malformed"] = False
        if src.malformed_rows:
            part.loc[[r - 1 for r in src.malformed_rows], "malformed"] = True
        part["has_name_col"] = bool({"name", "surname", "given_name", "nickname"} & by_role.keys())
        part["has_phone_col"] = "mobile" in by_role or "phone" in by_role
        part["has_email_col"] = "email" in by_role
        part["has_address_col"] = bool({"address", "city", "province", "district"} & by_role.keys())
        part["has_company_col"] = "company" in by_role
        parts.append(part)
    if not parts:
        return pd.DataFrame(), roles_by_source
    frame = pd.concat(parts, ignore_index=True)
    return frame, roles_by_source


# Columns stay object arrays of str: building a frame column from a Python list costs more
# than the rest of this step.

def _column(frame: pd.DataFrame, header: str) -> np.ndarray:
    return frame[header].astype(str).to_numpy(dtype=object)


def _first_nonblank(frame: pd.DataFrame, headers: list[str]) -> np.ndarray:
    values = _column(frame, headers[0])
    for h in headers[1:]:
        other = _column(frame, h)
        blank = np.fromiter((is_blank(v) for v in values), dtype=bool, count=len(values))
        values = np.where(blank, other, values)
    return values


_DAY_MONTH = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(.*)", re.DOTALL)
_SEPARATORS = frozenset("/.-")


def _day_month_order(values: np.ndarray) -> np.ndarray:
    """A source's dates written day and month first (3/5/2024), put year first where the
    column itself tells the order: some cell has a day over 12 in one place (01/28/2019: a
    US export, month first; 28/01/2019: day first) and none in the other.  A column that
    never tells (every part 12 or less), or tells both, is left as it is, and unread.

    >>> _day_month_order(np.array(["01/08/2019", "01/28/2019 9:30", ""], dtype=object)).tolist()
    ['2019-01-08', '2019-01-28 9:30', '']
    >>> _day_month_order(np.array(["01/08/2019", "02/03/2019"], dtype=object)).tolist()
    ['01/08/2019', '02/03/2019']
    """
    if not isinstance(values, np.ndarray) or not len(values):
        return values
    codes, distinct = factorize(values)
    # (a separator second or third: most cells, written year first, are never tried)
    found = [_DAY_MONTH.fullmatch(v) if isinstance(v, str) and (v[1:2] in _SEPARATORS or v[2:3] in _SEPARATORS)
             else None for v in distinct]
    first_over = any(m is not None and int(m[1]) > 12 for m in found)
    second_over = any(m is not None and int(m[2]) > 12 for m in found)
    if first_over == second_over:
        return values
    day, month = (1, 2) if first_over else (2, 1)
    fixed = np.array([f"{m[3]}-{int(m[month]):02d}-{int(m[day]):02d}{m[4]}" if m is not None else v
                      for m, v in zip(found, distinct, strict=True)], dtype=object)
    return fixed[codes]


def _split_name(frame: pd.DataFrame, surnames: list[str], given_names: list[str]) -> np.ndarray:
    """One name per row from a surname and a given-name column: 张 + 伟 is 张伟, 欧阳 + 先生
    is 欧阳先生, and Zhang + Wei is 'Zhang, Wei' (the comma says which is the surname)."""
    n = len(frame)
    blank = np.full(n, "", dtype=object)
    family = _first_nonblank(frame, surnames) if surnames else blank
    given = _first_nonblank(frame, given_names) if given_names else blank

    def part(v: object) -> str:
        text = str(v).strip() if isinstance(v, str) else ""
        # Na (娜) is a given name here, not the 'n/a' an empty cell may hold
        return text if text.lower() == "na" or not is_blank(text) else ""

    def one(s: object, g: object) -> str:
        s, g = part(s), part(g)
        if s and g and s[-1].isascii() and g[0].isascii():
            return f"{s}, {g}"
        return s + g

    return np.fromiter((one(s, g) for s, g in zip(family, given, strict=True)), dtype=object, count=n)


def _name_or_nickname(names: np.ndarray, nicknames: np.ndarray) -> np.ndarray:
    """Each row's name cell, or the name its display name spells (name_in_nickname) where the
    cell is blank, or holds only the same surname with an honorific: 王总 beside 王伟 is 王伟总,
    小王 beside 王伟 is 王伟."""
    pairs, codes = _distinct(names, nicknames)
    chosen = []
    for name, nickname in pairs:
        spelled = name_in_nickname(nickname)
        if spelled and is_blank(name):
            chosen.append(spelled)
            continue
        if spelled:
            told, full = parse_name(name), parse_name(spelled)
            if told.honorific_only and full.given and not full.romanized and full.surname == told.surname:
                # the honorific stays where it can follow the name (王伟总, not 王伟小)
                name = full.full + told.honorific
                if parse_name(name).full != full.full:
                    name = full.full
        chosen.append(name)
    return np.array(chosen, dtype=object)[codes] if chosen else names


# a WeChat id written as a bare mobile number (13800138000): many people's id is their number
_MOBILE_ID = re.compile(r"1[3-9]\d{9}")


def _with_wechat_mobile(mobiles: np.ndarray, wechats: np.ndarray) -> np.ndarray:
    """Each row's mobile cell with its WeChat id added where that id is a valid mobile number
    the cell does not already hold."""
    ids = pd.Series(wechats, dtype=object).str.strip()
    rows = np.flatnonzero(ids.str.fullmatch(_MOBILE_ID.pattern).fillna(False).to_numpy(dtype=bool))
    if not len(rows):
        return mobiles
    pairs, codes = _distinct(mobiles[rows], ids.to_numpy(dtype=object)[rows])
    joined = []
    for cell, wechat in pairs:
        # (most such ids are the number the cell holds already: 微信同号)
        held = not is_blank(cell) and wechat in re.sub(r"\D", "", fold(cell))
        if not held and any(p.kind == "mobile" for p in parse_phone(wechat)):
            cell = f"{cell} ; {wechat}" if not is_blank(cell) else wechat
        joined.append(cell)
    out = mobiles.copy()
    out[rows] = np.array(joined, dtype=object)[codes]
    return out


def _joined(frame: pd.DataFrame, headers: list[str]) -> np.ndarray:
    cols = [_column(frame, h) for h in headers]
    joined = [" ; ".join(v for v in vals if not is_blank(v)) for vals in zip(*cols, strict=True)]
    return np.fromiter(joined, dtype=object, count=len(joined))


# --- one function per kind of value: a raw value in, a tuple of output fields out ----------
# Module-level (not closures) so that worker processes can run them; tuples (not the
# parsers' dataclasses) so that results cross the process boundary cheaply.

def _name_fields(text: object) -> tuple:
    x = parse_name(text)
    # Comparison keys: the surname's reading (李 = Li), and for romanized names the
    # other order too, since 'Guo Zheng' may be 郑国 written given-name first.
    surname_py = x.surname if x.romanized else surname_pinyin(x.surname) if x.surname else ""
    alt = x.pinyin[len(x.surname):] + x.surname if x.romanized and x.given else x.pinyin
    return (x.full, x.surname, x.given, x.pinyin, x.honorific, x.gender, x.honorific_only, x.romanized,
            surname_py, alt, other_surname(x), ";".join(x.others), x.company)


_NAME_COLUMNS = ("name", "surname", "given", "pinyin", "honorific", "gender", "honorific_only", "romanized",
                 "surname_pinyin", "pinyin_alt", "surname_alt", "name_others", "name_company")


def _company_fields(text: object) -> tuple:
    x = parse_company(text)
    return (x.full, x.key, x.region, x.branch, x.brand, x.industry, x.brand_pinyin, x.legal_form)


# company_legal_form is not written to records.csv: survive reads an entity's parsed name from
# these columns of its record instead of parsing the name again
_COMPANY_COLUMNS = ("company", "company_key", "company_region", "company_branch", "company_brand",
                    "company_industry", "company_pinyin", "company_legal_form")


def _address_fields(pair: tuple[str, str]) -> tuple:
    """The address column, with the record's province/city/district columns as a hint."""
    text, city_hint = pair
    if is_blank(text):
        parsed = parse_address(city_hint) if city_hint else parse_address("")
    else:
        parsed = parse_address(text, city_hint=city_hint)
        if not parsed.city and city_hint:
            hinted = parse_address(city_hint)
            if hinted.city or hinted.province:
                parsed = parse_address(f"{hinted.province}{hinted.city}{hinted.district}{fold(text)}",
                                       city_hint=city_hint)
    a = parsed
    return (a.province, a.city, a.district, a.full, a.detail, a.key, a.adcode, a.parsed, a.company)


_ADDRESS_COLUMNS = ("province", "city", "district", "address", "address_detail", "address_key", "adcode",
                    "address_parsed", "address_company")


def _phone_fields(pair: tuple[str, str]) -> tuple:
    """Every number of one cell as (e164, kind, extension, valid); a landline written
    without its area code takes the record's city's (the hint)."""
    cell, code = pair
    facts = _plain_mobile(cell)
    if facts is not None:  # most cells: one plain mobile, read without making a Phone
        return ((facts[0], facts[1], "", True),)
    return tuple((p.e164, p.kind, p.extension, p.valid) for p in parse_phone(cell, area_code_hint=code))


def _email_fields(text: object) -> tuple:
    es = parse_emails(text)
    if len(es) == 1:  # the usual cell: the general case below, for one address
        e = es[0]
        if e.valid:
            return ((e.address,), e.address, e.free_mail, "" if e.free_mail else e.domain, False, True)
        return ((), "", True, "", True, True)
    valid = tuple(dict.fromkeys(e.address for e in es if e.valid))
    free = all(e.free_mail for e in es if e.valid) if valid else True
    domain = next((e.domain for e in es if e.valid and not e.free_mail), "")
    return (valid, ";".join(valid), free, domain, any(not e.valid for e in es), bool(es))


_EMAIL_COLUMNS = ("emails", "email", "email_free", "email_domain", "email_invalid", "email_present")


def _area_code(city: str) -> str:
    return area_code_for_city(city) if city else ""


def _landline_area(numbers: tuple) -> str:
    """The one area code among a record's landlines ('' for none, or for two).

    >>> _landline_area((("+8657487654321", "landline", ""), ("+8613800138000", "mobile", "")))
    '0574'
    >>> _landline_area((("+861062345678", "landline", "801"), ("+862188888888", "landline", "")))
    ''
    """
    areas = {area_code_of(e164) for e164, kind, _ in numbers if kind == "landline"} - {""}
    return areas.pop() if len(areas) == 1 else ""


def _lower(value: object) -> str:
    """Folded (NFKC, one space, blank placeholders as '') and lower case: WeChat ids and
    declared text fields."""
    return fold(value).lower()


def _digits(value: object) -> str:
    """The digits of a cell: QQ numbers and declared digit fields."""
    return "".join(ch for ch in fold(value) if ch.isdigit())


# The jobs of the running _Parser.map: worker processes are forked after it is set and read
# their chunk from it, so the values are not pickled to them.
_JOBS: list[tuple[Callable[[Any], Any], list[Any]]] = []


def _run(task: tuple[int, int, int, int]) -> list[Any]:
    job, start, stop, fields = task
    func, values = _JOBS[job]
    return _apply(func, values[start:stop], fields)


def _apply(func: Callable[[Any], Any], values: list[Any], fields: int) -> list[Any]:
    """``func`` of each value; when ``func`` gives a tuple of ``fields`` fields (not 0), one
    sequence per field instead, which the process boundary and the frame take faster."""
    results = [func(v) for v in values]
    return _by_field(results, fields) if fields else results


def _by_field(results: list[tuple], fields: int) -> list[Sequence[Any]]:
    """Results of ``fields`` fields each as one sequence per field (empty ones for no results)."""
    return list(zip(*results, strict=True)) or [()] * fields


def _quiet_worker() -> None:
    """A worker leaves signals to the parent: Ctrl-C and ``kill`` reach the run, which ends
    the pool (SIGTERM then stops a worker at once, without a traceback from the CLI's
    handler, which the fork copied)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _warm_up() -> None:
    """Load every parser's reference tables once, before worker processes fork."""
    _name_fields("欧阳娜娜")
    _company_fields("北京字节跳动科技有限公司")
    _address_fields(("广东省深圳市南山区科技园南路18号", "深圳"))
    _phone_fields(("0755-86013388转801", "0755"))
    _area_code("深圳市")
    _email_fields("a@example.com")
    parse_id_card("11010519491231002X")
    parse_uscc("91110108551385082Q")


class _Parser:
    """Parses distinct values, in worker processes when there are enough of them to pay
    for it (results are the same either way: parsers are pure)."""

    _CHUNK = 4000
    _MIN_PARALLEL = 40_000

    def __init__(self, workers: int | None, progress: Progress | None = None) -> None:
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
        self.progress = progress or Progress()

    def map(self, jobs: list[tuple[Callable[[Any], Any], list[Any]]], counted: bool = True,
            columns: dict[int, int] | None = None) -> list[list[Any]]:
        """For each (function, distinct values): the function's result per value, in order;
        for a job numbered in ``columns`` (its function gives a tuple of that many fields),
        one list per field instead.  ``counted``: the values are the stage's work, shown as
        its progress."""
        columns = columns or {}
        total = sum(len(values) for _, values in jobs)
        progress = self.progress if counted else Progress()
        progress.stage("standardize", total=total, unit="values")
        if self.workers <= 1 or total < self._MIN_PARALLEL or "fork" not in mp.get_all_start_methods():
            return [_apply(func, values, columns.get(i, 0)) for i, (func, values) in enumerate(jobs)]
        _warm_up()
        tasks = [(i, k, k + self._CHUNK, columns.get(i, 0)) for i, (_, values) in enumerate(jobs)
                 for k in range(0, len(values), self._CHUNK)]
        results: list[list[Any]] = [[[] for _ in range(columns[i])] if i in columns else [] for i in range(len(jobs))]
        _JOBS[:] = jobs
        try:
            with mp.get_context("fork").Pool(self.workers, initializer=_quiet_worker) as pool:
                for (i, start, stop, fields), part in zip(tasks, pool.imap(_run, tasks), strict=True):
                    if not fields:
                        results[i].extend(part)
                    else:
                        for whole, field in zip(results[i], part, strict=True):
                            whole.extend(field)
                    progress.advance(min(stop, len(jobs[i][1])) - start)
        finally:
            _JOBS.clear()
        return results


def _distinct(*columns: Sequence[Any]) -> tuple[list[Any], np.ndarray]:
    """The distinct rows of aligned columns (tuples when there are several), in order of
    first appearance, and each row's index into them."""
    arrays = [np.asarray(c, dtype=object) if not isinstance(c, np.ndarray) else c for c in columns]
    codes: np.ndarray | None = None
    for arr in arrays:
        c, u = factorize(arr)
        codes = c if codes is None else pd.factorize(codes * len(u) + c)[0].astype(np.int64)
    assert codes is not None
    # codes number the distinct rows in order of first appearance: row of each one's first
    first = np.empty(int(codes.max()) + 1 if len(codes) else 0, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    if len(arrays) == 1:
        return arrays[0][first].tolist(), codes
    return list(zip(*(a[first].tolist() for a in arrays), strict=True)), codes


def _spread(frame: pd.DataFrame, names: Sequence[str], fields: Sequence[Sequence[Any]], codes: np.ndarray,
            bools: frozenset[str] = frozenset()) -> None:
    """Write the fields (one sequence per field, one value per distinct input) as columns,
    one row per record."""
    for name, field in zip(names, fields, strict=True):
        column = np.fromiter(field, dtype=object, count=len(field))[codes]
        frame[name] = column.astype(bool) if name in bools else column


def _one_field(frame: pd.DataFrame, name: str, func: Callable[[Any], Any], *columns: Sequence[Any]) -> None:
    """A column of ``func`` of each value (a tuple when several columns are given),
    computed once per distinct value."""
    uniques, codes = _distinct(*columns)
    frame[name] = np.fromiter((func(v) for v in _clip(uniques)), dtype=object, count=len(uniques))[codes]


def _hint(parts: tuple[str, str, str]) -> str:
    return " ".join(fold(v) for v in parts if not is_blank(v))


_ID_BOOLS = frozenset({"id_card_invalid", "uscc_invalid"})
_BOOLS = frozenset({"honorific_only", "romanized", "address_parsed", "phone_invalid", "phone_present",
                    "email_free", "email_invalid", "email_present"})


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector: it walks every tracked object (here millions of
    result tuples) each time it runs, and nothing here makes reference cycles. Saves
    about a sixth of standardize's time on a million records."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def standardize(raw: pd.DataFrame, workers: int | None = None, fields: Sequence[FieldSpec] = (),
                progress: Progress | None = None) -> pd.DataFrame:
    """Parse every role value; one row per input row with the normalized fields.

    Each distinct value is parsed once; with many distinct values the parsing runs in
    ``workers`` processes (default: one per CPU, at most 8; 1 = in this process).  Declared
    ``fields`` (rules ``[fields.NAME]``) become columns ``field_NAME``.  ``progress``
    (:class:`dedupe.progress.Progress`) hears how many distinct values are parsed.
    """
    with paused_gc():
        out = _standardize(raw, workers, progress)
        for spec in fields:
            column = "raw_field_" + spec.name
            values = raw[column] if column in raw else pd.Series("", index=raw.index)
            _one_field(out, "field_" + spec.name, _FIELD_NORMALIZE[spec.normalize], values)
        return out


def _field_date(value: object) -> str:
    """YYYYMMDD when the cell reads as a date; else its digits (a mistyped date still
    compares character by character)."""
    if is_blank(value):
        return ""
    iso = _date(value)
    return iso[:10].replace("-", "") if iso else _digits(value)


_FIELD_NORMALIZE: dict[str, Callable[[object], str]] = {
    "text": _lower, "digits": _digits, "date": _field_date}


def _name_after_brand(out: pd.DataFrame, parser: _Parser, full: Sequence[str], cell_others: Sequence[str],
                      name_codes: np.ndarray, brand_values: Sequence[str]) -> None:
    """A name cell that puts the company's trade name before the person (WeChat remark
    names: 迅大信 姚亮, A-星锐-蔡强, 凯维君·陆勇) is read as the person: where the name read
    is a trade name that a company column of the input gives and no record is named,
    and another piece of the cell is a Chinese name, that piece is the name and the
    trade name its company (:func:`_company_from_other_cells` fills an empty company).
    A trade name that also names someone in the input (方鑫 of another firm) is read so
    only in a row whose own company has it.  A transliterated name (阿沛·阿旺晋美) is no
    trade name, and stays whole.  ``full`` and ``cell_others`` are the name and other
    people parsed from each distinct name cell, ``name_codes`` each record's cell among
    them, ``brand_values`` the brands of the distinct company cells.
    """
    # (worked out on the distinct cells: a million records hold a few hundred such names)
    pieced = np.fromiter(("·" in f or o != "" for f, o in zip(full, cell_others, strict=True)), dtype=bool,
                         count=len(full))
    candidates = np.flatnonzero(pieced[name_codes] & ~out["romanized"].to_numpy(dtype=bool))
    if not len(candidates):
        return
    names = out["name"].to_numpy()
    others = out["name_others"].to_numpy()
    first_pieces = {v.split("·")[0] for v in names[candidates]}
    brand_set = set(brand_values) - {""}
    brands = first_pieces & brand_set
    if not brands:
        return
    # a piece some record is named by is a person's name, whatever company shares it,
    # unless it is the trade name of the row's own company (方鑫 陈燕 at 方鑫生物科技,
    # beside a 方鑫 of another firm)
    named = {f for f, p in zip(full, pieced, strict=True) if not p and f in brands}
    own = out["company_brand"].to_numpy()
    rows, person, brand, rest = [], [], [], []
    for i in candidates.tolist():
        pieces = [p for p in names[i].split("·") + others[i].split(";") if p]
        if pieces[0] not in brands or (pieces[0] in named and pieces[0] != own[i]):
            continue
        who = next((p for p in pieces[1:] if 2 <= len(p) <= 4 and p not in brand_set and is_surname(p[:1])), "")
        if who:
            rows.append(i)
            person.append(who)
            brand.append(pieces[0])
            rest.append(";".join(p for p in pieces[1:] if p != who))
    if not rows:
        return
    at = np.asarray(rows, dtype=np.int64)
    value_codes, values = factorize(np.asarray(person, dtype=object))
    (parsed,) = parser.map([(_name_fields, list(values))], counted=False, columns={0: len(_NAME_COLUMNS)})
    # (a few rows of a million: set in place, not by copying whole columns)
    for column, field in zip(_NAME_COLUMNS, parsed, strict=True):
        new = np.fromiter(field, dtype=object, count=len(values))[value_codes]
        out.iloc[at, out.columns.get_loc(column)] = new.astype(bool) if column in _BOOLS else new
    for column, value in (("name_company", brand), ("name_others", rest)):
        out.iloc[at, out.columns.get_loc(column)] = np.asarray(value, dtype=object)


def _no_company_by_own_name(out: pd.DataFrame) -> None:
    """A company cell that holds only the record's own name is no company (an order's
    invoice made out to the buyer: 发票抬头 张三, also beside the name Zhang San)."""
    company = out["company"].to_numpy()
    same = company == out["name"].to_numpy()
    romanized = np.flatnonzero(out["romanized"].to_numpy(dtype=bool))
    same[romanized] |= out["company_pinyin"].to_numpy()[romanized] == out["pinyin"].to_numpy()[romanized]
    own = np.flatnonzero(same)
    own = own[(company[own] != "") & (out["company_legal_form"].to_numpy()[own] == "")
              & (out["company_industry"].to_numpy()[own] == "")]
    if len(own):
        for column in _COMPANY_COLUMNS:
            col = out[column].to_numpy().copy()
            col[own] = ""
            out[column] = col


def _company_from_other_cells(out: pd.DataFrame, parser: _Parser) -> None:
    """A record whose company column is empty takes the company written into another
    cell: its name, as WeChat remark names hold it (王晓琳锐中网络科技, 佳中刘工; and
    杨鑫 和宇, which could be two people, when 和宇 is a trade name another record of
    the input gives as its company), else its address (an order sent to the office:
    …3101室易顺网络科技).
    """
    out["company_inferred"] = False
    from_name = out["name_company"].to_numpy()
    from_address = out["address_company"].to_numpy()
    others = out["name_others"].to_numpy().copy()
    candidates = np.flatnonzero((out["company_key"] == "").to_numpy()
                                & ((from_name != "") | (from_address != "") | (others != "")))
    if not len(candidates):
        return
    brands = set(out["company_brand"]) - {""}  # brands of records with a company (the others have none)
    city = out["city"].to_numpy()
    found = np.full(len(out), "", dtype=object)
    for i in candidates:
        if from_name[i]:
            found[i] = from_name[i]
        elif from_address[i]:  # in that address's city: 锐中网络科技 at a 苏州 address
            found[i] = f"{city[i]} {from_address[i]}" if city[i] else from_address[i]
        else:
            names = others[i].split(";")
            brand = next((x for x in names if x in brands), "")
            if brand:
                found[i] = brand
                others[i] = ";".join(x for x in names if x != brand)
    rows = np.flatnonzero(found != "")
    if not len(rows):
        return
    codes, values = factorize(found[rows])
    (parsed,) = parser.map([(_company_fields, list(values))], counted=False,
                           columns={0: len(_COMPANY_COLUMNS)})
    for column, field in zip(_COMPANY_COLUMNS, parsed, strict=True):
        col = out[column].to_numpy(dtype=object).copy()
        col[rows] = np.fromiter(field, dtype=object, count=len(values))[codes]
        out[column] = col
    out["name_others"] = others
    inferred = np.zeros(len(out), dtype=bool)
    inferred[rows] = True
    out["company_inferred"] = inferred
    blank_cell = out["raw_company_blank"].to_numpy().copy()
    blank_cell[rows] = False
    out["raw_company_blank"] = blank_cell


# The longest value a parser reads.  No real name, phone cell, company or address comes near it, and a
# document pasted into a name cell must not cost minutes of parsing and comparing; the cell itself is
# kept whole in records.csv.
MAX_VALUE = 1000


def _clip(values: list[Any]) -> list[Any]:
    """Distinct values (or tuples of them) with every string cut to :data:`MAX_VALUE` characters."""
    if _short(values):
        return values

    def cut(v: Any) -> Any:
        if isinstance(v, str):
            if len(v) <= MAX_VALUE:
                return v
            head = v[:MAX_VALUE]
            if v[MAX_VALUE].isalnum():  # not in the middle of a word or number
                stop = max(head.rfind(c) for c in " ,;/，；、\n\t")
                if stop > MAX_VALUE - 100:
                    head = head[:stop]
            return head
        if isinstance(v, tuple):
            return tuple(cut(x) for x in v)
        return v

    return [cut(v) for v in values]


def _short(values: list[Any]) -> bool:
    """Whether every value is a string (or a tuple of strings) of at most :data:`MAX_VALUE`
    characters: the usual case, checked at C speed."""
    try:
        columns = zip(*values, strict=True) if values and isinstance(values[0], tuple) else (values,)
        return all(max(map(len, c), default=0) <= MAX_VALUE for c in columns)
    except (TypeError, ValueError):  # not strings, or tuples of several lengths
        return False


def _standardize(raw: pd.DataFrame, workers: int | None, progress: Progress | None = None) -> pd.DataFrame:
    out = pd.DataFrame({"source": raw["source"], "row": raw["row"]})
    parser = _Parser(workers, progress)

    # Address: the address column with the record's province/city/district columns as a hint.
    hints, hint_codes = _distinct(raw["raw_province"], raw["raw_city"], raw["raw_district"])
    hint = np.array([_hint(h) for h in hints], dtype=object)[hint_codes]
    name_in, name_codes = _distinct(raw["raw_name"])
    company_in, company_codes = _distinct(raw["raw_company"])
    address_in, address_codes = _distinct(raw["raw_address"], hint)
    email_in, email_codes = _distinct(raw["raw_email"])
    date_in, date_codes = _distinct(raw["raw_updated_at"])
    # both phone columns at once: a mobile number is often in one source's 手机 and another's 电话
    n = len(raw)
    cell_in, cell_codes = _distinct(np.concatenate([raw["raw_mobile"].to_numpy(dtype=object),
                                                    raw["raw_phone"].to_numpy(dtype=object)]))
    # identity numbers, titles and ids: each distinct cell once, in the same pass
    id_in, id_codes = zip(*(_distinct(raw["raw_" + c]) for c in ("id_card", "uscc")), strict=True)
    plain_in, plain_codes = zip(*(_distinct(raw["raw_" + c]) for c in ("title", "wechat", "qq")), strict=True)
    name_in, company_in, address_in, email_in, date_in, cell_in = (
        _clip(v) for v in (name_in, company_in, address_in, email_in, date_in, cell_in))
    # Phone cells are read first without the record's city; the few with a number that is
    # not valid (a landline written without its area code) are read again with it below.
    jobs: list[tuple[Callable[[Any], Any], list[Any]]] = [
        (_name_fields, name_in), (_company_fields, company_in), (_address_fields, address_in),
        (_email_fields, email_in), (_date, date_in), (_phone_fields, [(c, "") for c in cell_in]),
        (_card_fields, _clip(id_in[0])), (_uscc_fields, _clip(id_in[1])),
        (clean, _clip(plain_in[0])), (_lower, _clip(plain_in[1])), (_digits, _clip(plain_in[2]))]
    (names, companies, addresses, emails, dates, cells, cards, usccs, titles, wechats, qqs) = parser.map(
        jobs, columns={0: len(_NAME_COLUMNS), 1: len(_COMPANY_COLUMNS), 2: len(_ADDRESS_COLUMNS),
                       3: len(_EMAIL_COLUMNS), 6: 2, 7: 2})
    _spread(out, _NAME_COLUMNS, names, name_codes, _BOOLS)
    _spread(out, _COMPANY_COLUMNS, companies, company_codes)
    _name_after_brand(out, parser, names[0], names[_NAME_COLUMNS.index("name_others")], name_codes,
                      companies[_COMPANY_COLUMNS.index("company_brand")])
    _no_company_by_own_name(out)
    if "raw_gender" in raw:  # a gender column (性别) where the name implies none
        genders, gender_codes = _distinct(raw["raw_gender"])
        said = np.array([gender_of(g) for g in genders], dtype=object)[gender_codes]
        implied = out["gender"].to_numpy(dtype=object)
        out["gender"] = np.where(implied == "", said, implied)
    _spread(out, _ADDRESS_COLUMNS, addresses, address_codes, _BOOLS)
    _spread(out, _EMAIL_COLUMNS, emails, email_codes, _BOOLS)
    _spread(out, ("updated_at",), [dates], date_codes)

    # Phones: a landline written without its area code takes the record's city's.
    cities, city_codes = _distinct(out["city"])
    area = np.array([_area_code(c) for c in cities], dtype=object)[city_codes]
    cell_results, cell_codes = _with_area(parser, cell_in, cells, cell_codes, np.concatenate([area, area]))
    pairs, pair_codes = _distinct(cell_codes[:n], cell_codes[n:])
    summaries = _by_field([_phone_summary((cell_results[m], cell_results[o])) for m, o in pairs], len(_NO_PHONE))
    _spread(out, ("phone_list", "mobile", "phone", "phone_invalid", "phone_present"), summaries, pair_codes,
            _BOOLS)
    # Where the record is, for matching: its city's area code, or the city when it has none;
    # a record with no address or city at all is where its landlines are (a ticket with only
    # 0574-… is in 宁波).  Cities that share an area code (0898: all of Hainan) share a place.
    dialled = np.array([_landline_area(listed) for listed in summaries[0]], dtype=object)
    dialled = dialled[pair_codes] if len(dialled) else np.full(n, "", dtype=object)
    city = out["city"].to_numpy(dtype=object)
    placeless = (city == "") & (out["address"].to_numpy(dtype=object) == "")
    out["place"] = np.where(area != "", area, np.where(placeless, dialled, city))

    _spread(out, ("title",), [titles], plain_codes[0])
    # each distinct ID: its number when valid, and whether one was written but is not valid
    _spread(out, ("id_card", "id_card_invalid"), cards, id_codes[0], _ID_BOOLS)
    _spread(out, ("uscc", "uscc_invalid"), usccs, id_codes[1], _ID_BOOLS)
    out["id_invalid"] = out.pop("id_card_invalid").to_numpy() | out.pop("uscc_invalid").to_numpy()
    _spread(out, ("wechat",), [wechats], plain_codes[1])
    _spread(out, ("qq",), [qqs], plain_codes[2])
    _reading_from_handle(out)
    # Nothing that reaches the person across sources: no phone, email or ID card (a
    # WeChat row: its WeChat/QQ id is rarely held by another source).
    no_phone = np.fromiter((not x for x in summaries[0]), dtype=bool, count=len(pairs))[pair_codes]
    no_email = np.fromiter((not x for x in emails[0]), dtype=bool, count=len(email_in))[email_codes]
    out["sparse"] = no_phone & no_email & (out["id_card"] == "").to_numpy()

    out["raw_company_blank"] = np.array([is_blank(v) for v in company_in], dtype=bool)[company_codes]
    _company_from_other_cells(out, parser)
    out["malformed"] = raw["malformed"].to_numpy()
    for col in ("has_name_col", "has_phone_col", "has_email_col", "has_address_col", "has_company_col"):
        out[col] = raw[col].to_numpy()
    return out


def _reading_from_handle(out: pd.DataFrame) -> None:
    """A record with no name at all whose WeChat id spells one in pinyin (wudan615) takes that
    reading as its ``pinyin`` for matching only (``reading_from_handle``); its name stays empty.
    So does a record with only a surname (黄, 黄先生) whose id spells a name of that surname
    (黄 beside chunmei_huang reads huangchunmei; not beside huangfuhua, which is 皇甫华): its
    name stays the surname."""
    wechat = out["wechat"].to_numpy(dtype=object)
    name = out["name"].to_numpy(dtype=object)
    surname_only = out["honorific_only"].to_numpy(dtype=bool) & ~out["romanized"].to_numpy(dtype=bool)
    rows = np.flatnonzero((((name == "") & (out["pinyin"].to_numpy(dtype=object) == "")) | surname_only)
                          & (wechat != ""))
    out["reading_from_handle"] = False
    if not len(rows):
        return
    codes, handles = factorize(wechat[rows])
    readings = [reading_of_handle(h) for h in handles]
    pinyin = np.array([r[0] for r in readings], dtype=object)[codes]
    alt = np.array([r[1] for r in readings], dtype=object)[codes]
    told = out["surname_pinyin"].to_numpy(dtype=object)[rows]
    # a surname the record states must be the reading's: at its start in one order, at its end
    # in the other
    agrees = np.fromiter((t == "" or (p.startswith(t) and a.endswith(t))
                          for t, p, a in zip(told.tolist(), pinyin.tolist(), alt.tolist(), strict=True)),
                         dtype=bool, count=len(rows))
    spelled = (pinyin != "") & np.where(surname_only[rows], agrees, True)
    at = rows[spelled]
    if not len(at):
        return
    for column, values in (("pinyin", pinyin[spelled]), ("pinyin_alt", alt[spelled])):
        col = out[column].to_numpy(dtype=object).copy()
        col[at] = values
        out[column] = col
    for column in ("romanized", "reading_from_handle"):
        flag = out[column].to_numpy(dtype=bool).copy()
        flag[at] = True
        out[column] = flag


def _with_area(parser: _Parser, cells: list[str], results: list[tuple], codes: np.ndarray,
               area: np.ndarray) -> tuple[list[tuple], np.ndarray]:
    """The numbers of one phone column per record: its cell read on its own or, where that
    left a number not valid and the record's city has an area code, read again with it
    (a landline written without its area code). Returns the distinct results and each
    record's index into them."""
    redo = np.array([any(not number[3] for number in r) for r in results], dtype=bool)
    rows = redo[codes] & (area != "") if len(codes) else np.zeros(0, dtype=bool)
    if not rows.any():
        return results, codes
    again, again_codes = _distinct(np.asarray(cells, dtype=object)[codes[rows]], area[rows])
    (reread,) = parser.map([(_phone_fields, again)], counted=False)
    codes = codes.copy()
    codes[rows] = len(results) + again_codes
    return results + reread, codes


def _card_fields(text: object) -> tuple[str, bool]:
    return _id_fields(parse_id_card, text)


def _uscc_fields(text: object) -> tuple[str, bool]:
    return _id_fields(parse_uscc, text)


def _id_fields(parse: Callable[[object], Any], text: object) -> tuple[str, bool]:
    """(the number when valid, else ''; True when an ID was written but is not valid)."""
    if is_blank(text):
        return "", False
    x = parse(text)
    return (x.number, False) if x.valid else ("", True)


_NO_PHONE = ((), "", "", False, False)


def _phone_summary(cells: tuple[tuple, tuple]) -> tuple:
    """The record's numbers from its mobile and phone cells: (e164, kind, extension) of
    every valid number but service lines in cell order, de-duplicated; the mobiles; the
    other numbers (with their extension); whether any was invalid; whether any was written."""
    numbers = cells[0] + cells[1]
    if not numbers:
        return _NO_PHONE
    if len(numbers) == 1:  # the usual cell: one number
        e164, kind, ext, valid = numbers[0]
        if not valid:
            return ((), "", "", True, True)
        listed = () if kind == "service" else ((e164, kind, ext),)
        if kind == "mobile":
            return (listed, e164, "", False, True)
        return (listed, "", f"{e164}x{ext}" if ext else e164, False, True)
    valid = [p for p in numbers if p[3]]
    return (
        # a public service line (0755-96166) is written by unrelated customers: not matched on
        tuple(dict.fromkeys((e164, kind, ext) for e164, kind, ext, _ in valid if kind != "service")),
        ";".join(dict.fromkeys(p[0] for p in valid if p[1] == "mobile")),
        ";".join(dict.fromkeys(f"{p[0]}x{p[2]}" if p[2] else p[0] for p in valid if p[1] != "mobile")),
        len(valid) < len(numbers),
        True,
    )


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]*(上午|下午|晚上|中午)?[ T]*(\d{1,2}):(\d{2})(?::(\d{2}))?"
                   r"(?:[ ]*([AaPp][Mm]))?)?")
# a month with no day (2024-03, 2024年3月), and digits only (20240305, 202403050907, 20240305090700)
_MONTH = re.compile(r"(\d{4})[-/.年](\d{1,2})月?")
_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?")
_ISO_DATE = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d")
# what spreadsheets and databases write for a date that lost its format: an Excel serial day
# number (44927, 44927.5), Unix seconds or milliseconds (an e-commerce or CRM database's
# export); and English month names (Jan 5, 2023; 5 Jan 2023; 05-Jan-23)
_SERIAL = re.compile(r"([2-7]\d{4})(?:\.(\d+))?")
_EPOCH = re.compile(r"(1\d{9})(\d{3})?")
_MONTHS = {m: i for i, ms in enumerate(("jan january", "feb february", "mar march", "apr april", "may",
                                         "jun june", "jul july", "aug august", "sep sept september",
                                         "oct october", "nov november", "dec december"), 1) for m in ms.split()}
_TIME = r"(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?: *([AaPp][Mm]))?)?"
_ENGLISH = (re.compile(r"([A-Za-z]{3,9})\.? +(\d{1,2})(?:st|nd|rd|th)?,? +(\d{4})" + _TIME),  # Jan 5, 2023
            re.compile(r"(\d{1,2})[- ]([A-Za-z]{3,9})\.?[- ,]+(\d{4}|\d{2})" + _TIME))  # 5 Jan 2023, 05-Jan-23
_CHINA = timedelta(hours=8)  # a timestamp is read as China's clock, where these exports come from


def _date(value: object) -> str:
    """An ISO date-time string for sorting 'most recent'; '' when not a date.

    >>> _date("2024/3/5 9:07"), _date("2024年3月5日"), _date("not a date")
    ('2024-03-05 09:07:00', '2024-03-05 00:00:00', '')
    >>> _date("2024-03-05 09:07:00"), _date("2024-13-05 09:07:00")
    ('2024-03-05 09:07:00', '')
    >>> _date("2024年3月5日 下午3:07"), _date("2024-03-05 3:07 PM"), _date("2024-03-05 12:30 am")
    ('2024-03-05 15:07:00', '2024-03-05 15:07:00', '2024-03-05 00:30:00')
    >>> _date("20240305"), _date("20240305093000"), _date("2024-03"), _date("2024年3月")
    ('2024-03-05 00:00:00', '2024-03-05 09:30:00', '2024-03-01 00:00:00', '2024-03-01 00:00:00')
    """
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):  # already the output form
        return value
    text = fold(value)
    if not text:
        return ""
    m = _DATE.match(text)
    if m:
        ys, mos, ds, half, hs, mis, secs, ampm = m.groups()  # (unrolled: this runs for most date cells)
        y, mo, d = int(ys), int(mos), int(ds)
        h, mi, sec = int(hs) if hs else 0, int(mis) if mis else 0, int(secs) if secs else 0
        if half or ampm:  # a 12-hour clock: 下午3:07 and 3:07 PM are 15:07, 12:30 AM is 00:30
            if h > 12:
                return ""
            afternoon = half in ("下午", "晚上") or (ampm or "").lower() == "pm" or (half == "中午" and (h == 12 or h < 3))
            h = h % 12 + (12 if afternoon else 0)
        return _iso(y, mo, d, h, mi, sec)
    m = _MONTH.fullmatch(text)
    if m:
        return _iso(int(m[1]), int(m[2]), 1, 0, 0, 0)
    m = _DIGITS.fullmatch(text)
    if m:
        y, mo, d, h, mi, sec = (int(g) if g else 0 for g in m.groups())
        return _iso(y, mo, d, h, mi, sec)
    return _lost_format(text)


def _lost_format(text: str) -> str:
    """A date written as a serial day, a Unix time or with an English month name; '' if none.

    >>> _lost_format("44927"), _lost_format("44927.75"), _lost_format("1672876800")
    ('2023-01-01 00:00:00', '2023-01-01 18:00:00', '2023-01-05 08:00:00')
    >>> _lost_format("1672876800000"), _lost_format("Jan 5, 2023 3:07 PM"), _lost_format("05-Jan-23")
    ('2023-01-05 08:00:00', '2023-01-05 15:07:00', '2023-01-05 00:00:00')
    """
    m = _SERIAL.fullmatch(text)
    if m:  # days since 1899-12-30, Excel's day 0 (past its phantom 1900-02-29)
        seconds = round(float("0." + m[2]) * 86400) if m[2] else 0
        return _stamp(_EXCEL_EPOCH + timedelta(days=int(m[1]), seconds=seconds))
    m = _EPOCH.fullmatch(text)
    if m:
        return _stamp(_UNIX_EPOCH + timedelta(seconds=int(m[1])) + _CHINA)
    for order, pattern in enumerate(_ENGLISH):
        m = pattern.fullmatch(text)
        if m:
            month, day, year = (m[1], m[2], m[3]) if order == 0 else (m[2], m[1], m[3])
            mo = _MONTHS.get(month.lower())
            if mo is None:
                return ""
            y = int(year) + (2000 if len(year) == 2 and int(year) < 70 else 1900 if len(year) == 2 else 0)
            h, mi, sec = (int(g) if g else 0 for g in m.groups()[3:6])
            if m[7]:
                if not 1 <= h <= 12:
                    return ""
                h = h % 12 + (12 if m[7].lower() == "pm" else 0)
            return _iso(y, mo, int(day), h, mi, sec)
    return ""


_EXCEL_EPOCH = datetime(1899, 12, 30)
_UNIX_EPOCH = datetime(1970, 1, 1)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _iso(y: int, mo: int, d: int, h: int, mi: int, sec: int) -> str:
    """The output form of a date-time; '' when a part is out of range."""
    if 1 <= mo <= 12 and 1 <= d <= 31 and h < 24 and mi < 60 and sec < 60:
        return f"{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{sec:02d}"
    return ""
