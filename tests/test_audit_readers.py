"""Reading audit input: CSV chunks (every line a row or an error, whatever the chunk size)
and the flat frame's typed columns (checked once per distinct value, the same per row)."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from triage import Engine
from triage.audit.chunks import parse_chunk
from triage.audit.flat_frame import _NOT_PLAIN_TEXT, FlatReader
from triage.audit.inputs import InputError, csv_chunks, sha256_of
from triage.audit.readers import _line_problems
from triage.audit.records import FLAT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "audit" / "beschikkingen.csv"
WIDTH = len(FLAT_COLUMNS)
UNCLOSED = 'onleesbare regel: een aanhalingsteken (") wordt niet gesloten'
MISPLACED = 'onleesbare regel: aanhalingstekens (") op een onverwachte plek'


def _sample() -> tuple[bytes, list[bytes]]:
    header, *lines = SAMPLE.read_bytes().splitlines()
    good = [
        line
        for line in lines
        if line.count(b'"') % 2 == 0 and len(next(csv.reader([line.decode()]))) == WIDTH
    ]
    return header, good


def _fields(count: int) -> str:
    return f"verwacht {WIDTH} velden (zoals de kopregel), gevonden {count}"


def _read(path: Path, batch_rows: int) -> tuple[list[dict], dict[int, str], int]:
    """Rows (with `__row` and `ref`), errors by row, and the rows covered."""
    rows: list[dict] = []
    errors: dict[int, str] = {}
    covered = 0
    for chunk in csv_chunks(path, 100, batch_rows):
        batch = parse_chunk(chunk)
        rows += batch.flat.select("__row", "ref", *FLAT_COLUMNS).to_dicts()
        errors.update((row, error.reason) for row, error in batch.errors)
        assert all(error.field == "(regel)" for _, error in batch.errors)
        covered += batch.rows
    return rows, errors, covered


def _broken_file(tmp_path: Path, ending: bytes = b"\n") -> tuple[Path, dict[int, str], list[bytes]]:
    """A CSV file with every kind of line that is not one record; line index -> reason."""
    header, good = _sample()
    fields = good[0].split(b",")
    quoted = b",".join([b'"a,""b"", c"', *fields[1:]])  # a quoted field with a comma and quotes
    broken = {
        3: (good[3] + b',"x', UNCLOSED),
        6: (b",".join(fields[:20]), _fields(20)),
        9: (good[9] + b",extra", _fields(WIDTH + 1)),
        12: (b"", _fields(1)),
        15: (good[15].replace(b",", b",\xff", 1), "geen geldige UTF-8-tekst"),
        18: (b",".join([b'"a"b', *fields[1:]]), MISPLACED),
        21: (b'"' + good[21] + b'"', _fields(1)),
    }
    lines = list(good[:30])
    lines[1] = quoted
    lines[2] = good[2].replace(b"Laren", "Lar\ufffden".encode())  # a replacement character is text
    lines[4] = good[4].replace(b",", b",\x1f", 1)
    for index, (line, _) in broken.items():
        lines[index] = line
    path = tmp_path / "broken.csv"
    path.write_bytes(header + ending + ending.join(lines))  # no line end after the last line
    return path, {index: reason for index, (_, reason) in broken.items()}, lines


@pytest.mark.parametrize("ending", [b"\n", b"\r\n"])
def test_every_csv_line_is_a_row_or_an_error_whatever_the_chunks(tmp_path: Path, ending: bytes) -> None:
    path, broken, lines = _broken_file(tmp_path, ending)
    first = None
    for batch_rows in (1, 4, 7, 1000):
        rows, errors, covered = _read(path, batch_rows)
        assert covered == len(lines)
        assert errors == {100 + index: reason for index, reason in broken.items()}
        assert [row["__row"] for row in rows] == [100 + i for i in range(len(lines)) if i not in broken]
        assert [row["ref"] for row in rows] == [
            f"broken.csv, regel {i + 2}" for i in range(len(lines)) if i not in broken
        ]
        for row in rows:
            expected = next(csv.reader([lines[row["__row"] - 100].decode()]))
            assert [row[c] or "" for c in FLAT_COLUMNS] == expected
        first = first or rows
        assert rows == first
    assert first[1]["id"] == 'a,"b", c'


def test_a_clean_file_reads_every_line(tmp_path: Path) -> None:
    header, good = _sample()
    path = tmp_path / "clean.csv"
    path.write_bytes(header + b"\n" + b"\n".join(good) + b"\n")
    rows, errors, covered = _read(path, 10)
    assert errors == {} and covered == len(good) == len(rows)


def test_chunks_hash_the_file_while_cutting_it(tmp_path: Path) -> None:
    path, _, _ = _broken_file(tmp_path)
    chunks = csv_chunks(path, 0, 4)
    assert chunks.sha256 is None
    cut = list(chunks)
    assert len(cut) > 1 and sum(chunk.lines for chunk in cut) == 30
    assert chunks.sha256 == sha256_of(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_changed_during_the_audit_is_an_input_error(tmp_path: Path) -> None:
    header, good = _sample()
    path = tmp_path / "export.csv"
    path.write_bytes(header + b"\n" + b"\n".join(good[:20]) + b"\n")
    chunk = next(iter(csv_chunks(path, 0, 5)))
    path.write_bytes(header + b"\n" + b"\n\n".join(good[:20]) + b"\n")
    with pytest.raises(InputError, match="veranderd"):
        parse_chunk(chunk)


# ---------------------------------------------------------------- typed columns
def _frame(rows: list[dict]) -> pl.DataFrame:
    schema = {"__row": pl.Int64, **{c: pl.Utf8 for c in FLAT_COLUMNS}}
    return pl.DataFrame([{**row, "__row": i} for i, row in enumerate(rows)], schema=schema)


def _sample_rows() -> list[dict]:
    header, good = _sample()
    columns = next(csv.reader([header.decode()]))
    return [dict(zip(columns, next(csv.reader([line.decode()])), strict=True)) for line in good]


ODD_VALUES = [
    "",
    " ",
    "x ",
    " x",
    "a  b",
    "a\tb",
    "a\u00a0b",
    "\x85",
    "É",
    "2024-1-01",
    "2024-02-30",
    "+2024-01-01",
]


def test_typed_per_distinct_value_equals_row_by_row(engine: Engine) -> None:
    reader = FlatReader(engine.book)
    rows = _sample_rows()[:60]
    for index, row in enumerate(rows):  # vary the columns that are checked once per value
        for column in ("municipality", "client.residence_municipality", "request_date", "goals"):
            if index % 7 == FLAT_COLUMNS.index(column) % 7:
                row[column] = ODD_VALUES[index % len(ODD_VALUES)]
    whole = reader.typed(_frame(rows))
    one_by_one = pl.concat(
        [
            reader.typed(_frame([row])).with_columns(pl.lit(i, pl.Int64).alias("__row"))
            for i, row in enumerate(rows)
        ]
    )
    assert_frame_equal(whole, one_by_one)
    assert 0 < whole.get_column("fast").sum() < len(rows)


@pytest.mark.parametrize("value", [*ODD_VALUES, "\x1f", "\x7f", "a\u2003b", "a b"])
def test_text_columns_are_plain_exactly_when_each_value_is(engine: Engine, value: str) -> None:
    """The text columns are checked joined by spaces; that must agree with each one alone."""
    reader = FlatReader(engine.book)
    plain_row = next(row for row in _sample_rows() if reader.typed(_frame([row])).item(0, "fast"))
    for column in ("product.code", "product.variant", "provider.id", "extends"):
        fast = reader.typed(_frame([{**plain_row, column: value}])).item(0, "fast")
        plain = value == "" or not pl.Series([value]).str.contains(_NOT_PLAIN_TEXT).item()
        assert fast == plain, (column, value)


def test_exceptions_with_other_whitespace_between_tokens_go_slow(engine: Engine) -> None:
    reader = FlatReader(engine.book)
    plain_row = next(row for row in _sample_rows() if reader.typed(_frame([row])).item(0, "fast"))
    item = {"principle": "nee-tenzij", "ground": "continuiteit_van_zorg"}
    cells = [json.dumps([item]), "[\u00a0" + json.dumps(item) + "]", "[\t" + json.dumps(item) + "\r]"]
    typed = reader.typed(_frame([{**plain_row, "exceptions": cell} for cell in cells]))
    assert typed.get_column("fast").to_list() == [True, False, True]
    assert typed.get_column("exceptions_count").to_list() == [1, 0, 1]


def test_a_carriage_return_in_a_line_with_quotes_is_a_line_problem_not_a_crash() -> None:
    """The csv module refuses such a line outright; it becomes that line's error."""
    _, good = _sample()
    fields = good[0].decode().split(",")
    line = ",".join(['"a"x"b"', "\r", *fields[2:]])
    problems = _line_problems(pl.Series("line", [good[1].decode(), line]), WIDTH, exact=True)
    assert problems == {1: "onleesbare regel: een regeleinde (CR) midden in de regel"}


def test_a_header_with_carriage_returns_only_is_refused_with_a_message(tmp_path: Path) -> None:
    header, good = _sample()
    path = tmp_path / "mac.csv"
    path.write_bytes(header + b"\r" + b"\r".join(good[:3]))  # line ends of CR alone
    with pytest.raises(InputError, match="de kopregel is geen CSV-regel"):
        list(csv_chunks(path, 0))


def test_an_empty_cell_of_an_excel_boolean_column_stays_empty(tmp_path: Path) -> None:
    from triage.audit.readers import read_xlsx

    header, good = _sample()
    rows = [next(csv.reader([line.decode()])) for line in good[:3]]
    frame = pl.DataFrame(rows, schema=next(csv.reader([header.decode()])), orient="row")
    frame = frame.with_columns(pl.Series("crisis", [True, None, False], dtype=pl.Boolean))
    path = tmp_path / "getypt.xlsx"
    frame.write_excel(path)
    (batch,) = read_xlsx(path, 0)
    assert batch.flat.get_column("crisis").to_list() == ["true", None, "false"]


def test_a_json_line_that_names_a_field_twice_is_that_rows_error(tmp_path: Path) -> None:
    from triage.audit.readers import read_input

    path = tmp_path / "dubbel.jsonl"
    path.write_text('{"id": "a", "region": "x", "region": "y"}\n{"id": "b"}\n', encoding="utf-8")
    [batch] = list(read_input(path, 0))
    assert batch.rows == 2
    [(row, error)] = batch.errors
    assert (row, error.ref, error.field) == (0, "dubbel.jsonl, regel 1", "(regel)")
    assert error.reason == "geen geldige JSON: het veld 'region' staat er twee keer in"
    assert batch.nested[1] == {"id": "b"}  # the next line is read as usual


def test_a_json_line_that_is_no_json_is_named_in_dutch(tmp_path: Path) -> None:
    from triage.audit.readers import read_input

    path = tmp_path / "kapot.jsonl"
    path.write_bytes(b'{"id": "a" "b"}\n{"id": "caf\xe9"}\n{"id": "c"}\n')
    [batch] = list(read_input(path, 0))
    assert [(row, error.ref, error.reason) for row, error in batch.errors] == [
        (0, "kapot.jsonl, regel 1", "geen geldige JSON (kolom 12)"),
        (1, "kapot.jsonl, regel 2", "onleesbaar: geen UTF-8-tekst"),
    ]
    assert batch.rows == 3 and batch.nested[2] == {"id": "c"}
