"""Resident identity card numbers and unified social credit codes.

**Resident ID (居民身份证号码, RIC)**: 18 characters — 6 digits of the
birthplace's administrative division code, 8 digits of birth date
(YYYYMMDD), 3 digits of order code (odd for men, even for women) and a check
character (0-9 or ``X``).  Numbers issued before 1999 had 15 digits (2-digit
year, no check character); they are converted to 18 digits by inserting
``19`` and computing the check character.

**Unified social credit code (统一社会信用代码, USCC)**: 18 characters — the
registering authority (1), the kind of entity (1), the registering region's
administrative division code (6 digits, characters 3-8), the organisation code
(9, characters 9-17) and a check character.

Validation (check characters, dates, and for the RIC the birthplace code at the
date of birth) is python-stdnum's (:mod:`stdnum.cn.ric`, :mod:`stdnum.cn.uscc`).

>>> c = parse_id_card("44011320141005001x")
>>> c.number, c.valid, c.birth_date, c.gender, c.birthplace
('44011320141005001X', True, '2014-10-05', 'M', '440113')
>>> u = parse_uscc("9144 0300 7152 6726 XG")
>>> u.number, u.valid, u.region, u.org_code
('9144030071526726XG', True, '440300', '71526726X')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from .text import fold, is_blank

__all__ = ["IdCard", "Uscc", "parse_id_card", "parse_uscc"]

_NOISE = re.compile(r"[\s\-_.·'\"`]")


@dataclass(frozen=True, slots=True)
class IdCard:
    """A parsed resident ID number; the derived fields are '' unless ``valid``."""

    raw: str
    number: str
    valid: bool
    birth_date: str
    gender: str
    birthplace: str


@dataclass(frozen=True, slots=True)
class Uscc:
    """A parsed unified social credit code; the derived fields are '' unless ``valid``."""

    raw: str
    number: str
    valid: bool
    region: str
    org_code: str


def _compact(text: object) -> str:
    return _NOISE.sub("", fold(text)).upper()


def parse_id_card(text: object) -> IdCard:
    """Parse and validate a resident ID card number into an :class:`IdCard`.

    ``number`` is the compact 18-character form (upper-case ``X``) when one can
    be formed, otherwise the compacted input.

    >>> c = parse_id_card("110102 19910101 0078")
    >>> c.number, c.valid, c.gender, c.birthplace
    ('110102199101010078', True, 'M', '110102')
    >>> parse_id_card("36042619910102009X").valid  # wrong check character
    False
    >>> parse_id_card("110102910101007").number  # 15-digit number from before 1999
    '110102199101010078'
    """
    if is_blank(text):
        return IdCard("", "", False, "", "", "")
    raw = str(text)
    number = _compact(raw)
    if len(number) == 15 and number.isdigit():
        body = number[:6] + "19" + number[6:]
        number = body + ric.calc_check_digit(body + "0")
    try:
        number = ric.validate(number)
        birth = ric.get_birth_date(number)
    except ValidationError:
        return IdCard(raw, number, False, "", "", "")
    gender = "M" if int(number[16]) % 2 else "F"
    return IdCard(raw, number, True, birth.isoformat(), gender, number[:6])


def parse_uscc(text: object) -> Uscc:
    """Parse and validate a unified social credit code into a :class:`Uscc`.

    >>> u = parse_uscc("91110000600037341l")
    >>> u.number, u.valid, u.region, u.org_code
    ('91110000600037341L', True, '110000', '600037341')
    >>> parse_uscc("91110000600037341N").valid  # wrong check character
    False
    """
    if is_blank(text):
        return Uscc("", "", False, "", "")
    raw = str(text)
    number = _compact(raw)
    try:
        number = uscc.validate(number)
    except ValidationError:
        return Uscc(raw, number, False, "", "")
    return Uscc(raw, number, True, number[2:8], number[8:17])
