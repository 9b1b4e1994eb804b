"""Run decisions through the vectorised fast path, for comparison with `Engine.check`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import polars as pl

from triage.audit.flat_frame import FlatReader
from triage.audit.flat_rows import NotFlat, flatten
from triage.audit.records import FLAT_COLUMNS
from triage.engine.vectorised.engine import VectorisedEngine
from triage.rulebook.loader import Rulebook


def fast_outcomes(
    book: Rulebook, decisions: list[dict[str, Any]], on: dt.date | None = None
) -> dict[int, Any]:
    """index -> outcome (parsed JSON) for every decision the fast path takes."""
    rows = []
    for index, decision in enumerate(decisions):
        try:
            cells = flatten(decision)
        except NotFlat:
            continue
        rows.append({"__row": index, **{c: cells.get(c) for c in FLAT_COLUMNS}})
    schema = {"__row": pl.Int64, **{c: pl.Utf8 for c in FLAT_COLUMNS}}
    typed = FlatReader(book).typed(pl.DataFrame(rows, schema=schema, orient="row"))
    engine = VectorisedEngine(book)
    fast = typed.filter(pl.col("fast") & engine.supported(on)).drop("fast")
    outcomes = engine.evaluate(fast, on=on).json()
    return {row: json.loads(text) for row, text in outcomes.iter_rows()}
