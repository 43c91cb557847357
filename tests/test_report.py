"""report.html: rendered from the fixtures' output, data embedded safely, --mask, determinism."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dedupe.pipeline import merge
from dedupe.report import mask_id, mask_phone, render

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "fixtures" / "data"
EVIL = "</script><script>alert(1)</script>"


def dedupe(*args):
    return subprocess.run([sys.executable, "-m", "dedupe.cli", *args], capture_output=True, text=True)


def embedded(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert m, "no embedded data"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def hostile():
    """Two sources whose rows hold markup, quotes and an ID number; the first two are one person.

    The name parser drops markup from a name, so the hostile name is put back into
    records afterwards, as a hand-edited records.csv read by `dedupe report` would hold it.
    """
    crm = pd.DataFrame({"姓名": ["张伟", "李娜", "王芳"], "职务": [EVIL, "", ""],
                        "手机": ["13800138000", "13912345678", "13600001111"],
                        "公司": ['"Quote" & <b>Co</b>', "甲公司", "乙公司"],
                        "身份证": ["11010519491231002X", "", ""]})
    expo = pd.DataFrame({"姓名": ["张伟", "李娜"], "手机": ["138 0013 8000", "139-1234-5678"],
                         "公司": ['"Quote" & <b>Co</b>', "甲公司"], "身份证": ["11010519491231002X", ""]})
    result = merge({"crm": crm, "expo": expo})
    result.records.loc[0, "name"] = EVIL
    return result


def test_fixture_report_has_every_part(fixtures_output):
    html = (fixtures_output / "report.html").read_text(encoding="utf-8")
    run = json.loads((fixtures_output / "run.json").read_text(encoding="utf-8"))
    pairs = pd.read_csv(fixtures_output / "pairs.csv", keep_default_na=False)
    data = embedded(html)
    # summary: counts, sources, histogram bars and both thresholds, heat map rows per source
    assert f"<b>{run['counts']['records']}</b>" in html and f"<b>{run['counts']['contacts']}</b>" in html
    assert '<svg id="histogram"' in html and 'class="thr match"' in html and 'class="thr review"' in html
    assert html.count('class="bar ') > 10
    heat = html.split('id="completeness"')[1].split("</table>")[0]
    assert all(f"<th>{s}</th>" in heat for s in run["completeness"]["sources"])
    # every pair embedded once, review pairs first, weights that add up to the total
    assert len(data["pairs"]) == len(pairs)
    decisions = [p[2] for p in data["pairs"]]
    n_review = int((pairs["decision"] == "review").sum())
    assert decisions[:n_review] == [1] * n_review and 1 not in decisions[n_review:]
    nf = len(data["fields"])
    for p in data["pairs"][:200]:
        assert abs(p[4] + sum(p[5:5 + nf]) - p[3]) < 1e-3
    # each pair's records are the ones pairs.csv names
    labels = [(data["sources"][r[0]], r[1]) for r in data["records"]]
    first = pairs[pairs["decision"] == "review"].sort_values("probability").iloc[0]
    p0 = data["pairs"][0]
    assert {labels[p0[0]], labels[p0[1]]} == {(first.left_source, first.left_row),
                                              (first.right_source, first.right_row)}
    # contacts carry their golden values and provenance
    contacts = pd.read_csv(fixtures_output / "contacts.csv", dtype=str, keep_default_na=False)
    c = next(c for c in data["contacts"] if c[0] == contacts.contact_id[0])
    assert c[2][data["cf"].index("name")] == contacts.name[0]
    assert c[3][data["cf"].index("name")] == contacts.name_from[0]


def test_markup_in_data_does_not_break_out(hostile):
    html = render(hostile.records, hostile.contacts, hostile.entities, hostile.pairs, hostile.run)
    # the only script elements are the template's two: data never opens or closes one
    assert html.count("<script") == 2 and html.count("</script>") == 2
    segment = html.split('id="report-data">')[1].split("</script>")[0]
    assert "<" not in segment and ">" not in segment and "&" not in segment and "\\u003c/script\\u003e" in segment
    data = embedded(html)
    for f in ("name", "title"):
        assert EVIL in {r[4 + data["rf"].index(f)] for r in data["records"]}, f  # decoded intact, not mangled
    assert '"Quote" & <b>Co</b>' in {r[4 + data["rf"].index("company")] for r in data["records"]}
    # the page's script sets text, never markup built from data
    script = html.split("</script>")[1]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script


def test_source_names_are_escaped_in_the_summary(hostile):
    records = hostile.records.copy()
    records["source"] = records["source"].replace({"crm": "<img src=x onerror=alert(1)>"})
    html = render(records, hostile.contacts, hostile.entities, hostile.pairs.iloc[0:0], hostile.run)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_data_slot_in_the_data_stays_data(hostile):
    """The page's data is put in after the template is filled: a source named like its slot cannot move it."""
    from dedupe.report import _DATA_SLOT

    records = hostile.records.copy()
    records["source"] = records["source"].replace({"crm": _DATA_SLOT})
    html = render(records, hostile.contacts, hostile.entities, hostile.pairs.iloc[0:0], hostile.run)
    assert _DATA_SLOT not in html and html.count('id="report-data"') == 1
    assert _DATA_SLOT in embedded(html)["sources"]


def test_mask_helpers():
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("+8613800138000") == "+86138****8000"
    assert mask_phone("+8615725579020;+8613124929288") == "+86157****9020;+86131****9288"
    assert mask_phone("010-6234 5678转801") == "010-**** 5678转801"  # the extension is not a number of its own
    assert mask_phone("+862242882478x801") == "+86224***2478x801"
    assert mask_phone("wxid_4jk5u03167adpt") == "wxid_4jk5u03167adpt"
    assert mask_id("110105199001011234") == "110105********1234"
    assert mask_id("11010519491231002X") == "110105********002X"


def test_mask_hides_digits_in_report_only(hostile, tmp_path):
    plain = render(hostile.records, hostile.contacts, hostile.entities, hostile.pairs, hostile.run)
    masked = render(hostile.records, hostile.contacts, hostile.entities, hostile.pairs, hostile.run, mask=True)
    assert "8613800138000" in plain and "11010519491231002X" in plain
    assert "8613800138000" not in masked and "11010519491231002X" not in masked
    assert "+86138****8000" in masked and "110105********002X" in masked
    assert embedded(masked)["masked"] is True and embedded(plain)["masked"] is False


def test_mask_option_on_merge_and_report(tmp_path):
    src = tmp_path / "crm.csv"
    src.write_text("姓名,手机,身份证\n张伟,13800138000,11010519491231002X\n李娜,13912345678,\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = dedupe("merge", str(src), "--out", str(out), "--mask", "--quiet")
    assert proc.returncode == 0, proc.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "13800138000" not in html and "138****8000" in html
    assert "11010519491231002X" not in html and "110105********002X" in html
    # the CSVs keep every digit
    records = (out / "records.csv").read_text(encoding="utf-8")
    contacts = (out / "contacts.csv").read_text(encoding="utf-8")
    assert "8613800138000" in records and "11010519491231002X" in records and "****" not in records
    assert "8613800138000" in contacts and "****" not in contacts
    # `dedupe report` re-renders with and without the mask
    assert dedupe("report", str(out)).returncode == 0
    assert "8613800138000" in (out / "report.html").read_text(encoding="utf-8")
    assert dedupe("report", str(out), "--mask").returncode == 0
    assert "8613800138000" not in (out / "report.html").read_text(encoding="utf-8")


def test_same_input_same_bytes(fixtures_output, tmp_path):
    first = (fixtures_output / "report.html").read_bytes()
    records = pd.read_csv(fixtures_output / "records.csv", dtype=str, keep_default_na=False)
    assert records.shape[0] > 0
    # re-rendering from the CSVs gives the very same file as the merge wrote
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("records.csv", "contacts.csv", "entities.csv", "pairs.csv", "run.json"):
        (copy / name).write_bytes((fixtures_output / name).read_bytes())
    assert dedupe("report", str(copy)).returncode == 0
    assert (copy / "report.html").read_bytes() == first
    # no clock or machine in the page: the stage timings of run.json are not shown
    run = json.loads((fixtures_output / "run.json").read_text(encoding="utf-8"))
    page = first.decode("utf-8").split('id="report-data"')[0]
    # as a number of its own: 0.69 s is not in a bar's height of 60.69
    assert not re.search(rf"(?<![\d.]){re.escape(str(run['seconds']['standardize']))}(?!\d)", page)


def test_empty_output_renders(tmp_path):
    src = tmp_path / "one.csv"
    src.write_text("姓名,手机\n张伟,13800138000\n", encoding="utf-8")
    proc = dedupe("merge", str(src), "--out", str(tmp_path / "o"), "--quiet")
    assert proc.returncode == 0, proc.stderr
    data = embedded((tmp_path / "o" / "report.html").read_text(encoding="utf-8"))
    assert data["pairs"] == [] and len(data["records"]) == 1


def tables(out: Path) -> dict:
    """The output tables as `dedupe report` reads them."""
    t = {n: pd.read_csv(out / f"{n}.csv", dtype=str, keep_default_na=False) for n in ("records", "contacts", "entities")}
    t["records"]["row"] = t["records"]["row"].astype(int)
    t["pairs"] = pd.read_csv(out / "pairs.csv", keep_default_na=False)
    return t


def pair_labels(data: dict) -> list[tuple]:
    """Each embedded pair as its two records' (source, row) plus everything but the record positions."""
    label = [(data["sources"][r[0]], r[1]) for r in data["records"]]
    return [(label[p[0]], label[p[1]], *p[2:]) for p in data["pairs"]]


@pytest.mark.parametrize("cut", ["within review pairs", "past them"])
def test_capped_report_embeds_first_pairs_and_their_contacts(fixtures_output, cut):
    t = tables(fixtures_output)
    run = json.loads((fixtures_output / "run.json").read_text(encoding="utf-8"))
    args = (t["records"], t["contacts"], t["entities"], t["pairs"], run)
    review = int((t["pairs"]["decision"] == "review").sum())
    total, n = len(t["pairs"]), 40 if cut == "within review pairs" else review + 25
    assert n < review or n > review + 20  # the second cut takes the weakest matches too
    assert total > n
    full, capped = embedded(render(*args, max_pairs=None)), render(*args, max_pairs=n)
    data = embedded(capped)
    # the first n pairs in review order, each field as the uncapped page has it
    assert len(data["pairs"]) == n
    assert pair_labels(data) == pair_labels(full)[:n]
    # every record of every contact those pairs touch, and nothing else
    records = t["records"].set_index(["source", "row"])
    touched = {records.loc[key, "contact_id"] for p in pair_labels(data) for key in p[:2]}
    want = t["records"][t["records"]["contact_id"].isin(touched)]
    got = [(data["sources"][r[0]], r[1]) for r in data["records"]]
    assert got == list(zip(want["source"], want["row"], strict=True))  # in records.csv's order
    assert len(got) < len(t["records"])
    assert [c[0] for c in data["contacts"]] == [c for c in t["contacts"]["contact_id"] if c in touched]
    entity_ids = {e[0] for e in data["entities"]}
    assert set(want["entity_id"]) <= entity_ids and entity_ids <= set(t["entities"]["entity_id"])
    # the rest of the document is what the uncapped page holds
    assert {k: v for k, v in data.items() if k not in ("pairs", "records", "contacts", "entities")} == \
        {k: v for k, v in full.items() if k not in ("pairs", "records", "contacts", "entities")}
    # the page says what it left out, and the summary still counts every pair
    notice = re.search(r'<p id="cut-notice"[^>]*>(.*?)</p>', capped, re.S)
    assert notice, "no notice of the cut"
    text = re.sub(r"<[^>]+>", "", notice.group(1))
    assert f"first {n} of {total:,} pairs in review order" in text
    assert f"the {len(want):,} records of the {len(touched):,} contacts they touch" in text
    assert "pairs.csv" in text
    assert f"candidate pairs<b>{run['counts']['pairs']}</b>" in capped
    assert f'review<b style="color:var(--review)">{review}</b>' in capped
    assert f'+ " shown here (" + {total} + " in pairs.csv)"' in capped


def test_uncapped_report_unchanged(fixtures_output):
    t = tables(fixtures_output)
    run = json.loads((fixtures_output / "run.json").read_text(encoding="utf-8"))
    args = (t["records"], t["contacts"], t["entities"], t["pairs"], run)
    html = (fixtures_output / "report.html").read_text(encoding="utf-8")
    # at the cap, with no cap and by default (the fixtures are far below it): the page the merge wrote
    assert render(*args, max_pairs=len(t["pairs"])) == html
    assert render(*args, max_pairs=None) == html
    assert render(*args) == html
    assert "cut-notice" not in html and "shown here" not in html
