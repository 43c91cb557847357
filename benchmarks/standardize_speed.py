"""Time the cleansing stage (read, roles, standardize) on N generated records.

    python benchmarks/standardize_speed.py --records 1000000
    python benchmarks/standardize_speed.py --records 1000000 --keep /tmp/bench1m   # reuse the data next time

The records come from the fixture generator (fixtures/generate.py), which
writes six sources the way real channels do, with the repetition real data
has (one person in several sources, a company's name and switchboard shared
by its staff).  Prints wall seconds per step, records per second, how many
distinct values each parser saw, and peak memory.  Figures only: nothing here
asserts a time.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fixtures"))

import generate  # noqa: E402  (fixtures/generate.py)

from dedupe.io import expand_inputs, read_source  # noqa: E402
from dedupe.quality import record_flags  # noqa: E402
from dedupe.rules import Rules  # noqa: E402
from dedupe.standardize import paused_gc, role_frame, standardize  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", help="generate into (or reuse) this directory")
    parser.add_argument("--workers", type=int, help="parsing processes (default: one per CPU)")
    args = parser.parse_args()

    data = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dedupe-std-"))
    marker = data / f".records-{args.records}-seed-{args.seed}"
    gen_seconds = 0.0
    if not marker.exists():
        t0 = time.perf_counter()
        generate.write_records(data, args.records, args.seed)
        gen_seconds = time.perf_counter() - t0
        marker.touch()
    inputs = [str(p) for p in sorted(data.glob("*.csv")) if p.name != "truth.csv"]

    before = resource.getrusage(resource.RUSAGE_SELF)
    with paused_gc():  # as `dedupe normalize` and `dedupe merge` run
        t0 = time.perf_counter()
        sources = [read_source(name, path) for name, path in expand_inputs(inputs)]
        t_read = time.perf_counter() - t0
        t0 = time.perf_counter()
        raw, _ = role_frame(sources, Rules.load("default"))
        t_roles = time.perf_counter() - t0
        t0 = time.perf_counter()
        std = standardize(raw, workers=args.workers)
        std["flags"] = record_flags(std)
        t_std = time.perf_counter() - t0
    total = t_read + t_roles + t_std
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mib = own.ru_maxrss / 1024
    worker_mib = children.ru_maxrss / 1024
    # CPU seconds vary less than wall time on a shared machine: the better figure to compare changes by
    # (the workers are this run's only child processes)
    cpu_own = own.ru_utime + own.ru_stime - before.ru_utime - before.ru_stime
    cpu_workers = children.ru_utime + children.ru_stime

    n = len(std)
    print(f"records            {n:>12,}" + (f"  (generated in {gen_seconds:.1f} s)" if gen_seconds else ""))
    for role in ("name", "company", "address", "mobile", "phone", "email"):
        print(f"distinct {role:<9} {raw['raw_' + role].nunique():>12,}")
    print(f"read               {t_read:>10.1f} s")
    print(f"roles              {t_roles:>10.1f} s")
    print(f"standardize + flags  {t_std:>10.1f} s")
    print(f"total              {total:>10.1f} s   ({n / total:,.0f} records/s)")
    print(f"cpu                {cpu_own + cpu_workers:>10.1f} s   (this process {cpu_own:.1f} s, workers {cpu_workers:.1f} s)")
    print(f"peak RSS           {peak_mib:>10,.0f} MiB   (largest worker process {worker_mib:,.0f} MiB)")
    print(f"cpus {os.cpu_count()}  workers {args.workers or os.cpu_count()}  python {sys.version.split()[0]}  data {data}")


if __name__ == "__main__":
    main()
