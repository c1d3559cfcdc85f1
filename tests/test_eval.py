"""The evaluation harness: reading gold files and scoring, with a fake coder."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dyadwatch.events.evaluate import (
    GoldActor,
    evaluate,
    parse_actor_code,
    read_gold,
    report_json,
    write_misses,
)
from dyadwatch.model import ActorRef, Event, Evidence


def ev(src: str, tgt: str, ptype: str, cameo: str, *, mode=None, negated=False,
       hypothetical=False) -> Event:
    return Event(
        event_id="x", doc_id="d", sentence_index=0, date=None, date_precision=None,
        date_source="none", source=ActorRef(code=src), target=ActorRef(code=tgt), type=ptype,
        mode=mode, context=None, cameo=cameo, quad_class=1, intensity=0.0, negated=negated,
        hypothetical=hypothetical, confidence=0.9, evidence=Evidence(text="", start=0, end=0),
    )


def write(tmp_path, rows) -> object:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n",
                    "utf-8")
    return path


def fake(table):
    return lambda text, date: table.get(text, [])


def test_actor_codes_split_into_country_and_sector():
    assert parse_actor_code("USAGOV") == GoldActor("USA", "GOV")
    assert parse_actor_code("prk") == GoldActor("PRK")
    assert parse_actor_code("NATO") == GoldActor("NATO")
    assert parse_actor_code("IGOUNO") == GoldActor("UNO")


def test_bad_lines_are_reported_and_good_ones_kept(tmp_path):
    path = write(tmp_path, [
        {"id": "1", "text": "A.", "date": "2024-01-02", "expected": []},
        "{broken",
        {"id": "3", "text": "C.", "expected": "none"},
        {"id": "4", "text": "D.", "date": "yesterday", "expected": []},
        {"id": "5", "text": "E.", "expected": [{"source": 7, "target": "RUS", "code": "042"}]},
    ])
    records, errors = read_gold(path)
    assert [r.id for r in records] == ["1"]
    assert [e.line for e in errors] == [2, 3, 4, 5]
    assert "expected" in errors[1].message and "date" in errors[2].message
    assert "expected[0].source" in errors[3].message
    assert str(errors[0]).startswith(str(path) + ":2:")


def test_scores_types_triples_and_false_events(tmp_path):
    path = write(tmp_path, [
        {"id": "hit", "text": "t1",
         "expected": [{"source": "RUS", "target": "PRK", "code": "042"}]},
        {"id": "wrong-actor", "text": "t2",
         "expected": [{"source": "CHN", "target": "JPN", "code": "ACCUSE"}]},
        {"id": "wrong-type", "text": "t3",
         "expected": [{"source": "USAGOV", "target": "IRN", "code": "163"}]},
        {"id": "quiet", "text": "t4", "expected": []},
        {"id": "noisy", "text": "t5", "expected": []},
    ])
    records, _ = read_gold(path)
    coded = {
        "t1": [ev("RUS", "PRK", "CONSULT", "042", mode="visit"),
               ev("RUS", "PRK", "CONSULT", "042", mode="visit")],  # duplicate counts once
        "t2": [ev("CHN", "KOR", "ACCUSE", "111")],
        "t3": [ev("USA", "IRN", "THREATEN", "130")],
        "t4": [ev("RUS", "CHN", "AID", "072", negated=True)],  # flagged: not a false event
        "t5": [ev("RUS", "CHN", "AID", "072")],
    }
    report = evaluate(records, fake(coded), gold_file="g")
    by = {s.label: s for s in report.per_type}
    assert (by["CONSULT"].tp, by["CONSULT"].fp, by["CONSULT"].fn) == (1, 0, 0)
    assert (by["ACCUSE"].tp, by["ACCUSE"].fp) == (1, 0)  # type right, actors wrong
    assert (by["SANCTION"].fn, by["THREATEN"].fp, by["AID"].fp) == (1, 1, 1)
    assert report.micro["precision"] == pytest.approx(2 / 4, abs=1e-4)
    assert report.micro["recall"] == pytest.approx(2 / 3, abs=1e-4)
    # triples: only t1 matches; t2, t3 wrong; t5 is a false triple
    assert (report.triples["tp"], report.triples["fn"], report.triples["fp"]) == (1, 2, 3)
    assert report.false_event_rate == pytest.approx(0.5)
    assert report.flagged_events == 1
    assert report.confusion["SANCTION"] == {"THREATEN": 1}
    assert report.confusion["NONE"] == {"NONE": 1, "AID": 1}
    assert {m.id for m in report.misses} == {"wrong-actor", "wrong-type", "noisy"}
    miss = next(m for m in report.misses if m.id == "wrong-type")
    assert any("THREATEN 130 USA -> IRN" in c for c in miss.coded)


def test_symmetric_events_match_either_direction_but_visits_do_not(tmp_path):
    path = write(tmp_path, [
        {"id": "sign", "text": "s",
         "expected": [{"source": "PRK", "target": "RUS", "code": "057"}]},
        {"id": "visit", "text": "v",
         "expected": [{"source": "PRK", "target": "RUS", "code": "042"}]},
    ])
    records, _ = read_gold(path)
    coded = {"s": [ev("RUS", "PRK", "AGREE", "057")],
             "v": [ev("RUS", "PRK", "CONSULT", "042", mode="visit")]}
    report = evaluate(records, fake(coded))
    assert (report.triples["tp"], report.triples["fn"]) == (1, 1)


def test_cameo_ontology_scores_roots(tmp_path):
    path = write(tmp_path, [
        {"id": "1", "text": "a", "expected": [{"source": "RUS", "target": "UKR", "code": "193"}]},
    ])
    records, _ = read_gold(path, "cameo")
    report = evaluate(records, fake({"a": [ev("RUS", "UKR", "ASSAULT", "190")]}), onto="cameo")
    assert [s.label for s in report.per_type] == ["19"] and report.micro["f1"] == 1.0


def test_json_report_and_misses_file(tmp_path):
    path = write(tmp_path, [{"id": "1", "text": "a", "expected": []}])
    records, _ = read_gold(path)
    report = evaluate(records, fake({"a": [ev("RUS", "UKR", "ASSAULT", "190")]}),
                      coder_version="rules X", dictionary_version="dict Y")
    data = json.loads(report_json(report))
    assert data["coder_version"] == "rules X" and data["dictionary_version"] == "dict Y"
    assert data["false_event_rate"] == 1.0
    out = tmp_path / "misses.jsonl"
    write_misses(report, out)
    line = json.loads(out.read_text("utf-8").splitlines()[0])
    assert line["text"] == "a" and line["extra"]


def test_cli_reports_missing_file_in_one_line(tmp_path):
    from dyadwatch.cli import app

    result = CliRunner().invoke(app, ["eval", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "no such file" in result.output and "Traceback" not in result.output
