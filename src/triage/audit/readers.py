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
import dataclasses
import functools
import json
import logging
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl

from triage.audit.flat_rows import NotFlat, flatten
from triage.audit.ijw_schema import SchemaError, SchemaFolder
from triage.audit.ijw_source import MAX_MESSAGE_BYTES, read_message, read_toewijzing
from triage.audit.inputs import (
    BATCH_ROWS,
    LINE_TOO_LONG,
    MAX_LINE_BYTES,
    Batch,
    CsvChunk,
    InputError,
    check_header,
    csv_chunks,
    display_name,
    file_changed,
    file_format,
    series_files,
)
from triage.audit.pseudonym import Pseudonymiser
from triage.audit.records import FLAT_COLUMNS, RowError, SourceRecord
from triage.audit.xlsx_limits import measure_first_sheet
from triage.yaml_source import load_json, syntax_problem


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {"__row": pl.Int64, "ref": pl.Utf8, **{c: pl.Utf8 for c in FLAT_COLUMNS}}
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


# ---------------------------------------------------------------- CSV
class _ChunkReader(CsvChunk):
    """A chunk being read (in the worker process that took it)."""

    def parse(self) -> Batch:
        """See `CsvChunk.parse`."""
        if self.oversized:
            return self._batch(pl.DataFrame(), pl.Series([], dtype=pl.UInt32), {0: LINE_TOO_LONG})
        body = self.body()
        carriage_returns = b"\r" in body
        lines = chunk_lines(body, self.lines, carriage_returns)
        if lines is None:
            raise file_changed(self.path)
        # each line's place in `body`, when the lines are exactly the bytes between line ends
        lengths = None if carriage_returns or lines.has_nulls() else raw_lengths(body, lines)
        batch = self._read_all(body, lines, lengths) if lengths is not None else None
        if batch is None:  # find the lines that are not one record first, then read the rest
            batch = self._read(body, lines, lengths, _line_problems(lines, self.width))
        if batch is None:  # an odd quoting polars read otherwise: count quoted lines exactly
            problems = _line_problems(lines, self.width, exact=True)
            batch = self._read(body, lines, lengths, problems)
            if batch is None:  # quotes polars cannot read at all: find those lines
                problems.update(self._unreadable(lines, problems))
                batch = self._read(body, lines, lengths, problems)
        assert batch is not None, f"{self.name}: CSV could not be split into records"
        return batch

    def _read_all(self, body: bytes, lines: pl.Series, lengths: pl.Series) -> Batch | None:
        """Read the lines that can be records in one go, then find the ones without quotes
        that have another number of fields from what polars made of them. The problems
        are the ones `_line_problems` finds; None when polars did not read one record per
        line (a line with more fields than the header, say)."""
        index = pl.int_range(0, self.lines, dtype=pl.UInt32, eager=True)
        quoted = lines.str.contains('"', literal=True)
        # a line with quotes is judged first: it is a record when it matches `_record_pattern`
        # (or when `_line_problems` says so); an empty line never is
        records = lines.filter(quoted).str.contains(_record_pattern(self.width))
        judged = pl.concat(
            [
                index.filter(quoted).filter(~records),
                index.filter((lengths == 0) | (lengths > MAX_LINE_BYTES)),
            ]
        ).unique(maintain_order=True)
        problems = _problems_at(lines, judged.sort().to_list(), self.width)
        kept = index.filter(~index.is_in(list(problems)))
        if not kept.len():
            return self._batch(pl.DataFrame(), kept, problems)
        try:
            flat = pl.read_csv(self._data(body, lines, lengths, sorted(problems)), infer_schema=False)
        except pl.exceptions.PolarsError:
            return None
        if flat.height != kept.len():
            return None
        # polars splits a line without quotes at every comma and fills the columns from the
        # left (null for an empty field, and for the missing ones of a short line; a long
        # line failed above): its values add up to its length exactly when it has as many
        # fields as the header.
        fits = flat.select(_record_length(tuple(flat.columns))).to_series() == lengths.gather(kept)
        unsure = kept.filter(~fits & ~quoted.gather(kept))
        if unsure.len():
            short = _problems_at(lines, unsure.to_list(), self.width)
            good = ~kept.is_in(list(short))
            flat, kept = flat.filter(good), kept.filter(good)
            problems.update(short)
        return self._batch(flat, kept, problems)

    def _read(
        self, body: bytes, lines: pl.Series, lengths: pl.Series | None, problems: dict[int, str]
    ) -> Batch | None:
        """Read the lines without a problem; None when polars does not read them as one
        record each."""
        drop = sorted(problems)
        index = pl.int_range(0, self.lines, dtype=pl.UInt32, eager=True)
        index = index.filter(~index.is_in(drop))
        flat = pl.DataFrame()
        if index.len():
            try:
                flat = pl.read_csv(self._data(body, lines, lengths, drop), infer_schema=False)
            except pl.exceptions.PolarsError:
                return None
            if flat.height != index.len():
                return None
        return self._batch(flat, index, problems)

    def _unreadable(self, lines: pl.Series, problems: dict[int, str]) -> dict[int, str]:
        """The quoted lines without a problem that polars cannot read as one record each,
        found by halving (a last resort). A part is readable when it and a line of empty
        fields after it are read as that many records: every line then ends outside quotes."""
        quoted = [
            index
            for index, text in enumerate(lines.to_list())
            if index not in problems and text is not None and '"' in text
        ]
        empty_record = "," * (self.width - 1)

        def readable(part: list[int]) -> bool:
            text = "\n".join([self.header_line.decode(), *(lines[i] for i in part), empty_record, ""])
            try:
                return pl.read_csv(text.encode(), infer_schema=False).height == len(part) + 1
            except pl.exceptions.PolarsError:
                return False

        found: dict[int, str] = {}
        parts = [quoted]
        while parts:
            part = parts.pop()
            if not part or readable(part):
                continue
            if len(part) == 1:
                found[part[0]] = 'onleesbare regel: aanhalingstekens (") op een onverwachte plek'
            else:
                parts += [part[: len(part) // 2], part[len(part) // 2 :]]
        return found

    def _data(self, body: bytes, lines: pl.Series, lengths: pl.Series | None, drop: list[int]) -> bytes:
        """A CSV file of the header and the chunk's lines but `drop` (sorted line indexes):
        cut out of the bytes when `lengths` gives the lines' places, else joined as text."""
        if lengths is None:
            good = pl.DataFrame([lines]).with_row_index("__index").filter(~pl.col("__index").is_in(drop))
            text = good.select(pl.col("line").str.join("\n")).item()
            return self.header_line + b"\n" + text.encode("utf-8") + b"\n"
        return b"".join([self.header_line, b"\n", *lines_but(body, lengths, drop)])

    def _batch(self, flat: pl.DataFrame, index: pl.Series, problems: dict[int, str]) -> Batch:
        """The rows read (`index`: their lines in the chunk) and an error per problem line."""
        errors = [
            (
                self.first_row + line,
                RowError(f"{self.name}, regel {self.first_line + line}", "(regel)", problem),
            )
            for line, problem in sorted(problems.items())
        ]
        if not index.len():
            flat = pl.DataFrame(schema={c: pl.Utf8 for c in FLAT_COLUMNS})
        index = index.cast(pl.Int64)
        flat = flat.with_columns(
            (index + self.first_row).alias("__row"),
            pl.format("{}, regel {}", pl.lit(self.name), index + self.first_line).alias("ref"),
        )
        return Batch(flat=flat, errors=errors, rows=self.lines)


def parse_csv_chunk(chunk: CsvChunk) -> Batch:
    """A chunk of a CSV file as a batch (`triage.audit.chunks.parse_chunk`)."""
    return _ChunkReader(**{f.name: getattr(chunk, f.name) for f in dataclasses.fields(chunk)}).parse()


def chunk_lines(body: bytes, count: int, carriage_returns: bool = True) -> pl.Series | None:
    """The chunk's lines as text without line ends, null for a line that is not UTF-8;
    None when the chunk does not have `count` lines.

    polars splits the lines (reading them as a one-column file); when that cannot be trusted
    (a unit separator in the data, text that is not UTF-8), Python does."""
    if b"\x1f" not in body:
        try:
            lines = pl.read_csv(
                body,
                has_header=False,
                quote_char=None,
                separator="\x1f",
                new_columns=["line"],
                infer_schema=False,
            ).get_column("line")
        except pl.exceptions.ComputeError:  # not UTF-8
            lines = None
        if lines is not None and lines.len() == count:
            if lines.has_nulls():
                lines = lines.fill_null("")  # an empty line
            return lines.str.strip_suffix("\r") if carriage_returns else lines
    parts = body.split(b"\n")
    if body.endswith(b"\n"):
        parts.pop()
    if len(parts) != count:
        return None
    texts: list[str | None] = []
    for line in parts:
        try:
            texts.append(line.decode("utf-8").removesuffix("\r"))
        except UnicodeDecodeError:
            texts.append(None)
    return pl.Series("line", texts, dtype=pl.Utf8)


def lines_but(body: bytes, lengths: pl.Series, drop: list[int]) -> list[bytes | memoryview]:
    """The parts of `body` that hold its lines but `drop` (sorted line indexes), each line
    ending in a line end; `lengths`: the lines' lengths in bytes (`raw_lengths`)."""
    view = memoryview(body)
    parts: list[bytes | memoryview] = []
    position = 0
    if drop:
        sizes = lengths.cast(pl.Int64) + 1  # with the line end
        starts = (sizes.cum_sum() - sizes).gather(drop)
        for start, length in zip(starts, lengths.gather(drop), strict=True):
            parts.append(view[position:start])
            position = start + length + 1
    parts.append(view[position:])
    if not body.endswith(b"\n") and position < len(body):  # the last line is kept
        parts.append(b"\n")
    return parts


def raw_lengths(body: bytes, lines: pl.Series) -> pl.Series | None:
    """The lines' lengths in bytes, for lines that are the bytes between the line ends (no
    carriage return taken off, none left out as not UTF-8); None when they do not add up."""
    lengths = lines.str.len_bytes()
    if lengths.sum() + len(lines) - (not body.endswith(b"\n")) != len(body):
        return None
    return lengths


def _problems_at(lines: pl.Series, at: list[int], width: int) -> dict[int, str]:
    """`_line_problems` of the lines `at` (indexes into `lines`)."""
    found = _line_problems(lines.gather(at), width)
    return {at[position]: problem for position, problem in found.items()}


@functools.cache
def _record_length(columns: tuple[str, ...]) -> pl.Expr:
    """The length of the line a row without quotes was read from: its values and commas."""
    return pl.sum_horizontal(pl.col(c).str.len_bytes().fill_null(0) for c in columns) + (len(columns) - 1)


@functools.cache
def _record_pattern(width: int) -> str:
    """A line with `width` fields as `_line_problems` counts them: commas outside quoted
    sections (from a quote to the next), an even number of quotes."""
    field = r'(?:[^",]|"[^"]*")*'
    return rf"^{field}(?:,{field}){{{width - 1}}}$"


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
        | (pl.col("line").str.len_bytes() > MAX_LINE_BYTES)
    )
    problems: dict[int, str] = {}
    for index, text, quotes, fields in counted.iter_rows():
        if text is None:
            problems[index] = "geen geldige UTF-8-tekst"
        elif len(text.encode()) > MAX_LINE_BYTES:
            problems[index] = LINE_TOO_LONG
        elif quotes % 2:
            problems[index] = 'onleesbare regel: een aanhalingsteken (") wordt niet gesloten'
        else:
            try:
                fields = len(next(csv.reader([text]))) if quotes else fields
            except csv.Error:  # a carriage return outside the quoted sections
                problems[index] = "onleesbare regel: een regeleinde (CR) midden in de regel"
                continue
            if fields != width:
                problems[index] = f"verwacht {width} velden (zoals de kopregel), gevonden {fields}"
    return problems


# ---------------------------------------------------------------- Excel
def read_xlsx(path: Path, first_row: int) -> Iterator[Batch]:
    """The first sheet; cells typed by Excel (dates, numbers, booleans) are turned to text.
    The sheet is measured before it is loaded (`xlsx_limits`); rows are referred to by the
    row numbers Excel shows, and empty rows are skipped (they are no decisions)."""
    frame = xlsx_as_text(path, check_header)
    count = frame.height
    frame = frame.with_columns(
        (pl.int_range(0, count, dtype=pl.Int64) + first_row).alias("__row"),
        pl.format("{}, rij {}", pl.lit(display_name(path.name)), pl.col("__excel_row")).alias("ref"),
    ).drop("__excel_row")
    for start in range(0, count, BATCH_ROWS):
        part = frame.slice(start, BATCH_ROWS)
        yield Batch(flat=part, rows=part.height)


def xlsx_as_text(path: Path, check: Callable[[Path, list[str]], None]) -> pl.DataFrame:
    """The first sheet, measured before it is loaded, its header checked by `check`, every
    cell as text and `__excel_row` the row number Excel shows; empty rows are skipped.
    (Also read by `triage contracts check` for a register in Excel.)"""
    import fastexcel

    # its note on an empty column ("falling back to string") is no news: every cell becomes text
    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    measure = measure_first_sheet(path)
    try:
        sheet = fastexcel.read_excel(path).load_sheet(0, dtype_coercion="coerce")
        frame = sheet.to_polars()
    except Exception:  # fastexcel raises its own error types
        raise InputError(path, "geen leesbaar Excel-bestand") from None
    check(path, frame.columns)
    as_text = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.Date or dtype == pl.Datetime:
            column = column.dt.to_string("%Y-%m-%d")
        elif dtype == pl.Boolean:  # an empty cell stays empty (an absent field)
            column = pl.when(column).then(pl.lit("true")).when(~column).then(pl.lit("false"))
        elif dtype.is_float():
            column = (
                pl.when(column == column.floor())
                .then(column.cast(pl.Int64).cast(pl.Utf8))
                .otherwise(column.cast(pl.Utf8))
            )
        as_text.append(column.cast(pl.Utf8).alias(name))
    # the header is Excel row `measure.first_row`; the data rows follow it, empty ones too
    excel_row = pl.int_range(0, frame.height, dtype=pl.Int64) + measure.first_row + 1
    frame = frame.select(as_text).with_columns(excel_row.alias("__excel_row"))
    if frame.width > 1:
        frame = frame.filter(~pl.all_horizontal(pl.exclude("__excel_row").is_null()))
    return frame


# ---------------------------------------------------------------- nested records
def _nested_batches(
    records: Iterator[tuple[str, dict[str, Any] | None, RowError | None]], first_row: int, set_aside: int = 0
) -> Iterator[Batch]:
    """Batches of nested records; `set_aside` rows (read, then left out) count in the first."""
    rows: list[dict[str, Any]] = []
    batch = Batch(flat=_frame([]), rows=set_aside, set_aside=set_aside)
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


def jsonl_records(path: Path) -> Iterator[tuple[str, dict[str, Any] | None, RowError | None]]:
    with path.open("rb") as handle:
        number = 0
        while raw := handle.readline(MAX_LINE_BYTES):
            number += 1
            ref = f"{display_name(path.name)}, regel {number}"
            if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while (piece := handle.readline(MAX_LINE_BYTES)) and not piece.endswith(b"\n"):
                    pass
                yield ref, None, RowError(ref, "(regel)", LINE_TOO_LONG)
                continue
            if not raw.strip():
                continue
            yield ref, *json_line(raw, ref)


def json_line(raw: bytes | str, ref: str) -> tuple[dict[str, Any] | None, RowError | None]:
    """One (non-blank) line of JSON Lines as a nested decision, or why it is none."""
    try:
        data = load_json(raw)
    except UnicodeDecodeError:
        return None, RowError(ref, "(regel)", "onleesbaar: geen UTF-8-tekst")
    except json.JSONDecodeError as exc:
        return None, RowError(ref, "(regel)", syntax_problem(exc, json_line=True))
    if not isinstance(data, dict):
        return None, RowError(ref, "(regel)", "verwacht een object met velden")
    if _SURROGATE_ESCAPE.search(raw if isinstance(raw, bytes) else raw.encode("utf-8", "replace")):
        try:  # a pair of them is one character; one alone is none (and cannot be written)
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return None, RowError(ref, "(regel)", HALF_CHARACTER)
    return data, None


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
HALF_CHARACTER = "onleesbaar: een \\u-escape staat voor een half teken (een losse surrogaat)"


def read_jsonl(path: Path, first_row: int) -> Iterator[Batch]:
    """One nested decision per line; blank lines are skipped."""
    return _nested_batches(jsonl_records(path), first_row)


def read_xml(
    path: Path,
    first_row: int,
    pseudonymiser: Pseudonymiser | None,
    latest_only: bool = False,
    xsd: Path | None = None,
) -> Iterator[Batch]:
    """iJw/iWmo messages (JW301/WMO301, JW315/WMO315): one file, or a series of them in a
    folder or a .zip, read into batches of many messages each; needs the pseudonymisation
    key. `latest_only`: of each toewijzing only its latest version (`latest_versions`);
    `xsd`: every message validated against the XSDs in that folder."""
    if pseudonymiser is None:
        raise InputError(
            path, "berichten bevatten BSN's; geef een sleutel voor pseudoniemen met --pseudonym-key-file"
        )
    schema = None
    if xsd is not None:
        try:
            schema = SchemaFolder(xsd)
        except SchemaError as exc:
            raise InputError(xsd, str(exc)) from None
    records: Iterator[SourceRecord] = _series(path, pseudonymiser, schema)
    set_aside = 0
    if latest_only:
        records, set_aside = latest_versions(records)
    return _nested_batches(((r.ref, r.decision, r.error) for r in records), first_row, set_aside)


def _series(path: Path, pseudonymiser: Pseudonymiser, schema: SchemaFolder | None) -> Iterator[SourceRecord]:
    """The records of every message of the input: a file, a folder (files in name order) or
    a .zip (members in name order). A file that cannot be a message is one error record."""
    single = path.is_file() and path.suffix.lower() != ".zip"
    if single and schema is None:
        yield from read_toewijzing(path, pseudonymiser)
        return
    for name, data in _members(path):
        ref = display_name(name) if single else f"{display_name(path.name)}/{display_name(name)}"
        if isinstance(data, str):
            yield SourceRecord(ref, error=RowError(ref, "(bestand)", data))
        else:
            yield from read_message(data, ref, pseudonymiser, schema)


def _members(path: Path) -> Iterator[tuple[str, bytes | str]]:
    """(name, bytes or why they cannot be read) of each file of a folder or .zip of messages
    (or of the one message file)."""
    too_big = f"bericht groter dan {MAX_MESSAGE_BYTES >> 20} MB (de grens per berichtbestand)"
    not_xml = "geen .xml-bestand: geen bericht gelezen"
    if path.is_file() and path.suffix.lower() != ".zip":  # one message
        size = path.stat().st_size
        yield path.name, path.read_bytes() if size <= MAX_MESSAGE_BYTES else too_big
        return
    if path.is_dir():
        for member in series_files(path):
            name = member.relative_to(path).as_posix()
            if member.suffix.lower() != ".xml":
                yield name, not_xml
            elif member.stat().st_size > MAX_MESSAGE_BYTES:
                yield name, too_big
            else:
                yield name, member.read_bytes()
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise InputError(path, "geen leesbaar zip-bestand") from None
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            if not info.filename.lower().endswith(".xml"):
                yield info.filename, not_xml
                continue
            if info.file_size > MAX_MESSAGE_BYTES:
                yield info.filename, too_big
                continue
            try:
                with archive.open(info) as handle:
                    data = handle.read(MAX_MESSAGE_BYTES + 1)  # never more, whatever the header says
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, zlib.error):
                yield info.filename, "onleesbaar in het zip-bestand (beschadigd of versleuteld)"
                continue
            yield info.filename, data if len(data) <= MAX_MESSAGE_BYTES else too_big


def latest_versions(records: Iterator[SourceRecord]) -> tuple[list[SourceRecord], int]:
    """Of each toewijzing (Afzender, ToewijzingNummer), only the latest version (by
    Toewijzingsdatum and Toewijzingstijd; of two alike, the later in the series), and how
    many earlier versions were set aside; an error record of a toewijzing is a version too.
    Records without a version (unreadable ones, requests for allocation) are all kept."""
    found = list(records)
    latest: dict[tuple[str, str], tuple[str, str, int]] = {}
    for index, record in enumerate(found):
        if record.version is not None:
            key, order = record.version[:2], (record.version[2], record.version[3], index)
            if key not in latest or order > latest[key]:
                latest[key] = order
    kept = [
        record
        for index, record in enumerate(found)
        if record.version is None or latest[record.version[:2]][2] == index
    ]
    return kept, len(found) - len(kept)


def read_input(
    path: Path,
    first_row: int,
    pseudonymiser: Pseudonymiser | None = None,
    latest_only: bool = False,
    xsd: Path | None = None,
) -> Iterator[Batch]:
    """Batches of one input (a file, or a folder of messages), rows numbered from `first_row`."""
    kind = file_format(path)
    if not path.exists() or (kind != "ijw-xml" and not path.is_file()):
        raise InputError(path, "bestand niet gevonden")
    if kind == "csv":
        return (parse_csv_chunk(chunk) for chunk in csv_chunks(path, first_row))
    if kind == "xlsx":
        return read_xlsx(path, first_row)
    if kind == "jsonl":
        return read_jsonl(path, first_row)
    return read_xml(path, first_row, pseudonymiser, latest_only, xsd)
