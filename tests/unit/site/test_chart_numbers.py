"""Chart numbers: lag rows, yearly medians and the access matrix, computed from real YAML."""

from __future__ import annotations

from accessgap.site import charts
from tests.helpers.project import entry

from .conftest import build_site


def lagged(entry_id: str, insider: str, outsider: str, state: str = "open") -> str:
    text = entry(entry_id).replace('dates:\n  event: "2024-05-01"\n',
                                   f'dates:\n  event: "{outsider}"\n  insider_access: "{insider}"\n'
                                   f'  outsider_access: "{outsider}"\n')
    if state == "closed":
        text = text.replace("status:\n  state: open  # still open\n", 'status:\n  state: closed\n  date: "2024-12-01"\n')
    return text


def test_lag_rows_and_medians_follow_the_dates(tmp_path):
    site = build_site(tmp_path / "p", {
        "MAG-2024-0001": lagged("MAG-2024-0001", "2024-01-01", "2024-01-11"),  # 10 days
        "MAG-2024-0002": lagged("MAG-2024-0002", "2024-01", "2024-03-01"),     # 30 to 60 days (2024 is a leap year)
        "MAG-2024-0003": lagged("MAG-2024-0003", "2024-02-01", "2024-02-21"),  # 20 days
    })
    rows = charts.lag_rows(site)
    assert [(r.view.id, r.min_days, r.max_days) for r in rows] == [
        ("MAG-2024-0001", 10, 10), ("MAG-2024-0002", 30, 60), ("MAG-2024-0003", 20, 20)]  # by insider date
    [year] = charts.year_medians(rows)
    assert (year.year, year.n, year.median_min, year.median_max, year.median_mid) == (2024, 3, 20, 20, 20)


def test_the_access_matrix_counts_open_entries_per_lab_and_gap_type(tmp_path):
    site = build_site(tmp_path / "p", {
        "MAG-2024-0001": lagged("MAG-2024-0001", "2024-01-01", "2024-01-11"),
        "MAG-2024-0002": lagged("MAG-2024-0002", "2024-01-01", "2024-01-11", state="closed"),
    })
    matrix = charts.access_matrix(site)
    cell = matrix.cell("openai", "non_release")
    assert (len(cell.views), cell.open) == (2, 1)
    assert matrix.cell("openai", "safeguards").views == []


def test_fmt_days_prints_halves_and_quarters_without_trailing_zeros():
    assert [charts.fmt_days(x) for x in (42, 42.0, 115.5, 115.25)] == ["42", "42", "115.5", "115.25"]


def test_the_scatter_draws_a_yearly_median_only_from_three_entries(tmp_path):
    site = build_site(tmp_path / "p", {
        "MAG-2024-0001": lagged("MAG-2024-0001", "2024-01-01", "2024-01-11"),
        "MAG-2024-0002": lagged("MAG-2024-0002", "2024-01-01", "2024-01-21"),
        "MAG-2024-0003": lagged("MAG-2024-0003", "2024-01-01", "2024-01-31"),
        "MAG-2025-0001": lagged("MAG-2025-0001", "2025-01-01", "2025-03-01"),
    })
    rows = charts.lag_rows(site)
    chart = charts.scatter_chart(site, rows, charts.year_medians(rows))
    # 2025 has one entry: its point, no median line; 2024's median of 10, 20, 30 days is 20
    assert [(r.year, r.n, r.median_days) for r in chart.strips] == [(2025, 1, None), (2024, 3, 20)]
    assert [len(r.points) for r in chart.strips] == [1, 3] and chart.strips[1].median is not None
    assert [r[0][0] for r in chart.rows] == ["2024", "2025"]  # the table still lists every year with its n
