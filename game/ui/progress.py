"""The window's side of students' progress: who plays first, what Continue opens, dates.

Storage is game.progress.ProgressStore (``app.progress``); saving and the endings found are
listeners on the session (game.play). This module keeps screens free of the store's details:
every ProgressError becomes a line on screen, or no offer, and play goes on.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from game.i18n import N_, _, ngettext
from game.progress import AttemptSummary, Profile, ProgressError, ProgressStore


def temporary_store() -> ProgressStore:
    """A store in memory, for an App built without one: progress lasts while the window is open."""
    from game.progress.database import write
    from game.progress.schema import create_current

    conn = sqlite3.connect(":memory:", isolation_level=None)
    with write(conn):
        create_current(conn)
    return ProgressStore(conn, None, [])


def first_profile(store: ProgressStore) -> Profile | None:
    """Who plays when the game opens: the only profile on a machine with one; nobody (the title
    asks) on a shared machine with several, so no student carries on as the last one by mistake."""
    try:
        profiles = store.profiles()
    except ProgressError:
        return None
    return profiles[0] if len(profiles) == 1 else None


@dataclass(frozen=True)
class ContinueOffer:
    """What the title's Continue button returns to, and the line under it."""

    detail: str  # the second line of the Continue button
    saved: AttemptSummary | None  # None: the encounter still open in this window


def continue_offer(app) -> ContinueOffer | None:
    """What Continue on the title screen returns to, if anything."""
    session = app.session
    if session is not None and not session.state.is_over:
        made = len(session.state.decisions)
        return ContinueOffer(_("{scenario} · {choices} so far").format(scenario=session.scenario.title,
                                                                       choices=choices(made)), None)
    if app.profile is None:
        return None
    try:
        saved = app.progress.continuable(app.profile)
    except ProgressError:
        return None  # the title stays usable; the next save will say what is wrong
    if saved is None:
        return None
    title = saved.scenario_title or saved.scenario_id
    return ContinueOffer(_("{scenario} · {choices} so far · saved {when}").format(
        scenario=title, choices=choices(saved.decisions), when=when(saved.updated_at)), saved)


def scenario_offer(app, scenario_id: str) -> ContinueOffer | None:
    """The unfinished encounter of this one scenario that Continue on its briefing returns to:
    each encounter keeps its own place, so starting another never loses this one."""
    session = app.session
    if session is not None and session.scenario.id == scenario_id and not session.state.is_over:
        made = len(session.state.decisions)
        return ContinueOffer(_("Where you left off · {choices} so far").format(choices=choices(made)), None)
    if app.profile is None:
        return None
    try:
        attempts = app.progress.history(app.profile, scenario_id)
    except ProgressError:
        return None
    playing = [a for a in attempts if a.status == "playing"]
    if not playing:
        return None
    saved = max(playing, key=lambda a: (a.updated_at or "", a.number))
    if session is not None and session.attempt is not None and session.attempt.uuid == saved.uuid:
        return None  # that one is the encounter open in this window, and it has ended
    return ContinueOffer(_("Where you left off · {choices} so far · saved {when}").format(
        choices=choices(saved.decisions), when=when(saved.updated_at)), saved)


def choices(n: int) -> str:
    return ngettext("{n} choice", "{n} choices", n).format(n=n)


# Month names as the player reads them (strftime's %b follows the C locale, not the game's language).
MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"),
          N_("Oct"), N_("Nov"), N_("Dec"))


def when(stamp: str | None, now: datetime | None = None) -> str:
    """A stored UTC time as the player reads it, in local time: "today 14:03", "3 Mar 2025 09:15"."""
    if not stamp:
        return _("unknown time")
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    now = now or datetime.now().astimezone()
    clock = f"{moment:%H:%M}"
    days = (now.date() - moment.date()).days
    if days == 0:
        return _("today {time}").format(time=clock)
    if days == 1:
        return _("yesterday {time}").format(time=clock)
    # TRANSLATORS: a date and time, e.g. "3 Mar 2025 09:15"
    return _("{day} {month} {year} {time}").format(day=moment.day, month=_(MONTHS[moment.month - 1]),
                                                   year=moment.year, time=clock)
