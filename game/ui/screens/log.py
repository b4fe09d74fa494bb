"""The conversation log: everything said so far, with rewind to before any choice."""

from __future__ import annotations

from game.i18n import N_, _
from game.ui import input as ix
from game.ui.screens.common import PageScreen, TextItem
from game.ui.widgets import Button


class LogScreen(PageScreen):
    name = "log"
    title = N_("The conversation so far")
    subtitle = N_("Read back, or rewind to before one of your choices and try another answer.")

    def __init__(self, app, on_rewind) -> None:
        """``on_rewind(step)`` goes back to before a choice; None (an assessed attempt): read only."""
        self.on_rewind = on_rewind
        if on_rewind is None:
            self.subtitle = N_("Read back. This is an assessed attempt: answers cannot be taken back.")
        self.setting = app.session.scenario.setting
        super().__init__(app)

    def build(self) -> None:
        d = self.doc
        for line in self.app.session.state.transcript():
            if line.role == "narration":
                d.para(line.text, style="italic", color="narration")
            elif line.role == "worker":
                d.add(TextItem(_("You"), "small", "bold", color="accent"))
                d.para(line.text)
                if self.on_rewind is not None:
                    d.button(Button(_("Rewind to before this choice"), lambda s=line.step: self._rewind(s),
                                    role="small"), width_fraction=None)
            else:
                d.add(TextItem(line.speaker, "small", "bold", color="text_muted"))
                d.para(line.text)
        self.footer = [Button(_("Back to the conversation"), self.app.pop, primary=True, hint="L")]

    def enter(self) -> None:
        # Open at the newest line, like a chat history.
        self.scroll.scroll(self.scroll.max_offset)
        self._scrolled()

    def _rewind(self, step: int) -> None:
        self.app.pop()
        self.on_rewind(step)

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind == ix.LOG:
            self.app.pop()
            return
        super().handle(intent)
