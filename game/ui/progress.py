"""Which endings a player has found: the small interface the screens use.

For now the record lasts for one session of the game. The progress issue swaps in a version
that persists (same two methods), so the select screen and the debrief do not change.
"""

from __future__ import annotations

from typing import Protocol


class EndingsRecord(Protocol):
    def found(self, scenario_id: str) -> set[str]:
        """Ending ids this player has reached in the scenario."""

    def record(self, scenario_id: str, ending_id: str) -> None:
        """Remember that the player reached this ending."""


class SessionEndings:
    """Endings found since the game started; forgotten when it closes."""

    def __init__(self) -> None:
        self._found: dict[str, set[str]] = {}

    def found(self, scenario_id: str) -> set[str]:
        return set(self._found.get(scenario_id, ()))

    def record(self, scenario_id: str, ending_id: str) -> None:
        self._found.setdefault(scenario_id, set()).add(ending_id)
