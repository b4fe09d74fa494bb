"""Why a reload was refused, over the dimmed play screen; the last good version keeps running.

Each problem is one line as `rapport validate` prints it (file:line:column: message). Esc goes
back to the scene; F5 tries again; with watching on, saving a fixed file closes this by itself.
"""

from __future__ import annotations

from pathlib import Path

from game.i18n import N_, _
from game.story.reload import Reloaded
from game.ui import input as ix
from game.ui.screens.common import Gap, PageScreen, TextItem
from game.ui.widgets import Button

SHOWN = 30  # problems listed; a file with more has one broken thing repeated, or is not a scene


def problem_line(problem) -> str:
    """file:line:column: message, as `rapport validate` prints it, with the file's name only (the
    full path is given once above the list)."""
    return str(problem).replace(problem.file, Path(problem.file).name, 1)


class ReloadProblemsScreen(PageScreen):
    name = "reload-problems"
    overlay = True
    backdrop = False
    fit_content = True
    title = N_("The scene was not reloaded")
    focus_footer = True

    def __init__(self, app, play, result: Reloaded) -> None:
        self.play = play  # the play screen underneath: it owns the reloading
        self.result = result
        super().__init__(app)

    def show(self, result: Reloaded) -> None:
        """A newer refusal (F5 again, or a watched save that is still broken)."""
        self.result = result
        self.scroll.offset = 0
        self.rebuild()
        self.invalidate(static=True)

    def build(self) -> None:
        d, result = self.doc, self.result
        source = self.app.session.scenario.source
        message = result.message
        if source is None or not message.startswith(source.name):  # a file name keeps its case
            message = message[:1].upper() + message[1:]
        d.para(message + ".", "body", "bold")
        if source is not None and result.problems:
            d.para(_("In {file}:").format(file=source), "small", color="text_muted")
        for problem in result.problems[:SHOWN]:
            d.add(TextItem(problem_line(problem), "small", bullet="•"))
            d.add(Gap(6))
        if len(result.problems) > SHOWN:
            d.para(_("… and {n} more (`rapport validate` lists them all).").format(n=len(result.problems) - SHOWN),
                   "small")
        watching = self.app.settings.watch_scenes
        d.para(_("Fix the file and save it: it reloads by itself.") if watching else
               _("Fix the file and save it, then press F5."), "small", color="text_muted")
        self.footer = [Button(_("Reload again"), self.play.reload, hint="F5")]
        edited = None if result.problems else self.play.reloader.edited_version()
        if edited is not None:  # it loads, but this place is gone: offer the new version from its start
            self.footer.append(Button(_("Restart with the edited scene"), lambda: self.play.restart_with(edited)))
        self.footer.append(Button(_("Back to the scene"), self.app.pop, primary=True, hint="Esc"))
        self.default_focus = len(self.footer) - 1

    def update(self, now_ms: int) -> int | None:
        # Watching goes on while this is open, so a fixed save clears it by itself.
        return self.play.poll_reload(now_ms)

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind == ix.RELOAD:
            self.play.reload()
            return
        super().handle(intent)
