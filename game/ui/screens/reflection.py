"""The reflection asked at the end of a debrief (issue 15 §1): the scene's debrief questions (or
the default PEARLS four), each with a short typed answer. Optional and never in the way: every
field may stay empty, and whatever was typed is kept with the attempt when the student saves or
simply leaves the debrief. Kept answers also go to the learning records (``responded``).
"""

from __future__ import annotations

from game.i18n import N_, _
from game.progress import ProgressError
from game.story.debrief import reflection_questions
from game.ui import input as ix
from game.ui.screens.common import Doc, TextItem
from game.ui.textfield import TextField
from game.ui.widgets import Button

ANSWER_CHARS = 280  # a short answer: a sentence or two
SAVE_LABEL = N_("Keep my answers")


def _focus_only() -> None:
    """A click on a field gives it focus (the focus group does that); Enter is handled apart."""


class ReflectionForm:
    """The questions and their fields, kept across rebuilds of the page that shows them."""

    def __init__(self, app, session) -> None:
        self.app, self.session = app, session
        self.questions = reflection_questions(session.scenario)
        self.fields = [TextField(_("Your answer (optional)"), _focus_only, max_length=ANSWER_CHARS,
                                 label=_("Answer {number}").format(number=i + 1)) for i in range(len(self.questions))]
        self.status: str | None = None
        self.kept: dict[str, str] = {}
        attempt = session.attempt
        if attempt is not None:
            try:
                self.kept = self.app.progress.reflection(attempt.uuid)
            except ProgressError:
                self.kept = {}
        for question, field in zip(self.questions, self.fields):
            field.text = self.kept.get(question, "")[:ANSWER_CHARS]
        self.page = None  # the PageScreen showing the form (set by add)

    # -- layout -----------------------------------------------------------------------------
    def add(self, page, d: Doc) -> None:
        self.page = page
        d.h2(_("Your reflection (optional)"))
        d.para(_("A few questions to think over. Answer any, all or none: nothing here is marked, and "
                 "leaving the debrief keeps what you typed with this attempt.") if self.session.attempt else
               _("A few questions to think over. Answer any, all or none: nothing here is marked, and "
                 "leaving the debrief keeps what you typed."),
               "small", color="text_muted")
        for number, (question, field) in enumerate(zip(self.questions, self.fields), start=1):
            d.add(TextItem(_("{number}. {question}").format(number=number, question=question), "body", "bold"))
            d.button(field, width_fraction=1.0)
        d.button(Button(_(SAVE_LABEL), self.keep, role="small"), width_fraction=None)
        if self.status:
            d.para(self.status, "small", color="text_muted")

    # -- typing -----------------------------------------------------------------------------
    def focused_field(self, focused) -> TextField | None:
        return focused if any(focused is f for f in self.fields) else None

    def handle_text(self, focused, intent: ix.Intent) -> bool:
        """Type into the focused field; True if the intent was for it."""
        field = self.focused_field(focused)
        if field is None or intent.kind not in (ix.TEXT, ix.ERASE, ix.ACTIVATE):
            return False
        if intent.kind == ix.ACTIVATE:  # Enter (a click only puts the caret in the field)
            self._entered(self.fields.index(field))
            return True
        changed = field.insert(intent.text) if intent.kind == ix.TEXT else field.erase()
        if changed and self.page is not None:
            self.page.invalidate(static=True)
        return True

    def _entered(self, index: int) -> None:
        """Enter in a field moves on to the next question (after the last: keeps the answers)."""
        if index + 1 < len(self.fields):
            page = self.page
            page.focus.focus = page.focus.buttons.index(self.fields[index + 1])
            page._reveal_focus()
            page.invalidate()
        else:
            self.keep()

    # -- keeping ----------------------------------------------------------------------------
    def answers(self) -> dict[str, str]:
        return {q: f.text.strip() for q, f in zip(self.questions, self.fields) if f.text.strip()}

    def keep(self, quiet: bool = False) -> None:
        """Keep the answers with the attempt and queue the new ones for the learning records.
        Never raises: a problem is shown and play goes on."""
        answers = self.answers()
        if answers == self.kept:
            if not quiet:
                self._say(_("Your answers are kept.") if answers else _("Nothing to keep yet: every answer is optional."))
            return
        attempt = self.session.attempt
        if attempt is not None:
            try:
                self.app.progress.save_reflection(attempt.uuid, answers)
            except ProgressError as exc:
                if not quiet:
                    self._say(_("Your answers could not be kept just now ({problem}).").format(problem=exc))
                return
        recorder = getattr(getattr(self.app, "records", None), "recorder", None)
        if recorder is not None and answers:
            # every question in order ("" for one skipped), so each statement is numbered like its question
            recorder.reflection(self.session, {q: answers.get(q, "") for q in self.questions})
        self.kept = answers
        if not quiet:
            self._say(_("Kept with this attempt: you will find them again in History.") if attempt is not None
                      else _("Thank you. (Choose a name on the title screen to keep answers in your History.)"))

    def _say(self, text: str) -> None:
        self.status = text
        if self.page is not None:
            self.page.rebuild()
