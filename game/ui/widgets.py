"""Small widgets: panels, buttons, a focus group for keyboard/controller/mouse, a scroll view.

Widgets know sizes and pixels only; screens decide what they mean.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable

import pygame

from game.ui import input as ix
from game.ui.text import TextCache
from game.ui.theme import Theme


class UI:
    """What every drawing call needs: the theme for this window and the text cache."""

    def __init__(self, theme: Theme, text: TextCache) -> None:
        self.theme = theme
        self.text = text

    @property
    def pal(self):
        return self.theme.palette

    def block(self, text: str, role: str, color, width: int, style: str = "regular"):
        return self.text.block(self.theme, text, role, color, width, style)


# Translucent surfaces (panels' shadows, captions), made once: allocating one per frame was most
# of a redraw's cost. Least recently used go past _VEILS_BYTES: a shadow is keyed by its width only
# (see panel), so the few in use stay, and one left by a window size or a panel long gone goes.
_VEILS: OrderedDict = OrderedDict()  # (size, rgba, radius) -> surface
_VEILS_BYTES = 4 * 1024 * 1024
_veils_held = 0


def _veil(size: tuple[int, int], rgba: tuple, radius: int = 0) -> pygame.Surface:
    """A translucent rectangle (rounded by ``radius``), cached."""
    global _veils_held
    key = (tuple(size), tuple(rgba), radius)
    veil = _VEILS.get(key)
    if veil is not None:
        _VEILS.move_to_end(key)
        return veil
    veil = pygame.Surface(size, pygame.SRCALPHA)
    if radius:
        pygame.draw.rect(veil, rgba, veil.get_rect(), border_radius=radius)
    else:
        veil.fill(rgba)
    _VEILS[key] = veil
    size_bytes = 4 * veil.get_width() * veil.get_height()
    _veils_held += size_bytes
    # Room for four veils this size at least: at 4K one (the projector's gauges) is 4 MB.
    while _veils_held > max(_VEILS_BYTES, 4 * size_bytes) and len(_VEILS) > 1:
        _, old = _VEILS.popitem(last=False)
        _veils_held -= 4 * old.get_width() * old.get_height()
    return veil


def panel(surface: pygame.Surface, ui: UI, rect: pygame.Rect, fill=None, border=None,
          shadow: bool = True) -> None:
    """A rounded reading surface with a soft shadow (none in high contrast)."""
    t, pal = ui.theme, ui.pal
    if shadow and pal.shadow[3]:
        drop, r = t.px(4), t.radius
        if rect.height > 2 * r + drop:
            # The panel (opaque, drawn next) hides the shadow's middle rows: blend only the
            # bands that show, its rounded top corners and the strip below. Those rows are the
            # same in any rounded rectangle of this width and radius taller than 2r + drop, so
            # one short veil per width serves every height (a panel that grows with the
            # conversation made a new full-size veil, about 1 MB, at each move).
            veil = _veil((rect.width, 2 * r + drop + 1), pal.shadow, r)
            top, tail = max(0, r - drop), r + drop
            if top:
                surface.blit(veil, (rect.x, rect.y + drop), (0, 0, rect.width, top))
            surface.blit(veil, (rect.x, rect.bottom - r), (0, veil.get_height() - tail, rect.width, tail))
        else:
            surface.blit(_veil(rect.size, pal.shadow, r), rect.move(0, drop))
    pygame.draw.rect(surface, fill or pal.panel, rect, border_radius=t.radius)
    pygame.draw.rect(surface, border or pal.panel_border, rect, width=t.border, border_radius=t.radius)


def shade(surface: pygame.Surface, rect: pygame.Rect, rgba: tuple) -> None:
    """Darken a rectangle with a translucent colour (captions over pictures)."""
    surface.blit(_veil(rect.size, rgba), rect)


def focus_ring(surface: pygame.Surface, ui: UI, rect: pygame.Rect) -> None:
    t = ui.theme
    grow = t.focus_width + t.px(2)
    pygame.draw.rect(surface, ui.pal.focus, rect.inflate(grow * 2, grow * 2), width=t.focus_width,
                     border_radius=t.radius + grow if t.radius else 0)


class Button:
    """A button whose label wraps to its width; its height follows from the text."""

    def __init__(self, label: str, action: Callable[[], None], *, hint: str | None = None,
                 primary: bool = False, detail: str | None = None, role: str = "label",
                 value: str | None = None) -> None:
        self.label = label
        self.value = value  # shown at the right in bold (a setting's current value)
        self.action = action
        self.hint = hint  # a key shown at the left ("1"), the key itself is mapped elsewhere
        self.primary = primary
        self.detail = detail  # an optional second, muted line
        self.role = role
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.clip: pygame.Rect | None = None  # set when the button sits in a scroll view
        self.paint_clip: pygame.Rect | None = None  # drawing area, if wider than clip (focus ring)
        self.compact = False  # tighter padding, where room is short (long choices, small window)
        self._blocks = None

    def _colors(self, ui: UI, hovered: bool):
        pal = ui.pal
        if self.primary:
            return pal.accent, pal.accent_text
        return (pal.button_hover if hovered else pal.button), pal.button_text

    def _hint_width(self, ui: UI) -> int:
        """Room for the key badge plus the gap after it (0 without a hint)."""
        if not self.hint:
            return 0
        t = ui.theme
        text = ui.block(self.hint, self.role, ui.pal.button_text, 10**5, "bold")
        return max(t.font_px(self.role), text.width + t.px(12)) + t.px(12)

    def measure(self, ui: UI, width: int) -> int:
        """Lay out the label for this width and return the height the button needs."""
        t = ui.theme
        pad = t.px(8 if self.compact else 14)
        hint_w = self._hint_width(ui)
        text_w = width - 2 * pad - hint_w
        _, fg = self._colors(ui, False)
        value = None
        if self.value:
            value = ui.block(self.value, self.role, ui.pal.accent if not t.high_contrast else fg,
                             max(1, text_w // 2), "bold")
            text_w -= value.width + t.gap
        self._value_block = value
        label = ui.block(self.label, self.role, fg, text_w, "bold" if self.primary else "regular")
        detail = ui.block(self.detail, "small", ui.pal.text_muted if not self.primary else fg,
                          text_w) if self.detail else None
        hint = ui.block(self.hint, self.role, fg, 10**5, "bold") if self.hint else None
        self._blocks = (label, detail, hint, pad, hint_w)
        height = label.height + (detail.height + t.px(4) if detail else 0)
        if self.compact:
            return max(height + 2 * t.px(3), t.px(36))
        return max(height + 2 * t.px(11), t.px(44))

    def natural_width(self, ui: UI) -> int:
        """The width that fits the label on one line (for rows of buttons)."""
        t = ui.theme
        _, fg = self._colors(ui, False)
        label = ui.block(self.label, self.role, fg, 10**5, "bold" if self.primary else "regular")
        value = ui.block(self.value, self.role, fg, 10**5, "bold").width + t.gap if self.value else 0
        return label.width + value + self._hint_width(ui) + 2 * t.px(14) + 2

    def place(self, ui: UI, x: int, y: int, width: int) -> int:
        height = self.measure(ui, width)
        self.rect = pygame.Rect(x, y, width, height)
        return height

    def draw(self, surface: pygame.Surface, ui: UI, focused: bool, hovered: bool) -> None:
        t, pal = ui.theme, ui.pal
        fill, fg = self._colors(ui, hovered or focused)
        if self.primary and (hovered or focused) and not t.high_contrast:
            fill = tuple(min(255, c + 18) for c in fill)
        border = pal.focus if focused and t.high_contrast else pal.panel_border
        label, detail, hint, pad, hint_w = self._blocks
        inner = self.rect.inflate(-2 * pad, 0)
        total = label.height + (detail.height + t.px(4) if detail else 0)
        y = self.rect.y + (self.rect.height - total) // 2
        x = inner.x + hint_w
        badge = badge_fill = None
        if hint:
            line = label.font.get_linesize()
            badge = pygame.Rect(inner.x, y, hint_w - t.px(12), min(line, self.rect.height - 2 * t.px(4)))
            if self.primary:
                badge_fill = tuple(int(c * 0.75) for c in fill)
            else:
                badge_fill = pal.button if t.high_contrast else pal.panel_border
        _draw_chrome(surface, self.rect, (tuple(fill), tuple(border), t.border, t.radius,
                                          badge and tuple(badge.move(-self.rect.x, -self.rect.y)),
                                          badge_fill and tuple(badge_fill), t.px(6) if t.radius else 0,
                                          tuple(pal.text) if t.high_contrast else None))
        if hint:
            hint.draw(surface, (badge.x + (badge.width - hint.width) // 2,
                                badge.y + (badge.height - hint.height) // 2), self.rect)
        label.draw(surface, (x, y), self.rect)
        if self._value_block:
            self._value_block.draw(surface, (inner.right - self._value_block.width, y), self.rect)
        if detail:
            detail.draw(surface, (x, y + label.height + t.px(4)), self.rect)
        if focused:
            focus_ring(surface, ui, self.rect)


_CHROMES: dict = {}  # (size, look, pixel depth) -> a button's frame, drawn once (see _draw_chrome)
_CHROMES_BYTES = 4 * 1024 * 1024  # their pixels at most (a screen's buttons are far less, even at 4K)
_chrome_bytes = 0


def _paint_chrome(surface: pygame.Surface, rect: pygame.Rect, look: tuple) -> None:
    fill, border, border_w, radius, badge, badge_fill, badge_radius, outline = look
    pygame.draw.rect(surface, fill, rect, border_radius=radius)
    pygame.draw.rect(surface, border, rect, width=border_w, border_radius=radius)
    if badge is not None:
        badge = pygame.Rect(badge).move(rect.topleft)
        pygame.draw.rect(surface, badge_fill, badge, border_radius=badge_radius)
        if outline is not None:
            pygame.draw.rect(surface, outline, badge, width=1)


def _draw_chrome(surface: pygame.Surface, rect: pygame.Rect, look: tuple) -> None:
    """A button's frame (its rounded fill, border and key badge), the same pixels as drawing them
    there: kept as a picture whose corners are a colour key, run-length encoded, so a button costs
    one blit instead of three rounded rectangles (most of a choice's cost in the frame after a
    move). Buttons come in few sizes (a choice one, two or three lines high)."""
    if rect.width <= 0 or rect.height <= 0:
        return
    if surface.get_flags() & pygame.SRCALPHA or surface.get_bitsize() != 32:
        _paint_chrome(surface, rect, look)  # a colour key means one thing only on an opaque picture
        return
    key = (rect.size, look, surface.get_bitsize())
    chrome = _CHROMES.get(key)
    if chrome is None:
        global _chrome_bytes
        size = 4 * rect.width * rect.height
        if _chrome_bytes + size > _CHROMES_BYTES:
            _CHROMES.clear()  # sizes and themes change rarely: start afresh rather than track use
            _chrome_bytes = 0
        _chrome_bytes += size
        colors = {c for c in (look[0], look[1], look[5], look[7]) if c is not None}
        clear = next(c for c in ((255, 0, 255), (0, 255, 1), (1, 2, 253), (254, 1, 3)) if c not in colors)
        chrome = pygame.Surface(rect.size, 0, surface)
        chrome.fill(clear)
        _paint_chrome(chrome, chrome.get_rect(), look)
        chrome.set_colorkey(clear, pygame.RLEACCEL)
        _CHROMES[key] = chrome
    surface.blit(chrome, rect)


class FocusGroup:
    """Buttons that share one focus: arrows/Tab move it, Enter presses it, the mouse hovers it.

    Hover moves focus too, so there is only ever one highlighted button and keyboard focus is
    never lost when the player switches between mouse and keys.
    """

    def __init__(self, buttons: list[Button] | None = None, focus: int = 0) -> None:
        self.buttons = buttons or []
        self.focus = min(focus, max(0, len(self.buttons) - 1))
        self.hovered: int | None = None
        self.pressed: int | None = None

    def set(self, buttons: list[Button], keep_focus: bool = True) -> None:
        self.buttons = buttons
        if not keep_focus or self.focus >= len(buttons):
            self.focus = 0
        self.hovered = None

    @property
    def focused(self) -> Button | None:
        return self.buttons[self.focus] if self.buttons else None

    def at(self, pos) -> int | None:
        for i, b in enumerate(self.buttons):
            if b.rect.collidepoint(pos) and (b.clip is None or b.clip.collidepoint(pos)):
                return i
        return None

    def handle(self, intent: ix.Intent) -> bool:
        """React to an intent; return True when something changed (redraw needed)."""
        if not self.buttons:
            return False
        k = intent.kind
        if k in (ix.DOWN, ix.FOCUS_NEXT, ix.RIGHT) or k in (ix.UP, ix.FOCUS_PREV, ix.LEFT):
            step = 1 if k in (ix.DOWN, ix.FOCUS_NEXT, ix.RIGHT) else -1
            self.focus = (self.focus + step) % len(self.buttons)
            return True
        if k == ix.ACTIVATE:
            self.buttons[self.focus].action()
            return True
        if k in (ix.POINT, ix.PRESS, ix.CLICK):
            i = self.at(intent.pos)
            changed = i != self.hovered
            self.hovered = i
            if i is not None and i != self.focus:
                self.focus, changed = i, True
            if k == ix.PRESS:
                self.pressed = i
            elif k == ix.CLICK:
                hit = i is not None and self.pressed in (None, i)
                self.pressed = None
                if hit:
                    self.buttons[i].action()
                    return True
            return changed
        return False

    def draw_static(self, surface: pygame.Surface, ui: UI, buttons=None) -> None:
        """Every button at rest (for the cached layer), inside the surface's clip as it was."""
        outer = surface.get_clip()
        for b in self.buttons if buttons is None else buttons:
            if not outer.colliderect(b.rect):
                continue  # outside what is being repainted (the look at rest stays in its rect)
            clip = b.paint_clip or b.clip
            surface.set_clip(outer.clip(clip) if clip else outer)
            b.draw(surface, ui, focused=False, hovered=False)
        surface.set_clip(outer)

    def draw_live(self, surface: pygame.Surface, ui: UI, show_focus: bool = True, buttons=None) -> None:
        """Only the focused and hovered buttons, over their resting look."""
        outer = surface.get_clip()
        for i, b in enumerate(self.buttons):
            if buttons is not None and b not in buttons:
                continue
            focused, hovered = show_focus and i == self.focus, i == self.hovered
            if focused or hovered:
                clip = b.paint_clip or b.clip
                surface.set_clip(outer.clip(clip) if clip else outer)
                b.draw(surface, ui, focused=focused, hovered=hovered)
        surface.set_clip(outer)


def flow(buttons: list[Button], ui: UI, x: int, y: int, width: int, align: str = "right") -> int:
    """Place buttons in rows left to right, wrapping when a row is full; return the height."""
    gap = ui.theme.gap
    rows: list[list[tuple[Button, int]]] = [[]]
    used = 0
    for b in buttons:
        w = min(width, b.natural_width(ui))
        if rows[-1] and used + gap + w > width:
            rows.append([])
            used = 0
        used += (gap if rows[-1] else 0) + w
        rows[-1].append((b, w))
    top = y
    for row in rows:
        row_w = sum(w for _, w in row) + gap * (len(row) - 1)
        cx = x + (width - row_w if align == "right" else (width - row_w) // 2 if align == "center" else 0)
        heights = [b.measure(ui, w) for b, w in row]
        h = max(heights, default=0)
        for b, w in row:
            b.measure(ui, w)
            b.rect = pygame.Rect(cx, y, w, h)
            cx += w + gap
        y += h + gap
    return max(0, y - top - gap)


class ScrollView:
    """A vertical viewport over taller content; content positions are relative to its top."""

    def __init__(self) -> None:
        self.viewport = pygame.Rect(0, 0, 0, 0)
        self.content_height = 0
        self.offset = 0

    def set(self, viewport: pygame.Rect, content_height: int) -> None:
        self.viewport = viewport
        self.content_height = content_height
        self.offset = self.clamp(self.offset)

    @property
    def max_offset(self) -> int:
        return max(0, self.content_height - self.viewport.height)

    def clamp(self, offset: int) -> int:
        return max(0, min(self.max_offset, offset))

    def scroll(self, pixels: int) -> bool:
        new = self.clamp(self.offset + pixels)
        changed, self.offset = new != self.offset, new
        return changed

    def to_screen(self, y: int) -> int:
        return self.viewport.y + y - self.offset

    def reveal(self, top: int, bottom: int, margin: int = 0) -> bool:
        """Scroll just enough that content rows top..bottom are visible."""
        if top - margin < self.offset:
            return self.scroll(top - margin - self.offset)
        if bottom + margin > self.offset + self.viewport.height:
            return self.scroll(bottom + margin - self.offset - self.viewport.height)
        return False

    def handle(self, intent: ix.Intent, ui: UI) -> bool:
        step = ui.theme.px(60)
        if intent.kind == ix.SCROLL and (intent.pos is None or self.viewport.collidepoint(intent.pos)):
            return self.scroll(-intent.amount * step)
        if intent.kind == ix.PAGE_UP:
            return self.scroll(-max(step, self.viewport.height - step))
        if intent.kind == ix.PAGE_DOWN:
            return self.scroll(max(step, self.viewport.height - step))
        return False

    def draw_bar(self, surface: pygame.Surface, ui: UI, color=None) -> None:
        """A thin scroll indicator at the right edge, only when there is more to see."""
        if not self.max_offset:
            return
        t = ui.theme
        v = self.viewport
        # Just right of the viewport, in the panel's padding, so it never covers text.
        track = pygame.Rect(v.right + t.px(10), v.y, t.px(6), v.height)
        size = max(t.px(30), v.height * v.height // self.content_height)
        y = v.y + (v.height - size) * self.offset // self.max_offset
        color = color or ui.pal.text_muted
        pygame.draw.rect(surface, color, (track.x, y, track.width, size), border_radius=track.width // 2)


def solid_parts(rect: pygame.Rect, radius: int) -> list:
    """The parts of a filled rounded rectangle that are surely painted (its corners are not)."""
    r = max(0, min(radius, rect.width // 2, rect.height // 2))
    if not r:
        return [rect]
    return [rect.inflate(0, -2 * r), rect.inflate(-2 * r, 0)]


def subtract_rects(areas: list, holes: list) -> list:
    """``areas`` without ``holes`` (rectangles), as rectangles."""
    for hole in holes:
        out = []
        for a in areas:
            cut = a.clip(hole)
            if not cut.width or not cut.height:
                out.append(a)
                continue
            if cut.y > a.y:
                out.append(pygame.Rect(a.x, a.y, a.width, cut.y - a.y))
            if cut.bottom < a.bottom:
                out.append(pygame.Rect(a.x, cut.bottom, a.width, a.bottom - cut.bottom))
            if cut.x > a.x:
                out.append(pygame.Rect(a.x, cut.y, cut.x - a.x, cut.height))
            if cut.right < a.right:
                out.append(pygame.Rect(cut.right, cut.y, a.right - cut.right, cut.height))
        areas = out
    return areas


def merged(rects: list) -> list:
    """``rects`` without those another one contains (a fade's frames repeat one rectangle)."""
    out: list = []
    for r in sorted(rects, key=lambda r: -r.width * r.height):
        if not any(o.contains(r) for o in out):
            out.append(r)
    return out
