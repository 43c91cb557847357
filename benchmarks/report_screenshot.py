"""Take docs/report.png: the report on the fixtures, pair review open, in headless Chromium.

    python benchmarks/report_screenshot.py [--out docs/report.png]

Runs `dedupe merge` on fixtures/data into a temporary directory and shoots the
page at 1280x900 with Debian's /usr/bin/chromium (playwright, no browser
download).  CJK text needs a CJK font on the machine (fonts-wqy-zenhei or
fonts-noto-cjk from Debian).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "docs" / "report.png"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "out"
        proc = subprocess.run([sys.executable, "-m", "dedupe.cli", "merge", str(ROOT / "fixtures" / "data"),
                               "--out", str(out), "--mask", "--quiet"], capture_output=True, text=True)
        if proc.returncode:
            sys.exit(proc.stderr)
        with sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(str(Path(work) / "profile"), executable_path="/usr/bin/chromium",
                                                       headless=True, args=ARGS, viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            page.goto((out / "report.html").as_uri() + "#pairs")
            page.wait_for_selector("body[data-ready='1']")
            page.select_option("#f-decision", label="review")
            page.locator("#pair-list tbody tr").nth(6).click()
            page.click("#mark-non-match")
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=args.out)
            ctx.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
