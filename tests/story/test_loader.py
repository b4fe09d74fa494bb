"""Every class of bad scene input gives a message naming the file, line and what was expected."""

import pytest

from game.story import ScenarioError, load_scenario, parse_scenario

from .helpers import MINI, errors, line_of, parse


def only_error(text):
    scenario, errs = errors(text)
    assert scenario is None
    assert len(errs) == 1, [str(e) for e in errs]
    return errs[0]


def test_the_base_scene_is_clean():
    scenario, diagnostics = parse(MINI)
    assert scenario is not None
    # format 1 loads; the only notes are, per choice, what to add for format 2
    assert [d.code for d in diagnostics] == ["RP0430", "RP0430"]
    assert scenario.id == "mini"
    assert scenario.meters["trust"].start == 40
    assert scenario.meters["openness"].max == 100
    assert scenario.nodes["letter"].kind == "continue"
    assert scenario.nodes["goodbye"].end == ("opened-up", "paperwork-only")


def test_yaml_syntax_error_names_line():
    text = MINI.replace("  trust: { start: 40 }", "  trust: { start: 40")
    err = only_error(text)
    assert err.file == "mini.yaml"
    # PyYAML notices the open brace on the next line, where the flow mapping runs on
    assert err.line == line_of(text, "trust: { start: 40") + 1
    assert err.message.startswith("YAML syntax:") and "expected ',' or '}'" in err.message


def test_unknown_key_suggests_the_right_one():
    text = MINI.replace("    says: Finally.", "    sayz: Finally.")
    scenario, errs = errors(text)
    assert scenario is None
    unknown = [e for e in errs if "unknown key" in e.message]
    assert len(unknown) == 1
    assert unknown[0].line == line_of(text, "sayz")
    assert unknown[0].col == 5
    assert 'did you mean "says"' in unknown[0].message


def test_wrong_type_says_what_was_expected():
    text = MINI.replace("minutes: 3", "minutes: three")
    err = only_error(text)
    assert err.line == line_of(text, "minutes: three")
    assert "whole number" in err.message and '"three"' in err.message


def test_dangling_next_is_reported_with_suggestion():
    text = MINI.replace("        next: letter\n      - id: straight", "        next: leter\n      - id: straight")
    err = only_error(text)
    assert err.line == line_of(text, "next: leter")
    assert 'node "leter", which does not exist' in err.message
    assert 'did you mean "letter"' in err.message


def test_unknown_meter_in_effects():
    text = MINI.replace("effects: { trust: -10 }", "effects: { trusst: -10 }")
    err = only_error(text)
    assert err.line == line_of(text, "trusst")
    assert 'meter "trusst" is not declared' in err.message


def test_condition_on_undeclared_meter():
    text = MINI.replace("- if: { meter: trust, at_least: 60 }", "- if: { meter: engagement, at_least: 60 }")
    err = only_error(text)
    assert err.line == line_of(text, "engagement")
    assert 'meter "engagement" is not declared' in err.message


def test_undeclared_flag():
    text = MINI.replace("set: [apologised]", "set: [apologized]")
    err = only_error(text)
    assert err.line == line_of(text, "apologized")
    assert 'flag "apologized" is not declared' in err.message and 'did you mean "apologised"' in err.message


def test_duplicate_choice_id():
    text = MINI.replace("- id: straight-to-forms", "- id: apologise")
    err = only_error(text)
    assert err.line == line_of(text, "- id: apologise", 2)
    assert "duplicate choice id" in err.message


def test_duplicate_node_id_is_caught_even_though_yaml_allows_it():
    text = MINI.replace("  goodbye:\n    end: true", "  goodbye:\n    end: true\n  worry:\n    end: true")
    scenario, errs = errors(text)
    assert any("duplicate key \"worry\"" in e.message and e.line == line_of(text, "  worry:", 2) for e in errs)


def test_duplicate_ending_id():
    text = MINI.replace("  - id: paperwork-only", "  - id: opened-up")
    scenario, errs = errors(text)
    assert any("duplicate ending id" in e.message for e in errs)


def test_unknown_practice_tag():
    text = MINI.replace("tag: rushing", "tag: rush")
    err = only_error(text)
    assert err.line == line_of(text, "tag: rush")
    assert 'did you mean "rushing"' in err.message
    assert "be-present" in err.message  # lists what is expected


def test_python_tag_is_an_error_and_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    text = MINI.replace("summary: >\n  A short first meeting.",
                        f"summary: !!python/object/apply:os.system ['touch {marker}']")
    scenario, errs = errors(text)
    assert scenario is None
    assert any("unsupported YAML tag" in e.message and e.line == line_of(text, "!!python") for e in errs)
    assert not marker.exists()


def test_missing_required_key():
    text = MINI.replace("        feedback: Bad.\n", "")
    err = only_error(text)
    assert 'missing required key "feedback"' in err.message
    assert err.line == line_of(text, "- id: straight-to-forms")


def test_ending_that_no_end_node_can_resolve():
    text = MINI.replace("    end: true", "    end: [paperwork-only]")
    err = only_error(text)
    assert 'ending "opened-up" can never be resolved' in err.message
    assert err.line == line_of(text, "- id: opened-up")


def test_end_node_without_fallback_ending():
    text = MINI.replace("    outcome: poor\n    text: The form is done.",
                        "    outcome: poor\n    if: { meter: trust, at_most: 49 }\n    text: The form is done.")
    err = only_error(text)
    assert "no fallback ending" in err.message
    assert err.line == line_of(text, "  goodbye:")


def test_routes_need_a_fallback():
    text = MINI.replace("      - next: goodbye", "      - next: goodbye\n        if: { flag: apologised }")
    err = only_error(text)
    assert "last route needs no `if`" in err.message


def test_node_needs_exactly_one_way_on():
    text = MINI.replace("    says: If they cut the benefit, I lose the flat.\n    next: goodbye",
                        "    says: If they cut the benefit, I lose the flat.")
    err = only_error(text)
    assert 'node "worry" has no way on' in err.message
    text = MINI.replace("    next: goodbye\n  goodbye:", "    next: goodbye\n    end: true\n  goodbye:")
    err = only_error(text)
    assert "use only one of" in err.message


def test_meter_start_outside_bounds():
    text = MINI.replace("trust: { start: 40 }", "trust: { start: 140 }")
    err = only_error(text)
    assert "outside its bounds 0–100" in err.message


def test_trust_and_openness_are_required():
    text = MINI.replace("  openness: { start: 30, min: 0, max: 100 }\n", "")
    scenario, errs = errors(text)
    assert any('"openness" is required' in e.message for e in errs)


def test_format_from_the_future():
    err = only_error(MINI.replace("format: 1", "format: 3"))
    assert "newer version of Rapport" in err.message and err.code == "RP0224"


def test_bad_condition_shape():
    text = MINI.replace("if: { meter: trust, at_least: 50 }", "if: { meter: trust, atleast: 50 }")
    scenario, errs = errors(text)
    assert any("atleast" in e.message and "at_least" in e.message for e in errs)


def test_all_problems_are_collected_not_just_the_first():
    text = MINI.replace("tag: rushing", "tag: rush").replace("minutes: 3", "minutes: x").replace("next: worry", "next: wory")
    scenario, errs = errors(text)
    assert len(errs) == 3


def test_unreachable_node_is_a_warning():
    text = MINI.replace("  goodbye:\n    end: true", "  goodbye:\n    end: true\n  island:\n    says: Alone.\n    next: goodbye")
    scenario, diagnostics = parse(text)
    assert scenario is not None
    warnings = [d for d in diagnostics if d.severity == "warning" and d.code != "RP0430"]
    assert len(warnings) == 1 and warnings[0].code == "RP0310"
    assert 'node "island" can never be reached' in warnings[0].message
    assert str(warnings[0]).startswith(f"mini.yaml:{line_of(text, '  island:')}:3: warning:")


def test_empty_and_non_mapping_files():
    assert "empty" in only_error("").message
    assert "should be a mapping" in only_error("- just\n- a list\n").message


def test_load_scenario_raises_with_all_diagnostics(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(MINI.replace("tag: rushing", "tag: rush"))
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    assert str(path) in str(exc.value)
    with pytest.raises(ScenarioError) as exc:
        load_scenario(tmp_path / "missing.yaml")
    assert "no such file" in str(exc.value)


def test_scenario_is_immutable():
    scenario, _ = parse(MINI)
    with pytest.raises(AttributeError):  # a frozen dataclass
        scenario.title = "changed"
    with pytest.raises(TypeError):
        scenario.nodes["new"] = None
    assert parse_scenario(MINI, "a.yaml")[0] == parse_scenario(MINI, "a.yaml")[0]


# Each structural and reference rule has its own stable code (docs/scene-format.md#codes).
CODED = [
    ("    says: Finally.", "    sayz: Finally.", "RP0201"),
    ("        feedback: Good.\n", "", "RP0202"),
    ("client:\n", "client: nobody\nx:\n", "RP0203"),
    ("title: The Waiting Room", "title: [a, b]", "RP0204"),
    ("minutes: 3", "minutes: three", "RP0205"),
    ("content_notes: []", "content_notes: 5", "RP0206"),
    ("tag: rushing", "tag: rush", "RP0207"),
    ("id: straight-to-forms", "id: straight to forms", "RP0208"),
    ("if: { meter: trust, at_least: 50 }\n        next: worry", "if: { flag: apologised, visited: worry }\n        next: worry", "RP0209"),  # noqa: E501
    ("if: { meter: trust, at_least: 50 }\n        next: worry", "if: { meter: trust }\n        next: worry", "RP0210"),
    ("  trust: { start: 40 }", "  trust: { start: 40 }\n  Bad Name: { start: 1 }", "RP0211"),
    ("  trust: { start: 40 }", "  trust: { start: 400 }", "RP0212"),
    ("  trust: { start: 40 }\n", "", "RP0213"),
    ("  age: 41", "  age: 300", "RP0214"),
    ("        effects: { trust: -10 }", "        effects: { trust: lots }", "RP0216"),
    ("      - id: straight-to-forms", "      - id: apologise", "RP0217"),
    ("    says: If they cut the benefit, I lose the flat.\n    next: goodbye", "    says: If they cut the benefit, I lose the flat.", "RP0218"),  # noqa: E501
    ("format: 1", "format: 7", "RP0224"),
    ("        next: letter\n      - id: straight", "        next: leter\n      - id: straight", "RP0301"),
    ("effects: { trust: 15, openness: 5", "effects: { trusty: 15, openness: 5", "RP0302"),
    ("set: [apologised]", "set: [apologized]", "RP0303"),
    ("    outcome: poor\n", "    outcome: poor\n    if: { flag: apologised }\n", "RP0306"),
    ("    outcome: best\n", "    outcome: good\n", "RP0309"),
    ("  goodbye:\n    end: true", "  goodbye:\n    end: true\n  island:\n    says: Alone.\n    next: goodbye", "RP0310"),
]


@pytest.mark.parametrize("old, new, code", CODED, ids=[c[2] for c in CODED])
def test_each_rule_has_its_code(old, new, code):
    assert old in MINI
    _, diagnostics = parse(MINI.replace(old, new, 1))
    found = [d.code for d in diagnostics]
    assert code in found, [str(d) for d in diagnostics]
    assert all(d.code for d in diagnostics), "every loader diagnostic carries a code"
