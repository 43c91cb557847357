"""Company names.

A Chinese registered company name reads ``[region] trade-name [industry]
legal-form``, with the region also written in brackets after the trade name,
after the industry, or left out, and a branch written after the legal form::

    北京      字节跳动   科技      有限公司
    字节跳动  (北京)     科技      有限责任公司
    字节跳动  科技       有限公司  上海分公司
    昆山市 玉山镇  萱萱家  童装  店          (county, town, shop form)

:func:`parse_company` splits a name into those parts.  ``key`` is the trade
name (字号), plus ``#`` and the branch for a branch, so the many ways one
company is written give one key while the region is compared separately.

How each part is found:

* legal form: the longest form at the end (有限公司, 股份有限公司, 集团, 合伙企业,
  个体工商户, and the forms of small businesses: 店, 商行, 经营部, 工作室, 厂,
  合作社 …); 有限责任公司 reads as 有限公司, and a few typing slips (有限公,
  有线公司) are mended first.
* industry: the longest tail of the rest that reads as words of
  ``data/industries.txt`` (网络|科技, 汽车零部件), two characters always left.
  What is not an industry word stays in the trade name: 北京京东世纪贸易 gives
  京东世纪 (世纪 is part of the registered 字号), 小米科技 gives 小米.
* region: ``data/divisions.csv``.  Provinces, cities and districts written in
  full (海淀区, 昆山市) come off the front, as do the development zones, towns
  and streets after them (经济技术开发区, 玉山镇, 粤海街道).  A district's short
  name (浦东, 萧山) comes off after its own city; alone only if it leaves a
  trade name and is not an ordinary word (光明乳业, 兴业银行, 长安 after 重庆
  stay whole).  ``region`` is the city, or the district's city.
* 中国 / 中华 before a trade name is dropped (中国平安 -> 平安) and kept when
  only an industry follows (中国人寿, 中国银行); banks keep 银行 (招商银行,
  北京银行); schools and hospitals keep their place (中山大学).
* a name with no trade name (无锡市保险公司) has ``brand`` ``''`` and the key
  region + industry, so that it still compares.

English names (``Shenzhen Huarui Technology Co., Ltd.``) are parsed the same
way, and ``brand_pinyin`` lets them meet their Chinese form.

>>> c = parse_company("字节跳动（北京）科技有限公司")
>>> c.full, c.region, c.brand, c.industry, c.legal_form, c.key
('字节跳动(北京)科技有限公司', '北京', '字节跳动', '科技', '有限公司', '字节跳动')
>>> parse_company("北京字节跳动科技").key == parse_company("字节跳动科技有限责任公司").key
True
>>> c = parse_company("上海市浦东新区张江华锐网络科技有限公司")
>>> c.region, c.brand, c.industry
('上海', '华锐', '网络科技')
>>> c = parse_company("昆山市玉山镇萱萱家童装店")
>>> c.region, c.brand, c.industry, c.legal_form
('苏州', '萱萱家', '童装', '店')
>>> parse_company("中国平安保险（集团）股份有限公司").brand, parse_company("长城汽车股份有限公司").brand
('平安', '长城')
>>> c = parse_company("无锡市保险公司")
>>> c.brand, c.key
('', '无锡保险')
>>> c = parse_company("字节跳动科技有限公司上海分公司")
>>> c.branch, c.parent, c.key
('上海分公司', '字节跳动科技有限公司', '字节跳动#上海分公司')
>>> parse_company("字节跳动科技有限公司（上海分公司）").key
'字节跳动#上海分公司'
>>> c = parse_company("Shenzhen Huarui Technology Co., Ltd.")
>>> c.region, c.brand, c.industry, c.legal_form, c.brand_pinyin
('深圳', 'Huarui', '科技', '有限公司', 'huarui')
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ._slots import quick_init
from .divisions import _ALIASES, city_of, province_of, province_short, towns
from .name import _phrases, to_pinyin
from .text import clean, fold, is_blank, strip_spaces

__all__ = ["Company", "parse_company", "looks_like_company", "LEGAL_FORMS", "INDUSTRIES"]


@quick_init
@dataclass(frozen=True, slots=True)
class Company:
    """A parsed company name; see the module docstring."""

    raw: str
    full: str
    region: str
    brand: str
    industry: str
    legal_form: str
    branch: str
    parent: str
    key: str
    brand_pinyin: str


_EMPTY = Company("", "", "", "", "", "", "", "", "", "")
# What consumers write in a company field to say they have none.
_NO_COMPANY = frozenset({"个人", "私人", "本人", "个体", "自己", "自由职业", "自由职业者", "学生", "在校学生", "家庭",
                         "家庭主妇", "退休", "无业", "待业", "无单位", "没有", "个体户", "个体经营", "不详", "未知", "保密",
                         "无工作", "暂无单位", "其他", "其它", "individual", "personal", "self",
                         "self-employed", "freelance", "student", "retired", "none",
                         # placeholders typed to fill a mandatory field
                         "无", "暂无", "待定", "测试", "测试公司", "客户", "某公司", "xx公司", "xxx公司", "xx", "xxx",
                         "test", "0", "null", "n/a", "na"})

# Written legal form -> canonical form, matched longest first at the end of the name.
LEGAL_FORMS: dict[str, str] = {
    "集团股份有限公司": "集团股份有限公司", "集团有限责任公司": "集团有限公司", "集团有限公司": "集团有限公司",
    "集团公司": "集团", "集团": "集团", "控股集团有限公司": "集团有限公司",
    "股份有限公司": "股份有限公司", "股份公司": "股份有限公司",
    "有限责任公司": "有限公司", "有限公司": "有限公司", "总公司": "公司", "公司": "公司",
    "合伙企业有限合伙": "合伙企业", "合伙企业普通合伙": "合伙企业", "合伙企业特殊普通合伙": "合伙企业",
    "有限合伙": "合伙企业", "普通合伙": "合伙企业", "特殊普通合伙": "合伙企业", "合伙企业": "合伙企业",
    "个人独资企业": "个人独资企业", "个体工商户": "个体工商户", "个体户": "个体工商户", "事务所": "事务所", "研究院": "研究院", "研究所": "研究所",
}
# Shop and small-business forms (个体工商户 names end in these): canonical form -> its written
# forms, each written form once.
_SMALL_FORMS = {
    "店": "店 商店 便利店 专卖店 专营店 授权专营店 旗舰店 网店 淘宝店 零售店 经销店 销售店 综合店 精品店 分店 小铺 铺"
         " 服务站 站 专柜 摊 大药房 药房 美容院",
    "商行": "商行 行 贸易商行 商贸行 精品行 批发商行",
    "超市": "超市 生活超市 商场 百货商场",
    "经营部": "经营部 经销部 经销处 销售部 物资部 商贸部 部 门市 综合门市 服务部 维修部 维修店",
    "门市部": "门市部",
    "中心": "经营中心 销售中心 零售中心 服务中心 中心",
    "工作室": "工作室 工坊 坊 铺子 馆 生活馆 艺术馆",
    "合作社": "合作社 专业合作社 农民专业合作社",
    "农场": "农场 家庭农场 种植场 养殖场 蜂场 游乐场 苗圃 场",
    "厂": "厂 分厂 加工厂",
}
LEGAL_FORMS.update((form, canonical) for canonical, forms in _SMALL_FORMS.items() for form in forms.split())
_MAX_FORM = max(map(len, LEGAL_FORMS))
# typing slips in the legal form at the end of a name, fixed before parsing
_FORM_TYPO_FIX = {"有限责任公": "有限责任公司", "有限公": "有限公司", "有线公司": "有限公司", "有线责任公司": "有限责任公司",
                  "有限责任司": "有限责任公司", "有限司": "有限公司", "有限公斯": "有限公司", "有限责任": "有限责任公司"}
_FORM_TYPO = re.compile("(?:" + "|".join(map(re.escape, sorted(_FORM_TYPO_FIX, key=len, reverse=True))) + ")$")
_MAX_FORM_TYPO = max(map(len, _FORM_TYPO_FIX))
# Words of the industry (行业) part, matched longest first just before the legal form
# (data/industries.txt; compounds split themselves: 网络|科技).
INDUSTRIES: frozenset[str] = frozenset(
    word
    for line in (files("dedupe") / "data" / "industries.txt").read_text(encoding="utf-8").splitlines()
    if not line.startswith("#")
    for word in line.split()
)
_MAX_INDUSTRY = max(map(len, INDUSTRIES))
# what a company name may end in (looks_like_company)
_COMPANY_ENDS = INDUSTRIES | frozenset(LEGAL_FORMS)
_MAX_COMPANY_END = max(_MAX_INDUSTRY, _MAX_FORM)
# last characters of industry words that also end place names in an address (元百中心, 万达广场)
_PLACE_ENDS = frozenset("心场院校店馆园厦楼城村苑寓区号室")
# one-character products, taken off only when two characters of trade name stay: 茅台|酒, 百文斋|书|店
_PRODUCT_CHAR = frozenset("酒茶花琴鞋米药书果菜粮烟玉衣灯锁伞帽袜肉鱼蛋奶糖醋酱面饼画")
_BRANCH_SUFFIX = re.compile(
    "(?:分公司|分行|支行|办事处|代表处|分店|分部|营业部|分厂|分所|分院|分中心|分校|门店|服务部|营业厅"
    "|研发中心|(?:华南|华北|华东|华中|华西|西南|西北|东北|东南)(?:大区|区|区域))$")
_AREA_BRANCH = re.compile("(?:华南|华北|华东|华中|华西|西南|西北|东北|东南)(?:大区|区|区域)$")
_FORM_END = re.compile("(?:有限责任公司|股份有限公司|有限公司|集团|公司|银行|厂|店)")
_BRACKET = re.compile(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NOT_WORD = re.compile(r"[^\w()]")
_BRACKETS = str.maketrans("[]【】〔〕", "()()()")
_ODD_BRACKET = re.compile("[\\[\\]【】〔〕]")
_QUOTES = re.compile("[\"'“”‘’「」『』《》〈〉]")
# short names that are also common words at the start of a trade name
_NOT_A_PREFIX = frozenset({"东方", "阿里", "万宁", "白银", "安康", "来宾", "中西", "东区", "南区", "北区", "海域"})
_ETHNIC = re.compile(
    "(?:蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇"
    "|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安"
    "|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺)族?")


def _short(name: str) -> str:
    """'广西壮族自治区' -> '广西', '延边朝鲜族自治州' -> '延边', '海淀区' -> '海淀'."""
    for suffix in ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区", "省", "市", "盟",
                   "县", "区", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            if suffix.startswith("自治") or stem.endswith("族"):  # 管城回族区 -> 管城
                # strip the ethnic names from the end: 黔东南苗族侗族 -> 黔东南
                while True:
                    m = re.search(f"(?:{_ETHNIC.pattern})$", stem)
                    if not m or m.start() < 2:
                        break
                    stem = stem[: m.start()]
            return stem
    return name


@lru_cache(maxsize=1)
def _regions() -> tuple[dict[str, str], dict[str, str], dict[str, str], int]:
    """(prefix/suffix names -> short, bracket-only names -> short, pinyin -> short, longest name)."""
    outer: dict[str, str] = {}
    bracket: dict[str, str] = {}
    path = files("dedupe") / "data" / "divisions.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        level = row["level"]
        name = row[{"province": "province", "city": "city"}.get(level, "district")]
        if not name or level == "town":
            continue
        short = _short(name)
        if level == "province" and name == short:  # '苏鲁交界' and the like
            continue
        if level == "city" and row["province"] in ("香港特别行政区", "澳门特别行政区", "台湾省"):
            target = bracket
        else:
            target = outer if level in ("province", "city") else bracket
        for form in (name, short):
            if len(form) >= 2 and form not in outer:
                target.setdefault(form, short)
    # former city names still written in company names: 襄樊 -> 襄阳
    with (files("dedupe") / "data" / "division_renames.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["new_city"] and not row["new_district"] and row["old"].endswith(("市", "地区", "盟")):
                for form in (row["old"], _short(row["old"])):
                    if len(form) >= 2 and form not in outer and form not in bracket:
                        outer[form] = _short(row["new_city"])
    pinyin: dict[str, str] = {}
    ambiguous: set[str] = set()
    for full, short in outer.items():
        if full != short:
            continue
        key = _phrase_pinyin(short)
        if key in pinyin and pinyin[key] != short:
            ambiguous.add(key)
        pinyin.setdefault(key, short)
    for key in ambiguous:
        pinyin[key] = ""  # a region, but which one is unknown (taizhou: 台州 / 泰州)
    pinyin.update({"shanxi": "山西", "shaanxi": "陕西", "hongkong": "香港", "macau": "澳门", "macao": "澳门",
                   "peking": "北京", "canton": "广州", "innermongolia": "内蒙古", "tibet": "西藏",
                   # cities whose usual English name is not their pinyin
                   "harbin": "哈尔滨", "urumqi": "乌鲁木齐", "hohhot": "呼和浩特", "lhasa": "拉萨",
                   "kashgar": "喀什", "ordos": "鄂尔多斯", "hulunbuir": "呼伦贝尔", "shigatse": "日喀则"})
    longest = max(map(len, outer))
    return outer, bracket, pinyin, longest


@lru_cache(maxsize=1)
def _all_regions() -> dict[str, str]:
    """Province, city and district names (bracket forms too) -> short name."""
    outer, bracket, _, _ = _regions()
    return {**outer, **bracket}


@lru_cache(maxsize=4096)
def _polyphonic(ch: str) -> bool:
    from pypinyin.pinyin_dict import pinyin_dict

    return "," in pinyin_dict.get(ord(ch), "")


@lru_cache(maxsize=1)
def _phrase_heads() -> dict[str, int]:
    """The first two characters of every phrase of pypinyin's phrase dictionary -> the
    length of the longest phrase starting so."""
    heads: dict[str, int] = {}
    for phrase in _phrases():
        if len(phrase) >= 2 and heads.get(phrase[:2], 0) < len(phrase):
            heads[phrase[:2]] = len(phrase)
    return heads


def _has_phrase(text: str) -> bool:
    """Whether some run of two or more characters of ``text`` is in pypinyin's phrase
    dictionary. Without one, pypinyin reads every character on its own, in its default
    reading, which is what :func:`to_pinyin` gives, at a fraction of the cost."""
    phrases, heads = _phrases(), _phrase_heads()
    n = len(text)
    for i in range(n - 1):
        longest = heads.get(text[i : i + 2], 0)  # no phrase starts here when 0
        if any(text[i:j] in phrases for j in range(i + 2, min(n, i + longest) + 1)):
            return True
    return False


# per character met so far: a Chinese character with several readings
_POLYPHONIC_CJK: dict[str, bool] = {}


def _any_polyphonic(text: str) -> bool:
    known = _POLYPHONIC_CJK
    for ch in text:
        found = known.get(ch)
        if found is None:
            found = known[ch] = bool(_CJK.match(ch)) and _polyphonic(ch)
        if found:
            return True
    return False


@lru_cache(maxsize=65536)
def _phrase_pinyin(text: str) -> str:
    """Pinyin of a trade name: per character, through pypinyin's phrase dictionary
    only when a polyphonic character needs context (长虹 changhong, 重庆 chongqing)."""
    if _any_polyphonic(text) and _has_phrase(text):
        from pypinyin import Style, lazy_pinyin

        parts = lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: [c for c in s.lower() if c.isalnum()])
        return "".join(p for p in parts if p.isascii()).lower()
    return to_pinyin(text)


def looks_like_company(text: str, places: bool = True) -> bool:
    """True when ``text`` reads as a company by its form: a trade name of two or more
    characters and an industry or legal-form word at the end.  With ``places`` false,
    an end that also names a place (中心, 商场, 酒店, 医院) does not count.

    >>> looks_like_company("华瑞科技"), looks_like_company("锐中网络有限公司"), looks_like_company("科技")
    (True, True, False)
    >>> looks_like_company("元百中心"), looks_like_company("元百中心", places=False)
    (True, False)
    """
    end = next((m for m in range(min(_MAX_COMPANY_END, len(text)), 0, -1) if text[-m:] in _COMPANY_ENDS), 0)
    return bool(end) and len(text) - end >= 2 and (places or text[-1] not in _PLACE_ENDS)


def parse_company(text: object) -> Company:
    """Parse a company name cell into a :class:`Company`.

    >>> c = parse_company("中国银行深圳分行")
    >>> c.brand, c.branch, c.parent, c.region, c.key
    ('中国银行', '深圳分行', '中国银行', '深圳', '中国银行#深圳分行')
    >>> c = parse_company("深圳市腾讯计算机系统有限公司")
    >>> c.region, c.brand, c.industry
    ('深圳', '腾讯', '计算机系统')
    >>> parse_company("个人").key  # a consumer's way of saying 'no company'
    ''
    >>> parse_company("  ").key
    ''
    """
    if is_blank(text):
        return _EMPTY
    raw = str(text)
    cleaned = clean(raw)
    if cleaned.lower() in _NO_COMPANY:
        return _EMPTY
    return _parse(raw, cleaned)


# characters that are simplified already but OpenCC's t2s rewrites outside its phrase list
# (乾 -> 干: 明乾教育 is not 明干教育)
_T2S_KEEP = frozenset("乾")
_T2S_KEEP_IN = re.compile("[" + "".join(sorted(_T2S_KEEP)) + "]")


@lru_cache(maxsize=65536)
def _parse(raw: str, text: str) -> Company:
    """``text`` is ``clean(raw)``."""
    if _T2S_KEEP_IN.search(raw):
        folded = fold(raw)
        if len(folded) == len(text):
            text = "".join(f if f in _T2S_KEEP else t for f, t in zip(folded, text, strict=True))
    if _CJK.search(text):
        return _parse_chinese(raw, _drop_spelled_brand(_drop_english_name(text)))
    return _parse_english(raw, text)


# an English name written beside the Chinese one, apart from it by a space: words of Latin
# letters (Co., Ltd., Huawei Technologies (Shenzhen) …)
_ENGLISH_TAIL = re.compile(r"(?<=[\u3400-\u9fff）)])\s+[A-Za-z][A-Za-z0-9.,&'()\- ]*$")
_ENGLISH_HEAD = re.compile(r"^[A-Za-z][A-Za-z0-9.,&'\-]*(?: [A-Za-z0-9.,&'()\-]+)+\s+(?=[\u3400-\u9fff])")


def _drop_english_name(text: str) -> str:
    """The Chinese name of a cell that gives the English one too, after it or before it
    (华为技术有限公司 Huawei Technologies Co., Ltd.).  A Latin brand that is part of the
    name (TCL科技, 3M中国) is not apart from it, and stays.

    >>> _drop_english_name("华为技术有限公司 Huawei Technologies Co., Ltd.")
    '华为技术有限公司'
    >>> _drop_english_name("Huarui Technology 深圳华锐科技有限公司"), _drop_english_name("TCL 科技集团")
    ('深圳华锐科技有限公司', 'TCL 科技集团')
    """
    if not text.isascii() and _LATIN3.search(text):
        tail = _ENGLISH_TAIL.search(text)
        if tail and len(_CJK.findall(text[: tail.start()])) >= 4:
            text = text[: tail.start()]
        head = _ENGLISH_HEAD.match(text)
        if head and len(_CJK.findall(text[head.end():])) >= 4:
            text = text[head.end():]
    return text


# a run of Latin letters inside a Chinese name, with the brackets or spaces around it
_LATIN_RUN = re.compile(r"[(（]?\s*([A-Za-z]{3,})\s*[)）]?")
_LATIN3 = re.compile("[A-Za-z]{3}")


def _drop_spelled_brand(text: str) -> str:
    """Drop a Latin run that spells a part of the Chinese name in pinyin (HUARUI华锐科技有限公司,
    华锐科技(Huarui)有限公司): the brand written twice.  A Latin brand of its own (TCL科技,
    OPPO广东移动通信) stays.

    >>> _drop_spelled_brand("HUARUI华锐科技有限公司"), _drop_spelled_brand("TCL科技集团股份有限公司")
    ('华锐科技有限公司', 'TCL科技集团股份有限公司')
    """
    if not _LATIN3.search(text) or not _LATIN_RUN.search(text):  # (the first test is cheaper)
        return text
    cjk = "".join(_CJK.findall(text))

    def spelled(m: re.Match[str]) -> str:
        word = m.group(1).lower()
        for n in range(2, 5):
            for i in range(len(cjk) - n + 1):
                if to_pinyin(cjk[i:i + n]) == word:
                    return ""
        return m.group()

    out = _LATIN_RUN.sub(spelled, text)
    return out if _CJK.search(out) else text


def _strip_region_prefix(s: str, outer: dict[str, str], longest: int) -> tuple[str, str]:
    region = ""
    while True:
        for n in range(min(longest, len(s) - 2), 1, -1):
            head = s[:n]
            if head in outer and head not in _NOT_A_PREFIX:
                region, s = outer[head], s[n:]
                break
        else:
            return s, region


@lru_cache(maxsize=1)
def _districts() -> tuple[dict[str, tuple[str, str, str, bool]], dict[str, tuple[tuple[str, str, str, bool], ...]]]:
    """(full district / county names -> (short, city short, province short, is a county),
    short names -> every such entry it may be)."""
    full: dict[str, tuple[str, str, str, bool]] = {}
    short: dict[str, list[tuple[str, str, str, bool]]] = {}
    path = files("dedupe") / "data" / "divisions.csv"
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["level"] != "district" or not row["district"]:
                continue
            name = row["district"]
            entry = (_short(name), _short(row["city"]) if row["city"] else "", _short(row["province"]),
                     name[-1] in "县旗")
            if row["province"] in ("台湾省", "香港特别行政区", "澳门特别行政区"):
                continue
            if len(name) >= 2:
                full.setdefault(name, entry)
            if "自治" in name and entry[0] != name:  # 酉阳土家族苗族自治县 is written 酉阳县, 双江自治县
                for suffix in (name[-1], "自治" + name[-1]):
                    full.setdefault(entry[0] + suffix, entry)
            if len(entry[0]) >= 2 and entry[0] != name:
                # 管城回族区 written 管城区; a county that became a district still written with its
                # old suffix (即墨市, 屯留县)
                for suffix in ("区", "县", "市"):
                    full.setdefault(entry[0] + suffix, entry)
            if entry[0] != name and len(entry[0]) >= 2:
                short.setdefault(entry[0], []).append(entry)
    for alias, name in _ALIASES.items():  # 喀左县, 达茂旗: contractions of long county names
        if name in full:
            full.setdefault(alias, full[name])
    return full, {k: tuple(v) for k, v in short.items()}


# Short county / district names that are also ordinary words of trade names; they count as
# a region only with their 区/县/市 written or after the city they belong to (光明乳业, 兴业银行).
_WORDLIKE_PLACES = frozenset("""
和平 新兴 永和 大方 太和 长丰 安福 永新 新乐 华容 通道 开化 德化 宁化 华安 东兴 兴宁 兴国 兴化 泰和 丰宁 安平 安国
宁国 建德 德兴 宝丰 长兴 永康 平安 吉利 光明 新华 红旗 长安 金山 福田 宝安 南山 青山 白云 天河 城关 江南 江北
城中 城东 城西 城北 城南 市中 新城 新市 高新 郊区 矿区 东方 永安 万年 龙华 华龙 中山 普陀 黄山 长城 永定 定远 富民
兴业 东风 新兴 河口 城厢 海港 开发 长宁 永宁 新都 金牛 金平 金川 金湖 金乡 金沙 金寨 金秀 金塔 金凤 金口河 美兰 龙泉
龙湖 龙岗 宏伟 和田 文化 民主 胜利 铁东 铁西 太平 大同 大通 大安 安乡 安远 长江 长乐 长顺 长治 长清 长泰 华夏 华蓥
振兴 明光 清河 新会 大洋 天元 天宁 天心 天山 天桥 太康 丰南 丰泽 丰润 丰城 盛京 宝山 宝塔 新北 新罗 鼓楼
""".split())
# a development zone or new area written after (or instead of) the region: 经济技术开发区, 西咸新区, 苏州工业园区
_ZONE = re.compile(
    "^[\u4e00-\u9fff]{0,5}?(?:经济技术开发区|高新技术产业开发区|高新技术开发区|经济开发区|技术开发区|开发区|高新区"
    "|经开区|特别合作区|合作区|综合保税区|综保区|保税区|工业园区|产业园区|工业园|科技园|园区|生态经济区|经济区|港务区|自贸区|新区|新城|示范区|试验区)")
# a town, street, village or road after a region: 千灯镇, 海洲街道, 燕南街, 教厂村, 工业路
_TOWN = re.compile("[^镇乡]{1,4}?(?:街道|镇|乡|街|村|路)")
_TOWN_CHAR = re.compile("[镇乡街村路]")
_NATIONAL = ("中国", "中华", "全国")
# schools, hospitals and institutes are named with their place: 中山大学 is not 中山 + 大学
_INSTITUTION = re.compile("(?:大学|学院|医院|中学|小学|学校|幼儿园|研究院|研究所)$")
# development areas written without 镇 / 街道 / 开发区 after their city or district
_AREAS = {a[:2]: a for a in "张江 漕河泾 陆家嘴 金桥 外高桥 临港 前海 蛇口 望京 亦庄 西二旗 上地 酒仙桥 松山湖 横琴 南沙 空港".split()}


@lru_cache(maxsize=1)
def _prefix_names() -> dict[str, tuple[str, ...]]:
    """Every province, city and district name (full and short) by its first two characters,
    longest first, so that a prefix is looked up among a handful of names."""
    outer = _regions()[0]
    dfull, dshort = _districts()
    index: dict[str, set[str]] = {}
    for name in (*outer, *dfull, *dshort):
        index.setdefault(name[:2], set()).add(name)
    return {k: tuple(sorted(v, key=lambda x: (-len(x), x))) for k, v in index.items()}


def _town(s: str) -> int:
    """Length of the longest town / street / village / road name at the start of ``s``
    that leaves two characters: 海头镇|渔乡味, 新街街道|桐欢."""
    best = 0
    if not _TOWN_CHAR.search(s, 1, 7):
        return 0
    for n in range(2, min(len(s) - 1, 7)):
        if _TOWN.fullmatch(s[:n]):
            best = n
    return best


def _known_town(s: str, context: set[str]) -> int:
    """Length of a town or street of a county named just before, written without 镇 / 街道, at
    the start of ``s`` and leaving two characters: 吴兴|织里|朵阳, 天河区|林和|九圆."""
    index = towns()
    for n in index.heads.get(s[:2], ()):
        if len(s) - n >= 2 and s[:n] in index.names and any(
                _short(county.district) in context for county, _ in index.names[s[:n]] if county.district):
            return n
    return 0


def _same_place(bracket: str, prefix: str) -> bool:
    """Whether a region written before the trade name fits the one in brackets after it: the
    same place, or one inside the other (天津万达(天津), 广东美的(佛山), 罗湖华强(深圳)).  A
    different place before the brackets is part of the trade name (和龙烨天(佛山): 和龙 is a
    county of 吉林)."""
    if bracket == prefix:
        return True
    city = city_of(prefix)
    return bool(city and city == city_of(bracket)) or _province_of_short(bracket) == prefix


def _province_of_short(short: str) -> str:
    """Short name of the province of a province or city short name ('' when unknown)."""
    province = province_of(short)
    return province_short(province) if province else ""


def _region_heads(s: str) -> list[str]:
    """The province and city names ``s`` starts with."""
    outer = _regions()[0]
    return [head for head in _prefix_names().get(s[:2], ()) if s.startswith(head) and head in outer]


def _starts_with_region(s: str) -> bool:
    """Whether ``s`` starts with a province or city name and goes on after it."""
    return any(len(s) > len(head) and head not in _NOT_A_PREFIX for head in _region_heads(s))


def _one_after_region(s: str) -> bool:
    """Whether ``s`` is a province or city name and one character more (深圳易)."""
    return any(len(s) == len(head) + 1 for head in _region_heads(s))


def _strip_prefixes(s: str, place_brand: bool = False, formal: bool = True) -> tuple[str, str, bool]:
    """Regions written before the trade name: (rest, region, national).  A prefix is taken
    only when two characters of trade name stay after it, or, for a province / city / full
    district name, when nothing does (北京科技: a name without a trade name).  With
    ``place_brand`` a county or district name is kept when nothing would stay: a joint-stock
    company or group always has a trade name, and then it is the place (紫金矿业集团)."""
    outer = _regions()[0]
    dfull, dshort = _districts()
    index = _prefix_names()
    region, context, national = "", set(), False
    while s:
        size = len(s)
        for name in _NATIONAL:
            if s.startswith(name) and (size - len(name) >= 2 or size == len(name)):
                national, s = True, s[len(name):]
                break
        else:
            for head in index.get(s[:2], ()):
                if not s.startswith(head):
                    continue
                n = len(head)
                rest = size - n
                if rest == 1 and (head not in outer or outer[head] == head) and head not in dfull:
                    continue  # a short name taking all but one character: 白云|山
                if head in outer and head not in _NOT_A_PREFIX:
                    short = outer[head]
                    if context and short not in context and _province_of_short(short) not in context:
                        return s, region, national  # 广州|金昌软件: a city not in the one before is the trade name
                    region = short if not region or short != region else region
                    context.add(short)
                    s = s[n:]
                    break
                if not rest and place_brand and (head in dfull or head in dshort):
                    continue
                entry = dfull.get(head)
                if entry and (head[-1] in "区县市旗" or head not in _WORDLIKE_PLACES):
                    region = region or entry[1] or entry[0]
                    context.update(entry[:3])
                    s = s[n:]
                    break
                if head in dshort:
                    entries = dshort[head]
                    # with nothing after it, only the city it belongs to makes it a region
                    inside = [e for e in entries if e[1] in context or (rest and e[2] in context)]
                    # a county's bare short name only in a registered name (with its legal form):
                    # 盐山瑞通钢管有限公司, but 隆德合航 may be a trade name
                    if inside or (rest and not context and head not in _WORDLIKE_PLACES
                                  and (formal or not all(e[3] for e in entries))):
                        e = (inside or entries)[0]
                        cities = {x[1] for x in entries}
                        region = region or (e[1] if len(cities) == 1 else e[0])
                        context.update(e[:3])
                        s = s[n:]
                        break
            else:
                m = _ZONE.match(s) if ("区" in s or "城" in s or "园" in s) else None
                end = m.end() if m and len(s) - m.end() >= 2 else 0
                if not end and context:
                    area = _AREAS.get(s[:2], "")
                    end = len(area) if area and s.startswith(area) and len(s) - len(area) >= 2 else 0
                if not end and (context or national):
                    end = _town(s)
                if not end and context:
                    end = _known_town(s, context)
                if not end:
                    return s, region, national
                context.add(s[:end])
                s = s[end:]
    return s, region, national


@lru_cache(maxsize=1)
def _tail_vocab() -> frozenset[str]:
    """Industry words and the province / city names that may follow a trade name."""
    return INDUSTRIES | {name for name in _regions()[0] if name not in _NOT_A_PREFIX and len(name) <= _MAX_INDUSTRY}


_INNER_FORMS = ("服务中心", "经营中心", "中心", "商店", "商行", "厂", "店")  # longest first
# legal forms by their last character, longest first
_FORMS_BY_LAST: dict[str, tuple[str, ...]] = {
    last: tuple(sorted((f for f in LEGAL_FORMS if f[-1] == last), key=lambda f: (-len(f), f)))
    for last in {f[-1] for f in LEGAL_FORMS}
}
_BANK_KINDS = frozenset({"农村商业", "农商", "商业", "城市商业", "村镇", "农村合作", "农村信用"})


@lru_cache(maxsize=65536)
def _tail_words(s: str) -> tuple[str, ...]:
    """The longest tail of ``s`` (two characters kept) that reads as industry words and
    region names, split into those words; a one-character product may end it (茅台|酒)."""
    size = len(s)
    step = [0] * (size + 1)  # step[i]: length of the first word when s[i:] reads wholly as words
    step[size] = -1
    if s[-1] in _PRODUCT_CHAR:
        step[size - 1] = 1
    ends = [size, size - 1] if step[size - 1] else [size]  # where a reading may end a word
    vocab = _tail_vocab()
    for i in range(size - 2, 1, -1):
        for end in reversed(ends):  # longest word first
            if 2 <= end - i <= _MAX_INDUSTRY and s[i:end] in vocab:
                step[i] = end - i
                ends.insert(0, i)  # ends stay in ascending order
                break
    for i in range(2, size):
        if step[i] > 0:
            out = []
            while i < size:
                out.append(s[i : i + step[i]])
                i += step[i]
            return tuple(out)
    return ()


# a legal form some write before the name (个体户张三, 个体工商户：王五水果店)
_LEADING_FORM = re.compile("个体工商户|个体户|个人独资企业")


def _parse_chinese(raw: str, text: str) -> Company:
    outer, bracket, _, longest = _regions()
    full = _QUOTES.sub("", strip_spaces(text))
    if _ODD_BRACKET.search(full):
        full = full.translate(_BRACKETS)
    m = _FORM_TYPO.search(full, max(len(full) - _MAX_FORM_TYPO, 0))  # anchored at the end: look only there
    if m:
        full = full[: m.start()] + _FORM_TYPO_FIX[m.group()]
    # brackets: a region is taken out; a legal-form word (集团, 有限合伙) is unwrapped; anything else
    # (原XX公司, 筹) dropped
    region = bracketed = trailing_branch = ""
    pieces: list[str] = []
    last = 0
    for m in _BRACKET.finditer(full) if "(" in full else ():  # (every bracket is '(' by now)
        pieces.append(full[last : m.start()])
        inner = m.group(1)
        if inner in outer or inner in bracket:
            region = region or outer.get(inner) or bracket[inner]
            bracketed = region
        elif inner in LEGAL_FORMS or inner in ("集团", "控股"):
            pieces.append(inner)
        elif _BRANCH_SUFFIX.search(inner) and m.end() >= len(full.rstrip()) - 1:
            trailing_branch = inner  # 锐中网络科技有限公司(苏州分公司)
        last = m.end()
    pieces.append(full[last:])
    if trailing_branch:
        pieces.append(trailing_branch)
    s = _NOT_WORD.sub("", "".join(pieces)).replace("(", "").replace(")", "")
    first = _LEADING_FORM.match(s)
    if first and len(s) - first.end() >= 2:  # 个体户张三: the form written first is read at the end
        s = s[first.end():] + first.group()
    if s in LEGAL_FORMS or _BRANCH_SUFFIX.fullmatch(s):  # '有限公司', '分公司' alone name nobody
        return Company(raw, full, region, "", "", LEGAL_FORMS.get(s, ""), "", "", "", "")

    branch = parent = ""
    m = _BRANCH_SUFFIX.search(s, max(len(s) - 5, 0))
    if m and m.start() > 0:
        head = s[: m.start()]
        ends = [e.end() for e in _FORM_END.finditer(head)]
        if _AREA_BRANCH.search(s):
            cut = m.start()
        elif ends and ends[-1] >= 2:
            cut = ends[-1]  # after the legal form: 字节跳动科技有限公司|上海分公司
        else:  # no legal form: the region just before the suffix, or two characters
            cut = next((m.start() - n for n in range(min(longest, m.start() - 2), 1, -1)
                        if head[-n:] in outer or head[-n:] in bracket), max(m.start() - 2, 2))
        if 2 <= cut < len(s):
            written, s = s[cut:], s[:cut]
            parent = full[: -len(written)] if full.endswith(written) else s
            rest, branch_region = _strip_region_prefix(written, _all_regions(), longest)
            branch = written
            if branch_region and rest and _BRANCH_SUFFIX.fullmatch(rest):
                branch = branch_region + rest  # 上海市分公司 -> 上海分公司
                region = branch_region
            elif branch_region:  # 深圳分行营业部, 南京中山路营业部: the first place named
                regions = _all_regions()
                region = next(regions[written[:n]] for n in range(min(longest, len(written)), 1, -1)
                              if written[:n] in regions)

    # a bank keeps 银行 in its trade name (招商银行, 北京银行)
    legal_form = ""
    for form in _FORMS_BY_LAST.get(s[-1:], ()):
        if s.endswith(form) and len(s) > len(form) and not (len(form) <= 2 and s.endswith("银行")):
            legal_form, s = LEGAL_FORMS[form], s[: -len(form)]
            # a form inside a form: 旅游服务中心(有限合伙), 洋河酒厂股份有限公司, 美业店(个体工商户)
            if form in ("个体工商户", "有限合伙", "普通合伙"):
                inner = next((f for f in _FORMS_BY_LAST.get(s[-1:], ()) if s.endswith(f) and len(s) > len(f) + 1), "")
                s = s[: len(s) - len(inner)]
                legal_form = LEGAL_FORMS[inner] if inner and form == "个体工商户" else legal_form
            for inner in _INNER_FORMS:
                if s.endswith(inner) and len(s) > len(inner) + 1:
                    s = s[: -len(inner)]
                    break
            break
    bank = s.endswith("银行") and len(s) > 2
    if bank:
        s = s[:-2]
    # from the end: industry words and a region written after the trade name (力赛佳管道支架
    # 技术上海), the most that reads so while two characters of trade name stay
    tail = list(_tail_words(s)) if len(s) > 2 and not bank else []
    while True:
        whole = s[: len(s) - sum(map(len, tail))]
        rest, prefix_region, national = _strip_prefixes(whole, legal_form.startswith(("股份", "集团")),
                                                        bool(legal_form))
        if bracketed and prefix_region and not national and not _same_place(bracketed, prefix_region):
            rest, prefix_region = whole, ""  # 和龙烨天(佛山)科技: the bracket names the place, 和龙 is brand
        if (tail and tail[0] in outer and tail[0] not in INDUSTRIES
                and (len(rest) == 1 or (rest == whole and _starts_with_region(whole))
                     or (not rest and prefix_region and outer[tail[0]] != prefix_region
                         and _province_of_short(outer[tail[0]]) != prefix_region))):
            # 延边朝鲜族自治州长|白山贸易: the region read at the end took the trade name;
            # 上海|亿兴安企业管理咨询: a name that starts with its region does not end with another;
            # 广州|金昌|软件: nor is a city outside the first one a second region
            del tail[0]
            continue
        if (len(tail) > 1 and tail[0] in INDUSTRIES
                and (len(rest) == 1 or (rest == whole and _one_after_region(whole)))):
            # 深圳|易|动力|电子: an industry word took all but one character of the trade name,
            # and another is left for the industry: 易动力 + 电子
            del tail[0]
            continue
        break
    s = rest
    for word in tail:
        if word in outer and word not in INDUSTRIES:
            region = region or outer[word]
    region = region or prefix_region
    words = [w for w in tail if w in INDUSTRIES or w in _PRODUCT_CHAR]
    industry = "".join(words)
    words.reverse()
    if bank:
        # 中国工商银行 -> 工商银行; 北京银行, 中国银行, 北京农村商业银行 keep their region
        bare = whole
        while True:  # only provinces, cities and 中国 come off a bank's name: 上海|浦东发展银行
            n = next((n for n in range(min(longest, len(bare) - 2), 1, -1)
                      if bare[:n] in outer or bare[:n] in _NATIONAL), 0)
            if not n:
                break
            bare = bare[n:]
        brand = (bare if bare not in _BANK_KINDS else whole) + "银行"
        industry = ""
    elif s and _INSTITUTION.search(s):
        brand = whole  # 中山大学, 北京协和医院: the place belongs to the name
    elif s:
        brand = s
    elif national and words:
        brand = whole + words[-1]  # 中国人寿保险 -> 中国人寿, 中国石油天然气 -> 中国石油
        industry = "".join(reversed(words[:-1]))
    else:
        brand = ""  # 无锡市保险公司: region and industry only
    # no trade name: region and industry, so that two such names stay apart
    key = brand or (region + industry if industry else whole)
    key = key + ("#" + branch if branch and key else "")
    return Company(raw, full, region, brand, industry, legal_form, branch, parent, key, _phrase_pinyin(brand))


# --- English names ---------------------------------------------------------

_EN_LEGAL: tuple[tuple[tuple[str, ...], str], ...] = (
    (("group", "co", "ltd"), "集团有限公司"), (("group", "company", "limited"), "集团有限公司"),
    (("group", "co", "limited"), "集团有限公司"), (("joint", "stock", "co", "ltd"), "股份有限公司"),
    (("stock", "co", "ltd"), "股份有限公司"), (("co", "ltd"), "有限公司"), (("co", "limited"), "有限公司"),
    (("company", "limited"), "有限公司"), (("limited", "liability", "company"), "有限公司"),
    (("limited",), "有限公司"), (("ltd",), "有限公司"), (("inc",), "有限公司"), (("incorporated",), "有限公司"),
    (("corp",), "有限公司"), (("corporation",), "有限公司"), (("llc",), "有限公司"), (("plc",), "股份有限公司"),
    (("gmbh",), "有限公司"), (("co",), "公司"), (("company",), "公司"), (("group",), "集团"),
    (("studio",), "工作室"), (("factory",), "厂"), (("partnership",), "合伙企业"),
)
_EN_INDUSTRY: tuple[tuple[tuple[str, ...], str], ...] = (
    (("science", "and", "technology"), "科技"), (("sci", "tech"), "科技"),
    (("information", "technology"), "信息技术"), (("network", "technology"), "网络科技"),
    (("biological", "technology"), "生物科技"), (("bio", "technology"), "生物科技"),
    (("investment", "management"), "投资管理"), (("management", "consulting"), "管理咨询"),
    (("catering", "management"), "餐饮管理"), (("culture", "media"), "文化传媒"),
    (("construction", "engineering"), "建筑工程"), (("import", "and", "export"), "进出口"),
    (("import", "export"), "进出口"), (("e", "commerce"), "电子商务"), (("supply", "chain"), "供应链"),
    (("new", "energy"), "新能源"), (("real", "estate"), "房地产"), (("medical", "devices"), "医疗器械"),
    (("technology",), "科技"), (("technologies",), "科技"), (("tech",), "科技"), (("trading",), "贸易"),
    (("trade",), "贸易"), (("ecommerce",), "电子商务"), (("industrial",), "实业"), (("industry",), "实业"),
    (("industries",), "实业"), (("investment",), "投资"), (("investments",), "投资"), (("logistics",), "物流"),
    (("biotechnology",), "生物科技"), (("biotech",), "生物科技"), (("software",), "软件"),
    (("consulting",), "咨询"), (("consultancy",), "咨询"), (("pharmaceutical",), "医药"),
    (("pharmaceuticals",), "医药"), (("pharma",), "医药"), (("media",), "传媒"), (("electronics",), "电子"),
    (("electronic",), "电子"), (("engineering",), "工程"), (("network",), "网络"), (("energy",), "能源"),
    (("medical",), "医疗"), (("holdings",), "控股"), (("holding",), "控股"), (("information",), "信息"),
    (("intelligent",), "智能"), (("education",), "教育"), (("materials",), "材料"), (("machinery",), "机械"),
    (("environmental", "protection"), "环保"), (("environmental",), "环保"), (("food",), "食品"),
    (("foods",), "食品"), (("garment",), "服装"), (("garments",), "服装"), (("clothing",), "服装"),
    (("apparel",), "服饰"), (("management",), "管理"), (("enterprise",), "企业"), (("furniture",), "家具"),
    (("textile",), "纺织"), (("textiles",), "纺织"), (("chemical",), "化工"), (("chemicals",), "化工"),
    (("property",), "物业"), (("advertising",), "广告"), (("communication",), "传播"), (("culture",), "文化"),
    (("automation",), "自动化"), (("equipment",), "设备"), (("packaging",), "包装"), (("printing",), "印刷"),
    (("decoration",), "装饰"), (("design",), "设计"), (("agriculture",), "农业"), (("agricultural",), "农业"),
    (("tourism",), "旅游"), (("hotel",), "酒店"), (("health",), "健康"), (("financial", "services"), "金融服务"),
    (("human", "resources"), "人力资源"), (("data",), "数据"), (("automobile",), "汽车"), (("auto",), "汽车"),
    (("construction",), "建筑"), (("services",), "服务"), (("service",), "服务"),
    (("precision",), "精密"), (("manufacturing",), "制造"), (("manufacture",), "制造"), (("mobile",), "移动"),
    (("electric",), "电气"), (("electrical",), "电气"),
    (("optronics",), "光电"), (("optoelectronics",), "光电"), (("optoelectronic",), "光电"),
    (("insurance",), "保险"), (("securities",), "证券"), (("semiconductor",), "半导体"),
    (("new", "materials"), "新材料"), (("new", "material"), "新材料"), (("material",), "材料"),
    (("photoelectric",), "光电"), (("auto", "parts"), "汽车零部件"), (("intelligent", "equipment"), "智能装备"),
    (("equipments",), "设备"), (("instruments",), "仪器"), (("instrument",), "仪器"), (("apparatus",), "器材"),
    (("cement",), "水泥"), (("medicine",), "医药"), (("heavy", "industry"), "重工"),
    (("heavy", "industries"), "重工"), (("electric", "appliances"), "电器"), (("home", "appliances"), "家电"),
    (("appliances",), "电器"), (("appliance",), "电器"), (("steel",), "钢铁"), (("mining",), "矿业"),
    (("brewery",), "啤酒"), (("beverage",), "饮料"), (("beverages",), "饮料"), (("dairy",), "乳业"),
    (("paper",), "纸业"), (("glass",), "玻璃"), (("tyre",), "轮胎"), (("tire",), "轮胎"), (("motor",), "汽车"),
    (("motors",), "汽车"), (("automotive",), "汽车"), (("cable",), "电缆"), (("cables",), "电缆"),
    (("optical",), "光学"), (("lighting",), "照明"), (("cosmetics",), "化妆品"), (("jewelry",), "珠宝"),
    (("commerce",), "商务"), (("commercial",), "商业"), (("digital",), "数字"), (("cloud",), "云"),
)
# words between the brand and the industry that carry no identity
_EN_FILLER = frozenset({"international", "intl", "china", "global", "development", "and", "the", "of"})
_EN_TOKEN = re.compile(r"[a-z0-9]+")
_EN_FORM_WORDS = frozenset({"co", "ltd", "limited", "inc", "company", "corp", "corporation", "incorporated"})
# the longest ending first: 'heavy industry' before 'industry'
_EN_LEGAL = tuple(sorted(_EN_LEGAL, key=lambda entry: -len(entry[0])))
_EN_INDUSTRY = tuple(sorted(_EN_INDUSTRY, key=lambda entry: -len(entry[0])))


def _by_last_word(table: tuple[tuple[tuple[str, ...], str], ...]) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """The entries of a table by their last word, longest first (as in the table)."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, canonical in table:
        out.setdefault(words[-1], []).append((words, canonical))
    return {k: tuple(v) for k, v in out.items()}


_EN_LEGAL_BY_LAST = _by_last_word(_EN_LEGAL)
_EN_INDUSTRY_BY_LAST = _by_last_word(_EN_INDUSTRY)


def _strip_tail(tokens: list[str], table: dict[str, tuple[tuple[tuple[str, ...], str], ...]]) -> str:
    """Take the longest entry of ``table`` the tokens end in (a token must stay) off them."""
    for words, canonical in table.get(tokens[-1], ()) if tokens else ():
        n = len(words)
        if len(tokens) > n and tuple(tokens[-n:]) == words:
            del tokens[-n:]
            return canonical
    return ""


@lru_cache(maxsize=1)
def _en_districts() -> dict[str, tuple[tuple[str, str, str, bool], ...]]:
    """Pinyin of district / county short names -> every entry it may be (nanshan: 深圳's and
    包头's)."""
    seen: dict[str, list[tuple[str, str, str, bool]]] = {}
    for short, entries in _districts()[1].items():
        if len(short) >= 2:
            seen.setdefault(_phrase_pinyin(short), []).extend(entries)
    outer_pinyin = _regions()[2]
    return {k: tuple(v) for k, v in seen.items() if k not in outer_pinyin}


def _en_region(tokens: list[str], index: int) -> tuple[int, str] | None:
    """(number of tokens, short name) of a region name starting at ``index``."""
    pinyin = _regions()[2]
    for n in (3, 2, 1):
        words = tokens[index : index + n]
        if len(words) == n and "".join(words) in pinyin:
            return n, pinyin["".join(words)]
    return None


def _parse_english(raw: str, text: str) -> Company:
    full = text
    lowered = text.lower().replace("&", " and ")
    region = ""
    # a region in brackets anywhere: 'Huarui (Shenzhen) Technology'
    for m in re.finditer(r"\(([^()]*)\)", lowered):
        found = _en_region(_EN_TOKEN.findall(m.group(1)), 0)
        if found:
            region = region or found[1] or ""
        lowered = lowered.replace(m.group(), " " if found or "china" in m.group() else m.group(1), 1)
    tokens = _EN_TOKEN.findall(lowered)
    branch = ""
    branch_region: str | None = None
    if len(tokens) > 1 and tokens[-1] in ("branch", "office"):
        kind = "办事处" if tokens[-1] == "office" else "分公司"
        del tokens[-1]
        if tokens and tokens[-1] == "representative":
            del tokens[-1]
        for start in range(max(len(tokens) - 3, 1), len(tokens)):
            found = _en_region(tokens, start)
            if found and start + found[0] == len(tokens):
                branch = (found[1] or " ".join(tokens[start:]).title()) + kind
                branch_region = found[1]
                del tokens[start:]
                break
        else:
            branch = kind
    legal_form = industry = ""
    # '... Inc. of Zhuhai', '... Company of China, Ltd.': a place after 'of' is no part of the brand
    for start in range(len(tokens) - 2, 0, -1):
        if tokens[start] == "of":
            if tokens[start - 1] not in _EN_FORM_WORDS:  # Bank of China is a name
                break
            place = [t for t in tokens[start + 1 :] if t not in _EN_FORM_WORDS]
            forms = [t for t in tokens[start + 1 :] if t in _EN_FORM_WORDS]
            found = _en_region(place, 0) if place else None
            if place == ["china"] or (found and found[0] == len(place)):
                region = region or (found[1] if found else "")
                del tokens[start:]
                tokens.extend(forms)
            break
    while True:  # 'Alibaba Group Holding Limited': legal forms, industries and fillers interleave
        form = _strip_tail(tokens, _EN_LEGAL_BY_LAST)
        ind = "" if form else _strip_tail(tokens, _EN_INDUSTRY_BY_LAST)
        legal_form = legal_form or form
        industry = ind + industry
        if not form and not ind:
            if len(tokens) > 1 and tokens[-1] in _EN_FILLER and tokens[-2] != "of":  # Bank of China
                tokens.pop()
            else:
                break
    if len(tokens) > 1 and tokens[0] == "china":  # China Vanke: 中国 before a trade name
        del tokens[0]
    if len(tokens) > 1:
        found = _en_region(tokens, 0)
        if found and found[0] < len(tokens):
            region = region or found[1]
            del tokens[: found[0]]
    if len(tokens) > 1:  # a district or county-level city: (Shenzhen) Nanshan, Kunshan
        entries = _en_districts().get(tokens[0], ())
        if region:
            inside = [e for e in entries if region in e[1:3]]
        else:  # alone, only a reading that is one place and no ordinary word
            inside = [e for e in entries if len(entries) == 1 and e[0] not in _WORDLIKE_PLACES]
        if inside:
            region = region or inside[0][1]
            del tokens[0]
    if len(tokens) > 1:
        for start in range(max(len(tokens) - 3, 1), len(tokens)):
            found = _en_region(tokens, start)
            if found and start + found[0] == len(tokens):
                region = region or found[1]
                del tokens[start:]
                break
    if branch_region is not None:
        # the branch's place, as for 苏州分公司; one whose reading is two cities (Suzhou:
        # 苏州 / 宿州) leaves it unknown, not the parent's
        region = branch_region
    brand = " ".join(t.capitalize() for t in tokens)
    pinyin = "".join(tokens)
    parent = ""
    if branch:
        parent = re.split(r"(?i)\s+(?:[a-z]+\s+)?(?:representative\s+)?(?:branch|office)\s*$", full)[0].strip(" ,")
    key = pinyin + ("#" + branch if branch else "") if pinyin else ""
    return Company(raw, full, region, brand, industry, legal_form, branch, parent, key, pinyin)
