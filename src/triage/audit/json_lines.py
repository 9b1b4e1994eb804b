"""JSON Lines on the fast path: a chunk of lines read column-wise into the flat frame of a CSV.

polars decodes JSON leniently where Python's `json` (the reference reading, `load_json`) is
strict: it takes the first of two equal keys, ignores unknown keys, turns a number into text
and a lone surrogate into NUL. So polars only decodes the lines that are in *plain JSON form*,
a grammar (`plain_line_pattern`) under which both read every value alike:

- one object of known keys (those of `records.FLAT_COLUMNS`, nested as in the decision
  format), each with a value of its JSON type: text (non-empty), `true`/`false`, a plain
  number for `volume.amount`, a list of plain items for `goals`/`activities` (no `;`, no
  leading or trailing space, no escapes: the flat cell joins them with `;`), and for
  `exceptions` a list of objects of text without escapes, which polars hands on as JSON text
  (keys and duplicates as they were) for the flat reader to read exactly as a CSV cell;
- `null` only where the decision format takes it as "absent" (an optional field without
  another default); an empty object only where the model has no required field;
- no whitespace between a key and its colon, no escaped quote (`\\"`), so that every `":`
  ends a key and every quote starts or ends a string, and no escaped surrogate;
- no key twice: the keys counted in the line equal the values polars found, counting
  `null`s (and a `null` key that may stand twice sends the line to the reference path).

Those lines become flat rows (`ref`, `__json`: the line, for the reference path when the flat
reader does not take the row); every other line is read by `load_json` right away, as
`readers.read_jsonl` does, and takes the reference path (or becomes its error record).
Blank lines are no rows.
"""

from __future__ import annotations

import functools
from types import UnionType
from typing import Any, Union, get_args, get_origin

import polars as pl
from pydantic import BaseModel

from triage.audit.inputs import LINE_TOO_LONG, Batch, CsvChunk, file_changed
from triage.audit.readers import chunk_lines, json_line, lines_but, raw_lengths
from triage.audit.records import BOOL_COLUMNS, FLAT_COLUMNS, JSON_COLUMNS, LIST_COLUMNS, RowError
from triage.decision import Decision

_WS = r"[ \t\r]*"
_ESCAPE = r"\\[\\/bfnrt]|\\u(?:[0-9a-cA-CefEF][0-9a-fA-F]{3}|[dD][0-7][0-9a-fA-F]{2})"
_TEXT = rf'"(?:[^"\\\x00-\x1f]|{_ESCAPE})+"'
# text in an exception: without escapes (polars writes the exceptions again as JSON text,
# and does not escape a backslash or a control character when it does)
_EXCEPTION_TEXT = r'"[^"\\\x00-\x1f]*"'
_ITEM = r'"[^"; \\\x00-\x1f](?:[^";\\\x00-\x1f]*[^"; \\\x00-\x1f])?"'
_BOOL = "(?:true|false)"
_NUMBER = r"(?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,6})?"
_NUMBER_COLUMNS = ("volume.amount",)
_KEY_END = '":'  # in a plain line, the end of every key and nothing else
_NULL_MEMBER = rf'":{_WS}null'
_NULL_NAME = rf'"([a-z_]+)":{_WS}null'


def _sequence(item: str, open_: str, close: str, empty: bool = True) -> str:
    """`item`s separated by commas between `open_` and `close`."""
    items = rf"{item}(?:{_WS},{_WS}{item})*"
    return rf"{open_}{_WS}(?:{items}){'?' if empty else ''}{_WS}{close}"


def _exceptions_pattern() -> str:
    keys = "|".join(("principle", "ground", "motivation"))
    member = rf'"(?:{keys})":{_WS}{_EXCEPTION_TEXT}'
    return _sequence(_sequence(member, r"\{", r"\}"), r"\[", r"\]")


_EXCEPTIONS = _exceptions_pattern()


def _model(annotation: Any) -> type[BaseModel] | None:
    """The model in a field's annotation (`Client`, `Product | None`), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, UnionType):
        return next((m for m in map(_model, get_args(annotation)) if m is not None), None)
    return None


def _absent_when_null(model: type[BaseModel], name: str) -> bool:
    """Whether `null` reads as an absent field: optional, with no other default."""
    field = model.model_fields[name]
    return not field.is_required() and field.default is None


def _value(column: str) -> str:
    if column in BOOL_COLUMNS:
        return _BOOL
    if column in LIST_COLUMNS:
        return _sequence(_ITEM, r"\[", r"\]")
    if column in JSON_COLUMNS:
        return _EXCEPTIONS
    if column in _NUMBER_COLUMNS:
        return _NUMBER
    return _TEXT


def _member(model: type[BaseModel], name: str, value: str) -> str:
    value = f"(?:{value}|null)" if _absent_when_null(model, name) else value
    return rf'"{name}":{_WS}{value}'


@functools.cache
def _layout() -> dict[str, list[str]]:
    """Top-level key -> its flat columns (one for a plain field), in `FLAT_COLUMNS` order."""
    layout: dict[str, list[str]] = {}
    for column in FLAT_COLUMNS:
        layout.setdefault(column.split(".")[0], []).append(column)
    return layout


@functools.cache
def plain_line_pattern() -> str:
    """The grammar of a line in plain JSON form (see the module's description)."""
    members = []
    for key, columns in _layout().items():
        if columns == [key]:
            members.append(_member(Decision, key, _value(key)))
            continue
        inner = _model(Decision.model_fields[key].annotation)
        assert inner is not None, key
        parts = "|".join(_member(inner, c.split(".")[1], _value(c)) for c in columns)
        required = any(field.is_required() for field in inner.model_fields.values())
        members.append(_member(Decision, key, _sequence(f"(?:{parts})", r"\{", r"\}", empty=not required)))
    return rf"^{_WS}" + _sequence(f"(?:{'|'.join(members)})", r"\{", r"\}") + rf"{_WS}$"


@functools.cache
def _decoded_schema() -> dict[str, pl.DataType]:
    """What polars decodes a plain line into: every value as text, a list as its JSON text
    (written again by polars: `["a", "b"]`, keys, escapes and duplicates as they were)."""
    fields: dict[str, pl.DataType] = {}
    for key, columns in _layout().items():
        if columns == [key]:  # a list (or `exceptions`) as its JSON text, written again by polars
            fields[key] = pl.Utf8
        else:
            fields[key] = pl.Struct({c.split(".")[1]: pl.Utf8 for c in columns})
    return fields


def _flat_columns() -> list[pl.Expr]:
    """The flat text columns of the decoded lines."""
    columns = []
    for key, names in _layout().items():
        value = pl.col(key)
        if names == [key]:
            if key in LIST_COLUMNS:  # plain items: no quote, backslash or `;` in them
                items = (
                    value.str.strip_prefix('["')
                    .str.strip_suffix('"]')
                    .str.replace_all('", "', ";", literal=True)
                )
                value = pl.when(value != "[]").then(items)
            columns.append(value.alias(key))
        else:
            columns += [value.struct.field(name.split(".")[1]).alias(name) for name in names]
    return columns


def _values_found() -> pl.Expr:
    """How many keys of the line polars found a value for (the contents of `exceptions` not
    counted)."""
    counts = []
    for key, names in _layout().items():
        value = pl.col(key)
        counts.append(value.is_not_null())
        if names != [key]:
            counts += [value.struct.field(name.split(".")[1]).is_not_null() for name in names]
    return pl.sum_horizontal(counts)


_EXCEPTION_KEYS = ("principle", "ground", "motivation")
_EXCEPTION_ITEMS = pl.List(pl.Struct({key: pl.Utf8 for key in _EXCEPTION_KEYS}))


def _exception_values() -> pl.Expr:
    """How many keys of the exceptions polars found a value for (none may be `null`): fewer
    than the keys in them when one stands twice in an exception, which the reference path's
    `load_json` refuses (so such a line is for it to read)."""
    items = pl.col("exceptions").str.json_decode(_EXCEPTION_ITEMS)
    per_item = pl.sum_horizontal(pl.element().struct.field(key).is_not_null() for key in _EXCEPTION_KEYS)
    return items.list.eval(per_item).list.sum().fill_null(0)


def _null_targets() -> dict[str, list[str]]:
    """The key name of a `null` member -> the decoded fields it may stand for."""
    targets: dict[str, list[str]] = {}
    for key, names in _layout().items():
        targets.setdefault(key, []).append(key)
        if names != [key]:
            for name in names:
                targets.setdefault(name.split(".")[1], []).append(name)
    return targets


def parse_json_chunk(chunk: CsvChunk) -> Batch:
    """A chunk of JSON Lines (see `CsvChunk.parse`) as a batch: the lines in plain JSON form
    as flat rows, the others read by `load_json` (nested decisions or error records). The
    rows are not in line order (the evaluation orders its outcomes by `__row`)."""
    name = chunk.name
    if chunk.oversized:
        error = RowError(f"{name}, regel {chunk.first_line}", "(regel)", LINE_TOO_LONG)
        return Batch(flat=_empty(), errors=[(chunk.first_row, error)], rows=1)
    body = chunk.body()
    lines = chunk_lines(body, chunk.lines)
    if lines is None:
        raise file_changed(chunk.path)
    index = pl.int_range(0, chunk.lines, dtype=pl.UInt32, eager=True).alias("__index")
    plain = lines.str.contains(plain_line_pattern()).fill_null(False)
    # the plain lines as JSON Lines: cut out of the body when the lines are its bytes
    lengths = raw_lengths(body, lines) if not lines.has_nulls() else None
    if plain.all():
        text = body
    elif lengths is None:
        text = lines.filter(plain).str.join("\n").item().encode("utf-8")
    else:
        text = b"".join(lines_but(body, lengths, index.filter(~plain).to_list()))
    flat = _decode(index.filter(plain), lines.filter(plain), text) if plain.any() else _decode_nothing()
    nested: dict[int, dict[str, Any]] = {}
    errors: list[tuple[int, RowError]] = []
    other_rows: list[int] = []
    blank = 0
    others = index.filter(~index.is_in(flat.get_column("__index").implode())).to_list()
    if others:
        raw = _raw_lines(body, lengths, others)
        for at in others:
            if not raw[at].strip():  # a blank line is no row
                blank += 1
                continue
            row = chunk.first_row + at
            data, error = json_line(raw[at], f"{name}, regel {chunk.first_line + at}")
            if error is not None:
                errors.append((row, error))
            else:
                assert data is not None
                nested[row] = data
                other_rows.append(at)
    if other_rows:
        flat = pl.concat(
            [flat, pl.DataFrame({"__index": other_rows}, schema={"__index": pl.UInt32})], how="diagonal"
        )
    at = flat.get_column("__index").cast(pl.Int64)
    flat = flat.with_columns(
        (at + chunk.first_row).alias("__row"),
        pl.format("{}, regel {}", pl.lit(name), at + chunk.first_line).alias("ref"),
    ).drop("__index")
    return Batch(flat=flat, nested=nested, errors=errors, rows=chunk.lines - blank)


def _raw_lines(body: bytes, lengths: pl.Series | None, wanted: list[int]) -> dict[int, bytes]:
    """Lines of `body` as bytes (with a carriage return, if any), by index."""
    if lengths is None:
        parts = body.split(b"\n")
        return {at: parts[at] for at in wanted}
    sizes = lengths.cast(pl.Int64) + 1
    starts = (sizes.cum_sum() - sizes).gather(wanted).to_list()
    return {
        at: body[start : start + length]
        for at, start, length in zip(wanted, starts, lengths.gather(wanted).to_list(), strict=True)
    }


_FLAT_SCHEMA = {"__index": pl.UInt32, "__json": pl.Utf8, **{c: pl.Utf8 for c in FLAT_COLUMNS}}


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema={"__row": pl.Int64, "ref": pl.Utf8, **{c: pl.Utf8 for c in FLAT_COLUMNS}})


def _decode_nothing() -> pl.DataFrame:
    return pl.DataFrame(schema=_FLAT_SCHEMA)


def _decode(index: pl.Series, lines: pl.Series, text: bytes) -> pl.DataFrame:
    """The plain lines (`index`, `lines`; `text`: the same as JSON Lines) without a key
    twice, as flat text columns with `__index` and `__json` (the line)."""
    decoded = pl.read_ndjson(text, schema=_decoded_schema())
    assert decoded.height == lines.len(), "JSON Lines: polars read another number of lines"
    counts = [lines.str.count_matches(_KEY_END, literal=True).alias("__keys")]
    if b"null" in text:
        counts.append(lines.str.count_matches(_NULL_MEMBER).alias("__nulls"))
    frame = decoded.with_columns(index, lines.alias("__json"), *counts)
    nulls = pl.col("__nulls") if len(counts) > 1 else pl.lit(0)
    found = _values_found() + nulls + _exception_values()
    fits = frame.select(pl.col("__keys") == found).to_series()
    if not fits.all():
        frame = frame.filter(fits)
    if len(counts) > 1:
        with_nulls = frame.filter(pl.col("__nulls") > 0)
        if with_nulls.height:
            frame = frame.filter(~pl.col("__index").is_in(_null_twice(with_nulls).implode()))
    return frame.select("__index", "__json", *_flat_columns()).select(list(_FLAT_SCHEMA))


def _null_twice(frame: pl.DataFrame) -> pl.Series:
    """The lines (`__index`) among `frame` where a key with the value `null` may stand twice:
    as a key with another value (which polars took), twice with `null`, or as `id` (three
    fields of that name)."""
    names = (
        frame.select("__index", pl.col("__json").str.extract_all(_NULL_NAME).alias("name"))
        .explode("name")
        .with_columns(pl.col("name").str.extract(r'^"([a-z_]+)"', 1))
    )
    suspect = [names.filter(pl.struct("__index", "name").is_duplicated()).get_column("__index")]
    targets = _null_targets()
    for name in names.get_column("name").unique().to_list():
        fields = targets.get(name, [])
        rows = names.filter(pl.col("name") == name).get_column("__index")
        if len(fields) != 1:
            suspect.append(rows)
            continue
        field = fields[0]
        if "." in field:
            group, inner = field.split(".")
            present = pl.col(group).struct.field(inner).is_not_null()
        else:
            present = pl.col(field).is_not_null()
        suspect.append(frame.filter(pl.col("__index").is_in(rows.implode()) & present).get_column("__index"))
    return pl.concat(suspect).unique()
