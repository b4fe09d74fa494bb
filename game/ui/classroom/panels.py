"""The left column of the facilitator screen: the client, or the way to join a vote.

Each panel is laid out once for a rectangle (``__init__``) and then only drawn, like the
other cached parts of a screen."""

from __future__ import annotations

import pygame

from game.i18n import _
from game.ui.artwork import face_of, scene_faces
from game.classroom.qr import qr_matrix
from game.ui.classroom.drawing import draw_gauges, gauge_rows, gauges_height, qr_surface
from game.ui.widgets import UI, panel, shade


# The figure's width for its height: game.ui.art.portraits' DESIGN_W / DESIGN_H (not imported
# here: drawing portraits loads only when the first one is drawn).
PORTRAIT_ASPECT = 0.8
# The share of the portrait's height, from its top, that holds the head: a caption laid over the
# portrait starts no higher (the figures' chins are at about 46 %).
FACE_CLEAR = 0.5


class ClientPanel:
    """The client's portrait and posture; under them, when revealed, the scene's meters."""

    @staticmethod
    def height_for(width: int) -> int:
        """The tallest portrait a column this wide holds, the figure keeping its proportions."""
        return int(width / PORTRAIT_ASPECT)

    def __init__(self, ui: UI, rect: pygame.Rect, art, scenario, state, deltas: dict | None) -> None:
        t, pal = ui.theme, ui.pal
        self.ui, self.art, self.scenario, self.state = ui, art, scenario, state
        inner_w = rect.width - 2 * t.px(14)
        self.posture = ui.block(state.cue().posture, "small", pal.on_background, inner_w, "italic")
        caption_h = self.posture.height + 2 * t.px(10)
        self.gauges = gauge_rows(ui, inner_w, state.meters, scenario.meters, deltas) if deltas is not None else []
        gauges_h = gauges_height(ui, self.gauges) if self.gauges else 0
        self.gauge_rect = pygame.Rect(rect.x, rect.bottom - gauges_h, rect.width, gauges_h)
        # The portrait takes the height the caption (under it) and the gauges leave, in the
        # figure's own proportions, as wide as the column allows; when that would leave a small
        # figure (a long caption), the caption goes over the portrait's lower half instead, never over the face:
        # the portrait as tall as it can be with the caption's top at or under its middle.
        room_bottom = self.gauge_rect.y - (t.gap if gauges_h else 0)
        room = room_bottom - rect.y
        tall = min(self.height_for(rect.width), room - t.gap - caption_h)
        over = max(t.px(60), min(self.height_for(rect.width), room, int((room - caption_h) / FACE_CLEAR)))
        cap_y = room_bottom - caption_h
        if tall >= max(t.px(200), rect.width * 0.6, over * 0.8):  # portrait, then the caption under it
            top = cap_y - t.gap - tall
        else:                                          # the caption over the portrait's lower half
            tall = over
            # Standing on the gauges when the caption covers no more than the lower half; else
            # raised so that its face stays above the caption (its feet go under the caption).
            top = room_bottom - tall if caption_h <= (1 - FACE_CLEAR) * tall else cap_y - int(FACE_CLEAR * tall)
        self.caption_rect = pygame.Rect(rect.x, cap_y, rect.width, caption_h)
        wide = min(rect.width, round(tall * PORTRAIT_ASPECT))
        self.portrait_rect = pygame.Rect(rect.x + (rect.width - wide) // 2, top, wide, tall)
        art.warm_portraits(scenario.client.portrait, self.portrait_rect.size, t.high_contrast,
                           scene_faces(scenario, face_of(state)))

    def draw(self, surface: pygame.Surface) -> None:
        ui = self.ui
        t, pal = ui.theme, ui.pal
        frame = self.portrait_rect
        surface.blit(self.art.portrait(self.scenario.client.portrait, face_of(self.state), frame.size,
                                       t.high_contrast), frame)
        if t.high_contrast:
            pygame.draw.rect(surface, pal.panel_border, frame, width=t.border)
        cap = self.caption_rect
        shade(surface, cap, (0, 0, 0, 255 if t.high_contrast else 150))
        self.posture.draw(surface, (cap.x + t.px(14), cap.y + t.px(10)), cap)
        if self.gauges:
            draw_gauges(surface, ui, self.gauge_rect, self.gauges)


# The QR code's side is never under this share of the window's height, so that it scans from
# the room: on a classroom screen 1.5 m tall it is 36 cm, which the usual 10:1 rule of thumb for
# QR codes (reading distance about ten times the code's side) reads from 3.6 m; the large typed
# address and room code serve the back rows. The full join panel's code is larger still.
QR_MIN_SHARE = 0.24


class JoinPanel:
    """Scan to vote: the QR code as large as the column allows, then the address and the room
    code for anyone typing it in. Always dark on white, whatever the theme: phones' cameras
    read that best."""

    @staticmethod
    def min_qr_side(ui: UI) -> int:
        return round(ui.theme.size[1] * QR_MIN_SHARE)

    @staticmethod
    def narrower_widths(ui: UI, join_url: str, side: int) -> list[int]:
        """Narrower join columns, widest first, for when long choices need the room beside the
        panel: each holds the QR code one pixel per module smaller than the last, down to the
        smallest that still scans, and the address's host and port on one line."""
        t = ui.theme
        n = len(qr_matrix(join_url))
        host = join_url.split("?", 1)[0].rstrip("/").partition("://")[2]
        typed = ui.block(host, "small", ui.pal.text, 1 << 20, "bold").width + 2
        least = -(-JoinPanel.min_qr_side(ui) // n)  # modules of at least this many pixels
        return [max(n * module, typed) + 2 * t.px(16) for module in range(side // n - 1, least - 1, -1)]

    def __init__(self, ui: UI, rect: pygame.Rect, join_url: str, room_code: str) -> None:
        t, pal = ui.theme, ui.pal
        self.ui = ui
        pad = t.px(16)
        inner_w = rect.width - 2 * pad
        address = join_url.split("?", 1)[0].rstrip("/")
        self.heading = ui.block(_("Scan to vote"), "h2", pal.text, inner_w, "bold")
        # The address is typed from it: whole on one line (the smaller size in a narrow column, at
        # the last "http://" on the line before the rest), never broken in the middle of its numbers.
        scheme, _sep, rest = address.partition("://")
        for role, text, whole in (("body", address, address), ("small", address, address),
                                  ("small", f"{scheme}://\n{rest}", rest)):
            self.address = ui.block(_("or open {address}").format(address=text), role, pal.text, inner_w, "bold")
            if any(whole in line for _line, line in self.address.lines):
                break
        self.label = ui.block(_("room code"), "small", pal.text_muted, inner_w)
        self.code = ui.block(room_code, "h1", pal.text, inner_w, "bold")
        # The room code beside its label, or under it in a narrow column (never broken in two).
        beside = self.label.width + t.gap + self.code.width <= inner_w
        code_h = max(self.label.height, self.code.height) if beside else self.label.height + self.code.height
        text_h = self.heading.height + self.address.height + t.px(6) + code_h
        side = min(inner_w, rect.height - 2 * pad - text_h - 2 * t.gap)
        self.qr = qr_surface(join_url, max(t.px(120), side))
        height = 2 * pad + text_h + 2 * t.gap + self.qr.get_height()
        self.rect = pygame.Rect(rect.x, rect.y, rect.width, min(rect.height, height))
        y = rect.y + pad
        self.heading_pos = (rect.x + pad, y)
        y += self.heading.height + t.gap
        self.qr_rect = self.qr.get_rect(centerx=self.rect.centerx, y=y)
        y = self.qr_rect.bottom + t.gap
        self.address_pos = (rect.x + pad, y)
        y += self.address.height + t.px(6)
        if beside:
            self.code_pos = (rect.x + pad + self.label.width + t.gap, y)
            self.label_pos = (rect.x + pad, y + code_h - self.label.height)
        else:
            self.label_pos = (rect.x + pad, y)
            self.code_pos = (rect.x + pad, y + self.label.height)

    def draw(self, surface: pygame.Surface) -> None:
        t = self.ui.theme
        panel(surface, self.ui, self.rect, fill=(255, 255, 255) if not t.high_contrast else None)
        self.heading.draw(surface, self.heading_pos, self.rect)
        surface.blit(self.qr, self.qr_rect)
        self.address.draw(surface, self.address_pos, self.rect)
        self.label.draw(surface, self.label_pos, self.rect)
        self.code.draw(surface, self.code_pos, self.rect)
