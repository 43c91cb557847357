"""E-mail addresses: folding, syntax, typo domains, free mail, several per cell."""

from __future__ import annotations

import pytest

from dedupe.normalize.email import parse_email, parse_emails


@pytest.mark.parametrize(
    ("text", "address", "domain"),
    [
        ("zhangwei@qq.com", "zhangwei@qq.com", "qq.com"),
        (" ZhangWei@QQ.COM ", "zhangwei@qq.com", "qq.com"),
        ("ｚｈａｎｇｗｅｉ＠ｑｑ．ｃｏｍ", "zhangwei@qq.com", "qq.com"),  # full-width
        ("zhang wei@163.com", "zhangwei@163.com", "163.com"),  # stray space
        ("zhangwei@163.com.", "zhangwei@163.com", "163.com"),  # trailing dot
        ("zhangwei@163.com。", "zhangwei@163.com", "163.com"),  # ideographic full stop
        ("<zhangwei@163.com>", "zhangwei@163.com", "163.com"),
        ("(zhangwei@163.com)", "zhangwei@163.com", "163.com"),
        ("mailto:Sales@ByteDance.com", "sales@bytedance.com", "bytedance.com"),
        ("邮箱：li@163.com", "li@163.com", "163.com"),
        ("email:li@163.com", "li@163.com", "163.com"),
        ("first.last+tag@sub.example.com.cn", "first.last+tag@sub.example.com.cn", "sub.example.com.cn"),
        ("zhang(at)huarui.cn", "zhang@huarui.cn", "huarui.cn"),
    ],
)
def test_valid_addresses(text: str, address: str, domain: str) -> None:
    e = parse_email(text)
    assert (e.address, e.domain, e.valid) == (address, domain, True)
    assert e.local + "@" + e.domain == e.address
    assert e.raw == text


@pytest.mark.parametrize(
    "text",
    [
        "zhangwei", "zhangwei.qq.com", "zhang@@qq.com", "@qq.com", "zhang@", "zhang@qq", "zhang@qq.c0m",
        "zhang@-qq.com", "zhang@qq..com", ".zhang@qq.com.x1", "zhang..wei@qq.com", "张伟@qq.com",
        "zhang@qq.c", "a b@", "zhang@qq.com@163.com",
    ],
)
def test_invalid_syntax(text: str) -> None:
    assert not parse_email(text).valid


@pytest.mark.parametrize(
    "text", ["li@qq.con", "li@163.cm", "li@gmial.com", "li@qq.co", "li@hotmial.com", "li@126.con", "li@gamil.com"]
)
def test_typo_domains_are_invalid_not_corrected(text: str) -> None:
    e = parse_email(text)
    assert not e.valid and not e.free_mail
    assert e.address == text  # left as typed for a person to fix


@pytest.mark.parametrize(
    ("domain", "free"),
    [
        ("qq.com", True), ("foxmail.com", True), ("163.com", True), ("126.com", True), ("yeah.net", True),
        ("sina.com", True), ("sina.cn", True), ("sohu.com", True), ("aliyun.com", True), ("139.com", True),
        ("189.cn", True), ("gmail.com", True), ("hotmail.com", True), ("outlook.com", True), ("yahoo.com", True),
        ("icloud.com", True), ("vip.qq.com", True), ("vip.163.com", True), ("bytedance.com", False),
        ("huarui-tech.com.cn", False), ("mail.qq.com.cn", False),
    ],
)
def test_free_mail(domain: str, free: bool) -> None:
    assert parse_email(f"someone@{domain}").free_mail is free


def test_blank() -> None:
    for text in (None, "", " ", "nan", "无"):
        e = parse_email(text)
        assert (e.raw, e.address, e.valid) == ("", "", False)
    assert parse_emails(None) == []


@pytest.mark.parametrize(
    ("text", "addresses"),
    [
        ("a@qq.com;b@163.com", ["a@qq.com", "b@163.com"]),
        ("a@qq.com，b@163.com", ["a@qq.com", "b@163.com"]),
        ("a@qq.com；b@163.com", ["a@qq.com", "b@163.com"]),
        ("a@qq.com / b@163.com", ["a@qq.com", "b@163.com"]),
        ("a@qq.com b@163.com\nc@126.com", ["a@qq.com", "b@163.com", "c@126.com"]),
        ("a @ qq.com", ["a@qq.com"]),  # spaces around @ are not separators
        ("张伟 a@qq.com", ["a@qq.com"]),  # a name beside the address is dropped
        ("a@qq.com, a@qq.com", ["a@qq.com", "a@qq.com"]),
    ],
)
def test_several_per_cell(text: str, addresses: list[str]) -> None:
    assert [e.address for e in parse_emails(text)] == addresses


def test_several_per_cell_keeps_invalid_ones() -> None:
    emails = parse_emails("a@qq.com; b@163.cm")
    assert [e.valid for e in emails] == [True, False]
    assert [e.valid for e in parse_emails("not an email")] == [False, False, False]


# --- hard cases: display names, labels, IDN, TLDs, typos, QQ numbers ----------------------------
@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Zhang Wei <Zhang.Wei@Huarui.cn>", "zhang.wei@huarui.cn"),
        ('"张伟" <zhangwei@qq.com>', "zhangwei@qq.com"),
        ("张伟<zhangwei@qq.com>", "zhangwei@qq.com"),
        ("张伟《zhangwei@qq.com》", "zhangwei@qq.com"),
        ("【zhangwei@qq.com】", "zhangwei@qq.com"),
        ("ＭＡＩＬＴＯ：ｚｈａｎｇ＠１６３．ｃｏｍ", "zhang@163.com"),
        ("E-mail: zhang@163.com", "zhang@163.com"),
        ("电子邮箱:zhang@163.com;", "zhang@163.com"),
        ("zhang@163.com...", "zhang@163.com"),
        ("zhang@163．com", "zhang@163.com"),  # full-width full stop
        ("zhang@163｡com", "zhang@163.com"),  # half-width ideographic full stop
        ("zhang [at] huarui.cn", "zhang@huarui.cn"),
        ("'zhang@qq.com", "zhang@qq.com"),  # Excel's text marker
        ("ZHANG_WEI-1990@SINA.COM", "zhang_wei-1990@sina.com"),
    ],
)
def test_normalized_forms(text: str, address: str) -> None:
    e = parse_email(text)
    assert (e.address, e.valid, e.problem) == (address, True, "")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("li@qq.con", "tld"), ("li@163.comm", "tld"), ("li@huarui.con", "tld"), ("li@gmail.cmo", "tld"),
        ("li@qq.c0m", "tld"), ("li@example.local", "tld"), ("li@host.onion", "tld"), ("li@x.arpa", "tld"),
        ("li@163.cm", "typo"), ("li@qq.co", "typo"), ("li@gmial.com", "typo"), ("li@hotmial.com", "typo"),
        ("li@126.cn", "typo"), ("li@qq.com.cn", "typo"),
        (".li@qq.com", "syntax"), ("li.@qq.com", "syntax"), ("li@qq-.com", "syntax"), ("li@ab--c.com", "syntax"),
        ("li@[127.0.0.1]", "syntax"), ('"li"@qq.com', "syntax"), ("李@qq.com", "syntax"), ("li@qq", "syntax"),
        ("a" * 65 + "@qq.com", "syntax"), ("li@" + "a" * 64 + ".com", "syntax"),
    ],
)
def test_problems(text: str, problem: str) -> None:
    e = parse_email(text)
    assert (e.valid, e.problem, e.free_mail) == (False, problem, False)


@pytest.mark.parametrize(
    ("text", "domain", "ascii_domain"),
    [
        ("info@例子.中国", "例子.中国", "xn--fsqu00a.xn--fiqs8s"),
        ("info@华瑞科技.公司", "华瑞科技.公司", None),
        ("info@xn--fsqu00a.xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s"),
        ("Info@Huarui.COM.CN", "huarui.com.cn", "huarui.com.cn"),
    ],
)
def test_internationalized_domains(text: str, domain: str, ascii_domain: str | None) -> None:
    e = parse_email(text)
    assert e.valid and e.domain == domain
    assert e.domain_ascii.isascii() and (ascii_domain is None or e.domain_ascii == ascii_domain)


@pytest.mark.parametrize(
    ("text", "qq"),
    [
        ("12345@qq.com", "12345"), ("123456789@QQ.COM", "123456789"), ("10001@vip.qq.com", "10001"),
        ("12345678901@qq.com", "12345678901"), ("1234@qq.com", ""), ("012345@qq.com", ""), ("zhang@qq.com", ""),
        ("12345@foxmail.com", ""), ("12345@163.com", ""), ("12345@qq.con", ""),
    ],
)
def test_qq_numbers(text: str, qq: str) -> None:
    assert parse_email(text).qq == qq


@pytest.mark.parametrize(
    "domain",
    ["wo.cn", "live.cn", "yahoo.com.cn", "vip.sina.com", "188.com", "21cn.com", "tom.com", "msn.com", "me.com",
     "googlemail.com", "protonmail.com", "sohu.com", "vip.126.com", "139.com", "189.cn"],
)
def test_more_free_mail(domain: str) -> None:
    e = parse_email(f"someone@{domain}")
    assert e.valid and e.free_mail


@pytest.mark.parametrize("domain", ["huawei.com", "tencent.com", "alibaba-inc.com", "mail.163.com.cn", "qq.com.hk"])
def test_corporate_domains(domain: str) -> None:
    e = parse_email(f"someone@{domain}")
    assert e.valid and not e.free_mail


def test_several_per_cell_hard() -> None:
    got = parse_emails('"Zhang Wei" <zhang@qq.com>, Li <li@huarui.cn>；王@163.com、wang@126.com')
    assert [(e.address, e.valid) for e in got] == [
        ("zhang@qq.com", True), ("li@huarui.cn", True), ("@163.com", False), ("wang@126.com", True)]
    assert [e.address for e in parse_emails("a@qq.com|b@qq.com\tc@qq.com")] == ["a@qq.com", "b@qq.com", "c@qq.com"]
    assert [e.address for e in parse_emails("zhang (at) huarui.cn; li[at]huarui.cn")] == [
        "zhang@huarui.cn", "li@huarui.cn"]


def test_idempotent() -> None:
    for text in ("Zhang Wei <Zhang.Wei@Huarui.cn>", "ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "li@qq.con", "info@例子.中国"):
        first = parse_email(text)
        again = parse_email(first.address)
        assert (again.address, again.valid, again.problem) == (first.address, first.valid, first.problem)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_EMAIL_CHARS = st.sampled_from(list("abcXYZ019.-_+@＠。．;, <>\"'()[]!") + ["qq", ".com", ".cn", "163", "邮箱:", "张"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_EMAIL_CHARS, max_size=30).map("".join))
def test_never_raises_and_valid_addresses_reparse_to_themselves(text: str) -> None:
    for e in parse_emails(text):
        assert e.valid == (e.problem == "")
        if e.valid:
            again = parse_email(e.address)
            assert (again.address, again.valid, again.free_mail) == (e.address, True, e.free_mail)
