"""Which screen follows which: the one place that builds screens and wires their callbacks.

Screens never import one another. Each is built here with a callback for every result it can
produce (a scenario picked, an attempt to open, "replay"), and this module decides what comes
next. A new way through the game is a method here, not an import hidden in a screen.

Each screen's module is imported where the screen is first built, so the first frame (the
title) loads only the title screen and what it uses (issue 14 §13).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from game.i18n import N_, _
from game.progress import ProgressError, ResumeError
from game.ui.screens.title import TitleScreen

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.classroom.context import ClassContext
    from game.ui.screens.debrief import DebriefScreen
    from game.ui.screens.play import PlayScreen

WHO_FIRST = N_("Before you begin: who is playing? Your choices are saved under your name.")


class Navigator:
    def __init__(self, app: App) -> None:
        self.app = app

    # --- the title and what hangs off it ---------------------------------------------------
    def title(self) -> None:
        """Leave every screen and show the title."""
        self.app.reset_to(TitleScreen(
            self.app, choose_profile=self.profiles, continue_play=self.continue_play, scenarios=self.scenarios,
            history=self.history, classroom=self.classroom, settings=self.settings, about=self.about))

    def profiles(self, then: Callable[[], None] | None = None, reason: str | None = None) -> None:
        from game.ui.screens.profiles import ProfileScreen
        self.app.push(ProfileScreen(self.app, then=then, reason=reason))

    def settings(self) -> None:
        from game.ui.screens.settings_screen import SettingsScreen
        self.app.push(SettingsScreen(self.app))

    def about(self) -> None:
        from game.ui.screens.about import AboutScreen
        self.app.push(AboutScreen(self.app))

    def scenarios(self) -> None:
        from game.ui.screens.briefing import BriefingScreen
        from game.ui.screens.select import SelectScreen
        self.app.push(SelectScreen(self.app, on_pick=self.briefing, portrait_job=BriefingScreen.portrait_job))

    def title_then_scenarios(self) -> None:
        self.title()
        self.scenarios()

    def endings(self, scenario) -> None:
        from game.ui.screens.gallery import GalleryScreen
        self.app.push(GalleryScreen(self.app, scenario))

    # --- one encounter ---------------------------------------------------------------------
    def briefing(self, scenario) -> None:
        from game.ui.screens.briefing import BriefingScreen
        self.app.push(BriefingScreen(self.app, scenario, on_endings=self.endings, on_begin=self.begin,
                                     on_continue=self.continue_from_briefing))

    def continue_from_briefing(self, offer) -> None:
        """Back to this scenario's own unfinished encounter (the briefing makes way for it)."""
        if offer.saved is None:
            self.app.replace(self._play_screen(continued=True))
        else:
            self.resume_saved(offer.saved.uuid)

    def begin(self, scenario, mode: str = "practice") -> None:
        """Begin an encounter (practice or assessed) from its briefing; progress is kept per
        person, so ask who first."""
        if self.app.profile is None:
            self.profiles(then=lambda: self._start(scenario, mode), reason=_(WHO_FIRST))
        else:
            self._start(scenario, mode)

    def _start(self, scenario, mode: str = "practice") -> None:
        self.app.start_session(scenario, mode)
        self.app.replace(self._play_screen())

    def _play_screen(self, continued: bool = False) -> PlayScreen:
        """``continued``: the encounter is picked up where it was (no line typed out again)."""
        from game.ui.screens.play import PlayScreen

        return PlayScreen(self.app, on_finished=self.debrief, on_leave=self.title_then_scenarios,
                          on_settings=self.settings, continued=continued)

    def play(self) -> None:
        """Show the encounter open in this window (Continue)."""
        self.app.push(self._play_screen(continued=True))

    def debrief(self) -> None:
        """The ending was read: its debrief takes the play screen's place."""
        self.app.replace(self._debrief_screen())

    def _debrief_screen(self) -> DebriefScreen:
        from game.ui.screens.debrief import DebriefScreen
        return DebriefScreen(self.app, on_endings=self.endings, on_rewound=self.back_to_play, on_replay=self.replay,
                             on_title=self.title, on_scenarios=self.title_then_scenarios)

    def back_to_play(self) -> None:
        """From the debrief, after a rewind: the encounter goes on."""
        self.app.replace(self._play_screen())

    def replay(self, scenario) -> None:
        """Play again, in the same mode as the attempt just debriefed."""
        self.app.start_session(scenario, self.app.session.mode if self.app.session is not None else "practice")
        self.app.replace(self._play_screen())

    # --- saved attempts --------------------------------------------------------------------
    def continue_play(self, offer) -> None:
        if offer.saved is None:  # the encounter is still open in this window
            self.play()
        else:
            self.resume_saved(offer.saved.uuid)

    def history(self) -> None:
        from game.ui.screens.history import HistoryScreen
        self.app.push(HistoryScreen(self.app, on_open=self.past_attempt))

    def past_attempt(self, summary) -> None:
        from game.ui.screens.past_attempt import PastAttemptScreen
        self.app.push(PastAttemptScreen(self.app, summary, on_resumed=self.open_resumed,
                                        on_continue=self.resume_saved, on_endings=self.endings))

    def resume_saved(self, attempt_uuid: str) -> None:
        """Continue one stored attempt, or explain why it cannot be continued."""
        from game.ui.screens.saved_game import SaveProblemScreen
        app = self.app
        try:
            resumed = app.progress.resume_attempt(attempt_uuid, app.library.scenarios)
        except ResumeError as exc:
            app.push(SaveProblemScreen(app, exc.message, exc.saved.uuid, exc.saved.scenario_id, exc.can_restart,
                                       on_restarted=self.open_resumed))
            return
        except ProgressError as exc:
            app.push(SaveProblemScreen(app, _("Your saved game could not be opened just now: {problem}. "
                                              "It is still there; try again in a moment.").format(problem=exc)))
            return
        self.open_resumed(resumed)

    def open_resumed(self, resumed) -> None:
        """Play a stored attempt from the title (so leaving it returns there, as for a new one)."""
        self.app.resume_session(resumed)
        self.title()
        self.app.push(self._debrief_screen() if resumed.state.is_over else self._play_screen(continued=True))

    # --- classroom mode --------------------------------------------------------------------
    def classroom(self, **options) -> ClassContext:
        """The Classroom screen (scenario, projector and voting settings) over the current one."""
        from game.ui.classroom.context import ClassContext
        from game.ui.classroom.setup import ClassSetupScreen
        # The projector must never show a student's name: the window's player is signed out for
        # class mode, so the title it returns to asks "Who is playing?" (their progress is kept).
        self.app.use_profile(None)
        ctx = ClassContext(self.app, **options)
        self.app.push(ClassSetupScreen(self.app, ctx, on_pick=lambda scenario: self.class_briefing(ctx, scenario)))
        return ctx

    def class_briefing(self, ctx: ClassContext, scenario) -> None:
        from game.ui.classroom.setup import ClassBriefingScreen
        self.app.push(ClassBriefingScreen(self.app, ctx, scenario, on_begin=lambda: self.facilitate(ctx, scenario)))

    def facilitate(self, ctx: ClassContext, scenario) -> None:
        from game.ui.classroom.facilitator import FacilitatorScreen
        ctx.begin(scenario)
        self.app.replace(FacilitatorScreen(
            self.app, ctx, on_menu=lambda: self._class_menu(ctx),
            on_decisions=lambda rewind, revealed: self._class_decisions(ctx, rewind, revealed),
            on_debrief=lambda rewind: self._class_debrief(ctx, rewind)))

    def _class_menu(self, ctx: ClassContext) -> None:
        from game.ui.classroom.pages import ClassMenuScreen
        self.app.push(ClassMenuScreen(self.app, ctx, on_end=lambda: self.confirm_end_class(ctx)))

    def _class_decisions(self, ctx: ClassContext, on_rewind, revealed: bool) -> None:
        from game.ui.classroom.pages import ClassDecisionsScreen
        self.app.push(ClassDecisionsScreen(self.app, ctx, on_rewind, revealed))

    def _class_debrief(self, ctx: ClassContext, on_rewind) -> None:
        from game.ui.classroom.pages import ClassDebriefScreen
        self.app.push(ClassDebriefScreen(self.app, ctx, on_rewind,
                                         on_decisions=lambda rewind: self._class_decisions(ctx, rewind, True),
                                         on_end=lambda: self.confirm_end_class(ctx)))

    def confirm_end_class(self, ctx: ClassContext) -> None:
        """Ask before the session ends: the class debrief focuses "End the class session", and a
        facilitator tapping Space or Enter through it must not close the run and its paths."""
        from game.ui.screens.confirm import ConfirmScreen

        self.app.push(ConfirmScreen(self.app, _("End the class session?"), _("End the class session"),
                                    lambda: self.end_class(ctx), no=_("Keep the class going"),
                                    detail=_("The class cannot go back to its paths afterwards; the session's "
                                             "record is saved.")))

    def end_class(self, ctx: ClassContext) -> None:
        """End the class session and go back to the Classroom screen (the record is kept)."""
        from game.ui.classroom.setup import ClassSetupScreen
        app = self.app
        # The session's screens leave (the facilitator's leave ends the run and saves it), down
        # to the Classroom screen, which shows where the record went.
        while len(app.screens) > 1 and getattr(app.screen, "ctx", None) is ctx \
                and not isinstance(app.screen, ClassSetupScreen):
            app.pop()
        ctx.end()
        if isinstance(app.screen, ClassSetupScreen):
            app.screen.rebuild()
        else:
            app.push(ClassSetupScreen(app, ctx, on_pick=lambda scenario: self.class_briefing(ctx, scenario)))
