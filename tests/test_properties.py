"""Property tests (hypothesis): hostile sources through ``dedupe.merge`` and ``read_source``.

The invariants of the contract, on generated input:

* every data row of every source is in ``records`` exactly once (``source``, 1-based ``row``);
* the original cells come through verbatim, under their own header (``src_`` on a clash);
* ``contact_id`` / ``entity_id`` are consistent across records, contacts and entities;
* ``pairs`` reference existing records only;
* only :class:`dedupe.DedupeError` escapes, and nothing at all for readable input;
* the same input twice gives equal output.

The runs are reproducible (``derandomize=True``); ``EXAMPLES`` holds each test's count
and :func:`test_examples_ran` (last in the file) checks that they all ran.

What the suite found in the readers and the writer is pinned by plain regression
tests at the end (``test_reader_*``, ``test_writer_*``).  Inputs no reader can read
one way only are kept out where they are made: GB18030 bytes that are also other
UTF-8 text (``_ambiguous_gb18030``), and an unquoted header holding another
delimiter (``_sniffable``).
"""

from __future__ import annotations

import csv
import json
import math
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import dedupe
from dedupe.io import frame_source, read_source
from dedupe.output import write_outputs
from dedupe.quality import FLAGS
from dedupe.standardize import RECORD_COLUMNS

# Generated inputs per test.  Issue 6 asks for >= 1,000 in CI: merge runs on 1,000 of these
# (library + files + determinism + written), read_source alone on the rest.  About 3 minutes
# on two cores; test_examples_ran checks that every one of them ran.
EXAMPLES = {
    "library": 560,
    "files": 340,
    "determinism": 60,
    "written": 40,
    "read": 200,
}
MERGED = ("library", "files", "determinism", "written")
RAN: Counter[str] = Counter()

RULES = dedupe.Rules.load("default")
FEBRL = dedupe.Rules.load("febrl")  # declared fields instead of the Chinese comparisons
OURS = frozenset(RECORD_COLUMNS)


def _settings(name: str) -> settings:
    return settings(max_examples=EXAMPLES[name], deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much, HealthCheck.large_base_example])


def weighted(*choices: tuple[int, st.SearchStrategy]) -> st.SearchStrategy:
    """A choice of strategies, each drawn ``n`` times as often as a strategy of weight 1 (not
    one_of, which drops repeated strategies); hypothesis shrinks towards the first."""
    return st.sampled_from([s for n, s in choices for _ in range(n)]).flatmap(lambda s: s)


def one_in(n: int) -> st.SearchStrategy[bool]:
    """True about once in ``n`` draws (a power of two): every one of log2(n) coin flips.
    Not integers(0, n - 1) == 0: hypothesis draws 0 in some 10% of draws whatever n is."""
    return st.lists(st.booleans(), min_size=n.bit_length() - 1, max_size=n.bit_length() - 1).map(all)


# --- cells ---------------------------------------------------------------------------------

SURNAMES = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "郭", "欧阳", "司马", "诸葛", "張", "劉",
            "陳", "黃", "业", "为"]
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "强", "磊", "军", "洋", "杰", "涛", "超", "秀兰", "偉", "國強", "娜娜",
         "一", "专"]
HONORIFICS = ["先生", "女士", "小姐", "总", "经理", "老师", "老板", "师傅", "总监", "工", "律师", "太太", "董"]
ROMANIZED = ["Zhang Wei", "WANG FANG", "Li Na", "Wei Zhang", "Zhang, Wei", "Mr. Wang", "Ms Li Na", "Ouyang Nana",
             "Chan Tai Man", "Wong Ka-Fai", "O'Brien", "José Müller", "zhangwei", "ZHANG Wei (Tony)"]
NOBODY = ["未知", "客户", "先生", "-", "NULL", "无", "暂无", "n/a", "Unknown", "测试", "123", "同上", "?"]
MOBILE_PREFIXES = ["130", "138", "139", "150", "158", "166", "177", "186", "188", "199", "170", "141", "100", "120"]
AREA_CODES = ["010", "021", "0755", "020", "0571", "028", "0512", "0731", "0991"]
REGIONS = ["北京", "上海", "深圳", "广州", "杭州", "苏州", "重庆", "成都", ""]
BRANDS = ["字节跳动", "腾讯", "阿里巴巴", "华为", "小米", "美团", "瑞众", "中信", "星辰", "宏达", "业为"]
INDUSTRIES = ["科技", "网络技术", "信息技术", "贸易", "电子商务", "物流", "咨询", "生物医药", ""]
LEGAL = ["有限公司", "有限责任公司", "股份有限公司", "集团有限公司", " Co., Ltd.", "（有限合伙）", ""]
BRANCHES = ["", "上海分公司", "（深圳）分公司", "北京办事处", "分公司", "第一分店"]
PLACES = [("广东省", "深圳市", "南山区"), ("北京市", "北京市", "海淀区"), ("上海市", "上海市", "浦东新区"),
          ("浙江省", "杭州市", "西湖区"), ("江苏省", "苏州市", "工业园区"), ("四川省", "成都市", "武侯区"),
          ("广东", "广州", "天河区"), ("内蒙古自治区", "呼和浩特市", "新城区"), ("", "", "")]
STREETS = ["科技园南路18号", "中关村大街1号院2号楼3层", "人民路100号", "世纪大道88号金茂大厦25F", "文三路478号",
           "#18-2", "XX路", "幸福里小区3栋2单元501室", ""]
EMAIL_LOCALS = ["zhangwei", "wang.fang", "li_na", "test+tag", "ZhangWei88", "a", "张伟", "x" * 70]
EMAIL_DOMAINS = ["163.com", "qq.com", "gmail.com", "bytedance.com", "example.com.cn", "公司.中国", "EXAMPLE.COM",
                 "163", "", "qq..com", "-bad-.com"]
ID_CARDS = ["11010519491231002X", "11010519491231002x", "110105491231002", "110105194912310021",
            "1101 0519 4912 3100 2X", "440301199001011234", "000000000000000000", "１１０１０５１９４９１２３１００２Ｘ"]
USCCS = ["91110108551385082Q", "91110108551385082A", "9111010855138508", "91110108551385082q", "123456789012345678"]
DATES = ["2023-01-05", "2023/1/5 12:00:00", "20230105", "44927", "2023年1月5日", "昨天", "0000-00-00", "2023-13-45",
         "1.5", "2023-01-05T12:00:00+08:00", "05/01/2023", "1672876800"]
BLANKS = ["", " ", "\t", "\u3000", "\xa0", "\u200b", "nan", "NaN", "None", "NULL", "N/A", "-", "--", "无", "/", "\\",
          "\r\n", "\x00", "  \n  "]
HOSTILE = ["\x00", "\x07", "\x1b", "\r", "\n", "\x0c", "\t", "\x85", "\u2028", "\u200b", "\u200d", "\ufeff", "\u202e",
           "😀", "👨\u200d👩\u200d👧", "🇨🇳", "\u0301", '"', "'", ",", ";", "|", "\\", "=", "+", "-", "@", "张", "伟",
           "1", "a", " ", "（", ")", "＃"]

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
FULL_WIDTH = str.maketrans("0123456789+-()", "０１２３４５６７８９＋－（）")


def _n_digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


mobiles = st.builds(lambda p, d: p + d, st.sampled_from(MOBILE_PREFIXES), _n_digits(8))
MOBILE_FORMATS = [
    lambda m: m,
    lambda m: f"{m[:3]}-{m[3:7]}-{m[7:]}",
    lambda m: f"{m[:3]} {m[3:7]} {m[7:]}",
    lambda m: f"+86 {m}",
    lambda m: f"+86-{m}",
    lambda m: f"0086{m}",
    lambda m: f"86{m}",
    lambda m: f"(+86){m}",
    lambda m: m.translate(FULL_WIDTH),
    lambda m: f"{int(m):.5E}",          # 1.38001E+10: Excel's scientific notation
    lambda m: f"{m}.0",                 # a float column
    lambda m: f"{m[:3]}****{m[7:]}",    # masked
    lambda m: f"手机：{m}",
    lambda m: f"{m}（微信同号）",
    lambda m: m[:-1],
    lambda m: m + "0",
    lambda m: f"'{m}",
    lambda m: f'="{m}"',
]
landlines = st.builds(lambda a, n: (a, n), st.sampled_from(AREA_CODES), _n_digits(8))
LANDLINE_FORMATS = [
    lambda a, n: f"{a}-{n}",
    lambda a, n: f"({a}){n}",
    lambda a, n: f"{a} {n[:4]} {n[4:]}",
    lambda a, n: f"{a}-{n}转801",
    lambda a, n: f"{a}-{n}-801",
    lambda a, n: f"{a}{n} ext. 801",
    lambda a, n: f"{a}-{n}分机8",
    lambda a, n: a[1:] + n,           # the trunk 0 lost to a number column
    lambda a, n: n,                   # no area code
    lambda a, n: f"+86 {a[1:]} {n}",
    lambda a, n: "400-800-" + n[:4],
    lambda a, n: "95588",
]
one_phone = weighted(
    (3, st.builds(lambda f, m: f(m), st.sampled_from(MOBILE_FORMATS), mobiles)),
    (2, st.builds(lambda f, an: f(*an), st.sampled_from(LANDLINE_FORMATS), landlines)),
    (1, st.sampled_from(["123", "1380013800", "00000000000", "电话", "——", "13800138000138001380001"])),
)
phones = weighted(
    (4, one_phone),
    (1, st.builds(lambda a, sep, b: a + sep + b, one_phone, st.sampled_from(["/", "、", ";", " ", "，", "\n", " 或 "]),
                  one_phone)),
)
names = weighted(
    (4, st.builds(lambda s, g: s + g, st.sampled_from(SURNAMES), st.sampled_from(GIVEN))),
    (2, st.builds(lambda s, h: s + h, st.sampled_from(SURNAMES), st.sampled_from(HONORIFICS))),
    (1, st.builds(lambda s, g, h: s + g + h, st.sampled_from(SURNAMES), st.sampled_from(GIVEN),
                  st.sampled_from(HONORIFICS))),
    (1, st.builds(lambda s, g: f"{s} {g}", st.sampled_from(SURNAMES), st.sampled_from(GIVEN))),
    (2, st.sampled_from(ROMANIZED)),
    (1, st.builds(lambda a, sep, b: a + sep + b, st.sampled_from(SURNAMES), st.sampled_from(["伟/李娜", "伟、王芳", "伟 & "]),
                  st.sampled_from(GIVEN))),
    (1, st.sampled_from(NOBODY)),
    (1, st.builds(lambda s, g, x: s + g + x, st.sampled_from(SURNAMES), st.sampled_from(GIVEN),
                  st.sampled_from(["（销售部）", "(VIP)", "-采购", "13800138000", "@字节"]))),
)
companies = weighted(
    (3, st.builds(lambda r, b, i, legal, br: f"{r}{b}{i}{legal}{br}", st.sampled_from(REGIONS), st.sampled_from(BRANDS),
                  st.sampled_from(INDUSTRIES), st.sampled_from(LEGAL), st.sampled_from(BRANCHES))),
    (2, st.builds(lambda b, o, r, c, i, legal: f"{b}{o}{r}{c}{i}{legal}", st.sampled_from(BRANDS),
                  st.sampled_from(["（", "("]), st.sampled_from(REGIONS), st.sampled_from(["）", ")"]),
                  st.sampled_from(INDUSTRIES), st.sampled_from(LEGAL))),
    (1, st.sampled_from(["ByteDance Ltd.", "Tencent Technology (Shenzhen) Co., Ltd.", "个人", "无", "自由职业", "学生",
                         "Chongqing Ruizhong Co., Ltd. Suzhou Branch", "【星辰】科技", "有限公司"])),
)
addresses = weighted(
    (3, st.builds(lambda place, keep, s: "".join(p for p, k in zip(place, keep, strict=True) if k) + s,
                  st.sampled_from(PLACES), st.tuples(st.booleans(), st.booleans(), st.booleans()),
                  st.sampled_from(STREETS))),
    (1, st.sampled_from(["No. 1 Zhongguancun St, Haidian, Beijing", "火星", "详见附件", "同上", "北京海淀中关村",
                         "广东深圳南山区科技园南路18号", "深圳", "上海市上海市", "台湾省台北市", "香港九龙"])),
)
emails = weighted(
    (3, st.builds(lambda loc, dom: f"{loc}@{dom}", st.sampled_from(EMAIL_LOCALS), st.sampled_from(EMAIL_DOMAINS))),
    (1, st.sampled_from(["zhangwei@", "@qq.com", "zhangwei#qq.com", "zhang wei@163.com", "zhangwei@@163.com", "a@b",
                         "zhangwei@163.com.", "mailto:zhangwei@163.com", "ｚｈａｎｇｗｅｉ＠１６３．ｃｏｍ",
                         "a@x.com;b@y.com", "a@x.com, b@y.com", "Zhang Wei <zw@example.com>"])),
)
ids = weighted((2, st.sampled_from(ID_CARDS)), (1, st.sampled_from(USCCS)), (1, _n_digits(18)))
dates = st.sampled_from(DATES)
blanks = st.sampled_from(BLANKS)
hostile = st.lists(st.sampled_from(HOSTILE), max_size=10).map("".join)
free_text = st.text(max_size=10)
plain_cell = weighted((3, names), (3, phones), (2, companies), (2, addresses), (2, emails), (1, ids), (1, dates),
                      (2, blanks), (2, hostile), (2, free_text))
mixed_cell = st.builds(lambda parts, sep: sep.join(parts), st.lists(plain_cell, min_size=2, max_size=3),
                       st.sampled_from([" ", "", "\n", ",", ";", "|", "\t", "/", "\x00", "\r\n"]))


def _long(text: str, length: int) -> str:
    text = text or "长"
    return (text * (length // len(text) + 1))[:length]


long_cell = st.builds(_long, plain_cell, st.integers(1000, 4000))
any_cell = weighted((12, plain_cell), (2, mixed_cell), (1, long_cell))
KINDS: dict[str, st.SearchStrategy[str]] = {
    "name": names, "company": companies, "mobile": phones, "phone": phones, "email": emails, "address": addresses,
    "id": ids, "date": dates, "other": any_cell,
}

# what a column holds: exports mostly have a name and a mobile column
column_kind = st.sampled_from(["name"] * 3 + ["mobile"] * 3 + ["company", "company", "email", "email", "address",
                               "address", "phone", "id", "date", "other", "other"])

# --- people: the same person written in several rows, so that rows match -----------------

TRADITIONAL = str.maketrans("张伟刘陈黄国强", "張偉劉陳黃國強")


@st.composite
def people(draw: st.DrawFn) -> list[dict[str, str]]:
    """A few people that rows of every source of one example may write."""
    return [{"name": draw(names), "mobile": draw(mobiles), "phone": draw(one_phone), "company": draw(companies),
             "address": draw(addresses), "email": draw(emails), "id": draw(ids), "date": draw(dates)}
            for _ in range(draw(st.integers(1, 5)))]


def person_cell(draw: st.DrawFn, person: dict[str, str], kind: str) -> str:
    """One person's value for a column of ``kind``, written the way some export writes it."""
    if kind == "other":
        return draw(any_cell)
    if kind == "mobile":  # mostly a format that keeps the number
        return draw(st.sampled_from(MOBILE_FORMATS[:9] * 3 + MOBILE_FORMATS[9:]))(person["mobile"])
    value = person[kind]
    if kind == "name":
        value = draw(st.sampled_from([value, value.translate(TRADITIONAL), " ".join(value), value + "先生", value[:1] + "总"]))
    elif kind == "company":
        value = draw(st.sampled_from([value, value.replace("（", "(").replace("）", ")"), value.replace("有限公司", "")]))
    elif kind == "email":
        value = draw(st.sampled_from([value, value.upper(), f" {value} "]))
    return value


def row_cells(draw: st.DrawFn, kinds: list[str], cell: dict[str, st.SearchStrategy], crowd: list[dict[str, str]]) -> list:
    """A row: two times in three one of the crowd's people, else cells of each column's kind."""
    if crowd and draw(st.integers(0, 2)):
        person = draw(st.sampled_from(crowd))
        return [person_cell(draw, person, k) if draw(st.integers(0, 5)) else draw(cell[k]) for k in kinds]
    return [draw(cell[k]) for k in kinds]


# --- headers -------------------------------------------------------------------------------

ROLE_HEADERS = {
    "name": ["姓名", "联系人", "客户姓名", "收货人", "称呼", "Name", "Contact", "客户名称", " 姓名 ", "联系人姓名：*",
             "given_name", "surname"],
    "company": ["公司", "公司名称", "单位", "客户名称", "Company", "Organization", "企业名称（全称）"],
    "mobile": ["手机", "手机号", "移动电话", "Mobile", "客户手机号", "手机号码：*", "手机2"],
    "phone": ["电话", "联系电话", "联系方式", "座机", "Tel", "Phone", "电话.1"],
    "email": ["邮箱", "电子邮箱", "Email", "E-mail", "Ｅｍａｉｌ"],
    "address": ["地址", "收货地址", "详细地址", "Address", "省", "城市", "市", "区县", "区", "address_1", "suburb",
                "postcode", "street_number"],
    "id": ["身份证", "身份证号", "统一社会信用代码", "税号", "微信", "QQ", "编号", "客户编号", "ID", "序号", "订单号",
           "soc_sec_id", "rec_id"],
    "date": ["更新时间", "创建时间", "日期", "下单时间", "date_of_birth"],
    "other": ["备注", "金额", "Unnamed: 0", "column_1", "column_2", "a.2", "姓名.2", "职务", "Title", "业务员"],
}
CLASH_HEADERS = ["source", "row", "flags", "contact_id", "entity_id", "name", "mobile", "phone", "email", "company",
                 "address", "city", "updated_at", "src_source", "src_row", "src_name", "Source", " row "]
ODD_HEADERS = ["", " ", "\t", "😀", "\x00", "姓\n名", "a,b", "名;称", "x|y", "联系\r\n电话", "\ufeff姓名", "h" * 300]


def header_for(kind: str) -> st.SearchStrategy[str]:
    return weighted((6, st.sampled_from(ROLE_HEADERS[kind])), (2, st.sampled_from(CLASH_HEADERS)),
                    (1, st.sampled_from(ODD_HEADERS)), (1, st.text(max_size=6)))


# --- expectations --------------------------------------------------------------------------


@dataclass
class Expected:
    """What reading one source must give: its rows and, per column, each row's text."""

    name: str
    headers: list[object]                   # as written
    columns: list[list[str | None]]         # per column, per row; None: not checked
    nrows: int
    malformed: set[int] = field(default_factory=set)
    exact: bool = True                      # False: bytes were damaged, only self-consistency is checked


def _text(value: object) -> str:
    """A cell as text, the way the contract carries a frame's cell: a whole float as the
    number it is (a phone column that pandas made float: 13800138000.0 is 13800138000)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _own_headers(headers: list[object]) -> list[str | None]:
    """Each header that must be kept as it is: a string, already stripped, not blank, and
    the only header with that name (after stripping the others)."""
    keys = [str(h).strip() for h in headers]
    count = Counter(keys)
    return [h if isinstance(h, str) and h == k and k and count[k] == 1 else None
            for h, k in zip(headers, keys, strict=True)]


def record_column(header: str, originals: set[str]) -> str:
    """The records column of an original header: its own name, or ``src_`` in front as many
    times as it takes to clash with nothing (ours or another original header)."""
    if header not in OURS:
        return header
    name = "src_" + header
    while name in OURS or name in originals:
        name = "src_" + name
    return name


def check_io_frame(exp: Expected, frame: pd.DataFrame, malformed_rows: list[int]) -> None:
    """The reader's frame of one source against what was written."""
    assert len(frame) == exp.nrows
    names = list(frame.columns)
    assert all(isinstance(h, str) and h for h in names), names
    assert len(set(names)) == len(names), names
    if not exp.exact:
        return
    assert len(names) == len(exp.headers), (names, exp.headers)
    for j, own in enumerate(_own_headers(exp.headers)):
        if own is not None:
            assert names[j] == own, (j, names, exp.headers)
    for j, want in enumerate(exp.columns):
        got = frame.iloc[:, j].tolist()
        assert len(got) == len(want)
        for r, (g, w) in enumerate(zip(got, want, strict=True)):
            assert w is None or g == w, (exp.name, names[j], r + 1, g[:200], w[:200])
    assert set(malformed_rows) == exp.malformed, (sorted(malformed_rows), sorted(exp.malformed))


def check_result(result: dedupe.Result, exps: list[Expected], frames: dict[str, pd.DataFrame]) -> None:
    """Every invariant of the output frames.  ``frames``: the reader's frame of each source."""
    rec = result.records
    total = sum(e.nrows for e in exps)
    assert len(rec) == total
    assert result.run["counts"]["records"] == total
    keys = list(zip(rec["source"].tolist(), [int(r) for r in rec["row"]], strict=True))
    assert Counter(keys) == Counter((e.name, r) for e in exps for r in range(1, e.nrows + 1))
    contacts, entities, pairs = result.contacts, result.entities, result.pairs
    if total == 0:
        assert len(contacts) == len(entities) == len(pairs) == 0
        return
    assert rec.columns.is_unique, [c for c, n in Counter(rec.columns).items() if n > 1]

    # original cells, verbatim, under their own header (or src_…); blank in other sources' rows
    originals = {h for frame in frames.values() for h in frame.columns}
    for exp in exps:
        mine = rec[rec["source"] == exp.name].sort_values("row", kind="stable")
        frame = frames[exp.name]
        for j, header in enumerate(frame.columns):
            column = record_column(header, originals)
            assert mine[column].tolist() == frame.iloc[:, j].tolist(), (exp.name, header, column)
        for header in originals - set(frame.columns):
            assert (mine[record_column(header, originals)] == "").all(), (exp.name, header)
        flags = mine["flags"].tolist()
        for row, text in zip(mine["row"].tolist(), flags, strict=True):
            codes = text.split(";") if text else []
            assert set(codes) <= set(FLAGS), text
            assert len(codes) == len(set(codes)), text
            if exp.exact:
                assert ("malformed_row" in codes) == (row in exp.malformed), (exp.name, row, text)

    # contact and entity IDs
    for column in ("contact_id", "entity_id"):
        assert all(isinstance(v, str) and v for v in rec[column]), column
    by_contact = rec.groupby("contact_id", sort=True)
    assert contacts["contact_id"].is_unique
    assert set(contacts["contact_id"]) == set(rec["contact_id"])
    c = contacts.set_index("contact_id").sort_index()
    # a record is its contact's entity's, but a job changer's record naming a company it has left
    moved = rec[rec["entity_id"] != rec["contact_id"].map(c["entity_id"])]
    assert (moved["company"] != "").all() and (moved["contact_id"].map(c["previous_companies"]) != "").all()
    assert set(c["entity_id"]) <= set(entities["entity_id"])
    assert entities["contact_count"].astype(int).sum() == len(contacts)
    assert [int(n) for n in c["record_count"]] == by_contact.size().tolist()
    assert c["sources"].tolist() == by_contact["source"].agg(lambda s: ";".join(sorted(set(s)))).tolist()
    if not any(";" in e.name for e in exps):  # 'source:row' refs, ';'-joined
        ref = [f"{s}:{r}" for s, r in keys]
        for ids, table in (("contact_id", contacts), ("entity_id", entities)):
            refs_of: dict[str, set[str]] = {}
            for i, r in zip(rec[ids], ref, strict=True):
                refs_of.setdefault(i, set()).add(r)
            if ids == "contact_id":
                assert [set(t.split(";")) for t in table["records"]] == [refs_of[i] for i in table[ids]]
            # the provenance of every golden value is a record of that contact (entity)
            for column in [name for name in table.columns if name.endswith("_from")]:
                for i, text in zip(table[ids], table[column], strict=True):
                    tokens = {t for t in str(text).split(";") if t}
                    assert tokens <= refs_of[i], (column, i, tokens - refs_of[i])
    assert entities["entity_id"].is_unique
    assert set(entities["entity_id"]) == set(rec["entity_id"])
    e = entities.set_index("entity_id").sort_index()
    by_entity = rec.groupby("entity_id", sort=True)
    # an entity's contacts are those that belong to it now (not a job changer's earlier company)
    assert [int(n) for n in e["contact_count"]] == contacts.groupby("entity_id").size().reindex(
        e.index, fill_value=0).tolist()
    assert [int(n) for n in e["record_count"]] == by_entity.size().tolist()
    assert set(e["kind"]) <= {"company", "person"}
    parents = set(e["parent_entity_id"])
    assert parents <= set(e.index) | {""}, parents - set(e.index)
    assert all(p != own for p, own in zip(e["parent_entity_id"], e.index, strict=True))

    # pairs: existing records only, each pair once, weights that add up
    contact_of = dict(zip(keys, rec["contact_id"].tolist(), strict=True))
    left = list(zip(pairs["left_source"].tolist(), [int(r) for r in pairs["left_row"]], strict=True))
    right = list(zip(pairs["right_source"].tolist(), [int(r) for r in pairs["right_row"]], strict=True))
    assert set(left) <= contact_of.keys() and set(right) <= contact_of.keys()
    assert all(a != b for a, b in zip(left, right, strict=True))
    assert len({frozenset(p) for p in zip(left, right, strict=True)}) == len(pairs)
    assert pairs["left_contact_id"].tolist() == [contact_of[k] for k in left]
    assert pairs["right_contact_id"].tolist() == [contact_of[k] for k in right]
    assert set(pairs["decision"]) <= {"match", "review", "non-match"}
    if len(pairs):
        prob = pairs["probability"].to_numpy(dtype=float)
        assert ((prob >= 0) & (prob <= 1)).all()
        weights = pairs[[c for c in pairs.columns if c.startswith("w_")]].sum(axis=1).to_numpy(dtype=float)
        assert np.allclose(weights, pairs["match_weight"].to_numpy(dtype=float), atol=1e-3)
        assert (pairs["why"] != "").all()


# --- library: frames in ------------------------------------------------------------------

NON_TEXT = [None, float("nan"), 13800138000, 0, -1, 13800138000.0, 1.38001e10, 1.5, True]
# a str a frame may hold and no file can: lone surrogates (bytes decoded with surrogateescape)
surrogate_cell = st.builds(lambda a, s, b: a + s + b, plain_cell, st.sampled_from(["\ud800", "\udcff", "\udfff"]),
                           plain_cell)
SOURCE_NAMES = ["crm", "expo", "订单", "wechat export", "call:centre", "a;b", "x" * 40, "CRM", "s"]


@st.composite
def frames(draw: st.DrawFn, crowd: list[dict[str, str]], max_rows: int = 15) -> tuple[list[object], pd.DataFrame]:
    """A user's DataFrame: role-ish columns of matching (and not matching) cells."""
    ncols = draw(weighted((12, st.integers(1, 7)), (1, st.just(0))))
    kinds = [draw(column_kind) for _ in range(ncols)]
    headers: list[object] = [draw(weighted((9, header_for(k)), (1, st.integers(0, 3)))) for k in kinds]
    nrows = draw(st.integers(0, max_rows))
    cell = {k: weighted((12, KINDS[k]), (4, any_cell), (2, st.sampled_from(NON_TEXT)), (1, surrogate_cell))
            for k in set(kinds)}
    rows = [row_cells(draw, kinds, cell, crowd) for _ in range(nrows)]
    if rows and ncols and draw(one_in(64)):  # now and then a 150,000+ character cell
        rows[draw(st.integers(0, nrows - 1))][draw(st.integers(0, ncols - 1))] = _long(
            draw(plain_cell), draw(st.integers(150_000, 160_000)))
    if ncols == 0:
        frame = pd.DataFrame(index=range(nrows))
    else:
        frame = pd.DataFrame(rows, columns=pd.Index(headers, dtype=object), dtype=object) if rows else \
            pd.DataFrame(columns=pd.Index(headers, dtype=object), dtype=object)
        # a typed column now and then, as a user's frame has them
        for j in range(ncols):
            values = frame.iloc[:, j]
            if len(values) and draw(one_in(8)):
                numeric = pd.to_numeric(values, errors="coerce")
                if numeric.notna().all() or values.isna().all():
                    frame.isetitem(j, numeric)
    return headers, frame


@st.composite
def library_inputs(draw: st.DrawFn) -> dict[str, pd.DataFrame]:
    names = draw(st.lists(st.sampled_from(SOURCE_NAMES), min_size=1, max_size=4, unique=True))
    crowd = draw(people())
    out = {}
    for name in names:
        headers, frame = draw(frames(crowd))
        out[name] = frame
    return out


def expected_of_frame(name: str, frame: pd.DataFrame) -> Expected:
    columns = [[_text(v) for v in frame.iloc[:, j].tolist()] for j in range(frame.shape[1])]
    return Expected(name, list(frame.columns), columns, len(frame))


@dataclass
class Case:
    """One library call: the frames, the rules, and ``columns`` (header → role) overrides."""

    inputs: dict[str, pd.DataFrame]
    rules: dedupe.Rules = field(repr=False)
    rules_name: str = "default"
    columns: dict[str, str] = field(default_factory=dict)


ROLES = ["name", "company", "mobile", "phone", "email", "address", "province", "city", "district", "title", "id_card",
         "uscc", "wechat", "qq", "updated_at", "key", "ignore"]


@st.composite
def library_cases(draw: st.DrawFn, bad_roles: bool = True) -> Case:
    inputs = draw(library_inputs())
    rules_name = draw(weighted((5, st.just("default")), (1, st.just("febrl"))))
    columns: dict[str, str] = {}
    if draw(one_in(4)):  # --column overrides: any role for any header (and headers of no source)
        headers = sorted({h for f in inputs.values() for h in f.columns if isinstance(h, str)} | {"备注", "无此列"})
        for header in draw(st.lists(st.sampled_from(headers), min_size=1, max_size=3, unique=True)):
            columns[header] = draw(st.sampled_from(ROLES))
        if bad_roles and draw(one_in(8)):
            columns[draw(st.sampled_from(headers))] = "nonsense_role"
    return Case(inputs, RULES if rules_name == "default" else FEBRL, rules_name, columns)


def run_library(case: Case) -> dedupe.Result | None:
    """merge the case's frames and check every invariant; None when a role is unknown (a
    RulesError, as the contract asks)."""
    exps = [expected_of_frame(name, frame) for name, frame in case.inputs.items()]
    frames_read = {}
    for exp, (name, frame) in zip(exps, case.inputs.items(), strict=True):
        src = frame_source(name, frame)
        check_io_frame(exp, src.frame, src.malformed_rows)
        frames_read[name] = src.frame
    if "nonsense_role" in case.columns.values():
        with pytest.raises(dedupe.RulesError, match="nonsense_role"):
            dedupe.merge(case.inputs, rules=case.rules, columns=case.columns)
        return None
    before = {name: frame.copy() for name, frame in case.inputs.items()}
    # valid input: no exception at all
    result = dedupe.merge(case.inputs, rules=case.rules, columns=case.columns)
    check_result(result, exps, frames_read)
    for name, frame in case.inputs.items():  # the user's frames are left as they were
        assert frame.equals(before[name]) and list(frame.columns) == list(before[name].columns), name
    return result


@_settings("library")
@given(library_cases())
def test_merge_frames_keeps_every_row_verbatim_with_consistent_ids(case: Case) -> None:
    run_library(case)
    RAN["library"] += 1


def _tables(result: dedupe.Result) -> dict[str, str]:
    return {n: getattr(result, n).to_csv(index=False, lineterminator="\n")
            for n in ("records", "contacts", "entities", "pairs")}


@_settings("determinism")
@given(library_cases(bad_roles=False))
def test_merge_twice_gives_the_same_output(case: Case) -> None:
    first = run_library(case)
    assert first is not None
    again = dedupe.merge({name: frame.copy() for name, frame in case.inputs.items()}, rules=case.rules,
                         columns=dict(case.columns))
    assert _tables(first) == _tables(again)
    RAN["determinism"] += 1


# --- files: bytes on disk in ---------------------------------------------------------------

CSV_DELIMITERS = [",", "\t", ";", "|"]
BLANK_LINE = None  # a row written as an empty line
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff\ud800-\udfff]")

class Blob(bytes):
    """A file's bytes, shown by their length in a falsifying example (``how`` says what they hold)."""

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(f"<{len(self)} bytes>")  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"<{len(self)} bytes>"


@dataclass
class FileSource:
    name: str
    filename: str
    data: bytes
    expected: Expected
    how: str = ""  # how the bytes were written, for a falsifying example's report

    def __post_init__(self) -> None:
        self.data = Blob(self.data)


def _csv_cell(cell: str, delimiter: str, quote_all: bool) -> str:
    if quote_all or any(ch in cell for ch in (delimiter, '"', "\r", "\n")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _csv_line(cells: list[str], delimiter: str, quote_all: bool) -> str:
    if cells == [""]:
        return '""'  # one empty field, not a blank line
    return delimiter.join(_csv_cell(c, delimiter, quote_all) for c in cells)


def _sniffable(headers: list[str], delimiter: str) -> list[str]:
    """Headers whose first line shows ``delimiter`` as the delimiter: an unquoted header
    holding another delimiter ('电话;手机' in a comma file) makes the file ambiguous to any
    reader, and a line break inside a header cuts the line the reader sniffs.  Comma
    files may keep them while commas still win (a tie goes to the comma)."""
    if delimiter != ",":
        return [re.sub(r"[,\t;|\r\n]", "_", h) for h in headers]
    first = ",".join(headers).split("\n", 1)[0]
    if any(first.count(d) > first.count(",") for d in "\t;|"):
        return [re.sub(r"[\t;|]", "_", h) for h in headers]
    return headers


@st.composite
def csv_sources(draw: st.DrawFn, name: str, crowd: list[dict[str, str]]) -> FileSource:
    ncols = draw(st.integers(1, 6))
    delimiter = draw(st.sampled_from(CSV_DELIMITERS)) if ncols > 1 else ","
    suffix = ".tsv" if delimiter == "\t" and draw(st.booleans()) else draw(st.sampled_from([".csv", ".csv", ".txt"]))
    if suffix == ".tsv":
        delimiter = "\t"
    kinds = [draw(column_kind) for _ in range(ncols)]
    headers = _sniffable([draw(header_for(k)) for k in kinds], delimiter)
    if not any(h.strip() for h in headers):  # an all-blank first line is a blank line, not a header
        headers[0] = draw(st.sampled_from(ROLE_HEADERS[kinds[0]])).strip()
    if headers[0].startswith("\ufeff"):  # U+FEFF first in a UTF-8 file is its BOM
        headers[0] = headers[0][1:] or "x"
    nrows = draw(weighted((6, st.integers(0, 15)), (1, st.just(0))))
    cell = {k: weighted((6, KINDS[k]), (2, any_cell)) for k in set(kinds)}
    rows: list[list[str] | None] = []
    for _ in range(nrows):
        shape = draw(weighted((14, st.just("full")), (1, st.just("short")), (1, st.just("long")), (1, st.just("blank"))))
        if shape == "blank":
            rows.append(BLANK_LINE)
            continue
        cells = row_cells(draw, kinds, cell, crowd)
        if shape == "short":
            cells = cells[:draw(st.integers(1, ncols))]
        elif shape == "long":
            cells += draw(st.lists(any_cell, min_size=1, max_size=3))
        rows.append(cells)
    if rows and draw(one_in(32)):
        r = draw(st.integers(0, len(rows) - 1))
        if rows[r]:
            rows[r][0] = _long(draw(plain_cell), draw(st.integers(150_000, 160_000)))

    newline = draw(st.sampled_from(["\n", "\r\n"]))
    quote_all = draw(one_in(4))
    lines = [_csv_line(headers, delimiter, quote_all)]
    lines += ["" if row is BLANK_LINE else _csv_line(row, delimiter, quote_all) for row in rows]
    text = newline.join(lines) + (newline if draw(st.booleans()) or (rows and rows[-1] is BLANK_LINE) else "")
    if draw(one_in(8)):  # blank lines before the header
        text = draw(st.sampled_from(["\n", "\r\n", " \n", "\n\n"])) + text
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gb18030"]))
    data = text.encode(encoding)
    if encoding == "gb18030":
        assume(not _ambiguous_gb18030(data, text))

    # what the reader must give: the rows as written; a blank line an empty row; a ragged
    # row kept, its cells in order, flagged malformed_row
    width = ncols
    columns: list[list[str | None]] = [[] for _ in range(width)]
    malformed = set()
    for number, row in enumerate(rows, start=1):
        row = [] if row is BLANK_LINE else row
        if len(row) != width and not any(c.strip() for c in row):
            row = [""] * width                      # a blank (or whitespace-only) line
        elif len(row) != width:
            malformed.add(number)
            keep = min(len(row), width - 1) if len(row) > width else len(row)
            row = row[:keep] + [None] * (width - keep) if len(row) > width else row + [""] * (width - len(row))
        for j in range(width):
            columns[j].append(row[j])
    exp = Expected(name, list(headers), columns, len(rows), malformed)
    if draw(one_in(32)):  # damaged bytes: an InputError, or rows read some way
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff\xfe", b"\x80", b"\xc3", b"\xe5\xa7", b"\x81\x30"])) + data[at:]
        exp.exact = False
    how = f"csv {encoding} delimiter={delimiter!r} newline={newline!r} quote_all={quote_all}: {text[:2000]!r}"
    return FileSource(name, f"{name}{suffix}", data, exp, how)


def _ambiguous_gb18030(data: bytes, text: str) -> bool:
    """GB18030 bytes that are also UTF-8 for other text: no reader can tell."""
    try:
        return data.decode("utf-8") != text
    except UnicodeDecodeError:
        return False


@st.composite
def jsonl_sources(draw: st.DrawFn, name: str) -> FileSource:
    ncols = draw(st.integers(1, 5))
    kinds = [draw(column_kind) for _ in range(ncols)]
    keys = list(dict.fromkeys(draw(header_for(k)) for k in kinds))
    kinds = kinds[:len(keys)]
    nrows = draw(st.integers(0, 12))
    cell = {k: weighted((6, KINDS[k]), (2, any_cell), (1, st.none())) for k in set(kinds)}
    objects: list[dict[str, object] | str] = []
    for _ in range(nrows):
        present = [not draw(one_in(8)) for _ in keys]  # a key left out now and then
        objects.append({k: draw(cell[kind]) for k, kind, p in zip(keys, kinds, present, strict=True) if p})
    bad: set[int] = set()
    if objects and draw(one_in(8)):
        at = draw(st.integers(0, len(objects) - 1))
        objects[at] = draw(st.sampled_from(['{"姓名": "张伟"', "{bad", "not json", '{"a": }']))
        bad.add(at + 1)
    lines = [o if isinstance(o, str) else json.dumps(o, ensure_ascii=draw(st.booleans())) for o in objects]
    data = ("\n".join(lines) + ("\n" if lines and draw(st.booleans()) else "")).encode("utf-8")
    # columns in order of first appearance (a key may be missing from every line)
    good = [o for o in objects if isinstance(o, dict)]
    order = list(dict.fromkeys(k for o in good for k in o))
    columns = [["" if isinstance(o, str) else _text(o.get(k)) for o in objects] for k in order]
    if bad:  # a line that is no JSON object: a row of its own, its text under _unparsed
        order.append("_unparsed")
        columns.append([o.strip() if isinstance(o, str) else "" for o in objects])
    exp = Expected(name, order, columns, len(objects), bad)
    return FileSource(name, f"{name}.jsonl", data, exp, f"jsonl: {data[:2000].decode(errors='replace')!r}")


@st.composite
def table_sources(draw: st.DrawFn, name: str, kind: str) -> FileSource:
    """Parquet or XLSX from a frame of text (and missing) cells."""
    ncols = draw(st.integers(1, 5))
    kinds = [draw(column_kind) for _ in range(ncols)]
    headers = list(dict.fromkeys(draw(header_for(k)) for k in kinds))  # pyarrow wants unique names
    kinds = kinds[:len(headers)]
    nrows = draw(st.integers(0, 10 if kind == "xlsx" else 15))
    cell = {k: weighted((6, KINDS[k]), (2, any_cell), (1, st.none())) for k in set(kinds)}
    rows = [[draw(cell[k]) for k in kinds] for _ in range(nrows)]
    if kind == "xlsx":
        # what a sheet can hold: XML characters, no formulas, at most 32,767 characters; a
        # trailing empty row is no row at all in a sheet
        headers = [_NOT_XML.sub("", h) for h in headers]
        headers[0] = headers[0].lstrip("\ufeff")  # pandas drops it from a sheet's first header
        headers = list(dict.fromkeys(headers))
        rows = [[None if v is None else _NOT_XML.sub("", v)[:2000].lstrip("=") for v in row[:len(headers)]]
                for row in rows]
        while rows and all(v in (None, "") for v in rows[-1]):
            rows.pop()
    frame = pd.DataFrame(rows, columns=headers, dtype=object) if rows else pd.DataFrame(columns=headers, dtype=object)
    buffer = tempfile.SpooledTemporaryFile()
    if kind == "parquet":
        frame.to_parquet(buffer, index=False)
    else:
        frame.to_excel(buffer, index=False)
    buffer.seek(0)
    columns = [[_text(v) for v in frame.iloc[:, j].tolist()] for j in range(frame.shape[1])]
    return FileSource(name, f"{name}.{kind}", buffer.read(), Expected(name, headers, columns, len(frame)), kind)


@st.composite
def empty_sources(draw: st.DrawFn, name: str) -> FileSource:
    """Empty files, whitespace-only files and header-only files: no rows, no error."""
    if draw(st.booleans()):
        data = draw(st.sampled_from([b"", b"\n", b"\r\n\r\n", b"   \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"]))
        return FileSource(name, f"{name}.csv", data, Expected(name, [], [], 0), f"empty: {data!r}")
    headers = draw(st.lists(st.sampled_from([h.lstrip("\ufeff") for hs in ROLE_HEADERS.values() for h in hs]),
                            min_size=1, max_size=5, unique=True))
    delimiter = draw(st.sampled_from(CSV_DELIMITERS)) if len(headers) > 1 else ","
    headers = _sniffable(headers, delimiter)
    text = _csv_line(headers, delimiter, False) + draw(st.sampled_from(["", "\n", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    data = text.encode(encoding)
    if encoding == "gb18030":
        assume(not _ambiguous_gb18030(data, text))
    return FileSource(name, f"{name}.csv", data, Expected(name, headers, [[] for _ in headers], 0),
                      f"header only, {encoding}: {text!r}")


def file_source(name: str, crowd: list[dict[str, str]], xlsx_weight: int = 1) -> st.SearchStrategy[FileSource]:
    return weighted((14, csv_sources(name, crowd)), (2, empty_sources(name)), (3, jsonl_sources(name)),
                    (2, table_sources(name, "parquet")), (xlsx_weight, table_sources(name, "xlsx")))


@st.composite
def file_inputs(draw: st.DrawFn) -> list[FileSource]:
    names = draw(st.lists(st.sampled_from(["crm", "expo", "orders", "订单", "s1", "wechat"]), min_size=1,
                          max_size=3, unique=True))
    crowd = draw(people())
    return [draw(file_source(n, crowd)) for n in names]


def _read_or_refuse(src: FileSource, path: Path) -> pd.DataFrame | None:
    """The reader's frame of ``src``, or None when it refuses the file (allowed only for
    damaged bytes and broken JSON lines)."""
    try:
        read = read_source(src.name, path)
    except dedupe.DedupeError as exc:
        assert not src.expected.exact, f"{src.filename}: readable input refused: {exc}"
        assert str(path) in str(exc)  # the message names the file
        return None
    check_io_frame(src.expected, read.frame, read.malformed_rows)
    return read.frame


def _write(sources: list[FileSource], directory: str) -> dict[str, Path]:
    paths = {}
    for src in sources:
        path = Path(directory) / src.filename
        path.write_bytes(bytes(src.data))
        paths[src.name] = path
    return paths


@_settings("files")
@given(file_inputs(), st.booleans())
def test_merge_files_keeps_every_row(sources: list[FileSource], as_arguments: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = _write(sources, tmp)
        frames = {src.name: _read_or_refuse(src, paths[src.name]) for src in sources}
        # paths as the CLI passes them (NAME=PATH), or a mapping of name to path
        inputs = [f"{name}={path}" for name, path in paths.items()] if as_arguments else paths
        if any(frame is None for frame in frames.values()):
            with pytest.raises(dedupe.DedupeError):
                dedupe.merge(inputs, rules=RULES)
        else:
            result = dedupe.merge(inputs, rules=RULES)
            exps = []
            for src in sources:
                exp = src.expected
                if not exp.exact:  # damaged bytes: the rows the reader found
                    exp = Expected(src.name, [], [], len(frames[src.name]), exact=False)
                exps.append(exp)
            check_result(result, exps, {n: f for n, f in frames.items() if f is not None})
    RAN["files"] += 1


@_settings("read")
@given(people().flatmap(lambda crowd: file_source("src", crowd, xlsx_weight=0)))
def test_read_source_keeps_every_row_and_cell(src: FileSource) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _write([src], tmp)[src.name]
        _read_or_refuse(src, path)
    RAN["read"] += 1


def _writable(text: object) -> object:
    """A cell as records.csv holds it: a lone surrogate has no UTF-8 form (the writer puts
    U+FFFD in its place; no input file holds one)."""
    if not isinstance(text, str):
        return text
    return _SURROGATE.sub("\ufffd", text)


@_settings("written")
@given(library_cases(bad_roles=False))
def test_written_records_csv_reads_back_row_for_row(case: Case) -> None:
    writable = {}
    for name, frame in case.inputs.items():
        frame = frame.map(_writable) if frame.shape[1] else frame.copy()
        frame.columns = pd.Index([_writable(h) for h in frame.columns], dtype=object)
        writable[name] = frame
    result = run_library(Case(writable, case.rules, case.rules_name, case.columns))
    assert result is not None
    tables = {"records.csv": result.records, "contacts.csv": result.contacts, "entities.csv": result.entities,
              "pairs.csv": result.pairs}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "clean"
        write_outputs(out, tables, {})
        for filename, table in tables.items():
            # the csv module as the reader: pandas' C parser ends a cell at a NUL character
            with open(out / filename, newline="", encoding="utf-8") as f:
                header, *body = list(csv.reader(f))
            assert header == [str(c) for c in table.columns], filename
            assert len(body) == len(table), filename
            if filename == "records.csv":
                want = table.astype(str).to_numpy().tolist()
                bad = [(r, got, w) for r, (got, w) in enumerate(zip(body, want, strict=True)) if got != w]
                assert not bad, bad[:1]
    RAN["written"] += 1


# --- what the suite found in the readers and the writer, as minimal inputs ---------------------

def test_reader_duplicate_header_not_renamed_onto_another() -> None:
    frame = pd.DataFrame([["1", "2", "3"]], columns=["a", "a", "a.2"])
    result = dedupe.merge({"s": frame}, rules=RULES)
    assert sorted(result.records.iloc[0][["a", "a.2"]].tolist()) in (["1", "2"], ["1", "3"])
    assert "3" in result.records.iloc[0].tolist()


def test_reader_blank_header_does_not_take_a_real_headers_name() -> None:
    frame = pd.DataFrame([["1", "2"]], columns=[" ", "column_1"])
    assert dedupe.merge({"s": frame}, rules=RULES).records["column_1"].tolist() == ["2"]


def test_reader_gb18030_file_starting_with_ye(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("业务员,手机\n张伟,13800138000\n".encode("gb18030"))
    assert read_source("a", path).frame.to_dict("records") == [{"业务员": "张伟", "手机": "13800138000"}]


def test_reader_sniffs_after_a_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\n姓名\t手机\n张伟\t13800138000\n".encode())
    assert read_source("a", path).frame.to_dict("records") == [{"姓名": "张伟", "手机": "13800138000"}]


def test_reader_sniffs_past_a_quoted_header_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes('姓名,"电话;手机;座机"\n张伟,13800138000\n'.encode())
    assert read_source("a", path).frame.to_dict("records") == [{"姓名": "张伟", "电话;手机;座机": "13800138000"}]


def test_reader_jsonl_date_column_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"姓名": "张伟", "date": "13800138000", "updated_at": "2023-01-05"}\n', encoding="utf-8")
    assert read_source("a", path).frame.to_dict("records") == [
        {"姓名": "张伟", "date": "13800138000", "updated_at": "2023-01-05"}]


def test_reader_jsonl_number_with_a_missing_key(tmp_path: Path) -> None:
    # the generators write JSON strings and nulls only; a JSON number turns into 13800138000.0
    path = tmp_path / "a.jsonl"
    path.write_text('{"姓名": "张伟", "手机": 13800138000}\n{"姓名": "李娜"}\n', encoding="utf-8")
    assert read_source("a", path).frame["手机"].tolist() == ["13800138000", ""]


def test_reader_frame_missing_values_blank() -> None:
    frame = pd.DataFrame({"姓名": pd.array(["张伟", pd.NA], dtype="string"), "日期": [pd.NaT, pd.NaT]})
    records = dedupe.merge({"s": frame}, rules=RULES).records
    assert records["姓名"].tolist() == ["张伟", ""]
    assert records["日期"].tolist() == ["", ""]


def test_writer_lone_cr_in_records_csv(tmp_path: Path) -> None:
    result = dedupe.merge({"s": pd.DataFrame({"备注": ["a\rb", "c"]})}, rules=RULES)
    write_outputs(tmp_path / "out", {"records.csv": result.records}, {})
    back = pd.read_csv(tmp_path / "out" / "records.csv", dtype=str, keep_default_na=False)
    assert back["备注"].tolist() == ["a\rb", "c"]


def test_examples_ran() -> None:
    """Runs last: every property test above ran its examples (>= 1,000 in all)."""
    if set(RAN) != set(EXAMPLES):
        pytest.skip("only part of the property suite ran")
    for name, count in EXAMPLES.items():
        assert RAN[name] >= count, (name, RAN[name], count)
    assert sum(RAN[name] for name in MERGED) >= 1000
