"""The play screen: the client's portrait and posture, what they say, and the worker's choices.

Every story decision comes from the PlayState (options, cue, status, ending); this screen only
shows it and forwards the player's pick. F5 (or watching, in settings) reloads the scene file
for authors (game.ui.reloading); a refused reload opens its reasons over the running scene. The
right column scrolls as one piece when the text and choices are taller than the window (large
text on a small window), so nothing is cut off.
"""

from __future__ import annotations

import pygame

from game.play import CHOICE_MADE, READ_ON, REWOUND, PlayEvent
from game.story import CHOICE, ENDED, PITFALLS, TAG_LABELS, PlayError
from game.ui import input as ix
from game.ui.artwork import face_of, scene_faces
from game.ui.choice_column import ChoiceColumn
from game.ui.meters import meter_colors
from game.ui.screens.base import Screen
from game.ui.cards import draw_card, make_card
from game.ui.reloading import LiveReload
from game.ui.screens.common import draw_background
from game.ui.screens.log import LogScreen
from game.ui.screens.pause import PauseScreen
from game.ui.screens.reload_problems import ReloadProblemsScreen
from game.ui.widgets import Button, FocusGroup, ScrollView, flow, panel, shade

FADE_MS = 280  # portrait cross-fade when the expression changes (off with reduce motion)
FRAME_MS_MIN = 16  # a frame while something animates


class PlayScreen(ChoiceColumn, Screen):
    name = "play"

    def __init__(self, app, *, on_finished, on_leave, on_settings) -> None:
        """``on_finished()`` when the player moves on from the ending (the debrief);
        ``on_leave()`` when they leave the encounter from the pause menu; ``on_settings()``."""
        super().__init__(app)
        self.on_finished, self.on_leave, self.on_settings = on_finished, on_leave, on_settings
        self.focus = FocusGroup()
        self.scroll = ScrollView()
        self.coach = None  # (tag, feedback) of the choice just made, when coaching is on
        self.last_delta: dict[str, int] = {}  # meter changes of the last choice (live gauges)
        self.posture_changed = False
        self._shown_node = None  # (node id, history length) whose text is on screen
        self._reveal_start = 0
        self._reveal_chars = 0
        self._revealed = True
        self._expression = None
        self._posture = None
        self._fade_from = None  # (expression, start ms)
        self._now = 0
        self._heard_from = None  # the session this screen listens to while it is on the stack
        self.reloader = LiveReload(app)

    # --- state ---------------------------------------------------------------------------
    @property
    def session(self):
        return self.app.session

    @property
    def state(self):
        return self.app.session.state

    def buttons(self):
        return self.focus.buttons if self._revealed else self.focus.buttons[-2:]

    def enter(self) -> None:
        self._listen()
        self._sync()

    def reveal(self) -> None:
        self._listen()
        self._sync()

    def leave(self) -> None:
        if self._heard_from is not None:
            self._heard_from.forget(self.heard)
            self._heard_from = None

    def _listen(self) -> None:
        """Listen to the session on show (a restart puts a new one in its place)."""
        if self._heard_from is not self.session:
            self.leave()
            self.session.listen(self.heard)
            self._heard_from = self.session

    def heard(self, event: PlayEvent) -> None:
        """The play moved (a key here, a rewind from the log): show the moment it is at now."""
        if event.kind == CHOICE_MADE and event.step is not None and event.choice is not None:
            self.app.play_sound("choice")
            coaching = self.app.settings.coaching == "after-each-choice"
            self.coach = (event.choice.tag, event.choice.feedback) if coaching else None
            self.last_delta = {m: event.step.delta(m) for m in self.session.scenario.meters}
        elif event.kind == READ_ON:
            self.app.play_sound("advance")
            self.coach, self.last_delta = None, {}
        elif event.kind == REWOUND:
            self.coach, self.last_delta, self._shown_node = None, {}, None
        else:
            return
        self._sync()

    def _sync(self) -> None:
        """Pick up a new node: start the reveal, update the cue, chime at an ending."""
        # the status too: reading past a reaction can return to the same node with no new step
        key = (self.state.node_id, len(self.state.history), self.state.status)
        if key == self._shown_node:
            return
        self._shown_node = key
        self._now = self.app.clock()
        cue, face = self.state.cue(), face_of(self.state)
        if self._expression is not None and face != self._expression:
            if not self.app.settings.reduce_motion:
                self._fade_from = (self._expression, self._now)
        self.posture_changed = self._posture is not None and cue.posture != self._posture
        self._expression, self._posture = face, cue.posture
        if self.state.status == ENDED:
            self.app.play_sound("chime")
        self.scroll.offset = 0
        self.layout()
        cps = self.app.settings.chars_per_second
        self._revealed = cps is None or self._reveal_total() == 0
        self._reveal_start = self._now
        self._reveal_chars = 0 if not self._revealed else self._reveal_total()
        self.invalidate(static=True)

    def _reveal_total(self) -> int:
        return sum(b.chars for b in self._typed_blocks())

    def _typed_blocks(self):
        return [b for b in (self._narration, self._says) if b is not None]

    def _finish_reveal(self) -> None:
        self._revealed = True
        self._reveal_chars = self._reveal_total()
        self.invalidate(static=True)  # the full text and the choices join the cached layer

    # --- acting --------------------------------------------------------------------------
    # The session tells heard() what changed; these only send the player's intent.
    def choose(self, choice) -> None:
        try:
            self.session.choose(choice.id)
        except PlayError as exc:  # a scene that loops without a way out: say so, never freeze
            self._stuck(exc)

    def read_on(self) -> None:
        try:
            self.session.read_on()
        except PlayError as exc:
            self._stuck(exc)

    def _stuck(self, exc: Exception) -> None:
        self.session.notice = f"This scene cannot go on: {exc}. Go back a step, or choose another scene."
        self._shown_node = None
        self._sync()
        self.invalidate(static=True)

    def finish(self) -> None:
        self.session.finish()
        self.on_finished()

    def rewind_to(self, step_index: int) -> None:
        self.session.rewind(step_index)

    def restart_with(self, scenario) -> None:
        """Start afresh on another version of the scenario (an edit the play could not move onto)."""
        self.app.library.scenarios[scenario.id] = scenario
        if self.app.screen is not self:
            self.app.pop()  # the reload problems
        self._start_afresh(scenario)

    def restart(self) -> None:
        self._start_afresh(self.session.scenario)

    def _start_afresh(self, scenario) -> None:
        self.app.start_session(scenario)
        self._listen()
        self.coach, self.last_delta, self._shown_node = None, {}, None
        self._expression = self._posture = None
        self._sync()

    def leave_encounter(self) -> None:
        self.on_leave()  # the encounter stays open: Continue on the title returns to it

    # --- live reload (authors) -----------------------------------------------------------
    def reload(self) -> None:
        self._reloaded(self.reloader.reload())

    def poll_reload(self, now_ms: int) -> int | None:
        """Look at the watched scene file; return ms until the next look (None: not watching)."""
        result, wait = self.reloader.poll(now_ms)
        if result is not None:
            self._reloaded(result)
        return wait

    def _reloaded(self, result) -> None:
        on_top = self.app.screen
        if not result.ok:
            if isinstance(on_top, ReloadProblemsScreen):
                on_top.show(result)
            else:
                self.app.push(ReloadProblemsScreen(self.app, self, result))
            return
        if isinstance(on_top, ReloadProblemsScreen):
            self.app.pop()
        # Same node, new words: show them at once (the author has read this line already).
        cue = self.state.cue()
        self._expression, self._posture, self._fade_from = face_of(self.state), cue.posture, None
        self._shown_node = (self.state.node_id, len(self.state.history))
        self.layout()
        self._revealed = True
        self._reveal_chars = self._reveal_total()
        self.invalidate(static=True)

    def open_log(self) -> None:
        self.app.push(LogScreen(self.app, self.rewind_to))

    def pause(self) -> None:
        self.app.push(PauseScreen(self.app, self.restart, self.leave_encounter, self.on_settings))

    # --- layout --------------------------------------------------------------------------
    def layout(self) -> None:
        t, ui, pal = self.ui.theme, self.ui, self.ui.pal
        w, h = t.size
        m, gap = t.margin, t.gap
        st, sc = self.state, self.session.scenario
        node = st.node

        # Top bar: where we are, and the two always-available buttons.
        self.tools = [Button("Log", self.open_log, hint="L", role="small"),
                      Button("Menu", self.pause, hint="Esc", role="small")]
        tools_w = sum(b.natural_width(ui) for b in self.tools) + gap
        bar_h = flow(self.tools, ui, w - m - tools_w, t.px(20), tools_w)
        label = sc.title + (f" · {node.scene}" if node.scene else "")
        self.where = ui.block(label, "small", pal.on_background_muted, w - 2 * m - tools_w - gap, "bold")
        top = t.px(20) + max(bar_h, self.where.height) + gap

        # Left column: portrait, posture caption, optional live gauges.
        left_w = max(t.px(300), int(w * 0.34))
        self.live = self.app.settings.meters == "live"
        self.posture_block = ui.block(self._posture or st.cue().posture, "small",
                                      pal.on_background if self.posture_changed else pal.on_background_muted,
                                      left_w - 2 * t.px(14), "italic")
        caption_h = self.posture_block.height + 2 * t.px(10)
        self.gauge_labels = []
        if self.live:
            for name, color in meter_colors(pal, sc.meters):
                value, delta = st.meters[name], self.last_delta.get(name, 0)
                text = f"{name.capitalize()} {value}" + (f"  ({delta:+d})" if delta else "")
                self.gauge_labels.append((name, color, ui.block(text, "small", pal.on_background,
                                                                 left_w - 2 * t.px(12), "bold")))
        gauges_h = (t.px(6) + sum(b.height + t.px(2) + t.px(10) + t.px(12) for _, _, b in self.gauge_labels)
                    if self.live else 0)
        bottom = h - m
        self.caption_rect = pygame.Rect(m, bottom - caption_h - gauges_h - (gap if gauges_h else 0), left_w, caption_h)
        self.gauge_rect = pygame.Rect(m, bottom - gauges_h, left_w, gauges_h)
        portrait_h = self.caption_rect.y - gap - top
        side = min(left_w, portrait_h)
        self.portrait_rect = pygame.Rect(m + (left_w - side) // 2, top + (portrait_h - side), side, side)
        self.app.art.warm_portraits(sc.client.portrait, self.portrait_rect.size, t.high_contrast,
                                    scene_faces(sc, self._expression or face_of(st)))

        # Right column: the conversation panel and the choices, scrolling together.
        x = m + left_w + 2 * gap
        col_w = w - m - x - t.px(16)  # room for the scroll indicator
        pad = t.px(24)
        text_w = col_w - 2 * pad
        blocks = []  # (block, content y)
        y = pad
        # Notices (a save that failed, a reload, an updated scenario) head the panel until the
        # next move; then the coach note about the choice just made.
        card_lines = []
        notices = [n for n in (self.app.save_problem, self.session.notice) if n]
        if notices:
            card_lines.append(([(n, "small", pal.notice_text, "bold") for n in notices], pal.notice, pal.notice_text, 6))
        if self.coach:
            tag, feedback = self.coach
            pitfall = tag in PITFALLS
            head = ("Pitfall: " if pitfall else "Practice: ") + TAG_LABELS[tag]
            card_lines.append(([(head, "small", pal.poor if pitfall else pal.good, "bold"),
                                (feedback, "small", pal.coach_text, "regular")], pal.coach, pal.panel_border, 4))
        self.cards = []
        for lines, fill, border, spacing in card_lines:
            card = make_card(ui, pad, y, text_w, lines, fill, border, spacing)
            self.cards.append(card)
            blocks += card.blocks
            y += card.rect.height + gap
        last = st.history[-1] if st.history else None
        if last is not None and last.choice_id is not None:
            node_before = sc.nodes.get(last.node_id)
            prev = node_before.choice(last.choice_id) if node_before is not None else None
            if prev is not None:  # (a reloaded scene may have dropped it)
                you = ui.block("You: " + prev.text, "small", pal.text_muted, text_w)
                blocks.append((you, pad, y))
                y += you.height + gap
        self._narration = self._says = self._speaker = None
        moment = st.moment()  # the node's text, or the client's reaction while one shows
        narration = moment.narration
        if st.status == ENDED and not node.narration and not node.says:
            narration = "The meeting is over. Take a moment, then look back at how it went."
        if narration:
            self._narration = ui.block(narration, "body", pal.narration, text_w, "italic")
            blocks.append((self._narration, pad, y))
            y += self._narration.height + gap
        if moment.says:
            speaker = ui.block(moment.speaker or sc.client.name, "small", pal.accent if not t.high_contrast else pal.text,
                               text_w, "bold")
            self._speaker = speaker
            blocks.append((speaker, pad, y))
            y += speaker.height + t.px(4)
            self._says = ui.block(moment.says.strip(), "body", pal.text, text_w)
            blocks.append((self._says, pad, y))
            y += self._says.height + gap
        self.panel_h = y - gap + pad
        self.text_blocks = blocks

        # Choices (or the way on) below the panel.
        y = self.panel_h + gap
        if st.status == CHOICE:
            actions = [Button(c.text, lambda c=c: self.choose(c), hint=str(i + 1) if i < 9 else None)
                       for i, c in enumerate(st.available())]
        elif not st.is_over:  # any other status reads on (the core decides where to)
            actions = [Button("Continue", self.read_on, primary=True, hint="Space")]
        else:
            actions = [Button("See how it went", self.finish, primary=True)]
        y = self._measure_actions(actions, y, col_w)
        content_h = y - t.px(12)
        self._fit_column(pygame.Rect(x, top, col_w, bottom - top), content_h, actions,
                         "More below: scroll, or use the arrow keys")
        keep = self.focus.buttons and self.focus.focus < len(actions) and len(self.focus.buttons) == len(actions) + 2
        self.focus.set(actions + self.tools, keep_focus=keep)
        self._place_actions()

    # --- input ---------------------------------------------------------------------------
    def handle(self, intent: ix.Intent) -> None:
        k = intent.kind
        if k == ix.PAUSE:
            self.pause()
            return
        if k == ix.LOG:
            self.open_log()
            return
        if k == ix.RELOAD:
            self.reload()
            return
        tool_hit = k == ix.CLICK and any(b.rect.collidepoint(intent.pos) for b in self.tools)
        if not self._revealed and k in (ix.ACTIVATE, ix.PICK, ix.CLICK) and not tool_hit:
            self._finish_reveal()  # a key or click shows the whole line at once
            return
        if self._space_on_a_choice(intent, [b for b in self.focus.buttons if b not in self.tools]):
            return
        if k == ix.PICK:
            actions = self.focus.buttons[:-2]
            if self.state.status == CHOICE and 1 <= intent.n <= len(actions):
                actions[intent.n - 1].action()
            return
        if k == ix.SCROLL or k in (ix.PAGE_UP, ix.PAGE_DOWN):
            scrolled = self._scroll_column(intent)
            if not scrolled and k == ix.SCROLL and intent.amount > 0 and self.scroll.offset == 0:
                self.open_log()  # wheel up at the top reads back, as in most story games
            return
        if k in (ix.LEFT, ix.RIGHT):
            return  # choices are a vertical list; left/right stay free for future use
        if self._revealed or k in (ix.POINT, ix.PRESS, ix.CLICK):
            self._move_focus(intent)

    # --- animation -----------------------------------------------------------------------
    def update(self, now_ms: int) -> int | None:
        self._now = now_ms
        wait = self.poll_reload(now_ms)  # None unless watching: then a look every 500 ms
        if not self._revealed:
            cps = self.app.settings.chars_per_second
            if cps is None:  # text speed set to instant (in Settings over this screen) mid-reveal
                self._finish_reveal()
                return self.update(now_ms)
            shown = (now_ms - self._reveal_start) * cps // 1000
            if shown != self._reveal_chars:
                self._reveal_chars = shown
                self.invalidate()
            if shown >= self._reveal_total():
                self._finish_reveal()
            else:
                typing = max(FRAME_MS_MIN, 1000 // cps)
                wait = typing if wait is None else min(wait, typing)
        if self._fade_from is not None:
            if now_ms - self._fade_from[1] >= FADE_MS:
                self._fade_from = None
            else:
                wait = FRAME_MS_MIN if wait is None else min(wait, FRAME_MS_MIN)
            self.invalidate(static=True)  # the portrait lives in the cached layer
        return wait

    # --- drawing -------------------------------------------------------------------------
    def draw_static(self, surface: pygame.Surface) -> None:
        t, ui, pal = self.ui.theme, self.ui, self.ui.pal
        sc = self.session.scenario
        draw_background(surface, self.app, sc.setting)
        self.where.draw(surface, (t.margin, t.px(20) + (self.tools[0].rect.height - self.where.height) // 2))

        # Portrait with a cross-fade between expressions.
        frame = self.portrait_rect
        image = self.app.art.portrait(sc.client.portrait, self._expression, frame.size, t.high_contrast)
        if self._fade_from is not None:
            old = self.app.art.portrait(sc.client.portrait, self._fade_from[0], frame.size, t.high_contrast)
            surface.blit(old, frame)
            alpha = min(255, (self._now - self._fade_from[1]) * 255 // FADE_MS)
            image = image.copy()
            image.set_alpha(alpha)
        surface.blit(image, frame)
        if t.high_contrast:
            pygame.draw.rect(surface, pal.panel_border, frame, width=t.border)

        cap = self.caption_rect
        shade(surface, cap, (0, 0, 0, 150) if not t.high_contrast else (0, 0, 0, 255))
        if self.posture_changed:
            pygame.draw.rect(surface, pal.focus, (cap.x, cap.y, t.px(4), cap.height))
        self.posture_block.draw(surface, (cap.x + t.px(14), cap.y + t.px(10)), cap)
        if self.live:
            self._draw_gauges(surface)

        # Conversation panel and choices, clipped to the column.
        col = self.column
        surface.set_clip(col)
        panel(surface, ui, self._panel_rect())
        for card in self.cards:
            draw_card(surface, ui, card, col.x, self.scroll.to_screen(0))
        typed = self._typed_blocks() + [self._speaker]  # the name appears when its line starts
        for block, bx, by in self.text_blocks:
            if self._revealed or not any(block is b for b in typed):
                block.draw(surface, (col.x + bx, self.scroll.to_screen(by)), self._panel_rect())
        surface.set_clip(None)
        self.focus.draw_static(surface, ui, None if self._revealed else self.tools)
        self._draw_scroll_hints(surface)

    def _panel_rect(self) -> pygame.Rect:
        return pygame.Rect(self.column.x, self.scroll.to_screen(0), self.column.width, self.panel_h)

    def draw_live(self, surface: pygame.Surface) -> None:
        if not self._revealed:
            # The typewriter: prefixes of the already-rendered lines, over the cached panel.
            col, left = self.column, self._reveal_chars
            surface.set_clip(col)
            for block in self._typed_blocks():
                for b, bx, by in self.text_blocks:
                    if b is block and left > 0:
                        block.draw(surface, (col.x + bx, self.scroll.to_screen(by)), self._panel_rect(), reveal=left)
                    if b is self._speaker and block is self._says and left > 0:
                        b.draw(surface, (col.x + bx, self.scroll.to_screen(by)), self._panel_rect())
                left -= block.chars + 1
            surface.set_clip(None)
            self.focus.draw_live(surface, self.ui, show_focus=False, buttons=self.tools)
        else:
            self.focus.draw_live(surface, self.ui)

    def _draw_gauges(self, surface: pygame.Surface) -> None:
        t, pal = self.ui.theme, self.ui.pal
        rect = self.gauge_rect
        shade(surface, rect, (0, 0, 0, 150) if not t.high_contrast else (0, 0, 0, 255))
        y = rect.y + t.px(6)
        pad = t.px(12)
        for name, color, label in self.gauge_labels:
            meter = self.session.scenario.meters[name]
            value = self.state.meters[name]
            label.draw(surface, (rect.x + pad, y), rect)
            y += label.height + t.px(2)
            bar = pygame.Rect(rect.x + pad, y, rect.width - 2 * pad, t.px(10))
            pygame.draw.rect(surface, pal.on_background_muted, bar, width=1)
            span = max(1, meter.max - meter.min)
            fill = bar.inflate(-2, -2)
            fill.width = fill.width * (value - meter.min) // span
            pygame.draw.rect(surface, color, fill)
            y += bar.height + t.px(12)

