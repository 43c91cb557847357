"""Writing the output directory so that an interrupted run changes nothing.

Every file is written into a private sibling directory (``.clean.tmp-<pid>-…``)
which then takes the place of ``clean/`` in one step: on Linux the two
directories are swapped atomically (``renameat2(RENAME_EXCHANGE)``), elsewhere
the old one is renamed aside first and restored by the next run if the process
died between the two renames.  A run killed at any moment therefore leaves
either the earlier output or the new one, never a mix; the next run removes the
temporary directories that dead runs left behind.

``--out`` must be a new directory, an empty one, or an earlier dedupe output:
replacing a directory of other files (``--out .``) would delete them.
"""

from __future__ import annotations

import codecs
import ctypes
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from .errors import InputError

__all__ = ["write_outputs", "write_csv", "check_out_dir", "ERROR_LOG"]

# files a dedupe output directory may hold (an earlier run's, or the log of a failed one)
ERROR_LOG = "dedupe-error.log"
_OURS = frozenset({"records.csv", "contacts.csv", "entities.csv", "pairs.csv", "report.html", "run.json", ERROR_LOG})
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def check_out_dir(out_dir: str | Path) -> Path:
    """The output directory as an absolute path; a :class:`InputError` if replacing it would lose files
    that are not dedupe's own."""
    out = Path(out_dir).absolute()
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: --out must be a directory, and this is a file")
    if out.is_dir():
        foreign = sorted(p.name for p in out.iterdir() if p.name not in _OURS)
        if foreign and not (out / "run.json").is_file() and not (out / "records.csv").is_file():
            shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
            raise InputError(f"{out}: --out is a directory of other files ({shown}), not an earlier dedupe "
                             "output; it would be replaced: choose a new or empty directory")
    if out.parent == out:
        raise InputError(f"{out}: --out cannot be a filesystem root")
    return out


def write_outputs(out_dir: str | Path, tables: Mapping[str, pd.DataFrame],
                  extra: Mapping[str, Callable[[Path], None]]) -> None:
    """Write ``tables`` (as CSV) and ``extra`` (writer functions) into ``out_dir``, replacing it whole.

    A run that fails or is killed midway leaves an earlier ``out_dir`` untouched.
    """
    out = check_out_dir(out_dir)
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=parent))
    # mkdtemp makes the directory private (0700); the output is for others to load too
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)
    try:
        for filename, table in tables.items():
            write_csv(table, tmp / filename)
        for _name, writer in extra.items():
            writer(tmp)
        if out.exists():
            if _exchange(tmp, out):  # tmp now holds the earlier output
                shutil.rmtree(tmp, ignore_errors=True)
                return
            old = parent / f".{out.name}.old-{os.getpid()}"
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _replacement(exc: UnicodeError) -> tuple[bytes, int]:
    """Encoding error handler: a lone surrogate (text decoded with surrogateescape, or a JSON
    '\\ud800') has no UTF-8 form; it is written as U+FFFD so that every output file stays valid UTF-8."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    # bytes: the UTF-8 encoder takes only ASCII text back from a handler
    return "\ufffd".encode() * (exc.end - exc.start), exc.end


codecs.register_error("dedupe-replace", _replacement)
# a record ends at a CRLF outside quotes; a quoted cell may hold CRLF itself
_RECORD_END = re.compile(r'("(?:[^"]|"")*")|\r\n')


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """``table`` as UTF-8 CSV with LF line ends, every cell read back as written.

    The csv module quotes a cell holding the line terminator only, so a cell with a
    lone CR ('a\\rb') would be written bare and split into two rows by any reader.
    When a CR is there, the file is written with CRLF (which quotes every cell
    holding CR or LF) and the record ends outside quotes turned back into LF.
    """
    table.to_csv(path, index=False, encoding="utf-8", errors="dedupe-replace", lineterminator="\n")
    with open(path, "rb") as f:
        has_cr = any(b"\r" in block for block in iter(lambda: f.read(1 << 24), b""))
    if has_cr:
        text = table.to_csv(index=False, lineterminator="\r\n")
        text = _RECORD_END.sub(lambda m: m.group(1) or "\n", text)
        path.write_bytes(text.encode("utf-8", errors="dedupe-replace"))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux ``renameat2``); False where that is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _recover(out: Path) -> None:
    """Clean up after runs that died: restore an output renamed aside, remove their temporary dirs."""
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(tmp|old)-(\d+)(-.*)?$")
    for p in sorted(out.parent.iterdir()):
        m = pattern.match(p.name)
        if not m or not p.is_dir() or _alive(int(m.group(2))):
            continue
        if m.group(1) == "old" and not out.exists():
            os.replace(p, out)  # died between its two renames: the earlier output comes back
        else:
            shutil.rmtree(p, ignore_errors=True)
