"""Bad input never crashes: random and adversarial input to every reader and the coder.

Each property feeds generated input through the public entry points and checks what a
user relies on: every input gives documents, one-line errors naming the file (and line),
or events and uncoded sentences that account for every sentence; offsets point at the
text they quote; and whatever the coder makes, the store accepts. Never an exception.

The suite runs a few dozen cases per property; ``bench/fuzz.py`` runs the same
properties at 10,000 cases (``DYADWATCH_FUZZ_EXAMPLES`` sets cases per property).
"""

from __future__ import annotations

import atexit
import codecs
import datetime as dt
import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import msgspec
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import dyadwatch
from dyadwatch.api import default_pipeline
from dyadwatch.ingest import MAX_DOCUMENT_CHARS, document_id, read_paths
from dyadwatch.model import PLOVER_TYPES, Document, InputError, to_json
from dyadwatch.store import Store

EXAMPLES = int(os.environ.get("DYADWATCH_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CASES: Counter[str] = Counter()  # examples run per property (read by bench/fuzz.py)
REASONS = {
    "no_actor",
    "one_actor",
    "no_trigger",
    "negated",
    "hypothetical",
    "low_confidence",
    "no_parse",
}

# -- what adversarial text is made of ------------------------------------------------

ACTORS = [
    "North Korea",
    "Russia",
    "Pyongyang",
    "Moscow's",
    "Kim Jong Un",
    "Putin",
    "President Vladimir Putin",
    "the North",
    "DPRK",
    "NATO",
    "the two countries",
    "he",
    "they",
    "Seoul",
    "the United Nations",
    "Choe Son Hui",
    "Xi Jinping",
]
TRIGGERS = [
    "met",
    "sent troops to",
    "signed a treaty with",
    "condemned",
    "did not attack",
    "may sanction",
    "will visit",
    "accused",
    "threatened",
    "pledged to send arms to",
    "refused to meet",
    "said",
    "visited",
    "talks with",
    "a summit",
]
DATES = [
    "on 19 June 2024",
    "last June",
    "in mid-September",
    "one month later",
    "yesterday",
    "31 February",
    "2024-06-19",
    "0000-00-00",
    "in 99999",
    "on Monday",
]
NOISE = [
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\u202e",
    "\u200f",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\r",
    "\r\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x85",
    "\ufffd",
    "🇷🇺",
    "🙂",
    "Z\u0337\u0322a\u0334",
    "日本",
    "北朝鮮",
    "Россия",
    "روسيا",
    "שלום",
    "\U000e0041",
    "  ",
    ".",
    "!",
    "?",
    "...",
    '"',
    "'",
    "(",
    ")",
    "—",
    "…",
    ";",
    "\n\n",
    "&amp;",
    "<b>",
]
SEPARATORS = [" ", "", "\n", ". ", ", ", "\t", "\u00a0"]

fragment = st.one_of(
    st.sampled_from(ACTORS),
    st.sampled_from(TRIGGERS),
    st.sampled_from(DATES),
    st.sampled_from(NOISE),
    st.text(max_size=12),
)
sentence_like = st.lists(st.tuples(fragment, st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(f + s for f, s in parts)
)
long_line = st.builds(lambda piece, n: piece * n, sentence_like, st.integers(1, 400))
adversarial_text = st.one_of(sentence_like, long_line, st.text(max_size=300))

# text to file bytes: the encodings users have, plus damage
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]


@st.composite
def file_bytes(draw, text=adversarial_text) -> bytes:
    raw = draw(text).encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):  # damage: random bytes spliced in (invalid UTF-8, stray BOMs)
        at = draw(st.integers(0, len(raw)))
        junk = draw(
            st.one_of(
                st.binary(max_size=8),
                st.sampled_from(
                    [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", codecs.BOM_UTF16_LE, b"\x80\x81"]
                ),
            )
        )
        raw = raw[:at] + junk + raw[at:]
    return raw


@st.composite
def html_page(draw) -> bytes:
    depth = draw(st.integers(0, 3000))
    tag = draw(st.sampled_from(["div", "b", "span", "table", "p", "li", "x-y"]))
    body = draw(sentence_like)
    head = draw(
        st.sampled_from(
            [
                "",
                "<title>\u202eNews</title>",
                '<meta charset="x-bogus">',
                '<meta name="date" content="9999-99-99">',
                '<meta property="article:published_time" content="2024-06-19T08:00:00Z">',
                "<base href='javascript:alert(1)'>",
            ]
        )
    )
    extras = draw(
        st.lists(
            st.sampled_from(
                [
                    "<script>document.write('<p>Russia met China.</p>')</script>",
                    "<style>p { color: red }</style>",
                    "<!-- <p>hidden</p> -->",
                    "<![CDATA[ ]]>",
                    "&#0;&#xD800;&#1114112;&bogus;&",
                    "<p",
                    "</div></div></div>",
                    "<?xml version='1.0'?>",
                    "<svg><foreignObject><p>inner</p></foreignObject></svg>",
                    "<noscript>n</noscript>",
                    "<iframe src='x'>",
                    "<table><tr><td>Seoul</td><td>Tokyo</td></tr></table>",
                ]
            ),
            max_size=4,
        )
    )
    closing = draw(st.booleans())
    page = (
        f"<html><head>{head}</head><body>"
        + "".join(extras)
        + f"<{tag}>" * depth
        + f"<p>{body}</p>"
        + (f"</{tag}>" * depth if closing else "")
        + "</body></html>"
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1252"]))
    return page.encode(encoding, errors="replace")


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = ["text", "id", "title", "url", "published", "date", "publisher", "author", "language"]


@st.composite
def jsonl_line(draw) -> bytes:
    kind = draw(st.integers(0, 5))
    if kind == 0:  # not JSON at all, or broken JSON
        return draw(st.binary(max_size=60)).replace(b"\n", b" ")
    if kind == 1:  # any JSON value, usually not an object
        return json.dumps(draw(json_value)).encode()
    record = {
        name: draw(json_value) for name in draw(st.lists(st.sampled_from(FIELDS), max_size=5))
    }
    if kind >= 3:  # a plausible record, text and date of the right type but odd content
        record["text"] = draw(adversarial_text)
        if draw(st.booleans()):
            record["published"] = draw(
                st.one_of(
                    st.sampled_from(
                        [
                            "2024-06-19",
                            "2024-06-19T08:00:00Z",
                            "20240619",
                            "",
                            "June",
                            "2024-02-30",
                            "9999-12-31T23:59:59+14:00",
                        ]
                    ),
                    st.text(max_size=12),
                )
            )
        if draw(st.booleans()):
            record["id"] = draw(st.one_of(st.integers(), st.text(max_size=10)))
    return json.dumps(record, ensure_ascii=draw(st.booleans())).encode()


# -- checks shared by the properties -------------------------------------------------


def check_read(items: list, path: str) -> list[Document]:
    docs = []
    for item in items:
        if isinstance(item, InputError):
            assert item.path == path
            assert item.message and "\n" not in item.message and "Traceback" not in item.message
        else:
            assert isinstance(item, Document)
            assert item.text.strip() and "\r" not in item.text
            assert len(item.text) <= MAX_DOCUMENT_CHARS
            assert item.id == document_id(item.text)
            docs.append(item)
    return docs


def check_coded(docs: list[Document]) -> None:
    """Code the documents, check the result accounts for every sentence with offsets that
    quote the text, and store it."""
    pipeline = default_pipeline()
    coded = list(pipeline.code_documents(docs))
    assert len(coded) == len(docs)
    for c in coded:
        text = c.document.text
        covered = {e.sentence_index for e in c.events} | {u.sentence_index for u in c.uncoded}
        assert covered == set(range(c.sentences))
        assert len({u.sentence_index for u in c.uncoded}) == len(c.uncoded)
        for u in c.uncoded:
            assert u.reason in REASONS and text[u.start : u.end] == u.text
        for e in c.events:
            assert e.type in PLOVER_TYPES and e.quad_class in (1, 2, 3, 4)
            assert text[e.evidence.start : e.evidence.end] == e.evidence.text
            if e.trigger is not None:
                assert e.evidence.start <= e.trigger.start < e.trigger.end <= e.evidence.end
                assert text[e.trigger.start : e.trigger.end] == e.trigger.text
            for actor in (e.source, e.target):
                if actor.start >= 0:
                    assert text[actor.start : actor.end] == actor.text, (actor, e.evidence)
            msgspec.json.decode(to_json(e))
    with Store(":memory:") as store:
        summary = store.write(coded)
        assert not summary.failed, summary.failed
        assert store.counts()["documents"] == len({d.id for d in docs})


_tmp = Path(tempfile.mkdtemp(prefix="dyadwatch-fuzz-"))
atexit.register(shutil.rmtree, _tmp, True)


def write(name: str, data: bytes) -> str:
    path = _tmp / name
    path.write_bytes(data)
    return str(path)


# -- properties ----------------------------------------------------------------------


@FUZZ
@given(data=file_bytes())
@example(data=b"")
@example(data=b"\x00\x01binary")
@example(data=("Russia met China and " * 47_000).encode())  # a megabyte-long line
@example(data=("x" * (MAX_DOCUMENT_CHARS + 1)).encode())
def test_text_files_give_documents_or_one_line_errors(data):
    CASES["txt"] += 1
    path = write("article.txt", data)
    items = list(read_paths([path]))
    assert len(items) == 1
    check_coded(check_read(items, path))


@FUZZ
@given(data=html_page())
@example(data=b"<html><body>" + b"<div>" * 100_000 + b"Russia met China." + b"</body></html>")
def test_html_pages_give_documents_or_one_line_errors(data):
    CASES["html"] += 1
    path = write("page.html", data)
    items = list(read_paths([path]))
    assert len(items) == 1
    check_coded(check_read(items, path))


@FUZZ
@given(lines=st.lists(jsonl_line(), max_size=8), blank=st.booleans(), bom=st.booleans())
@example(lines=[codecs.BOM_UTF8], blank=False, bom=False)
@example(lines=[b"", b"  "], blank=True, bom=True)
@example(
    lines=[
        b'{"text": 5}',
        b"[1, 2]",
        b'"text"',
        b'{"text": "ok", "id": 1.5}',
        b'{"text": "a", "published": 20240101}',
        b'{"text": "\\ud800 lone"}',
        b'{"text": "b", "id": 99999999999999999999999}',
        b"\xff\xfe{}",
    ],
    blank=True,
    bom=True,
)
def test_jsonl_lines_each_give_a_document_or_an_error_naming_the_line(lines, blank, bom):
    CASES["jsonl"] += 1
    body = b"\n".join(lines) + (b"\n\n  \n" if blank else b"")
    path = write("feed.jsonl", (codecs.BOM_UTF8 if bom else b"") + body)
    items = list(read_paths([path]))
    docs = check_read(items, path)
    effective = list(lines)
    if effective and not bom:  # the reader drops one byte-order mark at the file's start
        effective[0] = effective[0].removeprefix(codecs.BOM_UTF8)
    numbered = [i + 1 for i, line in enumerate(effective) if line.strip()]
    if not numbered:  # only blank lines: one "empty file" error, not silence
        assert [(type(i), i.message) for i in items] == [(InputError, "empty file")]
        return
    # one result per non-blank line, errors numbered by the line they are on
    assert len(items) == len(numbered)
    for item, lineno in zip(items, numbered, strict=True):
        if isinstance(item, InputError):
            assert item.line == lineno
    check_coded(docs)


@FUZZ
@given(text=adversarial_text, published=st.one_of(st.none(), st.dates()))
@example(text="", published=None)
@example(text="\u202eNorth Korea sent troops to Russia\u202c. روسيا.", published=dt.date.min)
@example(text="Kim Jong Un met Putin on 31 February. " * 3, published=dt.date.max)
@example(text="Putin will visit Pyongyang on 19 June 2024 and in May.", published=dt.date.max)
@example(text="Putin visited Pyongyang last week, a day later, in May.", published=dt.date.min)
def test_the_coder_gives_events_or_uncoded_reasons_for_any_text(text, published):
    CASES["coder"] += 1
    events = dyadwatch.code(text, published=published)
    assert isinstance(events, list)
    if text.strip():
        check_coded([Document(id=document_id(text), text=text, published=published)])
