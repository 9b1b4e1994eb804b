"""Build JSON text with polars expressions, so that outcomes are written without a Python
object per decision. Values are encoded by polars' own JSON encoder (escaping included).

Constant JSON is kept as Python text and merged before it reaches polars: every literal
piece of a `concat_str` costs a whole column, so fewer, longer literals are much faster.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl
from pydantic import BaseModel

from triage.engine.vectorised import dates

Piece = str | pl.Expr  # str: JSON text known in advance


def json_value(expr: pl.Expr) -> pl.Expr:
    """The JSON text of one value (null becomes `null`)."""
    return pl.struct(expr.alias("v")).struct.json_encode().str.slice(5).str.head(-1)


def json_of(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """`json_value` for a value of a known type; dates, integers and booleans are written
    directly (much cheaper than the encoder), anything else goes through `json_value`."""
    if dtype == pl.Date:
        text = dates.iso_json(expr)
    elif dtype.is_integer():
        text = expr.cast(pl.Utf8)
    elif dtype == pl.Boolean:
        text = pl.when(expr).then(pl.lit("true")).when(~expr).then(pl.lit("false"))
    else:
        return json_value(expr)
    return text.fill_null(pl.lit("null"))


def json_literal(value: Any) -> str:
    """The JSON text of a constant."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def concat(pieces: list[Piece]) -> pl.Expr:
    """Concatenate text pieces, merging neighbouring constants first."""
    merged: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        elif not (isinstance(piece, str) and piece == ""):
            merged.append(piece)
    if not merged:
        return pl.lit("")
    if len(merged) == 1 and isinstance(merged[0], str):
        return pl.lit(merged[0])
    return pl.concat_str([pl.lit(piece) if isinstance(piece, str) else piece for piece in merged])


def as_expr(piece: Piece) -> pl.Expr:
    """A piece as an expression."""
    return pl.lit(piece) if isinstance(piece, str) else piece


Value = Piece | list[Piece]  # a list: pieces that together are the value's JSON text
Member = tuple[str, Value] | tuple[str, Value, pl.Expr]


def object_pieces(members: list[Member]) -> list[Piece]:
    """`{"key": <json text>, ...}` as pieces, from (key, JSON text[, keep-condition]) members.

    A member with a keep-condition is left out where the condition is false."""
    pieces: list[Piece] = ["{"]
    first = True
    for member in members:
        key, text = member[0], member[1]
        if len(member) == 3:
            # optional member: its own leading comma, so it must not come first
            assert not first, "an optional member cannot be the first"
            keep = member[2]  # type: ignore[misc]
            optional = concat([f",{json.dumps(key)}:", *(text if isinstance(text, list) else [text])])
            pieces.append(pl.when(keep).then(optional).otherwise(pl.lit("")))
        else:
            pieces += [
                "" if first else ",",
                f"{json.dumps(key)}:",
                *(text if isinstance(text, list) else [text]),
            ]
            first = False
    pieces.append("}")
    return pieces


def model_members(model: type[BaseModel], **values: Value) -> list[Member]:
    """The members of a `model` object (`triage.outcome`) in its field order and under its
    JSON names, from each field's JSON text: the model is the one definition of the
    outcome's shape, the fast path only says how each value is written."""
    fields = model.model_fields
    assert set(values) == set(fields), f"{model.__name__}: {sorted(set(values) ^ set(fields))}"
    return [(field.alias or name, values[name]) for name, field in fields.items()]


def json_object(members: list[Member]) -> pl.Expr:
    """A JSON object as one text expression (see `object_pieces`)."""
    return concat(object_pieces(members))
