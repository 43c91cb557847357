"""Chinese postal addresses: province, city, county, street and the detail after them.

A Chinese address is written from the largest division to the smallest, with
no spaces: 省 (province) → 市 (prefecture-level city) → 区/县/县级市 (county)
→ 街道/镇/乡 (street or town) → road, number, building, unit, room.  Writers
drop levels (海淀区…, 深圳南山…), use short names (广东 for 广东省), old names
(襄樊), traditional characters and full-width digits.  :func:`parse_address`
reads the divisions at the start of the string with a longest-match scan over
a name index built once from ``data/divisions.csv``, fills the levels above
the deepest one it found when that is unambiguous, and normalizes the detail
(Chinese numerals before 号/栋/室… to digits, 幢/座/号楼 to 栋, 层/F to 楼), so
that ``key`` is equal across spellings of one address.

Names are read in full (杭州市), short (杭州, 滨江, 内蒙), former (襄樊, 江干区) and
first-character forms (浙省, 杭市, 滨区 — only where the province or city read
before leaves one candidate).  A short county name that is also a common word
(南山, 鼓楼) is read only right after its own city.  A town (街道/镇/乡, from
``data/towns.csv``) right after the divisions settles the county when it is the
only county of that name within what is known: 瓶窑镇 alone is 余杭区, 三墩镇
needs 杭州 (there is one in 酒泉 too), 西兴街道 alone stays open.

>>> t = parse_address("浙省杭市滨区缤苑")
>>> t.province, t.city, t.district, t.detail
('浙江省', '杭州市', '滨江区', '缤苑')
>>> v = parse_address("瓶窑镇凤都路8号")
>>> v.city, v.district, v.street, v.detail
('杭州市', '余杭区', '瓶窑镇', '凤都路8号')

>>> a = parse_address("广东深圳南山区科技园南路18号")
>>> a.province, a.city, a.district, a.adcode, a.detail
('广东省', '深圳市', '南山区', '440305', '科技园南路18号')
>>> a.key == parse_address("廣東省深圳市南山區科技園南路十八號").key
True
>>> b = parse_address("北京海淀区中关村大街二十七号三号楼五〇一室")
>>> b.province, b.city, b.district, b.detail
('北京市', '北京市', '海淀区', '中关村大街27号3栋501室')
>>> c = parse_address("东莞市虎门镇连升路8号")
>>> c.province, c.city, c.district, c.adcode
('广东省', '东莞市', '虎门镇', '441900')
>>> parse_address("朝阳区建国路88号").city, parse_address("朝阳区建国路88号", city_hint="北京").city
('', '北京市')
>>> parse_address("襄樊市樊城区人民路1号").city
'襄阳市'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ._slots import quick_init
from .company import looks_like_company
from .divisions import (
    MUNICIPALITIES,
    Division,
    Match,
    _index,
    abbreviation,
    homophone,
    latin_places,
    lookup,
    short_name,
    towns,
)
from .text import clean, is_blank, strip_spaces

__all__ = ["Address", "parse_address", "detail_parts"]


@quick_init
@dataclass(frozen=True, slots=True)
class Address:
    """A parsed address; empty strings where a part is unknown."""

    raw: str  # input as given (str(value), '' for blank)
    full: str  # clean() with spaces removed
    province: str  # official full name: 广东省, 北京市
    city: str  # 深圳市; municipalities: the municipality (北京市)
    district: str  # 南山区; for county-less cities the town (虎门镇)
    street: str  # 街道/镇/乡 token (粤海街道)
    detail: str  # road, number, building, room, normalized
    adcode: str  # most specific 6-digit code known
    key: str  # comparison key: "<adcode>[/<district>]|<detail>"; '' if no division was found
    company: str = ""  # an organisation written after the room (…1503室(华瑞科技)), as orders to an office hold it

    @property
    def parsed(self) -> bool:
        """True when the province or the city is known."""
        return bool(self.province or self.city)

    # The parts of the detail, read from it on demand (see :func:`detail_parts`).
    @property
    def road(self) -> str:
        """The first road of the detail (科技园南路, 文一西路, 104国道)."""
        return detail_parts(self.detail)[0]

    @property
    def number(self) -> str:
        """Its house number (18号, 18-20号)."""
        return detail_parts(self.detail)[1]

    @property
    def building(self) -> str:
        """3 of 3栋 / 3幢 / 3号楼 / 3-2-501."""
        return detail_parts(self.detail)[2]

    @property
    def unit(self) -> str:
        """2 of 2单元 / 3-2-501."""
        return detail_parts(self.detail)[3]

    @property
    def floor(self) -> str:
        """5 of 5楼 / 5层 / 5F."""
        return detail_parts(self.detail)[4]

    @property
    def room(self) -> str:
        """501 of 501室 / 3-2-501."""
        return detail_parts(self.detail)[5]


_LATIN3 = re.compile("[A-Za-z]{3}")

# labels, postcodes and the country written before the address
_PREFIX = re.compile(
    r"^(?:(?:收货|收件|送货|通讯|通信|联系|注册|办公|公司|家庭|详细|单位)?地址|住址)[:：]?"
    r"|^[\u4e00-\u9fff]{1,6}?(?:地址|住址)(?:是|为)[:：]?"  # 我家的地址是
    r"|^\d{6}(?=\D)|^中华人民共和国|^中国\s*(?:大陆|内地)?"  # WeChat's region: 中国大陆 广东 深圳
)
# a postcode written after the address: '… 1号 100080', '…(邮编: 100080)', '…，邮政编码100080'
_POSTCODE_AFTER = re.compile(r"[,，;；、\s]*[(（]?(?:邮编|邮政编码)[:：]?\s*\d{6}[)）]?\s*$|(?<=\s)\d{6}\s*$")
_FILLER = re.compile(r"[,，、/\-·.:：()（）\[\]【】<>《》]+")
_BRACKETS = "()（）[]【】<>《》"
# what may follow a short name (深圳 …) and the levels it then stands for
_AFTER_SHORT = re.compile(r"自治州|地区|省|市(?!场)|州|盟|区|县")
_SUFFIX_DEPTHS = {
    "省": (1,), "市": (1, 2, 3), "自治州": (2,), "州": (2,), "地区": (2,), "盟": (2,), "区": (2, 3, 4), "县": (2, 3),
}  # 区 after a town of a county-less city: its former 区 (中山石岐区 -> 石岐街道)
# a short name followed by these is a road or a place (南山大道, 北京路, 中山大学), not a division
_ROADLIKE = re.compile(
    r"[东西南北中]?(?:路|街|大道|道|巷|弄|胡同|桥|门|广场|公园|花园|小区|新村|村|大学|学院|大厦|中学|小学|医院|酒店|饭店|宾馆|银行|机场)"
    r"|[\u4e00-\u9fff](?:路|街|大道|巷)(?![道区县市镇乡])"  # 余杭塘路, 平湖北街 (not 宁围街道)
)
_STREET = re.compile(r"([\u4e00-\u9fff]{2,6}?)(街道办事处|街道办|街道|镇|乡|苏木)")
_STREET_SUFFIX_AT = re.compile("[街镇乡苏]")  # the first characters of _STREET's suffixes
_NOT_STREET = re.compile(r"[路街巷弄号村道园区楼]")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千]+(?=号楼|号|栋|幢|座|楼|层|室|单元|期|弄|户|组|排|区|[Ff](?![A-Za-z]))")
_HAS_CN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千]")
_CN_ROOM_END = re.compile(r"(?:(?<=单元)|(?<=[栋幢座楼层]))[零〇一二三四五六七八九]{3,4}$")
_BUILDING = re.compile(r"(?<=[0-9A-Za-z])(?:号楼|#楼|幢|座)")
_FLOOR = re.compile(r"(?<=\d)(?:层|[Ff](?![A-Za-z]))")
_HASH = re.compile(r"(?<=\d)#")
_DASHES = re.compile(r"[—–‐‑‒﹣－]")
_PUNCT = re.compile(r"[,，。、;；:：\"'“”‘’]+")


def _cn_int(text: str) -> str:
    """二〇一 → 201 (digit by digit), 十八 → 18, 一百零五 → 105 (positional)."""
    if not any(c in _CN_UNITS for c in text):
        return "".join(str(_CN_DIGITS[c]) for c in text if c in _CN_DIGITS)
    total = current = 0
    for c in text:
        if c in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[c]
            current = 0
        else:
            current = _CN_DIGITS[c]
    return str(total + current)


def _normalize_detail(text: str) -> str:
    if not text:
        return ""
    text = _DASHES.sub("-", text)
    text = _PUNCT.sub("", text)
    if _HAS_CN_NUMERAL.search(text):
        text = _CN_NUMBER.sub(lambda m: _cn_int(m.group()), text)
        # a room written digit by digit at the end, after its building or unit (2单元五零一)
        text = _CN_ROOM_END.sub(lambda m: _cn_int(m.group()), text)
    # each pattern below needs a character most details lack: a lookbehind makes the regex
    # try every position, so a substring test first is much cheaper
    if "号楼" in text or "#楼" in text or "幢" in text or "座" in text:
        text = _BUILDING.sub("栋", text)
    if "层" in text or "F" in text or "f" in text:
        text = _FLOOR.sub("楼", text)
    return _HASH.sub("号", text) if "#" in text else text


# building-unit-room written out: 3栋2单元501室 (also 3幢, 3号楼, after _normalize_detail)
_UNIT_ROOM = re.compile(r"(\d+)栋(\d+)单元(\d+)室?")
_ROOM_END = re.compile(r"(?<=\d)室$")


def _unit_room(m: re.Match[str]) -> str:
    return f"{m[1]}-{m[2]}-{m[3]}"  # (r"\1-\2-\3" costs a template expansion per match)


def _compact(detail: str) -> str:
    """The detail as the key holds it: 3栋2单元501室 = 3-2-501, a trailing 室 dropped.

    >>> _compact("科技园3栋2单元501室"), _compact("科技园3-2-501室")
    ('科技园3-2-501', '科技园3-2-501')
    """
    if "单元" in detail:
        detail = _UNIT_ROOM.sub(_unit_room, detail)
    return _ROOM_END.sub("", detail) if "室" in detail else detail


_ROAD_END = re.compile(r"大道|大街|公路|国道|省道|胡同|路|街(?!道)|巷|(?<!街)道(?!路)")
# a road name does not run back across these (阿里巴巴西溪园区|文一西路, but 科技园南路 whole)
_ROAD_STOP = frozenset("区市县镇乡村号楼厦座栋室层单元()（）-")
_HOUSE_NUMBER = re.compile(r"\d+(?:-\d+)?号(?!楼)")
_BUILDING_NO = re.compile(r"(\d+|[A-Za-z])栋")
_UNIT_NO = re.compile(r"(\d+)单元")
_FLOOR_NO = re.compile(r"(\d+)楼")
# a room: 1903室, or three to five digits ending the detail after a name (大厦1903, 源美中心419,
# 3栋501: users and the address key drop 室) but not after a road or a village (深南大道1903 is a
# house number)
_ROOM_NO = re.compile(r"(\d+)室|(?<=[^\x00-\x7f路街道巷弄村组])(\d{3,5})$")
_TRIPLE = re.compile(r"(\d+)-(\d+)-(\d+)$")


def detail_parts(detail: str) -> tuple[str, str, str, str, str, str]:
    """(road, number, building, unit, floor, room) of a normalized detail; '' where absent.

    >>> detail_parts("科技园南路18号3栋2单元501室")
    ('科技园南路', '18号', '3', '2', '', '501')
    >>> detail_parts("阿里巴巴西溪园区文一西路969号5楼")
    ('文一西路', '969号', '', '', '5', '')
    >>> detail_parts("长江路52号峰润大厦27楼2713室"), detail_parts("东风路37号信亿商务楼B栋3112")
    (('长江路', '52号', '', '', '27', '2713'), ('东风路', '37号', 'B', '', '', '3112'))
    >>> detail_parts("望京SOHO塔3-2-501")
    ('', '', '3', '2', '', '501')
    >>> detail_parts("长江路65号众旭大厦3001"), detail_parts("深南大道1903")[5]
    (('长江路', '65号', '', '', '', '3001'), '')
    """
    road = number = building = unit = floor = room = ""
    after = 0
    m = _ROAD_END.search(detail)
    if m:
        start = m.start()
        while start > 0 and m.start() - start < 8 and detail[start - 1] not in _ROAD_STOP:
            start -= 1
        if start < m.start() or detail[:1].isdigit():
            road, after = detail[start:m.end()], m.end()
    n = _HOUSE_NUMBER.search(detail, after)
    if n:
        number = n.group()
    t = _TRIPLE.search(detail)
    if t:
        building, unit, room = t.groups()
    else:
        if b := _BUILDING_NO.search(detail):
            building = b.group(1).upper()
        if u := _UNIT_NO.search(detail):
            unit = u.group(1)
        if r := _ROOM_NO.search(detail):
            room = r.group(1) or r.group(2)
    if f := _FLOOR_NO.search(detail):
        floor = f.group(1)
    return road, number, building, unit, floor, room


@lru_cache(maxsize=1024)
def _hint_cities(hint: str) -> frozenset[str]:
    """City or province names a ``city_hint`` may mean (北京 → {北京市}, 吉林省 → {吉林省})."""
    hint = strip_spaces(clean(hint))
    out = set()
    for d in lookup(hint):
        if d.level == "province":
            out.add(d.province)  # a province column: 吉林 settles 朝阳区 as 长春's
        else:
            out.add(d.city)
    return frozenset(out)


_CITY_DISTRICTS = frozenset({"市中区", "市南区", "市北区"})


def _division_at(s: str, pos: int) -> bool:
    """True when a division name starts at ``pos`` (石家庄|桥西区, 哈尔滨|道里区, 北京|门头沟):
    a full name, or a short one not itself followed by a road (北京|门头沟, not 广州|东山口路)."""
    ix = _index()
    n = len(s)
    for length in ix.heads.get(s[pos : pos + 2], ()):
        if pos + length > n:
            continue
        found = ix.names.get(s[pos : pos + length], ())
        if any(not m.short for m in found):
            return True
        if any(not m.weak for m in found) and not _ROADLIKE.match(s, pos + length):
            return True
    return False


_ABBREVIATED = re.compile(r"[\u4e00-\u9fff][省市区县](?!场)")
_HOMOPHONE = re.compile(r"[\u4e00-\u9fff]{2}[区县市](?!场)")


def _abbreviated(s: str, pos: int, depth: int, province: str, city: str) -> Division | None:
    """A first character and level (浙省, 杭市, 滨区) at ``pos`` that the context settles."""
    if not _ABBREVIATED.match(s, pos):
        return None
    text = s[pos : pos + 2]
    level = text[1]
    if level == "省":
        return abbreviation(text) if depth == 0 else None
    if level == "市":
        if depth == 1:
            return abbreviation(text, province)
        return abbreviation(text) if depth == 0 else None
    return abbreviation(text, city) if depth == 2 and city else None


def _settled_by_next(s: str, pos: int, group: list[Division]) -> Division | None:
    """The one reading of an ambiguous name that the division written next belongs to
    (朝阳 | 龙城区: 辽宁's 朝阳市, not 北京's 朝阳区)."""
    ix = _index()
    filler = _FILLER.match(s, pos)
    if filler:
        pos = filler.end()
    n = len(s)
    for length in ix.heads.get(s[pos : pos + 2], ()):
        if pos + length > n:
            continue
        found = ix.names.get(s[pos : pos + length])
        if not found:
            continue
        keep = [
            g for g in group
            if any(
                m.division.depth > g.depth and m.division.province == g.province
                and (g.depth < 2 or m.division.city == g.city) and (not m.weak or g.depth >= 2)
                for m in found
            )
        ]
        if len(keep) == 1:
            return keep[0]
    return None


def _scan(s: str, hint: str) -> tuple[dict[int, Division], int, tuple[Division, ...]]:
    """Read divisions from the start of ``s``: the chosen division per depth, the
    position after them, and the candidates of an ambiguous last name.  A county read
    from a former name is also recorded under depth 0 (江干区 -> 上城区, whose towns
    may have gone to another county since)."""
    ix = _index()
    names, heads = ix.names, ix.heads
    chosen: dict[int, Division] = {}
    province = city = ""
    rehome = False  # the city was read from a former name
    depth = 0
    pos = 0
    n = len(s)
    while pos < n - 1 and depth < 4:
        lengths = heads.get(s[pos : pos + 2], ())
        for length in lengths:
            if pos + length > n:
                continue
            matches = names.get(s[pos : pos + length])
            if not matches:
                continue
            end = pos + length
            if s[end - 1 : end + 1] == "市场":  # 中山市场路
                continue
            if s[end - 1 : end + 2] in _CITY_DISTRICTS and any(  # 济南市中区 is 济南 + 市中区
                m.division.city == s[pos:end] for m in names.get(s[end - 1 : end + 2], ())
            ):
                end -= 1
            cands = []
            for m in matches:  # inline _fits(): this is the innermost loop of the parser
                dv = m.division
                if dv.depth <= depth or (province and dv.province != province):
                    continue
                if city:
                    # after a former city (柳州地区忻城县), a county of the same province that
                    # has moved to another city (忻城县 -> 来宾市) is still read
                    if dv.city != city and not (rehome and dv.level == "district"):
                        continue
                elif dv.level == "town":  # towns are only read inside their (county-less) city
                    continue
                if m.weak and not (city if dv.depth >= 3 else province):
                    continue
                cands.append(m)
            if not cands:
                repeated = [m for m in matches if m.division in chosen.values()]  # 深圳市深圳市…
                if repeated and (
                    any(not m.short for m in repeated) or _AFTER_SHORT.match(s, end)
                ):  # (a short name alone is a place: 鼓楼区鼓楼医院)
                    suffix = _AFTER_SHORT.match(s, end)
                    pos = suffix.end() if suffix and all(m.short for m in repeated) else end
                    break
                continue
            if cands[0].short if len(cands) == 1 else any(m.short for m in cands):
                suffix = _AFTER_SHORT.match(s, end)
                if suffix:
                    allowed = _SUFFIX_DEPTHS[suffix.group()]
                    fitting = [m for m in cands if m.short and m.division.depth in allowed]
                    if fitting:
                        cands, end = fitting, suffix.end()
                        if suffix.group() == "地区" and not any(m.division.name.endswith("地区") for m in cands):
                            # a prefecture (地区) since made a city, often with counties moved away
                            cands = [Match(m.division, m.short, True, m.weak) for m in cands]
                elif _ROADLIKE.match(s, end) and not _division_at(s, end):
                    cands = [m for m in cands if not m.short]
                    if not cands:
                        continue
            if rehome and len(cands) > 1:
                cands = [m for m in cands if m.division.city == city] or cands
            if len(cands) == 1:  # the usual case; Division hashes every field, so skip the dict
                top = cands[0].division.depth
                group = [cands[0].division]
            else:
                top = min(m.division.depth for m in cands)
                group = list(dict.fromkeys(m.division for m in cands if m.division.depth == top))
            if (depth == 0 and top >= 2 and len(cands) > 1 and len({m.division.province for m in cands}) > 1
                    and all(m.short for m in cands)):
                # 朝阳 alone: 辽宁's city or the 朝阳区 of 北京 or 长春 — no level is preferred
                group = list(dict.fromkeys(m.division for m in cands))
            if len(group) > 1 and hint:
                cities = _hint_cities(hint)
                narrowed = [d for d in group if d.city in cities or d.province in cities]
                if narrowed:
                    group = narrowed
            if len(group) > 1:
                settled = _settled_by_next(s, end, group)
                if settled is None:
                    return chosen, end, tuple(group)
                group = [settled]
            d = group[0]
            old = False
            for m in cands:  # (a plain loop: this runs for every name read)
                if m.old and m.division is d:
                    old = True
                    break
            break
        else:
            d = _abbreviated(s, pos, depth, province, city) if _ABBREVIATED.match(s, pos) else None
            end, old = pos + 2, False
            if d is None and 1 <= depth <= 2 and _HOMOPHONE.match(s, pos):
                # a typo that sounds right (肖山区), only among the children of what was read
                d = homophone(s[pos : pos + 3], city if depth == 2 else province)
                end = pos + 3
            if d is None:
                break
        if rehome and d.depth >= 2 and d.city != city:
            muni = ix.triples.get((d.province, d.city, ""))
            if muni is not None:
                chosen[2] = muni
        chosen[d.depth] = d
        if d.depth == 3 and old:
            chosen[0] = d
        province, depth = d.province, d.depth
        if d.depth >= 2:
            city = d.city
            rehome = old and d.depth == 2
        elif d.province in MUNICIPALITIES:
            city, depth = d.province, 2
            muni = ix.triples.get((d.province, d.province, ""))
            if muni is not None:
                chosen[2] = muni
        pos = end
        if depth == 2 and (s.startswith("市辖区", pos) or (s[pos - 1 : pos + 1] == "市区" and s[pos + 1 : pos + 2] != "域")):
            pos += 3 if s[pos] == "市" else 1  # 杭州市区…, 杭州市市辖区…: the city's urban districts
        filler = _FILLER.match(s, pos)
        if filler:
            pos = filler.end()
    return chosen, pos, ()


def _full_name_in(s: str) -> int:
    """Where the first full division name of three or more characters stands after the
    start (阿里巴巴西溪园区|余杭区…), -1 if none: a name carrying its suffix is a division
    wherever it is, unless it begins a word such as 市场."""
    ix = _index()
    names, heads = ix.names, ix.heads
    n = len(s)
    for i in range(1, n - 2):
        for length in heads.get(s[i : i + 2], ()):
            if length < 3 or i + length > n:
                continue
            found = names.get(s[i : i + length])
            if found and any(not m.short and not m.weak for m in found):
                if s[i + length - 1] == "市" and s[i + length : i + length + 1] == "场":
                    continue
                return i
    return -1


def _town_at(s: str) -> tuple[int, tuple[tuple[Division, bool], ...]]:
    """The longest town name at the start of ``s``: its end and its ``(county, short)`` readings."""
    ix = towns()
    room = len(s)
    for length in ix.heads.get(s[:2], ()):
        if length > room:
            continue
        found = ix.names.get(s[:length])
        if found:
            return length, found
    return 0, ()


# what may follow a town's short name for it to be the town (瓶窑|凤都路, 泽国|文昌路) and not
# the start of a road or a place (中关村大街, 万安塘西工业区, 良渚文化村)
_AFTER_TOWN = re.compile(r"(?:(?!街道)[\u4e00-\u9fff]){2,8}?(?:路|街(?!道)|大道|巷|弄|公路)|[,，、/\-·.:：()（）\s]")


def _town_ends(rest: str, end: int) -> bool:
    """A short town name followed by a road or a separator (at the very end it may be a
    place of that name: 海淀区中关村 keeps 中关村 in the detail)."""
    return bool(_AFTER_TOWN.match(rest, end))


def _town_full(county: Division, name: str) -> str:
    """The full name of a town of ``county`` written as ``name`` (瓶窑 -> 瓶窑镇)."""
    names = towns().names
    for suffix in ("", "街道", "镇", "乡", "苏木"):
        if any(d == county and not short for d, short in names.get(name + suffix, ())):
            return name + suffix
    return name


def _town_county(
    found: tuple[tuple[Division, bool], ...], province: str, city: str, group: tuple[Division, ...], hint: str, end_ok: bool
) -> Division | None:
    """The one county a town name at the start of the detail settles, given what is known."""
    known = bool(city or group)
    cands = [d for d, short in found if (known and end_ok) or not short]
    if province:
        cands = [d for d in cands if d.province == province]
    if city:
        cands = [d for d in cands if d.city == city]
    if group:
        cands = [d for d in cands if d in group]
    cands = list(dict.fromkeys(cands))
    if len(cands) > 1 and hint:
        cities = _hint_cities(hint)
        cands = [d for d in cands if d.city in cities or d.province in cities] or cands
    return cands[0] if len(cands) == 1 else None


def parse_address(text: object, city_hint: str = "") -> Address:
    """Parse one address.  ``city_hint`` (a city such as ``'北京'`` or
    ``'北京市'``, e.g. from another column of the record) only settles a county
    name that several cities share.

    >>> parse_address("徐汇区虹漕路461号58号楼5楼").city
    '上海市'
    >>> parse_address(None).key
    ''
    """
    if is_blank(text):
        return Address("", "", "", "", "", "", "", "", "")
    raw = str(text)
    cleaned = clean(raw)
    if cleaned.isascii() and _LATIN3.search(cleaned):
        # written in pinyin or English (Nanshan District, Shenzhen): its places in Chinese first
        places, rest = latin_places(cleaned)
        if places:
            cleaned = f"{places} {rest}".strip()
    full = strip_spaces(cleaned)
    # (clean leaves one space between words and none at the ends)
    after = (_POSTCODE_AFTER.search(cleaned) if "编" in cleaned or (cleaned[-7:-6] == " " and cleaned[-6:].isdigit())
             else None)
    s = strip_spaces(cleaned[: after.start()]) if after else full
    with_country = ""
    for _ in range(3):
        # (every label has 址 in its first eight characters; a postcode starts with a digit)
        m = _PREFIX.match(s) if "址" in s[:8] or s[:1] == "中" or s[:1].isdigit() else None
        if not m:
            break
        if s[:1] == "中":
            with_country = s
        s = s[m.end() :]
    s = s.lstrip(_BRACKETS)
    chosen, pos, ambiguous = _scan(s, city_hint)
    if with_country and s and not chosen and not ambiguous:
        s = with_country  # no place after 中国: it was a name's (中国银行大厦, 中国人民大学)
    lead = ""
    if not chosen and not ambiguous:
        at = _full_name_in(s)
        if at > 0:
            # start where the divisions leading to that name start (江苏淮安|清江浦区)
            for start in range(max(0, at - 12), at + 1):
                chosen, pos, ambiguous = _scan(s[start:], city_hint)
                if (chosen or ambiguous) and start + pos > at:
                    lead, s = s[:start], s[start:]
                    break
            else:
                chosen, pos, ambiguous = {}, 0, ()

    province = city = district = adcode = ""
    resolved = True
    former = chosen.pop(0, None)
    deepest = chosen[max(chosen)] if chosen else None
    rest = s[pos:]
    street = ""
    # a town (街道/镇/乡) right after the divisions settles the county when it is the only
    # county of that name in what is known (瓶窑镇 -> 余杭区, 杭州九堡 -> 上城区)
    if deepest is None or deepest.depth < 3:
        tend, found = _town_at(rest)
        if found:
            tp = deepest.province if deepest else ""
            tc = (deepest.city or (tp if tp in MUNICIPALITIES else "")) if deepest else ""
            # 天府新区, 两江新区: a development zone named after a place is not its town, nor is
            # an airport (天府国际机场 is in 简阳, not in 温江's 天府街道)
            end_ok = not _ROADLIKE.match(rest, tend) and not rest.startswith(("新区", "国际机场", "机场"), tend)
            county = _town_county(found, tp, tc, ambiguous, city_hint, end_ok)
            if county is not None:
                chosen[county.depth] = county
                deepest, ambiguous = county, ()
                full_name = any(d == county and not short for d, short in found)
                if full_name or _town_ends(rest, tend):  # else 良渚文化村: the name stays in the detail
                    if county.level != "town":  # a county-less city's town is the district itself
                        street = _town_full(county, rest[:tend])
                    rest = rest[tend:]
    elif deepest.level == "district":
        # a town of the county read (温岭泽国, 海宁许村镇) is its street, whatever its spelling
        tend, found = _town_at(rest)
        mine = False
        for d, short in found:
            if d is deepest and (not short or _town_ends(rest, tend)):
                mine = True
                break
        if mine:
            street = _town_full(deepest, rest[:tend])
            rest = rest[tend:]
        elif found and former is deepest:
            # a former county split since (江干区 -> 上城区, but 白杨街道 -> 钱塘区): the town decides
            moved = {d for d, short in found if d.city == deepest.city and (not short or _town_ends(rest, tend))}
            if len(moved) == 1:
                deepest = chosen[3] = moved.pop()
                street = _town_full(deepest, rest[:tend])
                rest = rest[tend:]
    if deepest is not None:
        province = deepest.province
        city = deepest.city or (province if province in MUNICIPALITIES else "")
        if deepest.depth >= 3:
            district = deepest.district
        adcode = deepest.adcode
        resolved = deepest.level != "town"
    if ambiguous:
        provinces = {d.province for d in ambiguous}
        cities = {d.city for d in ambiguous}
        names = {d.name for d in ambiguous}
        if len(provinces) == 1:
            province = provinces.pop()
        if len(cities) == 1 and ambiguous[0].depth >= 3:
            city = cities.pop()
        if len(names) == 1 and ambiguous[0].depth >= 3:
            district = names.pop()
            resolved = False

    if not street and deepest is not None and deepest.depth == 3 and pos and rest[:1] in ("镇", "乡", "街"):
        # a town named after its county (余杭镇, 城关 …): the county's short name plus 镇/乡/街道
        suffix = "街道" if rest.startswith("街道") else rest[0] if rest[0] != "街" else ""
        if suffix:
            stem = s[:pos].rstrip(_BRACKETS + ",，、/-·.:：")
            short = short_name(deepest.district)
            if short and stem.endswith(short):
                street, rest = short + suffix, rest[len(suffix) :]
    if not street:
        m = _STREET.match(rest) if _STREET_SUFFIX_AT.search(rest, 2, 7) else None  # (its suffix at 2..6)
        if m and not _NOT_STREET.search(m.group(1)):
            suffix = m.group(2)
            street = m.group(1) + ("街道" if suffix.startswith("街道") else suffix)
            rest = rest[m.end() :]
    detail = _normalize_detail(lead.rstrip(_BRACKETS) + rest.lstrip(_BRACKETS))
    detail, company = _trailing_company(detail)

    key = ""
    if province or city or district:
        head = adcode or city or province
        if district and not resolved:
            head += "/" + district
        key = f"{head}|{_compact(detail)}"
    return Address(raw, full, province, city, district, street, detail, adcode, key, company)


# an organisation after the room or floor, or in brackets at the end: 3101室易顺网络科技, 14楼(光中科技)
_TRAILING_ORG = re.compile(r"(?:(?<=[0-9A-Za-z室楼层])|[(（\[【])(?![室楼层号栋座幢单])([\u4e00-\u9fff]{4,20})[)）\]】]?$")


_CLOSING = frozenset(")）]】")
_ALL_CJK = re.compile(r"[\u4e00-\u9fff]+")


def _trailing_company(detail: str) -> tuple[str, str]:
    """The detail without an organisation written at its end, and that organisation.

    >>> _trailing_company("华夏路238号诚金国际大厦31楼3101室易顺网络科技")
    ('华夏路238号诚金国际大厦31楼3101室', '易顺网络科技')
    >>> _trailing_company("深南大道98号元百中心"), _trailing_company("建设路254号蓝正广场14楼(光中科技)")
    (('深南大道98号元百中心', ''), ('建设路254号蓝正广场14楼', '光中科技'))
    """
    # the organisation ends the detail: four Chinese characters there (before one closing
    # bracket), or nothing to look for ('$' also matches before a final newline: read those)
    tail = detail[-5:-1] if detail[-1:] in _CLOSING else detail[-4:]
    if (len(tail) < 4 or not _ALL_CJK.fullmatch(tail)) and not detail.endswith("\n"):
        return detail, ""
    m = _TRAILING_ORG.search(detail)
    if m is None or not looks_like_company(m.group(1), places=False) or m.start() == 0:
        return detail, ""
    return detail[: m.start()], m.group(1)
