"""The facilitator's other screens: decisions so far (go back), the menu, and the class debrief."""

from __future__ import annotations

import pygame

from game.classroom.config import next_port, next_text_size
from game.classroom.record import BY_OVERRIDE, BY_VOTE
from game.story import TAG_LABELS, build_debrief
from game.story.debrief import reflection_questions
from game.ui import input as ix
from game.ui.chart import MeterChart
from game.ui.meters import meters_phrase
from game.ui.classroom.compare import PathsChart, path_trajectories
from game.ui.classroom.context import ClassContext, Projected
from game.ui.classroom.setup import SIZE_NAMES
from game.ui.screens.common import CustomItem, PageScreen, TextItem
from game.ui.screens.debrief import add_teaching
from game.ui.screens.menu_overlay import MenuOverlay
from game.ui.widgets import Button

OUTCOME_WORDS = {"best": "the best ending", "good": "a good ending", "mixed": "a mixed ending",
                 "poor": "a difficult ending"}


def vote_summary(record, decision) -> str:
    """How the class took a decision, in one sentence."""
    vote = record.vote_number(decision.vote)
    if vote is None:
        return "Taken without a vote."
    count = vote.count(decision.choice)
    mine = count.total if count else 0
    votes = f"{vote.total} vote" + ("" if vote.total == 1 else "s")
    if decision.chosen_by == BY_VOTE:
        return f"The class's choice: {mine} of {votes}."
    if decision.chosen_by == BY_OVERRIDE and vote.winners:
        best = vote.count(vote.winners[0])
        return (f"Taken to discuss the difference: the class had voted for \u201c{best.label}\u201d "
                f"({best.total} of {votes}); this one had {mine}.")
    return f"Taken after a vote with {votes}."


def path_lines(session) -> list[str]:
    """One line per path the class tried (``session``: the ClassRecord)."""
    lines = []
    for b in session.branches:
        start = "from the start" if b.number == 1 else f"back to decision {b.from_decision}"
        taken = sum(1 for d in session.decisions if d.branch == b.number)
        end = f"ended with \u201c{b.ending_title}\u201d" if b.ending else (
            "being played now" if b is session.branch else "left before an ending")
        lines.append(f"Path {b.number}, {start}: {taken} decision{'s' if taken != 1 else ''}, {end}.")
    return lines


class ClassDecisionsScreen(Projected, PageScreen):
    name = "class-decisions"
    title = "Decisions so far"
    subtitle = "Go back to any decision and take another path. Every path tried stays in the session record."

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
            d.add(TextItem(f"Decision {number}" + (f" · {scene}" if scene else ""), "small", "bold", color="accent"))
            if dec.prompt:
                d.para(f"\u201c{dec.prompt}\u201d", "small", "italic", color="narration")
            d.para(dec.choice_text)
            summary = vote_summary(session, dec)
            if self.revealed:
                moves = "; ".join(f"{m} from {dec.before.get(m)} to {dec.after.get(m)}" for m in sc.meters)
                summary += f" {moves[:1].upper()}{moves[1:]}."
            d.para(summary, "small", color="text_muted")
            self.rewinds.append(d.button(Button(f"Go back to before decision {number}",
                                                lambda s=dec.step: self._rewind(s), role="small",
                                                hint=str(number) if number < 10 else None), width_fraction=None))
        if not session.path:
            d.para("No decisions yet: the class is at the first one.")
        if len(session.branches) > 1:
            d.h2("Paths tried")
            d.bullets(path_lines(session), "small")
        self.footer = [Button("Back to the class", self.app.pop, primary=True, hint="B")]

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
        record = (f"Saved as class session {record_id}; ending it writes a copy for your records."
                  if record_id else "The session record is kept in the progress database.")
        return [
            Button("Back to the class", self.app.pop, primary=True, hint="Esc"),
            Button("Text size on the projector", lambda: self._set(text_size=next_text_size(s).text_size),
                   value=SIZE_NAMES[s.text_size]),
            Button("High contrast", lambda: self._set(high_contrast=not s.high_contrast),
                   value="On" if s.high_contrast else "Off"),
            Button("Key legend", lambda: self._set(show_keys=not s.show_keys), value="Shown" if s.show_keys else "Hidden"),
            Button("Vote bars while voting", lambda: self._set(live_bars=not s.live_bars),
                   value="Shown live" if s.live_bars else "After the vote"),
            Button("Phone voting", lambda: self._set(phones=not ctx.phones), value="On" if ctx.phones else "Off"),
            Button("Port for phone voting", lambda: self._set(port=next_port(ctx.port)), value=str(ctx.port)),
            Button("End the class session", self._end, detail=record),
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
            self.heading = ui.block("Class session", "h2", ui.pal.text, inner_w, "bold")
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
        self.title = ending.title if ending else "The encounter ended"
        path = f" · path {run.record.branch.number}" if len(run.record.branches) > 1 else ""
        self.subtitle = f"{run.scenario.title} · {OUTCOME_WORDS.get(ending.outcome, '') if ending else ''}{path}"
        self.setting = run.scenario.setting
        super().__init__(app)

    def build(self) -> None:
        d, db, session = self.doc, self.debrief, self.ctx.run.record
        if db.ending:
            d.para(" ".join(db.ending.text.split()))
        # the ripple, what was built, the duties raised (met or missed), respect
        add_teaching(d, db, getattr(self.app, "rubric", None))
        phrase = meters_phrase(self.scenario.meters)
        d.h2(f"{phrase[:1].upper()}{phrase[1:]} on this path")
        positions = {dec.step: i + 1 for i, dec in enumerate(db.decisions)}
        chart = MeterChart(db.trajectory, dict(self.scenario.meters),
                           [positions[tp.step] for tp in db.turning_points if tp.step in positions], True)
        d.add(CustomItem(chart.measure, chart.draw))
        if len(session.branches) > 1:
            # The paths side by side: each one's ending, and all their curves on one chart.
            d.h2("The paths the class tried")
            d.bullets(path_lines(session), "small")
            start = {name: meter.start for name, meter in self.scenario.meters.items()}
            self.paths_chart = PathsChart(path_trajectories(session, start), dict(self.scenario.meters),
                                          session.branch.number)
            d.add(CustomItem(self.paths_chart.measure, self.paths_chart.draw))
        d.h2("The class's decisions")
        records = {r.step: r for r in session.path}
        for number, dec in enumerate(db.decisions, start=1):
            label = ("Pitfall: " if dec.is_pitfall else "Practice: ") + TAG_LABELS[dec.tag]
            moves = ", ".join(f"{m} {dec.delta(m):+d}" for m in self.scenario.meters)
            d.add(TextItem(f"{number}. {label} ({moves})", "small", "bold", color="poor" if dec.is_pitfall else "good"))
            d.para(f"\u201c{dec.text}\u201d")
            record = records.get(dec.step)
            if record is not None:
                d.para(vote_summary(session, record), "small", color="text_muted")
            d.para(dec.feedback, "small", color="text_muted")
        d.h2("For the discussion")
        # The scene's own debrief questions (or the PEARLS four: reactions, description, analysis, application).
        d.bullets([f"{n}. {q}" for n, q in enumerate(reflection_questions(self.scenario), 1)], "small")
        record_id = self.ctx.run.record_id
        record = (f"This session is saved as class session {record_id}. When you end it, a copy for your "
                  "records (JSON and CSV) is written and the Classroom screen shows where."
                  if record_id else "")
        if record:
            d.para(record, "small", color="text_muted")
        self.footer = [Button("Go back to a decision", self._decisions, hint="B"),
                       Button("End the class session", lambda: self.on_end(), primary=True)]

    def _decisions(self) -> None:
        self.on_decisions(self._rewind)

    def _rewind(self, step: int) -> None:
        self.app.pop()  # this debrief
        self.on_rewind(step)

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind == ix.LOG or (intent.kind == ix.SHORTCUT and intent.char == "b"):
            self._decisions()
            return
        super().handle(intent)
