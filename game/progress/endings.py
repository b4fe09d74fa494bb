"""Endings found: hints for locked endings in the gallery, and the endings record the window's
select and debrief screens read ("titles hidden until found")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.words import and_list, meter_name
from .database import ProgressError

if TYPE_CHECKING:
    from game.story import Ending
    from .records import Profile
    from .store import ProgressStore

OUTCOME_PHRASES = {
    "best": N_("The best outcome of this encounter"),
    "good": N_("A good outcome"),
    "mixed": N_("A mixed outcome"),
    "poor": N_("A poor outcome"),
}


def ending_hint(ending: Ending) -> str:
    """A nudge towards a locked ending without numbers or spoilers: its kind of outcome and
    which way the hidden meters need to go."""
    from game.story.conditions import FlagSet, MeterRange, Not, Visited, walk

    phrase = _(OUTCOME_PHRASES[ending.outcome]) if ending.outcome in OUTCOME_PHRASES else _("An outcome")
    if ending.condition is None:
        return _("{outcome}: where the conversation goes when nothing better opens up.").format(outcome=phrase)
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
        # TRANSLATORS: what a locked ending needs, e.g. "more trust and openness"
        wants.append(_("more {meters}").format(meters=and_list(meter_name(m) for m in more)))
    if less:
        wants.append(_("less {meters}").format(meters=and_list(meter_name(m) for m in less)))
    if other:
        wants.append(_("something that has to happen along the way"))
    if not wants:
        return _("{outcome}: it depends on how the conversation goes.").format(outcome=phrase)
    return _("{outcome}: it takes {what}.").format(outcome=phrase, what=and_list(wants))


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
