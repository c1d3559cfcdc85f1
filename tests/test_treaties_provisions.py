"""Provision coding: labels, and trigger / obligation / conditions of defence clauses.

The held-out sentences below are worded differently from the `examples` in the pattern
file, so they test whether the rules generalise rather than whether they memorise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.treaties.model import Provision
from dyadwatch.treaties.provisions import code_text, patterns

DATA = Path(__file__).parent / "data" / "treaties"
DEMO = Path(__file__).parents[1] / "demo" / "treaties"

HELD_OUT = {
    "mutual_defence": "Where one of the allies suffers an armed assault on its territory, the "
    "other ally shall come to its aid by every means available, including armed force.",
    "defence_cooperation": "The two governments will arrange regular exchanges of military "
    "delegations and conduct combined naval drills.",
    "consultation": "Whenever a situation arises that either side regards as endangering its "
    "security, the two sides shall hold talks without delay.",
    "non_aggression": "Each party pledges never to launch an invasion of the other's territory.",
    "neutrality": "In any conflict between one contracting state and an outside power, the other "
    "contracting state shall observe strict neutrality.",
    "offensive_cooperation": "The allies agree to launch a joint attack on the fortress held by "
    "their common enemy.",
    "non_participation": "Neither state will join any military pact directed against the other.",
    "membership_support": "Each side shall actively promote the admission of the other to the "
    "Shanghai Cooperation Organisation.",
    "economic": "The parties will lower tariffs on each other's agricultural exports.",
    "science_technology": "The two academies of sciences will run joint laboratories.",
    "energy": "Both sides will build a cross-border gas pipeline and share electricity from "
    "hydropower.",
    "information_media": "The state broadcasters of both countries will co-produce television "
    "programmes.",
    "sanctions_coordination": "Neither party will enforce an embargo that a third country "
    "imposes on the other.",
    "dispute_settlement": "Controversies over the meaning of any provision shall be referred to a "
    "mediator agreed by both sides.",
    "duration_termination": "This accord may be denounced by either signatory with six months' "
    "notice.",
}


def code_sentence(sentence: str) -> dict[str, Provision]:
    _, provisions = code_text(f"Article 1\n{sentence}\n")
    return {p.label: p for p in provisions}


def coded_file(path: Path) -> tuple[str, dict[int, dict[str, Provision]]]:
    text = path.read_text()
    _, provisions = code_text(text)
    by_article: dict[int, dict[str, Provision]] = {}
    for p in provisions:
        by_article.setdefault(p.article, {})[p.label] = p
    return text, by_article


def test_every_label_has_a_held_out_sentence_not_used_as_an_example() -> None:
    labels = patterns().labels
    assert set(HELD_OUT) == set(labels)
    examples = {e for label in labels.values() for e in label.examples}
    assert not examples & set(HELD_OUT.values())


@pytest.mark.parametrize("label", sorted(HELD_OUT))
def test_label_recognised_in_new_wording(label: str) -> None:
    found = code_sentence(HELD_OUT[label])
    assert label in found, f"{label} not found in: {HELD_OUT[label]}"
    evidence = found[label].evidence[0]
    assert evidence.text == HELD_OUT[label]


@pytest.mark.parametrize("label", sorted(HELD_OUT))
def test_pattern_file_examples_carry_their_label(label: str) -> None:
    for example in patterns().labels[label].examples:
        assert label in code_sentence(example), example


@pytest.mark.parametrize(
    ("sentence", "label", "not_label"),
    [
        (
            "The parties shall not support any third state that attacks the other party.",
            "neutrality",
            "mutual_defence",
        ),
        ("Disputes shall be settled by consultation.", "dispute_settlement", "consultation"),
        (
            "If either party faces a threat of aggression, the parties shall consult.",
            "consultation",
            "mutual_defence",
        ),
        (
            "Neither side shall join sanctions directed against the other.",
            "sanctions_coordination",
            "non_participation",
        ),
    ],
)
def test_close_wordings_get_the_right_label(sentence: str, label: str, not_label: str) -> None:
    found = code_sentence(sentence)
    assert label in found
    assert not_label not in found


def test_disclaimer_that_a_treaty_targets_no_one_is_not_a_provision() -> None:
    assert code_sentence("This treaty is not directed against any third country.") == {}


def test_automatic_defence_clause_details() -> None:
    prov = code_sentence(
        "Should one side be attacked by another state and find itself at war, the other side "
        "shall immediately give it all military assistance it can, as allowed by Article 51 of "
        "the UN Charter and in accordance with its domestic legislation."
    )["mutual_defence"]
    assert {"armed_attack", "state_of_war"} <= set(prov.trigger_kinds)
    assert {"immediate", "military_assistance"} <= set(prov.obligation_kinds)
    assert {"un_charter_51", "national_law"} <= set(prov.condition_kinds)
    assert prov.automatic is True


def test_discretionary_defence_clause_is_not_automatic() -> None:
    prov = code_sentence(
        "In the event of an armed attack on either party, the other party will assist it by "
        "taking such action as it deems necessary, subject to its constitutional procedures."
    )["mutual_defence"]
    assert prov.trigger_kinds == ["armed_attack"]
    assert "discretionary" in prov.obligation_kinds
    assert prov.condition_kinds == ["constitutional_process"]
    assert prov.automatic is False


def test_demo_2024_treaty_key_articles() -> None:
    text, arts = coded_file(DEMO / "prk-rus-2024.txt")
    consult = arts[3]["consultation"]
    assert consult.paragraph == "2"
    assert "direct_threat" in consult.trigger_kinds
    assert "consult" in consult.obligation_kinds
    assert "on_request" in consult.condition_kinds
    assert "mutual_defence" not in arts[3]

    defence = arts[4]["mutual_defence"]
    assert {"state_of_war", "armed_aggression"} <= set(defence.trigger_kinds)
    assert "armed_attack" not in defence.trigger_kinds
    assert {"immediate", "military_assistance", "other_assistance", "all_means"} <= set(
        defence.obligation_kinds
    )
    assert {"un_charter_51", "national_law"} <= set(defence.condition_kinds)
    assert defence.automatic is True

    assert "membership_support" in arts[7]
    assert "sanctions_coordination" in arts[16]
    assert "non_participation" in arts[5]
    assert 22 not in arts  # "not directed against any third state" is a disclaimer
    # every evidence span and cue points at the text it quotes
    for labels in arts.values():
        for p in labels.values():
            for span in [*p.evidence, *p.cues, *p.triggers, *p.obligations, *p.conditions]:
                assert text[span.start : span.end] == span.text


def test_demo_1961_defence_article_uses_armed_attack() -> None:
    _, arts = coded_file(DEMO / "prk-ussr-1961.txt")
    defence = arts[1]["mutual_defence"]
    assert {"armed_attack", "state_of_war"} <= set(defence.trigger_kinds)
    assert defence.condition_kinds == []
    assert defence.automatic is True
    assert set(arts[2]) == {"non_participation"}
    assert "consultation" in arts[3]


def test_mutual_defence_test_treaty() -> None:
    _, arts = coded_file(DATA / "mutual-defence.txt")
    assert {"dispute_settlement", "non_aggression"} <= set(arts[1])
    assert "consultation" in arts[2]
    assert "mutual_defence" not in arts[2]  # building means to deter is not a promise to fight
    defence = arts[3]["mutual_defence"]
    assert defence.trigger_kinds == ["armed_attack"]
    assert defence.automatic is False
    assert "constitutional_process" in defence.condition_kinds
    assert "duration_termination" in arts[6]


def test_non_aggression_test_treaty() -> None:
    _, arts = coded_file(DATA / "non-aggression.txt")
    assert set(arts[1]) == {"non_aggression"}
    assert set(arts[2]) == {"neutrality"}
    assert set(arts[3]) == {"consultation"}
    assert set(arts[4]) == {"non_participation"}
    assert set(arts[5]) == {"dispute_settlement"}
    assert "duration_termination" in arts[6]


def test_friendship_test_treaty_codes_each_paragraph() -> None:
    _, arts = coded_file(DATA / "friendship.txt")
    assert "non_aggression" in arts[2]
    assert "non_participation" in arts[3]
    consult = arts[4]["consultation"]
    assert "direct_threat" in consult.trigger_kinds and "immediate" in consult.obligation_kinds
    paragraphs = {label: p.paragraph for label, p in arts[5].items()}
    assert paragraphs == {"economic": "1", "science_technology": "2", "energy": "3"}
    assert "information_media" in arts[6]
    assert "dispute_settlement" in arts[7]
    assert "duration_termination" in arts[8]


def test_trade_test_treaty() -> None:
    _, arts = coded_file(DATA / "trade.txt")
    assert "economic" in arts[1] and "economic" in arts[2]
    assert "energy" in arts[4] and "science_technology" in arts[4]
    assert "dispute_settlement" in arts[6]
    assert "duration_termination" in arts[7]
    assert not any("mutual_defence" in labels for labels in arts.values())
