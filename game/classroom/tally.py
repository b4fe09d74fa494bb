"""The vote model for one classroom decision: device votes plus hand counts.

Pure and thread-safe (one lock per round): the vote server's request threads and the
game's draw loop both touch it. No networking and no pygame here.

Rules, chosen for a class discussion:
- One vote per device per decision, and a device's first vote is final. Changing votes
  while the live bars are on the projector would let students drift to the majority,
  which hides the spread of opinion the facilitator wants to talk about. The phone page
  says so before anyone taps.
- Hand counts (a show of hands, entered by the facilitator) are added or removed per
  choice and never go below zero. They sit beside device votes, not in place of them.
- After close() nothing changes: votes and hand counts are refused, so the tally the
  class saw when the vote closed is the one that is recorded.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

__all__ = [
    "VoteError", "VoteClosed", "UnknownChoice", "AlreadyVoted",
    "ChoiceCount", "Tally", "VoteRound", "most_voted",
]


class VoteError(Exception):
    """A vote or hand count that the round refuses; str() is a sentence for people."""


class VoteClosed(VoteError):
    pass


class UnknownChoice(VoteError):
    pass


class AlreadyVoted(VoteError):
    pass


def most_voted(totals) -> list[str]:
    """The ids with the most votes among (id, total) pairs, in their order; [] when nobody voted.

    One rule for the live tally and the session record, so the choice the projector highlights
    is the one the record calls the class's.
    """
    totals = list(totals)
    best = max((total for _, total in totals), default=0)
    return [cid for cid, total in totals if total == best] if best else []


@dataclass(frozen=True)
class ChoiceCount:
    """The votes for one choice: the live tally's bars and, once closed, the session record's."""

    choice_id: str
    label: str
    devices: int
    hands: int

    @property
    def total(self) -> int:
        return self.devices + self.hands

    def to_dict(self) -> dict:
        """Plain data as the session record stores it (the key is "choice")."""
        return {"choice": self.choice_id, "label": self.label, "devices": self.devices,
                "hands": self.hands, "total": self.total}


@dataclass(frozen=True)
class Tally:
    decision_id: str
    counts: tuple[ChoiceCount, ...]   # in the order the choices were given
    closed: bool

    @property
    def total(self) -> int:
        return sum(c.total for c in self.counts)

    @property
    def winners(self) -> tuple[str, ...]:
        """Ids of the choices with the most votes, in choice order; () when nobody voted."""
        return tuple(most_voted((c.choice_id, c.total) for c in self.counts))

    @property
    def tie(self) -> bool:
        return len(self.winners) > 1

    def count(self, choice_id: str) -> ChoiceCount:
        for c in self.counts:
            if c.choice_id == choice_id:
                return c
        raise KeyError(choice_id)

    def to_dict(self) -> dict:
        """Plain data for the session record."""
        return {
            "decision": self.decision_id,
            "closed": self.closed,
            "counts": [c.to_dict() for c in self.counts],
            "total": self.total,
            "winners": list(self.winners),
            "tie": self.tie,
        }


class VoteRound:
    """Votes on one decision. Choices are (id, label) pairs with unique, non-empty ids."""

    def __init__(self, decision_id: str, choices: list[tuple[str, str]]):
        if not isinstance(decision_id, str) or not decision_id:
            raise ValueError("decision_id must be a non-empty string")
        pairs = [(str(cid), str(label)) for cid, label in choices]
        if not pairs:
            raise ValueError("a vote needs at least one choice")
        ids = [cid for cid, _ in pairs]
        if any(not cid for cid in ids):
            raise ValueError("choice ids must be non-empty")
        if len(set(ids)) != len(ids):
            raise ValueError(f"choice ids must be unique, got {ids}")
        self.decision_id = decision_id
        self.choices: tuple[tuple[str, str], ...] = tuple(pairs)
        self._labels = dict(pairs)
        self._lock = threading.Lock()
        self._device_votes: dict[str, str] = {}        # device token -> choice id
        self._hands: dict[str, int] = dict.fromkeys(ids, 0)
        self._closed = False
        self._version = 0

    # -- reading ------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        with self._lock:
            return self._closed

    @property
    def version(self) -> int:
        """Goes up by one on every change, so a screen can redraw only when it moved."""
        with self._lock:
            return self._version

    def has_choice(self, choice_id: str) -> bool:
        return choice_id in self._labels

    def vote_of(self, device_id: str) -> str | None:
        with self._lock:
            return self._device_votes.get(device_id)

    def tally(self) -> Tally:
        with self._lock:
            devices = {cid: 0 for cid, _ in self.choices}
            for cid in self._device_votes.values():
                devices[cid] += 1
            counts = tuple(
                ChoiceCount(cid, label, devices[cid], self._hands[cid])
                for cid, label in self.choices
            )
            return Tally(self.decision_id, counts, self._closed)

    # -- changing -----------------------------------------------------------------
    def vote(self, device_id: str, choice_id: str) -> None:
        """Record a device's vote; raises VoteClosed, UnknownChoice or AlreadyVoted."""
        if not device_id:
            raise ValueError("device_id must be non-empty")
        with self._lock:
            self._check_open_choice(choice_id)
            if device_id in self._device_votes:
                raise AlreadyVoted("this device has already voted on this decision")
            self._device_votes[device_id] = choice_id
            self._version += 1

    def add_hands(self, choice_id: str, n: int = 1) -> int:
        """Add n raised hands to a choice; returns the new hand count."""
        if n < 0:
            raise ValueError("use remove_hands to lower a hand count")
        with self._lock:
            self._check_open_choice(choice_id)
            self._hands[choice_id] += n
            self._version += 1
            return self._hands[choice_id]

    def remove_hands(self, choice_id: str, n: int = 1) -> int:
        """Take n raised hands off a choice, stopping at zero; returns the new count."""
        if n < 0:
            raise ValueError("n must not be negative")
        with self._lock:
            self._check_open_choice(choice_id)
            new = max(0, self._hands[choice_id] - n)
            if new != self._hands[choice_id]:
                self._hands[choice_id] = new
                self._version += 1
            return new

    def close(self) -> Tally:
        """End the vote (idempotent) and return the final tally."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._version += 1
        return self.tally()

    def _check_open_choice(self, choice_id: str) -> None:
        # Caller holds the lock.
        if self._closed:
            raise VoteClosed("voting on this decision is closed")
        if choice_id not in self._labels:
            raise UnknownChoice(f"no choice {choice_id!r} in this vote")
