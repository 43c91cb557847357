"""Reviewer decisions: reading decisions.csv, and `dedupe merge --decisions` obeying it.

The fixture tests force 20 non-matches and 20 matches on the bundled fixtures (issue 7,
point 2, on our own data): the hard ones, chosen from the plain run with a fixed seed.
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dedupe import InputError
from dedupe.cluster import build_contacts
from dedupe.compare import FIELDS
from dedupe.decisions import COLUMNS, load_decisions, read_decisions
from dedupe.evaluate import pairwise_scores
from dedupe.pipeline import merge

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "fixtures" / "data"
TRUTH = ROOT / "fixtures" / "truth.csv"

RECORDS = pd.DataFrame({"source": ["crm", "crm", "crm", "expo", "expo"], "row": [1, 2, 3, 1, 2]})


def table(*rows):
    return pd.DataFrame(list(rows), columns=list(COLUMNS))


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def dedupe(*args):
    return subprocess.run([sys.executable, "-m", "dedupe.cli", *args], capture_output=True, text=True)


# --- reading and checking ---------------------------------------------------------------------

def test_positions_kinds_and_spellings():
    d = load_decisions(table(("crm", "1", "expo", "2", "match"), ("expo", "1", "crm", "3", " NON-MATCH "),
                             ("crm", "2", "crm", "3", "non_match"), ("crm", "1", "crm", "2", "NonMatch")), RECORDS)
    assert d.left.tolist() == [0, 3, 1, 0]
    assert d.right.tolist() == [4, 2, 2, 1]
    assert d.match.tolist() == [True, False, False, False]
    assert d.line.tolist() == [1, 2, 3, 4]
    assert d.pairs(match=False).tolist() == [[3, 2], [1, 2], [0, 1]]
    assert d.describe(1) == "decisions row 2: non-match of expo row 1 and crm row 3"


def test_file_with_extra_columns_bom_and_spreadsheet_row_numbers(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text("\ufeffleft_source,left_row,right_source,right_row,decision,why\n"
                 "crm,2.0,expo,1,match,same phone\n", encoding="utf-8")
    d = load_decisions(f, RECORDS)
    assert (d.left.tolist(), d.right.tolist(), d.match.tolist()) == ([1], [3], [True])
    assert d.name == str(f)


def test_header_only_file_decides_nothing(tmp_path):
    f = write(tmp_path / "d.csv", ",".join(COLUMNS) + "\n")
    d = load_decisions(f, RECORDS)
    assert len(d) == 0 and d.pairs(match=True).shape == (0, 2)


@pytest.mark.parametrize("rows, message", [
    ([("crm", "1", "expo", "1", "maybe")], "d.csv: row 1, column 'decision': 'maybe' is not match or non-match"),
    ([("crm", "1", "expo", "1", "match"), ("web", "1", "expo", "1", "match")],
     "d.csv: row 2, column 'left_source': source 'web' is not among the inputs (sources: 'crm', 'expo')"),
    ([("crm", "1", "expo", "9", "match")],
     "d.csv: row 1, column 'right_row': row 9 is out of range (source 'expo' has rows 1 to 2)"),
    ([("crm", "0", "expo", "1", "match")],
     "d.csv: row 1, column 'left_row': row 0 is out of range (source 'crm' has rows 1 to 3)"),
    ([("crm", "x", "expo", "1", "match")], "d.csv: row 1, column 'left_row': 'x' is not a row number"),
    ([("crm", "", "expo", "1", "match")], "d.csv: row 1, column 'left_row': '' is not a row number"),
    ([("crm", "2", "crm", "2", "match")], "d.csv: row 1, column 'right_row': the decision pairs crm row 2 with itself"),
])
def test_bad_rows_are_one_clear_line(tmp_path, rows, message):
    f = tmp_path / "d.csv"
    table(*rows).to_csv(f, index=False)
    with pytest.raises(InputError) as err:
        load_decisions(f, RECORDS)
    assert str(err.value) == str(tmp_path / message)
    assert "\n" not in str(err.value)


def test_missing_file_and_missing_column(tmp_path):
    with pytest.raises(InputError, match=r"nope\.csv: file not found$"):
        read_decisions(tmp_path / "nope.csv")
    with pytest.raises(InputError, match=r"is a directory"):
        read_decisions(tmp_path)
    f = write(tmp_path / "d.csv", "left_source,left_row,right_source,decision\ncrm,1,expo,match\n")
    with pytest.raises(InputError, match=r"d\.csv: header: no column 'right_row' \(a decisions file has "):
        read_decisions(f)


def test_a_source_without_rows_is_an_input_but_has_no_row():
    with pytest.raises(InputError, match=r"row 1 is out of range \(source 'web' has no rows\)"):
        load_decisions(table(("web", "1", "crm", "1", "match")), RECORDS, sources=["crm", "expo", "web"])


# --- what merge does with them, on small frames ------------------------------------------------

def people(*rows):
    return {"crm": pd.DataFrame(list(rows), columns=["姓名", "手机", "公司"])}


def contact_of(result, row):
    return result.records.set_index("row").loc[row, "contact_id"]


ZHANG = ("张伟", "13800138000", "华瑞科技有限公司")


def test_non_match_holds_against_a_chain_of_strong_links():
    inputs = people(ZHANG, ZHANG, ZHANG)  # three identical rows: every pair a strong match
    assert merge(inputs).records["contact_id"].nunique() == 1
    result = merge(inputs, decisions=table(("crm", "1", "crm", "3", "non-match")))
    assert contact_of(result, 1) != contact_of(result, 3)
    assert contact_of(result, 2) in (contact_of(result, 1), contact_of(result, 3))
    pair = result.pairs.query("left_row == 1 and right_row == 3").iloc[0]
    assert pair["decision"] == "non-match"
    assert pair["why"].startswith("reviewer: non-match (model: match); ")
    assert result.run["decisions"]["non-match"] == {"applied": 1}


def test_non_match_holds_against_fragment_attachment():
    inputs = people(ZHANG, ("张总", "13800138000", "华瑞科技有限公司"))
    assert merge(inputs).records["contact_id"].nunique() == 1  # the fragment attaches to 张伟
    result = merge(inputs, decisions=table(("crm", "2", "crm", "1", "nonmatch")))
    assert result.records["contact_id"].nunique() == 2
    assert result.pairs["decision"].tolist() == ["non-match"]


def test_match_of_a_pair_blocking_never_paired():
    inputs = people(ZHANG, ("李娜", "13900139000", "远航物流有限公司"), ("王芳", "13700137000", ""))
    plain = merge(inputs)
    assert len(plain.pairs) == 0 and plain.records["contact_id"].nunique() == 3
    result = merge(inputs, decisions=table(("crm", "3", "crm", "1", "match")))
    assert contact_of(result, 1) == contact_of(result, 3) != contact_of(result, 2)
    assert len(result.pairs) == 1
    pair = result.pairs.iloc[0]
    assert (pair["left_row"], pair["right_row"], pair["decision"]) == (1, 3, "match")
    assert pair["why"].startswith("reviewer: match (model: non-match); ")
    assert pair["name_level"] == "different"
    parts = pair[["w_prior", *(f"w_{f}" for f in FIELDS)]].sum()
    assert parts == pytest.approx(pair["match_weight"], abs=1e-3)
    assert result.run["decisions"]["pairs_not_blocked"] == 1
    # the contact holds both, and so does its one entity
    assert result.contacts.set_index("contact_id").loc[contact_of(result, 1), "record_count"] == 2
    assert result.records.groupby("contact_id")["entity_id"].nunique().max() == 1


def test_contradicting_decisions_cannot_link_wins_and_the_skip_is_reported():
    inputs = people(ZHANG, ("李娜", "13900139000", "远航物流有限公司"), ("王芳", "13700137000", ""))
    # 1 = 2, 2 = 3, but 1 ≠ 3: the second match would put 1 and 3 together
    result = merge(inputs, decisions=table(("crm", "1", "crm", "2", "match"), ("crm", "2", "crm", "3", "match"),
                                           ("crm", "3", "crm", "1", "non-match")))
    assert contact_of(result, 1) == contact_of(result, 2) != contact_of(result, 3)
    d = result.run["decisions"]
    assert d["match"] == {"applied": 1, "skipped": 1} and d["non-match"] == {"applied": 1}
    assert d["skipped"] == [{"row": 2, "left": "crm row 2", "right": "crm row 3",
                             "reason": "contradicts the non-match in row 3 (crm row 3 and crm row 1)"}]
    assert result.warnings == ["decisions row 2: match of crm row 2 and crm row 3 not applied: it would put "
                               "crm row 3 and crm row 1 in one contact, against the non-match in row 3"]
    why = result.pairs.set_index(["left_row", "right_row"])["why"]
    assert why[(2, 3)].startswith("reviewer: match, not applied: contradicts the non-match in decisions row 3")
    # the same pair marked both ways: non-match, whichever comes first
    for rows in ([("crm", "1", "crm", "2", "match"), ("crm", "2", "crm", "1", "non-match")],
                 [("crm", "2", "crm", "1", "non-match"), ("crm", "1", "crm", "2", "match")]):
        both = merge(inputs, decisions=table(*rows))
        assert contact_of(both, 1) != contact_of(both, 2)
        assert both.pairs["decision"].tolist() == ["non-match"]


def cluster(pairs, n, must=(), cannot=(), sources=None, weak=None):
    """build_contacts on (left, right, weight, decision) pairs with reviewers' links."""
    left = np.array([p[0] for p in pairs], dtype=np.int64)
    right = np.array([p[1] for p in pairs], dtype=np.int64)
    weight = np.array([p[2] for p in pairs], dtype=float)
    decision = np.array([p[3] for p in pairs], dtype=object)
    weak_mask = np.zeros(n, dtype=bool)
    weak_mask[list(weak or [])] = True
    skipped = {}
    labels = build_contacts(n, left, right, weight, decision, -6.0, weak_mask if weak else None,
                            evidence=weight if weak else None,
                            sources=None if sources is None else np.array(sources, dtype=np.int64),
                            must_link=np.array(must, dtype=np.int64).reshape(-1, 2),
                            cannot_link=np.array(cannot, dtype=np.int64).reshape(-1, 2), skipped=skipped)
    return labels.tolist(), skipped


def test_cluster_must_link_overrides_weight_veto_and_source_constraint():
    # 0-1 scored far below the veto and both from source 0: a reviewer joins them anyway
    labels, skipped = cluster([(0, 1, -30.0, "non-match"), (1, 2, 20.0, "match")], 3, must=[(0, 1)],
                              sources=[0, 0, 1])
    assert labels == [0, 0, 0] and skipped == {}


def test_cluster_cannot_link_stops_chains_attachment_and_later_must_links():
    # 0=1=2 by strong pairs, 0≠2 by a reviewer: 2 stays out; 3 is a fragment that could only be 0's
    pairs = [(0, 1, 30.0, "match"), (1, 2, 25.0, "match"), (0, 2, 20.0, "match"), (0, 3, 12.0, "review")]
    assert cluster(pairs, 4, weak=[3])[0] == [0, 0, 0, 0]
    labels, skipped = cluster(pairs, 4, cannot=[(0, 2), (3, 1)], weak=[3])
    assert labels == [0, 0, 2, 3] and skipped == {}
    # the must-link 1=2 came first, so 0 is kept from joining the pair 1, 2 instead
    labels, skipped = cluster(pairs, 4, must=[(1, 2), (2, 0)], cannot=[(0, 1)])
    assert labels[1] == labels[2] != labels[0] and skipped == {1: 0}


def test_zero_decisions_change_nothing():
    inputs = people(ZHANG, ZHANG, ("李娜", "13900139000", "远航物流有限公司"))
    plain, none = merge(inputs), merge(inputs, decisions=table())
    pd.testing.assert_frame_equal(plain.records, none.records)
    pd.testing.assert_frame_equal(plain.pairs, none.pairs)
    assert none.run["decisions"] == {"file": "decisions", "rows": 0, "match": {"applied": 0, "skipped": 0},
                                     "non-match": {"applied": 0}, "pairs_not_blocked": 0, "skipped": []}


# --- 20 forced non-matches and 20 forced matches on the fixtures -------------------------------

@pytest.fixture(scope="module")
def plain():
    return merge([str(DATA)])


@pytest.fixture(scope="module")
def truth():
    t = pd.read_csv(TRUTH, dtype=str, keep_default_na=False)
    t["row"] = t["row"].astype(int)
    return t


def choose(plain, truth, seed=7):
    """20 pairs the plain run put in one contact and 20 it kept apart, the hard ones first:
    non-matches among pairs it scored 'match' whose records truth says are two people (then
    any pair of two people in one contact, then — when the run made fewer such mistakes than
    20 — any pair in one contact: a reviewer's split holds even when it is wrong), matches
    between records of one true person in different contacts; no record in two decisions."""
    rng = np.random.default_rng(seed)
    person = dict(zip(zip(truth["source"], truth["row"], strict=True), truth["contact"], strict=True))
    pairs = plain.pairs
    together = (pairs["left_contact_id"] == pairs["right_contact_id"]).to_numpy()
    two_people = np.array([person[(a, b)] != person[(c, d)] for a, b, c, d in zip(
        pairs["left_source"], pairs["left_row"], pairs["right_source"], pairs["right_row"], strict=True)])
    matched = (pairs["decision"] == "match").to_numpy()
    used: set = set()
    chosen = []
    # scored 'match' though two people; then any pair of two people in one contact
    for tier in (together & matched & two_people, together & two_people, together & matched):
        for k in rng.permutation(np.flatnonzero(tier)):
            p = pairs.iloc[k]
            a, b = (p["left_source"], int(p["left_row"])), (p["right_source"], int(p["right_row"]))
            if len(chosen) == 20 or a in used or b in used:
                continue
            used |= {a, b}
            chosen.append((*a, *b, "non-match"))
    records = plain.records[["source", "row", "contact_id"]].assign(
        person=lambda r: [person[k] for k in zip(r["source"], r["row"], strict=True)])
    split = [g for _, g in records.groupby("person", sort=True) if g["contact_id"].nunique() > 1]
    for k in rng.permutation(len(split)):
        g = split[k]
        g = g[[(s, r) not in used for s, r in zip(g["source"], g["row"], strict=True)]]
        if g["contact_id"].nunique() < 2:
            continue
        first = g.iloc[int(rng.integers(len(g)))]
        others = g[g["contact_id"] != first["contact_id"]]
        second = others.iloc[int(rng.integers(len(others)))]
        used |= {(first["source"], first["row"]), (second["source"], second["row"])}
        chosen.append((first["source"], int(first["row"]), second["source"], int(second["row"]), "match"))
        if len(chosen) == 40:
            break
    assert len(chosen) == 40
    return pd.DataFrame(chosen, columns=list(COLUMNS))


@pytest.fixture(scope="module")
def forced(plain, truth, tmp_path_factory):
    decisions = choose(plain, truth)
    path = tmp_path_factory.mktemp("decisions") / "decisions.csv"
    decisions.to_csv(path, index=False)
    return decisions, path


@pytest.fixture(scope="module")
def decided(plain, forced):
    # with --previous too: the decisions hold whatever IDs the contacts carry over
    return merge([str(DATA)], decisions=forced[1], previous=plain)


def contact_ids(result, source, row):
    ids = result.records.set_index(["source", "row"])["contact_id"]
    return [ids[(s, int(r))] for s, r in zip(source, row, strict=True)]


def test_choice_is_hard(plain, forced):
    decisions = forced[0]
    non, match = decisions[decisions["decision"] == "non-match"], decisions[decisions["decision"] == "match"]
    assert len(non) == 20 and len(match) == 20
    before_l = contact_ids(plain, non["left_source"], non["left_row"])
    assert before_l == contact_ids(plain, non["right_source"], non["right_row"])
    before = zip(contact_ids(plain, match["left_source"], match["left_row"]),
                 contact_ids(plain, match["right_source"], match["right_row"]), strict=True)
    assert all(a != b for a, b in before)


def test_twenty_forced_non_matches_split(decided, forced):
    non = forced[0][forced[0]["decision"] == "non-match"]
    after = zip(contact_ids(decided, non["left_source"], non["left_row"]),
                contact_ids(decided, non["right_source"], non["right_row"]), strict=True)
    assert sum(a != b for a, b in after) == 20


def test_twenty_forced_matches_join(decided, forced):
    match = forced[0][forced[0]["decision"] == "match"]
    assert (contact_ids(decided, match["left_source"], match["left_row"])
            == contact_ids(decided, match["right_source"], match["right_row"]))


def test_forced_run_keeps_the_contract(decided, plain):
    records = decided.records
    assert len(records) == len(plain.records)
    assert not records.duplicated(["source", "row"]).any()
    assert records[["source", "row"]].equals(plain.records[["source", "row"]])
    contacts = decided.contacts
    # a contact in one entity; a record in its contact's, but a job changer's record of a company it left
    theirs = records["contact_id"].map(contacts.set_index("contact_id")["entity_id"])
    assert (records.loc[records["entity_id"] != theirs, "company"] != "").all()
    assert decided.entities["contact_count"].astype(int).sum() == len(contacts)
    assert contacts["contact_id"].is_unique
    assert set(contacts["contact_id"]) == set(records["contact_id"])
    assert set(contacts["entity_id"]) <= set(decided.entities["entity_id"])
    assert contacts["record_count"].astype(int).sum() == len(records)
    d = decided.run["decisions"]
    assert d["match"] == {"applied": 20, "skipped": 0} and d["non-match"] == {"applied": 20}
    assert "ids" in decided.run  # --previous and --decisions together


def test_forced_pairs_in_pairs_csv(decided, forced):
    pairs = decided.pairs
    reviewed = pairs[pairs["why"].str.startswith("reviewer: ")]
    assert len(reviewed) == 40
    assert sorted(reviewed["decision"]) == sorted(forced[0]["decision"])
    parts = reviewed[["w_prior", *(f"w_{f}" for f in FIELDS)]].sum(axis=1)
    assert np.allclose(parts, reviewed["match_weight"], atol=1e-3)
    assert not pairs.duplicated(["left_source", "left_row", "right_source", "right_row"]).any()


@pytest.fixture(scope="module")
def truthful(forced, truth, tmp_path_factory):
    """A run with the forced decisions that agree with the truth, and how many those are: a
    run that put fewer than 20 pairs of two people in one contact gets some wrong splits."""
    decisions = forced[0]
    person = dict(zip(zip(truth["source"], truth["row"], strict=True), truth["contact"], strict=True))
    right = np.array([(person[(a, int(b))] != person[(c, int(d))]) == (decision == "non-match")
                      for a, b, c, d, decision in decisions[list(COLUMNS)].itertuples(index=False)])
    path = tmp_path_factory.mktemp("truthful") / "decisions.csv"
    decisions[right].to_csv(path, index=False)
    return merge([str(DATA)], decisions=path), int(right.sum())


def test_right_decisions_raise_contact_f1(plain, truthful, truth):
    # every decision agrees with the truth, so precision and recall may only rise
    def scores(result):
        joined = result.records[["source", "row", "contact_id"]].merge(truth, on=["source", "row"])
        return pairwise_scores(joined["contact_id"], joined["contact"])

    decided, count = truthful
    assert count >= 25  # the 20 matches and some of the splits
    before, after = scores(plain), scores(decided)
    assert after["correct_pairs"] > before["correct_pairs"]
    assert after["f1"] > before["f1"]


# --- the command line ---------------------------------------------------------------------------

@pytest.fixture()
def crm_file(tmp_path):
    f = tmp_path / "crm.csv"
    pd.DataFrame([ZHANG, ZHANG, ("李娜", "13900139000", "远航物流有限公司")],
                 columns=["姓名", "手机", "公司"]).to_csv(f, index=False)
    return f


def test_cli_merge_obeys_decisions(tmp_path, crm_file):
    dec = write(tmp_path / "decisions.csv", "left_source,left_row,right_source,right_row,decision\n"
                                            "crm,1,crm,2,non-match\ncrm,2,crm,3,match\n")
    out = tmp_path / "clean"
    proc = dedupe("merge", str(crm_file), "--out", str(out), "--decisions", str(dec))
    assert proc.returncode == 0, proc.stderr
    assert "1 match and 1 non-match applied" in proc.stdout
    records = pd.read_csv(out / "records.csv", dtype=str, keep_default_na=False).set_index("row")["contact_id"]
    assert records["1"] != records["2"] == records["3"]
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["decisions"]["match"]["applied"] == 1 and run["decisions"]["non-match"]["applied"] == 1
    pairs = pd.read_csv(out / "pairs.csv", dtype=str, keep_default_na=False)
    assert set(pairs["why"].str.split(" ").str[1]) >= {"non-match", "match"}


def test_cli_bad_decisions_file_exits_2_with_one_line(tmp_path, crm_file):
    dec = write(tmp_path / "decisions.csv", "left_source,left_row,right_source,right_row,decision\n"
                                            "crm,1,crm,2,match\ncrm,7,crm,2,match\n")
    out = tmp_path / "clean"
    proc = dedupe("merge", str(crm_file), "--out", str(out), "--decisions", str(dec))
    assert proc.returncode == 2
    assert proc.stderr == (f"dedupe: error: {dec}: row 2, column 'left_row': row 7 is out of range "
                           f"(source 'crm' has rows 1 to 3)\n")
    assert not out.exists()
    missing = dedupe("merge", str(crm_file), "--out", str(out), "--decisions", str(tmp_path / "none.csv"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr


def test_cli_help_teaches_the_file_format():
    proc = dedupe("merge", "--help")
    assert proc.returncode == 0
    assert "--decisions" in proc.stdout and "left_source" in proc.stdout and "non-match" in proc.stdout
