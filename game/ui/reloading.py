"""Live reload for authors playing their own scene: F5, or watching the file for saves.

The rules live in game.story.reload (same node, same meters, or a refusal with the reasons);
this only swaps the session onto the new version and watches the file when the setting asks.
"""

from __future__ import annotations

from pathlib import Path

from game.story.loader import check_file
from game.story.reload import Reloaded, SceneWatch, reload_play


class LiveReload:
    def __init__(self, app) -> None:
        self.app = app
        self._watch: SceneWatch | None = None

    def reload(self) -> Reloaded:
        """Read the scene file again; on success the session (and the library) use the new version."""
        session = self.app.session
        result = reload_play(session.state)
        if result.ok:
            self.app.library.scenarios[result.scenario.id] = result.scenario
            # The listeners (the autosave) follow the play onto the new version.
            session.reloaded(result.scenario, result.state, result.message[:1].upper() + result.message[1:] + ".")
        if self._watch is not None:
            self._watch.mark_loaded()
        return result

    def edited_version(self):
        """The edited file as a scenario to start afresh, when it loads but the play cannot move
        onto it (the node it is at was removed); None when it has errors or is another scenario."""
        session = self.app.session
        if session is None or session.scenario.source is None:
            return None
        scenario, _ = check_file(session.scenario.source)
        if scenario is not None and session.scenario.language != scenario.source_language:
            from game.story.translation import translate

            scenario, _ = translate(scenario, session.scenario.source, session.scenario.language)
        return scenario if scenario is not None and scenario.id == session.scenario.id else None

    def poll(self, now_ms: int) -> tuple[Reloaded | None, int | None]:
        """With watching on: reload once a saved change has settled. Returns the result (or
        None) and the ms until the next look (None when not watching, so the window can sleep)."""
        source = self.app.session.scenario.source if self.app.session is not None else None
        if not self.app.settings.watch_scenes or source is None:
            self._watch = None
            return None, None
        if self._watch is None or self._watch.path != Path(source):
            self._watch = SceneWatch(source)
        if self._watch.poll(now_ms):
            return self.reload(), self._watch.interval_ms
        return None, self._watch.interval_ms
