"""Standardize: role columns of every source into one frame of parsed values.

Each parser runs once per distinct value (real exports repeat a company name,
a switchboard or a city thousands of times), and the results are mapped back.
The output frame has one row per input row, in source order, with the
normalized fields the later stages compare.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import pandas as pd

from .columns import assign_roles
from .io import Source
from .normalize.address import parse_address
from .normalize.company import parse_company
from .normalize.email import parse_emails
from .normalize.ids import parse_id_card, parse_uscc
from .normalize.name import parse_name, surname_pinyin
from .normalize.phone import area_code_for_city, parse_phone
from .normalize.text import clean, fold, is_blank
from .rules import Rules

__all__ = ["role_frame", "standardize", "NORMALIZED"]

# Normalized columns written to records.csv, in this order.
NORMALIZED = (
    "name", "surname", "pinyin", "honorific", "gender",
    "company", "company_key", "company_region", "company_branch",
    "mobile", "phone", "email",
    "province", "city", "district", "address", "address_key", "adcode",
    "title", "id_card", "uscc", "wechat", "qq", "updated_at",
)

_JOINED = ("mobile", "phone", "email", "address")


def role_frame(sources: Sequence[Source], rules: Rules, overrides: dict[str, str] | None = None) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    """One frame of raw role values for all sources, plus each source's header → role map."""
    parts = []
    roles_by_source: dict[str, dict[str, str]] = {}
    for src in sources:
        roles = assign_roles(list(src.frame.columns), {**rules.roles_for(src.name), **(overrides or {})})
        roles_by_source[src.name] = roles
        n = len(src.frame)
        part = pd.DataFrame({"source": [src.name] * n, "row": range(1, n + 1)})
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
        part["malformed"] = False
        if src.malformed_rows:
            part.loc[[r - 1 for r in src.malformed_rows], "malformed"] = True
        part["has_name_col"] = "name" in by_role
        part["has_phone_col"] = "mobile" in by_role or "phone" in by_role
        part["has_email_col"] = "email" in by_role
        part["has_address_col"] = bool({"address", "city", "province", "district"} & by_role.keys())
        part["has_company_col"] = "company" in by_role
        parts.append(part)
    if not parts:
        return pd.DataFrame(), roles_by_source
    frame = pd.concat(parts, ignore_index=True)
    return frame, roles_by_source


def _first_nonblank(frame: pd.DataFrame, headers: list[str]) -> list[str]:
    values = frame[headers[0]].astype(str).tolist()
    for h in headers[1:]:
        other = frame[h].astype(str).tolist()
        values = [v if not is_blank(v) else o for v, o in zip(values, other, strict=True)]
    return values


def _joined(frame: pd.DataFrame, headers: list[str]) -> list[str]:
    cols = [frame[h].astype(str).tolist() for h in headers]
    return [" ; ".join(v for v in vals if not is_blank(v)) for vals in zip(*cols, strict=True)]


def _map_unique(values: pd.Series | list[Hashable], parse: Callable[[Any], Any]) -> list[Any]:
    """Apply ``parse`` once per distinct value."""
    values = list(values)
    cache = {v: parse(v) for v in dict.fromkeys(values)}
    return [cache[v] for v in values]


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
            surname_py, alt, ";".join(x.others))


_NAME_COLUMNS = ("name", "surname", "given", "pinyin", "honorific", "gender", "honorific_only", "romanized",
                 "surname_pinyin", "pinyin_alt", "name_others")


def _company_fields(text: object) -> tuple:
    x = parse_company(text)
    return (x.full, x.key, x.region, x.branch, x.brand, x.industry, x.brand_pinyin)


_COMPANY_COLUMNS = ("company", "company_key", "company_region", "company_branch", "company_brand",
                    "company_industry", "company_pinyin")


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
    return (a.province, a.city, a.district, a.full, a.detail, a.key, a.adcode, a.parsed)


_ADDRESS_COLUMNS = ("province", "city", "district", "address", "address_detail", "address_key", "adcode",
                    "address_parsed")


def _phone_fields(pair: tuple[str, str]) -> tuple:
    """Every number of one cell as (e164, kind, extension, valid); a landline written
    without its area code takes the record's city's (the hint)."""
    cell, code = pair
    return tuple((p.e164, p.kind, p.extension, p.valid) for p in parse_phone(cell, area_code_hint=code))


def _email_fields(text: object) -> tuple:
    es = parse_emails(text)
    valid = tuple(dict.fromkeys(e.address for e in es if e.valid))
    free = all(e.free_mail for e in es if e.valid) if valid else True
    domain = next((e.domain for e in es if e.valid and not e.free_mail), "")
    return (valid, ";".join(valid), free, domain, any(not e.valid for e in es), bool(es))


_EMAIL_COLUMNS = ("emails", "email", "email_free", "email_domain", "email_invalid", "email_present")


def _area_code(city: str) -> str:
    return area_code_for_city(city) if city else ""


def _wechat(value: object) -> str:
    return fold(value).lower()


def _qq(value: object) -> str:
    return "".join(ch for ch in fold(value) if ch.isdigit())


def _run(job: tuple[Callable[[Any], Any], list[Any]]) -> list[Any]:
    func, chunk = job
    return [func(v) for v in chunk]


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
    """Parses the distinct values of several columns, in worker processes when there are
    enough of them to pay for it (results are the same either way: parsers are pure)."""

    _CHUNK = 4000
    _MIN_PARALLEL = 40_000

    def __init__(self, workers: int | None) -> None:
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 8)

    def map(self, columns: list[tuple[Callable[[Any], Any], list[Any]]]) -> list[list[Any]]:
        """For each (function, values): the function's result per value, in order."""
        uniques = [list(dict.fromkeys(values)) for _, values in columns]
        total = sum(len(u) for u in uniques)
        results: list[list[Any]]
        if self.workers > 1 and total >= self._MIN_PARALLEL and "fork" in mp.get_all_start_methods():
            _warm_up()
            jobs = [(i, (func, u[k:k + self._CHUNK]))
                    for i, ((func, _), u) in enumerate(zip(columns, uniques, strict=True))
                    for k in range(0, len(u), self._CHUNK)]
            results = [[] for _ in columns]
            with mp.get_context("fork").Pool(self.workers) as pool:
                for (i, _), part in zip(jobs, pool.imap(_run, [job for _, job in jobs]), strict=True):
                    results[i].extend(part)
        else:
            results = [[func(v) for v in u] for (func, _), u in zip(columns, uniques, strict=True)]
        out = []
        for (_, values), u, r in zip(columns, uniques, results, strict=True):
            cache = dict(zip(u, r, strict=True))
            out.append([cache[v] for v in values])
        return out


def _columns(frame: pd.DataFrame, names: Sequence[str], rows: list[tuple]) -> None:
    """Write tuples of fields as the named columns of ``frame``."""
    if not rows:
        for name in names:
            frame[name] = []
        return
    for name, column in zip(names, zip(*rows, strict=True), strict=True):
        frame[name] = list(column)


def standardize(raw: pd.DataFrame, workers: int | None = None) -> pd.DataFrame:
    """Parse every role value; one row per input row with the normalized fields.

    Each distinct value is parsed once; with many distinct values the parsing runs in
    ``workers`` processes (default: one per CPU; 1 = in this process).
    """
    out = pd.DataFrame({"source": raw["source"], "row": raw["row"]})
    n = len(raw)
    parser = _Parser(workers)

    # Address first: its city completes landlines written without an area code.
    hint = [" ".join(fold(v) for v in parts if not is_blank(v))
            for parts in zip(raw["raw_province"], raw["raw_city"], raw["raw_district"], strict=True)]
    address_in = list(zip(raw["raw_address"].tolist(), hint, strict=True))
    names, companies, addresses, emails, dates = parser.map([
        (_name_fields, raw["raw_name"].tolist()),
        (_company_fields, raw["raw_company"].tolist()),
        (_address_fields, address_in),
        (_email_fields, raw["raw_email"].tolist()),
        (_date, raw["raw_updated_at"].tolist()),
    ])
    _columns(out, _NAME_COLUMNS, names)
    _columns(out, _COMPANY_COLUMNS, companies)
    _columns(out, _ADDRESS_COLUMNS, addresses)

    area = _map_unique(out["city"], _area_code)
    mobiles, others = parser.map([
        (_phone_fields, list(zip(raw["raw_mobile"].tolist(), area, strict=True))),
        (_phone_fields, list(zip(raw["raw_phone"].tolist(), area, strict=True))),
    ])
    phones = _map_unique(list(zip(mobiles, others, strict=True)), _phone_summary)
    _columns(out, ("phone_list", "mobile", "phone", "phone_invalid", "phone_present"), phones)

    _columns(out, _EMAIL_COLUMNS, emails)

    out["title"] = _map_unique(raw["raw_title"], clean)
    ids = _map_unique(raw["raw_id_card"], parse_id_card)
    out["id_card"] = [x.number if x.valid else "" for x in ids]
    id_invalid = [not x.valid and not is_blank(r) for x, r in zip(ids, raw["raw_id_card"], strict=True)]
    usccs = _map_unique(raw["raw_uscc"], parse_uscc)
    out["uscc"] = [x.number if x.valid else "" for x in usccs]
    uscc_invalid = [not x.valid and not is_blank(r) for x, r in zip(usccs, raw["raw_uscc"], strict=True)]
    out["id_invalid"] = [a or b for a, b in zip(id_invalid, uscc_invalid, strict=True)]
    out["wechat"] = _map_unique(raw["raw_wechat"], _wechat)
    out["qq"] = _map_unique(raw["raw_qq"], _qq)
    out["updated_at"] = dates
    out["key"] = _map_unique(raw["raw_key"], fold)
    # Nothing that reaches the person across sources: no phone, email or ID card (a
    # WeChat row: its WeChat/QQ id is rarely held by another source).
    out["sparse"] = (out["phone_list"].map(len) == 0) & (out["emails"].map(len) == 0) & (out["id_card"] == "")

    out["raw_name_blank"] = _map_unique(raw["raw_name"], is_blank)
    out["raw_address_blank"] = _map_unique(raw["raw_address"], is_blank) if n else []
    out["raw_company_blank"] = _map_unique(raw["raw_company"], is_blank)
    out["malformed"] = raw["malformed"].to_numpy()
    for col in ("has_name_col", "has_phone_col", "has_email_col", "has_address_col", "has_company_col"):
        out[col] = raw[col].to_numpy()
    return out


def _phone_summary(cells: tuple[tuple, tuple]) -> tuple:
    """The record's numbers from its mobile and phone cells: (e164, kind, extension) of
    every valid number but service lines in cell order, de-duplicated; the mobiles; the other numbers
    (with their extension); whether any was invalid; whether any was written."""
    numbers = cells[0] + cells[1]
    valid = [p for p in numbers if p[3]]
    return (
        # a public service line (0755-96166) is written by unrelated customers: not matched on
        tuple(dict.fromkeys((e164, kind, ext) for e164, kind, ext, _ in valid if kind != "service")),
        ";".join(dict.fromkeys(p[0] for p in valid if p[1] == "mobile")),
        ";".join(dict.fromkeys(f"{p[0]}x{p[2]}" if p[2] else p[0] for p in valid if p[1] != "mobile")),
        any(not p[3] for p in numbers),
        bool(numbers),
    )


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


_ISO_DATE = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d")


def _date(value: object) -> str:
    """An ISO date-time string for sorting 'most recent'; '' when not a date.

    >>> _date("2024/3/5 9:07"), _date("2024年3月5日"), _date("not a date")
    ('2024-03-05 09:07:00', '2024-03-05 00:00:00', '')
    >>> _date("2024-03-05 09:07:00"), _date("2024-13-05 09:07:00")
    ('2024-03-05 09:07:00', '')
    """
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):  # already the output form
        return value
    text = fold(value)
    if not text:
        return ""
    m = _DATE.match(text)
    if m:
        y, mo, d, h, mi, sec = (int(g) if g else 0 for g in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31 and h < 24 and mi < 60 and sec < 60:
            return f"{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{sec:02d}"
        return ""
    if len(text) == 8 and text.isdigit():  # 20240305
        return _date(f"{text[:4]}-{text[4:6]}-{text[6:]}")
    return ""
