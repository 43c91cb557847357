"""Precision and recall of record flags against the fixture generator's hard-case tags.

    python benchmarks/flag_accuracy.py --records 20000 --seed 11

The generator (fixtures/generate.py) knows which rows it wrote with a broken
phone (Excel-mangled 1.38001E+10, a dropped digit, a masked 138****8000), an
invalid email, or only a surname and an honorific; `dedupe normalize` flags
rows on its own.  For each flag the two are compared row by row.  Figures only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fixtures"))

import generate  # noqa: E402  (fixtures/generate.py)

from dedupe.pipeline import normalize_only  # noqa: E402

# record flag -> the generator's tag for the same thing
FLAGS = {"invalid_phone": "invalid_phone", "invalid_email": "invalid_email", "honorific_only": "honorific_only"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--show", type=int, default=0, help="print up to N wrongly flagged and missed rows per flag")
    args = parser.parse_args()

    frames, truth = generate.generate_tagged(generate.people_for(args.records), args.seed)
    t0 = time.perf_counter()
    records = normalize_only(frames)
    seconds = time.perf_counter() - t0
    rows = records[["source", "row", "flags"]].merge(truth[["source", "row", "tags"]], on=["source", "row"],
                                                     validate="one_to_one")
    print(f"{len(rows):,} records (seed {args.seed}), normalized in {seconds:.1f} s")
    print(f"{'flag':16}{'precision':>10}{'recall':>10}{'tagged':>8}{'flagged':>9}")
    flagged_sets = rows["flags"].str.split(";").map(set)
    tag_sets = rows["tags"].str.split(";").map(set)
    for flag, tag in FLAGS.items():
        pred = flagged_sets.map(lambda s, f=flag: f in s)
        true = tag_sets.map(lambda s, t=tag: t in s)
        hit = int((pred & true).sum())
        precision = hit / pred.sum() if pred.sum() else float("nan")
        recall = hit / true.sum() if true.sum() else float("nan")
        print(f"{flag:16}{precision:>10.4f}{recall:>10.4f}{int(true.sum()):>8}{int(pred.sum()):>9}")
        if args.show:
            cells = [c for c in records.columns if c not in ("contact_id", "entity_id")]
            for label, mask in (("flagged, not tagged", pred & ~true), ("tagged, not flagged", ~pred & true)):
                wrong = records.loc[mask.to_numpy(), cells].head(args.show)
                if len(wrong):
                    print(f"  {label}:")
                    print(wrong.to_string(max_colwidth=40))


if __name__ == "__main__":
    main()
