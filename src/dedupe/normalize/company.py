"""Company names.

A Chinese registered company name reads ``[region] trade-name [industry]
legal-form``, with the region also written in brackets after the trade name
or left out, and a branch written after the legal form::

    北京      字节跳动   科技      有限公司
    字节跳动  (北京)     科技      有限责任公司
    字节跳动  科技       有限公司  上海分公司

:func:`parse_company` splits a name into those parts.  ``key`` is the trade
name (字号), plus ``#`` and the branch for a branch, so the many ways one
company is written give one key while the region is compared separately.
Region names come from ``data/divisions.csv``: province and city short names
as a prefix, in brackets or as a suffix; district names only in brackets
(``(海淀)``).  English names (``Shenzhen Huarui Technology Co., Ltd.``) are
parsed the same way, and ``brand_pinyin`` lets them meet their Chinese form.

>>> c = parse_company("字节跳动（北京）科技有限公司")
>>> c.full, c.region, c.brand, c.industry, c.legal_form, c.key
('字节跳动(北京)科技有限公司', '北京', '字节跳动', '科技', '有限公司', '字节跳动')
>>> parse_company("北京字节跳动科技").key == parse_company("字节跳动科技有限责任公司").key
True
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

from .name import to_pinyin
from .text import clean, is_blank, strip_spaces

__all__ = ["Company", "parse_company", "LEGAL_FORMS", "INDUSTRIES"]


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
                         "家庭主妇", "退休", "无业", "待业", "无单位", "没有", "individual", "personal", "self",
                         "self-employed", "freelance", "student", "retired", "none"})

# Written legal form -> canonical form, matched longest first at the end of the name.
LEGAL_FORMS: dict[str, str] = {
    "集团股份有限公司": "集团股份有限公司", "集团有限责任公司": "集团有限公司", "集团有限公司": "集团有限公司",
    "集团公司": "集团", "集团": "集团", "控股集团有限公司": "集团有限公司",
    "股份有限公司": "股份有限公司", "股份公司": "股份有限公司",
    "有限责任公司": "有限公司", "有限公司": "有限公司", "总公司": "公司", "公司": "公司",
    "合伙企业有限合伙": "合伙企业", "合伙企业普通合伙": "合伙企业", "合伙企业特殊普通合伙": "合伙企业",
    "有限合伙": "合伙企业", "普通合伙": "合伙企业", "特殊普通合伙": "合伙企业", "合伙企业": "合伙企业",
    "个人独资企业": "个人独资企业", "个体工商户": "个体工商户", "工作室": "工作室", "事务所": "事务所",
    "研究院": "研究院", "研究所": "研究所", "合作社": "合作社", "商行": "商行", "经营部": "经营部",
    "门市部": "门市部", "厂": "厂", "分厂": "厂", "商店": "店", "店": "店",
}
# Words of the industry (行业) part, matched longest first just before the legal form.
INDUSTRIES: frozenset[str] = frozenset("""
科技 信息技术 信息科技 网络科技 网络技术 电子商务 贸易 商贸 国际贸易 进出口 实业 实业发展 投资 投资管理 投资咨询
资产管理 股权投资 投资控股 控股 餐饮 餐饮管理 文化传媒 传媒 文化传播 文化发展 文化 广告 医药 医药科技 生物医药
医疗器械 医疗科技 医疗 建筑工程 建设工程 建筑 建设 工程 工程技术 物流 国际物流 供应链 供应链管理 货运代理 运输
生物科技 生物技术 软件 软件技术 软件开发 咨询 管理咨询 企业管理 企业管理咨询 商务咨询 信息咨询 技术 技术开发
技术服务 科技发展 科技开发 信息 信息服务 数据 数据科技 智能 智能科技 智能技术 互联网 互联网科技 网络 通信 通信技术
通讯 电子 电子科技 电子技术 电器 电气 机械 机械设备 设备 自动化 自动化设备 环保 环保科技 环境 环境科技 新能源
能源 能源科技 化工 新材料 材料 食品 服饰 服装 纺织 家具 家居 汽车 汽车服务 汽车销售 房地产 房地产开发 置业 地产
物业 物业管理 物业服务 人力资源 人力资源服务 教育 教育科技 教育咨询 培训 金融 金融服务 金融信息服务 光电 半导体
包装 印刷 装饰 装饰工程 装饰设计 装修 设计 园林 园林绿化 农业 农业科技 旅游 旅行社 酒店 酒店管理 健康 健康管理
健康科技 影视 影视文化 体育 电力 石油 钢铁 有色金属 保险 保险代理 证券 商业 商业管理 会展 展览 营销 营销策划
品牌管理 策划 传感 仪器 仪器仪表 精密 精密机械 模具 塑胶 五金 照明 光伏 电池 动漫 游戏 网络游戏 数码 计算机
系统 系统集成 工业 制造 制药 药业 生物 生物工程 健康产业 供热 燃气 水务 安防 安全技术 检测 检测技术 创业投资
云计算 大数据 人工智能 区块链 跨境电商 电商 实业投资 企业 发展 商务 服务 管理 国际
""".split())
_MAX_INDUSTRY = max(map(len, INDUSTRIES))
_BRANCH_SUFFIX = re.compile(
    "(?:分公司|分行|支行|办事处|代表处|分店|分部|营业部|分厂|分所|分院|分中心|分校|门店|服务部|营业厅"
    "|(?:华南|华北|华东|华中|华西|西南|西北|东北|东南)(?:大区|区|区域))$")
_AREA_BRANCH = re.compile("(?:华南|华北|华东|华中|华西|西南|西北|东北|东南)(?:大区|区|区域)$")
_FORM_END = re.compile("(?:有限责任公司|股份有限公司|有限公司|集团|公司|银行|厂|店)")
_BRACKET = re.compile(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NOT_WORD = re.compile(r"[^\w()]")
# short names that are also common words at the start of a trade name
_NOT_A_PREFIX = frozenset({"东方", "阿里", "万宁", "白银", "安康", "来宾", "中西", "东区", "南区", "北区", "海域"})
# what is left after the region and industry are taken off must still name something
_GENERIC = frozenset({"银行", "中国", "中华", "国际", "全国"})
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
            if suffix.startswith("自治"):
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
                   "peking": "北京", "canton": "广州", "innermongolia": "内蒙古", "tibet": "西藏"})
    longest = max(map(len, outer))
    return outer, bracket, pinyin, longest


@lru_cache(maxsize=4096)
def _polyphonic(ch: str) -> bool:
    from pypinyin.pinyin_dict import pinyin_dict

    return "," in pinyin_dict.get(ord(ch), "")


@lru_cache(maxsize=65536)
def _phrase_pinyin(text: str) -> str:
    """Pinyin of a trade name: per character, through pypinyin's phrase dictionary
    only when a polyphonic character needs context (长虹 changhong, 重庆 chongqing)."""
    if any(_polyphonic(ch) for ch in text if _CJK.match(ch)):
        from pypinyin import Style, lazy_pinyin

        parts = lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: [c for c in s.lower() if c.isalnum()])
        return "".join(p for p in parts if p.isascii()).lower()
    return to_pinyin(text)


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
    if is_blank(text) or clean(str(text)).lower() in _NO_COMPANY:
        return _EMPTY
    return _parse(str(text))


@lru_cache(maxsize=65536)
def _parse(raw: str) -> Company:
    text = clean(raw)
    if _CJK.search(text):
        return _parse_chinese(raw, text)
    return _parse_english(raw, text)


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


def _parse_chinese(raw: str, text: str) -> Company:
    outer, bracket, _, longest = _regions()
    full = strip_spaces(text)
    full = full.replace("[", "(").replace("]", ")").replace("【", "(").replace("】", ")")
    # brackets: a region is taken out; a legal-form word (集团, 有限合伙) is unwrapped; anything else dropped
    region = trailing_branch = ""
    pieces: list[str] = []
    last = 0
    for m in _BRACKET.finditer(full):
        pieces.append(full[last : m.start()])
        inner = m.group(1)
        if inner in outer or inner in bracket:
            region = region or outer.get(inner) or bracket[inner]
        elif inner in LEGAL_FORMS or inner in ("集团", "控股"):
            pieces.append(inner)
        elif _BRANCH_SUFFIX.search(inner) and m.end() >= len(full.rstrip()) - 1:
            trailing_branch = inner  # 锐中网络科技有限公司(苏州分公司)
        last = m.end()
    pieces.append(full[last:])
    if trailing_branch:
        pieces.append(trailing_branch)
    s = _NOT_WORD.sub("", "".join(pieces)).replace("(", "").replace(")", "")

    branch = parent = ""
    m = _BRANCH_SUFFIX.search(s)
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
            rest, branch_region = _strip_region_prefix(written, {**outer, **bracket}, longest)
            branch = written
            if branch_region and rest and _BRANCH_SUFFIX.fullmatch(rest):
                branch = branch_region + rest  # 上海市分公司 -> 上海分公司
                region = branch_region

    # legal form at the end
    legal_form = ""
    for n in range(min(10, len(s)), 0, -1):
        if s[-n:] in LEGAL_FORMS:
            legal_form, s = LEGAL_FORMS[s[-n:]], s[:-n]
            break
    # region prefixes: 北京字节跳动, 广东省深圳市华为 (the most specific is kept)
    before = s
    s, prefix_region = _strip_region_prefix(s, outer, longest)
    region = region or prefix_region
    # industry words, possibly several: 腾讯|计算机|系统, 小米|通讯|技术
    industry = ""
    while len(s) > 2:
        n = next((n for n in range(min(_MAX_INDUSTRY, len(s) - 2), 1, -1) if s[-n:] in INDUSTRIES), 0)
        if not n:
            break
        industry, s = s[-n:] + industry, s[:-n]
    # a region as suffix of the trade name: 字节跳动北京
    for n in range(min(longest, len(s) - 2), 1, -1):
        if s[-n:] in outer:
            region = region or outer[s[-n:]]
            s = s[:-n]
            break
    if s in _GENERIC or s in INDUSTRIES:
        s = before[: len(before) - len(s) - len(industry)] + s if prefix_region else s  # 北京银行
    brand = s
    key = brand + ("#" + branch if branch else "") if brand else ""
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
)
# words between the brand and the industry that carry no identity
_EN_FILLER = frozenset({"international", "intl", "china", "global", "development", "and", "the", "of"})
_EN_TOKEN = re.compile(r"[a-z0-9]+")


def _strip_tail(tokens: list[str], table: tuple[tuple[tuple[str, ...], str], ...]) -> str:
    for words, canonical in table:
        n = len(words)
        if len(tokens) > n and tuple(tokens[-n:]) == words:
            del tokens[-n:]
            return canonical
    return ""


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
    if len(tokens) > 1 and tokens[-1] in ("branch", "office"):
        kind = "办事处" if tokens[-1] == "office" else "分公司"
        del tokens[-1]
        if tokens and tokens[-1] == "representative":
            del tokens[-1]
        for start in range(max(len(tokens) - 3, 1), len(tokens)):
            found = _en_region(tokens, start)
            if found and start + found[0] == len(tokens):
                branch = (found[1] or " ".join(tokens[start:]).title()) + kind
                region = found[1] or region
                del tokens[start:]
                break
        else:
            branch = kind
    legal_form = industry = ""
    while True:  # 'Alibaba Group Holding Limited': legal forms, industries and fillers interleave
        form = _strip_tail(tokens, _EN_LEGAL)
        ind = "" if form else _strip_tail(tokens, _EN_INDUSTRY)
        legal_form = legal_form or form
        industry = ind + industry
        if not form and not ind:
            if len(tokens) > 1 and tokens[-1] in _EN_FILLER:
                tokens.pop()
            else:
                break
    if len(tokens) > 1:
        found = _en_region(tokens, 0)
        if found and found[0] < len(tokens):
            region = region or found[1]
            del tokens[: found[0]]
    if len(tokens) > 1:
        for start in range(max(len(tokens) - 3, 1), len(tokens)):
            found = _en_region(tokens, start)
            if found and start + found[0] == len(tokens):
                region = region or found[1]
                del tokens[start:]
                break
    brand = " ".join(t.capitalize() for t in tokens)
    pinyin = "".join(tokens)
    parent = ""
    if branch:
        parent = re.split(r"(?i)\s+(?:[a-z]+\s+)?(?:representative\s+)?(?:branch|office)\s*$", full)[0].strip(" ,")
    key = pinyin + ("#" + branch if branch else "") if pinyin else ""
    return Company(raw, full, region, brand, industry, legal_form, branch, parent, key, pinyin)
