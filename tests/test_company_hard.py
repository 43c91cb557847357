"""Company names: the hard cases of issue 3 (regions, trade names that look like places or
industries, legal and shop forms, branches, English names, noise), and peer vectors."""

from __future__ import annotations

import pytest

from dedupe.normalize.company import parse_company

# --- region: prefix, either bracket width, suffix, city + district + town ---------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("北京字节跳动科技有限公司", "北京"),
        ("字节跳动（北京）科技有限公司", "北京"),
        ("字节跳动(北京)科技有限公司", "北京"),
        ("某某科技有限公司(上海)", "上海"),
        ("力赛佳管道支架技术上海有限公司", "上海"),  # region after the industry
        ("广东省深圳市南山区粤海街道华锐科技有限公司", "深圳"),  # the city, not the province
        ("上海市浦东新区张江华锐科技有限公司", "上海"),
        ("昆山龙腾光电股份有限公司", "苏州"),  # a county-level city gives its prefecture
        ("延边朝鲜族自治州长白山贸易有限公司", "延边"),
    ],
)
def test_region_placements(text: str, region: str) -> None:
    assert parse_company(text).region == region


def test_region_placement_does_not_change_the_key() -> None:
    forms = ["北京字节跳动科技有限公司", "字节跳动（北京）科技有限公司", "字节跳动(北京)科技有限责任公司",
             "字节跳动科技有限公司(北京)", "北京市海淀区字节跳动科技有限公司", "字节跳动科技"]
    assert {parse_company(f).key for f in forms} == {"字节跳动"}


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("上海市浦东新区张江华锐科技有限公司", "华锐"),  # city + district + area
        ("广东省深圳市南山区粤海街道华锐科技有限公司", "华锐"),  # ... + street
        ("昆山市玉山镇萱萱家童装店", "萱萱家"),  # county-level city + town
        ("杭州萧山新街街道桐欢便利店", "桐欢"),  # city + district short name + street
        ("赣榆区海头镇渔乡味水产品经营部", "渔乡味"),  # 乡 inside the trade name is not a township
        ("合肥经济技术开发区妍丽雅服装店", "妍丽雅"),
        ("西咸新区沣东新城未科诚百货店", "未科诚"),
        ("泉州泉港东之吴电子商务服务中心", "东之吴"),  # 泉港 is a district of 泉州
        ("双江自治县勐库镇荼画茶行", "荼画"),  # 双江拉祜族佤族布朗族傣族自治县, written short
        # a town or street of the county just named, without its 镇 / 街道
        ("湖州市吴兴区织里锦程童装有限公司", "锦程"),  # 织里镇
        ("广州市天河区林和佳信会计服务部", "佳信"),  # 林和街道
        ("宁波鄞州中河晨阳五金商行", "晨阳"),  # 中河街道
        ("余杭瓶窑鑫达建材经营部", "鑫达"),  # 瓶窑镇
        ("深圳市南山区华侨城科技有限公司", "华侨城"),  # 华侨城街道, but nothing would stay
        ("杭州林和佳信会计服务部", "林和佳信"),  # 林和 is a street of 广州's 天河, not of 杭州
        ("喀左县坤都营子乡新绿州生态家庭农场", "新绿州"),  # 喀左县: 喀喇沁左翼蒙古族自治县
        ("达茂旗百灵庙镇草原牧业有限公司", "草原"),  # 达茂旗: 达尔罕茂明安联合旗
    ],
)
def test_brand_after_long_region_prefixes(text: str, brand: str) -> None:
    assert parse_company(text).brand == brand


@pytest.mark.parametrize(
    ("text", "region", "brand"),
    [
        # a city after another it is not in starts the trade name (泰安, 嘉兴, 金昌 are cities too)
        ("济南市泰安教育科技", "济南", "泰安"),
        ("佛山嘉兴诚辉供应链管理集团有限公司", "佛山", "嘉兴诚辉"),
        ("广州金昌软件", "广州", "金昌"),
        # a name that starts with its region does not end with another (兴安, 安顺 are places)
        ("上海亿兴安企业管理咨询有限公司", "上海", "亿兴安"),
        ("南京烨安顺机械股份有限公司", "南京", "烨安顺"),
        ("西安兴安医药股份有限公司", "西安", "兴安"),
        # a city after its own province is still a region
        ("广东深圳华为技术有限公司", "深圳", "华为"),
        ("山东省济南市鲁信科技有限公司", "济南", "鲁信"),
    ],
)
def test_second_place_in_a_name(text: str, region: str, brand: str) -> None:
    c = parse_company(text)
    assert (c.region, c.brand) == (region, brand)


# --- trade names that look like places or industries ----------------------------------


@pytest.mark.parametrize(
    ("text", "brand", "industry"),
    [
        ("长城汽车股份有限公司", "长城", "汽车"),  # 长城 is no division
        ("重庆长安汽车股份有限公司", "长安", "汽车"),  # 长安区 is in 西安, not 重庆
        ("光明乳业股份有限公司", "光明", "乳业"),  # a district short name that is a word
        ("北京金山办公软件股份有限公司", "金山", "办公软件"),  # 金山 (上海) after 北京
        ("广州白云山医药集团股份有限公司", "白云山", "医药"),  # 白云 would leave one character
        ("紫金矿业集团股份有限公司", "紫金", "矿业"),  # a joint-stock company always has a trade name
        ("东方财富信息股份有限公司", "东方财富", "信息"),
        ("小米科技有限责任公司", "小米", "科技"),
        ("北京小米移动软件有限公司", "小米", "移动软件"),
        ("北京京东世纪贸易有限公司", "京东世纪", "贸易"),  # 世纪 is part of the registered trade name
        ("苏州凯智通微电子技术有限公司", "凯智通", "微电子技术"),  # not 凯智通微 + 电子技术
        ("贵州茅台酒股份有限公司", "茅台", "酒"),
        ("新城控股集团股份有限公司", "新城", "控股"),  # 新城 is no zone when nothing follows
        # a place before a region in brackets is part of the trade name (和龙 is a county of 吉林)
        ("和龙烨天(佛山)科技股份有限公司", "和龙烨天", "科技"),
        ("泰安(东莞)电子有限公司", "泰安", "电子"),
        ("长春藤（北京）教育科技有限公司", "长春藤", "教育科技"),
        # ... but the same place, or the province of the one in brackets, is not
        ("天津万达(天津)实业有限公司", "万达", "实业"),
        ("广东美的(佛山)电器有限公司", "美的", "电器"),
        ("罗湖华强(深圳)电子有限公司", "华强", "电子"),  # 罗湖 is a district of 深圳
    ],
)
def test_brand_that_looks_like_a_place_or_industry(text: str, brand: str, industry: str) -> None:
    c = parse_company(text)
    assert (c.brand, c.industry) == (brand, industry)


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("中国平安保险(集团)股份有限公司", "平安"),  # 中国 before a trade name is dropped
        ("中国中铁股份有限公司", "中铁"),
        ("中国人寿保险股份有限公司", "中国人寿"),  # ... and kept before an industry only
        ("中国石油天然气股份有限公司", "中国石油"),
        ("中华书局有限公司", "中华书局"),
        ("中国银行股份有限公司", "中国银行"),
        ("中国工商银行股份有限公司", "工商银行"),
        ("华夏银行股份有限公司", "华夏银行"),
        ("北京银行股份有限公司", "北京银行"),  # a city bank keeps its city
        ("上海浦东发展银行股份有限公司", "浦东发展银行"),
        ("北京农村商业银行股份有限公司", "北京农村商业银行"),
        ("中山大学", "中山大学"),  # a school keeps its place
        ("融创中国控股有限公司", "融创"),
    ],
)
def test_national_prefix_banks_and_institutions(text: str, brand: str) -> None:
    assert parse_company(text).brand == brand


def test_name_without_trade_name_has_empty_brand_and_a_key() -> None:
    a, b = parse_company("无锡市保险公司"), parse_company("徐州家电批发公司")
    assert a.brand == b.brand == ""
    assert a.key and b.key and a.key != b.key
    assert parse_company("无锡保险公司").key == a.key


def test_no_legal_form() -> None:
    c = parse_company("字节跳动")
    assert (c.brand, c.industry, c.legal_form, c.key) == ("字节跳动", "", "", "字节跳动")


# --- legal and shop forms -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand", "legal_form"),
    [
        ("上海华锐投资管理合伙企业（有限合伙）", "华锐", "合伙企业"),
        ("观途（上海）旅游服务中心（有限合伙）", "观途", "合伙企业"),
        ("张三个体工商户", "张三", "个体工商户"),
        ("经开区悦己美业店（个体工商户）", "悦己", "店"),  # gou2tool 0.3.61 tests/test_company_util.py
        ("成都小明设计工作室", "小明", "工作室"),
        ("滨海泓乐酒行", "泓乐", "商行"),
        ("武陟县大唛副食门市部", "大唛", "门市部"),
        ("华锐五金经营部", "华锐", "经营部"),
        ("清河县启波绒毛加工厂", "启波", "厂"),
        ("江苏洋河酒厂股份有限公司", "洋河", "股份有限公司"),
        ("永辉超市股份有限公司", "永辉", "股份有限公司"),
        ("五常市稻管家水稻种植专业合作社", "稻管家", "合作社"),
        ("字节跳动集团", "字节跳动", "集团"),
        ("复星国际(集团)有限公司", "复星", "集团有限公司"),
    ],
)
def test_legal_and_shop_forms(text: str, brand: str, legal_form: str) -> None:
    c = parse_company(text)
    assert (c.brand, c.legal_form) == (brand, legal_form)


def test_limited_forms_share_a_key() -> None:
    keys = {parse_company(t).key for t in ("华锐科技有限公司", "华锐科技有限责任公司", "华锐科技公司", "华锐科技")}
    assert keys == {"华锐"}


# --- branches -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "branch", "parent", "region"),
    [
        ("华为技术有限公司深圳分公司", "深圳分公司", "华为技术有限公司", "深圳"),
        ("深圳华锐科技有限公司北京办事处", "北京办事处", "深圳华锐科技有限公司", "北京"),
        ("杭州华锐餐饮管理有限公司西湖分店", "西湖分店", "杭州华锐餐饮管理有限公司", "西湖"),
        ("华锐科技有限公司深圳研发中心", "深圳研发中心", "华锐科技有限公司", "深圳"),
        ("中国工商银行股份有限公司北京海淀支行", "海淀支行", "中国工商银行股份有限公司", "海淀"),
        ("招商银行深圳分行营业部", "深圳分行营业部", "招商银行", "深圳"),
        ("华泰证券股份有限公司南京中山路营业部", "南京中山路营业部", "华泰证券股份有限公司", "南京"),
    ],
)
def test_branch_and_parent(text: str, branch: str, parent: str, region: str) -> None:
    c = parse_company(text)
    assert (c.branch, c.parent, c.region) == (branch, parent, region)
    assert c.key != parse_company(parent).key
    assert c.key.split("#")[0] == parse_company(parent).key


# --- English names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Shenzhen Huarui Technology Co., Ltd.", "深圳市华锐科技有限公司"),
        ("HUAWEI TECHNOLOGIES CO.,LTD", "华为技术有限公司"),
        ("Beijing Xiaomi Technology Co Ltd", "北京小米科技有限责任公司"),
        ("Zhejiang Longsheng Group Co., Ltd.", "浙江龙盛集团股份有限公司"),
    ],
)
def test_english_name_meets_its_chinese_form(english: str, chinese: str) -> None:
    en, zh = parse_company(english), parse_company(chinese)
    assert en.brand_pinyin == zh.brand_pinyin != ""
    assert en.region == zh.region


def test_english_bytedance() -> None:
    c = parse_company("Beijing ByteDance Network Technology Co Ltd")
    assert (c.region, c.brand, c.industry, c.legal_form, c.key) == ("北京", "Bytedance", "网络科技", "有限公司",
                                                                     "bytedance")


# --- noise ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "华锐科技有限公",  # the last character lost
        "华锐科技有线公司",  # 有线 typed for 有限
        "“华锐科技有限公司”",
        "\"华锐科技有限公司\"",
        "華銳科技有限公司",  # traditional
        "华锐 科技　有限公司",  # half- and full-width spaces
        "华锐科技有限公司(原深圳华锐电子有限公司)",  # a note on the former name
        "华锐科技有限公司（筹）",
        # not here: "ＨＵＡＲＵＩ华锐科技有限公司" gives brand and key "HUARUI华锐" (the pinyin is kept
        # in the brand); the slice [6:] that stood here dropped the letters and tested clean input
    ],
)
def test_noise_gives_the_clean_key(text: str) -> None:
    assert parse_company(text).key == "华锐"


@pytest.mark.parametrize("text", ["个人", "无", "暂无", "个体", "个体户", "不详", "  ", None, "nan", "-"])
def test_placeholders_are_no_company(text: object) -> None:
    c = parse_company(text)
    assert (c.key, c.brand, c.full) == ("", "", "")


# --- peer vectors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region", "brand", "industry"),
    [
        # companynameparser 0.1.8 README.md and tests/test_base.py (place, brand, trade)
        ("武汉海明智业电子商务有限公司", "武汉", "海明智业", "电子商务"),
        ("泉州益念食品有限公司", "泉州", "益念", "食品"),
        ("常州途畅互联网科技有限公司合肥分公司", "合肥", "途畅", "互联网科技"),
        ("昆明享亚教育信息咨询有限公司", "昆明", "享亚", "教育信息咨询"),
        # README 'use custom name' output: place 深圳光明区, brand 三晟
        ("深圳光明区三晟股份有限公司", "深圳", "三晟", ""),
        # README.md of the GitHub repository (shibing624/companynameparser): place 武汉, brand 蓝天, suffix 医院
        ("武汉蓝天医院", "武汉", "蓝天", "医院"),
    ],
)
def test_companynameparser_readme(text: str, region: str, brand: str, industry: str) -> None:
    c = parse_company(text)
    assert (c.region, c.brand, c.industry) == (region, brand, industry)


@pytest.mark.parametrize(
    ("text", "region", "brand", "industry"),
    [
        ("Shenzhen Nanshan Huarui Technology Co., Ltd.", "深圳", "Huarui", "科技"),  # district after its city
        ("Kunshan Longteng Optronics Co., Ltd.", "苏州", "Longteng", "光电"),  # a county-level city alone
        ("Changan Automobile Co", "", "Changan", "汽车"),  # nothing would stay: not a region
        ("Beijing Xiaomi Mobile Software Co., Ltd.", "北京", "Xiaomi", "移动软件"),
        # cities whose English name is not their pinyin
        ("Harbin Xinda Trading Co., Ltd.", "哈尔滨", "Xinda", "贸易"),
        ("Urumqi Tianshan Trading Co., Ltd.", "乌鲁木齐", "Tianshan", "贸易"),
        ("Hohhot Mengniu Dairy Co., Ltd.", "呼和浩特", "Mengniu", "乳业"),
        ("Ordos Yitai Energy Co., Ltd.", "鄂尔多斯", "Yitai", "能源"),
        ("Hulunbuir Longxin Logistics Co., Ltd.", "呼伦贝尔", "Longxin", "物流"),
        # 天津铭锐大精密制造有限公司: its brand is 铭锐大 alone
        ("Tianjin Mingruida Precision Manufacturing Co., Ltd.", "天津", "Mingruida", "精密制造"),
        ("Shenzhen Xingle Precision Manufacturing Group Co., Ltd.", "深圳", "Xingle", "精密制造"),
    ],
)
def test_english_districts_and_industries(text: str, region: str, brand: str, industry: str) -> None:
    c = parse_company(text)
    assert (c.region, c.brand, c.industry) == (region, brand, industry)


def test_former_city_name() -> None:
    # 襄樊 became 襄阳 in 2010 (data/division_renames.csv); old names stay in company names
    c = parse_company("湖北省襄樊市华锐机械有限公司")
    assert (c.region, c.brand, c.industry) == ("襄阳", "华锐", "机械")


def test_simplified_text_keeps_qian() -> None:
    # OpenCC t2s writes 乾 as 干 outside its phrase list; in a trade name it stays 乾
    assert parse_company("明乾教育科技（上海）有限公司").brand == "明乾"
    assert parse_company("乾坤服饰有限公司").brand == "乾坤"


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("郑州市管城区飞扬酒业商行", "飞扬"),  # 管城回族区 written 管城区
        ("即墨市可可之家服饰店", "可可之家"),  # 即墨 became a district in 2017; old suffix still written
        ("屯留县览众广告有限公司", "览众"),
        ("深汕特别合作区南之亿电子商务有限公司", "南之亿"),
    ],
)
def test_district_written_other_ways(text: str, brand: str) -> None:
    assert parse_company(text).brand == brand


@pytest.mark.parametrize(
    ("text", "region", "brand", "industry"),
    [
        ("China Vanke Co., Ltd.", "", "Vanke", ""),  # China before a trade name, as 中国
        ("Zhuhai Gree Electric Appliances Inc. of Zhuhai", "珠海", "Gree", "电器"),
        ("Ping An Insurance (Group) Company of China, Ltd.", "", "Ping An", "保险"),
        ("Sany Heavy Industry Co., Ltd", "", "Sany", "重工"),  # the longer industry first
        ("Bank of China Limited", "", "Bank Of China", ""),
    ],
)
def test_english_of_and_china(text: str, region: str, brand: str, industry: str) -> None:
    c = parse_company(text)
    assert (c.region, c.brand, c.industry) == (region, brand, industry)


@pytest.mark.parametrize("text", ["有限公司", "（）有限公司", "公司", "分公司", "个体工商户"])
def test_a_legal_form_alone_is_no_company(text: str) -> None:
    assert parse_company(text).key == ""


@pytest.mark.parametrize(("text", "brand"), [
    ("HUARUI华锐科技有限公司", "华锐"),  # the brand written twice, in pinyin and in characters
    ("华锐科技(Huarui)有限公司", "华锐"),
    ("华锐科技HUARUI有限公司", "华锐"),
    ("TCL科技集团股份有限公司", "TCL"),  # a Latin brand of its own stays
    ("OPPO广东移动通信有限公司", "OPPO"),
])
def test_brand_spelled_in_pinyin_beside_the_characters(text: str, brand: str) -> None:
    assert parse_company(text).brand == brand


@pytest.mark.parametrize("text", ["个体户张三", "个体工商户：张三", "张三（个体工商户）", "张三个体户", "张三个体工商户"])
def test_a_sole_trader_label_before_or_after_the_name(text: str) -> None:
    c = parse_company(text)
    assert (c.key, c.brand, c.legal_form) == ("张三", "张三", "个体工商户")


def test_a_label_before_a_shop_name_leaves_the_shop() -> None:
    assert parse_company("个体户：李四五金店").key == parse_company("李四五金店").key == "李四"
    assert parse_company("个人独资企业张三商行").key == "张三"
    assert parse_company("个体户").key == ""  # the label alone names nobody


@pytest.mark.parametrize(("text", "key"), [
    ("华为技术有限公司 Huawei Technologies Co., Ltd.", "华为"),
    ("Huarui Technology 深圳华锐科技有限公司", "华锐"),
    ("华锐科技有限公司 (Huarui)", "华锐"),
    ("TCL科技集团股份有限公司", "TCL"),  # a Latin brand that is part of the name stays
    ("OPPO 广东移动通信有限公司", "OPPO"),
])
def test_a_cell_giving_the_english_name_beside_the_chinese(text: str, key: str) -> None:
    assert parse_company(text).key == key


@pytest.mark.parametrize(("text", "region", "brand", "industry"), [
    # an industry word (动力) that would leave one character of trade name gives it back
    ("深圳易动力电子股份有限公司", "深圳", "易动力", "电子"),
    ("深圳市易动力电子股份有限公司", "深圳", "易动力", "电子"),
    ("潍柴动力股份有限公司", "", "潍柴", "动力"),  # two characters left: 动力 is the industry
])
def test_an_industry_word_leaves_a_trade_name_of_two_characters(text: str, region: str, brand: str,
                                                                 industry: str) -> None:
    c = parse_company(text)
    assert (c.region, c.brand, c.industry) == (region, brand, industry)
