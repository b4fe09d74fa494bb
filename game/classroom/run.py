"""ClassRun: one class session from the facilitator's first key to the saved record.

It owns the play (a PlaySession, so the class walks through exactly the rules a student
does), the record of what the class did (a ClassRecord listening to that play), the vote desk
(phones and raised hands) and saving. The facilitator's screen draws what it holds and sends
it intents: open_vote, close_vote, count_hands, take, read_on, rewind, end. Like the play, the
run tells listeners what happened (ClassEvent: a vote opened or closed, the session ended);
saving is such a listener, on both. Everything here runs and is tested without pygame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from game.play import Listener, PlaySession
from game.progress import ProgressError
from game.progress.class_sessions import save_class_session
from game.story import CHOICE, Scenario, Step

from .record import BranchRecord, ClassRecord, SessionError, VoteRecord, prompt_of, utc_now
from .tally import Tally, VoteError
from .voting import VoteDesk
from ..i18n import _

if TYPE_CHECKING:
    from game.progress import ProgressStore

# What a ClassEvent reports (the play itself reports through run.session: game.play events).
VOTE_OPENED = "vote-opened"    # event.vote
VOTE_CLOSED = "vote-closed"    # event.vote, with its counts
SESSION_ENDED = "session-ended"


@dataclass(frozen=True)
class ClassEvent:
    kind: str
    run: ClassRun
    vote: VoteRecord | None = None


class RecordSaver:
    """Writes the whole class record after every change (a PlaySession and a ClassRun listener).

    A failure is kept in ``problem`` for the screen and the class plays on: the next save
    holds everything, so it catches up. A temporary store (progress cannot be kept this time)
    writes nothing and says so once."""

    def __init__(self, store: ProgressStore | None, record: ClassRecord) -> None:
        self.store = store
        self.record = record
        self.record_id: int | None = None  # the session's number in the database once saved
        self.problem: str | None = None
        if store is not None and store.temporary and store.notices:
            self.problem = store.notices[0]

    def __call__(self, event: Any) -> None:
        if self.store is None or self.store.temporary:
            return
        try:
            self.record_id = save_class_session(self.store, self.record.to_dict())
            self.problem = None
        except ProgressError as exc:
            problem = str(exc)[:1].upper() + str(exc)[1:]
            self.problem = _("{problem}. The class can go on; the next step saves again.").format(problem=problem)


class ClassRun:
    def __init__(self, scenario: Scenario, *, desk: VoteDesk | None = None, store: ProgressStore | None = None,
                 clock: Callable[[], str] = utc_now, uuid: str | None = None,
                 listeners: Iterable[Callable[[ClassEvent], Any]] = (),
                 play_listeners: Iterable[Listener] = ()) -> None:
        """``desk`` holds the votes (default: raised hands only); ``store`` keeps the record
        (None or a temporary store: nothing is written). ``listeners`` hear the run's events,
        ``play_listeners`` the play's (after the record and the saver)."""
        self.record = ClassRecord(scenario, clock=clock, uuid=uuid)
        self.desk = desk if desk is not None else VoteDesk(phones=False)
        self.saver = RecordSaver(store, self.record)
        self._listeners: list[Callable[[ClassEvent], Any]] = [self.saver, *listeners]
        self.session = PlaySession.start(scenario, [self.record, self.saver, *play_listeners])

    def listen(self, listener: Callable[[ClassEvent], Any]) -> Callable[[ClassEvent], Any]:
        self._listeners.append(listener)
        return listener

    # -- reading --------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self.session.scenario

    @property
    def state(self):
        return self.session.state

    @property
    def record_id(self) -> int | None:
        return self.saver.record_id

    @property
    def problem(self) -> str | None:
        """Why the record could not be saved just now (None when it was)."""
        return self.saver.problem

    @property
    def voting(self) -> bool:
        """A vote is open: choices and going back wait until it closes."""
        return self.record.open_vote is not None

    def vote_here(self) -> VoteRecord | None:
        """The latest vote closed on the decision the class is at now."""
        return self.record.vote_at(len(self.state.history))

    def tally(self) -> Tally | None:
        """The votes on the decision the class is at (live while open), or None."""
        if self.desk.round is None or self.state.status != CHOICE:
            return None
        # Listeners hear a choice before the desk forgets its round: a round from an earlier
        # decision is not this one's.
        vote = self.record.votes[-1] if self.record.votes else None
        if vote is None or vote.step != len(self.state.history) or vote.branch != self.record.branch.number:
            return None
        return self.desk.tally()

    # -- votes ----------------------------------------------------------------------------
    def open_vote(self) -> VoteRecord:
        """Open a vote on the decision the class is at: on phones when the desk can, else by hand."""
        if self.state.status != CHOICE:
            raise SessionError("there is no decision to vote on here")
        vote = self.record.vote_opened(len(self.state.history), self.state.node_id, phones=False)
        choices = [(c.id, c.text) for c in self.state.available()]
        self.desk.open(self.record.vote_id(vote), prompt_of(self.state.node), choices)
        vote.phones = self.desk.on_phones
        self._tell(VOTE_OPENED, vote)
        return vote

    def close_vote(self) -> Tally | None:
        """Close the vote now open, if any, and record its tally (what the class saw)."""
        if self.record.open_vote is None:
            return None
        tally = self.desk.close()
        if tally is None:  # the desk forgets a round only after a choice or a rewind, never mid-vote
            raise SessionError("the vote desk has no round to close")
        self._tell(VOTE_CLOSED, self.record.vote_closed(tally))
        return tally

    def count_hands(self, choice_id: str, more: bool = True) -> int:
        """Add (or take off) one raised hand for a choice in the open vote; VoteError if none is open."""
        if not self.voting:
            raise VoteError("no vote is open")
        return self.desk.add_hands(choice_id) if more else self.desk.remove_hands(choice_id)

    # -- playing --------------------------------------------------------------------------
    def take(self, choice_id: str) -> Step:
        """Take a choice (the class's, another after a vote, or the facilitator's own)."""
        if self.voting:
            raise SessionError("close the vote before taking a choice")
        # The round is let go first: listeners told of the choice must not see its tally on the
        # next decision (whose choices it does not count).
        self.desk.forget()
        return self.session.choose(choice_id)

    def read_on(self) -> Step:
        return self.session.read_on()

    def rewind(self, step_index: int) -> BranchRecord:
        """Go back to just before history step ``step_index``; a new path starts there."""
        if self.voting:
            raise SessionError("close the vote before going back")
        self.desk.forget()  # before listeners hear of the rewind (see take)
        self.session.rewind(step_index)
        return self.record.branch

    def end(self) -> None:
        """End the session: close any vote, free the port, save the record (safe to repeat)."""
        self.close_vote()
        self.desk.stop()
        if self.record.ended_at is None:
            self.record.close()
            self._tell(SESSION_ENDED)

    def _tell(self, kind: str, vote: VoteRecord | None = None) -> None:
        event = ClassEvent(kind, self, vote)
        for listener in list(self._listeners):
            listener(event)
