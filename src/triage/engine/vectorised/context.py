"""What depends only on (municipality, date of the rules, service): parameter values,
the segment, the region's name. Computed once per distinct combination in Python, with
the rule book's own functions, and joined onto the decisions.

Parameter values and rules change only on a few dates, so decision dates are first mapped
to the *epoch* between two such dates: that keeps the number of combinations tiny.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from triage.engine.vectorised.conditions import param_column
from triage.rulebook.loader import Rulebook


def change_dates(book: Rulebook) -> list[dt.date]:
    """Every date on which a parameter value or a rule starts or stops being in force."""
    dates: set[dt.date] = set()
    for data in book.regions.values():
        for parameter in data.parameters.values():
            for value in parameter.values:
                dates.add(value.valid_from)
                if value.valid_to:
                    dates.add(value.valid_to + dt.timedelta(days=1))
    for rule in book.rules:
        if rule.valid_from:
            dates.add(rule.valid_from)
        if rule.valid_to:
            dates.add(rule.valid_to + dt.timedelta(days=1))
    return sorted(dates)


class ContextTable:
    """Builds and caches the per-combination values; `join` adds them to a frame."""

    def __init__(self, book: Rulebook):
        self.book = book
        self.breaks = pl.Series("breaks", change_dates(book), dtype=pl.Date)
        self._cache: dict[tuple[str, int, str], dict[str, Any]] = {}
        self.param_kinds = self._param_kinds()

    def _param_kinds(self) -> dict[str, pl.DataType]:
        kinds: dict[str, pl.DataType] = {}
        for data in self.book.regions.values():
            for name, parameter in data.parameters.items():
                values = [v.value for v in parameter.values]
                if parameter.kind == "list":
                    kinds[name] = pl.List(pl.Utf8)
                elif parameter.kind == "text":
                    kinds[name] = pl.Utf8
                elif all(isinstance(v, int) for v in values):
                    kinds[name] = pl.Int64
                else:
                    kinds[name] = pl.Float64
        return kinds

    def epoch(self, rules_on: pl.Expr) -> pl.Expr:
        """The index of the period between change dates that `rules_on` falls in."""
        return pl.lit(self.breaks).search_sorted(rules_on, side="right").cast(pl.Int32)

    def _row(self, region: str, municipality: str, on: dt.date, service: str) -> dict[str, Any]:
        params = self.book.parameters(region, municipality, on)
        segment = self.book.segment(region, service, params)
        row: dict[str, Any] = {
            "region_name": self.book.regions[region].name,
            "segment": segment.id if segment else None,
            "segment_laws": [law.value for law in segment.laws] if segment else None,
            "segment_name": segment.name if segment else None,
            "segment_note": segment.note if segment else None,
        }
        for name in self.param_kinds:
            value = params.get(name)
            row[param_column(name)] = [str(v) for v in value] if isinstance(value, list) else value
        return row

    def join(self, frame: pl.DataFrame) -> pl.DataFrame:
        """`frame` (with region, municipality, decision_date, service, __epoch) plus context columns."""
        keys = frame.group_by("region", "municipality", "__epoch", "service").agg(
            pl.col("decision_date").first()
        )
        rows = []
        for region, municipality, epoch, service, on in keys.iter_rows():
            cache_key = (municipality, epoch, service)
            if cache_key not in self._cache:
                self._cache[cache_key] = self._row(region, municipality, on, service)
            rows.append(
                {"municipality": municipality, "__epoch": epoch, "service": service, **self._cache[cache_key]}
            )
        schema: dict[str, pl.DataType] = {
            "municipality": pl.Utf8,
            "__epoch": pl.Int32,
            "service": pl.Utf8,
            "region_name": pl.Utf8,
            "segment": pl.Utf8,
            "segment_laws": pl.List(pl.Utf8),
            "segment_name": pl.Utf8,
            "segment_note": pl.Utf8,
            **{param_column(name): kind for name, kind in self.param_kinds.items()},
        }
        table = pl.DataFrame(rows, schema=schema, orient="row")
        return frame.join(table, on=["municipality", "__epoch", "service"], how="left", maintain_order="left")
