"""Playing from a list of choices: `rapport play --choices`, tests and tools."""

from __future__ import annotations

from typing import Iterable

from game.story import CHOICE, Choice, PlayError, PlayState, Scenario

from .session import Listener, PlaySession


class ScriptError(ValueError):
    """A scripted choice that does not fit where the encounter is."""


def pick(state: PlayState, token: str) -> Choice:
    """The choice a token names: a 1-based number among the offered choices, or a choice id."""
    offered = state.available()
    token = token.strip()
    if token.isascii() and token.isdigit():  # "²" and other Unicode digits are not choice numbers
        n = int(token) if len(token) <= 6 else None
        if n is not None and 1 <= n <= len(offered):
            return offered[n - 1]
        shown = token if n is not None else token[:6] + "…"
        raise ScriptError(f'choice {shown} at node "{state.node_id}": only {len(offered)} choice(s) are offered')
    for choice in offered:
        if choice.id == token:
            return choice
    ids = ", ".join(c.id for c in offered)
    shown = token if len(token) <= 40 and token.isprintable() else repr(token[:40]) + ("…" if len(token) > 40 else "")
    raise ScriptError(f'"{shown}" is not offered at node "{state.node_id}"; offered: {ids}')


def play_scripted(scenario: Scenario, tokens: Iterable[str], listeners: Iterable[Listener] = ()) -> PlaySession:
    """Play ``tokens`` (numbers or ids), reading on wherever no choice is asked for."""
    queue = [t for t in tokens if t.strip()]
    try:
        session = PlaySession.start(scenario, listeners)
        while not session.is_over:
            if session.status != CHOICE:  # reading on, or past the client's reaction
                session.read_on()
                continue
            if not queue:
                break
            session.choose(pick(session.state, queue.pop(0)).id)
    except PlayError as exc:  # e.g. a loop that never asks for a decision
        raise ScriptError(str(exc)) from None
    if queue:
        raise ScriptError(f"the encounter ended with {len(queue)} choice(s) left over: {','.join(queue)}")
    return session
