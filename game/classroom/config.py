"""The facilitator's own settings: projector text size and contrast, phone voting, its port.

Kept apart from the student's settings (a projector needs far larger text than a laptop, and
an instructor's classroom choices should not change a student's game on a shared machine).
They live as ``classroom.json`` beside settings.json. The file is hand-editable, so every value
is checked on load: a bad one falls back to its default with a notice naming the file, line
and what was expected, and the file as it was is kept beside it (classroom.json.bad) before
any change could write over it. No pygame here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from game.i18n import _

from game.settings_file import keep_copy, parse_settings_json, read_settings_file, save_settings_json

FILE_NAME = "classroom.json"

# Text scale on the projector, relative to the design size: "large" matches the student's large,
# the others go past the student's largest.
PROJECTOR_TEXT = {"large": 1.2, "larger": 1.45, "largest": 1.7}
PORT_RANGE = (1024, 65535)
ROOM_SIZE_RANGE = (1, 2000)
# What the menu offers when the usual port is taken: a few that are rarely in use.
PORT_CHOICES = (8765, 8766, 8767, 8080, 8800, 9000)


@dataclass(frozen=True)
class ClassroomSettings:
    text_size: str = "large"
    high_contrast: bool = False
    phones: bool = True           # students vote from phones (the vote server runs while voting is on)
    port: int = 8765
    show_keys: bool = True        # the key legend along the bottom of the facilitator screen
    live_bars: bool = False       # show the vote bars while a vote is open (default: only once it closes)
    room_size: int = 60           # phones the room holds (seats, with room for rejoins); M raises it live

    @property
    def text_scale(self) -> float:
        return PROJECTOR_TEXT[self.text_size]


def _expected(key: str, value) -> str | None:
    if key == "text_size":
        if isinstance(value, str) and value in PROJECTOR_TEXT:
            return None
        return _("one of {choices}").format(choices=", ".join(PROJECTOR_TEXT))
    if key == "port":
        low, high = PORT_RANGE
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return None if ok else _("a port number from {low} to {high}").format(low=low, high=high)
    if key == "room_size":
        low, high = ROOM_SIZE_RANGE
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return None if ok else _("a number of phones from {low} to {high}").format(low=low, high=high)
    return None if isinstance(value, bool) else _("true or false")


def parse_classroom(text: str, name: str = FILE_NAME) -> tuple[ClassroomSettings, list[str]]:
    """Validate the file's text; return usable settings and one notice per problem."""
    return parse_settings_json(text, name, ClassroomSettings, _expected,
                               fallback=_("using the default classroom settings"), noun=_("classroom setting"))


class ClassroomStore:
    """Loads and saves classroom.json in one folder (the player's config folder)."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / FILE_NAME

    def load(self) -> tuple[ClassroomSettings, list[str]]:
        text, problem = read_settings_file(self.path)
        if text is None:
            return ClassroomSettings(), [problem] if problem else []
        settings, notices = (ClassroomSettings(), [problem]) if problem else parse_classroom(text, self.path.name)
        if notices:
            kept = keep_copy(self.path)
            if kept:
                notices.append(f"the file as it was is kept as {kept.name}")
        return settings, notices

    def save(self, settings: ClassroomSettings) -> str | None:
        """Write atomically; return a one-line problem or None."""
        return save_settings_json(self.path, settings, _("classroom settings"))


def next_text_size(settings: ClassroomSettings, step: int = 1) -> ClassroomSettings:
    sizes = list(PROJECTOR_TEXT)
    return replace(settings, text_size=sizes[(sizes.index(settings.text_size) + step) % len(sizes)])


def next_port(port: int, step: int = 1) -> int:
    """The next port the menu offers after ``port`` (wrapping round the short list)."""
    choices = list(PORT_CHOICES)
    if port not in choices:
        return choices[0] if step > 0 else choices[-1]
    return choices[(choices.index(port) + step) % len(choices)]
