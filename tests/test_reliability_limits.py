"""Resource limits: a document too big to code is refused with one line, long inputs cost
time in proportion to their length, and directories stream instead of being listed whole.

The 50 MB and 100,000-file cases are measured by ``bench/limits.py``; here the same
paths run at sizes that take seconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

import dyadwatch
from dyadwatch.api import default_pipeline
from dyadwatch.batch import ingest
from dyadwatch.ingest import MAX_DOCUMENT_CHARS, document_id, read_paths
from dyadwatch.model import Document, InputError
from dyadwatch.nlp.sentences import segment
from dyadwatch.pipeline import MAX_PARSE_TOKENS, DocumentTooLong
from dyadwatch.store import Store

CLI = [sys.executable, "-c", "from dyadwatch.cli import main; main()"]


@pytest.fixture(scope="module")
def pipeline():
    return default_pipeline()


def test_each_reader_refuses_a_document_over_the_character_limit(tmp_path):
    long_text = "Russia met China. " * 10  # 180 characters
    (tmp_path / "long.txt").write_text(long_text)
    (tmp_path / "long.html").write_text(f"<html><body><p>{long_text}</p></body></html>")
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"text": "Short enough."}) + "\n" + json.dumps({"text": long_text}) + "\n"
    )
    (tmp_path / "short.txt").write_text("Japan praised India.")
    items = list(read_paths([tmp_path], max_chars=100))
    errors = {
        (e.path.rsplit("/", 1)[-1], e.line): e.message for e in items if isinstance(e, InputError)
    }
    docs = sorted(d.text for d in items if isinstance(d, Document))
    assert docs == ["Japan praised India.", "Short enough."]
    assert set(errors) == {("long.txt", None), ("long.html", None), ("feed.jsonl", 2)}
    for message in errors.values():
        assert "100-character limit" in message and "split it" in message
        assert "\n" not in message


def test_ingest_refuses_a_huge_file_in_one_line_and_stores_the_rest(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    huge = "North Korea sent troops to Russia. " * (MAX_DOCUMENT_CHARS // 35 + 10)
    (corpus / "huge.txt").write_text(huge)
    (corpus / "small.txt").write_text("North Korea sent troops to Russia on Friday.")
    db = tmp_path / "s.duckdb"
    done = subprocess.run(
        [*CLI, "ingest", str(corpus), "--db", str(db), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr  # one input failed, the run did not crash
    assert "Traceback" not in done.stderr
    refusal = [line for line in done.stderr.splitlines() if "huge.txt" in line]
    assert len(refusal) == 1 and "characters long" in refusal[0]
    with Store(db, read_only=True) as store:
        assert store.counts()["documents"] == 1


def test_the_code_api_refuses_an_over_long_text_with_a_clear_error():
    text = "a" * (MAX_DOCUMENT_CHARS + 1)
    with pytest.raises(DocumentTooLong, match="split it"):
        dyadwatch.code(text)


def test_a_run_on_sentence_is_recorded_as_unparsed_not_parsed(pipeline):
    text = "Russia met China and " * 150 + "Japan."  # one 600-token "sentence"
    coded = pipeline.code_document(Document(id=document_id(text), text=text))
    assert coded.sentences == 1 and not coded.events
    [row] = coded.uncoded
    assert row.reason == "no_parse" and f"over the {MAX_PARSE_TOKENS}" in row.detail


def test_many_short_lines_segment_in_linear_time():
    text = "Seoul\n" * 40_000  # each line its own sentence: 40,000 boundaries
    started = time.monotonic()
    _, sentences = segment(text)
    assert len(sentences) == 40_000
    assert time.monotonic() - started < 10  # was quadratic: minutes


def test_a_long_document_codes_in_time_proportional_to_its_length(pipeline):
    paragraphs = [
        f"Item {i}. Russia condemned China on Monday.\nJapan sent envoys to South Korea.\n"
        for i in range(2_000)
    ]
    text = "".join(paragraphs)  # about 160,000 characters, 4,000 candidate sentences
    started = time.monotonic()
    coded = pipeline.code_document(Document(id=document_id(text), text=text))
    elapsed = time.monotonic() - started
    assert coded.sentences == 6_000 and len(coded.events) >= 2_000
    assert elapsed < 40, f"{elapsed:.1f} s (was quadratic: about 60 s)"


def test_ingest_stores_documents_before_the_directory_walk_reaches_the_end(tmp_path, pipeline):
    root = tmp_path / "tree"
    for d in range(10):
        (root / f"{d:02d}").mkdir(parents=True)
        for f in range(5):
            (root / f"{d:02d}" / f"{f}.txt").write_text(
                f"Russia praised China in dispatch {d}-{f}."
            )
    stored_when_first_batch_done: list[int] = []

    def first_batch(chars: int, summary) -> None:
        if not stored_when_first_batch_done:
            stored_when_first_batch_done.append(summary.documents)
            # the walk has not listed these folders yet: changes there are seen
            (root / "09" / "late.txt").write_text("Japan praised India in a late dispatch.")
            (root / "08" / "0.txt").unlink()

    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([root], store, pipeline, batch_size=5, on_batch=first_batch)
        texts = {d["source_path"].rsplit("tree/", 1)[-1] for d in store.documents(limit=None)}
    assert stored_when_first_batch_done == [5]
    assert summary.failures == 0 and summary.documents == 50
    assert "09/late.txt" in texts and "08/0.txt" not in texts
