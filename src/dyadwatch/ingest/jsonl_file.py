"""JSON Lines corpora: one document per line, streamed, bad lines reported and skipped.

Fields: ``text`` (required, non-empty string), ``id`` (string or integer; kept as the
document's ``external_id``), and optional ``title``, ``url``, ``published`` (alias
``date``; ISO date or datetime, may be null), ``publisher``, ``author``, ``language``.
Other fields are ignored. ``.jsonl.gz`` files are read through gzip.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from collections.abc import Iterator
from typing import BinaryIO

import msgspec

from dyadwatch.ingest.dates import parse_date
from dyadwatch.ingest.decoding import DEFAULT_MAX_BYTES, NotText, decode_text
from dyadwatch.ingest.limits import MAX_DOCUMENT_CHARS, length_problem
from dyadwatch.ingest.normalize import clean_newlines, document_id
from dyadwatch.model import Document, InputError


class _Record(msgspec.Struct):
    text: str
    id: str | int | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    date: str | None = None
    publisher: str | None = None
    author: str | None = None
    language: str | None = None


_decoder = msgspec.json.Decoder(_Record)
_CHUNK = 1024 * 1024
_AT_FIELD = re.compile(r"^(?P<msg>.*) - at `\$\.(?P<field>\w+)`$")


def _describe(exc: msgspec.DecodeError) -> str:
    """msgspec's message, reworded to name the field the user has to fix."""
    message = str(exc).strip().splitlines()[0]
    at = _AT_FIELD.match(message)
    if at:
        return f"field `{at['field']}`: {at['msg'][:1].lower()}{at['msg'][1:]}"
    if message.startswith("Object missing required field"):
        return "missing required field" + message[len("Object missing required field") :]
    if message.startswith("Expected `object`"):
        return "record is not a JSON object" + message[len("Expected `object`") :]
    if message.startswith("JSON is malformed: "):
        return "invalid JSON: " + message[len("JSON is malformed: ") :]
    return message


def _decode_line(raw: bytes) -> _Record:
    try:
        return _decoder.decode(raw)
    except UnicodeDecodeError:
        # Not UTF-8: accept Windows-1252/Latin-1 text if it reads plausibly, then retry.
        return _decoder.decode(decode_text(raw).encode("utf-8"))


def _to_document(
    rec: _Record, name: str, lineno: int, published: dt.date | None, max_chars: int
) -> Document | InputError:
    text = clean_newlines(rec.text)
    if not text.strip():
        return InputError(path=name, line=lineno, message="field `text` is empty")
    if too_long := length_problem(text, max_chars):
        return InputError(path=name, line=lineno, message=f"field `text`: {too_long}")
    date_field = "published" if rec.published is not None else "date"
    raw_date = rec.published if rec.published is not None else rec.date
    pub = published
    if raw_date is not None:
        try:
            pub = parse_date(raw_date)
        except ValueError as exc:
            return InputError(path=name, line=lineno, message=f"field `{date_field}`: {exc}")
    return Document(
        id=document_id(text),
        text=text,
        external_id=str(rec.id) if rec.id is not None else f"{name}:{lineno}",
        title=rec.title or None,
        url=rec.url or None,
        publisher=rec.publisher or None,
        author=rec.author or None,
        published=pub,
        language=rec.language or "en",
        source_path=name,
    )


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def read_jsonl_stream(
    stream: BinaryIO,
    name: str,
    published: dt.date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = MAX_DOCUMENT_CHARS,
) -> Iterator[Document | InputError]:
    """Documents from an open binary stream (a file, gzip, stdin); ``name`` labels errors.

    ``published`` is the date for records that carry none. A line over ``max_bytes`` is
    refused without being held in memory; a text over ``max_chars`` is refused too.
    """
    lineno = 0
    answered = False  # whether any line gave a document or an error
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            if not answered:  # no bytes, or only blank lines: say so rather than nothing
                yield InputError(path=name, line=None, message="empty file")
            return
        lineno += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            answered = True
            _skip_rest_of_line(stream)
            yield InputError(
                path=name, line=lineno, message=f"line is longer than {max_bytes} bytes; skipped"
            )
            continue
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        answered = True  # every other line gives exactly one document or error
        try:
            rec = _decode_line(raw)
        except msgspec.DecodeError as exc:
            yield InputError(path=name, line=lineno, message=_describe(exc))
            continue
        except NotText as exc:
            yield InputError(path=name, line=lineno, message=str(exc))
            continue
        yield _to_document(rec, name, lineno, published, max_chars)


def read_jsonl(
    path: str,
    published: dt.date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = MAX_DOCUMENT_CHARS,
) -> Iterator[Document | InputError]:
    """Documents from a ``.jsonl`` (or ``.jsonl.gz``) file, one per line."""
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as stream:
            yield from read_jsonl_stream(
                stream, path, published, max_bytes=max_bytes, max_chars=max_chars
            )
    except (OSError, EOFError) as exc:
        # Unreadable file, or a gzip stream that is truncated or not gzip at all.
        reason = getattr(exc, "strerror", None) or str(exc)
        yield InputError(path=path, line=None, message=f"cannot read: {reason}")
