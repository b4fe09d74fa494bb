"""History: the profile's past attempts, newest first; open one to read its debrief again."""

from __future__ import annotations

from game.i18n import N_, _, ngettext
from game.progress import ABANDONED, ENDED, SET_ASIDE, AttemptSummary, ProgressError
from game.ui import input as ix
from game.ui.progress import choices, when
from game.ui.screens.common import PageScreen
from game.ui.widgets import Button

STATUS_WORDS = {
    SET_ASIDE: N_("unfinished, kept for later"),
    ABANDONED: N_("unfinished, restarted afresh"),
}
MODE_WORDS = {"practice": N_("practice"), "assessed": N_("assessed")}


def attempt_facts(summary: AttemptSummary, scenario, with_ending: bool = True) -> str:
    """One line about an attempt: when, which try (practice or assessed), how it ended, how many choices."""
    mode = _(MODE_WORDS[summary.mode]) if summary.mode in MODE_WORDS else summary.mode
    if not summary.replay:
        which = (_("first attempt ({mode}), tried again from an earlier one") if summary.origin_uuid
                 else _("first attempt ({mode})")).format(mode=mode)
    else:
        which = (_("attempt {number} ({mode}), tried again from an earlier one") if summary.origin_uuid
                 else _("attempt {number} ({mode})")).format(number=summary.number, mode=mode)
    if summary.status == ENDED and summary.ending_id:
        ending = scenario.ending(summary.ending_id) if scenario is not None else None
        result = _("ending: {ending}").format(ending=ending.title if ending is not None else summary.ending_id)
    else:
        result = _(STATUS_WORDS[summary.status]) if summary.status in STATUS_WORDS else _("unfinished")
    parts = [when(summary.started_at), which] + ([result] if with_ending else []) + [choices(summary.decisions)]
    return " · ".join(parts)


class HistoryScreen(PageScreen):
    name = "history"
    title = N_("History")
    focus_footer = False

    def __init__(self, app, on_open) -> None:
        """``on_open(summary)`` opens one attempt."""
        self.on_open = on_open
        self.problem: str | None = None
        try:
            self.attempts = app.progress.history(app.profile)
        except ProgressError as exc:
            self.attempts, self.problem = [], _("Your history cannot be read just now: {problem}.").format(problem=exc)
        super().__init__(app)

    def build(self) -> None:
        d = self.doc
        count = len(self.attempts)
        self.subtitle = ngettext("{name} · {n} attempt. Open one to read its debrief again or try again from any choice.",
                                 "{name} · {n} attempts. Open one to read its debrief again or try again from any choice.",
                                 count).format(name=self.app.profile.name, n=count)
        if self.problem:
            d.para(self.problem, "small", "bold", color="notice_text")
        elif not self.attempts:
            d.para(_("Nothing here yet. Every encounter you play is kept here, finished or not."))
        scenarios = self.app.library.scenarios
        for summary in self.attempts:
            scenario = scenarios.get(summary.scenario_id)
            d.button(Button(summary.scenario_title or summary.scenario_id,
                            lambda s=summary: self.on_open(s),
                            detail=attempt_facts(summary, scenario)))
        self.footer = [Button(_("Back"), self.app.pop)]

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind in (ix.UP, ix.DOWN):
            intent = ix.Intent(ix.FOCUS_PREV if intent.kind == ix.UP else ix.FOCUS_NEXT)
        super().handle(intent)
