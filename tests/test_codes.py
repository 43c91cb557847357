"""Codes by shared objects give exactly the codes by value (dedupe.codes)."""

from __future__ import annotations

import numpy as np
import pytest

from dedupe.codes import _factorize_values, _string_codes, factorize, object_identities, string_codes

# texts pandas' hash table gets wrong (NUL, lone surrogate), a missing value of each kind, and
# a number equal to True: each must stay its own value however the cells share objects
AWKWARD = ["北京市", "a", "a\0", "a\ud800", "", None, np.nan, "张伟", 1, True, "1"]


def _copy(value: object) -> object:
    """An equal value in a new object (a str built again), so that one text is in two objects."""
    return "".join(["", value, "x"])[:-1] if isinstance(value, str) else value


def _column(n: int, fresh_share: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(AWKWARD), n)
    fresh = rng.random(n) < fresh_share
    return np.array([_copy(AWKWARD[k]) if f else AWKWARD[k] for k, f in zip(picks, fresh, strict=True)],
                    dtype=object)


@pytest.mark.parametrize("fresh_share", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("n", [5, 3000, 20_000])
def test_factorize_by_objects_equals_by_value(n: int, fresh_share: float) -> None:
    values = _column(n, fresh_share, seed=n)
    codes, uniques = factorize(values)
    expected_codes, expected_uniques = _factorize_values(values)
    assert codes.tolist() == expected_codes.tolist()
    assert [repr(u) for u in uniques] == [repr(u) for u in expected_uniques]
    # and by value means by value: 'a', 'a\0' and 'a\ud800' three values, each the same in every cell
    code_of: dict[str, set[int]] = {}
    for v, c in zip(values.tolist(), codes.tolist(), strict=True):
        if isinstance(v, str):
            code_of.setdefault(v, set()).add(c)
    assert all(len(c) == 1 for c in code_of.values())
    assert len({min(code_of[t]) for t in ("a", "a\0", "a\ud800") if t in code_of}) == len(
        [t for t in ("a", "a\0", "a\ud800") if t in code_of])

@pytest.mark.parametrize("fresh_share", [0.0, 0.5])
def test_string_codes_by_objects_equal_by_value(fresh_share: float) -> None:
    texts = [v for v in AWKWARD if isinstance(v, str)]
    rng = np.random.default_rng(7)
    values = np.array([_copy(texts[k]) if rng.random() < fresh_share else texts[k]
                       for k in rng.integers(0, len(texts), 10_000)], dtype=object)
    codes = string_codes(values)
    assert codes.tolist() == _string_codes(values).tolist()
    assert all((c == -1) == (v == "") for c, v in zip(codes.tolist(), values.tolist(), strict=True))


def test_object_identities_tell_objects_not_values() -> None:
    a, b = "上海市", _copy("上海市")
    assert a == b and a is not b
    same, first = object_identities(np.array([a, b, a, b, None], dtype=object))
    assert same.tolist() == [0, 1, 0, 1, 2] and first.tolist() == [0, 1, 4]
    same, first = object_identities(np.array([a, b, a], dtype=object)[::2])  # a strided view
    assert same.tolist() == [0, 0] and first.tolist() == [0]
