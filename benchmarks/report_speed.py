"""Open a report of 50,000+ pairs in headless Chromium; print its size and time to interactive.

    python benchmarks/report_speed.py --records 32000
    python benchmarks/report_speed.py --out-dir clean/     # re-render an existing output

Generates data with the fixture generator (fixtures/generate.py), runs
`dedupe merge` on it (which writes report.html), times `dedupe report` (read
the CSVs and re-render; its CPU seconds and peak memory), then loads the file
from disk in Debian's Chromium (/usr/bin/chromium, driven by playwright) and
reads, inside the page:

- time to interactive: ``performance.now()`` (milliseconds since navigation
  start) when the report's script has parsed its data and drawn the first page
  of pairs and the first pair (the marker ``window.dedupeReport.ready``);
- a click on "match" (re-draws the list, the pair and the export text);
- a filter change over all pairs (decision = match: a report capped at
  ``dedupe.report.MAX_PAIRS`` may embed no non-match) and a search.

Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fixtures"))

import generate  # noqa: E402  (fixtures/generate.py)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

_PAGE_TIMINGS = """() => {
  const out = {ready: window.dedupeReport.ready, pairs: window.dedupeReport.pairs};
  let t = performance.now();
  document.querySelector('#mark-match').click();
  out.click = performance.now() - t;
  const ok = document.querySelector('#current-mark').textContent === 'yours: match';
  const sel = document.querySelector('#f-decision');
  t = performance.now();
  sel.value = '0'; sel.dispatchEvent(new Event('change'));
  out.filter = performance.now() - t;
  out.filtered = document.querySelector('#pair-count').textContent;
  out.rows = document.querySelectorAll('#pair-list tbody tr').length;
  out.clicked = ok;
  return out;
}"""


def open_in_chromium(report: Path, screenshot: Path | None = None) -> dict:
    """Load ``report`` from disk in headless Chromium; timings measured inside the page (ms)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                   viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(report.resolve().as_uri() + "#pairs")
        page.wait_for_selector("body[data-ready='1']", timeout=120_000)
        wall = time.perf_counter() - t0
        result = page.evaluate(_PAGE_TIMINGS)
        before = page.text_content("#pair-count")
        t = time.perf_counter()
        page.fill("#f-search", "王")
        page.wait_for_function("t => document.querySelector('#pair-count').textContent !== t", arg=before)
        result["wall_to_ready"] = wall * 1000
        result["search_wall"] = (time.perf_counter() - t) * 1000
        if screenshot:
            page.screenshot(path=str(screenshot))
        ctx.close()
    return result


def time_report(out: Path) -> None:
    """`dedupe report OUT`: wall and CPU seconds, and the child's peak resident memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "dedupe.cli", "report", str(out)], capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"dedupe report failed:\n{proc.stderr}")
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    # ru_maxrss of children is the largest of any child so far: the report's own when it is the largest
    print(f"dedupe report      {wall:>10.1f} s   ({cpu:.1f} CPU-s: read the CSVs and render; "
          f"peak RSS {after.ru_maxrss / 1024:,.0f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=32_000, help="generated records (32,000 give ~55,000 pairs)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", help="keep the generated data and output in this directory")
    parser.add_argument("--report", help="skip generation: time this existing report.html")
    parser.add_argument("--out-dir", help="skip generation and merge: re-render this output directory's report")
    parser.add_argument("--no-browser", action="store_true", help="only time `dedupe report`, open nothing")
    args = parser.parse_args()

    if args.report:
        report = Path(args.report)
    else:
        if args.out_dir:
            out = Path(args.out_dir)
        else:
            work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dedupe-report-bench-"))
            data, out = work / "data", work / "out"
            generate.write_records(data, args.records, args.seed)
            inputs = sorted(p for p in data.glob("*.csv") if p.name != "truth.csv")
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "dedupe.cli", "merge", *map(str, inputs), "--out",
                                   str(out), "--quiet"], capture_output=True, text=True)
            if proc.returncode:
                sys.exit(f"dedupe merge failed:\n{proc.stderr}")
            print(f"merge              {time.perf_counter() - t0:>10.1f} s")
        report = out / "report.html"
        time_report(out)
        run = json.loads((out / "run.json").read_text(encoding="utf-8"))
        print(f"records            {run['counts']['records']:>10,}")
        print(f"pairs              {run['counts']['pairs']:>10,}   (review {run['counts'].get('pairs_review', 0):,})")

    size = report.stat().st_size
    if args.no_browser:
        print(f"report.html        {size / 2**20:>10.1f} MiB")
        return
    r = open_in_chromium(report)
    print(f"report.html        {size / 2**20:>10.1f} MiB  ({size / max(r['pairs'], 1):,.0f} bytes an embedded pair)")
    print(f"pairs embedded     {r['pairs']:>10,}")
    print(f"time to interactive{r['ready']:>10.0f} ms  (navigation start -> data parsed, first page and pair drawn)")
    print(f"  goto -> ready    {r['wall_to_ready']:>10.0f} ms  (seen from playwright)")
    print(f"click 'match'      {r['click']:>10.1f} ms  (responded: {r['clicked']})")
    print(f"filter match       {r['filter']:>10.1f} ms  -> {r['filtered']}, {r['rows']} rows in the DOM")
    print(f"search '王'        {r['search_wall']:>10.0f} ms  (typing to redrawn list, incl. the 120 ms debounce)")


if __name__ == "__main__":
    main()
