"""How `dedupe merge` scales: 100K, 300K and 1M records, beside Splink 5 (DuckDB) on the same data.

    pip install -e '.[bench]'                        # splink>=5,<6 (brings DuckDB)
    python benchmarks/scale.py                       # 100000 300000 1000000, seed 11
    python benchmarks/scale.py --sizes 100000 --no-splink
    python benchmarks/scale.py --work /data/scale    # keep (and re-use) the generated data there

For each size the fixture generator (fixtures/generate.py: six sources with the
repetition, formats and faults of real channels) writes the data once into
``WORK/data-N-seed-S`` (re-used by later runs).  Then, each in a child process
of its own so that its peak resident memory is its own (``wait4``):

dedupe   ``python -m dedupe.cli merge <sources> --out WORK/out-N --quiet``, end to
         end: reading, cleansing, matching, clustering, golden records, writing
         every output file and report.html.  Per stage: seconds and peak RSS
         from run.json (the main process; the cleansing workers are counted in
         the child's total peak, which is the larger of wait4's and run.json's:
         dedupe resets the kernel's high-water mark at each stage).
splink   Splink 5 on DuckDB with the model of ``benchmarks/splink_chinese.py``
         (its blocking, comparisons, training), given dedupe's cleansing for free:
         it reads the normalized columns of dedupe's own records.csv.  Its
         seconds are training + predicting + clustering, as Splink counts them;
         beside them, dedupe's stages that do that work (``MATCHING``: block,
         compare, score, cluster into contacts).

Both tools' contacts are scored by pairwise precision / recall / F1 against the
generator's truth (``dedupe.evaluate``).  The last table puts time per record
against the smallest size: linear growth keeps the ratio near 1.  Figures only;
nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fixtures"))
sys.path.insert(0, str(ROOT / "benchmarks"))

# dedupe's stages that do what splink's train + predict + cluster do (splink gets the cleansing)
MATCHING = ("block", "compare", "score", "cluster")


def data_dir(work: Path, records: int, seed: int) -> Path:
    """The generated sources for ``records``, made once (a marker says the set is whole)."""
    import generate  # fixtures/generate.py

    data = work / f"data-{records}-seed-{seed}"
    done = data / ".complete"
    if not done.exists():
        t0 = time.perf_counter()
        generate.write_records(data, records, seed)
        done.write_text(f"{time.perf_counter() - t0:.1f}\n")
    return data


def _wrapped(cmd: list[str]) -> tuple[float, float, str, str, int]:
    """Wall seconds, peak RSS (MiB: the largest process of its tree, from ``wait4``), stdout,
    stderr and exit status of ``cmd``, run under a fresh wrapper process so that no earlier
    command's memory counts."""
    wrapper = ("import os, subprocess, sys, time, json;"
               "t0 = time.perf_counter(); p = subprocess.Popen(sys.argv[1:]);"
               "_, status, usage = os.wait4(p.pid, 0);"
               "print(json.dumps({'wall': time.perf_counter() - t0, 'maxrss_kib': usage.ru_maxrss,"
               " 'status': os.waitstatus_to_exitcode(status)}), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True)
    *lines, last = proc.stderr.rstrip("\n").split("\n")
    info = json.loads(last)
    return info["wall"], info["maxrss_kib"] / 1024, proc.stdout, "\n".join(lines), info["status"]


def run_dedupe(data: Path, out: Path) -> dict:
    from dedupe.evaluate import evaluate_output

    inputs = sorted(str(p) for p in data.glob("*.csv") if p.name != "truth.csv")
    wall, peak, _, err, status = _wrapped([sys.executable, "-m", "dedupe.cli", "merge", *inputs, "--out", str(out),
                                           "--quiet"])
    if status:
        sys.exit(f"dedupe merge failed (exit {status}):\n{err}")
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    scores = evaluate_output(out, data / "truth.csv")
    # dedupe resets the kernel's high-water mark at each stage (to give run.json a peak per
    # stage), which also lowers what wait4 reports: the run's peak is the larger of the two
    peak = max([peak, *run.get("peak_rss_mib", {}).values()])
    return {"wall": wall, "peak_mib": peak, "run": run, "scores": scores, "records": run["counts"]["records"]}


def run_splink_child(out: Path, truth: Path, seed: int) -> None:
    """In the child: Splink on dedupe's normalized records; prints one JSON line of figures."""
    import pandas as pd
    from splink_chinese import splink_frame, splink_model
    from splink_runner import cluster_scores, run_splink

    columns = ["source", "row", "name", "surname", "pinyin", "mobile", "phone", "email", "company_key", "city",
               "district", "address_key"]
    records = pd.read_csv(out / "records.csv", dtype=str, keep_default_na=False, usecols=columns)
    table = splink_frame(records)
    settings, deterministic, recall, em_rules = splink_model()
    run = run_splink([table], ["contacts"], settings, uid="uid", em_rules=em_rules,
                     deterministic_rules=deterministic, recall=recall, seed=seed)
    t = pd.read_csv(truth, dtype=str, keep_default_na=False)
    t["uid"] = t["source"] + ":" + t["row"]
    scores = cluster_scores(run.clusters, t[["uid", "contact"]].rename(columns={"contact": "label"}))
    print(json.dumps({"seconds": run.seconds, "stages": run.stages, "scores": scores}))


def run_splink(out: Path, truth: Path, seed: int) -> dict:
    wall, peak, stdout, err, status = _wrapped([sys.executable, __file__, "--splink-child", str(out), str(truth),
                                                "--seed", str(seed)])
    if status:
        return {"error": (err.strip().splitlines() or [f"exit {status}"])[-1]}
    return {**json.loads(stdout.strip().splitlines()[-1]), "wall": wall, "peak_mib": peak}


def f1_text(s: dict) -> str:
    return f"{s['precision']:.4f} / {s['recall']:.4f} / {s['f1']:.4f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--work", default="/tmp/dedupe-scale", help="generated data and outputs (kept)")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--splink-child", nargs=2, metavar=("OUT", "TRUTH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.splink_child:
        run_splink_child(Path(args.splink_child[0]), Path(args.splink_child[1]), args.seed)
        return

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        data = data_dir(work, n, args.seed)
        d = run_dedupe(data, work / f"out-{n}")
        s = None if args.no_splink else run_splink(work / f"out-{n}", data / "truth.csv", args.seed)
        results.append((n, d, s))
        run = d["run"]
        print(f"\n== {d['records']:,} records (generator --records {n}, seed {args.seed}; {data})", flush=True)
        print(f"dedupe  {d['wall']:7.1f} s  {d['records'] / d['wall']:8,.0f} records/s  peak {d['peak_mib']:6,.0f} MiB"
              f"  contacts P/R/F1 {f1_text(d['scores']['contacts'])}"
              f"  (entities {f1_text(d['scores']['entities'])})", flush=True)
        stage_peak = run.get("peak_rss_mib", {})
        staged = sum(run["seconds"].values())
        print("  stage        seconds   peak MiB (main process)")
        for stage, sec in run["seconds"].items():
            print(f"  {stage:<12} {sec:7.1f}   {stage_peak.get(stage, float('nan')):8,.0f}")
        print(f"  {'write+report':<12} {d['wall'] - staged:7.1f}   (start-up, writing the CSVs, report.html, run.json)")
        print(f"  pairs {run['counts']['pairs']:,}  contacts {run['counts']['contacts']:,}  "
              f"entities {run['counts']['entities']:,}  oversized blocks {run['blocking']['oversized_blocks']}")
        if s is not None:
            if "error" in s:
                print(f"splink  failed: {s['error']}")
            else:
                stages = " ".join(f"{k} {v:.1f}" for k, v in s["stages"].items())
                print(f"splink  {s['seconds']:7.1f} s  (train+predict+cluster: {stages}; child wall {s['wall']:.1f} s)"
                      f"  peak {s['peak_mib']:6,.0f} MiB  contacts P/R/F1 {f1_text(s['scores'])}", flush=True)
                print(f"ratio   splink seconds / dedupe seconds = {s['seconds'] / d['wall']:.2f}; "
                      f"F1 dedupe {d['scores']['contacts']['f1']:.4f} vs splink {s['scores']['f1']:.4f}", flush=True)
                matching = sum(run["seconds"].get(k, 0.0) for k in MATCHING)
                print(f"        matching alone: dedupe's {' + '.join(MATCHING)} {matching:.1f} s against splink's "
                      f"{s['seconds']:.1f} s; the other {d['wall'] - matching:.1f} s of dedupe's run are reading, "
                      "cleansing, entities, golden records and the output", flush=True)

    print("\n== summary")
    print(f"{'records':>10} {'dedupe s':>9} {'rec/s':>8} {'peak MiB':>9} {'contact F1':>10} {'s per 100K':>10} "
          f"{'vs first':>8} {'splink s':>9} {'splink MiB':>10} {'splink F1':>9}")
    base = None
    for _n, d, s in results:
        per = d["wall"] / d["records"] * 100_000
        base = base or per
        sp = s if s and "error" not in s else None
        print(f"{d['records']:>10,} {d['wall']:>9.1f} {d['records'] / d['wall']:>8,.0f} {d['peak_mib']:>9,.0f} "
              f"{d['scores']['contacts']['f1']:>10.4f} {per:>10.1f} {per / base:>8.2f} "
              + (f"{sp['seconds']:>9.1f} {sp['peak_mib']:>10,.0f} {sp['scores']['f1']:>9.4f}" if sp else
                 f"{'-':>9} {'-':>10} {'-':>9}"))
    print(f"cpus {os.cpu_count()}  python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
