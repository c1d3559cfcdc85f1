"""The static report: complete, self-contained, traceable to sources, extensible."""

from __future__ import annotations

import csv
import re

import duckdb
import pytest

from dyadwatch.analysis import synthetic
from dyadwatch.analysis.facts import AnalysisError
from dyadwatch.analysis.report import Section, write_report

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    con = synthetic.create_store(duckdb.connect())
    story = synthetic.relationship_story(months=30, shift_month=16, seed=4)
    synthetic.insert_story(con, story)

    def treaty_links(ctx):  # what the treaties stage will plug in
        return Section("treaty-links", "Treaty links", f"<p>{len(ctx.dyads)} dyads checked</p>")

    out = tmp_path_factory.mktemp("report")
    index = write_report(con, "PRK-RUS", ["PRK-CHN"], out, extra_sections=[treaty_links])
    return index, index.read_text(encoding="utf-8"), story


def test_report_writes_html_pngs_and_csvs(report):
    index, html, _ = report
    assert index.name == "index.html"
    out = index.parent
    for name in ("trajectory.png", "events.png", "partners.png"):
        assert (out / name).read_bytes()[:8] == PNG
    for name in ("summary.csv", "trajectory.csv", "series.csv", "changes.csv", "timeline.csv",
                 "partners.csv"):  # fmt: skip
        with (out / name).open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert rows, name
    trajectory = list(csv.DictReader((out / "trajectory.csv").open(encoding="utf-8")))
    assert {r["dyad"] for r in trajectory} == {"PRK-RUS", "PRK-CHN"}
    assert all(-1 <= float(r["lower"]) <= float(r["index"]) <= float(r["upper"]) <= 1
               for r in trajectory)  # fmt: skip


def test_report_is_self_contained(report):
    _, html, _ = report
    # Charts are inline; nothing is fetched: no external src, stylesheet, script or font.
    assert html.count('src="data:image/png;base64,') == 3
    assert not re.search(r"""\bsrc\s*=\s*["']?(https?:)?//""", html, re.I)
    assert not re.search(r"<link\b|<script\b|@import|url\(", html, re.I)
    # The only http(s) strings are the cited articles, as plain links.
    for url in re.findall(r"https?://[^\s\"'<>]+", html):
        assert url.startswith("https://news.example.org/story04-")


def test_report_traces_figures_to_evidence(report):
    index, html, story = report
    for section in ("Summary", "Trajectory", "Change points", "Timeline of key events",
                    "Partner comparison", "Treaty links"):  # fmt: skip
        assert f"<h2>{section}</h2>" in html
    # A change point at the planted turn (May 2023, give or take a month), warmer.
    changes = list(csv.DictReader((index.parent / "changes.csv").open(encoding="utf-8")))
    turns = {(r["change_point"], r["direction"]) for r in changes}
    assert turns & {("2023-04-01", "warmer"), ("2023-05-01", "warmer"), ("2023-06-01", "warmer")}
    assert '<span class=warmer>warmer</span>' in html
    # Evidence sentences appear with publisher, date and URL of their source.
    prk_rus = [r for r in story if {r["source_code"], r["target_code"]} == {"PRK", "RUS"}]
    shown = [r for r in prk_rus if r["evidence_text"] in html]
    assert len(shown) >= 5
    doc = shown[0]["_document"]
    assert doc["url"] in html and doc["publisher"] in html
    # The hook's section comes after the built-in ones.
    assert html.index("Treaty links") > html.index("Partner comparison")


def test_report_refuses_a_dyad_without_events(tmp_path):
    con = synthetic.create_store(duckdb.connect())
    synthetic.insert_story(con, synthetic.relationship_story(months=3, seed=5))
    with pytest.raises(AnalysisError, match="no events between PRK and JPN"):
        write_report(con, "PRK-JPN", out_dir=tmp_path)
