"""Calendar arithmetic on date columns, with exactly the semantics of `triage.date_arithmetic`
(dateutil's relativedelta: adding months clips to the month's last day).

Everything is looked up in tables made once per process for every day of `CALENDAR_FIRST`
to `CALENDAR_LAST` (year, month, day, ISO text) and every month (its first day, its
length): a gather per value is many times cheaper than polars' calendar functions. The
tables only hold those years, so the engine takes decisions whose dates lie well inside
them (`VectorisedEngine.supported`); other decisions go the reference path.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import polars as pl

CALENDAR_FIRST = dt.date(1600, 1, 1)
CALENDAR_LAST = dt.date(2599, 12, 31)
_EPOCH = dt.date(1970, 1, 1)
_FIRST_DAY = (CALENDAR_FIRST - _EPOCH).days  # day number (days since 1970-01-01) of the first entry
_FIRST_MONTH = CALENDAR_FIRST.year * 12  # month number (year * 12 + month - 1) of the first entry


@cache
def _day_tables() -> dict[str, pl.Series]:
    days = pl.date_range(CALENDAR_FIRST, CALENDAR_LAST, eager=True)
    text = days.dt.to_string("%Y-%m-%d")
    return {
        "day": days.dt.day().cast(pl.Int32),
        "month_number": (days.dt.year().cast(pl.Int32) * 12 + days.dt.month().cast(pl.Int32) - 1),
        "text": text,
        "json": '"' + text + '"',
        "year_month": text.str.head(7),
    }


@cache
def _month_tables() -> dict[str, pl.Series]:
    firsts = pl.date_range(CALENDAR_FIRST, CALENDAR_LAST, interval="1mo", eager=True)
    return {
        "first_day": firsts.cast(pl.Int32),
        "length": firsts.dt.month_end().dt.day().cast(pl.Int32),
    }


def day_number(day: pl.Expr) -> pl.Expr:
    """Days since 1970-01-01 (polars' own representation of a date)."""
    return day.cast(pl.Int32)


def _per_day(table: str, day: pl.Expr) -> pl.Expr:
    values = _day_tables()[table]
    if day.meta.is_literal(allow_aliasing=True):  # a constant: look it up now (a gather would not broadcast)
        number = pl.select(day_number(day)).item()
        return pl.lit(None if number is None else values[number - _FIRST_DAY], dtype=values.dtype)
    return pl.lit(values).gather(day_number(day) - _FIRST_DAY)


def _per_month(table: str, month_number: pl.Expr) -> pl.Expr:
    return pl.lit(_month_tables()[table]).gather(month_number - _FIRST_MONTH)


def day_of_month(day: pl.Expr) -> pl.Expr:
    """1..31."""
    return _per_day("day", day)


def month_number(day: pl.Expr) -> pl.Expr:
    """year * 12 + month - 1: months count on by one from any month to the next."""
    return _per_day("month_number", day)


def iso_text(day: pl.Expr) -> pl.Expr:
    """`YYYY-MM-DD` (null stays null)."""
    return _per_day("text", day)


def iso_json(day: pl.Expr) -> pl.Expr:
    """The date as JSON text: `"YYYY-MM-DD"`, or null for a null date (see `json_value`)."""
    return _per_day("json", day)


def year_month(day: pl.Expr) -> pl.Expr:
    """`YYYY-MM`."""
    return _per_day("year_month", day)


def _date_in_month(month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The `day`-th of month number `month`, clipped to the month's last day."""
    clipped = pl.min_horizontal(day, _per_month("length", month))
    return (_per_month("first_day", month) + clipped - 1).cast(pl.Date)


def add_months(day: pl.Expr, months: pl.Expr | int) -> pl.Expr:
    """`day + months` calendar months, clipping to the last day of the target month."""
    months = pl.lit(months, pl.Int32) if isinstance(months, int) else months.cast(pl.Int32)
    return _date_in_month(month_number(day) + months, day_of_month(day))


def shift_date(day: pl.Expr, months: pl.Expr | int = 0, days: pl.Expr | int = 0) -> pl.Expr:
    """`day + months months + days days`, months first."""
    shifted = add_months(day, months) if not (isinstance(months, int) and months == 0) else day
    if isinstance(days, int):
        return shifted + pl.duration(days=days) if days else shifted
    return shifted + pl.duration(days=days)


def months_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """relativedelta(end, start) in whole months, for end >= start.

    `start + raw months` is (end's month, start's day clipped to that month), so it lies
    after `end` exactly when that clipped day is after end's day."""
    end_month = month_number(end)
    raw = end_month - month_number(start)
    clipped = pl.min_horizontal(day_of_month(start), _per_month("length", end_month))
    return (raw - (clipped > day_of_month(end)).cast(pl.Int32)).cast(pl.Int64)


def supported(day: pl.Expr, margin_days: int) -> pl.Expr:
    """The date (or null) lies at least `margin_days` inside the tables, so that every
    date computed from it stays in them."""
    first = CALENDAR_FIRST + dt.timedelta(days=margin_days)
    last = CALENDAR_LAST - dt.timedelta(days=margin_days)
    return day.is_null() | day.is_between(pl.lit(first), pl.lit(last))
