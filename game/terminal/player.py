"""Play a scenario as plain text: interactively at a prompt, or from a scripted list of choices."""

from __future__ import annotations

import sys
import textwrap
from typing import IO, Callable

from ..story import CHOICE, TAG_LABELS, Line, PlayState, Scenario, build_debrief
from .text import Style, debrief_text, scenario_card, wrap

HELP = "Type a number to choose. b = go back one choice, l = conversation so far, q = quit."


class ScriptError(ValueError):
    """A scripted choice that does not fit where the encounter is."""


def pick(state: PlayState, token: str):
    """The choice a token names: a 1-based number among the offered choices, or a choice id."""
    offered = state.available()
    token = token.strip()
    if token.isdigit():
        n = int(token)
        if 1 <= n <= len(offered):
            return offered[n - 1]
        raise ScriptError(f'choice {n} at node "{state.node_id}": only {len(offered)} choice(s) are offered')
    for choice in offered:
        if choice.id == token:
            return choice
    ids = ", ".join(c.id for c in offered)
    raise ScriptError(f'"{token}" is not offered at node "{state.node_id}"; offered: {ids}')


def play_scripted(scenario: Scenario, tokens: list[str]) -> PlayState:
    """Play ``tokens`` (numbers or ids), reading on through nodes without choices."""
    state = PlayState.start(scenario)
    queue = [t for t in tokens if t.strip()]
    while not state.is_over:
        if state.status != CHOICE:  # reading on, or past the client's reaction
            state.advance()
            continue
        if not queue:
            break
        state.choose(pick(state, queue.pop(0)).id)
    if queue:
        raise ScriptError(f"the encounter ended with {len(queue)} choice(s) left over: {','.join(queue)}")
    return state


class TerminalPlayer:
    def __init__(self, scenario: Scenario, *, out: IO[str] | None = None, inp: IO[str] | None = None,
                 color: bool | None = None, coach: bool = False, state: PlayState | None = None,
                 on_change: Callable[[PlayState], str | None] | None = None):
        """``state`` continues a saved encounter; ``on_change`` is called after every step
        (autosave) and may return a one-line problem to show."""
        self.scenario = scenario
        self.out = out or sys.stdout
        self.inp = inp or sys.stdin
        self.style = Style(self.out.isatty() if color is None else color)
        self.coach = coach
        self.state = state if state is not None else PlayState.start(scenario)
        self.on_change = on_change
        self.found_endings: set[str] = set()  # from earlier attempts, for the debrief's list of endings
        self._shown_posture = ""

    def changed(self) -> None:
        if self.on_change is not None:
            problem = self.on_change(self.state)
            if problem:
                self.say(self.style.warn(wrap(problem, "  ")))

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
            self.say(wrap(f'You: "{line.text}"'))
        else:
            self.say(wrap(f'{self.style.bold(line.speaker)}: "{line.text}"'))

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
        self.say(self.style.dim(HELP))
        begin = "Press Enter to go on from where you left off" if self.state.history else "Press Enter to begin"
        if self.ask(f"{begin} (q to quit). ") in (None, "q"):
            return 0
        if self.state.history:
            self.say(self.style.dim("(The conversation so far.)"))
            earlier = self.state.transcript()
            for line in earlier[:len(earlier) - len(self.current_lines())]:
                self.show_line(line)
        self.show_node()
        while not self.state.is_over:
            if self.state.status != CHOICE:  # reading on, or past the client's reaction
                answer = self.ask(self.style.dim("  [Enter to go on] "))
                if answer is None or answer == "q":
                    return 0
                self.state.advance()
                self.changed()
                self.show_node()
                continue
            if not self.decide():
                return 0
        self.say()
        self.say(debrief_text(build_debrief(self.scenario, self.state, self.found_endings), self.style))
        return 0

    def decide(self) -> bool:
        """Offer the choices and act on the answer; False when the player quits."""
        offered = self.state.available()
        self.say()
        for n, choice in enumerate(offered, 1):
            self.say(textwrap.fill(choice.text, width=74, initial_indent=f"  {n}) ", subsequent_indent="     "))
        while True:
            answer = self.ask(f"Your response (1-{len(offered)}, b, l, q): ")
            if answer is None or answer == "q":
                return False
            if answer == "l":
                self.say()
                for line in self.state.transcript():
                    self.show_line(line)
                continue
            if answer == "b":
                decisions = self.state.decisions
                if not decisions:
                    self.say("This is the first choice; there is nothing to go back to.")
                    continue
                self.state.rewind(decisions[-1].index)
                self.changed()
                self.say(self.style.dim("(You take back your last response.)"))
                self.show_node()
                return True
            try:
                choice = pick(self.state, answer)
            except ScriptError:
                self.say(HELP)
                continue
            self.state.choose(choice.id)
            self.changed()
            if self.coach:
                label = TAG_LABELS[choice.tag]
                self.say(self.style.dim(wrap(f"Coach ({label}): {choice.feedback}", "  ")))
            self.show_node()
            return True
