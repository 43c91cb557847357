"""Completeness: part detection, per-contact and per-entity scores, and run.json's summary."""

import numpy as np
import pandas as pd
import pytest

import dedupe
from dedupe.columns import assign_roles
from dedupe.completeness import per_group, record_parts, scores, summary
from dedupe.io import frame_source
from dedupe.rules import DEFAULT_PARTS, Completeness, Part, Rules, RulesError

PARTS = {p.name: p for p in DEFAULT_PARTS}


def parts_of(header):
    return [p.name for p in DEFAULT_PARTS if p.reads(header)]


@pytest.mark.parametrize("header, parts", [
    ("订单号", ["transaction_history"]),
    ("下单时间", ["transaction_history"]),
    ("购买时间", ["transaction_history"]),
    ("订单金额", ["value"]),
    ("订单金额（元）", ["value"]),  # folded, then contains 订单金额
    ("累计消费金额", ["value"]),
    ("会员等级", ["value"]),
    ("Order Amount", ["value"]),
    ("工单号", ["contact_history"]),
    ("问题描述", ["contact_history"]),
    ("跟进记录", ["contact_history"]),
    ("最后联系时间", ["contact_history"]),
    # no part: a remark, a record's creation time, the CRM's own key, a role column
    ("备注", []),
    ("创建时间", []),
    ("客户编号", []),
    ("手机号码", []),
])
def test_part_detection_by_header(header, parts):
    assert parts_of(header) == parts


def test_detection_leaves_roles_alone():
    # 订单号 stays the record key, 下单时间 the updated_at stamp; 订单金额 keeps no role
    assert assign_roles(["订单号", "收货人", "手机号码", "收货地址", "下单时间", "订单金额"]) == {
        "订单号": "key", "收货人": "name", "手机号码": "mobile", "收货地址": "address", "下单时间": "updated_at"}
    assert assign_roles(["工单号", "客户称呼", "来电号码", "公司", "问题描述", "创建时间"]) == {
        "工单号": "key", "客户称呼": "name", "来电号码": "phone", "公司": "company", "创建时间": "updated_at"}


def std_frame(rows):
    """A standardized frame with only the columns completeness reads."""
    cols = ("source", "row", "name", "mobile", "phone", "email", "address", "province", "city", "district",
            "company")
    return pd.DataFrame([{c: r.get(c, "") for c in cols} for r in rows])


def test_record_parts_columns_and_values():
    orders = frame_source("orders", pd.DataFrame({"订单号": ["D1", "D2"], "收货人": ["王建国", "孙丽"],
                                                   "订单金额": ["199.00", "暂无"]}))
    wechat = frame_source("wechat", pd.DataFrame({"联系人姓名": ["周杰"], "手机": ["13500003333"]}))
    roles = {s.name: assign_roles(list(s.frame.columns)) for s in (orders, wechat)}
    std = std_frame([
        {"source": "wechat", "row": 1, "name": "周杰", "mobile": "+8613500003333"},
        {"source": "orders", "row": 1, "name": "王建国"},
        {"source": "orders", "row": 2, "name": "孙丽"},
    ])
    parts = record_parts(std, [orders, wechat], roles, Completeness())
    assert parts.names == ("name", "phone", "address", "company", "contact_history", "transaction_history", "value",
                           "email")
    at = {name: j for j, name in enumerate(parts.names)}
    # orders has no phone column, wechat no order columns; std rows follow their own order
    assert parts.column[:, at["phone"]].tolist() == [True, False, False]
    assert parts.column[:, at["value"]].tolist() == [False, True, True]
    assert parts.present[:, at["transaction_history"]].tolist() == [False, True, True]
    # 暂无 is a blank placeholder: no value
    assert parts.present[:, at["value"]].tolist() == [False, True, False]
    assert parts.columns["orders"] == {"name": ["收货人"], "transaction_history": ["订单号"], "value": ["订单金额"]}


def test_a_name_split_in_two_columns_supplies_the_name_part():
    crm = frame_source("crm", pd.DataFrame({"姓": ["张", ""], "名": ["伟", ""], "性别": ["男", "女"]}))
    roles = {"crm": assign_roles(list(crm.frame.columns))}
    std = std_frame([{"source": "crm", "row": 1, "name": "张伟"}, {"source": "crm", "row": 2}])
    parts = record_parts(std, [crm], roles, Completeness())
    at = parts.names.index("name")
    assert parts.column[:, at].tolist() == [True, True]
    assert parts.present[:, at].tolist() == [True, False]
    assert parts.columns["crm"]["name"] == ["姓", "名"]


def test_summary_lists_email_where_a_source_has_it():
    crm = frame_source("crm", pd.DataFrame({"联系人": ["王建国", "赵敏"], "邮箱": ["wjg@huarui.cn", "zhao@"]}))
    std = std_frame([{"source": "crm", "row": 1, "name": "王建国", "email": "wjg@huarui.cn"},
                     {"source": "crm", "row": 2, "name": "赵敏"}])  # an invalid address is no email
    parts = record_parts(std, [crm], {"crm": assign_roles(list(crm.frame.columns))}, Completeness())
    got = summary(parts, np.array([0, 1]), np.array([0, 1]))
    assert got["fields"] == ["name", "phone", "address", "company", "email"]
    assert got["sources"]["crm"]["share"] == {"name": 1.0, "phone": None, "address": None, "company": None,
                                              "email": 0.5}
    # name is the only part the crm has a column for: both complete, email is not a part
    assert got["contacts"] == {"count": 2, "mean_completeness": 1.0, "share": {
        "name": 1.0, "phone": 0.0, "address": 0.0, "company": 0.0, "email": 0.5}}


def test_scores_count_only_applicable_parts():
    names = ("name", "phone", "value")
    column = np.array([[True, True, False],    # no value column: value is not counted
                       [True, True, True],     # value column, blank: missing
                       [True, False, False],   # a phone found without a phone column still counts
                       [False, False, False]])  # nothing measurable: complete
    present = np.array([[True, True, False], [True, False, False], [True, True, False], [False, False, False]])
    score, missing = scores(column, present, names)
    assert score.tolist() == [1.0, 0.333, 1.0, 1.0]
    assert missing == ["", "phone;value", "", ""]


def test_per_group_any_record():
    parts = record_parts(std_frame([{"name": "a"}, {"mobile": "+8613500003333"}, {}]), spec=Completeness())
    column, present = per_group(parts, np.array([0, 0, 1]), 2)
    assert present[:, :2].tolist() == [[True, True], [False, False]]
    # without sources every record counts as having each role part's column
    assert column[:, :4].all() and not column[:, 4:7].any()


# --- end to end, on a small hand-made input ----------------------------------------------------------------

CRM = pd.DataFrame({
    "联系人": ["王建国", "李秀英", "赵敏"],
    # 李秀英's only number is not a valid one
    "手机": ["13911072846", "1391107284", "13786203395"],
    "公司": ["北京华瑞科技有限公司", "", "上海易顺网络科技有限公司"],
    "地址": ["北京市海淀区中关村大街1号", "", "上海市浦东新区世纪大道100号"],
})
ORDERS = pd.DataFrame({
    "订单号": ["D001", "D002"],
    "收货人": ["王建国", "孙丽"],
    "手机号码": ["13911072846", "13652908174"],
    "收货地址": ["北京市海淀区中关村大街1号", "广东省深圳市南山区科技园1号"],
    "下单时间": ["2024-01-02 10:00", "2024-02-03 11:00"],
    "订单金额": ["199.00", ""],
})
WECHAT = pd.DataFrame({"微信号": ["wx_zhou"], "联系人姓名": ["周杰"], "手机": ["15867302419"], "地区": ["浙江 杭州"]})


@pytest.fixture(scope="module")
def small():
    return dedupe.merge({"crm": CRM, "orders": ORDERS, "wechat": WECHAT})


def by_name(table, name):
    row = table[table["name"] == name]
    assert len(row) == 1, (name, table)
    return row.iloc[0]


def test_contact_with_an_order_has_transaction_history(small):
    wang = by_name(small.contacts, "王建国")
    assert wang["sources"] == "crm;orders"
    assert (wang["completeness"], wang["missing"]) == (1.0, "")


def test_source_without_amount_column_does_not_count_value(small):
    zhou = by_name(small.contacts, "周杰")  # WeChat only: no order, amount or company column
    assert (zhou["completeness"], zhou["missing"]) == (1.0, "")
    sun = by_name(small.contacts, "孙丽")  # an order with a blank amount: the column is there
    assert (sun["completeness"], sun["missing"]) == (0.8, "value")


def test_invalid_only_phone_is_missing(small):
    li = by_name(small.contacts, "李秀英")
    assert "invalid_phone" in small.records.loc[small.records["name"] == "李秀英", "flags"].iloc[0]
    assert (li["completeness"], li["missing"]) == (0.25, "phone;address;company")


def test_entities_score_over_their_records(small):
    entities = small.entities.set_index("name")
    assert entities.loc["北京华瑞科技有限公司", ["completeness", "missing"]].tolist() == [1.0, ""]
    assert entities.loc["孙丽", ["kind", "completeness", "missing"]].tolist() == ["person", 0.8, "value"]
    assert entities.loc["李秀英", ["kind", "missing"]].tolist() == ["person", "phone;address;company"]


def test_run_json_summary(small):
    summary = small.run["completeness"]
    assert summary["parts"] == [p.name for p in DEFAULT_PARTS]
    # no source has a contact-history or an email column: left out of the fields
    assert summary["fields"] == ["name", "phone", "address", "company", "transaction_history", "value"]
    assert summary["sources"] == {
        "crm": {"rows": 3, "columns": {"name": ["联系人"], "phone": ["手机"], "address": ["地址"], "company": ["公司"]},
                "share": {"name": 1.0, "phone": 0.6667, "address": 0.6667, "company": 0.6667,
                          "transaction_history": None, "value": None}},
        "orders": {"rows": 2, "columns": {"name": ["收货人"], "phone": ["手机号码"], "address": ["收货地址"],
                                          "transaction_history": ["订单号", "下单时间"], "value": ["订单金额"]},
                   "share": {"name": 1.0, "phone": 1.0, "address": 1.0, "company": None,
                             "transaction_history": 1.0, "value": 0.5}},
        "wechat": {"rows": 1, "columns": {"name": ["联系人姓名"], "phone": ["手机"], "address": ["地区"]},
                   "share": {"name": 1.0, "phone": 1.0, "address": 1.0, "company": None,
                             "transaction_history": None, "value": None}},
    }
    # five people: 王建国 (crm + orders), 李秀英, 赵敏, 孙丽, 周杰
    assert summary["contacts"] == {
        "count": 5, "mean_completeness": round((1 + 0.25 + 1 + 0.8 + 1) / 5, 4),
        "share": {"name": 1.0, "phone": 0.8, "address": 0.8, "company": 0.4, "transaction_history": 0.4,
                  "value": 0.2}}
    assert summary["entities"]["count"] == 5


# --- rules ---------------------------------------------------------------------------------------------------

def test_default_rules_spell_out_the_default_parts():
    assert Rules.load("default").completeness == Completeness()


def test_custom_parts_replace_the_default():
    rules = Rules.from_dict({"completeness": {"parts": {
        "name": {"roles": ["name"]}, "email": {"roles": ["email"]}, "loyalty": {"headers": ["积分", "Points"]}}}})
    assert rules.completeness.parts == (Part("name", roles=("name",)), Part("email", roles=("email",)),
                                        Part("loyalty", headers=("积分", "Points")))


@pytest.mark.parametrize("body, message", [
    ({"weights": {}}, "unknown key 'completeness.weights'"),
    ({"parts": {}}, "'completeness.parts' is empty"),
    ({"parts": {"x": {}}}, "'completeness.parts.x' names no roles and no headers"),
    ({"parts": {"x": {"roles": ["key"]}}}, "'completeness.parts.x.roles' has bad value 'key'"),
    ({"parts": {"x": {"headers": "积分"}}}, "'completeness.parts.x.headers' has bad value"),
    ({"parts": {"x": {"headers": [" "]}}}, "'completeness.parts.x.headers' has bad value"),
    ({"parts": {"x": {"columns": ["积分"]}}}, "unknown key 'completeness.parts.x.columns'"),
    ({"parts": {"x-y": {"roles": ["name"]}}}, "a part name is letters, digits and _"),
])
def test_bad_completeness_rules(body, message):
    with pytest.raises(RulesError, match=message):
        Rules.from_dict({"completeness": body})
