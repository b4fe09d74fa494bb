"""Shared screen furniture: the background, and a scrolling page of text and buttons.

Most screens are a heading, a paper panel of content that scrolls when it is taller than the
window, and a row of buttons at the bottom. ``PageScreen`` does that once: subclasses fill a
``Doc`` with headings, paragraphs, lists, buttons and custom drawings (the debrief's chart).
"""

from __future__ import annotations

from typing import Callable

import pygame

from game.i18n import _
from game.ui import input as ix
from game.ui.screens.base import Screen
from game.ui.widgets import Button, FocusGroup, ScrollView, UI, flow, panel


def draw_background(surface: pygame.Surface, app, setting: str | None = None, areas: list | None = None) -> None:
    """The room colour, or a scenario's backdrop under a tint so panels stay readable.
    ``areas``: only these rectangles (a partial repaint, where nothing opaque covers them)."""
    ui = app.ui
    if setting is None and ui.theme.high_contrast:
        for area in areas if areas is not None else [None]:
            surface.fill(ui.pal.background, area)
        return
    if setting is None:
        top = tuple(min(255, c + 22) for c in ui.pal.background)
        if areas is None:
            app.art.paint_gradient(surface, top, ui.pal.background)
            return
        room = app.art.gradient(surface.get_size(), top, ui.pal.background)
    else:
        room = app.art.backdrop(setting, surface.get_size(), ui.theme.high_contrast, ui.pal.backdrop_tint)
    if areas is None:
        surface.blit(room, (0, 0))
    else:
        for area in areas:
            surface.blit(room, area, area)


class Item:
    """One thing in a Doc: measured for a width, then drawn at a position."""

    def measure(self, ui: UI, width: int) -> int:
        raise NotImplementedError

    def draw(self, surface, ui: UI, rect: pygame.Rect) -> None:
        raise NotImplementedError


class TextItem(Item):
    def __init__(self, text: str, role: str = "body", style: str = "regular", color: str = "text",
                 indent: int = 0, bullet: str | None = None) -> None:
        self.text, self.role, self.style, self.color = text, role, style, color
        self.indent, self.bullet = indent, bullet

    def _block(self, ui: UI, width: int):
        t = ui.theme
        inset = t.px(self.indent) + (t.font_px(self.role) if self.bullet else 0)
        return ui.block(self.text, self.role, getattr(ui.pal, self.color), width - inset, self.style), inset

    def measure(self, ui, width):
        return self._block(ui, width)[0].height

    def draw(self, surface, ui, rect):
        block, inset = self._block(ui, rect.width)
        if self.bullet:
            mark = ui.block(self.bullet, self.role, ui.pal.accent if not ui.theme.high_contrast
                            else ui.pal.text, inset, "bold")
            mark.draw(surface, (rect.x + ui.theme.px(self.indent), rect.y), rect)
        block.draw(surface, (rect.x + inset, rect.y), rect)


class Gap(Item):
    def __init__(self, design_px: int) -> None:
        self.size = design_px

    def measure(self, ui, width):
        return ui.theme.px(self.size)

    def draw(self, surface, ui, rect):
        pass


class Rule(Item):
    def measure(self, ui, width):
        return ui.theme.px(17)

    def draw(self, surface, ui, rect):
        y = rect.centery
        pygame.draw.line(surface, ui.pal.panel_border, (rect.x, y), (rect.right, y), max(1, ui.theme.px(1)))


class ButtonItem(Item):
    """A button inside the scrolling content (part of the page's focus order)."""

    def __init__(self, button: Button, width_fraction: float | None = 1.0) -> None:
        self.button = button
        self.fraction = width_fraction  # None: as wide as its label needs

    def width(self, ui, available: int) -> int:
        if self.fraction is None:
            return min(available, self.button.natural_width(ui))
        return int(available * self.fraction)

    def measure(self, ui, width):
        return self.button.measure(ui, self.width(ui, width))

    def draw(self, surface, ui, rect):
        pass  # the page's focus group draws it, so focus and hover look the same everywhere


class CustomItem(Item):
    def __init__(self, measure: Callable[[UI, int], int], draw: Callable,
                 speech: Callable[[], list[str]] | None = None) -> None:
        self._measure, self._draw = measure, draw
        self.speech = speech  # what self-voicing says for the drawing (None: nothing)

    def measure(self, ui, width):
        return self._measure(ui, width)

    def draw(self, surface, ui, rect):
        self._draw(surface, ui, rect)


class Doc:
    def __init__(self) -> None:
        self.items: list[Item] = []

    def add(self, item: Item) -> Item:
        self.items.append(item)
        return item

    def h2(self, text: str) -> None:
        if self.items:
            self.add(Gap(14))
        self.add(TextItem(text, "h2", "bold"))
        self.add(Gap(6))

    def para(self, text: str, role: str = "body", style: str = "regular", color: str = "text") -> None:
        self.add(TextItem(text, role, style, color))
        self.add(Gap(8))

    def bullets(self, lines, role: str = "body") -> None:
        for line in lines:
            self.add(TextItem(line, role, bullet="•"))
            self.add(Gap(6))

    def button(self, button: Button, width_fraction: float | None = 1.0) -> Button:
        self.add(ButtonItem(button, width_fraction))
        self.add(Gap(10))
        return button


class PageScreen(Screen):
    """Heading, scrolling paper panel, button row. Subclasses implement ``build``."""

    title = ""
    subtitle = ""
    setting: str | None = None  # a scenario's backdrop behind the page (None: the calm gradient)
    backdrop = True  # False for an overlay page: the dimmed screen below shows around the panel
    fit_content = False  # shrink the panel (and pull the footer up) when the content is short
    max_width = 1040  # design px: long lines are hard to read
    default_focus = 0  # index among footer buttons
    focus_footer = True  # start with focus on the footer (else on the first content button)

    def __init__(self, app) -> None:
        super().__init__(app)
        self.scroll = ScrollView()
        self.focus = FocusGroup()
        self.doc = Doc()
        self.footer: list[Button] = []
        self._placed: list[tuple[Item, int, int]] = []  # (item, content y, height)
        self._built_focus = False

    # Subclasses fill self.doc and self.footer.
    def build(self) -> None:
        raise NotImplementedError

    def buttons(self):
        return self.focus.buttons

    def rebuild(self) -> None:
        """Rebuild content (after a change) keeping the scroll position and focus."""
        self.layout()
        self.invalidate()

    @classmethod
    def content_width(cls, theme) -> int:
        """Width of the scrolling content for this window (what Doc items are measured with)."""
        return min(theme.size[0] - 2 * theme.margin, theme.px(cls.max_width)) - 2 * theme.px(28)

    def layout(self) -> None:
        t = self.ui.theme
        w, h = t.size
        self.doc, self.footer = Doc(), []
        self.build()
        width = min(w - 2 * t.margin, t.px(self.max_width))
        x = (w - width) // 2
        top = t.margin
        # Titles are marked N_ where they are defined and translated here, as the page is laid out.
        self._heading = self.ui.block(_(self.title), "h1", self.ui.pal.on_background, width, "bold")
        top += self._heading.height
        self._sub = None
        if self.subtitle:
            self._sub = self.ui.block(_(self.subtitle), "body", self.ui.pal.on_background_muted, width)
            top += t.px(6) + self._sub.height
        self._heading_x = x
        # An overlay page (no backdrop of its own) sits on a dark card around heading and footer.
        self.dialog_rect = pygame.Rect(x, t.margin, width, h - 2 * t.margin).inflate(t.margin, t.margin)
        top += t.gap
        footer_h = flow(self.footer, self.ui, x, 0, width) if self.footer else 0
        bottom = h - t.margin
        for b in self.footer:
            b.rect.y += bottom - footer_h
        self.panel_rect = pygame.Rect(x, top, width, bottom - top - (footer_h + t.gap if footer_h else 0))
        pad = t.px(28)
        inner = self.panel_rect.inflate(-2 * pad, -2 * t.px(20))
        # Room for a focus ring around buttons at the edges of the scrolling content.
        self._ring = ring = t.focus_width + t.px(2) + 1
        y = ring
        self._placed = []
        content_buttons = []
        for item in self.doc.items:
            height = item.measure(self.ui, inner.width - (2 * ring if isinstance(item, ButtonItem) else 0))
            self._placed.append((item, y, height))
            if isinstance(item, ButtonItem):
                item.button.clip = inner
                content_buttons.append(item)
            y += height
        self.scroll.set(inner, y + ring)
        spare = inner.height - self.scroll.content_height
        if self.fit_content and spare > 0:
            inner.height -= spare  # in place: content buttons clip to this same rectangle
            self.panel_rect.height -= spare
            self.dialog_rect.height -= spare
            for b in self.footer:
                b.rect.y -= spare
            self.scroll.set(inner, self.scroll.content_height)
        buttons = [item.button for item in content_buttons] + self.footer
        first = not self._built_focus
        self.focus.set(buttons, keep_focus=not first)
        if first:
            on_footer = self.focus_footer and self.footer
            self.focus.focus = len(content_buttons) + self.default_focus if on_footer else 0
            self._built_focus = True
        self._place_content_buttons()

    def _place_content_buttons(self) -> None:
        inner = self.scroll.viewport
        for item, y, height in self._placed:
            if isinstance(item, ButtonItem):
                b = item.button
                width = item.width(self.ui, inner.width - 2 * self._ring)
                b.rect = pygame.Rect(inner.x + self._ring, self.scroll.to_screen(y), width, height)

    def _reveal_focus(self) -> None:
        b = self.focus.focused
        if b is None or b.clip is None:
            return
        for item, y, height in self._placed:
            if isinstance(item, ButtonItem) and item.button is b:
                if self.scroll.reveal(y, y + height, self.ui.theme.px(12)):
                    self._scrolled()

    def _scrolled(self) -> None:
        self._place_content_buttons()
        self.invalidate(static=True)

    def on_back(self) -> None:
        self.app.pop()

    def handle(self, intent: ix.Intent) -> None:
        k = intent.kind
        if k in (ix.PAUSE, ix.BACK):
            self.on_back()
            self.invalidate()
            return
        if k in (ix.UP, ix.DOWN) and self.scroll.max_offset:
            step = self.ui.theme.px(60) * (1 if k == ix.DOWN else -1)
            if self.scroll.scroll(step):
                self._scrolled()
            return
        if k == ix.UP:
            k = ix.FOCUS_PREV
        if k == ix.DOWN:
            k = ix.FOCUS_NEXT
        if self.scroll.handle(intent, self.ui):
            self._scrolled()
            return
        if self.focus.handle(ix.Intent(k, intent.n, intent.pos, intent.amount, intent.size)):
            if k in (ix.FOCUS_NEXT, ix.FOCUS_PREV, ix.LEFT, ix.RIGHT):
                self._reveal_focus()
            self.invalidate()

    def speech(self) -> list[str]:
        """The heading, then the page's text from the section at the top of the view (the whole
        page from its top): scrolling on by a section reads on from there."""
        items = self.doc.items
        start = 0
        if self.scroll.offset > 0:
            near_top = self.scroll.offset + self.scroll.viewport.height // 4
            for i, (item, y, _height) in enumerate(self._placed):
                if y > near_top:
                    break
                if isinstance(item, TextItem) and item.role == "h2":
                    start = i
        lines = [self._heading.text, self._sub.text if self._sub else ""] if start == 0 else []
        for item in items[start:]:
            if isinstance(item, TextItem):
                lines.append(item.text)
            elif isinstance(item, CustomItem) and item.speech is not None:
                lines += item.speech()
        return lines

    def draw_static(self, surface: pygame.Surface) -> None:
        t, ui = self.ui.theme, self.ui
        if self.backdrop:
            draw_background(surface, self.app, self.setting)
        else:
            panel(surface, ui, self.dialog_rect, fill=ui.pal.background)
        self._heading.draw(surface, (self._heading_x, t.margin))
        if self._sub:
            self._sub.draw(surface, (self._heading_x, t.margin + self._heading.height + t.px(6)))
        panel(surface, ui, self.panel_rect)
        inner = self.scroll.viewport
        surface.set_clip(inner)
        for item, y, height in self._placed:
            sy = self.scroll.to_screen(y)
            if sy + height < inner.y or sy > inner.bottom or isinstance(item, ButtonItem):
                continue
            item.draw(surface, ui, pygame.Rect(inner.x, sy, inner.width, height))
        surface.set_clip(None)
        self.focus.draw_static(surface, ui)
        self.scroll.draw_bar(surface, ui)

    def draw_live(self, surface: pygame.Surface) -> None:
        self.focus.draw_live(surface, self.ui)
