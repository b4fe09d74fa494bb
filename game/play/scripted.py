"""Playing from a list of choices: `rapport play --choices`, tests and tools."""

from __future__ import annotations

from typing import Iterable

from game.story import CHOICE, Choice, PlayState, Scenario

from .session import Listener, PlaySession


class ScriptError(ValueError):
    """A scripted choice that does not fit where the encounter is."""


def pick(state: PlayState, token: str) -> Choice:
    """The choice a token names: a 1-based number among the offered choices, or a choice id."""
    offered = state.available()
    token = token.strip()
    if token.isdigit():
        n = int(token)
        if 1 <= n <= len(offered):
            return offered[n - 1]
        raise ScriptError(f'choice {n} at node "{state.node_id}": only {len(offered)} choice(s) are offered')
    for choice in offered:
        if choice.id == token:
            return choice
    ids = ", ".join(c.id for c in offered)
    raise ScriptError(f'"{token}" is not offered at node "{state.node_id}"; offered: {ids}')


def play_scripted(scenario: Scenario, tokens: Iterable[str], listeners: Iterable[Listener] = ()) -> PlaySession:
    """Play ``tokens`` (numbers or ids), reading on wherever no choice is asked for."""
    session = PlaySession.start(scenario, listeners)
    queue = [t for t in tokens if t.strip()]
    while not session.is_over:
        if session.status != CHOICE:
            session.read_on()
            continue
        if not queue:
            break
        session.choose(pick(session.state, queue.pop(0)).id)
    if queue:
        raise ScriptError(f"the encounter ended with {len(queue)} choice(s) left over: {','.join(queue)}")
    return session
