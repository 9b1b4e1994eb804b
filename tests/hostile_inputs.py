"""A corpus of hostile audit inputs, generated (nothing large is committed).

    python tests/hostile_inputs.py DIR      # writes every case into DIR and lists them

Each `Case` is one file that a careless export, a broken tool or an attacker could hand to
`triage audit`, with what the audit must say about it. `tests/test_hostile_inputs.py` audits
each one beside a good file and checks that the run ends cleanly (a Dutch message, no
traceback), stays under 1 GB of memory, and still audits the good file.
"""

from __future__ import annotations

import json
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from triage.audit.inputs import REQUIRED_COLUMNS

REQUIRED = list(REQUIRED_COLUMNS)
GOOD_ROW = ["H-1", "Zeist", "wmo", "2027-01-04", "c-1", "1980-01-01", "begeleiding_wmo", "2027-02-01"]


@dataclass(frozen=True)
class Case:
    name: str
    file_name: str
    make: Callable[[Path], None]
    expect: str  # a Dutch phrase the run must write (stderr, errors.jsonl or summary)
    refused: bool  # the whole file is refused (else: its bad rows are errors)


# ---------------------------------------------------------------- xlsx by hand
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _inline_row(row: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{_column(i + 1)}{row}" t="inlineStr"><is><t>{value}</t></is></c>'
        for i, value in enumerate(values)
    )
    return f'<row r="{row}">{cells}</row>'


def _xlsx(path: Path, sheet_parts, shared: list[str] | None = None, shared_stream=None) -> None:
    """A workbook whose first sheet's XML is the concatenation of `sheet_parts` (an iterable of
    text, streamed into the zip) and whose shared strings are `shared` or `shared_stream`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in sheet_parts:
                sheet.write(part.encode("utf-8"))
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for text in shared or []:
                strings.write(f"<si><t>{text}</t></si>".encode())
            if shared_stream is not None:
                for block in shared_stream:
                    strings.write(block)
            strings.write(b"</sst>")


def _far_cell(path: Path) -> None:
    _xlsx(
        path,
        [
            _SHEET_HEAD,
            _inline_row(1, REQUIRED),
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
            _SHEET_TAIL,
        ],
    )


def _huge_string(path: Path) -> None:
    """One shared string of 300 MB (a file of about 300 KB)."""

    def blocks():
        yield b"<si><t>"
        chunk = b"x" * (1 << 20)
        for _ in range(300):
            yield chunk
        yield b"</t></si>"

    sheet = [
        _SHEET_HEAD,
        _inline_row(1, REQUIRED),
        '<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
        _SHEET_TAIL,
    ]
    _xlsx(path, sheet, shared_stream=blocks())


def _many_rows(path: Path) -> None:
    """Two million rows of one cell (about 90 MB of XML in a file of a few hundred KB)."""

    def parts():
        yield _SHEET_HEAD
        yield _inline_row(1, REQUIRED)
        for start in range(2, 2_000_002, 10_000):
            yield "".join(
                f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(start, start + 10_000)
            )
        yield _SHEET_TAIL

    _xlsx(path, parts())


def _wide_grid(path: Path) -> None:
    """Two cells far apart: a grid of 400,000 rows by 38 columns (15 million cells)."""
    _xlsx(
        path,
        [
            _SHEET_HEAD,
            _inline_row(1, REQUIRED),
            '<row r="400000"><c r="AL400000"><v>1</v></c></row>',
            _SHEET_TAIL,
        ],
    )


def _blank_rows(path: Path) -> None:
    """A good sheet with empty rows between the decisions; row 5 lacks its service."""
    rows = [
        _inline_row(1, REQUIRED),
        _inline_row(2, GOOD_ROW),
        _inline_row(5, [*GOOD_ROW[:6], "", GOOD_ROW[7]]),
    ]
    _xlsx(path, [_SHEET_HEAD, *rows, _SHEET_TAIL])


def _not_a_zip(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)


# ---------------------------------------------------------------- text formats
def _csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _deep_exceptions(path: Path) -> None:
    cell = '"' + "[" * 990 + "]" * 990 + '"'
    _csv(path, [*REQUIRED, "exceptions"], [[*GOOD_ROW, cell]])


def _many_columns(path: Path) -> None:
    header = REQUIRED + [f"kolom{i}" for i in range(1_000_000)]
    path.write_text(",".join(header) + "\n" + ",".join(GOOD_ROW) + "\n", encoding="utf-8")


def _data_as_header(path: Path) -> None:
    """An export without its header: the first row (with a BSN and a name) is read as one."""
    path.write_text("123456782,Jan Jansen,Zeist\n" + ",".join(GOOD_ROW) + "\n", encoding="utf-8")


def _huge_csv_field(path: Path) -> None:
    """One field of 300 MB."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join([*REQUIRED, "goals"]) + "\n")
        handle.write(",".join(GOOD_ROW) + ",")
        for _ in range(300):
            handle.write("x" * (1 << 20))
        handle.write("\n" + ",".join(GOOD_ROW) + ",doel\n")


def _deep_jsonl(path: Path) -> None:
    path.write_text("[" * 100_000 + "\n", encoding="utf-8")


def _huge_jsonl_line(path: Path) -> None:
    """One line of 300 MB (a decision whose motivation is 300 MB long)."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"id": "H-2", "exceptions": [{"motivation": "')
        for _ in range(300):
            handle.write("x" * (1 << 20))
        handle.write('"}]}\n')
        handle.write(json.dumps(dict(zip(["id", "municipality"], GOOD_ROW[:2], strict=True))) + "\n")


def _binary_csv(path: Path) -> None:
    path.write_bytes(",".join(REQUIRED).encode() + b"\n" + bytes(range(256)) * 64 + b"\n")


def _empty_csv(path: Path) -> None:
    path.write_bytes(b"")


def _xml_entities(path: Path) -> None:
    """The 'billion laughs': entities that expand to gigabytes."""
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE b [{entities}]><b>&a9;</b>', encoding="utf-8")


def _xml_deep(path: Path) -> None:
    path.write_text("<a>" * 100_000 + "</a>" * 100_000, encoding="utf-8")


def _xml_huge(path: Path) -> None:
    """A message file of 100 MB."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("<Bericht>")
        for _ in range(100):
            handle.write("<a>" + "x" * ((1 << 20) - 7) + "</a>")
        handle.write("</Bericht>")


def _escape_in_name(path: Path) -> None:
    _csv(path, REQUIRED, [GOOD_ROW])


CASES = [
    Case("xlsx: one cell at XFD1048576", "ver-weg.xlsx", _far_cell, "kolommen breed; de grens is 64", True),
    Case(
        "xlsx: one shared string of 300 MB",
        "lange-tekst.xlsx",
        _huge_string,
        "meer tekst dan Excel toestaat",
        True,
    ),
    Case("xlsx: two million rows", "veel-rijen.xlsx", _many_rows, "meer dan 1.048.576 rijen", True),
    Case(
        "xlsx: a grid of 15 million cells",
        "groot-raster.xlsx",
        _wide_grid,
        "cellen; de grens is 12.000.000",
        True,
    ),
    Case(
        "xlsx: empty rows between decisions", "lege-rijen.xlsx", _blank_rows, "lege-rijen.xlsx, rij 5", False
    ),
    Case("xlsx: not a zip", "kapot.xlsx", _not_a_zip, "geen leesbaar Excel-bestand", True),
    Case("csv: exceptions nested 990 deep", "diep.csv", _deep_exceptions, "verwacht een lijst", False),
    Case("csv: a million unknown columns", "kolommen.csv", _many_columns, "en nog 999990 andere", True),
    Case(
        "csv: a row of data as header",
        "zonder-kop.csv",
        _data_as_header,
        "een cel die geen kolomnaam is",
        True,
    ),
    Case("csv: one field of 300 MB", "groot-veld.csv", _huge_csv_field, "langer dan", False),
    Case("csv: binary bytes", "binair.csv", _binary_csv, "geen geldige UTF-8-tekst", False),
    Case("csv: empty file", "leeg.csv", _empty_csv, "kopregel", True),
    Case("jsonl: 100,000 '['", "diep.jsonl", _deep_jsonl, "te diep genest", False),
    Case("jsonl: one line of 300 MB", "lange-regel.jsonl", _huge_jsonl_line, "langer dan", False),
    Case("xml: billion laughs", "entiteiten.xml", _xml_entities, "om veiligheidsredenen niet gelezen", False),
    Case("xml: nested 100,000 deep", "diep.xml", _xml_deep, "geen element Bericht gevonden", False),
    Case("xml: a message of 100 MB", "groot.xml", _xml_huge, "bericht groter dan 64 MB", False),
    Case("file name with an ESC character", "naam\x1b[31m.csv", _escape_in_name, "naam\\x1b[31m.csv", False),
]


def make_corpus(folder: Path) -> list[tuple[Case, Path]]:
    """Write every case into `folder`; (case, path) pairs."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for case in CASES:
        path = folder / case.file_name
        case.make(path)
        made.append((case, path))
    return made


if __name__ == "__main__":
    for case, path in make_corpus(Path(sys.argv[1])):
        print(f"{path.stat().st_size:>12,}  {path.name!r}  {case.name}")
