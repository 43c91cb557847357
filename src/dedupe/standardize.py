"""Standardize: role columns of every source into one frame of parsed values.

Each parser runs once per distinct value (real exports repeat a company name,
a switchboard or a city thousands of times), and the results are mapped back.
The output frame has one row per input row, in source order, with the
normalized fields the later stages compare.
"""

from __future__ import annotations

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


def standardize(raw: pd.DataFrame) -> pd.DataFrame:
    """Parse every role value; one row per input row with the normalized fields."""
    out = pd.DataFrame({"source": raw["source"], "row": raw["row"]})
    n = len(raw)

    names = _map_unique(raw["raw_name"], parse_name)
    out["name"] = [x.full for x in names]
    out["surname"] = [x.surname for x in names]
    out["given"] = [x.given for x in names]
    out["pinyin"] = [x.pinyin for x in names]
    out["honorific"] = [x.honorific for x in names]
    out["gender"] = [x.gender for x in names]
    out["honorific_only"] = [x.honorific_only for x in names]
    out["romanized"] = [x.romanized for x in names]
    # Comparison keys: the surname's reading (李 = Li), and for romanized names the
    # other order too, since 'Guo Zheng' may be 郑国 written given-name first.
    out["surname_pinyin"] = [x.surname if x.romanized else surname_pinyin(x.surname) if x.surname else ""
                             for x in names]
    out["pinyin_alt"] = [x.pinyin[len(x.surname):] + x.surname if x.romanized and x.given else x.pinyin
                         for x in names]

    companies = _map_unique(raw["raw_company"], parse_company)
    out["company"] = [x.full for x in companies]
    out["company_key"] = [x.key for x in companies]
    out["company_region"] = [x.region for x in companies]
    out["company_branch"] = [x.branch for x in companies]
    out["company_brand"] = [x.brand for x in companies]
    out["company_industry"] = [x.industry for x in companies]
    out["company_pinyin"] = [x.brand_pinyin for x in companies]

    # Address: the address column, with province/city/district columns as hints.
    hint = [" ".join(fold(v) for v in parts if not is_blank(v))
            for parts in zip(raw["raw_province"], raw["raw_city"], raw["raw_district"], strict=True)]
    address_in = list(zip(raw["raw_address"].tolist(), hint, strict=True))

    def _address(pair: tuple[str, str]):
        text, city_hint = pair
        if is_blank(text):
            return parse_address(city_hint) if city_hint else parse_address("")
        parsed = parse_address(text, city_hint=city_hint)
        if not parsed.city and city_hint:
            hinted = parse_address(city_hint)
            if hinted.city or hinted.province:
                parsed = parse_address(f"{hinted.province}{hinted.city}{hinted.district}{fold(text)}", city_hint=city_hint)
        return parsed

    addresses = _map_unique(address_in, _address)
    out["province"] = [a.province for a in addresses]
    out["city"] = [a.city for a in addresses]
    out["district"] = [a.district for a in addresses]
    out["address"] = [a.full for a in addresses]
    out["address_detail"] = [a.detail for a in addresses]
    out["address_key"] = [a.key for a in addresses]
    out["adcode"] = [a.adcode for a in addresses]
    out["address_parsed"] = [a.parsed for a in addresses]

    # Phones: landlines written without an area code take the record's city's.
    area = _map_unique(out["city"], lambda c: area_code_for_city(c) if c else "")
    phone_in = [(m, p, a) for m, p, a in zip(raw["raw_mobile"], raw["raw_phone"], area, strict=True)]

    def _phones(triple: tuple[str, str, str]):
        mobile, phone, code = triple
        return parse_phone(mobile, area_code_hint=code) + parse_phone(phone, area_code_hint=code)

    phones = _map_unique(phone_in, _phones)
    # (e164, kind, extension) of every valid number, in cell order, de-duplicated
    out["phone_list"] = [tuple(dict.fromkeys((p.e164, p.kind, p.extension) for p in ps if p.valid)) for ps in phones]
    out["mobile"] = [";".join(dict.fromkeys(p.e164 for p in ps if p.valid and p.kind == "mobile")) for ps in phones]
    out["phone"] = [";".join(dict.fromkeys(_phone_key(p) for p in ps if p.valid and p.kind != "mobile")) for ps in phones]
    out["phone_invalid"] = [any(not p.valid for p in ps) for ps in phones]
    out["phone_present"] = [bool(ps) for ps in phones]

    emails = _map_unique(raw["raw_email"], parse_emails)
    out["emails"] = [tuple(dict.fromkeys(e.address for e in es if e.valid)) for es in emails]
    out["email"] = [";".join(x) for x in out["emails"]]
    out["email_free"] = [all(e.free_mail for e in es if e.valid) if any(e.valid for e in es) else True for es in emails]
    out["email_domain"] = [next((e.domain for e in es if e.valid and not e.free_mail), "") for es in emails]
    out["email_invalid"] = [any(not e.valid for e in es) for es in emails]
    out["email_present"] = [bool(es) for es in emails]

    out["title"] = _map_unique(raw["raw_title"], clean)
    ids = _map_unique(raw["raw_id_card"], parse_id_card)
    out["id_card"] = [x.number if x.valid else "" for x in ids]
    id_invalid = [not x.valid and not is_blank(r) for x, r in zip(ids, raw["raw_id_card"], strict=True)]
    usccs = _map_unique(raw["raw_uscc"], parse_uscc)
    out["uscc"] = [x.number if x.valid else "" for x in usccs]
    uscc_invalid = [not x.valid and not is_blank(r) for x, r in zip(usccs, raw["raw_uscc"], strict=True)]
    out["id_invalid"] = [a or b for a, b in zip(id_invalid, uscc_invalid, strict=True)]
    out["wechat"] = _map_unique(raw["raw_wechat"], lambda v: fold(v).lower())
    out["qq"] = _map_unique(raw["raw_qq"], lambda v: "".join(ch for ch in fold(v) if ch.isdigit()))
    out["updated_at"] = _map_unique(raw["raw_updated_at"], _date)
    out["key"] = raw["raw_key"].map(fold)
    # Nothing that reaches the person across sources: no phone, email or ID card (a
    # WeChat row: its WeChat/QQ id is rarely held by another source).
    out["sparse"] = (out["phone_list"].map(len) == 0) & (out["emails"].map(len) == 0) & (out["id_card"] == "")

    out["raw_name_blank"] = [is_blank(v) for v in raw["raw_name"]]
    out["raw_address_blank"] = [is_blank(v) for v in raw["raw_address"]] if n else []
    out["raw_company_blank"] = [is_blank(v) for v in raw["raw_company"]]
    out["malformed"] = raw["malformed"].to_numpy()
    for col in ("has_name_col", "has_phone_col", "has_email_col", "has_address_col", "has_company_col"):
        out[col] = raw[col].to_numpy()
    return out


def _phone_key(p) -> str:
    return f"{p.e164}x{p.extension}" if p.extension else p.e164


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _date(value: object) -> str:
    """An ISO date-time string for sorting 'most recent'; '' when not a date.

    >>> _date("2024/3/5 9:07"), _date("2024年3月5日"), _date("not a date")
    ('2024-03-05 09:07:00', '2024-03-05 00:00:00', '')
    """
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
