"""Watch conditions on planted events: which alerts fire, when, and with what evidence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dyadwatch.analysis.synthetic import insert_events
from dyadwatch.store import Store
from dyadwatch.watch.conditions import change_alerts, event_alerts, shift_alert, treaty_alerts
from dyadwatch.watch.config import WatchRule
from dyadwatch.watch.state import WatchState

TODAY = dt.date(2025, 1, 1)


@pytest.fixture()
def state(tmp_path: Path):
    with Store(tmp_path / "s.duckdb") as store:
        st = WatchState(store)
        yield st
        st.close()


def plant(state: WatchState, rows: list[dict], watched: bool = True) -> None:
    insert_events(state.con, rows)
    if watched:
        for doc in {r["doc_id"] for r in rows}:
            state.record_url(f"http://127.0.0.1/{doc}", "wire", "coded", doc_id=doc)


def monthly(start: dt.date, months: int, etype: str, per_month: int, tag: str) -> list[dict]:
    rows = []
    for m in range(months):
        y, mo = divmod(start.month - 1 + m, 12)
        for k in range(per_month):
            day = dt.date(start.year + y, mo + 1, 2 + 5 * k)
            rows.append({"date": day, "type": etype, "doc_id": f"{tag}{m:02d}{k}",
                         "evidence_text": f"{etype} report {tag}{m}-{k}"})
    return rows


def test_event_alerts_take_watched_asserted_matching_events_one_per_article(
    state: WatchState,
) -> None:
    plant(state, [
        {"doc_id": "d1", "type": "AID", "mode": "military", "date": "2024-10-18",
         "evidence_text": "troops were sent"},
        {"doc_id": "d1", "type": "AID", "mode": "military", "date": "2024-10-19",
         "source_code": "RUS", "target_code": "PRK", "evidence_text": "arms went back"},
        {"doc_id": "d2", "type": "AID", "mode": "military", "date": "2024-10-20",
         "negated": True},
        {"doc_id": "d3", "type": "AID", "mode": "economic", "date": "2024-10-21"},
        {"doc_id": "d4", "type": "AID", "mode": "military", "date": "2024-10-22",
         "target_code": "CHN"},
    ])
    plant(state, [{"doc_id": "old", "type": "AID", "mode": "military", "date": "2024-01-01"}],
          watched=False)  # ingested some other way: not news to the watcher
    rule = WatchRule(a="PRK", b="RUS", types=frozenset({"AID"}), modes=frozenset({"military"}))
    (alert,) = event_alerts(state.con, rule)
    assert alert.details["doc_id"] == "d1"
    assert [e["sentence"] for e in alert.evidence] == ["troops were sent", "arms went back"]
    assert all(e["event_id"] and e["date"] for e in alert.evidence)
    assert alert.key == event_alerts(state.con, rule)[0].key  # stable: dedup works


def test_index_shift_fires_when_it_appears_and_again_only_after_it_turned(
    state: WatchState,
) -> None:
    rule = WatchRule(a="RUS", b="PRK", index_shift=0.4, window=dt.timedelta(days=90))
    plant(state, monthly(dt.date(2024, 1, 1), 6, "ACCUSE", 3, "h"))
    alert, armed = shift_alert(state.con, rule, TODAY, None)
    assert alert is None and armed is None  # steadily hostile: nothing moved

    plant(state, monthly(dt.date(2024, 7, 1), 3, "COOPERATE", 4, "c"))
    alert, armed = shift_alert(state.con, rule, TODAY, None)
    assert alert is not None and armed == "warmer"
    assert alert.details["index_before"] < 0 < alert.details["index_after"]
    assert alert.details["after"] == ["2024-06-20", "2024-09-17"]  # 90 days, both ends in
    assert alert.evidence and all(e["type"] == "COOPERATE" for e in alert.evidence)

    again, armed = shift_alert(state.con, rule, TODAY, armed)
    assert again is None and armed == "warmer"  # still shifted: no repeat

    plant(state, monthly(dt.date(2024, 10, 1), 3, "THREATEN", 5, "t"))
    turned, armed = shift_alert(state.con, rule, TODAY, armed)
    assert turned is not None and armed == "cooler" and turned.key != alert.key


def test_index_shift_needs_enough_recent_events(state: WatchState) -> None:
    plant(state, [{"doc_id": "one", "type": "COOPERATE", "date": "2024-05-01"}])
    rule = WatchRule(a="PRK", b="RUS", index_shift=0.2, min_events=3)
    assert shift_alert(state.con, rule, TODAY, None) == (None, None)


def test_change_point_alert_in_the_latest_window(state: WatchState) -> None:
    plant(state, monthly(dt.date(2023, 1, 1), 12, "ACCUSE", 3, "h"))
    plant(state, monthly(dt.date(2024, 1, 1), 3, "COOPERATE", 4, "c"))
    rule = WatchRule(a="PRK", b="RUS", change_points=True, window=dt.timedelta(days=120))
    alerts = change_alerts(state.con, rule, TODAY)
    assert [a.details["period"] for a in alerts] == ["2024-01-01"]
    assert alerts[0].details["direction"] == "warmer"
    assert alerts[0].evidence and all(e["date"].startswith("2024-01") for e in alerts[0].evidence)
    # a narrow window that ended before the break hears nothing of it
    narrow = WatchRule(a="PRK", b="RUS", change_points=True, window=dt.timedelta(days=30))
    plant(state, monthly(dt.date(2024, 4, 1), 6, "COOPERATE", 4, "d"))
    assert change_alerts(state.con, narrow, TODAY) == []


PACT = """Pact of Mutual Help (a test text written for dyadwatch)

Article 1
The two sides shall hold regular talks on matters of common interest.

Article 2
If either side comes under armed attack by any state and finds itself in a state of war,
the other side shall at once provide military and other assistance with all means at its
disposal.
"""


def test_treaty_link_alert_for_a_watched_event_acting_on_a_clause(state: WatchState) -> None:
    from dyadwatch.treaties.registry import add_treaty

    rule = WatchRule(a="PRK", b="RUS", treaty_links=True)
    plant(state, [{"doc_id": "d1", "type": "AID", "mode": "military", "date": "2024-10-18",
                   "cameo": "074", "evidence_text": "troops were sent to help"}])
    assert treaty_alerts(state.con, rule) == []  # no treaty stored yet: nothing to act on
    add_treaty(state.con, name="Pact", text=PACT, parties="PRK,RUS", signed="2024-06-19")
    plant(state, [{"doc_id": "old", "type": "AID", "mode": "military", "date": "2024-10-01",
                   "cameo": "074"}], watched=False)
    alerts = treaty_alerts(state.con, rule)
    assert alerts and {a.details["treaty"] for a in alerts} == {"Pact"}
    assert {a.details["article"] for a in alerts} == {2}
    assert all(a.evidence[0]["sentence"] == "troops were sent to help" for a in alerts)
