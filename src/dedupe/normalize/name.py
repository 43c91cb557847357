"""Personal names as Chinese customer records hold them.

A name cell may hold a plain name (``张伟``), a name with spaces or in
traditional characters (``張 偉``), a surname with an honorific instead of a
given name (``张先生``, ``王总``, ``小王``, ``老李``), a name followed by a
title, gender or department (``张伟(经理)``, ``张伟总``, ``张伟(男)``,
``张伟-采购部``), a masked name (``张**``, ``王*明``, ``李某``), two people
(``张伟/李娜``), a transliterated minority name (``阿沛·阿旺晋美``), or a
romanized name in either order (``Zhang Wei``, ``WEI Zhang``, ``ZhangWei``,
``Au-Yeung Ka Ming``).  Two helpers read names from elsewhere in a record:
:func:`name_in_nickname` from a display name (吴兵🍀, not 阳光) and
:func:`reading_of_handle` the pinyin a WeChat id spells (wudan615).

:func:`parse_name` splits the cell into surname, given name and honorific and
builds a tone-less pinyin key, surname first, using the *surname* reading of
polyphonic surname characters (曾 zeng, 单 shan, 解 xie, 区 ou, 朴 piao …) from
``data/surnames.csv``; the given name takes pypinyin's reading (a two-character
given name pypinyin knows as a word takes the word's reading: 长江 changjiang).
A compound surname (欧阳, 司马, 尉迟 …) is taken only when the table lists it,
so 张王丽 (a married woman's double surname) stays surname 张.  Traditional
characters are simplified (OpenCC), except that a leading 乾 or 於 stays: as
surnames they are not 干 and 于.

Decisions on untidy cells: titles and honorifics come from
``data/honorifics.csv`` (先生 → M; 女士, 小姐, 太太, 姐 → F); a bare surname, a
surname with an honorific and a masked name are ``honorific_only`` (only the
surname is known); a placeholder (客户, 未知, 匿名, 先生 alone) is no name;
a job title (销售经理) is an honorific too when it follows a full name
(张伟销售经理) or stands apart from the name, in brackets or after a space or
separator (张伟(销售经理), 销售经理 张伟); departments, phone numbers, emoji
and Latin letters (but Mr, Sir …) in a Chinese name are noise; when a cell names several people the first is the contact and the rest
go to ``others``; a name with a dot (or a space where the dot belongs) is kept
whole, its last part standing in for the surname.

Romanized names get the same key from their letters (ü written v, lyu or
lue), so ``Zhang Wei``, ``Wei ZHANG``, ``ZhangWei`` and ``zhang-wei`` all
compare equal with ``张伟``.  The surname follows GB/T 28039-2011 (surname
first, may be in capitals): a comma or a token in capitals marks it; else the
end token that is a known surname reading, the first when both are, unless the
last is a two-syllable surname or a far commoner one (Fang Wang is 王芳).
Cantonese, Wade-Giles and Hokkien spellings of common surnames (Chan, Cheung,
Hsu, Lim …, ``data/surname_romanizations.csv``) give the pinyin surname.

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
>>> n = parse_name("王晓琳锐中网络科技")
>>> n.full, n.company
('王晓琳', '锐中网络科技')
>>> parse_name("华瑞张总").company
'华瑞'
>>> n = parse_name("小王")
>>> n.surname, n.honorific, n.honorific_only
('王', '小', True)
>>> n = parse_name("Wei ZHANG")
>>> n.full, n.surname, n.pinyin, n.romanized
('Zhang Wei', 'zhang', 'zhangwei', True)
>>> n = parse_name("张伟/李娜")
>>> n.full, n.others
('张伟', ('李娜',))
>>> n = parse_name("王*明")
>>> n.full, n.surname, n.honorific_only
('王', '王', True)
>>> parse_name("迪丽热巴・迪力木拉提").full
'迪丽热巴·迪力木拉提'
>>> parse_name("Chan Tai Man").surname, parse_name("Lyu Bu").pinyin
('chen', 'lvbu')
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files

from ._slots import quick_init
from .text import clean, fold, is_blank

__all__ = ["Name", "parse_name", "surname_pinyin", "is_surname", "to_pinyin", "name_share", "gender_of",
           "name_in_nickname", "other_surname", "reading_of_handle"]


@quick_init
@dataclass(frozen=True, slots=True)
class Name:
    """A parsed personal name; see the module docstring.

    ``others`` holds further people named in the same cell (``张伟/李娜`` gives
    ``张伟`` with ``others == ('李娜',)``): the record is about the first.
    ``company`` holds an organisation written into the name, as WeChat remark
    names do (``王晓琳锐中网络科技``, ``佳中刘工``): the record's company when it
    names none elsewhere.
    """

    raw: str
    full: str
    surname: str
    given: str
    pinyin: str
    honorific: str
    gender: str
    honorific_only: bool
    romanized: bool
    others: tuple[str, ...] = ()
    company: str = ""

    @property
    def valid(self) -> bool:
        """True when a surname was found, or the name is romanized with letters."""
        return bool(self.surname) or (self.romanized and bool(self.pinyin))


_EMPTY = Name("", "", "", "", "", "", "", False, False)


def _data(name: str) -> list[dict[str, str]]:
    with (files("dedupe") / "data" / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _load_honorifics() -> dict[str, dict[str, str]]:
    """Words by kind from ``data/honorifics.csv``, each with the gender it implies.

    A ``title`` follows a surname or a full name (张先生, 张伟经理); a ``short``
    one-character title (总, 姐, 工) is taken only after exactly a surname (王总)
    or a full name (张伟总), since 总/姐/哥 also occur in given names; a ``prefix``
    (小, 老) only before a surname; a ``function`` (销售, 采购, 市场部) before a
    title makes a job title (销售经理); a ``placeholder`` names nobody (客户, 未知).
    """
    kinds: dict[str, dict[str, str]] = {"title": {}, "short": {}, "prefix": {}, "function": {}, "placeholder": {}}
    for row in _data("honorifics.csv"):
        kinds[row["kind"]][row["word"]] = row["gender"]
    return kinds


_HONORIFICS = _load_honorifics()
_SUFFIX_TITLES, _SHORT_TITLES = _HONORIFICS["title"], _HONORIFICS["short"]
_PREFIX_HONORIFICS, _PLACEHOLDERS = tuple(_HONORIFICS["prefix"]), frozenset(_HONORIFICS["placeholder"])
_TITLE_ENDS = frozenset(w[-1] for w in (*_SUFFIX_TITLES, *_SHORT_TITLES))
_TITLE_RE = re.compile("(?:" + "|".join(sorted(_SUFFIX_TITLES, key=len, reverse=True)) + ")$")
# 销售经理, 华东区销售总监: a title after job-function words
_FUNCTIONS = "(?:" + "|".join(sorted(_HONORIFICS["function"], key=len, reverse=True)) + ")+"
_JOB_TITLE_RE = re.compile(f"{_FUNCTIONS}(?:{_TITLE_RE.pattern[:-1]})")
_FUNCTION_TAIL_RE = re.compile(f"{_FUNCTIONS}$")
# Department or unit written after a name: 张伟-采购部, 张伟(销售中心)
_DEPT_RE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:部|科|处|中心|组|室|办|事业部|分公司|公司)$")
_DEPT_ENDS = frozenset("部科处心组室办司")
_GENDER_WORDS = {"男": "M", "男性": "M", "女": "F", "女性": "F"}

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")
_PLAIN = re.compile(f"[{_CJK}]+")
_BRACKETS = re.compile(r"[(\[【〔{<《「『][^)\]】〕}>》」』]*[)\]】〕}>》」』]?")
_SEPARATORS = re.compile(r"[-_—–~|/\\,，;；:：、+&]")
# The dot between the parts of a transliterated name, in any of its look-alikes;
# a full stop counts only between two Chinese characters (阿沛.阿旺晋美).
_NAME_DOT = re.compile(f"\\s*[·•・‧∙⋅]\\s*|(?<=[{_CJK}])\\s*\\.\\s*(?=[{_CJK}])")
# A masked given name: 张**, 王*明, 张某, 李某某 (e-commerce exports hide it)
_MASK = re.compile("[*＊×]|(?<=.)某")
# 张伟和李娜: two people joined by a word, taken only when both sides are names
_AND = re.compile(f"([{_CJK}]{{2,4}})[和与及]([{_CJK}]{{2,4}})")
_NOT_NAME = re.compile(f"[^{_CJK}·]")
_LATIN_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_CAMEL = re.compile(r"[A-Z\u00c0-\u00de]?[a-z\u00df-\u00ff]+|[A-Z\u00c0-\u00de]+(?![a-z])")

_ROMAN_HONORIFICS: dict[str, tuple[str, str]] = {
    "mr": ("Mr", "M"), "mister": ("Mr", "M"), "sir": ("Sir", "M"), "mrs": ("Mrs", "F"), "ms": ("Ms", "F"),
    "miss": ("Miss", "F"), "madam": ("Madam", "F"), "dr": ("Dr", ""), "prof": ("Prof", ""),
}
# A word made of pinyin syllables (approximately: initials and finals, not every
# pairing of them is a real syllable), to tell 'Jenny' from 'Jianguo'
_PINYIN_WORD = re.compile(
    "(?:(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    "(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|er"
    "|a|o|e|i|u|v))+")
_ROMAN_PEOPLE = re.compile(r"\s*[/&;]\s*|\s+and\s+", re.IGNORECASE)
_ROMAN_TAIL = re.compile(r"\s[-|]\s|\(")
_ROMAN_FIX = str.maketrans({"ü": "v", "Ü": "v"})
# ü written without the diaeresis: 'lyu' / 'nyu' (passports since 2012), 'lue' /
# 'nue' (there is no such syllable with a plain u, so they can only be lüe / nüe)
_UMLAUT_SPELLINGS = {"lyu": "lv", "nyu": "nv", "lue": "lve", "nue": "nve", "lyue": "lve", "nyue": "nve"}
# Two-syllable surnames that are also ordinary given names (李东方, 张宇文): in
# 'Dongfang Li' they do not outweigh the other end.
_COMPOUNDS_AS_GIVEN = frozenset({"dongfang", "yuwen"})
# Tone marks of pypinyin's phrase readings to the plain letters (ü is v, as in Style.NORMAL)
_TONELESS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")


@dataclass(frozen=True)
class _Surnames:
    readings: dict[str, str]        # surname as written -> its surname reading
    ranks: dict[str, int]           # surname as written -> commonness rank (王 1)
    reading_ranks: dict[str, int]   # reading -> best rank of a surname read so
    compounds: frozenset[str]       # two-character surnames that split a name, as written
    compound_readings: frozenset[str]
    romanizations: dict[str, str]   # Cantonese / Wade-Giles / Hokkien spelling -> pinyin


@lru_cache(maxsize=1)
def _table() -> _Surnames:
    readings: dict[str, str] = {}
    ranks: dict[str, int] = {}
    reading_ranks: dict[str, int] = {}
    split: set[str] = set()
    for row in _data("surnames.csv"):
        rank = int(row["rank"])
        readings[row["surname"]] = row["pinyin"]
        ranks[row["surname"]] = rank
        reading_ranks[row["pinyin"]] = min(rank, reading_ranks.get(row["pinyin"], rank))
        # compounds that split a name: not the historical ones whose first character is a
        # living surname of its own (单于洋 is 单 + 于洋, 宗政华 is 宗 + 政华)
        if row["split"] == "1":
            split.add(row["surname"])
    compounds = frozenset(split)
    romanizations = {row["spelling"]: row["pinyin"] for row in _data("surname_romanizations.csv")}
    return _Surnames(readings, ranks, reading_ranks, compounds, frozenset(readings[s] for s in compounds),
                     romanizations)


def _surname_rank(surname: str) -> int:
    """Commonness rank of a surname as written (王 1); a large number for a non-surname."""
    return _table().ranks.get(surname, 10**6)


def _rank_share(rank: int) -> float:
    """Rough share of the population bearing the surname of this rank (see :func:`name_share`)."""
    if rank <= 20:
        return 0.074 * rank ** -0.6
    return 0.012 * (rank / 20) ** -1.5


def is_surname(text: str) -> bool:
    """True if ``text`` is a surname listed in ``data/surnames.csv``.

    >>> is_surname("欧阳"), is_surname("张"), is_surname("伟")
    (True, True, False)
    """
    return text in _table().readings


@lru_cache(maxsize=8192)
def _char_pinyin(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")[0] if ch.strip() else ""


def _pinyin(text: str) -> str:
    return "".join(_char_pinyin(ch) for ch in text if ch != "·")


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[list[str]]]:
    from pypinyin.constants import PHRASES_DICT

    return PHRASES_DICT


@lru_cache(maxsize=65536)
def _given_pinyin(given: str) -> str:
    """Tone-less pinyin of a given name as pypinyin reads it (``lazy_pinyin``).

    A two-character given name that pypinyin knows as a word takes the word's
    reading (长江 changjiang, where 长 alone is zhang); longer ones go through
    ``lazy_pinyin``'s own segmentation; one character takes its default reading.
    """
    if len(given) == 2:
        phrase = _phrases().get(given)
        if phrase:
            return "".join(r[0] for r in phrase).translate(_TONELESS)
        return _char_pinyin(given[0]) + _char_pinyin(given[1])
    if len(given) > 2:
        from pypinyin import Style, lazy_pinyin

        return "".join(p for part in given.split("·")
                       for p in lazy_pinyin(part, style=Style.NORMAL, errors="ignore"))
    return _char_pinyin(given) if given else ""


def to_pinyin(text: str) -> str:
    """Tone-less lowercase pinyin of ``text``, character by character (default
    readings), ASCII letters and digits kept lower-cased, anything else dropped.

    >>> to_pinyin("字节跳动"), to_pinyin("58同城")
    ('zijietiaodong', '58tongcheng')
    """
    table = _PINYIN_OF
    try:
        return "".join([table[ch] for ch in text])
    except KeyError:  # a character seen for the first time
        for ch in text:
            if ch not in table:
                table[ch] = ch.lower() if ch.isascii() and ch.isalnum() else _char_pinyin(ch) if _HAS_CJK.match(ch) else ""
        return "".join([table[ch] for ch in text])


# to_pinyin's reading of each character met so far (a few thousand at most): a lookup
# per character instead of the tests and the cached call
_PINYIN_OF: dict[str, str] = {}


# a gender column's values (性别: 男 / 女, M / F; 1 / 2 as GB/T 2261.1 codes them) and Salutation's
# Mr. / Ms. / Mrs. / Miss; an honorific (先生, 女士, 太太) says it as a name's does
_GENDER_CELLS = {**_GENDER_WORDS, "m": "M", "male": "M", "man": "M", "1": "M", "mr": "M",
                 "f": "F", "female": "F", "woman": "F", "2": "F", "ms": "F", "mrs": "F", "miss": "F"}


def gender_of(text: object) -> str:
    """The gender a gender column's cell states: ``M``, ``F``, or '' (blank, unknown, other).

    >>> gender_of("男"), gender_of(" Female "), gender_of("女士"), gender_of("Mr."), gender_of("未知")
    ('M', 'F', 'F', 'M', '')
    """
    if text is None or not isinstance(text, str | int):
        return ""
    word = unicodedata.normalize("NFKC", str(text)).strip().lower().rstrip(".")
    return _GENDER_CELLS.get(word) or (_gender_of(word) if word in _SUFFIX_TITLES else "")


# A display name is read as a name only when its surname is among the commonest and it is not
# an everyday word: jieba's dictionary counts 阳光, 简单 and 石头 at least this often, and no
# ordinary person's name.
_WORD_COUNT = 100


@lru_cache(maxsize=1)
def _everyday_words() -> frozenset[str]:
    """Two- to four-character words of jieba's dictionary counted at least ``_WORD_COUNT`` times."""
    import jieba

    words = set()
    with jieba.get_dict_file() as f:
        for line in f:
            word, count, *_ = line.decode("utf-8").split(" ")
            if 2 <= len(word) <= 4 and int(count) >= _WORD_COUNT:
                words.add(word)
    return frozenset(words)


def _nickname_piece(piece: str) -> bool:
    """Whether a run of Chinese characters from a display name is a person's name (吴兵),
    or a familiar form of one (王哥, 老李, 张总)."""
    if not 2 <= len(piece) <= 4:
        return False
    for cut in (1, 2):  # surname + 哥 / 姐 / 总 / 经理 …: only the surname is known, as in 王总
        if cut < len(piece) and is_surname(piece[:cut]) and (
                piece[cut:] in _SHORT_TITLES or piece[cut:] in _SUFFIX_TITLES):
            return True
    if piece[0] in _PREFIX_HONORIFICS and _surname_rank(piece[1:]) <= _COMMON_SURNAME_RANK:
        return True  # 老李, 小王
    n = _split_surname(piece)  # a compound surname (欧阳) is rare but no word's start
    return ((n == 2 or _surname_rank(piece[:n]) <= _COMMON_SURNAME_RANK) and 1 <= len(piece) - n <= 2
            and piece not in _everyday_words())


def name_in_nickname(text: object) -> str:
    """The personal name a display name (a WeChat 昵称, a shop's buyer nickname) spells, or ''.

    Display names are mostly words and wishes (阳光, 一帆风顺, Lucky, 追梦人); some are the
    person's name, decorated (吴兵🍀), romanized (Jia Tang), familiar (王哥, 老李) or after a
    remark (A-建材-廖亮).  A run of Chinese characters counts when it is a surname among the
    200 commonest, or a compound one, with one or two characters after it, and not an
    everyday word (石头, 江南, 马上: jieba's dictionary); or a surname with an honorific.
    Latin letters count when they are two or three pinyin words, one of them a surname's
    reading (Sunny Li is no name: Sunny is not pinyin).  The first such run is the name.

    >>> [name_in_nickname(t) for t in ("吴兵🍀", "阳光", "Jia Tang", "王哥", "Lucky", "A-建材-廖亮", "石头")]
    ['吴兵', '', 'Jia Tang', '王哥', '', '廖亮', '']
    """
    if is_blank(text):
        return ""
    text = clean(str(text))
    if _HAS_CJK.search(text):
        for part in _SEPARATORS.split(text):
            for piece in _NOT_NAME.split(part):
                if _nickname_piece(piece):
                    return piece
        return ""
    tokens = _LATIN_TOKEN.findall(text)
    if not 2 <= len(tokens) <= 3 or not all(_PINYIN_WORD.fullmatch(t.lower()) for t in tokens):
        return ""
    readings = _table().reading_ranks
    return " ".join(tokens) if any(t.lower() in readings for t in tokens) else ""


_HANDLE = re.compile(r"[a-z]+(?:[_.-][a-z]+)?")


def reading_of_handle(text: object) -> tuple[str, str]:
    """The name reading an account handle (a WeChat id) spells in pinyin, in both orders, or
    ('', ''): many ids are the holder's name with digits (wudan615, xiuzhen_liu, linghujian88).

    Taken only when the letters, trailing digits aside, are a known surname's reading and
    whole pinyin syllables, in either order; an initial (liuh1995), an English word (lucky,
    angel) or a generated id (wxid_…) spells none.

    >>> reading_of_handle("wudan615"), reading_of_handle("xiuzhen_liu"), reading_of_handle("linghujian4574")
    (('wudan', 'danwu'), ('liuxiuzhen', 'xiuzhenliu'), ('linghujian', 'jianlinghu'))
    >>> reading_of_handle("liuh1995"), reading_of_handle("lucky2020"), reading_of_handle("wxid_6aro7bg1rcw0")
    (('', ''), ('', ''), ('', ''))
    """
    if is_blank(text):
        return "", ""
    letters = re.sub(r"\d+$", "", str(text).strip().lower()).strip("_.-")
    if len(letters) < 4 or letters.startswith("wxid") or not _HANDLE.fullmatch(letters):
        return "", ""
    n = parse_name(letters)
    given = n.given.replace(" ", "")
    if (not n.romanized or n.surname not in _table().reading_ranks or not given
            or not _PINYIN_WORD.fullmatch(given)):
        return "", ""
    return n.pinyin, given + n.surname


def other_surname(name: Name) -> str:
    """The surname a romanized name of two single-syllable words has if they are in the other
    order, or '': Bo Zhuang is 薄壮, or 庄博 written given name first.

    >>> other_surname(parse_name("Bo Zhuang")), other_surname(parse_name("Zhang Xiaoming"))
    ('zhuang', '')
    >>> other_surname(parse_name("张伟"))
    ''
    """
    given = name.given
    if not name.romanized or not given or given == name.surname or " " in given:
        return ""
    return given if given in _table().reading_ranks else ""


def surname_pinyin(surname: str) -> str:
    """Tone-less pinyin of ``surname`` in its surname reading.

    >>> surname_pinyin("单"), surname_pinyin("尉迟"), surname_pinyin("张")
    ('shan', 'yuchi', 'zhang')
    """
    reading = _table().readings.get(surname)
    return reading if reading is not None else _pinyin(surname)


def parse_name(text: object) -> Name:
    """Parse a personal name cell into a :class:`Name`.

    >>> n = parse_name("张伟(经理)")
    >>> n.full, n.given, n.honorific, n.honorific_only
    ('张伟', '伟', '经理', False)
    >>> parse_name("单田芳").pinyin
    'shantianfang'
    >>> parse_name("张伟/李娜").others
    ('李娜',)
    >>> parse_name(None).valid
    False
    """
    if is_blank(text):
        return _EMPTY
    raw = str(text)
    return _parse(raw)


# Surnames that OpenCC's t2s folds into another surname: 乾 (qian) is not 干 (gan),
# 於 is not 于, although 乾燥 is 干燥 and 於是 is 于是 in running text.
_T2S_SURNAME_KEEP = {"干": "乾", "于": "於"}


@lru_cache(maxsize=65536)
def _parse(raw: str) -> Name:
    text = clean(raw)
    if text[:1] in _T2S_SURNAME_KEEP:
        folded = fold(raw)
        if folded[:1] == _T2S_SURNAME_KEEP[text[0]]:
            text = folded[0] + text[1:]
    if _HAS_CJK.search(text):
        return _parse_chinese(raw, text)
    return _parse_roman(raw, text)


def _split_surname(core: str) -> int:
    """Length of the surname at the start of ``core``: a known compound (欧阳, 司马) when
    something follows it or it stands alone, else one character."""
    return 2 if core[:2] in _table().compounds else 1


def _looks_like_name(word: str) -> bool:
    """A known surname followed by one or two characters: 张伟, 欧阳娜娜, not 华为科技."""
    n = _split_surname(word)
    return word[:n] in _table().readings and 1 <= len(word) - n <= 2 and word not in _SUFFIX_TITLES


_POLITE = frozenset(("先生", "女士", "小姐", "太太", "夫人"))
# the commoner surnames, by the table's rank: the ones 小 and 老 make a familiar name of, and
# the ones a display name read as a name has
_COMMON_SURNAME_RANK = 200


def _strip_titles(core: str) -> tuple[str, str, str]:
    """Remove trailing titles/honorifics (张伟总经理 -> 张伟, 总经理).  Returns (rest, title,
    organisation written before the surname: 佳中刘工 -> 刘, 工, 佳中)."""
    if core[-1:] not in _TITLE_ENDS:  # most names: no title can end here
        return core, "", ""
    m = _TITLE_RE.search(core)
    if m and m.start() > 0:
        rest, title = core[: m.start()], m.group()
        job = _FUNCTION_TAIL_RE.search(rest)  # 张伟销售经理: the job-function words go with the title
        if job and job.start() > 0 and _looks_like_name(rest[: job.start()]):
            return rest[: job.start()], rest[job.start():] + title, ""
    elif len(core) >= 2 and core[-1] in _SHORT_TITLES and (
            _is_surname_only(core[:-1]) or (core[0] in _PREFIX_HONORIFICS and is_surname(core[1:-1]))):
        return core[:-1], core[-1], ""  # 王总, 欧阳总, 小王总
    elif len(core) >= 4 and core[-1] in _SHORT_TITLES and is_surname(core[-2]):
        rest, title = core[:-1], core[-1]
    elif len(core) >= 3 and core[-1] in "总工" and _looks_like_name(core[:-1]):
        return core[:-1], core[-1], ""  # 张伟总, 王晓琳工: a full name and a title
    else:
        return core, "", ""
    # WeChat remark names put the organisation first: 佳中刘工, 益晨宏王经理 -> 刘, 王;
    # but 王晓林经理 is a full name (a very common surname first) and stays whole, as
    # does any full name before 先生 or 女士 (姚晓华先生): nobody calls a firm's 姚 that,
    # and a three-character name whose first character is the commoner surname (姚晓华经理:
    # 姚 ranks 51st, 华 152nd; 华瑞张经理 is a firm's 张)
    whole = _surname_rank(rest[0]) <= 30 or title in _POLITE or (
        len(rest) == 3 and _surname_rank(rest[0]) < _surname_rank(rest[-1]))
    if (len(rest) >= 3 and is_surname(rest[-1]) and rest[:2] not in _table().compounds
            and not (whole and _looks_like_name(rest))):
        return rest[-1], title, rest[:-1]
    return rest, title, ""


def _cut_company_tail(core: str) -> tuple[str, str]:
    """王晓琳锐中网络科技 -> 王晓琳, 锐中网络科技: a WeChat remark name with the company
    written after it.

    Taken only when what follows the name ends in an industry or legal-form word
    with a trade name of two or more characters before it; three-character
    names are tried first (王晓琳|锐中网络科技), then two (王强|科瑞软件).
    """
    if len(core) < 5:
        return core, ""
    n = _split_surname(core)
    if not is_surname(core[:n]):
        return core, ""
    for k in (n + 2, n + 1):
        if _is_company(core[k:]):
            return core[:k], core[k:]
    return core, ""


_looks_like_company: Callable[[str], bool] | None = None  # bound on first use: company.py imports this module


def _is_company(text: str) -> bool:
    global _looks_like_company
    if _looks_like_company is None:
        from .company import looks_like_company

        _looks_like_company = looks_like_company
    return _looks_like_company(text)


def _is_surname_only(text: str) -> bool:
    return len(text) == 1 or text in _table().compounds


def _is_department(word: str) -> bool:
    return word[-1] in _DEPT_ENDS and bool(_DEPT_RE.fullmatch(word)) and not _looks_like_name(word)


def _gender_of(title: str) -> str:
    if not title:
        return ""
    gender = _SUFFIX_TITLES.get(title, _SHORT_TITLES.get(title))
    if gender is None:  # a job title: the title word it ends in
        m = _TITLE_RE.search(title)
        gender = _SUFFIX_TITLES[m.group()] if m else ""
    return gender


def _parse_chinese(raw: str, text: str) -> Name:
    if _PLAIN.fullmatch(text) and "某" not in text:  # most cells: Chinese characters only, nothing to sort out
        return _name_from_core(raw, text, "", "", "", False, [])
    title = latin_title = gender_mark = ""
    # Mr张, 王sir: an English honorific in a Chinese cell
    for tok in _LATIN_TOKEN.findall(text):
        if tok.lower() in _ROMAN_HONORIFICS:
            latin_title, gender_mark = _ROMAN_HONORIFICS[tok.lower()]
            break
    text = _NAME_DOT.sub("·", text)
    # bracketed parts are titles, a gender or departments: keep a title, drop the rest
    for m in _BRACKETS.finditer(text):
        inner = _NOT_NAME.sub("", m.group())
        if inner in _SUFFIX_TITLES or inner in _SHORT_TITLES or _JOB_TITLE_RE.fullmatch(inner):
            title = title or inner
        elif inner in _GENDER_WORDS:
            gender_mark = _GENDER_WORDS[inner]
    unbracketed = _BRACKETS.sub(" ", text)
    # (张伟): a name that is all in brackets is still the name
    text = unbracketed if _HAS_CJK.search(unbracketed) else _NOT_NAME.sub(" ", text)
    # 张伟-采购部, 销售部/张伟, 张伟 总经理, 张伟/李娜: sort the pieces into the name,
    # titles, other people and noise (departments, placeholders, digits)
    pieces: list[list[str]] = []  # the words of each separated part holding Chinese
    masked = False
    for part in _SEPARATORS.split(text):
        words = []
        for w in part.split():
            if _NOT_NAME.sub("", w) in _PLACEHOLDERS:  # 某某, 客户
                continue
            mask = _MASK.search(w)
            if mask:  # 王*明 -> 王: only the surname is known
                w, masked = w[: mask.start()], True
            w = _NOT_NAME.sub("", w).strip("·")
            if not w:
                continue
            if w in _SUFFIX_TITLES or (w in _SHORT_TITLES and (words or pieces)) or _JOB_TITLE_RE.fullmatch(w):
                title = title or w
            elif w in _GENDER_WORDS:
                gender_mark = _GENDER_WORDS[w]
            elif w not in _PLACEHOLDERS:
                words.append(w)
        if words:
            pieces.append([w for w in words if not _is_department(w)] or words[:1])
    # a department is noise unless it is all there is (王科 is a name)
    pieces = [p for p in pieces if not (len(p) == 1 and _is_department(p[0]))] or pieces[:1]
    if not pieces:
        gender = _gender_of(title) or gender_mark
        return Name(raw, "", "", "", "", title or latin_title, gender, False, False)
    others = ["".join(p) for p in pieces[1:] if _looks_like_name("".join(p))]
    # 张伟-华瑞科技: a separate part that reads as a company is the company
    company = next((j for j in ("".join(p) for p in pieces[1:]) if j not in others and _is_company(j)), "")
    words = pieces[0]
    person = _person_after_trade(words) if len(words) > 1 and len(words[0]) >= 2 else 0
    if person:  # 成隆 李雷, 启源鼎 李 静, 海创 张先生: a WeChat remark name, the trade name first
        company = company or "".join(words[:person])
        core = "".join(words[person:])
    elif len(words) > 1 and len(words[0]) >= 2:
        if _looks_like_name(words[0]):
            # 张伟 李娜: two people; 张伟 明 / 欧阳 娜娜: one name typed with a space
            rest = [w for w in words[1:] if len(w) >= 2 and _looks_like_name(w)]
            others[:0] = rest
            core = words[0] + "".join(w for w in words[1:] if w not in rest)
        elif not is_surname(words[0]) and not is_surname(words[0][0]) and all(len(w) >= 2 for w in words):
            core = "·".join(words)  # 阿沛 阿旺晋美: a transliterated name, dot left out
        else:
            core = "".join(words)
    else:
        core = "".join(words)
    mask = _MASK.search(core)  # 司马 某王: the mask starts a word
    if mask:
        core, masked = core[: mask.start()], True
    core = core.strip("·")
    if masked and core and "·" not in core:
        core = core[: _split_surname(core)]
    name = _name_from_core(raw, core, title, latin_title, gender_mark, masked, others)
    return replace(name, company=company) if company and not name.company else name


# the surnames a person's name in a remark is recognized by, whatever comes before it
_PLAIN_SURNAME_RANK = 150


def _person_after_trade(words: list[str]) -> int:
    """Where the person starts in a cell whose first word is a trade name (成隆 李雷, 启源鼎 李 静,
    海创 张先生): the index of that word, or 0 when the first word is the person or no later
    words read as one.

    The later words together must be a name with one of the 150 commonest surnames (or a
    compound one) and one or two characters after it, or any surname with an honorific;
    the first word must not be a name with such a surname (张伟 李娜 is two people, the
    first the contact).
    """
    head = words[0]
    if _looks_like_name(head) and _surname_rank(head[: _split_surname(head)]) <= _PLAIN_SURNAME_RANK:
        return 0
    for k in range(1, len(words)):
        tail = "".join(words[k:])
        n = _split_surname(tail)
        surname, rest = tail[:n], tail[n:]
        if not is_surname(surname):
            continue
        if rest in _SUFFIX_TITLES or rest in _SHORT_TITLES:
            return k
        if 1 <= len(rest) <= 2 and (n == 2 or _surname_rank(surname) <= _PLAIN_SURNAME_RANK):
            return k
    return 0


def _name_from_core(raw: str, core: str, title: str, latin_title: str, gender_mark: str, masked: bool,
                    others: list[str]) -> Name:
    """The name once the cell is reduced to Chinese characters (and name dots)."""
    if len(core) >= 5:
        both = _AND.fullmatch(core)
        if both and _looks_like_name(both.group(1)) and _looks_like_name(both.group(2)):
            core, others = both.group(1), [both.group(2), *others]
    core, company = _cut_company_tail(core)
    core, suffix, org = _strip_titles(core)
    company = company or org
    if suffix:
        title = suffix
    while suffix:  # 张伟经理先生, 王总总: every title goes, the last written is kept
        core, suffix, org = _strip_titles(core)
        company = company or org
    core = core.strip("·")
    if core in _SUFFIX_TITLES or core in _PLACEHOLDERS:  # '先生' alone: an honorific without a surname
        title = title or (core if core in _SUFFIX_TITLES else "")
        return Name(raw, "", "", "", "", title or latin_title, _gender_of(title) or gender_mark, False, False)
    gender = _gender_of(title) or gender_mark
    prefix = ""
    # 小王, 老李: only before one of the commoner surnames (小明, 小强 and 小燕 are given names,
    # although 明, 强 and 燕 are surnames too)
    if len(core) == 2 and core[0] in _PREFIX_HONORIFICS and _surname_rank(core[1]) <= _COMMON_SURNAME_RANK:
        prefix, core = core[0], core[1:]
    if "·" in core:
        # transliterated minority or foreign name: kept whole; the last part stands in
        # for the surname (a convention: 阿沛·阿旺晋美 puts the house name first)
        pieces_ = core.split("·")
        surname, given = pieces_[-1], "·".join(pieces_[:-1])
        key = _given_pinyin(core) if len(core) > 2 else _pinyin(core)
    else:
        n = _split_surname(core)
        surname, given = core[:n], core[n:]
        key = surname_pinyin(surname) + _given_pinyin(given)
    honorific = title or prefix or latin_title
    # a bare surname (王, 欧阳, 张**) says no more than 王先生 does
    only = bool(surname) and not given and (bool(honorific) or masked or is_surname(surname))
    return Name(raw, core, surname, given, key, honorific, gender, only, False, tuple(others), company)


def _roman_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for word in _LATIN_TOKEN.findall(text):
        if word.isupper() or word.islower():
            tokens.append(word)
        else:
            tokens.extend(_CAMEL.findall(word) or [word])
    return tokens


def _parse_roman(raw: str, text: str) -> Name:
    # 'Zhang Wei / Li Na', 'Zhang Wei & Li Na': two people, the first is the contact
    first_person, *more = _ROMAN_PEOPLE.split(text)
    others = tuple(o.full for o in map(_parse, more) if o.romanized and o.surname and " " in o.full)
    # a dept or title after a separator: 'Zhang Wei - Sales'
    head, *rest = _ROMAN_TAIL.split(first_person)[0].split(",")
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
    t = _table()
    ranks, roman = t.reading_ranks, t.romanizations
    lowered = [_UMLAUT_SPELLINGS.get(w.lower(), w.lower()) for w in tokens]
    # join split compound surnames: 'Ou Yang' / 'Au Yeung' at either end
    for i in (0, len(lowered) - 2) if len(lowered) >= 3 else ():
        pair = roman.get(lowered[i] + lowered[i + 1], lowered[i] + lowered[i + 1])
        if pair in t.compound_readings:
            lowered[i : i + 2] = [lowered[i] + lowered[i + 1]]
            tokens[i : i + 2] = [tokens[i] + tokens[i + 1]]
            break
    # surname readings: pinyin as written, else a Cantonese / Wade-Giles spelling (Chan = chen)
    reading = [w if w in ranks else roman.get(w, w) for w in lowered]

    def rank(i: int) -> int:
        return ranks.get(reading[i], 10**6)

    if len(lowered) == 1:
        word = reading[0]
        # 'zhangwei': a known surname prefix; 'zhang' alone with Mr -> honorific only
        surname = word if word in ranks else next(
            (word[:k] for k in range(min(len(word) - 1, 9), 0, -1) if word[:k] in ranks), "")
        title = tokens[0].capitalize()
        only = bool(honorific) and surname == word
        return Name(raw, title, surname, "" if only else word[len(surname):], word, honorific, gender, only, True)
    s = _surname_position(tokens, reading, rank, surname_first)
    order = [s] + [i for i in range(len(lowered)) if i != s]
    written = [tokens[i].capitalize() for i in order]
    if _surname_position(written, [reading[i] for i in order], lambda i: rank(order[i]), False) != 0:
        written[0] = written[0].upper()  # 'WEI Zhang' stays WEI Zhang, so that it reads back the same
    full = " ".join(written)
    given = "".join(lowered[i] for i in order[1:])
    return Name(raw, full, reading[s], given, reading[s] + given, honorific, gender, False, True, others)


def _surname_position(tokens: list[str], reading: list[str], rank: Callable[[int], int], surname_first: bool) -> int:
    """Which token is the surname: an end one, unless a token in capitals or an
    English given name first (Jenny Li Na) puts it elsewhere.

    GB/T 28039-2011 (the national rule for writing Chinese names in pinyin) puts
    the surname first and allows it in capitals (ZHANG Wei); English-language
    lists often put it last (Wei Zhang).  So: a comma means surname first; a
    token in capitals wins; else a known surname reading, the first when both
    ends are one, unless the last is a two-syllable surname (Liang Zhuge) or a
    far commoner one (Fang Wang: 王 is about twenty times as common as 方, more
    than the order convention weighs).
    """
    first, last = 0, len(tokens) - 1
    if surname_first:
        return first
    caps = [i for i, t in enumerate(tokens) if t.isupper() and len(t) > 1 and not all(t.isupper() for t in tokens)]
    if len(caps) == 1:
        return caps[0]
    known_first, known_last = rank(first) < 10**6, rank(last) < 10**6
    # Jenny Li Na: an English given name, then the Chinese name surname first
    if len(tokens) >= 3 and not known_first and not _PINYIN_WORD.fullmatch(reading[first]) and rank(1) < 10**6:
        return 1
    if known_first and known_last:
        compound = [i for i in (first, last)
                    if reading[i] in _table().compound_readings and reading[i] not in _COMPOUNDS_AS_GIVEN]
        if len(compound) == 1:
            return compound[0]
        return last if _rank_share(rank(last)) > 3 * _rank_share(rank(first)) else first
    if known_last:
        return last
    return first


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
    ranks = _table().reading_ranks  # by reading: a rare homophone (章) counts as common as 张, erring safe
    rank = ranks.get(surname.lower() if romanized else surname_pinyin(surname), 0) if surname else 0
    share = _rank_share(rank) if rank else 1e-4
    if romanized or len(given) <= 1:
        return share / 200
    if given in _COMMON_GIVEN:
        return share / 400
    return share / 20000

