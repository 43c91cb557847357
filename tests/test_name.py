"""Personal names: honorifics, compound surnames, surname readings, romanized forms."""

from __future__ import annotations

import pytest

from dedupe.normalize.name import is_surname, parse_name, surname_pinyin


@pytest.mark.parametrize(
    ("text", "full", "surname", "given", "pinyin"),
    [
        ("张伟", "张伟", "张", "伟", "zhangwei"),
        ("張 偉", "张伟", "张", "伟", "zhangwei"),  # traditional, space
        ("  张　伟 ", "张伟", "张", "伟", "zhangwei"),  # ideographic space
        ("欧阳娜娜", "欧阳娜娜", "欧阳", "娜娜", "ouyangnana"),
        ("司马光", "司马光", "司马", "光", "simaguang"),
        ("诸葛亮", "诸葛亮", "诸葛", "亮", "zhugeliang"),
        ("上官婉儿", "上官婉儿", "上官", "婉儿", "shangguanwaner"),
        ("尉迟恭", "尉迟恭", "尉迟", "恭", "yuchigong"),
        ("长孙无忌", "长孙无忌", "长孙", "无忌", "zhangsunwuji"),
        ("令狐冲", "令狐冲", "令狐", "冲", "linghuchong"),
        ("歐陽修", "欧阳修", "欧阳", "修", "ouyangxiu"),  # traditional compound
        ("东方明", "东方明", "东方", "明", "dongfangming"),
        ("阿卜杜拉·艾则孜", "阿卜杜拉·艾则孜", "艾则孜", "阿卜杜拉", "abodulaaizezi"),
        ("爱新觉罗溥仪", "爱新觉罗溥仪", "爱", "新觉罗溥仪", "aixinjueluopuyi"),  # > 4 chars, not compound
    ],
)
def test_chinese_names(text: str, full: str, surname: str, given: str, pinyin: str) -> None:
    n = parse_name(text)
    assert (n.full, n.surname, n.given, n.pinyin) == (full, surname, given, pinyin)
    assert n.valid and not n.romanized and not n.honorific_only


@pytest.mark.parametrize(
    ("text", "pinyin"),
    [
        ("曾国藩", "zengguofan"),
        ("单田芳", "shantianfang"),
        ("仇英", "qiuying"),
        ("解缙", "xiejin"),
        ("区志航", "ouzhihang"),
        ("查良镛", "zhaliangyong"),
        ("朴树", "piaoshu"),
        ("盖聂", "genie"),
        ("纪晓岚", "jixiaolan"),
        ("覃海洋", "qinhaiyang"),
        ("缪可", "miaoke"),
        ("乐嘉", "yuejia"),
        ("翟天临", "zhaitianlin"),
        ("万俟卨", "moqixie"),
        ("吕布", "lvbu"),
    ],
)
def test_surname_readings(text: str, pinyin: str) -> None:
    assert parse_name(text).pinyin == pinyin


def test_given_name_keeps_its_common_reading() -> None:
    # 曾 is zeng only as the surname; elsewhere its default reading is kept
    assert parse_name("李曾").pinyin == "liceng"
    assert surname_pinyin("单") == "shan" and surname_pinyin("尉迟") == "yuchi"
    assert is_surname("欧阳") and not is_surname("伟")


@pytest.mark.parametrize(
    ("text", "surname", "honorific", "gender"),
    [
        ("张先生", "张", "先生", "M"),
        ("王女士", "王", "女士", "F"),
        ("張小姐", "张", "小姐", "F"),
        ("王总", "王", "总", ""),
        ("李经理", "李", "经理", ""),
        ("小王", "王", "小", ""),
        ("老李", "李", "老", ""),
        ("陈老师", "陈", "老师", ""),
        ("刘医生", "刘", "医生", ""),
        ("赵主任", "赵", "主任", ""),
        ("周老板", "周", "老板", ""),
        ("张姐", "张", "姐", "F"),
        ("李哥", "李", "哥", "M"),
        ("欧阳先生", "欧阳", "先生", "M"),
        ("曾先生", "曾", "先生", "M"),
    ],
)
def test_honorific_only(text: str, surname: str, honorific: str, gender: str) -> None:
    n = parse_name(text)
    assert (n.surname, n.given, n.honorific, n.gender) == (surname, "", honorific, gender)
    assert n.honorific_only and n.valid
    assert n.pinyin == surname_pinyin(surname)


@pytest.mark.parametrize(
    ("text", "full", "honorific"),
    [
        ("张伟(经理)", "张伟", "经理"),
        ("张伟（总经理）", "张伟", "总经理"),
        ("张伟 总经理", "张伟", "总经理"),
        ("张伟总经理", "张伟", "总经理"),
        ("张伟-采购部", "张伟", ""),
        ("张伟/销售部", "张伟", ""),
        ("张伟 采购部", "张伟", ""),
        ("张伟😀", "张伟", ""),
        ("张伟123", "张伟", ""),
        ("ＺＨＡＮＧ伟", "伟", ""),  # latin letters inside a Chinese name are noise
    ],
)
def test_noise_is_stripped(text: str, full: str, honorific: str) -> None:
    n = parse_name(text)
    assert (n.full, n.honorific) == (full, honorific)
    assert not n.honorific_only


def test_title_after_a_name_is_not_honorific_only() -> None:
    n = parse_name("张伟先生")
    assert (n.full, n.surname, n.given, n.gender, n.honorific_only) == ("张伟", "张", "伟", "M", False)
    # 总 / 工 after a full name is a title too (张伟总), as after a bare surname (王总)
    n = parse_name("张伟总")
    assert (n.full, n.honorific, n.honorific_only) == ("张伟", "总", False)


@pytest.mark.parametrize(
    "text",
    ["Zhang Wei", "ZHANG Wei", "Wei ZHANG", "ZhangWei", "zhang-wei", "zhang wei", "ＺＨＡＮＧ　ＷＥＩ",
     "Zhang, Wei", "zhangwei"],
)
def test_romanized_forms_share_the_chinese_key(text: str) -> None:
    n = parse_name(text)
    assert n.romanized and n.valid
    assert n.pinyin == parse_name("张伟").pinyin == "zhangwei"
    assert n.surname == "zhang"


@pytest.mark.parametrize(
    ("text", "full", "surname", "pinyin"),
    [
        ("Nana Ouyang", "Ouyang Nana", "ouyang", "ouyangnana"),
        ("Ou Yang Na Na", "Ouyang Na Na", "ouyang", "ouyangnana"),
        ("Au-Yeung Ka Ming", "Auyeung Ka Ming", "ouyang", "ouyangkaming"),
        ("Xiaoming ZHOU", "Zhou Xiaoming", "zhou", "zhouxiaoming"),
        ("Lü Bu", "Lv Bu", "lv", "lvbu"),
        ("Fang Wang", "Wang Fang", "wang", "wangfang"),  # both surnames: the commoner one
    ],
)
def test_romanized_names(text: str, full: str, surname: str, pinyin: str) -> None:
    n = parse_name(text)
    assert (n.full, n.surname, n.pinyin) == (full, surname, pinyin)


def test_prefix_honorific_needs_a_surname() -> None:
    n = parse_name("小明")
    assert (n.surname, n.given, n.honorific, n.honorific_only) == ("小", "明", "", False)
    assert parse_name("老張").surname == "张" and parse_name("老張").honorific == "老"


def test_comma_means_surname_first() -> None:
    assert parse_name("Wei, Zhang").pinyin == "weizhang"
    assert parse_name("Zhang, Wei").pinyin == "zhangwei"


def test_romanized_honorific() -> None:
    n = parse_name("Mr. Zhang")
    assert (n.surname, n.honorific, n.gender, n.honorific_only, n.pinyin) == ("zhang", "Mr", "M", True, "zhang")
    assert parse_name("Ms Li Na").gender == "F"


@pytest.mark.parametrize("text", [None, float("nan"), "", "  ", "nan", "暂无", "无", "-"])
def test_blank(text: object) -> None:
    n = parse_name(text)
    assert n.raw == "" and n.full == "" and not n.valid


@pytest.mark.parametrize("text", ["先生", "女士", "未知", "客户", "123", "😀"])
def test_not_a_name(text: str) -> None:
    n = parse_name(text)
    assert not n.valid and n.surname == "" and n.raw == text


def test_honorific_without_surname_keeps_gender() -> None:
    assert parse_name("女士").gender == "F"


def test_raw_is_kept_and_parse_is_idempotent() -> None:
    for text in ("張 偉(經理)", "欧阳娜娜", "Wei ZHANG", "單田芳 总经理"):
        n = parse_name(text)
        assert n.raw == text
        again = parse_name(n.full)
        assert (again.full, again.pinyin, again.surname) == (n.full, n.pinyin, n.surname)


@pytest.mark.parametrize(("text", "full", "company"), [
    ("王晓琳锐中网络科技", "王晓琳", "锐中网络科技"),
    ("王强科瑞软件", "王强", "科瑞软件"),
    ("张伟-华瑞科技", "张伟", "华瑞科技"),
    ("李娜 达腾网络", "李娜", "达腾网络"),
    ("华瑞张总", "张", "华瑞"),
    ("益晨宏王经理", "王", "益晨宏"),
    ("张伟-采购部", "张伟", ""),
    ("张伟/李娜", "张伟", ""),
    ("姚晓华先生", "姚晓华", ""),  # a full name before 先生, not a firm's 华
    ("王晓林经理", "王晓林", ""),
    ("姚晓华经理", "姚晓华", ""),  # 姚 is the commoner surname: a full name, not a firm 姚晓's 华
    ("蒋文华经理", "蒋文华", ""),
    ("华瑞张经理", "张", "华瑞"),  # 张 is the commoner surname: a firm's 张
    ("金海王经理", "王", "金海"),
])
def test_company_written_in_the_name(text: str, full: str, company: str) -> None:
    n = parse_name(text)
    assert (n.full, n.company) == (full, company)
