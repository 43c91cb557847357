"""Chinese phone numbers: mobile, landline, 400/800, service numbers; several per cell.

A Chinese mobile number has 11 digits starting with 1 (138 0013 8000).  A
landline is a 2- or 3-digit area code after the trunk prefix 0 (010 Beijing,
0755 Shenzhen) and a 7- or 8-digit local number, often with an extension
(转801, -801, ext.801).  400/800 numbers are nationwide toll-free or
shared-cost lines; 95xxx/100xx/123xx are service numbers.  Exports add a
country code (+86, 0086, 86-, (86)), spaces, hyphens, brackets, labels
(手机/座机/Tel), full-width digits, several numbers in one cell, and Excel
damage (13800138000.0, 1.38001E+10).

:func:`parse_phone` splits a cell into its numbers and lets ``phonenumbers``
(libphonenumber's metadata, region ``CN``) decide every number's validity and
kind.  Policies on top of it:

* ``1.38001E+10`` lost digits to Excel: ``invalid``, never guessed;
  ``13800138000.0`` is a float artefact and is read as 13800138000.
* a 7–8 digit local number without area code is completed with
  ``area_code_hint`` (an area code like ``'010'``/``'10'`` or a city like
  ``'北京'``); without a hint it is kept as kind ``'landline'`` with
  ``e164 == ''`` (so ``valid`` is False): it cannot be dialled or compared
  across cities.
* short numbers count as ``'service'`` when phonenumbers knows them and they
  have at least 5 digits (95588, 10086, 12345); 110 or 123 in a contact
  column is not a customer's number and is ``'invalid'``.
* numbers with an explicit foreign country code stay valid with their own kind;
  phonenumbers' FIXED_LINE_OR_MOBILE (US, …) counts as ``'landline'``.

>>> [(p.e164, p.kind, p.area_code, p.extension, p.city) for p in parse_phone("010-6234 5678转801")]
[('+861062345678', 'landline', '010', '801', '北京市')]
>>> [p.e164 for p in parse_phone("手机13800138000 座机(0755)8888 8888")]
['+8613800138000', '+8675588888888']
>>> [(p.kind, p.e164) for p in parse_phone("400-810-8888")], parse_phone("1.38001E+10")[0].kind
([('tollfree', '+864008108888')], 'invalid')
>>> [(p.kind, p.e164) for p in parse_phone("62345678", area_code_hint="010")]
[('landline', '+861062345678')]
>>> parse_phone("暂无"), [p.kind for p in parse_phone("abc")]
([], ['invalid'])
>>> area_code_for_city("深圳"), area_code_for_city("北京市")
('0755', '010')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType, shortnumberinfo

from .text import clean, fold, is_blank, strip_spaces

__all__ = ["Phone", "parse_phone", "area_code_for_city", "city_for_area_code"]


@dataclass(frozen=True, slots=True)
class Phone:
    """One phone number of a cell."""

    raw: str  # the piece of the cell this number came from
    e164: str  # '+8613800138000'; '' when invalid or incomplete
    kind: str  # 'mobile' | 'landline' | 'tollfree' | 'service' | 'invalid'
    area_code: str  # trunk-prefixed area code of a CN landline ('010', '0755'), else ''
    extension: str  # '801' of 转801 / -801 / ext.801 / x801 / 分机801
    city: str  # CN landline: the area code's city ('北京市', '深圳市'), else ''

    @property
    def valid(self) -> bool:
        """True when the number is complete and valid (has an E.164 form)."""
        return bool(self.e164)


_KINDS = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.PAGER: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "landline",
    PhoneNumberType.VOIP: "landline",
    PhoneNumberType.UAN: "landline",
    PhoneNumberType.PERSONAL_NUMBER: "landline",
    PhoneNumberType.VOICEMAIL: "landline",
    PhoneNumberType.TOLL_FREE: "tollfree",
    PhoneNumberType.SHARED_COST: "tollfree",
    PhoneNumberType.PREMIUM_RATE: "tollfree",
}
_EXCEL_FLOAT = re.compile(r"^(\+?\d{5,})\.0+$")
_EXCEL_EXP = re.compile(r"^[+-]?\d+(?:\.\d+)?e\+?\d+$", re.I)
# extension markers after a digit (and closing bracket): 转801, 分机801, ext.801, x801, #801
_EXT = re.compile(r"(?<=[\d)])\s*(?:转接?|分机号?|ext\.?|extension|x|#)\s*(?=\d)", re.I)
# runs of characters a written number is made of; anything else separates numbers
_RUN = re.compile(r"[0-9+()\-.\s#*]*\d[0-9+()\-.\s#*]*")
_NON_DIGIT = re.compile(r"\D")
_GROUPS = re.compile(r"\d+")


def _invalid(raw: str) -> Phone:
    return Phone(raw, "", "invalid", "", "", "")


def _hint_digits(hint: str) -> str:
    if not hint:
        return ""
    digits = _NON_DIGIT.sub("", fold(hint))
    if not digits:
        return area_code_for_city(hint).lstrip("0")
    return digits.lstrip("0")


def _number(raw: str, facts: tuple[str, str, str, str] | None, extension: str) -> Phone | None:
    """A Phone for a looked-up number, or None when phonenumbers found it invalid."""
    if facts is None:
        return None
    e164, kind, area, city = facts
    return Phone(raw, e164, kind, area, extension, city)


@lru_cache(maxsize=262144)
def _lookup(text: str, region: str | None) -> tuple[str, str, str, str] | None:
    """(e164, kind, area code, city) of a number written as digits, or None if invalid.

    Cached: one number recurs in many cells and formats (138-0013-8000,
    +86 13800138000), and phonenumbers' validation is the costly step.
    """
    try:
        n = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(n):
        return None
    kind = _KINDS.get(phonenumbers.number_type(n))
    if kind is None:
        return None
    e164 = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
    area = city = ""
    if kind == "landline" and n.country_code == 86:
        length = phonenumbers.length_of_geographical_area_code(n)
        if length:
            area = "0" + phonenumbers.national_significant_number(n)[:length]
            city = city_for_area_code(area)
    return e164, kind, area, city


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _one(raw: str, main: str, extension: str, hint: str, retry: bool = True) -> Phone:
    """Read one written number (``main`` without its extension)."""
    if "*" in main:  # masked (138****8000)
        return _invalid(raw)
    digits = _NON_DIGIT.sub("", main)
    head = main.lstrip(" (")
    n = None
    local = False
    if head.startswith("+"):
        n = _lookup("+" + digits, None)
    elif digits.startswith("00") and len(digits) > 6:
        n = _lookup("+" + digits[2:], None)
    elif digits.startswith("86") and (
        (len(digits) == 13 and digits[2] == "1") or (len(digits) >= 11 and not head[2:3].isdigit())
    ):
        n = _lookup("+" + digits, None)
    elif len(digits) in (7, 8) and digits[0] not in "01":
        local = True
        if hint:
            n = _lookup("0" + hint + digits, "CN")
    elif len(digits) >= 3:
        n = _lookup(digits, "CN")
    phone = _number(raw, n, extension)
    if phone is not None:
        return phone
    if retry and not extension:
        groups = _GROUPS.findall(main)
        if len(groups) >= 2 and len(groups[-1]) <= 5:  # 010-62345678-801: the last group is an extension
            cut = main.rstrip()[: main.rstrip().rfind(groups[-1])]
            retried = _one(raw, cut, groups[-1], hint, retry=False)
            if retried.kind != "invalid":
                return retried
    if local:
        return Phone(raw, "", "landline", "", extension, "")
    if 5 <= len(digits) <= 6 and not head.startswith("+"):
        short = _parse(digits, "CN")
        if short is not None and shortnumberinfo.is_valid_short_number_for_region(short, "CN"):
            return Phone(raw, "", "service", "", extension, "")
    return _invalid(raw)


def _split_run(run: str, original: str) -> list[tuple[str, str, str]]:
    """``(raw, main, extension)`` for each number written in one run of digits
    (``original``: the same span before extension markers became '#')."""
    raw = original.strip(" -.")
    main, _, ext = run.strip(" -.").partition("#")
    ext = _GROUPS.match(ext.lstrip("# "))
    extension = ext.group() if ext else ""
    chunks = main.split()
    if len(chunks) > 1 and all(len(_NON_DIGIT.sub("", c)) >= 7 for c in chunks):
        # "13800138000 13900139000": separate numbers, the extension belongs to the last
        return [(c, c, extension if i == len(chunks) - 1 else "") for i, c in enumerate(chunks)]
    digits = _NON_DIGIT.sub("", main)
    if len(digits) == 22 and digits[0] == "1" and digits[11] == "1":  # two mobiles run together
        return [(digits[:11], digits[:11], ""), (digits[11:], digits[11:], extension)]
    return [(raw, main, extension)]


def parse_phone(text: object, area_code_hint: str = "") -> list[Phone]:
    """Every phone number in a cell, in order; ``[]`` for a blank cell.

    ``area_code_hint`` ('010', '10' or a city such as '北京') completes local
    numbers written without their area code.

    >>> [(p.e164, p.kind) for p in parse_phone("+86 138-0013-8000 / 0086-13900139000")]
    [('+8613800138000', 'mobile'), ('+8613900139000', 'mobile')]
    >>> parse_phone("13800138000.0")[0].e164
    '+8613800138000'
    """
    if is_blank(text):
        return []
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    s = fold(text)
    if _EXCEL_EXP.match(s):
        return [_invalid(s)]
    m = _EXCEL_FLOAT.match(s)
    if m:
        s = m.group(1)
    hint = _hint_digits(area_code_hint)
    # extension markers become '#', padded so that spans still point into ``s``
    marked = _EXT.sub(lambda m: "#" * len(m.group()), s)
    out = []
    for run in _RUN.finditer(marked):
        for raw, main, extension in _split_run(run.group(), s[run.start() : run.end()]):
            if _NON_DIGIT.sub("", main):
                out.append(_one(raw, main, extension, hint))
    return out or [_invalid(s)]


# cities that share another city's area code and are missing from the geocoder's
# descriptions (株洲 is spelled 株州 there; all of Hainan dials 0898)
_SHARED_AREA_CODES = {
    "株洲市": "0731", "开封市": "0371", "亳州市": "0558", "贵港市": "0775", "贺州市": "0774", "来宾市": "0772",
    "济源市": "0391", "嘉峪关市": "0937", "金昌市": "0935", "神农架林区": "0719", "雄安新区": "0312",
    "三亚市": "0898", "三沙市": "0898", "儋州市": "0898", "五指山市": "0898", "琼海市": "0898", "文昌市": "0898",
    "万宁市": "0898", "东方市": "0898", "定安县": "0898", "屯昌县": "0898", "澄迈县": "0898", "临高县": "0898",
    "白沙黎族自治县": "0898", "昌江黎族自治县": "0898", "乐东黎族自治县": "0898", "陵水黎族自治县": "0898",
    "保亭黎族苗族自治县": "0898", "琼中黎族苗族自治县": "0898",
}


@lru_cache(maxsize=1)
def _area_tables() -> tuple[dict[str, str], dict[str, str]]:
    """``(area code -> city, city -> area code)`` from phonenumbers' Chinese geocoder data."""
    from phonenumbers.geodata import GEOCODE_DATA  # large; imported on first use

    from .address import parse_address

    entries = []
    for prefix, names in GEOCODE_DATA.items():
        if not prefix.startswith("86") or "zh" not in names:
            continue
        national = prefix[2:]
        if national[:1] == "1" and not national.startswith("10"):
            continue  # mobile ranges
        length = 2 if national[:1] in "12" else 3
        entries.append((len(national), national, "0" + national[:length], names["zh"]))
    entries.sort()
    area_city: dict[str, str] = {}
    city_area: dict[str, str] = dict(_SHARED_AREA_CODES)
    for _, _, area, description in entries:
        province = ""
        for part in description.split("、"):
            a = parse_address(part)
            if province and a.province and a.province != province:
                continue
            province = province or a.province
            if a.city:
                area_city.setdefault(area, a.city)
                city_area.setdefault(a.city, area)
    return area_city, city_area


def city_for_area_code(area_code: str) -> str:
    """The city of a CN area code, from phonenumbers' geocoder ('' if unknown).

    >>> city_for_area_code("0755"), city_for_area_code("10"), city_for_area_code("0710")
    ('深圳市', '北京市', '襄阳市')
    """
    digits = _NON_DIGIT.sub("", area_code).lstrip("0")
    return _area_tables()[0].get("0" + digits, "") if digits else ""


@lru_cache(maxsize=4096)
def area_code_for_city(city: str) -> str:
    """The trunk-prefixed area code of a city given in full or short form, or of
    the city a county belongs to ('' if unknown).

    >>> area_code_for_city("上海"), area_code_for_city("昆山市"), area_code_for_city("火星")
    ('021', '0512', '')
    """
    from .address import parse_address

    name = strip_spaces(clean(city))
    if not name:
        return ""
    a = parse_address(name)
    return _area_tables()[1].get(a.city, "") if a.city else ""
