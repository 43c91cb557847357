"""China's administrative divisions, loaded once, for the address and phone parsers.

``data/divisions.csv`` lists every province, prefecture-level city and county
(区/县/县级市/旗) with its 6-digit adcode, plus the towns of the four
prefecture-level cities that have no counties (东莞, 中山, 儋州, 嘉峪关).
``data/division_renames.csv`` maps well-known former names (襄樊市, 崇文区,
铜仁地区 …) to the division that replaced them.

Every division is known by its full name and, where it is safe, a short name
(广东省→广东, 黔南布依族苗族自治州→黔南, 南山区→南山).  A short county name
is only used when it has at least two characters; one that is a common word
(和平, 新华, 南山, 鼓楼 …) is a *weak* reading, which the address parser uses
only right after its own city.  州 and 洲 typed for one another (杭洲) are
read too.

``data/towns.csv`` lists the 街道/镇/乡/苏木 of every county (:func:`towns`),
so that a town written without its county can settle it.  :func:`abbreviation`
reads first-character forms (浙省, 杭市, 滨区) and :func:`homophone` typos that
sound right (肖山区 → 萧山区), both only inside a province or city already known.

>>> province_of("深圳")
'广东省'
>>> city_of("南山区"), city_of("海淀")
('', '北京市')
>>> short_name("广西壮族自治区"), short_name("黔南布依族苗族自治州"), short_name("长阳土家族自治县")
('广西', '黔南', '长阳')
>>> city_short("深圳市"), city_short("黔南布依族苗族自治州")
('深圳', '黔南')
>>> names_of("440305")
('广东省', '深圳市', '南山区')
>>> [(d.city, d.district) for d in lookup("朝阳区")]
[('北京市', '朝阳区'), ('长春市', '朝阳区')]
>>> [d.name for d in lookup("襄樊")]
['襄阳市']
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from .text import to_simplified

__all__ = [
    "Division", "Rename", "MUNICIPALITIES", "divisions", "renames", "lookup", "by_adcode", "names_of",
    "short_name", "province_of", "city_of", "city_full", "city_short", "province_short",
    "towns", "TownIndex", "abbreviation", "homophone", "latin_places",
]

MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_DEPTH = {"province": 1, "city": 2, "district": 3, "town": 4}

# 55 minority nationalities (and 各族), longest first, as they appear in the names of autonomous areas
_ETHNIC = sorted(
    "壮 回 满 维吾尔 苗 彝 土家 藏 蒙古 侗 布依 瑶 白 朝鲜 哈尼 黎 哈萨克 傣 畲 傈僳 东乡 仡佬 拉祜 佤 水 纳西 "
    "羌 土 仫佬 锡伯 柯尔克孜 景颇 达斡尔 撒拉 布朗 毛南 塔吉克 普米 阿昌 怒 鄂温克 京 基诺 德昂 保安 俄罗斯 "
    "裕固 乌孜别克 门巴 鄂伦春 独龙 赫哲 高山 珞巴 塔塔尔 各".split(),
    key=len, reverse=True,
)
_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:(?:" + "|".join(_ETHNIC) + r")族?)+$")
_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "新区", "林区", "特区", "街道",
    "省", "市", "区", "县", "盟", "镇", "乡",
)
# Short county names that are ordinary words or road names; the full name is still matched.
_COMMON = frozenset(
    "市中 城中 城关 城区 郊区 矿区 新区 新城 新市 新华 和平 太平 向阳 安定 河东 河西 河北 市南 市北 城东 城西 "
    "城北 桥东 桥西 路南 路北 东风 前进 红旗 解放 工农 友好 爱民 振兴 光明 平安 永安 复兴 长安 江南 江北 南岸 "
    "海南 港口 永和 中和 中正 信义 仁和 天山 西山 青山 白云 平山 红山 大观 大通 江海 山上 清水 将军 北门 石门 "
    "桃园 大树 三民 前锋 城厢 海港 建华 建安 兴安 二道 站前 老城 上街 中站 西市 八里 万里 天心 山城 北关 文峰 "
    "卧龙 古城 大社 新社 平川 安居 东兴 前金 六甲 钟山 新兴 中山 鼓楼 大安 铁西 铁东 通州 松山 海州 西安 东山 "
    "宝山 大同 普陀 金山 西湖 永定 泰山 龙华 阿里 滨海 开发 高新 经济 工业 中心 人民 建设 胜利 先锋 东区 西区 "
    "南区 北区 中区 团结 民主 幸福 新村 白塔 龙城 龙山 龙港 龙潭 红岗 连山 站前 双桥 运河 元宝 金台 金川 "
    "东湖 月湖 新建 江城 江州 海城 云城 华容 城阳 河口 平桥 湖滨 湖里 山亭 东港 大丰 上党 华龙 七星 象山 "
    "朝天 东坡 广安 南山 南海 东昌 青原 花山 双清 城关 黄龙".split()
)
_NO_SHORT_PREFIXES = ("71", "81", "82")  # Taiwan, Hong Kong, Macao county names stay full
_ZHOU_SWAP = str.maketrans("州洲", "洲州")
# short city names that are also words: read only after their province (西藏阿里)
_COMMON_CITY = frozenset({"阿里"})
# everyday short names that short_name() does not derive: 内蒙, and the usual contractions of
# long county and banner names (喀左县 for 喀喇沁左翼蒙古族自治县, 达茂旗 for 达尔罕茂明安联合旗)
_ALIASES = {
    "内蒙": "内蒙古自治区",
    "喀左县": "喀喇沁左翼蒙古族自治县", "阜蒙县": "阜新蒙古族自治县", "前郭县": "前郭尔罗斯蒙古族自治县",
    "杜蒙县": "杜尔伯特蒙古族自治县", "塔县": "塔什库尔干塔吉克自治县", "察县": "察布查尔锡伯自治县",
    "科左中旗": "科尔沁左翼中旗", "科左后旗": "科尔沁左翼后旗", "科右前旗": "科尔沁右翼前旗",
    "科右中旗": "科尔沁右翼中旗", "达茂旗": "达尔罕茂明安联合旗", "土右旗": "土默特右旗", "土左旗": "土默特左旗",
    "察右前旗": "察哈尔右翼前旗", "察右中旗": "察哈尔右翼中旗", "察右后旗": "察哈尔右翼后旗",
    "鄂前旗": "鄂托克前旗", "乌前旗": "乌拉特前旗", "乌中旗": "乌拉特中旗", "乌后旗": "乌拉特后旗",
    "伊旗": "伊金霍洛旗", "准旗": "准格尔旗", "莫旗": "莫力达瓦达斡尔族自治旗", "新左旗": "新巴尔虎左旗",
    "新右旗": "新巴尔虎右旗", "陈旗": "陈巴尔虎旗", "东乌旗": "东乌珠穆沁旗", "西乌旗": "西乌珠穆沁旗",
    "阿左旗": "阿拉善左旗", "阿右旗": "阿拉善右旗",
}


@dataclass(frozen=True, slots=True)
class Division:
    """One row of ``divisions.csv``; ``district`` holds the town for ``level == 'town'``."""

    adcode: str
    level: str
    province: str
    city: str
    district: str
    depth: int = field(init=False, repr=False, compare=False)  # 1 province, 2 city, 3 county, 4 town

    def __post_init__(self) -> None:
        object.__setattr__(self, "depth", _DEPTH[self.level])

    def __eq__(self, other: object) -> bool:
        # the generated __eq__ with the adcode compared first: the parsers test a division
        # against a handful of others (`in chosen.values()`), which nearly always differ there
        if other.__class__ is not self.__class__:
            return NotImplemented
        o: Division = other  # type: ignore[assignment]
        return self is o or (self.adcode == o.adcode and self.level == o.level and self.province == o.province
                             and self.city == o.city and self.district == o.district)

    @property
    def name(self) -> str:
        return self.district or self.city or self.province


@dataclass(frozen=True, slots=True)
class Rename:
    """A former division name and the current division that replaced it."""

    old: str
    new_province: str
    new_city: str
    new_district: str
    note: str


@dataclass(frozen=True, slots=True)
class Match:
    """One way a name can be read: the division, and whether it was a short or former name.

    ``weak`` marks a short county name that is also a common word or road name (南山, 鼓楼,
    普陀): it is read only right after its own city (深圳南山), never on its own; and a
    short city name that is a word (阿里) only after its province.
    """

    division: Division
    short: bool
    old: bool
    weak: bool = False


def _read(name: str) -> list[dict[str, str]]:
    text = (files("dedupe") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every usable division of ``divisions.csv`` (read once).

    >>> len(divisions()) > 3000
    True
    """
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for row in _read("divisions.csv"):
        d = Division(row["adcode"], row["level"], row["province"], row["city"], row["district"])
        if d.province == "苏鲁交界" or d.district.endswith("直辖"):
            continue
        ident = (d.level, d.province, d.city, d.district)
        if ident in seen:  # 重庆市 is listed twice as a city (市辖区 500100 and 县 500200)
            continue
        seen.add(ident)
        out.append(d)
    return tuple(out)


@lru_cache(maxsize=1)
def renames() -> tuple[Rename, ...]:
    """The former names of ``division_renames.csv``.

    >>> next(r for r in renames() if r.old == "莱芜市").new_district
    '莱芜区'
    """
    return tuple(Rename(**row) for row in _read("division_renames.csv"))


def short_name(name: str) -> str:
    """The name without its level suffix and nationalities; ``''`` when that leaves
    fewer than two characters.

    >>> short_name("广东省"), short_name("内蒙古自治区"), short_name("南山区"), short_name("沛县")
    ('广东', '内蒙古', '南山', '')
    """
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治") or suffix == "特别行政区" or "族" in stem:
                m = _AUTONOMOUS.match(stem)
                if m:
                    stem = m.group(1)
            return stem if len(stem) >= 2 else ""
    return ""


def _short_for(d: Division, weak: bool = False) -> str:
    """The short name of ``d``; with ``weak``, the short county names left out as common words."""
    name = d.name
    if d.level == "district":
        if d.adcode.startswith(_NO_SHORT_PREFIXES) or (name.endswith("旗") and "自治" not in name):
            return ""
        short = short_name(name)
        return short if (short in _COMMON) == weak else ""
    if weak:
        short = short_name(name)
        if d.level == "town":  # 东莞长安: 长安镇, read only after 东莞
            return short if short in _COMMON else ""
        return short if d.level == "city" and short in _COMMON_CITY else ""
    if d.level == "town":
        short = short_name(name)
        return "" if short in _COMMON else short
    if d.level == "city" and (d.adcode.startswith(("81", "82")) or short_name(name) in _COMMON_CITY):
        return ""  # Hong Kong's 18 districts; 阿里 (阿里巴巴)
    return short_name(name)


@dataclass(frozen=True, slots=True)
class _Index:
    names: dict[str, tuple[Match, ...]]
    heads: dict[str, tuple[int, ...]]  # first two characters -> name lengths, longest first
    adcodes: dict[str, Division]
    triples: dict[tuple[str, str, str], Division]


@lru_cache(maxsize=1)
def _index() -> _Index:
    names: dict[str, list[Match]] = {}

    def add(name: str, match: Match) -> None:
        if len(name) < 2:
            return
        lst = names.setdefault(name, [])
        if all(m.division != match.division for m in lst):
            lst.append(match)

    triples: dict[tuple[str, str, str], Division] = {}
    adcodes: dict[str, Division] = {}
    for d in divisions():
        triples.setdefault((d.province, d.city, d.district), d)
        if d.level != "town":
            adcodes.setdefault(d.adcode, d)
    for d in divisions():  # full names first so that they win in the candidate order
        add(d.name, Match(d, False, False))
    for d in divisions():
        short = _short_for(d)
        if short:
            add(short, Match(d, True, False))
    for d in divisions():
        short = _short_for(d, weak=True)
        if short:
            add(short, Match(d, True, False, True))
    for r in renames():
        d = triples.get((r.new_province, r.new_city, r.new_district))
        if d is None:
            continue
        add(r.old, Match(d, False, True))
        short = short_name(r.old)
        if short and short not in _COMMON:
            add(short, Match(d, True, True))
    for alias, full in _ALIASES.items():
        for d in divisions():
            if d.level in ("province", "district") and d.name == full:
                add(alias, Match(d, True, False))
                if alias.endswith("县") and len(alias) > 2:
                    add(alias[:-1], Match(d, True, False))  # 喀左 without its 县
    # clean() runs OpenCC t2s, which also rewrites some place names (乾安县 -> 干安县): index those forms too
    for name, lst in list(names.items()):
        folded = to_simplified(name)
        if folded != name:
            for m in lst:
                add(folded, m)
    # 州 and 洲 are swapped by writers (杭洲, 温洲, 株州): read the other spelling when it is no name itself
    for name, lst in list(names.items()):
        if ("州" in name or "洲" in name) and all(m.division.depth <= 3 for m in lst):
            swapped = name.translate(_ZHOU_SWAP)
            if swapped not in names:
                for m in lst:
                    add(swapped, m)
    heads: dict[str, set[int]] = {}
    for name in names:
        heads.setdefault(name[:2], set()).add(len(name))
    return _Index(
        {k: tuple(v) for k, v in names.items()},
        {k: tuple(sorted(v, reverse=True)) for k, v in heads.items()},
        adcodes,
        triples,
    )


def matches(name: str) -> tuple[Match, ...]:
    """Every reading of ``name`` (full, short or former), full names first; weak
    readings (see :class:`Match`) included."""
    return _index().names.get(name, ())


def lookup(name: str) -> tuple[Division, ...]:
    """The current divisions that ``name`` (full, short or former) may mean.

    >>> [d.adcode for d in lookup("海淀区")], [d.name for d in lookup("崇文区")]
    (['110108'], ['东城区'])
    >>> lookup("南山")  # a common word: read only after its city (深圳南山)
    ()
    """
    return tuple(m.division for m in matches(name.strip()) if not m.weak)


def by_adcode(adcode: str) -> Division | None:
    """The province, city or county with this 6-digit code.

    >>> by_adcode("441900").city
    '东莞市'
    """
    return _index().adcodes.get(str(adcode).strip())


def names_of(adcode: str) -> tuple[str, str, str]:
    """``(province, city, district)`` of an adcode, ``('', '', '')`` if unknown;
    a municipality's city is the municipality.

    >>> names_of("110000"), names_of("999999")
    (('北京市', '北京市', ''), ('', '', ''))
    """
    d = by_adcode(adcode)
    if d is None:
        return ("", "", "")
    city = d.city or (d.province if d.province in MUNICIPALITIES else "")
    return (d.province, city, d.district)


def _unique(values: set[str]) -> str:
    values.discard("")
    return values.pop() if len(values) == 1 else ""


def province_of(name: str) -> str:
    """The province of a province, city or county name when all its readings agree.

    >>> province_of("广东"), province_of("朝阳区"), province_of("鼓楼区")
    ('广东省', '', '')
    """
    return _unique({d.province for d in lookup(name)})


def city_of(name: str) -> str:
    """The city of a city or county name when all its readings agree
    (municipalities: the municipality).

    >>> city_of("宝安"), city_of("北京"), city_of("虎门镇")
    ('深圳市', '北京市', '东莞市')
    """
    out = set()
    for d in lookup(name):
        if d.level == "province":
            if d.province in MUNICIPALITIES:
                out.add(d.province)
            continue
        out.add(d.city)
    return _unique(out)


def city_full(name: str) -> str:
    """The official name of a city given in full or short form ('' if not a city).

    >>> city_full("深圳"), city_full("黔南州"), city_full("上海")
    ('深圳市', '黔南布依族苗族自治州', '上海市')
    """
    name = name.strip()
    cands = {d.city or d.province for d in lookup(name) if d.level == "city"}
    if not cands:
        for suffix in ("州", "地区", "盟", "市"):
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                cands = {d.city for d in lookup(name[: -len(suffix)]) if d.level == "city"}
                break
    return _unique(cands)


def city_short(name: str) -> str:
    """Short form of a city name (full or short input).

    >>> city_short("深圳市"), city_short("黔南"), city_short("北京")
    ('深圳', '黔南', '北京')
    """
    full = city_full(name) or name
    return short_name(full) or full


def province_short(name: str) -> str:
    """Short form of a province name.

    >>> province_short("新疆维吾尔自治区"), province_short("香港特别行政区")
    ('新疆', '香港')
    """
    full = _unique({d.province for d in lookup(name) if d.level == "province"}) or name
    return short_name(full) or full


# --- towns (街道, 镇, 乡, 苏木) ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TownIndex:
    """Town names (full, and short where at least two characters are left and the short
    form is not a common word) to the counties that have a town of that name; a town of a
    county-less city (东莞, 中山, 儋州, 嘉峪关) maps to its own ``town`` row."""

    names: dict[str, tuple[tuple[Division, bool], ...]]  # name -> ((county, short), ...)
    heads: dict[str, tuple[int, ...]]  # first two characters -> name lengths, longest first


@lru_cache(maxsize=1)
def towns() -> TownIndex:
    """``data/towns.csv`` (read once) as a :class:`TownIndex`: town name (full, or short) -> its
    ``(county, short)`` readings, and the name lengths by first two characters.

    >>> [(d.city, d.district) for d, short in towns().names["瓶窑镇"]]
    [('杭州市', '余杭区')]
    >>> [d.district for d, short in towns().names["瓶窑"]], towns().names["瓶窑"][0][1]
    (['余杭区'], True)
    """
    ix = _index()
    names: dict[str, list[tuple[Division, bool]]] = {}
    rows = [(ix.adcodes.get(row["adcode"]), row["towns"].split()) for row in _read("towns.csv")]
    # the towns of the county-less cities (东莞 …) stand for themselves
    rows += [(d, [d.district]) for d in divisions() if d.level == "town"]
    for county, town_names in rows:
        if county is None:
            continue
        for town in town_names:
            cut = 2 if town.endswith(("街道", "苏木")) else 1 if town[-1] in "镇乡" else 0
            stem = town[:-cut] if cut else ""
            for name, short in ((town, False), (stem, True)):
                if len(name) < 2 or (short and name in _COMMON):
                    continue
                lst = names.get(name)
                if lst is None:
                    names[name] = [(county, short)]
                elif lst[-1][0] is not county:  # a county's towns come together
                    lst.append((county, short))
    heads: dict[str, set[int]] = {}
    for name in names:
        heads.setdefault(name[:2], set()).add(len(name))
    return TownIndex(
        {k: tuple(v) for k, v in names.items()},
        {k: tuple(sorted(v, reverse=True)) for k, v in heads.items()},
    )


# --- first character and level: 浙省, 杭市, 滨区 ----------------------------------------------
# the official one-character abbreviations of the provinces (简称)
_PROVINCE_CHARS = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省", "晋": "山西省",
    "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省", "浙": "浙江省", "皖": "安徽省",
    "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省",
    "粤": "广东省", "琼": "海南省", "川": "四川省", "蜀": "四川省", "贵": "贵州省", "黔": "贵州省",
    "云": "云南省", "滇": "云南省", "陕": "陕西省", "秦": "陕西省", "甘": "甘肃省", "陇": "甘肃省",
    "青": "青海省", "台": "台湾省",
}


@lru_cache(maxsize=1)
def _abbreviations() -> dict[tuple[str, str, str], tuple[Division, ...]]:
    """(parent, first character, level character) -> divisions: ('', '浙', '省'),
    ('浙江省', '杭', '市'), ('', '杭', '市'), ('杭州市', '滨', '区')."""
    out: dict[tuple[str, str, str], list[Division]] = {}
    for d in divisions():
        name = d.name
        if d.level == "province" and name.endswith("省"):
            keys = [("", name[0], "省")]
        elif d.level == "city" and name.endswith("市"):
            keys = [(d.province, name[0], "市"), ("", name[0], "市")]
        elif d.level == "district" and name[-1] in "区县" and len(name) > 2:
            keys = [(d.city, name[0], name[-1])]
        else:
            continue
        for key in keys:
            out.setdefault(key, []).append(d)
    for char, province in _PROVINCE_CHARS.items():
        d = next(x for x in divisions() if x.level == "province" and x.province == province)
        out[("", char, "省")] = [d]
    return {k: tuple(v) for k, v in out.items()}


def abbreviation(text: str, parent: str = "") -> Division | None:
    """The division a first-character form such as 浙省, 杭市 or 滨区 stands for
    inside ``parent`` (a province for 市, a city for 区/县; '' for 省 and for a city
    named across the country), when exactly one fits.

    >>> abbreviation("浙省").province, abbreviation("杭市").city, abbreviation("滨区", "杭州市").district
    ('浙江省', '杭州市', '滨江区')
    >>> abbreviation("宁市") is None, abbreviation("滨区") is None
    (True, True)
    """
    if len(text) != 2:
        return None
    found = _abbreviations().get((parent, text[0], text[1]), ())
    return found[0] if len(found) == 1 else None


# --- homophone typos: 肖山区 for 萧山区 -------------------------------------------------------
@lru_cache(maxsize=1)
def _readings() -> dict[tuple[str, str, str], tuple[Division, ...]]:
    """(parent, tone-less reading of the short name, level character) -> divisions."""
    from pypinyin import lazy_pinyin  # only needed for this fallback

    out: dict[tuple[str, str, str], list[Division]] = {}
    for d in divisions():
        if d.level == "city" and d.name.endswith("市"):
            parent = d.province
        elif d.level == "district" and d.name[-1] in "区县市":
            parent = d.city
        else:
            continue
        short = short_name(d.name)
        if len(short) == 2:
            out.setdefault((parent, " ".join(lazy_pinyin(short)), d.name[-1]), []).append(d)
    return {k: tuple(v) for k, v in out.items()}


def homophone(text: str, parent: str) -> Division | None:
    """The one division inside ``parent`` (a province for a city, a city for a county)
    whose name sounds like ``text``, a two-character name and its level (肖山区 in 杭州市
    is 萧山区); None when there is none or several.

    >>> homophone("肖山区", "杭州市").district, homophone("义屋市", "金华市").district
    ('萧山区', '义乌市')
    >>> homophone("肖山区", "宁波市") is None
    True
    """
    if len(text) != 3 or not parent:
        return None
    from pypinyin import lazy_pinyin

    found = _readings().get((parent, " ".join(lazy_pinyin(text[:2])), text[2]), ())
    return found[0] if len(found) == 1 else None


# --- places written in pinyin or English: 'Nanshan District, Shenzhen, Guangdong' ------------
# words that only say what level a place is, or that the country is China
_LATIN_LEVEL = frozenset("province sheng city shi district qu county xian prefecture municipality autonomous region "
                         "new area china prc".split())
# a place name followed by these is a road or a building named after it (Nanjing Road, Beijing Lu)
_LATIN_ROAD = frozenset("road rd street st avenue ave lu jie dadao lane alley xiang hutong bridge plaza square "
                        "building tower mansion garden center centre park".split())
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")  # (Xi'an)
# a level word after a place name (, Nanshan District; Guangdong Province.)
_LATIN_LEVEL_AFTER = re.compile(r"[\s,]*(?:" + "|".join(sorted(_LATIN_LEVEL, key=len, reverse=True)) + r")\b\.?", re.I)
# English names that are not the pinyin of the short name, and pinyin that the short name shares
_LATIN_NAMES = {"shaanxi": "陕西省", "shanxi": "山西省", "innermongolia": "内蒙古自治区", "tibet": "西藏自治区",
                "hongkong": "香港特别行政区", "macau": "澳门特别行政区", "macao": "澳门特别行政区", "peking": "北京市",
                "canton": "广州市", "harbin": "哈尔滨市", "urumqi": "乌鲁木齐市", "hohhot": "呼和浩特市", "lhasa": "拉萨市",
                "kashgar": "喀什地区", "ordos": "鄂尔多斯市", "hulunbuir": "呼伦贝尔市", "shigatse": "日喀则市"}


@lru_cache(maxsize=1)
def _latin_index() -> tuple[dict[str, tuple[Division, ...]], dict[tuple[str, str], tuple[Division, ...]]]:
    """Tone-less pinyin of each province's and city's short name (guangdong, shenzhen) -> those
    divisions; (city, pinyin of a county's short name) -> its counties (深圳市, nanshan)."""
    from itertools import product

    from pypinyin import Style, pinyin

    top: dict[str, list[Division]] = {}
    county: dict[tuple[str, str], list[Division]] = {}
    for d in divisions():
        if d.level not in ("province", "city", "district"):
            continue
        # every reading of a polyphonic character: 朝阳 is Chaoyang, not the dictionary's zhaoyang
        readings = {"".join(r) for r in product(*pinyin(short_name(d.name), style=Style.NORMAL, heteronym=True))}
        for reading in sorted(readings)[:16]:
            if d.level == "district":
                county.setdefault((d.city, reading), []).append(d)
            elif d not in top.get(reading, []):
                top.setdefault(reading, []).append(d)
    for word, name in _LATIN_NAMES.items():
        top[word] = [d for d in divisions() if d.level in ("province", "city") and d.name == name]
    return {k: tuple(v) for k, v in top.items()}, {k: tuple(v) for k, v in county.items()}


def latin_places(text: str) -> tuple[str, str]:
    """The divisions an address written in pinyin or English names, as Chinese names, and the
    rest of it: ('广东省 深圳市 南山区', 'Room 501, No. 18 Keyuan Road').  Places are read from
    the end (English writes the smallest first); a name that is also a city's but is followed
    by Road or Street is a road; a reading that two cities share (Suzhou: 苏州 and 宿州) counts
    only inside its province.  ('', text) when it names no province or city.

    >>> latin_places("Room 501, No. 18 Keyuan Road, Nanshan District, Shenzhen, Guangdong")
    ('广东省 深圳市 南山区', 'Room 501, No. 18 Keyuan Road')
    >>> latin_places("88 Nanjing Road, Huangpu District, Shanghai 200001")
    ('上海市 上海市 黄浦区', '88 Nanjing Road, 200001')
    >>> latin_places("Suzhou"), latin_places("Suzhou, Jiangsu Province")[0]
    (('', 'Suzhou'), '江苏省 苏州市')
    """
    top, county = _latin_index()
    words = [(m.start(), m.end(), m.group().lower().replace("'", "").replace("’", ""))
             for m in _LATIN_WORD.finditer(text)]
    used: list[tuple[int, int]] = []
    found: list[tuple[int, int, tuple[Division, ...]]] = []
    for i in range(len(words)):
        for n in (3, 2, 1):  # Inner Mongolia, Hong Kong, Xi an: the longest name first
            if i + n > len(words):
                continue
            key = "".join(w for _, _, w in words[i:i + n])
            if key in top and not (i + n < len(words) and words[i + n][2] in _LATIN_ROAD):
                found.append((words[i][0], words[i + n - 1][1], top[key]))
                break
    provinces = {d.province for _, _, ds in found for d in ds if d.level == "province"}
    province = city = ""
    for start, end, ds in reversed(found):  # the largest place is written last
        level = [d for d in ds if d.level == "province" and (not province or d.province == province)]
        if len(level) == 1:
            province = level[0].province
            used.append((start, end))
            continue
        cities = [d for d in ds if d.level == "city" and (d.province in provinces or len(ds) == 1)]
        if not city and len({d.city for d in cities}) == 1 and (not province or cities[0].province == province):
            city, province = cities[0].city, cities[0].province
            used.append((start, end))
    if not city and not province:
        return "", text
    if not city and province in MUNICIPALITIES:
        city = province
    district = ""
    if city:
        for i, (start, end, w) in enumerate(words):
            ds = county.get((city, w), ()) if (start, end) not in used else ()
            if len(ds) == 1 and not (i + 1 < len(words) and words[i + 1][2] in _LATIN_ROAD):
                district = ds[0].district
                used.append((start, end))
                break
    rest = text
    for start, end in sorted(used, reverse=True):
        after = _LATIN_LEVEL_AFTER.match(rest, end)
        rest = rest[:start] + rest[after.end() if after else end:]
    rest = re.sub(r"(?:\s*,\s*)+", ", ", rest).strip(" ,")
    return " ".join(p for p in (province, city, district) if p), rest
