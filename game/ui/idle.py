"""Waiting for input without burning a laptop's battery.

``pygame.event.wait`` polls every millisecond inside SDL (about 2.5 % of a core doing nothing).
Instead, on X11 we block in ``select`` on the X connection itself, so an idle window wakes only
when the X server sends something; elsewhere (Wayland, Windows, macOS) we sleep and poll at a
gentle rate. Either way a key press is seen within one frame.
"""

from __future__ import annotations

import select
import time

import pygame

ACTIVE_POLL = 1 / 60  # s: just after input, and whenever a controller is plugged in
QUIET_POLL = 1 / 30  # s: idle for a while without an X connection to block on
QUIET_AFTER = 2.0  # s without events before polling slows down
X11_SAFETY = 0.5  # s: even when blocking on X, look at SDL's other event sources this often


def x11_connection_fd() -> int | None:
    """The file descriptor of SDL's X connection, or None when not on X11 (or not reachable)."""
    try:
        if pygame.display.get_driver() != "x11":
            return None
        import ctypes
        import ctypes.util

        capsule = pygame.display.get_wm_info().get("display")
        if capsule is None:
            return None
        get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
        get_pointer.restype = ctypes.c_void_p
        get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
        display = get_pointer(capsule, b"display")
        try:  # the usual name first: find_library runs ldconfig (tens of ms)
            libx11 = ctypes.CDLL("libX11.so.6")
        except OSError:
            libx11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        libx11.XConnectionNumber.argtypes = [ctypes.c_void_p]
        libx11.XConnectionNumber.restype = ctypes.c_int
        fd = libx11.XConnectionNumber(display)
        return fd if fd >= 0 else None
    except Exception:  # any surprise here only costs a little CPU: fall back to polling
        return None


class Waiter:
    def __init__(self) -> None:
        self.fd = x11_connection_fd()
        self.last_event = time.monotonic()

    def refresh(self) -> None:
        """The window was re-created (fullscreen toggle): find the connection again."""
        self.fd = x11_connection_fd()

    def _controllers(self) -> bool:
        return pygame.joystick.get_init() and pygame.joystick.get_count() > 0

    def wait(self, timeout_ms: int | None) -> list:
        """Events that arrived, waiting at most ``timeout_ms`` (None: as long as it takes)."""
        deadline = None if timeout_ms is None else time.monotonic() + timeout_ms / 1000
        while True:
            events = pygame.event.get()
            now = time.monotonic()
            if events:
                self.last_event = now
                return events
            if deadline is not None and now >= deadline:
                return []
            blocking = self.fd is not None and not self._controllers()
            if blocking:
                step = X11_SAFETY  # select returns as soon as X has something for us
            elif self._controllers() or now - self.last_event < QUIET_AFTER:
                step = ACTIVE_POLL
            else:
                step = QUIET_POLL
            if deadline is not None:
                step = min(step, deadline - now)
            if blocking:
                select.select([self.fd], [], [], step)
            else:
                time.sleep(step)
