"""End to end: `dedupe merge` on the bundled fixtures, asserting the contract."""

import filecmp
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dedupe.compare import FIELDS
from dedupe.evaluate import evaluate_output
from dedupe.io import expand_inputs, read_source
from dedupe.pipeline import merge
from dedupe.quality import FLAGS
from dedupe.standardize import NORMALIZED

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "fixtures" / "data"
TRUTH = ROOT / "fixtures" / "truth.csv"

# Measured on the committed fixtures (see the closing note of the foundation issue); floors a little below.
CONTACT_F1_FLOOR = 0.95
ENTITY_F1_FLOOR = 0.90
OURS = {"source", "row", "contact_id", "entity_id", "flags", *NORMALIZED}


def dedupe(*args):
    return subprocess.run([sys.executable, "-m", "dedupe.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def out(fixtures_output):
    return fixtures_output


def read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_six_outputs(out):
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["records.csv", "contacts.csv", "entities.csv", "pairs.csv", "report.html", "run.json"])


def test_every_input_row_exactly_once_with_original_columns_verbatim(out):
    records = read(out / "records.csv")
    total = 0
    for name, path in expand_inputs([str(DATA)]):
        src = read_source(name, path).frame
        mine = records[records["source"] == name]
        total += len(src)
        assert mine["row"].astype(int).tolist() == list(range(1, len(src) + 1)), name
        for header in src.columns:
            column = f"src_{header}" if header in OURS else header
            got = mine[column].tolist()
            # CSV round trip: a quoted "\r\n" inside a cell is kept; pandas reads it back unchanged
            assert got == src[header].tolist(), (name, header)
    assert len(records) == total
    assert not records.duplicated(["source", "row"]).any()


def test_required_columns(out):
    need = {
        "records.csv": ["source", "row", "contact_id", "entity_id", "flags", "name", "company", "mobile", "phone",
                        "email", "province", "city", "district", "address", "address_key"],
        "contacts.csv": ["contact_id", "entity_id", "name", "mobile", "phone", "email", "sources", "record_count",
                         "name_from", "company_from", "address_from"],
        "entities.csv": ["entity_id", "kind", "name", "region", "brand", "industry", "legal_form", "branch",
                         "address", "contact_count", "completeness", "missing"],
        "pairs.csv": ["left_source", "left_row", "right_source", "right_row", *(f"{f}_level" for f in FIELDS),
                      *(f"w_{f}" for f in FIELDS), "w_prior", "match_weight", "probability", "decision", "why"],
    }
    for name, columns in need.items():
        header = read(out / name).columns
        missing = [c for c in columns if c not in header]
        assert not missing, (name, missing)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert set(run) >= {"inputs", "counts", "seconds", "rules", "versions"}
    assert run["rules"]["digest"]
    assert run["counts"]["records"] == len(read(out / "records.csv"))


def test_flag_codes_present(out):
    records = read(out / "records.csv")
    seen = {f for flags in records["flags"] for f in flags.split(";") if f}
    assert seen <= set(FLAGS)
    for code in ("missing_name", "missing_phone", "missing_address", "missing_company", "missing_email",
                 "invalid_phone", "invalid_email", "honorific_only"):
        assert code in seen, code


def test_contacts_and_entities_consistent(out):
    records, contacts, entities = read(out / "records.csv"), read(out / "contacts.csv"), read(out / "entities.csv")
    assert set(records["contact_id"]) == set(contacts["contact_id"])
    assert set(records["entity_id"]) == set(entities["entity_id"])
    # every contact belongs to exactly one entity, counted there once
    assert contacts["contact_id"].is_unique
    assert entities["contact_count"].astype(int).sum() == len(contacts)
    # a record is its contact's entity's but for a job changer's record naming a company it has left
    c = contacts.set_index("contact_id")
    moved = records[records["entity_id"] != records["contact_id"].map(c["entity_id"])]
    assert 0 < len(moved) < 0.02 * len(records)  # the fixtures have job changers
    assert (moved["company"] != "").all()
    assert (moved["company"] != moved["contact_id"].map(c["company"])).all()
    assert (moved["contact_id"].map(c["previous_companies"]) != "").all()
    assert (moved["entity_id"].map(entities.set_index("entity_id")["kind"]) == "company").all()
    assert contacts["record_count"].astype(int).sum() == len(records)
    assert set(entities["kind"]) <= {"company", "person"}


def test_pair_weights_add_up(out):
    pairs = pd.read_csv(out / "pairs.csv", keep_default_na=False)
    assert len(pairs) > 0
    parts = pairs[["w_prior", *(f"w_{f}" for f in FIELDS)]].sum(axis=1)
    assert np.allclose(parts, pairs["match_weight"], atol=1e-3)
    assert set(pairs["decision"]) <= {"match", "review", "non-match"}
    assert (pairs["why"] != "").all()


def test_every_match_pair_lies_inside_one_contact(out):
    """A pair scored a match that the clustering kept apart (a veto between the two contacts)
    is shown for review, saying so; every match pair is inside one contact."""
    pairs = pd.read_csv(out / "pairs.csv", keep_default_na=False)
    matches = pairs[pairs["decision"] == "match"]
    assert len(matches) and (matches["left_contact_id"] == matches["right_contact_id"]).all()
    apart = pairs[pairs["why"].str.startswith("kept apart")]
    assert len(apart), "the fixtures hold no match kept apart"
    assert (apart["decision"] == "review").all() and (apart["probability"] >= 0.95).all()
    assert (apart["left_contact_id"] != apart["right_contact_id"]).all()


def test_accuracy_floor(out):
    scores = evaluate_output(out, TRUTH)
    assert scores["contacts"]["f1"] >= CONTACT_F1_FLOOR, scores
    assert scores["entities"]["f1"] >= ENTITY_F1_FLOOR, scores


def test_evaluate_command_prints_scores(out):
    proc = dedupe("evaluate", str(out), "--truth", str(TRUTH))
    assert proc.returncode == 0, proc.stderr
    assert "contacts" in proc.stdout and "entities" in proc.stdout and "F1" in proc.stdout


def test_byte_identical_rerun(out, tmp_path):
    again = tmp_path / "again"
    proc = dedupe("merge", str(DATA), "--out", str(again))
    assert proc.returncode == 0, proc.stderr
    for name in ("records.csv", "contacts.csv", "entities.csv", "pairs.csv", "report.html"):
        assert filecmp.cmp(out / name, again / name, shallow=False), name
    # run.json differs only in how long each stage took and how much memory it held
    first, second = (json.loads((d / "run.json").read_text(encoding="utf-8")) for d in (out, again))
    for run in (first, second):
        run.pop("seconds"), run.pop("peak_rss_mib", None)
    assert first == second


def test_rerun_replaces_output_in_place(tmp_path):
    d = tmp_path / "o"
    assert dedupe("merge", str(DATA / "wechat.csv"), "--out", str(d), "--quiet").returncode == 0
    (d / "stale.txt").write_text("old")  # left in an earlier output: replaced with the rest
    proc = dedupe("merge", str(DATA / "wechat.csv"), "--out", str(d), "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert not (d / "stale.txt").exists() and (d / "records.csv").exists()
    assert proc.stdout == ""
    assert [p.name for p in tmp_path.iterdir()] == ["o"]  # no temporary directory left behind


def test_out_that_is_not_an_earlier_output_is_refused(tmp_path):
    d = tmp_path / "mine"
    d.mkdir()
    (d / "notes.txt").write_text("keep me")
    proc = dedupe("merge", str(DATA / "wechat.csv"), "--out", str(d))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "notes.txt" in proc.stderr and "not an earlier dedupe output" in proc.stderr
    assert [p.name for p in d.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert dedupe("merge", str(DATA / "wechat.csv"), "--out", str(empty), "--quiet").returncode == 0




def test_original_header_clashing_twice_keeps_both_columns():
    # 'source' clashes with ours and becomes src_source, which another original column holds:
    # it is src_src_source then, and no column's cells are lost (found by test_properties)
    frame = pd.DataFrame([["1", "2", "张伟"]], columns=["source", "src_source", "姓名"])
    other = pd.DataFrame([["3"]], columns=["src_source"])
    records = merge({"a": frame, "b": other}).records
    assert records.columns.is_unique
    assert records["src_src_source"].tolist() == ["1", ""]
    assert records["src_source"].tolist() == ["2", "3"]
    assert records["source"].tolist() == ["a", "b"]
