"""Strongly connected components of a state graph (statespace.StateGraph) that hold a loop."""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .statespace import StateGraph


def cyclic_components(g: StateGraph, members: bytearray) -> list[list[int]]:
    """Strongly connected components among ``members`` that hold a loop (Tarjan, iteratively)."""
    return loops_in(len(g.states), g.first, g.dst, members)


def loops_in(n: int, first, dst, members: bytearray) -> list[list[int]]:
    """Strongly connected components among ``members`` of the graph of ``n`` vertices whose
    edges from v are ``dst[first[v]:first[v + 1]]``, those that hold a loop, in the order
    Tarjan's search (iterative, roots in vertex order) completes them."""
    index = array("i", [-1]) * n
    low = array("i", [0]) * n
    on_stack = bytearray(n)
    stack: list[int] = []
    counter = 0
    out: list[list[int]] = []
    for root in range(n):
        if not members[root] or index[root] != -1:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        work = [(root, first[root])]
        while work:
            v, k = work[-1]
            end = first[v + 1]
            descended = False
            while k < end:
                w = dst[k]
                k += 1
                if not members[w]:
                    continue
                if index[w] == -1:
                    work[-1] = (v, k)
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = 1
                    work.append((w, first[w]))
                    descended = True
                    break
                if on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
            if descended:
                continue
            work.pop()
            if work:
                u = work[-1][0]
                low[u] = min(low[u], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack[w] = 0
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or any(dst[j] == v for j in range(first[v], first[v + 1])):
                    out.append(comp)
    return out
