"""Chinese multi-source contacts: `dedupe merge` beside Splink 5 (DuckDB) on the same generated files.

    pip install -e '.[bench]'            # splink>=5,<6 (brings DuckDB)
    python benchmarks/splink_chinese.py                   # 20,000 records, seed 11
    python benchmarks/splink_chinese.py --records 50000 --seed 3 --keep /tmp/cn

The fixture generator (fixtures/generate.py) writes N records over six
sources and a truth.csv (source, row, contact, entity).

dedupe: ``python -m dedupe.cli merge <sources> --out DIR`` (default rules) in a
child process, scored with ``dedupe.evaluate.evaluate_output``; seconds are
the child's wall time.

Splink cannot read these sources as they are (six header layouts, full-width
digits, two phones in a cell, 张先生, pinyin names, company names in seven
spellings), so it is given our own cleansing: ``dedupe.pipeline.normalize_only``
(its seconds are printed beside Splink's, not added to them).  On the
normalized columns, all sources concatenated, dedupe_only:

comparisons
  name       null / surname-only name (张先生) with the same surname / exact name (TF) /
             exact pinyin / Jaro-Winkler pinyin >= 0.9 / else
  mobile     null / the cells' mobile sets intersect / else (a cell may hold two)
  phone      null / exact (TF) / same number, other extension / else
  email      Splink's EmailComparison (exact with TF, user part, Jaro-Winkler)
  company    null / exact company_key (TF) / else
  location   null city / same city and district / same city / else
  address    null / exact street-level address (TF) / Jaro-Winkler >= 0.9 / else
blocking     mobile (array exploded), email, name + city, name + company_key,
             pinyin + city (romanized names).  Not phone, nor surname + company_key:
             colleagues share a switchboard and a company, the two agreements are
             not independent: with both rules added Splink's cluster precision fell
             to 0.69, with surname + company_key alone to 0.91 (20,000 records, seed 11)
training     prior from deterministic rules (email; name + mobile cell) at an
             assumed recall of 0.6, u by random sampling, m by EM on
             name + city and on mobile
then predict and cluster_pairwise_predictions_at_threshold (default 0.9).
Splink's seconds: training + predicting + clustering.  Both tools' contacts
are scored by ``dedupe.evaluate.pairwise_scores``; "splink pairs" scores
Splink's predicted pairs at the threshold before clustering.  Figures only.
"""

from __future__ import annotations

import argparse
import sys
import time

import pandas as pd
from splink_runner import (
    HEADER,
    ROOT,
    add_common_options,
    cluster_scores,
    footer,
    pair_level,
    require_splink,
    run_dedupe_merge,
    run_splink,
    table_row,
    work_dir,
)

sys.path.insert(0, str(ROOT / "fixtures"))

import generate  # noqa: E402  (fixtures/generate.py)

from dedupe.evaluate import evaluate_output  # noqa: E402
from dedupe.pipeline import normalize_only  # noqa: E402


def splink_frame(records: pd.DataFrame):
    """The normalized records as the columns Splink compares (pyarrow: the mobile set is a list)."""
    import pyarrow as pa

    def col(name: str) -> pd.Series:
        s = records[name].astype(str).str.strip()
        return s.mask(s == "")

    address = records["address_key"].astype(str).str.partition("|")[2]
    frame = pd.DataFrame({
        "uid": records["source"].astype(str) + ":" + records["row"].astype(str),
        "name": col("name"),
        "surname": col("surname"),
        "pinyin": col("pinyin"),
        "mobile": col("mobile"),
        "mobiles": [sorted(set(m.split(";"))) if isinstance(m, str) else None for m in col("mobile")],
        "phone": col("phone"),
        "email": col("email"),
        "company_key": col("company_key"),
        "city": col("city"),
        "district": col("district"),
        "address": address.mask(address == ""),
    })
    frame["phone_base"] = frame["phone"].str.partition("x")[0].mask(frame["phone"].isna())
    return pa.Table.from_pandas(frame, preserve_index=False)


def splink_model():
    """Settings, deterministic rules, their assumed recall and the EM rules for the normalized contacts."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    name = cl.CustomComparison(output_column_name="name", comparison_levels=[
        cll.NullLevel("name"),
        cll.CustomLevel("(name_l = surname_l OR name_r = surname_r) AND surname_l = surname_r",
                        "surname-only name, same surname"),
        cll.ExactMatchLevel("name").configure(tf_adjustment_column="name"),
        cll.ExactMatchLevel("pinyin"),
        cll.JaroWinklerLevel("pinyin", 0.9),
        cll.ElseLevel(),
    ])
    phone = cl.CustomComparison(output_column_name="phone", comparison_levels=[
        cll.NullLevel("phone"),
        cll.ExactMatchLevel("phone").configure(tf_adjustment_column="phone"),
        cll.CustomLevel("phone_base_l = phone_base_r", "same number, other extension"),
        cll.ElseLevel(),
    ])
    company = cl.CustomComparison(output_column_name="company_key", comparison_levels=[
        cll.NullLevel("company_key"),
        cll.ExactMatchLevel("company_key").configure(tf_adjustment_column="company_key"),
        cll.ElseLevel(),
    ])
    location = cl.CustomComparison(output_column_name="location", comparison_levels=[
        cll.NullLevel("city"),
        cll.CustomLevel("city_l = city_r AND district_l = district_r", "same city and district"),
        cll.ExactMatchLevel("city"),
        cll.ElseLevel(),
    ])
    address = cl.CustomComparison(output_column_name="address", comparison_levels=[
        cll.NullLevel("address"),
        cll.ExactMatchLevel("address").configure(tf_adjustment_column="address"),
        cll.JaroWinklerLevel("address", 0.9),
        cll.ElseLevel(),
    ])
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="uid",
        comparisons=[name, cl.ArrayIntersectAtSizes("mobiles", [1]), phone, cl.EmailComparison("email"),
                     company, location, address],
        blocking_rules_to_generate_predictions=[
            block_on("mobiles", arrays_to_explode=["mobiles"]),
            block_on("email"),
            block_on("name", "city"),
            block_on("name", "company_key"),
            block_on("pinyin", "city"),
        ],
    )
    deterministic = [block_on("email"), block_on("name", "mobile")]
    em_rules = [block_on("name", "city"), block_on("mobiles")]
    return settings, deterministic, 0.6, em_rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    add_common_options(parser, "keep the generated data and dedupe's output in this directory")
    args = parser.parse_args()
    splink = None if args.no_splink else require_splink()

    with work_dir(args.keep, "dedupe-splink-cn-") as work:
        data = work / "data"
        generate.write_records(data, args.records, args.seed)
        truth_path = data / "truth.csv"
        inputs = sorted(p for p in data.glob("*.csv") if p.name != "truth.csv")
        truth = pd.read_csv(truth_path, dtype=str, keep_default_na=False)
        truth["uid"] = truth["source"] + ":" + truth["row"]
        label = "contacts"

        print(HEADER, flush=True)
        if not args.no_dedupe:
            wall = run_dedupe_merge(inputs, work / "dedupe-out")
            scores = evaluate_output(work / "dedupe-out", truth_path)
            e = scores["entities"]
            print(table_row(label, "dedupe", len(truth), scores["contacts"], wall,
                            f"(entities P {e['precision']:.4f} R {e['recall']:.4f} F1 {e['f1']:.4f})"), flush=True)
        if not args.no_splink:
            t0 = time.perf_counter()
            records = normalize_only(inputs)
            normalize_seconds = time.perf_counter() - t0
            table = splink_frame(records)
            settings, deterministic, recall, em_rules = splink_model()
            run = run_splink([table], ["contacts"], settings, uid="uid", em_rules=em_rules,
                             deterministic_rules=deterministic, recall=recall, max_pairs=args.max_pairs,
                             seed=args.seed, threshold=args.splink_threshold, verbose=args.verbose)
            stages = " ".join(f"{k} {v:.1f}" for k, v in run.stages.items())
            print(table_row(label, "splink", len(records), cluster_scores(run.clusters, truth[["uid", "contact"]]
                                                                          .rename(columns={"contact": "label"})),
                            run.seconds, f"({stages}; + normalize_only {normalize_seconds:.1f}; "
                            f"P(match) {run.probability_two_random_records_match:.2e})"), flush=True)
            contact_of = truth.set_index("uid")["contact"]
            pairs = pair_level(run.pairs, lambda uids: uids.map(contact_of), truth["contact"])
            print(table_row(label, "splink pairs", len(records), pairs, None,
                            f"({pairs['predicted_pairs']} pairs >= {args.splink_threshold}, "
                            f"{pairs['true_pairs']} true)"), flush=True)
        print(footer(args, splink, work, f"records {len(truth):,} (seed {args.seed})  "))


if __name__ == "__main__":
    main()
