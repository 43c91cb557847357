"""Fellegi–Sunter scoring (model.py): person evidence, the prior, weights that add up, name rarity.

The fitted behaviour is checked through the real pipeline (``dedupe.merge``) on
small synthetic frames: a population of distinct people, a share of whom appear
again in a second source with the same mobile, plus the records a test is about.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import dedupe
from dedupe.compare import FIELDS, LEVELS, MISSING, compare
from dedupe.io import frame_source
from dedupe.model import FSModel, person_evidence, score
from dedupe.rules import Rules
from dedupe.standardize import role_frame, standardize

SURNAMES = "赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施孔曹严华金魏陶姜"
GIVEN = ["建华", "丽萍", "志明", "海涛", "晓燕", "国庆", "春花", "立新", "雪梅", "文斌", "玉兰", "德胜", "思远"]
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "南京", "武汉", "西安", "重庆"]
POPULATION = 150
REPEAT_EVERY = 6  # every 6th person is in the second source too: 25 true duplicate pairs


def population(n: int = POPULATION) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` distinct people (own mobile, a city, sometimes a company) and a second
    source repeating every ``REPEAT_EVERY``-th of them with the same mobile."""
    rows = []
    for i in range(n):
        rows.append({
            "姓名": SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)],
            "手机": f"139{i * 7919 % 10**8:08d}",
            "城市": CITIES[i % len(CITIES)],
            "公司": f"{'恒泰华信中科远达金诚博远'[i % 12]}{'安盛隆兴瑞'[i % 5]}贸易有限公司" if i % 3 == 0 else "",
        })
    crm = pd.DataFrame(rows)
    repeat = crm.iloc[::REPEAT_EVERY].copy()
    repeat["城市"] = ""
    return crm, repeat


def rows_of(result: dedupe.Result, source: str) -> pd.DataFrame:
    return result.records[result.records["source"] == source].set_index("row")


def pair_of(result: dedupe.Result, source: str, a: int, b: int) -> pd.Series:
    p = result.pairs
    sel = p[(p["left_source"] == source) & (p["right_source"] == source)
            & (((p["left_row"] == a) & (p["right_row"] == b)) | ((p["left_row"] == b) & (p["right_row"] == a)))]
    assert len(sel) == 1, f"pair {source} {a}-{b} not scored exactly once: {len(sel)}"
    return sel.iloc[0]


# --- person_evidence ---------------------------------------------------------------------

def levels_of(**given: int) -> dict[str, np.ndarray]:
    """One pair's levels: the given fields, every other field missing."""
    return {f: np.array([given.get(f, MISSING)], dtype=np.int8) for f in FIELDS}


@pytest.mark.parametrize("given", [
    {"name": 1},  # surname + honorific
    {"name": 2}, {"name": 3}, {"name": 4},
    {"phone": 3},  # a shared mobile
    {"phone": 2},  # a shared landline with the same extension
    {"email": 3},  # a shared address
    {"id": 1},
    {"name": 4, "company": 0, "address": 0},
])
def test_person_evidence_true(given: dict[str, int]) -> None:
    assert person_evidence(levels_of(**given)).tolist() == [True]


@pytest.mark.parametrize("given", [
    {},  # nothing known
    {"company": 3},
    {"address": 4},
    {"phone": 1},  # a switchboard: colleagues share it
    {"company": 3, "address": 4, "phone": 1, "title": 1},
    {"email": 2},  # same mailbox name at another domain
    {"email": 1},  # two mailboxes at one company domain: colleagues
    {"name": 0, "company": 3, "address": 4, "phone": 1},
    {"id": 0, "company": 3},
])
def test_person_evidence_false(given: dict[str, int]) -> None:
    assert person_evidence(levels_of(**given)).tolist() == [False]


def test_person_evidence_is_vectorised_and_takes_a_frame() -> None:
    rows = [
        {"name": 1, "phone": MISSING, "email": MISSING, "id": MISSING},
        {"name": 0, "phone": 1, "email": MISSING, "id": MISSING},
        {"name": 0, "phone": 2, "email": MISSING, "id": MISSING},
        {"name": MISSING, "phone": 0, "email": 3, "id": MISSING},
        {"name": MISSING, "phone": MISSING, "email": 2, "id": 1},
        {"name": 0, "phone": 0, "email": 0, "id": 0},
    ]
    frame = pd.DataFrame(rows).assign(company=3, address=4, title=1)
    assert person_evidence(frame).tolist() == [True, False, True, True, True, False]


def test_score_overrules_a_high_score_without_person_evidence() -> None:
    """Company, address and switchboard agreeing can score far above the match
    threshold; without person evidence the decision must still be non-match."""
    m = {f: {lv: 0.5 for lv in LEVELS[f]} for f in FIELDS}
    u = {f: {lv: 0.5 for lv in LEVELS[f]} for f in FIELDS}
    u["company"][3] = u["address"][4] = u["phone"][1] = 1e-4  # each worth about +12
    u["name"][4] = 1e-4
    model = FSModel(m=m, u=u, prior=0.01)
    employer = {"company": 3, "address": 4, "phone": 1}
    person = {**employer, "name": 4}
    levels = pd.DataFrame([{f: lv.get(f, MISSING) for f in FIELDS} for lv in (employer, person)])
    out = score(levels, model, Rules())
    assert (out["probability"] > 0.99).all()
    assert out["decision"].tolist() == ["non-match", "match"]
    # a missing field adds nothing; the total is the prior plus the field weights
    assert out.loc[0, "w_name"] == 0
    total = out["w_prior"] + out[[f"w_{f}" for f in FIELDS]].sum(axis=1)
    np.testing.assert_allclose(out["match_weight"], total, atol=1e-3)


# --- the fitted model on an office population --------------------------------------------

OFFICE = pd.DataFrame({
    # 1 and 4: one person, simplified and traditional, the same mobile in two formats.
    # 2 and 3: colleagues: same company, address and switchboard, no mobile, different names.
    "姓名": ["张伟", "王芳", "李建军", "張偉"],
    "手机": ["13800138000", "", "", "+86 138-0013-8000"],
    "座机": ["", "021-55667788", "021-55667788", ""],
    "公司": ["锐中网络科技有限公司"] * 4,
    "地址": ["上海市浦东新区世纪大道100号"] * 4,
})


@pytest.fixture(scope="module")
def office() -> dedupe.Result:
    crm, repeat = population()
    return dedupe.merge({"crm": crm, "expo": repeat, "office": OFFICE})


def test_prior_is_the_all_pairs_match_rate(office: dedupe.Result) -> None:
    prior = office.run["model"]["prior"]
    n = len(office.records)
    all_pairs = n * (n - 1) / 2
    true_pairs = len(range(0, POPULATION, REPEAT_EVERY)) + 1  # the repeats, and 张伟/張偉
    assert 0 < prior < 0.01
    # λ counts the pairs blocking never proposed as non-matches ...
    assert true_pairs / all_pairs / 3 < prior < 3 * true_pairs / all_pairs
    # ... so it is far below the match rate among the blocked pairs.
    blocked_rate = (office.pairs["decision"] == "match").mean()
    assert prior < blocked_rate / 10


def test_match_weight_is_prior_plus_field_weights(office: dedupe.Result) -> None:
    p = office.pairs
    assert len(p) > 20
    total = p["w_prior"] + p[[f"w_{f}" for f in FIELDS]].sum(axis=1)
    np.testing.assert_allclose(p["match_weight"], total, atol=1e-3)
    # the prior term is the fitted λ's log-odds, the same for every pair
    prior = office.run["model"]["prior"]
    np.testing.assert_allclose(p["w_prior"], np.log2(prior / (1 - prior)), atol=1e-3)


def test_traditional_and_simplified_with_one_mobile_are_one_contact(office: dedupe.Result) -> None:
    rows = rows_of(office, "office")
    assert rows.loc[1, "contact_id"] == rows.loc[4, "contact_id"]
    assert pair_of(office, "office", 1, 4)["decision"] == "match"


def test_colleagues_sharing_employer_fields_are_not_one_contact(office: dedupe.Result) -> None:
    rows = rows_of(office, "office")
    assert rows.loc[2, "contact_id"] != rows.loc[3, "contact_id"]
    # neither is swallowed by the 张伟 contact either
    assert rows.loc[2, "contact_id"] != rows.loc[1, "contact_id"]
    assert rows.loc[3, "contact_id"] != rows.loc[1, "contact_id"]
    pair = pair_of(office, "office", 2, 3)
    assert pair["phone_level"] == "landline shared"
    assert pair["company_level"] == "same company"
    assert pair["decision"] == "non-match"
    assert any(word in pair["why"] for word in ("company", "address", "landline")), pair["why"]
    # they are still one company entity
    assert rows.loc[2, "entity_id"] == rows.loc[3, "entity_id"] == rows.loc[1, "entity_id"]


def test_population_duplicates_are_found(office: dedupe.Result) -> None:
    """A control for the fixture: the repeats (same name, same mobile) merge, the rest do not."""
    crm, expo = rows_of(office, "crm"), rows_of(office, "expo")
    for k, i in enumerate(range(0, POPULATION, REPEAT_EVERY)):
        assert crm.loc[i + 1, "contact_id"] == expo.loc[k + 1, "contact_id"]
    assert crm["contact_id"].nunique() == POPULATION


# --- name rarity -------------------------------------------------------------------------

SPARSE = pd.DataFrame({
    # name and city only: no phone, email or ID
    "姓名": ["冼梓萱", "冼梓萱", "张伟", "张伟", "欧阳娜娜", "欧阳娜娜"],
    "城市": ["广州", "广州", "广州", "广州", "杭州", "杭州"],
})


@pytest.fixture(scope="module")
def sparse() -> dedupe.Result:
    crm, repeat = population()
    return dedupe.merge({"crm": crm, "expo": repeat, "wechat": SPARSE})


@pytest.mark.parametrize("rare", [(1, 2), (5, 6)], ids=["冼梓萱", "欧阳娜娜"])
def test_rare_name_weighs_more_than_a_common_one(sparse: dedupe.Result, rare: tuple[int, int]) -> None:
    rare_pair = pair_of(sparse, "wechat", *rare)
    common_pair = pair_of(sparse, "wechat", 3, 4)
    assert rare_pair["name_level"] == common_pair["name_level"] == "exact"
    assert rare_pair["w_name"] > common_pair["w_name"] + 3  # a rare name is worth several bits more


def test_common_name_alone_does_not_merge(sparse: dedupe.Result) -> None:
    rows = rows_of(sparse, "wechat")
    assert rows.loc[3, "contact_id"] != rows.loc[4, "contact_id"]
    assert pair_of(sparse, "wechat", 3, 4)["decision"] != "match"


def test_a_common_name_on_one_landline_is_more_than_a_city() -> None:
    """张伟 twice with one 宁波 landline no one else holds: his direct line, enough with the name;
    张伟 twice in one city is not."""
    crm, repeat = population()
    calls = pd.DataFrame({"姓名": ["张伟", "张伟", "张伟", "张伟"],
                          "电话": ["0574-87654321", "0574 8765 4321", "", ""], "城市": ["宁波"] * 4})
    result = dedupe.merge({"crm": crm, "expo": repeat, "tickets": calls})
    line = pair_of(result, "tickets", 1, 2)
    assert line["phone_level"] == "landline shared"
    assert line["decision"] == "match"
    assert pair_of(result, "tickets", 3, 4)["decision"] != "match"


def test_city_only_records_do_not_share_an_address() -> None:
    frame = pd.DataFrame({"姓名": ["张伟", "张伟", "李娜"], "城市": ["广州", "广州", "广州"],
                          "地址": ["", "", "广州市天河区体育西路3号"]})
    raw, _ = role_frame([frame_source("s", frame)], Rules())
    std = standardize(raw)
    levels = compare(std, np.array([0, 0]), np.array([1, 2]), Rules().compare)
    # the control: one side city only is 'same city, one side city only' (2)
    assert levels["address"].tolist()[1] == 2
    # both sides city only: they share the city, not an address
    assert levels["address"].tolist()[0] <= 2


def test_merge_without_candidate_pairs() -> None:
    frame = pd.DataFrame({"姓名": ["张伟", "李娜"], "手机": ["13800138000", "13911112222"]})
    result = dedupe.merge({"crm": frame})
    assert len(result.pairs) == 0
    assert result.records["contact_id"].nunique() == 2


@pytest.mark.parametrize("rows", [2, 3])
def test_a_tiny_file_still_matches_a_shared_mobile(rows: int) -> None:
    """A file of a few rows: its random pairs are mostly its duplicates, and each value is on
    every row.  The priors on u and on term frequencies keep a shared mobile strong evidence."""
    crm = pd.DataFrame({"联系人": ["张伟", "張偉", "李娜"][:rows],
                        "手机": ["138-0013-8000", "+86 13800138000", "13900139000"][:rows]})
    result = dedupe.merge({"crm": crm})
    assert result.records["contact_id"].tolist()[:2] == ["C000001", "C000001"]
    first = result.pairs.iloc[0]
    assert first["decision"] == "match" and first["w_phone"] > 5


def test_coded_records_give_the_same_levels_and_fit() -> None:
    """Codes made once (CodedRecords) and shared by blocking, comparing and fitting change
    nothing: the same levels for the candidate pairs, the same random-pair counts and model."""
    from dedupe.block import block
    from dedupe.compare import CodedRecords
    from dedupe.model import fit

    crm, repeat = population()
    repeat = pd.concat([repeat, pd.DataFrame({"姓名": ["張 偉", "Zhang Wei"], "手机": ["13800138000", ""],
                                               "邮箱": ["zw@qq.com", "zw@qq.com; w@a.cn"]})])
    raw, _ = role_frame([frame_source("crm", crm), frame_source("expo", repeat)], Rules())
    std = standardize(raw)
    rules = Rules()
    coded = CodedRecords(std)
    pairs = block(std, rules.blocking, coded).pairs
    assert pairs.equals(block(std, rules.blocking).pairs)
    assert coded.columns  # blocking's column codes are kept for the comparisons
    left, right = pairs["left"].to_numpy(np.int64), pairs["right"].to_numpy(np.int64)
    levels = compare(std, left, right, rules.compare, rules.fields, coded)
    pd.testing.assert_frame_equal(levels, compare(std, left, right, rules.compare, rules.fields))
    assert (levels["email"] != MISSING).any() and (levels["phone"] == 3).any()
    assert fit(std, levels, rules, coded).as_dict() == fit(std, levels, rules).as_dict()
    with pytest.raises(ValueError, match="another frame"):
        compare(std.copy(), left, right, rules.compare, rules.fields, coded)


# --- evidence about the employer, weighed among colleagues -------------------------------

def _std(*sources: tuple[str, pd.DataFrame]) -> pd.DataFrame:
    raw, _ = role_frame([frame_source(name, frame) for name, frame in sources], Rules())
    return standardize(raw)


def level_between(std: pd.DataFrame, field: str) -> str | None:
    """The level name of ``field`` between the first two records (None when missing)."""
    got = int(compare(std, np.array([0]), np.array([1]), Rules().compare, ())[field].iloc[0])
    return None if got == MISSING else LEVELS[field][got]


@pytest.mark.parametrize(("left", "right", "level"), [
    ("zhang.wei@huarui.cn", "zhang.wei@huarui.cn", "exact"),
    ("zhang.wei@huarui.cn", "zhang.wei@qq.com", "same mailbox name"),
    ("zhang.wei@huarui.cn", "wang.fang@huarui.cn", "other mailbox, same company domain"),
    ("zw@qq.com; zhang.wei@huarui.cn", "wang.fang@huarui.cn", "other mailbox, same company domain"),
    ("zhangwei@qq.com", "wangfang@qq.com", "different"),  # free mail says nothing of an employer
    ("zhang.wei@huarui.cn", "wang.fang@ruizhong.cn", "different"),
])
def test_email_levels(left: str, right: str, level: str) -> None:
    std = _std(("crm", pd.DataFrame({"姓名": ["张伟", "王芳"], "邮箱": [left, right]})))
    assert level_between(std, "email") == level


@pytest.mark.parametrize(("left", "right", "level"), [
    ("13957261843", "13957261843", "mobile shared"),
    ("13957261843", "13957262843", "mobile one digit off"),  # one digit mistyped
    ("13957261843", "13957216843", "mobile one digit off"),  # two neighbours swapped
    ("13957261843", "19357261843", "mobile one digit off"),  # ... even the first two
    ("13957261843", "13957261834", "mobile one digit off"),  # ... or the last two
    ("13957261843", "13957261800", "different"),  # two digits mistyped
    ("13957261843", "13957262143", "different"),  # two digits, neither the other's
    ("13957261843", "13956271843", "different"),  # a swap across a third digit
    ("13957261843; 13900001111", "13700002222; 13900001121", "mobile one digit off"),  # the second of two
    ("13957261843; 13900001111", "13957261843; 13900001121", "mobile shared"),  # a shared one decides
    ("021-62345678", "021-62345687", "different"),  # a landline keyed wrong is another line
    ("+852 9123 4567", "+852 9123 4568", "different"),  # only Chinese mobiles are read for slips
])
def test_phone_levels_read_a_slip_of_the_hand(left: str, right: str, level: str) -> None:
    std = _std(("crm", pd.DataFrame({"姓名": ["张伟", "王芳"], "电话": [left, right]})))
    assert level_between(std, "phone") == level


def test_a_romanized_name_weighs_as_common_as_the_names_that_read_so() -> None:
    """Wang Mingjun against 王明军 is as likely someone else as a random record reads
    wangmingjun: where the file also holds 王明俊, his name counts too."""
    def name_weight(extra: list[dict]) -> float:
        crm, repeat = population()
        rows = [{"姓名": "王明军", "手机": "13957261843", "城市": "上海", "公司": "上海华瑞科技有限公司"}, *extra]
        crm = pd.concat([crm, pd.DataFrame(rows)])
        bought = pd.DataFrame({"Name": ["Wang Mingjun"], "Company": ["Shanghai Huarui Technology Co., Ltd."]})
        result = dedupe.merge({"crm": crm, "expo": repeat, "purchased": bought})
        crm_rows = rows_of(result, "crm")
        ours = int(crm_rows.index[crm_rows["name"] == "王明军"][0])
        p = result.pairs[(result.pairs["right_source"] == "purchased") & (result.pairs["left_source"] == "crm")
                         & (result.pairs["left_row"] == ours)]
        assert p["name_level"].tolist() == ["pinyin"]
        return float(p["w_name"].iloc[0])

    alone = name_weight([])
    beside = name_weight([{"姓名": "王明俊", "手机": "13700002222", "城市": "北京", "公司": "北京远达贸易有限公司"}])
    assert alone > 12 and beside < alone - 3


def test_a_mobile_keyed_with_two_digits_swapped_joins_its_person() -> None:
    """曾想's order has his mobile with two digits swapped; his name and city agree, and the
    mobiles being one slip apart is what tells him from a namesake in his city."""
    crm, repeat = population()
    crm = pd.concat([crm, pd.DataFrame({"姓名": ["曾想", "曾想"], "手机": ["18986675993", "13566602111"],
                                        "城市": ["上海", "上海"]})])
    orders = pd.DataFrame({"收货人": ["曾想"], "联系电话": ["18896675993"], "收货地址": ["上海市松江区人民路21号"]})
    result = dedupe.merge({"crm": crm, "expo": repeat, "orders": orders})
    crm_rows = rows_of(result, "crm")
    ours, namesake = crm_rows.index[crm_rows["name"] == "曾想"].tolist()
    order = rows_of(result, "orders").loc[1, "contact_id"]
    assert order == crm_rows.loc[ours, "contact_id"] != crm_rows.loc[namesake, "contact_id"]
    p = result.pairs[(result.pairs["right_source"] == "orders") | (result.pairs["left_source"] == "orders")]
    assert set(p["phone_level"]) >= {"mobile one digit off", "different"}


NINGBO = {"电话": "13800138000", "地址": "宁波市镇海区星火路15号航邦中心1318室", "公司": ""}


@pytest.mark.parametrize(("other", "ticket", "level"), [
    # a ticket with only a name and a landline is where the landline's area code is
    (NINGBO, "0574-47931518", "same city, no detail on one side"),
    (NINGBO, "0431-88886666", "different"),
    ({**NINGBO, "地址": "海南省三亚市吉阳区迎宾路8号"}, "0898-88776655", "same city, no detail on one side"),
    # a mobile, a 400 number or landlines in two cities say nothing of where the caller is
    (NINGBO, "13900139000", None),
    (NINGBO, "400-810-1234", None),
    (NINGBO, "0574-47931518; 021-55556666", None),
    # a landline both records hold: the phone level has said it; the city is not counted again
    ({**NINGBO, "电话": "0574-47931518"}, "0574-47931518", None),
])
def test_address_level_of_a_record_placed_by_its_landline(other: dict, ticket: str, level: str | None) -> None:
    std = _std(("crm", pd.DataFrame([{"姓名": "刘洋", **other}])),
               ("tickets", pd.DataFrame({"姓名": ["刘洋"], "电话": [ticket]})))
    assert level_between(std, "address") == level


def test_a_ticket_with_a_rare_name_and_a_landline_in_the_city_joins_its_person() -> None:
    crm, repeat = population()
    crm = pd.concat([crm, pd.DataFrame({"姓名": ["欧阳帅鹏"], "手机": ["13964049568"], "城市": ["贵阳"]})])
    tickets = pd.DataFrame({"姓名": ["欧阳帅鹏", "欧阳帅鹏"], "来电号码": ["0851-76626219", "0431-88886666"]})
    result = dedupe.merge({"crm": crm, "expo": repeat, "tickets": tickets})
    person = rows_of(result, "crm").loc[len(crm), "contact_id"]
    calls = rows_of(result, "tickets")["contact_id"]
    # the 贵阳 call is his; the 长春 one is someone else's (or left for review)
    assert calls.loc[1] == person
    assert calls.loc[2] != person


FIRST, SECOND = "恒泰华信中科远达金诚博远安盛隆兴瑞", "锐创新源宏凯天云智达元百"
FIRM_SURNAMES = SURNAMES.replace("魏", "").replace("姜", "")  # no two read alike (卫/魏 wei, 蒋/姜 jiang)


@pytest.mark.parametrize(("left", "right", "level"), [
    ("张伟", "張偉", "exact"),
    ("Zhang Wei", "张伟", "pinyin"),
    ("WEI Zhang", "张伟", "pinyin"),
    # two Chinese names read alike: a typo's nearness, not one name (often two people)
    ("陈静琳", "陈婧琳", "fuzzy"),
    ("张杰", "张洁", "fuzzy"),
    ("张杰", "王芳", "different"),
    # an honorific agrees on the surname only where the genders do
    ("杨女士", "杨丽", "surname+honorific"),
    ("杨先生", "杨总", "surname+honorific"),
    ("杨女士", "杨先生", "different"),
    ("小杨", "杨女士", "surname+honorific"),
    # a romanized name may be written given name first: Bo Zhuang is 庄博 or 柏壮
    ("Bo Zhuang", "庄先生", "surname+honorific"),
    ("Bo Zhuang", "薄先生", "surname+honorific"),
    ("Bo Zhuang", "王先生", "different"),
    ("Zhang Xiaoming", "明先生", "different"),
])
def test_name_levels(left: str, right: str, level: str) -> None:
    std = _std(("crm", pd.DataFrame({"姓名": [left, right]})))
    assert level_between(std, "name") == level


def company_population() -> tuple[pd.DataFrame, pd.DataFrame]:
    """40 firms of 6 colleagues (one office address, one switchboard, a mail domain, each
    their own mobile and mailbox), and a second source repeating every 4th of them."""
    rows = []
    for c in range(40):
        brand = FIRST[c % len(FIRST)] + SECOND[c // len(FIRST)]
        for k in range(6):
            i = c * 6 + k
            rows.append({
                "姓名": FIRM_SURNAMES[i % len(FIRM_SURNAMES)] + GIVEN[i // len(FIRM_SURNAMES)],
                "手机": f"139{i * 7919 % 10**8:08d}",
                "座机": f"021-5{c:03d}6600",
                "邮箱": f"p{i}@firm{c}.com.cn",
                "公司": f"{brand}贸易有限公司",
                "地址": f"上海市浦东新区世纪大道{100 + c}号",
            })
    crm = pd.DataFrame(rows)
    repeat = crm.iloc[::4][["姓名", "手机", "公司"]].copy()
    return crm, repeat


TWINS = pd.DataFrame({
    # 1 and 2: two 张伟 at one firm (its office, switchboard and mail domain) with their own
    # mobiles and mailboxes.  3: the first one again, traditional, with his mobile.
    "姓名": ["张伟", "张伟", "張偉"],
    "手机": ["13800138000", "13700137000", "+86 138-0013-8000"],
    "座机": ["021-50006600"] * 3,
    "邮箱": ["zhangwei@firm0.com.cn", "zhangwei2@firm0.com.cn", ""],
    "公司": ["恒锐贸易有限公司"] * 3,
    "地址": ["上海市浦东新区世纪大道100号"] * 3,
})


@pytest.fixture(scope="module")
def firms() -> dedupe.Result:
    crm, repeat = company_population()
    return dedupe.merge({"crm": crm, "expo": repeat, "twins": TWINS})


def test_employer_fields_weigh_little_between_colleagues(firms: dedupe.Result) -> None:
    model = firms.run["model"]
    anyone, colleagues = model["fields"], model["fields_given_same_company"]
    assert set(colleagues) == {"address", "phone", "email"}
    # at one firm one address is the office's: it says nothing of which colleague
    assert abs(colleagues["address"]["same address"]["weight"]) < 2
    # a switchboard and a mail domain are what colleagues share
    assert anyone["phone"]["landline shared"]["weight"] > 2
    assert colleagues["phone"]["landline shared"]["weight"] < 0
    assert colleagues["email"]["other mailbox, same company domain"]["weight"] < -3
    # a mobile stays one person's
    assert colleagues["phone"]["mobile shared"]["weight"] > 10


def test_namesake_colleagues_are_two_contacts(firms: dedupe.Result) -> None:
    rows = rows_of(firms, "twins")
    assert rows.loc[1, "contact_id"] == rows.loc[3, "contact_id"]
    assert rows.loc[1, "contact_id"] != rows.loc[2, "contact_id"]
    pair = pair_of(firms, "twins", 1, 2)
    assert pair["email_level"] == "other mailbox, same company domain"
    assert pair["decision"] == "non-match"
    # the reason says the mailboxes were weighed as colleagues' are
    assert "email other mailbox, same company domain (at one company) -" in pair["why"]
    # still every score is the sum of its parts
    total = pair["w_prior"] + sum(pair[f"w_{f}"] for f in FIELDS)
    assert abs(pair["match_weight"] - total) < 1e-3


def test_colleagues_in_firms_are_not_merged_and_repeats_are(firms: dedupe.Result) -> None:
    crm, expo = rows_of(firms, "crm"), rows_of(firms, "expo")
    assert crm["contact_id"].nunique() == len(crm)
    for k, i in enumerate(range(0, len(crm), 4)):
        assert crm.loc[i + 1, "contact_id"] == expo.loc[k + 1, "contact_id"]


# --- a name held twice at one company --------------------------------------------------------

def _staff(*people: dict) -> pd.DataFrame:
    """Records at 恒锐贸易 (three colleagues besides the given ones), then the given records."""
    others = [{"姓名": n, "手机": m, "公司": "恒锐贸易有限公司"}
              for n, m in (("李娜", "13911110001"), ("王芳", "13911110002"), ("赵敏", "13911110003"))]
    return pd.DataFrame([*others, *people]).fillna("")


# Holders told apart by mobiles only may be one person's two phones: in a file that shows
# neither namesakes nor second mobiles, they count as namesakes one time in three.
NO_EVIDENCE = 0.05 / (0.05 + 0.1)


@pytest.mark.parametrize(("people", "u"), [
    # two 张伟 with their own mobiles among four names at the firm: one other of three
    ([{"姓名": "张伟", "手机": "13800138000", "公司": "恒锐贸易有限公司"},
      {"姓名": "张伟", "手机": "13700137000", "公司": "恒锐贸易"}], 1 / 3 * NO_EVIDENCE),
    # ... or with their own mailboxes at its domain: two people
    ([{"姓名": "张伟", "邮箱": "zhangwei@hengrui.cn", "公司": "恒锐贸易有限公司"},
      {"姓名": "张伟", "邮箱": "zhangwei2@hengrui.cn", "公司": "恒锐贸易有限公司"}], 1 / 3),
    # three of them
    ([{"姓名": "张伟", "手机": f"1380013800{k}", "公司": "恒锐贸易有限公司"} for k in range(3)], 2 / 3 * NO_EVIDENCE),
    # one 张伟 with an old and a new mobile, whose records share his mailbox
    ([{"姓名": "张伟", "手机": "13800138000", "邮箱": "zhangwei@hengrui.cn", "公司": "恒锐贸易有限公司"},
      {"姓名": "张伟", "手机": "13700137000", "邮箱": "zhangwei@hengrui.cn", "公司": "恒锐贸易有限公司"},
      {"姓名": "张伟", "手机": "13700137000", "公司": "恒锐贸易有限公司"}], None),
    # a second record with only an extension and a free mailbox is no second person
    ([{"姓名": "张伟", "手机": "13800138000", "公司": "恒锐贸易有限公司"},
      {"姓名": "张伟", "座机": "021-50006600转801", "邮箱": "zw1985@qq.com", "公司": "恒锐贸易有限公司"}], None),
    # 张伟 at two firms: each firm holds the name once
    ([{"姓名": "张伟", "手机": "13800138000", "公司": "恒锐贸易有限公司"},
      {"姓名": "张伟", "手机": "13700137000", "公司": "华瑞科技有限公司"}], None),
    # 张先生 is no holder of 张伟
    ([{"姓名": "张伟", "手机": "13800138000", "公司": "恒锐贸易有限公司"},
      {"姓名": "张先生", "手机": "13700137000", "公司": "恒锐贸易有限公司"}], None),
])
def test_namesakes_at_company_counts_the_holders_of_a_name(people: list[dict], u: float | None) -> None:
    from dedupe.model import term_frequencies

    std = _std(("crm", _staff(*people)))
    got = term_frequencies(std, ("name",))["name:company"]
    if u is None:
        assert got == {}
    else:
        assert got == {"恒锐\x1f张伟": pytest.approx(u)}


def _firms(second_mobiles: bool, namesakes: bool) -> pd.DataFrame:
    """40 firms of four, each person on two records with a mailbox at the firm's domain; where
    ``second_mobiles``, every other person's records carry two mobiles; where ``namesakes``,
    every other firm has two staff of one name, each with a mailbox of their own.  Then 夏侯晨
    at 恒锐贸易 on two records with two mobiles and no mailbox."""
    rows = []
    for f in range(1, 41):  # (firm 0 would be 恒锐)
        firm, domain = f"{FIRST[f % len(FIRST)]}{SECOND[f // len(FIRST)]}贸易有限公司", f"firm{f}.cn"
        for k in range(4):
            i = f * 4 + k
            name = FIRM_SURNAMES[i % len(FIRM_SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]
            if namesakes and f % 2 == 0 and k == 1:
                name = rows[-1]["姓名"]
            for r in range(2):
                # a second mobile of another run of numbers (one digit off would be a slip)
                mobile = 15900000000 + i * 7919 if second_mobiles and i % 2 == 0 and r else 13800000000 + i * 10
                rows.append({"姓名": name, "手机": str(mobile), "邮箱": f"staff{i}@{domain}", "公司": firm})
    rows += [{"姓名": "夏侯晨", "手机": m, "邮箱": "", "公司": "恒锐贸易有限公司"} for m in ("13911112222", "13733334444")]
    rows += [{"姓名": n, "手机": m, "邮箱": "", "公司": "恒锐贸易有限公司"}
             for n, m in (("李娜", "13911110001"), ("王芳", "13911110002"), ("赵敏", "13911110003"))]
    return pd.DataFrame(rows)


def test_two_mobiles_under_one_name_at_a_firm_are_weighed_by_what_the_file_shows() -> None:
    from dedupe.model import term_frequencies

    def u_of(second_mobiles: bool, namesakes: bool) -> float:
        std = _std(("crm", _firms(second_mobiles, namesakes)))
        return term_frequencies(std, ("name",))["name:company"]["恒锐\x1f夏侯晨"]

    # one in three of the firm's other names (the mailboxes show 20 namesakes and no second phone) …
    assert u_of(False, True) > 0.25
    # … against next to nothing where people's mailboxes show them with two mobiles
    assert u_of(True, False) < 0.02
    merged = dedupe.merge({"crm": _firms(True, False)}).records
    xiahou = merged[merged["name"] == "夏侯晨"]["contact_id"]
    assert xiahou.nunique() == 1
    apart = dedupe.merge({"crm": _firms(False, True)}).records
    assert apart[apart["name"] == "夏侯晨"]["contact_id"].nunique() == 2


def test_two_namesakes_at_one_firm_stay_apart_and_an_unplaced_record_joins_neither() -> None:
    """Two 张伟 at one firm, each with their own mobile (no mailboxes to tell them apart): a
    rare name across the file, but one the firm holds twice.  A third 张伟 record with only
    the firm could be either: it joins neither."""
    crm, repeat = population()
    firm = pd.DataFrame({
        "姓名": ["张伟", "张伟", "张伟", "张伟", "张伟", "李娜", "王芳"],
        "手机": ["13800138000", "13800138000", "13700137000", "13700137000", "", "13911110001", "13911110002"],
        "公司": ["恒锐贸易有限公司"] * 7,
        "城市": ["上海"] * 7,
    })
    result = dedupe.merge({"crm": crm, "expo": repeat, "firm": firm})
    contact = rows_of(result, "firm")["contact_id"]
    assert contact.loc[1] == contact.loc[2]
    assert contact.loc[3] == contact.loc[4]
    assert contact.loc[1] != contact.loc[3]
    assert contact.loc[5] not in (contact.loc[1], contact.loc[3])
    between = pair_of(result, "firm", 2, 3)
    # two mobiles under one name at a firm, in a file that shows nothing either way: about one
    # chance in three that they are namesakes, so never a match, and at most one to look at
    assert between["decision"] != "match"
    # the name says little between them, far less than agreeing on a name usually does
    assert between["w_name"] < 4
    assert "a name their company holds twice or more" in between["why"]
    assert result.run["model"]["fields"]["name"]["exact"]["weight"] > 8


def test_mobiles_that_tell_a_name_s_holders_apart_are_weighed_once() -> None:
    """Where only mobiles tell the holders of a name at a firm apart, the name's u is already
    the chance that two mobiles are two namesakes rather than one person's two phones; the
    pair's phones differing is that same evidence and weighs 0, not once more.  Where the
    file shows people with two mobiles (and no namesakes), 夏侯晨's two records are then one
    contact by a clear match, and the pairs say why."""
    result = dedupe.merge({"crm": _firms(True, False)})
    rows = result.records.reset_index(drop=True)
    xiahou = rows.index[rows["name"] == "夏侯晨"].tolist()
    p = result.pairs
    pair = p[(p["left_source"] == "crm") & (p["left_row"] == xiahou[0] + 1) & (p["right_row"] == xiahou[1] + 1)]
    assert len(pair) == 1
    pair = pair.iloc[0]
    assert pair["phone_level"] == "different"
    assert pair["w_phone"] == 0
    assert pair["decision"] == "match"
    assert "only mobiles tell its holders there apart, so the phones differing weighs 0" in pair["why"]
    weights = [c for c in p.columns if c.startswith("w_")]
    assert np.allclose(p[weights].sum(axis=1), p["match_weight"], atol=1e-3)
    # elsewhere (a staff member's two mobiles, one mailbox: one holder) differing phones weigh
    others = p[(p["phone_level"] == "different") & ~p["why"].str.contains("only mobiles tell")]
    assert len(others) and (others["w_phone"] < 0).all()


def test_a_romanized_record_at_a_firm_holding_its_name_twice_joins_neither_holder() -> None:
    """李英珊 twice at 富辉, told apart by their mobiles; a record 'Li Yingshan' at 'Shenzhen
    Fuhui Network Technology' (a similar company, not the same key) with no phone could be
    either, so the name weighs what it weighs at that firm, and it joins neither."""
    crm, repeat = population()
    firm = pd.DataFrame({
        "姓名": ["李英珊", "李英珊", "李英珊", "李英珊", "Li Yingshan", "李娜", "王芳"],
        "手机": ["18699779141", "18699779141", "13649390123", "13649390123", "", "13911110001", "13911110002"],
        "公司": ["深圳富辉网络科技集团有限公司"] * 4 + ["Shenzhen Fuhui Network Technology Group Co., Ltd."]
        + ["深圳富辉网络科技集团有限公司"] * 2,
        "城市": ["深圳"] * 7,
    })
    result = dedupe.merge({"crm": crm, "expo": repeat, "firm": firm})
    contact = rows_of(result, "firm")["contact_id"]
    assert contact.loc[1] == contact.loc[2] and contact.loc[3] == contact.loc[4]
    assert contact.loc[1] != contact.loc[3]
    assert contact.loc[5] not in (contact.loc[1], contact.loc[3])
    bridge = pair_of(result, "firm", 1, 5)
    assert bridge["company_level"] == "similar company"
    assert bridge["name_level"] == "pinyin"
    assert "a name their company holds twice or more" in bridge["why"]
    assert bridge["decision"] != "match"


# --- phone numbers: weighed by their holders -------------------------------------------------

def test_phone_u_counts_holders_not_rows() -> None:
    from dedupe.model import _PHONE_STRAY, _TF_PRIOR_VALUES, term_frequencies

    frame = pd.DataFrame({
        "姓名": ["张伟"] * 3 + ["李娜", "王芳", "赵敏", "王总", "孙经理"],
        "手机": ["13800138000"] * 3 + ["13900139000", "", "", "", ""],
        "座机": ["", "", "", "", "021-55667788", "021-55667788", "021-55667788", "021-55667788"],
    })
    std = _std(("crm", frame))
    u = term_frequencies(std, ("phone",))["phone"]
    n = len(std) + _TF_PRIOR_VALUES
    # one person's mobile on three rows is as rare as another's on one
    assert u["+8613800138000"] == pytest.approx(_PHONE_STRAY / n)
    assert u["+8613900139000"] == pytest.approx(_PHONE_STRAY / n)
    # a switchboard of 王芳, 赵敏, 王总 and 孙经理: three surnames (wang, zhao, sun), two full names
    assert u["+862155667788"] == pytest.approx((3 - 1 + _PHONE_STRAY) / n)


def test_a_shared_mobile_weighs_more_in_a_larger_file() -> None:
    """The prior falls as 1/n; the chance that another person holds one's mobile does too."""
    weights = []
    for n in (60, 600):
        crm, repeat = population(n)
        result = dedupe.merge({"crm": crm, "expo": repeat})
        p = result.pairs[result.pairs["phone_level"] == "mobile shared"]
        weights.append(p["w_phone"].median())
    assert weights[1] > weights[0] + 0.5


def test_two_wechat_accounts_say_two_people() -> None:
    """A WeChat export: one row per account.  Namesakes in one city with two accounts are two
    people; EM, which half takes such pairs for one person, must not learn that one person
    often shows two accounts."""
    crm, repeat = population()
    wechat = pd.DataFrame({
        "微信号": [f"wxid_{i:04d}abc" for i in range(40)],
        "联系人姓名": [SURNAMES[i % 20] + GIVEN[i % 20 % len(GIVEN)] + "明" for i in range(40)],
        "地区": [CITIES[i % 20 % len(CITIES)] for i in range(40)],
    })
    result = dedupe.merge({"crm": crm, "expo": repeat, "wechat": wechat})
    assert result.run["model"]["fields"]["id"]["different"]["weight"] < -2


def test_namesakes_at_one_firm_with_two_wechat_accounts_are_two_contacts() -> None:
    """Two 李平强 at 千恒 in a WeChat export, one with the mobile the CRM has: every pair of
    the four 李平强 rows agrees on the name and company and scores a match, but two WeChat
    accounts are two people, so the account without the mobile is a contact of its own."""
    crm = pd.DataFrame({"姓名": ["李平强", "王伟", "赵敏"], "手机": ["18292534979", "13800138000", "13911112222"],
                        "公司": ["上海千恒贸易有限责任公司", "北京华瑞科技有限公司", "杭州蓝力网络科技有限公司"]})
    expo = pd.DataFrame({"姓名": ["李平强", "王伟"], "单位名称": ["上海千恒贸易有限责任公司", "华瑞科技"],
                         "手机": ["", "13800138000"]})
    wechat = pd.DataFrame({"微信号": ["lipingqiang4466", "lipingqiang4260", "zm_88"], "备注名": ["李平强", "李平强", "赵敏"],
                           "公司": ["上海千恒贸易", "上海千恒贸易", "蓝力网络"], "手机号": ["", "18292534979", ""]})
    result = dedupe.merge({"crm": crm, "expo": expo, "wechat": wechat})
    contact = result.records.set_index(["source", "row"])["contact_id"]
    pairs = result.pairs
    accounts = pairs[(pairs["left_source"] == "wechat") & (pairs["right_source"] == "wechat")]
    assert accounts["id_level"].tolist() == ["different"] and accounts["probability"].iloc[0] >= 0.95
    # scored a match, kept apart: for a reviewer, and it says why
    assert accounts["decision"].tolist() == ["review"]
    assert accounts["why"].iloc[0].startswith("kept apart: two ID cards, WeChat or QQ accounts: name exact")
    assert contact["wechat", 2] == contact["crm", 1] == contact["expo", 1]
    assert contact["wechat", 1] != contact["wechat", 2]


def test_a_differing_phone_is_weighed_apart_between_records_of_one_name() -> None:
    """Records of one person are paired on a phone they share or on their name, so among
    matches a differing phone shows up almost only where the names agree (a second mobile, a
    new number).  Those pairs get m of their own: a differing phone counts against a pair of
    one full name far less than against a 王先生 fragment, whose records meet only on a
    number they share."""
    crm, repeat = population()
    # every 4th person again, with the same city and a new mobile
    moved = crm.iloc[::4].copy()
    moved["手机"] = [f"137{i * 7919 % 10**8:08d}" for i in range(len(moved))]
    # a call-centre ticket of every 3rd person: surname and 先生, and their mobile
    tickets = pd.DataFrame({"客户称呼": crm["姓名"].str[0].iloc[::3] + "先生", "来电号码": crm["手机"].iloc[::3]})
    result = dedupe.merge({"crm": crm, "expo": repeat, "orders": moved, "tickets": tickets})
    model = result.run["model"]
    anyone, named = model["fields"]["phone"], model["fields_given_same_name"]["phone"]
    assert named["different"]["m"] > 5 * anyone["different"]["m"]
    assert named["different"]["weight"] > anyone["different"]["weight"] + 2
    p = result.pairs
    between = p[(p["left_source"] == "crm") & (p["right_source"] == "orders") & (p["phone_level"] == "different")
                & (p["name_level"] == "exact") & (p["company_level"] != "same company")]  # (colleagues: their own)
    assert len(between)
    assert np.allclose(between["w_phone"], named["different"]["weight"], atol=1e-3)
    # at one company the colleagues' m stands (here: colleagues of other names)
    colleagues = model["fields_given_same_company"]["phone"]
    at_firm = p[(p["phone_level"] == "different") & (p["company_level"] == "same company")
                & ~p["why"].str.contains("only mobiles tell")]
    assert len(at_firm) and np.allclose(at_firm["w_phone"], colleagues["different"]["weight"], atol=1e-3)
