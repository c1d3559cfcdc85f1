"""`dyadwatch treaty …` end to end through the Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.store import Store

DEMO = Path(__file__).parents[1] / "demo" / "treaties"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store.duckdb"
    with Store(path) as store:
        con = store.cursor()
        con.execute(
            """INSERT INTO events (event_id, doc_id, date, source_code, target_code, type, mode,
                                   cameo, evidence_text, negated, hypothetical)
               VALUES ('e1', 'd1', DATE '2024-11-05', 'PRK', 'RUS', 'AID', 'military', '074',
                       'Thousands of North Korean soldiers were deployed to Russia.', false, false),
                      ('e2', 'd2', DATE '2024-05-05', 'PRK', 'RUS', 'AID', 'military', '074',
                       'Shells went from North Korea to Russia.', false, false)"""
        )
        con.close()
    code, out, err = run(
        "treaty",
        "add",
        DEMO / "prk-rus-2024.txt",
        "--name",
        "PRK-RUS 2024",
        "--parties",
        "PRK,RUS",
        "--signed",
        "2024-06-19",
        "--db",
        path,
    )
    assert code == 0, err
    assert "23 articles" in out
    code, _, err = run(
        "treaty",
        "add",
        DEMO / "prk-ussr-1961.txt",
        "--name",
        "PRK-USSR 1961",
        "--parties",
        "PRK,SUN",
        "--signed",
        "1961-07-06",
        "--db",
        path,
    )
    assert code == 0, err
    return path


def test_list(db: Path) -> None:
    code, out, _ = run("treaty", "list", "--db", db)
    assert code == 0
    assert "PRK-RUS 2024" in out and "PRK-USSR 1961" in out


def test_show_json_gives_per_article_details(db: Path) -> None:
    code, out, _ = run("treaty", "show", "PRK-RUS 2024", "--format", "json", "--db", db)
    assert code == 0
    data = json.loads(out)
    art4 = next(a for a in data["articles"] if a["number"] == 4)
    assert art4["labels"] == ["mutual_defence"]
    prov = art4["provisions"][0]
    assert {c["kind"] for c in prov["trigger"]} >= {"state_of_war", "armed_aggression"}
    assert "military_assistance" in {c["kind"] for c in prov["obligation"]}
    assert "national_law" in {c["kind"] for c in prov["conditions"]}
    assert prov["automatic"] is True
    ev = prov["evidence"][0]
    assert data["text"][ev["start"] : ev["end"]] == ev["text"]


def test_show_table(db: Path) -> None:
    code, out, _ = run("treaty", "show", "PRK-USSR 1961", "--db", db)
    assert code == 0
    assert "Consultation" in out


def test_compare_json(db: Path) -> None:
    code, out, _ = run(
        "treaty", "compare", "PRK-USSR 1961", "PRK-RUS 2024", "--format", "json", "--db", db
    )
    assert code == 0
    data = json.loads(out)
    assert "membership_support" in data["only_b"]
    defence = next(r for r in data["labels"] if r["label"] == "mutual_defence")
    assert "armed_attack" in defence["triggers_a"]


def test_compare_table(db: Path) -> None:
    code, out, _ = run("treaty", "compare", "PRK-USSR 1961", "PRK-RUS 2024", "--db", db)
    assert code == 0
    assert "only in PRK-RUS" in out


def test_links_json_only_after_signature(db: Path) -> None:
    code, out, _ = run("treaty", "links", "PRK-RUS 2024", "--format", "json", "--db", db)
    assert code == 0
    data = json.loads(out)
    assert {d["event_id"] for d in data} == {"e1"}
    assert {d["article"] for d in data} == {4, 8}
    code, out, _ = run("treaty", "links", "PRK-RUS 2024", "--since", "2024-12-01", "--db", db)
    assert code == 0 and "no candidate invocations" in out


def test_html_input(tmp_path: Path) -> None:
    html = tmp_path / "t.html"
    html.write_text(
        "<html><body><h1>Pact</h1><p>The two states, wishing peace, agree:</p>"
        "<h2>Article 1</h2><p>Neither party shall attack the other.</p>"
        "<h2>Article 2</h2><p>This pact remains in force for five years.</p></body></html>"
    )
    code, out, err = run(
        "treaty", "add", html, "--name", "P", "--parties", "FIN,SWE", "--db", tmp_path / "h.duckdb"
    )
    assert code == 0, err
    assert "2 articles" in out and "non_aggression" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--parties", "PRK,ZZZ"], "--parties: unknown party code(s) ZZZ"),
        (["--signed", "June 2024"], "--signed"),
        (["--name", "PRK-RUS 2024"], "already in the store"),
    ],
)
def test_add_errors_are_one_line(db: Path, args: list[str], message: str) -> None:
    base = {"--name": "New", "--parties": "PRK,RUS"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [x for kv in base.items() for x in kv]
    code, out, err = run("treaty", "add", DEMO / "prk-rus-2024.txt", *flat, "--db", db)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def test_file_errors(tmp_path: Path) -> None:
    empty = tmp_path / "memo.txt"
    empty.write_text("A memo that has no articles.\n")
    code, _, err = run(
        "treaty", "add", empty, "--name", "M", "--parties", "PRK,RUS", "--db", tmp_path / "x.duckdb"
    )
    assert code == 2 and f"{empty}: no article headings" in err
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    code, _, err = run(
        "treaty", "add", pdf, "--name", "M", "--parties", "PRK,RUS", "--db", tmp_path / "x.duckdb"
    )
    assert code == 2 and "pdftotext" in err
    code, _, err = run("treaty", "show", "M", "--db", tmp_path / "x.duckdb")
    assert code == 2 and "no treaty named 'M'" in err


def test_unknown_treaty_and_bad_format(db: Path, tmp_path: Path) -> None:
    code, _, err = run("treaty", "links", "Nope", "--db", db)
    assert code == 2 and "no treaty named 'Nope'" in err
    code, _, err = run("treaty", "show", "PRK-RUS 2024", "--format", "xml", "--db", db)
    assert code == 2 and "--format" in err
    code, _, err = run("treaty", "list", "--db", tmp_path / "missing.duckdb")
    assert code == 2 and "no such store" in err


def test_add_to_a_new_file_makes_a_store_that_ingest_can_open(tmp_path: Path) -> None:
    path = tmp_path / "fresh.duckdb"
    code, _, err = run(
        "treaty",
        "add",
        DEMO / "prk-ussr-1961.txt",
        "--name",
        "T",
        "--parties",
        "PRK,SUN",
        "--db",
        path,
    )
    assert code == 0, err
    with Store(path, read_only=True) as store:
        assert store.count_events() == 0
    code, out, _ = run("treaty", "list", "--db", path)
    assert code == 0 and "T" in out
