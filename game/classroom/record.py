"""The record of a class session: every decision, vote and path the class took, in order.

The story core decides everything (choices, meters, endings) and game.classroom.run.ClassRun
drives the play; a ClassRecord listens to that play (a PlaySession) and to the vote desk and
writes down what the class did:

- every vote held (phones and raised hands per choice), even one the facilitator set aside;
- every decision taken, who took it (the class's winning choice, another choice after a vote,
  or the facilitator alone) and the meters before and after;
- every path tried: a rewind starts a new branch from an earlier decision, and the decisions
  it took back stay in the record, marked undone, so "what if" discussions can be retraced;
- the ending each branch reached.

No pygame and no database here: ``to_dict()`` is the plain record that the progress database
stores and `rapport sessions export` writes (format in game.progress.class_sessions).
"""
from __future__ import annotations

import uuid as uuidlib
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Callable

from game.play import CHOICE_MADE, ENDING_REACHED, READ_ON, REWOUND, PlayEvent
from game.progress.class_sessions import RECORD_FORMAT, RECORD_VERSION
from game.story import Choice, Node, Scenario, Step

from .tally import ChoiceCount, Tally, most_voted

# Who took a decision.
BY_VOTE = "vote"              # the class's winning choice
BY_OVERRIDE = "override"      # another choice, after a vote, to discuss the difference
BY_FACILITATOR = "facilitator"  # no vote was held on this decision
CHOSEN_BY = (BY_VOTE, BY_OVERRIDE, BY_FACILITATOR)

PROMPT_CHARS = 240  # what the client said, as the record (and the phones) show it


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class VoteRecord:
    number: int          # 1, 2, ... in the order votes were opened
    branch: int
    step: int            # the history index of the decision voted on
    node: str
    phones: bool         # phones could vote (the server was up); else raised hands only
    opened_at: str
    closed_at: str | None = None
    counts: list[ChoiceCount] = field(default_factory=list)  # as the vote closed

    @property
    def total(self) -> int:
        return sum(c.total for c in self.counts)

    @property
    def winners(self) -> list[str]:
        return most_voted((c.choice_id, c.total) for c in self.counts)

    def count(self, choice_id: str) -> ChoiceCount | None:
        return next((c for c in self.counts if c.choice_id == choice_id), None)


@dataclass
class DecisionRecord:
    number: int          # 1, 2, ... in the order taken, across branches
    branch: int
    step: int
    node: str
    prompt: str
    choice: str
    choice_text: str
    tag: str
    chosen_by: str
    vote: int | None     # the number of the vote held on it, if any
    before: dict
    after: dict
    made_at: str
    undone_at: str | None = None  # a rewind took it back; it stays in the record

    @property
    def active(self) -> bool:
        return self.undone_at is None


@dataclass
class BranchRecord:
    number: int          # 1 for the first path; each rewind starts the next
    from_step: int       # the history index it started from (0 for the first)
    from_decision: int   # ... which was decision number N of the path it left (1 for the first)
    started_at: str
    ending: str | None = None
    ending_title: str | None = None
    outcome: str | None = None
    ended_at: str | None = None


class SessionError(ValueError):
    """Something the session cannot do right now (e.g. vote when there is no decision)."""


def prompt_of(node: Node) -> str:
    """What the class is answering at ``node``: the client's words, else the narration, shortened."""
    text = " ".join((node.says or node.narration or "").split())
    if len(text) > PROMPT_CHARS:
        text = text[:PROMPT_CHARS - 1].rstrip() + "…"
    return text


class ClassRecord:
    """What the class did, kept as it happens: hang it on the class's PlaySession as a listener
    (it hears the choices, rewinds and endings) and tell it about votes as they open and close."""

    def __init__(self, scenario: Scenario, *, clock: Callable[[], str] = utc_now, uuid: str | None = None):
        self.scenario = scenario
        self.clock = clock
        self.uuid = uuid or str(uuidlib.uuid4())
        self.started_at = self.updated_at = clock()
        self.ended_at: str | None = None
        self.branches: list[BranchRecord] = [BranchRecord(1, 0, 1, self.started_at)]
        self.decisions: list[DecisionRecord] = []
        self.votes: list[VoteRecord] = []

    # -- reading --------------------------------------------------------------------------
    @property
    def branch(self) -> BranchRecord:
        return self.branches[-1]

    @property
    def path(self) -> list[DecisionRecord]:
        """The decisions on the path being played now, in order."""
        return [d for d in self.decisions if d.active]

    @property
    def ending(self) -> BranchRecord | None:
        """The latest branch that reached an ending (the session's outcome so far)."""
        return next((b for b in reversed(self.branches) if b.ending), None)

    @property
    def open_vote(self) -> VoteRecord | None:
        vote = self.votes[-1] if self.votes else None
        return vote if vote is not None and vote.closed_at is None else None

    def vote_at(self, step: int) -> VoteRecord | None:
        """The latest vote closed on the decision at history index ``step`` of this branch."""
        for vote in reversed(self.votes):
            if vote.branch != self.branch.number or vote.step != step:
                return None
            if vote.closed_at is not None:
                return vote
        return None

    def decision_at(self, step: int) -> DecisionRecord | None:
        """The decision on the current path at history index ``step``."""
        return next((d for d in self.path if d.step == step), None)

    def vote_number(self, number: int | None) -> VoteRecord | None:
        return self.votes[number - 1] if number and 0 < number <= len(self.votes) else None

    # -- votes ----------------------------------------------------------------------------
    def vote_opened(self, step: int, node_id: str, phones: bool) -> VoteRecord:
        if self.open_vote is not None:
            raise SessionError("a vote is already open")
        vote = VoteRecord(len(self.votes) + 1, self.branch.number, step, node_id, phones, self._touch())
        self.votes.append(vote)
        return vote

    def vote_closed(self, tally: Tally) -> VoteRecord:
        vote = self.open_vote
        if vote is None:
            raise SessionError("no vote is open")
        vote.counts = list(tally.counts)
        vote.closed_at = self._touch()
        return vote

    def vote_id(self, vote: VoteRecord) -> str:
        """A short id for the vote server's round: unique in the session, so a phone that
        voted on this node on another path can vote again."""
        return f"v{vote.number}-{vote.node}"[:64]

    # -- the play, as a PlaySession listener ----------------------------------------------
    def __call__(self, event: PlayEvent) -> None:
        if event.kind == CHOICE_MADE and event.step is not None and event.choice is not None:
            self._decided(event.step, event.choice)
        elif event.kind == REWOUND and event.to_step is not None:
            self._rewound(event.to_step)
        elif event.kind == READ_ON:
            self._touch()
        if event.kind == ENDING_REACHED and event.ending is not None and self.branch.ending is None:
            branch, ending = self.branch, event.ending
            branch.ending, branch.ending_title, branch.outcome = ending.id, ending.title, ending.outcome
            branch.ended_at = self.updated_at

    def _decided(self, step: Step, choice: Choice) -> None:
        vote = self.vote_at(step.index)
        if vote is None:
            by = BY_FACILITATOR
        else:
            by = BY_VOTE if choice.id in vote.winners else BY_OVERRIDE
        node = self.scenario.nodes[step.node_id]
        self.decisions.append(DecisionRecord(
            len(self.decisions) + 1, self.branch.number, step.index, node.id, prompt_of(node), choice.id,
            choice.text, choice.tag, by, vote.number if vote else None, dict(step.before),
            dict(step.after), self._touch()))

    def _rewound(self, step_index: int) -> None:
        now = self._touch()
        earlier = sum(1 for d in self.path if d.step < step_index)
        for decision in self.path:
            if decision.step >= step_index:
                decision.undone_at = now
        self.branches.append(BranchRecord(len(self.branches) + 1, step_index, earlier + 1, now))

    def close(self) -> None:
        """The facilitator ended the session (idempotent)."""
        if self.ended_at is None:
            self.ended_at = self._touch()

    def _touch(self) -> str:
        self.updated_at = self.clock()
        return self.updated_at

    # -- the record -----------------------------------------------------------------------
    def to_dict(self) -> dict:
        ending = self.ending
        return {
            "format": RECORD_FORMAT,
            "version": RECORD_VERSION,
            "uuid": self.uuid,
            "scenario": {"id": self.scenario.id, "version": self.scenario.version,
                         "title": self.scenario.title},
            "started_at": self.started_at,
            "updated_at": self.updated_at,
            "ended_at": self.ended_at,
            "ending": ({"id": ending.ending, "title": ending.ending_title, "outcome": ending.outcome}
                       if ending else None),
            "branches": [asdict(b) for b in self.branches],
            "decisions": [asdict(d) for d in self.decisions],
            "votes": [vote_dict(v) for v in self.votes],
        }


def vote_dict(vote: VoteRecord) -> dict:
    data = asdict(vote)
    data["counts"] = [c.to_dict() for c in vote.counts]  # stored as "choice", as it always was
    data["total"] = vote.total
    data["winners"] = vote.winners
    return data
