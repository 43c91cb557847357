"""Reading sources and writing the output directory.

Every cell is read as text, verbatim: no type guessing, no NA conversion, so
that a phone number keeps its leading zero and ``records.csv`` can carry the
original value.  Row numbers are 1-based data rows (the header is row 0).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io as _io
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .columns import synonym_role
from .errors import InputError

__all__ = ["Source", "read_source", "expand_inputs", "expand_named", "frame_source", "SUPPORTED"]

# a cell may be any length (a pasted document, a 200,000-character note): lift csv's 128 KiB cap
csv.field_size_limit(sys.maxsize)

SUPPORTED = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet", ".jsonl", ".ndjson")
_WORKBOOK = (".xlsx", ".xlsm")
# where a JSONL line that is not a JSON object keeps its text
_UNPARSED = "_unparsed"


@dataclass
class Source:
    """One input table: its name, where it came from, and its cells as text."""

    name: str
    path: str
    frame: pd.DataFrame
    encoding: str = ""
    malformed_rows: list[int] = field(default_factory=list)
    #: the lines above the header that were taken as the sheet's title, not data (客户签到表 2024)
    title: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.frame)


def expand_inputs(inputs: Iterable[str]) -> list[tuple[str, Path]]:
    """Turn CLI arguments (``PATH``, ``NAME=PATH``, ``PATH#sheet``, directories) into (name, path) pairs.

    A workbook with several sheets becomes one source per sheet, named
    ``stem#sheet`` (its path ``book.xlsx#sheet``); ``book.xlsx#客户`` picks one.
    """
    out: list[tuple[str, Path]] = []
    for arg in inputs:
        name, path = _split_name(arg)
        p = Path(path)
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUPPORTED)
            if not files:
                raise InputError(f"{p}: directory holds no CSV/TSV/XLSX/Parquet/JSONL file")
            for f in files:
                out.extend(_sheets("", f))
        elif p.is_file():
            out.extend(_sheets(name, p))
        elif _split_sheet(p)[1] is not None:
            base, sheet = _split_sheet(p)
            _check_sheet(base, str(sheet))
            out.append((name or f"{base.stem}#{sheet}", p))
        else:
            raise InputError(f"{p}: file not found")
    seen: dict[str, Path] = {}
    for name, p in out:
        if name in seen:
            raise InputError(f"{p}: source name '{name}' is also used by {seen[name]}; name one with NAME=PATH")
        seen[name] = p
    return out


def expand_named(name: str, path: str | Path) -> list[tuple[str, Path]]:
    """(name, path) pairs for one named path (a workbook with several sheets gives one per sheet)."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: source '{name}' is a directory; name its files one by one")
    if p.is_file():
        return _sheets(name, p)
    if _split_sheet(p)[1] is not None:
        base, sheet = _split_sheet(p)
        _check_sheet(base, str(sheet))
        return [(name, p)]
    raise InputError(f"{p}: file not found")


def _split_name(arg: str) -> tuple[str, str]:
    name, sep, path = arg.partition("=")
    if sep and name and not Path(arg).exists() and "/" not in name:
        return name, path
    return "", arg


def _split_sheet(p: Path) -> tuple[Path, str | None]:
    """``book.xlsx#客户`` → (book.xlsx, '客户'); a path that exists as written is never split."""
    if "#" in p.name and not p.exists():
        base, _, sheet = p.name.rpartition("#")
        q = p.with_name(base)
        if q.suffix.lower() in _WORKBOOK and q.is_file():
            return q, sheet
    return p, None


def _sheet_names(p: Path) -> list[str]:
    try:
        from openpyxl import load_workbook

        book = load_workbook(p, read_only=True, data_only=True)
        try:
            return list(book.sheetnames)
        finally:
            book.close()
    except Exception as exc:  # noqa: BLE001 - any reader failure is the file's fault here
        raise InputError(f"{p}: cannot read xlsx file: {_first_line(exc)}") from None


def _check_sheet(p: Path, sheet: str) -> None:
    names = _sheet_names(p)
    if sheet not in names:
        raise InputError(f"{p}: no sheet '{sheet}' (sheets: {', '.join(names)})")


def _sheets(name: str, p: Path) -> list[tuple[str, Path]]:
    """One entry per sheet of a workbook with several, else the file itself."""
    if p.suffix.lower() not in _WORKBOOK:
        return [(name or p.stem, p)]
    names = _sheet_names(p)
    if len(names) <= 1:
        return [(name or p.stem, p)]
    return [(f"{name or p.stem}#{sheet}", p.with_name(f"{p.name}#{sheet}")) for sheet in names]


def read_source(name: str, path: str | Path, encoding: str | None = None) -> Source:
    """Read one file (or one sheet, ``book.xlsx#sheet``) into a :class:`Source` of text cells.

    A workbook path without a sheet reads its first sheet; :func:`expand_inputs`
    is what turns a workbook into one source per sheet.
    """
    p, sheet = _split_sheet(Path(path))
    if not p.is_file():
        raise InputError(f"{p}: {'is a directory, not a file' if p.is_dir() else 'file not found'}")
    suffix = p.suffix.lower()
    if suffix == ".xls":
        raise InputError(f"{p}: old Excel .xls files cannot be read; save it as .xlsx or CSV")
    try:
        if suffix in _WORKBOOK:
            if sheet is not None:
                _check_sheet(p, sheet)
            return _read_sheet(name, p, sheet)
        if suffix == ".parquet":
            return Source(name, str(p), _text_frame(pd.read_parquet(p)), "parquet")
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader failure is the file's fault here
        raise InputError(f"{p}: cannot read {suffix[1:]} file: {_first_line(exc)}") from None
    if suffix in (".jsonl", ".ndjson"):
        return _read_jsonl(name, p, encoding)
    return _read_delimited(name, p, encoding)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _read_sheet(name: str, p: Path, sheet: str | None) -> Source:
    """A sheet's used range as text.  The first non-blank row is the header; blank rows inside are
    kept (row numbers stay the sheet's), blank rows after the last value are no rows; a value in a
    column without a header gets the header ``column_N``."""
    from openpyxl import load_workbook

    book = load_workbook(p, read_only=True, data_only=True)
    try:
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # exporters often write a wrong <dimension>: read every row there is
        rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    label = f"{p}#{sheet}" if sheet is not None else str(p)
    if not rows:
        return Source(name, label, pd.DataFrame(), "xlsx")
    title, rows = _title_off(rows)
    width = max(max((i + 1 for i, c in enumerate(r) if c != ""), default=0) for r in rows)
    header = _unique_headers((rows[0] + [""] * width)[:width])
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object) if body else pd.DataFrame(columns=header, dtype=object)
    return Source(name, label, frame, "xlsx", title=title)


# at most this many lines of title (and blank lines) above a header
_TITLE_LINES = 5


def _title_off(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """A sheet's title lines and the rows from its header on.  Exports often open with a title
    (客户签到表 2024, often in merged cells; 客户名单 | 导出日期 2024-03-05) or group headers
    (联系人信息 over 姓名 and 手机, 公司信息 over 公司 and 地址) above the header.  The header
    is the first of the first six lines that is surely one (:func:`_is_header`); the lines
    above it are a title when none of them names a role exactly and each holds fewer texts
    than the header.  Otherwise the first line is the header, as always.

    >>> _title_off([["客户签到表 2024", "", ""], ["姓名", "手机", "公司"], ["张伟", "13800138000", "华瑞"]])
    (['客户签到表 2024'], [['姓名', '手机', '公司'], ['张伟', '13800138000', '华瑞']])
    >>> _title_off([["联系人信息", "", "公司信息", ""], ["姓名", "手机", "公司", "地址"]])[0]
    ['联系人信息', '公司信息']
    >>> _title_off([["姓名"], ["张伟"]])[0]
    []
    """

    def texts(row: list[str]) -> list[str]:
        return list(dict.fromkeys(c.strip() for c in row if c.strip()))

    at = next((k for k in range(min(_TITLE_LINES + 1, len(rows))) if _is_header(rows[k])), 0)
    above = [texts(row) for row in rows[:at]]
    width = len(texts(rows[at]))
    if any(len(cells) >= width or any(synonym_role(c) for c in cells) for cells in above):
        return [], rows
    return [t for cells in above for t in cells], rows[at:]


def _is_header(cells: list[str]) -> bool:
    """Whether a line is surely a header: two of its cells or more are role synonyms exactly
    (姓名, 手机号码*, Email); data cells may contain such words (…科技有限公司), never be them."""
    return sum(synonym_role(c) is not None for c in cells if c.strip()) >= 2


def _cell_text(value: object) -> str:
    """A spreadsheet value as the text a user sees in its cell (a whole number without '.0')."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, _dt.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    return str(value)


def _read_jsonl(name: str, p: Path, encoding: str | None) -> Source:
    """One JSON object per line.  A line that is not a JSON object is kept as a row flagged
    ``malformed_row``, its text under ``_unparsed``; a blank line is an empty row (no row is dropped)."""
    text, enc = _decode(p, p.read_bytes(), encoding)
    lines = text.split("\n")
    if lines and not lines[-1].strip():
        lines.pop()  # what follows the newline that ends the last line
    records: list[dict[str, str]] = []
    malformed: list[int] = []
    columns: dict[str, None] = {}
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        row: dict[str, str] = {}
        if line:
            try:
                value = json.loads(line)
            except ValueError:
                value = None
            if isinstance(value, dict):
                row = {str(k): _json_text(v) for k, v in value.items()}
            else:
                malformed.append(number)
                row = {_UNPARSED: line}
        columns.update(dict.fromkeys(row))
        records.append(row)
    if _UNPARSED in columns:  # the raw text column last
        del columns[_UNPARSED]
        columns[_UNPARSED] = None
    keys = list(columns)
    body = [[r.get(c, "") for c in keys] for r in records]
    header = _unique_headers(keys)  # ' 姓名' and '姓名' are two keys of JSON, one header stripped
    frame = pd.DataFrame(body, columns=header, dtype=object) if header else pd.DataFrame(index=range(len(body)))
    return Source(name, str(p), frame, enc, malformed)


def _json_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell of a typed frame (Parquet, a user's DataFrame) as text; missing values blank."""
    headers = _unique_headers([str(c) for c in frame.columns])
    data = {}
    for i, header in enumerate(headers):
        values = frame.iloc[:, i].tolist()
        if not all(type(v) is str for v in values):
            values = [_value_text(v) for v in values]
        data[header] = values
    return pd.DataFrame(data, columns=headers, index=pd.RangeIndex(len(frame)), dtype=object)


def _value_text(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list | tuple) or hasattr(value, "tolist") and not isinstance(value, str | int | float):
        items = value.tolist() if hasattr(value, "tolist") else value
        if isinstance(items, dict | list | tuple):
            return json.dumps(items, ensure_ascii=False, default=str)
        value = items
    return _cell_text(value)


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
        if _reads_as_chinese(data[: exc.start].decode("utf-8")):
            # Chinese text before the bad byte decoded as UTF-8: a damaged UTF-8 file, not GBK.  (GBK bytes
            # can pass for UTF-8 too — 业 is D2 B5, UTF-8 for ҵ — but not as Chinese characters.)
            raise InputError(f"{p}: {_where(data, exc.start)}: bytes that are not UTF-8 in a UTF-8 file "
                             "(unreadable encoding); use --encoding") from None
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: {_where(data, exc.start)}: unreadable encoding (not UTF-8 or GBK/GB18030); "
                         "use --encoding") from None


def _reads_as_chinese(text: str) -> bool:
    """True when the non-ASCII characters of ``text`` are (nearly all) Chinese characters or punctuation."""
    wide = [c for c in text if ord(c) >= 0x80]
    if not wide:
        return False
    chinese = sum(1 for c in wide if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" or "\u2000" <= c <= "\u206f")
    return chinese >= 0.9 * len(wide)


def _where(data: bytes, offset: int) -> str:
    """'row 2, column '手机'' for a byte offset of a delimited file (rows counted as lines)."""
    line = data[:offset].count(b"\n")
    start = data.rfind(b"\n", 0, offset) + 1
    head = data.split(b"\n", 1)[0]
    try:
        first = head.decode("utf-8")
    except UnicodeDecodeError:
        first = head.decode("gb18030", "replace")
    first = first.lstrip("\ufeff").rstrip("\r")
    delimiter = _sniff(first)
    column = data[start:offset].decode("utf-8", "replace").count(delimiter)
    if not line:
        return f"header, column {column + 1}"
    headers = next(csv.reader([first], delimiter=delimiter), [])
    label = f"'{headers[column]}'" if column < len(headers) and headers[column].strip() else str(column + 1)
    return f"row {line}, column {label}"


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
    title, rows = _title_off(rows)
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
    return Source(name, str(p), frame, enc, malformed, title)


_DELIMITERS = (",", "\t", ";", "|")


def _sniff(sample: str) -> str:
    """The delimiter of the first non-blank line: the one that splits it into the most fields, quotes
    respected (a quoted header '电话;手机' is one field).  A first line that no delimiter splits may
    be a title (客户签到表): then a line under it that splits into a header (:func:`_is_header`)
    decides."""

    def cells(line: str, d: str) -> list[str]:
        return next(csv.reader([line], delimiter=d), [])

    lines = [ln.rstrip("\r") for ln in sample.split("\n") if ln.strip()][: _TITLE_LINES + 1]
    line = lines[0] if lines else ""
    if all(len(cells(line, d)) <= 1 for d in _DELIMITERS):
        line = next((ln for ln in lines[1:] if any(_is_header(cells(ln, d)) for d in _DELIMITERS)), line)
    best, score = ",", (True, 1)
    for d in _DELIMITERS:
        split = cells(line, d)
        # a quote left inside a cell: this delimiter cut through a quoted field
        clean = not any('"' in c for c in split)
        if (clean, len(split)) > score:
            best, score = d, (clean, len(split))
    return best


def _unique_headers(headers: list[str]) -> list[str]:
    """Headers stripped, a blank one named ``column_N`` (N its position), a repeated one ``h.2``, ``h.3``
    …; a new name never takes one that another column has."""
    stripped = [h.strip() for h in headers]
    taken = set(stripped)
    out: list[str] = []
    used: set[str] = set()
    for i, h in enumerate(stripped):
        if not h:
            h = f"column_{i + 1}"
            while h in taken or h in used:
                h = "_" + h
        if h in used:
            k = 2
            while f"{h}.{k}" in taken or f"{h}.{k}" in used:
                k += 1
            h = f"{h}.{k}"
        used.add(h)
        out.append(h)
    return out


def frame_source(name: str, frame: pd.DataFrame) -> Source:
    """Wrap a user's DataFrame as a source (cells turned to text)."""
    return Source(name, f"<{name}>", _text_frame(frame), "frame")
