"""Blocking (block.py): the sparse_name pass and the block-size guard."""

from __future__ import annotations

import pandas as pd

from dedupe.block import block
from dedupe.io import frame_source
from dedupe.normalize.name import parse_name
from dedupe.rules import Blocking, Rules
from dedupe.standardize import role_frame, standardize

MOBILES = iter(f"+86139{i:08d}" for i in range(10**6))


def record(name: str, phone: bool = False, email: str = "", id_card: str = "", honorific_only: bool = False,
           city: str = "", wechat: str = "") -> dict:
    """One row of a standardized frame, with just what blocking reads."""
    parsed = parse_name(name)
    reading = parsed.pinyin
    return {
        "name": name, "honorific_only": honorific_only, "pinyin": reading, "pinyin_alt": reading,
        "romanized": parsed.romanized,
        "surname_pinyin": "",
        "company_key": "", "company_pinyin": "", "city": city, "place": city, "address_key": "",
        "phone_list": ((next(MOBILES), "mobile", ""),) if phone else (),
        "emails": (email,) if email else (), "id_card": id_card, "wechat": wechat, "qq": "",
        # standardize decides sparseness (test_sparse_is_decided_by_standardize checks it there)
        "sparse": not phone and not email and not id_card,
    }


def pairs(rows: list[dict], passes: tuple[str, ...] = ("sparse_name",), max_block_size: int = 60) -> set:
    result = block(pd.DataFrame(rows), Blocking(passes=passes, max_block_size=max_block_size))
    return set(zip(result.pairs["left"].tolist(), result.pairs["right"].tolist(), strict=True))


def test_sparse_record_pairs_with_same_name() -> None:
    rows = [record("冼梓萱", phone=True), record("李娜", phone=True), record("冼梓萱")]
    assert pairs(rows) == {(0, 2)}


def test_two_sparse_records_pair() -> None:
    assert pairs([record("冼梓萱"), record("冼梓萱"), record("李娜")]) == {(0, 1)}


def test_records_with_phones_sharing_only_a_name_are_not_paired() -> None:
    assert pairs([record("张伟", phone=True), record("张伟", phone=True)]) == set()


def test_email_or_id_card_makes_a_record_not_sparse() -> None:
    rows = [record("张伟", email="zw@example.com"), record("张伟", id_card="110101199003071234"),
            record("张伟", phone=True)]
    assert pairs(rows) == set()


def test_wechat_id_still_counts_as_sparse() -> None:
    rows = [record("张伟", wechat="zw_88"), record("张伟", phone=True)]
    assert pairs(rows) == {(0, 1)}


def test_sparse_record_pairs_with_every_same_named_record() -> None:
    rows = [record("张伟", phone=True), record("张伟", phone=True), record("张伟")]
    assert pairs(rows) == {(0, 2), (1, 2)}  # not (0, 1): both have phones


def spelled(reading: str, wechat: str, phone: bool = False) -> dict:
    """A row with no name whose WeChat id spells ``reading`` (xuchenguo3202)."""
    return {**record("", phone=phone, wechat=wechat), "pinyin": reading, "pinyin_alt": reading,
            "reading_from_handle": True}


def test_a_name_a_wechat_id_spells_pairs_with_full_names_of_that_reading() -> None:
    rows = [{**record("徐晨国", phone=True), "reading_from_handle": False},
            {**record("徐晨果"), "reading_from_handle": False},  # the same reading: for the model
            {**record("王芳", phone=True), "reading_from_handle": False},
            spelled("xuchenguo", "xuchenguo3202"),
            spelled("xuchenguo", "xcg_1990", phone=True)]
    # the spelled rows meet both 徐晨国 and 徐晨果 (one side sparse), and the two 徐晨 meet by
    # the name's own sparse pass only if their names agree (they do not); two rows that
    # have phones are not paired, nor a spelled row with another reading
    assert pairs(rows) == {(0, 3), (1, 3), (1, 4), (3, 4)}
    # without a spelled row the reading alone pairs nothing
    assert pairs(rows[:3]) == set()


def test_a_name_in_pinyin_pairs_with_chinese_names_of_its_reading() -> None:
    rows = [{**record("秦玲燕", phone=True), "reading_from_handle": False},
            {**record("Qin Lingyan"), "reading_from_handle": False},
            {**record("Qin Lingyan", phone=True), "reading_from_handle": False},
            {**record("王芳"), "reading_from_handle": False}]
    assert [r["romanized"] for r in rows] == [False, True, True, False]
    # the sparse romanized row meets 秦玲燕 and its phoned twin; two rows with phones do not meet
    assert pairs(rows) == {(0, 1), (1, 2)}


def test_honorific_only_names_are_not_paired() -> None:
    rows = [record("王", honorific_only=True), record("王", honorific_only=True)]
    assert pairs(rows) == set()


def test_blank_names_are_not_paired() -> None:
    assert pairs([record(""), record("")]) == set()


def test_name_held_by_more_than_max_block_size_records_is_not_paired() -> None:
    rows = [record("张伟")] * 4 + [record("冼梓萱")] * 2
    assert pairs(rows, max_block_size=3) == {(4, 5)}
    result = block(pd.DataFrame(rows), Blocking(passes=("sparse_name",), max_block_size=3))
    assert result.oversized == []  # a common name is expected: no warning
    # at the limit it is still paired
    assert len(pairs(rows, max_block_size=4)) == 6 + 1


def test_union_of_passes_is_deduplicated() -> None:
    rows = [record("冼梓萱", city="广州市"), record("冼梓萱", city="广州市"), record("李娜", city="广州市"),
            record("李娜", phone=True)]
    result = block(pd.DataFrame(rows), Blocking(passes=("sparse_name", "name_city"), max_block_size=60))
    assert result.pairs[["left", "right"]].values.tolist() == [[0, 1], [2, 3]]
    assert result.pass_pairs["name_city"] == 1


def test_sparse_name_pass_counts_each_pair_once() -> None:
    rows = [record("冼梓萱"), record("冼梓萱"), record("李娜")]
    result = block(pd.DataFrame(rows), Blocking(passes=("sparse_name",), max_block_size=60))
    assert result.pass_pairs == {"sparse_name": len(result.pairs)} == {"sparse_name": 1}


def test_oversized_phone_block_is_warned_not_paired() -> None:
    shared = (("+862155667788", "landline", ""),)
    rows = [{**record(f"员工{i}"), "phone_list": shared} for i in range(5)]
    result = block(pd.DataFrame(rows), Blocking(passes=("phone",), max_block_size=4))
    assert result.pairs.empty
    assert result.oversized == [("phone", "+862155667788", 5)]


def test_sparse_name_on_standardized_records() -> None:
    frame = pd.DataFrame({
        "姓名": ["冼梓萱", "冼梓萱", "张伟", "張偉", "李娜"],
        "手机": ["13800138000", "", "13900139000", "13700137000", ""],
        "邮箱": ["", "", "", "", "lina@example.com"],
    })
    raw, _ = role_frame([frame_source("crm", frame)], Rules())
    std = standardize(raw)
    result = block(std, Blocking(passes=("sparse_name",)))
    # 冼梓萱 without a phone meets the one with; the two 张伟 both have phones
    assert result.pairs[["left", "right"]].values.tolist() == [[0, 1]]


def test_sparse_is_decided_by_standardize() -> None:
    frame = pd.DataFrame({"姓名": ["张伟", "张伟", "张伟", "张伟", "张伟"],
                          "手机": ["13800138000", "", "", "", ""],
                          "邮箱": ["", "zw@example.com", "", "", ""],
                          "身份证号": ["", "", "11010519491231002X", "", ""],
                          "微信号": ["", "", "", "zhangwei_88", ""]})
    raw, _ = role_frame([frame_source("s", frame)], Rules())
    std = standardize(raw)
    # a phone, an email or an ID card reach the person across sources; a WeChat id does not
    assert std["sparse"].tolist() == [False, False, False, True, True]


def test_a_record_with_only_a_landline_is_in_its_area_codes_city() -> None:
    """name_city keys on the place: the city's area code, or for a record with no address or
    city its landline's.  A ticket's 刘洋 on 0574 meets 宁波's 刘洋, not 长春's; 0898 is all of
    Hainan, so a ticket on it meets 三亚."""
    frame = pd.DataFrame({
        "姓名": ["刘洋", "刘洋", "刘洋", "刘洋", "陈帅鹏", "陈帅鹏"],
        "电话": ["13800138000", "0574-47931518", "0431-88886666", "13900139000", "0898-88776655", ""],
        "地址": ["宁波市镇海区星火路15号", "", "", "北京市海淀区中关村大街1号", "", "海南省三亚市吉阳区迎宾路8号"],
    })
    raw, _ = role_frame([frame_source("tickets", frame)], Rules())
    std = standardize(raw)
    assert std["place"].tolist() == ["0574", "0574", "0431", "010", "0898", "0898"]
    result = block(std, Blocking(passes=("name_city",)))
    assert result.pairs[["left", "right"]].values.tolist() == [[0, 1], [4, 5]]


def test_a_record_with_a_city_is_not_placed_by_its_landline() -> None:
    frame = pd.DataFrame({"姓名": ["王芳", "王芳", "王芳"],
                          "电话": ["0574-47931518", "010-62345678; 021-55556666", "0755-88889999"],
                          "城市": ["上海", "", ""]})
    raw, _ = role_frame([frame_source("crm", frame)], Rules())
    std = standardize(raw)
    # the city column wins; two landlines in two cities place the record nowhere
    assert std["place"].tolist() == ["021", "", "0755"]
