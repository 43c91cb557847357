"""standardize: parsing distinct values in worker processes gives the same frame as in one."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dedupe import standardize as std_module
from dedupe.io import Source, expand_inputs, read_source
from dedupe.rules import Rules
from dedupe.standardize import role_frame, standardize

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "data"


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    sources = [read_source(name, path) for name, path in expand_inputs([str(FIXTURES)])]
    frame, _ = role_frame(sources, Rules.load("default"))
    return frame


def test_workers_give_the_same_frame(raw: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = standardize(raw, workers=1)
    # force the worker path on a small input, with chunks that split every column
    monkeypatch.setattr(std_module._Parser, "_MIN_PARALLEL", 0)
    monkeypatch.setattr(std_module._Parser, "_CHUNK", 97)
    parallel = standardize(raw, workers=2)
    pd.testing.assert_frame_equal(serial, parallel)
    assert len(serial) == len(raw)
    # the frame carries what the sources hold (not a frame of blanks)
    assert serial["mobile"].str.startswith("+861").sum() > len(raw) // 3
    assert (serial["city"] != "").sum() > len(raw) // 2


def test_phone_summary_combines_both_cells() -> None:
    mobile = (("+8613800138000", "mobile", "", True),)
    office = (("+862162345678", "landline", "801", True), ("+8613800138000", "mobile", "", True),
              ("1.38001E+10", "", "", False))
    phone_list, mobiles, others, invalid, present = std_module._phone_summary((mobile, office))
    assert phone_list == (("+8613800138000", "mobile", ""), ("+862162345678", "landline", "801"))
    assert mobiles == "+8613800138000"
    assert others == "+862162345678x801"
    assert invalid and present
    assert std_module._phone_summary(((), ())) == ((), "", "", False, False)
    service = (("+8675596166", "service", "", True),)
    assert std_module._phone_summary((mobile, service))[0] == (("+8613800138000", "mobile", ""),)


def test_service_line_is_not_matched_on() -> None:
    # 0755-96166 is a public service line: written by unrelated customers, so it must not block them
    from dedupe.normalize.phone import parse_phone

    (p,) = parse_phone("0755-96166")
    assert p.valid and p.kind == "service"
    summary = std_module._phone_summary((std_module._phone_fields(("0755-96166", "")), ()))
    assert summary[0] == () and summary[2] == "+8675596166"


def test_empty_frame(raw: pd.DataFrame) -> None:
    out = standardize(raw.iloc[:0], workers=2)
    assert len(out) == 0
    assert "address_key" in out.columns and "phone_list" in out.columns


def test_name_flags_from_one_merge() -> None:
    import dedupe

    frame = pd.DataFrame({"姓名": ["张伟/李娜", "未知", "张先生", "", "王芳"],
                          "手机": ["13800138000", "", "1.38001E+10", "13912345670", "13712345670"]})
    flags = [set(f.split(";")) for f in dedupe.merge({"crm": frame}).records["flags"]]
    assert "several_names" in flags[0] and "missing_name" not in flags[0]
    assert "missing_name" in flags[1]  # a placeholder names nobody
    assert {"honorific_only", "invalid_phone"} <= flags[2] and "missing_name" not in flags[2]
    assert "missing_name" in flags[3]
    assert not {"several_names", "missing_name", "honorific_only", "invalid_phone"} & flags[4]


def test_landline_without_area_code_takes_the_records_city() -> None:
    import dedupe

    frame = pd.DataFrame({"姓名": ["张伟", "李娜", "王芳"], "所在城市": ["北京", "深圳", ""],
                          "办公电话": ["6234 5678", "8601 3388转801", "6234 5678"]})
    records = dedupe.merge({"crm": frame}).records
    assert records["phone"].tolist()[:2] == ["+861062345678", "+8675586013388x801"]
    # no city: never completed, flagged instead
    assert records["phone"].tolist()[2] == ""
    assert "invalid_phone" in records["flags"].tolist()[2]


def test_company_written_in_the_name_or_address_fills_an_empty_company() -> None:
    import dedupe

    crm = pd.DataFrame({"姓名": ["杨鑫", "张伟"], "公司": ["广州和宇商贸有限公司", "深圳华瑞科技有限公司"]})
    wechat = pd.DataFrame({"联系人姓名": ["杨鑫 和宇", "王晓琳锐中网络科技", "华瑞张总", "张伟 李娜", "刘洋"],
                           "公司名称": ["", "", "", "", "星河贸易"]})
    orders = pd.DataFrame({"收货人": ["陈明"], "收货地址": ["江苏省苏州市虎丘区解放路168号创邦科技园A座1117(锐中网络科技)"]})
    records = dedupe.merge({"crm": crm, "wechat": wechat, "orders": orders}).records
    keys = zip(records["source"], records["row"], strict=True)
    got = dict(zip(keys, zip(records["name"], records["company_key"], records["flags"], strict=True), strict=True))
    # 和宇 could be a second person; it is the trade name another record gives as its company
    assert got[("wechat", 1)][:2] == ("杨鑫", "和宇") and "several_names" not in got[("wechat", 1)][2]
    assert got[("wechat", 2)][:2] == ("王晓琳", "锐中")
    assert got[("wechat", 3)][:2] == ("张", "华瑞")
    # 李娜 is nobody's trade name: a second person, no company
    assert got[("wechat", 4)][:2] == ("张伟", "") and "several_names" in got[("wechat", 4)][2]
    assert got[("wechat", 5)][1] == "星河"  # the company column, when it names one, is used
    assert got[("orders", 1)][1] == "锐中" and "missing_company" not in got[("orders", 1)][2]
    assert records["address_key"].tolist()[-1].endswith("|解放路168号创邦科技园A栋1117")


def test_cells_differing_after_a_nul_are_parsed_apart() -> None:
    # pandas' string hashing stops at NUL: '13800138000' and '13800138000\0139' must not share a parse
    import dedupe

    frame = pd.DataFrame({"姓名": ["张伟", "李娜"], "手机": ["13800138000", "13800138000\x00139"]})
    records = dedupe.merge({"crm": frame}).records
    assert records["mobile"].tolist()[0] == "+8613800138000"
    assert records["mobile"].tolist()[1] == "" and "invalid_phone" in records["flags"].tolist()[1]


def test_huge_cells_are_parsed_from_their_head_and_kept_whole():
    import dedupe
    from dedupe.standardize import MAX_VALUE

    novel = "北京市海淀区中关村大街1号" + "很长的备注" * 40_000
    frame = pd.DataFrame({"姓名": ["张伟" + "伟" * 150_000, "王芳"], "手机": ["13800138000 " * 20_000, "13900139001"],
                          "地址": [novel, "上海市"]})
    records = dedupe.merge({"a": frame}).records
    assert records["地址"][0] == novel and records["姓名"][0] == frame["姓名"][0]  # originals whole
    assert records["name"].str.len().max() <= MAX_VALUE
    assert records["district"][0] == "海淀区" and records["mobile"][0] == "+8613800138000"


def test_cells_with_lone_surrogates_are_parsed_apart() -> None:
    # a lone surrogate (text decoded with surrogateescape) has no UTF-8 form: OpenCC raised on
    # it, and pandas' string hashing gave '李娜\udcff' the parse of '张伟\ud800' (found by
    # test_properties)
    import dedupe

    frame = pd.DataFrame({"姓名": ["张伟\ud800", "李娜\udcff"], "手机": ["13800138000\ud800", "13912345670\ud800"],
                          "区县": ["为偉\ud800未知", "新城区科技园南路18号"]})
    records = dedupe.merge({"crm": frame}).records
    assert records["name"].tolist() == ["张伟", "李娜"]
    assert records["district"].tolist() == ["", "新城区"]
    assert records["姓名"].tolist() == ["张伟\ud800", "李娜\udcff"]  # the original cells, verbatim


@pytest.mark.parametrize("cell, iso", [
    ("2024年3月5日 上午9:07", "2024-03-05 09:07:00"),
    ("2024年3月5日 中午12:15", "2024-03-05 12:15:00"),
    ("2024年3月5日 晚上8:00", "2024-03-05 20:00:00"),
    ("2024/3/5 12:00 PM", "2024-03-05 12:00:00"),
    ("2024年3月5日 下午13:07", ""),  # a 12-hour clock has no 13
    ("202403050907", "2024-03-05 09:07:00"),
    ("20241305", ""),
    ("2024-13", ""),
    ("2024/7", "2024-07-01 00:00:00"),
    ("13800138000", ""),  # a phone number in a date column is no date
    # a date that lost its format on the way: Excel's serial day (45356 is 2024-03-05), Unix
    # seconds and milliseconds (read on China's clock), English month names
    ("45356", "2024-03-05 00:00:00"),
    ("45356.5", "2024-03-05 12:00:00"),
    ("1709600820", "2024-03-05 09:07:00"),
    ("1709600820000", "2024-03-05 09:07:00"),
    ("Mar 5, 2024", "2024-03-05 00:00:00"),
    ("March 5th, 2024 9:07 AM", "2024-03-05 09:07:00"),
    ("5 Mar 2024", "2024-03-05 00:00:00"),
    ("05-Mar-24", "2024-03-05 00:00:00"),
    ("Foo 5, 2024", ""),
    ("3/5/2024", ""),  # 3 May or March 5: not guessed
    ("12345", ""),  # too early for a serial day of a customer record
])
def test_date_forms_of_real_exports(cell, iso):
    from dedupe.standardize import _date

    assert _date(cell) == iso


def test_a_name_split_in_surname_and_given_name_columns_is_one_name() -> None:
    import dedupe

    crm = pd.DataFrame({"姓": ["张", "欧阳", "Zhang", "王", "", "李"], "名": ["伟", "娜娜", "Wei", "先生", "", ""],
                        "手机": ["13800138000", "13900139000", "13800138000", "13700137000", "13600136000",
                                 "13500135000"]})
    orders = pd.DataFrame({"收货人": ["张伟", "欧阳娜娜"], "手机号码": ["13800138000", "13900139000"]})
    records = dedupe.merge({"crm": crm, "orders": orders}).records
    crm_rows = records[records["source"] == "crm"]
    assert crm_rows["name"].tolist() == ["张伟", "欧阳娜娜", "Zhang Wei", "王", "", "李"]
    assert crm_rows["surname"].tolist()[:4] == ["张", "欧阳", "zhang", "王"]
    flags = [set(f.split(";")) for f in crm_rows["flags"]]
    assert "honorific_only" in flags[3] and "missing_name" in flags[4] and "missing_name" not in flags[5]
    # the split names meet the whole ones: 张 | 伟, Zhang | Wei and 张伟 are one contact
    by_row = dict(zip(zip(records["source"], records["row"], strict=True), records["contact_id"], strict=True))
    assert by_row["crm", 1] == by_row["crm", 3] == by_row["orders", 1]
    assert by_row["crm", 2] == by_row["orders", 2]


def test_a_split_name_fills_a_blank_name_column_only() -> None:
    frame = pd.DataFrame({"姓名": ["张伟", ""], "Last Name": ["Li", "Li"], "First Name": ["Na", "Na"]})
    raw, roles = role_frame([Source("crm", "crm.csv", frame)], Rules.load())
    assert roles["crm"] == {"姓名": "name", "Last Name": "surname", "First Name": "given_name"}
    assert raw["raw_name"].tolist() == ["张伟", "Li, Na"]


def test_a_gender_column_gives_the_gender_the_name_does_not() -> None:
    import dedupe

    frame = pd.DataFrame({"姓名": ["张伟", "张伟", "王女士", "李娜", "刘洋"], "性别": ["男", "F", "男", "未知", ""],
                          "手机": ["13800138000", "13900139000", "13700137000", "13600136000", "13500135000"]})
    records = dedupe.merge({"crm": frame}).records
    # the name's own word wins (王女士); an unknown or blank cell says nothing
    assert records["gender"].tolist() == ["M", "F", "F", "", ""]
    frame = pd.DataFrame({"姓名": ["李娜", "李先生"], "性别": ["女", ""], "公司": ["华瑞科技", "华瑞科技"],
                          "手机": ["13800138000", "13800138000"]})
    # 李先生 does not agree with 李娜 on the surname when the column says she is a woman
    assert dedupe.merge({"crm": frame}).pairs["name_level"].tolist() == ["different"]
    frame["性别"] = ""
    assert dedupe.merge({"crm": frame}).pairs["name_level"].tolist() == ["surname+honorific"]


def test_a_remark_name_that_puts_the_trade_name_first_is_read_as_the_person() -> None:
    import dedupe

    crm = pd.DataFrame({"姓名": ["姚亮", "蔡强", "陆勇", "李娜"],
                        "公司": ["迅大信投资管理有限公司", "星锐机械设备有限公司", "凯维君环保科技", "华瑞科技"],
                        "手机": ["13800138001", "13800138002", "13800138003", "13800138004"]})
    wechat = pd.DataFrame({"备注名": ["迅大信 姚亮", "A-星锐-蔡强", "凯维君·陆勇", "阿沛·阿旺晋美", "华瑞 李娜", "星锐 华瑞"],
                           "公司": ["", "", "", "", "", ""]})
    records = dedupe.merge({"crm": crm, "wechat": wechat}).records
    remark = records[records["source"] == "wechat"]
    assert remark["name"].tolist()[:5] == ["姚亮", "蔡强", "陆勇", "阿沛·阿旺晋美", "李娜"]
    assert remark["company_key"].tolist()[:5] == ["迅大信", "星锐", "凯维君", "", "华瑞"]
    # two trade names and no person: nothing to read instead, the cell stays as it was read
    assert remark["name"].tolist()[5] == "星锐·华瑞"
    crm_contact = dict(zip(records["name"][:4], records["contact_id"][:4], strict=True))
    assert remark["contact_id"].tolist()[:3] == [crm_contact["姚亮"], crm_contact["蔡强"], crm_contact["陆勇"]]


def test_a_remark_name_led_by_its_own_companys_trade_name_is_the_person_even_when_someone_bears_it() -> None:
    import dedupe

    # 方鑫 is also a person, at 辉汇; the WeChat row at 方鑫生物科技 is 陈燕 of that firm.  A row
    # of another company (or none) leaves a name someone bears as it is.
    crm = pd.DataFrame({"姓名": ["方鑫", "陈燕"], "公司": ["珠海市辉汇生物科技有限公司", "广州市方鑫生物科技有限公司"],
                        "手机": ["15797940795", "13800138001"]})
    wechat = pd.DataFrame({"备注名": ["方鑫 陈燕", "方鑫 陈燕", "方鑫 陈燕"],
                           "公司": ["方鑫生物科技", "辉汇生物科技", ""]})
    records = dedupe.merge({"crm": crm, "wechat": wechat}).records
    remark = records[records["source"] == "wechat"]
    assert remark["name"].tolist() == ["陈燕", "方鑫", "方鑫"]
    assert remark["contact_id"].tolist()[0] == records["contact_id"].tolist()[1]


def test_an_invoice_made_out_to_the_buyer_names_no_company() -> None:
    import dedupe

    orders = pd.DataFrame({"收货人": ["张三", "李四", "王五"], "发票抬头": ["张三", "个人", "华瑞科技有限公司"],
                           "联系电话": ["13800138001", "13800138002", "13800138003"]})
    result = dedupe.merge({"orders": orders})
    assert result.records["company_key"].tolist() == ["", "", "华瑞"]
    assert result.entities["kind"].tolist() == ["person", "person", "company"]
    crm = pd.DataFrame({"Name": ["Zhang San", "Li Si"], "发票抬头": ["张三", "华瑞科技有限公司"]})
    assert dedupe.merge({"crm": crm}).records["company_key"].tolist() == ["", "华瑞"]


def test_a_columns_dates_written_month_first_are_read_when_the_column_tells_the_order() -> None:
    us = pd.DataFrame({"Name": ["张伟", "李娜", "王芳"], "Created Date": ["01/08/2019", "01/28/2019 14:05", "3/5/2020"]})
    eu = pd.DataFrame({"姓名": ["张伟", "李娜"], "日期": ["08/01/2019", "28/01/2019"]})
    unknown = pd.DataFrame({"姓名": ["张伟"], "日期": ["08/01/2019"]})
    raw, _ = role_frame([Source("us", "us.csv", us), Source("eu", "eu.csv", eu), Source("x", "x.csv", unknown)],
                        Rules.load())
    out = standardize(raw, workers=1)
    assert out["updated_at"].tolist() == ["2019-01-08 00:00:00", "2019-01-28 14:05:00", "2020-03-05 00:00:00",
                                          "2019-01-08 00:00:00", "2019-01-28 00:00:00", ""]
    assert raw["raw_updated_at"].tolist()[-1] == "08/01/2019"  # the one cell says nothing of its order


def test_a_second_name_column_of_honorifics_tells_the_gender() -> None:
    import dedupe

    frame = pd.DataFrame({"姓名": ["张伟", "李娜", "王芳"], "称呼": ["先生", "女士", ""],
                          "手机": ["13800138000", "13900139000", "13700137000"]})
    records = dedupe.merge({"crm": frame}).records
    assert records["name"].tolist() == ["张伟", "李娜", "王芳"]
    assert records["gender"].tolist() == ["M", "F", ""]


def test_a_display_name_that_spells_a_name_stands_in_for_a_blank_or_honorific_name() -> None:
    frame = pd.DataFrame({"微信号": ["w1", "w2", "w3", "w4", "w5", "w6"],
                          "昵称": ["吴兵🍀", "阳光", "Jia Tang", "王伟", "王伟", "陈杨"],
                          "备注名": ["", "", "", "王总", "李总", "李娜"]})
    raw, roles = role_frame([Source("wechat", "wechat.csv", frame)], Rules.load())
    assert roles["wechat"]["昵称"] == "nickname"
    # a word (阳光) is no name; an honorific of the same surname takes the full name and keeps
    # its title, one of another surname (李总) is another person's remark and stays; a full
    # remark name wins over the display name
    assert raw["raw_name"].tolist() == ["吴兵", "", "Jia Tang", "王伟总", "李总", "李娜"]
    out = standardize(raw, workers=1)
    assert out["name"].tolist() == ["吴兵", "", "Tang Jia", "王伟", "李", "李娜"]
    assert out["honorific"].tolist()[3] == "总"


def test_a_wechat_id_that_is_a_mobile_number_is_one_of_the_persons_mobiles() -> None:
    import dedupe

    wechat = pd.DataFrame({"微信号": ["13832181262", "13832181262", "wxid_abc", "12345678901", "13800138000"],
                           "备注名": ["张伟", "李娜", "王芳", "刘洋", "陈静"],
                           "手机号": ["135-9275-9791", "", "", "", "138 0013 8000"]})
    records = dedupe.merge({"wechat": wechat}).records
    # added beside a number the cell holds, once; an id that is no valid mobile number is no number
    assert records["mobile"].tolist() == ["+8613592759791;+8613832181262", "+8613832181262", "", "",
                                          "+8613800138000"]
    assert records["flags"].str.contains("missing_phone").tolist() == [False, False, True, True, False]
    assert not records["flags"].str.contains("invalid_phone").any()


def test_a_nameless_record_is_matched_on_the_name_its_wechat_id_spells() -> None:
    import dedupe

    crm = pd.DataFrame({"姓名": ["吴丹", "王军"], "公司": ["华瑞科技有限公司", "华瑞科技有限公司"],
                        "手机": ["13800138001", "13800138002"]})
    wechat = pd.DataFrame({"微信号": ["wudan615", "lucky2020", "liuh1995"], "备注名": ["", "", ""],
                           "公司": ["华瑞科技", "华瑞科技", "华瑞科技"]})
    result = dedupe.merge({"crm": crm, "wechat": wechat})
    records = result.records
    wx = records[records["source"] == "wechat"]
    # the reading is for matching only: the name stays empty, and flagged missing
    assert wx["name"].tolist() == ["", "", ""]
    assert wx["pinyin"].tolist() == ["wudan", "", ""]
    assert wx["flags"].str.contains("missing_name").all()
    assert wx["contact_id"].tolist()[0] == records["contact_id"].tolist()[0]
    assert not set(wx["contact_id"].tolist()[1:]) & set(records["contact_id"].tolist()[:2])
    pair = result.pairs[(result.pairs["right_source"] == "wechat") & (result.pairs["right_row"] == 1)]
    assert "the reading a WeChat id spells" in pair["why"].tolist()[0]


def test_a_surname_only_record_is_matched_on_the_name_its_wechat_id_spells() -> None:
    """黄 with the id chunmei_huang reads huangchunmei and meets 黄春梅 in its city (no company,
    no phone: only the reading can bring them together); 黄 with huangfuhua2046 (皇甫华, another
    surname) and 王 with chunmei_huang88 (another surname) read nothing more than their surname."""
    import dedupe

    crm = pd.DataFrame({"姓名": ["黄春梅", "王军"], "城市": ["广州", "广州"],
                        "手机": ["13800138001", "13800138002"]})
    wechat = pd.DataFrame({"微信号": ["chunmei_huang", "huangfuhua2046", "chunmei_huang88"],
                           "备注名": ["黄", "黄", "王"], "地区": ["广东 广州"] * 3})
    result = dedupe.merge({"crm": crm, "wechat": wechat})
    records = result.records
    wx = records[records["source"] == "wechat"]
    assert wx["name"].tolist() == ["黄", "黄", "王"]  # the name stays what the row says
    assert wx["pinyin"].tolist() == ["huangchunmei", "huang", "wang"]
    assert wx["contact_id"].tolist()[0] == records["contact_id"].tolist()[0]
    assert not set(wx["contact_id"].tolist()[1:]) & set(records["contact_id"].tolist()[:2])
    pair = result.pairs[(result.pairs["right_source"] == "wechat") & (result.pairs["right_row"] == 1)]
    assert len(pair) == 1
    assert "the reading a WeChat id spells" in pair["why"].tolist()[0]
