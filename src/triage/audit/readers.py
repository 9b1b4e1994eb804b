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
# rows per batch: the unit of work of a process, of progress, of memory and of what a
# Ctrl-C keeps (smaller batches share the work out more evenly at the end of a run)
BATCH_ROWS = int(os.environ.get("TRIAGE_AUDIT_BATCH_ROWS", "50000"))
BYTES_PER_ROW = 330  # a typical export line, to cut CSV files into batches of about BATCH_ROWS


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
@dataclass(frozen=True)
class CsvChunk:
    """A stretch of whole lines of a CSV file, cut by the main process and parsed by a worker."""

    name: str
    header_line: bytes
    width: int
    body: bytes
    first_line: int  # the file's line number of the chunk's first line (header = 1)
    first_row: int  # its position in the whole input
    lines: int

    def parse(self) -> Batch:
        """The chunk as a batch. A line that is not one well-formed record (an unclosed
        quote, too few or too many fields, not UTF-8) becomes an error; the rest is read."""
        lines = _chunk_lines(self.body, self.lines)
        batch = self._read(lines, _line_problems(lines, self.width))
        if batch is None:  # an odd quoting polars read otherwise: count quoted lines exactly
            batch = self._read(lines, _line_problems(lines, self.width, exact=True))
        assert batch is not None, f"{self.name}: CSV could not be split into records"
        return batch

    def _read(self, lines: pl.Series, problems: dict[int, str]) -> Batch | None:
        errors = [
            (
                self.first_row + index,
                RowError(f"{self.name}, regel {self.first_line + index}", "(regel)", problem),
            )
            for index, problem in sorted(problems.items())
        ]
        good = (
            pl.DataFrame([lines]).with_row_index("__index").filter(~pl.col("__index").is_in(list(problems)))
        )
        if good.height:
            body = good.select(pl.col("line").str.join("\n")).item()
            data = self.header_line + b"\n" + body.encode("utf-8") + b"\n"
            try:
                flat = pl.read_csv(io.BytesIO(data), infer_schema=False)
            except pl.exceptions.PolarsError:
                return None
            if flat.height != good.height:
                return None
        else:
            flat = pl.DataFrame(schema={c: pl.Utf8 for c in FLAT_COLUMNS})
        index = good.get_column("__index").cast(pl.Int64)
        flat = flat.with_columns(
            (index + self.first_row).alias("__row"),
            pl.format("{}, regel {}", pl.lit(self.name), index + self.first_line).alias("ref"),
        )
        return Batch(flat=flat, errors=errors, rows=self.lines)


def _chunk_lines(body: bytes, count: int) -> pl.Series:
    """The chunk's lines as text without line ends; null for a line that is not UTF-8.

    polars splits the lines (reading them as a one-column file); when that cannot be trusted
    (a unit separator or a replacement character in the data, empty lines), Python does."""
    if b"\x1f" not in body:
        lines = pl.read_csv(
            io.BytesIO(body),
            has_header=False,
            quote_char=None,
            separator="\x1f",
            new_columns=["line"],
            encoding="utf8-lossy",
            infer_schema=False,
        ).get_column("line")
        if lines.len() == count and not lines.str.contains("\ufffd", literal=True).any():
            return lines.fill_null("").str.strip_suffix("\r")
    texts: list[str | None] = []
    for line in body.split(b"\n")[:count]:
        try:
            texts.append(line.decode("utf-8").removesuffix("\r"))
        except UnicodeDecodeError:
            texts.append(None)
    return pl.Series("line", texts, dtype=pl.Utf8)


def _line_problems(lines: pl.Series, width: int, exact: bool = False) -> dict[int, str]:
    """line index -> why it is not one record. Fields are counted with polars (commas outside
    quoted sections); `exact` counts quoted lines with the csv module instead."""
    frame = pl.DataFrame([lines]).with_row_index("index")
    unquoted = pl.col("line").str.replace_all('"[^"]*"', "")
    counted = frame.select(
        "index",
        "line",
        pl.col("line").str.count_matches('"', literal=True).alias("quotes"),
        (unquoted.str.count_matches(",", literal=True) + 1).alias("fields"),
    ).filter(
        pl.col("line").is_null()
        | (pl.col("quotes") % 2 == 1)
        | (pl.col("fields") != width)
        | (pl.lit(exact) & (pl.col("quotes") > 0))
    )
    problems: dict[int, str] = {}
    for index, text, quotes, fields in counted.iter_rows():
        if text is None:
            problems[index] = "geen geldige UTF-8-tekst"
        elif quotes % 2:
            problems[index] = 'onleesbare regel: een aanhalingsteken (") wordt niet gesloten'
        else:
            fields = len(next(csv.reader([text]))) if quotes else fields
            if fields != width:
                problems[index] = f"verwacht {width} velden (zoals de kopregel), gevonden {fields}"
    return problems


def csv_chunks(path: Path, first_row: int, batch_rows: int = BATCH_ROWS) -> Iterator[CsvChunk]:
    """Cut a CSV file into chunks of whole lines, checking the header first."""
    with path.open("rb") as handle:
        header_line = handle.readline().rstrip(b"\r\n")
        try:
            header_text = header_line.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{path}: de kopregel is geen UTF-8-tekst") from None
        header = next(csv.reader([header_text]))
        _check_header(path, header)
        header_line = header_text.encode("utf-8")
        line_number, row = 2, first_row
        while True:
            # whole lines, about `batch_rows` of them, without a Python object per line
            body = handle.read(batch_rows * BYTES_PER_ROW) + handle.readline()
            if not body:
                return
            lines = body.count(b"\n") + (not body.endswith(b"\n"))
            yield CsvChunk(path.name, header_line, len(header), body, line_number, row, lines)
            line_number += lines
            row += lines


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
        return (chunk.parse() for chunk in csv_chunks(path, first_row))
    if kind == "xlsx":
        return read_xlsx(path, first_row)
    if kind == "jsonl":
        return read_jsonl(path, first_row)
    return read_xml(path, first_row, pseudonymiser)
