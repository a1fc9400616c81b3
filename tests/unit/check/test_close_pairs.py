"""The duplicate check's window search (check/rules.py) against the plain double loop."""

from __future__ import annotations

import datetime as dt
import random

from accessgap.check import rules


def test_close_pairs_matches_every_pair():
    rng = random.Random(7)

    class Rec:
        def __init__(self, event):
            self.model = type("M", (), {"dates": type("D", (), {"event": event})})

    def date(day: int, precision: int) -> str:
        d = dt.date(2020, 1, 1) + dt.timedelta(days=day)
        return [f"{d.year}", f"{d:%Y-%m}", f"{d:%Y-%m-%d}"][precision] + ("~" if rng.random() < 0.1 else "")

    recs = [Rec(date(rng.randrange(900), rng.choice([0, 1, 2, 2, 2]))) for _ in range(150)]
    expected = []
    for i, a in enumerate(recs):
        for b in recs[i + 1:]:
            da, db = rules.date_bounds(a.model.dates.event), rules.date_bounds(b.model.dates.event)
            if max((db[0] - da[1]).days, (da[0] - db[1]).days, 0) <= 30:
                expected.append((a, b))
    assert list(rules._close_pairs(recs, 30)) == expected
