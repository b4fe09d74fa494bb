"""Conditions: structured data (never code) that test meters, flags and visited nodes.

Each condition keeps its structure, for the author tools and for explaining a locked choice, and
a compiled test function, because the analysis and the benchmarks evaluate conditions millions
of times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

# meters, flags, visit counts -> bool
Test = Callable[[Mapping[str, int], frozenset, Mapping[str, int]], bool]


@dataclass(frozen=True)
class Condition:
    test: Test = field(init=False, repr=False, compare=False)

    def describe(self) -> str:
        raise NotImplementedError

    def meters_used(self) -> set[str]:
        return set()


@dataclass(frozen=True)
class MeterRange(Condition):
    meter: str
    at_least: int | None = None
    at_most: int | None = None

    def __post_init__(self) -> None:
        m, lo, hi = self.meter, self.at_least, self.at_most
        if lo is not None and hi is not None:
            fn: Test = lambda meters, flags, visits: lo <= meters[m] <= hi
        elif lo is not None:
            fn = lambda meters, flags, visits: meters[m] >= lo
        elif hi is not None:
            fn = lambda meters, flags, visits: meters[m] <= hi
        else:
            fn = lambda meters, flags, visits: True
        object.__setattr__(self, "test", fn)

    def describe(self) -> str:
        if self.at_least is not None and self.at_most is not None:
            return f"{self.meter} between {self.at_least} and {self.at_most}"
        if self.at_least is not None:
            return f"needs {self.meter} of at least {self.at_least}"
        return f"needs {self.meter} of at most {self.at_most}"

    def meters_used(self) -> set[str]:
        return {self.meter}


@dataclass(frozen=True)
class FlagSet(Condition):
    flag: str

    def __post_init__(self) -> None:
        f = self.flag
        object.__setattr__(self, "test", lambda meters, flags, visits: f in flags)

    def describe(self) -> str:
        return f'needs "{self.flag}"'


@dataclass(frozen=True)
class Visited(Condition):
    node: str

    def __post_init__(self) -> None:
        n = self.node
        object.__setattr__(self, "test", lambda meters, flags, visits: visits.get(n, 0) > 0)

    def describe(self) -> str:
        return f'needs to have reached "{self.node}"'


def _all_of(tests: tuple[Test, ...]) -> Test:
    """Whether every test holds, each tried in order until one fails (as all() would), written
    out for the usual one to three items: the analysis calls these millions of times, and a
    generator per call costs more than the tests themselves. Every test returns a bool."""
    if not tests:
        return lambda m, f, v: True
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        a, b = tests
        return lambda m, f, v: a(m, f, v) and b(m, f, v)
    if len(tests) == 3:
        a, b, c = tests
        return lambda m, f, v: a(m, f, v) and b(m, f, v) and c(m, f, v)

    def every(m: Mapping[str, int], f: frozenset, v: Mapping[str, int]) -> bool:
        for t in tests:
            if not t(m, f, v):
                return False
        return True
    return every


def _any_of(tests: tuple[Test, ...]) -> Test:
    """Whether some test holds, tried in order until one does (as any() would)."""
    if not tests:
        return lambda m, f, v: False
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        a, b = tests
        return lambda m, f, v: a(m, f, v) or b(m, f, v)
    if len(tests) == 3:
        a, b, c = tests
        return lambda m, f, v: a(m, f, v) or b(m, f, v) or c(m, f, v)

    def some(m: Mapping[str, int], f: frozenset, v: Mapping[str, int]) -> bool:
        for t in tests:
            if t(m, f, v):
                return True
        return False
    return some


@dataclass(frozen=True)
class AllOf(Condition):
    items: tuple[Condition, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "test", _all_of(tuple(c.test for c in self.items)))

    def describe(self) -> str:
        return "; ".join(c.describe() for c in self.items)

    def meters_used(self) -> set[str]:
        return set().union(*(c.meters_used() for c in self.items))


@dataclass(frozen=True)
class AnyOf(Condition):
    items: tuple[Condition, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "test", _any_of(tuple(c.test for c in self.items)))

    def describe(self) -> str:
        return " or ".join(c.describe() for c in self.items)

    def meters_used(self) -> set[str]:
        return set().union(*(c.meters_used() for c in self.items))


@dataclass(frozen=True)
class Not(Condition):
    item: Condition

    def __post_init__(self) -> None:
        t = self.item.test
        object.__setattr__(self, "test", lambda m, f, v: not t(m, f, v))

    def describe(self) -> str:
        inner = self.item
        if isinstance(inner, FlagSet):
            return f'needs "{inner.flag}" not to have happened'
        if isinstance(inner, Visited):
            return f'needs "{inner.node}" not to have been reached'
        return f"needs the opposite of: {inner.describe()}"

    def meters_used(self) -> set[str]:
        return self.item.meters_used()


@dataclass(frozen=True)
class Met(FlagSet):
    """`{met: duty}`: the duty has been met. A met duty is a reserved flag (model.met_flag)."""

    duty: str = ""

    def describe(self) -> str:
        return f'needs the duty "{self.duty}" to have been met'


@dataclass(frozen=True)
class Raised(AnyOf):
    """`{raised: duty}`: some moment that raises the duty has been reached (``items`` are
    Visited conditions on those moments, so raising needs no state beyond the visits)."""

    duty: str = ""

    def describe(self) -> str:
        return f'needs the duty "{self.duty}" to have been raised'


def duty_rule(duties, raising: dict) -> Condition:
    """Every raised duty is met: the guard on best and good endings. ``raising`` maps each duty
    id to the node ids that raise it."""
    from .model import met_flag

    items = []
    for duty in duties:
        raised = Raised(tuple(Visited(n) for n in raising.get(duty, ())), duty=duty)
        items.append(AnyOf((Not(raised), Met(met_flag(duty), duty=duty))))
    return AllOf(tuple(items))


def walk(condition: Condition):
    """Every condition inside ``condition``, itself included."""
    yield condition
    if isinstance(condition, (AllOf, AnyOf)):
        for item in condition.items:
            yield from walk(item)
    elif isinstance(condition, Not):
        yield from walk(condition.item)
