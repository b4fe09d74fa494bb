"""Plain-text rendering of scenario cards and debriefs, shared by the terminal player and `--text` output."""

from __future__ import annotations

import os
import textwrap
from typing import TYPE_CHECKING

from ..story import TAG_LABELS, Debrief, Scenario
from ..story.debrief import MITI_NOTE, relationship_lines, respect_lines

if TYPE_CHECKING:
    from ..records.rubric import Rubric

WIDTH = 78

# Characters a scene's text must not send to a terminal: C0 and C1 controls (ESC starts the
# sequences that move the cursor, clear the screen or retitle the window), DEL, and the bidi
# overrides that make text read differently from what it says. Newlines stay; tabs become spaces.
_CONTROL = dict.fromkeys([*range(0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0),
                          *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_CONTROL[0x09] = " "


def clean(text: object) -> str:
    """``text`` with every terminal control character removed (see _CONTROL)."""
    return str(text).translate(_CONTROL)


class Style:
    """ANSI styling only on a terminal that wants it (NO_COLOR respected); plain text otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and "NO_COLOR" not in os.environ

    def _wrap(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def italic(self, text: str) -> str:
        return self._wrap("3", text)

    def good(self, text: str) -> str:
        return self._wrap("32", text)

    def warn(self, text: str) -> str:
        return self._wrap("33", text)


def wrap(text: str, indent: str = "", width: int = WIDTH, hanging: str | None = None) -> str:
    """Fill ``text`` to ``width``; later lines take ``hanging`` (default: the same indent)."""
    later = indent if hanging is None else hanging
    paragraphs = [p for p in clean(text).split("\n") if p.strip()] or [""]
    return "\n".join(textwrap.fill(p.strip(), width=width, initial_indent=indent, subsequent_indent=later)
                     for p in paragraphs)


def scenario_card(s: Scenario, style: Style) -> str:
    c = s.client
    lines = [
        style.bold(clean(s.title)),
        f"{s.difficulty.capitalize()} · about {s.minutes} minutes · {s.setting}",
        "",
        wrap(s.summary),
        "",
        style.bold("Client: ") + clean(f"{c.name}, {c.age} ({c.pronouns})"),
        wrap(c.background, "  "),
        wrap(f"What brings them in: {c.presenting}"),
    ]
    if s.content_notes:
        lines += ["", style.warn("Content note: ") + clean("; ".join(s.content_notes))]
    lines += ["", style.bold("Learning objectives:")] + [wrap(o, "  - ", hanging="    ") for o in s.objectives]
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def in_rubric(key: str, rubric: Rubric | None) -> str:
    """" [the course rubric's name for key]", or nothing when the rubric has none."""
    name = rubric.label(key) if rubric is not None else None
    return f" [{name}]" if name else ""


def debrief_text(d: Debrief, style: Style, rubric: Rubric | None = None) -> str:
    """The debrief as text; ``rubric`` (the course's, if one is in use) names practices, pitfalls
    and duties in its own words beside Rapport's."""
    out: list[str] = []
    rule = "-" * WIDTH
    if d.ending:
        out += [rule, style.bold(clean(f"Ending: {d.ending.title}")), wrap(d.ending.text), ""]
    if d.ripple:
        out += [style.italic(wrap(f"Weeks later: {d.ripple.strip()}")), ""]
    out += [style.bold("Debrief"), rule]
    out += teaching_text(d, style, rubric)
    summary = (f"You made {len(d.decisions)} decisions: {d.practice_count} showed a rapport practice, "
               f"{d.pitfall_count} fell into a pitfall")
    if d.missed_count:
        summary += f", and {d.missed_count} reached for a practice that did not land at that moment"
    out.append(wrap(summary + "."))
    if d.trajectory:
        first, last = d.trajectory[0], d.trajectory[-1]
        out.append("How the client moved: " + ", ".join(  # every meter the scene has
            f"{m} {_direction(first[m], last[m])}" for m in first))
    out.append("")
    out.append(style.bold("Your choices, in order"))
    if rubric is not None:
        out.append(wrap(f"Names in [brackets] are from your course's rubric: {rubric.name}.", "  "))
    turning = {t.step for t in d.turning_points}
    for n, dec in enumerate(d.decisions, 1):
        label = TAG_LABELS[dec.tag]
        if dec.is_pitfall:
            tag = style.warn(f"[pitfall: {label}]")
        elif dec.missed_the_moment:
            tag = style.warn(f"[{label} — did not land here]")
        else:
            tag = style.good(f"[{label}]")
        mark = "  * turning point" if dec.step in turning else ""
        out.append(wrap(f'{n}. "{dec.text}"', hanging="   "))
        out.append(f"   {tag}{in_rubric(dec.tag, rubric)}{' (' + dec.kind + ')' if dec.kind else ''}{mark}")
        out.append(wrap(dec.feedback, "   "))
    out.append("")
    out.append(style.bold("By practice"))
    for tag, decisions in d.by_tag.items():
        out.append(f"  {TAG_LABELS[tag]}{in_rubric(tag, rubric)}: {len(decisions)}")
    mix = d.mix
    out += ["", style.bold("Response mix")]
    if mix.counts:
        out.append("  " + ", ".join(f"{k.replace('-', ' ')} {v}" for k, v in mix.counts.items()))
        ratio = mix.reflection_to_question
        out.append(f"  Reflections to questions: {'n/a (no questions)' if ratio is None else f'{ratio:.1f} : 1'}"
                   f" (MI practice aims for 1:1 or better, 2:1 is good); complex reflections: {_pct(mix.complex_share)}")
    out.append(wrap(MITI_NOTE, "  "))
    if d.disclosures_heard or d.disclosures_missed:
        out += ["", style.bold("What the client shared")]
        out += [clean(f"  - {label}") for label in d.disclosures_heard]
        if d.disclosures_missed:
            out.append(f"  ({d.disclosures_missed} more thing(s) the client did not share this time.)")
    out += ["", style.bold("Endings")]
    for e in d.endings:
        if e.reached_now:
            out.append(clean(f"  * {e.ending.title} (this time)"))
        elif e.found:
            out.append(clean(f"  - {e.ending.title}"))
        else:
            out.append("  - ??? (not found yet — replay to discover it)")
    return "\n".join(out)


def teaching_text(d: Debrief, style: Style, rubric: Rubric | None = None) -> list[str]:
    """What was built, the duties raised (met or missed, why, source) and mutual respect, in the
    window's order and words; parts the scene does not have are left out."""
    out: list[str] = []
    r = d.relationship
    if r is not None and d.scenario.format >= 2:
        out += [style.bold("What you built"), wrap(r.sentence, "  ")]
        out += [wrap(f"{label}: {line}", "  - ", hanging="    ") for label, line in relationship_lines(r)]
        out.append("")
    if d.duties:
        out.append(style.bold("Duties"))
        for outcome in d.duties:
            duty = outcome.duty
            mark = style.good("[met]") if outcome.met else style.warn("[MISSED]")
            title = duty.title + in_rubric(duty.id, rubric)
            out.append(wrap(f"{mark} {title}", "  ", hanging="    ") if not style.enabled
                       else f"  {mark} {clean(title)}")
            out.append(wrap(f"Why it matters: {duty.why}", "    "))
            out.append(wrap(f"Source: {duty.source}", "    "))
        out.append("")
    lines = respect_lines(d.respect)
    if lines:
        out.append(style.bold("Mutual respect"))
        out += [wrap(line, "  - ", hanging="    ") for line in lines]
        out.append("")
    return out


def _direction(start: int, end: int) -> str:
    delta = end - start
    if delta >= 15:
        return "rose a lot"
    if delta > 0:
        return "rose a little"
    if delta <= -15:
        return "fell a lot"
    if delta < 0:
        return "fell a little"
    return "held steady"
