"""How long one document may be, and the one message that says so.

The tokenizer refuses texts over a million characters (spaCy's ``max_length``), and
a document's tokens are all held at once while its actors are resolved, so a longer
text is refused when it is read, with a line naming the file, instead of failing the
whole batch it would have been coded in.
"""

from __future__ import annotations

MAX_DOCUMENT_CHARS = 1_000_000


def length_problem(text: str, max_chars: int = MAX_DOCUMENT_CHARS) -> str | None:
    """Why ``text`` is too long to code as one document, or ``None`` if it is not."""
    if len(text) <= max_chars:
        return None
    return (
        f"document is {len(text):,} characters long, over the {max_chars:,}-character "
        "limit for one document; split it into smaller files"
    )
