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

from triage.lazy_names import lazy_names

# module -> the public names it defines
_PUBLIC = {
    "triage.engine.vectorised.engine": (
        "VectorisedEngine",
        "Evaluation",
        "DECISION_COLUMNS",
        "EXCEPTION_TYPE",
    ),
    "triage.engine.vectorised.plans": ("collect", "collect_all"),
    "triage.engine.vectorised.conditions": ("condition_expression",),
    "triage.engine.vectorised.json_text": ("json_value",),
    "triage.engine.vectorised.dates": ("year_month",),
}

__getattr__, __dir__ = lazy_names(__name__, _PUBLIC, globals())
