"""A demo-like store for the web tests, written through ``Store.write`` (no spaCy).

Articles are made of sentences written for these tests; every event points at its
sentence with correct character offsets, so the dashboard can highlight it. The story
is planted: North Korea and Russia move from little contact and some friction in early
2023 to frequent cooperation from September 2023 (talks, agreements, military aid),
while North Korea and the United States stay hostile and China stays a steady partner.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from dyadwatch.ingest.normalize import document_id
from dyadwatch.model import ActorRef, CodedDocument, Document, Event, Evidence
from dyadwatch.store import Store

NAMES = {
    "PRK": "North Korea",
    "RUS": "Russia",
    "CHN": "China",
    "USA": "the United States",
    "KOR": "South Korea",
    "UKR": "Ukraine",
}

# (PLOVER type, mode, CAMEO, QuadClass, intensity, sentence template, trigger word)
KINDS = {
    "talks": ("CONSULT", "visit", "042", 1, 1.9,
              "A delegation from {s} arrived for talks with officials of {t} this week.",
              "talks"),
    "agree": ("AGREE", None, "057", 1, 8.0,
              "{s} signed an accord with {t} to widen economic and security ties.", "signed"),
    "aid": ("AID", "military", "0712", 2, 7.4,
            "{s} shipped artillery shells and rockets to {t}, officials said.", "shipped"),
    "support": ("SUPPORT", None, "051", 1, 3.4,
                "{s} voiced firm backing for {t} in a statement on Monday.", "backing"),
    "accuse": ("ACCUSE", None, "112", 3, -2.0,
               "{s} accused {t} of stoking tension in the region.", "accused"),
    "threaten": ("THREATEN", None, "138", 3, -7.0,
                 "{s} warned {t} of a crushing answer to its latest drills.", "warned"),
    "protest": ("PROTEST", None, "141", 3, -6.5,
                "{s} lodged a formal complaint against {t} over the missile launch.",
                "complaint"),
    "sanction": ("SANCTION", None, "163", 4, -8.0,
                 "{s} imposed new sanctions on {t} over its weapons programme.", "sanctions"),
}

FILLER = [
    "Analysts said the move had been expected for some weeks.",
    "The foreign ministry gave no further details.",
    "State media carried photographs of the ceremony.",
    "Markets in the region were little changed.",
]

PUBLISHERS = [
    ("Northeast Asia Wire", "Mina Cho"),
    ("Pacific Rim Report", "Daniel Ortiz"),
    ("Eurasia Daily", "Olga Petrova"),
]

# The sentence the browser test clicks on: one known, unique PRK-RUS aid event.
MARKED_SENTENCE = (
    "North Korea sent thousands of troops to Russia to fight in the Kursk region, "
    "intelligence officials said."
)


@dataclass
class DemoFacts:
    path: Path
    documents: int
    events: int
    marked_doc_id: str
    marked_event_id: str


def _months(start: dt.date, n: int) -> list[dt.date]:
    out = []
    y, m = start.year, start.month
    for _ in range(n):
        out.append(dt.date(y, m, 1))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def _actor(code: str, sentence_start: int, sentence: str) -> ActorRef:
    form = NAMES[code]
    at = sentence.lower().find(form.lower())
    start = sentence_start + max(at, 0)
    return ActorRef(
        code=code, name=form.removeprefix("the "), text=form, start=start, end=start + len(form)
    )


def _event(doc_id: str, index: int, sentence: str, start: int, day: dt.date,
           src: str, tgt: str, kind: str) -> Event:
    plover, mode, cameo, quad, intensity, _, trigger = KINDS[kind]
    t_at = sentence.find(trigger)
    eid = hashlib.sha1(f"{doc_id}|{index}|{kind}|{src}|{tgt}".encode()).hexdigest()[:20]
    return Event(
        event_id=eid,
        doc_id=doc_id,
        sentence_index=index,
        date=day,
        date_precision="day",
        date_source="sentence",
        source=_actor(src, start, sentence),
        target=_actor(tgt, start, sentence),
        type=plover,
        mode=mode,
        context=None,
        cameo=cameo,
        quad_class=quad,
        intensity=intensity,
        negated=False,
        hypothetical=False,
        confidence=0.9,
        evidence=Evidence(text=sentence, start=start, end=start + len(sentence)),
        trigger=Evidence(text=trigger, start=start + t_at, end=start + t_at + len(trigger)),
        coder="web-test",
    )


def _article(
    rng: random.Random, day: dt.date, lines: list[tuple[str, str, str] | str], n: int
) -> CodedDocument:
    """``lines``: (source, target, kind) triples become event sentences; str are verbatim."""
    sentences: list[tuple[str, tuple[str, str, str] | None]] = []
    for item in lines:
        if isinstance(item, str):
            sentences.append((item, None))
        else:
            src, tgt, kind = item
            text = KINDS[kind][5].format(s=NAMES[src], t=NAMES[tgt])
            sentences.append((text[0].upper() + text[1:], item))
        sentences.append((rng.choice(FILLER), None))
    text = ""
    spans = []
    for sentence, item in sentences:
        if text:
            text += " "
        spans.append((sentence, len(text), item))
        text += sentence
    doc_id = document_id(text)
    events = []
    for index, (sentence, start, item) in enumerate(spans):
        if item is None:
            continue
        src, tgt, kind = item
        events.append(_event(doc_id, index, sentence, start, day, src, tgt, kind))
    publisher, author = PUBLISHERS[n % len(PUBLISHERS)]
    first = spans[0][2]
    title = (
        f"{NAMES[first[0]]} and {NAMES[first[1]]}: {KINDS[first[2]][0].lower()}"
        if first else "Report from the region"
    )
    document = Document(
        id=doc_id,
        text=text,
        external_id=f"web-test-{n}",
        title=title[0].upper() + title[1:],
        url=f"https://news.example.org/{day.isoformat()}/{n}",
        publisher=publisher,
        author=author,
        published=day,
    )
    return CodedDocument(document=document, sentences=len(spans), events=events, uncoded=[])


def build_demo_store(path: Path, seed: int = 7) -> DemoFacts:
    rng = random.Random(seed)
    coded: list[CodedDocument] = []
    n = 0
    for month in _months(dt.date(2023, 1, 1), 24):
        warm = month >= dt.date(2023, 9, 1)
        plan: list[tuple[str, str, str]] = []
        # PRK-RUS: sparse and mixed before the September 2023 summit, busy and warm after.
        if warm:
            plan += [("PRK", "RUS", rng.choice(["talks", "agree", "support"]))
                     for _ in range(rng.randint(3, 5))]
            plan += [("RUS", "PRK", rng.choice(["talks", "aid", "support"]))
                     for _ in range(rng.randint(2, 3))]
        elif rng.random() < 0.5:
            plan.append(("RUS", "PRK", rng.choice(["talks", "accuse"])))
        plan += [("PRK", "CHN", rng.choice(["talks", "support"])) for _ in range(2)]
        plan += [("PRK", "USA", rng.choice(["threaten", "accuse", "protest"]))
                 for _ in range(rng.randint(1, 3))]
        plan.append(("USA", "PRK", rng.choice(["sanction", "accuse"])))
        plan.append(("RUS", "CHN", "talks"))
        if rng.random() < 0.6:
            plan.append(("KOR", "PRK", "protest"))
        for k in range(0, len(plan), 2):
            n += 1
            day = month + dt.timedelta(days=rng.randint(0, 27))
            coded.append(_article(rng, day, plan[k:k + 2], n))
    n += 1
    marked = _article(
        rng,
        dt.date(2024, 10, 18),
        ["Officials in Seoul briefed lawmakers on Friday.",
         ("PRK", "RUS", "aid")],
        n,
    )
    # Replace the templated aid sentence by the marked one, keeping offsets right.
    doc = marked.document
    old = marked.events[0].evidence.text
    doc.text = doc.text.replace(old, MARKED_SENTENCE)
    doc.id = document_id(doc.text)
    start = doc.text.index(MARKED_SENTENCE)
    event = _event(doc.id, marked.events[0].sentence_index, MARKED_SENTENCE, start,
                   dt.date(2024, 10, 18), "PRK", "RUS", "aid")
    trig = MARKED_SENTENCE.index("sent")
    event.trigger = Evidence(text="sent", start=start + trig, end=start + trig + 4)
    marked.events = [event]
    doc.title = "North Korean troops reach Russia's Kursk front"
    coded.append(marked)
    with Store(path) as store:
        summary = store.write(coded)
    assert not summary.failed, summary.failed
    return DemoFacts(
        path=path,
        documents=summary.documents,
        events=summary.events,
        marked_doc_id=doc.id,
        marked_event_id=event.event_id,
    )
