"""Open the game window: the entry point the CLI calls for `rapport` / `rapport play`.

``launch`` raises ``NoDisplayError`` when there is no display to open a window on; the CLI
turns that into one line pointing at the terminal player (`rapport play --text`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from game.i18n import _

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# The window is drawn in software and updated in place; SDL's default "accelerated" framebuffer
# puts a GL texture behind it, which on Mesa's software GL (Xvfb, VMs, lab PCs without a GPU
# driver) costs about 100 MB and slower updates for nothing. A user's own setting wins.
os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")


class NoDisplayError(RuntimeError):
    """There is no display to open a window on (a server, an SSH session, a container...)."""


def _display_available() -> bool:
    if os.environ.get("SDL_VIDEODRIVER"):
        return True  # the caller chose a driver (dummy for tests, x11, wayland...)
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True  # Windows and macOS always have a desktop when a user runs a program


def build_library(scenes_dirs: list[Path] | None, language: str | None = None):
    """Load every scenario, in ``language`` (default: the game's, i18n.current_language()) where
    a scene has a translation; files with errors become one-line notices (``library.notices``).

    The one place the window reads the scenes: App calls it again when the language changes."""
    from game.story import load_library, scene_dirs

    from game import i18n

    if language is None:
        language = i18n.current_language()
    return load_library(scenes_dirs if scenes_dirs else scene_dirs(), language=language)


def create_app(*, scenes_dirs=None, config_dir=None, data_dir=None, size=None, fullscreen: bool = False,
               clock=None, endings=None, assessed: bool = False):
    """Initialise pygame and build the App on its title screen (also used by tests and bench).

    Settings live in ``config_dir`` (default: the per-user config folder); students' progress in
    ``data_dir`` (default: $RAPPORT_DATA_DIR, else the per-user data folder). They are kept
    apart on purpose: a lab may put progress on a network drive and leave settings local.
    ``endings`` fixes the record of endings found (game.play.EndingsRecord); by default
    it follows the profile that is playing. Without ``size`` the window fits the desktop and
    comes back at the size and place it was left (game.ui.window). ``assessed`` (`rapport
    --assessed`) or the lab lock in the settings folder makes every attempt assessed.
    """
    import pygame

    from dataclasses import replace

    from game import i18n
    from game.progress import ProgressStore
    from game.settings import SettingsStore, assessed_only
    from game.ui.app import App
    from game.ui.progress import first_profile

    store = SettingsStore(Path(config_dir) if config_dir is not None else None)
    loaded = store.load()
    settings = loaded.settings
    i18n.set_language(settings.language)  # before anything says a word (the progress notices below)
    if loaded.notices and i18n.current_language() != i18n.SOURCE_LANGUAGE:
        loaded = store.load()  # the settings file's own problems again, now in the player's language
    if fullscreen:
        settings = replace(settings, fullscreen=True)
    try:
        pygame.display.init()
        pygame.font.init()  # (controllers: App.run starts the joystick subsystem after the first frame)
    except pygame.error as err:
        raise NoDisplayError(str(err)) from err
    if size is None:
        from game.ui.window import opening, place

        try:
            desktops = [tuple(d) for d in pygame.display.get_desktop_sizes()]
        except pygame.error:
            desktops = []
        size, position = opening(desktops, settings.window_size, settings.window_position)
        place(position)
    progress = ProgressStore.open_or_temporary(data_dir)  # never raises: a notice says what went wrong
    try:
        app = App(lambda: build_library(scenes_dirs), store, settings=settings,
                  notices=loaded.notices + progress.notices, endings=endings, progress=progress, size=size,
                  clock=clock, assessed_only=assessed or assessed_only(store.folder))
    except pygame.error as err:
        progress.close()
        raise NoDisplayError(str(err)) from err
    app.use_profile(first_profile(progress))
    app.nav.title()
    return app


def launch(scenario_id: str | None = None, *, scenes_dirs: list[Path] | None = None,
           fullscreen: bool = False, data_dir=None, config_dir=None, assessed: bool = False) -> int:
    """Run the game until the window closes; return the exit status.

    With ``scenario_id`` the game opens on that scenario's briefing. ``data_dir`` holds
    students' progress (`rapport --data-dir`); ``config_dir`` the settings.
    """
    if not _display_available():
        raise NoDisplayError("neither DISPLAY nor WAYLAND_DISPLAY is set")
    import gc

    # Python's cycle collector waits until the first frame is on screen (App.run turns it back
    # on): loading the modules and making the title allocate a great many objects, which are
    # all still in use, and its forty-odd passes over them cost several ms before the window
    # showed anything.
    collecting = gc.isenabled()
    gc.disable()
    try:
        import pygame

        app = create_app(scenes_dirs=scenes_dirs, config_dir=config_dir, data_dir=data_dir, fullscreen=fullscreen,
                         assessed=assessed)
    except BaseException:
        if collecting:
            gc.enable()
        raise
    app.collect_after_first_frame = collecting
    try:
        if scenario_id is not None:
            scenario = app.library.scenarios.get(scenario_id)
            if scenario is None:
                known = ", ".join(app.library.scenarios) or "none"
                print(_('rapport: no scenario "{scenario}" (known: {known})').format(scenario=scenario_id, known=known),
                      file=sys.stderr)
                return 2
            app.nav.scenarios()
            app.nav.briefing(scenario)
        return app.run()
    finally:
        if collecting:
            gc.enable()  # (App.run has, unless it stopped before its first frame)
        app.art.stop()  # let the portrait painter finish its stroke before pygame goes away
        app.progress.close()
        pygame.quit()
