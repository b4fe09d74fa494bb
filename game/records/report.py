"""The class report: what a class did in each scenario, from many students' attempts.

``summarise`` turns attempts (see sources.py) into plain figures per scenario; html.py and
``report_csv`` draw them. Every figure comes from the debrief data the story core builds for one
attempt, summed over attempts, so the report and a student's own debrief never disagree.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from game.story import PITFALLS, PRACTICES, TAG_LABELS, Scenario
from game.story.debrief import MITI_NOTE

from .sources import ASSESSED, PRACTICE, AttemptView

# MITI 4 thresholds for the reflection-to-question ratio and the share of complex reflections.
MITI_RQ = {"fair": 1.0, "good": 2.0}
MITI_CR = {"fair": 0.40, "good": 0.50}


@dataclass
class ChoiceCell:
    choice_id: str
    text: str
    tag: str
    count: int = 0


@dataclass
class DecisionRow:
    node_id: str
    prompt: str
    cells: list[ChoiceCell]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells)


@dataclass
class ScenarioReport:
    scenario: Scenario
    students: int = 0
    attempts: dict = field(default_factory=lambda: {PRACTICE: 0, ASSESSED: 0})
    finished: int = 0
    endings: list = field(default_factory=list)  # (ending, {mode: count})
    unfinished: dict = field(default_factory=lambda: {PRACTICE: 0, ASSESSED: 0})
    decisions: list[DecisionRow] = field(default_factory=list)
    curves: dict = field(default_factory=dict)  # meter -> list of (mean, n) per decision index
    tags: list = field(default_factory=list)  # (tag, label, count, is_pitfall)
    duties: list = field(default_factory=list)  # (title, raised, met, why)
    relationship: dict = field(default_factory=dict)  # connection/rapport/alliance -> attempts that built it
    mix: dict = field(default_factory=dict)
    reflections: list = field(default_factory=list)  # (question, [(student, answer)])
    rubric: Mapping[str, str] = field(default_factory=dict)

    @property
    def attempt_count(self) -> int:
        return sum(self.attempts.values())


def anonymised(attempts: list[AttemptView]) -> list[AttemptView]:
    """The same attempts with students named Student 1, 2, … in order of first appearance."""
    names: dict[str, str] = {}
    out = []
    for a in attempts:
        if a.kind == "class":
            out.append(a)
            continue
        alias = names.setdefault(a.student, f"Student {len(names) + 1}")
        out.append(AttemptView(alias, a.scenario, a.mode, a.finished, a.debrief, a.reflections, "", a.kind))
    return out


def summarise(attempts: Iterable[AttemptView], rubric: Mapping[str, str] | None = None) -> list[ScenarioReport]:
    grouped: dict[str, list[AttemptView]] = defaultdict(list)
    for a in attempts:
        grouped[a.scenario.id].append(a)
    reports = []
    for scenario_id in sorted(grouped, key=lambda s: grouped[s][0].scenario.title.lower()):
        reports.append(_scenario_report(grouped[scenario_id], rubric or {}))
    return reports


def _scenario_report(attempts: list[AttemptView], rubric: Mapping[str, str]) -> ScenarioReport:
    scenario = attempts[0].scenario
    r = ScenarioReport(scenario, rubric=rubric)
    r.students = len({a.student for a in attempts if a.kind == "student"})
    ending_counts: dict[str, Counter] = defaultdict(Counter)
    for a in attempts:
        r.attempts[a.mode] += 1
        if a.finished and a.ending:
            r.finished += 1
            ending_counts[a.ending["id"]][a.mode] += 1
        else:
            r.unfinished[a.mode] += 1
    r.endings = [(e, dict(ending_counts.get(e.id, {}))) for e in scenario.endings]
    r.decisions = _decision_rows(scenario, attempts)
    r.curves = _curves(scenario, attempts)
    r.tags = _tags(attempts)
    r.duties = _duties(attempts)
    r.relationship = _relationship(attempts)
    r.mix = _mix(attempts)
    r.reflections = _reflections(attempts)
    return r


def _decision_rows(scenario: Scenario, attempts: list[AttemptView]) -> list[DecisionRow]:
    counts: Counter = Counter()
    first_seen: dict[str, int] = {}
    for a in attempts:
        for position, d in enumerate(a.debrief["decisions"]):
            counts[(d["node"], d["choice"])] += 1
            first_seen[d["node"]] = min(first_seen.get(d["node"], position), position)
    rows = []
    for node_id in sorted(first_seen, key=lambda n: (first_seen[n], n)):
        node = scenario.nodes.get(node_id)
        if node is None:
            continue
        cells = [ChoiceCell(c.id, c.text, c.tag, counts.get((node_id, c.id), 0)) for c in node.choices]
        rows.append(DecisionRow(node_id, node.says or node.narration or "", cells))
    return rows


def _curves(scenario: Scenario, attempts: list[AttemptView]) -> dict:
    curves = {}
    for meter in scenario.meters:
        sums: list[float] = []
        ns: list[int] = []
        for a in attempts:
            for i, point in enumerate(a.debrief["trajectory"]):
                if meter not in point:
                    continue
                if i == len(sums):
                    sums.append(0.0)
                    ns.append(0)
                sums[i] += point[meter]
                ns[i] += 1
        curves[meter] = [(s / n, n) for s, n in zip(sums, ns) if n]
    return curves


def _tags(attempts: list[AttemptView]) -> list:
    counts: Counter = Counter(d["tag"] for a in attempts for d in a.debrief["decisions"])
    order = [t for t in PRACTICES + PITFALLS if t in counts] + sorted(t for t in counts if t not in PRACTICES + PITFALLS)
    rows = [(t, TAG_LABELS.get(t, t.replace("-", " ").capitalize()), counts[t], t in PITFALLS) for t in order]
    rows.sort(key=lambda row: (row[3], -row[2]))
    return rows


def _duties(attempts: list[AttemptView]) -> list:
    table: dict[str, list] = {}
    for a in attempts:
        if not a.finished:
            continue
        for duty in a.debrief.get("duties") or []:
            if not isinstance(duty, dict) or not duty.get("raised", True):
                continue
            row = table.setdefault(duty.get("id", "?"), [duty.get("title", duty.get("id", "?")), 0, 0,
                                                          duty.get("why", "")])
            row[1] += 1
            row[2] += 1 if duty.get("met") else 0
    return sorted((tuple(v) for v in table.values()), key=lambda row: (row[2] / row[1] if row[1] else 1, row[0]))


def _relationship(attempts: list[AttemptView]) -> dict:
    out: Counter = Counter()
    finished = [a for a in attempts if a.finished]
    for a in finished:
        built = a.debrief.get("relationship") or {}
        for key in ("connection", "rapport", "alliance"):
            value = built.get(key)
            if isinstance(value, dict):
                value = value.get("built")
            if value:
                out[key] += 1
    return {"finished": len(finished), **{k: out.get(k, 0) for k in ("connection", "rapport", "alliance")}} \
        if any(a.debrief.get("relationship") for a in finished) else {}


def _mix(attempts: list[AttemptView]) -> dict:
    counts: Counter = Counter()
    questions = reflections = complex_reflections = 0
    for a in attempts:
        mix = a.debrief["response_mix"]
        counts.update(mix["counts"])
        questions += mix["questions"]
        reflections += mix["reflections"]
        complex_reflections += mix["counts"].get("complex-reflection", 0)
    rq = reflections / questions if questions else None
    cr = complex_reflections / reflections if reflections else None
    return {"counts": dict(counts.most_common()), "questions": questions, "reflections": reflections,
            "reflection_to_question": rq, "complex_share": cr,
            "rq_level": _level(rq, MITI_RQ), "cr_level": _level(cr, MITI_CR), "note": MITI_NOTE}


def _level(value: float | None, thresholds: dict) -> str:
    if value is None:
        return "not enough data"
    if value >= thresholds["good"]:
        return "good"
    if value >= thresholds["fair"]:
        return "fair"
    return "below fair"


def _reflections(attempts: list[AttemptView]) -> list:
    by_question: dict[str, list] = {}
    for a in attempts:
        for question, answer in a.reflections.items():
            by_question.setdefault(question, []).append((a.student, answer))
    return list(by_question.items())


# -- CSV: one row per attempt ------------------------------------------------------------------
CSV_COLUMNS = ("student", "scenario", "mode", "finished", "ending", "outcome", "decisions", "practices",
               "pitfalls", "connection", "duties_raised", "duties_met", "final_trust", "final_openness",
               "reflection_to_question", "source")


def report_csv(attempts: Iterable[AttemptView]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for a in attempts:
        d = a.debrief
        decisions = d["decisions"]
        duties = [x for x in d.get("duties") or [] if isinstance(x, dict) and x.get("raised", True)]
        rq = d["response_mix"]["reflection_to_question"]
        writer.writerow({k: _safe_cell(v) for k, v in {
            "student": a.student, "scenario": a.scenario.id, "mode": a.mode,
            "finished": "yes" if a.finished else "no",
            "ending": (a.ending or {}).get("title", ""), "outcome": (a.ending or {}).get("outcome", ""),
            "decisions": len(decisions),
            "practices": sum(1 for x in decisions if x["tag"] in PRACTICES),
            "pitfalls": sum(1 for x in decisions if x["tag"] in PITFALLS),
            "connection": sum(1 for x in decisions if x["tag"] == "connection"),
            "duties_raised": len(duties), "duties_met": sum(1 for x in duties if x.get("met")),
            "final_trust": d["final_meters"].get("trust", ""), "final_openness": d["final_meters"].get("openness", ""),
            "reflection_to_question": "" if rq is None else f"{rq:.2f}", "source": a.source,
        }.items()})
    return out.getvalue()


def _safe_cell(value):
    # Text a spreadsheet would run as a formula is quoted, as the class session CSV does.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
