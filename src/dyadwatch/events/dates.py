"""Resolve when the event in a sentence happened.

News sentences rarely carry a full date: they say "in mid-September", "last June",
"on Tuesday" or "one month later", and the reader fills in the rest from the
dateline and from what the article said before. A generic date parser resolves
few of these, and none against the previous event, so this resolver is a small
set of regular expressions (compiled once, at import) with one rule each.

Anchors
    ``published`` (the document date) anchors expressions that count from "now"
    ("yesterday", "last week", "on Monday", "two days ago", a month without a year).
    ``previous`` (the event date of the previous coded sentence in the document)
    anchors discourse expressions ("one month later", "the next day", "the same day",
    "a year earlier"); those get source ``discourse``.

Rules
    * Explicit dates ("June 19, 2024", "19 June 2024", "2024-06-19") are taken as
      written; "June 2024" has month precision; "in 2023", "since 2023", "mid-2024"
      have year precision. A bare four-digit number is only a year after such a cue
      word, never before a count noun ("in 2000 troops"), and only within 1900-2100;
      counts, article numbers and percentages never match because every pattern
      needs a month name, a cue word or a date shape.
    * A month without a year is the most recent such month not after the publication
      month ("December" in a January article is the December before). A day and
      month without a year is the most recent such date not after publication,
      except that a date up to 7 days after publication is taken as the coming one
      (datelines lag time zones; a near date is likelier than one 51 weeks back).
      Feb 29 without a year goes back to the last leap year. In a future-tense
      sentence ("will", "is due to", "plans to", "expects") the next occurrence is
      taken.
      A year that opens the sentence ("In 2023, Kim met Putin on Sept. 13")
      supplies the missing year instead; a year deeper in the sentence only does
      when there is no publication date (it is often a subordinate clause's).
    * "last June" is the most recent June before the publication month; "this June"
      is June of the publication year; "next June" the first June after it.
    * Month and year precision dates are the first day of the period (as
      ``EventDate`` documents); "mid-September", "early/late September" and "the
      end of June" are month precision, with the wording kept in ``text``.
    * Calendar weeks ("last week", "the following week") have no week precision to
      go to, so they resolve to the Monday of that week with day precision: weekly
      series then put them in the right ISO week. Counted weeks ("three weeks ago",
      "two weeks later") move by exactly 7 days each.
    * Weekdays: "last Friday" is the most recent Friday before publication; "next
      Friday" the first after; "on Monday" / "Monday" the most recent Monday on or
      before publication, or the next on or after it in a future-tense sentence.
    * "N days/weeks ago" count back from publication (day precision); "N months
      ago" gives month precision, "N years ago" year precision.
    * Discourse expressions shift ``previous`` and never claim more precision than
      ``previous`` had (a month-precision anchor plus "two days later" stays month
      precision). Without a previous date they are ignored.
    * Expressions needing a publication date are ignored when there is none; a month
      or day without a year then borrows the year of ``previous`` (source
      ``discourse``), if any.

Choosing among several expressions
    Overlapping matches keep the longer one ("May 2024" over "in May"). Of the rest,
    the most precise wins (day over month over year), then the leftmost. In news
    sentences the most specific date is usually the event's own; a background year
    ("in 2023") or month rarely outranks it. A date inside a relative clause ("the
    treaty that Putin signed in June", "Belousov, who replaced Shoigu in May, said")
    belongs to that clause, not to the main event, and is not used; when it is the
    only date, the no-expression rule below applies. ``expressions()`` lists them all
    (relative-clause ones marked ``subordinate``).

No expression
    The publication date with source ``publication`` and day precision, or, with no
    publication date, ``EventDate(date=None, source="none")``. A sentence does not
    inherit ``previous`` by itself unless ``carry_previous=True`` is passed (then
    it gets the previous date with source ``discourse``): the pipeline decides.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from collections.abc import Callable
from typing import NamedTuple

from dyadwatch.model import DatePrecision, DateSource, EventDate

MIN_YEAR = 1900
MAX_YEAR = 2100
NEAR_FUTURE_DAYS = 7

_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
#: Full month names ("March", "May"): never event words, whatever the tagger says.
MONTH_NAMES = frozenset(name for name in _MONTHS if len(name) > 3)
# Month names that are also common English words or short forms: a bare mention
# (no day, no year) counts only after a cue word such as "in" or "last".
_AMBIGUOUS_BARE = frozenset(
    {"may", "march", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
     "nov", "dec"}
)  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "couple of": 2,
}  # fmt: skip
_PRECISION_RANK: dict[str, int] = {"day": 0, "month": 1, "year": 2}

# Month names are matched case-sensitively (capitalised) so that "may" and "march"
# as verbs never match; cue words around them are case-insensitive.
_MON = (
    r"(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)(?![a-z])|(?:Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"(?![a-z])\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<year>\d{4})(?![\d,]\d)"
_NUM = (
    r"(?P<n>\d{1,3}|a\s+couple\s+of|couple\s+of|an?|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve)"
)
_COUNT_NOUNS = (
    r"troops|soldiers|people|personnel|workers|tons|tonnes|shells|rounds|missiles|units|"
    r"dollars|won|rubles|roubles|yuan|km|kilometres|kilometers|miles|metres|meters|percent"
)
_FUTURE = re.compile(
    r"\b(?:will|shall|(?:due|set|scheduled|expected|going|planning|intending)\s+to|"
    r"(?:is|are)\s+to|plans?\s+to|intends?\s+to|expects?|forecasts?)\b"
)  # searched in the lower-cased sentence: IGNORECASE triples the cost
# Relative clauses carry their own dates ("the treaty that Putin signed in June",
# "Belousov, who replaced Shoigu in May, said ..."): such a date is not the main event's.
_RELATIVE_WORD = re.compile(r"\b(?:who|whom|whose|which|that)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014]")
# "that" after these words opens a complement clause ("said that ..."), not a relative one.
_COMPLEMENT_HEADS = frozenset({
    "said", "says", "say", "saying", "told", "tells", "announced", "reported", "reports",
    "stated", "added", "noted", "warned", "claimed", "denied", "denies", "insisted",
    "confirmed", "believe", "believes", "believed", "think", "thinks", "thought", "argued",
    "hoped", "feared", "know", "knows", "knew", "showed", "shows", "suggested", "suggests",
    "estimated", "acknowledged", "admitted", "alleged", "promised", "pledged", "vowed",
    "expects", "expected", "stressed", "emphasised", "emphasized", "complained", "explained",
    "indicated", "revealed", "signalled", "signaled", "learned", "agreed", "decided", "so",
    "now", "such", "given", "after", "before", "than"
})  # fmt: skip


class _Context:
    """What the rules need besides the match; tense and year hint are worked out on demand."""

    __slots__ = ("published", "previous", "_text", "lowered", "_future", "_year_hint", "_hint_done")

    def __init__(
        self, text: str, lowered: str, published: dt.date | None, previous: EventDate | None
    ):
        self.published = published
        self.previous = previous
        self._text = text
        self.lowered = lowered
        self._future: bool | None = None
        self._year_hint: int | None = None
        self._hint_done = False

    @property
    def future(self) -> bool:
        if self._future is None:
            self._future = bool(_FUTURE.search(self.lowered))
        return self._future

    @property
    def year_hint(self) -> int | None:
        if not self._hint_done:
            self._year_hint = _year_hint(self._text, anywhere=self.published is None)
            self._hint_done = True
        return self._year_hint


class DateExpression(NamedTuple):
    """One date expression found in a sentence, resolved (what ``expressions`` lists).

    ``start``/``end`` index the sentence; ``subordinate`` marks one inside a relative
    clause, which ``resolve`` does not use for the event.
    """

    start: int
    end: int
    date: dt.date
    precision: DatePrecision
    source: DateSource
    text: str
    subordinate: bool = False


_Handler = Callable[
    [re.Match[str], "_Context", "str | None"], "tuple[dt.date, DatePrecision, DateSource] | None"
]


# ---------------------------------------------------------------- date arithmetic


def _plausible(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not _plausible(year) or not 1 <= month <= 12:
        return None
    if not 1 <= day <= monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def _add_months(d: dt.date, months: int) -> dt.date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(d.day, monthrange(year, month + 1)[1]))


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _truncate(d: dt.date, precision: DatePrecision) -> dt.date:
    if precision == "year":
        return dt.date(d.year, 1, 1)
    if precision == "month":
        return dt.date(d.year, d.month, 1)
    return d


def _coarser(a: DatePrecision, b: DatePrecision | None) -> DatePrecision:
    if b is None:
        return a
    return a if _PRECISION_RANK[a] >= _PRECISION_RANK[b] else b


def _shift(d: dt.date, unit: str, n: int) -> tuple[dt.date, DatePrecision]:
    """Move ``d`` by ``n`` counted units; months and years coarsen the precision."""
    if unit == "day":
        return d + dt.timedelta(days=n), "day"
    if unit == "week":
        return d + dt.timedelta(weeks=n), "day"
    if unit == "month":
        return _truncate(_add_months(d, n), "month"), "month"
    return dt.date(d.year + n, 1, 1), "year"


def _number(text: str) -> int:
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else _NUMBERS[text]


def _month(m: re.Match[str]) -> int:
    return _MONTHS[m.group("mon").lower().rstrip(".")]


# ------------------------------------------------------ year inference helpers


def _month_without_year(month: int, ctx: _Context) -> tuple[dt.date, DateSource] | None:
    if ctx.year_hint is not None:
        return dt.date(ctx.year_hint, month, 1), "sentence"
    pub = ctx.published
    if pub is None:
        return _from_previous_year(month, 1, ctx)
    year = pub.year
    if ctx.future:
        if month < pub.month:
            year += 1
    elif month > pub.month:
        year -= 1
    return dt.date(year, month, 1), "sentence"


def _day_without_year(month: int, day: int, ctx: _Context) -> tuple[dt.date, DateSource] | None:
    if ctx.year_hint is not None:
        found = _safe_date(ctx.year_hint, month, day)
        return (found, "sentence") if found else None
    pub = ctx.published
    if pub is None:
        return _from_previous_year(month, day, ctx)
    if ctx.future:
        years = range(pub.year, pub.year + 9)
        limit = pub
        candidates = (_safe_date(y, month, day) for y in years)
        found = next((c for c in candidates if c is not None and c >= limit), None)
    else:
        limit = pub + dt.timedelta(days=NEAR_FUTURE_DAYS)
        candidates = (_safe_date(y, month, day) for y in range(pub.year + 1, pub.year - 9, -1))
        found = next((c for c in candidates if c is not None and c <= limit), None)
    return (found, "sentence") if found else None


def _from_previous_year(month: int, day: int, ctx: _Context) -> tuple[dt.date, DateSource] | None:
    prev = ctx.previous
    if prev is None or prev.date is None:
        return None
    found = _safe_date(prev.date.year, month, day)
    return (found, "discourse") if found else None


# ---------------------------------------------------------------- rule handlers


def _explicit_day(m: re.Match[str], ctx: _Context, cue: str | None):
    month = int(m.group("mon_n")) if "mon_n" in m.re.groupindex else _month(m)
    found = _safe_date(int(m.group("year")), month, int(m.group("day")))
    return (found, "day", "sentence") if found else None


def _explicit_month(m: re.Match[str], ctx: _Context, cue: str | None):
    year = m.group("year")
    if year is None:
        inferred = _month_without_year(_month(m), ctx)
        return (inferred[0], "month", inferred[1]) if inferred else None
    found = _safe_date(int(year), _month(m), 1)
    return (found, "month", "sentence") if found else None


def _day_month(m: re.Match[str], ctx: _Context, cue: str | None):
    inferred = _day_without_year(_month(m), int(m.group("day")), ctx)
    return (inferred[0], "day", inferred[1]) if inferred else None


def _bare_month(m: re.Match[str], ctx: _Context, cue: str | None):
    if cue is None and m.group("mon").lower().rstrip(".") in _AMBIGUOUS_BARE:
        return None
    inferred = _month_without_year(_month(m), ctx)
    return (inferred[0], "month", inferred[1]) if inferred else None


def _relative_month(m: re.Match[str], ctx: _Context, cue: str | None):
    pub = ctx.published
    if pub is None:
        return None
    month, rel = _month(m), m.group("rel").lower().split()[-1]
    year = pub.year
    if rel == "last" or rel == "past":
        year = pub.year if month < pub.month else pub.year - 1
    elif rel in ("next", "coming"):
        year = pub.year if month > pub.month else pub.year + 1
    return dt.date(year, month, 1), "month", "sentence"


def _month_relative_year(m: re.Match[str], ctx: _Context, cue: str | None):
    if ctx.published is None:
        return None
    offset = {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
    return dt.date(ctx.published.year + offset, _month(m), 1), "month", "sentence"


def _year(m: re.Match[str], ctx: _Context, cue: str | None):
    year = int(m.group("year"))
    return (dt.date(year, 1, 1), "year", "sentence") if _plausible(year) else None


def _today(m: re.Match[str], ctx: _Context, cue: str | None):
    return (ctx.published, "day", "sentence") if ctx.published else None


def _yesterday(m: re.Match[str], ctx: _Context, cue: str | None):
    if ctx.published is None:
        return None
    back = 2 if m.group(0).lower().startswith("the") else 1
    return ctx.published - dt.timedelta(days=back), "day", "sentence"


def _tomorrow(m: re.Match[str], ctx: _Context, cue: str | None):
    return (ctx.published + dt.timedelta(days=1), "day", "sentence") if ctx.published else None


def _ago(m: re.Match[str], ctx: _Context, cue: str | None):
    if ctx.published is None:
        return None
    date, precision = _shift(ctx.published, m.group("unit").lower(), -_number(m.group("n")))
    return date, precision, "sentence"


def _calendar_unit(m: re.Match[str], ctx: _Context, cue: str | None):
    pub = ctx.published
    if pub is None:
        return None
    offset = {"last": -1, "this": 0, "next": 1}[m.group("rel").lower().split()[-1]]
    unit = m.group("unit").lower()
    if unit == "week":
        return _monday(pub) + dt.timedelta(weeks=offset), "day", "sentence"
    if unit == "weekend":
        return _monday(pub) + dt.timedelta(weeks=offset, days=5), "day", "sentence"
    if unit == "month":
        return _add_months(_truncate(pub, "month"), offset), "month", "sentence"
    return dt.date(pub.year + offset, 1, 1), "year", "sentence"


def _weekday(m: re.Match[str], ctx: _Context, cue: str | None):
    pub = ctx.published
    if pub is None:
        return None
    target = _WEEKDAYS[m.group("wd").lower()]
    rel = (cue or "").split()
    back = (pub.weekday() - target) % 7
    ahead = (target - pub.weekday()) % 7
    if rel and rel[-1] == "last" or rel[-2:] == ["this", "past"]:
        return pub - dt.timedelta(days=back or 7), "day", "sentence"
    if rel and rel[-1] in ("next", "coming"):
        return pub + dt.timedelta(days=ahead or 7), "day", "sentence"
    if ctx.future:
        return pub + dt.timedelta(days=ahead), "day", "sentence"
    return pub - dt.timedelta(days=back), "day", "sentence"


def _weekend(m: re.Match[str], ctx: _Context, cue: str | None):
    pub = ctx.published
    if pub is None:
        return None
    return pub - dt.timedelta(days=(pub.weekday() - 5) % 7), "day", "sentence"


def _discourse(date: dt.date, precision: DatePrecision, previous: EventDate):
    """A shifted anchor never claims more precision than the anchor had."""
    precision = _coarser(precision, previous.precision)
    return _truncate(date, precision), precision, "discourse"


def _following(m: re.Match[str], ctx: _Context, cue: str | None):
    prev = ctx.previous
    if prev is None or prev.date is None:
        return None
    rel = m.group("rel").lower()
    sign = -1 if rel in ("previous", "preceding", "before") else 1
    unit = m.group("unit").lower()
    if unit in ("morning", "afternoon", "evening", "night"):
        unit = "day"
    if unit == "week":
        return _discourse(_monday(prev.date) + dt.timedelta(weeks=sign), "day", prev)
    date, precision = _shift(prev.date, unit, sign)
    return _discourse(date, precision, prev)


def _same(m: re.Match[str], ctx: _Context, cue: str | None):
    prev = ctx.previous
    if prev is None or prev.date is None:
        return None
    unit = m.group("unit").lower()
    if unit == "week":
        return _discourse(_monday(prev.date), "day", prev)
    if unit in ("month", "year"):
        return _discourse(prev.date, unit, prev)
    return _discourse(prev.date, "day", prev)


def _later_any(m: re.Match[str], ctx: _Context, cue: str | None):
    """ "N days later" and "N days after." share a rule; only the direction group differs."""
    direction = m.group("dir") or m.group("dir2")
    prev = ctx.previous
    if prev is None or prev.date is None:
        return None
    sign = -1 if direction.lower() in ("earlier", "before", "prior") else 1
    date, precision = _shift(prev.date, m.group("unit").lower(), sign * _number(m.group("n")))
    return _discourse(date, precision, prev)


def _same_day(m: re.Match[str], ctx: _Context, cue: str | None):
    prev = ctx.previous
    if prev is None or prev.date is None:
        return None
    return _discourse(prev.date, "day", prev)


# ---------------------------------------------------------------- the rule table

_I = re.IGNORECASE
# "in 2023", "since 2023", "mid-2024", "the end of 2023": a year only after a cue word,
# and never before a count noun ("in 2000 troops").
_YEAR_CUES = (
    r"in|since|during|until|till|throughout|through|from|early|late|mid|back\s+in|"
    r"(?:the\s+)?(?:end|beginning|start|middle)\s+of|the\s+year"
)
_YEAR_EXPRESSION = re.compile(rf"\b(?i:{_YEAR_CUES})[\s-]*{_YEAR}(?!\s+(?i:{_COUNT_NOUNS})\b)")
# A year that frames the whole sentence ("In 2023, ... on Sept. 13") supplies the year
# of a month or day written without one; a year deeper in the sentence usually belongs
# to a subordinate clause ("who first met Kim in 2019") and does not.
_FRAMING_CHARS = 12


class _Rule(NamedTuple):
    """A pattern, what it means, and how to run it cheaply.

    ``needles``: substrings without which the pattern cannot match; plain substring
    tests (much cheaper than a regex alternation) skip most rules for most sentences. ``lower``: the
    pattern is written in lower case and runs on the lower-cased sentence (an
    IGNORECASE regex costs about three times as much). ``left``: optional cue words
    just before the match ("last Friday", "in May", "since 2022"), looked for only
    where the main pattern matched; ``left_required`` drops a match without one.
    """

    pattern: re.Pattern[str]
    handler: _Handler
    needles: tuple[str, ...]
    lower: bool = True
    left: re.Pattern[str] | None = None
    left_required: bool = False


def _left(words: str) -> re.Pattern[str]:
    return re.compile(rf"\b({words})[\s-]*$")


_MONTH_NEEDLES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                  "Dec")  # fmt: skip
_UNIT_NEEDLES = ("day", "week", "month", "year")
_UNITS = r"(?P<unit>day|week|month|year)s?"
_LEFT_WINDOW = 32

_RULES: list[_Rule] = [
    _Rule(re.compile(r"(?P<year>\d{4})[-/](?P<mon_n>[01]?\d)[-/](?P<day>[0-3]?\d)(?!\d)"),
          _explicit_day, ("-", "/"), lower=False),
    _Rule(re.compile(rf"{_MON}\s+{_DAY},?\s+{_YEAR}"), _explicit_day, _MONTH_NEEDLES,
          lower=False),
    _Rule(re.compile(rf"(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}"), _explicit_day,
          _MONTH_NEEDLES, lower=False),
    _Rule(re.compile(rf"{_MON}\s+{_DAY}"), _day_month, _MONTH_NEEDLES, lower=False),
    _Rule(re.compile(rf"(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}"), _day_month, _MONTH_NEEDLES,
          lower=False),
    _Rule(re.compile(rf"{_MON},?\s+(?:of\s+)?{_YEAR}"), _explicit_month, _MONTH_NEEDLES,
          lower=False),
    _Rule(re.compile(
        r"(?i:early|mid|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of)[\s-]*"
        rf"{_MON}(?:,?\s+(?:of\s+)?{_YEAR})?"), _explicit_month, _MONTH_NEEDLES, lower=False),
    _Rule(re.compile(
        rf"(?P<rel>(?i:this\s+past|this\s+coming|last|this|next|past|coming))\s+{_MON}"),
        _relative_month, _MONTH_NEEDLES, lower=False),
    _Rule(re.compile(
        rf"{_MON}\s+(?:(?i:of)\s+)?(?P<rel>(?i:last|this|next))\s+(?i:year)\b"),
        _month_relative_year, _MONTH_NEEDLES, lower=False),
    _Rule(re.compile(rf"{_MON}"), _bare_month, _MONTH_NEEDLES, lower=False,
          left=_left("in|since|during|until|till|through|throughout|from|by|of|before|after")),
    _Rule(re.compile(rf"(?<![\d,.])\b{_YEAR}(?!\s+(?i:{_COUNT_NOUNS})\b)"), _year,
          ("19", "20", "21"), lower=False, left=_left(_YEAR_CUES), left_required=True),
    _Rule(re.compile(r"(?:today|tonight|this\s+(?:morning|afternoon|evening))\b"), _today,
          ("today", "tonight", "morning", "afternoon", "evening")),
    _Rule(re.compile(r"(?:the\s+day\s+before\s+yesterday|yesterday)\b"), _yesterday,
          ("yesterday",)),
    _Rule(re.compile(r"tomorrow\b"), _tomorrow, ("tomorrow",)),
    _Rule(re.compile(rf"{_NUM}\s+{_UNITS}\s+ago\b"), _ago, (" ago",)),
    _Rule(re.compile(
        r"(?P<rel>(?:earlier|later|early|late)\s+(?:this|last|next)|last|this|next)\s+"
        r"(?P<unit>weekend|week|month|year)\b"), _calendar_unit, ("week", "month", "year")),
    _Rule(re.compile(r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
          _weekday, ("day",), lower=False,
          left=_left(r"this\s+past|this\s+coming|last|this|next|coming|on")),
    _Rule(re.compile(r"(?:over|at|during)\s+the\s+weekend\b"), _weekend, ("weekend",)),
    _Rule(re.compile(
        rf"{_NUM}\s+{_UNITS}\s+"
        r"(?:(?P<dir>later|afterwards?|earlier|on)\b|"
        r"(?P<dir2>after|before|prior)(?=\s*(?:[,.;]|$|that\b|this\b)))"),
        _later_any, ("later", "afterward", "earlier", " after", " before", "prior", "s on",
                     "day on", "week on", "month on", "year on")),
    _Rule(re.compile(
        r"the\s+(?P<rel>following|next|previous|preceding)\s+"
        r"(?P<unit>day|week|month|year|morning|afternoon|evening|night)\b"), _following,
        ("following", "next", "previous", "preceding")),
    _Rule(re.compile(r"the\s+(?P<unit>day|week|month|year)\s+(?P<rel>after|before)\b"),
          _following, (" after", " before")),
    _Rule(re.compile(
        r"(?:the\s+same|(?:later|earlier)\s+that|that\s+same|that)\s+"
        r"(?P<unit>day|week|month|year|morning|afternoon|evening|night)\b(?!-)"), _same,
        ("same", "that")),
    _Rule(re.compile(r"(?:hours|minutes|moments)\s+(?:later|afterwards?|earlier)\b"),
          _same_day, ("hours", "minutes", "moments")),
]  # fmt: skip


def _group_rules(rules: list[_Rule]) -> list[tuple[tuple[str, ...], bool, list[_Rule]]]:
    """Rules that share a needle set share one needle test (the nine month rules)."""
    groups: dict[tuple[tuple[str, ...], bool], list[_Rule]] = {}
    for rule in rules:
        groups.setdefault((rule.needles, rule.lower), []).append(rule)
    return [(needles, lower, members) for (needles, lower), members in groups.items()]


_RULE_GROUPS = _group_rules(_RULES)
_LEADING_PREPOSITION = re.compile(r"^(?:in|on|of|at)\s+", _I)


class DateResolver:
    """Resolves one sentence's event date; stateless, so one instance serves a process.

    ``carry_previous=True`` makes a sentence without any date expression take the
    previous event's date (source ``discourse``) instead of the publication date.
    """

    name = "rules"
    version = "1"

    def __init__(self, carry_previous: bool = False) -> None:
        self.carry_previous = carry_previous

    def resolve(
        self,
        sentence_text: str,
        published: dt.date | None,
        previous: EventDate | None = None,
    ) -> EventDate:
        """The event date of one sentence (see the module notes for the rules)."""
        found = [f for f in self.expressions(sentence_text, published, previous)
                 if not f.subordinate]  # fmt: skip
        if found:
            best = min(found, key=lambda f: (_PRECISION_RANK[f.precision], f.start))
            return EventDate(
                date=best.date, precision=best.precision, source=best.source, text=best.text
            )
        if self.carry_previous and previous is not None and previous.date is not None:
            return EventDate(date=previous.date, precision=previous.precision, source="discourse")
        if published is not None:
            return EventDate(date=published, precision="day", source="publication")
        return EventDate(date=None, precision=None, source="none")

    def expressions(
        self,
        sentence_text: str,
        published: dt.date | None,
        previous: EventDate | None = None,
    ) -> list[DateExpression]:
        """Every resolvable date expression in the sentence, overlaps removed, in order.

        Where two matches overlap ("in May" inside "in May 2024") the longer one
        stands, and on equal length the more precise one. ``subordinate`` marks a
        date inside a relative clause, which ``resolve`` does not use.
        """
        lowered = _lower_same_length(sentence_text)
        ctx = _Context(sentence_text, lowered, published, previous)
        found: list[DateExpression] = []
        for needles, on_lower, rules in _RULE_GROUPS:
            hay = lowered if on_lower else sentence_text
            if not any(map(hay.__contains__, needles)):
                continue
            for rule in rules:
                _apply_rule(rule, hay, sentence_text, lowered, ctx, found)
        kept: list[DateExpression] = []
        for f in sorted(found, key=lambda f: (f.start - f.end, _PRECISION_RANK[f.precision])):
            if all(f.end <= k.start or f.start >= k.end for k in kept):
                kept.append(f)
        return sorted(kept, key=lambda f: f.start)


def _apply_rule(
    rule: _Rule,
    hay: str,
    sentence_text: str,
    lowered: str,
    ctx: _Context,
    found: list[DateExpression],
) -> None:
    for m in rule.pattern.finditer(hay):
        start, cue = m.start(), None
        if start and hay[start - 1].isalnum():
            continue  # the word boundary, checked here: a leading \b slows the scan 3x
        if rule.left is not None:
            lm = rule.left.search(lowered, max(0, start - _LEFT_WINDOW), start)
            if lm is not None:
                start, cue = lm.start(), " ".join(lm.group(1).split())
            elif rule.left_required:
                continue
        try:
            resolved = rule.handler(m, ctx, cue)
        except (OverflowError, ValueError):  # a date past year 9999 (a bogus publication date)
            continue
        if resolved is None or not _plausible(resolved[0].year):
            continue
        text = _LEADING_PREPOSITION.sub("", sentence_text[start : m.end()].strip())
        sub = _in_relative_clause(sentence_text, start)
        found.append(DateExpression(start, m.end(), *resolved, text, sub))


def _year_hint(sentence_text: str, anywhere: bool) -> int | None:
    lead = len(sentence_text) - len(sentence_text.lstrip(" \t\n\"'“‘([-—"))
    for m in _YEAR_EXPRESSION.finditer(sentence_text):
        if not anywhere and m.start() - lead > _FRAMING_CHARS:
            break
        if _plausible(int(m.group("year"))):
            return int(m.group("year"))
    return None


def _in_relative_clause(sentence_text: str, start: int) -> bool:
    """Is the expression at ``start`` inside a relative clause that opens before it?

    Looks back only to the last comma, semicolon or dash: "Kim, who arrived on
    Tuesday, met Putin" marks Tuesday but not a date after the closing comma.
    """
    clause_start = 0
    for m in _CLAUSE_BREAK.finditer(sentence_text, 0, start):
        clause_start = m.end()
    for m in _RELATIVE_WORD.finditer(sentence_text, clause_start, start):
        if m.group(0).lower() != "that":
            return True
        before = sentence_text[: m.start()].lower().split()[-4:]
        if not any(w.strip(".,;:'\"") in _COMPLEMENT_HEADS for w in before):
            return True
    return False


def _lower_same_length(text: str) -> str:
    """Lower-cased text with the same offsets (a few characters grow when lower-cased)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
