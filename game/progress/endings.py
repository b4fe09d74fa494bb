"""Endings found: hints for locked endings in the gallery, and the endings record the window's
select and debrief screens read ("titles hidden until found")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .database import ProgressError

if TYPE_CHECKING:
    from game.story import Ending
    from .records import Profile
    from .store import ProgressStore

OUTCOME_PHRASES = {
    "best": "The best outcome of this encounter",
    "good": "A good outcome",
    "mixed": "A mixed outcome",
    "poor": "A poor outcome",
}


def ending_hint(ending: Ending) -> str:
    """A nudge towards a locked ending without numbers or spoilers: its kind of outcome and
    which way the hidden meters need to go."""
    from game.story.conditions import FlagSet, MeterRange, Not, Visited, walk

    phrase = OUTCOME_PHRASES.get(ending.outcome, "An outcome")
    if ending.condition is None:
        return f"{phrase}: where the conversation goes when nothing better opens up."
    more: list[str] = []
    less: list[str] = []
    other = False
    negated = {id(c) for n in walk(ending.condition) if isinstance(n, Not) for c in walk(n.item)}
    for c in walk(ending.condition):
        if isinstance(c, MeterRange) and id(c) not in negated:
            target = more if c.at_least is not None else less
            if c.meter not in target:
                target.append(c.meter)
        elif isinstance(c, (FlagSet, Visited)):
            other = True
    wants = []
    if more:
        wants.append("more " + " and ".join(more))
    if less:
        wants.append("less " + " and ".join(less))
    if other:
        wants.append("something that has to happen along the way")
    if not wants:
        return f"{phrase}: it depends on how the conversation goes."
    listed = wants[0] if len(wants) == 1 else ", ".join(wants[:-1]) + " and " + wants[-1]
    return f"{phrase}: it takes {listed}."


class ProfileEndings:
    """The window's EndingsRecord (``found`` / ``record``) backed by one profile's progress.

    ``found`` reads what the autosaves stored; ``record`` also remembers an ending for the rest
    of this session, so the debrief shows it as found even if its autosave could not be written."""

    def __init__(self, store: "ProgressStore", profile: "Profile"):
        self.store = store
        self.profile = profile
        self._session: dict[str, set[str]] = {}

    def found(self, scenario_id: str) -> set[str]:
        # A progress file that cannot be read right now should not stop the select screen.
        try:
            stored = self.store.endings_found(self.profile, scenario_id)
        except ProgressError:
            stored = set()
        return stored | self._session.get(scenario_id, set())

    def record(self, scenario_id: str, ending_id: str) -> None:
        self._session.setdefault(scenario_id, set()).add(ending_id)
