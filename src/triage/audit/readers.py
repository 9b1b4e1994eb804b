"""Input files to batches of flat rows, with every row numbered and referenced.

Formats: CSV (`.csv`, one decision per line, header `records.FLAT_COLUMNS`), Excel
(`.xlsx`, the same columns on the first sheet), JSON Lines (`.jsonl`, one nested decision
per line) and iJw/iWmo toewijzing messages (`.xml`, JW301/WMO301).

A batch holds the rows that could be read (`flat`, all text, with `__row` (the position in
the whole input, for ordering) and `ref`), the original nested decisions of JSON and XML
rows (`nested`), and the rows that could not even be read (`errors`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from triage.audit.flat_rows import NotFlat, flatten
from triage.audit.ijw_source import read_toewijzing
from triage.audit.pseudonym import Pseudonymiser
from triage.audit.records import FLAT_COLUMNS, RowError

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xml": "ijw-xml"}
# rows per batch: the unit of progress, of memory and of what a Ctrl-C keeps
BATCH_ROWS = int(os.environ.get("TRIAGE_AUDIT_BATCH_ROWS", "100000"))


class InputError(ValueError):
    """A whole input file that cannot be read (wrong header, unknown format...)."""


@dataclass
class Batch:
    """Rows read from one stretch of one input file."""

    flat: pl.DataFrame  # __row, ref, FLAT_COLUMNS (text)
    nested: dict[int, dict[str, Any]] = field(default_factory=dict)  # __row -> decision as read
    errors: list[tuple[int, RowError]] = field(default_factory=list)
    rows: int = 0  # input rows covered, broken ones included


def file_format(path: Path) -> str:
    """The input format by file extension, or InputError."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(
            f"{path}: onbekend formaat {path.suffix!r}; verwacht .csv, .xlsx, .jsonl of .xml"
        ) from None


def sha256_of(path: Path) -> str:
    """The file's SHA-256, for the receipt."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {"__row": pl.Int64, "ref": pl.Utf8, **{c: pl.Utf8 for c in FLAT_COLUMNS}}
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def _check_header(path: Path, header: list[str]) -> None:
    unknown = [c for c in header if c not in FLAT_COLUMNS]
    if unknown:
        raise InputError(f"{path}: onbekende kolom(men) {', '.join(unknown)}; zie de kolomlijst in de README")
    if len(set(header)) != len(header):
        raise InputError(f"{path}: een kolom staat meer dan eens in de kopregel")
    for required in (
        "id",
        "municipality",
        "law",
        "request_date",
        "client.id",
        "client.birth_date",
        "service",
        "start_date",
    ):
        if required not in header:
            raise InputError(f"{path}: verplichte kolom {required!r} ontbreekt in de kopregel")


# ---------------------------------------------------------------- CSV
def read_csv(path: Path, first_row: int, batch_rows: int = BATCH_ROWS) -> Iterator[Batch]:
    """CSV rows in batches. A line that is not one well-formed record (an unclosed quote,
    too few or too many fields, not UTF-8) becomes an error; the other lines are read."""
    with path.open("rb") as handle:
        header_line = handle.readline()
        try:
            header_text = header_line.decode("utf-8-sig").rstrip("\r\n")
        except UnicodeDecodeError:
            raise InputError(f"{path}: de kopregel is geen UTF-8-tekst") from None
        header = next(csv.reader([header_text]))
        _check_header(path, header)
        width = len(header)
        line_number, row = 1, first_row
        while True:
            lines = handle.readlines(batch_rows * 300)
            if not lines:
                return
            good: list[bytes] = []
            numbers: list[int] = []
            errors: list[tuple[int, RowError]] = []
            for raw in lines:
                line_number += 1
                problem = _line_problem(raw, width)
                if problem is None:
                    good.append(raw if raw.endswith(b"\n") else raw + b"\n")
                    numbers.append(line_number)
                else:
                    errors.append((row, RowError(f"{path.name}, regel {line_number}", "(regel)", problem)))
                row += 1
            rows = list(range(row - len(lines), row))
            yield _csv_batch(path, header_line, good, numbers, rows, errors, len(lines))


def _line_problem(raw: bytes, width: int) -> str | None:
    """Why a physical line is not one record, or None."""
    try:
        text = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        return "geen geldige UTF-8-tekst"
    if '"' not in text:
        fields = text.count(",") + 1
    elif text.count('"') % 2:
        return 'onleesbare regel: een aanhalingsteken (") wordt niet gesloten'
    else:
        fields = len(next(csv.reader([text])))
    if fields != width:
        return f"verwacht {width} velden (zoals de kopregel), gevonden {fields}"
    return None


def _csv_batch(
    path: Path,
    header_line: bytes,
    good: list[bytes],
    numbers: list[int],
    rows: list[int],
    errors: list[tuple[int, RowError]],
    count: int,
) -> Batch:
    error_rows = {r for r, _ in errors}
    good_rows = [r for r in rows if r not in error_rows]
    if good:
        flat = pl.read_csv(io.BytesIO(header_line + b"".join(good)), infer_schema=False)
    else:
        flat = pl.DataFrame(schema={c: pl.Utf8 for c in FLAT_COLUMNS})
    refs = pl.Series("ref", [f"{path.name}, regel {n}" for n in numbers], dtype=pl.Utf8)
    flat = flat.with_columns(pl.Series("__row", good_rows, dtype=pl.Int64), refs)
    return Batch(flat=flat, errors=errors, rows=count)


# ---------------------------------------------------------------- Excel
def read_xlsx(path: Path, first_row: int) -> Iterator[Batch]:
    """The first sheet; cells typed by Excel (dates, numbers, booleans) are turned to text."""
    try:
        frame = pl.read_excel(path, engine="calamine")
    except Exception as exc:  # fastexcel raises its own error types
        raise InputError(f"{path}: geen leesbaar Excel-bestand ({type(exc).__name__})") from None
    _check_header(path, frame.columns)
    as_text = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.Date or dtype == pl.Datetime:
            column = column.dt.to_string("%Y-%m-%d")
        elif dtype == pl.Boolean:
            column = pl.when(column).then(pl.lit("true")).otherwise(pl.lit("false"))
        elif dtype.is_float():
            column = (
                pl.when(column == column.floor())
                .then(column.cast(pl.Int64).cast(pl.Utf8))
                .otherwise(column.cast(pl.Utf8))
            )
        as_text.append(column.cast(pl.Utf8).alias(name))
    frame = frame.select(as_text)
    count = frame.height
    frame = frame.with_columns(
        (pl.int_range(0, count, dtype=pl.Int64) + first_row).alias("__row"),
        pl.format("{}, rij {}", pl.lit(path.name), pl.int_range(2, count + 2)).alias("ref"),
    )
    for start in range(0, count, BATCH_ROWS):
        part = frame.slice(start, BATCH_ROWS)
        yield Batch(flat=part, rows=part.height)


# ---------------------------------------------------------------- nested records
def _nested_batches(
    records: Iterator[tuple[str, dict[str, Any] | None, RowError | None]], first_row: int
) -> Iterator[Batch]:
    rows: list[dict[str, Any]] = []
    batch = Batch(flat=_frame([]))
    row = first_row
    for ref, decision, error in records:
        batch.rows += 1
        if error is not None or decision is None:
            batch.errors.append((row, error or RowError(ref, "(regel)", "geen beschikking")))
        else:
            batch.nested[row] = decision
            try:
                cells = flatten(decision)
            except NotFlat:
                cells = {"id": None}  # the reference path reads the nested decision
            rows.append({"__row": row, "ref": ref, **cells})
        row += 1
        if batch.rows >= BATCH_ROWS:
            batch.flat = _frame(rows)
            yield batch
            rows, batch = [], Batch(flat=_frame([]))
    if batch.rows:
        batch.flat = _frame(rows)
        yield batch


def _jsonl_records(path: Path) -> Iterator[tuple[str, dict[str, Any] | None, RowError | None]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            ref = f"{path.name}, regel {number}"
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield ref, None, RowError(ref, "(regel)", f"geen geldige JSON: {exc}")
                continue
            if not isinstance(data, dict):
                yield ref, None, RowError(ref, "(regel)", "verwacht een object met velden")
                continue
            yield ref, data, None


def read_jsonl(path: Path, first_row: int) -> Iterator[Batch]:
    """One nested decision per line; blank lines are skipped."""
    return _nested_batches(_jsonl_records(path), first_row)


def read_xml(path: Path, first_row: int, pseudonymiser: Pseudonymiser | None) -> Iterator[Batch]:
    """JW301/WMO301 toewijzingen; needs the pseudonymisation key."""
    if pseudonymiser is None:
        raise InputError(
            f"{path}: berichten bevatten BSN's; geef een sleutel voor pseudoniemen met --pseudonym-key-file"
        )
    records = ((r.ref, r.decision, r.error) for r in read_toewijzing(path, pseudonymiser))
    return _nested_batches(records, first_row)


def read_input(path: Path, first_row: int, pseudonymiser: Pseudonymiser | None = None) -> Iterator[Batch]:
    """Batches of one input file, rows numbered from `first_row`."""
    kind = file_format(path)
    if not path.is_file():
        raise InputError(f"{path}: bestand niet gevonden")
    if kind == "csv":
        return read_csv(path, first_row)
    if kind == "xlsx":
        return read_xlsx(path, first_row)
    if kind == "jsonl":
        return read_jsonl(path, first_row)
    return read_xml(path, first_row, pseudonymiser)
