"""The demo corpus through the whole pipeline, checked the way an analyst would check it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "demo" / "corpus"
runner = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("e2e") / "demo.duckdb"
    result = runner.invoke(app, ["ingest", str(CORPUS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def _events(db: Path, *args: str) -> list[dict]:
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _document_text(db: Path, doc_id: str) -> str:
    with Store(db, read_only=True) as store:
        return store.document(doc_id)["text"]


def test_treaty_signing_is_agree_between_prk_and_rus_in_june_2024(demo_db):
    agree = _events(demo_db, "--dyad", "PRK-RUS", "--type", "AGREE", "--since", "2024-06-01",
                    "--until", "2024-06-30")
    signing = [e for e in agree if "Treaty on Comprehensive Strategic Partnership" in
               e["evidence"]["text"]]
    assert signing, [e["evidence"]["text"] for e in agree]
    event = signing[0]
    assert {event["source"]["code"], event["target"]["code"]} == {"PRK", "RUS"}
    assert event["date"].startswith("2024-06")
    assert event["cameo"].startswith("05") or event["cameo"].startswith("03")
    text = _document_text(demo_db, event["doc_id"])
    ev = event["evidence"]
    assert text[ev["start"]:ev["end"]] == ev["text"]
    assert "signed" in ev["text"]
    trig = event["trigger"]
    assert ev["start"] <= trig["start"] < trig["end"] <= ev["end"]
    assert text[event["source"]["start"]:event["source"]["end"]] == event["source"]["text"]


def test_troops_sent_to_russia_is_military_aid_in_october_2024(demo_db):
    aid = _events(demo_db, "--dyad", "PRK-RUS", "--type", "AID", "--mode", "military")
    october = [e for e in aid if e["date"] and e["date"].startswith("2024-10")]
    assert october, [(e["date"], e["evidence"]["text"]) for e in aid]
    assert all(e["source"]["code"] == "PRK" and e["target"]["code"] == "RUS" for e in october)
    assert all(e["quad_class"] == 2 and e["intensity"] > 0 for e in october)


def test_denied_report_is_not_a_fact(demo_db):
    facts = _events(demo_db, "--dyad", "PRK-RUS")
    assert not [e for e in facts if "denied" in e["evidence"]["text"]]
    with Store(demo_db, read_only=True) as store:
        denied = [u for u in store.uncoded() if "denied" in u["text"]]
    assert denied, "the denial sentences are kept in uncoded with a reason"


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Moscow denied sending artillery shells to North Korea.", "negated"),
        ("Russia did not sign the accord with Japan on Friday.", "negated"),
        ("Kim Jong Un plans to visit Moscow next year.", "hypothetical"),
        ("Russia could send more troops to Belarus.", "hypothetical"),
    ],
)
def test_denied_or_planned_events_are_flagged(text, flag):
    import dyadwatch

    events = dyadwatch.code(text, published="2024-07-01")
    assert events, text
    assert all(getattr(e, flag) for e in events), [(e.type, e.negated, e.hypothetical)
                                                   for e in events]


def test_noise_articles_yield_no_events(demo_db):
    with Store(demo_db, read_only=True) as store:
        noise = [d for d in store.documents() if d["external_id"] and
                 d["external_id"].split("-")[0] in {"coast", "sport", "biz"}]
        assert len(noise) == 3
        for doc in noise:
            assert store.events(doc_id=doc["id"], include_flagged=True) == []


def test_every_stored_event_has_a_dated_traceable_evidence(demo_db):
    events = _events(demo_db, "--include-flagged")
    assert len(events) >= 20
    texts: dict[str, str] = {}
    for e in events:
        text = texts.setdefault(e["doc_id"], _document_text(demo_db, e["doc_id"]))
        assert text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"]
        assert e["date_source"] in {"sentence", "discourse", "publication"}
        assert e["date"] is not None
        dt.date.fromisoformat(e["date"])


def test_ingest_twice_changes_nothing(demo_db, tmp_path):
    with Store(demo_db, read_only=True) as store:
        before = store.counts()
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    result = runner.invoke(app, ["ingest", str(CORPUS), "--db", str(copy)])
    assert result.exit_code == 0, result.output
    with Store(copy, read_only=True) as store:
        assert store.counts() == before


def test_code_jsonl_keeps_record_ids_and_stable_event_ids(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(
        json.dumps({"id": "rec-1", "text": "Russia sent troops to Belarus on Monday.",
                    "date": "2024-03-06"}) + "\n"
        + json.dumps({"id": "rec-2", "text": "The weather was mild.", "date": None}) + "\n",
        encoding="utf-8",
    )
    first = runner.invoke(app, ["code", "--jsonl", str(records)])
    second = runner.invoke(app, ["code", "--jsonl", str(records)])
    assert first.exit_code == 0, first.output
    events = [json.loads(line) for line in first.stdout.splitlines()]
    assert events and {e["doc_id"] for e in events} == {"rec-1"}
    assert events[0]["date"] == "2024-03-04"
    assert first.stdout == second.stdout


def test_bad_inputs_are_reported_and_the_rest_is_stored(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "2024-05-01-good.txt").write_text(
        "Chinese Foreign Minister Wang Yi visited Pyongyang on Tuesday.", encoding="utf-8")
    (inputs / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    (inputs / "feed.jsonl").write_text(
        '{"id": "ok", "text": "Japan protested to China over the drills.", "date": "2024-05-02"}\n'
        '{"id": "broken", "text": \n',
        encoding="utf-8",
    )
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(inputs), "--db", str(db)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "blob.txt" in result.output and "empty.txt" in result.output
    assert "feed.jsonl:2" in result.output
    with Store(db, read_only=True) as store:
        assert store.counts()["documents"] == 2


def test_user_errors_are_one_line(tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "no such store" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["code", "--text", "x", "--published", "June 2024"])
    assert result.exit_code == 2 and "--published" in result.output
