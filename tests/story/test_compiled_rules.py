"""The analysis's quick forms of the rules give what the rules give: rules.values_after against
rules.apply_effects, and the written-out all/any of AllOf and AnyOf against all() and any()."""

from __future__ import annotations

import itertools
import random

from game.story import rules
from game.story.conditions import AllOf, AnyOf, FlagSet, MeterRange, Not, Visited
from game.story.model import Effects, Meter, frozen_map



def _scenario(meters):
    class _Sc:  # what apply_effects and values_after read of a scenario: its meters
        pass
    sc = _Sc()
    sc.meters = meters
    return sc


def test_values_after_is_apply_effects_on_a_tuple():
    rng = random.Random(5)
    meters = {"trust": Meter("trust", 50), "openness": Meter("openness", 40, -20, 60), "calm": Meter("calm", 0, -5, 5)}
    sc = _scenario(meters)
    names = ["trust", "openness", "calm"]
    for _ in range(500):
        deltas = {m: rng.randint(-120, 120) for m in rng.sample(names, rng.randint(0, 3))}
        effects = Effects(frozen_map(deltas))
        step = rules.values_after(sc, names, effects)
        before = tuple(rng.randint(meters[m].min, meters[m].max) for m in names)
        changed = dict(zip(names, before))
        rules.apply_effects(sc, changed, frozenset(), effects)
        expected = tuple(changed[m] for m in names)
        assert (before if step is None else step(before)) == expected
        assert (step is None) == (not deltas)


def test_written_out_all_and_any_match_all_and_any():
    calls: list[str] = []

    def leaf(name, condition):
        test = condition.test

        def traced(m, f, v):
            calls.append(name)
            return test(m, f, v)
        object.__setattr__(condition, "test", traced)
        return condition

    meters = [{"trust": t} for t in (0, 30, 60, 90)]
    flags = [frozenset(), frozenset({"a"})]
    visits = [{}, {"n": 1}]
    for size in range(6):
        parts = [leaf(f"p{k}", [MeterRange("trust", at_least=50), FlagSet("a"), Not(Visited("n")),
                                 MeterRange("trust", at_most=40), Visited("n")][k % 5]) for k in range(size)]
        for kind, reference in ((AllOf, all), (AnyOf, any)):
            c = kind(tuple(parts))
            for m, f, v in itertools.product(meters, flags, visits):
                calls.clear()
                got = c.test(m, f, v)
                order = list(calls)
                calls.clear()
                want = reference(p.test(m, f, v) for p in parts)
                assert got is want
                assert order == calls  # the same tests, in the same order, stopping at the same one
