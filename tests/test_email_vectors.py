"""External e-mail vectors: every input of email-validator 2.4.0's syntax tests.

Source: email_validator-2.4.0.tar.gz from the package index (The Unlicense), ``tests/test_syntax.py``:
the first argument of each parametrized test, copied to ``tests/data/email_validator_vectors.json``
keyed by test name; ``test_pyisemail_tests`` carries each input's is_email diagnosis
(Dominic Sayers' is_email test set, as email-validator ships it).

email-validator's verdict is the default expectation.  Where this project decides otherwise the
vector is listed below with the reason, one policy per list (see ``dedupe.normalize.email``):
refused (stricter: real TLDs only, no quoted or SMTPUTF8 local parts), repaired (cleansing that
email-validator leaves to its caller: whitespace and control characters, NFKC, display names,
stray brackets and quotes, trailing dots, a non-ASCII label before the address), or not checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedupe.normalize.email import parse_email

VECTORS = json.loads((Path(__file__).parent / "data" / "email_validator_vectors.json").read_text(encoding="utf-8"))

VALID_TESTS = ("test_email_valid", "test_email_valid_intl_local_part", "test_email_valid_only_if_quoted_local_part")


def _cases() -> list[tuple[str, str, bool]]:
    """(test name, input, email-validator's verdict: valid in its default mode)."""
    out = []
    for test, items in VECTORS.items():
        if test.startswith("_"):
            continue
        for item in items:
            text, status = item if isinstance(item, list) else (item, None)
            if test == "test_pyisemail_tests":
                valid = status == "ISEMAIL_VALID"
            else:
                # the intl-local-part and quoted tests are valid only with options (SMTPUTF8, quoted
                # local parts) that this project's policy refuses
                valid = test == "test_email_valid"
            out.append((test, text, valid))
    return out


CASES = _cases()

# email-validator valid; refused here
REFUSED = {
    "Abc@example.tld": "tld",  # .tld is not a delegated top-level domain
    "user+mailbox/department=shipping@example.tld": "tld",
    "!#$%&'*+-/=?^_`.{|}~@example.tld": "tld",
    "test@xn--hxajbheg2az3al.xn--jxalpdlp": "tld",  # IANA's withdrawn test TLD δοκιμή
    '"quoted local part"@example.org': "syntax",  # quoted local parts
    '"de-quoted.local.part"@example.org': "syntax",
    '"unnecessary.escaped.\\x.local.part"@example.org': "syntax",
    '"escaped.quote.\\".local.part"@example.org': "syntax",
    '"My.\\"Na\\\\me\\".Is" <"me \\" \\\\ me"@example.org>': "syntax",
}

# email-validator invalid (it expects a caller to have cleaned the input); read here, with the result
REPAIRED = {
    "my@trailingdot.com.": "my@trailingdot.com",  # trailing dot trimmed
    "my@trailingfwdot.com．": "my@trailingfwdot.com",
    "test@iana.org.": "test@iana.org",
    "my@example.com\n": "my@example.com",  # whitespace and control characters removed
    "my@example\n.com": "my@example.com",
    "\nmy@example.com": "my@example.com",
    "m\ny@example.com": "my@example.com",
    "my\n@example.com": "my@example.com",
    "test@iana.org\n": "test@iana.org",
    "\ntest@iana.org": "test@iana.org",
    " test @iana.org": "test@iana.org",
    "test@ iana .com": "test@iana.com",
    "test . test@iana.org": "test.test@iana.org",
    "test@iana.org\r": "test@iana.org",
    "\rtest@iana.org": "test@iana.org",
    " test@iana.org": "test@iana.org",
    "test@iana.org ": "test@iana.org",
    "\u1fef@example.com": "`@example.com",  # NFKC: Greek varia is a grave accent, plain ASCII atext
    "me@⒈wouldbeinvalid.com": "me@1.wouldbeinvalid.com",  # NFKC: ⒈ is '1.'
    "<me@example.com>": "me@example.com",  # angle brackets and display names
    "<me@example.com": "me@example.com",
    "<me@example.com> !": "me@example.com",
    "<me@example.com>>": "me@example.com",
    "DisplayName <me@example.com>": "me@example.com",
    "Display Name <me@example.com>": "me@example.com",
    '"Display Name" <me@example.com>': "me@example.com",
    "Display.Name <me@example.com>": "me@example.com",
    '"Display.Name" <me@example.com>': "me@example.com",
    "Display Name <me@example.com>>": "me@example.com",
    "Display Name <me@example.com>>>": "me@example.com",
    '"test@iana.org': "test@iana.org",  # a stray quote or bracket at either end (CSV debris)
    "(test@iana.org": "test@iana.org",
    "(\x7f)test@iana.org": "test@iana.org",  # control character removed, then empty brackets
    "(\r)test@iana.org": "test@iana.org",
    "test@iana.org(\r)": "test@iana.org",
    "(\n)test@iana.org": "test@iana.org",
    "(\x07)test@iana.org": "test@iana.org",
    # a remark in brackets before or after the address ('[工作]zhang@…', 'zhang@…（张伟）'; RFC 5322 calls
    # it a comment) is no part of it; inside the address it stays a syntax error
    "(comment)test@iana.org": "test@iana.org",
    "((comment)test@iana.org": "test@iana.org",
    "(comment\\)test@iana.org": "test@iana.org",
    "test@iana.org(comment\\)": "test@iana.org",
    "(comment)abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghiklm@iana.org":
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghiklm@iana.org",
    # a non-ASCII run right before an ASCII address is read as a label ('邮箱', '张伟zhang@…')
    "<\u0338me@example.com": "me@example.com",
    "<\u0301\u0338me@example.com": "me@example.com",
    "\ufb2c111111122222222223333333333444444444455555555556666666666777777@example.com":
        "111111122222222223333333333444444444455555555556666666666777777@example.com",
}
REPAIRED.update({
    text: "test@iana.org" for text, status in (i for i in VECTORS["test_pyisemail_tests"] if isinstance(i, list))
    if "\r\n" in text and text.replace("\r\n", "").strip() == "test@iana.org"  # folding white space (CRLF runs)
})

# email-validator invalid by IDNA2008's bidi rule on punycode labels; not checked here
NOT_CHECKED = {"me@1.xn--4dbc.com", "me@xn--4dbc.1.com", "me@1.xn--4dbrk0ce"}


def test_vector_file_is_complete() -> None:
    counts = {test: len(items) for test, items in VECTORS.items() if not test.startswith("_")}
    assert counts["test_email_invalid_syntax"] == 83 and counts["test_pyisemail_tests"] == 150
    assert sum(counts.values()) == 285
    listed = set(REFUSED) | set(REPAIRED) | NOT_CHECKED
    assert listed <= {text for _, text, _ in CASES}  # every exception names a real vector


@pytest.mark.parametrize(("test", "text", "ev_valid"), CASES, ids=[f"{t}-{i}" for i, (t, _, _) in enumerate(CASES)])
def test_email_validator_vector(test: str, text: str, ev_valid: bool) -> None:
    if text in NOT_CHECKED:
        pytest.skip("IDNA2008 bidi rule on punycode labels is not checked")
    e = parse_email(text)
    if text in REFUSED:
        assert (e.valid, e.problem) == (False, REFUSED[text])
    elif text in REPAIRED:
        assert (e.valid, e.address) == (True, REPAIRED[text])
    elif ev_valid:
        assert e.valid and e.problem == "", text
        assert e.address == e.address.lower() and e.local + "@" + e.domain == e.address
    else:
        assert not e.valid and e.problem in ("syntax", "tld"), text
        assert not e.free_mail and e.qq == ""


def test_idn_domains_from_the_vectors() -> None:
    e = parse_email("jeff@臺網中心.tw")
    assert (e.valid, e.domain, e.domain_ascii) == (True, "臺網中心.tw", "xn--fiqq24b10vi0d.tw")
    e = parse_email("me@גבריאל.xn--4dbrk0ce.il")
    assert e.valid and e.domain_ascii.endswith(".xn--4dbrk0ce.il")
