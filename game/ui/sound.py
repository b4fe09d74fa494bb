"""Soft interface sounds at the player's volume; silent, never failing, without an audio device.

An open audio device costs CPU even in silence (SDL keeps mixing), so the mixer opens when a
sound plays and closes again after a few quiet seconds: an idle window stays idle. If no
device can be opened, the game stays quiet and does not try again.
"""

from __future__ import annotations

import contextlib
import os
import sys

import pygame

from game.ui.art.assets import UI_SOUNDS, sound_path

CLOSE_AFTER_MS = 4000


class Sounds:
    def __init__(self, volume: int) -> None:
        self.volume = volume  # percent
        self.enabled = False  # set by start(), once the first frame is on screen
        self.failed = False  # no audio device (or no sound files): stay quiet
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self._last_play = 0
        self.played: list[str] = []  # names asked for, in order (what a player would hear)

    @property
    def is_open(self) -> bool:
        return bool(self._sounds)

    def start(self) -> None:
        self.enabled = True

    def _open(self) -> bool:
        try:
            if not pygame.mixer.get_init():
                with _quiet_stderr():  # audio libraries print their own complaints there
                    pygame.mixer.init()
            pygame.mixer.set_reserved(1)  # channel 0 is self-voicing's (game.ui.speech)
            self._sounds = {name: pygame.mixer.Sound(sound_path(name)) for name in UI_SOUNDS}
        except (pygame.error, OSError):
            self._sounds, self.failed = {}, True
            if pygame.mixer.get_init():
                pygame.mixer.quit()
        return not self.failed

    def play(self, name: str, now_ms: int = 0) -> None:
        self.played.append(name)
        del self.played[:-20]
        if not self.enabled or self.failed or self.volume <= 0:
            return
        if not self.is_open and not self._open():
            return
        sound = self._sounds[name]
        sound.set_volume(self.volume / 100)
        sound.play()
        self._last_play = now_ms

    def voice_channel(self):
        """The mixer channel self-voicing speaks on (game.ui.speech), opening the device for it;
        None without a device. Speech is heard at full level whatever the effects' volume."""
        if self.failed or (not self.is_open and not self._open()):
            return None
        return pygame.mixer.Channel(0)

    def tick(self, now_ms: int) -> int | None:
        """Close the device after a quiet spell; return ms until that is due, or None."""
        if not self.is_open:
            return None
        if pygame.mixer.Channel(0).get_busy():
            self._last_play = now_ms  # a line is being spoken: quiet starts when it ends
        left = self._last_play + CLOSE_AFTER_MS - now_ms
        if left <= 0:
            self._sounds = {}
            pygame.mixer.quit()
            return None
        return left


@contextlib.contextmanager
def _quiet_stderr():
    """Hide what C libraries (ALSA...) write to stderr while a device opens; a failure still
    reaches us as pygame.error, and the game simply stays quiet."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        yield  # no real stderr (a GUI launcher, a test capture): nothing to hide
        return
    sys.stderr.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)
