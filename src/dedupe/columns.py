"""Column roles: what each input column holds, found from its header.

Exports name the same thing many ways (联系人, 客户姓名, 收货人, Name …).
:func:`assign_roles` maps each header to a role by its Chinese or English
synonyms; a header with no role passes through untouched.

>>> assign_roles(["客户编号", "客户名称", "联系人", "手机", "备注"])
{'客户编号': 'key', '客户名称': 'company', '联系人': 'name', '手机': 'mobile'}
>>> assign_roles(["客户名称", "电话"])
{'客户名称': 'name', '电话': 'phone'}
>>> assign_roles(["Name", "E-mail"], {"E-mail": "email"})
{'Name': 'name', 'E-mail': 'email'}
"""

from __future__ import annotations

import re
import unicodedata

from .errors import RulesError

__all__ = ["ROLES", "assign_roles", "parse_override", "header_key", "synonym_role"]

ROLES = (
    "name",
    "surname",
    "given_name",
    "gender",
    "company",
    "mobile",
    "phone",
    "email",
    "address",
    "province",
    "city",
    "district",
    "title",
    "id_card",
    "uscc",
    "wechat",
    "nickname",
    "qq",
    "updated_at",
    "key",
    "ignore",
)

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "联系人", "联系人姓名", "客户姓名", "收货人", "收件人", "真实姓名", "称呼", "客户称呼",
             "负责人", "备注名", "联系人名称", "name", "contact", "contactname", "contactperson", "fullname",
             "customername"),
    # a name split in two columns (姓 | 名, Last Name | First Name): read as one name
    "surname": ("姓", "姓氏", "surname", "lastname", "familyname"),
    "given_name": ("名", "firstname", "givenname", "forename"),
    "gender": ("性别", "性別", "gender", "sex", "salutation"),  # Salutation: Mr. / Ms.
    "company": ("公司", "公司名称", "客户名称", "客户名", "单位", "工作单位", "单位名称", "企业名称", "所属公司", "机构", "company",
                "organization", "organisation", "companyname", "employer", "accountname",
                # an order's invoice header: the buyer's company (or 个人, or the buyer's own name)
                "发票抬头", "开票抬头", "开票名称", "开票单位", "invoicetitle"),
    "mobile": ("手机", "手机号", "手机号码", "移动电话", "mobile", "mobilephone", "mobileno", "mobilenumber", "cellphone",
               "cell"),
    "phone": ("电话", "联系电话", "联系方式", "办公电话", "座机", "座机号", "座机号码", "固话", "固定电话", "来电号码",
              "电话号码", "tel", "telno", "phone", "phoneno", "telephone", "phonenumber", "officephone"),
    "email": ("邮箱", "电子邮箱", "电子邮件", "邮件", "邮箱地址", "邮件地址", "电子邮件地址", "email", "mail",
              "emailaddress", "emailaddr", "email地址"),
    "address": ("地址", "公司地址", "联系地址", "通讯地址", "收货地址", "详细地址", "办公地址", "家庭住址", "住址",
                "address", "addr", "street"),
    "province": ("省", "省份", "所在省", "所在省份", "province"),
    # a cell holding province, city and district together is read as the city column is: as the
    # hint that completes the address
    "city": ("城市", "所在城市", "市", "地区", "所在地区", "省市", "省市区", "所在省市", "city", "region"),
    "district": ("区县", "区", "县区", "所在区", "所在区县", "district", "county"),
    "title": ("职务", "职位", "头衔", "title", "position", "jobtitle"),
    "id_card": ("身份证", "身份证号", "身份证号码", "证件号", "证件号码", "idcard", "idnumber"),
    "uscc": ("统一社会信用代码", "信用代码", "税号", "纳税人识别号", "uscc", "taxid"),
    "wechat": ("微信", "微信号", "wechat", "weixin", "wechatid"),
    # a display name (WeChat 昵称, a shop's buyer nickname): a name only where it spells one
    "nickname": ("昵称", "微信昵称", "网名", "用户昵称", "买家昵称", "会员昵称", "nickname", "nick", "wechatname"),
    "qq": ("qq", "qq号", "qq号码"),
    "updated_at": ("更新时间", "修改时间", "最后联系时间", "创建时间", "下单时间", "日期", "时间", "登记时间",
                   "更新日期", "修改日期", "创建日期", "下单日期", "登记日期", "录入时间", "录入日期", "添加时间",
                   "注册时间", "注册日期", "提交时间", "填写时间", "签到时间", "报名时间", "来电时间", "最后更新时间",
                   "最近联系时间", "付款时间", "支付时间", "成交时间", "updated", "updatedat", "date", "lastmodified",
                   "lastmodifieddate", "createdat", "createddate", "createdtime", "createdon", "createtime",
                   "modifiedon", "modifieddate", "updatetime", "updatedate", "orderdate", "ordertime"),
    "key": ("编号", "客户编号", "id", "序号", "订单号", "订单编号", "工单号", "会员编号", "会员号", "客户id", "会员id",
            "recid", "no", "contactid", "customerid", "clientid", "leadid", "accountid", "orderid", "orderno",
            "ordernumber"),  # (rec_id, No. read as these)
}

# Looser matches for headers that are not synonyms (客户手机号 → mobile), tried in order, so that
# an earlier one wins over what else the header says: None is no role (公司传真 is a fax number,
# not a phone), and 微信昵称 is a display name, not a WeChat id.
_CONTAINS: tuple[tuple[str, str | None], ...] = (
    ("传真", None),
    ("昵称", "nickname"),
    ("身份证", "id_card"),
    ("信用代码", "uscc"),
    # a phone header that mentions WeChat (手机号/微信号, 手机（微信同号）) holds a phone number
    ("手机", "mobile"),
    ("电话", "phone"),
    ("微信", "wechat"),
    ("邮箱", "email"),
    ("邮件", "email"),
    ("地址", "address"),
    ("职务", "title"),
    ("职位", "title"),
    ("姓名", "name"),
    ("联系人", "name"),
    ("公司", "company"),
    ("单位", "company"),
)
# What a header's lookup ignores: spaces, required-field marks, brackets, and the separators of
# 'Tel.', 'E-mail', '区/县'
_PUNCT = re.compile(r"[\s:：*＊()（）\[\]【】_./／、\\|#-]+")


def header_key(header: object) -> str:
    """A header folded for lookup: NFKC, lower case, no spaces or markers.

    >>> header_key(" 手机号码：* ")
    '手机号码'
    """
    text = unicodedata.normalize("NFKC", str(header)).strip().lower()
    return _PUNCT.sub("", text) or text


# each synonym as header_key spells it ('e-mail' and 'E-Mail' are 'email')
_BY_HEADER = {header_key(syn): role for role, syns in _SYNONYMS.items() for syn in syns}


# a remark in brackets after a header: 企业名称（全称）, 客户名称(必填), 电话（办公）
_REMARK = re.compile(r"[(（\[【][^()（）\[\]【】]*[)）\]】]")


def _stem(header: object) -> str:
    """The header's key without a bracketed remark (客户名称(必填) is 客户名称)."""
    return header_key(_REMARK.sub("", str(header))) or header_key(header)


def synonym_role(header: object) -> str | None:
    """The role of a header that is one of the synonyms exactly (decoration aside), else None;
    unlike :func:`assign_roles` it reads nothing into a longer text, so a data cell
    (北京华瑞科技有限公司) is never taken for a header.

    >>> synonym_role("手机号码*"), synonym_role("北京华瑞科技有限公司")
    ('mobile', None)
    """
    return _BY_HEADER.get(header_key(header)) or _BY_HEADER.get(_stem(header))


def _role_of(header: str) -> str | None:
    key, bare = header_key(header), _stem(header)
    # what the header says without its remark, should the whole say nothing
    for k in (key, bare) if bare != key else (key,):
        if k in _BY_HEADER:
            return _BY_HEADER[k]
        for part, role in _CONTAINS:
            if part in k:
                return role
    return None


def assign_roles(headers: list[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Map each header that has a role to it, in header order.

    ``overrides`` (header → role, from ``--column`` or the rules) win over the
    synonyms; role ``ignore`` makes a column pass through untouched.
    ``客户名称`` means the company when a person-name column also exists.
    """
    overrides = overrides or {}
    for header, role in overrides.items():
        if role not in ROLES:
            raise RulesError(f"column '{header}': unknown role '{role}' (roles: {', '.join(ROLES)})")
    roles: dict[str, str] = {}
    for header in headers:
        role = overrides.get(header) or _role_of(header)
        if role and role != "ignore":
            roles[header] = role
    # 客户名称 (客户名) is the customer's name: a company when a person is named elsewhere.
    for header in list(roles):
        if _stem(header) in ("客户名称", "客户名") and header not in overrides:
            others = [h for h, r in roles.items() if r == "name" and h != header]
            roles[header] = "company" if others else "name"
    return roles


def parse_override(text: str) -> tuple[str, str]:
    """Parse ``表头=role`` from ``--column``.

    >>> parse_override("联系人=name")
    ('联系人', 'name')
    """
    header, sep, role = text.partition("=")
    header, role = header.strip(), role.strip()
    if not sep or not header or not role:
        raise RulesError(f"--column '{text}': expected HEADER=ROLE")
    if role not in ROLES:
        raise RulesError(f"--column '{text}': unknown role '{role}' (roles: {', '.join(ROLES)})")
    return header, role
