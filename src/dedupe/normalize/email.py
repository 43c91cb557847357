"""E-mail addresses.

Exports write addresses with full-width characters (``ｚｈａｎｇ＠ｑｑ．ｃｏｍ``,
``zhang＠163.com``), stray spaces, a trailing full stop or bracket, a
``mailto:`` prefix, and often several addresses in one cell separated by
``;`` ``,`` ``，`` ``；`` ``/`` or whitespace.

:func:`parse_email` normalizes one address: NFKC-folded, lower-cased, spaces
removed, surrounding punctuation trimmed.  ``valid`` is a syntax check (one
``@``, a sane local part, a domain with a dot and an alphabetic TLD).  Common
typo domains (``qq.con``, ``163.cm``, ``gmial.com``) are *not* corrected: the
address is marked invalid so that a person checks it.  ``free_mail`` marks the
public mailbox providers, whose domain says nothing about the employer.

>>> e = parse_email(" Zhang.Wei＠ＱＱ.com。")
>>> e.address, e.local, e.domain, e.valid, e.free_mail
('zhang.wei@qq.com', 'zhang.wei', 'qq.com', True, True)
>>> parse_email("sales@bytedance.com").free_mail
False
>>> parse_email("li@qq.con").valid
False
>>> parse_email("邮箱：li@163.com").address
'li@163.com'
>>> [e.address for e in parse_emails("a@163.com；b@126.com / c@sina.cn")]
['a@163.com', 'b@126.com', 'c@sina.cn']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold, is_blank

__all__ = ["Email", "parse_email", "parse_emails", "FREE_MAIL_DOMAINS", "TYPO_DOMAINS"]


@dataclass(frozen=True, slots=True)
class Email:
    """A parsed e-mail address; see the module docstring."""

    raw: str
    address: str
    local: str
    domain: str
    valid: bool
    free_mail: bool


FREE_MAIL_DOMAINS = frozenset({
    "qq.com", "vip.qq.com", "foxmail.com", "163.com", "vip.163.com", "126.com", "vip.126.com", "yeah.net",
    "188.com", "vip.188.com", "netease.com", "sina.com", "sina.cn", "vip.sina.com", "sohu.com", "vip.sohu.com",
    "aliyun.com", "139.com", "189.cn", "wo.cn", "wo.com.cn", "21cn.com", "tom.com", "263.net", "gmail.com",
    "googlemail.com", "hotmail.com", "outlook.com", "live.com", "live.cn", "msn.com", "msn.cn", "yahoo.com",
    "yahoo.com.cn", "yahoo.cn", "icloud.com", "me.com", "mac.com", "protonmail.com", "proton.me", "aol.com",
    "yandex.com", "mail.com", "gmx.com", "hotmail.com.cn", "outlook.com.cn",
})

# Misspellings of the free-mail domains seen in hand-typed lists; never "corrected".
TYPO_DOMAINS = frozenset({
    "qq.con", "qq.cn", "qq.co", "qq.cm", "qq.comm", "qqcom", "qq.om", "q.com", "qq.vom", "qq.xom",
    "163.con", "163.cm", "163.co", "163.cn", "163.om", "163.comm", "163.vom", "136.com", "126.con", "126.cm",
    "126.co", "162.com", "gmial.com", "gmai.com", "gamil.com", "gmail.con", "gmail.co", "gmail.cm", "gmal.com",
    "gnail.com", "hotmial.com", "hotmai.com", "hotmail.con", "hotmail.co", "outlook.con", "outlok.com",
    "sina.con", "sian.com", "sina.cm", "sohu.con", "foxmai.com", "foxmail.con", "yahoo.con", "yaho.com",
    "icloud.con", "aliyun.con", "139.con", "189.com",
})

_SPLIT = re.compile(r"[;,，；/|、\s]+")
_LOCAL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TLD = re.compile(r"[a-z]{2,24}")
_LABEL_PREFIX = re.compile(r"^(?:[^\x00-\x7f]+:?|e-?mail:)(?=[^@]*@)")
_TRIM = "<>()[]{}\"'.,;:。，；：、!！?？《》【】「」"


def parse_email(text: object) -> Email:
    """Parse and normalize one e-mail address into an :class:`Email`.

    >>> e = parse_email("mailto:Info@Huarui-Tech.com.cn")
    >>> e.address, e.domain, e.valid, e.free_mail
    ('info@huarui-tech.com.cn', 'huarui-tech.com.cn', True, False)
    >>> parse_email("zhang@@qq.com").valid, parse_email("").address
    (False, '')
    """
    if is_blank(text):
        return Email("", "", "", "", False, False)
    raw = str(text)
    address = fold(raw).lower().replace(" ", "").replace("。", ".")
    # '@' typed as full-width or as a Chinese word
    address = address.replace("(at)", "@").replace("[at]", "@")
    if address.startswith("mailto:"):
        address = address[len("mailto:"):]
    if "@" in address:
        # a label typed before the address: '邮箱:zhang@qq.com', 'email:zhang@qq.com'
        address = _LABEL_PREFIX.sub("", address)
    address = address.strip(_TRIM)
    local, sep, domain = address.rpartition("@")
    if not sep:
        local, domain = address, ""
    valid = bool(sep) and _valid(local, domain)
    return Email(raw, address, local, domain, valid, valid and domain in FREE_MAIL_DOMAINS)


def _valid(local: str, domain: str) -> bool:
    if not local or len(local) > 64 or "@" in local or not _LOCAL.fullmatch(local):
        return False
    if len(domain) > 253 or domain in TYPO_DOMAINS:
        return False
    labels = domain.split(".")
    if len(labels) < 2 or not _TLD.fullmatch(labels[-1]):
        return False
    return all(_LABEL.fullmatch(label) for label in labels)


def parse_emails(text: object) -> list[Email]:
    """Every address in a cell, in order, duplicates kept; ``[]`` for a blank cell.

    When the cell holds at least one ``@``, parts without one (a name, a label
    such as ``邮箱:``) are dropped; otherwise each part is an invalid address.

    >>> [(e.address, e.valid) for e in parse_emails("张伟 zhang@qq.com, wang@163.cm")]
    [('zhang@qq.com', True), ('wang@163.cm', False)]
    >>> [(e.address, e.valid) for e in parse_emails("zhangwei.qq.com")]
    [('zhangwei.qq.com', False)]
    >>> parse_emails(None)
    []
    """
    if is_blank(text):
        return []
    folded = fold(text).replace("(at)", "@").replace("[at]", "@")
    # spaces around '@' are typing noise, not separators
    folded = re.sub(r"\s*@\s*", "@", folded)
    parts = [part for part in _SPLIT.split(folded) if part.strip(_TRIM)]
    if "@" in folded:
        parts = [part for part in parts if "@" in part]
    return [parse_email(part) for part in parts]
