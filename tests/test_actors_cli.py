"""`dyadwatch actors resolve|list|unknown` as a user runs them."""

from __future__ import annotations

import json

import duckdb
import pytest
from typer.testing import CliRunner

import dyadwatch.cli.actors  # noqa: F401  (registers the sub-app)
from dyadwatch.cli.app import app

runner = CliRunner()


def test_resolve_json_gives_code_sector_person_role_and_why():
    result = runner.invoke(app, ["actors", "resolve", "Russian Defence Minister Andrei Belousov "
                                 "met North Korean troops.", "--date", "2024-11-29",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    first, second = payload["actors"]
    assert (first["code"], first["sector"], first["person_id"], first["role"]) == (
        "RUS", "GOV", "belousov-andrei", "defence-minister")
    assert "belousov" in first["why"]
    assert (second["code"], second["sector"]) == ("PRK", "MIL")


def test_resolve_table_and_bad_date():
    ok = runner.invoke(app, ["actors", "resolve", "The Kremlin said no."])
    assert ok.exit_code == 0 and "RUS" in ok.stdout
    bad = runner.invoke(app, ["actors", "resolve", "x", "--date", "2024-02-30"])
    assert bad.exit_code != 0 and "--date" in bad.output and "Traceback" not in bad.output


def test_resolve_with_user_dictionary_and_malformed_one(tmp_path):
    good = tmp_path / "mine.yaml"
    good.write_text("actors:\n  - {form: Kangson Herald, code: PRK, sector: MED}\n")
    result = runner.invoke(app, ["actors", "resolve", "The Kangson Herald said so.",
                                 "--actors", str(good), "--format", "json"])
    assert json.loads(result.stdout)["actors"][0]["code"] == "PRK"
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - {form: X, code: PRK, sector: NOPE}\n")
    result = runner.invoke(app, ["actors", "resolve", "x", "--actors", str(bad)])
    assert result.exit_code != 0 and f"{bad}:2" in result.output
    assert "Traceback" not in result.output


def test_list_filters_by_country_role_and_date():
    result = runner.invoke(app, ["actors", "list", "--country", "rus", "--role",
                                 "defence-minister", "--on", "2024-11-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [p["person_id"] for p in json.loads(result.stdout)["people"]] == ["belousov-andrei"]
    everyone = runner.invoke(app, ["actors", "list", "--country", "RUS", "--role",
                                   "defence-minister", "--format", "json"])
    ids = [p["person_id"] for p in json.loads(everyone.stdout)["people"]]
    assert ids.index("shoigu-sergei") < ids.index("belousov-andrei")
    table = runner.invoke(app, ["actors", "list", "--country", "PRK", "--role", "leader"])
    assert table.exit_code == 0 and "2 role(s)" in table.stdout


@pytest.fixture()
def store(tmp_path):
    path = tmp_path / "store.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE unknown_actors (doc_id VARCHAR, text VARCHAR, n INTEGER)")
    con.executemany("INSERT INTO unknown_actors VALUES (?, ?, ?)",
                    [("d1", "Azov Brigade", 2), ("d2", "Azov Brigade", 1),
                     ("d1", "Kangwon Front", 1)])
    con.close()
    return path


def test_unknown_lists_phrases_by_frequency(store):
    result = runner.invoke(app, ["actors", "unknown", "--db", str(store)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("Azov Brigade") < out.index("Kangwon Front")
    assert "3" in out.splitlines()[[i for i, line in enumerate(out.splitlines())
                                    if "Azov" in line][0]]


def test_unknown_on_missing_store_is_one_line(tmp_path):
    result = runner.invoke(app, ["actors", "unknown", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0 and "no such store file" in result.output
