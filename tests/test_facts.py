"""Date arithmetic of the spec: terms, ages and month shifts."""

from __future__ import annotations

import datetime as dt

import pytest

from triage.date_arithmetic import add_months, shift_date, term_in_months, whole_years

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2027-03-01", "2027-11-30", 9),  # the spec's example: exactly 9 months
        ("2027-03-01", "2027-12-01", 10),  # one day more
        ("2027-03-01", "2028-02-29", 12),
        ("2027-01-31", "2027-02-27", 1),
        ("2027-03-01", "2027-03-01", 1),
    ],
)
def test_term_in_months_is_the_smallest_n_with_end_within_n_months(start, end, months):
    assert term_in_months(D(start), D(end)) == months
    assert D(end) <= shift_date(D(start), months, -1)
    assert D(end) > shift_date(D(start), months - 1, -1)


def test_month_arithmetic_clips_to_the_last_day():
    assert add_months(D("2027-01-31"), 1) == D("2027-02-28")
    assert add_months(D("2027-11-30"), 3) == D("2028-02-29")


def test_age_in_whole_years_on_a_day():
    assert whole_years(D("2009-03-01"), D("2027-02-28")) == 17
    assert whole_years(D("2009-03-01"), D("2027-03-01")) == 18


def test_a_term_to_the_last_representable_day_is_counted_without_overflow():
    # the day after 9999-12-31 cannot be made; N is one past the whole months
    assert term_in_months(D("2027-01-01"), dt.date.max) == (9999 - 2027) * 12 + 12
    assert term_in_months(D("2027-01-31"), dt.date.max) == (9999 - 2027) * 12 + 12
    assert shift_date(D("2027-01-01"), (9999 - 2027) * 12 + 11, -1) < dt.date.max
