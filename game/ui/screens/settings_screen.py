"""Settings: each row shows its value; Enter/click/right cycles it, left cycles back.

Changes apply at once (the whole window re-lays itself out) and are saved straight away.
"""

from __future__ import annotations

from game.i18n import LANGUAGES, N_, _, system_language
from game.settings import cycle
from game.ui import input as ix
from game.ui.screens.common import PageScreen, TextItem
from game.ui.widgets import Button

ON_OFF = {True: N_("On"), False: N_("Off")}
# Each setting's name and the names of its values, marked for the catalogue and translated as
# the screen is built (so a change of language shows at once).
LABELS = {
    "language": (N_("Language"), None),
    "text_size": (N_("Text size"), {"small": N_("Small"), "medium": N_("Medium"), "large": N_("Large"),
                                    "largest": N_("Largest")}),
    "high_contrast": (N_("High contrast"), ON_OFF),
    "text_speed": (N_("Text speed"), {"slow": N_("Slow"), "normal": N_("Normal"), "fast": N_("Fast"),
                                      "instant": N_("Instant")}),
    "reduce_motion": (N_("Reduce motion"), ON_OFF),
    "dyslexia_spacing": (N_("Dyslexia-friendly spacing"), ON_OFF),
    "volume": (N_("Volume"), None),
    "coaching": (N_("Coaching"), {"after-each-choice": N_("After each choice"), "end-only": N_("At the end only")}),
    "meters": (N_("Trust and openness"), {"hidden": N_("Hidden"), "after-ending": N_("Shown after the ending"),
                                          "live": N_("Live gauges (classroom)")}),
    "fullscreen": (N_("Fullscreen (F11)"), ON_OFF),
    "watch_scenes": (N_("Reload scene when its file changes"), ON_OFF),
}

HELP = {
    "language": N_("The words of the window and, where a translation exists, of the encounters."),
    "coaching": N_("A short coach note after each choice, or feedback only in the debrief."),
    "meters": N_("Students normally read the person, not numbers. Live gauges suit class discussion."),
    "watch_scenes": N_("For authors: an edit saved in your editor shows at once (F5 reloads by hand)."),
    "text_speed": N_("How fast the client's words appear. Any key or click shows them at once."),
}


def language_name(code: str | None) -> str:
    """A language setting's value as the player reads it: each language in its own name; the
    system's default says which language that is now."""
    if code is None:
        return _("As the system ({language})").format(language=LANGUAGES[system_language()])
    return LANGUAGES.get(code, code)


class SettingsScreen(PageScreen):
    name = "settings"
    title = N_("Settings")
    subtitle = N_("Changes apply at once and are kept for next time.")
    focus_footer = False

    def _value(self, key: str) -> str:
        value = getattr(self.app.settings, key)
        if key == "language":
            return language_name(value)
        label, names = LABELS[key]
        # TRANSLATORS: the volume setting's value, a percentage.
        return _("{volume} %").format(volume=value) if names is None else _(names[value])

    def build(self) -> None:
        self.rows: dict[Button, str] = {}
        for key, (label, _names) in LABELS.items():
            button = Button(_(label), lambda k=key: self._change(k, 1), value=self._value(key),
                            detail=_(HELP[key]) if key in HELP else None)
            self.rows[button] = key
            self.doc.button(button)
        self.doc.add(TextItem(_("Left and right arrows change the focused setting. The sample "
                                "below shows the current text size and spacing."), "small",
                              color="text_muted"))
        self.doc.add(TextItem(_("\u201cI've been waiting a while, but I'm glad someone finally "
                                "asked me what I actually need.\u201d"), "body", "italic"))
        self.footer = [Button(_("Back"), self.app.pop, primary=True)]

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
