"""Play a scenario as plain text at a prompt, through a PlaySession like every other front end."""

from __future__ import annotations

import sys
import textwrap
from typing import IO, TYPE_CHECKING, Callable, Mapping

from ..play import NO_REWIND, EndingsRecord, PlaySession, ScriptError, pick
from ..story import CHOICE, TAG_LABELS, Line, build_debrief
from ..story.debrief import reflection_questions
from ..i18n import N_, _
from .text import Style, clean, debrief_text, scenario_card, wrap

if TYPE_CHECKING:
    from ..records.rubric import Rubric

# The keys stay b, l and q in every language (a screen-reader user learns them once); the help
# says what each does in the player's language.
HELP = N_("Type a number to choose. b = go back one choice, l = conversation so far, q = quit.")
HELP_ASSESSED = N_("Type a number to choose. l = conversation so far, q = quit. This is an assessed attempt: "
                   "no coach notes and no going back; all the feedback comes in the debrief.")


class TerminalPlayer:
    def __init__(self, session: PlaySession, *, out: IO[str] | None = None, inp: IO[str] | None = None,
                 color: bool | None = None, coach: bool = False, endings: EndingsRecord | None = None,
                 reflect: Callable[[Mapping[str, str]], str | None] | None = None, rubric: Rubric | None = None):
        """Play ``session`` (new or resumed) at a prompt; ``endings`` lists the endings found
        before in the debrief. Saving is the session's listeners' business, not the player's.
        ``reflect(answers)``, when given (a profile is in use), keeps the answers to the debrief
        questions asked after the debrief ({question: answer}, "" for one skipped, in order) and
        returns a problem line or None."""
        self.session = session
        self.scenario = session.scenario
        self.out = out or sys.stdout
        self.inp = inp or sys.stdin
        self.style = Style(self.out.isatty() if color is None else color)
        self.coach = coach and session.coaching  # never in an assessed attempt
        self.help = _(HELP if session.can_rewind else HELP_ASSESSED)
        self.endings = endings
        self._shown_posture = ""
        self.reflect = reflect
        self.rubric = rubric  # the course's, if one is in use: its names beside Rapport's in the debrief

    @property
    def state(self):
        return self.session.state

    def problem(self, line: str | None) -> None:
        """Show a one-line problem (an autosave that failed): hand this to the listener that reports."""
        if line:
            self.say(self.style.warn(wrap(line, "  ")))

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def ask(self, prompt: str) -> str | None:
        self.out.write(prompt)
        self.out.flush()
        line = self.inp.readline()
        return None if line == "" else line.strip()

    def show_line(self, line: Line) -> None:
        if line.role == "narration":
            self.say(self.style.italic(wrap(line.text, "  ")))
        elif line.role == "worker":
            self.say(wrap(_('You: "{words}"').format(words=line.text)))
        else:
            speaker = clean(line.speaker)
            text = wrap(_('{speaker}: "{words}"').format(speaker=speaker, words=line.text))
            self.say(self.style.bold(speaker) + text[len(speaker):] if text.startswith(speaker) else text)

    def current_lines(self) -> list[Line]:
        """The lines of the moment shown now: the client's reaction, or the node's own lines."""
        st = self.state
        if st.reacting is not None:
            return st.reaction_lines(st.reacting, st.node_id)
        return st.node_lines(st.node_id)

    def show_node(self) -> None:
        self.say()
        for line in self.current_lines():
            self.show_line(line)
        posture = self.state.cue().posture
        if posture and posture != self._shown_posture:
            self.say(self.style.dim(wrap(f"({posture})", "  ")))
            self._shown_posture = posture

    def run(self) -> int:
        self.say(scenario_card(self.scenario, self.style))
        self.say()
        self.say(self.style.dim(self.help))
        begin = (_("Press Enter to go on from where you left off (q to quit).") if self.state.history
                 else _("Press Enter to begin (q to quit)."))
        if self.ask(begin + " ") in (None, "q"):
            return 0
        if self.state.history:
            self.say(self.style.dim(_("(The conversation so far.)")))
            earlier = self.state.transcript()
            for line in earlier[:len(earlier) - len(self.current_lines())]:
                self.show_line(line)
        self.show_node()
        while not self.state.is_over:
            if self.state.status != CHOICE:
                answer = self.ask(self.style.dim("  " + _("[Enter to go on]") + " "))
                if answer is None or answer == "q":
                    return 0
                self.session.read_on()
                self.show_node()
                continue
            if not self.decide():
                return 0
        self.session.finish()
        found = self.endings.found(self.scenario.id) if self.endings is not None else set()
        self.say()
        self.say(debrief_text(build_debrief(self.scenario, self.state, found), self.style, self.rubric))
        if self.reflect is not None:
            self.reflection()
        return 0

    def reflection(self) -> None:
        """Ask the debrief questions; each may be skipped with Enter (or all, at the end of input)."""
        self.say()
        self.say(self.style.bold(_("Your reflection (optional)")))
        self.say(self.style.dim(wrap(_("Answer in a sentence or two, or press Enter to skip a question. "
                                       "Your answers are kept with this attempt."), "  ")))
        answers: dict[str, str] = {}
        for n, question in enumerate(reflection_questions(self.scenario), 1):
            self.say(wrap(f"{n}. {question}"))
            answer = self.ask("   > ")
            if answer is None:
                break
            answers[question] = answer
        if not any(a.strip() for a in answers.values()):
            self.say(self.style.dim(_("(Nothing kept: the reflection was skipped.)")))
            return
        problem = self.reflect(answers)
        if problem:
            self.problem(problem)
        else:
            self.say(self.style.dim(_("(Kept with this attempt: `rapport export` carries it too.)")))

    def decide(self) -> bool:
        """Offer the choices and act on the answer; False when the player quits."""
        offered = self.state.available()
        self.say()
        for n, choice in enumerate(offered, 1):
            self.say(textwrap.fill(clean(choice.text), width=74, initial_indent=f"  {n}) ", subsequent_indent="     "))
        while True:
            prompt = (_("Your response (1-{last}, b, l, q):") if self.session.can_rewind
                      else _("Your response (1-{last}, l, q):"))
            answer = self.ask(prompt.format(last=len(offered)) + " ")
            if answer is None or answer == "q":
                return False
            if answer == "l":
                self.say()
                for line in self.state.transcript():
                    self.show_line(line)
                continue
            if answer == "b" and not self.session.can_rewind:
                self.say(_(NO_REWIND))
                continue
            if answer == "b":
                decisions = self.state.decisions
                if not decisions:
                    self.say(_("This is the first choice; there is nothing to go back to."))
                    continue
                self.session.rewind(decisions[-1].index)
                self.say(self.style.dim(_("(You take back your last response.)")))
                self.show_node()
                return True
            try:
                choice = pick(self.state, answer)
            except ScriptError:
                self.say(self.help)
                continue
            self.session.choose(choice.id)
            if self.coach:
                label = _(TAG_LABELS[choice.tag])
                self.say(self.style.dim(wrap(_("Coach ({practice}): {feedback}").format(
                    practice=label, feedback=choice.feedback), "  ")))
            self.show_node()
            return True
