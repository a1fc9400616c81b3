"""Human dates at their own precision, shared by entries and timelines (one formatter, one month list)."""

from __future__ import annotations

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def format_date(value: str | None) -> str:
    """'August 2022', '14 March 2023', 'c. 2022' (approximate, `~`), '2024 (uncertain)' (`?`)."""
    if not value:
        return ""
    mark = value[-1] if value.endswith(("~", "?")) else ""
    parts = value.rstrip("~?").split("-")
    if len(parts) == 1:
        text = parts[0]
    elif len(parts) == 2:
        text = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    else:
        text = f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return {"~": f"c. {text}", "?": f"{text} (uncertain)"}.get(mark, text)


def format_stage_date(value: str | None) -> str:
    """'August 2022', 'between October and December 2024', 'by May 2024', 'after May 2025'."""
    if not value:
        return ""
    if "/" not in value:
        return format_date(value)
    start, end = value.split("/")
    if start == "..":
        return f"by {format_date(end)}"
    if end == "..":
        return f"after {format_date(start)}"
    return f"between {format_date(start)} and {format_date(end)}"
