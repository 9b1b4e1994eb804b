"""The fast path: the same rule book compiled to vectorised polars expressions.

durable_rules (`triage.engine.engine.Engine`) stays the reference; this package must give
identical outcomes for every decision it accepts, which `tests/test_differential.py` proves.
"""
