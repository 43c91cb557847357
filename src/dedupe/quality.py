"""Record flags: what is missing or invalid in each input row.

``flags`` in ``records.csv`` is a ``;``-separated list of these codes, in
this order, so that the same row always gets the same string.
"""

from __future__ import annotations

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
    columns = [conditions[f].to_numpy(dtype=bool) for f in FLAGS]
    return pd.Series(
        [";".join(f for f, on in zip(FLAGS, row, strict=True) if on) for row in zip(*columns, strict=True)]
        if len(std) else [],
        index=std.index,
        dtype=object,
    )
