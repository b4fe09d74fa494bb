"""The story core, the session layer, the class run and the terminal player never import pygame."""

import subprocess
import sys


def test_story_core_and_terminal_do_not_import_pygame():
    code = (
        "import sys; import game.story, game.story.schema, game.terminal.player, game.commands.play, "
        "game.commands.validate, game.play, game.classroom.run, game.classroom.export; "
        "bad = [m for m in sys.modules if m == 'pygame' or m.startswith('pygame.')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
