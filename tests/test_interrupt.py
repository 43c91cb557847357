"""An interrupted `dedupe merge` leaves an earlier output directory exactly as it was."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "fixtures" / "data"


def start(out):
    return subprocess.Popen([sys.executable, "-m", "dedupe.cli", "merge", str(DATA), "--out", str(out), "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def snapshot(d):
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


def temporaries(parent, name):
    return [p.name for p in parent.iterdir() if p.name.startswith(f".{name}.")]


@pytest.fixture(scope="module")
def earlier(tmp_path_factory):
    out = tmp_path_factory.mktemp("kill") / "clean"
    proc = start(out)
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    return {"out": out, "before": snapshot(out)}


def kill_when_writing(out, sig):
    """Start a run and send ``sig`` as soon as it has begun writing its temporary output directory."""
    proc = start(out)
    # its own directory (named with its pid): one an earlier killed run left is no sign of writing
    mine = f".{out.name}.tmp-{proc.pid}-"
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if any((out.parent / t).is_dir() and any((out.parent / t).iterdir())
               for t in temporaries(out.parent, out.name) if t.startswith(mine)):
            proc.send_signal(sig)
            break
        time.sleep(0.002)
    proc.wait(timeout=60)
    return proc


def test_sigkill_while_writing_leaves_earlier_output_untouched(earlier):
    out, before = earlier["out"], earlier["before"]
    proc = kill_when_writing(out, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert snapshot(out) == before
    assert temporaries(out.parent, out.name)  # what the killed run left; the next run removes it
    again = start(out)
    assert again.wait(timeout=300) == 0, again.stderr.read()
    assert temporaries(out.parent, out.name) == []
    earlier["before"] = snapshot(out)
    assert earlier["before"].keys() == before.keys()
    assert earlier["before"]["records.csv"] == before["records.csv"]


@pytest.mark.parametrize("delay", [0.3, 1.5])
def test_sigkill_before_writing_leaves_earlier_output_untouched(earlier, delay):
    out, before = earlier["out"], earlier["before"]
    proc = start(out)
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert snapshot(out) == before


def test_sigterm_unwinds_cleanly(earlier):
    out, before = earlier["out"], earlier["before"]
    proc = kill_when_writing(out, signal.SIGTERM)
    err = proc.stderr.read()
    assert proc.returncode == 130, err
    assert err.strip() == "dedupe: interrupted; no output was changed"
    assert snapshot(out) == before
    assert temporaries(out.parent, out.name) == []


def test_output_renamed_aside_by_a_dead_run_comes_back(tmp_path, monkeypatch):
    """Where directories cannot be swapped in one step, a run killed between its two renames leaves the
    earlier output under .clean.old-PID; the next run puts it back before anything else."""
    from dedupe import output

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    aside = tmp_path / f".clean.old-{dead.pid}"
    aside.mkdir()
    (aside / "records.csv").write_text("earlier")
    stale = tmp_path / f".clean.tmp-{dead.pid}-x1"
    stale.mkdir()
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    output._recover(tmp_path / "clean")
    assert (tmp_path / "clean" / "records.csv").read_text() == "earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean"]
    import pandas as pd

    output.write_outputs(tmp_path / "clean", {"records.csv": pd.DataFrame({"a": [1]})}, {})
    assert (tmp_path / "clean" / "records.csv").read_text() == "a\n1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean"]
