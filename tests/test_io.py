import pandas as pd
import pytest

from dedupe.errors import InputError
from dedupe.io import expand_inputs, read_source


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b""), ("gb18030", b""), ("gbk", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_encodings_detected(tmp_path, encoding, prefix):
    p = tmp_path / "a.csv"
    p.write_bytes(prefix + "姓名,手机\n張偉,13800138000\n欧阳娜娜,\n".encode(encoding))
    src = read_source("a", p)
    assert list(src.frame.columns) == ["姓名", "手机"]
    assert src.frame["姓名"].tolist() == ["張偉", "欧阳娜娜"]
    assert src.frame["手机"].tolist() == ["13800138000", ""]


def test_cells_stay_verbatim_text(tmp_path):
    p = _write(tmp_path / "a.csv", "编号,电话,金额\n007,010-62345678转801,1.50\nNA,null, \n")
    frame = read_source("a", p).frame
    assert frame.iloc[0].tolist() == ["007", "010-62345678转801", "1.50"]
    assert frame.iloc[1].tolist() == ["NA", "null", " "]


@pytest.mark.parametrize("sep", ["\t", ";", "|"])
def test_delimiters_sniffed(tmp_path, sep):
    p = _write(tmp_path / "a.txt", f"姓名{sep}手机\n张伟{sep}13800138000\n")
    assert read_source("a", p).frame.to_dict("records") == [{"姓名": "张伟", "手机": "13800138000"}]


def test_quoted_newlines_crlf_and_ragged_rows_kept(tmp_path):
    p = _write(tmp_path / "a.csv", '姓名,地址\r\n张伟,"北京市\r\n海淀区"\r\n李娜\r\n王芳,上海,多余\r\n\r\n')
    src = read_source("a", p)
    assert len(src.frame) == 4  # the blank last line is a row too: nothing dropped
    assert src.frame["地址"][0] == "北京市\r\n海淀区"
    assert src.frame["地址"][1] == ""
    assert src.frame["地址"][2] == "上海,多余"
    assert src.malformed_rows == [2, 3]


def test_empty_and_header_only(tmp_path):
    assert read_source("e", _write(tmp_path / "e.csv", "")).rows == 0
    assert read_source("h", _write(tmp_path / "h.csv", "姓名,手机\n")).rows == 0


def test_unreadable_encoding_names_file_and_row(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes("姓名\n张伟\n".encode() + b"\xff\xfe\xfa\x80\n")
    with pytest.raises(InputError) as err:
        read_source("bad", p)
    assert str(p) in str(err.value) and "row 2" in str(err.value) and "encoding" in str(err.value)


def test_forced_encoding(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes("姓名\n张伟\n".encode("gb18030"))
    assert read_source("a", p, encoding="gb18030").frame["姓名"][0] == "张伟"
    with pytest.raises(InputError, match="cannot decode as utf-8"):
        read_source("a", p, encoding="utf-8")


def test_duplicate_headers_kept_apart(tmp_path):
    p = _write(tmp_path / "a.csv", "电话,电话\n1,2\n")
    assert list(read_source("a", p).frame.columns) == ["电话", "电话.2"]


def test_xlsx_parquet_jsonl(tmp_path):
    frame = pd.DataFrame({"姓名": ["张伟"], "手机": ["013800138000"]})
    frame.to_excel(tmp_path / "a.xlsx", index=False)
    frame.to_parquet(tmp_path / "b.parquet")
    frame.to_json(tmp_path / "c.jsonl", orient="records", lines=True, force_ascii=False)
    for name in ("a.xlsx", "b.parquet", "c.jsonl"):
        got = read_source("x", tmp_path / name).frame
        assert got.to_dict("records") == [{"姓名": "张伟", "手机": "013800138000"}], name


def test_expand_inputs(tmp_path):
    _write(tmp_path / "b.csv", "a\n1\n")
    _write(tmp_path / "a.tsv", "a\n1\n")
    _write(tmp_path / "notes.md", "x")
    assert [n for n, _ in expand_inputs([str(tmp_path)])] == ["a", "b"]
    assert expand_inputs([f"crm={tmp_path / 'b.csv'}"])[0][0] == "crm"
    with pytest.raises(InputError, match="file not found"):
        expand_inputs([str(tmp_path / "missing.csv")])
    with pytest.raises(InputError, match="also used by"):
        expand_inputs([str(tmp_path / "b.csv"), f"b={tmp_path / 'a.tsv'}"])


def _book(path, sheets):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def test_workbook_with_several_sheets_is_one_source_per_sheet(tmp_path):
    import datetime as dt

    p = _book(tmp_path / "展会.xlsx", {
        "客户": [["姓名", "手机", "日期"], ["张伟", 13800138000, dt.datetime(2024, 3, 1)], [None, None, None],
                ["王芳", 13900139000.0, dt.datetime(2024, 3, 1, 9, 30)], [None], [None]],
        "订单": [["收货人", None], ["李娜", "多出一列"]],
        "空": [],
    })
    entries = expand_inputs([str(p)])
    assert [n for n, _ in entries] == ["展会#客户", "展会#订单", "展会#空"]
    first = read_source(*entries[0])
    # numbers as the cell shows them, a blank row inside kept (row numbers stay the sheet's), the blank
    # rows after the last value not rows at all
    assert first.frame.to_dict("records") == [
        {"姓名": "张伟", "手机": "13800138000", "日期": "2024-03-01"},
        {"姓名": "", "手机": "", "日期": ""},
        {"姓名": "王芳", "手机": "13900139000", "日期": "2024-03-01 09:30:00"}]
    assert read_source(*entries[1]).frame.to_dict("records") == [{"收货人": "李娜", "column_2": "多出一列"}]
    assert read_source(*entries[2]).rows == 0
    assert expand_inputs([f"{p}#订单"]) == [("展会#订单", tmp_path / "展会.xlsx#订单")]
    assert expand_inputs([f"expo={p}#订单"])[0][0] == "expo"
    with pytest.raises(InputError, match=r"no sheet '门店' \(sheets: 客户, 订单, 空\)"):
        expand_inputs([f"{p}#门店"])
    one = _book(tmp_path / "one.xlsx", {"Sheet": [["姓名"], ["张伟"]]})
    assert expand_inputs([str(one)]) == [("one", one)]


def test_jsonl_lines_that_are_not_objects_are_kept_and_flagged(tmp_path):
    p = _write(tmp_path / "a.jsonl", '{"姓名": "张伟", "手机": 13800138000, "标签": ["a", "b"], "备注": null}\n'
                                     '\n'
                                     '{"姓名": "王芳", "vip": true\n'
                                     '[1, 2]\n'
                                     '{"姓名": "李娜", "金额": 1.5}\n')
    src = read_source("a", p)
    assert list(src.frame.columns) == ["姓名", "手机", "标签", "备注", "金额", "_unparsed"]
    rows = src.frame.to_dict("records")
    assert len(rows) == 5 and src.malformed_rows == [3, 4]
    assert rows[0] == {"姓名": "张伟", "手机": "13800138000", "标签": '["a", "b"]', "备注": "", "金额": "",
                       "_unparsed": ""}
    assert set(rows[1].values()) == {""}
    assert rows[2]["_unparsed"] == '{"姓名": "王芳", "vip": true' and rows[3]["_unparsed"] == "[1, 2]"
    assert rows[4]["金额"] == "1.5"


def test_typed_columns_become_the_text_a_user_expects(tmp_path):
    import numpy as np

    frame = pd.DataFrame({"手机": [13800138000.0, np.nan], "时间": [pd.Timestamp("2024-01-02"), pd.NaT],
                          "备注": [pd.NA, "x"], "数据": [b"\xe5\xbc\xa0", b""]})
    frame.to_parquet(tmp_path / "a.parquet")
    assert read_source("a", tmp_path / "a.parquet").frame.to_dict("records") == [
        {"手机": "13800138000", "时间": "2024-01-02", "备注": "", "数据": "张"},
        {"手机": "", "时间": "", "备注": "x", "数据": ""}]


def test_a_cell_of_200000_characters_is_read_whole(tmp_path):
    big = "长" * 200_000
    p = _write(tmp_path / "a.csv", f'姓名,备注\n张伟,"{big}"\n王芳,短\n')
    assert read_source("a", p).frame["备注"].tolist() == [big, "短"]


def test_bad_paths_and_formats_are_input_errors(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=r"old\.xls: old Excel \.xls files cannot be read; save it as \.xlsx"):
        read_source("x", tmp_path / "old.xls")
    with pytest.raises(InputError, match="missing.csv: file not found"):
        read_source("x", tmp_path / "missing.csv")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(InputError, match="broken.xlsx: cannot read xlsx file"):
        read_source("x", tmp_path / "broken.xlsx")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 nope")
    with pytest.raises(InputError, match="broken.parquet: cannot read parquet file"):
        read_source("x", tmp_path / "broken.parquet")


def test_undecodable_byte_names_row_and_column(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes("姓名,手机,备注\n张伟,13800138000,x\n".encode("gbk") + b"li,\xff\xfe\x80,1\n")
    with pytest.raises(InputError, match=r"bad\.csv: row 2, column '手机': unreadable encoding"):
        read_source("bad", p)


def test_library_takes_frames_and_paths_and_raises_dedupe_errors(tmp_path):
    import dedupe

    p = _write(tmp_path / "a.csv", "姓名,手机\n张伟,13800138000\n")
    result = dedupe.merge({"crm": pd.DataFrame({"联系人": ["張偉"], "电话": ["+86 138 0013 8000"]}), "file": p})
    assert result.records[["source", "row"]].values.tolist() == [["crm", 1], ["file", 1]]
    assert result.records["contact_id"].nunique() == 1
    for bad, message in [({"x": [1, 2]}, "source 'x': expected a DataFrame or a file path, got list"),
                         ({"x": tmp_path / "nope.csv"}, "nope.csv: file not found"),
                         ({"x": tmp_path}, "is a directory"),
                         ([str(tmp_path / "nope.csv")], "nope.csv: file not found")]:
        with pytest.raises(dedupe.InputError, match=message):
            dedupe.merge(bad)
    with pytest.raises(dedupe.RulesError, match="unknown role 'person'"):
        dedupe.merge([str(p)], columns={"姓名": "person"})


def test_sheet_with_a_wrong_dimension_is_read_whole(tmp_path):
    """Some exporters write <dimension ref="A1"/> whatever the data; read-only openpyxl trusts it."""
    import re
    import zipfile

    good = _book(tmp_path / "good.xlsx", {"s": [["姓名", "手机"], ["张伟", "13800138000"], ["王芳", "13900139000"]]})
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            zout.writestr(item, data)
    assert read_source("b", bad).frame.to_dict("records") == [
        {"姓名": "张伟", "手机": "13800138000"}, {"姓名": "王芳", "手机": "13900139000"}]


def test_a_title_above_the_header_is_not_data(tmp_path):
    # exports often open with a title line (and a blank line) over the real header
    csv_path = tmp_path / "expo.csv"
    csv_path.write_text("客户联系人名单（2024年展会）\n\n姓名,手机,公司\n张伟,13800138000,华瑞\n李娜,13900139000,锐中\n",
                        encoding="utf-8")
    src = read_source("expo", csv_path)
    assert list(src.frame.columns) == ["姓名", "手机", "公司"]
    assert src.frame["姓名"].tolist() == ["张伟", "李娜"]
    assert src.title == ["客户联系人名单（2024年展会）"]
    assert src.malformed_rows == []
    # a tab-separated file: the delimiter is sniffed on the header, not on the title
    tsv = tmp_path / "sign.tsv"
    tsv.write_text("展会签到表\n姓名\t手机\t单位\n王芳\t13700137000\t华瑞\n", encoding="utf-8")
    assert read_source("sign", tsv).frame.to_dict("records") == [{"姓名": "王芳", "手机": "13700137000", "单位": "华瑞"}]
    # a workbook whose title sits in merged cells over the header
    book = _book(tmp_path / "crm.xlsx", {"客户": [["2024 客户名单", None, None], ["联系人", "电话", "公司地址"],
                                                  ["赵磊", "010-62345678", "北京市海淀区中关村大街1号"]]})
    sheet = read_source("crm", book)
    assert list(sheet.frame.columns) == ["联系人", "电话", "公司地址"] and sheet.rows == 1
    assert sheet.title == ["2024 客户名单"]


@pytest.mark.parametrize("text", [
    "姓名\n张伟\n李娜\n",  # one column: its header is its first line
    "姓名,手机\n张伟,\n李娜,13900139000\n",  # a first row with one value is no title when the header is above it
    "备注\n张伟\t13800138000\n",  # a line under it names no two roles: the first line stays the header
])
def test_first_line_stays_the_header_without_a_title(tmp_path, text):
    p = tmp_path / "a.csv"
    p.write_text(text, encoding="utf-8")
    src = read_source("a", p)
    assert src.title == []
    assert list(src.frame.columns) == text.split("\n")[0].split(",")


def test_a_title_of_two_texts_naming_no_role(tmp_path):
    book = _book(tmp_path / "crm.xlsx", {"客户": [["客户名单", None, "导出日期 2024-03-05"], ["联系人", "手机", "公司"],
                                                  ["赵磊", "13800138000", "华瑞"]]})
    sheet = read_source("crm", book)
    assert sheet.title == ["客户名单", "导出日期 2024-03-05"] and list(sheet.frame.columns) == ["联系人", "手机", "公司"]
    # two texts of which one names a role are a header (姓名, 备注), whatever follows
    p = tmp_path / "a.csv"
    p.write_text("姓名,备注\n张伟,老客户\n", encoding="utf-8")
    assert read_source("a", p).title == []


def test_data_cells_that_contain_role_words_are_no_header(tmp_path):
    # found by the property suite: two unroled headers over two company names (…有限公司 holds 公司)
    p = tmp_path / "crm.csv"
    p.write_text("企业名称（全称）,备注\n北京字节跳动科技有限公司上海分公司,北京字节跳动科技有限公司\n", encoding="utf-8")
    src = read_source("crm", p)
    assert src.title == [] and src.rows == 1 and list(src.frame.columns) == ["企业名称（全称）", "备注"]


def test_group_headers_above_the_header_are_a_title(tmp_path):
    book = _book(tmp_path / "crm.xlsx", {"客户": [["联系人信息", None, "公司信息", None],
                                                  ["姓名", "手机", "公司", "地址"],
                                                  ["赵磊", "13800138000", "华瑞", "北京市海淀区中关村大街1号"]]})
    sheet = read_source("crm", book)
    assert sheet.title == ["联系人信息", "公司信息"]
    assert list(sheet.frame.columns) == ["姓名", "手机", "公司", "地址"] and sheet.rows == 1
    # a line above as wide as the header is data of a header that names its roles loosely: no title
    p = tmp_path / "a.csv"
    p.write_text("客户手机号,联系人名字,单位全称\n13800138000,张伟,华瑞\n手机,姓名,公司\n", encoding="utf-8")
    assert read_source("a", p).title == [] and read_source("a", p).rows == 2
