"""Self-voicing on the facilitator's screen (issue 16 §2): the conversation as the class sees it,
the choice in focus, the discussion prompt when it opens (see tests/ui/test_speech.py)."""

import pygame

from tests.classroom.test_facilitator import begin
from tests.ui.test_speech import SHIFT, Ears


def test_the_facilitator_screen_reads_the_conversation_then_the_choice_in_focus(class_app):
    pilot, _ctx = class_app()
    ears = Ears(pilot)
    pilot.press(pygame.K_v, mod=SHIFT)
    ears.new()
    screen = begin(pilot)
    spoken = ears.new()
    assert "I nearly left. I've been here an hour." in spoken
    assert spoken[-1].startswith(screen.choice_buttons[0].label)
    pilot.press(pygame.K_DOWN)
    assert ears.new()[-1].startswith(screen.choice_buttons[1].label)
    pilot.press(pygame.K_n)  # the discussion prompt, read when it opens
    assert any("What does Sam need from the first ten seconds?" in line for line in ears.new())
