"""An `.xlsx` file measured before it is loaded, so that a small hostile file cannot take the
machine's memory.

The Excel reader (calamine) builds the first sheet as a dense grid from its first to its
last cell: one cell written at `XFD1048576` in a 2 KB file asks for some 17 billion cells,
and one shared string may hold hundreds of megabytes. `measure_first_sheet` reads the
workbook's parts as a stream (the zip's own sizes bound what is decompressed) and refuses,
naming the limit, a workbook:

- whose parts decompress to more than `MAX_UNCOMPRESSED_BYTES`;
- whose first sheet's grid would have more than `MAX_CELLS` cells, more than
  `MAX_COLUMNS` columns or more than Excel's 1,048,576 rows;
- with a cell text longer than Excel's own limit of 32,767 characters (measured in bytes of
  XML, see `MAX_CELL_XML_BYTES`).

It also says on which Excel row the sheet's grid starts, so that every row reference is the
row number Excel shows.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree

from triage.audit.inputs import InputError

MAX_UNCOMPRESSED_BYTES = 1 << 30  # 1 GiB of XML in all
MAX_COLUMNS = 64  # the decision format has 35 columns; an unknown one refuses the file anyway
MAX_ROWS = 1_048_576  # Excel's own limit
MAX_CELLS = 12_000_000  # the grid calamine allocates: about 350,000 rows of 35 columns
MAX_CELL_CHARACTERS = 32_767  # Excel's own limit for the text of one cell
# One cell's or shared string's XML: its characters (at most 6 bytes each as `&quot;`) and
# markup. A longer stretch of XML holds more text than Excel allows in one cell.
MAX_CELL_XML_BYTES = MAX_CELL_CHARACTERS * 6 + 4096
_CHUNK = 1 << 20

_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
# a cell with a value (not self-closing): where the reader's grid, and so the header, starts
_VALUE_ROW = re.compile(rb'<c\b[^>]*?\br="[A-Z]{1,3}([0-9]{1,7})"[^>]*(?<!/)>')
_ROW = re.compile(rb"<row\b")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class SheetMeasure:
    first_row: int  # the Excel row number of the sheet's first row with a value (the header)
    rows: int
    columns: int


def measure_first_sheet(path: Path) -> SheetMeasure:
    """The first sheet's grid, or InputError naming the limit the workbook exceeds."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(member.file_size for member in archive.infolist())
            if total > MAX_UNCOMPRESSED_BYTES:
                raise InputError(
                    path,
                    f"uitgepakt groter dan {MAX_UNCOMPRESSED_BYTES >> 20} MB "
                    "(grens voor Excel-bestanden); lever zo'n export als CSV aan",
                )
            sheet = _first_sheet(archive)
            if "xl/sharedStrings.xml" in archive.namelist():
                _check_items(path, archive, "xl/sharedStrings.xml", rb"<si[ >]")
            return _measure_sheet(path, archive, sheet)
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, EOFError, ElementTree.ParseError):
        raise InputError(path, "geen leesbaar Excel-bestand (.xlsx)") from None


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The part name of the workbook's first sheet (the one the reader loads)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    first = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if first is None:
        raise ValueError("no sheet")
    relation = first.get(_RELATIONSHIP)
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for item in relations:
        if item.get("Id") == relation:
            target = item.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return str(PurePosixPath("xl") / target)
    raise ValueError("no sheet part")


def _stream(archive: zipfile.ZipFile, name: str):
    """The part's bytes in chunks that overlap by a little, so that no tag is cut in two."""
    with archive.open(name) as handle:
        tail = b""
        while block := handle.read(_CHUNK):
            yield tail, block
            tail = block[-64:]


def _check_items(path: Path, archive: zipfile.ZipFile, name: str, opening: bytes) -> None:
    """Refuse a part in which the XML from one item's `opening` tag to the next one's is
    longer than a cell may be (it then holds an item that is: cell texts cannot hold '<')."""
    splitter = re.compile(opening)
    carried = 0  # length of the item that runs on from the previous chunk
    for _, block in _stream(archive, name):
        pieces = splitter.split(block)
        if len(pieces) == 1:
            carried += len(block)
        else:
            carried += len(pieces[0])
            longest = max(carried, max(map(len, pieces[1:-1]), default=0))
            if longest > MAX_CELL_XML_BYTES:
                _too_long(path)
            carried = len(pieces[-1])
        if carried > MAX_CELL_XML_BYTES:
            _too_long(path)


def _too_long(path: Path) -> None:
    raise InputError(
        path,
        f"een cel bevat meer tekst dan Excel toestaat ({MAX_CELL_CHARACTERS:,} tekens)".replace(",", "."),
    )


def _measure_sheet(path: Path, archive: zipfile.ZipFile, name: str) -> SheetMeasure:
    _check_items(path, archive, name, rb"<c[ >]")
    first_row = last_row = None
    first_column = last_column = None
    header_row = None
    rows = 0
    for tail, block in _stream(archive, name):
        rows += len(_ROW.findall(block))
        # a reference cut at the chunk's start is found again in tail + block
        text = tail + block
        if header_row is None and (found := _VALUE_ROW.search(text)):
            header_row = int(found.group(1))
        for column, row in _CELL_REF.findall(text):
            row_number = int(row)
            column_number = _column_number(column)
            first_row = row_number if first_row is None else min(first_row, row_number)
            last_row = row_number if last_row is None else max(last_row, row_number)
            first_column = column_number if first_column is None else min(first_column, column_number)
            last_column = column_number if last_column is None else max(last_column, column_number)
    if first_row is None or last_row is None or first_column is None or last_column is None:
        return SheetMeasure(first_row=1, rows=rows, columns=0)  # no cell references: a small sheet
    height = max(last_row - first_row + 1, rows)
    width = last_column - first_column + 1
    if last_row > MAX_ROWS or height > MAX_ROWS:
        raise InputError(path, f"meer dan {MAX_ROWS:,} rijen (de grens van Excel)".replace(",", "."))
    if width > MAX_COLUMNS:
        raise InputError(
            path,
            f"het eerste werkblad is {width:,} kolommen breed; de grens is {MAX_COLUMNS}".replace(",", "."),
        )
    if height * width > MAX_CELLS:
        raise InputError(
            path,
            f"het eerste werkblad beslaat {height * width:,} cellen; de grens is {MAX_CELLS:,} "
            "(lever zo'n export als CSV aan)".replace(",", "."),
        )
    return SheetMeasure(first_row=header_row or first_row, rows=height, columns=width)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
