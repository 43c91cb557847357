"""Record flags: what is missing or invalid in each input row.

``flags`` in ``records.csv`` is a ``;``-separated list of these codes, in
this order, so that the same row always gets the same string.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["FLAGS", "record_flags"]

FLAGS = (
    "missing_name",
    "honorific_only",
    "several_names",
    "missing_phone",
    "invalid_phone",
    "missing_email",
    "invalid_email",
    "missing_address",
    "unparsed_address",
    "missing_company",
    "invalid_id",
    "malformed_row",
)


def record_flags(std: pd.DataFrame) -> pd.Series:
    """The ``flags`` string of every standardized record."""
    conditions = {
        # blank, or a placeholder such as 未知 / 客户 / 先生 that names nobody
        "missing_name": std["name"] == "",
        "honorific_only": std["honorific_only"],
        # the cell names more than one person (张伟/李娜): the record is about the first
        "several_names": std["name_others"] != "",
        "missing_phone": ~std["phone_present"],
        "invalid_phone": std["phone_invalid"],
        "missing_email": ~std["email_present"],
        "invalid_email": std["email_invalid"],
        "missing_address": (std["address"] == "") & (std["city"] == ""),
        "unparsed_address": (std["address"] != "") & ~std["address_parsed"],
        "missing_company": std["raw_company_blank"],
        "invalid_id": std["id_invalid"],
        "malformed_row": std["malformed"],
    }
    # each row's flags as bits of one integer; the few distinct sets are joined once
    bits = np.zeros(len(std), dtype=np.int64)
    for i, flag in enumerate(FLAGS):
        bits |= conditions[flag].to_numpy(dtype=bool).astype(np.int64) << i
    sets, codes = np.unique(bits, return_inverse=True)
    joined = np.array([";".join(f for i, f in enumerate(FLAGS) if int(b) >> i & 1) for b in sets], dtype=object)
    return pd.Series(joined[codes.reshape(-1)] if len(std) else [], index=std.index, dtype=object)
