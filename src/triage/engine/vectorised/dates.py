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


def _days_in_month(year: pl.Expr, month: pl.Expr) -> pl.Expr:
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    return (
        pl.when(month == 2)
        .then(28 + leap.cast(pl.Int64))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )


def months_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """relativedelta(end, start) in whole months, for end >= start.

    `start + raw months` is (end's year and month, start's day clipped to that month), so
    it lies after `end` exactly when that clipped day is after end's day."""
    raw = (end.dt.year().cast(pl.Int64) - start.dt.year().cast(pl.Int64)) * 12 + (
        end.dt.month().cast(pl.Int64) - start.dt.month().cast(pl.Int64)
    )
    clipped = pl.min_horizontal(
        start.dt.day().cast(pl.Int64),
        _days_in_month(end.dt.year().cast(pl.Int64), end.dt.month().cast(pl.Int64)),
    )
    return raw - (clipped > end.dt.day().cast(pl.Int64)).cast(pl.Int64)


def _day_code(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    return year * 10_000 + month * 100 + day


def with_whole_years(frame: pl.DataFrame, birth: str, on: str, name: str) -> pl.DataFrame:
    """Adds `name`: age in whole years on `on` (for on >= birth)."""
    return frame.with_columns((months_between(pl.col(birth), pl.col(on)) // 12).alias(name))


def with_term_in_months(frame: pl.DataFrame, start: str, end: str, name: str) -> pl.DataFrame:
    """Adds `name`: smallest N with `end <= start + N months - 1 day` (for end >= start).

    With M = relativedelta(end + 1 day, start) in months, `start + M months <= end + 1 day`;
    N is M when that is an equality, else M + 1."""
    after = pl.col(end) + pl.duration(days=1)
    frame = frame.with_columns(months_between(pl.col(start), after).alias(name))
    begin, months = pl.col(start), pl.col(name)
    index = begin.dt.year().cast(pl.Int64) * 12 + begin.dt.month().cast(pl.Int64) - 1 + months
    year, month = index // 12, index % 12 + 1
    day = pl.min_horizontal(begin.dt.day().cast(pl.Int64), _days_in_month(year, month))
    shifted = _day_code(year, month, day)
    limit = _day_code(
        after.dt.year().cast(pl.Int64), after.dt.month().cast(pl.Int64), after.dt.day().cast(pl.Int64)
    )
    return frame.with_columns((months + (shifted < limit).cast(pl.Int64)).alias(name))
