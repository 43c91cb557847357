"""Where contact errors come from: missed and false pairs by what the two records share.

    python benchmarks/pair_errors.py OUT TRUTH      # OUT: a dedupe merge output directory

Every pair of records of one true person that dedupe left in two contacts (a
false negative), and every pair dedupe put in one contact that belongs to two
people (a false positive), is classed by the normalized fields the two records
hold equal (name, mobile, email, company_key, city; "nothing" when none).  Each
class is printed as a count and a share of the true pairs (false negatives) or
of the predicted pairs (false positives): run it on two sizes of generated data
(benchmarks/scale.py keeps their outputs) to see which kind of pair a larger
file gets wrong more often.  Figures only.
"""

from __future__ import annotations

import argparse
import collections

import numpy as np
import pandas as pd

FIELDS = ("name", "mobile", "email", "company_key", "city")


def pairs_within(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both positions of every pair of records sharing a label ('' is no label)."""
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    sizes = np.diff(np.r_[starts, len(labels)])
    left, right = [], []
    for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
        if sorted_labels[start] == "":
            continue
        a, b = np.triu_indices(size, 1)
        members = order[start:start + size]
        left.append(members[a])
        right.append(members[b])
    if not left:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(left), np.concatenate(right)


def shared(records: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> collections.Counter:
    """How many pairs hold each combination of equal, non-empty fields."""
    key = np.full(len(left), "", dtype=object)
    for f in FIELDS:
        v = records[f].to_numpy()
        same = (v[left] == v[right]) & (v[left] != "")
        key = np.where(same, np.where(key == "", f, key + "+" + f), key)
    key = np.where(key == "", "nothing", key)
    return collections.Counter(key.tolist())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="dedupe merge output directory (records.csv)")
    parser.add_argument("truth", help="CSV with source, row and the true contact column")
    parser.add_argument("--contact-column", default="contact")
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    records = pd.read_csv(f"{args.out}/records.csv", dtype=str, keep_default_na=False,
                          usecols=["source", "row", "contact_id", *FIELDS])
    truth = pd.read_csv(args.truth, dtype=str, keep_default_na=False, usecols=["source", "row", args.contact_column])
    records = records.merge(truth, on=["source", "row"], how="left").fillna({args.contact_column: ""})
    person = records[args.contact_column].to_numpy(dtype=object)
    contact = records["contact_id"].to_numpy(dtype=object)
    tl, tr = pairs_within(person)
    cl, cr = pairs_within(contact)
    fn = contact[tl] != contact[tr]
    fp = person[cl] != person[cr]
    print(f"true pairs {len(tl):,}  missed {fn.sum():,} ({fn.sum() / max(len(tl), 1):.2%})   "
          f"predicted pairs {len(cl):,}  false {fp.sum():,} ({fp.sum() / max(len(cl), 1):.2%})")
    for title, counts, total in (("missed pairs (share of true pairs)", shared(records, tl[fn], tr[fn]), len(tl)),
                                 ("false pairs (share of predicted pairs)", shared(records, cl[fp], cr[fp]), len(cl))):
        print(title)
        for k, v in counts.most_common(args.top):
            print(f"  {k:40} {v:10,} {v / max(total, 1):7.2%}")


if __name__ == "__main__":
    main()
