"""The window's icon: two speech bubbles turned to each other, in the calm palette's colours.

Drawn at start (a few hundred pixels, well under a millisecond) and set before the window
opens, so the taskbar shows Rapport rather than pygame's default icon (which SDL would
otherwise read from pygame's package data while the window opens).
"""

from __future__ import annotations

import pygame

ROOM = (31, 42, 51)  # the calm palette's background (game.ui.theme.CALM), here without the theme's import
TEAL = (46, 120, 116)  # its accent: the worker
PAPER = (246, 241, 232)  # its panels: the client
SIZE = 32


def window_icon() -> pygame.Surface:
    """A 32x32 icon (window managers scale it): a dark tile, a teal bubble and a paper one."""
    icon = pygame.Surface((SIZE, SIZE), pygame.SRCALPHA)
    pygame.draw.rect(icon, ROOM, icon.get_rect(), border_radius=7)
    # the worker's bubble, upper left, its tail down to the left
    pygame.draw.ellipse(icon, TEAL, pygame.Rect(3, 4, 19, 14))
    pygame.draw.polygon(icon, TEAL, [(7, 15), (12, 16), (5, 21)])
    # the client's bubble, lower right, its tail down to the right
    pygame.draw.ellipse(icon, PAPER, pygame.Rect(11, 13, 18, 13))
    pygame.draw.polygon(icon, PAPER, [(21, 23), (25, 23), (27, 29)])
    return icon
