"""Live reload: read an edited scene file again and carry the play on where it was.

An author playing their scene presses a key (or turns on watching) after saving an edit. The
player stays at the same node with the same meters, flags and history when that node still
exists in the new version. When the file no longer loads, or the place is gone, nothing
changes: the last good version keeps running and the reason is returned for the screen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import ERROR, WARNING, Diagnostic
from .loader import check_file
from .model import Scenario
from .state import PlayState, SaveError

WATCH_INTERVAL_MS = 500


@dataclass(frozen=True)
class Reloaded:
    ok: bool
    scenario: Scenario  # the version in use now: the new one when ok, else the last good one
    state: PlayState  # the play state in use now (a new object when ok, the same one when not)
    message: str  # one line for the screen
    problems: tuple[Diagnostic, ...] = ()  # the new file's errors when it failed, its warnings when not

    def lines(self) -> list[str]:
        """The message, then each problem as file:line:col: message."""
        return [self.message] + [str(d) for d in self.problems]


def reload_play(state: PlayState, path: str | Path | None = None) -> Reloaded:
    """Load the scene file again (``path``, default the scenario's own file) and move ``state`` onto it."""
    old = state.scenario
    source = Path(path) if path is not None else old.source
    if source is None:
        return Reloaded(False, old, state, "this scenario was not loaded from a file, so it cannot be reloaded")
    new, diagnostics = check_file(source)
    translated: list[Diagnostic] = []  # the translation's problems: shown, never blocking the reload
    if new is not None and old.language != new.source_language:
        # played in translation: the translation is read again too (a translator's F5)
        from .translation import translate

        new, translation = translate(new, source, old.language)
        if translation is not None:
            translated = [d for d in translation.diagnostics if d.severity in (ERROR, WARNING)]
    errors = tuple(d for d in diagnostics if d.severity == ERROR)
    keep = "the previous version keeps running"
    if new is None:
        count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
        return Reloaded(False, old, state, f"{source.name} has {count}; {keep}", errors)
    if new.id != old.id:
        return Reloaded(False, old, state,
                        f'{source.name} now holds scenario "{new.id}", not "{old.id}"; {keep}')
    if state.node_id not in new.nodes:
        return Reloaded(False, old, state,
                        f'node "{state.node_id}", where the play is now, is no longer in {source.name}; '
                        f"{keep} (restart the scenario to play the new one)")
    if new.nodes[state.node_id].kind == "route":
        return Reloaded(False, old, state,
                        f'node "{state.node_id}", where the play is now, no longer has text or choices to stop at; '
                        f"{keep} (restart the scenario to play the new one)")
    try:
        carried = PlayState.from_json(new, state.to_json())
    except SaveError as exc:
        return Reloaded(False, old, state, f"{exc}; {keep}")
    warnings = tuple(d for d in diagnostics if d.severity != ERROR) + tuple(translated)
    note = f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if warnings else ""
    return Reloaded(True, new, carried, f'reloaded {source.name}: still at "{state.node_id}"{note}', warnings)


class SceneWatch:
    """Notices when a scene file has been saved, for a "reload when the file changes" setting.

    Call ``poll(now_ms)`` from the screen's update; it looks at the file at most every
    ``interval_ms`` and says True once the change has settled (unchanged for one more look), so
    an editor that writes a file in several steps is not caught halfway.
    """

    def __init__(self, path: str | Path, interval_ms: int = WATCH_INTERVAL_MS):
        self.path = Path(path)
        self.interval_ms = interval_ms
        self._loaded = self._latest = self._stamp()
        self._last_look: int | None = None

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None  # missing for a moment while an editor replaces it
        return (st.st_mtime_ns, st.st_size)

    def poll(self, now_ms: int) -> bool:
        if self._last_look is not None and now_ms - self._last_look < self.interval_ms:
            return False
        self._last_look = now_ms
        stamp = self._stamp()
        if stamp != self._latest:
            self._latest = stamp
            return False  # changed: wait for it to settle
        if stamp is not None and stamp != self._loaded:
            self._loaded = stamp
            return True
        return False

    def mark_loaded(self) -> None:
        """The file was just reloaded by hand: its current version is the one in use."""
        self._loaded = self._latest = self._stamp()
