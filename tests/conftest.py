"""Shared test setup: headless SDL for any test that touches pygame, and the shipped scenes."""

import os

# Before any pygame import: tests never open a real window or audio device.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
