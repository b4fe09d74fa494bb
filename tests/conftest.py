"""Shared test setup: headless SDL for any test that touches pygame, and the shipped scenes."""

import os

# Before any pygame import: tests never open a real window or audio device.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# The interface speaks the system's language by default: tests read English whatever the machine's
# locale, and a test that switches language (tests/test_i18n.py, the layout tests) switches back.
os.environ["LANGUAGE"] = "en"

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _english_after_each_test():
    yield
    from game import i18n

    if i18n.current_language() != "en":
        i18n.set_language("en")
