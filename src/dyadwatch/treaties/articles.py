"""Splitting a treaty's text into preamble, articles and numbered paragraphs.

Treaties are published as web pages, PDFs run through a text extractor, or typed copies,
so headings come in many spellings ("Article 4", "ARTICLE IV", "Art. 4.", "Article Four —
Consultation"). A heading must start a line and be followed by nothing, a separator or a
capitalised word: "Article 51 of the Charter" at the start of a wrapped line is a
reference, not a heading.
"""

from __future__ import annotations

import re

from dyadwatch.treaties.errors import TreatyError
from dyadwatch.treaties.model import Article, ArticleSplit, Paragraph, Span

_UNITS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_WORD_VALUES = {w: i + 1 for i, w in enumerate(_UNITS)}
_SMALL = "|".join(sorted(_UNITS[:9], key=len, reverse=True))
_WORDS = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{_SMALL}))?|"
    rf"{'|'.join(sorted(_UNITS, key=len, reverse=True))})"
)
_NUMBER = rf"(?:\d{{1,3}}|[ivxlcdm]{{1,8}}|{_WORDS})"

_ARTICLE_RE = re.compile(
    rf"^[ \t]*(?P<kw>article|art\.?)[ \t]+(?P<num>{_NUMBER})\b(?P<tail>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
_DIVISION_RE = re.compile(
    rf"^[ \t]*(?P<kw>chapter|part|section)[ \t]+(?P<num>{_NUMBER})\b(?P<tail>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
_CLOSING_RE = re.compile(
    r"^[ \t]*(?:done|signed|concluded)[ \t]+(?:at|in)\b", re.IGNORECASE | re.MULTILINE
)
_PARAGRAPH_RE = re.compile(r"^[ \t]*(?:\((?P<a>\d{1,2})\)|(?P<b>\d{1,2})[.)])[ \t]+", re.MULTILINE)
_LEADER_RE = re.compile(r"\.{4,}|\u2026|(?:\. ){3,}")
_SEPARATOR_RE = re.compile(r"^\s*[.:\u2013\u2014-]\s*")
_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_SMALL_WORDS = frozenset({"a", "an", "and", "of", "on", "the", "to", "in", "for", "with", "by"})


def number_value(token: str) -> int | None:
    """The integer an article number stands for: "4", "IV", "Four", "Twenty-One"."""
    if token.isdigit():
        return int(token)
    upper = token.upper()
    if upper and _ROMAN_RE.match(upper):
        total = 0
        for i, ch in enumerate(upper):
            value = _ROMAN[ch]
            nxt = _ROMAN[upper[i + 1]] if i + 1 < len(upper) else 0
            total += -value if value < nxt else value
        return total
    words = re.split(r"[- ]", token.lower())
    if len(words) == 1:
        return _WORD_VALUES.get(words[0]) or _TENS.get(words[0])
    if len(words) == 2 and words[0] in _TENS and words[1] in _WORD_VALUES:
        return _TENS[words[0]] + _WORD_VALUES[words[1]]
    return None


def split_articles(text: str) -> ArticleSplit:
    """Split ``text`` into preamble and articles; raises TreatyError if there are none or
    one number appears twice."""
    headings = [h for h in (_heading(m) for m in _ARTICLE_RE.finditer(text)) if h]
    if not headings:
        raise TreatyError("no article headings found (expected lines like 'Article 1' or 'Art. I')")
    _check_duplicates(text, headings)
    divisions = [d for d in (_division(m, text) for m in _DIVISION_RE.finditer(text)) if d]
    closing = _CLOSING_RE.search(text, headings[-1][1])
    text_end = closing.start() if closing else len(text)

    articles: list[Article] = []
    for i, (number, start, body_start, heading, title) in enumerate(headings):
        end = headings[i + 1][1] if i + 1 < len(headings) else text_end
        end = min([end, *(d[0] for d in divisions if start < d[0] < end)])
        context = next((d[1] for d in reversed(divisions) if d[0] < start), None)
        if title is None:
            title, body_start = _title_line(text, body_start, end)
        end = _rstrip(text, body_start, end)
        articles.append(
            Article(
                number=number,
                heading=heading,
                title=title,
                context=context,
                start=start,
                body_start=body_start,
                end=end,
                paragraphs=_paragraphs(text, body_start, end),
            )
        )
    first = min([headings[0][1], *(d[0] for d in divisions if d[0] < headings[0][1])])
    return ArticleSplit(preamble=_span(text, 0, first), articles=articles)


def _heading(match: re.Match[str]) -> tuple[int, int, int, str, str | None] | None:
    number = number_value(match["num"])
    if number is None:
        return None
    tail = match["tail"]
    if _LEADER_RE.search(tail):
        return None  # a table-of-contents line: "Article 4 ........ 12"
    sep = _SEPARATOR_RE.match(tail)
    if sep:
        rest = tail[sep.end() :]
    elif not tail.strip():
        rest = ""
    elif tail[0] in " \t" and tail.lstrip()[0].isupper():
        rest = tail.lstrip()
    else:
        return None
    rest_start = match.end() - len(rest)
    heading = match.group(0)[: match.end("num") - match.start()].strip()
    rest_clean = rest.strip()
    if not rest_clean:
        return number, match.start("kw"), match.end(), heading, None
    if rest_clean[-1] in ".;" and len(rest_clean.split()) > 8:
        return number, match.start("kw"), rest_start, heading, None
    return number, match.start("kw"), match.end(), heading, rest_clean


def _check_duplicates(text: str, headings: list[tuple[int, int, int, str, str | None]]) -> None:
    seen: dict[int, int] = {}
    for number, start, *_ in headings:
        line = text.count("\n", 0, start) + 1
        if number in seen:
            raise TreatyError(f"article {number} appears twice (lines {seen[number]} and {line})")
        seen[number] = line


def _division(match: re.Match[str], text: str) -> tuple[int, str] | None:
    """A chapter/part/section heading: (offset, label such as 'Chapter II — Defence')."""
    if number_value(match["num"]) is None:
        return None
    tail = match["tail"]
    sep = _SEPARATOR_RE.match(tail)
    if sep:
        title = tail[sep.end() :].strip()
    elif not tail.strip() or tail.lstrip()[0].isupper():
        title = tail.strip()
    else:
        return None
    label = f"{match['kw'].capitalize()} {match['num']}"
    if not title:
        title, _ = _title_line(text, match.end(), len(text))
    return match.start("kw"), f"{label} — {title}" if title else label


def _title_line(text: str, pos: int, end: int) -> tuple[str | None, int]:
    """A short title-case line right under a heading ("Mutual Assistance"), and where the
    body starts after it; body text that merely lacks a full stop is not a title."""
    line_start = pos + 1 if text.startswith("\n", pos) else pos
    while line_start < end and text[line_start] in " \t\n":
        line_start += 1
    line_end = text.find("\n", line_start, end)
    if line_end == -1:
        return None, pos
    line = text[line_start:line_end].strip()
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", line)]
    if not line or len(line) > 80 or line[-1] in ".;:," or _PARAGRAPH_RE.match(line):
        return None, pos
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if content and all(w[0].isupper() for w in content):
        return line, line_end
    return None, pos


def _paragraphs(text: str, start: int, end: int) -> list[Paragraph]:
    """Numbered paragraphs, accepted only in sequence (1, 2, 3 …) so that a wrapped line
    starting with a stray number is not taken for one."""
    starts: list[tuple[str, int]] = []
    expected = 1
    for m in _PARAGRAPH_RE.finditer(text, start, end):
        number = int(m["a"] or m["b"])
        if number == expected:
            starts.append((str(number), m.start() + len(m.group(0)) - len(m.group(0).lstrip())))
            expected += 1
    out = []
    for i, (number, pstart) in enumerate(starts):
        pend = starts[i + 1][1] if i + 1 < len(starts) else end
        out.append(Paragraph(number=number, start=pstart, end=_rstrip(text, pstart, pend)))
    return out


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _span(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    end = _rstrip(text, start, end)
    return Span(text=text[start:end], start=start, end=end) if end > start else None
