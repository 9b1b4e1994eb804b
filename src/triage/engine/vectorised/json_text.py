"""Build JSON text with polars expressions, so that outcomes are written without a Python
object per decision. Values are encoded by polars' own JSON encoder (escaping included)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl


def json_value(expr: pl.Expr) -> pl.Expr:
    """The JSON text of one value (null becomes `null`)."""
    return pl.struct(expr.alias("v")).struct.json_encode().str.slice(5).str.head(-1)


def json_literal(value: Any) -> pl.Expr:
    """The JSON text of a constant."""
    return pl.lit(json.dumps(value, ensure_ascii=False))


Member = tuple[str, pl.Expr] | tuple[str, pl.Expr, pl.Expr]


def json_object(members: list[Member]) -> pl.Expr:
    """`{"key": <json text>, ...}` from (key, json-text expression[, keep-condition]) members.

    A member with a keep-condition is left out where the condition is false."""
    pieces: list[pl.Expr] = []
    always_first = True
    for member in members:
        key, text = member[0], member[1]
        if len(member) == 3:
            # optional member: its own leading comma, so it must not come first
            assert not always_first, "an optional member cannot be the first"
            keep = member[2]  # type: ignore[misc]
            pieces.append(pl.when(keep).then(pl.lit(f",{json.dumps(key)}:") + text).otherwise(pl.lit("")))
        else:
            prefix = "" if always_first else ","
            pieces.append(pl.lit(f"{prefix}{json.dumps(key)}:"))
            pieces.append(text)
            always_first = False
    return pl.concat_str([pl.lit("{"), *pieces, pl.lit("}")])
