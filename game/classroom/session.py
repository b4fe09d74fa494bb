"""A class session: one scenario played together, with every decision, vote and path kept.

The story core decides everything (choices, meters, endings); a ClassSession only drives a
PlayState and writes down what the class did with it, in order:

- every vote held (phones and raised hands per choice), even one the facilitator set aside;
- every decision taken, who took it (the class's winning choice, another choice after a vote,
  or the facilitator alone) and the meters before and after;
- every path tried: a rewind starts a new branch from an earlier decision, and the decisions
  it took back stay in the record, marked undone, so "what if" discussions can be retraced;
- the ending each branch reached.

No pygame and no database here: ``to_dict()`` is the plain record that the progress database
stores and `rapport sessions export` writes.
"""
from __future__ import annotations

import uuid as uuidlib
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Callable

from game.progress.class_sessions import RECORD_FORMAT, RECORD_VERSION
from game.story import CHOICE, PlayState, Scenario, Step

from .tally import Tally, most_voted

# Who took a decision.
BY_VOTE = "vote"              # the class's winning choice
BY_OVERRIDE = "override"      # another choice, after a vote, to discuss the difference
BY_FACILITATOR = "facilitator"  # no vote was held on this decision
CHOSEN_BY = (BY_VOTE, BY_OVERRIDE, BY_FACILITATOR)

PROMPT_CHARS = 240  # what the client said, as the record (and the phones) show it


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class VoteCount:
    choice: str
    label: str
    devices: int
    hands: int

    @property
    def total(self) -> int:
        return self.devices + self.hands


@dataclass
class VoteRecord:
    number: int          # 1, 2, ... in the order votes were opened
    branch: int
    step: int            # the history index of the decision voted on
    node: str
    phones: bool         # phones could vote (the server was up); else raised hands only
    opened_at: str
    closed_at: str | None = None
    counts: list[VoteCount] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.counts)

    @property
    def winners(self) -> list[str]:
        return most_voted((c.choice, c.total) for c in self.counts)

    def count(self, choice_id: str) -> VoteCount | None:
        return next((c for c in self.counts if c.choice == choice_id), None)


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


def prompt_of(state: PlayState) -> str:
    """What the class is answering: the client's words, else the narration, shortened."""
    node = state.node
    text = " ".join((node.says or node.narration or "").split())
    if len(text) > PROMPT_CHARS:
        text = text[:PROMPT_CHARS - 1].rstrip() + "…"
    return text


class ClassSession:
    def __init__(self, scenario: Scenario, *, clock: Callable[[], str] = utc_now,
                 session_uuid: str | None = None):
        self.scenario = scenario
        self.clock = clock
        self.uuid = session_uuid or str(uuidlib.uuid4())
        self.state = PlayState.start(scenario)
        self.started_at = self.updated_at = clock()
        self.ended_at: str | None = None
        self.branches: list[BranchRecord] = [BranchRecord(1, 0, 1, self.started_at)]
        self.decisions: list[DecisionRecord] = []
        self.votes: list[VoteRecord] = []
        self._check_ending()

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

    def vote_here(self) -> VoteRecord | None:
        """The latest vote closed on the decision the class is at now (on this branch)."""
        step = len(self.state.history)
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
    def vote_opened(self, phones: bool) -> VoteRecord:
        if self.state.status != CHOICE:
            raise SessionError("there is no decision to vote on here")
        if self.open_vote is not None:
            raise SessionError("a vote is already open")
        vote = VoteRecord(len(self.votes) + 1, self.branch.number, len(self.state.history),
                          self.state.node_id, phones, self._touch())
        self.votes.append(vote)
        return vote

    def vote_closed(self, tally: Tally) -> VoteRecord:
        vote = self.open_vote
        if vote is None:
            raise SessionError("no vote is open")
        vote.counts = [VoteCount(c.choice_id, c.label, c.devices, c.hands) for c in tally.counts]
        vote.closed_at = self._touch()
        return vote

    def vote_id(self, vote: VoteRecord) -> str:
        """A short id for the vote server's round: unique in the session, so a phone that
        voted on this node on another path can vote again."""
        return f"v{vote.number}-{vote.node}"[:64]

    # -- playing --------------------------------------------------------------------------
    def choose(self, choice_id: str) -> Step:
        if self.open_vote is not None:
            raise SessionError("close the vote before taking a choice")
        state = self.state
        node, prompt = state.node, prompt_of(state)
        vote = self.vote_here()
        step = state.choose(choice_id)
        choice = node.choice(choice_id)
        if vote is None:
            by = BY_FACILITATOR
        else:
            by = BY_VOTE if choice_id in vote.winners else BY_OVERRIDE
        self.decisions.append(DecisionRecord(
            len(self.decisions) + 1, self.branch.number, step.index, node.id, prompt, choice.id,
            choice.text, choice.tag, by, vote.number if vote else None, dict(step.before),
            dict(step.after), self._touch()))
        self._check_ending()
        return step

    def advance(self) -> Step:
        step = self.state.advance()
        self._touch()
        self._check_ending()
        return step

    def rewind(self, step_index: int) -> BranchRecord:
        """Go back to just before history step ``step_index`` and start a new branch there."""
        if self.open_vote is not None:
            raise SessionError("close the vote before going back")
        self.state.rewind(step_index)
        now = self._touch()
        earlier = sum(1 for d in self.path if d.step < step_index)
        for decision in self.path:
            if decision.step >= step_index:
                decision.undone_at = now
        branch = BranchRecord(len(self.branches) + 1, step_index, earlier + 1, now)
        self.branches.append(branch)
        self._check_ending()
        return branch

    def close(self) -> None:
        """The facilitator ended the session (idempotent)."""
        if self.ended_at is None:
            self.ended_at = self._touch()

    def _check_ending(self) -> None:
        ending = self.state.ending
        if ending is not None and self.branch.ending is None:
            branch = self.branch
            branch.ending, branch.ending_title, branch.outcome = ending.id, ending.title, ending.outcome
            branch.ended_at = self.updated_at

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
    for count in data["counts"]:
        count["total"] = count["devices"] + count["hands"]
    data["total"] = vote.total
    data["winners"] = vote.winners
    return data
