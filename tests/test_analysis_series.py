"""Dyad series and the alignment index on event tables whose counts are known."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from dyadwatch.analysis import synthetic
from dyadwatch.analysis.alignment import alignment, index_with_band
from dyadwatch.analysis.facts import AnalysisError
from dyadwatch.analysis.series import dyad_series


def _event(i: int, day: str, src: str, tgt: str, etype: str, **extra) -> dict:
    # Unique wording per row, so nothing merges and counts are exactly what is planted.
    return {
        "event_id": f"e{i:04d}",
        "doc_id": f"doc{i:04d}",
        "date": day,
        "source_code": src,
        "target_code": tgt,
        "type": etype,
        "evidence_text": f"Report {i:04d} {i + 5000:04d}.",
        **extra,
    }


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = synthetic.create_store(duckdb.connect())
    rows = [
        _event(1, "2024-01-05", "PRK", "RUS", "CONSULT"),
        _event(2, "2024-01-20", "RUS", "PRK", "AID"),
        _event(3, "2024-01-21", "PRK", "USA", "THREATEN"),
        _event(4, "2024-01-22", "PRK", "CHN", "AGREE"),
        # February: silence between PRK and RUS.
        _event(5, "2024-02-10", "RUS", "UKR", "ASSAULT"),
        _event(6, "2024-03-03", "RUS", "PRK", "ACCUSE"),
        _event(7, "2024-03-09", "PRK", "RUS", "SUPPORT"),
        _event(8, "2024-03-01", "PRK", "RUS", "COOPERATE", date_precision="month"),
        _event(9, "2024-03-15", "PRK", "RUS", "AGREE", negated=True),
        _event(10, "2024-03-16", "PRK", "RUS", "AID", hypothetical=True),
        _event(11, "2024-03-17", "RUS", "RUS", "CONSULT"),
        _event(12, "2024-03-18", "RUS", "UKR", "ASSAULT"),
        _event(13, "2024-03-19", "RUS", "UKR", "ASSAULT"),
    ]
    synthetic.insert_events(con, rows)
    return con


def _by_period(table) -> dict:
    return {r["period"]: r for r in table.to_pylist()}


def test_monthly_counts_with_zero_rows_and_shares(con):
    t = dyad_series(con, "PRK", "RUS", by="month", since=dt.date(2023, 12, 1))
    rows = _by_period(t)
    assert list(rows) == [dt.date(2023, 12, 1), dt.date(2024, 1, 1), dt.date(2024, 2, 1),
                          dt.date(2024, 3, 1)]  # fmt: skip
    assert rows[dt.date(2023, 12, 1)]["n_events"] == 0
    jan, feb, mar = (rows[dt.date(2024, m, 1)] for m in (1, 2, 3))
    assert (jan["n_events"], jan["coop"], jan["hostile"]) == (2, 2, 0)
    assert (jan["verbal_coop"], jan["material_coop"]) == (1, 1)
    assert (jan["type_consult"], jan["type_aid"]) == (1, 1)
    assert feb["n_events"] == 0 and feb["share_a"] is None
    # March: accuse + support + the month-dated cooperation; negated, hypothetical and
    # self-directed events are not facts.
    assert (mar["n_events"], mar["coop"], mar["hostile"]) == (3, 2, 1)
    assert mar["intensity_sum"] == pytest.approx(-2.0 + 3.5 + 6.0)
    assert mar["intensity_mean"] == pytest.approx(7.5 / 3)
    # PRK had 4 events in January (2 with RUS); RUS had 2 (both with PRK).
    assert (jan["a_events"], jan["b_events"]) == (4, 2)
    assert jan["share_a"] == pytest.approx(0.5) and jan["share_b"] == pytest.approx(1.0)
    # RUS's strikes on Ukraine dilute its share in March, not PRK's.
    assert (mar["a_events"], mar["b_events"]) == (3, 5)
    assert mar["share_b"] == pytest.approx(3 / 5)


def test_directed_series_counts_one_direction(con):
    t = _by_period(dyad_series(con, "PRK", "RUS", by="quarter", directed=True))
    q1 = t[dt.date(2024, 1, 1)]
    assert q1["n_events"] == 3  # CONSULT, SUPPORT, COOPERATE from PRK to RUS
    assert q1["a_events"] == 5  # every event with PRK as source
    assert q1["b_events"] == 3  # every event with RUS as target


def test_coarse_dates_stay_out_of_finer_periods(con):
    weeks = dyad_series(con, "PRK", "RUS", by="week")
    assert sum(weeks.column("n_events").to_pylist()) == 4  # the month-dated one is left out
    starts = weeks.column("period").to_pylist()
    assert all(d.weekday() == 0 for d in starts)
    assert all((b - a).days == 7 for a, b in zip(starts, starts[1:], strict=False))
    months = dyad_series(con, "PRK", "RUS", by="month")
    assert sum(months.column("n_events").to_pylist()) == 5


def test_series_errors_are_one_line(con):
    with pytest.raises(AnalysisError, match="period must be one of"):
        dyad_series(con, "PRK", "RUS", by="day")
    with pytest.raises(AnalysisError, match="before"):
        dyad_series(con, "PRK", "RUS", since=dt.date(2024, 5, 1), until=dt.date(2024, 1, 1))
    assert dyad_series(con, "PRK", "UKR").num_rows == 0


def test_index_formula_and_range():
    index, lower, upper = index_with_band([3, 0, 0, 50], [1, 0, 4, 50])
    assert index[0] == pytest.approx((3 - 1) / (3 + 1 + 2))
    assert index[1] == 0.0  # silence is neutral
    assert index[2] == pytest.approx(-4 / 6)
    assert index[3] == pytest.approx(0.0)
    assert all(-1 <= lo <= ix <= hi <= 1 for ix, lo, hi in zip(index, lower, upper, strict=True))


def test_thin_evidence_gets_a_wide_band_and_is_shrunk():
    con = synthetic.create_store(duckdb.connect())
    rows = [_event(1, "2024-04-02", "PRK", "RUS", "CONSULT"),
            _event(2, "2024-04-20", "PRK", "RUS", "AGREE")]  # fmt: skip
    rows += [_event(100 + i, f"2024-04-{1 + i % 28:02d}", "PRK", "CHN", "CONSULT")
             for i in range(200)]  # fmt: skip
    synthetic.insert_events(con, rows)
    thin = alignment(con, "PRK", "RUS").to_pylist()[0]
    thick = alignment(con, "PRK", "CHN").to_pylist()[0]
    assert thin["index"] == pytest.approx(0.5)  # two friendly events: 2 / 4, not 1
    assert thin["upper"] - thin["lower"] > 0.9
    assert thick["index"] > 0.98
    assert thick["upper"] - thick["lower"] < 0.05
    assert thick["lower"] > thin["lower"]


def test_intensity_weighting_lets_grave_events_weigh_more():
    con = synthetic.create_store(duckdb.connect())
    rows = [_event(1, "2024-04-02", "RUS", "UKR", "CONSULT"),  # mild cooperation (1.0)
            _event(2, "2024-04-03", "RUS", "UKR", "ASSAULT")]  # grave conflict (-10)
    synthetic.insert_events(con, rows)  # fmt: skip
    by_count = alignment(con, "RUS", "UKR").to_pylist()[0]
    by_weight = alignment(con, "RUS", "UKR", weight="intensity").to_pylist()[0]
    assert by_count["index"] == pytest.approx(0.0)
    # Same two events, but the assault now carries ten times the consultation's weight.
    assert by_weight["hostile"] == pytest.approx(10 * by_weight["coop"])
    assert by_weight["coop"] + by_weight["hostile"] == pytest.approx(2.0)
    assert by_weight["index"] == pytest.approx((2 / 11 - 20 / 11) / 4)


def test_repeated_queries_leave_no_temporary_tables_behind(con):
    # An API server keeps one connection for many requests: nothing may pile up.
    for unit in ("events", "reports", "events"):
        dyad_series(con, "PRK", "RUS", unit=unit)
        alignment(con, "PRK", "CHN", unit=unit)
    leftovers = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary UNION ALL "
        "SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal"
    ).fetchall()
    assert leftovers == [(0,), (0,)]
