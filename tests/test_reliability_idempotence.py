"""Idempotence: ingesting the same inputs again changes nothing, and one article is one
document whatever its file name, whitespace, line endings or Unicode form."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from dyadwatch.api import default_pipeline
from dyadwatch.batch import ingest
from dyadwatch.ingest import read_paths
from dyadwatch.store import Store

TABLES = ("documents", "events", "uncoded", "unknown_actors")
ARTICLE = (
    "Kim Jong Un met Vladimir Putin in Vostochny on Wednesday.\n\n"
    "North Korea sent troops to Russia, officials in Seoul said.\n"
    "China criticised Japan over the café dispute."
)


@pytest.fixture(scope="module")
def pipeline():
    return default_pipeline()


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order (ingest time included)."""
    with store.cursor() as cur:
        return {
            t: sorted(map(tuple, cur.execute(f"SELECT * FROM {t}").fetchall()), key=repr)
            for t in TABLES
        }


def write_articles(folder: Path) -> None:
    folder.mkdir()
    for i, (a, b) in enumerate(
        [
            ("Russia", "China"),
            ("Japan", "South Korea"),
            ("Ukraine", "Russia"),
            ("China", "the United States"),
        ]
    ):
        (folder / f"2024-05-0{i + 1}-item.txt").write_text(
            f"{a} condemned {b} on Monday. {b} accused {a} of provocations.\nItem {i} ends here."
        )
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "w1", "text": "Russia signed an agreement with North Korea."})
        + "\n"
        + json.dumps({"id": "w2", "text": "Beijing praised Pyongyang.", "published": "2024-06-01"})
        + "\n"
    )
    (folder / "page.html").write_text(
        "<html><head><title>Talks</title></head><body><article><p>"
        "Sergei Lavrov visited Pyongyang and met Choe Son Hui.</p></article></body></html>"
    )


def test_ingesting_the_same_inputs_twice_changes_nothing(tmp_path, pipeline):
    corpus = tmp_path / "in"
    write_articles(corpus)
    with Store(tmp_path / "s.duckdb") as store:
        first = ingest([corpus], store, pipeline, batch_size=2)
        assert first.failures == 0 and first.documents == 7 and first.events > 0
        before = dump(store)
        second = ingest([corpus], store, pipeline, batch_size=2)
        assert (second.documents, second.skipped, second.events) == (0, 7, 0)
        assert dump(store) == before


def variants(text: str) -> dict[str, str]:
    """The same article as users end up with it: re-wrapped, Windows line ends, tabs and
    double spaces, trailing blank lines, decomposed accents."""
    return {
        "original.txt": text,
        "copy of original.txt": text,
        "rewrapped.txt": text.replace(" in ", "\nin ").replace(", ", ",\n"),
        "windows.txt": text.replace("\n", "\r\n"),
        "spaced.txt": "  " + text.replace(" ", "  ").replace("\n\n", "\n\t\n") + "\n\n\n",
        "nfd.txt": unicodedata.normalize("NFD", text),
    }


def test_one_article_under_other_names_and_whitespace_is_one_document(tmp_path, pipeline):
    corpus = tmp_path / "in"
    (corpus / "mirror").mkdir(parents=True)
    for name, text in variants(ARTICLE).items():
        (corpus / name).write_bytes(text.encode("utf-8"))
    (corpus / "mirror" / "same.txt").write_text(ARTICLE)
    (corpus / "feed.jsonl").write_text(json.dumps({"id": "a1", "text": ARTICLE}) + "\n")
    alone = pipeline.code_document(next(read_paths([corpus / "original.txt"])))
    assert alone.events, "the article must yield events for this test to mean anything"
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([corpus], store, pipeline, batch_size=3)
        assert summary.failures == 0
        assert summary.documents == 1 and summary.skipped == 7
        counts = store.counts()
        assert counts["documents"] == 1
        assert counts["events"] == len(alone.events)
        stored = {e["event_id"] for e in store.events()}
        assert stored == {e.event_id for e in alone.events}


def test_a_later_run_with_a_renamed_copy_adds_nothing(tmp_path, pipeline):
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    (first / "a.txt").write_text(ARTICLE)
    (later / "2024-07-01-renamed.txt").write_text(variants(ARTICLE)["spaced.txt"])
    with Store(tmp_path / "s.duckdb") as store:
        ingest([first], store, pipeline)
        before = dump(store)
        summary = ingest([later], store, pipeline)
        assert (summary.documents, summary.skipped) == (0, 1)
        assert dump(store) == before


class DuplicatingPipeline:
    """A coder bug stand-in: gives one document two events with the same id, which the
    store's primary key refuses."""

    def __init__(self, real):
        self.real = real

    def code_documents(self, documents):
        for coded in self.real.code_documents(documents):
            if "twice" in coded.document.text and coded.events:
                coded.events.append(coded.events[0])
            yield coded


def test_a_document_the_store_refuses_is_reported_not_counted(tmp_path, pipeline):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Russia condemned China on Monday.")
    (corpus / "bad.txt").write_text("Japan accused South Korea twice on Friday.")
    errors: list[str] = []
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([corpus], store, DuplicatingPipeline(pipeline), on_error=errors.append)
        assert store.counts()["documents"] == 1
    assert summary.documents == 1 and summary.failures == 1
    assert len(errors) == 1 and "bad.txt" in errors[0] and "not stored" in errors[0]
    assert "\n" not in errors[0]


class BreakingPipeline:
    """A coder bug stand-in: raises on any batch holding a document with "poison" in it."""

    def __init__(self, real):
        self.real = real

    def code_documents(self, documents):
        documents = list(documents)
        if any("poison" in d.text for d in documents):
            raise IndexError("list index out of range")
        return self.real.code_documents(documents)


def test_a_document_the_coder_breaks_on_is_reported_and_the_run_goes_on(tmp_path, pipeline):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(6):
        (corpus / f"{i}.txt").write_text(f"Russia condemned China in report {i}.")
    (corpus / "3-poison.txt").write_text("A poison sentence: Japan accused India.")
    errors: list[str] = []
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest(
            [corpus], store, BreakingPipeline(pipeline), batch_size=4, on_error=errors.append
        )
        assert store.counts()["documents"] == 6
        again = ingest([corpus], store, BreakingPipeline(pipeline), batch_size=4)
    assert summary.documents == 6 and summary.failures == 1
    assert len(errors) == 1 and "3-poison.txt" in errors[0] and "IndexError" in errors[0]
    assert (again.documents, again.skipped, again.failures) == (0, 6, 1)
