"""The facilitator's play screen: the encounter projected for a class, paused at every decision.

Nothing moves on its own: text appears whole, and only the facilitator's keys change what the
class sees. N shows the discussion prompt for this moment, R reveals the hidden meters (with
each choice's effect and the choices locked right now, with why), V opens and closes a class
vote, + and - count raised hands, B goes back to any earlier decision. Every rule lives in the
ClassRun (game.classroom.run) and the story core under it; this screen only draws what the run
holds and sends it intents. Leaving the screen ends the run: the vote server stops, the record is saved.
"""

from __future__ import annotations

import pygame

from game.classroom.run import VOTE_CLOSED, VOTE_OPENED
from game.classroom.record import SessionError
from game.classroom.tally import VoteError
from game.classroom.voting import VoteDesk
from game.i18n import _, ngettext
from game.play import CHOICE_MADE, READ_ON, REWOUND
from game.story import CHOICE, ENDED
from game.ui import input as ix
from game.ui.choice_column import ACTION_GAP, ChoiceColumn
from game.ui.classroom.context import ClassContext, Projected
from game.ui.classroom.drawing import TallyButton
from game.ui.classroom.panels import ClientPanel, JoinPanel
from game.ui.classroom.words import and_list, meter_name
from game.ui.screens.base import Screen
from game.ui.speech import open_vote_line, sentence
from game.ui.widgets import Button, FocusGroup, ScrollView, flow, panel, shade

POLL_MS = 250  # how often the bars look for new votes while a vote is open (and only then)


def duty_lines(state) -> list[tuple[str, bool]]:
    """(line, met) for each duty raised so far: "Met: ...", "Not met yet: ..." or, once the
    encounter is over, "MISSED: ..."."""
    raised, met = state.raised_duties(), set(state.met_duties())
    titles = {d.id: d.title for d in state.scenario.duties}
    unmet = _("MISSED: {duty}") if state.status == ENDED else _("Not met yet: {duty}")
    return [((_("Met: {duty}") if d in met else unmet).format(duty=titles[d]), d in met) for d in raised]


class FacilitatorScreen(ChoiceColumn, Projected, Screen):
    name = "facilitator"

    def __init__(self, app, ctx: ClassContext, *, on_menu, on_decisions, on_debrief) -> None:
        """``on_menu()`` opens the class menu; ``on_decisions(rewind, revealed)`` the decisions so
        far and ``on_debrief(rewind)`` the class debrief, each handing back ``rewind(step)``."""
        super().__init__(app)
        self.ctx = ctx
        self.on_menu, self.on_decisions, self.on_debrief = on_menu, on_decisions, on_debrief
        self.focus = FocusGroup()
        self.scroll = ScrollView()
        self.note_shown = False   # per moment: a new node starts with the note hidden
        self.revealed = False     # stays as the facilitator left it
        self.message: str | None = None
        self._shown = None
        self._seen_version = None
        self._next_poll = 0
        self._winner_shown = None  # the vote whose winner was last highlighted
        self._left = False
        self.pinned = False
        self.note_card = None
        self._newest: tuple[int, int] | None = None  # content rows of the client's newest words
        # Keep them in view as the column changes (a new moment, a vote opened or closed, the meters
        # revealed, hands counted) until the facilitator scrolls the conversation.
        self._follow = False
        # Phones voting: (the moment's layout key, (join panel width, legend squeezed), whether the
        # client's newest words fitted) of the join panel's size last found (see _layout_join).
        self._join_fit: tuple | None = None

    # --- state ---------------------------------------------------------------------------
    @property
    def run(self):
        return self.ctx.run

    @property
    def record(self):
        return self.ctx.run.record

    @property
    def state(self):
        return self.ctx.run.state

    @property
    def desk(self):
        return self.ctx.run.desk

    def buttons(self):
        return self.focus.buttons

    @property
    def choice_buttons(self) -> list:
        return [b for b in self.focus.buttons if isinstance(b, TallyButton)]

    def enter(self) -> None:
        self.run.listen(self.heard)
        self.run.session.listen(self.heard)
        self._sync()

    def reveal(self) -> None:
        if self.ctx.run is not None:
            self._sync()

    def leave(self) -> None:
        self._left = True
        self.ctx.end()  # the class session ends with its screen: no vote server outlives it

    def heard(self, event) -> None:
        """The run moved (a key here, a vote closed from the menu): show where the class is now."""
        kind = event.kind
        if self._left or kind not in (CHOICE_MADE, READ_ON, REWOUND, VOTE_OPENED, VOTE_CLOSED):
            return
        if kind == CHOICE_MADE:
            self.app.play_sound("choice")
        elif kind == READ_ON:
            self.app.play_sound("advance")
        elif kind == VOTE_OPENED:  # the bars look for new votes from now on
            self._seen_version = self.desk.version
            self._next_poll = self.app.clock() + POLL_MS
        self.message = None
        if kind in (VOTE_OPENED, VOTE_CLOSED):
            self._follow = True  # the vote's card comes and goes above the choices
        self._sync(force=True)  # (a closed vote's winner is highlighted: Enter takes it)

    def _sync(self, force: bool = False) -> None:
        # the status too: reading past a reaction can return to the same node with no new step
        key = (self.state.node_id, len(self.state.history), self.record.branch.number, self.state.status)
        if key == self._shown and not force:
            return
        if key != self._shown:
            self.note_shown = False
            self.scroll.offset = 0
            self._follow = True
        self._shown = key
        self.layout()
        self.invalidate(static=True)

    def _refresh(self) -> None:
        self.layout()
        self.invalidate(static=True)

    def say(self, message: str | None) -> None:
        self.message = message
        self._refresh()

    # --- acting: intents go to the run, which tells heard() what changed ------------------
    def take(self, choice) -> None:
        if self.run.voting:
            self.say(_("Close the vote first: V or Enter."))
            return
        self.run.take(choice.id)

    def read_on(self) -> None:
        self.run.read_on()

    def toggle_vote(self) -> None:
        if self.run.voting:
            self.close_vote()
        else:
            self.open_vote()

    def open_vote(self) -> None:
        try:
            self.run.open_vote()
        except SessionError:
            self.say(_("There is no decision to vote on here."))

    def close_vote(self) -> None:
        self.run.close_vote()

    def count_hands(self, more: bool) -> None:
        button = self.focus.focused
        if not self.run.voting:
            self.say(_("Open a vote first (V); then + and - count raised hands for the highlighted choice."))
            return
        if not isinstance(button, TallyButton):
            self.say(_("Highlight a choice first (its number, or Up and Down)."))
            return
        try:
            self.run.count_hands(button.choice_id, more)
        except VoteError:
            self.say(_("No vote is open to count hands in: V opens one."))
            return
        self._seen_version = self.desk.version
        self._refresh()

    def rewind_to(self, step_index: int) -> None:
        self.run.close_vote()
        self.run.rewind(step_index)

    def toggle_note(self) -> None:
        self.note_shown = not self.note_shown
        self._refresh()

    def toggle_reveal(self) -> None:
        self.revealed = not self.revealed
        self._refresh()

    def toggle_keys(self) -> None:
        self.ctx.change(show_keys=not self.ctx.settings.show_keys)

    def open_decisions(self) -> None:
        self.on_decisions(self.rewind_to, self.revealed)

    def open_menu(self) -> None:
        self.on_menu()

    def debrief(self) -> None:
        self.on_debrief(self.rewind_to)

    def _pressed(self, choice) -> None:
        if self.run.voting:  # during a vote a click only highlights (for counting hands)
            ids = [b.choice_id for b in self.choice_buttons]
            self.focus.focus = ids.index(choice.id)
            self.invalidate()
        else:
            self.take(choice)

    # --- layout --------------------------------------------------------------------------
    def _legend_text(self) -> str:
        keys = self._keys()
        # Each key stays on one line with what it does (no-break spaces inside an item): a
        # language with longer words wraps between items, never between "H" and its action.
        return "   ".join(f"{k} {what}".replace(" ", "\u00a0") for k, what in keys)

    def _keys(self) -> list[tuple[str, str]]:
        st, desk = self.state, self.desk
        # The letters are the keys themselves, the same in every language; Enter and Esc are named
        # as the keyboard labels them.
        enter, esc = _("Enter"), _("Esc")
        if self.run.voting:
            return [(f"V/{enter}", _("close the vote")), ("1-9", _("highlight")), ("+ -", _("count hands")),
                    ("R", _("reveal")), ("N", _("note")), ("H", _("hide keys"))]
        keys = []
        if st.status == CHOICE:
            keys.append(("1-9", _("take a choice")))
            keys.append(("V", _("vote again") if desk.round is not None else _("class vote")))
        elif not st.is_over:  # any other status reads on (the core decides where to)
            keys.append((enter, _("continue")))
        keys += [("N", _("note")), ("R", _("hide meters") if self.revealed else _("reveal")),
                 ("B", _("go back")), ("H", _("hide keys")), (esc, _("menu"))]
        return keys

    def layout(self) -> None:
        if self.desk.is_open and self.desk.on_phones:
            self._layout_join()
        else:
            # A wide window gives the client a larger share unless the conversation and the choices
            # need the room (the conversation would scroll, or the choices take their smaller size):
            # then the narrower client column of a small window, and at the last the legend gives way.
            self._layout(squeeze=False, wide=True)
            if self.wide_differs and not (self.pinned and self.choice_role == "label" and self.more is None):
                self._layout(squeeze=False, wide=False)
            if not self.pinned and self.legend is not None:
                # Very large text, many long choices: the key legend gives way before any choice would.
                self._layout(squeeze=True, wide=False)
            if not self.pinned:
                # Still too many long choices (five, at 1024x768): the client's column at its least.
                self._layout(squeeze=True, wide=False, least=True)
        if self._follow:
            self._show_newest()

    def _layout_join(self) -> None:
        """Phones voting: the join panel as large as the class needs to join, unless the choices
        would scroll or the client's newest words (what the class votes on) would not fit whole
        in the conversation's pane beside it. Then the panel narrows, its QR code one module pixel
        smaller at a time (the key legend giving way first at each size), never below the size
        that scans; if the words never fit, the largest panel with the choices all in view."""
        # A vote coming in redraws the screen: the size found for this moment is tried first.
        key = (self._shown, self.revealed, self.note_shown, self.message, self.ctx.problem, self.ui.theme.size,
               self.ctx.settings)
        if self._join_fit is not None and self._join_fit[0] == key:
            _key, (width, squeeze), suited = self._join_fit
            self._layout(squeeze=squeeze, wide=False, join_w=width)
            if self.pinned and (not suited or self._join_suits()):
                return
        self._layout(squeeze=False, wide=False)
        best, last = None, (None, False)
        if self._join_suits():
            self._join_fit = (key, last, True)
            return
        if self.pinned:
            best = last
        widths = [None] + JoinPanel.narrower_widths(self.ui, self.desk.join_url, self.left.qr_rect.width)
        for width in widths:
            for squeeze in (False, True):
                if (width, squeeze) == (None, False) or (squeeze and not self.ctx.settings.show_keys):
                    continue
                self._layout(squeeze=squeeze, wide=False, join_w=width)
                last = (width, squeeze)
                if self._join_suits():
                    self._join_fit = (key, last, True)
                    return
                if self.pinned and best is None:
                    best = last
        if best is not None:
            self._join_fit = (key, best, False)
            if best != last:
                self._layout(squeeze=best[1], wide=False, join_w=best[0])

    def _join_suits(self) -> bool:
        if not self.pinned:
            return False
        if self._newest is None:
            return True
        top, bottom = self._newest
        return bottom - top <= self.scroll.viewport.height

    def _show_newest(self) -> None:
        """When the conversation is taller than its pane (large text on a small projector, many
        choices), a moment opens scrolled so the client's newest words are in view (the vote has its
        own strip by the choices); what came before (your line, its effect) is a scroll up."""
        if self._newest is None:
            return
        top, bottom = self._newest
        view = self.scroll.viewport.height
        self.scroll.offset = self.scroll.clamp(min(top, bottom + self.ui.theme.px(12) - view))
        self._place_actions()

    def _layout(self, squeeze: bool, wide: bool, least: bool = False, join_w: int | None = None) -> None:
        ui = self.ui
        t, pal = ui.theme, ui.pal
        w, h = t.size
        m, gap = t.margin, t.gap
        st, sc, desk = self.state, self.run.scenario, self.desk
        node = st.node

        # Top bar: where we are, and the two buttons that are always there.
        self.tools = [Button(_("Decisions"), self.open_decisions, hint="B", role="small"),
                      Button(_("Menu"), self.open_menu, hint=_("Esc"), role="small")]
        tools_w = sum(b.natural_width(ui) for b in self.tools) + gap
        bar_h = flow(self.tools, ui, w - m - tools_w, t.px(16), tools_w)
        where = sc.title + (f" · {node.scene}" if node.scene else "")
        if len(self.record.branches) > 1:
            where += " · " + _("path {n}").format(n=self.record.branch.number)
        self.where_w = w - 2 * m - tools_w - gap
        self.where = ui.block(where, "small", pal.on_background_muted, self.where_w, "bold")
        self.where_pos = (m, t.px(16) + max(0, (bar_h - self.where.height) // 2))
        top = t.px(16) + max(bar_h, self.where.height) + gap

        # Left column: the join panel while phones vote, else the client (and the gauges).
        self.join = desk.is_open and desk.on_phones
        # Wide: the client's column grows with the window's width (a wide projector: the class reads
        # the face from the back of the room) and, on a widescreen, the key legend runs under the
        # right column alone so the client keeps the whole height. Otherwise the client's column
        # stops growing with the width and the legend spans the window.
        narrow_w = min(int(w * 0.27), int(h * 0.36))
        wide_w = min(int(w * 0.27), int(h * 0.5))
        widescreen = w * 3 >= h * 5
        self.wide_differs = not self.join and (wide_w > narrow_w or widescreen)
        if self.join:
            left_w = join_w if join_w is not None else max(t.px(280), int(w * 0.35))
        else:
            left_w = max(t.px(280), 0 if least else wide_w if wide else narrow_w)
        x = m + left_w + 2 * gap

        # The key legend along the bottom, when the facilitator wants it.
        self.legend = self.legend_rect = None
        bottom = left_bottom = h - m
        if self.ctx.settings.show_keys and not squeeze:
            legend_x = x if wide and widescreen and not self.join else m
            self.legend = ui.block(self._legend_text(), "small", pal.on_background, w - m - legend_x - 2 * t.px(12))
            legend_h = self.legend.height + 2 * t.px(6)
            self.legend_rect = pygame.Rect(legend_x, h - t.px(10) - legend_h, w - m - legend_x, legend_h)
            bottom = self.legend_rect.y - gap
            left_bottom = self.legend_rect.bottom if legend_x > m else bottom

        left = pygame.Rect(m, top, left_w, left_bottom - top)
        if self.join:
            self.left = JoinPanel(ui, left, desk.join_url, desk.room_code)
        else:
            decision = self.run.session.last_choice()
            deltas = {m: decision.delta(m) for m in sc.meters} if decision is not None else {}
            self.left = ClientPanel(ui, left, self.app.art, sc, st, deltas if self.revealed else None)

        # Right column: notes, the conversation, the vote, the choices; it scrolls as one.
        col_w = w - m - x - t.px(16)
        self._layout_column(pygame.Rect(x, top, col_w, bottom - top))

    def _layout_column(self, column: pygame.Rect) -> None:
        ui = self.ui
        t, pal = ui.theme, ui.pal
        st, sc, desk = self.state, self.run.scenario, self.desk
        node = st.node
        pad = t.px(22)
        text_w = column.width - 2 * pad
        self.pieces = []  # (kind, payload, content y, height)
        y = 0

        def card(kind, blocks, colors, inner_pad=None):
            nonlocal y
            inner_pad = t.px(12) if inner_pad is None else inner_pad
            height = sum(b.height for b in blocks) + t.px(4) * (len(blocks) - 1) + 2 * inner_pad
            self.pieces.append((kind, (blocks, colors, inner_pad), y, height))
            y += height + t.gap

        # A problem first: the class can go on, but the facilitator should know.
        problem = self.message or self.ctx.problem
        if problem:
            card("notice", [ui.block(problem, "small", pal.notice_text, column.width - 2 * t.px(12))],
                 (pal.notice, pal.notice_text))
        # Phones cannot vote (the port is busy, say): one line, and the menu's port setting mends it.
        self.port_notice = None
        if desk.is_open and desk.phones and desk.error:
            width = column.width - 2 * t.px(12)
            problem = self._port_problem()
            for text in (_("Phones cannot vote: {problem}. Esc: Menu, Port.").format(problem=problem),
                         _("Phones cannot vote: {problem}.").format(problem=problem), _("Phones cannot vote now.")):
                self.port_notice = ui.block(text, "small", pal.notice_text, width, "bold")
                if len(self.port_notice.lines) == 1:
                    break
            card("notice", [self.port_notice], (pal.notice, pal.notice_text))
        # The conversation.
        blocks, panel_y = [], y
        self._newest = None
        y += pad
        last = st.history[-1] if st.history else None
        decision = self.run.session.last_choice()
        lines = []
        if last is not None and last.choice_id is not None:
            lines.append(ui.block(_("You: {words}").format(words=sc.nodes[last.node_id].choice(last.choice_id).text), "small",
                                  pal.text_muted, text_w))
        elif self.revealed and decision is not None:  # read on since: say which choice the effect was
            lines.append(ui.block(_("Last choice: {words}").format(
                                  words=sc.nodes[decision.node_id].choice(decision.choice_id).text),
                                  "small", pal.text_muted, text_w))
        if self.revealed and decision is not None:
            lines.append(ui.block(self._effect_text(decision), "small",
                                  pal.good if sum(map(decision.delta, sc.meters)) >= 0 else pal.poor, text_w, "bold"))
        for line in lines:
            blocks.append((line, pad, y))
            y += line.height + t.px(6)
        if lines:
            y += t.gap - t.px(6)
        moment = st.moment()  # the node's text, or the client's reaction while one shows
        narration = moment.narration
        if desk.round is not None and st.status == CHOICE:
            narration = None  # a vote on screen: the client's words stay, the scene-setting steps aside
        if st.status == ENDED and not node.narration and not node.says:
            narration = _("The meeting is over.")
        if narration:
            b = ui.block(" ".join(narration.split()), "body", pal.narration, text_w, "italic")
            blocks.append((b, pad, y))
            self._newest = (y, y + b.height)
            y += b.height + t.gap
        if moment.says:
            speaker = ui.block(moment.speaker or sc.client.name, "small", pal.accent if not t.high_contrast else pal.text,
                               text_w, "bold")
            blocks.append((speaker, pad, y))
            y += speaker.height + t.px(4)
            says = ui.block(" ".join(moment.says.split()), "body", pal.text, text_w)
            blocks.append((says, pad, y))
            self._newest = (y - speaker.height - t.px(4), y + says.height)
            y += says.height + t.gap
        if st.status == ENDED and st.ending is not None:
            b = ui.block(_("Ending reached: {ending}").format(ending=st.ending.title), "body", pal.text, text_w, "bold")
            blocks.append((b, pad, y))
            y += b.height + t.gap
        y += pad - t.gap
        self.pieces.append(("panel", blocks, panel_y, y - panel_y))
        y += t.gap

        tally = self.run.tally()

        # What is locked right now, and why (revealed only): under the conversation, by the choices.
        if self.revealed and st.status == CHOICE:
            for option in st.options():
                if option.available:
                    continue
                reason = option.reason or _("Not offered at this point.")
                lines = [ui.block(_("Locked: {words}").format(words=option.choice.text), "small", pal.on_background,
                                  column.width - 2 * t.px(14)),
                         ui.block(_("Why: {reason}").format(reason=reason), "small", pal.on_background,
                                  column.width - 2 * t.px(14), "bold")]
                height = sum(b.height for b in lines) + t.px(4) + 2 * t.px(10)
                self.pieces.append(("locked", lines, y, height))
                y += height + t.px(12)
        # The duties raised so far, met or not (revealed only): words say which, not only colour.
        if self.revealed:
            lines = duty_lines(st)
            if lines:
                width = column.width - 2 * t.px(12)
                blocks = [ui.block(_("Duties raised"), "small", pal.text, width, "bold")]
                blocks += [ui.block(text, "small", pal.good if met else pal.poor, width, "bold" if not met else "regular")
                           for text, met in lines]
                card("duties", blocks, (pal.panel, pal.panel_border))
        content_h = max(0, y - t.gap)

        # The choices (numbered among those offered), or the way on.
        actions = []
        if st.status == CHOICE:
            total = tally.total if tally is not None else 0
            # While a vote is open the bars stay hidden (no herding) unless the facilitator
            # asked for them live; raised hands are counted in the open, so their count shows.
            bars = tally is not None and (tally.closed or self.ctx.settings.live_bars)
            for i, c in enumerate(st.available()):
                share = count = None
                winner = False
                if tally is not None:
                    n = tally.count(c.id)
                    if bars:
                        share = n.total / total if total else 0.0
                        count = (_("{total} ({hands} by hand)").format(total=n.total, hands=n.hands)
                                 if n.hands and n.devices else
                                 _("{hands} by hand").format(hands=n.hands) if n.hands else f"{n.total}")
                        winner = tally.closed and c.id in tally.winners
                    elif n.hands:
                        count = _("{hands} by hand").format(hands=n.hands)
                b = TallyButton(c.text, lambda c=c: self._pressed(c), hint=str(i + 1) if i < 9 else None,
                                share=share, count=count, winner=winner)
                b.choice_id = c.id
                actions.append(b)
        elif not st.is_over:
            actions.append(Button(_("Continue"), self.read_on, primary=True, hint=_("Enter")))
        else:
            actions.append(Button(_("See the class debrief"), self.debrief, primary=True, hint=_("Enter")))

        # The choices stay put at the foot of the column and the conversation scrolls above
        # them; only when the choices alone would leave the conversation no room (a very small
        # window) does everything scroll as one.
        # The conversation keeps a quarter of the column; with very large text on a short window
        # the choices take their smaller size, and at the last the conversation a few lines.
        # The vote, when one is open or was held at this decision, has a fixed strip just above
        # the choices (under the column when they scroll), never scrolled away with the
        # conversation: the whole line, or the count alone when the choices need the room.
        strips = [None]
        if tally is not None:
            inner = t.px(12)
            strips = [(ui.block(text, "small", pal.text, column.width - 2 * inner, "bold"), inner)
                      for text in dict.fromkeys((self._vote_text(tally), self._vote_short_text(tally)))]
            strips.append(None)  # many long choices on a short window: the count in the top bar instead
        full = column
        fits = False
        for role, compact, least in (("label", False, False), ("small", False, False), ("small", False, True),
                                     ("small", True, True)):
            for b in actions:
                b.role, b.compact = role, compact
            gap = t.px(ACTION_GAP // 2 if compact else ACTION_GAP)
            heights = [b.measure(ui, column.width) for b in actions]
            actions_h = sum(heights) + gap * max(0, len(actions) - 1)
            for strip in strips:
                strip_h = strip[0].height + 2 * strip[1] if strip is not None else 0
                column = pygame.Rect(full.x, full.y, full.width, full.height - (strip_h + t.gap if strip_h else 0))
                if least:  # (Many long choices on a small projector: at the last the buttons and gaps tighten.)
                    room = column.height - t.gap - t.px(96)
                else:      # the conversation keeps a quarter of the column
                    room = column.height - t.gap - max(t.px(120), column.height // 4)
                fits = actions_h <= room
                if fits:
                    break
            if fits:
                break
        self.vote_strip = strip
        if tally is not None and strip is None:  # the top bar says where the vote is, not where the scene is
            self.where = ui.block(self._vote_short_text(tally), "small", pal.on_background, self.where_w, "bold")
        self.pinned = fits
        self.choice_role = actions[0].role if actions else "label"
        if not self.pinned:
            for b in actions:
                b.role, b.compact = "label", False
            gap = t.px(ACTION_GAP)
            heights = [b.measure(ui, column.width) for b in actions]
        if self.pinned:
            self.actions_rect = pygame.Rect(column.x, full.bottom - actions_h, column.width, actions_h)
            talk = pygame.Rect(column.x, column.y, column.width, column.height - actions_h - t.gap)
            self._fit_column(talk, content_h, [], _("More: scroll, or Page Up and Page Down"))
            self.action_pos = []
            ay = self.actions_rect.y
            for b, bh in zip(actions, heights):
                self.action_pos.append((b, ay, bh))
                b.clip = b.paint_clip = None
                ay += bh + gap
        else:
            self.actions_rect = None
            y = self._measure_actions(actions, y + (t.px(12) - t.gap if self.pieces else 0), column.width)
            self._fit_column(column, max(0, y - gap), actions, _("More below: scroll, or Page Down"))

        # The vote's strip: between the conversation and the pinned choices, else under the column.
        self.vote_rect = None
        if strip_h:
            self.vote_rect = pygame.Rect(column.x, (self.actions_rect.y - t.gap if self.pinned else full.bottom) - strip_h,
                                         column.width, strip_h)

        # The discussion prompt (N) opens over the conversation, never pushing the choices down.
        self.note_card = None
        if self.note_shown:
            note = node.facilitator or _("There is no discussion prompt for this moment.")
            inner = t.px(14)
            top = self.column.y
            bottom = self.column.bottom
            if self.pinned:  # down to the vote's strip, or the choices
                bottom = (self.vote_rect.y if self.vote_rect is not None else self.actions_rect.y) - t.gap
            for role in ("body", "small"):  # a long prompt in a short pane: the smaller size
                blocks = [ui.block(_("Discussion prompt (N hides it)"), "small", pal.coach_text,
                                   column.width - 2 * inner, "bold"),
                          ui.block(note.strip(), role, pal.coach_text, column.width - 2 * inner)]
                if sum(b.height for b in blocks) + t.px(4) + 2 * inner <= bottom - top:
                    break
            # It covers the conversation's whole pane: half-hidden lines under it would only distract.
            self.note_card = (pygame.Rect(column.x, top, column.width, bottom - top), blocks, inner)

        keep = self.focus.buttons and len(self.focus.buttons) == len(actions) + 2 and \
            [getattr(b, "choice_id", b.label) for b in self.focus.buttons[:-2]] == \
            [getattr(b, "choice_id", b.label) for b in actions]
        self.focus.set(actions + self.tools, keep_focus=bool(keep))
        vote = self.run.vote_here()
        if tally is not None and tally.closed and tally.winners and vote is not None \
                and vote.number != self._winner_shown:
            # A vote just closed (here, or from the menu): highlight the class's choice once.
            self._winner_shown = vote.number
            self.focus.focus = [c.id for c in st.available()].index(tally.winners[0])
        self._place_actions()

    def _place_actions(self) -> None:
        if not self.pinned:
            super()._place_actions()
            return
        for b, y, bh in self.action_pos:
            b.rect = pygame.Rect(self.column.x, y, self.column.width, bh)

    def _reveal_focused(self) -> None:
        if not self.pinned:  # pinned choices are always in view
            self._follow = False  # the focused choice, not the client's words, decides where the column is
            super()._reveal_focused()

    def _port_problem(self) -> str:
        kind = self.desk.error_kind
        if kind == "in-use":
            return _("port {port} is busy").format(port=self.desk.port)
        if kind == "not-allowed":
            return _("port {port} is not allowed").format(port=self.desk.port)
        return _("the vote server did not start")

    def _effect_text(self, step) -> str:
        parts = [f"{meter_name(name).capitalize()} {step.delta(name):+d}" for name in self.run.scenario.meters]
        return _("Effect of that choice: {changes}").format(changes=", ".join(parts))

    def _vote_text(self, tally) -> str:
        text = self._vote_state_text(tally)
        attendance = self.desk.attendance()
        if attendance is not None:  # phones here, to hold against the people in the room
            if attendance.suspicious:
                text += " " + ngettext(
                    "Phones here: {present}, fewer than the {votes} phone vote: someone may have voted more than once.",
                    "Phones here: {present}, fewer than the {votes} phone votes: someone may have voted more than once.",
                    attendance.votes).format(present=attendance.present, votes=attendance.votes)
            else:
                text += " " + _("Phones here: {present}.").format(present=attendance.present)
            if attendance.full or attendance.refused:  # the room's size bounds stuffing: say so
                held = ngettext("The room holds {size} phone.", "The room holds {size} phones.",
                                attendance.room_size).format(size=attendance.room_size)
                if attendance.refused:
                    held = ngettext("The room holds {size} phones; {refused} more was refused.",
                                    "The room holds {size} phones; {refused} more were refused.",
                                    attendance.refused).format(size=attendance.room_size, refused=attendance.refused)
                text += " " + held + " " + _("M makes room for {more} more.").format(more=VoteDesk.ROOM_STEP)
        return text

    def make_room(self) -> None:
        """Let ten more phones in (the room is full and real students are refused)."""
        size = self.desk.make_room()
        if size is None:
            self.say(_("Phones cannot vote now."))
            return
        self.say(ngettext("The room now holds {size} phone.", "The room now holds {size} phones.", size).format(size=size))
        self._refresh()

    def _vote_short_text(self, tally) -> str:
        """The count alone (or the result), for a short window where the whole line would not fit."""
        n = tally.total
        if not tally.closed:
            if self.desk.on_phones:
                return ngettext("Voting is open: {n} vote in.", "Voting is open: {n} votes in.", n).format(n=n)
            return ngettext("Show of hands: {n} vote counted.", "Show of hands: {n} votes counted.", n).format(n=n)
        if not tally.winners:
            return _("The vote is closed and nobody voted.")
        if tally.tie:
            numbers = {c.id: i + 1 for i, c in enumerate(self.state.available())}
            tied = and_list([str(numbers[w]) for w in tally.winners])
            return ngettext("The vote is closed: {n} vote, a tie between {tied}.",
                            "The vote is closed: {n} votes, a tie between {tied}.", n).format(n=n, tied=tied)
        numbers = {c.id: i + 1 for i, c in enumerate(self.state.available())}
        win = tally.count(tally.winners[0])
        return ngettext("The vote is closed: {n} vote, most for {choice} ({most}).",
                        "The vote is closed: {n} votes, most for {choice} ({most}).", tally.total).format(
            n=tally.total, choice=numbers[win.choice_id], most=win.total)

    def _vote_state_text(self, tally) -> str:
        n = tally.total
        if not tally.closed:
            live = self.ctx.settings.live_bars
            if self.desk.on_phones:
                if live:
                    return ngettext("Voting is open: {n} vote in. V or Enter closes it.",
                                    "Voting is open: {n} votes in. V or Enter closes it.", n).format(n=n)
                return ngettext("Voting is open: {n} vote in. V or Enter closes it and shows the result.",
                                "Voting is open: {n} votes in. V or Enter closes it and shows the result.", n).format(n=n)
            if self.desk.phones and self.desk.error:
                # The reason is the one-line notice above; here only what to do instead.
                if live:
                    return ngettext("Show of hands instead: a number, then + or - ({n} vote counted). V closes it.",
                                    "Show of hands instead: a number, then + or - ({n} votes counted). V closes it.",
                                    n).format(n=n)
                return ngettext("Show of hands instead: a number, then + or - ({n} vote counted). "
                                "V closes it and shows the result.",
                                "Show of hands instead: a number, then + or - ({n} votes counted). "
                                "V closes it and shows the result.", n).format(n=n)
            if live:
                return ngettext("Show of hands: a number, then + or - ({n} vote counted). V or Enter closes it.",
                                "Show of hands: a number, then + or - ({n} votes counted). V or Enter closes it.",
                                n).format(n=n)
            return ngettext("Show of hands: a number, then + or - ({n} vote counted). "
                            "V or Enter closes it and shows the result.",
                            "Show of hands: a number, then + or - ({n} votes counted). "
                            "V or Enter closes it and shows the result.", n).format(n=n)
        if not tally.winners:
            return _("The vote is closed and nobody voted. Take a choice with its number.")
        numbers = {c.id: i + 1 for i, c in enumerate(self.state.available())}
        if tally.tie:
            tied = and_list([str(numbers[w]) for w in tally.winners])
            return ngettext("The vote is closed: {n} vote, a tie between {tied}. Take one with its number, "
                            "or Enter for the highlighted one.",
                            "The vote is closed: {n} votes, a tie between {tied}. Take one with its number, "
                            "or Enter for the highlighted one.", n).format(n=n, tied=tied)
        win = tally.count(tally.winners[0])
        return ngettext("The vote is closed: {n} vote, most for {choice} ({most}). Enter takes it; "
                        "another number takes that choice instead, to discuss the difference.",
                        "The vote is closed: {n} votes, most for {choice} ({most}). Enter takes it; "
                        "another number takes that choice instead, to discuss the difference.", n).format(
            n=n, choice=numbers[win.choice_id], most=win.total)

    # --- self-voicing (game.ui.speech) ----------------------------------------------------
    def speech(self) -> list[str]:
        """What the column shows, top to bottom: notices, the conversation, the vote, what is
        locked and the duties (revealed), and the discussion prompt when it is open. An open
        vote is one steady line: its count changing must not start the reading again."""
        lines = []
        for kind, payload, _y, _h in self.pieces:
            if kind == "panel":
                lines += [block.text for block, _x, _by in payload]
                tally = self.run.tally()
                if tally is not None:  # the vote's strip (or the top bar), read after the conversation
                    lines.append(open_vote_line(self.desk.on_phones) if self.run.voting else self._vote_text(tally))
            elif kind == "locked":
                lines.append(sentence(*(block.text for block in payload)))
            else:
                lines.append(sentence(*(block.text for block in payload[0])))
        if self.note_card is not None:
            lines.append(sentence(*(block.text for block in self.note_card[1])))
        if self.join:  # the phones' way in, beside the column
            join = self.left
            code = " ".join(join.code.text)  # letter by letter
            lines.append(sentence(join.heading.text, join.address.text, f"{join.label.text}: {code}"))
        return lines

    # --- input ---------------------------------------------------------------------------
    def handle(self, intent: ix.Intent) -> None:
        k = intent.kind
        if k == ix.PAUSE:
            self.open_menu()
            return
        if k == ix.LOG or (k == ix.SHORTCUT and intent.char == "b"):
            self.open_decisions()
            return
        if k == ix.SHORTCUT:
            action = {"n": self.toggle_note, "r": self.toggle_reveal, "v": self.toggle_vote,
                      "h": self.toggle_keys, "m": self.make_room, "+": lambda: self.count_hands(True),
                      "-": lambda: self.count_hands(False)}.get(intent.char)
            if action is not None:
                if intent.char == "v" and self.state.status != CHOICE:
                    self.say(_("There is no decision to vote on here."))
                    return
                action()
            return
        if k == ix.PICK:
            choices = self.choice_buttons
            if self.state.status == CHOICE and 1 <= intent.n <= len(choices):
                if self.run.voting:
                    self.focus.focus = intent.n - 1
                    self._reveal_focused()
                    self.invalidate()
                else:
                    choices[intent.n - 1].action()
            return
        if k == ix.ACTIVATE and self.run.voting:
            self.close_vote()
            return
        if k == ix.SCROLL or k in (ix.PAGE_UP, ix.PAGE_DOWN):
            self._follow = False  # the facilitator reads on their own: the column stays where they put it
            self._scroll_column(intent)
            return
        if k in (ix.LEFT, ix.RIGHT, ix.BACK):
            return
        if self._space_on_a_choice(intent, self.choice_buttons):
            return
        self._move_focus(intent)

    # --- the live tally ------------------------------------------------------------------
    def update(self, now_ms: int) -> int | None:
        wait = super().update(now_ms)
        if self.ctx.run is None or not self.run.voting:
            return wait
        if now_ms >= self._next_poll:
            version = self.desk.version
            if version != self._seen_version:
                self._seen_version = version
                self._refresh()
            self._next_poll = now_ms + POLL_MS
        until = self._next_poll - now_ms
        return until if wait is None else min(wait, until)

    # --- drawing -------------------------------------------------------------------------
    def draw_static(self, surface: pygame.Surface) -> None:
        ui = self.ui
        t, pal = ui.theme, ui.pal
        sc = self.run.scenario
        surface.blit(self.app.art.backdrop(sc.setting, surface.get_size(), t.high_contrast, pal.backdrop_tint), (0, 0))
        self.where.draw(surface, self.where_pos)
        self.left.draw(surface)

        col = self.column
        surface.set_clip(col)
        for kind, payload, y, height in self.pieces if self.note_card is None else ():
            rect = pygame.Rect(col.x, self.scroll.to_screen(y), col.width, height)
            if kind == "panel":
                panel(surface, ui, rect)
                for block, bx, by in payload:
                    block.draw(surface, (col.x + bx, self.scroll.to_screen(by)), rect)
            elif kind == "locked":
                shade(surface, rect, (0, 0, 0, 255 if t.high_contrast else 150))
                pygame.draw.rect(surface, pal.on_background_muted, rect, width=max(1, t.px(2)),
                                 border_radius=t.radius)
                by = rect.y + t.px(10)
                for block in payload:
                    block.draw(surface, (rect.x + t.px(14), by), rect)
                    by += block.height + t.px(4)
            else:
                blocks, (fill, border), inner = payload
                pygame.draw.rect(surface, fill, rect, border_radius=t.px(8) if t.radius else 0)
                pygame.draw.rect(surface, border, rect, width=max(2, t.border), border_radius=t.px(8) if t.radius else 0)
                by = rect.y + inner
                for block in blocks:
                    block.draw(surface, (rect.x + inner, by), rect)
                    by += block.height + t.px(4)
        surface.set_clip(None)
        if self.note_card is None:
            self._draw_scroll_hints(surface)
        else:  # over the conversation, under nothing else
            rect, blocks, inner = self.note_card
            radius = t.px(8) if t.radius else 0
            surface.set_clip(rect)
            pygame.draw.rect(surface, pal.coach, rect, border_radius=radius)
            pygame.draw.rect(surface, pal.panel_border, rect, width=max(2, t.border), border_radius=radius)
            by = rect.y + inner
            for block in blocks:
                block.draw(surface, (rect.x + inner, by), rect)
                by += block.height + t.px(4)
            surface.set_clip(None)
        if self.vote_strip is not None:  # fixed by the choices: the count is always in view
            block, inner = self.vote_strip
            rect, radius = self.vote_rect, t.px(8) if t.radius else 0
            pygame.draw.rect(surface, pal.panel, rect, border_radius=radius)
            pygame.draw.rect(surface, pal.accent if not t.high_contrast else pal.text, rect,
                             width=max(2, t.border), border_radius=radius)
            block.draw(surface, (rect.x + inner, rect.y + inner), rect)
        self.focus.draw_static(surface, ui)
        if self.legend is not None:
            shade(surface, self.legend_rect, (0, 0, 0, 255 if t.high_contrast else 170))
            self.legend.draw(surface, (self.legend_rect.x + t.px(12), self.legend_rect.y + t.px(6)), self.legend_rect)

    def draw_live(self, surface: pygame.Surface) -> None:
        self.focus.draw_live(surface, self.ui)
