"""One past attempt: its debrief read again, "try again from here" at any choice it made
(rewound ones too), and "continue" for one left unfinished."""

from __future__ import annotations

from game.i18n import N_, _
from game.progress import ENDED, AttemptSummary, ProgressError, ResumeError
from game.ui.screens.common import PageScreen, TextItem
from game.ui.screens.debrief import add_debrief
from game.ui.screens.history import attempt_facts
from game.ui.widgets import Button

TRY_AGAIN = N_("Try again from here")


class PastAttemptScreen(PageScreen):
    name = "past-attempt"
    focus_footer = True

    def __init__(self, app, summary: AttemptSummary, *, on_resumed, on_continue, on_endings) -> None:
        """``on_resumed(resumed)`` plays a new attempt made here ("try again from here");
        ``on_continue(uuid)`` carries on this one; ``on_endings(scenario)`` shows the endings."""
        self.summary = summary
        self.on_resumed, self.on_continue, self.on_endings = on_resumed, on_continue, on_endings
        self.scenario = app.library.scenarios.get(summary.scenario_id)
        self.record = self.debrief = None
        self.problem: str | None = None
        title = summary.scenario_title or summary.scenario_id
        if self.scenario is None:
            self.problem = _('"{title}" is not installed any more, so this attempt cannot be shown. '
                             "Its record is kept and shows again when the scenario is back.").format(title=title)
        else:
            try:
                self.record = app.progress.attempt(summary.uuid)
                self.debrief = app.progress.debrief(summary.uuid, self.scenario)
            except ResumeError as exc:
                self.problem = exc.message
            except ProgressError as exc:
                self.problem = _("This attempt cannot be read just now: {problem}.").format(problem=exc)
            self.setting = self.scenario.setting
        super().__init__(app)

    @property
    def unfinished(self) -> bool:
        return self.summary.status != ENDED

    def build(self) -> None:
        d = self.doc
        ending = self.debrief.ending if self.debrief is not None else None
        self.title = ending.title if ending else _("Unfinished attempt")
        self.subtitle = " · ".join([self.summary.scenario_title or self.summary.scenario_id,
                                    attempt_facts(self.summary, self.scenario, with_ending=False)])
        if self.problem:
            d.para(self.problem, "body", "bold", color="notice_text")
        if self.debrief is not None:
            numbers = self.app.settings.meters != "hidden"
            add_debrief(d, self.debrief, self.scenario, numbers, self._try_again_at_step, _(TRY_AGAIN),
                        this=_("this attempt"), rubric=getattr(self.app, "rubric", None))
            self._reflection()
            self._taken_back()
        self.footer = [Button(_("Back"), self.app.pop)]
        if self.scenario is not None:
            self.footer.append(Button(_("Endings"), self._endings))
        if self.unfinished and self.scenario is not None:
            self.footer.append(Button(_("Continue this attempt"), self._continue, primary=True))
        self.default_focus = len(self.footer) - 1

    def _reflection(self) -> None:
        """The answers the student gave to the debrief questions, if any."""
        try:
            answers = self.app.progress.reflection(self.summary.uuid)
        except ProgressError:
            answers = {}
        if not answers:
            return
        d = self.doc
        d.h2(_("Your reflection"))
        for question, answer in answers.items():
            d.add(TextItem(question, "small", "bold"))
            d.para(answer)

    def _taken_back(self) -> None:
        """Choices a rewind took back: recorded all the same, and a place to try again from."""
        undone = [s for s in self.record.steps if not s.active and s.is_choice]
        if not undone:
            return
        d = self.doc
        d.h2(_("Choices you took back"))
        d.para(_("You rewound past these. Each is kept, and you can try again from just before it."),
               "small", color="text_muted")
        for step in undone:
            node = self.scenario.nodes.get(step.node_id)
            choice = node.choice(step.choice_id) if node is not None else None
            text = (choice.text if choice is not None else
                    _("(a choice no longer in the scenario: {choice})").format(choice=step.choice_id))
            d.para(_("\u201c{words}\u201d").format(words=text))
            if choice is not None:
                d.button(Button(_(TRY_AGAIN), lambda seq=step.seq: self._try_again(seq), role="small"),
                         width_fraction=None)

    def _try_again_at_step(self, index: int) -> None:
        step = self.record.step_at(index)
        if step is not None:
            self._try_again(step.seq)

    def _try_again(self, seq: int) -> None:
        try:
            mode = "assessed" if getattr(self.app, "assessed_only", False) else "practice"  # the lab lock holds
            resumed = self.app.progress.try_again_from(self.summary.uuid, seq, self.scenario, mode=mode)
        except ResumeError as exc:
            self._show_problem(exc.message)
            return
        except ProgressError as exc:
            self._show_problem(_("That did not work just now: {problem}.").format(problem=exc))
            return
        self.on_resumed(resumed)

    def _continue(self) -> None:
        self.on_continue(self.summary.uuid)

    def _endings(self) -> None:
        self.on_endings(self.scenario)

    def _show_problem(self, message: str) -> None:
        self.problem = message
        self.scroll.offset = 0
        self.rebuild()
