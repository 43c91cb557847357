"""Resident identity card numbers and unified social credit codes.

**Resident ID (居民身份证号码, RIC)**: 18 characters — 6 digits of the
birthplace's administrative division code, 8 digits of birth date
(YYYYMMDD), 3 digits of order code (odd for men, even for women) and a check
character (0-9 or ``X``).  Numbers issued before 1999 had 15 digits (2-digit
year, no check character); they are converted to 18 digits by inserting
``19`` and computing the check character (``legacy`` tells).

**Unified social credit code (统一社会信用代码, USCC, GB 32100-2015)**: 18
characters — the registering authority (1: ``9`` market regulation, ``5``
civil affairs, ``1`` establishment office …), the kind of organisation (1:
under ``9``, ``1`` company, ``2`` individual business, ``3`` farmers'
co-operative), the registering region's administrative division code (6
digits), the organisation code (9, its own check character included) and a
check character.  Letters come from ``0-9A-Z`` without ``I O S V Z``.

Validation (check characters, dates, and for the RIC the birthplace code at the
date of birth) is python-stdnum's (:mod:`stdnum.cn.ric`, :mod:`stdnum.cn.uscc`).
Policies on top of it:

* separators (spaces, hyphens, dots), full-width characters and case are
  presentation, not content: they are removed the way ``stdnum``'s own
  ``compact`` does (its doctest validates ``'91 110000 600037341L'``), so a
  lower-case ``x`` or a USCC typed in lower case is read;
* a character outside the alphabet (``O`` for ``0``, ``I`` for ``1``) is
  *never* replaced: the code is invalid (``problem == 'format'``), since which
  character was meant is a guess;
* a birth date in the future or before 1900 is invalid (``problem ==
  'component'``): in customer data it is a typo, not a person;
* the birthplace's names come from ``data/divisions.csv`` (today's names) where
  the code is still in use, else from stdnum's historical table (the name the
  county had at the birth date), else only the province is named.

>>> c = parse_id_card("44011320141005001x")
>>> c.number, c.valid, c.birth_date, c.gender, c.birthplace
('44011320141005001X', True, '2014-10-05', 'M', '440113')
>>> c.birth_province, c.birth_city, c.birth_county
('广东省', '广州市', '番禺区')
>>> u = parse_uscc("9144 0300 7152 6726 XG")
>>> u.number, u.valid, u.region, u.org_code
('9144030071526726XG', True, '440300', '71526726X')
>>> u.authority_name, u.org_type_name, u.region_city
('市场监督管理', '企业', '深圳市')
>>> parse_uscc("91110000600O37341L").problem   # letter O typed for zero: not fixed
'format'
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from .text import fold, is_blank

__all__ = ["IdCard", "Uscc", "parse_id_card", "parse_uscc", "USCC_AUTHORITIES", "USCC_ORG_TYPES"]

# separators people and spreadsheets put into identifiers (and Excel's text-marker apostrophe)
_NOISE = re.compile(r"[\s\-_.·'\"`/]")
_PROBLEMS = ((InvalidLength, "length"), (InvalidChecksum, "checksum"), (InvalidFormat, "format"),
             (InvalidComponent, "component"))

# GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》, table of 登记管理部门码 and 机构类别码
# ('N' for rural collective economic organisations was added in 2018; 'A' for the military's
# establishment office later).  python-stdnum validates only codes whose first character is a digit.
USCC_AUTHORITIES = {
    "1": "机构编制", "2": "外交", "3": "司法行政", "4": "文化", "5": "民政", "6": "旅游", "7": "宗教",
    "8": "工会", "9": "市场监督管理", "A": "中央军委改革和编制办公室", "N": "农业农村", "Y": "其他",
}
USCC_ORG_TYPES = {
    "11": "机关", "12": "事业单位", "13": "中央编办直接管理机构编制的群众团体", "19": "其他",
    "21": "外国常驻新闻机构", "29": "其他",
    "31": "律师执业机构", "32": "公证处", "33": "基层法律服务所", "34": "司法鉴定机构", "35": "仲裁委员会",
    "39": "其他",
    "41": "外国在华文化中心", "49": "其他",
    "51": "社会团体", "52": "民办非企业单位", "53": "基金会", "59": "其他",
    "61": "外国旅游部门常驻代表机构", "62": "港澳台地区旅游部门常驻内地(大陆)代表机构", "69": "其他",
    "71": "宗教活动场所", "72": "宗教院校", "79": "其他",
    "81": "基层工会", "89": "其他",
    "91": "企业", "92": "个体工商户", "93": "农民专业合作社",
}


@dataclass(frozen=True, slots=True)
class IdCard:
    """A parsed resident ID number; the derived fields are '' unless ``valid``."""

    raw: str
    number: str  # compact 18-character form (upper-case X) when one can be formed
    valid: bool
    birth_date: str  # ISO 'YYYY-MM-DD'
    gender: str  # 'M' (odd order code) | 'F'
    birthplace: str  # the 6-digit division code the number was issued under
    birth_province: str = ""
    birth_city: str = ""
    birth_county: str = ""
    legacy: bool = False  # written as a 15-digit pre-1999 number
    problem: str = ""  # why not valid: 'length' | 'format' | 'checksum' | 'component' ('' when valid)


@dataclass(frozen=True, slots=True)
class Uscc:
    """A parsed unified social credit code; the derived fields are '' unless ``valid``."""

    raw: str
    number: str
    valid: bool
    region: str  # characters 3-8: registering region's division code
    org_code: str  # characters 9-17: the organisation code (组织机构代码) with its own check character
    authority: str = ""  # character 1: registering authority code
    org_type: str = ""  # character 2: kind of organisation under that authority
    authority_name: str = ""
    org_type_name: str = ""
    region_province: str = ""
    region_city: str = ""
    problem: str = ""  # why not valid: 'length' | 'format' | 'checksum' ('' when valid)


def _compact(text: object) -> str:
    return _NOISE.sub("", fold(text)).upper()


def _problem(error: ValidationError) -> str:
    for kind, name in _PROBLEMS:
        if isinstance(error, kind):
            return name
    return "format"


@lru_cache(maxsize=8192)
def _place(code: str, number: str) -> tuple[str, str, str]:
    """(province, city, county) of a birthplace code: today's names, else the
    historical ones stdnum knows for the birth date, else the province only."""
    from .divisions import names_of

    province, city, county = names_of(code)
    if province:
        return province, city, county
    try:
        old = ric.get_birth_place(number)
    except ValidationError:
        old = {}
    province = names_of(code[:2] + "0000")[0] or old.get("province", "")
    city = names_of(code[:4] + "00")[1]
    return province, city, old.get("county", "")


@lru_cache(maxsize=8192)
def _region(code: str) -> tuple[str, str]:
    """(province, city) of a USCC's region code; a code no longer in use gets at least its province."""
    from .divisions import names_of

    province, city, _ = names_of(code)
    return (province, city) if province else (names_of(code[:2] + "0000")[0], "")


def parse_id_card(text: object) -> IdCard:
    """Parse and validate a resident ID card number into an :class:`IdCard`.

    ``number`` is the compact 18-character form (upper-case ``X``) when one can
    be formed, otherwise the compacted input.

    >>> c = parse_id_card("110102 19910101 0078")
    >>> c.number, c.valid, c.gender, c.birthplace, c.birth_county
    ('110102199101010078', True, 'M', '110102', '西城区')
    >>> parse_id_card("36042619910102009X").problem  # wrong check character
    'checksum'
    >>> c = parse_id_card("110102910101007")  # 15-digit number from before 1999
    >>> c.number, c.legacy
    ('110102199101010078', True)
    """
    if is_blank(text):
        return IdCard("", "", False, "", "", "")
    raw = str(text)
    number = _compact(raw)
    legacy = len(number) == 15 and number.isdigit()
    if legacy:
        body = number[:6] + "19" + number[6:]
        number = body + ric.calc_check_digit(body + "0")
    try:
        number = ric.validate(number)
        birth = ric.get_birth_date(number)
        if birth > datetime.date.today() or birth.year < 1900:
            raise InvalidComponent()
    except ValidationError as error:
        return IdCard(raw, number, False, "", "", "", legacy=legacy, problem=_problem(error))
    gender = "M" if int(number[16]) % 2 else "F"
    province, city, county = _place(number[:6], number)
    return IdCard(raw, number, True, birth.isoformat(), gender, number[:6], province, city, county, legacy)


def parse_uscc(text: object) -> Uscc:
    """Parse and validate a unified social credit code into a :class:`Uscc`.

    >>> u = parse_uscc("91110000600037341l")
    >>> u.number, u.valid, u.region, u.org_code, u.region_province
    ('91110000600037341L', True, '110000', '600037341', '北京市')
    >>> parse_uscc("91110000600037341N").problem  # wrong check character
    'checksum'
    """
    if is_blank(text):
        return Uscc("", "", False, "", "")
    raw = str(text)
    number = _compact(raw)
    try:
        number = uscc.validate(number)
    except ValidationError as error:
        return Uscc(raw, number, False, "", "", problem=_problem(error))
    authority, kind, region = number[0], number[1], number[2:8]
    province, city = _region(region)
    return Uscc(
        raw, number, True, region, number[8:17], authority, kind, USCC_AUTHORITIES.get(authority, ""),
        USCC_ORG_TYPES.get(authority + kind, ""), province, city,
    )
