import pytest

from dedupe.columns import ROLES, assign_roles, parse_override
from dedupe.errors import RulesError

# Every synonym in DESIGN.md's role table, header -> role.
DESIGN_TABLE = {
    "name": "姓名 名字 联系人 联系人姓名 客户姓名 收货人 收件人 真实姓名 称呼 客户称呼 负责人 Name Contact",
    "company": "公司 公司名称 单位 工作单位 单位名称 企业名称 所属公司 机构 Company Organization",
    "mobile": "手机 手机号 手机号码 移动电话 Mobile",
    "phone": "电话 联系电话 联系方式 办公电话 座机 固定电话 来电号码 电话号码 Tel Phone",
    "email": "邮箱 电子邮箱 电子邮件 邮件 Email E-mail",
    "address": "地址 公司地址 联系地址 通讯地址 收货地址 详细地址 办公地址 家庭住址 住址 Address",
    "province": "省 省份",
    "city": "城市 所在城市 市",
    "district": "区县 区",
    "title": "职务 职位 头衔 Title Position",
    "id_card": "身份证 身份证号",
    "uscc": "统一社会信用代码 信用代码 税号",
    "wechat": "微信 微信号",
    "qq": "QQ",
    "updated_at": "更新时间 修改时间 最后联系时间 创建时间 下单时间 日期",
    "key": "编号 客户编号 ID 序号 订单号 工单号",
}


@pytest.mark.parametrize("role, header", [(r, h) for r, hs in DESIGN_TABLE.items() for h in hs.split()])
def test_every_design_synonym(role, header):
    assert assign_roles([header]) == {header: role}


def test_customer_name_is_company_only_next_to_a_person_name():
    assert assign_roles(["客户名称", "联系人"])["客户名称"] == "company"
    assert assign_roles(["客户名称", "手机"])["客户名称"] == "name"


def test_headers_with_decoration_and_width():
    roles = assign_roles(["手机号码*", " 邮箱： ", "ＥＭＡＩＬ", "客户手机号", "公司电话"])
    assert roles == {"手机号码*": "mobile", " 邮箱： ": "email", "ＥＭＡＩＬ": "email", "客户手机号": "mobile",
                     "公司电话": "phone"}


def test_unroled_columns_pass_through():
    assert assign_roles(["备注", "订单金额", "问题描述"]) == {}


def test_overrides_win_and_ignore():
    roles = assign_roles(["联系人", "备注", "电话"], {"备注": "wechat", "电话": "ignore"})
    assert roles == {"联系人": "name", "备注": "wechat"}


def test_unknown_role_is_rules_error():
    with pytest.raises(RulesError, match="unknown role 'person'"):
        assign_roles(["a"], {"a": "person"})
    with pytest.raises(RulesError, match="expected HEADER=ROLE"):
        parse_override("联系人")
    with pytest.raises(RulesError, match="unknown role"):
        parse_override("联系人=who")
    assert parse_override(" 联系人 = name ") == ("联系人", "name")
    assert "ignore" in ROLES


# Headers seen in real exports beyond DESIGN's table: decorated, combined, or English with punctuation.
REAL_HEADERS = {
    "email": "邮件地址 电子邮件地址 邮箱地址 E-mail地址 E-mail E-Mail_Address 企业邮箱 联系邮箱",
    "phone": "固话 座机号 座机号码 Tel. Tel_No. Phone_No. 收货人电话 公司电话",
    "mobile": "Mobile_No. Mobile_Number 手机号码1 联系人手机 手机-2",
    "province": "所在省 所在省份",
    "city": "省市 省市区 所在省市",
    "district": "区/县 县区 所在区 所在区县",
    "updated_at": "更新日期 修改日期 创建日期 下单日期 登记日期 录入时间 录入日期 添加时间 注册时间 注册日期 提交时间 "
                  "填写时间 签到时间 报名时间 来电时间 最后更新时间 最近联系时间 付款时间 Created_Date Created_Time "
                  "Last_Modified_Date Order_Date",
    "name": "Contact_Person 联系人名称 客户名",
    "title": "联系人职务 客户职位",
    "key": "No. rec_id 订单编号 会员编号 客户ID Contact_ID Customer_ID Order_No. Order_Number",
    "company": "发票抬头 开票名称 Account_Name",
    "gender": "Salutation",
}


@pytest.mark.parametrize("role, header", [(r, h.replace("_", " ")) for r, hs in REAL_HEADERS.items() for h in hs.split()])
def test_real_export_headers(role, header):
    assert assign_roles([header]) == {header: role}


@pytest.mark.parametrize("header", ["公司传真", "传真", "传真电话", "出生日期", "邮编", "邮政编码"])
def test_fax_and_other_columns_take_no_role(header):
    # a fax is no phone of the person; a birth date is not when the row was updated
    assert assign_roles([header]) == {}


@pytest.mark.parametrize("header", ["微信昵称", "昵称", "买家昵称", "微信(昵称)", "Nickname", "网名"])
def test_a_display_name_is_a_nickname_not_a_wechat_id(header):
    assert assign_roles([header]) == {header: "nickname"}


def test_customer_name_short_form_follows_customer_name():
    assert assign_roles(["客户名", "联系人"])["客户名"] == "company"
    assert assign_roles(["客户名", "手机"])["客户名"] == "name"


@pytest.mark.parametrize("header, role", [
    ("企业名称（全称）", "company"), ("电话（办公）", "phone"), ("手机号码(必填)", "mobile"), ("地址（省市区）", "address"),
    ("QQ(选填)", "qq"), ("姓名(中文)", "name"),
])
def test_a_remark_in_brackets_after_the_header(header, role):
    assert assign_roles([header]) == {header: role}


def test_a_remark_does_not_undo_what_the_whole_header_says():
    assert assign_roles(["公司传真(选填)", "（备注）"]) == {}  # a fax, a remark only
    assert assign_roles(["客户名称（必填）", "联系人"])["客户名称（必填）"] == "company"


@pytest.mark.parametrize("header, role", [("手机号/微信号", "mobile"), ("手机（微信同号）", "mobile"),
                                          ("联系电话(微信)", "phone"), ("微信/QQ", "wechat")])
def test_a_phone_header_that_mentions_wechat_holds_a_phone_number(header, role):
    assert assign_roles([header]) == {header: role}


@pytest.mark.parametrize("header, role", [
    ("姓", "surname"), ("姓氏", "surname"), ("Last Name", "surname"), ("Surname", "surname"), ("Family name", "surname"),
    ("名", "given_name"), ("First Name", "given_name"), ("Given name", "given_name"),
    ("性别", "gender"), ("性別", "gender"), ("Gender", "gender"), ("Sex", "gender"),
])
def test_a_name_split_in_two_columns_and_a_gender_column(header, role):
    assert assign_roles([header]) == {header: role}
    # 名字 and 姓名 stay whole names
    assert assign_roles(["名字", "姓名"]) == {"名字": "name", "姓名": "name"}
