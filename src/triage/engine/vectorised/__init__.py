"""The fast path: the same rule book compiled to vectorised polars expressions.

durable_rules (`triage.engine.engine.Engine`) stays the reference; this package must give
identical outcomes for every decision it accepts, which the differential tests prove
(`tests/test_audit.py::test_fast_path_equals_durable_rules`,
`tests/test_features.py::test_fast_path_agrees_on_every_scenario_decision`).

Its public interface is what this module names; other packages (the audit, `triage
impact`) use only these, never its modules. They are imported on first use, so that a
process that only needs `collect` does not build the calendar tables.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name -> the module of this package that defines it
_PUBLIC = {
    "VectorisedEngine": "engine",
    "Evaluation": "engine",
    "DECISION_COLUMNS": "engine",
    "EXCEPTION_TYPE": "engine",
    "collect": "plans",
    "collect_all": "plans",
    "json_value": "json_text",
    "year_month": "dates",
}

if TYPE_CHECKING:
    from triage.engine.vectorised.dates import year_month
    from triage.engine.vectorised.engine import DECISION_COLUMNS, EXCEPTION_TYPE, Evaluation, VectorisedEngine
    from triage.engine.vectorised.json_text import json_value
    from triage.engine.vectorised.plans import collect, collect_all


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DECISION_COLUMNS",
    "EXCEPTION_TYPE",
    "Evaluation",
    "VectorisedEngine",
    "collect",
    "collect_all",
    "json_value",
    "year_month",
]
