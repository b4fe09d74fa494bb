"""Scene format 2: every new key loads, and every teaching rule fails with its own code."""

from pathlib import Path

import pytest

from game.story import parse_scenario
from game.story.model import met_flag

from .helpers import MINI, line_of

MINI2 = (Path(__file__).parent / "mini2.yaml").read_text()


def parse2(text: str = MINI2):
    return parse_scenario(text, "mini2.yaml")


def codes(text: str, severity: str | None = None) -> list[str]:
    _, diagnostics = parse2(text)
    return [d.code for d in diagnostics if severity is None or d.severity == severity]


def test_the_format2_scene_is_clean_and_complete():
    scenario, diagnostics = parse2()
    assert scenario is not None and diagnostics == [], [str(d) for d in diagnostics]
    assert scenario.format == 2 and scenario.place == "England"
    assert scenario.alliance_goal == 20 and dict(scenario.bands) == {"cautious": 35, "open": 60}
    assert set(scenario.postures) == {"closed", "cautious", "open"}
    duty = scenario.duties[0]
    assert duty.id == "ask-about-suicide" and duty.source.startswith("Dazzi")
    assert len(scenario.debrief_questions) == 2
    letter = scenario.nodes["letter"]
    assert letter.beat == "fear" and letter.raises == ("ask-about-suicide",)
    ask = letter.choice("ask-directly")
    assert ask.meets == ("ask-about-suicide",) and met_flag("ask-about-suicide") in ask.effects.set_flags
    assert ask.reaction.beat == "fear" and ask.reaction.says == "Sometimes. Not today."
    assert scenario.nodes["arrival"].choice("apologise").respect == ("dignity",)
    assert scenario.nodes["arrival"].choice("football").is_connection
    best = scenario.ending("a-real-start")
    assert best.ripple.startswith("Three weeks") and best.guard is not None
    assert scenario.ending("paperwork-only").guard is None


def test_met_and_raised_conditions():
    scenario, _ = parse2()
    cond = scenario.ending("some-progress").condition
    flag = met_flag("ask-about-suicide")
    assert cond.test({"trust": 40}, frozenset({flag}), {}) and not cond.test({"trust": 40}, frozenset(), {})
    text = MINI2.replace("{ met: ask-about-suicide } ] }\n    text: Sam knows",
                         "{ not: { raised: ask-about-suicide } } ] }\n    text: Sam knows")
    scenario, diagnostics = parse2(text)
    raised = scenario.ending("some-progress").condition.items[1]
    assert raised.describe() == 'needs the opposite of: needs the duty "ask-about-suicide" to have been raised'
    assert raised.test({}, frozenset(), {}) and not raised.test({}, frozenset(), {"letter": 1})


BREAKS = [
    # (what to replace, with what, expected code, severity)
    ("place: England\n", "", "RP0401", "error"),
    ("  alliance: { start: 0 }\n", "", "RP0402", "error"),
    ("postures:\n  closed: Sam keeps his arms crossed and looks at the door.\n  cautious: Sam holds the letter in clasped hands.\n  open: Sam sets the letter down and leans in a little.\n", "", "RP0403", "error"),  # noqa: E501
    ("start: arrival\n", "start: arrival\ncues:\n  - expression: neutral\n    posture: x\n", "RP0404", "error"),
    ("    beat: worry\n    says: Finally.", "    expression: worried\n    beat: worry\n    says: Finally.", "RP0404", "error"),
    ("    beat: worry\n", "", "RP0405", "error"),
    ("        kind: affirmation\n", "", "RP0406", "error"),
    ("        reaction: { beat: relief, says: Right. Thanks. }\n", "", "RP0407", "warning"),
    ("reaction: { beat: relief, says: Right. Thanks. }", "reaction: { beat: relief }", "RP0408", "error"),
    ("    ripple: Sam did not come back.\n", "", "RP0409", "error"),
    ("    raises: [ask-about-suicide]\n", "", "RP0411", "warning"),
    ("        meets: [ask-about-suicide]\n", "", "RP0412", "warning"),
    ("  - id: paperwork-only\n    title: Forms Filled In\n    outcome: poor", "  - id: paperwork-only\n    title: Forms Filled In\n    outcome: good", "RP0413", "error"),  # noqa: E501
    ("bands: { cautious: 35, open: 60 }", "bands: { cautious: 70, open: 60 }", "RP0415", "error"),
    ("alliance_goal: 20", "alliance_goal: 120", "RP0416", "error"),
    ("closed: Sam keeps his arms crossed and looks at the door.", "closed: Sam leans in, arms crossed.", "RP0417", "warning"),
    ("open: Sam sets the letter down and leans in a little.", "open: Sam smiles and leans in.", "RP0417", "warning"),
    ("    source: Dazzi et al. (2014), Psychological Medicine 44:3361\n", "    source: Dazzi et al. (2014), Psychological Medicine 44:3361\n  - id: ask-about-suicide\n    title: t\n    why: w\n    source: s\n", "RP0418", "error"),  # noqa: E501
    ("        effects: { trust: 2 }", "        effects: { trust: 8 }", "RP0419", "warning"),
    ("meets: [ask-about-suicide]", "meets: [ask-about-suicde]", "RP0311", "error"),
    ("{ met: ask-about-suicide } ] }\n    text: Sam knows", "{ met: nothing-declared } ] }\n    text: Sam knows", "RP0311", "error"),  # noqa: E501
    ("respect: [dignity]", "respect: [dignty]", "RP0207", "error"),
    ("reaction: { beat: relief, says: Right. Thanks. }", "reaction: { beat: smug, says: Right. }", "RP0207", "error"),
    ("flags: [apologised]", "flags: [apologised, '@met:x']", "RP0228", "error"),
]


@pytest.mark.parametrize("old, new, code, severity", BREAKS, ids=[f"{b[2]}-{i}" for i, b in enumerate(BREAKS)])
def test_each_format2_rule_fails_with_its_code(old, new, code, severity):
    assert MINI2.count(old) >= 1, old
    found = codes(MINI2.replace(old, new, 1))
    assert code in found, found
    _, diagnostics = parse2(MINI2.replace(old, new, 1))
    hit = next(d for d in diagnostics if d.code == code)
    assert hit.severity == severity and hit.line > 0 or code in ("RP0403",)
    assert str(hit).endswith(f"[{code}]")


def test_format1_keys_of_format2_are_refused_and_reactions_suggested():
    text = MINI.replace("    says: Finally.", "    beat: worry\n    says: Finally.")
    scenario, diagnostics = parse_scenario(text, "mini.yaml")
    assert scenario is None
    err = next(d for d in diagnostics if d.code == "RP0404")
    assert err.line == line_of(text, "beat: worry") and "format: 2" in err.message
    scenario, diagnostics = parse_scenario(MINI, "mini.yaml")
    hints = [d for d in diagnostics if d.code == "RP0430"]
    assert len(hints) == 2 and all("reaction" in d.message and d.severity == "warning" for d in hints)


def test_every_loader_code_is_documented():
    import re

    doc = (Path(__file__).resolve().parents[2] / "docs" / "scene-format.md").read_text()
    source = "".join((Path(__file__).resolve().parents[2] / "game" / "story" / name).read_text()
                     for name in ("loader.py", "duties.py", "balance.py") if
                     (Path(__file__).resolve().parents[2] / "game" / "story" / name).exists())
    used = set(re.findall(r'"(RP0[2-6]\d\d)"', source))
    assert used, "no codes found"
    documented = set(re.findall(r"\| (RP0\d{3}) \|", doc))
    assert used <= documented, sorted(used - documented)


def test_the_schema_knows_format_2():
    import json

    import jsonschema
    import yaml

    from game.story.schema import render

    validator = jsonschema.Draft202012Validator(json.loads(render()))
    assert list(validator.iter_errors(yaml.safe_load(MINI2))) == []
    assert list(validator.iter_errors(yaml.safe_load(MINI))) == []
    no_place = yaml.safe_load(MINI2.replace("place: England\n", ""))
    assert any("place" in e.message for e in validator.iter_errors(no_place))
    with_cues = yaml.safe_load(MINI2)
    with_cues["cues"] = [{"expression": "neutral", "posture": "x"}]
    assert list(validator.iter_errors(with_cues))
    bad_beat = yaml.safe_load(MINI2.replace("beat: fear\n    raises", "beat: smug\n    raises"))
    assert list(validator.iter_errors(bad_beat))
