"""Integer codes for the distinct values of an array, safe for any string.

``pd.factorize`` is the fast way, but pandas' string hash table stops at a NUL
character and would merge ``'a'`` with ``'a\\0'``; and a lone surrogate
(``'\\ud800'``, which has no UTF-8 form) makes it merge the next distinct value
into that one, on the first call only.  Two different cells would then share one
parse.  :func:`factorize` uses it only when no value holds either.

Hashing text costs; most cells of a large column are not distinct objects,
though (a parse's result handed to every cell that held its text, a level name,
a source's name, pyarrow's deduplicated strings).  Cells that hold the very
same object hold one value, which :func:`object_identities` finds from the
objects' addresses alone: the functions here hash each distinct object's text
once, not each cell's.

>>> import numpy as np
>>> codes, values = factorize(np.array(["b", "a", "b", "a\\0"], dtype=object))
>>> codes.tolist(), values
([0, 1, 0, 2], ['b', 'a', 'a\\x00'])
>>> factorize(np.array(["a\\ud800", "b"], dtype=object))[0].tolist()
[0, 1]
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["factorize", "object_identities", "pandas_safe", "string_codes"]

# below this many cells, hashing every cell costs less than finding shared objects first
_SHARED_MIN = 1024


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


def object_identities(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For an object array: the number of each cell's object (numbered by first appearance) and
    where each object first appears.  Cells with one number hold the very same object, so one
    value; two numbers may still be equal values (two objects of one text).

    >>> a = "北京"
    >>> same, first = object_identities(np.array([a, "x", a, None, None], dtype=object))
    >>> same.tolist(), first.tolist()
    ([0, 1, 0, 2, 2], [0, 1, 3])
    """
    n = len(values)
    if not n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    values = np.ascontiguousarray(values)
    # an object array is an array of object pointers: read them as integers (copied while
    # ``values``, which keeps the objects alive, is still here)
    address = np.ctypeslib.as_array((ctypes.c_ssize_t * n).from_address(values.ctypes.data)).copy()
    same, distinct = pd.factorize(address)
    first = np.full(len(distinct), n, dtype=np.int64)
    np.minimum.at(first, same, np.arange(n, dtype=np.int64))
    return same.astype(np.int64, copy=False), first


def _by_objects(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`object_identities` where finding shared objects pays (a large object column with
    few distinct objects), else None."""
    if values.dtype != object or len(values) < _SHARED_MIN:
        return None
    # a column of distinct objects would cost a pass for nothing: judge by its first cells
    probe = object_identities(values[:_SHARED_MIN])[1]
    if len(probe) * 4 > _SHARED_MIN * 3:
        return None
    same, first = object_identities(values)
    return (same, first) if len(first) * 4 <= len(values) * 3 else None


def factorize(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Code of each value (numbered by first appearance) and the distinct values; a
    missing value (None, NaN) is a value of its own."""
    if values.dtype.kind in "biufcmM":  # numbers, booleans and times hold no string
        return _pandas_factorize(values)
    shared = _by_objects(values)
    if shared is not None:  # each distinct object's value once; first appearances keep the numbering
        same, first = shared
        codes, uniques = _factorize_values(values[first])
        return codes[same], uniques
    return _factorize_values(values)


def _factorize_values(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
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
    shared = _by_objects(values)
    if shared is not None:  # each distinct object's text once; first appearances keep the numbering
        same, first = shared
        return _string_codes(values[first])[same]
    return _string_codes(values)


def _string_codes(values: np.ndarray) -> np.ndarray:
    import pyarrow as pa

    try:
        encoded = pa.array(values, type=pa.string(), from_pandas=False).dictionary_encode()
    except (pa.ArrowException, UnicodeEncodeError, TypeError):
        encoded = None
    if encoded is None or encoded.null_count:  # None is not a string: keep it apart from every string
        codes, uniques = _factorize_values(values)
        empty = next((i for i, v in enumerate(uniques) if v == ""), -1)
    else:
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        empty = encoded.dictionary.index("").as_py()
    return np.where(codes == empty, -1, codes) if empty >= 0 else codes
