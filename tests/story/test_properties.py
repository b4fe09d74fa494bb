"""Property tests (hypothesis): what nobody thought to write down as a case.

- Any mutation of a shipped scene (a key deleted, duplicated or given a value of another type,
  two values swapped, the file cut anywhere) gives the loader's own answer, never an exception;
  and whatever still loads plays without one.
- Random valid scenarios, generated from the format's own vocabulary, load and play to an ending.
- A save taken at any step restores to an identical state through a JSON round trip, and both
  copies then play on identically (as ink's runtime tests every story twice).

CI runs a small derandomized profile (a few seconds per test); the bench command
`python bench/bench_properties.py` runs the same properties with many more examples.
"""

from __future__ import annotations

import json
import os
import pickle
import random
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.story import PlayState, model, parse_scenario, scene_dirs
from game.story.diagnostics import ScenarioError
from game.story.library import scene_files
from game.story.simulate import random_playthrough
from game.story.yamlsrc import clean_text

SCALE = float(os.environ.get("RAPPORT_PROPERTY_SCALE", "1"))  # the bench runs many more


def CI(examples: int):
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None,
                    derandomize=os.environ.get("RAPPORT_PROPERTY_RANDOM") is None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SHIPPED = {p.stem: p.read_text(encoding="utf-8") for p in scene_files(scene_dirs()[:1])}
PLAIN = {name: yaml.safe_load(text) for name, text in SHIPPED.items()}
NAMES = sorted(SHIPPED)


def load(text: str, name: str = "mutant.yaml"):
    """The loader's answer; anything but (scenario or None, diagnostics) fails the test."""
    scenario, diagnostics = parse_scenario(text, name)
    assert all(d.file == name and isinstance(d.line, int) and d.message for d in diagnostics)
    if scenario is None:
        assert any(d.severity == "error" for d in diagnostics)
    return scenario


def plays(scenario, seed: int = 0) -> None:
    """A scene that loads plays: random play and a state machine walk raise nothing."""
    random_playthrough(scenario, random.Random(seed))
    state = PlayState.start(scenario)
    rng = random.Random(seed)
    for _ in range(300):
        if state.is_over:
            break
        if state.status == "choice":
            offered = state.available()
            if not offered:
                break
            state.choose(rng.choice(offered).id)
        else:
            state.advance()


# -- mutations of the shipped scenes ---------------------------------------------------------

ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.integers(10**40, 10**41), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(["", " ", "~", "yes", "end", "trust", "start", "\x1b[2J", "*x", "&a"]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.just({"meter": "trust", "at_least": "x"}), st.just([{"id": None}]), st.just({"all": []}),
)


def paths(data, prefix=()):
    """Every place in plain YAML data: a tuple of keys and indexes."""
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from paths(v, prefix + (i,))


def get(data, path):
    for p in path:
        data = data[p]
    return data


def mutate(data, op: str, first, second, value):
    """Apply one mutation at the places chosen (first/second index into the list of paths)."""
    data = pickle.loads(pickle.dumps(data))
    places = [p for p in paths(data) if p]
    a = places[first % len(places)]
    b = places[second % len(places)]
    parent = get(data, a[:-1])
    if op == "delete":
        del parent[a[-1]]
    elif op == "retype":
        parent[a[-1]] = value
    elif op == "swap":
        if a[:len(b)] != b and b[:len(a)] != a:  # neither inside the other
            pa, pb = parent, get(data, b[:-1])
            pa[a[-1]], pb[b[-1]] = pb[b[-1]], pa[a[-1]]
    elif op == "duplicate" and isinstance(parent, list):
        parent.insert(a[-1], pickle.loads(pickle.dumps(parent[a[-1]])))
    elif op == "duplicate" and isinstance(parent, dict):
        parent[f"{a[-1]}"] = pickle.loads(pickle.dumps(parent[a[-1]]))  # a key rewritten as text: 1 -> "1"
    return data


@CI(20)
@given(st.sampled_from(NAMES), st.sampled_from(["delete", "retype", "swap", "duplicate"]),
       st.integers(0, 10**6), st.integers(0, 10**6), ODD_VALUES)
def test_a_mutated_scene_gets_the_loaders_answer(name, op, first, second, value):
    data = mutate(PLAIN[name], op, first, second, value)
    text = yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True)
    scenario = load(text)
    if scenario is not None:
        plays(scenario)


@CI(40)
@given(st.sampled_from(NAMES), st.integers(0, 10**6), st.sampled_from(["cut", "drop-line", "double-line", "indent"]))
def test_a_damaged_file_gets_the_loaders_answer(name, where, how):
    text = SHIPPED[name]
    lines = text.splitlines(keepends=True)
    k = where % max(1, len(lines))
    if how == "cut":
        text = text[:where % (len(text) + 1)]
    elif how == "drop-line":
        text = "".join(lines[:k] + lines[k + 1:])
    elif how == "double-line":  # a duplicated key, most of the time
        text = "".join(lines[:k + 1] + lines[k:])
    else:
        text = "".join(lines[:k] + [" " + lines[k]] + lines[k + 1:])
    scenario = load(text)
    if scenario is not None:
        plays(scenario)


# -- random valid scenarios ------------------------------------------------------------------

@st.composite
def conditions(draw, flags: list[str], depth: int = 0):
    kinds = ["meter"] + (["flag"] if flags else []) + (["all", "any", "not"] if depth < 2 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "meter":
        bound = draw(st.sampled_from(["at_least", "at_most"]))
        return {"meter": draw(st.sampled_from(["trust", "openness"])), bound: draw(st.integers(0, 100))}
    if kind == "flag":
        return {"flag": draw(st.sampled_from(flags))}
    if kind == "not":
        return {"not": draw(conditions(flags, depth + 1))}
    return {kind: draw(st.lists(conditions(flags, depth + 1), min_size=1, max_size=3))}


@st.composite
def scenarios(draw):
    """A valid scene of format 1 or 2: nodes link only forward, so every path ends; every
    decision has a choice without `if`, every route list and every end node a fallback. Format 2
    scenes get beats, reactions, postures, ripples and sometimes a duty raised and met."""
    fmt = draw(st.sampled_from([1, 2]))
    n = draw(st.integers(2, 12))
    flags = [f"f{i}" for i in range(draw(st.integers(0, 3)))]
    ids = [f"n{i}" for i in range(n)]
    nodes: dict[str, dict] = {}
    for i in range(n - 1):
        ahead = st.sampled_from(ids[i + 1:])
        shape = draw(st.sampled_from(["choices", "choices", "next", "routes"]))
        node: dict = {}
        if draw(st.booleans()) or shape == "next":
            # text that is still text once control characters are left out (yamlsrc, RP0118)
            node["says"] = draw(st.text(min_size=1, max_size=40).filter(lambda t: clean_text(t).strip()))
            if fmt == 2:
                node["beat"] = draw(st.sampled_from(model.BEATS))
        if shape == "choices":
            choices = []
            for k in range(draw(st.integers(1, 4))):
                c = {"id": f"c{k}", "text": f"Choice {k}.", "tag": draw(st.sampled_from(model.TAGS)),
                     "kind": draw(st.sampled_from(model.RESPONSE_KINDS)), "feedback": "Why.", "next": draw(ahead)}
                effects = {m: draw(st.integers(-30, 30)) for m in ("trust", "openness") if draw(st.booleans())}
                if flags and draw(st.booleans()):
                    which = draw(st.sampled_from(["set", "clear"]))
                    effects[which] = draw(st.lists(st.sampled_from(flags), max_size=2, unique=True))
                if effects:
                    c["effects"] = effects
                if k > 0 and draw(st.booleans()):
                    c["if"] = draw(conditions(flags))
                if fmt == 2:
                    c["reaction"] = {"beat": draw(st.sampled_from(model.BEATS)), "says": "Oh."}
                choices.append(c)
            node["choices"] = choices
        elif shape == "next":
            node["next"] = draw(ahead)
        else:
            routes = [{"if": draw(conditions(flags)), "next": draw(ahead)} for _ in range(draw(st.integers(0, 2)))]
            node["routes"] = routes + [{"next": draw(ahead)}]
        nodes[ids[i]] = node
    nodes[ids[-1]] = {"end": True}
    endings = [{"id": f"e{k}", "title": f"Ending {k}", "outcome": draw(st.sampled_from(model.OUTCOMES)),
                "precedence": draw(st.integers(0, 5)), "if": draw(conditions(flags)), "text": "After."}
               for k in range(draw(st.integers(0, 3)))]
    duty = fmt == 2 and draw(st.booleans())
    endings.append({"id": "fallback", "title": "Fallback", "text": "After.",
                    "outcome": draw(st.sampled_from(["mixed", "poor"])) if duty else "best"})
    data = {
        "format": fmt, "id": "generated", "version": 1, "title": "Generated", "summary": "A test.",
        "setting": draw(st.sampled_from(model.SETTINGS)), "difficulty": draw(st.sampled_from(model.DIFFICULTIES)),
        "minutes": 5, "content_notes": [], "objectives": ["Test."],
        "client": {"name": "Alex", "age": 30, "pronouns": "they/them", "background": "B.", "presenting": "P.",
                   "portrait": "alex"},
        "meters": {"trust": {"start": draw(st.integers(0, 100))}, "openness": {"start": draw(st.integers(0, 100))}},
        "flags": flags, "cues": [{"expression": "neutral", "posture": "Sits."}],
        "start": "n0", "nodes": nodes, "endings": endings,
    }
    if fmt == 2:
        del data["cues"]
        data["place"] = "England"
        data["meters"]["alliance"] = {"start": draw(st.integers(0, 100))}
        data["postures"] = {"closed": "Arms folded.", "cautious": "Hands clasped.", "open": "Leans in."}
        for ending in endings:
            ending["ripple"] = "Weeks later."
        if duty:
            data["duties"] = [{"id": "d", "title": "A duty", "why": "Because.", "source": "A source."}]
            nodes[draw(st.sampled_from(ids[:-1]))]["raises"] = ["d"]
            deciding = [node for node in nodes.values() if node.get("choices")]
            if deciding:
                draw(st.sampled_from(deciding))["choices"][0]["meets"] = ["d"]
    return data


def _loads(data: dict):
    scenario, diagnostics = parse_scenario(yaml.dump(data, Dumper=DUMPER, sort_keys=False), "generated.yaml")
    if scenario is None:
        raise ScenarioError(diagnostics)
    return scenario


@CI(25)
@given(scenarios(), st.integers(0, 2**32))
def test_a_generated_valid_scenario_plays_to_an_ending(data, seed):
    scenario = _loads(data)
    rng = random.Random(seed)
    state = PlayState.start(scenario)
    for _ in range(200):
        if state.is_over:
            break
        if state.status == "choice":
            state.choose(rng.choice(state.available()).id)
        else:
            state.advance()
    assert state.is_over and state.ending is not None
    assert random_playthrough(scenario, random.Random(seed)).ending is not None


# -- saves: any step restores identically ----------------------------------------------------

def _snapshot(state: PlayState):
    return (state.node_id, dict(state.meters), state.flags, dict(state.visits), state.ending, state.rewinds,
            state.reacting,
            state.status, [(s.node_id, s.choice_id, dict(s.before), dict(s.after), s.flags_before, dict(s.visits_before))
                           for s in state.history], [o.choice.id for o in state.options()], state.transcript())


def _round_trip(scenario, state: PlayState) -> PlayState:
    return PlayState.from_json(scenario, json.loads(json.dumps(state.to_json())))


def _twice(scenario, seed: int, rewind_at: int | None) -> None:
    rng = random.Random(seed)
    state = PlayState.start(scenario)
    copy = _round_trip(scenario, state)
    for step in range(60):
        assert _snapshot(copy) == _snapshot(state), f"step {step}"
        if state.is_over:
            break
        if rewind_at is not None and step == rewind_at and state.decisions:
            index = state.decisions[rng.randrange(len(state.decisions))].index
            state.rewind(index)
            copy.rewind(index)
        elif state.status == "choice":
            offered = state.available()
            if not offered:
                break
            choice = rng.choice(offered).id
            state.choose(choice)
            copy.choose(choice)
        else:
            state.advance()
            copy.advance()
        copy = _round_trip(scenario, copy)  # a fresh restore at every step


SHIPPED_SCENARIOS = {name: parse_scenario(text, f"{name}.yaml", Path(f"{name}.yaml"))[0] for name, text in SHIPPED.items()}


@CI(30)
@given(st.sampled_from(NAMES), st.integers(0, 2**32), st.one_of(st.none(), st.integers(0, 12)))
def test_a_save_at_any_step_restores_identically(name, seed, rewind_at):
    _twice(SHIPPED_SCENARIOS[name], seed, rewind_at)


@CI(20)
@given(scenarios(), st.integers(0, 2**32))
def test_a_save_of_a_generated_scenario_restores_identically(data, seed):
    _twice(_loads(data), seed, None)
