"""Personal names as Chinese customer records hold them.

A name cell may hold a plain name (``张伟``), a name with spaces or in
traditional characters (``張 偉``), a surname with an honorific instead of a
given name (``张先生``, ``王总``, ``小王``, ``老李``), a name followed by a
title or department (``张伟(经理)``, ``张伟 总经理``, ``张伟-采购部``), or a
romanized name in either order (``Zhang Wei``, ``WEI Zhang``, ``ZhangWei``).

:func:`parse_name` splits the cell into surname, given name and honorific and
builds a tone-less pinyin key, surname first, using the *surname* reading of
polyphonic surname characters (曾 zeng, 单 shan, 解 xie, 区 ou, 朴 piao …) from
``data/surnames.csv``; the given name uses pypinyin's default reading.
Romanized names get the same key from their letters, so ``Zhang Wei``,
``WEI Zhang``, ``ZhangWei`` and ``zhang-wei`` all compare equal with ``张伟``:
the surname is the end token that is a known surname (the commoner one when
both are), else the one written in capitals, else the first.

>>> n = parse_name("張 偉")
>>> n.full, n.surname, n.given, n.pinyin
('张伟', '张', '伟', 'zhangwei')
>>> n = parse_name("欧阳娜娜")
>>> n.surname, n.given, n.pinyin
('欧阳', '娜娜', 'ouyangnana')
>>> parse_name("曾国藩").pinyin
'zengguofan'
>>> n = parse_name("张先生")
>>> n.surname, n.given, n.honorific, n.gender, n.honorific_only
('张', '', '先生', 'M', True)
>>> parse_name("益晨宏王工").full, parse_name("王").honorific_only
('王', True)
>>> parse_name("王晓琳锐中网络科技").full, parse_name("王强科瑞软件").full
('王晓琳', '王强')
>>> n = parse_name("小王")
>>> n.surname, n.honorific, n.honorific_only
('王', '小', True)
>>> n = parse_name("Wei ZHANG")
>>> n.full, n.surname, n.pinyin, n.romanized
('Zhang Wei', 'zhang', 'zhangwei', True)
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from .text import clean, is_blank

__all__ = ["Name", "parse_name", "surname_pinyin", "is_surname", "to_pinyin", "name_share"]


@dataclass(frozen=True, slots=True)
class Name:
    """A parsed personal name; see the module docstring."""

    raw: str
    full: str
    surname: str
    given: str
    pinyin: str
    honorific: str
    gender: str
    honorific_only: bool
    romanized: bool

    @property
    def valid(self) -> bool:
        """True when a surname was found, or the name is romanized with letters."""
        return bool(self.surname) or (self.romanized and bool(self.pinyin))


_EMPTY = Name("", "", "", "", "", "", "", False, False)

# Honorifics and titles written after a surname or name, longest first.  The value
# is the gender the word implies ('' for none).
_SUFFIX_TITLES: dict[str, str] = {
    "先生": "M", "男士": "M", "女士": "F", "小姐": "F", "太太": "F", "夫人": "F", "阿姨": "F",
    "大哥": "M", "大姐": "F", "叔叔": "M", "大爷": "M",
    "总经理": "", "副总经理": "", "董事长": "", "副董事长": "", "总裁": "", "副总裁": "", "总监": "",
    "经理": "", "副经理": "", "主任": "", "副主任": "", "主管": "", "老师": "", "医生": "", "大夫": "",
    "护士": "", "老板": "", "老总": "", "工程师": "", "教授": "", "博士": "", "律师": "", "会计": "",
    "院长": "", "校长": "", "局长": "", "处长": "", "科长": "", "部长": "", "厂长": "", "所长": "",
    "书记": "", "助理": "", "秘书": "", "专员": "", "店长": "", "组长": "", "队长": "", "总工": "",
    "董事": "", "师傅": "", "同学": "", "老师傅": "",
}
# One-character honorifics: only taken when what precedes them is exactly a surname
# (王总, 张姐), since 总/姐/哥 also occur in given names.
_SHORT_TITLES: dict[str, str] = {"总": "", "姐": "F", "哥": "M", "叔": "M", "工": "", "董": "", "爷": "M", "嫂": "F"}
_PREFIX_HONORIFICS = ("小", "老")
_TITLE_RE = re.compile("(?:" + "|".join(sorted(_SUFFIX_TITLES, key=len, reverse=True)) + ")$")
# Department or unit written after a name: 张伟-采购部, 张伟(销售中心)
_DEPT_RE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:部|科|处|中心|组|室|办|事业部|分公司|公司)$")
# Cells that are not a name at all
_PLACEHOLDERS = frozenset({"未知", "不详", "客户", "测试", "某某", "匿名", "test", "unknown", "客户姓名", "姓名", "本人"})

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")
_BRACKETS = re.compile(r"[(\[【〔{<《「『][^)\]】〕}>》」』]*[)\]】〕}>》」』]?")
_SEPARATORS = re.compile(r"[-_—–~|/\\,，;；:：、+&]")
_NOT_NAME = re.compile(f"[^{_CJK}·•]")
_LATIN_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_CAMEL = re.compile(r"[A-Z\u00c0-\u00de]?[a-z\u00df-\u00ff]+|[A-Z\u00c0-\u00de]+(?![a-z])")

_ROMAN_HONORIFICS: dict[str, tuple[str, str]] = {
    "mr": ("Mr", "M"), "mister": ("Mr", "M"), "sir": ("Sir", "M"), "mrs": ("Mrs", "F"), "ms": ("Ms", "F"),
    "miss": ("Miss", "F"), "madam": ("Madam", "F"), "dr": ("Dr", ""), "prof": ("Prof", ""),
}
# Non-pinyin spellings of compound surnames, unambiguous as a whole
_ROMAN_COMPOUNDS = {"auyeung": "ouyang", "auyang": "ouyang", "szeto": "situ", "seeto": "situ", "sima": "sima"}
_ROMAN_FIX = str.maketrans({"ü": "v", "Ü": "v"})


@lru_cache(maxsize=1)
def _surnames() -> tuple[dict[str, str], dict[str, int], frozenset[str]]:
    """(surname -> surname reading, pinyin -> best rank, compound surnames) from surnames.csv."""
    readings: dict[str, str] = {}
    ranks: dict[str, int] = {}
    path = files("dedupe") / "data" / "surnames.csv"
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            readings[row["surname"]] = row["pinyin"]
            rank = int(row["rank"])
            ranks[row["pinyin"]] = min(rank, ranks.get(row["pinyin"], rank))
    compounds = frozenset(s for s in readings if len(s) == 2)
    return readings, ranks, compounds


@lru_cache(maxsize=1)
def _surname_ranks() -> dict[str, int]:
    path = files("dedupe") / "data" / "surnames.csv"
    with path.open(encoding="utf-8") as fh:
        return {row["surname"]: int(row["rank"]) for row in csv.DictReader(fh)}


def _surname_rank(surname: str) -> int:
    """Commonness rank of a surname as written (王 1); a large number for a non-surname."""
    return _surname_ranks().get(surname, 10**6)


def is_surname(text: str) -> bool:
    """True if ``text`` is a surname listed in ``data/surnames.csv``.

    >>> is_surname("欧阳"), is_surname("张"), is_surname("伟")
    (True, True, False)
    """
    return text in _surnames()[0]


@lru_cache(maxsize=8192)
def _char_pinyin(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")[0] if ch.strip() else ""


def _pinyin(text: str) -> str:
    return "".join(_char_pinyin(ch) for ch in text if ch not in "·•")


def to_pinyin(text: str) -> str:
    """Tone-less lowercase pinyin of ``text``, character by character (default
    readings), ASCII letters and digits kept lower-cased, anything else dropped.

    >>> to_pinyin("字节跳动"), to_pinyin("58同城")
    ('zijietiaodong', '58tongcheng')
    """
    return "".join(ch.lower() if ch.isascii() and ch.isalnum() else _char_pinyin(ch) if _HAS_CJK.match(ch) else ""
                   for ch in text)


def surname_pinyin(surname: str) -> str:
    """Tone-less pinyin of ``surname`` in its surname reading.

    >>> surname_pinyin("单"), surname_pinyin("尉迟"), surname_pinyin("张")
    ('shan', 'yuchi', 'zhang')
    """
    reading = _surnames()[0].get(surname)
    return reading if reading is not None else _pinyin(surname)


def parse_name(text: object) -> Name:
    """Parse a personal name cell into a :class:`Name`.

    >>> n = parse_name("张伟(经理)")
    >>> n.full, n.given, n.honorific, n.honorific_only
    ('张伟', '伟', '经理', False)
    >>> parse_name("单田芳").pinyin
    'shantianfang'
    >>> parse_name(None).valid
    False
    """
    if is_blank(text):
        return _EMPTY
    raw = str(text)
    return _parse(raw)


@lru_cache(maxsize=65536)
def _parse(raw: str) -> Name:
    text = clean(raw)
    if _HAS_CJK.search(text):
        return _parse_chinese(raw, text)
    return _parse_roman(raw, text)


def _strip_titles(core: str) -> tuple[str, str]:
    """Remove trailing titles/honorifics (张伟总经理 -> 张伟, 总经理).  Returns (rest, title)."""
    m = _TITLE_RE.search(core)
    if m and m.start() > 0:
        rest, title = core[: m.start()], m.group()
    elif len(core) >= 2 and core[-1] in _SHORT_TITLES and _is_surname_only(core[:-1]):
        return core[:-1], core[-1]
    elif len(core) == 4 and core[-1] in "总工" and _surname_rank(core[0]) <= 100:
        return core[:-1], core[-1]  # 王晓琳总: a full name and a title
    elif len(core) >= 4 and core[-1] in _SHORT_TITLES and is_surname(core[-2]):
        rest, title = core[:-1], core[-1]
    else:
        return core, ""
    # WeChat remark names put the organisation first: 佳中刘工, 益晨宏王经理 -> 刘, 王
    if len(rest) >= 3 and is_surname(rest[-1]) and not any(rest.startswith(c) for c in _surnames()[2]):
        return rest[-1], title
    return rest, title


def _cut_company_tail(core: str) -> str:
    """王晓琳锐中网络科技 -> 王晓琳: a WeChat remark name with the company written after it.

    Taken only when what follows the name ends in an industry or legal-form word
    with a trade name of two or more characters before it; three-character
    names are tried first (王晓琳|锐中网络科技), then two (王强|科瑞软件).
    """
    if len(core) < 5:
        return core
    from .company import INDUSTRIES, LEGAL_FORMS  # company.py imports this module

    n = 2 if core[:2] in _surnames()[2] else 1
    if not is_surname(core[:n]):
        return core
    for k in (n + 2, n + 1):
        tail = core[k:]
        ends = [w for w in (*INDUSTRIES, *LEGAL_FORMS) if tail.endswith(w)]
        if ends and len(tail) - len(max(ends, key=len)) >= 2:
            return core[:k]
    return core


def _is_surname_only(text: str) -> bool:
    return len(text) == 1 or text in _surnames()[2]


def _parse_chinese(raw: str, text: str) -> Name:
    title = ""
    # bracketed parts are titles or departments: keep a title, drop the rest
    for m in _BRACKETS.finditer(text):
        inner = _NOT_NAME.sub("", m.group())
        if inner in _SUFFIX_TITLES or inner in _SHORT_TITLES:
            title = title or inner
    text = _BRACKETS.sub(" ", text)
    # 张伟-采购部, 张伟/销售, 张伟 总经理: the first part holding Chinese is the name
    parts = [p for p in _SEPARATORS.split(text) if _HAS_CJK.search(p)]
    words = parts[0].split() if parts else []
    words = [w for w in words if _HAS_CJK.search(w)]
    core_words = []
    for i, w in enumerate(words):
        w = _NOT_NAME.sub("", w)
        if i > 0 and (w in _SUFFIX_TITLES or w in _SHORT_TITLES or _DEPT_RE.fullmatch(w)):
            title = title or (w if not _DEPT_RE.fullmatch(w) else "")
            continue
        core_words.append(w)
    core = "".join(core_words).strip("·•")
    if not core or core in _PLACEHOLDERS:
        return Name(raw, "", "", "", "", title, _SUFFIX_TITLES.get(title, _SHORT_TITLES.get(title, "")), False, False)
    core = _cut_company_tail(core)
    core, suffix = _strip_titles(core)
    if suffix:
        title = suffix
    if core in _SUFFIX_TITLES:  # '先生' alone: honorific without surname
        return Name(raw, "", "", "", "", core, _SUFFIX_TITLES[core], False, False)
    gender = _SUFFIX_TITLES.get(title, _SHORT_TITLES.get(title, ""))
    prefix = ""
    # 小王, 老李: only before a known surname (小明 is a given name)
    if len(core) == 2 and core[0] in _PREFIX_HONORIFICS and not suffix and is_surname(core[1]):
        prefix, core = core[0], core[1:]
    if "·" in core or "•" in core:
        # transliterated minority or foreign name: keep it whole, family part last
        pieces = [p for p in re.split("[·•]", core) if p]
        core = "·".join(pieces)
        surname, given = pieces[-1], "·".join(pieces[:-1])
        key = _pinyin(core)
    else:
        compounds = _surnames()[2]
        n = 2 if len(core) >= 3 and core[:2] in compounds else (2 if core in compounds else 1)
        surname, given = core[:n], core[n:]
        key = surname_pinyin(surname) + _pinyin(given)
    honorific = prefix or title
    # a bare surname (王, 欧阳) says no more than 王先生 does
    only = bool(surname) and not given and (bool(honorific) or is_surname(surname))
    return Name(raw, core, surname, given, key, honorific, gender, only, False)


def _roman_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for word in _LATIN_TOKEN.findall(text):
        if word.isupper() or word.islower():
            tokens.append(word)
        else:
            tokens.extend(_CAMEL.findall(word) or [word])
    return tokens


def _parse_roman(raw: str, text: str) -> Name:
    # a dept or title after a separator: 'Zhang Wei - Sales'
    head, *rest = re.split(r"\s[-/|]\s|[;(]", text)[0].split(",")
    surname_first = False
    if rest and len(_roman_tokens(head)) == 1 and 1 <= len(_roman_tokens(rest[0])) <= 2:
        head, surname_first = f"{head} {rest[0]}", True  # 'Zhang, Wei': surname, given
    tokens = _roman_tokens(head.translate(_ROMAN_FIX))
    honorific = gender = ""
    while tokens and tokens[0].lower().rstrip(".") in _ROMAN_HONORIFICS:
        honorific, gender = _ROMAN_HONORIFICS[tokens.pop(0).lower()]
    if not tokens:
        return Name(raw, "", "", "", "", honorific, gender, False, bool(honorific))
    if len(tokens) == 1 and tokens[0].lower() in _PLACEHOLDERS:
        return Name(raw, "", "", "", "", "", "", False, False)
    lowered = [t.lower() for t in tokens]
    _, ranks, _ = _surnames()
    compound_pinyin = {r for s, r in _surnames()[0].items() if len(s) == 2}
    # join split compound surnames: 'Ou Yang' / 'Au Yeung' at either end
    for i in (0, len(lowered) - 2) if len(lowered) >= 3 else ():
        pair = _ROMAN_COMPOUNDS.get(lowered[i] + lowered[i + 1], lowered[i] + lowered[i + 1])
        if pair in compound_pinyin:
            lowered[i : i + 2] = [pair]
            tokens[i : i + 2] = [tokens[i] + tokens[i + 1]]
            break
    lowered = [_ROMAN_COMPOUNDS.get(t, t) for t in lowered]

    def rank(i: int) -> int:
        return ranks.get(lowered[i], 10**6)

    first, last = 0, len(lowered) - 1
    if len(lowered) == 1:
        word = lowered[0]
        # 'zhangwei': a known surname prefix; 'zhang' alone with Mr -> honorific only
        surname = word if word in ranks else next(
            (word[:k] for k in range(min(len(word) - 1, 9), 0, -1) if word[:k] in ranks), "")
        title = tokens[0].capitalize()
        only = bool(honorific) and surname == word
        return Name(raw, title, surname, "" if only else word[len(surname):], word, honorific, gender, only, True)
    # Which end is the surname: a known surname (the commoner one when both are, so
    # 'WEI Zhang' and 'Zhang Wei' give the same key), else the one in capitals.
    caps = [i for i in (first, last) if tokens[i].isupper() and len(tokens[i]) > 1
            and not all(t.isupper() for t in tokens)]
    known = [i for i in (first, last) if rank(i) < 10**6]
    if surname_first:
        s = first
    elif len(known) == 2 and rank(first) != rank(last):
        s = min(known, key=rank)
    elif len(known) == 2:
        s = caps[0] if caps else first
    elif known:
        s = known[0]
    else:
        s = caps[0] if caps else first
    order = [s] + [i for i in range(len(lowered)) if i != s]
    full = " ".join(tokens[i].capitalize() for i in order)
    key = "".join(lowered[i] for i in order)
    given = "".join(lowered[i] for i in order[1:])
    return Name(raw, full, lowered[s], given, key, honorific, gender, False, True)


# Two-character given names far commoner than the rest: the older generation's
# 秀英 桂英 建国 … and the 2010s newborn favourites (子轩 浩宇 一诺 欣怡 …), as the
# Ministry of Public Security's yearly name reports list them.  Hand-compiled.
_COMMON_GIVEN = frozenset(
    "秀英 桂英 秀兰 玉兰 桂兰 秀珍 凤英 玉珍 玉英 兰英 玉梅 凤兰 桂芳 秀梅 丽娟 海燕 晓燕 建华 建国 建军 "
    "建平 志强 志刚 国强 国华 春梅 红梅 丽华 淑珍 淑兰 淑英 玉芳 秀芳 金凤 晓东 晓明 晓红 晓丽 俊杰 "
    "子轩 浩然 子涵 欣怡 梓涵 一诺 雨涵 宇轩 浩宇 文博 思涵 梓萱 诗涵 雨轩 子豪 宇航 皓轩 梓轩 依诺".split()
)


def name_share(surname: str, given: str, romanized: bool = False) -> float:
    """Rough share of China's population bearing this full name.

    The surname's share follows its rank in ``data/surnames.csv`` (王 about 7 %,
    the 100th about 0.1 %); a one-character given name is shared by about one
    in 200 bearers of a surname, a two-character one by about one in 20,000
    (one in 400 for the very common 秀英, 建国, 子轩 …).  An approximation: it only
    has to tell 张伟 (hundreds of thousands of people) from 欧阳娜娜 (a few).
    A romanized name is taken to be as common as a one-character given name,
    since its spelling hides which characters it stands for.

    >>> name_share("张", "伟") > 50 * name_share("张", "思远")
    True
    >>> name_share("王", "秀英") > name_share("王", "思远")
    True
    """
    ranks = _surnames()[1]  # by reading: a rare homophone (章) counts as common as 张, erring safe
    rank = ranks.get(surname.lower() if romanized else surname_pinyin(surname), 0) if surname else 0
    if not rank:
        share = 1e-4
    elif rank <= 20:
        share = 0.074 * rank ** -0.6
    else:
        share = 0.012 * (rank / 20) ** -1.5
    if romanized or len(given) <= 1:
        return share / 200
    if given in _COMMON_GIVEN:
        return share / 400
    return share / 20000

