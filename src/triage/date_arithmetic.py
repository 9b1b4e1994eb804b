"""Date arithmetic of the rules on Python dates: the one definition the durable_rules
compiler, the plain matcher, the derived facts and the explanation use. Its polars twin, for
the fast path, is `triage.engine.vectorised.dates` (same results, checked by the differential
tests and `tests/test_facts.py`).

Months are calendar months (dateutil's relativedelta): adding them clips to the month's last
day, 31 January + 1 month = 28/29 February.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta

from triage.rulebook.conditions import DateExpr


class DateOutOfRange(ValueError):
    """Date arithmetic of the rules that passes 9999-12-31 or the year 1: the decision's
    date `field` (when known) cannot be used."""

    def __init__(self, field: str | None = None):
        self.field = field
        super().__init__(field or "datum")


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar month arithmetic, clipping to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    try:
        return day + relativedelta(months=months)
    except (ValueError, OverflowError):
        raise DateOutOfRange() from None


def shift_date(day: dt.date, months: int = 0, days: int = 0) -> dt.date:
    """`day + months months + days days`, months first (as the spec's term rule reads)."""
    try:
        return add_months(day, months) + dt.timedelta(days=days)
    except OverflowError:
        raise DateOutOfRange() from None


def shift_date_of(field: str, day: dt.date, months: int = 0, days: int = 0) -> dt.date:
    """`shift_date` of the decision's date `field` (a fact name): DateOutOfRange names it."""
    try:
        return shift_date(day, months, days)
    except DateOutOfRange:
        raise DateOutOfRange(field) from None


def whole_years(birth: dt.date, on: dt.date) -> int:
    """Age in whole years on a given day."""
    return relativedelta(on, birth).years


def term_in_months(start: dt.date, end: dt.date) -> int:
    """Smallest N such that `end <= start + N months - 1 day` ("at most N months")."""
    if end == dt.date.max:  # the day after cannot be written as a date; N is 1 past the last whole month
        delta = relativedelta(end, start)
        return delta.years * 12 + delta.months + 1
    delta = relativedelta(end + dt.timedelta(days=1), start)
    months = delta.years * 12 + delta.months
    return months if shift_date(start, months, -1) >= end else months + 1


def date_value(expr: DateExpr, facts: dict[str, Any], params: dict[str, Any]) -> dt.date | None:
    """A rule's date expression for one decision: None when its base date or a parameter
    of its amounts has no value. DateOutOfRange names the base fact when it cannot be written."""
    base = facts.get(expr.base)
    amounts = expr.resolve(params)
    if base is None or amounts is None:
        return None
    return shift_date_of(expr.base, base, *amounts)
