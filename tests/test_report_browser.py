"""report.html in real headless Chromium: mark pairs, export decisions.csv, and the next run obeys.

Drives Debian's Chromium (/usr/bin/chromium, which .ci/run installs) with the
Python playwright package; playwright's own browser download is never used.
Skips only when that Chromium is missing.
"""

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)")
sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "fixtures" / "data"
# as root in a closed network: no sandbox, no GPU, nothing that phones home
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PAGE_ERRORS: list[str] = []  # uncaught errors in the report's script


def dedupe(*args):
    return subprocess.run([sys.executable, "-m", "dedupe.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def out(fixtures_output):
    return fixtures_output


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    profile = tmp_path_factory.mktemp("profile")  # a new, empty profile: no earlier run's marks
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(profile), executable_path=str(CHROMIUM), headless=True,
                                                   args=ARGS, accept_downloads=True,
                                                   viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        page.on("pageerror", lambda e: PAGE_ERRORS.append(str(e)))
        yield page
        ctx.close()


def label(source, row) -> str:
    return f"{source}:{int(row)}"


def mark(page, pair, decision: str) -> None:
    """Find the pair by searching its left record, open it, press the decision's button."""
    key = label(pair.left_source, pair.left_row) + "|" + label(pair.right_source, pair.right_row)
    page.fill("#f-search", label(pair.left_source, pair.left_row))
    row = page.locator(f'#pair-list tbody tr[data-key="{key}"]')
    row.wait_for()
    row.click()
    page.click("#mark-match" if decision == "match" else "#mark-non-match")
    sync_api.expect(page.locator(f'#pair-list tbody tr[data-key="{key}"] td.mark')).to_have_text(decision)


def test_review_export_and_rerun(out, browser_page, tmp_path):
    page = browser_page
    pairs = pd.read_csv(out / "pairs.csv", keep_default_na=False)
    review = pairs[pairs["decision"] == "review"]
    # a review pair the run put in one contact -> non-match; one it kept apart -> match
    apart = review[review["left_contact_id"] == review["right_contact_id"]].iloc[0]
    join = review[review["left_contact_id"] != review["right_contact_id"]].iloc[0]

    page.goto((out / "report.html").resolve().as_uri())
    page.wait_for_selector("body[data-ready='1']")
    page.click("button[data-tab=pairs]")
    # uncertain pairs first: the first listed pair is a review pair
    sync_api.expect(page.locator("#pair-list tbody tr").first.locator(".dec")).to_have_text("review")
    mark(page, apart, "non-match")
    mark(page, join, "match")
    sync_api.expect(page.locator("#mark-count")).to_have_text("2 decisions")

    with page.expect_download() as info:
        page.click("#export")
    download = info.value
    assert download.suggested_filename == "decisions.csv"
    decisions = tmp_path / "decisions.csv"
    download.save_as(decisions)
    with open(decisions, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["left_source", "left_row", "right_source", "right_row", "decision"]
    got = {(r["left_source"], int(r["left_row"]), r["right_source"], int(r["right_row"])): r["decision"] for r in rows}
    assert got == {(apart.left_source, int(apart.left_row), apart.right_source, int(apart.right_row)): "non-match",
                   (join.left_source, int(join.left_row), join.right_source, int(join.right_row)): "match"}
    # the same text sits in the page for anyone who cannot download
    assert page.input_value("#decisions-csv").replace("\r\n", "\n") == decisions.read_text(encoding="utf-8").replace("\r\n", "\n")

    # marks survive a reload (localStorage, keyed by the run)
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    sync_api.expect(page.locator("#mark-count")).to_have_text("2 decisions")
    assert PAGE_ERRORS == []

    # the next run obeys (the --decisions option of `dedupe merge`, issue 7's merge side)
    again = tmp_path / "again"
    proc = dedupe("merge", str(DATA), "--out", str(again), "--decisions", str(decisions), "--quiet")
    assert proc.returncode == 0, proc.stderr
    records = pd.read_csv(again / "records.csv", dtype=str, keep_default_na=False).set_index(["source", "row"])

    def contact(source, row):
        return records.loc[(source, str(int(row))), "contact_id"]

    assert contact(apart.left_source, apart.left_row) != contact(apart.right_source, apart.right_row)
    assert contact(join.left_source, join.left_row) == contact(join.right_source, join.right_row)


def test_filters_search_and_cluster_view(out, browser_page):
    page = browser_page
    page.goto("about:blank")
    page.goto((out / "report.html").resolve().as_uri() + "#pairs")
    page.wait_for_selector("body[data-ready='1']")
    total = len(pd.read_csv(out / "pairs.csv", usecols=["decision"]))
    sync_api.expect(page.locator("#pair-count")).to_contain_text(f"of {total} pairs")
    # never one DOM row per pair: one page at a time
    assert page.locator("#pair-list tbody tr").count() == 50
    page.select_option("#f-decision", label="non-match")
    sync_api.expect(page.locator("#pair-list tbody tr").first.locator(".dec")).to_have_text("non-match")
    # the waterfall adds up: prior + field weights = total shown
    page.locator("#pair-list tbody tr").first.click()
    assert page.locator("#waterfall rect").count() >= 3
    # a contact from the pair opens in the cluster view with its golden record and records
    page.locator("#pair-detail .linkish").first.click()
    sync_api.expect(page.locator("#clusters")).to_be_visible()
    sync_api.expect(page.locator("#cluster-detail table.golden")).to_be_visible()
    assert page.locator("#cluster-detail table.side-records tr").count() >= 2
    assert PAGE_ERRORS == []


def test_capped_report_in_the_browser(out, browser_page, tmp_path):
    """A report cut to its first 30 pairs: the notice shows, the list counts what is embedded, pairs open."""
    import json

    from dedupe.report import render

    t = {n: pd.read_csv(out / f"{n}.csv", dtype=str, keep_default_na=False) for n in ("records", "contacts", "entities")}
    t["records"]["row"] = t["records"]["row"].astype(int)
    pairs = pd.read_csv(out / "pairs.csv", keep_default_na=False)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    report = tmp_path / "report.html"
    report.write_text(render(t["records"], t["contacts"], t["entities"], pairs, run, max_pairs=30), encoding="utf-8")
    page = browser_page
    page.goto("about:blank")
    page.goto(report.resolve().as_uri() + "#pairs")
    page.wait_for_selector("body[data-ready='1']")
    sync_api.expect(page.locator("#cut-notice")).to_be_visible()
    sync_api.expect(page.locator("#cut-notice")).to_contain_text(f"first 30 of {len(pairs):,} pairs")
    sync_api.expect(page.locator("#pair-count")).to_have_text(f"30 of 30 pairs shown here ({len(pairs)} in pairs.csv)")
    assert page.locator("#pair-list tbody tr").count() == 30
    sync_api.expect(page.locator("#pair-list tbody tr").first.locator(".dec")).to_have_text("review")
    # the last embedded pair opens, and its contact's records are all there in the cluster view
    page.locator("#pair-list tbody tr").last.click()
    page.locator("#pair-detail .linkish").first.click()
    cid = page.locator("#cluster-detail").get_attribute("data-contact")
    n = int((t["records"]["contact_id"] == cid).sum())
    sync_api.expect(page.locator("#cluster-detail table.side-records tr")).to_have_count(n + 1)
    assert PAGE_ERRORS == []
