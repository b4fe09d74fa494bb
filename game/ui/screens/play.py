"""The play screen: the client's portrait and posture, what they say, and the worker's choices.

Every story decision comes from the PlayState (options, cue, status, ending); this screen only
shows it and forwards the player's pick. F5 (or watching, in settings) reloads the scene file
for authors (game.ui.reloading); a refused reload opens its reasons over the running scene. The
right column scrolls as one piece when the text and choices are taller than the window (large
text on a small window), so nothing is cut off.
"""

from __future__ import annotations

import pygame

from game.i18n import _
from game.words import meter_name
from game.play import CHOICE_MADE, READ_ON, REWOUND, PlayEvent
from game.story import CHOICE, ENDED, PITFALLS, TAG_LABELS, PlayError
from game.story.model import CONNECTION
from game.ui import input as ix
from game.ui import text as text_module
from game.ui.artwork import face_of, scene_faces
from game.ui.choice_column import ACTION_GAP, ChoiceColumn
from game.ui.meters import meter_colors
from game.ui.screens.base import Screen, _layer
from game.ui.cards import draw_card, make_card, note_color, note_label
from game.ui.reloading import LiveReload
from game.ui.screens.common import draw_background
from game.ui.screens.log import LogScreen
from game.ui.screens.pause import PauseScreen
from game.ui.screens.play_ahead import NextMoments
from game.ui.screens.reload_problems import ReloadProblemsScreen
from game.ui.speech import describe, response_line, sentence
from game.ui.widgets import Button, FocusGroup, ScrollView, flow, merged, panel, shade, solid_parts, subtract_rects

FADE_MS = 280  # portrait cross-fade when the expression changes (off with reduce motion)
FRAME_MS_MIN = 16  # a frame while something animates


class PlayScreen(ChoiceColumn, Screen):
    name = "play"

    def __init__(self, app, *, on_finished, on_leave, on_settings, continued: bool = False) -> None:
        """``on_finished()`` when the player moves on from the ending (the debrief);
        ``on_leave()`` when they leave the encounter from the pause menu; ``on_settings()``.
        ``continued``: the encounter is picked up where it was left, so the moment shows as it
        was (the coach's note on the last choice, the line already typed out)."""
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
        self._faded = None  # the faces (from, to) of the last cross-fade
        self._fade_shown: int | None = None  # the new face's opacity in the last fade frame drawn
        self._now = 0
        self._heard_from = None  # the session this screen listens to while it is on the stack
        self.reloader = LiveReload(app)
        self._continued = continued
        self._portrait_only = False  # the next frame only moves the portrait fade
        self._updated: list | None = None  # what the last frame repainted, when not everything
        self._painted: dict | None = None  # what the cached layer shows, part by part (_signature)
        self._drawn_frame = -1  # the window frame this screen drew last
        self._live_rects: list = []  # where that frame's live layer drew
        self._behind: list | None = None  # regions the window shows newer than the layer (catch_up)
        self._skip: object = None  # a button left out of a repaint (drawn live over it at once)
        self._bare: list | None = None  # a partial repaint: where the room must be drawn
        self._pause_ahead: tuple | None = None  # (pause menu, window frame) painted ahead (work_ahead)
        self._window_changed: list | None = None  # where this screen's frames changed the window since (None: all)
        self._view_state = None  # a copy of the state the screen lays out instead, while predicting (play_ahead)
        self.next = NextMoments(self)  # the next moments, painted ahead at rest

    # --- state ---------------------------------------------------------------------------
    @property
    def session(self):
        return self.app.session

    @property
    def state(self):
        return self.app.session.state if self._view_state is None else self._view_state

    def buttons(self):
        return self.focus.buttons if self._revealed else self.focus.buttons[-2:]

    def enter(self) -> None:
        self._listen()
        if self._continued:
            self._continued = False
            self._as_it_was()
            return
        self._sync()

    @property
    def _coaching(self) -> bool:
        """Coach notes during play: the setting allows them and the attempt is not assessed."""
        return self.app.settings.coaching == "after-each-choice" and self.session.coaching

    def _as_it_was(self) -> None:
        """The moment the player left: the note on their last choice (it stays until they read
        on, as in play) and the text in full."""
        st = self.state
        last = st.history[-1] if st.history else None
        self.coach, self.last_delta = None, {}
        if last is not None and last.choice_id is not None:
            node = self.session.scenario.nodes.get(last.node_id)
            choice = node.choice(last.choice_id) if node is not None else None
            if choice is not None and self._coaching:
                self.coach = (choice.tag, choice.feedback)
            self.last_delta = {m: last.delta(m) for m in self.session.scenario.meters}
        self._expression = None
        self._sync()
        self._finish_reveal()

    def reveal(self) -> None:
        self._listen()
        self._sync()

    def leave(self) -> None:
        self._drop_pause_ahead()
        self.next.release()
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
            self.coach, self.last_delta = self._after(event.step, event.choice)
        elif event.kind == READ_ON:
            self.app.play_sound("advance")
            self.coach, self.last_delta = self._after(event.step, None)
        elif event.kind == REWOUND:
            self.coach, self.last_delta, self._shown_node = None, {}, None
        else:
            return
        self._sync()

    def _after(self, step, choice) -> tuple:
        """The coach note and the meter changes a move leaves on show (none after reading on)."""
        if choice is None:
            return None, {}
        coach = (choice.tag, choice.feedback) if self._coaching else None
        return coach, {m: step.delta(m) for m in self.session.scenario.meters}

    def _sync(self) -> None:
        """Pick up a new node: start the reveal, update the cue, chime at an ending."""
        # the status too: reading past a reaction can return to the same node with no new step
        key = (self.state.node_id, len(self.state.history), self.state.status)
        if key == self._shown_node:
            return
        self._shown_node = key
        self._now = self.app.clock()
        self._take_moment()
        if self.state.status == ENDED:
            self.app.play_sound("chime")
        self.scroll.offset = 0
        if not self.next.adopt():  # the moment painted ahead, when it is exactly this one (play_ahead)
            self._lay_out()
        self._warm()
        if self._fade_from is not None:
            self._faded, self._fade_shown = (self._fade_from[0], self._expression), None
            self._fade_area()  # worked out now, with the change, not in a frame of the fade
        self._show_newest()
        self._start_reveal()
        self.invalidate(static=True)

    def _take_moment(self) -> None:
        """The face (a fade from the last one) and the posture line of the moment in the state."""
        cue, face = self.state.cue(), face_of(self.state)
        if self._expression is not None and face != self._expression:
            if not self.app.settings.reduce_motion:
                self._fade_from = (self._expression, self._now)
        self.posture_changed = self._posture is not None and cue.posture != self._posture
        self._expression, self._posture = face, cue.posture

    def _start_reveal(self) -> None:
        cps = self.app.settings.chars_per_second
        self._revealed = cps is None or self._reveal_total() == 0
        self._reveal_start = self._now
        self._reveal_chars = 0 if not self._revealed else self._reveal_total()

    def newest_rows(self) -> tuple[int, int] | None:
        """The content rows of the client's newest words, with the speaker's name over them (or
        of the narration, when nobody speaks)."""
        rows = {id(b): (y, y + b.height) for b, _x, y in self.text_blocks}
        says = rows.get(id(self._says)) if self._says is not None else None
        if says is not None:
            speaker = rows.get(id(self._speaker)) if self._speaker is not None else None
            return (speaker[0] if speaker else says[0]), says[1]
        return rows.get(id(self._narration)) if self._narration is not None else None

    def _show_newest(self) -> None:
        """When the panel is taller than its pane (large text, a small window, a coach note), a new
        moment opens scrolled so the client's newest words are in view; what came before (the
        note, your line) is a scroll up, as the hint over the choices says."""
        rows = self.newest_rows()
        if rows is None:
            return
        top, bottom = rows
        pad = self.ui.theme.px(24)
        self.scroll.offset = self.scroll.clamp(min(top, bottom + pad - self.scroll.viewport.height))

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
        self.session.notice = _("This scene cannot go on: {problem}. Go back a step, or choose another scene.").format(
            problem=exc)
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
        self.app.start_session(scenario, self.session.mode)
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
        self._expression, self._posture, self._fade_from, self._faded = face_of(self.state), cue.posture, None, None
        self._shown_node = (self.state.node_id, len(self.state.history), self.state.status)
        self.layout()
        self._revealed = True
        self._reveal_chars = self._reveal_total()
        self.invalidate(static=True)

    def open_log(self) -> None:
        self.app.push(LogScreen(self.app, self.rewind_to if self.session.can_rewind else None))

    def pause(self) -> None:
        menu, ahead = None, self._pause_ahead
        self._pause_ahead = None
        if ahead is not None:
            if self._still_shown(ahead[1]) and ahead[0]._static.get_size() == self.app.window.get_size():
                menu = ahead[0]  # painted over the window as it still shows: its first frame is a copy
            else:
                ahead[0].release()  # its layer serves the menu made now
        if menu is None:
            menu = self._pause_menu()
        self.app.push(menu)
        if ahead is not None and menu is ahead[0]:
            menu.keep_layer()

    def _pause_menu(self) -> PauseScreen:
        return PauseScreen(self.app, self.restart, self.leave_encounter, self.on_settings)

    # The pause menu is one key away at any moment of play, and its look is known: the play
    # screen as the window shows it, veiled, with the menu over it. Once the screen is at rest
    # after a change (the line shown whole, no fade, the layer caught up), one turn of the loop
    # paints the menu's layer ahead, so that the menu's first frame is one copy of it. One
    # window-sized layer, repainted in place at each change (the one the menu would take when it
    # opens); none while another screen covers this one.
    def _still_shown(self, frame: int) -> bool:
        """The window shows this screen's frame ``frame`` still, and nothing waits to be drawn."""
        app = self.app
        return frame == app.frames == self._drawn_frame and app.painter is self and not app.dirty and app.screen is self

    def ahead(self) -> bool:
        app = self.app
        return (self._revealed and self._fade_from is None and not self._static_dirty and self._static is not None
                and self._behind is None and self._still_shown(app.frames)
                and (self.next.pending() is not ... or self._pause_ahead is None or self._pause_ahead[1] != app.frames))

    def work_ahead(self) -> None:
        """One piece per turn at rest: the next moments (play_ahead), then the menu."""
        if self.next.pending() is not ...:
            self.next.work()
            return
        window = self.app.window
        menu = self._pause_ahead[0] if self._pause_ahead is not None else self._pause_menu()
        layer, changed = menu._static, self._window_changed
        if layer is None or layer.get_size() != window.get_size():
            layer, changed = _layer(window.get_size(), window), None
        # The same menu, repainted in place until it is opened: where the window changed since.
        menu.paint_ahead(layer, merged(changed) if changed is not None and self._pause_ahead is not None else None)
        self._pause_ahead, self._window_changed = (menu, self.app.frames), []

    def _drop_pause_ahead(self) -> None:
        if self._pause_ahead is not None:
            self._pause_ahead[0]._static = None  # let go (covered or left: no layer kept for it)
            self._pause_ahead = None

    # --- layout --------------------------------------------------------------------------
    def layout(self) -> None:
        self.next.drop()  # laid out from outside (a resize, settings, a screen over it left): start afresh
        self._lay_out()
        self._warm()

    def _warm(self) -> None:
        """Ask for the faces the next moments may show, drawn in the background."""
        sc, t = self.session.scenario, self.ui.theme
        self.app.art.warm_portraits(sc.client.portrait, self.portrait_rect.size, t.high_contrast,
                                    scene_faces(sc, self._expression or face_of(self.state)))

    def _set_focus(self, actions: list) -> None:
        keep = self.focus.buttons and self.focus.focus < len(actions) and len(self.focus.buttons) == len(actions) + 2
        self.focus.set(actions + self.tools, keep_focus=keep)

    def _lay_out(self) -> None:
        t, ui, pal = self.ui.theme, self.ui, self.ui.pal
        w, h = t.size
        m, gap = t.margin, t.gap
        st, sc = self.state, self.session.scenario
        node = st.node

        # Top bar: where we are, and the two always-available buttons.
        self.tools = [Button(_("Log"), self.open_log, hint="L", role="small"),
                      Button(_("Menu"), self.pause, hint="Esc", role="small")]
        tools_w = sum(b.natural_width(ui) for b in self.tools) + gap
        bar_h = flow(self.tools, ui, w - m - tools_w, t.px(20), tools_w)
        label = sc.title + (f" · {node.scene}" if node.scene else "")
        self.where = ui.block(label, "small", pal.on_background_muted, w - 2 * m - tools_w - gap, "bold")
        top = t.px(20) + max(bar_h, self.where.height) + gap

        # Left column: portrait, posture caption, optional live gauges.
        left_w = max(t.px(300), int(w * 0.34))
        self.live = self.app.settings.meters == "live"
        bottom = h - m
        self._layout_left(left_w, top, bottom)

        # Right column: the choices at its foot, always in full view; the conversation panel
        # takes the room above them and scrolls on its own when the text is taller.
        x = m + left_w + 2 * gap
        col_w = w - m - x - t.px(16)  # room for the scroll indicator
        column = pygame.Rect(x, top, col_w, bottom - top)
        if st.status == CHOICE:
            actions = [Button(c.text, lambda c=c: self.choose(c), hint=str(i + 1) if i < 9 else None)
                       for i, c in enumerate(st.available())]
        elif not st.is_over:  # any other status reads on (the core decides where to)
            # TRANSLATORS: the Space key's name on a key badge
            actions = [Button(_("Continue"), self.read_on, primary=True, hint=_("Space"))]
        else:
            actions = [Button(_("See how it went"), self.finish, primary=True)]
        # Condense the choices before they could ever leave the window, step by step, until the
        # conversation keeps about two fifths of the column (three lines at least): a smaller
        # label; a narrower portrait column (wider choices wrap into fewer lines); tighter
        # buttons, closer to the window's foot; then a narrower portrait column still, as long
        # as the client keeps a picture beside the long choices.
        min_pane = max(3 * t.font_px("body") + 2 * t.px(24), int(column.height * 0.4))
        actions_h = self._stack_actions(actions, col_w, "label")
        for step in ("small", "wider", "compact", "narrowest"):
            if column.height - actions_h >= min_pane:
                break
            if step in ("wider", "narrowest"):
                narrow = max(t.px(200), int(w * 0.22)) if step == "wider" else max(t.px(130), int(w * 0.13))
                col_w = self._widen_column(column, narrow)
            if step == "compact":
                column.height += m - gap  # the choices reach nearer the window's foot
            actions_h = self._stack_actions(actions, col_w, "small", compact=step in ("compact", "narrowest"))
        self.column = column
        # Never over the conversation, never out of the window: when even the tightest choices
        # leave the conversation less than a line (the largest text with dyslexia spacing and
        # five long choices at 1024x600), it keeps what is left and scrolls (opened at the
        # client's newest line); the choices stay whole in view.
        actions_y = max(column.bottom - actions_h, column.y)
        self.actions_rect = pygame.Rect(column.x, actions_y, col_w, actions_h)
        pane = pygame.Rect(column.x, column.y, col_w, max(0, self.actions_rect.y - gap - column.y))
        self._layout_conversation(pane.width)
        self.more = None
        if self.panel_h > pane.height:
            more = ui.block(_("More of the conversation: scroll it, or Page Up/Down"),
                            "small", pal.on_background_muted, col_w)
            # The hint only where the pane keeps two lines of the conversation besides; a pane
            # shorter than that shows the words and keeps its scroll bar.
            two_lines = 2 * round(ui.text.fonts.get("regular", t.font_px("body")).get_linesize() * t.line_spacing)
            if pane.height - more.height - t.px(6) >= two_lines + 2 * t.px(24):
                self.more = more
                pane.height -= more.height + t.px(6)
        self.pane = pane
        self.scroll.set(pane, self.panel_h)
        self._set_focus(actions)
        self.actions = actions
        self._place_actions()

    def _stack_actions(self, actions: list, width: int, role: str, compact: bool = False) -> int:
        """Measure the buttons in ``role`` stacked at ``width`` (``compact``: tighter padding and
        gaps); return their total height."""
        gap = self.ui.theme.px(ACTION_GAP // 3 if compact else ACTION_GAP)
        self.action_pos = []
        y = 0
        for b in actions:
            b.role = role
            b.compact = compact
            b.clip = b.paint_clip = None
            bh = b.measure(self.ui, width)
            self.action_pos.append((b, y, bh))
            y += bh + gap
        return max(0, y - gap)

    def _widen_column(self, column: pygame.Rect, narrow: int) -> int:
        """Narrow the portrait column towards ``narrow`` and widen ``column`` by as much; return
        the column's width. Only as far as the posture caption and the gauges, wrapped at that
        width, still leave the client a picture (not a thumbnail) below the top bar; a few
        widths are tried."""
        t = self.ui.theme
        was = self.caption_rect.width
        wider = column.right - (t.margin + narrow + 2 * t.gap)
        if wider <= column.width:
            return column.width
        for k in range(4):  # the narrowest first, then halfway back, ...
            left_w = narrow + (was - narrow) * k // 4
            self._layout_left(left_w, self._left_top, self._left_bottom)
            if self.caption_rect.y - t.gap - self._left_top >= t.px(100):
                shift = was - left_w
                column.x -= shift
                column.width += shift
                return column.width
        self._layout_left(was, self._left_top, self._left_bottom)  # nothing narrower fits
        return column.width

    def _layout_left(self, left_w: int, top: int, bottom: int) -> None:
        """The portrait, the posture caption and the live gauges in a column ``left_w`` wide."""
        t, ui, pal = self.ui.theme, self.ui, self.ui.pal
        st, sc = self.state, self.session.scenario
        m, gap = t.margin, t.gap
        self._left_top, self._left_bottom = top, bottom
        self.posture_block = ui.block(self._posture or st.cue().posture, "small",
                                      pal.on_background if self.posture_changed else pal.on_background_muted,
                                      left_w - 2 * t.px(14), "italic")
        caption_h = self.posture_block.height + 2 * t.px(10)
        self.gauge_labels = []
        if self.live:
            for name, color in meter_colors(pal, sc.meters):
                value, delta = st.meters[name], self.last_delta.get(name, 0)
                text = f"{meter_name(name).capitalize()} {value}" + (f"  ({delta:+d})" if delta else "")
                self.gauge_labels.append((name, color, ui.block(text, "small", pal.on_background,
                                                                 left_w - 2 * t.px(12), "bold")))
        gauges_h = (t.px(6) + sum(b.height + t.px(2) + t.px(10) + t.px(12) for _name, _color, b in self.gauge_labels)
                    if self.live else 0)
        self.caption_rect = pygame.Rect(m, bottom - caption_h - gauges_h - (gap if gauges_h else 0), left_w, caption_h)
        self.gauge_rect = pygame.Rect(m, bottom - gauges_h, left_w, gauges_h)
        portrait_h = self.caption_rect.y - gap - top
        side = max(1, min(left_w, portrait_h))
        self.portrait_rect = pygame.Rect(m + (left_w - side) // 2, top + (portrait_h - side), side, side)

    def _layout_conversation(self, col_w: int) -> None:
        """The panel's text in content rows (0 is the panel's top): notices, the coach's note,
        your line, the narration and what the client says."""
        t, ui, pal = self.ui.theme, self.ui, self.ui.pal
        st, sc = self.state, self.session.scenario
        node = st.node
        gap = t.gap
        pad = t.px(24)
        text_w = col_w - 2 * pad
        blocks = []  # (block, content x, content y)
        y = pad
        # Notices (a save that failed, a reload, an updated scenario) head the panel until the
        # next move; then the coach note about the choice just made.
        card_lines = []
        notice = self.session.notice if self._view_state is None else None  # a move clears it
        notices = [*self.app.play_problems, *([notice] if notice else [])]
        if notices:
            card_lines.append(([(n, "small", pal.notice_text, "bold") for n in notices], pal.notice, pal.notice_text, 6))
        if self.coach:
            tag, feedback = self.coach
            pitfall, connection = tag in PITFALLS, tag == CONNECTION
            head = note_label(pitfall, _(TAG_LABELS[tag]), connection)
            card_lines.append(([(head, "small", getattr(pal, note_color(pitfall, connection)), "bold"),
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
                you = ui.block(_("You: {words}").format(words=prev.text), "small", pal.text_muted, text_w)
                blocks.append((you, pad, y))
                y += you.height + gap
        self._narration = self._says = self._speaker = None
        moment = st.moment()  # the node's text, or the client's reaction while one shows
        narration = moment.narration
        if st.status == ENDED and not node.narration and not node.says:
            narration = _("The meeting is over. Take a moment, then look back at how it went.")
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

    def _place_actions(self) -> None:
        """The choices stay put at the column's foot; only the conversation scrolls."""
        for b, y, bh in self.action_pos:
            b.rect = pygame.Rect(self.actions_rect.x, self.actions_rect.y + y, self.actions_rect.width, bh)

    def _reveal_focused(self) -> None:
        pass  # every choice is always in view

    # --- self-voicing (game.ui.speech) ----------------------------------------------------
    def speech(self) -> list[str]:
        """Notices and the coach's note, the narration, then the client's line, whole (the
        typewriter only draws it); your own last line is left out, you have just heard it."""
        lines = [sentence(*(b.text for b, _x, _y in card.blocks)) for card in self.cards]
        if self._narration is not None:
            lines.append(self._narration.text)
        if self._says is not None:
            lines.append(f"{self._speaker.text}: {self._says.text}" if self._speaker is not None else self._says.text)
        return lines

    def speech_focus(self) -> str | None:
        button = self.focus.focused
        if button is None:
            return None
        if self.state.status == CHOICE and button in self.actions:
            return response_line(self.actions.index(button) + 1, len(self.actions), button.label)
        return describe(button)

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
        if k in (ix.UP, ix.DOWN) and self._at_end_of_choices(k):
            return  # the arrows stay on the choices: no wrap onto Log/Menu (Tab reaches those)
        if self._revealed or k in (ix.POINT, ix.PRESS, ix.CLICK):
            self._move_focus(intent)

    def _at_end_of_choices(self, kind: str) -> bool:
        n, i = len(self.actions), self.focus.focus
        return i < n and ((kind == ix.DOWN and i == n - 1) or (kind == ix.UP and i == 0))

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
                self._fade_from = None  # one last frame shows the new face alone
                moved = True
            else:
                wait = FRAME_MS_MIN if wait is None else min(wait, FRAME_MS_MIN)
                moved = self._fade_alpha() != self._fade_shown  # a turn too soon draws the same frame
            if moved:
                if not self.app.dirty:  # nothing else changed: repaint the portrait alone
                    self._portrait_only = True
                self.app.dirty = True
        return wait

    # --- drawing -------------------------------------------------------------------------
    def draw_static(self, surface: pygame.Surface) -> None:
        t, ui, pal = self.ui.theme, self.ui, self.ui.pal
        sc = self.session.scenario
        # A partial repaint clips the layer to one region: what lies wholly outside it is skipped
        # (drawing it would change no pixel, but looking it up and clipping it cost time).
        clip = surface.get_clip()
        draw_background(surface, self.app, sc.setting, self._bare)
        where = self._where_rect()
        if clip.colliderect(where):
            self.where.draw(surface, where.topleft)

        # The portrait as it is now; a cross-fade from the last face is drawn over it, live.
        frame = self.portrait_rect
        if clip.colliderect(frame):
            surface.blit(self.app.art.portrait(sc.client.portrait, self._expression, frame.size, t.high_contrast), frame)
            if t.high_contrast:
                pygame.draw.rect(surface, pal.panel_border, frame, width=t.border)

        cap = self.caption_rect
        if clip.colliderect(cap):
            shade(surface, cap, (0, 0, 0, 150) if not t.high_contrast else (0, 0, 0, 255))
            if self.posture_changed:
                pygame.draw.rect(surface, pal.focus, (cap.x, cap.y, t.px(4), cap.height))
            self.posture_block.draw(surface, (cap.x + t.px(14), cap.y + t.px(10)), cap)
        if self.live and clip.colliderect(self.gauge_rect):
            self._draw_gauges(surface)

        # The conversation panel (its text scrolls inside it) and the choices under it.
        box = self._panel_rect()
        if clip.colliderect(box.union(box.move(0, t.px(4)))):
            panel(surface, ui, box)
            text_clip = self._text_clip()
            surface.set_clip(clip.clip(text_clip))
            inside = surface.get_clip()
            top = self.scroll.to_screen(0)
            for card in self.cards:
                if inside.colliderect(card.rect.move(box.x, top)):
                    draw_card(surface, ui, card, box.x, top)
            typed = self._typed_blocks() + [self._speaker]  # the name appears when its line starts
            for block, bx, by in self.text_blocks:
                at = (box.x + bx, self.scroll.to_screen(by))
                if not inside.colliderect((*at, block.width, block.height)):
                    continue
                if self._revealed or not any(block is b for b in typed):
                    block.draw(surface, at, text_clip)
            surface.set_clip(clip)
        resting = self.focus.buttons if self._revealed else self.tools
        self.focus.draw_static(surface, ui, [b for b in resting if b is not self._skip])
        self.scroll.draw_bar(surface, ui, pal.on_background_muted)
        if self.more is not None:
            self.more.draw(surface, (box.x, box.bottom + t.px(4)))

    def _where_rect(self) -> pygame.Rect:
        """Where the scenario's and scene's name is drawn in the top bar."""
        t = self.ui.theme
        return pygame.Rect(t.margin, t.px(20) + (self.tools[0].rect.height - self.where.height) // 2,
                           self.where.width, self.where.height)

    def _panel_rect(self) -> pygame.Rect:
        """The panel's frame: as tall as its text, at most the pane."""
        return pygame.Rect(self.pane.x, self.pane.y, self.pane.width, min(self.panel_h, self.pane.height))

    def _text_clip(self) -> pygame.Rect:
        """Where the panel's text may show: inside the frame, off its rounded border."""
        inset = self.ui.theme.border + 1
        return self._panel_rect().inflate(-2 * inset, -2 * inset)

    # --- frames after a change: only what changed is repainted --------------------------------
    # The cached layer is repainted under a clip, region by region: the right column (the
    # conversation and the choices) after a move, the caption and gauges when they changed, the
    # portrait when its face changed. Everything is drawn in the same order as a full repaint,
    # only clipped, so the pixels are the same (tests/ui/test_frame_cost.py compares them). The
    # window gets those regions only (`display.update(rects)`). A new face is not painted into
    # the layer while it fades in: the layer keeps the old face, which is what the fade starts
    # from, and takes the new one on the fade's last frame.
    def invalidate(self, static: bool = False) -> None:
        self._portrait_only = False
        super().invalidate(static)

    def release(self) -> None:
        super().release()
        self._painted = self._behind = None
        self._drop_pause_ahead()
        self.next.release()

    def _signature(self) -> dict:
        """What the cached layer shows, part by part (compared to find what a change touched)."""
        t = self.ui.theme
        return {
            "top": (self.app.window.get_size(), id(t), tuple((b.label, tuple(b.rect)) for b in self.tools),
                    tuple(self.portrait_rect), self.session.scenario.setting, self.column.y),
            "where": (id(self.where), tuple(self._where_rect())),
            "caption": (tuple(self.caption_rect), tuple(self.gauge_rect), id(self.posture_block), self.posture_changed,
                        self.live, tuple((n, id(b), self.state.meters[n]) for n, _label, b in self.gauge_labels)),
            # a face is drawn the same each time it is drawn (size and contrast are in "top")
            "portrait": (self._expression,),
            "column": self._column_parts(),
        }

    def _column_parts(self) -> tuple[list, list]:
        """Where the right column draws into the layer: the panel with its shadow, the scroll bar
        and the hint under the panel; and the choices (painted once the line is shown)."""
        t = self.ui.theme
        box = self._panel_rect()
        panel_part = box.union(box.move(0, t.px(4))) if self.ui.pal.shadow[3] else box.copy()
        parts = [panel_part]
        if self.scroll.max_offset:
            v = self.scroll.viewport
            parts.append(pygame.Rect(v.right + t.px(10), v.y, t.px(6), v.height))
        if self.more is not None:
            parts.append(pygame.Rect(box.x, box.bottom + t.px(4), self.more.width, self.more.height))
        return parts, [b.rect.copy() for b in self.actions] if self._revealed else []

    def _changed_regions(self, now: dict) -> list | None:
        """The rectangles of the cached layer a change touched; None when it must all be repainted."""
        was = self._painted
        if was is None or was["top"] != now["top"] or text_module.probe is not None:
            return None
        # The column: what the panel and the choices covered before and cover now (the room
        # between them is unchanged where neither was nor is).
        (panel_was, buttons_was), (panel_now, buttons_now) = was["column"], now["column"]
        parts = panel_was + panel_now
        regions = [parts[0].unionall(parts[1:])]
        buttons = buttons_was + buttons_now
        if buttons:
            span = buttons[0].unionall(buttons[1:])
            if span.colliderect(regions[0]):
                regions[0].union_ip(span)
            else:
                regions.append(span)
        if was["where"] != now["where"]:  # the scene's name in the top bar: where it was and is
            regions.append(pygame.Rect(was["where"][1]).union(now["where"][1]))
        if was["caption"] != now["caption"]:
            regions.append(self.caption_rect.union(self.gauge_rect) if self.live else self.caption_rect.copy())
        if was["portrait"] != now["portrait"]:
            fading_from = self._fade_from[0] if self._fade_from is not None else None
            if fading_from is not None and fading_from == was["portrait"][0]:
                now["portrait"] = was["portrait"]  # the layer keeps the old face until the fade ends
            else:
                regions.append(self.portrait_rect.copy())
        return regions

    def _repaint(self, regions: list, target: pygame.Surface | None = None) -> None:
        """Paint ``regions`` of the layer as they are now, into the layer or (``target``) the window."""
        surface = self._static if target is None else target
        # The room shows only where nothing opaque is drawn over it: the panel's and the
        # choices' solid middles are left out (they are painted over whole just after). While
        # the line is typed the choices are not painted: the room goes under them.
        radius = self.ui.theme.radius
        shown = self.actions if self._revealed else []
        solid = [part for hole in [self._panel_rect(), *(b.rect for b in shown)]
                 for part in solid_parts(hole, radius)]
        for region in regions:
            surface.set_clip(region)
            self._bare = subtract_rects([region], [s for s in solid if s.colliderect(region)])
            self.draw_static(surface)
        self._bare = None
        surface.set_clip(None)

    # The frame after a move is painted straight into the window, which is what the player sees
    # at once; the cached layer catches up with it on the loop's next turn, after the frame is
    # on screen and before anything else is drawn (a copy of those regions back from the window,
    # and the few rectangles the live parts covered painted at rest). Nothing on screen waits
    # for that copy, and anything that needs the layer first brings it up to date itself.
    def behind(self) -> bool:
        return self._behind is not None

    def catch_up(self) -> None:
        """Bring the cached layer up to what the window shows (its resting parts)."""
        behind, self._behind = self._behind, None
        static, window = self._static, self.app.window
        if behind is None or static is None or self.next.catch_up(static):
            return  # (a frame copied from a moment painted ahead: from its layer)
        if self._drawn_frame != self.app.frames or window.get_size() != static.get_size():
            self._static_dirty, self._painted = True, None  # the window shows something else now
            return
        for r in behind:
            static.blit(window, r, r)
        live = self._live_rects + ([self._text_clip()] if not self._revealed else [])
        repair = [r.clip(region) for region in behind for r in live if r.colliderect(region)]
        if repair:
            self._repaint(repair)

    def draw(self, surface: pygame.Surface) -> None:
        if self._behind is not None:
            self.catch_up()  # a frame came before the loop's next turn: the layer first
        static, app = self._static, self.app
        # The window still shows this screen's last frame (nothing else drew on it since).
        ours = (surface is app.window and self._drawn_frame == app.frames and static is not None
                and static.get_size() == surface.get_size())
        if ours and self._portrait_only and not self._static_dirty:
            area = self._fade_area()
            if self._fade_from is None and self._painted is not None:
                now = self._signature()
                if self._painted["portrait"] != now["portrait"]:
                    self._repaint([area.copy()])  # the fade is over: the new face joins the layer
                    self._painted = now
            surface.blit(static, area, area)
            self._draw_fade(surface)
            self._updated = [area.copy()]
        elif ours and self._static_dirty and (regions := self._changed_regions(now := self._signature())) is not None:
            # A moment painted ahead (play_ahead) is copied; else the regions are painted into the
            # window. Either way every pixel of them is new: the last frame's focus ring and hover
            # are taken off (from the layer, which is whole) only outside them.
            ahead = self.next.frame(now, regions)
            if ahead is not None:
                regions = ahead[1]
            for r in subtract_rects(self._live_rects, regions):
                surface.blit(static, r, r)
            # The layer catches up after the frame (catch_up). The focused choice is drawn live
            # over its whole rectangle just after: not twice.
            if ahead is not None:
                for r in regions:
                    surface.blit(ahead[0], r, r)
            else:
                self._skip = self.focus.focused if self._revealed else None
                self._repaint(regions, surface)
                self._skip = None
            self._static_dirty = False
            self._painted = now
            self._behind = regions
            self.draw_live(surface)
            self._updated = regions + [r for r in self._live_rects + self._live_now()
                                       if not any(region.contains(r) for region in regions)]
        else:
            repainting = self._static_dirty or static is None or static.get_size() != surface.get_size()
            if repainting:
                self._painted = None
            super().draw(surface)
            self._updated = None
            if repainting:
                self._painted = self._signature()
        self.next.frame_done()
        if surface is app.window:
            self._drawn_frame = app.frames + 1  # App.draw counts this frame after it
            self._live_rects = self._live_now()
            if self._updated is None or self._window_changed is None:
                self._window_changed = None  # the whole window
            else:
                self._window_changed += [r.copy() for r in self._updated]
        self._portrait_only = False

    def _live_now(self) -> list:
        """Where the live layer draws over the cached one (focus ring, hover, the fade)."""
        rects = [self._fade_area()] if self._fade_from is not None else []
        f = self.focus
        t = self.ui.theme
        grow = 2 * (t.focus_width + t.px(2)) + 2
        for i, b in enumerate(f.buttons):
            if i == f.focus or i == f.hovered:
                rects.append(b.rect.inflate(2 * grow, 2 * grow))
        return rects

    def updated_rects(self) -> list | None:
        """The rectangles the last frame changed, when it was not the whole window (App.draw)."""
        return self._updated

    def _fade_alpha(self) -> int:
        return min(255, (self._now - self._fade_from[1]) * 255 // FADE_MS) if self._fade_from is not None else 255

    def _fade_area(self) -> pygame.Rect:
        """What the portrait's cross-fade (the current or the last one) changes, in the window."""
        return (self._differ(*self._faded) if self._faded is not None else None) or self.portrait_rect.copy()

    def _differ(self, was: str, now: str) -> pygame.Rect | None:
        """Where the portrait's faces ``was`` and ``now`` differ, in window coordinates (None: the
        whole portrait). Two faces of one client share most of their pixels (the room behind, the
        shoulders, often the whole body): outside this rectangle the cross-fade would blend a
        pixel with itself, so each fade frame copies and blends only this part. Worked out once
        per pair of faces (about a millisecond, when the fade starts), then remembered."""
        t = self.ui.theme
        frame, who = self.portrait_rect, self.session.scenario.client.portrait
        part = self.app.art.faces_differ(who, was, now, frame.size, t.high_contrast)
        if part is None:
            return None
        area = part.move(frame.topleft)
        if t.high_contrast:  # the frame's border is drawn over the faces: keep it inside the area
            inner = frame.inflate(-2 * t.border, -2 * t.border)
            if not inner.contains(area):
                return None
        return area

    def _draw_fade(self, surface: pygame.Surface) -> None:
        if self._fade_from is None:
            return
        t = self.ui.theme
        alpha = self._fade_shown = self._fade_alpha()
        painted = self._painted["portrait"][0] if self._painted is not None else None
        old_over = surface is not self.app.window or painted != self._fade_from[0]
        if alpha == 0 and not old_over:
            return  # the fade's first frame (the frame of the change): the old face, as the layer has it
        frame, who = self.portrait_rect, self.session.scenario.client.portrait
        area = self._fade_area()
        part = area.move(-frame.x, -frame.y)  # the same rectangle in the pictures
        if old_over:
            # The layer under it shows another face: put the old one over it first.
            surface.blit(self.app.art.portrait(who, self._fade_from[0], frame.size, t.high_contrast), area, part)
        if alpha > 0:
            new = self.app.art.portrait(who, self._expression, frame.size, t.high_contrast)
            before = new.get_alpha()
            new.set_alpha(alpha)
            surface.blit(new, area, part)
            new.set_alpha(before)  # the cached picture is shared: leave it as it was
        if t.high_contrast and area == frame:
            pygame.draw.rect(surface, self.ui.pal.panel_border, frame, width=t.border)

    def draw_live(self, surface: pygame.Surface) -> None:
        self._draw_fade(surface)
        if not self._revealed:
            # The typewriter: prefixes of the already-rendered lines, over the cached panel.
            box, clip, left = self._panel_rect(), self._text_clip(), self._reveal_chars
            surface.set_clip(clip)
            for block in self._typed_blocks():
                for b, bx, by in self.text_blocks:
                    if b is block and left > 0:
                        block.draw(surface, (box.x + bx, self.scroll.to_screen(by)), clip, reveal=left)
                    if b is self._speaker and block is self._says and left > 0:
                        b.draw(surface, (box.x + bx, self.scroll.to_screen(by)), clip)
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

