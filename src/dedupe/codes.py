"""Integer codes for the distinct values of an array, safe for any string.

``pd.factorize`` is the fast way, but pandas' string hash table stops at a NUL
character and would merge ``'a'`` with ``'a\\0'``: two different cells would
then share one parse.  :func:`factorize` uses it only when no value holds a NUL.

>>> import numpy as np
>>> codes, values = factorize(np.array(["b", "a", "b", "a\\0"], dtype=object))
>>> codes.tolist(), values
([0, 1, 0, 2], ['b', 'a', 'a\\x00'])
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["factorize"]


def factorize(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Code of each value (numbered by first appearance) and the distinct values; a
    missing value (None, NaN) is a value of its own."""
    items = values.tolist()
    if any(isinstance(v, str) and "\0" in v for v in items):
        index: dict[Any, int] = {}
        codes = np.fromiter((index.setdefault(v, len(index)) for v in items), dtype=np.int64, count=len(items))
        return codes, list(index)
    codes, uniques = pd.factorize(values)
    if len(codes) and codes.min() < 0:
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64), list(uniques)
