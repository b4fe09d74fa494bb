"""Soft interface sounds at the player's volume; silent, never failing, without an audio device.

The mixer starts after the first frame (it can take a moment to open a device), and any
failure there simply leaves the game quiet.
"""

from __future__ import annotations

import pygame

from game.ui.art.assets import UI_SOUNDS, sound_path


class Sounds:
    def __init__(self, volume: int) -> None:
        self.volume = volume  # percent
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self.available = False
        self.played: list[str] = []  # names asked for, in order (what a player would hear)

    def start(self) -> None:
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init()
            self._sounds = {name: pygame.mixer.Sound(sound_path(name)) for name in UI_SOUNDS}
            self.available = True
        except (pygame.error, OSError):
            self._sounds, self.available = {}, False  # no audio device: play on in silence

    def play(self, name: str) -> None:
        self.played.append(name)
        del self.played[:-20]
        sound = self._sounds.get(name)
        if sound is not None and self.volume > 0:
            sound.set_volume(self.volume / 100)
            sound.play()
