"""Coding each article of a treaty with provision labels, and the details of defence and
consultation clauses (trigger, obligation, conditions).

ATOP codes alliance provisions by hand; this does a first pass from the text, keeping the
sentence and the cue words behind every label so an analyst can check each one. Patterns
live in ``data/provisions.yaml`` and match spaCy lemmas, so "attacked", "attacks" and
"attack" are one word to them.
"""

from __future__ import annotations

import functools
import hashlib
import re
from importlib import resources
from typing import Any

import msgspec
import yaml
from spacy.tokens import Doc

from dyadwatch.nlp.language import load_model
from dyadwatch.treaties.articles import split_articles
from dyadwatch.treaties.model import Article, ArticleSplit, Cue, Provision, Span
from dyadwatch.treaties.phrases import Phrase, Tokens, tokens_of

# Sentence ends the parser puts after these abbreviations ("Art. 51") are not real ends.
_ABBREVIATIONS = frozenset({"art", "arts", "no", "nos", "para", "paras", "p", "cf", "i.e", "e.g"})
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")


class Rule(msgspec.Struct, frozen=True):
    groups: tuple[tuple[Phrase, ...], ...]
    none: tuple[Phrase, ...]


class LabelDef(msgspec.Struct, frozen=True):
    key: str
    name: str
    examples: tuple[str, ...]
    rules: tuple[Rule, ...]


class PatternSet(msgspec.Struct, frozen=True):
    """The compiled contents of the pattern data file."""

    version: str
    negation: frozenset[str]
    labels: dict[str, LabelDef]
    clauses: frozenset[str]
    triggers: dict[str, tuple[Phrase, ...]]
    obligations: dict[str, tuple[Phrase, ...]]
    conditions: dict[str, tuple[Phrase, ...]]


@functools.cache
def patterns() -> PatternSet:
    """Load and compile the pattern data once per process."""
    raw_bytes = resources.files("dyadwatch.treaties").joinpath("data/provisions.yaml").read_bytes()
    raw: dict[str, Any] = yaml.safe_load(raw_bytes)
    digest = hashlib.sha256(raw_bytes).hexdigest()[:8]
    labels = {}
    for key, spec in raw["labels"].items():
        rules = []
        for rule in spec["rules"]:
            groups = rule.get("all") or [rule["any"]]
            rules.append(
                Rule(
                    groups=tuple(tuple(Phrase(p) for p in group) for group in groups),
                    none=tuple(Phrase(p) for p in rule.get("none", [])),
                )
            )
        labels[key] = LabelDef(
            key=key,
            name=spec["name"],
            examples=tuple(spec.get("examples", [])),
            rules=tuple(rules),
        )
    return PatternSet(
        version=f"treaty-rules-{raw['version']}-{digest}",
        negation=frozenset(raw["negation"]),
        labels=labels,
        clauses=frozenset(raw["clauses"]),
        triggers=_compile_kinds(raw["triggers"]),
        obligations=_compile_kinds(raw["obligations"]),
        conditions=_compile_kinds(raw["conditions"]),
    )


def label_names() -> dict[str, str]:
    """Label key -> human name, in the data file's (display) order."""
    return {k: v.name for k, v in patterns().labels.items()}


def code_text(text: str) -> tuple[ArticleSplit, list[Provision]]:
    """Split a treaty and code its articles (raises TreatyError when it cannot be split)."""
    split = split_articles(text)
    return split, code_articles(text, split.articles)


def code_articles(text: str, articles: list[Article]) -> list[Provision]:
    """Labels for every article, in article order then data-file label order."""
    pats = patterns()
    chunks = [(a, start, end) for a in articles for start, end in _chunks(text, a)]
    nlp = load_model()
    docs = nlp.pipe([text[s:e] for _, s, e in chunks], batch_size=32)
    sentences: dict[int, list[tuple[Span, Tokens]]] = {a.number: [] for a in articles}
    for (article, start, _), doc in zip(chunks, docs, strict=True):
        sentences[article.number].extend(_sentences(text, doc, start, pats.negation))
    out: list[Provision] = []
    for article in articles:
        out.extend(_code_article(text, article, sentences[article.number], pats))
    return out


def _code_article(
    text: str, article: Article, sents: list[tuple[Span, Tokens]], pats: PatternSet
) -> list[Provision]:
    found: dict[str, Provision] = {}
    sent_tokens: dict[str, list[Tokens]] = {}
    for span, tokens in sents:
        for label in pats.labels.values():
            cues = _fire(label, tokens, text)
            if cues is None:
                continue
            prov = found.get(label.key)
            if prov is None:
                prov = found[label.key] = Provision(
                    article=article.number,
                    label=label.key,
                    evidence=[],
                    paragraph=_paragraph_of(article, span.start),
                )
                sent_tokens[label.key] = []
            prov.evidence.append(span)
            prov.cues.extend(cues)
            sent_tokens[label.key].append(tokens)
    article_tokens = Tokens(t for _, tokens in sents for t in tokens)
    for key in pats.clauses & found.keys():
        prov = found[key]
        tokens = Tokens(t for sent in sent_tokens[key] for t in sent)
        prov.obligations = _cues(pats.obligations, tokens, text)
        # "meet the common danger" names the duty and "would endanger" a consequence,
        # not the event that sets the clause off
        modal_starts = {t.start for t in tokens if t.modal}
        prov.triggers = [
            t
            for t in _cues(pats.triggers, tokens, text)
            if t.start not in modal_starts
            and all(t.end <= o.start or t.start >= o.end for o in prov.obligations)
        ]
        prov.conditions = _cues(pats.conditions, article_tokens, text)
        if key == "mutual_defence":
            kinds = prov.obligation_kinds
            prov.automatic = "immediate" in kinds and "discretionary" not in kinds
    return [found[k] for k in pats.labels if k in found]


def _fire(label: LabelDef, tokens: Tokens, text: str) -> list[Cue] | None:
    """The cues of the first rule of ``label`` that fires on the sentence, else None."""
    for rule in label.rules:
        if any(p.find(tokens) for p in rule.none):
            continue
        cues: list[Cue] = []
        for group in rule.groups:
            hits = [(p, m) for p in group for m in p.find(tokens)]
            if not hits:
                break
            phrase, (i, j) = min(hits, key=lambda h: h[1][0])
            cues.append(_cue(phrase.source, tokens, i, j, text))
        else:
            return cues
    return None


def _cues(kinds: dict[str, tuple[Phrase, ...]], tokens: Tokens, text: str) -> list[Cue]:
    """All matches per kind, the longest kept where matches of one kind overlap."""
    out: list[Cue] = []
    for kind, phrases in kinds.items():
        spans = sorted(
            {m for p in phrases for m in p.find(tokens)}, key=lambda m: (m[0], -(m[1] - m[0]))
        )
        kept: list[tuple[int, int]] = []
        for i, j in spans:
            if all(j <= a or i >= b for a, b in kept):
                kept.append((i, j))
        out.extend(_cue(kind, tokens, i, j, text) for i, j in sorted(kept))
    return sorted(out, key=lambda c: (c.start, c.kind))


def _cue(kind: str, tokens: Tokens, i: int, j: int, text: str) -> Cue:
    start, end = tokens[i].start, tokens[j - 1].end
    return Cue(kind=kind, text=text[start:end], start=start, end=end)


def _chunks(text: str, article: Article) -> list[tuple[int, int]]:
    """Pieces parsed separately: numbered paragraphs, else blocks between blank lines, so a
    paragraph number never glues two sentences together."""
    cuts = [article.body_start, *(p.start for p in article.paragraphs), article.end]
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        pos = start
        for m in _BLANK_LINE_RE.finditer(text, start, end):
            out.append((pos, m.start()))
            pos = m.end()
        out.append((pos, end))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _sentences(
    text: str, doc: Doc, offset: int, negation: frozenset[str]
) -> list[tuple[Span, Tokens]]:
    merged: list[list[Any]] = []
    glue = False
    for sent in doc.sents:
        if glue and merged:
            merged[-1].append(sent)
        else:
            merged.append([sent])
        words = [t for t in sent if not t.is_space]
        glue = (
            len(words) >= 2 and words[-1].text == "." and words[-2].lower_ in _ABBREVIATIONS
        ) or (bool(words) and words[-1].lower_.rstrip(".") in _ABBREVIATIONS)
    out = []
    for group in merged:
        tokens = Tokens(t for s in group for t in tokens_of(s, offset, negation))
        if not tokens:
            continue
        words = [t for s in group for t in s if not t.is_space]
        start = offset + words[0].idx
        end = offset + words[-1].idx + len(words[-1].text)
        out.append((Span(text=text[start:end], start=start, end=end), tokens))
    return out


def _paragraph_of(article: Article, pos: int) -> str | None:
    return next((p.number for p in article.paragraphs if p.start <= pos < p.end), None)


def _compile_kinds(raw: dict[str, list[str]]) -> dict[str, tuple[Phrase, ...]]:
    return {kind: tuple(Phrase(p) for p in phrases) for kind, phrases in raw.items()}
