"""E-mail addresses.

Exports write addresses with full-width characters (``ｚｈａｎｇ＠ｑｑ．ｃｏｍ``,
``zhang＠163.com``), stray spaces, a trailing full stop or bracket, a
``mailto:`` prefix, a display name (``张伟 <zhang@qq.com>``), a label
(``邮箱：``), and often several addresses in one cell separated by ``;`` ``,``
``，`` ``；`` ``/`` ``、`` or whitespace.

:func:`parse_email` normalizes one address: NFKC-folded, lower-cased (the
domain by rule; the local part too, as every large provider treats it
case-insensitively and matching needs one form), spaces removed, surrounding
punctuation and trailing dots trimmed, the address taken out of angle brackets.
``valid`` is a syntax check, with ``problem`` saying what failed:

* ``'syntax'``: one ``@``; a dot-atom local part of at most 64 ASCII
  characters (quoted local parts and internationalized, SMTPUTF8 local parts
  such as ``张伟@qq.com`` are refused: in customer data they are mis-entries,
  not mailboxes); domain labels of letters, digits and inner hyphens, at most
  63 characters, no empty label (``qq..com``), no ``ab--`` label except
  punycode; internationalized domains (``jeff@臺網中心.tw``) are accepted
  when they encode to IDNA; at most 254 characters in all; no IP literal.
* ``'tld'``: the last label is not a top-level domain of the Public Suffix
  List (``qq.con``, ``company.comm``), or a special-use one (``.arpa``,
  ``.onion``, ``.local``, ``.test``).
* ``'typo'``: a known misspelling of a free-mail domain that is itself a real
  domain (``163.cm``, ``qq.co``, ``gmial.com``).  Typos are *never*
  corrected: which address was meant is a guess; the address stays as typed
  for a person to fix.

``free_mail`` marks the public mailbox providers, whose domain says nothing
about the employer (a corporate domain is company evidence).  ``qq`` is the QQ
number of a numeric ``@qq.com`` address.

>>> e = parse_email(" Zhang.Wei＠ＱＱ.com。")
>>> e.address, e.local, e.domain, e.valid, e.free_mail, e.qq
('zhang.wei@qq.com', 'zhang.wei', 'qq.com', True, True, '')
>>> parse_email("sales@bytedance.com").free_mail
False
>>> [(e.valid, e.problem) for e in map(parse_email, ["li@qq.con", "li@163.cm", "li@@qq.com"])]
[(False, 'tld'), (False, 'typo'), (False, 'syntax')]
>>> parse_email("邮箱：li@163.com").address, parse_email("张伟 <Li@163.com>").address
('li@163.com', 'li@163.com')
>>> parse_email("12345678@qq.com").qq
'12345678'
>>> [e.address for e in parse_emails("a@163.com；b@126.com / c@sina.cn")]
['a@163.com', 'b@126.com', 'c@sina.cn']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ._slots import quick_init
from .text import fold, is_blank

__all__ = ["Email", "parse_email", "parse_emails", "FREE_MAIL_DOMAINS", "TYPO_DOMAINS", "is_tld"]


@quick_init
@dataclass(frozen=True, slots=True)
class Email:
    """A parsed e-mail address; see the module docstring."""

    raw: str
    address: str
    local: str
    domain: str
    valid: bool
    free_mail: bool
    problem: str = ""  # why not valid: 'syntax' | 'tld' | 'typo' ('' when valid)
    qq: str = ""  # QQ number of a numeric @qq.com / @vip.qq.com address
    domain_ascii: str = ""  # a valid address's domain in IDNA (punycode) form ('' when not valid)


FREE_MAIL_DOMAINS = frozenset({
    # China: Tencent, NetEase, Sina, Sohu, Alibaba, the carriers, and older portals
    "qq.com", "vip.qq.com", "foxmail.com", "163.com", "vip.163.com", "126.com", "vip.126.com", "yeah.net",
    "188.com", "vip.188.com", "netease.com", "163.net", "sina.com", "sina.cn", "vip.sina.com", "sina.com.cn",
    "sohu.com", "vip.sohu.com", "sohu.net", "aliyun.com", "139.com", "189.cn", "wo.cn", "wo.com.cn", "21cn.com",
    "tom.com", "263.net", "2980.com", "eyou.com", "citiz.net", "hotmail.com.cn", "outlook.com.cn", "live.cn",
    "msn.cn", "yahoo.com.cn", "yahoo.cn", "yahoo.com.hk", "yahoo.com.tw",
    # international
    "gmail.com", "googlemail.com", "hotmail.com", "outlook.com", "live.com", "msn.com", "yahoo.com", "ymail.com",
    "rocketmail.com", "icloud.com", "me.com", "mac.com", "protonmail.com", "proton.me", "pm.me", "aol.com",
    "yandex.com", "yandex.ru", "mail.ru", "mail.com", "gmx.com", "gmx.net", "gmx.de", "web.de", "zoho.com",
    "naver.com", "daum.net", "hanmail.net", "hotmail.co.uk", "yahoo.co.jp", "yahoo.co.uk",
})

# Misspellings of free-mail domains that are themselves well-formed domains under a real TLD
# (.cm Cameroon, .co Colombia, .om Oman, .cn …), seen in hand-typed lists; never "corrected".
# Misspelt TLDs that do not exist (qq.con, 163.comm) are caught by the TLD check instead.
TYPO_DOMAINS = frozenset({
    "qq.cn", "qq.co", "qq.cm", "qq.om", "q.com", "qqq.com", "qq.com.cn",
    "163.cn", "163.co", "163.cm", "163.om", "136.com", "163.com.cn", "126.cn", "126.co", "126.cm", "162.com",
    "gmial.com", "gmai.com", "gamil.com", "gmal.com", "gnail.com", "gmail.co", "gmail.cm", "gmail.cn", "gmaill.com",
    "hotmial.com", "hotmai.com", "hotmal.com", "hotmail.co", "hotnail.com", "outlok.com", "outlook.co",
    "sian.com", "sina.cm", "sina.co", "foxmai.com", "foxmial.com", "yaho.com", "yahoo.co", "iclould.com",
    "icoud.com", "aliyum.com", "189.com", "136.cn",
})

_SPECIAL_USE_TLDS = frozenset({"arpa", "onion", "local", "localhost", "test", "invalid", "example", "internal"})
_SPLIT = re.compile(r"[;,，；/|、\s]+")
_LOCAL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_LABEL_PREFIX = re.compile(r"^(?:[^\x00-\x7f]+:?|e-?mail:)(?=[^@]*@)")
_ANGLE = re.compile(r"<([^<>]*@[^<>]*)>")
_AT_WORDS = re.compile(r"\s*(?:\(at\)|\[at\])\s*", re.I)
_AT_SPACES = re.compile(r"\s*@\s*")
# a remark in brackets before or after the address: 'zhang@huarui.cn（张伟）', '[工作]zhang@huarui.cn'
_REMARK = re.compile(r"^[\s(\[【]*[(\[【][^()\[\]【】@]*[)\]】]|[(\[【][^()\[\]【】@]*[)\]】]\s*$")
_TRIM = "<>()[]{}\"'.,;:。，；：、!！?？《》【】「」"
# at the start only what cannot begin an address; '.', '!', '?', '{' … are kept, so '.zhang@qq.com' stays invalid
_LEAD_TRIM = "<>()[]\"',;:。，；：、《》【】「」"


@lru_cache(maxsize=1)
def _tlds() -> frozenset[str]:
    text = files("dedupe").joinpath("data/tlds.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_tld(label: str) -> bool:
    """True when ``label`` (Unicode or punycode, any case) is a top-level domain
    of the Public Suffix List, special-use names excluded.

    >>> is_tld("com"), is_tld("CN"), is_tld("中国"), is_tld("xn--fiqs8s"), is_tld("con"), is_tld("onion")
    (True, True, True, True, False, False)
    """
    label = label.lower()
    if label.startswith("xn--"):
        try:
            label = label.encode("ascii").decode("idna")
        except UnicodeError:
            return False
    return label in _tlds() and label not in _SPECIAL_USE_TLDS


def _idna(domain: str) -> str:
    """The ASCII form of a domain, '' if it has a label IDNA cannot encode."""
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return ""


@lru_cache(maxsize=65536)
def _domain_problem(domain: str) -> tuple[str, str]:
    """(problem, ascii form) of a domain; cached, as a few domains (qq.com, 163.com) carry most addresses."""
    ascii_domain = _idna(domain)
    if not ascii_domain or len(ascii_domain) > 253:
        return "syntax", ""
    labels = ascii_domain.split(".")
    if len(labels) < 2:
        return "syntax", ""
    for label in labels:
        if not _LABEL.fullmatch(label) or (label[2:4] == "--" and not label.startswith("xn--")):
            return "syntax", ""
    if not is_tld(labels[-1]):
        return "tld", ""
    if domain in TYPO_DOMAINS:
        return "typo", ""
    return "", ascii_domain


def _problem(local: str, domain: str) -> tuple[str, str]:
    """(problem, ascii domain) of a split address; problem '' when valid."""
    if not local or len(local) > 64 or not local.isascii() or not _LOCAL.fullmatch(local):
        return "syntax", ""
    problem, ascii_domain = _domain_problem(domain)
    if not problem and len(local) + 1 + len(ascii_domain) > 254:
        return "syntax", ""
    return problem, ascii_domain


def parse_email(text: object) -> Email:
    """Parse and normalize one e-mail address into an :class:`Email`.

    >>> e = parse_email("mailto:Info@Huarui-Tech.com.cn")
    >>> e.address, e.domain, e.valid, e.free_mail
    ('info@huarui-tech.com.cn', 'huarui-tech.com.cn', True, False)
    >>> parse_email("zhang@@qq.com").valid, parse_email("").address
    (False, '')
    >>> parse_email("zhang@huarui.cn（张伟）").address  # a remark in brackets is no part of it
    'zhang@huarui.cn'
    """
    if is_blank(text):
        return Email("", "", "", "", False, False)
    raw = str(text)
    return _parse(raw, fold(raw))


def _parse(raw: str, address: str) -> Email:
    """:func:`parse_email` of ``raw`` once folded to ``address``."""
    if "<" in address:  # 'Zhang Wei <zhang@qq.com>', '"张伟" <zhang@qq.com>'
        m = _ANGLE.search(address)
        if m:
            address = m.group(1)
    address = address.lower().replace("。", ".")
    if "at" in address:  # 'zhang(at)huarui.cn', written so that harvesters miss it
        address = _AT_WORDS.sub("@", address)
    if "(" in address or "[" in address or "【" in address:
        address = _REMARK.sub(" ", address)
    address = address.replace(" ", "")
    if address.startswith("mailto:"):
        address = address[len("mailto:"):]
    if "@" in address and not address.isascii():
        # a label typed before the address: '邮箱:zhang@qq.com'
        address = _LABEL_PREFIX.sub("", address)
    elif address.startswith(("email:", "e-mail:")):
        address = address.partition(":")[2]
    address = address.lstrip(_LEAD_TRIM).rstrip(_TRIM)
    local, sep, domain = address.rpartition("@")
    if not sep:
        local, domain = address, ""
        problem, ascii_domain = "syntax", ""
    else:
        problem, ascii_domain = _problem(local, domain)
    valid = not problem
    qq = local if valid and domain in ("qq.com", "vip.qq.com") and local.isdigit() and 5 <= len(local) <= 11 \
        and local[0] != "0" else ""
    return Email(raw, address, local, domain, valid, valid and domain in FREE_MAIL_DOMAINS, problem, qq, ascii_domain)


def parse_emails(text: object) -> list[Email]:
    """Every address in a cell, in order, duplicates kept; ``[]`` for a blank cell.

    When the cell holds at least one ``@``, parts without one (a name, a label
    such as ``邮箱:``) are dropped; otherwise each part is an invalid address.

    >>> [(e.address, e.valid) for e in parse_emails("张伟 zhang@qq.com, wang@163.cm")]
    [('zhang@qq.com', True), ('wang@163.cm', False)]
    >>> [e.address for e in parse_emails('"Zhang Wei" <zhang@qq.com>; Li <li@huarui.cn>')]
    ['zhang@qq.com', 'li@huarui.cn']
    >>> [(e.address, e.valid) for e in parse_emails("zhangwei.qq.com")]
    [('zhangwei.qq.com', False)]
    >>> parse_emails(None)
    []
    """
    if is_blank(text):
        return []
    folded = fold(text)
    if "at" in folded or "AT" in folded or "At" in folded:
        folded = _AT_WORDS.sub("@", folded)
    if "@" not in folded:
        return [_parse(part, part) for part in _SPLIT.split(folded) if part.strip(_TRIM)]
    # spaces around '@' are typing noise, not separators
    if " @" in folded or "@ " in folded:
        folded = _AT_SPACES.sub("@", folded)
    return [_parse(part, part) for part in _SPLIT.split(folded) if "@" in part]
