"""More normalizer behaviour: WeChat remark names, name rarity, company branches and
non-companies, address building forms, phone caching."""

from __future__ import annotations

import dataclasses

import pytest

from dedupe.normalize import parse_address, parse_company, parse_name, parse_phone
from dedupe.normalize.name import name_share

# --- names -------------------------------------------------------------------------------


def test_lone_surrogates_are_dropped_not_raised() -> None:
    # OpenCC encodes to UTF-8, which a lone surrogate has no form in
    assert parse_name("張\ud800偉").full == "张伟"
    assert parse_company("字节跳动\udcff科技有限公司").full == "字节跳动科技有限公司"
    assert parse_address("北京\udfff市海淀区").district == "海淀区"



@pytest.mark.parametrize("text,surname,honorific", [
    ("佳中刘工", "刘", "工"),  # WeChat remark: organisation, surname, title
    ("益晨宏王经理", "王", "经理"),
    ("王总", "王", "总"),
])
def test_remark_names_keep_only_the_surname(text: str, surname: str, honorific: str) -> None:
    n = parse_name(text)
    assert (n.full, n.surname, n.given, n.honorific) == (surname, surname, "", honorific)
    assert n.honorific_only


@pytest.mark.parametrize("text", ["王", "李", "欧阳"])
def test_bare_surname_is_honorific_only(text: str) -> None:
    n = parse_name(text)
    assert n.surname == text and n.given == ""
    assert n.honorific_only


@pytest.mark.parametrize("text,given", [("张三丰", "三丰"), ("刘工程", "工程"), ("王经纬", "经纬"), ("张伟", "伟")])
def test_full_names_are_not_honorific_only(text: str, given: str) -> None:
    n = parse_name(text)
    assert (n.full, n.given) == (text, given)
    assert not n.honorific_only


def test_common_one_character_given_names_are_far_commoner_than_rare_names() -> None:
    common = [name_share(s, "伟") for s in "王李张"]
    for surname, given in (("欧阳", "娜娜"), ("冼", "梓萱"), ("冼", "思远")):
        rare = name_share(surname, given)
        assert all(c > 100 * rare for c in common), (surname + given, rare, common)


def test_very_common_given_names_are_commoner_than_ordinary_ones() -> None:
    for surname in "王李陈":
        assert name_share(surname, "秀英") > 10 * name_share(surname, "思远")
        assert name_share(surname, "建国") > 10 * name_share(surname, "宏宇")


def test_name_share_falls_with_surname_rank() -> None:
    assert name_share("王", "伟") > name_share("冼", "伟") > 0


# --- companies ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "锐中网络科技有限责任公司(苏州分公司)",
    "锐中网络科技有限责任公司（苏州分公司）",  # full-width brackets
    "锐中网络科技有限公司苏州分公司",
])
def test_bracketed_branch(text: str) -> None:
    c = parse_company(text)
    assert c.branch == "苏州分公司"
    assert c.key == "锐中#苏州分公司"
    assert c.brand == "锐中"


def test_branch_key_differs_from_parent_and_other_branch() -> None:
    assert parse_company("锐中网络科技有限公司").key == "锐中"
    assert parse_company("锐中网络科技有限公司(杭州分公司)").key == "锐中#杭州分公司"


@pytest.mark.parametrize("text", ["个人", "Individual", "individual", " 个人 ", "self-employed", "学生"])
def test_no_company_words_give_no_key(text: str) -> None:
    c = parse_company(text)
    assert c.key == ""
    assert c.brand == ""


def test_a_real_company_still_has_a_key() -> None:
    assert parse_company("个人护理用品贸易有限公司").key != ""


# --- addresses ---------------------------------------------------------------------------

BASE = "北京市朝阳区人民路兴昊新村"


@pytest.mark.parametrize("a,b", [
    (BASE + "23栋5单元3101室", BASE + "23-5-3101"),
    (BASE + "十号楼一单元1203", BASE + "10-1-1203"),
    (BASE + "十号楼一单元1203室", BASE + "10栋1单元1203"),
])
def test_building_unit_room_forms_share_a_key(a: str, b: str) -> None:
    ka, kb = parse_address(a).key, parse_address(b).key
    assert ka != ""
    assert ka == kb


@pytest.mark.parametrize("a,b", [
    (BASE + "23栋5单元3101室", BASE + "23-5-3102"),  # another flat
    (BASE + "十号楼一单元1203", BASE + "11-1-1203"),  # another building
    (BASE + "十号楼一单元1203", BASE + "10-2-1203"),  # another unit
])
def test_other_flats_keep_other_keys(a: str, b: str) -> None:
    assert parse_address(a).key != parse_address(b).key


# --- phones ------------------------------------------------------------------------------

def facts(text: str) -> list[tuple]:
    """Every field but ``raw`` (which is, by design, the piece of the cell the number came from)."""
    return [tuple(v for k, v in dataclasses.asdict(p).items() if k != "raw") for p in parse_phone(text)]


def test_mobile_written_two_ways_is_one_number() -> None:
    a, b = facts("138-0013-8000"), facts("+86 13800138000")
    assert a == b
    (p,) = parse_phone("+86 13800138000")
    assert (p.e164, p.kind, p.extension) == ("+8613800138000", "mobile", "")


def test_parsing_twice_gives_equal_results() -> None:
    for text in ("138-0013-8000", "010-62345678转801", "手机13800138000 座机(0755)8888 8888"):
        first = parse_phone(text)
        assert parse_phone(text) == first


@pytest.mark.parametrize("order", ["extension first", "plain first"])
def test_extension_does_not_leak_between_calls(order: str) -> None:
    texts = ["010-62345678转801", "010-62345678"]
    if order == "plain first":
        texts.reverse()
    got = {t: parse_phone(t) for t in texts}
    (with_ext,), (plain,) = got["010-62345678转801"], got["010-62345678"]
    assert with_ext.e164 == plain.e164 == "+861062345678"
    assert with_ext.extension == "801"
    assert plain.extension == ""
    # and another extension of the same switchboard keeps its own
    (other,) = parse_phone("010-62345678-802")
    assert (other.e164, other.extension) == ("+861062345678", "802")
    (again,) = parse_phone("010-62345678")
    assert again.extension == ""
