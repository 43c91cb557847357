"""The fast CSV writer writes the very bytes of pandas' ``to_csv`` path (``_write_csv_pandas``)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedupe import output
from dedupe.output import _cell_makers, _write_csv_pandas, write_csv

# every character the quoting rules care about, CJK, a lone surrogate, a NUL and plain letters
AWKWARD = st.text(alphabet=st.sampled_from(list(',"\r\n ;\'\t\\x\0张伟公司é\ud800\udc80\ufeff')) | st.characters(),
                  max_size=8)
FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [0.0, -0.0, 1e-4, 9.99e-5, 1e-5, 1e15, 1e16, 9999999999999998.0, 123.0, 0.1, -3.2e-7, 5e-324])
OBJECTS = st.one_of(AWKWARD, st.none(), st.just(np.nan), st.integers(-10**20, 10**20), FLOATS, st.booleans())


def _fast(table: pd.DataFrame) -> bool:
    """Whether write_csv takes the fast way for ``table`` (not the pandas fallback)."""
    return _cell_makers(table, single=table.shape[1] == 1) is not None


def _both(table: pd.DataFrame, tmp: Path, chunk_rows: int) -> tuple[bytes, bytes]:
    fast, slow = tmp / "fast.csv", tmp / "slow.csv"
    write_csv(table, fast, chunk_rows=chunk_rows)
    _write_csv_pandas(table, slow)
    return fast.read_bytes(), slow.read_bytes()


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(0, 40))
    kinds = draw(st.lists(st.sampled_from(["text", "objects", "few texts", "few objects", "int", "float",
                                           "float32", "bool"]),
                          min_size=1, max_size=4))
    names = draw(st.lists(AWKWARD, min_size=len(kinds), max_size=len(kinds)))
    columns = {}
    for k, kind in enumerate(kinds):
        if kind == "text":
            values = np.array(draw(st.lists(AWKWARD | st.none(), min_size=rows, max_size=rows)), dtype=object)
        elif kind.startswith("few"):  # a few distinct values, repeated: converted once per value
            pool = draw(st.lists(AWKWARD | st.none() | st.just(np.nan) if kind == "few texts" else OBJECTS,
                                 min_size=1, max_size=3))
            picks = draw(st.lists(st.integers(0, len(pool) - 1), min_size=rows, max_size=rows))
            values = np.array([pool[i] for i in picks] + [None], dtype=object)[:-1]
        elif kind == "objects":
            values = np.array(draw(st.lists(OBJECTS, min_size=rows, max_size=rows)) + [None], dtype=object)[:-1]
        elif kind == "int":
            values = np.array(draw(st.lists(st.integers(-2**63, 2**63 - 1), min_size=rows, max_size=rows)),
                              dtype=np.int64)
        elif kind in ("float", "float32"):
            values = np.array(draw(st.lists(FLOATS, min_size=rows, max_size=rows)), dtype=np.float64)
            if kind == "float32":
                with np.errstate(over="ignore"):
                    values = values.astype(np.float32)
        else:
            values = np.array(draw(st.lists(st.booleans(), min_size=rows, max_size=rows)), dtype=bool)
        columns[k] = values
    table = pd.DataFrame(columns)
    table.columns = names  # duplicate names allowed, as in any frame
    return table


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=frames(), chunk_rows=st.integers(1, 4))
def test_fast_writer_equals_pandas_byte_for_byte(tmp_path: Path, table: pd.DataFrame, chunk_rows: int) -> None:
    assert _fast(table)  # the fast way is taken, not the fallback
    fast, slow = _both(table, tmp_path, chunk_rows)
    assert fast == slow


@pytest.mark.parametrize("chunk_rows", [1, 2, 3, 5, 65_536])
def test_awkward_cells_across_chunk_boundaries(tmp_path: Path, chunk_rows: int) -> None:
    text = ["a,b", 'say "hi"', "two\nlines", "cr\ronly", "crlf\r\n", "", None, np.nan, "张伟", "x\ud800y",
            "\ufeffbom", " padded "]
    n = len(text)
    table = pd.DataFrame({
        "text": np.array(text, dtype=object),
        "row": np.arange(n, dtype=np.int64) - 3,
        "weight": np.array([0.1, -0.0, np.nan, 1e-5, 1e16, 2.5, np.inf, -np.inf, 123.0, 1 / 3, 5e-324, -7.25]),
        "flag": np.arange(n) % 3 == 0,
        "mixed": np.array([1, 2.5, "x", None, True, np.float64(0.5), np.int64(7), "", np.nan, "y", 0, -1],
                          dtype=object),
        "逗号,表头": ["c"] * n,
    })
    fast, slow = _both(table, tmp_path, chunk_rows)
    assert fast == slow
    assert b'"cr\ronly"' in fast and "x\ufffdy".encode() in fast  # quoted CR, surrogate replaced
    assert fast.count(b"\n") == n + 1 + 2  # header, rows, and the LF inside two quoted cells


@pytest.mark.parametrize("values", [["", "a", None, ""], [None], [""], ["a"]])
def test_single_column_empty_cell_is_quoted(tmp_path: Path, values: list) -> None:
    """The csv module writes a row of one empty cell as "" (else it would read as a blank line)."""
    table = pd.DataFrame({"only": np.array(values, dtype=object)})
    fast, slow = _both(table, tmp_path, 2)
    assert fast == slow
    assert fast.startswith(b"only\n") and fast.count(b'""\n') == sum(v in ("", None) for v in values)


@pytest.mark.parametrize("string_dtype", ["string[python]", "string[pyarrow]", pd.ArrowDtype(pa.string()),
                                          pd.ArrowDtype(pa.large_string())])
def test_extension_columns_take_the_fast_way(tmp_path: Path, string_dtype: object) -> None:
    table = pd.DataFrame({
        "category": pd.Categorical(["b", "a,x", None, "b"]),
        "string": pd.array(["s", None, 'q"', "t\r"], dtype=string_dtype),
        "n": [1, 2, 3, 4],
    })
    assert _fast(table)
    fast, slow = _both(table, tmp_path, 3)
    assert fast == slow


def test_other_types_fall_back_to_pandas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = pd.DataFrame({"when": pd.to_datetime(["2024-01-02", None]), "n": pd.array([1, None], dtype="Int64")})
    assert not _fast(table)
    called = []
    monkeypatch.setattr(output, "_write_csv_pandas", lambda t, p: called.append(p) or _write_csv_pandas(t, p))
    fast, slow = _both(table, tmp_path, 1)
    assert called and fast == slow


def test_empty_table_is_its_header(tmp_path: Path) -> None:
    table = pd.DataFrame({"a": pd.Series(dtype=object), "b": pd.Series(dtype=np.float64)})
    fast, slow = _both(table, tmp_path, 4)
    assert fast == slow == b"a,b\n"


def test_repeated_values_written_once_each_yet_as_pandas_does(tmp_path: Path) -> None:
    """A column of few distinct values goes by distinct value: 1, 1.0 and True are equal in Python
    (one value to a hash table) but three different cells."""
    n = 400
    table = pd.DataFrame({
        "level": np.array(["same city, no detail", None, "exact", "张伟", np.nan, "", 'say "x"'] * 57 + ["a"],
                          dtype=object)[:n],
        "numbers": np.array([1, 1.0, True, "1", None] * (n // 5), dtype=object),
        "surrogate": np.array(["ok", "bad\udc80"] * (n // 2), dtype=object),
    })
    fast, slow = _both(table, tmp_path, 64)
    assert fast == slow
    assert fast.splitlines()[1:5] == [b'"same city, no detail",1,ok', b",1.0,bad\xef\xbf\xbd", b"exact,True,ok",
                                      "张伟,1,bad\ufffd".encode()]


def test_a_nul_in_a_column_of_few_values_stays_its_own_text(tmp_path: Path) -> None:
    # pandas' hash table stops at a NUL: 'a' and 'a\0' must not be written as one text
    table = pd.DataFrame({"c": ["a", "a\0", "a", "a\0"] * 20, "d": ["x"] * 80})
    write_csv(table, tmp_path / "fast.csv")
    _write_csv_pandas(table, tmp_path / "pandas.csv")
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
    assert b"a\0,x" in (tmp_path / "fast.csv").read_bytes()


def _tables(rows: int) -> dict[str, pd.DataFrame]:
    """A small table and a larger one (which the writer's own thread takes)."""
    return {"small.csv": pd.DataFrame({"a": ["x", "y"]}),
            "big.csv": pd.DataFrame({"n": np.arange(rows), "t": [f"行{i}" for i in range(rows)]})}


def test_tables_written_side_by_side_equal_one_at_a_time(tmp_path: Path) -> None:
    tables = _tables(5_000)
    output.write_outputs(tmp_path / "out", tables, {"note": lambda d: (d / "note.txt").write_text("ok")})
    for name, table in tables.items():
        write_csv(table, tmp_path / name)
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / name).read_bytes()
    assert (tmp_path / "out" / "note.txt").read_text() == "ok"


def test_a_failing_extra_stops_the_big_table_and_keeps_the_earlier_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    output.write_outputs(out, {"records.csv": pd.DataFrame({"a": [1]})}, {})
    before = (out / "records.csv").read_bytes()

    def fail(_: Path) -> None:
        raise RuntimeError("report failed")

    with pytest.raises(RuntimeError, match="report failed"):
        output.write_outputs(out, _tables(300_000), {"report": fail})
    assert (out / "records.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary directory left


def test_a_failing_big_table_is_the_error_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = output.write_csv
    ran: list[str] = []

    def write(table: pd.DataFrame, path: Path, chunk_rows: int = 65_536, stop: object = None) -> None:
        if path.name == "big.csv":
            raise OSError(28, "No space left on device")
        real(table, path, chunk_rows, stop=stop)

    monkeypatch.setattr(output, "write_csv", write)
    with pytest.raises(OSError, match="No space left"):
        output.write_outputs(tmp_path / "out", _tables(10), {"report": lambda d: ran.append("report")})
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_set_stop_ends_a_table_at_its_next_chunk(tmp_path: Path) -> None:
    import threading

    stop = threading.Event()
    stop.set()
    with pytest.raises(output._Stopped):
        write_csv(pd.DataFrame({"a": range(10)}), tmp_path / "a.csv", chunk_rows=4, stop=stop)
