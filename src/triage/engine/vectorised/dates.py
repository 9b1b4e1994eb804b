"""Calendar arithmetic on date columns, with exactly the semantics of `triage.facts`
(dateutil's relativedelta: adding months clips to the month's last day)."""

from __future__ import annotations

import polars as pl


def add_months(day: pl.Expr, months: pl.Expr | int) -> pl.Expr:
    """`day + months` calendar months, clipping to the last day of the target month."""
    months = pl.lit(months) if isinstance(months, int) else months
    index = day.dt.year().cast(pl.Int64) * 12 + day.dt.month().cast(pl.Int64) - 1 + months.cast(pl.Int64)
    year = index // 12
    month = index % 12 + 1
    first = pl.date(year, month, 1)
    last_day = first.dt.month_end().dt.day()
    return pl.date(year, month, pl.min_horizontal(day.dt.day(), last_day))


def shift_date(day: pl.Expr, months: pl.Expr | int = 0, days: int = 0) -> pl.Expr:
    """`day + months months + days days`, months first."""
    shifted = add_months(day, months) if not (isinstance(months, int) and months == 0) else day
    return shifted + pl.duration(days=days) if days else shifted


def _months_between(frame: pl.DataFrame, start: str, end: pl.Expr, name: str) -> pl.DataFrame:
    """Adds `name`: relativedelta(end, start) in whole months, for end >= start.

    Computed in steps (materialised columns): nesting the expressions instead makes
    polars evaluate the same sub-expressions many times."""
    begin = pl.col(start)
    raw = (end.dt.year().cast(pl.Int64) - begin.dt.year().cast(pl.Int64)) * 12 + (
        end.dt.month().cast(pl.Int64) - begin.dt.month().cast(pl.Int64)
    )
    frame = frame.with_columns(raw.alias(name), end.alias(f"{name}__end"))
    months, until = pl.col(name), pl.col(f"{name}__end")
    frame = frame.with_columns(add_months(begin, months).alias(f"{name}__shifted"))
    frame = frame.with_columns(
        pl.when(pl.col(f"{name}__shifted") > until).then(months - 1).otherwise(months).alias(name)
    )
    return frame.drop(f"{name}__end", f"{name}__shifted")


def with_whole_years(frame: pl.DataFrame, birth: str, on: str, name: str) -> pl.DataFrame:
    """Adds `name`: age in whole years on `on` (for on >= birth)."""
    frame = _months_between(frame, birth, pl.col(on), name)
    return frame.with_columns(pl.col(name) // 12)


def with_term_in_months(frame: pl.DataFrame, start: str, end: str, name: str) -> pl.DataFrame:
    """Adds `name`: smallest N with `end <= start + N months - 1 day` (for end >= start)."""
    frame = _months_between(frame, start, pl.col(end) + pl.duration(days=1), name)
    months = pl.col(name)
    last = shift_date(pl.col(start), months, -1)
    return frame.with_columns(pl.when(last >= pl.col(end)).then(months).otherwise(months + 1).alias(name))
