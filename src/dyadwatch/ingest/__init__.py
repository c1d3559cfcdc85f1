"""Ingest: files, directories and JSON Lines into ``Document``s, bad input as ``InputError``s.

Readers never raise for bad input; each problem is one ``InputError`` naming the file (and
line) and the reader carries on. Publication date precedence: the date the source carries
(JSONL ``published``/``date``, HTML page metadata), else the ``published`` argument, else a
date the file name starts with (``2024-06-19-putin-visit.txt``).
"""

from dyadwatch.ingest.dates import date_from_filename, parse_date
from dyadwatch.ingest.decoding import DEFAULT_MAX_BYTES, decode_text
from dyadwatch.ingest.html_file import read_html
from dyadwatch.ingest.jsonl_file import read_jsonl, read_jsonl_stream
from dyadwatch.ingest.limits import MAX_DOCUMENT_CHARS, length_problem
from dyadwatch.ingest.normalize import document_id, normalise_text
from dyadwatch.ingest.paths import SUPPORTED_SUFFIXES, read_file, read_paths
from dyadwatch.ingest.text_file import read_txt

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_DOCUMENT_CHARS",
    "SUPPORTED_SUFFIXES",
    "date_from_filename",
    "decode_text",
    "document_id",
    "length_problem",
    "normalise_text",
    "parse_date",
    "read_file",
    "read_html",
    "read_jsonl",
    "read_jsonl_stream",
    "read_paths",
    "read_txt",
]
