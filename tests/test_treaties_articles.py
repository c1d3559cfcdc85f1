"""Splitting treaty text into preamble, articles and numbered paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.treaties.articles import number_value, split_articles
from dyadwatch.treaties.errors import TreatyError
from dyadwatch.treaties.source import read_treaty_file

DATA = Path(__file__).parent / "data" / "treaties"
DEMO = Path(__file__).parents[1] / "demo" / "treaties"


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("4", 4),
        ("IV", 4),
        ("xiv", 14),
        ("Four", 4),
        ("Twenty-One", 21),
        ("nineteen", 19),
        ("XL", 40),
        ("Thirty", 30),
    ],
)
def test_article_numbers_in_every_spelling(token: str, value: int) -> None:
    assert number_value(token) == value


def test_heading_styles_all_recognised() -> None:
    text = (
        "Preamble line about friendship.\n\n"
        "Article 1\nFirst text.\n\n"
        "ARTICLE 2\nSecond text.\n\n"
        "Art. III\nThird text.\n\n"
        "Article Four\nFourth text.\n\n"
        "Article 5.\nFifth text.\n\n"
        "Article 6 — Consultation\nSixth text.\n"
    )
    split = split_articles(text)
    assert [a.number for a in split.articles] == [1, 2, 3, 4, 5, 6]
    assert [a.heading for a in split.articles][:4] == [
        "Article 1",
        "ARTICLE 2",
        "Art. III",
        "Article Four",
    ]
    assert split.articles[5].title == "Consultation"
    for article, word in zip(
        split.articles, ["First", "Second", "Third", "Fourth", "Fifth", "Sixth"], strict=True
    ):
        body = text[article.body_start : article.end].strip()
        assert body == f"{word} text."
    assert split.preamble is not None
    assert split.preamble.text == "Preamble line about friendship."
    assert text[split.preamble.start : split.preamble.end] == split.preamble.text


def test_reference_to_an_article_at_line_start_is_not_a_heading() -> None:
    text = (
        "Article 1\nEach party shall act in accordance with\n"
        "Article 51 of the Charter of the United Nations.\n\n"
        "Article 2\nThe end.\n"
    )
    split = split_articles(text)
    assert [a.number for a in split.articles] == [1, 2]
    assert "Article 51 of the Charter" in text[split.articles[0].start : split.articles[0].end]


def test_heading_with_text_on_the_same_line() -> None:
    text = (
        "Article 1. The parties shall keep in close touch on every question of mutual interest.\n"
        "Article 2. This agreement enters into force when signed by both of the two parties.\n"
    )
    split = split_articles(text)
    first = split.articles[0]
    assert first.title is None
    assert text[first.body_start : first.end].startswith("The parties shall keep")


def test_paragraphs_chapters_and_titles_from_file() -> None:
    text = (DATA / "friendship.txt").read_text()
    split = split_articles(text)
    art5 = next(a for a in split.articles if a.number == 5)
    assert art5.title == "Economic, Scientific and Energy Cooperation"
    assert art5.context == "Chapter III — Cooperation"
    assert [p.number for p in art5.paragraphs] == ["1", "2", "3"]
    assert text[art5.paragraphs[2].start :].startswith(
        "(3) The Contracting Parties shall cooperate"
    )
    assert all(art5.start <= p.start < p.end <= art5.end for p in art5.paragraphs)
    # the preamble stops where the first chapter starts
    assert split.preamble is not None and "CHAPTER" not in split.preamble.text


def test_numbered_paragraphs_must_run_in_sequence() -> None:
    text = "Article 1\n1. First duty.\n3. A stray number.\n2. Second duty.\n"
    art = split_articles(text).articles[0]
    assert [p.number for p in art.paragraphs] == ["1", "2"]


def test_signature_block_is_not_part_of_the_last_article() -> None:
    text = (DEMO / "prk-rus-2024.txt").read_text()
    last = split_articles(text).articles[-1]
    assert last.number == 23
    assert "Done at Pyongyang" not in text[last.start : last.end]


def test_duplicate_article_numbers_are_an_error_naming_the_lines() -> None:
    text = "Article 1\nOne.\n\nArticle 2\nTwo.\n\nArticle II\nTwo again.\n"
    with pytest.raises(TreatyError, match=r"article 2 appears twice \(lines 4 and 7\)"):
        split_articles(text)


def test_text_without_articles_is_an_error() -> None:
    with pytest.raises(TreatyError, match="no article headings"):
        split_articles("A letter of intent with no articles at all.\nArticles are absent.\n")


def test_table_of_contents_lines_are_not_headings() -> None:
    text = (
        "Contents\nArticle 1 .......... 2\nArticle 2 .......... 3\n\n"
        "Article 1\nThe first duty.\n\nArticle 2\nThe second duty.\n"
    )
    split = split_articles(text)
    assert [a.number for a in split.articles] == [1, 2]
    assert text[split.articles[0].body_start : split.articles[0].end].strip() == "The first duty."


def test_pdf_extracted_text_is_normalised_before_splitting(tmp_path: Path) -> None:
    raw = "Title\r\n\r\nArticle\u00a01\r\nFirst duty.\r\n\x0cArticle 2\r\nSecond duty.\r\n"
    path = tmp_path / "extracted.txt"
    path.write_bytes(raw.encode("utf-8"))
    text = read_treaty_file(path)
    assert "\r" not in text and "\x0c" not in text
    split = split_articles(text)
    assert [a.number for a in split.articles] == [1, 2]
    assert text[split.articles[1].body_start : split.articles[1].end].strip() == "Second duty."


def test_unreadable_files_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(TreatyError, match="no such file"):
        read_treaty_file(tmp_path / "absent.txt")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Article 1\nCaf\xe9 society.\n".encode("latin-1"))
    with pytest.raises(TreatyError, match=r"latin1\.txt: not UTF-8"):
        read_treaty_file(latin)
