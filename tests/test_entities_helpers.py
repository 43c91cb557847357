"""The grouping helpers behind build_entities (entities.py), on small hand-made frames, and
the end-to-end cases they were fixed for."""

from __future__ import annotations

import numpy as np
import pandas as pd

import dedupe
from dedupe.entities import (
    _canonical_keys,
    _entity_keys,
    _entity_labels,
    _evidence,
    _latest,
    _office,
    _own_places,
    _OwnPlaces,
)

NOTHING_OWN = _OwnPlaces({}, {})


def test_latest_per_contact_in_order_of_first_company_record() -> None:
    contact = np.array([4, 0, 4, 0, 4, 7])
    order = np.array([2, 4, 0, 1, 3, 5])  # oldest first
    has_company = np.array([True, True, True, False, True, False])
    found = _latest(contact, order, has_company)
    assert found == {4: 0, 0: 1}  # record 3 names no company, contact 7 none at all
    assert list(found) == [4, 0]  # contact 4's first company record (2) comes before 0's (1)


def test_entity_labels_are_each_company_first_record_and_persons_keep_their_contact() -> None:
    acme, other = ("key", "华瑞", "北京"), ("uscc", "91110000X", "")
    contact = np.array([3, 1, 1, 3, 4, 5, 5])
    labels, kinds, first = _entity_labels({3: acme, 1: acme, 5: other}, contact)
    assert labels.tolist() == [0, 0, 0, 0, 4, 5, 5]
    assert kinds.tolist() == ["company"] * 4 + ["person", "company", "company"]
    assert kinds.dtype == object
    assert first == {acme: 0, other: 5}
    labels, kinds, first = _entity_labels({}, np.array([0, 0, 2]))  # nobody names a company
    assert labels.tolist() == [0, 0, 2] and kinds.tolist() == ["person"] * 3 and first == {}


def test_entity_keys_infer_a_missing_region() -> None:
    canonical = np.array(["华瑞", "华瑞", "华瑞", "华瑞", "锐中", "锐中#苏州分公司", "锐中", "锐中", "锐中"],
                         dtype=object)
    region = np.array(["北京", "成都", "成都", "", "北京", "苏州", "", "上海", ""], dtype=object)
    city = np.array(["", "", "", "北京市", "", "", "深圳市", "", "上海市"], dtype=object)
    company_of = {c: c for c in range(9)}
    keys = _entity_keys(company_of, canonical, region, city, NOTHING_OWN)
    assert list(keys) == list(range(9))
    assert keys[3] == ("华瑞", "北京")  # two regions known: the contact's city
    assert keys[5] == ("锐中#苏州分公司", "")  # a branch names its own place
    # 北京 and 上海 once each: not the city (深圳) so the first by name; the city (上海) where known
    assert keys[6] == ("锐中", "上海") and keys[8] == ("锐中", "上海")
    one = _entity_keys({0: 0, 1: 1}, np.array(["华瑞", "华瑞"], dtype=object),
                       np.array(["", "成都"], dtype=object), np.array(["北京市", ""], dtype=object), NOTHING_OWN)
    assert one[0] == ("华瑞", "成都")  # the one region the key is known in, whatever the city


def test_a_company_named_without_a_region_is_where_the_contacts_own_records_place_it() -> None:
    # contact 0: 苏州万睿物流有限责任公司 last year (record 0), a ticket naming '万睿' today (record 1);
    # contact 2: 北京万睿机械股份有限公司, twice (records 2, 3): 北京 is the key's commonest region
    contact = np.array([0, 0, 2, 2, 4, 4])
    canonical = np.array(["万睿", "万睿", "万睿", "万睿", "兴德", "兴德"], dtype=object)
    region = np.array(["苏州", "", "北京", "北京", "杭州", ""], dtype=object)
    city = np.array(["苏州市", "", "北京市", "北京市", "", ""], dtype=object)
    order = np.arange(6)  # oldest first
    own = _own_places(contact, order, canonical, region, city)
    assert own.region == {(0, "万睿"): "苏州", (2, "万睿"): "北京", (4, "兴德"): "杭州"}
    assert own.city == {0: "苏州市", 2: "北京市"}
    keys = _entity_keys({0: 1, 2: 3, 4: 5}, canonical, region, city, own)
    assert keys[0] == ("万睿", "苏州")  # not 北京, the key's commonest: the contact said 苏州 itself
    assert keys[2] == ("万睿", "北京") and keys[4] == ("兴德", "杭州")
    # a contact that never states a region joins the one region its key is known in, counting the
    # regions contacts' own records give: 兴德 is known in 杭州 through contact 4
    keys = _entity_keys({0: 1, 4: 5, 6: 6}, np.r_[canonical, ["兴德"]].astype(object),
                        np.r_[region, [""]].astype(object), np.r_[city, [""]].astype(object), own)
    assert keys[6] == ("兴德", "杭州")


def test_english_name_takes_the_chinese_key_of_the_first_record_among_equals() -> None:
    # 华锐 and 华瑞 both read huarui, once each: the one seen first wins (most_common's order)
    std = pd.DataFrame({"company_key": ["华锐", "华瑞", "huarui", ""],
                        "company_pinyin": ["huarui", "huarui", "huarui", ""],
                        "company_branch": ["", "", "", ""]})
    out = _canonical_keys(std, std["company_key"].to_numpy() != "")
    assert out.tolist() == ["华锐", "华瑞", "华锐", ""]
    std.loc[3] = ["华瑞", "huarui", ""]  # now 华瑞 twice
    assert _canonical_keys(std, std["company_key"].to_numpy() != "").tolist()[2] == "华瑞"


def test_evidence_values_of_records_an_office_only_where_staff_and_strangers_give_it() -> None:
    office = "320505|和平路19号隆德商务楼3110"
    std = pd.DataFrame({
        "address_key": [office, office, "320505|和平路21号隆德商务楼2201", ""],
        "phone_list": [(("+861088886666", "landline", ""), ("+8613800000000", "mobile", "")), (),
                       (("+864008001234", "tollfree", ""),), ()],
        "email_domain": ["huarui.cn", "", "", "ruizhong.com"],
    })
    lone = np.array([False, True, False, True])
    record, value = _evidence(std, np.arange(4), lone)
    pairs = sorted(zip(record.tolist(), value.tolist(), strict=True))
    # record 2's address is given by staff alone: it could not decide anything
    assert pairs == [(0, "a:" + office), (0, "d:huarui.cn"), (0, "p:+861088886666"), (1, "a:" + office),
                     (2, "p:+864008001234"), (3, "d:ruizhong.com")]


def test_a_ticket_naming_the_brand_alone_keeps_its_caller_at_the_company_they_named_in_full() -> None:
    """吕慧 gave 苏州万睿物流有限责任公司 to the CRM, then called about '万睿': she stays at the 苏州
    firm, not at 北京万睿机械, the firm most records with that brand name (end to end)."""
    crm = pd.DataFrame({
        "姓名": ["吕慧", "张艳", "王强"],
        "公司": ["苏州万睿物流有限责任公司", "北京万睿机械股份有限公司", "北京万睿机械股份有限公司"],
        "手机": ["13912345678", "13822223333", "13755556666"],
        "城市": ["苏州", "北京", "北京"],
        "更新时间": ["2023-01-05", "2023-02-01", "2023-03-01"],
    })
    tickets = pd.DataFrame({"客户称呼": ["吕慧"], "来电号码": ["13912345678"], "公司": ["万睿"],
                            "创建时间": ["2024-05-01"]})
    result = dedupe.merge({"crm": crm, "tickets": tickets})
    r = result.records.set_index(["source", "row"])
    assert r.loc[("crm", 1), "contact_id"] == r.loc[("tickets", 1), "contact_id"]
    assert r.loc[("crm", 2), "entity_id"] == r.loc[("crm", 3), "entity_id"]
    assert r.loc[("crm", 1), "entity_id"] != r.loc[("crm", 2), "entity_id"]
    entity = result.entities.set_index("entity_id").loc[r.loc[("crm", 1), "entity_id"]]
    assert entity["kind"] == "company" and entity["region"] == "苏州"


def test_a_room_without_its_room_word_is_still_an_office() -> None:
    # the address key drops 室 (大厦1903室 -> 大厦1903), and users often do too
    assert _office("人民路985号弘千大厦1903") and _office("延安路264号源美中心419")
    assert _office("长江路52号峰润大厦27楼") and _office("东风路37号信亿商务楼B栋3112")
    assert not _office("文化路45号瑞远华庭10栋1单元402")  # a 单元: a home
    assert not _office("深南大道1903") and not _office("人民路985号弘千大厦")  # no room; no number


def test_a_colleague_written_without_a_company_joins_it_by_its_office_room() -> None:
    """刘颖佳 names no company, but her address is 弘千's office, room 1903, which only 弘千's
    staff give: she is at 弘千 (end to end)."""
    office = "东莞市凤岗镇人民路985号弘千大厦1903室"
    crm = pd.DataFrame({
        "姓名": ["陈杰文", "周敏", "刘颖佳", "王海"],
        "公司": ["弘千(东莞)科技有限公司", "东莞弘千科技有限公司", "", ""],
        "手机": ["13912345678", "13822223333", "13755556666", "13600001111"],
        "地址": [office, office, office, "东莞市凤岗镇人民路985号弘千大厦"],
    })
    result = dedupe.merge({"crm": crm})
    r = result.records.set_index("row")
    assert r.loc[1, "entity_id"] == r.loc[2, "entity_id"] == r.loc[3, "entity_id"]
    assert r.loc[4, "entity_id"] != r.loc[1, "entity_id"]  # the building, not the room: nobody's office
    kinds = result.entities.set_index("entity_id")["kind"]
    assert kinds[r.loc[3, "entity_id"]] == "company" and kinds[r.loc[4, "entity_id"]] == "person"


def test_a_trading_firm_named_in_english_is_the_shangmao_firm_of_its_chinese_name() -> None:
    """'Xiamen Kehui Trading Co., Ltd.' reads 贸易; its Chinese name says 商贸: one company, while
    a 科辉 in the same city that makes furniture is another (end to end)."""
    crm = pd.DataFrame({"姓名": ["陈杰", "李娜"], "公司": ["厦门科辉商贸有限公司", "厦门科辉家具有限公司"],
                        "手机": ["13912345678", "13822223333"]})
    bought = pd.DataFrame({"Name": ["Wang Lei"], "Company": ["Xiamen Kehui Trading Co., Ltd."],
                           "Mobile": ["13755556666"]})
    r = dedupe.merge({"crm": crm, "purchased": bought}).records.set_index(["source", "row"])
    assert r.loc[("crm", 1), "entity_id"] == r.loc[("purchased", 1), "entity_id"]
    assert r.loc[("crm", 2), "entity_id"] != r.loc[("crm", 1), "entity_id"]


def test_english_name_takes_the_chinese_brand_of_its_own_city_when_two_read_alike() -> None:
    # 隆旭 (成都, three records) and 龙旭 (广州, one) both read longxu
    std = pd.DataFrame({
        "company_key": ["隆旭", "隆旭", "隆旭", "龙旭", "longxu", "longxu", "元昌", "源昌", "yuanchang"],
        "company_pinyin": ["longxu"] * 6 + ["yuanchang"] * 3,
        "company_branch": [""] * 9,
        "company_region": ["成都", "成都", "成都", "广州", "广州", "", "", "北京", "北京"],
        "company_industry": ["实业", "实业", "实业", "实业", "实业", "实业", "服装", "贸易", "商贸"],
    })
    out = _canonical_keys(std, np.ones(len(std), dtype=bool)).tolist()
    assert out[4] == "龙旭"  # Guangzhou Longxu ...: the 广州 one, though 隆旭 is commoner
    assert out[5] == "隆旭"  # no region given: the commonest
    assert out[8] == "源昌"  # Beijing Yuanchang Trading: the 北京 one, which trades (商贸 = 贸易)


def test_a_job_changers_earlier_records_are_the_companies_they_name() -> None:
    """周婷 was at 深圳华瑞科技 (with 李强, still there) and at 北京天正贸易 (nobody there now), and
    is at 苏州锐中物流: she is 锐中's contact; her earlier records are 华瑞's and 天正's, and
    each entity counts only the contacts it has now (end to end)."""
    crm = pd.DataFrame({
        "姓名": ["周婷", "周婷", "周婷", "李强"],
        "公司": ["深圳华瑞科技有限公司", "北京天正贸易有限公司", "苏州锐中物流有限公司", "深圳华瑞科技有限公司"],
        "手机": ["13912345678", "13912345678", "13912345678", "13822223333"],
        "更新时间": ["2021-01-05", "2022-03-01", "2024-06-01", "2023-01-01"],
    })
    result = dedupe.merge({"crm": crm})
    r = result.records.set_index("row")
    assert r["contact_id"].nunique() == 2
    contact = result.contacts.set_index("contact_id").loc[r.loc[1, "contact_id"]]
    assert contact["entity_id"] == r.loc[3, "entity_id"] and contact["company"] == "苏州锐中物流有限公司"
    assert contact["previous_companies"] != ""
    assert r.loc[1, "entity_id"] == r.loc[4, "entity_id"]  # 华瑞's, with 李强
    assert len({r.loc[1, "entity_id"], r.loc[2, "entity_id"], r.loc[3, "entity_id"]}) == 3
    e = result.entities.set_index("entity_id")
    assert e.loc[r.loc[1, "entity_id"], "contact_count"] == 1  # 李强, not 周婷
    assert e.loc[r.loc[2, "entity_id"], ["name", "kind", "contact_count"]].tolist() == [
        "北京天正贸易有限公司", "company", 0]
    assert e.loc[r.loc[3, "entity_id"], "contact_count"] == 1
    assert e["contact_count"].sum() == len(result.contacts)


def test_a_branch_nobody_works_at_now_still_has_its_parent() -> None:
    """周婷 was at 北京华瑞科技's 上海分公司 and is now at 苏州锐中物流; nobody is at that branch
    now, yet its entity is a branch of 北京华瑞科技, where 李强 works (end to end)."""
    crm = pd.DataFrame({
        "姓名": ["周婷", "周婷", "李强"],
        "公司": ["北京华瑞科技有限公司上海分公司", "苏州锐中物流有限公司", "北京华瑞科技有限公司"],
        "手机": ["13912345678", "13912345678", "13822223333"],
        "更新时间": ["2021-01-05", "2024-06-01", "2023-01-01"],
    })
    result = dedupe.merge({"crm": crm})
    r = result.records.set_index("row")
    e = result.entities.set_index("entity_id")
    branch = e.loc[r.loc[1, "entity_id"]]
    assert branch["contact_count"] == 0 and branch["branch"] == "上海分公司"
    assert branch["parent_entity_id"] == r.loc[3, "entity_id"]
    assert e.loc[r.loc[2, "entity_id"], "parent_entity_id"] == ""


def test_a_company_named_without_a_region_is_where_its_industry_is() -> None:
    # 峰泰(杭州)商贸集团 (twice), 峰泰(南昌)新能源, 峰泰(石家庄)科技; then 峰泰商贸集团 with no region,
    # a contact in 南昌, and 峰泰 alone
    canonical = np.array(["峰泰"] * 7, dtype=object)
    region = np.array(["杭州", "杭州", "南昌", "石家庄", "", "", ""], dtype=object)
    industry = np.array(["贸易", "贸易", "新能源", "科技", "贸易", "", ""], dtype=object)
    city = np.array(["", "", "", "", "南昌市", "南昌市", ""], dtype=object)
    company_of = {c: c for c in range(7)}
    keys = _entity_keys(company_of, canonical, region, city, NOTHING_OWN, industry)
    # the industry it states says 杭州, whatever the contact's city; with none stated, the city,
    # else the key's commonest region
    assert [keys[c][1] for c in (4, 5, 6)] == ["杭州", "南昌", "杭州"]
    # without industries, the contact's city decides as before
    assert _entity_keys(company_of, canonical, region, city, NOTHING_OWN)[4][1] == "南昌"
