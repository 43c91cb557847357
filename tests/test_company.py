"""Company names: region, trade name, industry, legal form, branches, English names."""

from __future__ import annotations

import pytest

from dedupe.normalize.company import parse_company

BYTEDANCE_FORMS = [
    "字节跳动（北京）科技有限公司",
    "字节跳动(北京)科技有限公司",
    "北京字节跳动科技有限公司",
    "北京市字节跳动科技有限公司",
    "北京字节跳动科技",
    "字节跳动",
    "字节跳动科技有限责任公司",
    "字節跳動科技有限公司",  # traditional
    "字节跳动 科技 有限公司",
    "字节跳动【北京】科技有限公司",
    "字节跳动科技有限公司(北京)",
]


@pytest.mark.parametrize("text", BYTEDANCE_FORMS)
def test_one_company_many_forms_one_key(text: str) -> None:
    c = parse_company(text)
    assert c.key == "字节跳动" and c.brand == "字节跳动"
    assert c.brand_pinyin == "zijietiaodong"
    assert c.region in ("北京", "")
    assert c.branch == "" and c.parent == ""


@pytest.mark.parametrize(
    ("text", "region", "brand", "industry", "legal_form"),
    [
        ("字节跳动（北京）科技有限公司", "北京", "字节跳动", "科技", "有限公司"),
        ("字节跳动科技有限责任公司", "", "字节跳动", "科技", "有限公司"),
        ("华为技术有限公司", "", "华为", "技术", "有限公司"),
        ("深圳市腾讯计算机系统有限公司", "深圳", "腾讯", "计算机系统", "有限公司"),
        ("北京百度网讯科技有限公司", "北京", "百度网讯", "科技", "有限公司"),
        ("阿里巴巴（中国）网络技术有限公司", "", "阿里巴巴", "网络技术", "有限公司"),
        ("广东省深圳市华瑞信息技术有限公司", "深圳", "华瑞", "信息技术", "有限公司"),
        ("杭州老王餐饮管理有限公司", "杭州", "老王", "餐饮管理", "有限公司"),
        ("上海某某投资管理合伙企业（有限合伙）", "上海", "某某", "投资管理", "合伙企业"),
        ("万科企业股份有限公司", "", "万科", "企业", "股份有限公司"),
        ("复星国际(集团)有限公司", "", "复星", "国际", "集团有限公司"),
        ("新东方教育科技集团有限公司", "", "新东方", "教育科技", "集团有限公司"),
        ("中国平安保险(集团)股份有限公司", "", "平安", "保险", "集团股份有限公司"),  # 中国 is not the trade name
        ("重庆长安汽车股份有限公司", "重庆", "长安", "汽车", "股份有限公司"),
        ("北京老王小吃店", "北京", "老王", "小吃", "店"),
        ("张三个体工商户", "", "张三", "", "个体工商户"),
        ("成都小明设计工作室", "成都", "小明", "设计", "工作室"),
        ("东莞华强电子厂", "东莞", "华强", "电子", "厂"),
        ("新疆维吾尔自治区天山科技有限公司", "新疆", "天山", "科技", "有限公司"),
        ("延边朝鲜族自治州长白山贸易有限公司", "延边", "长白山", "贸易", "有限公司"),
        ("华瑞科技(海淀)有限公司", "海淀", "华瑞", "科技", "有限公司"),  # district: bracket form only
        ("北京银行股份有限公司", "北京", "北京银行", "", "股份有限公司"),  # region kept in a generic brand
        ("北京科技有限公司", "北京", "", "科技", "有限公司"),  # no trade name at all
        ("东方希望集团有限公司", "", "东方希望", "", "集团有限公司"),  # 东方 (Hainan) is not a prefix
    ],
)
def test_parts(text: str, region: str, brand: str, industry: str, legal_form: str) -> None:
    c = parse_company(text)
    assert (c.region, c.brand, c.industry, c.legal_form) == (region, brand, industry, legal_form)


def test_full_keeps_raw_legal_form_with_half_width_brackets() -> None:
    c = parse_company(" 字节跳动（北京）科技 有限责任公司 ")
    assert c.full == "字节跳动(北京)科技有限责任公司"
    assert c.legal_form == "有限公司"
    assert parse_company("字節跳動（北京）科技有限公司").full == "字节跳动(北京)科技有限公司"


def test_district_prefix_gives_its_city() -> None:
    c = parse_company("海淀区字节跳动")
    assert (c.region, c.brand, c.key) == ("北京", "字节跳动", parse_company("北京字节跳动科技有限公司").key)


def test_name_without_trade_name_keeps_a_key() -> None:
    # the brand is empty, but the key still tells 北京科技 from 上海科技
    a, b = parse_company("北京科技有限公司"), parse_company("上海科技有限公司")
    assert a.brand == b.brand == ""
    assert a.key and b.key and a.key != b.key


def test_same_brand_different_region() -> None:
    a, b = parse_company("上海华为技术有限公司"), parse_company("北京华为技术有限公司")
    assert a.key == b.key == "华为"
    assert (a.region, b.region) == ("上海", "北京")


def test_different_brand_different_key() -> None:
    assert parse_company("北京字节跳动科技有限公司").key != parse_company("北京百度网讯科技有限公司").key
    assert parse_company("华瑞科技有限公司").key != parse_company("华锐科技有限公司").key


@pytest.mark.parametrize(
    ("text", "branch", "parent", "key", "region"),
    [
        ("字节跳动科技有限公司上海分公司", "上海分公司", "字节跳动科技有限公司", "字节跳动#上海分公司", "上海"),
        ("北京字节跳动科技有限公司上海市分公司", "上海分公司", "北京字节跳动科技有限公司", "字节跳动#上海分公司",
         "上海"),
        ("字节跳动上海分公司", "上海分公司", "字节跳动", "字节跳动#上海分公司", "上海"),
        ("中国银行深圳分行", "深圳分行", "中国银行", "中国银行#深圳分行", "深圳"),
        ("招商银行股份有限公司深圳分行", "深圳分行", "招商银行股份有限公司", "招商银行#深圳分行", "深圳"),
        ("华瑞科技有限公司北京办事处", "北京办事处", "华瑞科技有限公司", "华瑞#北京办事处", "北京"),
        ("华瑞科技有限公司华南区", "华南区", "华瑞科技有限公司", "华瑞#华南区", ""),
        ("字节跳动（北京）科技有限公司海淀分公司", "海淀分公司", "字节跳动(北京)科技有限公司",
         "字节跳动#海淀分公司", "海淀"),
    ],
)
def test_branches(text: str, branch: str, parent: str, key: str, region: str) -> None:
    c = parse_company(text)
    assert (c.branch, c.parent, c.key, c.region) == (branch, parent, key, region)


def test_branch_differs_from_parent_and_from_other_branch() -> None:
    parent = parse_company("字节跳动科技有限公司")
    sh = parse_company("字节跳动科技有限公司上海分公司")
    gz = parse_company("字节跳动科技有限公司广州分公司")
    assert len({parent.key, sh.key, gz.key}) == 3
    assert sh.brand == gz.brand == parent.brand
    assert parse_company(sh.parent).key == parent.key


@pytest.mark.parametrize(
    ("text", "region", "brand", "industry", "legal_form", "pinyin"),
    [
        ("Shenzhen Huarui Technology Co., Ltd.", "深圳", "Huarui", "科技", "有限公司", "huarui"),
        ("SHENZHEN HUARUI TECHNOLOGY CO.,LTD", "深圳", "Huarui", "科技", "有限公司", "huarui"),
        ("Huarui (Shenzhen) Technology Co., Ltd.", "深圳", "Huarui", "科技", "有限公司", "huarui"),
        ("Beijing ByteDance Technology Co., Ltd.", "北京", "Bytedance", "科技", "有限公司", "bytedance"),
        ("Huawei Technologies Co., Ltd.", "", "Huawei", "科技", "有限公司", "huawei"),
        ("Tencent Holdings Limited", "", "Tencent", "控股", "有限公司", "tencent"),
        ("Alibaba Group Holding Limited", "", "Alibaba", "控股", "有限公司", "alibaba"),
        ("Apple Inc.", "", "Apple", "", "有限公司", "apple"),
        ("Shanghai Jinqiao Import & Export Co., Ltd.", "上海", "Jinqiao", "进出口", "有限公司", "jinqiao"),
        ("Guangzhou Baiyun International Logistics Co Ltd", "广州", "Baiyun", "物流", "有限公司", "baiyun"),
        ("Chongqing Changan Automobile Company Limited", "重庆", "Changan", "汽车", "有限公司", "changan"),
        ("Nanjing Xufuze Food Co., Ltd.", "南京", "Xufuze", "食品", "有限公司", "xufuze"),
        ("Chengdu Yifei Environmental Technology Co., Ltd.", "成都", "Yifei", "环保科技", "有限公司", "yifei"),
        ("Shanghai Yuxin Supply Chain Management Co., Ltd.", "上海", "Yuxin", "供应链管理", "有限公司", "yuxin"),
    ],
)
def test_english_names(text: str, region: str, brand: str, industry: str, legal_form: str, pinyin: str) -> None:
    c = parse_company(text)
    assert (c.region, c.brand, c.industry, c.legal_form, c.brand_pinyin) == (region, brand, industry, legal_form,
                                                                            pinyin)


def test_english_meets_chinese_by_pinyin() -> None:
    en = parse_company("Shenzhen Huarui Technology Co., Ltd.")
    zh = parse_company("深圳市华瑞科技有限公司")
    assert en.brand_pinyin == zh.brand_pinyin == "huarui"
    assert en.region == zh.region == "深圳"
    assert en.industry == zh.industry and en.legal_form == zh.legal_form


def test_english_branch() -> None:
    c = parse_company("Shenzhen Huarui Technology Co., Ltd. Shanghai Branch")
    assert (c.branch, c.region, c.brand, c.parent) == ("上海分公司", "上海", "Huarui",
                                                       "Shenzhen Huarui Technology Co., Ltd.")
    assert c.key == "huarui#上海分公司"


def test_english_branch_in_a_city_of_two_readings_has_no_region() -> None:
    # Suzhou is 苏州 or 宿州: the branch's place is unknown, and not the parent's 长沙, which
    # would set it apart from 长沙福斯生物科技有限公司苏州分公司 (region 苏州)
    en = parse_company("Changsha Fusi Biotech Co., Ltd. Suzhou Branch")
    zh = parse_company("长沙福斯生物科技有限公司苏州分公司")
    assert (en.region, en.branch, en.key) == ("", "Suzhou分公司", "fusi#Suzhou分公司")
    assert (zh.region, zh.branch, zh.brand_pinyin) == ("苏州", "苏州分公司", en.brand_pinyin)
    # a branch office with no place keeps the parent's region, as in Chinese
    assert parse_company("Shenzhen Huarui Technology Co., Ltd. Representative Office").region == "深圳"


def test_brand_pinyin_uses_word_readings() -> None:
    assert parse_company("长虹电器股份有限公司").brand_pinyin == "changhong"
    assert parse_company("重庆长安汽车股份有限公司").brand_pinyin == "changan"
    assert parse_company("58同城信息技术有限公司").brand_pinyin == "58tongcheng"


@pytest.mark.parametrize("text", [None, "", "  ", "nan", "无", "暂无"])
def test_blank(text: object) -> None:
    c = parse_company(text)
    assert (c.raw, c.full, c.key, c.brand) == ("", "", "", "")


def test_brand_pinyin_equals_pypinyin_phrase_reading() -> None:
    # _phrase_pinyin skips pypinyin's segmenter when no run of the brand is one of its
    # phrases; the result must still be exactly what lazy_pinyin gives for the whole brand.
    import random

    from pypinyin import Style, lazy_pinyin
    from pypinyin.constants import PHRASES_DICT

    from dedupe.normalize.company import _phrase_pinyin

    rng = random.Random(7)
    phrases = sorted(k for k in PHRASES_DICT if 2 <= len(k) <= 4)
    chars = sorted({ch for k in phrases[:5000] for ch in k})
    brands = ["长虹", "重庆长安", "华为", "银行", "行知", "乐视", "58同城", "长城汽车"]
    brands += [rng.choice(phrases) for _ in range(1500)]
    brands += ["".join(rng.choice(chars) for _ in range(rng.randint(2, 5))) for _ in range(1500)]
    for brand in brands:
        expected = "".join(p for p in lazy_pinyin(brand, style=Style.NORMAL,
                                                  errors=lambda s: [c for c in s.lower() if c.isalnum()])
                           if p.isascii()).lower()
        assert _phrase_pinyin(brand) == expected, brand
