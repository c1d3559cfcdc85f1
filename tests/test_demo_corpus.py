"""The demo corpus reads cleanly and its dates resolve as demo/EXPECTED.md promises."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dyadwatch.events.dates import DateResolver
from dyadwatch.ingest import read_paths
from dyadwatch.model import Document, EventDate, InputError
from dyadwatch.nlp.sentences import segment

CORPUS = Path(__file__).resolve().parents[1] / "demo" / "corpus"


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    items = list(read_paths([CORPUS]))
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert not errors, errors
    return {Path(d.external_id).name: d for d in items}


def test_every_document_is_read_and_dated(documents):
    assert 20 <= len(documents) <= 24
    undated = [name for name, d in documents.items() if d.published is None]
    assert not undated
    assert all(dt.date(2023, 1, 1) <= d.published <= dt.date(2024, 12, 31)
               for d in documents.values())  # fmt: skip


def test_html_and_txt_metadata(documents):
    page = documents["putin-pyongyang-treaty.html"]
    assert page.published == dt.date(2024, 6, 19)
    assert page.author == "Priya Raman"
    assert page.title and "Pyongyang" in page.title
    assert "Article 4" in page.text and "All text written" not in page.text
    assert documents["2024-10-18-nis-troops.txt"].published == dt.date(2024, 10, 18)


def _dates(doc: Document) -> list[EventDate]:
    """Each sentence's date, anchoring discourse on the last sentence that had its own."""
    resolver, prev, out = DateResolver(), None, []
    for sentence in segment(doc.text)[1]:
        when = resolver.resolve(sentence.text, doc.published, prev)
        out.append(when)
        if when.source in ("sentence", "discourse"):
            prev = when
    return out


@pytest.mark.parametrize(
    ("name", "index", "expected", "precision", "source"),
    [
        ("pacrim-2023-10-19-lavrov-pyongyang", 1, dt.date(2023, 10, 1), "month", "discourse"),
        ("nawire-2023-09-18-kim-leaves-russia", 2, dt.date(2023, 9, 16), "day", "discourse"),
        ("nawire-2024-11-12-kim-ratifies", 1, dt.date(2024, 11, 9), "day", "discourse"),
        ("pacrim-2024-11-30-belousov-kim", 1, dt.date(2024, 11, 29), "day", "discourse"),
        ("pacrim-2024-11-06-federation-council", 3, dt.date(2024, 11, 1), "day", "sentence"),
        ("nawire-2024-06-04-military-pact-suspended", 4, dt.date(2023, 11, 1), "month",
         "sentence"),
        ("2024-10-18-nis-troops.txt", 2, dt.date(2024, 10, 8), "day", "sentence"),
        ("putin-pyongyang-treaty.html", 3, dt.date(2024, 6, 19), "day", "publication"),
    ],
)  # fmt: skip
def test_demo_dates_match_expected(documents, name, index, expected, precision, source):
    when = _dates(documents[name])[index]
    assert (when.date, when.precision, when.source) == (expected, precision, source), when
