"""The rule coder, rule by rule, on sentences written for these tests.

Actors come from a tiny gazetteer below (known words -> actor by token position), so
these tests check the coder alone, not the actor resolver.
"""

from __future__ import annotations

import pytest

from dyadwatch.events.candidate import CoderResult
from dyadwatch.events.coder import RuleCoder
from dyadwatch.events.lexicon import LexiconError, load_lexicon
from dyadwatch.model import PLOVER_TYPES, ActorMention, ActorRef

GAZETTEER: dict[tuple[str, ...], tuple[str, str | None]] = {
    ("north", "korea"): ("PRK", None),
    ("north", "korean"): ("PRK", None),
    ("pyongyang",): ("PRK", "GOV"),
    ("kim", "jong", "un"): ("PRK", "GOV"),
    ("kim",): ("PRK", "GOV"),
    ("russia",): ("RUS", None),
    ("russian",): ("RUS", None),
    ("moscow",): ("RUS", "GOV"),
    ("putin",): ("RUS", "GOV"),
    ("china",): ("CHN", None),
    ("chinese",): ("CHN", None),
    ("beijing",): ("CHN", "GOV"),
    ("south", "korea"): ("KOR", None),
    ("south", "korean"): ("KOR", None),
    ("seoul",): ("KOR", "GOV"),
    ("japan",): ("JPN", None),
    ("japanese",): ("JPN", None),
    ("tokyo",): ("JPN", "GOV"),
    ("united", "states"): ("USA", None),
    ("washington",): ("USA", "GOV"),
    ("american",): ("USA", None),
    ("ukraine",): ("UKR", None),
    ("ukrainian",): ("UKR", None),
    ("kyiv",): ("UKR", "GOV"),
    ("iran",): ("IRN", None),
    ("israel",): ("ISR", None),
    ("belarus",): ("BLR", None),
    ("students",): ("KOR", "EDU"),
    ("police",): ("KOR", "COP"),
}


def mentions_for(doc) -> list[ActorMention]:
    words = [t.lower_ for t in doc]
    out: list[ActorMention] = []
    i = 0
    while i < len(doc):
        for n in (3, 2, 1):
            key = tuple(words[i : i + n])
            if key in GAZETTEER:
                code, sector = GAZETTEER[key]
                span = doc[i : i + n]
                actor = ActorRef(code=code, sector=sector, text=span.text,
                                 start=span.start_char, end=span.end_char)
                out.append(ActorMention(actor=actor, tok_start=i, tok_end=i + n))
                i += n
                break
        else:
            i += 1
    return out


@pytest.fixture(scope="module")
def nlp():
    from dyadwatch.nlp.language import load_model

    return load_model()


@pytest.fixture(scope="module")
def coder() -> RuleCoder:
    return RuleCoder()


@pytest.fixture(scope="module")
def run(nlp, coder):
    def _run(text: str) -> CoderResult:
        doc = nlp(text)
        return coder.code(doc, mentions_for(doc))

    return _run


def facts(result: CoderResult) -> list[tuple[str, str, str]]:
    """(source, target, type) of the events asserted as facts."""
    return [(e.source.code, e.target.code, e.type) for e in result.events
            if not e.negated and not e.hypothetical]


def only(result: CoderResult):
    assert len(result.events) == 1, result
    return result.events[0]


# --------------------------------------------------------------------------- prefilter
def test_prefilter_knows_inflected_forms(coder):
    for sentence in ("russia sent troops to korea", "russia met korea", "russia visited korea",
                     "russia shelled korea", "russia imposed sanctions on korea",
                     "russia held talks with korea", "russia sought talks with korea",
                     "russia shot down a korean drone"):
        assert coder.may_hold_event(sentence.split()), sentence


def test_prefilter_rejects_sentences_without_trigger_words(coder):
    words = ["the", "weather", "in", "seoul", "was", "mild", "on", "tuesday", "."]
    assert not coder.may_hold_event(words)


# --------------------------------------------------------------------------- reasons
def test_reasons_for_sentences_without_events(run):
    assert run("The weather was mild on Tuesday.").reason == "no_actor"
    assert run("Russia held a parade on Tuesday.").reason == "one_actor"
    result = run("Russia and China are large neighbours with a long shared border.")
    assert result.reason == "no_trigger" and not result.events


@pytest.mark.parametrize("text", [
    "Japan and China have very different economies.",
    "The road from Seoul to Pyongyang is short.",
    "Russian and Ukrainian are related languages.",
    "Kim Jong Un and Putin are both heads of state.",
])
def test_no_event_sentences_stay_empty(run, text):
    assert run(text).events == []


# --------------------------------------------------------------------------- consult
def test_visit_is_directed_to_the_place_visited(run):
    ev = only(run("Putin visited Pyongyang on Wednesday."))
    assert (ev.source.code, ev.target.code) == ("RUS", "PRK")
    assert (ev.type, ev.mode, ev.cameo) == ("CONSULT", "visit", "042")


def test_hosting_codes_043(run):
    ev = only(run("Kim hosted Putin for two days."))
    assert (ev.source.code, ev.target.code, ev.cameo) == ("PRK", "RUS", "043")


def test_held_talks_with_actor_in_prepositional_phrase(run):
    ev = only(run("Kim held talks with Putin in Vladivostok."))
    assert (ev.source.code, ev.target.code, ev.type, ev.cameo) == ("PRK", "RUS", "CONSULT", "040")


def test_phone_call(run):
    ev = only(run("Putin spoke by phone with Kim on Monday."))
    assert (ev.type, ev.mode, ev.cameo) == ("CONSULT", "phone", "041")


def test_arrival_in_a_capital_is_a_visit(run):
    ev = only(run("Putin arrived in Pyongyang early on Wednesday."))
    assert (ev.source.code, ev.target.code, ev.cameo) == ("RUS", "PRK", "042")


def test_location_is_not_a_target(run):
    # Pyongyang is where it happened, not who it happened to: no second actor, no event
    assert facts(run("Russia signed the document in Pyongyang.")) == []


# --------------------------------------------------------------------------- agree
def test_coordinated_subjects_sign_one_undirected_event(run):
    result = run("North Korea and Russia signed a mutual defence treaty.")
    ev = only(result)
    assert {ev.source.code, ev.target.code} == {"PRK", "RUS"}
    assert (ev.type, ev.cameo) == ("AGREE", "057")


def test_passive_signing_by_two_actors(run):
    ev = only(run("The treaty was signed by Putin and Kim."))
    assert {ev.source.code, ev.target.code} == {"RUS", "PRK"} and ev.type == "AGREE"


def test_passive_voice_swaps_roles(run):
    ev = only(run("Seoul was attacked by Pyongyang."))
    assert (ev.source.code, ev.target.code, ev.type) == ("PRK", "KOR", "ASSAULT")


def test_group_mention_members_make_a_pair(nlp, coder):
    doc = nlp("The two countries signed a new agreement.")
    group = ActorMention(
        actor=ActorRef(code=None, text="The two countries", kind="group"),
        tok_start=0, tok_end=3,
        members=[ActorRef(code="PRK"), ActorRef(code="RUS")],
    )
    ev = only(coder.code(doc, [group]))
    assert {ev.source.code, ev.target.code} == {"PRK", "RUS"} and ev.cameo == "057"


# --------------------------------------------------------------------------- statements vs acts
def test_pledge_is_verbal_and_sending_is_material(run):
    pledged = run("North Korea pledged to send troops to Russia.")
    assert facts(pledged) == [("PRK", "RUS", "AGREE")]
    agree = next(e for e in pledged.events if e.type == "AGREE")
    assert agree.cameo == "0332"  # intent to provide military aid
    inner = next(e for e in pledged.events if e.type == "AID")
    assert inner.hypothetical

    sent = run("North Korea sent troops to Russia.")
    ev = only(sent)
    assert (ev.type, ev.mode, ev.cameo, ev.hypothetical) == ("AID", "military", "072", False)


def test_supplied_x_with_goods(run):
    ev = only(run("North Korea supplied Russia with artillery shells."))
    assert (ev.source.code, ev.target.code, ev.cameo) == ("PRK", "RUS", "072")


def test_deployed_troops_near_border_is_mobilization(run):
    ev = only(run("Russia deployed troops near the Ukrainian border."))
    assert (ev.target.code, ev.type) == ("UKR", "MOBILIZE")


# --------------------------------------------------------------------------- nominal events
def test_nominal_visit_with_possessive_source(run):
    ev = only(run("Putin's visit to Pyongyang angered Seoul."))
    assert (ev.source.code, ev.target.code, ev.type) == ("RUS", "PRK", "CONSULT")


def test_nominal_strikes_with_adjectival_source(run):
    ev = only(run("Russian strikes on Kyiv killed five people."))
    assert (ev.source.code, ev.target.code, ev.type) == ("RUS", "UKR", "ASSAULT")


def test_invasion_of(run):
    result = run("Russia's invasion of Ukraine drew wide criticism.")
    assert ("RUS", "UKR", "ASSAULT") in facts(result)


def test_talks_between_two_actors(run):
    ev = only(run("Talks between Russia and China ended on Friday."))
    assert {ev.source.code, ev.target.code} == {"RUS", "CHN"} and ev.type == "CONSULT"


def test_several_events_in_one_sentence(run):
    result = run("Japan condemned Russia's invasion of Ukraine.")
    assert set(facts(result)) == {("JPN", "RUS", "ACCUSE"), ("RUS", "UKR", "ASSAULT")}


# --------------------------------------------------------------------------- modality
@pytest.mark.parametrize("text", [
    "Japan denied sending weapons to Ukraine.",
    "China did not sign the agreement with Russia.",
    "Russia never attacked Ukraine.",
])
def test_negated_events_are_flagged(run, text):
    result = run(text)
    assert result.events and all(e.negated for e in result.events)
    assert facts(result) == []


@pytest.mark.parametrize("text", [
    "Russia plans to send aid to North Korea.",
    "North Korea could send more troops to Russia.",
    "Kim will visit Russia next month.",
    "If China attacks Japan, the alliance would respond.",
    "Putin may meet Kim in the autumn.",
])
def test_hypothetical_events_are_flagged(run, text):
    result = run(text)
    assert result.events and all(e.hypothetical for e in result.events)
    assert facts(result) == []


def test_threat_is_coded_and_threatened_act_is_hypothetical(run):
    result = run("Iran threatened to attack Israel.")
    assert facts(result) == [("IRN", "ISR", "THREATEN")]
    threat = next(e for e in result.events if e.type == "THREATEN")
    assert threat.cameo == "138"
    assault = next(e for e in result.events if e.type == "ASSAULT")
    assert assault.hypothetical


def test_refusal_is_a_rejection_and_negates_the_refused_act(run):
    result = run("Ukraine refused to release the Russian prisoners.")
    assert facts(result) == [("UKR", "RUS", "REJECT")]
    assert next(e for e in result.events if e.type == "REJECT").cameo == "1243"


# --------------------------------------------------------------------------- reported speech
def test_reported_speech_keeps_reporter(run):
    ev = only(run("South Korea said North Korea had sent troops to Russia."))
    assert (ev.source.code, ev.target.code, ev.type) == ("PRK", "RUS", "AID")
    assert ev.reporter is not None and ev.reporter.code == "KOR"


def test_trailing_reporter(run):
    ev = only(run("Russian forces shelled Kyiv overnight, Ukraine said."))
    assert (ev.source.code, ev.target.code) == ("RUS", "UKR")
    assert ev.reporter is not None and ev.reporter.code == "UKR"


def test_accusation_does_not_code_the_alleged_act(run):
    result = run("South Korea accused North Korea of sending weapons to Russia.")
    assert facts(result) == [("KOR", "PRK", "ACCUSE")]


# --------------------------------------------------------------------------- requests, protest
def test_demand_that_takes_the_clause_subject_as_target(run):
    ev = only(run("Japan demanded that North Korea release the abductees."))
    assert (ev.source.code, ev.target.code, ev.type) == ("JPN", "PRK", "REQUEST")
    assert ev.cameo.startswith("10")


def test_urge_to_targets_the_addressee(run):
    result = run("The United States urged China to stop supplying weapons to Russia.")
    assert facts(result) == [("USA", "CHN", "REQUEST")]


def test_protest_by_civilians_vs_protest_by_a_state(run):
    civil = only(run("Students protested against Japan outside the embassy."))
    assert civil.type == "PROTEST"
    state = only(run("South Korea protested Japan's territorial claims."))
    assert (state.type, state.cameo) == ("ACCUSE", "114")


# --------------------------------------------------------------------------- harder shapes
def test_reciprocal_object_codes_both_directions(run):
    result = run("Russia and Ukraine blamed each other for the explosion.")
    assert set(facts(result)) == {("RUS", "UKR", "ACCUSE"), ("UKR", "RUS", "ACCUSE")}


def test_hosted_talks_are_between_the_parties_not_the_host(run):
    ev = only(run("China hosted talks between Russia and Ukraine in Beijing."))
    assert {ev.source.code, ev.target.code} == {"RUS", "UKR"} and ev.type == "CONSULT"


def test_event_noun_inside_a_container_noun(run):
    ev = only(run("Japan adopted a new package of sanctions against Russia."))
    assert (ev.source.code, ev.target.code, ev.type) == ("JPN", "RUS", "SANCTION")


def test_troops_sent_to_another_state_are_aid_but_to_a_border_a_mobilization(run):
    aid = only(run("North Korea deployed thousands of troops to Russia."))
    assert (aid.target.code, aid.type, aid.mode) == ("RUS", "AID", "military")
    mob = only(run("Russia sent troops to the border with Ukraine."))
    assert (mob.target.code, mob.type) == ("UKR", "MOBILIZE")


def test_pledge_to_act_together_is_a_pair(run):
    result = run("Japan and South Korea pledged to improve relations.")
    (src, tgt, ptype), = facts(result)
    assert {src, tgt} == {"JPN", "KOR"} and ptype == "AGREE"


def test_statement_about_a_relationship_is_not_an_event(run):
    assert facts(run("China said its relations with Russia were at their best.")) == []


# --------------------------------------------------------------------------- coverage
ONE_PER_TYPE = [
    ("Russia and North Korea agreed to expand trade.", "AGREE"),
    ("Kim met Putin in Vladivostok.", "CONSULT"),
    ("China praised Russia for its restraint.", "SUPPORT"),
    ("Japan accepted the demands of South Korea.", "CONCEDE"),
    ("Russia and China held joint naval drills.", "COOPERATE"),
    ("Japan delivered humanitarian aid to Ukraine.", "AID"),
    ("Russia withdrew its troops from Belarus.", "RETREAT"),
    ("Japan called on China to release the detained sailors.", "REQUEST"),
    ("China accused the United States of hypocrisy.", "ACCUSE"),
    ("China rejected the proposal from Japan.", "REJECT"),
    ("Russia warned Japan.", "THREATEN"),
    ("Students rallied against Japan in Seoul.", "PROTEST"),
    ("The United States imposed sanctions on North Korea.", "SANCTION"),
    ("Russia massed troops along the Ukrainian border.", "MOBILIZE"),
    ("South Korean police arrested two Chinese nationals.", "COERCE"),
    ("Russia shelled Kyiv overnight.", "ASSAULT"),
]


def test_coverage_list_spans_all_plover_types():
    assert {t for _, t in ONE_PER_TYPE} == set(PLOVER_TYPES)


@pytest.mark.parametrize("text,ptype", ONE_PER_TYPE)
def test_each_plover_type_is_coded(run, text, ptype):
    assert ptype in {t for _, _, t in facts(run(text))}


def test_candidates_are_consistent_with_the_ontology(run):
    from dyadwatch.events.ontology import lookup

    for text, _ in ONE_PER_TYPE:
        for ev in run(text).events:
            entry = lookup(ev.cameo)
            assert 0.0 <= ev.confidence <= 1.0
            assert ev.type in PLOVER_TYPES
            assert entry.plover_type == ev.type or ev.type in ("AID", "CONSULT", "ASSAULT",
                                                              "COERCE", "PROTEST")


# --------------------------------------------------------------------------- lexicon files
def test_user_lexicon_frames_take_precedence(tmp_path, nlp):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "version: my-1\nverbs:\n  snub:\n    - {code: '111', target: [dobj]}\n", "utf-8"
    )
    coder = RuleCoder(user_files=[extra])
    assert "my-1" in coder.version
    doc = nlp("China snubbed Japan at the meeting.")
    ev = only(coder.code(doc, mentions_for(doc)))
    assert (ev.source.code, ev.target.code, ev.type) == ("CHN", "JPN", "ACCUSE")


def test_bad_lexicon_names_file_and_entry(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("verbs:\n  snub:\n    - {code: '999'}\n", "utf-8")
    with pytest.raises(LexiconError, match=r"bad\.yaml: verbs\.snub\[0\]: unknown CAMEO code"):
        load_lexicon([bad])


def test_duplicate_lemma_in_a_lexicon_is_an_error(tmp_path):
    dup = tmp_path / "dup.yaml"
    dup.write_text("verbs:\n  snub: [{code: '111'}]\n  snub: [{code: '120'}]\n", "utf-8")
    with pytest.raises(LexiconError, match=r"dup\.yaml: line 3: duplicate key 'snub'"):
        load_lexicon([dup])
