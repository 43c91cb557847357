"""Text folding shared by every parser.

Chinese exports mix full-width and half-width forms (＃１８号, （北京）),
odd whitespace (ideographic space U+3000, non-breaking space), invisible
control characters, and traditional characters.  Every parser starts from
:func:`fold`, which makes those variants equal, and uses
:func:`to_simplified` where traditional characters may occur.

>>> fold("  字节跳动（北京）\u3000科技 ")
'字节跳动(北京) 科技'
>>> fold("１３８ ００１３ ８０００")
'138 0013 8000'
>>> to_simplified("張偉 廣東省")
'张伟 广东省'
>>> is_blank(None), is_blank(" nan "), is_blank("0")
(True, True, False)
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "to_simplified", "is_blank", "clean", "strip_spaces"]

# control and format characters; and lone surrogates (a frame's text from bytes decoded with
# surrogateescape, a JSON "\ud800"), which are no characters and which OpenCC cannot encode
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff"
                      r"\ud800-\udfff]")
# values that spreadsheets and databases write for "nothing"
_BLANKS = frozenset({"", "nan", "none", "null", "n/a", "na", "-", "--", "无", "暂无", "空", "/", "\\"})
_LONGEST_BLANK = max(map(len, _BLANKS))


def is_blank(value: object) -> bool:
    """True for None, NaN and the placeholders exports write for an empty cell.

    >>> is_blank("暂无"), is_blank("张伟")
    (True, False)
    """
    if value.__class__ is str:
        value = value.strip()
        # no placeholder is longer than _LONGEST_BLANK: most cells are decided by length
        return len(value) <= _LONGEST_BLANK and value.lower() in _BLANKS
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return str(value).strip().lower() in _BLANKS


def fold(value: object) -> str:
    """NFKC-fold ``value``: full-width to half-width, control characters
    removed, runs of whitespace to one space, ends stripped.

    >>> fold("Ｚｈａｎｇ　Ｗｅｉ")
    'Zhang Wei'
    """
    if isinstance(value, str) and value.isascii() and value.isprintable():
        # printable ASCII is its own NFKC form with no control characters: only spaces to fold
        text = " ".join(value.split())
        return "" if text.lower() in _BLANKS else text
    if is_blank(value):
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    if not text.isprintable():  # every _CONTROL character is unprintable: most text has none
        text = _CONTROL.sub("", text)
    # runs of whitespace to one space, ends stripped (str.split() splits where re's \s
    # matches: both are Py_UNICODE_ISSPACE)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified characters (OpenCC ``t2s``).

    >>> to_simplified("臺灣")
    '台湾'
    """
    if not text or text.isascii():
        return text
    return _converter().convert(text)


def clean(value: object) -> str:
    """:func:`fold` then :func:`to_simplified`.

    >>> clean("廣州市　天河區")
    '广州市 天河区'
    """
    return to_simplified(fold(value))


def strip_spaces(text: str) -> str:
    """Remove every space (Chinese text has none between words).

    >>> strip_spaces("张 伟")
    '张伟'
    """
    return text.replace(" ", "")
