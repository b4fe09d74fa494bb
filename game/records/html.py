"""The class report as one self-contained HTML page: inline CSS and SVG, no scripts, no network,
readable on screen and on paper. Every piece of text from a file is escaped."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape

from .report import MITI_CR, MITI_RQ, ScenarioReport

OUTCOME_WORDS = {"best": "best", "good": "good", "mixed": "mixed", "poor": "poor"}
METER_COLOURS = ["#1f5fa8", "#b3541e", "#2e7d4f", "#7a3e9d", "#6b6b00"]

CSS = """
body{font-family:"Atkinson Hyperlegible",system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;
color:#1b1b1f;line-height:1.45}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{border-top:3px solid #1f5fa8;padding-top:.8rem;margin-top:2.5rem}
h3{margin:1.6rem 0 .4rem}.meta{color:#555}
table{border-collapse:collapse;margin:.4rem 0 1rem;width:100%}th,td{border:1px solid #bbb;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#eef2f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
.pitfall{color:#a02020}.practice{color:#1d6b3a}.connection{color:#5a4a8a}
.note{font-size:.9rem;color:#444;border-left:3px solid #bbb;padding-left:.6rem}
figure{margin:.5rem 0 1rem}figcaption{font-size:.9rem;color:#444}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{border:1px solid #bbb;border-radius:6px;padding:.5rem .8rem;
min-width:8rem}.card b{display:block;font-size:1.4rem}
blockquote{margin:.3rem 0 .6rem 1rem;border-left:3px solid #ccd;padding-left:.6rem}
@media print{body{margin:0;max-width:none}h2{break-before:page}figure,table{break-inside:avoid}}
"""


def render_html(reports: list[ScenarioReport], *, inputs: int, notes: Iterable[str] = (), anonymised: bool = False,
                rubric_name: str | None = None, generated: datetime | None = None) -> str:
    when = (generated or datetime.now(UTC)).astimezone().strftime("%d %B %Y, %H:%M")
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Rapport class report</title>", f"<style>{CSS}</style></head><body>",
        "<h1>Rapport class report</h1>",
        f'<p class="meta">Made {escape(when)} from {inputs} file{"s" if inputs != 1 else ""}'
        f'{"; students are anonymised" if anonymised else ""}'
        f'{"; rubric: " + escape(rubric_name) if rubric_name else ""}.</p>',
        '<p class="note">These are practice figures from a simulation, not a verdict on anyone\'s competence: '
        "use them to plan the next class and to start conversations.</p>",
    ]
    if not reports:
        parts.append("<p>No attempts were found in the files given.</p>")
    notes = list(notes)
    if notes:
        parts.append('<h3>Left out</h3><ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")
    if len(reports) > 1:
        parts.append("<nav><h3>Scenarios</h3><ul>" + "".join(
            f'<li><a href="#{escape(r.scenario.id)}">{escape(r.scenario.title)}</a></li>' for r in reports) + "</ul></nav>")
    for r in reports:
        parts.append(_scenario_section(r))
    parts.append("</body></html>")
    return "\n".join(parts)


def _scenario_section(r: ScenarioReport) -> str:
    s = r.scenario
    out = [f'<section class="scenario" id="{escape(s.id)}" data-scenario="{escape(s.id)}">',
           f"<h2>{escape(s.title)}</h2>",
           '<div class="cards">',
           _card("students", r.students), _card("attempts", r.attempt_count, "attempts"),
           _card("practice attempts", r.attempts["practice"], "practice"),
           _card("assessed attempts", r.attempts["assessed"], "assessed"),
           _card("finished", r.finished, "finished"), "</div>",
           _endings(r), _heatmap(r), _curves(r), _tags(r), _duties(r), _relationship(r), _mix(r), _reflections(r),
           "</section>"]
    return "\n".join(x for x in out if x)


def _card(label: str, value: int, key: str | None = None) -> str:
    data = f' data-figure="{key}"' if key else ""
    return f'<div class="card"{data}><b>{value}</b>{escape(label)}</div>'


def _endings(r: ScenarioReport) -> str:
    rows = []
    for ending, counts in r.endings:
        rows.append(f'<tr data-ending="{escape(ending.id)}"><td>{escape(ending.title)}</td>'
                    f"<td>{OUTCOME_WORDS.get(ending.outcome, escape(ending.outcome))}</td>"
                    f'<td class="n" data-mode="practice">{counts.get("practice", 0)}</td>'
                    f'<td class="n" data-mode="assessed">{counts.get("assessed", 0)}</td></tr>')
    unfinished = (f'<tr data-ending=""><td><i>Not finished</i></td><td></td><td class="n">{r.unfinished["practice"]}</td>'
                  f'<td class="n">{r.unfinished["assessed"]}</td></tr>')
    return ("<h3>Endings reached</h3>"
            '<table class="endings"><tr><th>Ending</th><th>Outcome</th><th>Practice</th><th>Assessed</th></tr>'
            + "".join(rows) + unfinished + "</table>")


def _heatmap(r: ScenarioReport) -> str:
    if not r.decisions:
        return ""
    width = max(len(row.cells) for row in r.decisions)
    cell, label_w, top = 46, 28, 22
    h = top + cell * len(r.decisions) + 6
    w = label_w + cell * width + 4
    svg = [f'<svg class="heatmap" role="img" aria-label="Choices at each decision" viewBox="0 0 {w} {h}" '
           f'width="{min(w * 1.6, 900):.0f}" xmlns="http://www.w3.org/2000/svg" font-size="11" '
           'font-family="system-ui,sans-serif">']
    for k in range(width):
        svg.append(f'<text x="{label_w + k * cell + cell / 2}" y="14" text-anchor="middle">{k + 1}</text>')
    details = []
    for i, row in enumerate(r.decisions):
        y = top + i * cell
        svg.append(f'<text x="{label_w - 6}" y="{y + cell / 2 + 4}" text-anchor="end">{i + 1}</text>')
        for k, c in enumerate(row.cells):
            share = c.count / row.total if row.total else 0.0
            colour = "#a02020" if c.tag in ("judging", "lecturing", "rushing", "false-reassurance", "rigid-protocol") \
                else "#1f5fa8"
            x = label_w + k * cell
            svg.append(f'<g data-node="{escape(row.node_id)}" data-choice="{escape(c.choice_id)}" data-count="{c.count}">'
                       f'<title>{escape(c.text)} — {c.count}</title>'
                       f'<rect x="{x + 1}" y="{y + 1}" width="{cell - 2}" height="{cell - 2}" rx="4" fill="{colour}" '
                       f'fill-opacity="{0.08 + 0.85 * share:.2f}" stroke="#888"/>'
                       f'<text x="{x + cell / 2}" y="{y + cell / 2 + 4}" text-anchor="middle" '
                       f'fill="{"#fff" if share > 0.55 else "#111"}">{c.count}</text></g>')
        details.append(f"<tr><td class=\"n\">{i + 1}</td><td>{escape(_short(row.prompt, 90))}</td><td><ol>"
                       + "".join(f'<li class="{_tag_class(c.tag)}">{escape(_short(c.text, 110))} '
                                 f'<small>({escape(c.tag)}{_rubric(r, c.tag)})</small> — {c.count}</li>'
                                 for c in row.cells) + "</ol></td></tr>")
    svg.append("</svg>")
    return ("<h3>Choices at each decision</h3><figure>" + "".join(svg) +
            "<figcaption>Rows are decisions in the order students met them; columns are the options in the order "
            "shown. Darker cells were chosen more often; red cells are pitfalls. Numbers are attempts.</figcaption>"
            "</figure>"
            '<details><summary>What each row and option says</summary><table class="decisions"><tr><th>#</th>'
            "<th>The client had said</th><th>Options (tag) — times chosen</th></tr>" + "".join(details)
            + "</table></details>")


def _curves(r: ScenarioReport) -> str:
    series = {m: pts for m, pts in r.curves.items() if len(pts) > 1}
    if not series:
        return ""
    w, h, left, bottom, top = 640, 240, 40, 28, 12
    n = max(len(p) for p in series.values())
    sx = (w - left - 10) / max(n - 1, 1)

    def y(v: float) -> float:
        return top + (100 - v) / 100 * (h - top - bottom)

    svg = [f'<svg class="curves" role="img" aria-label="Average meters after each decision" viewBox="0 0 {w} {h}" '
           f'width="{w}" xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="system-ui,sans-serif">']
    for v in (0, 25, 50, 75, 100):
        svg.append(f'<line x1="{left}" x2="{w - 10}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>'
                   f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>')
    for k in range(n):
        svg.append(f'<text x="{left + k * sx:.1f}" y="{h - 10}" text-anchor="middle">{k}</text>')
    legend = []
    for i, (meter, pts) in enumerate(series.items()):
        colour = METER_COLOURS[i % len(METER_COLOURS)]
        dash = ' stroke-dasharray="6 4"' if i % 2 else ""
        points = " ".join(f"{left + k * sx:.1f},{y(mean):.1f}" for k, (mean, _n) in enumerate(pts))
        svg.append(f'<polyline data-meter="{escape(meter)}" points="{points}" fill="none" stroke="{colour}" '
                   f'stroke-width="2.5"{dash}/>')
        legend.append(f'<span style="color:{colour}">■ {escape(meter)}</span>')
    svg.append("</svg>")
    return ("<h3>Average meters after each decision</h3><figure>" + "".join(svg) +
            f"<figcaption>{' '.join(legend)}. Decision 0 is the start; later points average only the attempts "
            "that got that far. Students never see these numbers while playing.</figcaption></figure>")


def _tags(r: ScenarioReport) -> str:
    if not r.tags:
        return ""
    rows = "".join(f'<tr data-tag="{escape(t)}"><td class="{_tag_class(t)}">{escape(label)}{_rubric(r, t)}</td>'
                   f'<td>{"pitfall" if pit else "connection" if t == "connection" else "practice"}</td>'
                   f'<td class="n">{n}</td></tr>' for t, label, n, pit in r.tags)
    return ("<h3>Practices and pitfalls chosen</h3><table class=\"tags\"><tr><th>Tag</th><th>Kind</th><th>Times chosen"
            "</th></tr>" + rows + "</table>")


def _duties(r: ScenarioReport) -> str:
    if not r.duties:
        return ""
    rows = "".join(f'<tr data-duty="{escape(title)}"><td>{escape(title)}{_rubric(r, title)}</td><td class="n">{raised}</td>'
                   f'<td class="n">{met}</td><td class="n">{raised - met}</td><td>{escape(why)}</td></tr>'
                   for title, raised, met, why in r.duties)
    return ("<h3>Duties</h3><p>Most often missed first. A duty counts when the encounter raised it.</p>"
            '<table class="duties"><tr><th>Duty</th><th>Raised</th><th>Met</th><th>Missed</th><th>Why it matters</th></tr>'
            + rows + "</table>")


def _relationship(r: ScenarioReport) -> str:
    rel = r.relationship
    if not rel:
        return ""
    total = rel["finished"] or 1
    words = {"connection": "Connection (got on well: shared interests, small talk)",
             "rapport": "Rapport (trust and openness: the client let them in)",
             "alliance": "Working alliance (agreed goals and tasks)"}
    rows = "".join(f'<tr data-built="{k}"><td>{words[k]}</td><td class="n">{rel[k]}</td>'
                   f'<td class="n">{100 * rel[k] / total:.0f} %</td></tr>' for k in words)
    return ("<h3>Connection, rapport and alliance</h3><table class=\"relationship\"><tr><th>Built</th>"
            "<th>Finished attempts</th><th>Share</th></tr>" + rows + "</table>")


def _mix(r: ScenarioReport) -> str:
    m = r.mix
    if not m or not m["counts"]:
        return ""
    rq = "—" if m["reflection_to_question"] is None else f'{m["reflection_to_question"]:.2f} : 1'
    cr = "—" if m["complex_share"] is None else f'{100 * m["complex_share"]:.0f} %'
    counts = "".join(f'<tr><td>{escape(k)}</td><td class="n">{v}</td></tr>' for k, v in m["counts"].items())
    return ("<h3>Response mix</h3><table class=\"mix\"><tr><th>Figure</th><th>Class</th><th>MITI 4 fair</th>"
            "<th>MITI 4 good</th><th>Reading</th></tr>"
            f'<tr data-figure="rq"><td>Reflections per question</td><td class="n">{rq}</td>'
            f'<td class="n">{MITI_RQ["fair"]:.0f} : 1</td><td class="n">{MITI_RQ["good"]:.0f} : 1</td>'
            f'<td>{m["rq_level"]}</td></tr>'
            f'<tr data-figure="cr"><td>Complex reflections (of all reflections)</td><td class="n">{cr}</td>'
            f'<td class="n">{MITI_CR["fair"]:.0%}</td><td class="n">{MITI_CR["good"]:.0%}</td><td>{m["cr_level"]}</td></tr>'
            "</table>"
            f'<p class="note">{escape(m["note"])}</p>'
            "<details><summary>Every kind of response chosen</summary><table><tr><th>Kind</th><th>Times</th></tr>"
            + counts + "</table></details>")


def _reflections(r: ScenarioReport) -> str:
    if not r.reflections:
        return ""
    out = ["<h3>Reflections</h3>"]
    for question, answers in r.reflections:
        out.append(f'<h4>{escape(question)}</h4><div class="answers">' + "".join(
            f"<blockquote><p>{escape(answer)}</p><footer>— {escape(student)}</footer></blockquote>"
            for student, answer in answers) + "</div>")
    return "".join(out)


def _tag_class(tag: str) -> str:
    if tag in ("judging", "lecturing", "rushing", "false-reassurance", "rigid-protocol"):
        return "pitfall"
    return "connection" if tag == "connection" else "practice"


def _rubric(r: ScenarioReport, key: str) -> str:
    name = r.rubric.get(key)
    return f' <span class="rubric">[{escape(name)}]</span>' if name else ""


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
