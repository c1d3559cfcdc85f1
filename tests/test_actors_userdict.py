"""User dictionaries: adding and overriding entries, and clear errors for bad ones."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from dyadwatch.actors import ActorDictionaryError, ActorResolver
from dyadwatch.nlp.sentences import segment


def resolve(resolver, text, day=None):
    doc, _ = segment(text)
    return resolver.find(doc, day)


def write(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_yaml_adds_an_outlet_and_overrides_a_package_form(tmp_path):
    path = write(tmp_path, "mine.yaml", """\
        actors:
          - {form: Kangson Herald, code: PRK, sector: MED}
          - {form: Kremlin, code: RUS, sector: SPY, name: Kremlin (as I code it)}
        """)
    resolver = ActorResolver(user_files=[path])
    found = resolve(resolver, "The Kangson Herald quoted the Kremlin.")
    assert [(m.actor.code, m.actor.sector) for m in found] == [("PRK", "MED"), ("RUS", "SPY")]
    assert resolver.version != ActorResolver().version


def test_yaml_person_with_dated_role_resolves_by_date(tmp_path):
    path = write(tmp_path, "people.yaml", """\
        people:
          - id: doe-jane
            name: Jane Placeholder-Doe
            forms: [Placeholder-Doe]
            roles:
              - {country: NZL, role: foreign-minister, start: 2030-01-01, end: 2031-01-01}
        """)
    resolver = ActorResolver(user_files=[path])
    inside = resolve(resolver, "Placeholder-Doe spoke.", dt.date(2030, 6, 1))[0]
    assert (inside.actor.person_id, inside.actor.code, inside.actor.role) == (
        "doe-jane", "NZL", "foreign-minister")
    holder = resolve(resolver, "New Zealand's foreign minister spoke.", dt.date(2030, 6, 1))[0]
    assert holder.actor.person_id == "doe-jane"


def test_csv_rows_add_actors_and_person_tenures(tmp_path):
    path = write(tmp_path, "mine.csv", """\
        form,code,sector,name,kind,person_id,forms,country,role,start,end
        Northern Lights Front,NOR,REB,,,,,,,,
        ,,,Ola Placeholder,,ola-p,Ola Placeholder|Placeholder,NOR,defence-minister,2030-01-01,
        """)
    resolver = ActorResolver(user_files=[path])
    found = resolve(resolver, "The Northern Lights Front attacked. Placeholder said so.",
                    dt.date(2030, 2, 1))
    assert [(m.actor.code, m.actor.sector, m.actor.person_id) for m in found] == [
        ("NOR", "REB", None), ("NOR", "GOV", "ola-p")]


@pytest.mark.parametrize(
    ("body", "line", "needle"),
    [
        ("actors:\n  - {form: A, code: PRK}\n  - {form: B, code: prk}\n", 3, "code 'prk'"),
        ("actors:\n  - {form: A, code: PRK, sector: ARMY}\n", 2, "sector 'ARMY'"),
        ("people:\n  - id: x\n    name: X\n    roles:\n      - {country: RUS, role: president,"
         " start: 2020-13-01}\n", 5, "start date"),
        ("actors:\n  - {code: PRK}\n", 2, "form"),
        ("actors: [\n", 2, "not valid YAML"),
    ],
)
def test_malformed_entry_names_file_and_line(tmp_path, body, line, needle):
    path = write(tmp_path, "bad.yaml", body)
    with pytest.raises(ActorDictionaryError) as err:
        ActorResolver(user_files=[path])
    message = str(err.value)
    assert message.startswith(f"{path}:{line}:") and needle in message


def test_malformed_csv_row_names_its_line(tmp_path):
    path = write(tmp_path, "bad.csv", "form,code,sector\nGood Name,PRK,MED\nBad Name,PRK,XYZ\n")
    with pytest.raises(ActorDictionaryError, match=rf"^{path}:3: sector 'XYZ'"):
        ActorResolver(user_files=[path])


def test_missing_or_wrong_type_file_is_one_clear_error(tmp_path):
    with pytest.raises(ActorDictionaryError, match="no such actor dictionary file"):
        ActorResolver(user_files=[tmp_path / "absent.yaml"])
    other = write(tmp_path, "notes.txt", "hello")
    with pytest.raises(ActorDictionaryError, match=r"must be \.yaml, \.yml or \.csv"):
        ActorResolver(user_files=[other])
