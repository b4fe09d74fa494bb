"""Balance figures for authors: can a student reach the best ending without reading the client?

Every figure is exact, computed over the state graph (statespace.StateGraph, public API only)
with the core's own rules, not sampled:

- the most pitfalls any path to the best ending can hold;
- the share of uniformly random play that ends in each ending;
- surface probes: players who pick by a feature of the text (position, length, punctuation,
  keywords, the kind of response, …), each with its exact chance of the best ending (ties
  between equally scored options are split evenly);
- how often the client's visible face (band and beat) gets worse after a pitfall;
- the decisions on the shortest complete path, and the distinct routes (sequences of decision
  moments) that reach the best ending.

The flags (RP06xx) are warnings for format 2 scenes; a format 1 scene gets the figures only.
docs/authoring.md explains each figure and how to clear each flag.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from heapq import heappop, heappush
from itertools import compress
from dataclasses import dataclass, field
from typing import Callable, Sequence
from weakref import WeakKeyDictionary

from .conditions import MeterRange, walk
from .diagnostics import WARNING, Diagnostic
from .model import BANDS, BEAT_RANK, EXPRESSION_FACES, RESPONSE_KINDS, Choice, Scenario
from .rules import apply_effects, cue_for, relationship_band
from .statespace import MASK, MASK64, AnalysisError, StateGraph

MAX_BEST_PITFALLS = 2
RANDOM_BEST_RANGE = (0.05, 0.35)
MIN_DECISIONS = 8
MIN_DECISIONS_INTRODUCTORY = 4
MIN_ROUTES = 2
ROUTE_CAP = 1000  # distinct routes are counted up to this many
KEYWORDS = ("feel", "you", "I", "sorry", "understand")
PUNCTUATION = re.compile(r"[.,;:!?…—–\-'\"()]")

# A probe scores each offered option (choice, position among the offered, how many are offered);
# it always picks the highest score, splitting ties evenly.
Score = Callable[[Choice, int, int], float]


def _count_word(word: str) -> Score:
    flags = 0 if word == "I" else re.I
    pattern = re.compile(rf"\b{re.escape(word)}\w*\b" if word == "feel" else rf"\b{re.escape(word)}\b", flags)
    return lambda c, i, n: len(pattern.findall(c.text))


def probes(scenario: Scenario) -> dict[str, Score]:
    """Every surface probe for this scene: name -> score."""
    name = re.compile(rf"\b{re.escape(scenario.client.name.split()[0])}\b") if scenario.client else None
    out: dict[str, Score] = {
        "always the first option": lambda c, i, n: -i,
        "always the last option": lambda c, i, n: i,
        "always the middle option": lambda c, i, n: -abs(i - (n - 1) / 2),
        "always the longest text": lambda c, i, n: len(c.text),
        "always the shortest text": lambda c, i, n: -len(c.text),
        "always the most words": lambda c, i, n: len(c.text.split()),
        "always the most punctuation": lambda c, i, n: len(PUNCTUATION.findall(c.text)),
        "always the least punctuation": lambda c, i, n: -len(PUNCTUATION.findall(c.text)),
        "always a question mark": lambda c, i, n: "?" in c.text,
        "never a question mark": lambda c, i, n: "?" not in c.text,
        "always an exclamation mark": lambda c, i, n: "!" in c.text,
        "always a pause (… or a dash)": lambda c, i, n: any(m in c.text for m in ("…", "...", "—", " - ")),
        "always the client's name": (lambda c, i, n: bool(name.search(c.text))) if name else (lambda c, i, n: 0),
        'always "we" / "together"': lambda c, i, n: len(re.findall(r"\b(we|us|together|let's)\b", c.text, re.I)),
        'always "it sounds like" / "it seems"':
            lambda c, i, n: bool(re.search(r"\b(sounds like|it seems|you seem)\b", c.text, re.I)),
        "always a tentative opener (maybe, perhaps, I wonder)":
            lambda c, i, n: bool(re.search(r"\b(maybe|perhaps|wonder|might)\b", c.text, re.I)),
    }
    for word in KEYWORDS:
        out[f'most "{word}"'] = _count_word(word)
    kinds = sorted({c.kind for node in scenario.nodes.values() for c in node.choices if c.kind},
                   key=RESPONSE_KINDS.index)
    for kind in kinds:
        article = "an" if kind[0] in "aeiou" else "a"
        out[f"always {article} {kind}"] = (lambda k: lambda c, i, n: c.kind == k)(kind)
    return out


@dataclass(frozen=True)
class Probe:
    name: str
    best_chance: float
    decisive: float = 1.0  # share of the distinct option sets where the probe picks exactly one

    def to_dict(self) -> dict:
        return {"probe": self.name, "best_chance": self.best_chance, "decisive": self.decisive}

    def beats_guessing(self, random_best: float) -> bool:
        """Flagged: the probe reaches best and its feature is doing the work, either because it
        never needs a tie-break or because it does better than guessing. A probe that mostly
        ties is random play (its figure is still shown; RP0604 covers random play)."""
        return self.best_chance > 0 and (self.decisive >= 1.0 or self.best_chance > random_best + 1e-9)


@dataclass(frozen=True)
class FaceMiss:
    """A pitfall after which the client looks no worse (in at least one state)."""

    node: str
    choice: str
    before: str  # "beat:band"
    after: str

    def to_dict(self) -> dict:
        return {"node": self.node, "choice": self.choice, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class Balance:
    scenario: Scenario
    best: str | None  # the best ending's id
    most_pitfalls_to_best: int | None  # None: no best ending reached, or a loop makes it unbounded
    most_pitfalls_path: tuple[str, ...] | None
    random_shares: dict[str, float]  # ending id -> exact share of uniform random play
    stuck_share: float
    probes: list[Probe]
    pitfall_moves: int  # pitfall choices offered, counted per decision state
    pitfalls_no_worse: int  # of those, how many leave the face no worse
    face_misses: list[FaceMiss]  # distinct (node, choice) pitfalls that can leave the face no worse
    shortest_decisions: int | None
    shortest_path: tuple[str, ...] | None
    routes_to_best: int
    routes_capped: bool
    findings: list[Diagnostic] = field(default_factory=list)

    @property
    def worse_share(self) -> float | None:
        return 1 - self.pitfalls_no_worse / self.pitfall_moves if self.pitfall_moves else None

    def to_dict(self) -> dict:
        return {
            "best": self.best,
            "most_pitfalls_to_best": self.most_pitfalls_to_best,
            "most_pitfalls_path": list(self.most_pitfalls_path) if self.most_pitfalls_path is not None else None,
            "random_shares": self.random_shares,
            "stuck_share": self.stuck_share,
            "probes": [p.to_dict() for p in self.probes],
            "pitfalls": {"offered": self.pitfall_moves, "face_no_worse": self.pitfalls_no_worse,
                         "face_worse_share": self.worse_share,
                         "no_worse": [m.to_dict() for m in self.face_misses]},
            "shortest_decisions": self.shortest_decisions,
            "shortest_path": list(self.shortest_path) if self.shortest_path is not None else None,
            "routes_to_best": self.routes_to_best,
            "routes_capped": self.routes_capped,
            "flags": [d.to_dict() for d in self.findings],
        }


# -- exact play values --------------------------------------------------------------------

class _Solver:
    """Chance of reaching some endings from each state, under a policy that weights each move."""

    def __init__(self, g: StateGraph):
        self.g = g
        n = len(g.states)
        # flat arrays, not lists of int and float objects: a 50,000-node scene has millions of states
        self.order = order = g.topological_order()  # shared with the analysis
        self.cyclic = len(order) < n
        # states a loop leads into: solved by iteration after the acyclic part
        if self.cyclic:
            placed = bytearray(n)
            for s in order:
                placed[s] = 1
            self.rest = [s for s in range(n) if not placed[s]]
        else:
            self.rest = []
        self._uniform: array | None = None
        self._members: dict[tuple, array] | None = None
        self._positions: array | None = None
        # the distinct sets of offered options (the labels offered, in the order first met),
        # their indexes by the labels' bytes (label.tobytes()), and per state the index of its
        # set (-1: none; the start's move when the start is not a decision)
        first, label = g.first, g.label
        self.set_index: dict[bytes, int] = {array(label.typecode, [-1]).tobytes(): -1}
        index = self.set_index
        keys: list[tuple[int, ...]] = []
        labels, size = label.tobytes(), label.itemsize
        self.set_of = set_of = array("i", [-1]) * n
        lo = first[0] if n else 0
        for s, hi in enumerate(first[1:n + 1]):
            if lo != hi:
                key = labels[size * lo:size * hi]
                j = index.get(key)
                if j is None:
                    j = index[key] = len(keys)
                    keys.append(tuple(label[lo:hi]))
                set_of[s] = j
            lo = hi
        self.keys = keys
        # Sets whose options read alike to every probe (the same texts and kinds, in the same
        # order) get the same pattern from every probe: each such group is scored once.
        alike: dict[tuple, int] = {}
        choices = g.choices
        self.alike = [alike.setdefault(tuple([(choices[lab][1].text, choices[lab][1].kind) for lab in key]), len(alike))
                      for key in keys]

    @property
    def offer_sets(self) -> dict[tuple, array]:
        """The distinct sets of offered options (labels offered -> the decision states offering them)."""
        if self._members is None:
            members: list[array] = [array("i") for _ in self.keys]
            for s, j in enumerate(self.set_of):
                if j >= 0:
                    members[j].append(s)
            self._members = dict(zip(self.keys, members))
        return self._members

    @property
    def positions(self) -> array:
        """Per state in the topological order, its place there."""
        if self._positions is None:
            self._positions = pos = array("i", bytes(4 * len(self.g.states)))
            for i, s in enumerate(self.order):
                pos[s] = i
        return self._positions

    @property
    def uniform(self) -> array:
        """Random play's weights, one per move: an even share of each state's moves."""
        if self._uniform is None:
            g = self.g
            first = g.first
            uniform = self._uniform = array("d", bytes(8 * len(g.dst)))
            for s in range(len(g.states)):
                lo, hi = first[s], first[s + 1]
                if lo != hi:
                    share = 1.0 / (hi - lo)
                    for k in range(lo, hi):
                        uniform[k] = share
        return self._uniform

    def solve(self, weights: Sequence[float], target: set[int]) -> list[float]:
        """value[s] = chance to end in a sink whose ending index is in ``target``."""
        g = self.g
        n = len(g.states)
        value = [0.0] * n
        for s, e in g.ending_of.items():
            if e in target:
                value[s] = 1.0
        first, dst = g.first, g.dst

        def update(s: int) -> float:
            return sum(weights[k] * value[dst[k]] for k in range(first[s], first[s + 1]))

        if self.cyclic:  # Gauss-Seidel on the states loops reach, until it settles
            for _ in range(10_000):
                change = 0.0
                for s in reversed(self.rest):
                    if s in g.ending_of:
                        continue
                    v = update(s)
                    change = max(change, abs(v - value[s]))
                    value[s] = v
                if change < 1e-13:
                    break
        for s in reversed(self.order):
            if s not in g.ending_of:
                value[s] = update(s)
        return value


def _patterns(g: StateGraph, score: Score, solver: "_Solver", decided: list | None = None) -> list[tuple[float, ...]]:
    """Per set of offered options (in solver.keys' order), the probe's move weights: its
    top-scored options share the state's chance evenly. The scores depend only on the options
    offered (a probe reads an option's text and kind, its position and how many are offered),
    so each group of sets that read alike (solver.alike) is scored once."""
    out = []
    known: dict[tuple, tuple[float, ...]] = {}
    by_group: dict[int, tuple[tuple[float, ...], bool]] = {}
    choices = g.choices
    for key, group in zip(solver.keys, solver.alike):
        found = by_group.get(group)
        if found is None:
            n = len(key)
            scores = [float(score(choices[lab][1], i, n)) for i, lab in enumerate(key)]
            top = max(scores)
            winners = sum(1 for x in scores if x == top)
            pattern = tuple([1.0 / winners if x == top else 0.0 for x in scores])
            found = by_group[group] = (known.setdefault(pattern, pattern), winners == 1)
        if decided is not None:
            decided.append(found[1])
        out.append(found[0])
    return out


def _policy(g: StateGraph, score: Score | None, solver: "_Solver", decided: list | None = None,
            patterns: list[tuple[float, ...]] | None = None) -> Sequence[float]:
    """Move weights, one per move: uniform, or the probe's patterns laid over the states."""
    if score is None and patterns is None:
        return solver.uniform
    if patterns is None:
        assert score is not None
        patterns = _patterns(g, score, solver, decided)
    weights = list(solver.uniform)
    first = g.first
    for pattern, states in zip(patterns, solver.offer_sets.values()):
        n = len(pattern)
        for s in states:
            lo = first[s]
            weights[lo:lo + n] = pattern
    return weights


def _ending_chances(g: StateGraph, solver: _Solver, weights: Sequence[float]) -> dict[int, float]:
    """Ending index -> chance of ending there from the start under ``weights``. Without loops,
    the chance flows forward from the start only along moves the policy takes."""
    if solver.cyclic:
        return {e: solver.solve(weights, {e})[0] for e in range(len(g.scenario.endings))}
    mass = array("d", bytes(8 * len(g.states)))
    mass[0] = 1.0
    out: dict[int, float] = {}
    first, dst, ending_of = g.first, g.dst, g.ending_of
    for s in solver.order:  # topological: all mass has arrived before a state passes it on
        m = mass[s]
        if not m:
            continue
        e = ending_of.get(s)
        if e is not None:
            out[e] = out.get(e, 0.0) + m
            continue
        for k in range(first[s], first[s + 1]):
            w = weights[k]
            if w:
                mass[dst[k]] += m * w
    return out


def _probe_chances(g: StateGraph, solver: _Solver, patterns: list[tuple[float, ...]]) -> dict[int, float]:
    """The same as _ending_chances under a probe's patterns, without laying them out per move:
    each state with chance passes it on along its set's nonzero weights only (a probe mostly
    picks one option). Same products added in the same order: the figures are identical.

    A probe that picks one option where it can passes chance along a few paths only, so the
    states with chance are taken in topological order from a heap of their places in it,
    instead of walking every state; past a fifth of the states the walk goes on in order.
    A probe that splits evenly between every option everywhere is random play."""
    if solver.cyclic:
        return _ending_chances(g, solver, _policy(g, None, solver, patterns=patterns))
    if all(len(set(p)) == 1 for p in patterns):  # even shares everywhere: random play's floats
        return _random_chances(g, solver)
    taken = [[(i, w) for i, w in enumerate(p) if w] for p in patterns]
    first, dst, ending_of = g.first, g.dst, g.ending_of
    n = len(g.states)
    mass = array("d", bytes(8 * n))
    out: dict[int, float] = {}
    if not n:
        return out
    mass[0] = 1.0
    order, pos = solver.order, solver.positions
    set_of = solver.set_of
    heap = [0]  # state 0 comes first in the order
    left = n // 5
    rest = None
    while heap:
        p = heappop(heap)
        left -= 1
        if left < 0:
            rest = p
            break
        s = order[p]
        m = mass[s]
        lo, hi = first[s], first[s + 1]
        if hi == lo:
            e = ending_of.get(s)
            if e is not None:
                out[e] = out.get(e, 0.0) + m
            continue
        j = set_of[s]
        if j >= 0:
            for i, w in taken[j]:
                t = dst[lo + i]
                old = mass[t]
                new = mass[t] = old + m * w
                if not old and new:
                    heappush(heap, pos[t])
        else:  # the start's move when the start is not a decision: random play's even share
            w = 1.0 / (hi - lo)  # solver.uniform's weight, the same float
            for t in dst[lo:hi]:
                old = mass[t]
                new = mass[t] = old + m * w
                if not old and new:
                    heappush(heap, pos[t])
    if rest is None:
        return out
    for s in order[rest:]:  # most states have chance: on in order, as _ending_chances
        m = mass[s]
        if not m:
            continue
        lo = first[s]
        j = set_of[s]
        if j >= 0:
            for i, w in taken[j]:
                mass[dst[lo + i]] += m * w
            continue
        hi = first[s + 1]
        if hi == lo:
            e = ending_of.get(s)
            if e is not None:
                out[e] = out.get(e, 0.0) + m
        else:
            w = 1.0 / (hi - lo)
            for t in dst[lo:hi]:
                mass[t] += m * w
    return out


# Random play's chances of each ending, worked out by a pass that walked the graph anyway (the
# analysis's forward pass, in the same order with the same products: the same floats).
_RANDOM: WeakKeyDictionary[StateGraph, dict[int, float]] = WeakKeyDictionary()


def keep_random_chances(g: StateGraph, chances: dict[int, float]) -> None:
    """Keep what _random_chances would find for ``g`` (no loops), worked out by another pass."""
    _RANDOM[g] = chances


def _random_chances(g: StateGraph, solver: _Solver) -> dict[int, float]:
    """_ending_chances under uniform random play, each state's share worked out as it passes
    (the same float as solver.uniform's, the same products added in the same order)."""
    if solver.cyclic:
        return _ending_chances(g, solver, solver.uniform)
    known = _RANDOM.get(g)
    if known is not None:
        return dict(known)
    first, dst, ending_of = g.first, g.dst, g.ending_of
    mass = array("d", bytes(8 * len(g.states)))
    mass[0] = 1.0
    out: dict[int, float] = {}
    for s in solver.order:
        m = mass[s]
        if not m:
            continue
        e = ending_of.get(s)
        if e is not None:
            out[e] = out.get(e, 0.0) + m
            continue
        lo, hi = first[s], first[s + 1]
        if hi != lo:
            w = 1.0 / (hi - lo)
            for t in dst[lo:hi]:
                mass[t] += m * w
    return out


# -- the figures --------------------------------------------------------------------------

def balance(scenario: Scenario, graph: StateGraph | None = None, limit: int | None = None) -> Balance:
    """Every balance figure of ``scenario``; raises statespace.AnalysisError past ``limit``."""
    g = graph if graph is not None else StateGraph(scenario, limit)
    if not g.complete:  # exact figures need every state
        raise AnalysisError(g.stopped or f"more than {limit:,} states")
    sc = scenario
    best = sc.best_ending
    best_index = {k for k, e in enumerate(sc.endings) if best is not None and e.id == best.id}
    solver = _Solver(g)

    chances = _random_chances(g, solver)
    shares = {e.id: chances.get(k, 0.0) for k, e in enumerate(sc.endings)}
    stuck = max(0.0, 1.0 - sum(shares.values()))

    probe_results = []
    done: dict[tuple, dict[int, float]] = {}  # probes that pick alike share one pass
    for name, score in probes(sc).items():
        decided: list[bool] = []
        patterns = _patterns(g, score, solver, decided)
        signature = tuple(patterns)
        found = done.get(signature)
        if found is None:
            found = done[signature] = _probe_chances(g, solver, patterns)
        chances = found
        probe_results.append(Probe(name, sum(chances.get(k, 0.0) for k in best_index),
                                   sum(decided) / len(decided) if decided else 1.0))

    reach = None if solver.cyclic else bytearray(len(g.states))  # filled by _most_pitfalls, read by _routes
    most, most_path = _most_pitfalls(g, solver, best_index, reach)
    moves, no_worse, misses = _pitfall_faces(g, solver)
    fewest, parent, via = g.fewest_to_an_ending()  # the full search when the duty check did it
    sinks = list(g.ending_of)
    dist = {s: fewest[s] for s in sinks if parent[s] != -1 or s == 0}
    shortest_sink = min(dist, key=lambda s: dist[s]) if dist else None
    routes, capped = _routes(g, best_index, solver, reach)
    result = Balance(
        sc, best.id if best else None, most, most_path, shares, stuck, probe_results, moves, no_worse, misses,
        dist[shortest_sink] if shortest_sink is not None else None,
        g.path_to(parent, via, shortest_sink) if shortest_sink is not None else None, routes, capped)
    if sc.format >= 2:
        result.findings.extend(flags(result))
    return result


def _most_pitfalls(g: StateGraph, solver: _Solver, best: set[int],
                   reach: bytearray | None = None) -> tuple[int | None, tuple[str, ...] | None]:
    """The most pitfalls on a path from the start to the best ending (longest path by pitfalls
    in the acyclic graph; None when a loop leads there or it is never reached). Along the
    way, in ``reach`` (one byte a state, zeroed) when given: 1 where the best ending can still
    be reached, which _routes would otherwise find in a pass of its own."""
    sinks = [s for s, e in g.ending_of.items() if e in best]
    if not sinks or solver.cyclic:
        return None, None
    n = len(g.states)
    most = [-1] * n
    choice_at = [-1] * n
    if reach is None:
        reach = bytearray(n)
    for s in sinks:
        most[s] = 0
        reach[s] = 1
    first, dst, label = g.first, g.dst, g.label
    pitfall = [int(c.is_pitfall) for _, c in g.choices] + [0]  # label -1 (no decision) reads the last
    for s in reversed(solver.order):
        best_here = most[s]
        at = -1
        for k in range(first[s], first[s + 1]):
            m = most[dst[k]]
            if m < 0:
                continue
            v = m + pitfall[label[k]]
            if v > best_here:
                best_here, at = v, k
        if at >= 0:
            most[s], choice_at[s] = best_here, at
            reach[s] = 1
    if most[0] < 0:
        return None, None
    path, s = [], 0
    while choice_at[s] >= 0:
        k = choice_at[s]
        if g.label[k] >= 0:
            path.append(g.choice_id(g.label[k]))
        s = g.dst[k]
    return most[0], tuple(path)


def _face(sc: Scenario, beat: str | None, meters: dict, flags: frozenset) -> tuple[str, str]:
    if sc.format >= 2:
        return beat or "calm", relationship_band(meters, sc.bands)
    cue = cue_for(sc, meters, flags, {})
    return EXPRESSION_FACES.get(beat or cue.expression, ("calm", "cautious"))


def _worse(before: tuple[str, str], after: tuple[str, str]) -> bool:
    return (BANDS.index(after[1]) < BANDS.index(before[1])
            or BEAT_RANK.get(after[0], 1) > BEAT_RANK.get(before[0], 1))


class _ReadsOf(dict):
    """values | flags << 32 -> what a format 1 face reads there (the cue meters' values, numbered,
    | the flags << 32), worked out when first asked."""

    def __init__(self, read_of: list[int]):
        super().__init__()
        self.read_of = read_of

    def __missing__(self, vf: int) -> int:
        found = self[vf] = self.read_of[vf & MASK] | (vf >> 32) << 32
        return found


def _pitfall_faces(g: StateGraph, solver: _Solver | None = None) -> tuple[int, int, list[FaceMiss]]:
    """Pitfall moves counted per decision state, those that leave the client's face no worse,
    and per pitfall choice the first state (in state order) where it does."""
    sc = g.scenario
    if solver is None:
        solver = _Solver(g)
    moves = no_worse = 0
    misses: dict[tuple[str, str], FaceMiss] = {}
    names = g.meter_names
    ti, oi = names.index("trust"), names.index("openness")
    format2 = sc.format >= 2
    pitfall = [c.is_pitfall for _, c in g.choices]
    states, values, node_ids = g.states, g.values, g.node_ids
    # format 1: the face is the node's expression or the cue the meters and flags pick, and a
    # meter's value after a choice depends on that meter alone: the meters the cues read and
    # the flags decide both faces
    cue_meters = {p.meter for c in sc.cues if c.condition is not None for p in walk(c.condition)
                  if isinstance(p, MeterRange)}
    cue_at = [k for k, m in enumerate(names) if m in cue_meters]
    # What decides the faces, per values index: trust and openness (format 2), or the values of
    # the meters the cues read (format 1, with the flags); numbered so a move's key is one int,
    # each number with the first values index that has it.
    reads = [ti, oi] if format2 else cue_at
    read_ids: dict[tuple, int] = {}
    read_of = [read_ids.setdefault(tuple([held[i] for i in reads]), len(read_ids)) for held in values]
    example = [0] * len(read_ids)
    for v in range(len(read_of) - 1, -1, -1):
        example[read_of[v]] = v
    # What a pitfall's faces read besides the meters and flags: the beat or expression before,
    # the one after, and the choice's effects. Choices alike there share their answers.
    kinds: dict[tuple, int] = {}
    kind_of = []
    for node_index, choice in g.choices:
        node = g.nodes[node_index]
        if format2:
            before_beat = node.beat
            after_beat = choice.reaction.beat if choice.reaction else sc.nodes[choice.next].beat
        else:
            before_beat, after_beat = node.expression, sc.nodes[choice.next].expression
        effects = choice.effects
        kind_of.append(kinds.setdefault((before_beat, after_beat, tuple(effects.meters.items()), effects.set_flags,
                                         effects.clear_flags), len(kinds)))
    # Per set of offered options, its pitfalls (label, kind); the states offering a pitfall,
    # counted per (set, what the faces read) in the order first met: each such pair is worked
    # out once, and a pitfall's first state where the face is no worse is the first state of
    # the first pair where it is.
    pits = [[(lab, kind_of[lab]) for lab in key if pitfall[lab]] for key in solver.keys]
    has = bytes([1 if p else 0 for p in pits]) + b"\0"  # set -1 (none) reads the last
    set_of = solver.set_of
    chosen = bytes(map(has.__getitem__, set_of))
    keys = compress(states, chosen)
    if format2:
        read = map(read_of.__getitem__, map(MASK.__and__, map((32).__rrshift__, keys)))
    else:
        read = map(_ReadsOf(read_of).__getitem__, map(MASK64.__and__, map((32).__rrshift__, keys)))
    pairs = Counter(zip(compress(set_of, chosen), read))
    memo: dict[int, tuple] = {}  # kind | what the faces read << 32 -> (face no worse, faces)
    missed = bytearray(len(g.choices))  # the choice's miss is kept already
    flag_sets = g.flag_sets
    for (j, r), count in pairs.items():
        base = r << 32
        for lab, kind in pits[j]:
            moves += count
            found = memo.get(kind | base)
            if found is None:
                node_index, choice = g.choices[lab]
                node = g.nodes[node_index]
                held = values[example[r & MASK]]
                flags = flag_sets[r >> 32]
                meters = {**sc.start_meters, **dict(zip(names, held))}
                after_meters = dict(meters)
                after_flags = apply_effects(sc, after_meters, flags, choice.effects)
                if format2:
                    before = _face(sc, node.beat, meters, flags)
                    beat = choice.reaction.beat if choice.reaction else sc.nodes[choice.next].beat
                else:
                    before = _face(sc, node.expression, meters, flags)
                    beat = sc.nodes[choice.next].expression
                faces = (before, _face(sc, beat, after_meters, after_flags))
                found = memo[kind | base] = (not _worse(*faces), faces)
            if found[0]:
                no_worse += count
                if not missed[lab]:  # the first state where this pitfall leaves the face no worse
                    missed[lab] = 1
                    node_id, choice_id = node_ids[g.choices[lab][0]], g.choices[lab][1].id
                    if (node_id, choice_id) not in misses:
                        faces = found[1]
                        misses[(node_id, choice_id)] = FaceMiss(node_id, choice_id, ":".join(faces[0]), ":".join(faces[1]))
    return moves, no_worse, list(misses.values())


def _routes(g: StateGraph, best: set[int], solver: _Solver | None = None,
            reach: bytearray | None = None) -> tuple[int, bool]:
    """Distinct sequences of decision moments that reach the best ending (up to ROUTE_CAP).
    ``reach``: the states that can reach it, as _most_pitfalls found them (acyclic graphs)."""
    sinks = {s for s, e in g.ending_of.items() if e in best}
    if not sinks:
        return 0, False
    n = len(g.states)
    first, dst, label, states = g.first, g.dst, g.label, g.states
    order = solver.order if solver is not None else g.topological_order()
    acyclic = len(order) == n
    found = reach is not None and acyclic  # already worked out by _most_pitfalls
    alive = reach if reach is not None and acyclic else bytearray(n)
    for s in sinks:
        alive[s] = 1
    if found:
        pass
    elif acyclic:  # no loop: a state can reach the best ending when one of its moves leads to one that can
        for s in reversed(order):
            if not alive[s]:
                for t in dst[first[s]:first[s + 1]]:
                    if alive[t]:
                        alive[s] = 1
                        break
    else:
        rev_first, rev_src = g.reverse()
        stack = list(sinks)
        while stack:
            s = stack.pop()
            for k in range(rev_first[s], rev_first[s + 1]):
                p = rev_src[k]
                if not alive[p]:
                    alive[p] = 1
                    stack.append(p)
    if not alive[0]:
        return 0, False
    # A route is kept as nested pairs (last moment, the route before it): extending one costs
    # one pair instead of a copy, and two are equal exactly when their moments are.
    routes: set[tuple] = set()
    budget = 200_000
    node_ids = g.node_ids
    # (state, decision moments so far, states on the path: only kept where a loop could return)
    work: list[tuple[int, tuple, frozenset | None]] = [(0, (), None if acyclic else frozenset({0}))]
    pop, push = work.pop, work.append
    # Per state searched again by another route: its moment (None: none) and the next states
    # that can still reach the best ending, each once (a path of the search repeats states).
    steps: dict[int, tuple[str | None, list[int]]] = {}
    while work and len(routes) < ROUTE_CAP and budget > 0:
        s, nodes, on_path = pop()
        budget -= 1
        if s in sinks:
            routes.add(nodes)
            continue
        if on_path is None:
            known = steps.get(s)
            if known is not None:
                here = nodes if known[0] is None else (known[0], nodes)
                for t in known[1]:
                    push((t, here, None))
                continue
        lo, hi = first[s], first[s + 1]
        key = states[s]
        moment = None if key < 0 or label[lo] < 0 else node_ids[key & MASK]
        here = nodes if moment is None else (moment, nodes)
        seen_next: list[int] = []  # one visit per next state (the moment is the same for all)
        if on_path is None:
            steps[s] = (moment, seen_next)
        for t in dst[lo:hi]:
            if not alive[t] or t in seen_next:
                continue
            if on_path is not None:
                if t in on_path:
                    continue
                push((t, here, on_path | {t}))
            else:
                push((t, here, None))
            seen_next.append(t)
    return len(routes), bool(work) and (len(routes) >= ROUTE_CAP or budget <= 0)


# -- flags ----------------------------------------------------------------------------------

def flags(b: Balance) -> list[Diagnostic]:
    sc = b.scenario
    file = str(sc.source) if sc.source else f"{sc.id}.yaml"
    where = _SourceLines(sc)
    out = []
    best_at = where.ending(b.best) if b.best else (0, 0)
    if b.most_pitfalls_to_best is not None and b.most_pitfalls_to_best > MAX_BEST_PITFALLS:
        out.append(Diagnostic(file, *best_at, f'a path to the best ending "{b.best}" holds {b.most_pitfalls_to_best} pitfalls '
                              f'(at most {MAX_BEST_PITFALLS}): {" → ".join(b.most_pitfalls_path or ())}', WARNING, "RP0601"))
    random_best = b.random_shares.get(b.best, 0.0) if b.best else 0.0
    for p in b.probes:
        if p.beats_guessing(random_best):
            out.append(Diagnostic(file, *best_at, f'the surface probe "{p.name}" reaches the best ending "{b.best}" '
                                  f'{p.best_chance:.1%} of the time; it should never (vary that feature of the best options)',
                                  WARNING, "RP0602"))
    for m in b.face_misses:
        out.append(Diagnostic(file, *where.choice(m.node, m.choice),
                              f'the pitfall "{m.choice}" can leave the client\'s face no worse ({m.before} before, '
                              f'{m.after} after); give its reaction a heavier beat or a bigger meter cost', WARNING, "RP0603"))
    share = b.random_shares.get(b.best) if b.best else None
    lo, hi = RANDOM_BEST_RANGE
    if share is not None and not lo <= share <= hi:
        out.append(Diagnostic(file, *best_at, f'random play reaches the best ending "{b.best}" {share:.1%} of the time; '
                              f'aim for {lo:.0%}–{hi:.0%}', WARNING, "RP0604"))
    need = MIN_DECISIONS_INTRODUCTORY if sc.difficulty == "introductory" else MIN_DECISIONS
    if b.shortest_decisions is not None and b.shortest_decisions < need:
        out.append(Diagnostic(file, 0, 0, f"the shortest complete path holds {b.shortest_decisions} decisions "
                              f"(at least {need}): {' → '.join(b.shortest_path or ())}", WARNING, "RP0605"))
    if b.best and b.routes_to_best < MIN_ROUTES:
        out.append(Diagnostic(file, *best_at, f'{b.routes_to_best} distinct route(s) reach the best ending "{b.best}" '
                              f'(at least {MIN_ROUTES})', WARNING, "RP0606"))
    return out


class _SourceLines:
    """Positions of endings and choices, from the read that loaded the scene (no second parse)."""

    def __init__(self, sc: Scenario):
        from .yamlsrc import SourceIndex, source_index

        self.index = source_index(sc.source) if sc.source is not None else SourceIndex(None)

    def ending(self, ending_id: str) -> tuple[int, int]:
        return self.index.endings.get(ending_id, (0, 0))

    def choice(self, node_id: str, choice_id: str) -> tuple[int, int]:
        return self.index.choices.get((node_id, choice_id), (0, 0))


# -- text ------------------------------------------------------------------------------------

def report(b: Balance) -> str:
    """The balance figures as the text `rapport analyze` prints."""
    lines = ["  Balance"]
    if b.best is None:
        lines.append("    no best ending")
    mp = "not reached" if b.most_pitfalls_to_best is None else str(b.most_pitfalls_to_best)
    lines.append(f"    most pitfalls on a path to the best ending: {mp}"
                 + (f" ({' → '.join(b.most_pitfalls_path)})" if b.most_pitfalls_path else ""))
    shares = ", ".join(f"{eid} {share:.1%}" for eid, share in b.random_shares.items())
    lines.append(f"    random play (exact): {shares}" + (f", stuck {b.stuck_share:.1%}" if b.stuck_share > 1e-9 else ""))
    worse = "no pitfalls offered" if b.worse_share is None else f"{b.worse_share:.0%} of {b.pitfall_moves} pitfall moves"
    lines.append(f"    face worse after a pitfall: {worse}")
    lines.append(f"    decisions on the shortest path: {b.shortest_decisions}")
    lines.append(f"    distinct routes to the best ending: {b.routes_to_best}{'+' if b.routes_capped else ''}")
    lines.append("    surface probes, chance of the best ending:")
    for p in sorted(b.probes, key=lambda p: (-p.best_chance, p.name)):
        mark = "  FLAG" if b.best and p.beats_guessing(b.random_shares.get(b.best, 0.0)) else ""
        lines.append(f"      {p.best_chance:6.1%}  {p.name} (decides {p.decisive:.0%} of option sets){mark}")
    for d in b.findings:
        lines.append(f"  {d}")
    return "\n".join(lines)


def markdown(b: Balance) -> str:
    """The balance figures as a Markdown block for docs/scenarios.md (tools/scenario_report.py)."""
    mp = "not reached" if b.most_pitfalls_to_best is None else str(b.most_pitfalls_to_best)
    worse = "no pitfalls" if b.worse_share is None else f"{b.worse_share:.0%}"
    top = max(b.probes, key=lambda p: p.best_chance, default=None)
    lines = [
        "#### Balance (exact, over every state)",
        "",
        "| figure | value |",
        "|---|---|",
        f"| most pitfalls on a path to the best ending | {mp} |",
        (f"| random play reaching the best ending | {b.random_shares.get(b.best, 0.0):.1%} |" if b.best
         else "| best ending | none |"),
        f"| face visibly worse after a pitfall | {worse} |",
        f"| decisions on the shortest path | {b.shortest_decisions} |",
        f"| distinct routes to the best ending | {b.routes_to_best}{'+' if b.routes_capped else ''} |",
        "| surface probes reaching the best ending (of them, beating random play) | "
        f"{sum(1 for p in b.probes if p.best_chance > 0)} of {len(b.probes)} "
        f"({sum(1 for p in b.probes if b.best and p.beats_guessing(b.random_shares.get(b.best, 0.0)))})"
        + (f" (highest: {top.name}, {top.best_chance:.1%})" if top and top.best_chance > 0 else "") + " |",
        f"| balance flags | {len(b.findings) if b.scenario.format >= 2 else 'not checked (format 1 scene)'} |",
    ]
    return "\n".join(lines) + "\n"
