"""Integer codes for the distinct values of an array, safe for any string.

``pd.factorize`` is the fast way, but pandas' string hash table stops at a NUL
character and would merge ``'a'`` with ``'a\\0'``; and a lone surrogate
(``'\\ud800'``, which has no UTF-8 form) makes it merge the next distinct value
into that one, on the first call only.  Two different cells would then share one
parse.  :func:`factorize` uses it only when no value holds either.

>>> import numpy as np
>>> codes, values = factorize(np.array(["b", "a", "b", "a\\0"], dtype=object))
>>> codes.tolist(), values
([0, 1, 0, 2], ['b', 'a', 'a\\x00'])
>>> factorize(np.array(["a\\ud800", "b"], dtype=object))[0].tolist()
[0, 1]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["factorize", "pandas_safe", "string_codes"]


def pandas_safe(values: Iterable[Any]) -> bool:
    """True when pandas' string hash table can take ``values``: no string holds a NUL or
    a lone surrogate (one join and one encoding, far faster than a test per value)."""
    if not isinstance(values, list):
        values = list(values)
    try:  # all strings, the usual case: one join without a test per value
        text = "".join(values)
    except TypeError:
        text = "".join(v for v in values if isinstance(v, str))
    if "\0" in text:
        return False
    try:  # strict UTF-8 refuses exactly the surrogates, in C and faster than a regex
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def factorize(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Code of each value (numbered by first appearance) and the distinct values; a
    missing value (None, NaN) is a value of its own."""
    if values.dtype.kind in "biufcmM":  # numbers, booleans and times hold no string
        return _pandas_factorize(values)
    items = values.tolist()
    if not pandas_safe(items):
        index: dict[Any, int] = {}
        codes = np.fromiter((index.setdefault(v, len(index)) for v in items), dtype=np.int64, count=len(items))
        return codes, list(index)
    return _pandas_factorize(values)


def _pandas_factorize(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    codes, uniques = pd.factorize(values)
    if len(codes) and codes.min() < 0:
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64), list(uniques)


def string_codes(values: np.ndarray) -> np.ndarray:
    """Integer codes of an array of strings, numbered by first appearance, ``''`` as -1:
    equal codes are equal strings (comparisons test equality on them).  Arrow hashes the
    UTF-8 bytes (a NUL is a character like any other); a lone surrogate, which has no
    UTF-8 form, or a value that is not a string goes the way of :func:`factorize`.

    >>> string_codes(np.array(["b", "", "a", "b", "a\\0"], dtype=object)).tolist()
    [0, -1, 2, 0, 3]
    >>> string_codes(np.array(["a\\ud800", "", "a\\ud800"], dtype=object)).tolist()
    [0, -1, 0]
    """
    import pyarrow as pa

    try:
        encoded = pa.array(values, type=pa.string(), from_pandas=False).dictionary_encode()
    except (pa.ArrowException, UnicodeEncodeError, TypeError):
        encoded = None
    if encoded is None or encoded.null_count:  # None is not a string: keep it apart from every string
        codes, uniques = factorize(values)
        empty = next((i for i, v in enumerate(uniques) if v == ""), -1)
    else:
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        empty = encoded.dictionary.index("").as_py()
    return np.where(codes == empty, -1, codes) if empty >= 0 else codes
