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
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .codes import object_identities
from .errors import InputError

__all__ = ["write_outputs", "write_csv", "check_out_dir", "ERROR_LOG"]

# files a dedupe output directory may hold (an earlier run's, or the log of a failed one)
ERROR_LOG = "dedupe-error.log"
_OURS = frozenset({"records.csv", "contacts.csv", "entities.csv", "pairs.csv", "report.html", "run.json", ERROR_LOG})
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# rows per block of lines the fast writer builds at once: bounded memory, few calls
_CHUNK_ROWS = 65_536


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
        _write_files(tmp, tables, extra)
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


def _write_files(tmp: Path, tables: Mapping[str, pd.DataFrame], extra: Mapping[str, Callable[[Path], None]]) -> None:
    """The tables (CSV) and the extras into ``tmp``.  The table of most cells is written by a
    thread of its own meanwhile: much of a table's writing (Arrow, the file) runs without the
    GIL, so two tables' writing overlaps.  When either side fails the other stops at its next
    chunk, and the first error is raised once the thread has ended."""
    if not tables:
        for writer in extra.values():
            writer(tmp)
        return
    biggest = max(tables, key=lambda name: tables[name].size)
    stop = threading.Event()

    def side() -> None:
        try:
            write_csv(tables[biggest], tmp / biggest, stop=stop)
        except BaseException:
            stop.set()
            raise

    with ThreadPoolExecutor(1, thread_name_prefix="dedupe-table") as pool:
        background = pool.submit(side)
        try:
            try:
                for filename, table in tables.items():
                    if filename != biggest:
                        write_csv(table, tmp / filename, stop=stop)
                for writer in extra.values():
                    if stop.is_set():
                        raise _Stopped(biggest)
                    writer(tmp)
            except _Stopped:
                pass  # the thread failed: its error is raised next
            background.result()
        except BaseException:
            stop.set()  # leaving the with block waits for the thread, which now stops soon
            raise


class _Stopped(Exception):
    """Writing a table was given up because another part of the output failed."""


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


def write_csv(table: pd.DataFrame, path: Path, chunk_rows: int = _CHUNK_ROWS,
              stop: threading.Event | None = None) -> None:
    """``table`` as UTF-8 CSV with LF line ends, every cell read back as written.

    The bytes are those of pandas' ``to_csv`` (:func:`_write_csv_pandas`): minimal quoting, NaN and
    None empty, floats as Python's ``repr``.  Lines are built ``chunk_rows`` at a time with pyarrow,
    which is several times faster; a column of a type not covered here sends the whole table the
    pandas way.  ``stop``, once set, ends the writing at the next chunk, the file left incomplete.
    """
    cells = _cell_makers(table, single=table.shape[1] == 1)
    if cells is None:
        _write_csv_pandas(table, path)
        return
    with open(path, "wb") as f, ThreadPoolExecutor(1, thread_name_prefix="dedupe-csv") as joiner:
        f.write(_header(table.columns, single=len(cells) == 1))
        # a chunk's cells are made (Python, under the GIL) while the one before is joined into
        # lines and written by the other thread (Arrow and the file, without the GIL): at most
        # two chunks alive, written in order
        pending: Future[None] | None = None
        for start in range(0, len(table), chunk_rows):
            if stop is not None and stop.is_set():
                raise _Stopped(path.name)
            end = min(start + chunk_rows, len(table))
            columns = [make(start, end) for make in cells]
            if pending is not None:
                pending.result()
            pending = joiner.submit(_write_lines, f, columns)
        if pending is not None:
            pending.result()
    pa.default_memory_pool().release_unused()  # the chunks' buffers back to the system, for the next stage


def _write_lines(f: BinaryIO, columns: list[pa.Array]) -> None:
    """One chunk's cells as lines, written to ``f``."""
    # the line end rides on the last cell: one join builds whole lines
    columns[-1] = pc.binary_join_element_wise(columns[-1], "\n", "")
    _write_text(f, pc.binary_join_element_wise(*columns, ","))


def _write_csv_pandas(table: pd.DataFrame, path: Path) -> None:
    """The reference writer, for tables :func:`write_csv` cannot take the fast way.

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


# So the fast writer quotes a cell exactly when _write_csv_pandas does: when it holds the
# delimiter, the quote, LF, or CR (a file with a CR anywhere quotes every CR and LF).
_NEEDS_QUOTES = r'[,"\r\n]'
_SPECIAL_BYTES = (b",", b'"', b"\r", b"\n")
CellMaker = Callable[[int, int], pa.Array]


def _header(labels: pd.Index, single: bool) -> bytes:
    cells = [_quote_text(str(label), single) for label in labels]
    return (",".join(cells) + "\n").encode("utf-8", errors="dedupe-replace")


def _quote_text(text: str, single: bool) -> str:
    if re.search(_NEEDS_QUOTES, text) or (single and text == ""):
        return '"' + text.replace('"', '""') + '"'
    return text


def _quoted(cells: pa.Array, single: bool) -> pa.Array:
    """Cells quoted as the csv module quotes them (QUOTE_MINIMAL, quotes doubled)."""
    if not single and not _any_special_byte(cells):
        return cells
    need = pc.match_substring_regex(cells, _NEEDS_QUOTES)
    if single:  # the csv module writes a row of one empty cell as "" (else it would be a blank line)
        need = pc.or_(need, pc.equal(pc.binary_length(cells), 0))
    if not pc.any(need).as_py():
        return cells
    wrapped = pc.binary_join_element_wise('"', pc.replace_substring(cells, '"', '""'), '"', "")
    return pc.if_else(need, wrapped, cells)


def _any_special_byte(cells: pa.Array) -> bool:
    """Whether the bytes behind ``cells`` hold a comma, quote, CR or LF anywhere: four byte
    searches over the data buffer, much cheaper than a search per cell, and most columns have none."""
    data = cells.buffers()[2]
    if data is None:
        return False
    raw = data.to_pybytes()
    return any(byte in raw for byte in _SPECIAL_BYTES)


def _write_text(f: BinaryIO, lines: pa.Array) -> None:
    """The UTF-8 bytes of ``lines`` back to back: the slice of the array's data buffer they fill."""
    if not len(lines):
        return
    width = 8 if pa.types.is_large_string(lines.type) else 4
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32 if width == 4 else np.int64,
                            count=len(lines) + 1, offset=lines.offset * width)
    f.write(memoryview(lines.buffers()[2])[offsets[0]:offsets[-1]])


def _cell_makers(table: pd.DataFrame, single: bool) -> list[CellMaker] | None:
    """Per column, a function of a row range giving its cells as written (text, quoted); None if
    some column or the header is of a kind whose pandas text is not reproduced here.  ``single``:
    the table has one column (whose empty cells the csv module quotes)."""
    if table.shape[1] == 0 or isinstance(table.columns, pd.MultiIndex):
        return None
    if not all(isinstance(label, str) for label in table.columns):
        return None
    makers = []
    for k in range(table.shape[1]):
        make = _cell_maker(table.iloc[:, k], single)
        if make is None:
            return None
        makers.append(make)
    return makers


def _cell_maker(column: pd.Series, single: bool) -> CellMaker | None:
    dtype = column.dtype
    if isinstance(dtype, np.dtype):
        values = column.to_numpy()
        if dtype.kind == "O":
            return _object_maker(values, single)
        if dtype.kind in "iu":
            return lambda a, b: _quoted(pa.array(values[a:b]).cast(pa.string()), single)
        if dtype.kind == "b":
            return lambda a, b: _quoted(pc.if_else(pa.array(values[a:b]), "True", "False"), single)
        if dtype.kind == "f":
            return _float_maker(values, single)
        return None
    values = column.array
    if isinstance(dtype, pd.StringDtype) or (isinstance(dtype, pd.ArrowDtype) and (
            pa.types.is_string(dtype.pyarrow_dtype) or pa.types.is_large_string(dtype.pyarrow_dtype))):
        return lambda a, b: _quoted(pa.array(values[a:b]).cast(pa.string()).fill_null(""), single)
    if isinstance(dtype, pd.CategoricalDtype) and dtype.categories.dtype.kind == "O":
        categories = _strings(dtype.categories.to_numpy())
        if categories is None:
            return None
        texts = _quoted(pa.concat_arrays([categories, pa.array([""])]), single)  # last: a missing cell
        codes = np.where(values.codes < 0, len(categories), values.codes)
        return lambda a, b: texts.take(pa.array(codes[a:b]))
    return None


def _object_maker(values: np.ndarray, single: bool) -> CellMaker:
    """Cells of an object column.  Where a chunk's cells hold few distinct objects (levels,
    decisions, reasons, place names: one object handed to many cells), each object is converted
    and quoted once and the texts handed out; two objects of one text simply give it twice."""

    def make(a: int, b: int) -> pa.Array:
        chunk = values[a:b]
        same, first = object_identities(chunk)
        if len(first) * 2 <= len(chunk):
            texts = _strings(chunk[first])
            # None is an empty cell; anything not text (a number, NaN) goes cell by cell below
            if texts is not None:
                return _quoted(texts.fill_null(""), single).take(pa.array(same))
        return _quoted(_object_text(chunk), single)

    return make


def _strings(values: np.ndarray) -> pa.Array | None:
    """``values`` as an Arrow string array (None null) if every value is a str or None, else None.

    Not ``from_pandas``: pyarrow then runs pandas' ``isna`` over the whole array, which costs more
    than the conversion; a NaN among the text makes it fail, and the caller take the slow way."""
    try:
        arr = pa.array(values)
    except Exception:  # whatever pyarrow refuses (a huge int, a surrogate) goes the exact slow way
        return None
    if pa.types.is_null(arr.type):
        return pa.nulls(len(arr), pa.string())
    if pa.types.is_large_string(arr.type):
        return arr.cast(pa.string())
    return arr if pa.types.is_string(arr.type) else None


def _object_text(values: np.ndarray) -> pa.Array:
    """Cells of an object column: str as is, missing empty; anything else (a number among text, a
    lone surrogate) cell by cell as the csv module writes it."""
    arr = _strings(values)
    if arr is not None:
        return arr.fill_null("")
    missing = pd.isna(values)
    # csv.writer: float (and its subclasses) by float.__repr__, everything else by str()
    texts = ["" if m else float.__repr__(v) if isinstance(v, float) else str(v)
             for v, m in zip(values.tolist(), missing.tolist(), strict=True)]
    try:
        return pa.array(texts, type=pa.string())
    except UnicodeError:  # a lone surrogate: U+FFFD, as the encoder writes it
        return pa.array([t.encode("utf-8", errors="dedupe-replace").decode("utf-8") for t in texts],
                        type=pa.string())


def _float_maker(values: np.ndarray, single: bool) -> CellMaker | None:
    """Float cells formatted as pandas does (``astype(str)``, NaN empty), once per distinct value:
    weights and probabilities repeat a lot.  Distinct bit patterns, so that -0.0 stays itself.
    A chunk finds its values' texts by search among the sorted distinct patterns: no code per
    row is kept for the whole table."""
    if values.dtype.itemsize not in (2, 4, 8):
        return None
    bits = values.view(f"i{values.dtype.itemsize}")
    patterns = np.sort(pd.unique(bits))
    distinct = patterns.view(values.dtype)
    texts = distinct.astype(str)
    texts[np.isnan(distinct)] = ""
    text = _quoted(pa.array(texts, type=pa.string()), single)
    return lambda a, b: text.take(pa.array(np.searchsorted(patterns, bits[a:b])))


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
