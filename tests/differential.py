"""Run decisions through the vectorised fast path, for comparison with `Engine.check`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import polars as pl

from triage.audit.flat_frame import FlatReader
from triage.audit.flat_rows import NotFlat, flatten
from triage.audit.records import FLAT_COLUMNS
from triage.engine.vectorised import VectorisedEngine
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


def _decision(service: str, municipality: str, start: str, **changes) -> dict[str, Any]:
    from triage.scenario import default_decision, set_path

    decision = default_decision(service, municipality, dt.date.fromisoformat(start), None)
    for path, value in changes.items():
        set_path(decision, path.replace("__", "."), value)
    return decision


# Decisions the generator does not make (its random stream is fixed: examples/audit is made
# from it), for the differential and suggestion tests: jeugdreclassering from 23 (XR-WK-05),
# with and without its ground, and under 23.
BEYOND_THE_GENERATOR = [
    _decision("jeugdreclassering", "Gouda", "2027-03-01", client__birth_date="2003-01-01"),
    _decision(
        "jeugdreclassering",
        "Zeist",
        "2027-03-01",
        client__birth_date="2002-06-01",
        exceptions=[{"principle": "wettelijk-kader", "ground": "jeugdstrafrecht", "motivation": "PIJ"}],
    ),
    _decision("jeugdreclassering", "Hoorn", "2027-03-01", client__birth_date="2008-01-01"),
    _decision("beschermd_wonen", "Gouda", "2027-03-01", client__residence_municipality="Amsterdam"),
    _decision("huishoudelijke_hulp", "Weesp", "2022-03-23"),
]
# Invalid input the fast path must leave to the reference path, which names it: a date
# before any rule (2015-01-01), municipalities and residences after their merger.
INVALID_ON_THEIR_DATE = [
    _decision("begeleiding_wmo", "Zeist", "2014-06-01"),
    _decision("begeleiding_wmo", "0393", "2019-06-01"),
    _decision("begeleiding_wmo", "Hilversum", "2023-06-01", client__residence_municipality="Weesp"),
]
