"""The session layer: one attempt at an encounter, whatever front end plays it.

``PlaySession`` sequences the story core's rules and tells listeners (``PlayEvent``) what
happened; ``Autosave`` and ``EndingsFound`` are the listeners every front end hangs on it.
Pure Python: imports the story core and progress storage, never pygame or the window.
"""

from .listeners import Autosave, EndingsFound, EndingsRecord, SessionEndings, endings_for, problem_line
from .scripted import ScriptError, pick, play_scripted
from .session import (ASSESSED, CHOICE_MADE, ENDING_REACHED, EVENTS, FINISHED, MODE_LINES, MODES, NO_REWIND, PRACTICE,
                      READ_ON, RELOADED, RESUMED, REWOUND, STARTED, Listener, PlayEvent, PlaySession, check_mode)

__all__ = [name for name in dir() if not name.startswith("_")]
