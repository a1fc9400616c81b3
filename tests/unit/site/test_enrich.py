"""Computed values: lag ranges from dates at their precision, and their human labels."""

from __future__ import annotations

import pytest

from accessgap.site.enrich import compute_lag, format_date


def test_a_month_precise_insider_date_gives_a_range():
    lag = compute_lag("2022-08", "2023-03-14")  # GPT-4: the EXEMPLAR's 195 to 225 days
    assert (lag.min_days, lag.max_days) == (195, 225)
    assert lag.label == "about 7 months (195–225 days)"


def test_an_exact_lag_is_not_repeated():
    lag = compute_lag("2024-09-03", "2024-09-12")
    assert (lag.min_days, lag.max_days, lag.label) == (9, 9, "9 days")
    assert compute_lag("2023-02-07", "2023-03-14").label == "about 5 weeks (35 days)"


def test_approximate_dates_are_marked():
    assert compute_lag("2024-01~", "2024-03-01").label.startswith("≈ ")


def test_missing_side_means_no_lag():
    assert compute_lag(None, "2024-01-01") is None and compute_lag("2024", None) is None


@pytest.mark.parametrize("value, text", [("2022", "2022"), ("2022-08", "August 2022"),
                                         ("2023-03-14", "14 March 2023"), ("2022-08~", "c. August 2022")])
def test_dates_read_at_their_precision(value, text):
    assert format_date(value) == text
