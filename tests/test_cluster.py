"""Clustering (cluster.py): contacts from scored pairs, entities from contacts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dedupe.cluster import build_contacts
from dedupe.entities import build_entities

VETO = -6.0


def contacts(pairs: list[tuple[int, int, float, str]], n: int, weak: list[int] | None = None,
             possible: list[bool] | None = None, evidence: list[float] | None = None,
             attach_weight: float = 8.0, sources: list[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Labels and (mutated) decisions for pairs given as (left, right, weight, decision)."""
    left = np.array([p[0] for p in pairs], dtype=np.int64)
    right = np.array([p[1] for p in pairs], dtype=np.int64)
    weight = np.array([p[2] for p in pairs], dtype=float)
    decision = np.array([p[3] for p in pairs], dtype=object)
    weak_mask = np.zeros(n, dtype=bool)
    weak_mask[weak or []] = True
    labels = build_contacts(
        n, left, right, weight, decision, VETO, weak_mask if weak is not None else None,
        evidence=np.array(evidence, dtype=float) if evidence is not None else (weight if weak is not None else None),
        possible=np.array(possible, dtype=bool) if possible is not None else None,
        attach_weight=attach_weight,
        sources=np.array(sources, dtype=np.int64) if sources is not None else None,
    )
    return labels, decision


def same(labels: np.ndarray, *records: int) -> bool:
    return len({int(labels[r]) for r in records}) == 1


# --- contacts ----------------------------------------------------------------------------

def test_match_pairs_form_contacts_labelled_by_smallest_position() -> None:
    labels, _ = contacts([(1, 3, 20.0, "match"), (3, 4, 15.0, "match"), (0, 2, 1.0, "review")], n=5)
    assert labels.tolist() == [0, 1, 2, 1, 1]


def test_weak_record_attaches_to_the_one_contact_it_can_be() -> None:
    # 0 and 1 are one person (张伟 twice); 2 is 张总 with review pairs into that contact only.
    pairs = [(0, 1, 20.0, "match"), (0, 2, 9.0, "review"), (1, 2, 10.0, "review")]
    labels, decision = contacts(pairs, n=3, weak=[2])
    assert same(labels, 0, 1, 2)
    assert labels.tolist() == [0, 0, 0]
    # the pairs that attached it are set to 'match' in place
    assert decision.tolist() == ["match", "match", "match"]


def test_weak_record_never_brings_a_second_record_of_its_source() -> None:
    # linked deduplicated sources: 张总 (2) is from source 0, like 张伟 (0) already in the contact
    pairs = [(0, 1, 20.0, "match"), (0, 2, 9.0, "review"), (1, 2, 10.0, "review")]
    labels, _ = contacts(pairs, n=3, weak=[2], sources=[0, 1, 0])
    assert same(labels, 0, 1) and not same(labels, 0, 2)
    labels, _ = contacts(pairs, n=3, weak=[2], sources=[0, 1, 2])
    assert same(labels, 0, 1, 2)


def test_weak_record_below_attach_weight_stays_alone() -> None:
    pairs = [(0, 1, 20.0, "match"), (0, 2, 5.0, "review"), (1, 2, 6.0, "review")]
    labels, decision = contacts(pairs, n=3, weak=[2])
    assert not same(labels, 0, 2)
    assert decision.tolist() == ["match", "review", "review"]


def test_weak_record_with_two_candidate_contacts_stays_alone() -> None:
    # 0/1 and 3/4 are two different 王 at one company; 2 is 王总 and fits either.
    pairs = [(0, 1, 20.0, "match"), (3, 4, 20.0, "match"), (0, 2, 9.0, "review"), (2, 3, 9.0, "review")]
    labels, decision = contacts(pairs, n=5, weak=[2])
    assert same(labels, 0, 1) and same(labels, 3, 4)
    assert not same(labels, 0, 3)
    assert not same(labels, 2, 0) and not same(labels, 2, 3)
    assert decision.tolist() == ["match", "match", "review", "review"]


def test_weak_record_attaches_only_through_possible_pairs() -> None:
    # the pair into contact 0/1 has the weight but no person evidence (switchboard only)
    pairs = [(0, 1, 20.0, "match"), (0, 2, 9.0, "review")]
    labels, decision = contacts(pairs, n=3, weak=[2], possible=[True, False])
    assert not same(labels, 0, 2)
    assert decision.tolist() == ["match", "review"]


def test_weak_attachment_respects_a_veto() -> None:
    # 2 fits 0 well but scored far below the veto weight against 1, in the same contact
    pairs = [(0, 1, 20.0, "match"), (0, 2, 9.0, "review"), (1, 2, -10.0, "non-match")]
    labels, decision = contacts(pairs, n=3, weak=[2], evidence=[24.0, 9.0, -10.0])
    assert not same(labels, 0, 2)
    assert decision.tolist() == ["match", "review", "non-match"]


def test_full_name_record_is_not_attached_by_weak_rule() -> None:
    pairs = [(0, 1, 20.0, "match"), (0, 2, 9.0, "review")]
    labels, decision = contacts(pairs, n=3, weak=[])
    assert not same(labels, 0, 2)
    assert decision.tolist() == ["match", "review"]


@pytest.mark.parametrize("vetoed", [True, False])
def test_veto_keeps_two_clusters_apart(vetoed: bool) -> None:
    # 0/1 and 2/3 are two people; 1-2 is a weaker 'match' (a shared switchboard and surname)
    # that would chain them; 0-3 scored below the veto weight.
    pairs = [(0, 1, 20.0, "match"), (2, 3, 20.0, "match"), (1, 2, 12.0, "match"),
             (0, 3, -10.0 if vetoed else 0.0, "non-match")]
    labels, _ = contacts(pairs, n=4)
    assert same(labels, 0, 1) and same(labels, 2, 3)
    assert same(labels, 0, 3) is not vetoed


@pytest.mark.parametrize("veto_same_name, link_identity, joined", [
    (True, True, True), (True, False, False), (False, True, False)])
def test_a_shared_number_under_one_full_name_passes_a_same_name_veto(veto_same_name, link_identity, joined) -> None:
    # 0/1: 张燕 at her first company; 2: 张燕 at the next, with the mobile of 0 (pair 0-2, the
    # weaker link). 1-2 agree on the name but not on company or number: below the veto weight.
    pairs = [(0, 1, 20.0, "match"), (0, 2, 15.0, "match"), (1, 2, -10.0, "non-match")]
    left, right = np.array([0, 0, 1]), np.array([1, 2, 2])
    decision = np.array([p[3] for p in pairs], dtype=object)
    labels = build_contacts(3, left, right, np.array([20.0, 15.0, -10.0]), decision, VETO,
                            same_name=np.array([True, True, veto_same_name]),
                            identity=np.array([False, link_identity, False]))
    # a veto of two different names (张燕 and 张艳) holds, and so does any veto of a weaker link
    assert same(labels, 0, 2) is joined
    assert same(labels, 0, 1)


def job_change(veto: float, fields: list[list[float]] | None, veto_same_name: bool = True,
               names: tuple[str, ...] = ()) -> np.ndarray:
    """Contacts of three records of one name: 0 at the old firm, 1 at the new one with 0's
    mobile (0-1 an identity match), 2 at the new one (1-2 a match), and 0-2 scoring ``veto``."""
    left, right = np.array([0, 1, 0]), np.array([1, 2, 2])
    decision = np.array(["match", "match", "non-match"], dtype=object)
    return build_contacts(3, left, right, np.array([20.0, 14.0, veto]), decision, VETO,
                          same_name=np.array([True, True, veto_same_name]),
                          identity=np.array([True, False, False]),
                          field_weights=None if fields is None else np.array(fields), field_names=names)


@pytest.mark.parametrize("title_agrees, veto_same_name, joined", [
    (True, True, True), (False, True, False), (True, False, False)])
def test_a_same_name_veto_the_contact_already_explains_is_passed(title_agrees, veto_same_name, joined) -> None:
    # 曹静 changed jobs: 0 is her record at 弘祥融 (高级工程师); 1 is at 融佳创 (运营主管) with the
    # mobile of 0, so 0-1 join first.  2 is at 融佳创 too, 运营主管, no phone: 1-2 agree on name,
    # company and title.  0-2 agree on the name only (company and title differ) and fall below
    # the veto weight.  The contact of 0 and 1 already holds both firms and both titles, so
    # that veto says nothing new: 2 joins.  Not so when 1 says nothing of 2's title, or when the
    # veto is between two names.
    fields = [[14.4, 17.4, -4.5, 0.0],  # name, phone, company, title
              [14.4, 0.0, 12.1, 3.9 if title_agrees else 0.0],
              [14.4, 0.0, -4.5, -4.6]]
    labels = job_change(-6.9, fields, veto_same_name)
    assert same(labels, 0, 1)
    assert same(labels, 1, 2) is joined
    # without the field weights nothing explains the veto
    labels = job_change(-6.9, None, veto_same_name)
    assert not same(labels, 1, 2)


@pytest.mark.parametrize("named, company_differs, joined", [
    (True, True, True), (False, True, False), (True, False, False)])
def test_a_phone_that_changed_with_the_company_is_explained_with_it(named, company_differs, joined) -> None:
    # As above, but 2 also has a work mobile of the new firm, which 0 (the old firm's row) has
    # not: 0-2 disagree on the phone as well.  Where the company differs too, that is what a
    # job change brings.  Where the company agrees (two people of one firm, one mobile each),
    # or the field names are not given, the phone stays unexplained.
    fields = [[14.4, 17.4, -4.5, 0.0],  # name, phone, company, title
              [14.4, -4.3, 12.1, 3.9],
              [14.4, -4.3, -4.5 if company_differs else 0.0, -4.6]]
    labels = job_change(-11.2, fields, names=("name", "phone", "company", "title") if named else ())
    assert same(labels, 0, 1)
    assert same(labels, 1, 2) is joined


@pytest.mark.parametrize("differ", [True, False])
def test_two_wechat_ids_are_two_people_whatever_the_pair_weighs(differ: bool) -> None:
    # 0: 李平强 at 千恒 with WeChat lipingqiang4466; 2: 李平强 at 千恒 with lipingqiang4260 and a
    # mobile; 1: 李平强 at 千恒, nothing else.  The name and company link every pair strongly,
    # and 0-2 share a full name and (as identity) a number would pass a same-name veto; two
    # WeChat accounts still say two people, so 0 and 2 never meet.
    pairs = [(0, 1, 15.0, "match"), (1, 2, 14.0, "match"), (0, 2, 9.0, "match")]
    left, right = np.array([0, 1, 0]), np.array([1, 2, 2])
    decision = np.array([p[3] for p in pairs], dtype=object)
    labels = build_contacts(3, left, right, np.array([15.0, 14.0, 9.0]), decision, VETO,
                            same_name=np.array([True, True, True]), identity=np.array([False, True, False]),
                            conflict=np.array([False, False, differ]))
    assert same(labels, 0, 2) is not differ
    assert same(labels, 0, 1)  # the strongest link first: 1 goes with 0


@pytest.mark.parametrize("counted", [True, False])
def test_a_fragment_does_not_join_a_contact_another_of_whose_records_contradicts_it(counted: bool) -> None:
    # 0: Wang Tingting of a 苏州 firm, nothing else (a fragment).  1, 2: 王婷婷, one contact: a
    # bare ticket (name only against 0) and an order in 南昌 (address -5.1 against 0).  3: a
    # 王婷婷 at another firm (company -4.4).  By its strongest pair, contact 1-2 leads 3 by 4.4
    # bits and would take the fragment; with its order's contradiction it does not lead.
    pairs = [(1, 2, 20.0, "match"), (0, 1, 1.8, "review"), (0, 2, -3.4, "review"), (0, 3, -2.6, "review")]
    left, right = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    weight = np.array([p[2] for p in pairs])
    decision = np.array([p[3] for p in pairs], dtype=object)
    fields = np.array([[10.0, 5.0, 5.0], [13.8, 0.0, 0.0], [13.8, -5.1, 0.0], [13.8, 0.0, -4.4]])  # name, address, company
    labels = build_contacts(4, left, right, weight, decision, VETO, np.array([True, False, False, False]),
                            evidence=weight + 12.0, attach_weight=8.0, field_weights=fields if counted else None)
    assert same(labels, 1, 2) and not same(labels, 1, 3)
    assert same(labels, 0, 1) is not counted
    assert not same(labels, 0, 3)


def test_strongest_pairs_join_first() -> None:
    # 1 could join 0 (weight 10) or 2 (weight 30); 0-2 is vetoed, so only the stronger link wins.
    pairs = [(0, 1, 10.0, "match"), (1, 2, 30.0, "match"), (0, 2, -20.0, "non-match")]
    labels, _ = contacts(pairs, n=3)
    assert same(labels, 1, 2)
    assert not same(labels, 0, 1)


# --- entities ----------------------------------------------------------------------------

def entity_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    cols = ("company_key", "company_region", "company_pinyin", "company_branch", "company_industry", "city",
            "updated_at")
    return pd.DataFrame([{c: r.get(c, "") for c in cols} for r in rows])


def entities(rows: list[dict[str, str]], contact: list[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    std = entity_frame(rows)
    found = build_entities(std, np.array(contact if contact is not None else range(len(rows)), dtype=np.int64))
    return found.label, found.kind


SUZHOU_CN = {"company_key": "锐中#苏州分公司", "company_region": "苏州", "company_pinyin": "ruizhong",
             "company_branch": "苏州分公司", "company_industry": "网络科技", "city": "苏州市"}
SUZHOU_EN = {"company_key": "ruizhong#Suzhou分公司", "company_pinyin": "ruizhong",
             "company_branch": "Suzhou分公司", "company_industry": "网络科技"}


def test_english_company_joins_its_chinese_key() -> None:
    # 'Shenzhen Huarui Technology Co., Ltd.' and 深圳华瑞科技有限公司
    chinese = {"company_key": "华瑞", "company_region": "深圳", "company_pinyin": "huarui", "company_industry": "科技"}
    english = {"company_key": "huarui", "company_region": "深圳", "company_pinyin": "huarui", "company_industry": "科技"}
    other = {**english, "company_key": "ruizhong", "company_pinyin": "ruizhong"}
    labels, _ = entities([chinese, english, other])
    assert labels[0] == labels[1]
    assert labels[2] != labels[0]


def test_english_branch_joins_its_chinese_key() -> None:
    labels, kinds = entities([SUZHOU_CN, SUZHOU_EN])
    assert labels[0] == labels[1]
    assert kinds.tolist() == ["company", "company"]


def test_english_branch_of_another_city_stays_apart() -> None:
    hangzhou = {**SUZHOU_EN, "company_key": "ruizhong#Hangzhou分公司", "company_branch": "Hangzhou分公司"}
    labels, _ = entities([SUZHOU_CN, hangzhou])
    assert labels[0] != labels[1]


def test_english_brand_of_another_name_stays_apart() -> None:
    other = {**SUZHOU_EN, "company_key": "huarui#Suzhou分公司", "company_pinyin": "huarui"}
    labels, _ = entities([SUZHOU_CN, other])
    assert labels[0] != labels[1]


def brand(industry: str, **extra: str) -> dict[str, str]:
    return {"company_key": "锐中", "company_region": "苏州", "company_pinyin": "ruizhong",
            "company_industry": industry, "city": "苏州市", **extra}


def test_one_brand_two_stated_industries_is_two_entities() -> None:
    labels, _ = entities([brand("网络科技"), brand("贸易"), brand("网络科技")])
    assert labels[0] == labels[2]
    assert labels[0] != labels[1]


def test_short_and_long_industry_are_one_entity() -> None:
    labels, _ = entities([brand("科技"), brand("网络科技")])
    assert labels[0] == labels[1]


def test_short_long_and_other_industry() -> None:
    labels, _ = entities([brand("网络科技"), brand("贸易"), brand("科技"), brand("")])
    assert labels[0] == labels[2]
    assert labels[1] != labels[0]
    # a contact whose company states no industry joins one of the group's entities
    assert labels[3] in (labels[0], labels[1])


def test_same_brand_other_region_is_another_entity() -> None:
    labels, _ = entities([brand("网络科技"), brand("网络科技", company_region="杭州", city="杭州市")])
    assert labels[0] != labels[1]


def test_a_bare_brand_dialled_from_one_of_its_cities_is_that_citys_company() -> None:
    # 峰泰 is a firm in 杭州 and a larger one in 南昌.  A ticket naming only 峰泰, with no
    # address or city, dialled from a 0571 landline (its ``place``) is 杭州's; without a
    # landline it is the commoner one, and from 0791 南昌's.
    hangzhou = {"company_key": "峰泰", "company_region": "杭州", "company_industry": "商贸", "city": "杭州市"}
    nanchang = {"company_key": "峰泰", "company_region": "南昌", "company_industry": "新能源", "city": "南昌市"}
    bare = {"company_key": "峰泰"}
    std = entity_frame([hangzhou, nanchang, nanchang, bare, bare, bare])
    std["place"] = ["0571", "0791", "0791", "0571", "", "0791"]
    labels = build_entities(std, np.arange(6, dtype=np.int64)).label
    assert labels[1] == labels[2] != labels[0]
    assert labels[3] == labels[0]
    assert labels[4] == labels[1] and labels[5] == labels[1]
    # 0731 is dialled in 长沙, 株洲 and 湘潭 alike: it places nothing, and the commoner one stays
    changsha = {**hangzhou, "company_region": "长沙", "city": "长沙市"}
    zhuzhou = {**nanchang, "company_region": "株洲", "city": "株洲市"}
    std = entity_frame([changsha, zhuzhou, zhuzhou, bare])
    std["place"] = ["0731", "0731", "0731", "0731"]
    labels = build_entities(std, np.arange(4, dtype=np.int64)).label
    assert labels[3] == labels[1] != labels[0]


def test_contact_without_company_is_a_person_entity() -> None:
    labels, kinds = entities([brand("科技"), {"city": "苏州市"}, {}])
    assert kinds.tolist() == ["company", "person", "person"]
    assert labels.tolist() == [0, 1, 2]


def test_contact_takes_company_of_its_most_recent_record() -> None:
    rows = [
        {"company_key": "华瑞", "company_region": "深圳", "updated_at": "2023-01-01 00:00:00"},
        {"company_key": "锐中", "company_region": "苏州", "updated_at": "2024-06-01 00:00:00"},
        {"company_key": "锐中", "company_region": "苏州", "updated_at": "2020-01-01 00:00:00"},
        {"company_key": "华瑞", "company_region": "深圳", "updated_at": "2020-01-01 00:00:00"},
    ]
    # records 0 and 1 are one contact, who moved from 华瑞 to 锐中
    found = build_entities(entity_frame(rows), np.array([0, 0, 2, 3], dtype=np.int64))
    assert found.contact_label[0] == found.label[1] == found.label[2]  # the contact is 锐中's
    assert found.label[0] == found.label[3] != found.label[1]  # its 华瑞 record is 华瑞's


def test_company_column_wins_over_a_company_read_from_an_address() -> None:
    # contact 0's newer record is an order to an office, its company read from the address;
    # its older record names 华瑞 in a company column.  Record 0 is someone at 锐中.
    rows = [
        {"company_key": "锐中", "company_region": "苏州", "updated_at": "2023-01-01 00:00:00"},
        {"company_key": "华瑞", "company_region": "深圳", "updated_at": "2023-01-01 00:00:00"},
        {"company_key": "锐中", "company_region": "苏州", "updated_at": "2024-06-01 00:00:00", "inferred": "1"},
    ]
    std = entity_frame(rows)
    std["company_inferred"] = [bool(r.get("inferred")) for r in rows]
    labels = build_entities(std, np.array([0, 1, 1], dtype=np.int64)).label
    assert labels.tolist() == [0, 1, 1]
    # with nothing else, the company read from the address makes the contact an employee there
    found = build_entities(std.iloc[[0, 2]].reset_index(drop=True), np.array([0, 1], dtype=np.int64))
    labels, kinds = found.label, found.kind
    assert labels.tolist() == [0, 0] and kinds.tolist() == ["company", "company"]


def test_brand_read_from_a_branch_address_joins_the_branch() -> None:
    # 锐中网络科技 at a 苏州 address, where 锐中 has only its 苏州分公司
    order = {"company_key": "锐中", "company_region": "苏州", "company_pinyin": "ruizhong",
             "company_industry": "网络科技", "city": "苏州市"}
    parent = {**order, "company_region": "重庆", "city": "重庆市"}
    std = entity_frame([SUZHOU_CN, parent, order, order])
    std["company_inferred"] = [False, False, True, False]
    labels = build_entities(std, np.arange(4, dtype=np.int64)).label
    assert labels[2] == labels[0]  # the branch
    assert labels[1] != labels[0]
    # the same brand in 苏州 stated in a company column is not moved to the branch
    assert labels[3] not in (labels[0], labels[1])


# --- entities: USCC, supporting evidence, branches' parents, job history -------------------------

def entity_std(rows: list[dict[str, str]]) -> pd.DataFrame:
    std = entity_frame(rows)
    for extra in ("uscc", "address_key", "email_domain", "company"):
        std[extra] = [r.get(extra, "") for r in rows]
    # phone_list as standardize writes it: (E.164, kind, extension) of each number
    std["phone_list"] = [tuple((p, r.get("phone_kind", "landline"), "") for p in r.get("phone", "").split(";") if p)
                         for r in rows]
    return std


USCC_A, USCC_B = "91110108551385082Q", "91310000MA1FL4BG7K"


def test_one_uscc_joins_two_spellings_of_a_company() -> None:
    # 字节跳动 written with a region in one row and without the brand's usual key in another
    rows = [brand("网络科技", uscc=USCC_A), {**brand("网络科技"), "company_key": "字节", "uscc": USCC_A}]
    found = build_entities(entity_std(rows), np.arange(2, dtype=np.int64))
    assert found.label[0] == found.label[1]


def test_two_usccs_under_one_name_are_two_companies() -> None:
    rows = [brand("网络科技", uscc=USCC_A), brand("网络科技", uscc=USCC_B), brand("网络科技")]
    found = build_entities(entity_std(rows), np.arange(3, dtype=np.int64))
    assert found.label[0] != found.label[1]
    # a contact giving no USCC under an ambiguous name is neither of them
    assert found.label[2] not in (found.label[0], found.label[1])


def test_a_name_with_one_known_uscc_is_that_company() -> None:
    rows = [brand("网络科技", uscc=USCC_A), brand("网络科技"), brand("网络科技", company_region="杭州", city="杭州市")]
    found = build_entities(entity_std(rows), np.arange(3, dtype=np.int64))
    assert found.label[0] == found.label[1]
    assert found.label[2] != found.label[0]


@pytest.mark.parametrize("evidence", [
    {"address_key": "320505|和平路19号隆德商务楼3110"},  # an order sent to the office
    {"phone": "+8651288888888"},  # the switchboard (any extension)
    {"email_domain": "ruizhong.com"},  # a corporate mail domain
])
def test_contact_without_company_joins_the_one_company_its_evidence_names(evidence: dict[str, str]) -> None:
    staff = brand("网络科技", address_key="320505|和平路19号隆德商务楼3110", phone="+8651288888888",
                  email_domain="ruizhong.com")
    found = build_entities(entity_std([staff, evidence]), np.arange(2, dtype=np.int64))
    assert found.label[1] == found.label[0]
    assert found.kind.tolist() == ["company", "company"]


def test_evidence_for_two_companies_or_a_bare_city_decides_nothing() -> None:
    a = brand("网络科技", email_domain="ruizhong.com", address_key="320505|")
    b = {**brand("贸易"), "company_key": "华瑞", "email_domain": "ruizhong.com"}
    lone = {"email_domain": "ruizhong.com"}
    city_only = {"address_key": "320505|"}  # a city, not an office
    found = build_entities(entity_std([a, b, lone, city_only]), np.arange(4, dtype=np.int64))
    assert found.kind.tolist() == ["company", "company", "person", "person"]


def test_address_of_an_order_is_no_office_address() -> None:
    # a company read from an order's address is no evidence that the address is an office
    order = {**brand("网络科技"), "address_key": "320505|人民路1号3-2-501", "inferred": "1"}
    neighbour = {"address_key": "320505|人民路1号3-2-501"}
    std = entity_std([order, neighbour])
    std["company_inferred"] = [True, False]
    found = build_entities(std, np.arange(2, dtype=np.int64))
    assert found.kind.tolist() == ["company", "person"]


def test_branch_has_its_parent() -> None:
    parent = {**brand("网络科技"), "company_region": "北京", "city": "北京市", "company": "北京锐中网络科技有限公司"}
    other_city = {**parent, "company_region": "成都", "city": "成都市", "company": "成都锐中网络科技有限公司"}
    branch = {**SUZHOU_CN, "company": "北京锐中网络科技有限公司苏州分公司"}
    found = build_entities(entity_std([parent, other_city, branch]), np.arange(3, dtype=np.int64))
    assert found.parent.tolist() == [-1, -1, found.label[0]]


def test_branch_naming_only_the_brand() -> None:
    parent = {**brand("网络科技"), "company_region": "北京", "city": "北京市", "company": "北京锐中网络科技有限公司"}
    branch = {**SUZHOU_CN, "company": "锐中苏州分公司"}
    found = build_entities(entity_std([parent, branch]), np.arange(2, dtype=np.int64))
    assert found.parent[1] == found.label[0]
    # with the brand in two cities, the parent of 锐中苏州分公司 is unknown
    other_city = {**parent, "company_region": "成都", "city": "成都市", "company": "成都锐中网络科技有限公司"}
    found = build_entities(entity_std([parent, other_city, branch]), np.arange(3, dtype=np.int64))
    assert found.parent[2] == -1


def test_job_changer_keeps_history() -> None:
    rows = [
        {"company_key": "华瑞", "company_region": "深圳", "updated_at": "2021-01-01 00:00:00"},
        {"company_key": "锐中", "company_region": "苏州", "updated_at": "2024-06-01 00:00:00"},
        {"company_key": "华瑞", "company_region": "深圳", "updated_at": "2022-05-01 00:00:00"},
        {"company_key": "天正", "company_region": "深圳", "updated_at": "2023-01-01 00:00:00"},
        {"company_key": "锐中", "company_region": "苏州", "updated_at": "2020-01-01 00:00:00"},  # a colleague
        {"company_key": "华瑞", "company_region": "深圳", "updated_at": "2020-01-01 00:00:00"},  # someone at 华瑞
    ]
    found = build_entities(entity_std(rows), np.array([0, 0, 0, 0, 4, 5], dtype=np.int64))
    # the contact is at 锐中, its most recent company, with its colleague
    assert found.contact_label.tolist() == [1, 1, 1, 1, 1, 0]
    assert found.label[[1, 4]].tolist() == [1, 1]
    # its records naming the companies it has left are theirs: 华瑞's, with the one who is there
    # now, and 天正's, an entity of its own that no contact is at
    assert found.label[[0, 2, 5]].tolist() == [0, 0, 0]
    assert found.label[3] == 3 and found.kind[3] == "company"
    assert found.history == {0: [3, 2]}  # 天正 (2023), then 华瑞's latest record (2022)


def test_a_job_changers_record_naming_no_company_is_the_company_it_was_at_then() -> None:
    rows = [
        {"company_key": "华瑞", "company_region": "深圳", "updated_at": "2021-01-01 00:00:00"},
        {"company_key": "", "company_region": "", "updated_at": "2021-06-01 00:00:00"},  # at 华瑞 then
        {"company_key": "锐中", "company_region": "苏州", "updated_at": "2023-01-01 00:00:00"},
        {"company_key": "", "company_region": "", "updated_at": "2024-01-01 00:00:00"},  # at 锐中
        {"company_key": "", "company_region": "", "updated_at": ""},  # when? its contact's
        {"company_key": "", "company_region": "", "updated_at": "2019-01-01 00:00:00"},  # before anything named
        {"company_key": "华瑞", "company_region": "深圳", "updated_at": "2024-01-01 00:00:00"},  # someone at 华瑞
    ]
    found = build_entities(entity_std(rows), np.array([0, 0, 0, 0, 0, 0, 6], dtype=np.int64))
    huarui, ruizhong = found.label[6], found.label[2]
    assert huarui != ruizhong
    assert found.label[[0, 1]].tolist() == [huarui, huarui]
    assert found.label[[3, 4, 5]].tolist() == [ruizhong] * 3
    assert (found.contact_label[:6] == ruizhong).all()


def test_a_company_only_leavers_place_is_where_its_staff_is_named_without_one() -> None:
    # 马波 left 苏州圆正; 孙凤兰 works at 圆正 named without a region: one company, in 苏州
    rows = [
        {"company_key": "圆正", "company_region": "苏州", "updated_at": "2019-10-21 00:00:00"},
        {"company_key": "尚永", "company_region": "苏州", "updated_at": "2023-01-01 00:00:00"},
        {"company_key": "圆正", "company_region": "", "updated_at": "2020-02-22 00:00:00"},
    ]
    found = build_entities(entity_std(rows), np.array([0, 0, 2], dtype=np.int64))
    assert found.label[0] == found.label[2] != found.label[1]


def test_a_branch_left_is_the_branch_whatever_region_the_record_states() -> None:
    rows = [
        {"company_key": "立成腾#郑州分公司", "company_region": "郑州", "updated_at": "2019-01-01 00:00:00"},
        {"company_key": "华瑞", "company_region": "深圳", "updated_at": "2023-01-01 00:00:00"},
        {"company_key": "立成腾#郑州分公司", "company_region": "", "updated_at": "2020-01-01 00:00:00"},  # staff
    ]
    found = build_entities(entity_std(rows), np.array([0, 0, 2], dtype=np.int64))
    assert found.label[0] == found.label[2] != found.label[1]


def test_a_record_of_a_company_left_named_without_region_takes_the_one_the_contact_gave() -> None:
    # 毅凯威 in 天津 and in 武汉; the leaver's own record says 天津, so its 毅凯威 without region is that one
    rows = [
        {"company_key": "毅凯威", "company_region": "天津", "updated_at": "2020-04-02 00:00:00"},
        {"company_key": "毅凯威", "company_region": "", "updated_at": "2020-02-18 00:00:00"},
        {"company_key": "君拓", "company_region": "合肥", "updated_at": "2023-01-01 00:00:00"},
        {"company_key": "毅凯威", "company_region": "天津", "updated_at": "2021-01-01 00:00:00"},  # staff
        {"company_key": "毅凯威", "company_region": "武汉", "updated_at": "2021-01-01 00:00:00"},  # staff
    ]
    found = build_entities(entity_std(rows), np.array([0, 0, 0, 3, 4], dtype=np.int64))
    assert found.label[0] == found.label[1] == found.label[3] != found.label[4]


def test_a_record_of_a_company_left_goes_to_the_one_company_of_that_name() -> None:
    """An earlier record naming its company without a region joins the company of that key
    only when there is one; with 华瑞 in 深圳 and 成都 it stays with its contact."""
    rows = [
        {"company_key": "华瑞", "company_region": "", "updated_at": "2021-01-01 00:00:00"},
        {"company_key": "锐中", "company_region": "苏州", "updated_at": "2024-06-01 00:00:00"},
        {"company_key": "华瑞", "company_region": "深圳", "updated_at": "2020-01-01 00:00:00"},
    ]
    found = build_entities(entity_std(rows), np.array([0, 0, 2], dtype=np.int64))
    assert found.label.tolist() == [0, 1, 0] and found.contact_label[0] == 1
    chengdu = {"company_key": "华瑞", "company_region": "成都", "updated_at": "2020-01-01 00:00:00"}
    found = build_entities(entity_std([*rows, chengdu]), np.array([0, 0, 2, 3], dtype=np.int64))
    assert found.label[0] == found.label[1] == found.contact_label[0]


def test_a_record_of_a_company_left_finds_it_among_two_firms_of_one_brand_by_industry() -> None:
    """锐中网络科技 and 锐中贸易 in 苏州 are two companies; a job changer's earlier record
    naming 锐中网络科技 joins the first, not a company of its own."""
    rows = [
        {"company_key": "锐中", "company_region": "苏州", "company_industry": "网络科技", "updated_at": "2021-01-01 00:00:00"},
        {"company_key": "华瑞", "company_region": "深圳", "company_industry": "贸易", "updated_at": "2024-06-01 00:00:00"},
        {"company_key": "锐中", "company_region": "苏州", "company_industry": "网络科技", "updated_at": "2020-01-01 00:00:00"},
        {"company_key": "锐中", "company_region": "苏州", "company_industry": "贸易", "updated_at": "2020-01-01 00:00:00"},
    ]
    found = build_entities(entity_std(rows), np.array([0, 0, 2, 3], dtype=np.int64))
    assert found.label[0] == found.label[2] != found.label[3]
    assert found.contact_label[0] == found.label[1]


def test_a_company_named_with_its_province_and_with_its_city_is_one() -> None:
    # 广东星锐机械设备 (region 广东) and 星锐(佛山)机械设备 (region 佛山): one company in 佛山
    rows = [{"company_key": "星锐", "company_region": "广东"}, {"company_key": "星锐", "company_region": "佛山"}]
    found = build_entities(entity_std(rows), np.arange(2, dtype=np.int64))
    assert found.label[0] == found.label[1]
    # with a 星锐 of 深圳 too, 广东 names neither for sure
    shenzhen = {"company_key": "星锐", "company_region": "深圳"}
    found = build_entities(entity_std([*rows, shenzhen]), np.arange(3, dtype=np.int64))
    assert len(set(found.label.tolist())) == 3


@pytest.mark.parametrize("address_key", [
    "310115|新",  # a truncated region read as a detail
    "110105|不详",  # a placeholder
    "320505|和平路19号",  # a road and number: a whole building, not an office
    "320505|望京西园3栋2单元501",  # a flat: homes have 单元
])
def test_address_that_is_no_office_is_no_evidence(address_key: str) -> None:
    staff = brand("网络科技", address_key=address_key)
    found = build_entities(entity_std([staff, {"address_key": address_key}]), np.arange(2, dtype=np.int64))
    assert found.kind.tolist() == ["company", "person"]


def test_service_line_is_no_switchboard() -> None:
    staff = brand("网络科技", phone="+8675596166", phone_kind="service")
    lone = {"phone": "+8675596166", "phone_kind": "service"}
    found = build_entities(entity_std([staff, lone]), np.arange(2, dtype=np.int64))
    assert found.kind.tolist() == ["company", "person"]


def test_value_many_strangers_write_is_no_evidence() -> None:
    # one 锐中 employee wrote ww@none.com; 25 strangers did too
    staff = brand("网络科技", email_domain="none.com")
    rows = [staff] + [{"email_domain": "none.com"}] * 25
    found = build_entities(entity_std(rows), np.arange(len(rows), dtype=np.int64))
    assert (found.kind[1:] == "person").all()


def test_former_employers_switchboard_is_no_evidence_for_the_new_one() -> None:
    old = {**brand("网络科技"), "company_key": "甲骨", "phone": "+861088888888", "updated_at": "2020-01-01"}
    new = {**brand("贸易"), "company_key": "乙丙", "updated_at": "2024-01-01"}
    lone = {"phone": "+861088888888"}
    found = build_entities(entity_std([old, new, lone]), np.array([0, 0, 2], dtype=np.int64))
    assert found.kind.tolist() == ["company", "company", "person"]
    assert found.current.tolist() == [False, True, True]


def test_move_to_the_same_brand_in_another_city_is_history() -> None:
    beijing = {"company_key": "华瑞", "company_region": "北京", "updated_at": "2021-01-01"}
    chengdu = {"company_key": "华瑞", "company_region": "成都", "updated_at": "2024-01-01"}
    found = build_entities(entity_std([beijing, chengdu]), np.zeros(2, dtype=np.int64))
    assert found.current.tolist() == [False, True]
    assert found.history == {0: [0]}


def test_renamed_company_with_one_uscc_is_no_history() -> None:
    old = {"company_key": "字节", "company_region": "北京", "uscc": USCC_A, "updated_at": "2021-01-01"}
    new = {"company_key": "抖音", "company_region": "北京", "uscc": USCC_A, "updated_at": "2024-01-01"}
    found = build_entities(entity_std([old, new]), np.zeros(2, dtype=np.int64))
    assert found.current.tolist() == [True, True]
    assert found.history == {}


def test_company_read_from_an_address_is_neither_current_nor_history() -> None:
    given = {"company_key": "亿新", "company_region": "广州", "updated_at": "2021-01-01"}
    order = {"company_key": "百诚", "company_region": "广州", "updated_at": "2024-01-01"}
    std = entity_std([given, order])
    std["company_inferred"] = [False, True]
    found = build_entities(std, np.zeros(2, dtype=np.int64))
    assert found.current.tolist() == [True, False]  # the golden company is 亿新, the entity's
    assert found.history == {}


def test_english_and_chinese_names_of_one_branch_are_no_history() -> None:
    # the English name states the parent's region (重庆), the Chinese one the branch's (苏州)
    english = {**SUZHOU_EN, "company_key": "ruizhong#苏州分公司", "company_region": "重庆", "updated_at": ""}
    chinese = {**SUZHOU_CN, "updated_at": "2023-01-01"}
    found = build_entities(entity_std([chinese, english]), np.zeros(2, dtype=np.int64))
    assert found.current.tolist() == [True, True]
    assert found.history == {}
