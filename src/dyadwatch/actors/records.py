"""Flat records of resolved actors and dictionary people, as the CLI and API show them."""

from __future__ import annotations

import datetime as dt

from dyadwatch.actors.entries import Person
from dyadwatch.model import ActorMention, ActorRef


def mention_record(mention: ActorMention) -> dict:
    """One resolved mention: who, with what sector and role, and why (the matched entry)."""
    record = _ref_record(mention.actor)
    record["why"] = mention.matched_by
    if mention.members:
        record["members"] = [_ref_record(m) for m in mention.members]
    return record


def _ref_record(ref: ActorRef) -> dict:
    return {
        "text": ref.text,
        "code": ref.code,
        "sector": ref.sector,
        "name": ref.name,
        "person_id": ref.person_id,
        "role": ref.role,
        "kind": ref.kind,
        "start": ref.start,
        "end": ref.end,
    }


def person_records(people: list[Person], country: str | None = None, role: str | None = None,
                   on: dt.date | None = None) -> list[dict]:
    """Tenures matching the filters, one record per tenure, ordered by country and start."""
    rows = []
    for person in people:
        for t in person.tenures:
            if country is not None and t.country != country:
                continue
            if role is not None and t.role != role:
                continue
            if on is not None and not t.holds_on(on):
                continue
            rows.append({
                "person_id": person.id,
                "name": person.name,
                "country": t.country,
                "role": t.role,
                "sector": t.sector,
                "start": t.start.isoformat(),
                "end": t.end.isoformat() if t.end else None,
                "forms": person.forms,
            })
    rows.sort(key=lambda r: (r["country"], r["role"], r["start"]))
    return rows
