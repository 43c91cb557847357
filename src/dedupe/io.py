"""Reading sources and writing the output directory.

Every cell is read as text, verbatim: no type guessing, no NA conversion, so
that a phone number keeps its leading zero and ``records.csv`` can carry the
original value.  Row numbers are 1-based data rows (the header is row 0).
"""

from __future__ import annotations

import csv
import io as _io
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import InputError

__all__ = ["Source", "read_source", "expand_inputs", "frame_source", "write_outputs", "SUPPORTED"]

# a cell may be any length (a pasted document, a 200,000-character note): lift csv's 128 KiB cap
csv.field_size_limit(sys.maxsize)

SUPPORTED = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet", ".jsonl", ".ndjson")


@dataclass
class Source:
    """One input table: its name, where it came from, and its cells as text."""

    name: str
    path: str
    frame: pd.DataFrame
    encoding: str = ""
    malformed_rows: list[int] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.frame)


def expand_inputs(inputs: Iterable[str]) -> list[tuple[str, Path]]:
    """Turn CLI arguments (``PATH``, ``NAME=PATH``, directories) into (name, path) pairs."""
    out: list[tuple[str, Path]] = []
    for arg in inputs:
        name, path = _split_name(arg)
        p = Path(path)
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUPPORTED)
            if not files:
                raise InputError(f"{p}: directory holds no CSV/TSV/XLSX/Parquet/JSONL file")
            out.extend((f.stem, f) for f in files)
        elif p.is_file():
            out.append((name or p.stem, p))
        else:
            raise InputError(f"{p}: file not found")
    seen: dict[str, Path] = {}
    for name, p in out:
        if name in seen:
            raise InputError(f"{p}: source name '{name}' is also used by {seen[name]}; name one with NAME=PATH")
        seen[name] = p
    return out


def _split_name(arg: str) -> tuple[str, str]:
    name, sep, path = arg.partition("=")
    if sep and name and not Path(arg).exists() and "/" not in name:
        return name, path
    return "", arg


def read_source(name: str, path: str | Path, encoding: str | None = None) -> Source:
    """Read one file into a :class:`Source` of text cells."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(p, dtype=str, keep_default_na=False, na_filter=False)
            return Source(name, str(p), _text_frame(frame), "xlsx")
        if suffix == ".parquet":
            return Source(name, str(p), _text_frame(pd.read_parquet(p)), "parquet")
        if suffix in (".jsonl", ".ndjson"):
            frame = pd.read_json(p, lines=True, dtype=False)
            return Source(name, str(p), _text_frame(frame), "jsonl")
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader failure is the file's fault here
        raise InputError(f"{p}: cannot read {suffix[1:]} file: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    return _read_delimited(name, p, encoding)


def _text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.columns = _unique_headers([str(c) for c in frame.columns])
    for col in frame.columns:
        frame[col] = frame[col].map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v))
    return frame.reset_index(drop=True)


def _decode(p: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"{p}: cannot decode as {encoding}: {exc}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(f"{p}: {_where(data[3:], exc.start)}: UTF-8 file with a BOM has bytes that are not UTF-8") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if any(b >= 0x80 for b in data[: exc.start]):
            # Chinese text before the bad byte decoded as UTF-8: a damaged UTF-8 file, not GBK.
            raise InputError(f"{p}: {_where(data, exc.start)}: bytes that are not UTF-8 in a UTF-8 file "
                             "(unreadable encoding); use --encoding") from None
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: {_where(data, exc.start)}: unreadable encoding (not UTF-8 or GBK/GB18030); "
                         "use --encoding") from None


def _where(data: bytes, offset: int) -> str:
    line = data[:offset].count(b"\n")
    return f"row {line}" if line else "header"


def _read_delimited(name: str, p: Path, encoding: str | None) -> Source:
    text, enc = _decode(p, p.read_bytes(), encoding)
    if not text.strip():
        return Source(name, str(p), pd.DataFrame(), enc)
    sample = text[:65536]
    delimiter = "\t" if p.suffix.lower() == ".tsv" else _sniff(sample)
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(f"{p}: row {reader.line_num}: {exc}") from None
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        return Source(name, str(p), pd.DataFrame(), enc)
    header = _unique_headers(rows[0])
    width = len(header)
    malformed: list[int] = []
    body = []
    for number, row in enumerate(rows[1:], start=1):
        if len(row) != width:
            if not any(cell.strip() for cell in row):
                row = [""] * width  # a blank line is kept as an empty row: no row is dropped
            else:
                malformed.append(number)
                row = (row + [""] * width)[:width] if len(row) < width else row[: width - 1] + [delimiter.join(row[width - 1 :])]
        body.append(row)
    frame = pd.DataFrame(body, columns=header, dtype=object) if body else pd.DataFrame(columns=header, dtype=object)
    return Source(name, str(p), frame, enc, malformed)


def _sniff(sample: str) -> str:
    first = sample.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _unique_headers(headers: list[str]) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        h = h.strip() or f"column_{i + 1}"
        if h in seen:
            seen[h] += 1
            h = f"{h}.{seen[h]}"
        else:
            seen[h] = 1
        out.append(h)
    return out


def frame_source(name: str, frame: pd.DataFrame) -> Source:
    """Wrap a user's DataFrame as a source (cells turned to text)."""
    return Source(name, f"<{name}>", _text_frame(frame), "frame")


def write_outputs(out_dir: str | Path, tables: Mapping[str, pd.DataFrame], extra: Mapping[str, Callable[[Path], None]]) -> None:
    """Write every output into a temporary directory, then move it into place.

    A run that fails midway leaves an earlier ``out_dir`` untouched.
    """
    out = Path(out_dir)
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    # mkdtemp makes the directory private (0700); the output is for others to load too
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)
    try:
        for filename, table in tables.items():
            table.to_csv(tmp / filename, index=False, encoding="utf-8", lineterminator="\n")
        for _filename, writer in extra.items():
            writer(tmp)
        old = None
        if out.exists():
            old = parent / f".{out.name}.old.{os.getpid()}"
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
