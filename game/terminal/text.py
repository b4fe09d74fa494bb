"""Plain-text rendering of scenario cards and debriefs, shared by the terminal player and `--text` output."""

from __future__ import annotations

import os
import textwrap
from typing import TYPE_CHECKING

from ..story import TAG_LABELS, Debrief, Scenario
from ..i18n import N_, _, ngettext
from ..story.debrief import MITI_NOTE, relationship_lines, respect_lines
from ..words import difficulty_name, meter_name, setting_name

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


# The response kinds' names, as the debrief lists them (the scene format's fixed words).
KINDS = {"open-question": N_("open question"), "closed-question": N_("closed question"),
         "simple-reflection": N_("simple reflection"), "complex-reflection": N_("complex reflection"),
         "affirmation": N_("affirmation"), "summary": N_("summary"), "emphasize-autonomy": N_("emphasize autonomy"),
         "seek-collaboration": N_("seek collaboration"), "giving-information": N_("giving information"),
         "advice": N_("advice"), "reassurance": N_("reassurance"), "confrontation": N_("confrontation"),
         "silence": N_("silence"), "self-disclosure": N_("self-disclosure")}


def kind_name(word: str) -> str:
    return _(KINDS[word]) if word in KINDS else word.replace("-", " ")


def scenario_card(s: Scenario, style: Style) -> str:
    c = s.client
    lines = [
        style.bold(clean(s.title)),
        clean(ngettext("{difficulty} · about {minutes} minute · {setting}",
                       "{difficulty} · about {minutes} minutes · {setting}", s.minutes).format(
            difficulty=difficulty_name(s.difficulty), minutes=s.minutes, setting=setting_name(s.setting))),
        "",
        wrap(s.summary),
        "",
        style.bold(_("Client:") + " ") + clean(f"{c.name}, {c.age} ({c.pronouns})"),
        wrap(c.background, "  "),
        wrap(_("What brings them in: {presenting}").format(presenting=c.presenting)),
    ]
    if s.content_notes:
        lines += ["", style.warn(_("Content note:") + " ") + clean("; ".join(s.content_notes))]
    lines += ["", style.bold(_("Learning objectives:"))] + [wrap(o, "  - ", hanging="    ") for o in s.objectives]
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return _("n/a") if value is None else f"{value:.0%}"


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
        out += [rule, style.bold(clean(_("Ending: {title}").format(title=d.ending.title))), wrap(d.ending.text), ""]
    if d.ripple:
        out += [style.italic(wrap(_("Afterwards: {what}").format(what=d.ripple.strip()))), ""]
    out += [style.bold(_("Debrief")), rule]
    out += teaching_text(d, style, rubric)
    out.append(wrap(decisions_summary(d)))
    if d.trajectory:
        first, last = d.trajectory[0], d.trajectory[-1]
        moves = ", ".join(  # every meter the scene has
            _("{meter} {change}").format(meter=meter_name(m), change=_direction(first[m], last[m])) for m in first)
        out.append(_("How the client moved: {moves}").format(moves=moves))
    out.append("")
    out.append(style.bold(_("Your choices, in order")))
    if rubric is not None:
        out.append(wrap(_("Names in [brackets] are from your course's rubric: {rubric}.").format(rubric=rubric.name), "  "))
    turning = {t.step for t in d.turning_points}
    for n, dec in enumerate(d.decisions, 1):
        label = _(TAG_LABELS[dec.tag])
        if dec.is_pitfall:
            tag = style.warn(_("[pitfall: {practice}]").format(practice=label))
        elif dec.missed_the_moment:
            tag = style.warn(_("[{practice} — did not land here]").format(practice=label))
        else:
            tag = style.good(f"[{label}]")
        mark = "  * " + _("turning point") if dec.step in turning else ""
        out.append(wrap(_('{n}. "{words}"').format(n=n, words=dec.text), hanging="   "))
        out.append(f"   {tag}{in_rubric(dec.tag, rubric)}{' (' + kind_name(dec.kind) + ')' if dec.kind else ''}{mark}")
        out.append(wrap(dec.feedback, "   "))
    out.append("")
    out.append(style.bold(_("By practice")))
    for tag, decisions in d.by_tag.items():
        out.append(f"  {_(TAG_LABELS[tag])}{in_rubric(tag, rubric)}: {len(decisions)}")
    mix = d.mix
    out += ["", style.bold(_("Response mix"))]
    if mix.counts:
        out.append("  " + ", ".join(f"{kind_name(k)} {v}" for k, v in mix.counts.items()))
        ratio = mix.reflection_to_question
        out.append("  " + _("Reflections to questions: {ratio} (MI practice aims for 1:1 or better, 2:1 is good); "
                            "complex reflections: {share}").format(
            ratio=_("n/a (no questions)") if ratio is None else f"{ratio:.1f} : 1", share=_pct(mix.complex_share)))
    out.append(wrap(_(MITI_NOTE), "  "))
    if d.disclosures_heard or d.disclosures_missed:
        out += ["", style.bold(_("What the client shared"))]
        out += [clean(f"  - {label}") for label in d.disclosures_heard]
        if d.disclosures_missed:
            out.append("  " + ngettext("({n} more thing the client did not share this time.)",
                                       "({n} more things the client did not share this time.)",
                                       d.disclosures_missed).format(n=d.disclosures_missed))
    out += ["", style.bold(_("Endings"))]
    for e in d.endings:
        if e.reached_now:
            out.append(clean("  * " + _("{ending} (this time)").format(ending=e.ending.title)))
        elif e.found:
            out.append(clean(f"  - {e.ending.title}"))
        else:
            out.append("  - " + _("??? (not found yet — replay to discover it)"))
    return "\n".join(out)


def decisions_summary(d: Debrief) -> str:
    """One sentence: how many decisions, how many showed a practice, fell into a pitfall or missed."""
    made = ngettext("You made {n} decision", "You made {n} decisions", len(d.decisions)).format(n=len(d.decisions))
    practices = ngettext("{n} showed a rapport practice", "{n} showed a rapport practice",
                         d.practice_count).format(n=d.practice_count)
    pitfalls = ngettext("{n} fell into a pitfall", "{n} fell into a pitfall", d.pitfall_count).format(n=d.pitfall_count)
    if not d.missed_count:
        # TRANSLATORS: e.g. "You made 5 decisions: 3 showed a rapport practice, 2 fell into a pitfall."
        return _("{made}: {practices}, {pitfalls}.").format(made=made, practices=practices, pitfalls=pitfalls)
    missed = ngettext("{n} reached for a practice that did not land at that moment",
                      "{n} reached for a practice that did not land at that moment",
                      d.missed_count).format(n=d.missed_count)
    # TRANSLATORS: as above, then "and 1 reached for a practice that did not land at that moment".
    return _("{made}: {practices}, {pitfalls}, and {missed}.").format(
        made=made, practices=practices, pitfalls=pitfalls, missed=missed)


def teaching_text(d: Debrief, style: Style, rubric: Rubric | None = None) -> list[str]:
    """What was built, the duties raised (met or missed, why, source) and mutual respect, in the
    window's order and words; parts the scene does not have are left out."""
    out: list[str] = []
    r = d.relationship
    if r is not None and d.scenario.format >= 2:
        out += [style.bold(_("What you built")), wrap(r.sentence, "  ")]
        out += [wrap(f"{label}: {line}", "  - ", hanging="    ") for label, line in relationship_lines(r)]
        out.append("")
    if d.duties:
        out.append(style.bold(_("Duties")))
        for outcome in d.duties:
            duty = outcome.duty
            mark = style.good(_("[met]")) if outcome.met else style.warn(_("[MISSED]"))
            title = duty.title + in_rubric(duty.id, rubric)
            out.append(wrap(f"{mark} {title}", "  ", hanging="    ") if not style.enabled
                       else f"  {mark} {clean(title)}")
            out.append(wrap(_("Why it matters: {why}").format(why=duty.why), "    "))
            out.append(wrap(_("Source: {source}").format(source=duty.source), "    "))
        out.append("")
    lines = respect_lines(d.respect)
    if lines:
        out.append(style.bold(_("Mutual respect")))
        out += [wrap(line, "  - ", hanging="    ") for line in lines]
        out.append("")
    return out


def _direction(start: int, end: int) -> str:
    delta = end - start
    if delta >= 15:
        return _("rose a lot")
    if delta > 0:
        return _("rose a little")
    if delta <= -15:
        return _("fell a lot")
    if delta < 0:
        return _("fell a little")
    return _("held steady")
