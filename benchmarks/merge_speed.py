"""Time `dedupe merge` on N generated records; print wall time, peak memory, stages and F1.

    python benchmarks/merge_speed.py --records 100000

Generates the data with the fixture generator (fixtures/generate.py) into a
temporary directory, runs the installed `dedupe merge` in a child process,
and reads its peak RSS from the kernel (getrusage of children).  Figures
only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fixtures"))

import generate  # noqa: E402  (fixtures/generate.py)

from dedupe.evaluate import evaluate_output  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", help="keep the generated data and output in this directory")
    args = parser.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dedupe-bench-"))
    data, out = work / "data", work / "out"
    t0 = time.perf_counter()
    generate.write_records(data, args.records, args.seed)
    gen_seconds = time.perf_counter() - t0
    truth = data / "truth.csv"
    inputs = sorted(p for p in data.glob("*.csv") if p.name != "truth.csv")
    rows = sum(sum(1 for _ in open(p, "rb")) - 1 for p in inputs)

    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "dedupe.cli", "merge", *map(str, inputs), "--out", str(out), "--quiet"],
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode:
        sys.exit(f"dedupe merge failed:\n{proc.stderr}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    scores = evaluate_output(out, truth)

    print(f"records            {run['counts']['records']:>10,}  (physical lines ~{rows:,}; generated in {gen_seconds:.1f} s)")
    print(f"contacts           {run['counts']['contacts']:>10,}")
    print(f"entities           {run['counts']['entities']:>10,}")
    print(f"candidate pairs    {run['counts']['pairs']:>10,}")
    print(f"wall time          {wall:>10.1f} s   ({run['counts']['records'] / wall:,.0f} records/s)")
    print(f"peak RSS           {peak_kib / 1024:>10.0f} MiB")
    print("stages (s)         " + "  ".join(f"{k} {v:.1f}" for k, v in run["seconds"].items()))
    for level in ("contacts", "entities"):
        s = scores[level]
        print(f"{level:<18} P {s['precision']:.4f}  R {s['recall']:.4f}  F1 {s['f1']:.4f}")
    print(f"cpus {os.cpu_count()}  python {sys.version.split()[0]}  data {work}")


if __name__ == "__main__":
    main()
