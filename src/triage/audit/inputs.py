"""Input files: their formats, and CSV files cut into chunks of whole lines.

Only the standard library: the main process of an audit cuts CSV files and hands the
chunks to worker processes, which read them (`triage.audit.readers`); it does not need
polars for that.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from triage.audit.records import FLAT_COLUMNS, RowError
from triage.shown_text import shown

if TYPE_CHECKING:
    import polars as pl

FORMATS = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "ijw-xml",
    ".zip": "ijw-xml",  # a series of messages, as a folder of them is
}
# an input whose extension is none of FORMATS; `series`: where a series of messages may come from
UNKNOWN_FORMAT = (
    "onbekend formaat (bestandsextensie); verwacht .csv, .xlsx, .jsonl, .xml, of {series} met .xml-berichten"
)
# rows per batch: the unit of work of a process, of progress, of memory and of what a
# Ctrl-C keeps (smaller batches share the work out more evenly at the end of a run)
BATCH_ROWS = int(os.environ.get("TRIAGE_AUDIT_BATCH_ROWS", "50000"))
BYTES_PER_ROW = 330  # a typical export line, to cut CSV files into batches of about BATCH_ROWS
BYTES_PER_JSON_LINE = 700  # a typical nested decision on one line of JSON Lines
# The longest line of CSV or JSON Lines that is read (a decision takes under a kilobyte; a long
# motivation a few more). A longer line becomes an error record and is never held in memory.
MAX_LINE_BYTES = 1 << 20
LINE_TOO_LONG = f"regel langer dan {MAX_LINE_BYTES >> 20} MB (de grens per beschikking); niet gelezen"


class InputError(ValueError):
    """A whole input file that cannot be read (wrong header, unknown format, over a limit...):
    `reason` in Dutch, never repeating the file's contents."""

    def __init__(self, path: Path | str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{display_name(path)}: {reason}")


@dataclass
class Batch:
    """Rows read from one stretch of one input file."""

    flat: pl.DataFrame  # __row, ref, FLAT_COLUMNS (text)
    nested: dict[int, dict[str, Any]] = field(default_factory=dict)  # __row -> decision as read
    errors: list[tuple[int, RowError]] = field(default_factory=list)
    rows: int = 0  # input rows covered, broken ones included
    set_aside: int = 0  # of those, earlier versions of a toewijzing left out (--latest-only)


def display_name(path: Path | str) -> str:
    """A path as text every output (and a terminal) can hold (see `triage.shown_text`)."""
    return shown(Path(path))


def file_format(path: Path) -> str:
    """The input format by file extension (a folder: a series of iJw/iWmo messages), or InputError."""
    if path.is_dir():
        return "ijw-xml"
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(path, UNKNOWN_FORMAT.format(series="een map of .zip")) from None


def format_name(path: Path) -> str:
    """The input's format for the receipt ('?' when unknown)."""
    try:
        return file_format(path)
    except InputError:
        return "?"


def sha256_of(path: Path) -> str:
    """The file's SHA-256, for the receipt; of a folder, over its files' relative paths and
    contents in name order."""
    digest = hashlib.sha256()
    files: list[tuple[str | None, Path]] = [(None, path)]
    if path.is_dir():
        files = [(p.relative_to(path).as_posix(), p) for p in series_files(path)]
    for name, member in files:
        if name is not None:
            digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        with member.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def series_files(folder: Path) -> list[Path]:
    """The files of a folder of messages (and its subfolders), in name order."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


# the columns of the decision format's required fields: every flat export has them
REQUIRED_COLUMNS = (
    "id",
    "municipality",
    "law",
    "request_date",
    "client.id",
    "client.birth_date",
    "service",
    "start_date",
)


def check_header(path: Path, header: list[str]) -> None:
    """InputError unless the header names known, distinct columns, the required ones among them."""
    unknown = [c for c in header if c not in FLAT_COLUMNS]
    if unknown:
        raise InputError(path, f"onbekende kolom(men) {column_list(unknown)}; zie de kolomlijst in de README")
    if len(set(header)) != len(header):
        raise InputError(path, "een kolom staat meer dan eens in de kopregel")
    for required in REQUIRED_COLUMNS:
        if required not in header:
            raise InputError(path, f"verplichte kolom {required!r} ontbreekt in de kopregel")


MAX_NAMED_COLUMNS = 10
_COLUMN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,39}")


def column_list(columns: list[str]) -> str:
    """Unknown header cells for a message: at most `MAX_NAMED_COLUMNS`, each named only when
    it looks like a column name (a header row may really be a row of data, personal data
    included), then a count of the rest."""
    shown = [
        repr(name) if _COLUMN_NAME.fullmatch(name) else "(een cel die geen kolomnaam is)"
        for name in columns[:MAX_NAMED_COLUMNS]
    ]
    rest = len(columns) - len(shown)
    return ", ".join(shown) + (f" en nog {rest} andere" if rest else "")


# ---------------------------------------------------------------- CSV
@dataclass(frozen=True)
class CsvChunk:
    """A stretch of whole lines of a CSV file. The main process cuts the file into chunks
    (counting their lines, so that every row has its number); the worker that parses a
    chunk reads its bytes from the file itself, so no data travels between the processes."""

    path: Path
    header_line: bytes
    width: int
    offset: int  # where the chunk's first line starts in the file
    size: int  # the chunk's length in bytes
    first_line: int  # the file's line number of the chunk's first line (header = 1)
    first_row: int  # its position in the whole input
    lines: int
    oversized: bool = False  # one line longer than MAX_LINE_BYTES: an error, never read
    kind: str = "csv"  # or "jsonl": lines of JSON Lines (no header; `header_line` empty)

    @property
    def name(self) -> str:
        """The file name, as the row references give it."""
        return display_name(self.path.name)

    def body(self) -> bytes:
        """The chunk's bytes, read from the file; InputError when the file has changed."""
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            body = handle.read(self.size)
        if len(body) != self.size:
            raise file_changed(self.path)
        return body


def file_changed(path: Path) -> InputError:
    """The error for an input that changed while it was being audited."""
    return InputError(path, "het bestand is tijdens de audit veranderd")


class CsvChunks:
    """The chunks of one CSV file (whole lines, about `batch_rows` of them), cut after the
    header has been checked, in one pass over the file that also computes its SHA-256:
    `sha256` is set once every chunk has been handed out. A JSON Lines file (`kind`
    "jsonl") is cut the same way, without a header."""

    def __init__(self, path: Path, first_row: int, batch_rows: int = BATCH_ROWS, kind: str = "csv"):
        self.path = path
        self.first_row = first_row
        self.batch_rows = batch_rows
        self.kind = kind
        self.sha256: str | None = None

    def __iter__(self) -> Iterator[CsvChunk]:
        if not self.path.is_file():  # workers read their chunks from the file again
            raise InputError(self.path, "bestand niet gevonden")
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            if self.kind == "jsonl":
                yield from self._cut(handle, digest, b"", 0, 0, 1)
                return
            header_line = handle.readline()
            digest.update(header_line)
            offset = len(header_line)
            header_line = header_line.rstrip(b"\r\n")
            try:
                header_text = header_line.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise InputError(self.path, "de kopregel is geen UTF-8-tekst") from None
            try:
                header = next(csv.reader([header_text]))
            except csv.Error:  # a carriage return inside it: line ends of CR alone, say
                raise InputError(
                    self.path,
                    "de kopregel is geen CSV-regel; verwacht kolomnamen gescheiden door "
                    "komma's en regels die eindigen op LF of CRLF",
                ) from None
            check_header(self.path, header)
            yield from self._cut(handle, digest, header_text.encode("utf-8"), len(header), offset, 2)

    def _cut(
        self, handle: BinaryIO, digest: Any, header_line: bytes, width: int, offset: int, line_number: int
    ) -> Iterator[CsvChunk]:
        """The chunks from the handle's position (`offset` in the file, line `line_number`) on;
        `sha256` is set at the end."""
        row = self.first_row
        per_row = BYTES_PER_JSON_LINE if self.kind == "jsonl" else BYTES_PER_ROW
        block = bytearray(self.batch_rows * per_row)  # one buffer for every chunk

        def chunk(*place: Any) -> CsvChunk:
            return CsvChunk(self.path, header_line, width, *place, kind=self.kind)

        while True:
            # whole lines: the bytes are counted and hashed here, and read by a worker
            length = handle.readinto(block)
            if not length:
                break
            rest = handle.readline(MAX_LINE_BYTES)
            digest.update(memoryview(block)[:length])
            digest.update(rest)
            if len(rest) == MAX_LINE_BYTES and not rest.endswith(b"\n"):
                # the block's last line runs on past the limit: the whole lines before it
                # are a chunk, the long line one of its own that is never read
                cut = block.rfind(b"\n", 0, length) + 1
                if cut:
                    lines = block.count(b"\n", 0, cut)
                    yield chunk(offset, cut, line_number, row, lines)
                    offset, line_number, row = offset + cut, line_number + lines, row + lines
                size = length - cut + len(rest) + _skip_line(handle, digest)
                yield chunk(offset, size, line_number, row, 1, True)
                offset, line_number, row = offset + size, line_number + 1, row + 1
                continue
            size = length + len(rest)
            ends = rest.endswith(b"\n") if rest else block.endswith(b"\n", 0, length)
            lines = block.count(b"\n", 0, length) + rest.count(b"\n") + (not ends)
            yield chunk(offset, size, line_number, row, lines)
            offset += size
            line_number += lines
            row += lines
        self.sha256 = digest.hexdigest()


def _skip_line(handle: BinaryIO, digest: Any) -> int:
    """Read past the rest of a line (hashing it, a megabyte at a time); its length in bytes."""
    skipped = 0
    while piece := handle.readline(MAX_LINE_BYTES):
        digest.update(piece)
        skipped += len(piece)
        if piece.endswith(b"\n"):
            break
    return skipped


def csv_chunks(path: Path, first_row: int, batch_rows: int = BATCH_ROWS, kind: str = "csv") -> CsvChunks:
    """Cut a CSV file into chunks of whole lines, checking the header first (JSON Lines:
    `kind` "jsonl", no header)."""
    return CsvChunks(path, first_row, batch_rows, kind)
