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
