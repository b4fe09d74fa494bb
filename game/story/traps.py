"""Loops a player can never leave, found from the links alone (cheap enough for every load).

Two classes, both checked on every load so that `validate`, `play` and the window refuse them:

- a place from which no end node can be reached by any link, whatever the conditions: a node
  that jumps to itself, or a ring of nodes that only lead to each other (RP0510, an error);
- a ring of nodes without text or choices that pass on to each other: the game would pass on
  for ever without showing anything (RP0511, an error when every link in the ring is a plain
  `next` or an unconditional route; RP0512, a warning when a route condition decides, since
  nothing in the ring can change the meters or flags that condition reads).

Loops that only conditions close (a choice that is never offered, say) need the state
exploration of `rapport analyze`, which reports them with the path that leads in.
"""

from __future__ import annotations

from collections.abc import Mapping

from .components import loops_in
from .conditions import Visited, walk
from .diagnostics import ERROR, WARNING, Diagnostic
from .model import Node

NO_WAY_OUT = "RP0510"
FREEZE = "RP0511"
MAY_FREEZE = "RP0512"


def _links(node: Node) -> list[str]:
    return [c.next for c in node.choices] + [r.next for r in node.routes]


def _passes_on(node: Node) -> bool:
    return node.end is None and not node.choices and not node.has_text


def _components(ids: list[str], succ: Mapping[str, list[str]]) -> list[list[str]]:
    """Strongly connected components among ``ids`` that hold a cycle, in ``ids`` order (the
    same search as the state graph's, components.loops_in, over the node ids numbered)."""
    number = {n: i for i, n in enumerate(ids)}
    first: list[int] = [0]
    dst: list[int] = []
    for n in ids:
        dst.extend(number[t] for t in succ.get(n, []) if t in number)
        first.append(len(dst))
    members = bytearray([1]) * len(ids)
    return [[ids[v] for v in comp] for comp in loops_in(len(ids), first, dst, members)]


def _names(nodes: list[str], limit: int = 6) -> str:
    shown = ", ".join(f'"{n}"' for n in nodes[:limit])
    return shown + (f" and {len(nodes) - limit} more" if len(nodes) > limit else "")


def trap_diagnostics(filename: str, nodes: Mapping[str, Node], start: str,
                     node_pos: Mapping[str, tuple[int, int]]) -> list[Diagnostic]:
    """Errors (and warnings) for loops the player cannot leave; see the module docstring."""
    if start not in nodes:
        return []
    order = {n: i for i, n in enumerate(nodes)}
    succ = {n: [t for t in _links(node) if t in nodes] for n, node in nodes.items()}
    out: list[Diagnostic] = []

    def report(comp: list[str], message: str, severity: str, code: str) -> None:
        comp = sorted(comp, key=order.__getitem__)
        line, col = node_pos.get(comp[0], (0, 0))
        out.append(Diagnostic(filename, line, col, message.format(names=_names(comp)), severity, code))

    # Rings of text-less nodes, among every node (a freeze is wrong wherever it is). A node
    # whose first route has no condition always takes it: rings of those always freeze.
    quiet = [n for n, node in nodes.items() if _passes_on(node)]
    forced = {n: [nodes[n].routes[0].next] for n in quiet
              if nodes[n].routes and nodes[n].routes[0].condition is None
              and nodes[n].routes[0].next in nodes and _passes_on(nodes[nodes[n].routes[0].next])}
    frozen: set[str] = set()
    for comp in _components(list(forced), forced):
        frozen |= set(comp)
        report(comp, "endless loop through {names}: these nodes have no text or choices and pass on to each "
                     "other for ever, so the game would freeze; give one of them text or choices, or a route "
                     "to an end node", ERROR, FREEZE)
    quiet_succ = {n: [t for t in succ[n] if _passes_on(nodes[t])] for n in quiet}
    for comp in _components(quiet, quiet_succ):
        if set(comp) & frozen:
            continue
        # Leaving the ring needs a route whose condition can change while going round; only a
        # `visited` condition can (meters and flags change only with a choice).
        if not any(isinstance(p, Visited) for n in comp for r in nodes[n].routes if r.condition
                   for p in walk(r.condition)):
            report(comp, "possible endless loop through {names}: these nodes have no text or choices and pass on "
                         "to each other while their route conditions fail, and nothing in the loop can change "
                         "them, so the game would freeze there; run `rapport analyze` to see whether a path "
                         "gets stuck", WARNING, MAY_FREEZE)

    # Places no link leads out of towards an end node, among the nodes a link reaches.
    reachable = {start}
    stack = [start]
    while stack:
        for t in succ[stack.pop()]:
            if t not in reachable:
                reachable.add(t)
                stack.append(t)
    pred: dict[str, list[str]] = {}
    for n, targets in succ.items():
        for t in targets:
            pred.setdefault(t, []).append(n)
    can_end = {n for n, node in nodes.items() if node.end is not None}
    stack = list(can_end)
    while stack:
        for p in pred.get(stack.pop(), []):
            if p not in can_end:
                can_end.add(p)
                stack.append(p)
    trapped = [n for n in nodes if n in reachable and n not in can_end]
    trapped_succ = {n: [t for t in succ[n] if t in reachable and t not in can_end] for n in trapped}
    for comp in _components(trapped, trapped_succ):
        if set(comp) <= frozen:
            continue
        report(comp, "endless loop through {names}: no link leads from here towards an end node, so the player "
                     "can only go round and round; add a choice or route that leads on to an ending",
               ERROR, NO_WAY_OUT)
    return out
