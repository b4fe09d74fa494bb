"""Classroom mode in the window: the facilitator's screens for running an encounter with a class.

``app.nav.classroom()`` (game.ui.navigator) is the title screen's way in; ``launch_class`` is
`rapport class`.
"""

from __future__ import annotations

import sys
from pathlib import Path


def launch_class(scenario, *, port: int | None = None, phones: bool | None = None, scenes_dirs=None,
                 fullscreen: bool = False, data_dir: str | Path | None = None) -> int:
    """`rapport class SCENARIO`: the window opens on the scenario's class briefing.

    Raises game.ui.launcher.NoDisplayError when there is no display. The vote server and the
    session record are closed however the window ends."""
    from game.ui.launcher import NoDisplayError, _display_available, create_app

    if not _display_available():
        raise NoDisplayError("neither DISPLAY nor WAYLAND_DISPLAY is set")
    import pygame

    app = create_app(scenes_dirs=scenes_dirs, fullscreen=fullscreen, data_dir=data_dir)
    ctx = app.nav.classroom(port=port, phones=phones)
    try:
        app.nav.class_briefing(ctx, scenario)
        return app.run()
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    finally:
        ctx.end()  # saves the session record, so before the progress store closes
        app.art.stop()
        app.progress.close()
        pygame.quit()
