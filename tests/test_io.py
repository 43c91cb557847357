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
