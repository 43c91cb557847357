"""Chinese phone numbers: mobile, landline, 400/800, service numbers; several per cell.

A Chinese mobile number has 11 digits starting with 1 (138 0013 8000).  A
landline is a 2- or 3-digit area code after the trunk prefix 0 (010 Beijing,
0755 Shenzhen) and a 7- or 8-digit local number, often with an extension
(转801, -801, ext.801, x801, 分机801, (801)).  400 and 800 numbers are
nationwide shared-cost and toll-free lines; 95xxx/100xx/123xx/96xxx are service
numbers.  Exports add a country code (+86, 0086, 86-, (86), ＋８６), spaces,
hyphens and dashes of every width, brackets, labels (手机/座机/Tel), several
numbers in one cell, and Excel damage (13800138000.0, 1.38001E+10).

:func:`parse_phone` splits a cell into its numbers.  Whether a number is valid,
and its kind, is decided by ``phonenumbers`` (libphonenumber's metadata for
``CN``): for Chinese numbers its number-type rules are applied to its CN
patterns compiled once (the same decision as ``phonenumbers.number_type``, a
test holds them equal, at about a fifteenth of the cost); foreign numbers go through
``phonenumbers`` itself.  ``kind`` is one of:

* ``mobile``: MOBILE (and PAGER);
* ``landline``: FIXED_LINE (FIXED_LINE_OR_MOBILE abroad), with ``area_code`` and ``city``;
* ``tollfree``: TOLL_FREE (800) and the 400 SHARED_COST numbers;
* ``premium``: PREMIUM_RATE (168 information lines);
* ``service``: short service numbers (95588, 10086, 12345, 96166: no E.164,
  not ``valid``) and service lines in full form (0755-96166, 1010xxxx, 950xxxx);
* ``voip``, ``uan``, ``personal``, ``voicemail``: those types (foreign numbers);
* ``invalid``: anything else; ``problem`` says why.

Policies on top of phonenumbers, each a decision:

* **Excel.** ``1.38001E+10`` lost digits: ``invalid`` (``problem='excel'``),
  never guessed, even ``1.3800138E+10`` (whether digits were rounded away
  cannot be told).  ``13800138000.0`` is a float rendering of an exact integer
  (all 11 digits are there; floats are exact below 2**53), so it is read as
  13800138000.  A landline without its trunk 0 and without +86 (``1062345678``,
  ``75588888888``: the leading zero a spreadsheet drops from a number column) is
  ``invalid`` (``problem='lost_zero'``), not completed.
* **No area code.** A 7–8 digit local number is completed first from the
  cell itself (an area code written apart, ``区号0755 电话88888888``, or the
  landline before it, ``0755-88888888/88888889``), else with
  ``area_code_hint`` (an area code like ``'010'``/``'10'`` or a city like
  ``'北京'``; ``hinted`` tells); without either (or when the completed number
  is not valid) it is kind ``'landline'`` with ``e164 == ''`` and
  ``problem='no_area_code'``: it can be neither dialled nor compared.
* **Extensions.** 转/分机/ext/x/#/内线 always mark one, and so does ``*`` before a last
  group of 1-5 digits (``0755-88888888*801``); ``-801`` and ``(801)``
  after a number only when the whole is not valid but the number without the
  last group is a landline (also one still missing its area code), a 400/800,
  service or premium number (mobiles have no extensions: ``13800138000-1`` is
  invalid).
* **Placeholders.** A mobile whose last 8 digits are one repeated digit or a
  straight run (13800000000, 18888888888, 13912345678) is typed to fill a
  mandatory field far more often than it is owned: ``invalid``,
  ``problem='placeholder'``.  00000000000 and 12345678901 are not valid numbers
  at all.  13800138000 is a real number (China Mobile's own service line) and
  stays valid; repeated fakes of it are handled by term-frequency weighting.
* Short numbers count as ``'service'`` when phonenumbers knows them and they
  have 5 or 6 digits; 110 or 123 in a contact column is not a customer's
  number and is ``'invalid'``.  Masked numbers (138****8000) are invalid
  (``problem='masked'``); a run labelled QQ is not a phone number.

>>> [(p.e164, p.kind, p.area_code, p.extension, p.city) for p in parse_phone("010-6234 5678转801")]
[('+861062345678', 'landline', '010', '801', '北京市')]
>>> [p.e164 for p in parse_phone("手机13800138000 座机(0755)8888 8888")]
['+8613800138000', '+8675588888888']
>>> [(p.kind, p.e164) for p in parse_phone("400-810-8888、800 810 8888")]
[('tollfree', '+864008108888'), ('tollfree', '+868008108888')]
>>> [(p.kind, p.problem) for p in parse_phone("1.38001E+10 / 13800000000 / 138****8000 / 1062345678")]
[('invalid', 'excel'), ('invalid', 'placeholder'), ('invalid', 'masked'), ('invalid', 'lost_zero')]
>>> [(p.kind, p.e164, p.hinted) for p in parse_phone("62345678", area_code_hint="010")]
[('landline', '+861062345678', True)]
>>> [(p.kind, p.problem) for p in parse_phone("62345678")]
[('landline', 'no_area_code')]
>>> [(p.kind, p.valid) for p in parse_phone("95588")]
[('service', False)]
>>> parse_phone("暂无"), [p.kind for p in parse_phone("abc")]
([], ['invalid'])
>>> area_code_for_city("深圳"), area_code_for_city("北京市")
('0755', '010')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType, shortnumberinfo

from ._slots import quick_init
from .text import clean, fold, is_blank, strip_spaces

__all__ = ["Phone", "parse_phone", "area_code_cities", "area_code_for_city", "area_code_of", "city_for_area_code",
           "cn_number_type"]


@quick_init
@dataclass(frozen=True, slots=True)
class Phone:
    """One phone number of a cell."""

    raw: str  # the piece of the cell this number came from
    e164: str  # '+8613800138000'; '' when invalid, incomplete or a short number
    kind: str  # 'mobile' | 'landline' | 'tollfree' | 'premium' | 'service' | … | 'invalid'
    area_code: str  # trunk-prefixed area code of a CN landline ('010', '0755'), else ''
    extension: str  # '801' of 转801 / -801 / ext.801 / x801 / 分机801 / (801)
    city: str  # CN landline: the area code's city ('北京市', '深圳市'), else ''
    problem: str = ""  # why not valid: 'excel' | 'lost_zero' | 'masked' | 'placeholder' | 'no_area_code' | 'unknown'
    hinted: bool = False  # the area code came from ``area_code_hint``, not from the cell

    @property
    def valid(self) -> bool:
        """True when the number is complete and valid (has an E.164 form)."""
        return bool(self.e164)


_KINDS = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.PAGER: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "landline",
    PhoneNumberType.TOLL_FREE: "tollfree",
    PhoneNumberType.SHARED_COST: "tollfree",  # 400; CN's other shared-cost lines are 'service' (_cn)
    PhoneNumberType.PREMIUM_RATE: "premium",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.VOICEMAIL: "voicemail",
}

_CN = phonenumbers.PhoneMetadata.metadata_for_region("CN")


def _desc(desc) -> tuple[frozenset[int], re.Pattern[str]] | None:
    if desc is None or desc.national_number_pattern is None:
        return None
    return frozenset(desc.possible_length), re.compile(desc.national_number_pattern)


# phonenumbers' _number_type_helper order: the special types first, then fixed line, then mobile
_CN_GENERAL = _desc(_CN.general_desc)
_CN_SPECIAL = [
    (d, t) for d, t in (
        (_desc(getattr(_CN, attr)), t) for attr, t in (
            ("premium_rate", PhoneNumberType.PREMIUM_RATE), ("toll_free", PhoneNumberType.TOLL_FREE),
            ("shared_cost", PhoneNumberType.SHARED_COST), ("voip", PhoneNumberType.VOIP),
            ("personal_number", PhoneNumberType.PERSONAL_NUMBER), ("pager", PhoneNumberType.PAGER),
            ("uan", PhoneNumberType.UAN), ("voicemail", PhoneNumberType.VOICEMAIL),
        )
    ) if d is not None
]
_CN_FIXED = _desc(_CN.fixed_line)
_CN_MOBILE = _desc(_CN.mobile)


def _plan(length: int) -> tuple:
    """The patterns :func:`cn_number_type` tries on a number of ``length`` digits, in its
    order: (general, ((special, type), …), fixed line, mobile); None where the length
    rules a pattern out."""

    def usable(desc: tuple[frozenset[int], re.Pattern[str]] | None) -> re.Pattern[str] | None:
        if desc is None or (desc[0] and length not in desc[0]):
            return None
        return desc[1]

    special = tuple((p, kind) for desc, kind in _CN_SPECIAL if (p := usable(desc)) is not None)
    return usable(_CN_GENERAL), special, usable(_CN_FIXED), usable(_CN_MOBILE)


# by length, made once: cn_number_type runs for every distinct number
_PLANS = {length: _plan(length) for length in range(24)}


def cn_number_type(nsn: str) -> int:
    """phonenumbers' ``PhoneNumberType`` of a CN national significant number
    (no trunk 0, no +86), decided by its metadata exactly as ``number_type`` does.

    >>> cn_number_type("13800138000") == PhoneNumberType.MOBILE, cn_number_type("1380013800")
    (True, 99)
    """
    general, special, fixed, mobile = _PLANS.get(len(nsn)) or _plan(len(nsn))
    if general is None or general.fullmatch(nsn) is None:
        return PhoneNumberType.UNKNOWN
    for pattern, kind in special:
        if pattern.fullmatch(nsn) is not None:
            return kind
    if fixed is not None and fixed.fullmatch(nsn) is not None:
        if _CN.same_mobile_and_fixed_line_pattern or (mobile is not None and mobile.fullmatch(nsn) is not None):
            return PhoneNumberType.FIXED_LINE_OR_MOBILE
        return PhoneNumberType.FIXED_LINE
    if not _CN.same_mobile_and_fixed_line_pattern and mobile is not None and mobile.fullmatch(nsn) is not None:
        return PhoneNumberType.MOBILE
    return PhoneNumberType.UNKNOWN


# last 8 digits of a mobile typed to fill a field: one digit repeated, or a straight run
_PLACEHOLDER_TAILS = frozenset([d * 8 for d in "0123456789"] + ["12345678", "87654321"])

_FACTS = tuple[str, str, str, str]  # (e164, kind, area code, city)


@lru_cache(maxsize=262144)
def _cn(nsn: str) -> _FACTS | None:
    """(e164, kind, area code, city) of a CN national significant number, or None if invalid."""
    t = cn_number_type(nsn)
    kind = _KINDS.get(t)
    if kind is None:
        return None
    area = city = ""
    if t == PhoneNumberType.FIXED_LINE or t == PhoneNumberType.FIXED_LINE_OR_MOBILE:
        area = area_code_of("+86" + nsn)
        city = city_for_area_code(area)
    elif t == PhoneNumberType.SHARED_COST and not nsn.startswith("400"):
        kind = "service"  # 1010xxxx, 950xxxxxxx, <area code>96xxx: service lines in full form
    return "+86" + nsn, kind, area, city


@lru_cache(maxsize=65536)
def _lookup(text: str, region: str | None) -> _FACTS | None:
    """The same facts through phonenumbers itself: foreign numbers, and CN numbers
    written with a carrier-selection prefix (17951 13800138000), which it strips."""
    try:
        n = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if n.country_code == 86:
        return _cn(phonenumbers.national_significant_number(n))
    if not phonenumbers.is_valid_number(n):
        return None
    kind = _KINDS.get(phonenumbers.number_type(n))
    if kind is None:
        return None
    return phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164), kind, "", ""


@lru_cache(maxsize=4096)
def _is_service(digits: str) -> bool:
    try:
        short = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return False
    return shortnumberinfo.is_valid_short_number_for_region(short, "CN")


_EXCEL_FLOAT = re.compile(r"^(\+?\d{5,})\.0+$")
# 1.38001E+10, 1.38001e10, 1,38001E+10: a number Excel showed in scientific notation
_EXCEL_EXP = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE]\+?\d{1,2}(?!\d)")
# extension markers after a digit (or a closing bracket): 转801, 分机801, ext.801, x801, #801, 内线801,
# and *801 (a star then a short group that ends the number: a masked 138****5678 has a star before its
# digits, never a digit)
_EXT = re.compile(
    r"(?<=[\d)])\s*-?\s*(?:转接?|轉|分机号?|分機|内线|內線|ext\.?|extension|x|#|\*(?=\s*\d{1,5}(?!\d)))\s*[:.]?\s*(?=\d)",
    re.I,
)
# the first characters of every marker _EXT reads: a cell without one has no extension marker
_EXT_MARK = re.compile(r"[转轉分内內#*xXeE]")
# runs of characters a written number is made of; anything else separates numbers
_RUN = re.compile(r"[0-9+()\-.\s#*]*\d[0-9+()\-.\s#*]*")
_NON_DIGIT = re.compile(r"\D")
_GROUPS = re.compile(r"\d+")
# dashes of every width and brackets of other shapes, to '-' and '()'
_PUNCT = str.maketrans({
    **dict.fromkeys("‐‑‒–—―−﹣ー", "-"), "[": "(", "]": ")", "【": "(", "】": ")", "〔": "(", "〕": ")",
})
_KIND_WITH_EXTENSION = frozenset({"landline", "tollfree", "service", "premium"})


# what _facts returns for a landline that lost its leading zero
_LOST_ZERO = ("", "invalid", "", "")


def _invalid(raw: str, problem: str = "unknown") -> Phone:
    return Phone(raw, "", "invalid", "", "", "", problem)


@lru_cache(maxsize=4096)
def _hint_digits(hint: str) -> str:
    if not hint:
        return ""
    digits = _NON_DIGIT.sub("", fold(hint))
    if not digits:
        return area_code_for_city(hint).lstrip("0")
    return digits.lstrip("0")


def _facts(main: str, digits: str, hint: str) -> tuple[_FACTS | None, bool]:
    """(facts or None, written as a local number without area code)."""
    head = main.lstrip(" (")
    intl = None
    if head.startswith("+"):
        intl = digits
    elif digits.startswith("00") and len(digits) > 6:
        intl = digits[2:]
    elif digits.startswith("86") and (
        (len(digits) == 13 and digits[2] == "1") or (len(digits) >= 11 and not head[2:3].isdigit())
    ):
        intl = digits
    if intl is not None:
        if not intl.startswith("86"):
            return _lookup("+" + intl, None), False
        nsn = intl[2:]
        # '+86 (0)755 …', '+86-0755-…': the trunk 0 written after the country code
        return _cn(nsn[1:] if nsn[:1] == "0" else nsn), False
    if len(digits) in (7, 8) and digits[0] not in "01":
        return (_cn(hint + digits) if hint else None), True
    if len(digits) < 3:
        return None, False
    facts = _cn(digits[1:] if digits[0] == "0" else digits)
    if facts is not None and facts[1] == "landline" and digits[0] != "0":
        # 1062345678: a landline without its trunk 0 and without +86 — the leading zero a spreadsheet
        # dropped from 01062345678 (or a number mistyped); flagged, not completed
        return _LOST_ZERO, False
    if facts is None and len(digits) > 11:
        facts = _lookup(digits, "CN")
    return facts, False


# a cell of several groups is read whole to test it (_valid_piece), then again as its one
# number: the second reading is the first's
@lru_cache(maxsize=256)
def _one(raw: str, main: str, extension: str, hint: str, retry: bool = True) -> Phone:
    """Read one written number (``main`` without its extension)."""
    if "*" in main:  # masked (138****8000)
        return _invalid(raw, "masked")
    digits = _NON_DIGIT.sub("", main)
    facts, local = _facts(main, digits, hint)
    if facts is _LOST_ZERO:
        return _invalid(raw, "lost_zero")
    if facts is not None:
        e164, kind, area, city = facts
        if kind == "mobile" and e164.startswith("+861") and e164[-8:] in _PLACEHOLDER_TAILS:
            return _invalid(raw, "placeholder")
        return Phone(raw, e164, kind, area, extension, city, "", local)
    if retry and not extension:
        groups = _GROUPS.findall(main)
        if len(groups) >= 2 and len(groups[-1]) <= 5:  # 010-62345678-801, 010-62345678(801)
            cut = main.rstrip(" )")
            cut = cut[: cut.rfind(groups[-1])]
            retried = _one(raw, cut, groups[-1], hint, retry=False)
            if retried.kind in _KIND_WITH_EXTENSION and (retried.valid or retried.problem == "no_area_code"):
                return retried
    if local:
        return Phone(raw, "", "landline", "", extension, "", "no_area_code")
    if 5 <= len(digits) <= 6 and not main.lstrip(" (").startswith("+") and _is_service(digits):
        return Phone(raw, "", "service", "", extension, "")
    return _invalid(raw)


# a mobile written in groups, perhaps after +86: 138 0013 8000, 138-0013-8000, +86 13800138000
# (ASCII digits only: fold() would rewrite full-width ones, and the number's raw text with them)
_GROUPED_MOBILE = re.compile(r"(\+86[ -]?)?(1\d\d)[ -]?(\d{4})[ -]?(\d{4})", re.ASCII)


def _plain_mobile(text: object) -> _FACTS | None:
    """The facts of the usual cells, read straight: 11 ASCII digits starting with 1 when
    they are a valid number, and a valid mobile written in groups (_GROUPED_MOBILE);
    None for any other cell, which :func:`parse_phone` reads in full.

    Such a cell is one run of one number, with nothing to strip, no extension and no area
    code to complete, so :func:`_one` would read the cell itself: a landline without
    +86 is one that lost its zero, a placeholder is not valid, and for a grouped number
    anything but a valid mobile is left to the full reading."""
    if not isinstance(text, str):
        return None
    if len(text) == 11 and text[0] == "1" and text.isascii() and text.isdigit():
        facts = _cn(text)
        if facts is None or facts[1] == "landline" or (facts[1] == "mobile" and text[-8:] in _PLACEHOLDER_TAILS):
            return None
        return facts
    # (a str subclass would be folded to a plain str first: its raw text would differ)
    m = _GROUPED_MOBILE.fullmatch(text) if 12 <= len(text) <= 17 and text.__class__ is str else None
    if m is None:
        return None
    nsn = m[2] + m[3] + m[4]
    facts = _cn(nsn)
    if facts is None or facts[1] != "mobile" or nsn[-8:] in _PLACEHOLDER_TAILS:
        return None
    return facts


def _valid_piece(text: str, hint: str) -> bool:
    """True when ``text`` reads as one number (a placeholder is one, if a fake)."""
    p = _one(text, text, "", hint)
    return p.kind != "invalid" or p.problem == "placeholder"


def _split_run(run: str, original: str, hint: str) -> list[tuple[str, str, str]]:
    """``(raw, main, extension)`` for each number written in one run of digits
    (``original``: the same span before extension markers became '#')."""
    raw = original.strip(" -.")
    main, _, ext = run.strip(" -.").partition("#")
    m = _GROUPS.match(ext.lstrip("# "))
    extension = m.group() if m else ""
    m = _EXCEL_FLOAT.match(main)
    if m:  # 13800138000.0: a float rendering of an exact number
        return [(raw, m.group(1), extension)]
    chunks = main.split()
    if len(chunks) > 1 and "*" not in main and not _valid_piece(main, hint):
        # "13800138000 13900139000", "0755 8888 8888 13800138000": the longest valid groups of chunks
        out, i = [], 0
        while i < len(chunks):
            j = next((j for j in range(len(chunks), i, -1) if _valid_piece(" ".join(chunks[i:j]), hint)), 0)
            if not j:  # a chunk that is no number: the run stays whole ('144 1680 0000' is one bad number)
                out = []
                break
            piece = " ".join(chunks[i:j])
            out.append((piece, piece, ""))
            i = j
        if len(out) > 1:
            out[-1] = (out[-1][0], out[-1][1], extension)  # the extension belongs to the last number
            return out
    digits = _NON_DIGIT.sub("", main)
    if len(digits) >= 22 and len(digits) % 11 == 0 and all(c == "1" for c in digits[::11]):
        # two or more mobiles run together
        parts = [digits[i : i + 11] for i in range(0, len(digits), 11)]
        return [(p, p, extension if i == len(parts) - 1 else "") for i, p in enumerate(parts)]
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
    facts = _plain_mobile(text)
    if facts is not None:  # the usual mobile cell, 13800138000: straight to the number
        return [Phone(text, facts[0], facts[1], facts[2], "", facts[3])]
    if is_blank(text):
        return []
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    s = fold(text).translate(_PUNCT)
    hint = _hint_digits(area_code_hint) if area_code_hint else ""
    found: list[tuple[int, list[Phone]]] = []
    if "e" in s or "E" in s:
        for m in _EXCEL_EXP.finditer(s):
            found.append((m.start(), [_invalid(m.group(), "excel")]))
        s_runs = _EXCEL_EXP.sub(lambda m: "\x00" * len(m.group()), s)
    else:
        s_runs = s
    # extension markers become '#', padded so that spans still point into ``s``
    marked = _EXT.sub(lambda m: "#" * len(m.group()), s_runs) if _EXT_MARK.search(s_runs) else s_runs
    # The cell's own area code completes a local number before the record's city does: a run that is
    # only an area code ('区号0755 电话88888888'), or the landline before it ('0755-88888888/88888889').
    area, apart = "", False
    for run in _RUN.finditer(marked):
        start = run.start()
        if "qq" in s[max(0, start - 4) : start].lower():
            continue  # 'QQ: 12345678' is not a phone number
        pieces = [piece for piece in _split_run(run.group(), s[start : run.end()], hint) if _NON_DIGIT.sub("", piece[1])]
        phones = []
        for piece in pieces:
            p = _one(*piece, hint)
            if area and (p.problem == "no_area_code" or p.hinted):
                joined = _one(*piece, area)
                if joined.valid:  # the area code was written in the cell: not a hint
                    if apart:
                        found.pop()
                    p = replace(joined, hinted=False)
            apart = False
            if p.kind == "landline" and p.area_code and p.e164.startswith("+86"):
                area = p.area_code[1:]
            phones.append(p)
        if len(phones) == 1 and phones[0].kind == "invalid":
            digits = _NON_DIGIT.sub("", phones[0].raw)
            if 3 <= len(digits) <= 4 and digits[0] == "0" and city_for_area_code(digits):
                area, apart = digits[1:], True
        found.append((start, phones))
    if len(found) > 1:
        found.sort(key=lambda f: f[0])
    out = [p for _, phones in found for p in phones]
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


@lru_cache(maxsize=1)
def _cities_by_area() -> dict[str, tuple[str, ...]]:
    """Area code -> every city that dials it, the geocoder's own city first."""
    area_city, city_area = _area_tables()
    cities: dict[str, list[str]] = {area: [city] for area, city in area_city.items()}
    for city, area in city_area.items():
        if city not in cities.setdefault(area, []):
            cities[area].append(city)
    return {area: tuple(names) for area, names in cities.items()}


def area_code_cities(area_code: str) -> tuple[str, ...]:
    """Every city that dials a CN area code: one for most codes, several for a shared
    one (0731: 长沙, 株洲 and 湘潭; 0898: all of Hainan); none if unknown.

    >>> area_code_cities("0571"), area_code_cities("0371"), area_code_cities("0123")
    (('杭州市',), ('郑州市', '开封市'), ())
    """
    digits = _NON_DIGIT.sub("", area_code).lstrip("0")
    return _cities_by_area().get("0" + digits, ()) if digits else ()


def area_code_of(e164: str) -> str:
    """The trunk-prefixed area code of a CN landline in E.164 ('' for any other number).
    CN area codes: 10 and 2x have two digits, all others three.

    >>> area_code_of("+861062345678"), area_code_of("+8657487654321"), area_code_of("+14155552671")
    ('010', '0574', '')
    """
    if not e164.startswith("+86") or len(e164) < 6:
        return ""
    nsn = e164[3:]
    return "0" + nsn[: 2 if nsn[0] in "12" else 3]


def city_for_area_code(area_code: str) -> str:
    """The city of a CN area code, from phonenumbers' geocoder ('' if unknown); for a shared
    code, the geocoder's one (:func:`area_code_cities` lists them all).

    >>> city_for_area_code("0755"), city_for_area_code("10"), city_for_area_code("0710")
    ('深圳市', '北京市', '襄阳市')
    """
    cities = area_code_cities(area_code)
    return cities[0] if cities else ""


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
