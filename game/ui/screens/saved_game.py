"""Saying plainly when a saved attempt cannot be continued (game.ui.navigator opens the rest).

A save whose scenario changed (the node it stopped at is gone) or vanished is never dropped:
the player reads why, and chooses to restart the scenario (the old attempt stays in the
history, marked abandoned) or to keep the save for later (it stays in the history, and Continue
stops offering it). Keeping is what Enter does on the first frame; Restart asks first.
"""

from __future__ import annotations

from game.i18n import N_, _
from game.progress import ProgressError
from game.ui.screens.common import PageScreen
from game.ui.screens.confirm import ConfirmScreen
from game.ui.widgets import Button


class SaveProblemScreen(PageScreen):
    name = "save-problem"
    title = N_("Your saved game")
    focus_footer = True

    def __init__(self, app, message: str, attempt_uuid: str | None = None, scenario_id: str | None = None,
                 can_restart: bool = False, on_restarted=None) -> None:
        """``on_restarted(resumed)`` plays the fresh attempt that Restart made."""
        self.on_restarted = on_restarted
        self.message = message
        self.attempt_uuid = attempt_uuid
        self.scenario_id = scenario_id
        self.can_restart = can_restart and scenario_id in app.library.scenarios
        self.problem: str | None = None
        super().__init__(app)

    def build(self) -> None:
        d = self.doc
        d.para(self.message)
        if self.problem:
            d.para(self.problem, "small", "bold", color="notice_text")
        if self.attempt_uuid is None:
            self.footer = [Button(_("Back"), self.app.pop, primary=True)]
            return
        if self.can_restart:
            d.para(_("Restart begins this scenario afresh. The old attempt stays in your history with "
                     "every choice you made."), "small", color="text_muted")
        d.para(_("Keep for later leaves the save untouched in your history; Continue stops offering it."),
               "small", color="text_muted")
        # The choice that loses nothing comes first and has the focus: Enter on the first frame
        # keeps the save. Restart is never the default, and asks before it begins afresh.
        self.footer = [Button(_("Keep for later"), self._keep, primary=True)]
        self.default_focus = 0
        if self.can_restart:
            self.footer.append(Button(_("Restart"), self._ask_restart))

    def _keep(self) -> None:
        try:
            self.app.progress.set_aside(self.attempt_uuid)
        except ProgressError as exc:
            self.problem = _("That did not work just now ({problem}); the save is unchanged.").format(problem=exc)
            self.rebuild()
            return
        self.app.pop()

    def _ask_restart(self) -> None:
        self.app.push(ConfirmScreen(
            self.app, _("Restart this encounter?"), _("Restart from the beginning"), self._restart,
            detail=_("Restart begins this scenario afresh. The old attempt stays in your history with "
                     "every choice you made.")))

    def _restart(self) -> None:
        scenario = self.app.library.scenarios[self.scenario_id]
        try:
            resumed = self.app.progress.restart(self.attempt_uuid, scenario)
        except ProgressError as exc:
            self.problem = _("The scenario could not be restarted just now ({problem}); the save is unchanged.").format(
                problem=exc)
            self.rebuild()
            return
        self.on_restarted(resumed)
