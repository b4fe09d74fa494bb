"""PlaySession: one attempt at an encounter, played by any front end, told to any listener.

The window, the terminal player, the classroom and the tests all drive an attempt through this
object and nothing else: start or resume, choose, read on, rewind, finish. After each change it
tells its listeners what happened with a PlayEvent, so saving, the endings found and the class
record follow the play without the front end re-doing any of it. The story rules stay in the
PlayState; this layer only sequences them and reports. No pygame, no database here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from game.i18n import N_
from game.story import Choice, Ending, PlayError, PlayState, Scenario, Step

if TYPE_CHECKING:
    from game.progress import Attempt, Resumed

# What a PlayEvent reports.
STARTED = "started"            # a new attempt began
RESUMED = "resumed"            # a stored attempt carries on
CHOICE_MADE = "choice-made"    # the player chose a response (event.step, event.choice)
READ_ON = "read-on"            # the player read on past a moment without choices (event.step)
REWOUND = "rewound"            # the player went back to before step event.to_step
RELOADED = "reloaded"          # the scene file was read again; the play moved onto the new version
ENDING_REACHED = "ending-reached"  # the last step reached an ending (event.ending); after its step event
FINISHED = "finished"          # the player is done with an attempt that ended (the debrief opens)
EVENTS = (STARTED, RESUMED, CHOICE_MADE, READ_ON, REWOUND, RELOADED, ENDING_REACHED, FINISHED)

# How an attempt is played (issue 12 item 5): practice has coach notes and rewind, assessed has
# neither and keeps all feedback for the debrief. Every front end reads ``session.mode``.
PRACTICE, ASSESSED = "practice", "assessed"
MODES = (PRACTICE, ASSESSED)
# Marked for the catalogue; a view shows them through game.i18n._ (the terminal, the window).
MODE_LINES = {
    PRACTICE: N_("Practice: coach notes after each choice, and you can go back and try another answer."),
    ASSESSED: N_("Assessed: no coach notes and no going back; all the feedback comes in the debrief."),
}
NO_REWIND = N_("This is an assessed attempt: answers cannot be taken back. The feedback comes in the debrief.")


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f'the mode must be "practice" or "assessed", not {mode!r}')
    return mode


@dataclass(frozen=True)
class PlayEvent:
    kind: str
    session: "PlaySession"
    step: Step | None = None
    choice: Choice | None = None
    ending: Ending | None = None
    to_step: int | None = None


Listener = Callable[[PlayEvent], Any]


class PlaySession:
    """One attempt. ``listen(fn)`` adds a listener (``fn(event)``), which is all a new record-keeper
    needs; listeners are told in the order they were added.

    Generic over the core's statuses: ``read_on`` works wherever the state waits for no choice,
    so a new status (a reaction after a choice) needs nothing here. What a player may do (say,
    no rewinding in an assessed attempt) belongs here, checked before the state is asked.
    """

    def __init__(self, scenario: Scenario, state: PlayState, *, attempt: Attempt | None = None,
                 notice: str | None = None, listeners: Iterable[Listener] = (), mode: str = PRACTICE) -> None:
        if state.scenario is not scenario:
            raise ValueError("the state must be a play of this scenario")
        self.scenario = scenario
        self.state = state
        self.attempt = attempt  # the stored attempt this play is saved as (set by the autosave)
        self.notice = notice    # one line for the player (the scenario was updated, reloaded...)
        self.finished = False
        self.mode = check_mode(mode)  # practice or assessed: fixed for the whole attempt
        self._listeners: list[Listener] = list(listeners)

    # -- beginning --------------------------------------------------------------------------
    @classmethod
    def start(cls, scenario: Scenario, listeners: Iterable[Listener] = (), *, mode: str = PRACTICE) -> "PlaySession":
        session = cls(scenario, PlayState.start(scenario), listeners=listeners, mode=mode)
        session._tell(STARTED)
        session._check_ending()
        return session

    @classmethod
    def resume(cls, resumed: Resumed, listeners: Iterable[Listener] = ()) -> "PlaySession":
        """Carry on a stored attempt (a game.progress.Resumed), in the mode it was started in."""
        state = resumed.state
        session = cls(state.scenario, state, attempt=resumed.attempt, notice=resumed.notice, listeners=listeners,
                      mode=resumed.mode)
        session._tell(RESUMED)
        return session

    def listen(self, listener: Listener) -> Listener:
        self._listeners.append(listener)
        return listener

    @property
    def listeners(self) -> tuple[Listener, ...]:
        return tuple(self._listeners)

    def forget(self, listener: Listener) -> None:
        """Stop telling ``listener`` (a screen that left); nothing happens if it was not listening."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    # -- reading ----------------------------------------------------------------------------
    @property
    def status(self) -> str:
        return self.state.status

    @property
    def is_over(self) -> bool:
        return self.state.is_over

    @property
    def ending(self) -> Ending | None:
        return self.state.ending

    @property
    def assessed(self) -> bool:
        return self.mode == ASSESSED

    @property
    def coaching(self) -> bool:
        """Whether coach notes may be shown during play (never in an assessed attempt)."""
        return self.mode == PRACTICE

    @property
    def can_rewind(self) -> bool:
        return self.mode == PRACTICE

    # -- acting -----------------------------------------------------------------------------
    def choose(self, choice_id: str) -> Step:
        """Take a response offered now; PlayError if it is not."""
        node = self.state.node
        step = self.state.choose(choice_id)
        self.notice = None
        self._tell(CHOICE_MADE, step=step, choice=node.choice(choice_id))
        self._check_ending()
        return step

    def read_on(self) -> Step:
        """Read on past a moment that waits for no choice (whatever its status: the core decides)."""
        step = self.state.advance()
        self.notice = None
        self._tell(READ_ON, step=step)
        self._check_ending()
        return step

    def rewind(self, step_index: int) -> None:
        """Go back to just before step ``step_index``, as if it had never been taken (PlayError
        in an assessed attempt)."""
        if not self.can_rewind:
            raise PlayError(NO_REWIND)
        self.state.rewind(step_index)
        self.notice = None
        self.finished = False
        self._tell(REWOUND, to_step=step_index)

    def last_choice(self) -> Step | None:
        """The latest choice on the path (its effect stays on show while the player reads on)."""
        return next((s for s in reversed(self.state.history) if s.choice_id is not None), None)

    def reloaded(self, scenario: Scenario, state: PlayState, notice: str | None = None) -> None:
        """Move onto a new version of the scene file (game.story.reload decided that it fits)."""
        if scenario.id != self.scenario.id or state.scenario is not scenario:
            raise ValueError("a reload keeps the same scenario")
        self.scenario, self.state, self.notice = scenario, state, notice
        self._tell(RELOADED)

    def finish(self) -> None:
        """The player is done with the ending (told once per ending reached)."""
        if not self.state.is_over:
            raise PlayError("the encounter has not ended yet")
        if not self.finished:
            self.finished = True
            self._tell(FINISHED, ending=self.state.ending)

    # -- telling ----------------------------------------------------------------------------
    def _check_ending(self) -> None:
        if self.state.ending is not None:
            self._tell(ENDING_REACHED, ending=self.state.ending)

    def _tell(self, kind: str, **details: Any) -> None:
        event = PlayEvent(kind, self, **details)
        for listener in list(self._listeners):
            listener(event)
