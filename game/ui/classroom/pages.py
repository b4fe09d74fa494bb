"""The facilitator's other screens: decisions so far (go back), the menu, and the class debrief."""

from __future__ import annotations

import pygame

from game.classroom.config import next_port, next_text_size
from game.classroom.record import BY_OVERRIDE, BY_VOTE
from game.i18n import N_, _, ngettext
from game.story import TAG_LABELS, build_debrief
from game.story.debrief import reflection_questions
from game.ui import input as ix
from game.ui.chart import MeterChart
from game.ui.meters import meters_phrase
from game.ui.classroom.compare import PathsChart, path_trajectories
from game.ui.classroom.context import ClassContext, Projected
from game.ui.classroom.words import meter_name, on_off, shown_hidden, size_name
from game.ui.screens.common import CustomItem, PageScreen, TextItem
from game.ui.screens.debrief import add_teaching
from game.ui.screens.menu_overlay import MenuOverlay
from game.ui.widgets import Button

OUTCOME_WORDS = {"best": N_("the best ending"), "good": N_("a good ending"), "mixed": N_("a mixed ending"),
                 "poor": N_("a difficult ending")}


def quoted(words: str) -> str:
    """Words someone said, in the language's quotation marks."""
    # TRANSLATORS: words someone said, quoted as your language quotes speech
    return _("\u201c{words}\u201d").format(words=words)


def votes_phrase(n: int) -> str:
    return ngettext("{n} vote", "{n} votes", n).format(n=n)


def vote_summary(record, decision) -> str:
    """How the class took a decision, in one sentence."""
    vote = record.vote_number(decision.vote)
    if vote is None:
        return _("Taken without a vote.")
    count = vote.count(decision.choice)
    mine = count.total if count else 0
    votes = votes_phrase(vote.total)
    if decision.chosen_by == BY_VOTE:
        # TRANSLATORS: {votes} is e.g. "8 votes"
        return _("The class's choice: {mine} of {votes}.").format(mine=mine, votes=votes)
    if decision.chosen_by == BY_OVERRIDE and vote.winners:
        best = vote.count(vote.winners[0])
        return _("Taken to discuss the difference: the class had voted for \u201c{choice}\u201d "
                 "({best} of {votes}); this one had {mine}.").format(
            choice=best.label, best=best.total, votes=votes, mine=mine)
    return _("Taken after a vote with {votes}.").format(votes=votes)


def path_lines(session) -> list[str]:
    """One line per path the class tried (``session``: the ClassRecord)."""
    lines = []
    for b in session.branches:
        start = _("from the start") if b.number == 1 else _("back to decision {n}").format(n=b.from_decision)
        taken = sum(1 for d in session.decisions if d.branch == b.number)
        end = _("ended with \u201c{ending}\u201d").format(ending=b.ending_title) if b.ending else (
            _("being played now") if b is session.branch else _("left before an ending"))
        # TRANSLATORS: e.g. "Path 2, back to decision 1: 4 decisions, ended with “A door left open”."
        lines.append(_("Path {number}, {start}: {decisions}, {end}.").format(
            number=b.number, start=start, end=end,
            decisions=ngettext("{n} decision", "{n} decisions", taken).format(n=taken)))
    return lines


class ClassDecisionsScreen(Projected, PageScreen):
    name = "class-decisions"

    @property
    def title(self) -> str:
        return _("Decisions so far")

    @property
    def subtitle(self) -> str:
        return _("Go back to any decision and take another path. Every path tried stays in the session record.")

    def __init__(self, app, ctx: ClassContext, on_rewind, revealed: bool) -> None:
        self.ctx = ctx
        self.on_rewind = on_rewind
        self.revealed = revealed
        self.setting = ctx.run.scenario.setting
        super().__init__(app)

    def build(self) -> None:
        session, d = self.ctx.run.record, self.doc
        sc = self.ctx.run.scenario
        self.rewinds = []
        for number, dec in enumerate(session.path, start=1):
            scene = sc.nodes[dec.node].scene if dec.node in sc.nodes else None
            heading = (_("Decision {n} · {scene}").format(n=number, scene=scene) if scene
                       else _("Decision {n}").format(n=number))
            d.add(TextItem(heading, "small", "bold", color="accent"))
            if dec.prompt:
                d.para(quoted(dec.prompt), "small", "italic", color="narration")
            d.para(dec.choice_text)
            summary = vote_summary(session, dec)
            if self.revealed:  # the meters the choice moved (one it left alone is not read out)
                moves = "; ".join(_("{meter} from {before} to {after}").format(
                    meter=meter_name(m), before=dec.before.get(m), after=dec.after.get(m))
                    for m in sc.meters if dec.before.get(m) != dec.after.get(m))
                summary += f" {moves[:1].upper()}{moves[1:]}." if moves else " " + _("No meter moved.")
            d.para(summary, "small", color="text_muted")
            self.rewinds.append(d.button(Button(_("Go back to before decision {n}").format(n=number),
                                                lambda s=dec.step: self._rewind(s), role="small",
                                                hint=str(number) if number < 10 else None), width_fraction=None))
        if not session.path:
            d.para(_("No decisions yet: the class is at the first one."))
        if len(session.branches) > 1:
            d.h2(_("Paths tried"))
            d.bullets(path_lines(session), "small")
        self.footer = [Button(_("Back to the class"), self.app.pop, primary=True, hint="B")]

    def enter(self) -> None:
        self.scroll.scroll(self.scroll.max_offset)  # the latest decision first, like a log
        self._scrolled()

    def _rewind(self, step: int) -> None:
        self.app.pop()
        self.on_rewind(step)

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind == ix.LOG or (intent.kind == ix.SHORTCUT and intent.char == "b"):
            self.app.pop()
            return
        if intent.kind == ix.PICK and 1 <= intent.n <= len(self.rewinds):
            self.rewinds[intent.n - 1].action()
            return
        super().handle(intent)


class ClassMenuScreen(Projected, MenuOverlay):
    """Esc during a class session: projector settings, phone voting, and ending the session."""

    name = "class-menu"
    padding = 24
    focus_on_pick = True  # its toggles re-lay the menu out in place: keep the one just changed lit

    def __init__(self, app, ctx: ClassContext, on_end) -> None:
        """``on_end()`` ends the class session."""
        super().__init__(app)
        self.ctx = ctx
        self.on_end = on_end

    def _items(self) -> list[Button]:
        s, ctx = self.ctx.settings, self.ctx
        record_id = ctx.run.record_id if ctx.run is not None else None
        record = (_("Saved as class session {id}; ending it writes a copy for your records.").format(id=record_id)
                  if record_id else _("The session record is kept in the progress database."))
        return [
            Button(_("Back to the class"), self.app.pop, primary=True, hint="Esc"),
            Button(_("Text size on the projector"), lambda: self._set(text_size=next_text_size(s).text_size),
                   value=size_name(s.text_size)),
            Button(_("High contrast"), lambda: self._set(high_contrast=not s.high_contrast),
                   value=on_off(s.high_contrast)),
            Button(_("Key legend"), lambda: self._set(show_keys=not s.show_keys),
                   value=shown_hidden(s.show_keys)),
            Button(_("Vote bars while voting"), lambda: self._set(live_bars=not s.live_bars),
                   value=_("Shown live") if s.live_bars else _("After the vote")),
            Button(_("Phone voting"), lambda: self._set(phones=not ctx.phones), value=on_off(ctx.phones)),
            Button(_("Port for phone voting"), lambda: self._set(port=next_port(ctx.port)), value=str(ctx.port)),
            Button(_("End the class session"), self._end, detail=record),
        ]

    def _set(self, **changes) -> None:
        self.ctx.change(**changes)  # re-lays out every screen, this one included

    def _end(self) -> None:
        self.on_end()

    def layout(self) -> None:
        ui = self.ui
        t = ui.theme
        w, h = t.size
        focus = self.focus.focus
        self.focus.set(self._items(), keep_focus=False)
        self.focus.focus = min(focus, len(self.focus.buttons) - 1)
        pad, gap = t.px(self.padding), t.px(10)
        buttons = self.focus.buttons
        # One column; or, when large text would run off the window, the settings side by side.
        for columns, design_w in ((1, 760), (2, 1160)):
            width = min(w - 2 * t.margin, t.px(design_w))
            inner_w = width - 2 * pad
            half = (inner_w - gap) // 2
            self.heading = ui.block(_("Class session"), "h2", ui.pal.text, inner_w, "bold")
            rows = [[buttons[0]]] + ([[b] for b in buttons[1:-1]] if columns == 1 else
                                     [buttons[i:i + 2] for i in range(1, len(buttons) - 1, 2)]) + [[buttons[-1]]]
            heights = [max(b.measure(ui, inner_w if len(row) == 1 else half) for b in row) for row in rows]
            total = pad + self.heading.height + t.px(14) + sum(heights) + gap * (len(rows) - 1) + pad
            if total <= h - 2 * t.px(12):
                break
        self.rect = pygame.Rect((w - width) // 2, max(t.px(12), (h - total) // 2), width, min(total, h - t.px(24)))
        y = self.rect.y + pad + self.heading.height + t.px(14)
        for row, height in zip(rows, heights):
            x = self.rect.x + pad
            for b in row:
                bw = inner_w if len(row) == 1 else half
                b.measure(ui, bw)
                b.rect = pygame.Rect(x, y, bw, height)
                x += bw + gap
            y += height + gap


class ClassDebriefScreen(Projected, PageScreen):
    """After an ending: how this path went, decision by decision, for the class discussion."""

    name = "class-debrief"
    focus_footer = True
    default_focus = 1

    def __init__(self, app, ctx: ClassContext, on_rewind, *, on_decisions, on_end) -> None:
        """``on_rewind(step)`` takes the class back; ``on_decisions(rewind)`` lists the decisions
        to go back to; ``on_end()`` ends the class session."""
        self.ctx = ctx
        self.on_rewind = on_rewind
        self.on_decisions, self.on_end = on_decisions, on_end
        run = ctx.run
        self.scenario = run.scenario
        self.debrief = build_debrief(run.scenario, run.state)
        ending = self.debrief.ending
        self.title = ending.title if ending else _("The encounter ended")
        outcome = _(OUTCOME_WORDS[ending.outcome]) if ending and ending.outcome in OUTCOME_WORDS else ""
        self.subtitle = f"{run.scenario.title} · {outcome}"
        if len(run.record.branches) > 1:
            self.subtitle += " · " + _("path {n}").format(n=run.record.branch.number)
        self.setting = run.scenario.setting
        self.paths_chart: PathsChart | None = None
        self._chart_fits: int | None = None
        super().__init__(app)

    def layout(self) -> None:
        """Lay out once to learn the viewport, then keep each chart within it (seen whole, as on
        the student's debrief)."""
        self._chart_fits = None
        super().layout()
        fits = self.scroll.viewport.height - 2 * self.ui.theme.px(8)  # (a margin over and under it)
        if any(h > fits for item, _y, h in self._placed if isinstance(item, CustomItem)):
            self._chart_fits = fits
            super().layout()

    def build(self) -> None:
        d, db, session = self.doc, self.debrief, self.ctx.run.record
        if db.ending:
            d.para(" ".join(db.ending.text.split()))
        # the ripple, what was built, the duties raised (met or missed), respect
        add_teaching(d, db, getattr(self.app, "rubric", None))
        phrase = meters_phrase(self.scenario.meters)
        # TRANSLATORS: {meters} is e.g. "trust and openness"
        heading = _("{meters} on this path").format(meters=phrase)
        d.h2(heading[:1].upper() + heading[1:])
        positions = {dec.step: i + 1 for i, dec in enumerate(db.decisions)}
        chart = MeterChart(db.trajectory, dict(self.scenario.meters),
                           [positions[tp.step] for tp in db.turning_points if tp.step in positions], True)
        chart.max_height = self._chart_fits
        d.add(CustomItem(chart.measure, chart.draw))
        if len(session.branches) > 1:
            # The paths side by side: each one's ending, and all their curves on one chart.
            d.h2(_("The paths the class tried"))
            d.bullets(path_lines(session), "small")
            start = {name: meter.start for name, meter in self.scenario.meters.items()}
            self.paths_chart = PathsChart(path_trajectories(session, start), dict(self.scenario.meters),
                                          session.branch.number)
            self.paths_chart.max_height = self._chart_fits
            d.add(CustomItem(self.paths_chart.measure, self.paths_chart.draw))
        d.h2(_("The class's decisions"))
        records = {r.step: r for r in session.path}
        for number, dec in enumerate(db.decisions, start=1):
            label = (_("Pitfall: {name}") if dec.is_pitfall else _("Practice: {name}")).format(name=_(TAG_LABELS[dec.tag]))
            moves = ", ".join(f"{meter_name(m)} {dec.delta(m):+d}" for m in self.scenario.meters)
            d.add(TextItem(f"{number}. {label} ({moves})", "small", "bold", color="poor" if dec.is_pitfall else "good"))
            d.para(quoted(dec.text))
            record = records.get(dec.step)
            if record is not None:
                d.para(vote_summary(session, record), "small", color="text_muted")
            d.para(dec.feedback, "small", color="text_muted")
        d.h2(_("For the discussion"))
        # The scene's own debrief questions (or the PEARLS four: reactions, description, analysis, application).
        d.bullets([f"{n}. {_(q)}" for n, q in enumerate(reflection_questions(self.scenario), 1)], "small")
        record_id = self.ctx.run.record_id
        record = (_("This session is saved as class session {id}. When you end it, a copy for your "
                    "records (JSON and CSV) is written and the Classroom screen shows where.").format(id=record_id)
                  if record_id else "")
        if record:
            d.para(record, "small", color="text_muted")
        self.footer = [Button(_("Go back to a decision"), self._decisions, hint="B"),
                       Button(_("End the class session"), lambda: self.on_end(), primary=True)]

    def _decisions(self) -> None:
        self.on_decisions(self._rewind)

    def _rewind(self, step: int) -> None:
        self.app.pop()  # this debrief
        self.on_rewind(step)

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind == ix.LOG or (intent.kind == ix.SHORTCUT and intent.char == "b"):
            self._decisions()
            return
        before = self.scroll.offset
        super().handle(intent)
        if intent.kind in (ix.PAGE_DOWN, ix.PAGE_UP) and self.scroll.offset != before:
            self._page_to_a_whole_chart(before, down=intent.kind == ix.PAGE_DOWN)

    def _page_to_a_whole_chart(self, before: int, down: bool) -> None:
        """A page that would cut a chart in two stops where the chart (with its heading, when both
        fit) is seen whole: a chart is read as one picture, never over two pages."""
        view, offset = self.scroll.viewport.height, self.scroll.offset
        margin = self.ui.theme.px(8)
        for i, (item, y, h) in enumerate(self._placed):
            if not isinstance(item, CustomItem) or h + 2 * margin > view:
                continue
            top, bottom = y - margin, y + h + margin
            if i and bottom - self._placed[i - 1][1] <= view:  # the heading over it too
                top = self._placed[i - 1][1] - margin
            if offset <= top and bottom <= offset + view:
                continue  # already seen whole
            if down and before < top < offset + view:
                self.scroll.offset = self.scroll.clamp(top)
            elif not down and offset < bottom and bottom - view < before:
                self.scroll.offset = self.scroll.clamp(bottom - view)
            else:
                continue
            self._scrolled()
            return
