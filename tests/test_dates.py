"""Event dates as an analyst would check them against the dateline and the story."""

from __future__ import annotations

import datetime as dt

import pytest

from dyadwatch.events.dates import DateResolver
from dyadwatch.model import EventDate

D = dt.date
PUB = D(2024, 11, 20)  # a Wednesday
SUMMIT = EventDate(date=D(2023, 9, 13), precision="day", source="sentence", text="Sept. 13")


@pytest.fixture(scope="module")
def resolver() -> DateResolver:
    return DateResolver()


def check(resolver, sentence, expected, precision, source="sentence", pub=PUB, prev=None):
    got = resolver.resolve(sentence, pub, prev)
    assert (got.date, got.precision, got.source) == (expected, precision, source), got
    return got


@pytest.mark.parametrize(
    ("sentence", "expected", "text"),
    [
        ("The treaty was signed in Pyongyang on June 19, 2024.", D(2024, 6, 19), "June 19, 2024"),
        ("The leaders signed it on 19 June 2024 after long talks.", D(2024, 6, 19), "19 June 2024"),
        ("A statement dated 2024-06-19 announced the pact.", D(2024, 6, 19), "2024-06-19"),
        ("Kim boarded his train on Sept. 13, 2023, aides said.", D(2023, 9, 13), None),
        ("The envoy left on the 3rd of March, 2023.", D(2023, 3, 3), None),
    ],
)
def test_explicit_day_dates_are_taken_as_written(resolver, sentence, expected, text):
    got = check(resolver, sentence, expected, "day")
    if text:
        assert got.text == text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The two leaders met at the cosmodrome on Sept. 13.", D(2024, 9, 13)),
        ("Talks were held Sept 13 at the launch site.", D(2024, 9, 13)),
        ("The delegation arrived on 13th September.", D(2024, 9, 13)),
        ("The delegation arrived on the 13th of September.", D(2024, 9, 13)),
        ("Ministers met on November 18 in Moscow.", D(2024, 11, 18)),
    ],
)
def test_day_and_month_without_year_take_the_latest_year_not_after_publication(
    resolver, sentence, expected
):
    check(resolver, sentence, expected, "day")


def test_day_just_after_publication_is_the_coming_one_not_last_years(resolver):
    check(resolver, "Putin lands in Pyongyang on June 19.", D(2024, 6, 19), "day",
          pub=D(2024, 6, 17))  # fmt: skip


def test_day_well_after_publication_belongs_to_the_previous_year(resolver):
    check(resolver, "The summit was held on Dec. 12.", D(2023, 12, 12), "day", pub=D(2024, 11, 20))


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("Trade rose sharply in June 2024, customs data showed.", D(2024, 6, 1), "month"),
        ("The shipments began in September, officials said.", D(2024, 9, 1), "month"),
        ("Exchanges between the two armies grew in 2023.", D(2023, 1, 1), "year"),
        ("Cooperation has deepened since 2022.", D(2022, 1, 1), "year"),
        ("Officials expect a second summit by mid-2025.", D(2025, 1, 1), "year"),
    ],
)
def test_month_and_year_precision(resolver, sentence, expected, precision):
    check(resolver, sentence, expected, precision)


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("The first units crossed the border in mid-September.", "mid-September"),
        ("The first units crossed the border in early September.", "early September"),
        ("The first units crossed the border in late September.", "late September"),
        ("The first units crossed the border at the end of September.", "the end of September"),
    ],
)
def test_parts_of_a_month_are_month_precision_on_the_first(resolver, sentence, text):
    got = check(resolver, sentence, D(2024, 9, 1), "month")
    assert got.text == text


def test_month_mentioned_in_january_article_is_the_previous_december(resolver):
    check(resolver, "The envoy visited Beijing in December.", D(2023, 12, 1), "month",
          pub=D(2024, 1, 8))  # fmt: skip


def test_publication_month_itself_counts_as_not_after(resolver):
    check(resolver, "Talks resumed in November.", D(2024, 11, 1), "month")


@pytest.mark.parametrize(
    ("sentence", "pub", "expected"),
    [
        ("The minister visited Pyongyang last June.", D(2024, 11, 20), D(2024, 6, 1)),
        ("The minister visited Pyongyang last June.", D(2024, 6, 25), D(2023, 6, 1)),
        ("The minister visited Pyongyang last June.", D(2024, 3, 2), D(2023, 6, 1)),
        ("Drills are planned for next March.", D(2024, 11, 20), D(2025, 3, 1)),
        ("Both sides met this April.", D(2024, 11, 20), D(2024, 4, 1)),
        ("The pact was drafted in October last year.", D(2024, 11, 20), D(2023, 10, 1)),
    ],
)
def test_last_this_next_month_name(resolver, sentence, pub, expected):
    check(resolver, sentence, expected, "month", pub=pub)


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("Kim inspected a munitions plant yesterday.", D(2024, 11, 19), "day"),
        ("The ministry issued a statement today.", D(2024, 11, 20), "day"),
        ("Seoul lodged a protest the day before yesterday.", D(2024, 11, 18), "day"),
        ("Talks will continue tomorrow.", D(2024, 11, 21), "day"),
        ("Envoys met last week in Moscow.", D(2024, 11, 11), "day"),  # Monday of that week
        ("Envoys will meet next week in Moscow.", D(2024, 11, 25), "day"),
        ("Shipments doubled last month.", D(2024, 10, 1), "month"),
        ("Shipments doubled this month.", D(2024, 11, 1), "month"),
        ("The two sides held 12 rounds of talks last year.", D(2023, 1, 1), "year"),
        ("The two sides held several rounds of talks this year.", D(2024, 1, 1), "year"),
        ("The two sides held talks earlier this year.", D(2024, 1, 1), "year"),
        ("The envoy arrived two days ago.", D(2024, 11, 18), "day"),
        ("The envoy arrived three weeks ago.", D(2024, 10, 30), "day"),
        ("The envoy arrived a month ago.", D(2024, 10, 1), "month"),
        ("The envoy arrived 2 years ago.", D(2022, 1, 1), "year"),
    ],
)
def test_expressions_counted_from_publication(resolver, sentence, expected, precision):
    check(resolver, sentence, expected, precision)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Lavrov met Choe on Monday in Moscow.", D(2024, 11, 18)),
        ("Lavrov met Choe Monday, the ministry said.", D(2024, 11, 18)),
        ("Lavrov met Choe on Wednesday.", D(2024, 11, 20)),  # the publication day itself
        ("Lavrov met Choe last Friday.", D(2024, 11, 15)),
        ("Lavrov met Choe last Wednesday.", D(2024, 11, 13)),  # "last" is never today
        ("Lavrov will meet Choe on Friday.", D(2024, 11, 22)),  # future tense looks ahead
        ("Lavrov meets Choe next Monday.", D(2024, 11, 25)),
    ],
)
def test_weekdays(resolver, sentence, expected):
    check(resolver, sentence, expected, "day")


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("One month later, Shoigu flew to Pyongyang.", D(2023, 10, 1), "month"),
        ("Two days later, the delegation left.", D(2023, 9, 15), "day"),
        ("The envoys met again the following week.", D(2023, 9, 18), "day"),  # Monday
        ("The next day, Kim toured an aircraft plant.", D(2023, 9, 14), "day"),
        ("On the same day, Seoul summoned the ambassador.", D(2023, 9, 13), "day"),
        ("A year earlier, the two had exchanged letters.", D(2022, 1, 1), "year"),
        ("Hours later, Washington condemned the meeting.", D(2023, 9, 13), "day"),
        ("Three weeks after that, trains began moving.", D(2023, 10, 4), "day"),
        ("Later that month, cargo traffic rose.", D(2023, 9, 1), "month"),
        ("The day before, Kim had toured the launch pad.", D(2023, 9, 12), "day"),
    ],
)
def test_discourse_expressions_count_from_the_previous_event(
    resolver, sentence, expected, precision
):
    check(resolver, sentence, expected, precision, source="discourse", prev=SUMMIT)


def test_discourse_never_claims_more_precision_than_its_anchor(resolver):
    vague = EventDate(date=D(2024, 10, 1), precision="month", source="sentence")
    check(resolver, "Two days later, more units followed.", D(2024, 10, 1), "month",
          source="discourse", prev=vague)  # fmt: skip


def test_discourse_expression_without_previous_falls_back_to_publication(resolver):
    check(resolver, "One month later, Shoigu flew to Pyongyang.", PUB, "day", source="publication")


def test_sentence_without_date_gets_publication_date(resolver):
    got = check(resolver, "The two leaders toured the launch site.", PUB, "day",
                source="publication", prev=SUMMIT)  # fmt: skip
    assert got.text is None


def test_sentence_without_date_or_publication_has_no_date(resolver):
    got = resolver.resolve("The two leaders toured the launch site.", None, None)
    assert got == EventDate(date=None, precision=None, source="none")


def test_carry_previous_option_inherits_the_previous_event_date():
    got = DateResolver(carry_previous=True).resolve("They toured the launch site.", PUB, SUMMIT)
    assert (got.date, got.precision, got.source) == (D(2023, 9, 13), "day", "discourse")


@pytest.mark.parametrize(
    "sentence",
    [
        "Moscow has received about 600 troops for engineering work.",
        "Article 4 commits each side to help the other.",
        "Some 10,000 soldiers were sent, the agency said.",
        "Trade grew 2 percent on the year before.",
        "The North sent in 2000 troops, lawmakers were told.",
        "They may meet again, and troops march on.",
        "The 1,950 page report was leaked.",
        "Seoul said 3,000 workers had been recalled.",
    ],
)
def test_numbers_that_are_not_dates_are_ignored(resolver, sentence):
    check(resolver, sentence, PUB, "day", source="publication")


def test_implausible_years_are_ignored(resolver):
    check(resolver, "The file numbered in 3024 pages was sealed.", PUB, "day", source="publication")
    check(resolver, "A vessel renamed on June 4, 1850 sank.", D(2024, 6, 4), "day")


def test_invalid_calendar_date_is_not_used(resolver):
    check(resolver, "The memo was dated February 30, 2024.", D(2024, 2, 1), "month")


@pytest.mark.parametrize(
    ("sentence", "pub", "expected"),
    [
        ("Parliament voted on Feb. 29, 2024.", D(2024, 11, 20), D(2024, 2, 29)),
        ("Parliament voted on Feb. 29.", D(2025, 3, 1), D(2024, 2, 29)),
        ("Parliament voted on Feb. 29.", D(2024, 3, 1), D(2024, 2, 29)),
    ],
)
def test_leap_days(resolver, sentence, pub, expected):
    check(resolver, sentence, expected, "day", pub=pub)


def test_year_boundary_last_month_and_last_year_in_january(resolver):
    pub = D(2025, 1, 3)
    check(resolver, "Exports fell last month.", D(2024, 12, 1), "month", pub=pub)
    check(resolver, "Exports fell last year.", D(2024, 1, 1), "year", pub=pub)
    check(resolver, "Envoys met last week.", D(2024, 12, 23), "day", pub=pub)
    check(resolver, "Envoys met two days ago.", D(2025, 1, 1), "day", pub=pub)


def test_future_month_in_december_article_is_next_year(resolver):
    check(resolver, "Kim will visit Moscow in February.", D(2025, 2, 1), "month",
          pub=D(2024, 12, 10))  # fmt: skip


def test_most_precise_expression_wins_then_leftmost(resolver):
    got = check(resolver, "Shoigu, who visited in July, met Kim on Friday.", D(2024, 11, 15), "day")
    assert got.text == "Friday"
    got = check(resolver, "Putin signed on Saturday, after the vote on Oct. 24.", D(2024, 11, 16),
                "day")  # fmt: skip
    assert got.text == "Saturday"


def test_overlapping_matches_keep_the_longer_one(resolver):
    got = check(resolver, "Officials met in May 2023 to prepare.", D(2023, 5, 1), "month")
    assert got.text == "May 2023"


def test_sentence_opening_year_supplies_the_missing_year(resolver):
    check(resolver, "In 2023, Kim met Putin on Sept. 13.", D(2023, 9, 13), "day")


def test_year_in_a_subordinate_clause_does_not(resolver):
    check(resolver, "Putin, who first met Kim in 2019, flew in on June 19.", D(2024, 6, 19), "day")


def test_without_publication_date(resolver):
    check(resolver, "The treaty was signed on June 19, 2024.", D(2024, 6, 19), "day", pub=None)
    check(resolver, "It was ratified in 2024.", D(2024, 1, 1), "year", pub=None)
    # counting from "now" is impossible without a dateline
    got = resolver.resolve("Envoys met yesterday.", None, None)
    assert got.source == "none" and got.date is None
    # a month without a year borrows the year of the previous event
    prev = EventDate(date=D(2024, 6, 19), precision="day", source="sentence")
    check(resolver, "The Duma voted in October.", D(2024, 10, 1), "month", source="discourse",
          pub=None, prev=prev)  # fmt: skip
    got = resolver.resolve("The Duma voted in October.", None, None)
    assert got.source == "none"
    check(resolver, "One month later, Kim replied.", D(2024, 7, 1), "month", source="discourse",
          pub=None, prev=prev)  # fmt: skip


def test_expressions_lists_every_date_in_order(resolver):
    found = resolver.expressions(
        "After talks last June, the pact took effect on Dec. 4, 2024.", PUB, None
    )
    assert [f.text for f in found] == ["last June", "Dec. 4, 2024"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides discussed the treaty that Putin and Kim signed in June.",
        "Belousov, who replaced Shoigu as minister in May, praised the growing ties.",
        "Kim inspected the train, which crossed the border on Tuesday.",
    ],
)
def test_dates_in_relative_clauses_do_not_date_the_main_event(resolver, sentence):
    check(resolver, sentence, PUB, "day", source="publication")
    assert any(f.subordinate for f in resolver.expressions(sentence, PUB, None))


def test_complement_clause_after_a_speech_verb_is_not_a_relative_clause(resolver):
    check(resolver, "Seoul said that the first troops arrived in October.", D(2024, 10, 1),
          "month")  # fmt: skip
    check(resolver, "Putin told reporters that they met on Tuesday.", D(2024, 11, 19), "day")


def test_main_clause_date_wins_over_relative_clause_date(resolver):
    got = check(resolver, "Kim, who arrived on Tuesday, met Putin on Sept. 13.", D(2024, 9, 13),
                "day")  # fmt: skip
    assert got.text == "Sept. 13"


def test_forecast_sentence_looks_ahead(resolver):
    check(resolver, "Forecasters expect heavy rain from Thursday.", D(2024, 11, 21), "day")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("July's parade drew large crowds.", D(2024, 7, 1)),
        ("Shipments resumed in May.", D(2024, 5, 1)),
        ("Talks were held in Dec.", D(2023, 12, 1)),
    ],
)
def test_bare_month_names(resolver, sentence, expected):
    check(resolver, sentence, expected, "month")


@pytest.mark.parametrize(
    "sentence",
    ["May the talks succeed.", "Protesters March on the embassy.", "Oct said nothing."],
)
def test_month_words_without_a_cue_are_not_dates(resolver, sentence):
    check(resolver, sentence, PUB, "day", source="publication")
