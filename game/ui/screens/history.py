"""History: the profile's past attempts, newest first; open one to read its debrief again."""

from __future__ import annotations

from game.progress import ABANDONED, ENDED, SET_ASIDE, AttemptSummary, ProgressError
from game.ui import input as ix
from game.ui.progress import choices, when
from game.ui.screens.common import PageScreen
from game.ui.widgets import Button

STATUS_WORDS = {
    SET_ASIDE: "unfinished, kept for later",
    ABANDONED: "unfinished, restarted afresh",
}


def attempt_facts(summary: AttemptSummary, scenario, with_ending: bool = True) -> str:
    """One line about an attempt: when, which try (practice or assessed), how it ended, how many choices."""
    which = "first attempt" if not summary.replay else f"attempt {summary.number}"
    which += f" ({summary.mode})"
    if summary.origin_uuid:
        which += ", tried again from an earlier one"
    if summary.status == ENDED and summary.ending_id:
        ending = scenario.ending(summary.ending_id) if scenario is not None else None
        result = f"ending: {ending.title}" if ending is not None else f"ending: {summary.ending_id}"
    else:
        result = STATUS_WORDS.get(summary.status, "unfinished")
    parts = [when(summary.started_at), which] + ([result] if with_ending else []) + [choices(summary.decisions)]
    return " · ".join(parts)


class HistoryScreen(PageScreen):
    name = "history"
    title = "History"
    focus_footer = False

    def __init__(self, app, on_open) -> None:
        """``on_open(summary)`` opens one attempt."""
        self.on_open = on_open
        self.problem: str | None = None
        try:
            self.attempts = app.progress.history(app.profile)
        except ProgressError as exc:
            self.attempts, self.problem = [], f"Your history cannot be read just now: {exc}."
        count = len(self.attempts)
        self.subtitle = (f"{app.profile.name} · {count} attempt{'s' if count != 1 else ''}. "
                         "Open one to read its debrief again or try again from any choice.")
        super().__init__(app)

    def build(self) -> None:
        d = self.doc
        if self.problem:
            d.para(self.problem, "small", "bold", color="notice_text")
        elif not self.attempts:
            d.para("Nothing here yet. Every encounter you play is kept here, finished or not.")
        scenarios = self.app.library.scenarios
        for summary in self.attempts:
            scenario = scenarios.get(summary.scenario_id)
            d.button(Button(summary.scenario_title or summary.scenario_id,
                            lambda s=summary: self.on_open(s),
                            detail=attempt_facts(summary, scenario)))
        self.footer = [Button("Back", self.app.pop)]

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind in (ix.UP, ix.DOWN):
            intent = ix.Intent(ix.FOCUS_PREV if intent.kind == ix.UP else ix.FOCUS_NEXT)
        super().handle(intent)
