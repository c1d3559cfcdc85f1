"""Publication dates from the places sources put them: ISO strings and file names."""

from __future__ import annotations

import datetime as dt
import re

_FILENAME_DATE = re.compile(r"^(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")


def parse_date(value: str) -> dt.date:
    """An ISO date (``2024-06-19``, ``20240619``) or ISO datetime (``2024-06-19T08:00:00Z``).

    Raises ``ValueError`` with a short message for anything else, so readers can turn it
    into a one-line input error naming the field.
    """
    text = value.strip()
    if not text:
        raise ValueError("empty date")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("z", "Z")).date()
    except ValueError:
        raise ValueError(f"not an ISO date: {value[:40]!r}") from None


def date_from_filename(name: str) -> dt.date | None:
    """The date a file name starts with (``2024-06-19-putin-visit.txt``), if it is a real one."""
    match = _FILENAME_DATE.match(name)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
