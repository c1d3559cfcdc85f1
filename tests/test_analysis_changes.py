"""Change points: a planted turn is found where it was planted, and explained."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from dyadwatch.analysis import synthetic
from dyadwatch.analysis.changes import change_points
from dyadwatch.analysis.series import next_period

START = dt.date(2022, 1, 1)


def _month(k: int) -> dt.date:
    day = START
    for _ in range(k):
        day = next_period(day, "month")
    return day


@pytest.fixture(scope="module")
def stores() -> dict[int, duckdb.DuckDBPyConnection]:
    out = {}
    for seed, shift in ((0, 20), (1, 12), (2, 27)):
        con = synthetic.create_store(duckdb.connect())
        synthetic.insert_story(
            con, synthetic.relationship_story(start=START, shift_month=shift, seed=seed)
        )
        out[shift] = con
    return out


@pytest.mark.parametrize("shift", [20, 12, 27])
def test_planted_turn_is_found_within_one_month(stores, shift):
    found = change_points(stores[shift], "PRK", "RUS", by="month")
    planted = _month(shift)
    near = [c for c in found if abs((c.period - planted).days) <= 31]
    assert near, f"no break near {planted}: {[c.period for c in found]}"
    turn = near[0]
    assert turn.direction == "warmer"
    assert turn.index_after > turn.index_before + 0.5
    assert turn.events_per_period_after > turn.events_per_period_before
    # No spurious break in the steady stretches away from the turn.
    assert len(found) == 1


def test_turn_comes_with_events_and_their_sources(stores):
    turn = change_points(stores[20], "PRK", "RUS", by="month", n_events=4)[0]
    assert 1 <= len(turn.events) <= 4
    month_before = dt.date(turn.period.year - (turn.period.month == 1),
                           (turn.period.month - 2) % 12 + 1, 1)  # fmt: skip
    for event in turn.events:
        assert {event.source_code, event.target_code} == {"PRK", "RUS"}
        # Events come from the month before the break to the end of the break month.
        assert month_before <= event.date < next_period(turn.period, "month")
        assert event.evidence_text
        assert event.sources and event.sources[0].url.startswith("https://news.example.org/")
        assert event.sources[0].publisher
    assert turn.to_dict()["events"][0]["sources"][0]["publisher"]


def test_steady_dyads_have_no_break(stores):
    # PRK-USA is hostile at a constant rate throughout: nothing to report.
    assert change_points(stores[20], "PRK", "USA", by="month") == []


def test_flat_series_and_short_series_have_no_break():
    con = synthetic.create_store(duckdb.connect())
    rows = [
        {"event_id": f"f{m:02d}{d}", "doc_id": f"f{m:02d}{d}",
         "date": dt.date(2023, m, 3 + 9 * d), "source_code": "PRK", "target_code": "CHN",
         "type": "CONSULT", "evidence_text": f"meeting {m:02d}{d} held {m * 37 + d:04d}"}
        for m in range(1, 13) for d in range(2)
    ]  # fmt: skip
    synthetic.insert_events(con, rows)
    assert change_points(con, "PRK", "CHN", by="month") == []
    assert change_points(con, "PRK", "CHN", by="year") == []
