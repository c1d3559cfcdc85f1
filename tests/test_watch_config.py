"""The watch file: a good one loads as written; each mistake is one line naming the field."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.watch.config import ConfigError, load_config, parse_interval

GOOD = """
sources:
  - name: wire
    feed: http://127.0.0.1:8765/rss.xml
  - name: picks
    urls: [http://127.0.0.1:8765/a.html, http://127.0.0.1:8765/b.html]
  - name: list
    url_list: links.txt
watch:
  - dyad: prk-rus
    types: [AID]
    modes: [military]
    index_shift: 0.3
    window: 90d
  - dyad: PRK-UNO
    change_points: true
alerts:
  log: out/alerts.jsonl
  webhook: http://127.0.0.1:9000/hook
fetch:
  timeout: 2s
  rate_limit: 0.5
every: 10m
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "links.txt").write_text("http://127.0.0.1:8765/c.html\n")
    path = tmp_path / "SOURCES.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def test_good_file_loads_with_its_values(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, GOOD))
    assert [(s.name, s.kind) for s in cfg.sources] == [
        ("wire", "feed"), ("picks", "urls"), ("list", "url_list")
    ]
    assert cfg.sources[1].urls[1] == "http://127.0.0.1:8765/b.html"
    assert cfg.sources[2].location == str(tmp_path / "links.txt")
    first = cfg.rules[0]
    assert (first.a, first.b, first.dyad) == ("PRK", "RUS", "PRK-RUS")
    assert first.types == {"AID"} and first.modes == {"military"}
    assert first.index_shift == 0.3 and first.window == dt.timedelta(days=90)
    assert cfg.rules[1].dyad == "PRK-UNO" and cfg.rules[1].change_points
    # relative paths are taken from the watch file's folder, not the working directory
    assert cfg.alerts.log == tmp_path / "out" / "alerts.jsonl"
    assert cfg.alerts.webhook == "http://127.0.0.1:9000/hook"
    assert cfg.fetch.timeout == 2.0 and cfg.fetch.rate_limit == 0.5
    assert cfg.every == 600.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15m", 900.0), ("30s", 30.0), ("1h30m", 5400.0), ("90d", 90 * 86400.0),
        ("2w", 14 * 86400.0), (45, 45.0), ("0.5s", 0.5),
    ],
)
def test_intervals(text: str, expected: float) -> None:
    assert parse_interval(text) == expected


@pytest.mark.parametrize("text", ["15x", "m15", "", "fifteen minutes", "0s", "-5m"])
def test_bad_intervals_say_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="interval"):
        parse_interval(text)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ("dyad: prk-rus", "dyad: PRK-XYZ", "watch[0].dyad: 'XYZ' is not an ISO 3166"),
        ("dyad: prk-rus", "dyad: PRK", "watch[0].dyad: 'PRK' is not two actor codes"),
        ("dyad: prk-rus", "dyad: RUS-RUS", "names the same actor twice"),
        ("window: 90d", "window: 15x", "watch[0].window: '15x' is not an interval"),
        ("types: [AID]", "types: [HELP]", "watch[0].types: 'HELP' is not a PLOVER event type"),
        ("modes: [military]", "modes: [navy]", "watch[0].modes: 'navy' is not a PLOVER mode"),
        ("index_shift: 0.3", "index_shift: 5", "watch[0].index_shift: must be above 0"),
        ("every: 10m", "every: soon", "every: 'soon' is not an interval"),
        ("feed: http://127.0.0.1:8765/rss.xml", "feed: ftp://example/rss",
         "sources[0].feed: 'ftp://example/rss' is not an http(s) URL"),
        ("feed: http://127.0.0.1:8765/rss.xml", "fed: http://127.0.0.1:8765/rss.xml",
         "sources[0]: unknown key 'fed'"),
        ("url_list: links.txt", "url_list: missing.txt", "sources[2].url_list: no such file"),
        ("name: picks", "name: wire", "two sources are named 'wire'"),
        ("webhook: http://127.0.0.1:9000/hook", "webhook: nowhere",
         "alerts.webhook: 'nowhere' is not an http(s) URL"),
        ("timeout: 2s", "timeout: 0", "fetch.timeout: must be above 0"),
        ("    change_points: true", "    change_points: yes please",
         "watch[1].change_points: 'yes please' is not true or false"),
    ],
)
def test_each_mistake_is_one_line_naming_the_field(
    tmp_path: Path, change: str, field: str, words: str
) -> None:
    assert change in GOOD
    path = write(tmp_path, GOOD.replace(change, field, 1))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert words in message
    assert "\n" not in message


def test_a_watch_entry_without_a_condition_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "sources: [{name: w, feed: 'http://127.0.0.1:1/f'}]\n"
                           "watch: [{dyad: PRK-RUS}]\n")
    with pytest.raises(ConfigError, match=r"watch\[0\]: no condition"):
        load_config(path)


def test_broken_yaml_and_missing_file(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - name: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(path)
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="list at least one source"):
        load_config(write(tmp_path, "watch: []\n"))


def test_cli_bad_config_and_bad_every_are_one_line_each(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = write(tmp_path, GOOD.replace("dyad: prk-rus", "dyad: PRK-XYZ"))
    result = runner.invoke(app, ["watch", str(bad), "--once", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert "watch[0].dyad" in result.output and "XYZ" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "s.db").exists()  # nothing was created for a bad file

    good = write(tmp_path, GOOD)
    result = runner.invoke(app, ["watch", str(good), "--every", "15x", "--db",
                                 str(tmp_path / "s.db")])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "--every" in lines[0] and "15x" in lines[0]
