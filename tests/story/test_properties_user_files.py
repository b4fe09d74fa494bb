"""Property tests (hypothesis) for the other YAML files people write: scene translations and
course rubrics (issue 11 §4, round 5). What nobody thought to write down as a case:

- any mutation of a shipped translation file (a key deleted, duplicated or given a value of
  another type, two values swapped, the file cut, a line dropped, doubled or indented, a stray
  character put anywhere) gives the translation reader's own answer: diagnostics with the file,
  a line and a code, never an exception and never the reader's safety net (RP0709); and the scene
  it translates still plays, in whatever words survived;
- `rapport translate` writes any text a translator could have typed so that it reads back the
  same (a file it writes is never one it cannot read);
- any mutation of a rubric file gives the rubric reader's answer: a Rubric, or a RubricError
  naming the file and a line, nothing else.

CI runs a small derandomized profile (a few seconds); `python bench/bench_properties.py` runs
these with tests/story/test_properties.py, many more examples.
"""

from __future__ import annotations

import random
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.records.rubric import RubricError, check_rubric_text
from game.story import load_scenario
from game.story.simulate import random_playthrough
from game.story.translation import FAILED, MARKUP, apply, check_translation, markup, normal, render, source_lines
from game.story.yamlsrc import clean_text

from .test_properties import CI, DUMPER, ODD_VALUES, mutate

SCENES = Path(__file__).resolve().parents[2] / "scenes"
TRANSLATED = sorted(p.stem for p in (SCENES / "translations" / "es").glob("*.yaml"))
SCENARIOS = {name: load_scenario(SCENES / f"{name}.yaml") for name in TRANSLATED}
SHIPPED = {name: (SCENES / "translations" / "es" / f"{name}.yaml").read_text(encoding="utf-8") for name in TRANSLATED}
PLAIN = {name: yaml.safe_load(text) for name, text in SHIPPED.items()}
RUBRIC = """\
name: BSW engagement rubric
map:
  empathy: "2.1 Engages with empathy"
  judging: "2.4 Avoids judgement"
  be-present: 2.2 Attends to the person
  explain-limits: >-
    1.3 Explains confidentiality
    and its limits
"""
RUBRIC_PLAIN = yaml.safe_load(RUBRIC)
FOLDER = Path(tempfile.mkdtemp(prefix="rapport-properties-"))
# What no text read from a file may hold (a terminal acts on it, a font cannot draw it).
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff]")
STRAY = st.sampled_from(["\x00", "\x1b", "\t", "\r", "\ufeff", "\u202e", ":", "- ", "&a ", "*a", "!!", "{", "[", '"',
                         "'", "#", "|", ">", "%", "@", "`", "\\", "\n", "  ", "---\n", "...\n", "~", "é", "\xff"])


def translation_answer(name: str, text: str, encoding_errors: str = "strict"):
    """The translation reader's answer for ``text`` as the file of scene ``name``; anything else fails."""
    path = FOLDER / "translations" / "es" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", encoding_errors))
    scenario = SCENARIOS[name]
    checked = check_translation(scenario, path, "es")
    assert all(d.code != FAILED for d in checked.diagnostics), [str(d) for d in checked.diagnostics if d.code == FAILED]
    for d in checked.diagnostics:
        assert d.file == str(path) and isinstance(d.line, int) and d.line >= 0 and d.message, d
        assert d.code.startswith(("RP01", "RP07")), d
        assert "\n" not in str(d), d  # one line each
    translated = apply(scenario, checked)
    assert {n: [c.id for c in node.choices] for n, node in translated.nodes.items()} == \
        {n: [c.id for c in node.choices] for n, node in scenario.nodes.items()}  # words only, never the story
    random_playthrough(translated, random.Random(len(text)))
    return checked


@CI(15)
@given(st.sampled_from(TRANSLATED), st.sampled_from(["delete", "retype", "swap", "duplicate"]),
       st.integers(0, 10**6), st.integers(0, 10**6), ODD_VALUES)
def test_a_mutated_translation_gets_the_readers_answer(name, op, first, second, value):
    data = mutate(PLAIN[name], op, first, second, value)
    translation_answer(name, yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True), "surrogatepass")


@CI(40)
@given(st.sampled_from(TRANSLATED), st.integers(0, 10**7),
       st.sampled_from(["cut", "drop-line", "double-line", "indent", "stray"]), STRAY)
def test_a_damaged_translation_file_gets_the_readers_answer(name, where, how, stray):
    text = SHIPPED[name]
    lines = text.splitlines(keepends=True)
    k = where % max(1, len(lines))
    at = where % (len(text) + 1)
    if how == "cut":
        text = text[:at]
    elif how == "drop-line":
        text = "".join(lines[:k] + lines[k + 1:])
    elif how == "double-line":  # a duplicated key or entry, most of the time
        text = "".join(lines[:k + 1] + lines[k:])
    elif how == "indent":
        text = "".join(lines[:k] + [" " + lines[k]] + lines[k + 1:])
    else:
        text = text[:at] + stray + text[at:]
    if stray == "\xff" and how == "stray":  # a byte that is not UTF-8, as a Latin-1 editor would save it
        path = FOLDER / "translations" / "es" / f"{name}.yaml"
        path.write_bytes(text.replace("\xff", "").encode("utf-8")[:at] + b"\xff" + text.encode("utf-8")[at:])
        checked = check_translation(SCENARIOS[name], path, "es")
        assert not checked.used and [d.code for d in checked.errors] == ["RP0113"] and checked.errors[0].line >= 1
        return
    translation_answer(name, text)


@CI(10)
@given(st.sampled_from(TRANSLATED), st.data())
def test_translate_writes_any_text_so_that_it_reads_back(name, data):
    scenario = SCENARIOS[name]
    lines = source_lines(scenario)
    picked = data.draw(st.lists(st.integers(0, len(lines) - 1), min_size=1, max_size=6, unique=True))
    old = {}
    for i in picked:
        path, source = lines[i]
        old[path] = {"text": data.draw(st.text(min_size=1, max_size=150)), "source": source}
    out = FOLDER / "written.yaml"
    out.write_text(render(scenario, "es", "", old), encoding="utf-8")
    checked = check_translation(scenario, out, "es")
    # A translation whose placeholders differ from the source's (a "%d" or "{x}" typed where the
    # source has none) is kept as the translator wrote it, never dropped, and named as the one
    # error it is (RP0704); anything else the writer wrote must read back clean.
    differ = sum(1 for path, entry in old.items()
                 if clean_text(entry["text"]).strip() and markup(clean_text(entry["text"]).strip())
                 != markup(dict(lines)[path]))
    assert checked.used and [d.code for d in checked.errors] == [MARKUP] * differ, \
        [str(d) for d in checked.errors][:3]
    for path, entry in old.items():
        typed = clean_text(entry["text"]).strip()
        if not typed or markup(typed) != markup(dict(lines)[path]):
            continue  # nothing to show, or placeholders a translation may not change (RP0704)
        assert normal(checked.texts[path]) == normal(typed)


def rubric_answer(text: str, name: str = "rubric.yaml"):
    """check_rubric_text's answer: a rubric, or RubricError naming the file and a line."""
    try:
        rubric, warnings = check_rubric_text(text, name, known=["empathy", "judging", "be-present"])
    except RubricError as exc:
        assert exc.diagnostics and all(d.file == name and d.message for d in exc.diagnostics)
        assert str(exc).startswith(f"{name}:") and "\n" not in str(exc)
        assert all(d.line >= 1 or d.code == "RP0107" for d in exc.diagnostics), exc.diagnostics
        return None
    assert rubric.name and rubric.name == " ".join(rubric.name.split()) and not CONTROL.search(rubric.name)
    assert all(isinstance(k, str) and isinstance(v, str) and not CONTROL.search(k + v) for k, v in rubric.names.items())
    assert all(w.severity == "warning" and w.line >= 1 for w in warnings)
    return rubric


@CI(40)
@given(st.sampled_from(["delete", "retype", "swap", "duplicate"]), st.integers(0, 10**6), st.integers(0, 10**6),
       ODD_VALUES)
def test_a_mutated_rubric_gets_the_readers_answer(op, first, second, value):
    data = mutate(RUBRIC_PLAIN, op, first, second, value)
    rubric_answer(yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True).encode(
        "utf-8", "surrogatepass").decode("utf-8", "replace"))


@CI(60)
@given(st.integers(0, 10**6), st.sampled_from(["cut", "drop-line", "double-line", "indent", "stray"]), STRAY)
def test_a_damaged_rubric_file_gets_the_readers_answer(where, how, stray):
    text = RUBRIC
    lines = text.splitlines(keepends=True)
    k = where % len(lines)
    at = where % (len(text) + 1)
    if how == "cut":
        text = text[:at]
    elif how == "drop-line":
        text = "".join(lines[:k] + lines[k + 1:])
    elif how == "double-line":
        text = "".join(lines[:k + 1] + lines[k:])
    elif how == "indent":
        text = "".join(lines[:k] + [" " + lines[k]] + lines[k + 1:])
    else:
        text = text[:at] + stray + text[at:]
    rubric_answer(text)


def test_a_translation_with_other_placeholders_is_kept_and_named():
    """Found by the long run (bench/bench_properties.py): "%d" typed as the title's translation,
    where the source has no placeholder. `rapport translate` keeps it (the translator's words are
    never dropped) and the reader names it, as one RP0704, instead of a clean file."""
    name = TRANSLATED[0]
    scenario = SCENARIOS[name]
    lines = source_lines(scenario)
    path, source = next((p, s) for p, s in lines if not markup(s))
    out = FOLDER / "written.yaml"
    out.write_text(render(scenario, "es", "", {path: {"text": "%d", "source": source}}), encoding="utf-8")
    assert "%d" in out.read_text(encoding="utf-8")
    checked = check_translation(scenario, out, "es")
    assert checked.used and [d.code for d in checked.errors] == [MARKUP] and path not in checked.texts
