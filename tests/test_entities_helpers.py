"""The grouping helpers behind build_entities (entities.py), on small hand-made frames."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dedupe.entities import _canonical_keys, _entity_keys, _entity_labels, _evidence, _latest_company


def test_latest_company_per_contact_in_order_of_first_company_record() -> None:
    contact = np.array([4, 0, 4, 0, 4, 7])
    order = np.array([2, 4, 0, 1, 3, 5])  # oldest first
    has_company = np.array([True, True, True, False, True, False])
    found = _latest_company(contact, order, has_company)
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
    keys = _entity_keys(company_of, canonical, region, city)
    assert list(keys) == list(range(9))
    assert keys[3] == ("华瑞", "北京")  # two regions known: the contact's city
    assert keys[5] == ("锐中#苏州分公司", "")  # a branch names its own place
    # 北京 and 上海 once each: not the city (深圳) so the first by name; the city (上海) where known
    assert keys[6] == ("锐中", "上海") and keys[8] == ("锐中", "上海")
    one = _entity_keys({0: 0, 1: 1}, np.array(["华瑞", "华瑞"], dtype=object),
                       np.array(["", "成都"], dtype=object), np.array(["北京市", ""], dtype=object))
    assert one[0] == ("华瑞", "成都")  # the one region the key is known in, whatever the city


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
