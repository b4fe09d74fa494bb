"""Who is playing: pick your name, or type a new one. No passwords (lab machines are shared).

Everything a student does is kept under their profile: saves, attempts, endings found.
"""

from __future__ import annotations

from typing import Callable

from game.i18n import N_, _
from game.progress import ProgressError
from game.ui import input as ix
from game.ui.progress import when
from game.ui.screens.common import PageScreen, TextItem
from game.ui.textfield import TextField
from game.ui.widgets import Button

NEW_NAME_LABEL = N_("New name")


class ProfileScreen(PageScreen):
    name = "profiles"
    title = N_("Who is playing?")
    subtitle = N_("Rapport keeps each person's progress under their name. There are no passwords: "
                  "choose your own name, or add it if it is not here.")
    focus_footer = False

    def __init__(self, app, then: Callable[[], None] | None = None, reason: str | None = None) -> None:
        """``then`` runs after a profile is chosen (default: back to where we came from);
        ``reason`` is a line saying why the screen appeared (e.g. before a first encounter)."""
        super().__init__(app)
        self.then = then
        self.reason = reason
        self.problem: str | None = None
        self.field = TextField(_("Type your name"), self._field_pressed, max_length=40, label=_(NEW_NAME_LABEL))
        try:
            self.profiles = app.progress.profiles()
        except ProgressError as exc:
            self.profiles, self.problem = [], str(exc)

    @property
    def wants_text(self) -> bool:
        return self.focus.focused is self.field

    def build(self) -> None:
        d = self.doc
        if self.reason:
            d.para(self.reason, "body", "bold")
        if self.problem:
            d.para(self.problem, "small", "bold", color="notice_text")
        if self.profiles:
            d.h2(_("Choose your name"))
            for profile in self.profiles:
                if self.app.profile is not None and profile.id == self.app.profile.id:
                    detail = _("Last played {when} · playing now").format(when=when(profile.last_used_at))
                else:
                    detail = _("Last played {when}").format(when=when(profile.last_used_at))
                d.button(Button(profile.name, lambda p=profile: self._choose(p), detail=detail))
        d.h2(_("Add a new name") if self.profiles else _("Your name"))
        d.button(self.field, width_fraction=None)
        d.button(Button(_("Add and play as this name"), self._create, primary=not self.profiles),
                 width_fraction=None)
        d.add(TextItem(_("Use the same name each time to find your saves and endings again."), "small",
                       color="text_muted"))
        self.footer = [Button(_("Back"), self.app.pop)]

    def _choose(self, profile) -> None:
        self.app.use_profile(profile)
        self._done()

    def _field_pressed(self) -> None:
        # Enter in the field adds the name; a click on an empty field only puts the caret there.
        if self.field.text.strip():
            self._create()

    def _create(self) -> None:
        if not self.field.text.strip():
            self.problem = _("Type a name first, then press Enter.")
            self.focus.focus = self.focus.buttons.index(self.field)
            self.rebuild()
            return
        try:
            profile = self.app.progress.get_or_create_profile(self.field.text)
        except ProgressError as exc:
            self.problem = _("That name cannot be used: {problem}.").format(problem=exc)
            self.rebuild()
            return
        self._choose(profile)

    def _done(self) -> None:
        self.app.pop()
        if self.then is not None:
            self.then()

    def handle(self, intent: ix.Intent) -> None:
        k = intent.kind
        if self.wants_text and k in (ix.TEXT, ix.ERASE):
            changed = self.field.insert(intent.text) if k == ix.TEXT else self.field.erase()
            if changed:
                self.invalidate(static=True)  # the resting field is part of the cached layer
            return
        if k == ix.PICK and not self.wants_text and 1 <= intent.n <= len(self.profiles):
            self._choose(self.profiles[intent.n - 1])
            return
        if k in (ix.UP, ix.DOWN):
            # A list to pick from: arrows move between names (the page follows the focus).
            intent = ix.Intent(ix.FOCUS_PREV if k == ix.UP else ix.FOCUS_NEXT)
        super().handle(intent)
