"""Merged events: one real event counts once however many outlets report it."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from dyadwatch.analysis import rollup, synthetic
from dyadwatch.analysis.facts import load_facts
from dyadwatch.analysis.merge import merge_into
from dyadwatch.analysis.series import dyad_series

VISIT_DAY = dt.date(2024, 6, 19)

# Twenty ways newsrooms might describe one state visit (written for this test).
VISIT_REPORTS = [
    "Putin arrived in Pyongyang early on Wednesday for a state visit.",
    "The Kremlin leader landed in Pyongyang, opening his first visit in 24 years.",
    "Russia's president began a two-day visit to Pyongyang with a night arrival.",
    "Crowds lined the streets of Pyongyang as Putin's visit got under way.",
    "Putin's visit to Pyongyang opened with a lavish welcome ceremony.",
    "On his Pyongyang visit, the Russian leader was greeted at the airport by Kim.",
    "Moscow's leader touched down in Pyongyang for the long-trailed visit.",
    "State media showed Putin's motorcade driving through Pyongyang during the visit.",
    "The visit to Pyongyang is Putin's first trip there since 2000.",
    "Putin began his Pyongyang visit hours later than planned.",
    "Analysts watched the Pyongyang visit for signs of an arms deal.",
    "The Russian president's visit to Pyongyang drew warnings from Seoul.",
    "Pyongyang staged a mass rally to mark the visit by Russia's leader.",
    "Putin thanked his hosts in Pyongyang at the start of the visit.",
    "Giant portraits of Putin hung in Pyongyang ahead of the visit.",
    "The visit to Pyongyang was Putin's first abroad since Central Asia.",
    "Putin was welcomed in Pyongyang's Kim Il Sung Square during the visit.",
    "A guard of honour met the visiting Russian leader in Pyongyang.",
    "Putin's state visit to Pyongyang ended a 24-year gap in such trips.",
    "Pyongyang rolled out the red carpet for the visit of the Russian president.",
]


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    return synthetic.create_store(duckdb.connect())


def _visit_rows() -> list[dict]:
    rows = []
    for i, text in enumerate(VISIT_REPORTS):
        # Outlets disagree a little on the day and on who visited whom; one only
        # knows the month; all name the visitor and the host in their own words.
        precise = i != 7
        rows.append(
            {
                "event_id": f"visit-event-{i:02d}",
                "doc_id": f"visit-{i:02d}",
                "date": VISIT_DAY + dt.timedelta(days=i % 2) if precise else dt.date(2024, 6, 1),
                "date_precision": "day" if precise else "month",
                "source_code": "RUS" if i % 3 else "PRK",
                "target_code": "PRK" if i % 3 else "RUS",
                "source_text": "Putin",
                "target_text": "Kim",
                "type": "CONSULT",
                "mode": "visit",
                "evidence_text": text,
            }
        )
    return rows


def _merged(con: duckdb.DuckDBPyConnection) -> list[dict]:
    facts = load_facts(con, "events")
    cur = con.execute(f"SELECT * FROM {facts.relation} ORDER BY date, fact_id")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def test_twenty_articles_about_one_visit_count_once(con):
    synthetic.insert_events(con, _visit_rows())
    merged = _merged(con)
    assert len(merged) == 1
    event = merged[0]
    assert event["n_reports"] == 20
    assert event["n_documents"] == 20
    assert sorted(event["doc_ids"]) == sorted(f"visit-{i:02d}" for i in range(20))
    assert event["date"] == VISIT_DAY and event["date_precision"] == "day"
    # Most outlets had Russia as the visitor: the merged event says so.
    assert (event["source_code"], event["target_code"]) == ("RUS", "PRK")

    by_events = dyad_series(con, "PRK", "RUS", unit="events")
    by_reports = dyad_series(con, "PRK", "RUS", unit="reports")
    assert by_events.column("n_events").to_pylist() == [1]
    assert by_events.column("n_reports").to_pylist() == [20]
    assert by_reports.column("n_events").to_pylist() == [20]


def test_distinct_events_on_one_day_stay_apart(con):
    rows = [
        {"doc_id": "a", "date": "2024-03-02", "source_code": "RUS", "target_code": "UKR",
         "source_text": "Russian forces", "type": "ASSAULT",
         "evidence_text": "Russian forces shelled the Kharkiv power station overnight."},
        {"doc_id": "b", "date": "2024-03-02", "source_code": "RUS", "target_code": "UKR",
         "source_text": "Russian drones", "type": "ASSAULT",
         "evidence_text": "Russian drones hit grain silos in the port of Odesa."},
        {"doc_id": "c", "date": "2024-03-03", "source_code": "RUS", "target_code": "UKR",
         "source_text": "Moscow", "type": "ASSAULT",
         "evidence_text": "Moscow's drones struck the Odesa port silos again, officials said."},
        {"doc_id": "d", "date": "2024-03-02", "source_code": "RUS", "target_code": "UKR",
         "source_text": "Russia", "type": "ASSAULT", "negated": True,
         "evidence_text": "Russia denied shelling a hospital in Kharkiv."},
        {"doc_id": "e", "date": "2024-03-02", "source_code": "RUS", "target_code": "UKR",
         "source_text": "Russia", "type": "ASSAULT", "hypothetical": True,
         "evidence_text": "Russia could strike the Kharkiv power station again."},
    ]  # fmt: skip
    synthetic.insert_events(con, rows)
    merged = _merged(con)
    # Kharkiv strike and Odesa strike are two events; the two Odesa reports are one;
    # the denied and the hypothetical strike are no events at all.
    assert sorted(m["n_reports"] for m in merged) == [1, 2]
    odesa = next(m for m in merged if m["n_reports"] == 2)
    assert sorted(odesa["doc_ids"]) == ["b", "c"]


def test_daily_stream_does_not_chain_into_one_event(con):
    # Ten days of shelling, one report a day with identical wording: windows of three
    # days from the first report give four events, not one.
    rows = [
        {"doc_id": f"s{i}", "date": dt.date(2024, 5, 1) + dt.timedelta(days=i),
         "source_code": "RUS", "target_code": "UKR", "type": "ASSAULT",
         "evidence_text": "Artillery pounded the frontline town."}
        for i in range(10)
    ]  # fmt: skip
    synthetic.insert_events(con, rows)
    assert len(_merged(con)) == 4


def test_month_report_joins_the_day_cluster_in_its_month_only(con):
    base = {"source_code": "PRK", "target_code": "RUS", "type": "AGREE",
            "evidence_text": "The two sides signed a treaty on strategic partnership."}  # fmt: skip
    rows = [
        {**base, "doc_id": "d1", "date": "2024-06-19"},
        {**base, "doc_id": "m1", "date": "2024-06-01", "date_precision": "month"},
        {**base, "doc_id": "m2", "date": "2024-07-01", "date_precision": "month"},
    ]
    synthetic.insert_events(con, rows)
    merged = _merged(con)
    assert sorted((m["date"].month, m["n_reports"]) for m in merged) == [(6, 2), (7, 1)]


def test_merged_ids_are_stable_across_runs_and_insert_order():
    rows = _visit_rows() + synthetic.relationship_story(months=6, seed=3)
    ids = []
    for order in (rows, list(reversed(rows))):
        con = synthetic.create_store(duckdb.connect())
        synthetic.insert_events(con, [{k: v for k, v in r.items() if k != "_document"}
                                      for r in order])  # fmt: skip
        first = merge_into(con)
        second = merge_into(con)
        a = con.execute(f"SELECT fact_id FROM {first} ORDER BY fact_id").fetchall()
        b = con.execute(f"SELECT fact_id FROM {second} ORDER BY fact_id").fetchall()
        assert a == b
        ids.append(a)
    assert ids[0] == ids[1]
    assert len(set(ids[0])) == len(ids[0])


def test_stored_rollups_match_on_the_fly_and_go_stale_after_ingest(con):
    synthetic.insert_story(con, synthetic.relationship_story(months=12, seed=1))
    synthetic.insert_events(con, _visit_rows())
    fly = dyad_series(con, "PRK", "RUS", unit="events")
    fly_reports = dyad_series(con, "PRK", "RUS", unit="reports", directed=True)
    rollup.build_rollups(con)
    assert rollup.rollups_current(con)
    stored = dyad_series(con, "PRK", "RUS", unit="events")
    stored_reports = dyad_series(con, "PRK", "RUS", unit="reports", directed=True)
    assert stored.to_pylist() == fly.to_pylist()
    assert stored_reports.to_pylist() == fly_reports.to_pylist()

    synthetic.insert_events(
        con,
        [{"doc_id": "late", "date": "2022-03-05", "source_code": "PRK", "target_code": "RUS",
          "type": "AID", "evidence_text": "A late report of shells sent by train."}],
    )  # fmt: skip
    assert not rollup.rollups_current(con)
    march = dyad_series(con, "PRK", "RUS", since=dt.date(2022, 3, 1), until=dt.date(2022, 3, 31))
    before = next(r for r in fly.to_pylist() if r["period"] == dt.date(2022, 3, 1))
    assert march.column("n_events").to_pylist() == [before["n_events"] + 1]
