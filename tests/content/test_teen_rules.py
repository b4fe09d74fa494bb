"""reluctant-teen keeps the fixes for issue 13 items 3, 4, 5 and 7."""

from game.story import load_library

SCENE = load_library().scenarios["reluctant-teen"]


def _choices():
    for node in SCENE.nodes.values():
        yield from node.choices


def test_tell_you_first_is_never_promised_without_exception():
    for c in _choices():
        if "tell you first" in c.text or "tell you before" in c.text:
            assert "wherever I can" in c.text, c.id


def test_passing_it_on_honestly_meets_the_duty_and_costs_little():
    c = SCENE.nodes["mum"].choice("procedure")
    assert "tell-before-sharing" in c.meets
    assert c.effects.meters.get("trust", 0) >= -3


def test_no_ending_narrates_the_safeguarding_step_without_requiring_it():
    for e in SCENE.endings:
        if "safeguarding lead" in e.text and e.outcome in ("best", "good"):
            assert "tell-before-sharing" in repr(e.condition), e.id


def test_the_scene_is_block_style_an_instructor_can_edit():
    # flow style only where the other scenes use it too: effects, meter starts and conditions
    text = SCENE.source.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if "{" in line:
            stripped = line.strip()
            flow_ok = ("effects:", "trust:", "openness:", "alliance:", "doubt:", "- {", "if: {", "- if: {")
            assert stripped.startswith(flow_ok), number
        assert len(line) <= 100, number
