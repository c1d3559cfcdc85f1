"""The "Treaty links" section of the dyad report (plugged in through ``extra_sections``).

Puts each candidate invocation next to the clause it may act on, so a reader of the
report sees, e.g., a troop deployment beside the mutual-assistance article it matches.
"""

from __future__ import annotations

import html

from dyadwatch.analysis.report import ReportContext, Section
from dyadwatch.treaties.export import links_list
from dyadwatch.treaties.links import treaty_links_for_dyad
from dyadwatch.treaties.registry import treaties_between


def treaty_links_section(ctx: ReportContext) -> Section | None:
    """None when the two actors share no stored treaty (the section is then left out)."""
    a, b = ctx.dyad
    names = treaties_between(ctx.con, a, b)
    if not names:
        return None
    found = [
        link
        for link in treaty_links_for_dyad(ctx.con, a, b, since=ctx.since)
        if link.date <= ctx.until
    ]
    intro = (
        f"<p>Treaties between {_esc(a)} and {_esc(b)} in the store: "
        f"{', '.join(_esc(n) for n in names)}. Events between the two after "
        "signature that match a provision are listed as candidate invocations: each is a "
        "lead to check against its evidence, not a finding.</p>"
    )
    if not found:
        return Section("treaty-links", "Treaty links", intro + "<p>No candidate invocations.</p>")
    name = ctx.write_csv("treaty_links.csv", links_list(found))
    rows = "".join(
        "<tr>"
        f"<td>{_esc(link.date)}</td>"
        f"<td>{_esc(link.treaty)}, Art. {link.article}<br><small>{_esc(link.label)}</small></td>"
        f"<td>{_esc(link.source_code)}&rarr;{_esc(link.target_code)} {_esc(link.type)}"
        f"{'/' + _esc(link.mode) if link.mode else ''}<br><small>{_esc(link.why)}</small></td>"
        f"<td>{_esc(link.evidence_text)}</td>"
        f"<td><small>{_esc(link.clause_text)}</small></td>"
        "</tr>"
        for link in found
    )
    table = (
        "<table><thead><tr><th>Date</th><th>Provision</th><th>Event</th><th>Evidence</th>"
        f"<th>Clause</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    note = f'<p class="files">Files: <code>{_esc(name)}</code></p>'
    return Section("treaty-links", "Treaty links", intro + table + note, [name])


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))
