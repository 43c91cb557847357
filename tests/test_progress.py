"""Progress bars: drawn on a terminal, silent in pipes, with --quiet and in the library."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from click.testing import CliRunner

from dedupe import merge
from dedupe.cli import main
from dedupe.progress import Progress, TerminalProgress

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted(str(p) for p in (ROOT / "fixtures" / "data").glob("*.csv"))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Recorder(Progress):
    def __init__(self) -> None:
        self.stages: list[str] = []
        self.units = 0

    def stage(self, name: str, total: int | None = None, unit: str = "") -> None:
        self.stages.append(name)

    def advance(self, n: int = 1) -> None:
        self.units += n


def test_terminal_progress_draws_on_a_terminal_only():
    tty, pipe = _Terminal(), io.StringIO()
    for stream in (tty, pipe):
        p = TerminalProgress(stream)
        p.stage("standardize", total=100, unit="values")
        p.advance(40)
        p.stage("block")
        p.close()
    assert "dedupe: standardize" in tty.getvalue() and "dedupe: block" in tty.getvalue()
    assert pipe.getvalue() == ""


def test_merge_reports_every_stage_in_order():
    seen = _Recorder()
    merge(FIXTURES, progress=seen)
    assert seen.stages == ["read", "standardize", "block", "compare", "score", "cluster", "entities", "survive",
                           "assemble"]


def test_no_bars_in_a_pipe(tmp_path):
    result = CliRunner().invoke(main, ["merge", *FIXTURES, "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "dedupe: standardize" not in result.output and "\r" not in result.output


def _on_a_terminal(args: list[str]) -> str:
    """Run the CLI with standard error on a pseudo-terminal; what it drew there."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 24 rows, 100 columns
    proc = subprocess.Popen([sys.executable, "-m", "dedupe.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=follower)
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed its side
            break
        if not chunk:
            break
        drawn += chunk
    assert proc.wait(timeout=300) == 0
    os.close(leader)
    return drawn.decode("utf-8", "replace")


def test_bars_on_a_terminal_and_quiet_silences_them(tmp_path):
    drawn = _on_a_terminal(["merge", *FIXTURES, "--out", str(tmp_path / "a")])
    for stage in ("read", "block", "compare", "cluster", "write", "report"):
        assert f"dedupe: {stage}" in drawn, drawn[-2000:]
    assert _on_a_terminal(["merge", *FIXTURES, "--out", str(tmp_path / "b"), "--quiet"]) == ""
