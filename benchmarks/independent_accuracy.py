"""Accuracy of `dedupe merge` on data it was not tuned on: the independent generator's sets.

    python benchmarks/independent_accuracy.py                        # 4000 people seed 1, 4500 people seed 2
    python benchmarks/independent_accuracy.py --sets 4000:1 8000:3   # PEOPLE:SEED, as many as wanted
    python benchmarks/independent_accuracy.py --keep /tmp/ind        # keep the data and outputs there

For each set, benchmarks/independent_generator.py (written apart from fixtures/generate.py and
from dedupe's code, so with formats and habits of its own) writes five sources (crm.csv, expo.xlsx,
orders.csv in GBK, tickets.csv, wechat.csv) and truth.csv into ``WORK/data-PEOPLE-seed-SEED``.  The
installed ``dedupe merge`` then runs on the five sources in a child process (``--quiet``, default
rules) into ``WORK/out-PEOPLE-seed-SEED``, and ``dedupe evaluate --json`` scores its contacts and
entities against the truth: pairwise precision, recall and F1.  ``seconds`` is the merge's wall time.
The ``invalid_phone`` flag is scored per row against the truth's ``phone_fault`` (issue 5): recall
over the rows given an invalid number (a digit dropped or doubled, an Excel-mangled number),
precision over the flagged rows, a flag being right where the row holds an invalid number, a
landline without its area code, or a landline the numbering plan has no such number for.

With ``--splink``, Splink 5 (DuckDB) runs on each set too, with the model of
``benchmarks/splink_chinese.py`` (its blocking, comparisons and training) given dedupe's
cleansing (``normalize_only`` of the same five sources, its seconds not counted): a
``splink`` row under the set's, with Splink's train + predict + cluster seconds and its
contacts scored the same way (entities and the phone flag are dedupe's alone).

WORK is a temporary directory, removed at the end, unless ``--keep DIR`` is given.  Needs Faker
(``pip install faker``), besides openpyxl and pypinyin; ``--splink`` needs splink>=5,<6
(``pip install -e '.[bench]'``).  Figures only: nothing here asserts a score.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import independent_generator  # noqa: E402  (benchmarks/independent_generator.py)

SOURCES = ["crm.csv", "expo.xlsx", "orders.csv", "tickets.csv", "wechat.csv"]
HEADER = (f"{'set':<16}{'records':>8}{'seconds':>9}  {'contact P':>9}{'R':>8}{'F1':>8}  "
          f"{'entity P':>9}{'R':>8}{'F1':>8}  {'invalid_phone R':>15}{'P':>8}")


def dedupe_command() -> list[str]:
    """The ``dedupe`` console script next to this Python, else ``python -m dedupe.cli``."""
    script = Path(sys.executable).with_name("dedupe")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dedupe.cli"]


def run(cmd: list[str]) -> str:
    """stdout of ``cmd``; exits with its stderr when it fails."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"{' '.join(cmd[:3])} ... failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def set_name(people: int, seed: int) -> str:
    """A set's name, as its data and output directories carry it: 4000-seed-1."""
    return f"{people}-seed-{seed}"


def one_set(work: Path, people: int, seed: int) -> str:
    """Generate, merge and score one set; its table row."""
    name = set_name(people, seed)
    data, out = work / f"data-{name}", work / f"out-{name}"
    independent_generator.generate(data, people, seed)
    dedupe = dedupe_command()
    t0 = time.perf_counter()
    run([*dedupe, "merge", *(str(data / s) for s in SOURCES), "--out", str(out), "--quiet"])
    seconds = time.perf_counter() - t0
    scores = json.loads(run([*dedupe, "evaluate", str(out), "--truth", str(data / "truth.csv"), "--json"]))
    records = json.loads((out / "run.json").read_text(encoding="utf-8"))["counts"]["records"]
    c, e = scores["contacts"], scores["entities"]
    recall, precision = phone_flag_scores(out / "records.csv", data / "truth.csv")
    return (f"{name:<16}{records:>8,}{seconds:>9.1f}  {c['precision']:>9.4f}{c['recall']:>8.4f}{c['f1']:>8.4f}  "
            f"{e['precision']:>9.4f}{e['recall']:>8.4f}{e['f1']:>8.4f}  {recall:>15.4f}{precision:>8.4f}")


def splink_row(work: Path, people: int, seed: int) -> str:
    """Splink 5 with splink_chinese's model on one generated set (after :func:`one_set`)."""
    import pandas as pd
    from splink_chinese import splink_frame, splink_model
    from splink_runner import cluster_scores, run_splink

    from dedupe.pipeline import normalize_only

    data = work / f"data-{set_name(people, seed)}"
    records = normalize_only([data / s for s in SOURCES])
    settings, deterministic, recall, em_rules = splink_model()
    result = run_splink([splink_frame(records)], ["contacts"], settings, uid="uid", em_rules=em_rules,
                        deterministic_rules=deterministic, recall=recall, max_pairs=5e6, seed=seed, threshold=0.9)
    truth = pd.read_csv(data / "truth.csv", dtype=str, keep_default_na=False)
    truth["uid"] = truth["source"] + ":" + truth["row"]
    c = cluster_scores(result.clusters, truth[["uid", "contact"]].rename(columns={"contact": "label"}))
    return f"{'  splink':<16}{len(records):>8,}{result.seconds:>9.1f}  {c['precision']:>9.4f}{c['recall']:>8.4f}{c['f1']:>8.4f}"


def phone_flag_scores(records_csv: Path, truth_csv: Path) -> tuple[float, float]:
    """Recall and precision of the ``invalid_phone`` flag per row against the truth's
    ``phone_fault``: recall over the rows given an invalid number (a digit dropped or doubled,
    an Excel-mangled number); precision over the flagged rows, a flag being right on a row
    with an invalid number, a landline written without its area code, or one the numbering
    plan has no such number for."""
    with truth_csv.open(encoding="utf-8", newline="") as fh:
        faults = {(r["source"], r["row"]): set(filter(None, r["phone_fault"].split(";"))) for r in csv.DictReader(fh)}
    with records_csv.open(encoding="utf-8", newline="") as fh:
        flagged = {(r["source"], r["row"]) for r in csv.DictReader(fh) if "invalid_phone" in r["flags"].split(";")}
    invalid = {k for k, f in faults.items() if "invalid" in f}
    unusable = {k for k, f in faults.items() if f & {"invalid", "local", "plan"}}
    return len(flagged & invalid) / max(len(invalid), 1), len(flagged & unusable) / max(len(flagged), 1)


def people_seed(text: str) -> tuple[int, int]:
    """``PEOPLE:SEED`` -> (people, seed)."""
    try:
        people, seed = text.split(":")
        return int(people), int(seed)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected PEOPLE:SEED, e.g. 4000:1, not {text!r}") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", type=people_seed, default=[(4000, 1), (4500, 2)], metavar="PEOPLE:SEED",
                        help="the sets to generate (default: 4000:1 4500:2)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the data and outputs here and keep them")
    parser.add_argument("--splink", action="store_true",
                        help="also run Splink 5 (splink_chinese.py's model) on each set")
    args = parser.parse_args()
    if args.splink:
        from splink_runner import require_splink

        require_splink()

    work = args.keep if args.keep else Path(tempfile.mkdtemp(prefix="dedupe-independent-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(HEADER, flush=True)
        for people, seed in args.sets:
            print(one_set(work, people, seed), flush=True)
            if args.splink:
                print(splink_row(work, people, seed), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"python {sys.version.split()[0]}  dedupe: {' '.join(dedupe_command())}"
          + (f"  data {work}" if args.keep else ""))


if __name__ == "__main__":
    main()
