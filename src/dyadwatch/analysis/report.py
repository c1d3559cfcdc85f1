"""Static report for one dyad, compared with others: one folder that opens offline.

``write_report`` writes ``index.html`` with every chart embedded as a base64 PNG (no
CDN, no script, nothing fetched), the same charts as PNG files and the CSV behind each
chart, so a figure in a briefing can be checked and redrawn.

The report is a list of sections, each a function of a :class:`ReportContext`
returning a :class:`Section` (or ``None`` to skip). Extension hook: other parts of
dyadwatch add sections without touching this module by passing them in
``extra_sections`` -- the treaties stage adds its "Treaty links" section that way:

    write_report(con, "PRK-RUS", out_dir="out", extra_sections=[treaty_links_section])

A section builder may call ``ctx.write_csv`` / ``ctx.write_chart`` to add its files and
``ctx.alignment`` / ``ctx.series`` / ``ctx.changes`` for shared, cached results.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from dyadwatch import __version__
from dyadwatch.analysis import charts
from dyadwatch.analysis.alignment import alignment_from_series, index_with_band
from dyadwatch.analysis.changes import ChangePoint, change_points
from dyadwatch.analysis.evidence import KeyEvent, key_events
from dyadwatch.analysis.facts import AnalysisError, FactSet, load_facts, parse_dyad
from dyadwatch.analysis.partners import partner_shares
from dyadwatch.analysis.series import check_period, dyad_series, dyad_span, period_label

Dyad = tuple[str, str]


@dataclass
class Section:
    """One block of the report: ``body`` is trusted HTML built with escaped values."""

    id: str
    title: str
    body: str
    files: list[str] = field(default_factory=list)


@dataclass
class ReportContext:
    """What every section can use; results are computed once and shared."""

    con: duckdb.DuckDBPyConnection
    facts: FactSet
    dyad: Dyad
    vs: list[Dyad]
    by: str
    since: dt.date
    until: dt.date
    out_dir: Path
    level: float = 0.9
    n_timeline: int = 15
    _cache: dict = field(default_factory=dict)

    @property
    def dyads(self) -> list[Dyad]:
        return [self.dyad, *self.vs]

    def series(self, dyad: Dyad) -> pa.Table:
        key = ("series", dyad)
        if key not in self._cache:
            self._cache[key] = dyad_series(
                self.con,
                *dyad,
                by=self.by,
                since=self.since,
                until=self.until,
                facts=self.facts,
            )
        return self._cache[key]

    def alignment(self, dyad: Dyad) -> pa.Table:
        key = ("alignment", dyad)
        if key not in self._cache:
            self._cache[key] = alignment_from_series(self.series(dyad), level=self.level)
        return self._cache[key]

    def changes(self, dyad: Dyad) -> list[ChangePoint]:
        key = ("changes", dyad)
        if key not in self._cache:
            self._cache[key] = change_points(
                self.con,
                *dyad,
                by=self.by,
                since=self.since,
                until=self.until,
                facts=self.facts,
            )
        return self._cache[key]

    def write_csv(self, name: str, data: pa.Table | list[dict]) -> str:
        """Write a CSV next to index.html; returns its relative name."""
        path = self.out_dir / name
        if isinstance(data, pa.Table):
            pacsv.write_csv(data, path)
        else:
            with path.open("w", newline="", encoding="utf-8") as fh:
                if data:
                    writer = csv.DictWriter(fh, fieldnames=list(data[0]))
                    writer.writeheader()
                    writer.writerows(data)
        return name

    def write_chart(self, name: str, draw: Callable[[Path], Path]) -> tuple[str, str]:
        """Run ``draw(path)``; returns (relative name, ``<img>`` tag with the PNG inline)."""
        path = draw(self.out_dir / name)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        alt = html.escape(name.rsplit(".", 1)[0].replace("_", " "))
        return name, f'<img class="chart" alt="{alt}" src="data:image/png;base64,{data}">'


SectionBuilder = Callable[[ReportContext], Section | None]


def dyad_name(dyad: Dyad) -> str:
    return f"{dyad[0]}-{dyad[1]}"


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _files_note(files: Sequence[str]) -> str:
    if not files:
        return ""
    names = ", ".join(f"<code>{_esc(f)}</code>" for f in files)
    return f'<p class="files">Files: {names}</p>'


def _fmt(x: float | None, digits: int = 2) -> str:
    return "" if x is None else f"{x:+.{digits}f}" if digits else f"{x:.0f}"


# --- sections -----------------------------------------------------------------------


def summary_section(ctx: ReportContext) -> Section:
    rows, html_rows = [], []
    for dyad in ctx.dyads:
        series = ctx.series(dyad)
        coop = sum(series.column("coop").to_pylist())
        hostile = sum(series.column("hostile").to_pylist())
        reports = sum(series.column("n_reports").to_pylist())
        idx, lo, hi = (float(v) for v in index_with_band(coop, hostile, level=ctx.level))
        recent = series.slice(max(series.num_rows - 6, 0))
        rc = sum(recent.column("coop").to_pylist())
        rh = sum(recent.column("hostile").to_pylist())
        ridx, rlo, rhi = (float(v) for v in index_with_band(rc, rh, level=ctx.level))
        row = {
            "dyad": dyad_name(dyad),
            "events": coop + hostile,
            "reports": reports,
            "cooperative": coop,
            "hostile": hostile,
            "index": round(idx, 4),
            "lower": round(lo, 4),
            "upper": round(hi, 4),
            "recent_index": round(ridx, 4),
            "recent_lower": round(rlo, 4),
            "recent_upper": round(rhi, 4),
        }
        rows.append(row)
        html_rows.append(
            f"<tr><td>{_esc(row['dyad'])}</td><td class=num>{row['events']}</td>"
            f"<td class=num>{row['reports']}</td><td class=num>{coop}</td>"
            f"<td class=num>{hostile}</td><td class=num>{_fmt(idx)} [{_fmt(lo)}, {_fmt(hi)}]</td>"
            f"<td class=num>{_fmt(ridx)} [{_fmt(rlo)}, {_fmt(rhi)}]</td></tr>"
        )
    name = ctx.write_csv("summary.csv", rows)
    unit = "merged events" if ctx.facts.unit == "events" else "reports"
    body = (
        f"<p>From {ctx.since.isoformat()} to {ctx.until.isoformat()}, counting {unit} "
        "(negated and hypothetical statements are never counted).</p>"
        "<table><tr><th>Dyad</th><th>Events</th><th>Reports</th><th>Cooperative</th>"
        f"<th>Hostile</th><th>Index, whole span [{ctx.level:.0%} band]</th>"
        f"<th>Index, last 6 {ctx.by}s [{ctx.level:.0%} band]</th></tr>"
        + "".join(html_rows)
        + "</table>"
        "<p class=note><b>How the index is computed.</b> With C cooperative and H hostile "
        "events between the two actors in a period, the alignment index is "
        "A = (C &minus; H) / (C + H + 2): the mean of 2p &minus; 1 when p, the chance that "
        "an event between them is cooperative, has a uniform Beta(1, 1) prior. Thin "
        "evidence is pulled towards 0 (one friendly event scores 0.33, not 1); the band is "
        f"the central {ctx.level:.0%} interval of the Beta(C + 1, H + 1) posterior, wide "
        "when there are few events.</p>"
    )
    return Section("summary", "Summary", body + _files_note([name]), [name])


def trajectory_section(ctx: ReportContext) -> Section:
    trajectories = {dyad_name(d): ctx.alignment(d) for d in ctx.dyads}
    breaks = [(c.period, c.label) for c in ctx.changes(ctx.dyad)]
    rows = []
    for name, table in trajectories.items():
        for r in table.to_pylist():
            rows.append(
                {
                    "dyad": name,
                    "period": r["period"].isoformat(),
                    "label": period_label(r["period"], ctx.by),
                    **{k: r[k] for k in ("n_events", "coop", "hostile", "index", "lower", "upper")},
                }
            )
    csv_name = ctx.write_csv("trajectory.csv", rows)
    title = (
        f"Alignment of {dyad_name(ctx.dyad)}"
        + (f" vs {', '.join(dyad_name(d) for d in ctx.vs)}" if ctx.vs else "")
        + f", per {ctx.by}"
    )
    png, img = ctx.write_chart(
        "trajectory.png",
        lambda p: charts.trajectory_chart(
            trajectories, p, breaks=breaks, title=title, level=ctx.level
        ),
    )
    body = (
        f"{img}<p class=note>Lines: alignment index per {ctx.by}; shading: {ctx.level:.0%} "
        f"uncertainty band of {_esc(dyad_name(ctx.dyad))} (wide where few events were "
        "reported; the bands of the other dyads are in the CSV); dashed lines: change "
        f"points found in {_esc(dyad_name(ctx.dyad))} (see below).</p>"
    )
    return Section("trajectory", "Trajectory", body + _files_note([png, csv_name]), [png, csv_name])


def volume_section(ctx: ReportContext) -> Section:
    series = ctx.series(ctx.dyad)
    csv_name = ctx.write_csv("series.csv", series)
    a, b = ctx.dyad
    png, img = ctx.write_chart(
        "events.png",
        lambda p: charts.volume_chart(
            series, p, title=f"Events between {a} and {b} by QuadClass, per {ctx.by}"
        ),
    )
    body = (
        f"{img}<p class=note>Bottom panel: the share of each actor's events (with anyone) "
        "that involve the other. A coverage spike raises the bars for every dyad; only a "
        "real shift of attention moves these shares.</p>"
    )
    return Section(
        "events", "Events and shares", body + _files_note([png, csv_name]), [png, csv_name]
    )


def _event_rows_html(events: Sequence[KeyEvent]) -> str:
    out = []
    for e in events:
        srcs = "<br>".join(
            f"{_esc(s.publisher or 'unknown publisher')}, "
            f"{_esc(s.published.isoformat() if s.published else 'undated')}: "
            + (
                f'<a href="{_esc(s.url)}" rel="noreferrer">{_esc(s.title or s.url)}</a>'
                if s.url
                else _esc(s.title or s.doc_id)
            )
            for s in e.sources
        )
        what = _esc(e.type) + (f" / {_esc(e.mode)}" if e.mode else "")
        out.append(
            f"<tr><td>{_esc(e.date.isoformat())}"
            f"{'' if e.date_precision == 'day' else ' (' + _esc(e.date_precision) + ')'}</td>"
            f"<td>{_esc(e.source_code)} &rarr; {_esc(e.target_code)}</td><td>{what}</td>"
            f"<td><blockquote>{_esc(e.evidence_text)}</blockquote>"
            f"<div class=sources>{srcs}</div></td><td class=num>{e.n_reports}</td></tr>"
        )
    return (
        "<table><tr><th>Date</th><th>Who</th><th>What</th><th>Evidence and sources</th>"
        "<th>Reports</th></tr>" + "".join(out) + "</table>"
    )


def _event_csv_rows(events: Sequence[KeyEvent], **extra: object) -> list[dict]:
    return [
        {
            **extra,
            "date": e.date.isoformat(),
            "date_precision": e.date_precision,
            "source": e.source_code,
            "target": e.target_code,
            "type": e.type,
            "mode": e.mode or "",
            "quad_class": e.quad_class,
            "intensity": e.intensity,
            "reports": e.n_reports,
            "evidence": e.evidence_text or "",
            "publishers": " | ".join(s.publisher or "" for s in e.sources),
            "urls": " | ".join(s.url or "" for s in e.sources),
            "published": " | ".join(
                s.published.isoformat() if s.published else "" for s in e.sources
            ),
        }
        for e in events
    ]


def changes_section(ctx: ReportContext) -> Section:
    found = ctx.changes(ctx.dyad)
    if not found:
        body = (
            f"<p>No change point: the {_esc(dyad_name(ctx.dyad))} series shows no break "
            "larger than its period-to-period noise.</p>"
        )
        return Section("changes", "Change points", body)
    parts, rows = [], []
    for c in found:
        parts.append(
            f"<h3>{_esc(c.label)}: <span class={_esc(c.direction)}>{_esc(c.direction)}</span>"
            f"</h3><p>Index {_fmt(c.index_before)} &rarr; {_fmt(c.index_after)}; "
            f"{c.events_per_period_before:.1f} &rarr; {c.events_per_period_after:.1f} events "
            f"per {ctx.by}. Weightiest events around the break:</p>" + _event_rows_html(c.events)
        )
        rows += _event_csv_rows(
            c.events,
            change_point=c.period.isoformat(),
            direction=c.direction,
            index_before=c.index_before,
            index_after=c.index_after,
        ) or [
            {
                "change_point": c.period.isoformat(),
                "direction": c.direction,
                "index_before": c.index_before,
                "index_after": c.index_after,
            }
        ]
    name = ctx.write_csv("changes.csv", rows)
    return Section("changes", "Change points", "".join(parts) + _files_note([name]), [name])


def timeline_section(ctx: ReportContext) -> Section:
    events = key_events(
        ctx.facts, *ctx.dyad, since=ctx.since, until=ctx.until, limit=ctx.n_timeline
    )
    name = ctx.write_csv("timeline.csv", _event_csv_rows(events))
    body = (
        f"<p>The {len(events)} weightiest events between {_esc(ctx.dyad[0])} and "
        f"{_esc(ctx.dyad[1])} (strongest intensity, then most reported), in date order.</p>"
        + _event_rows_html(events)
    )
    return Section("timeline", "Timeline of key events", body + _files_note([name]), [name])


def partners_section(ctx: ReportContext) -> Section | None:
    actor = _common_actor(ctx.dyads)
    partners = [d[1] if d[0] == actor else d[0] for d in ctx.dyads]
    by = "quarter" if ctx.by in ("week", "month") else ctx.by
    shares = partner_shares(
        ctx.con, actor, by=by, since=ctx.since, until=ctx.until, partners=partners, facts=ctx.facts
    )
    if shares.num_rows == 0:
        return None
    name = ctx.write_csv("partners.csv", shares)
    png, img = ctx.write_chart(
        "partners.png",
        lambda p: charts.partners_chart(
            shares,
            p,
            actor=actor,
            order=partners,
            title=f"{actor}'s cooperative events by partner, per {by}",
        ),
    )
    body = (
        f"{img}<p class=note>Each line: the partner's share of {_esc(actor)}'s cooperative "
        "events in the period (all partners together make 100 %). Dashed: concentration "
        "(Herfindahl-Hirschman index of the shares over every partner; 100 = a single "
        "partner).</p>"
    )
    return Section("partners", "Partner comparison", body + _files_note([png, name]), [png, name])


def _common_actor(dyads: Sequence[Dyad]) -> str:
    common = set(dyads[0]).intersection(*map(set, dyads[1:])) if len(dyads) > 1 else set()
    return dyads[0][0] if not common or dyads[0][0] in common else sorted(common)[0]


DEFAULT_SECTIONS: tuple[SectionBuilder, ...] = (
    summary_section,
    trajectory_section,
    volume_section,
    changes_section,
    timeline_section,
    partners_section,
)


def write_report(
    con: duckdb.DuckDBPyConnection,
    dyad: str | Dyad = "PRK-RUS",
    vs: Sequence[str | Dyad] = (),
    out_dir: str | Path = "report",
    *,
    by: str = "month",
    since: dt.date | None = None,
    until: dt.date | None = None,
    unit: str = "events",
    level: float = 0.9,
    sections: Sequence[SectionBuilder] = DEFAULT_SECTIONS,
    extra_sections: Sequence[SectionBuilder] = (),
) -> Path:
    """Write the report folder; returns the path of ``index.html``.

    ``extra_sections`` (the hook) are appended after the default ones -- e.g. the
    treaties stage's "Treaty links".
    """
    main = parse_dyad(dyad) if isinstance(dyad, str) else dyad
    others = [parse_dyad(d) if isinstance(d, str) else d for d in vs]
    actors = sorted({x for d in (main, *others) for x in d})
    check_period(by)
    facts = load_facts(con, unit, actors=actors)
    try:
        if dyad_span(facts, *main) is None:
            raise AnalysisError(f"no events between {main[0]} and {main[1]} in this store")
        spans = [s for d in (main, *others) if (s := dyad_span(facts, *d)) is not None]
        since = since or min(s[0] for s in spans)
        until = until or max(s[1] for s in spans)
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        ctx = ReportContext(con, facts, main, others, by, since, until, out, level)
        built = [s for s in (build(ctx) for build in (*sections, *extra_sections)) if s]
    finally:
        facts.release()
    title = f"{dyad_name(main)}" + (
        f" vs {', '.join(dyad_name(d) for d in others)}" if others else ""
    )
    page = Template(
        resources.files("dyadwatch.analysis")
        .joinpath("templates/report.html")
        .read_text(encoding="utf-8")
    ).substitute(
        title=_esc(f"dyadwatch report: {title}"),
        subtitle=_esc(f"Relations from {since.isoformat()} to {until.isoformat()}, per {by}"),
        toc="".join(f'<li><a href="#{_esc(s.id)}">{_esc(s.title)}</a></li>' for s in built),
        sections="\n".join(
            f'<section id="{_esc(s.id)}"><h2>{_esc(s.title)}</h2>\n{s.body}\n</section>'
            for s in built
        ),
        version=_esc(__version__),
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
