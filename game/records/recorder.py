"""The xAPI listener: hung on every PlaySession (one line, like the autosave), it queues the
statements of each attempt in the progress database's outbox as play happens.

Statements are queued whether or not a learning record store is connected: the outbox is also
what `rapport xapi --out` hands in offline. A queue that cannot be written never stops play; the
reason is kept in ``problem`` for the front end to show, as the autosave does.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from game.i18n import _
from game.play import CHOICE_MADE, ENDING_REACHED, RESUMED, STARTED, PlayEvent, PlaySession
from game.progress import ProgressError, outbox

from .lrs import BackgroundSender, LrsConfig, LrsConfigError, load_config
from .xapi import DEFAULT_ACTIVITY_BASE, Learner, StatementMaker

if TYPE_CHECKING:
    from game.progress import ProgressStore

# Statements made before any LRS is connected name the student within this project's own space;
# a course that connects later gets its home page on everything queued from then on.
LOCAL_HOME_PAGE = "https://w3id.org/rapport/local-profiles"


class XapiRecorder:
    """Queues the statements of whoever plays now (``learner()`` is asked at each event, so
    switching profile needs no re-wiring; None: nobody is named, nothing is queued)."""

    def __init__(self, store: ProgressStore, learner: Callable[[], str | None], *,
                 config: LrsConfig | None = None, group: bool = False, instructor: str | None = None,
                 rubric: Mapping[str, str] | None = None, on_queued: Callable[[], None] | None = None,
                 on_problem: Callable[[str | None], None] | None = None):
        self.store = store
        self.learner = learner
        self.config = config
        self.group = group
        self.instructor = instructor
        self.rubric = dict(rubric or {})
        self.on_queued = on_queued  # e.g. wake the background sender
        self.problem: str | None = None
        self.on_problem = on_problem  # told each time the problem changes (None: queued again), as the autosave does
        self._makers: dict[int, tuple[PlaySession, StatementMaker]] = {}

    @classmethod
    def for_folder(cls, store: ProgressStore, learner: Callable[[], str | None], config_folder: Path,
                   **kwargs) -> "XapiRecorder":
        """A recorder using the connection saved in ``config_folder`` (if any and readable)."""
        try:
            config = load_config(config_folder)
        except LrsConfigError:
            config = None  # `rapport xapi --status` says what is wrong with the file
        return cls(store, learner, config=config, **kwargs)

    def _maker(self, session: PlaySession, name: str) -> StatementMaker:
        known = self._makers.get(id(session))
        if known is not None and known[0] is session:
            return known[1]
        registration = session.attempt.uuid if session.attempt is not None else str(uuid.uuid4())
        home = self.config.home_page if self.config else LOCAL_HOME_PAGE
        base = self.config.activity_base if self.config else DEFAULT_ACTIVITY_BASE
        instructor = Learner(self.instructor, home) if self.instructor else None
        maker = StatementMaker(session.scenario, Learner(name, home, group=self.group), registration,
                               mode=getattr(session, "mode", "practice"), activity_base=base, rubric=self.rubric,
                               instructor=instructor)
        self._makers[id(session)] = (session, maker)
        return maker

    def __call__(self, event: PlayEvent) -> None:
        name = self.learner()
        if not name:
            return
        session = event.session
        maker = self._maker(session, name)
        maker.scenario = session.scenario  # a live reload keeps the attempt, with the new text
        state = session.state
        if event.kind in (STARTED, RESUMED):
            statements = maker.started(new=event.kind == STARTED)
        elif event.kind == CHOICE_MADE and event.step is not None:
            step = event.step
            statements = [maker.answered(step.node_id, step.choice_id or "", step.before, step.after,
                                         step_index=step.index)]
        elif event.kind == ENDING_REACHED and state.ending is not None:
            from game.story import build_debrief  # at an ending only: the first frame need not load it

            debrief = build_debrief(session.scenario, state).to_dict()
            statements = maker.duties(debrief.get("duties") or [])
            statements.append(maker.completed(state.ending.id, state.ending.outcome, state.meters,
                                              len(state.decisions)))
        else:
            return
        self._queue(statements, name, maker.registration)

    def reflection(self, session: PlaySession, answers: Mapping[str, str]) -> None:
        """The student's answers to the debrief questions, one ``responded`` statement each."""
        name = self.learner()
        if not name:
            return
        maker = self._maker(session, name)
        statements = [maker.responded(n, question, answer)
                      for n, (question, answer) in enumerate(answers.items(), start=1) if answer.strip()]
        self._queue(statements, name, maker.registration)

    def _queue(self, statements: list[dict], name: str, registration: str) -> None:
        if not statements:
            return
        try:
            outbox.queue_statements(self.store, statements, profile=None if self.group else name,
                                    attempt_uuid=registration)
        except ProgressError as exc:
            self._set_problem(_("Learning records could not be queued just now ({problem}); play goes on.").format(
                problem=exc))
            return
        self._set_problem(None)
        if self.on_queued is not None:
            self.on_queued()


    def _set_problem(self, problem: str | None) -> None:
        changed = problem != self.problem
        self.problem = problem
        if changed and self.on_problem is not None:
            self.on_problem(problem)


class LearningRecords:
    """The recorder and, when a learning record store is connected and progress is kept in a
    file, the background sender that empties the outbox (started at the first statement)."""

    def __init__(self, store: ProgressStore, learner: Callable[[], str | None], config_folder: Path, *,
                 group: bool = False, instructor: str | None = None, rubric: Mapping[str, str] | None = None):
        self.store = store
        self.recorder = XapiRecorder.for_folder(store, learner, config_folder, group=group, instructor=instructor,
                                                rubric=rubric, on_queued=self._queued)
        self.sender: BackgroundSender | None = None

    def _queued(self) -> None:
        config, path = self.recorder.config, getattr(self.store, "path", None)
        if config is None or path is None:
            return  # nothing to send to, or nothing kept: `rapport xapi --out` can still hand it in
        if self.sender is None:
            from game.progress import ProgressStore

            folder = Path(path).parent
            self.sender = BackgroundSender(lambda: ProgressStore.open(folder), config).start()
        self.sender.poke()

    def stop(self, timeout: float = 2.0) -> None:
        """On quit: whatever is not sent stays queued for next time."""
        if self.sender is not None:
            self.sender.stop(timeout)
            self.sender = None
