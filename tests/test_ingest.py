"""Ingest readers: the documents users drop in, and the broken files they drop in too."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest

from dyadwatch.ingest import (
    document_id,
    parse_date,
    read_jsonl,
    read_paths,
)
from dyadwatch.model import Document, InputError

ARTICLE = (
    "Russian President Vladimir Putin landed in Pyongyang late on Tuesday for his first "
    "visit to North Korea in more than two decades.\n"
    "He and Kim Jong Un were expected to sign a new partnership pact on Wednesday."
)

PAGE = """<!doctype html><html><head>
<title>Putin lands in Pyongyang | Example Wire</title>
<meta property="og:title" content="Putin lands in Pyongyang">
<meta name="author" content="Ana Example">
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2024-06-19T03:10:00+09:00">
<link rel="canonical" href="https://wire.example/world/putin-pyongyang">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe now</nav>
<article><h1>Putin lands in Pyongyang</h1>
<p>Russian President Vladimir Putin landed in Pyongyang late on Tuesday for his first
visit to North Korea in more than two decades, state media in both countries said.</p>
<p>He and Kim Jong Un were expected to sign a new partnership pact on Wednesday, officials
in Moscow told reporters before the trip began.</p>
</article>
<footer>Cookie settings. All rights reserved.</footer>
</body></html>"""


def _read(*paths, **kwargs):
    items = list(read_paths(paths, **kwargs))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    return docs, errors


def test_document_id_ignores_whitespace_and_file_name(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "2024-06-19-copy.txt"
    a.write_text(ARTICLE)
    b.write_bytes(("  " + ARTICLE.replace(" ", "  \t").replace("\n", "\r\n") + "\n\n").encode())
    (doc_a, doc_b), errors = _read(a, b)
    assert not errors
    assert doc_a.id == doc_b.id == document_id(ARTICLE)
    assert doc_a.external_id.endswith("a.txt") and doc_b.external_id.endswith("copy.txt")
    assert "\r" not in doc_b.text
    assert document_id(ARTICLE + " More.") != doc_a.id


def test_txt_date_from_argument_then_file_name(tmp_path):
    dated = tmp_path / "2024-06-19-putin-visit.txt"
    plain = tmp_path / "putin-visit.txt"
    bogus = tmp_path / "2024-13-45-odd.txt"
    for path in (dated, plain, bogus):
        path.write_text(ARTICLE + path.name)
    docs, _ = _read(dated, plain, bogus)
    assert [d.published for d in docs] == [dt.date(2024, 6, 19), None, None]
    docs, _ = _read(dated, plain, published=dt.date(2024, 7, 1))
    assert [d.published for d in docs] == [dt.date(2024, 7, 1)] * 2


def test_html_main_text_and_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    (doc,), errors = _read(page)
    assert not errors
    assert "landed in Pyongyang" in doc.text and "partnership pact" in doc.text
    assert "Cookie settings" not in doc.text and "Subscribe now" not in doc.text
    assert doc.title == "Putin lands in Pyongyang"
    assert doc.author == "Ana Example"
    assert doc.publisher == "Example Wire"
    assert doc.url == "https://wire.example/world/putin-pyongyang"
    assert doc.published == dt.date(2024, 6, 19)


def test_tiny_html_without_metadata_still_gives_text(tmp_path):
    page = tmp_path / "2023-09-13-short.htm"
    page.write_text("<html><body><p>Kim met Putin at Vostochny.</p></body></html>")
    (doc,), errors = _read(page)
    assert not errors
    assert doc.text == "Kim met Putin at Vostochny."
    assert doc.published == dt.date(2023, 9, 13)


def test_jsonl_good_and_bad_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {
                "id": "a1",
                "text": ARTICLE,
                "title": "T",
                "published": "2024-06-19",
                "url": "https://x.example/1",
                "publisher": "X",
                "author": "Y",
            }
        ),
        "{not json",
        json.dumps({"id": "a2", "text": 42}),
        json.dumps({"id": "a3"}),
        json.dumps({"id": "a4", "text": "   "}),
        json.dumps({"id": "a5", "text": "Seoul protested.", "date": "June 2024"}),
        "",
        json.dumps({"id": 6, "text": "Beijing hosted talks.", "date": "2023-09-13T10:00:00Z"}),
        json.dumps({"id": "a7", "text": "Moscow replied.", "date": None, "language": "en"}),
        json.dumps(["a", "list"]),
    ]
    path.write_text("\n".join(lines) + "\n")
    docs, errors = _read(path, published=dt.date(2020, 1, 1))
    assert [d.external_id for d in docs] == ["a1", "6", "a7"]
    assert docs[0].title == "T" and docs[0].url == "https://x.example/1"
    assert docs[0].publisher == "X" and docs[0].author == "Y"
    assert [d.published for d in docs] == [
        dt.date(2024, 6, 19),
        dt.date(2023, 9, 13),
        dt.date(2020, 1, 1),
    ]
    assert [e.line for e in errors] == [2, 3, 4, 5, 6, 10]
    assert all(e.path == str(path) for e in errors)
    by_line = {e.line: e.message for e in errors}
    assert "`text`" in by_line[3] and "`text`" in by_line[4] and "empty" in by_line[5]
    assert "`date`" in by_line[6]
    assert all("\n" not in str(e) for e in errors)


def test_jsonl_gzip_and_overlong_lines(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(json.dumps({"id": "big", "text": "x " * 400}) + "\n")
        fh.write(json.dumps({"id": "ok", "text": "Tokyo objected."}) + "\n")
    docs = list(read_jsonl(str(path), max_bytes=200))
    assert isinstance(docs[0], InputError) and docs[0].line == 1 and "longer" in docs[0].message
    assert docs[1].external_id == "ok"


def test_bad_files_are_reported_and_reading_goes_on(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_text("   \n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 32)) * 20 + b"\x81\x8d\x8f\x90\x9d")
    (tmp_path / "zz-good.txt").write_text(ARTICLE)
    docs, errors = _read(tmp_path, tmp_path / "missing.txt")
    assert [d.text for d in docs] == [ARTICLE]
    messages = {e.path.rsplit("/", 1)[-1]: e.message for e in errors}
    assert "binary" in messages["binary.txt"]
    assert "empty" in messages["empty.txt"] and "empty" in messages["blank.html"]
    assert "unsupported file type .pdf" in messages["notes.pdf"]
    assert "UTF-8" in messages["noise.txt"]
    assert "no such file" in messages["missing.txt"]


def test_too_large_file_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    docs, errors = _read(big, max_bytes=1000)
    assert not docs and "larger than" in errors[0].message


def test_legacy_encodings_decode(tmp_path):
    (tmp_path / "latin1.txt").write_bytes(
        "Réunion à Genève: déclaration conjointe.".encode("latin-1")
    )
    (tmp_path / "cp1252.txt").write_bytes("The minister said “no” — twice.".encode("cp1252"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfBOM-marked UTF-8 text.")
    (tmp_path / "utf16.txt").write_bytes("Wide text in UTF-16.".encode("utf-16"))
    docs, errors = _read(tmp_path)
    assert not errors
    assert sorted(d.text for d in docs) == sorted(
        [
            "BOM-marked UTF-8 text.",
            "The minister said “no” — twice.",
            "Réunion à Genève: déclaration conjointe.",
            "Wide text in UTF-16.",
        ]
    )


def test_directory_tree_is_walked_recursively_in_sorted_order(tmp_path):
    for rel in ("b/2.txt", "a/z.txt", "a/deep/er/1.txt", "c.txt", ".git/config.txt", "a/.x.txt"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Article stored at {rel}.")
    docs, errors = _read(tmp_path)
    assert not errors
    rels = [d.source_path[len(str(tmp_path)) + 1 :] for d in docs]
    assert rels == ["a/deep/er/1.txt", "a/z.txt", "b/2.txt", "c.txt"]


def test_reading_streams_lazily(tmp_path):
    for i in range(50):
        (tmp_path / f"{i:03d}.txt").write_text(f"Article number {i}.")
    items = read_paths([tmp_path])
    first = next(items)
    assert first.text == "Article number 0."
    (tmp_path / "000.txt").unlink()  # the walk has not opened later files yet
    (tmp_path / "049.txt").write_text("Changed after the walk began.")
    rest = list(items)
    assert rest[-1].text == "Changed after the walk began."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-19", dt.date(2024, 6, 19)),
        ("2024-06-19T23:30:00Z", dt.date(2024, 6, 19)),
        ("2024-06-19T23:30:00.123+09:00", dt.date(2024, 6, 19)),
        ("20240619", dt.date(2024, 6, 19)),
    ],
)
def test_parse_date_accepts_iso_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "19/06/2024", "2024-02-30", "tomorrow"])
def test_parse_date_rejects_other_forms(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_empty_jsonl_is_reported(tmp_path):
    (tmp_path / "none.jsonl").write_bytes(b"")
    docs, errors = _read(tmp_path / "none.jsonl")
    assert not docs and errors[0].message == "empty file"
