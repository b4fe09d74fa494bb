"""Small scene texts for tests: a valid base to break in one place at a time."""

from pathlib import Path

from game.story import parse_scenario

MINI = (Path(__file__).parent / "mini.yaml").read_text()


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def parse(text: str, name: str = "mini.yaml"):
    return parse_scenario(text, name)


def errors(text: str):
    scenario, diagnostics = parse(text)
    return scenario, [d for d in diagnostics if d.severity == "error"]
