"""The analysis commands as a user runs them: outputs, files, and one-line errors."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest
from typer.testing import CliRunner

from dyadwatch.analysis import synthetic
from dyadwatch.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store.duckdb"
    con = duckdb.connect(str(path))
    synthetic.create_store(con)
    synthetic.insert_story(con, synthetic.relationship_story(months=24, shift_month=12, seed=7))
    con.close()
    return path


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "empty.duckdb"
    con = duckdb.connect(str(path))
    synthetic.create_store(con)
    con.close()
    return path


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_trend_table_json_csv_and_plot(db, tmp_path):
    table = run("trend", "prk", "rus", "--by", "quarter", "--db", db)
    assert table.exit_code == 0, table.output
    assert "PRK - RUS per quarter" in table.output and "2022Q1" in table.output

    data = json.loads(run("trend", "PRK", "RUS", "--format", "json", "--db", db).output)
    assert len(data) == 24 and data[0]["period"] == "2022-01-01"
    assert {"n_events", "coop", "hostile", "index", "lower", "upper", "share_a"} <= set(data[0])
    assert sum(r["coop"] for r in data[12:]) > 3 * sum(r["coop"] for r in data[:12])

    out = run("trend", "PRK", "RUS", "--format", "csv", "--since", "2023-01-01",
              "--until", "2023-03-31", "--db", db).output  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["period"] for r in rows] == ["2023-01-01", "2023-02-01", "2023-03-01"]

    png = tmp_path / "trend.png"
    assert run("trend", "PRK", "RUS", "--plot", png, "--db", db).exit_code == 0
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_changes_partners_network_report(db, tmp_path):
    changes = json.loads(run("changes", "PRK", "RUS", "--format", "json", "--db", db).output)
    assert changes and changes[0]["direction"] == "warmer"
    assert changes[0]["events"][0]["sources"][0]["url"].startswith("https://")
    assert "warmer" in run("changes", "PRK", "RUS", "--db", db).output

    rows = list(csv.DictReader(io.StringIO(run("partners", "PRK", "--format", "csv",
                                               "--db", db).output)))  # fmt: skip
    assert {r["period"] for r in rows} == {"2022-01-01", "2023-01-01"}
    assert "HHI" in run("partners", "PRK", "--db", db).output

    net = tmp_path / "net.json"
    result = run("network", "--since", "2023-01-01", "--out", net, "--db", db)
    assert result.exit_code == 0, result.output
    assert {n["id"] for n in json.loads(net.read_text())["nodes"]} >= {"PRK", "RUS", "CHN"}

    result = run("report", "--dyad", "PRK-RUS", "--vs", "PRK-CHN", "--out", tmp_path / "r",
                 "--db", db)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "index.html").exists() and "index.html" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("trend", "PRK", "XYZ"), "unknown actor code 'XYZ'"),
        (("changes", "QQQ", "RUS"), "unknown actor code 'QQQ'"),
        (("partners", "ZZZ"), "unknown actor code 'ZZZ'"),
        (("report", "--dyad", "PRKRUS", "--out", "x"), "dyad must look like PRK-RUS"),
        (("trend", "PRK", "RUS", "--since", "2023-02-30"), "--since"),
        (("trend", "PRK", "RUS", "--plot", "a.svg"), "must end in .png"),
        (("network", "--out", "graph.svg"), "must end in"),
    ],
)
def test_bad_input_is_one_clear_line(db, args, message):
    result = run(*args, "--db", db)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [("trend", "PRK", "RUS"), ("network",), ("partners", "PRK")])
def test_empty_or_missing_store_is_one_clear_line(empty_db, tmp_path, args):
    empty = run(*args, "--db", empty_db)
    assert empty.exit_code == 2 and "no events to analyse" in empty.output
    missing = run(*args, "--db", tmp_path / "nope.duckdb")
    assert missing.exit_code == 2 and "nope.duckdb" in missing.output
    assert "Traceback" not in empty.output + missing.output
