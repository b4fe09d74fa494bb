"""Settings: each row shows its value; Enter/click/right cycles it, left cycles back.

Changes apply at once (the whole window re-lays itself out) and are saved straight away.
"""

from __future__ import annotations

from game.settings import cycle
from game.ui import input as ix
from game.ui.screens.common import PageScreen, TextItem
from game.ui.widgets import Button

LABELS = {
    "text_size": ("Text size", {"small": "Small", "medium": "Medium", "large": "Large", "largest": "Largest"}),
    "high_contrast": ("High contrast", {True: "On", False: "Off"}),
    "text_speed": ("Text speed", {"slow": "Slow", "normal": "Normal", "fast": "Fast", "instant": "Instant"}),
    "reduce_motion": ("Reduce motion", {True: "On", False: "Off"}),
    "dyslexia_spacing": ("Dyslexia-friendly spacing", {True: "On", False: "Off"}),
    "volume": ("Volume", None),
    "coaching": ("Coaching", {"after-each-choice": "After each choice", "end-only": "At the end only"}),
    "meters": ("Trust and openness", {"hidden": "Hidden", "after-ending": "Shown after the ending",
                                      "live": "Live gauges (classroom)"}),
    "fullscreen": ("Fullscreen (F11)", {True: "On", False: "Off"}),
    "watch_scenes": ("Reload scene when its file changes", {True: "On", False: "Off"}),
    "speech": ("Speak the screen (Shift+V)", {True: "On", False: "Off"}),
}

HELP = {
    "coaching": "A short coach note after each choice, or feedback only in the debrief.",
    "meters": "Students normally read the person, not numbers. Live gauges suit class discussion.",
    "watch_scenes": "For authors: an edit saved in your editor shows at once (F5 reloads by hand).",
    "text_speed": "How fast the client's words appear. Any key or click shows them at once.",
    "speech": "Reads out the client, the narration, each response as you move to it, menus and the debrief.",
}


class SettingsScreen(PageScreen):
    name = "settings"
    title = "Settings"
    subtitle = "Changes apply at once and are kept for next time."
    focus_footer = False

    def _value(self, key: str) -> str:
        value = getattr(self.app.settings, key)
        label, names = LABELS[key]
        return f"{value} %" if names is None else names[value]

    def build(self) -> None:
        self.rows: dict[Button, str] = {}
        for key, (label, _) in LABELS.items():
            button = Button(label, lambda k=key: self._change(k, 1), value=self._value(key),
                            detail=HELP.get(key))
            self.rows[button] = key
            self.doc.button(button)
        self.doc.add(TextItem("Left and right arrows change the focused setting. The sample "
                              "below shows the current text size and spacing.", "small",
                              color="text_muted"))
        self.doc.add(TextItem("\u201cI've been waiting a while, but I'm glad someone finally "
                              "asked me what I actually need.\u201d", "body", "italic"))
        self.footer = [Button("Back", self.app.pop, primary=True)]

    def _change(self, key: str, step: int) -> None:
        if key == "fullscreen":
            self.app.toggle_fullscreen()  # also saves the setting
        else:
            self.app.change_settings(**{key: getattr(cycle(self.app.settings, key, step), key)})
        self.invalidate()

    def handle(self, intent: ix.Intent) -> None:
        focused = self.focus.focused
        if intent.kind in (ix.LEFT, ix.RIGHT) and focused in self.rows:
            self._change(self.rows[focused], 1 if intent.kind == ix.RIGHT else -1)
            return
        if intent.kind in (ix.UP, ix.DOWN):
            # A menu: arrows move between settings (the page scrolls to keep focus in view).
            intent = ix.Intent(ix.FOCUS_PREV if intent.kind == ix.UP else ix.FOCUS_NEXT)
        super().handle(intent)
