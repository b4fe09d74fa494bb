"""Scene translations: one file per scene and language, keyed by the scene's stable ids.

``scenes/translations/es/waiting-room.yaml`` holds the Spanish of ``scenes/waiting-room.yaml``.
It follows the scene top to bottom — the card, each node with its choices, the endings, the
duties, the debrief questions — and every line a player reads is one entry holding the source
text it was translated from beside the translation::

    nodes:
      arrival:
        says:
          en: I thought you'd forgotten about me. I nearly left.
          es: Pensaba que se habían olvidado de mí. Casi me voy.

A translation changes words only: ids, conditions, effects and the order of things always come
from the scene itself. The file is read as untrusted input with the scene loader's safe YAML
reader (game/story/yamlsrc.py) and checked against the scene:

- an entry whose id (node, choice, ending, duty, or line) is not in the scene: an error with
  file:line (RP0701); the rest of the file is still used;
- a line with no translation: listed (RP0702, a note), and the scene's own words are shown;
- a line whose source changed since it was translated, or that ``rapport translate`` marked with
  ``was:``: a warning (RP0703); the translation is still shown;
- placeholders or markup ({name}, %s, <i>) that differ from the source: an error, and that
  line shows the source (RP0704);
- a wrong shape or type (RP0705), or a header naming another scene or language (RP0706, the
  file is not used).

Pure Python: no pygame, nothing executed from the file.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Optional, TypeVar

from .diagnostics import ERROR, INFO, WARNING, Diagnostic, did_you_mean
from .model import BANDS, LANGUAGE_PATTERN, Scenario, frozen_map
from .yamlsrc import EMPTY, YList, YMap, clean_text, read_text, read_yaml
from .yamlsrc import describe_value as _kind

FORMAT = 1  # the translation file format (`translation: 1` at the top)
FOLDER = "translations"  # beside the scene files: FOLDER/<lang>/<scene-id>.yaml

# -- diagnostic codes (RP07xx, listed in docs/scene-format.md) --------------------------------
STALE = "RP0701"  # error: an id or line that is not in the scene
MISSING = "RP0702"  # note: a line not translated (the scene's own words are shown)
OUTDATED = "RP0703"  # warning: the source changed since the line was translated
MARKUP = "RP0704"  # error: placeholders or markup differ from the source
SHAPE = "RP0705"  # error: not the shape of a translation file (types, keys)
HEADER = "RP0706"  # error: the header names another scene, language or format: file not used
ORPHAN = "RP0707"  # warning: a translation file with no scene of that id beside it
NO_FILE = "RP0708"  # note: `validate --lang xx` and the scene has no translation into xx
FAILED = "RP0709"  # error: the reader failed unexpectedly (a bug); the scene shows untranslated

WAS = "was"  # an entry's mark: the source it was translated from, before the scene changed
HEADER_KEYS = ("translation", "scene", "language", "source_language", "notes")
SECTIONS = ("scenario", "nodes", "endings", "duties", "debrief_questions")
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese",
                  "it": "Italian", "ca": "Catalan"}
NODE_FIELDS = ("scene", "speaker", "narration", "says", "disclosure", "facilitator")
LIST_SECTIONS = {("scenario", "content_notes"), ("scenario", "objectives"), ("scenario", "cues"),
                 ("debrief_questions",)}
# Placeholders and markup a line may hold: {name}, %s / %(name)s, <i>…</i>. A translation must
# keep exactly the same ones (in any order).
_MARKUP = re.compile(r"\{[^{}\s]*\}|%\([A-Za-z_]\w*\)[sdif]|%[sdif]|</?[A-Za-z][^<>\n]{0,40}>")

_Text = TypeVar("_Text", str, Optional[str])
PathKey = tuple[Any, ...]  # ("nodes", "arrival", "choices", "rebook", "text"); list items by 1-based int


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code.split("_")[0], code)


def shown_path(path: PathKey) -> str:
    return "/".join(str(p) for p in path)


# -- what a player reads in a scene -----------------------------------------------------------

def source_lines(scenario: Scenario) -> list[tuple[PathKey, str]]:
    """Every line of ``scenario`` a player (or a facilitator) reads, in file order: the card,
    each node (its words, then each choice's text, reaction and feedback), the endings, the
    duties and the debrief questions."""
    out: list[tuple[PathKey, str]] = []

    def add(path: PathKey, text: str | None) -> None:
        if text:
            out.append((path, text))

    s = scenario
    add(("scenario", "title"), s.title)
    add(("scenario", "summary"), s.summary)
    add(("scenario", "place"), s.place)
    for i, note in enumerate(s.content_notes, 1):
        add(("scenario", "content_notes", i), note)
    for i, objective in enumerate(s.objectives, 1):
        add(("scenario", "objectives", i), objective)
    for key in ("name", "pronouns", "background", "presenting"):
        add(("scenario", "client", key), getattr(s.client, key))
    for band in BANDS:
        add(("scenario", "postures", band), s.postures.get(band))
    for i, cue in enumerate(s.cues, 1):
        add(("scenario", "cues", i), cue.posture)
    for node in s.nodes.values():
        base = ("nodes", node.id)
        for key in NODE_FIELDS:
            add(base + (key,), getattr(node, key))
        for choice in node.choices:
            c = base + ("choices", choice.id)
            add(c + ("text",), choice.text)
            if choice.reaction is not None:
                add(c + ("reaction", "narration"), choice.reaction.narration)
                add(c + ("reaction", "says"), choice.reaction.says)
            add(c + ("feedback",), choice.feedback)
            add(c + ("locked_hint",), choice.locked_hint)
    for ending in s.endings:
        for key in ("title", "text", "ripple"):
            add(("endings", ending.id, key), getattr(ending, key))
    for duty in s.duties:
        for key in ("title", "why", "source"):
            add(("duties", duty.id, key), getattr(duty, key))
    for i, question in enumerate(s.debrief_questions, 1):
        add(("debrief_questions", i), question)
    return out


def normal(text: Any) -> str:
    """Text compared for "did the source change": runs of spaces and line breaks are one space
    (re-wrapping a paragraph changes nothing)."""
    return " ".join(str(text).split())


def markup(text: str) -> Counter:
    return Counter(_MARKUP.findall(text))


# -- a translation read and checked ------------------------------------------------------------

@dataclass
class Translation:
    """One translation file checked against its scene."""

    scene: str
    language: str
    file: str
    texts: dict[PathKey, str] = field(default_factory=dict)  # the lines to show, by path
    lines: int = 0  # lines in the scene
    missing: list[PathKey] = field(default_factory=list)
    outdated: list[PathKey] = field(default_factory=list)
    notes: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    used: bool = True  # False: the header or the file itself is wrong, nothing is shown from it

    @property
    def translated(self) -> int:
        return len(self.texts)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    def summary(self) -> dict:
        return {"scene": self.scene, "language": self.language, "file": self.file, "lines": self.lines,
                "translated": self.translated, "used": self.used,
                "missing": [shown_path(p) for p in self.missing],
                "outdated": [shown_path(p) for p in self.outdated]}


class _Checker:
    def __init__(self, scenario: Scenario, file: str, language: str | None):
        self.scenario = scenario
        self.file = file
        self.expected_language = language
        self.expected = dict(source_lines(scenario))
        self.order = list(self.expected)
        self.prefixes: dict[PathKey, list[Any]] = {}  # container path -> its children, in order
        for path in self.order:
            for n in range(len(path)):
                children = self.prefixes.setdefault(path[:n], [])
                if path[n] not in children:
                    children.append(path[n])
        self.result = Translation(scenario.id, language or "", file, lines=len(self.expected))
        self.src = scenario.source_language
        self.lang = language or ""
        self.found: dict[PathKey, tuple[int, int]] = {}  # entries present (translated or not), where

    def problem(self, pos: tuple[int, int], message: str, code: str, severity: str = ERROR) -> None:
        self.result.diagnostics.append(Diagnostic(self.file, pos[0], pos[1], message, severity, code))

    # -- the header --------------------------------------------------------------------------
    def header(self, top: YMap) -> bool:
        r, s = self.result, self.scenario
        for key in top:
            if key not in HEADER_KEYS + SECTIONS:
                allowed = HEADER_KEYS + SECTIONS
                self.problem(top.key_pos[key], f'unknown key "{_short(key)}" at the top{did_you_mean(str(key), allowed)}; '
                                               f'expected one of {", ".join(allowed)}', SHAPE)
        fmt = top.get("translation", FORMAT)
        if isinstance(fmt, bool) or not isinstance(fmt, int) or fmt != FORMAT:
            number = isinstance(fmt, int) and not isinstance(fmt, bool)
            newer = " — it was written by a newer Rapport" if number and fmt > FORMAT else ""
            self.problem(top.value_pos.get("translation", top.pos), f"translation format {_short(fmt)} is not supported; "
                                                                    f"expected translation: {FORMAT}{newer}", HEADER)
            return False
        scene = top.get("scene")
        if not isinstance(scene, str) or not scene.strip():
            self.problem(top.value_pos.get("scene", top.pos), f'the file needs "scene: {s.id}" at the top, naming the '
                                                              f"scene it translates", HEADER)
            return False
        if scene.strip() != s.id:
            self.problem(top.value_pos["scene"], f'this file translates the scene "{_short(scene)}", not "{s.id}"; '
                                                 f"name the file after the scene it translates", HEADER)
            return False
        language = top.get("language")
        if not isinstance(language, str) or not re.match(LANGUAGE_PATTERN, language.strip()):
            self.problem(top.value_pos.get("language", top.pos), f"the file needs \"language: xx\" at the top (a language "
                                                                 f"code such as es), found {_kind(language)}", HEADER)
            return False
        language = language.strip()
        if self.expected_language and language != self.expected_language:
            self.problem(top.value_pos["language"], f'the file says language "{language}" but sits in the folder for '
                                                    f'"{self.expected_language}"; move it or correct the language', HEADER)
            return False
        if language == s.source_language:
            self.problem(top.value_pos["language"], f'the scene is already written in "{language}"; a translation is '
                                                    f"into another language", HEADER)
            return False
        self.lang = r.language = language
        source = top.get("source_language", s.source_language)
        if not isinstance(source, str) or source.strip() != s.source_language:
            self.problem(top.value_pos.get("source_language", top.pos),
                         f'the file translates from "{_short(source)}", but the scene is written in "{s.source_language}"',
                         HEADER)
            return False
        notes = top.get("notes")
        if notes is not None:
            if isinstance(notes, str):
                r.notes = notes.strip() or None
            else:
                self.problem(top.value_pos["notes"], f'"notes" should be text (the translator\'s notes), found '
                                                     f"{_kind(notes)}", SHAPE)
        return True

    # -- the entries -------------------------------------------------------------------------
    def walk(self, value: Any, path: PathKey, pos: tuple[int, int]) -> None:
        if path in self.expected:
            self.entry(value, path, pos)
            return
        if path not in self.prefixes:
            self.stale(path, pos)
            return
        if path in LIST_SECTIONS:
            if not isinstance(value, YList):
                if value is not None:
                    self.problem(pos, f'"{shown_path(path)}" should be a list of entries in the order of the scene, '
                                      f"found {_kind(value)}", SHAPE)
                return
            for i, (item, ipos) in enumerate(zip(value, value.item_pos), 1):
                self.walk(item, path + (i,), ipos)
            return
        if not isinstance(value, YMap):
            if value is not None:
                what = f'"{shown_path(path)}"' if path else "the file"
                self.problem(pos, f"{what} should be a mapping of ids to entries, found {_kind(value)}", SHAPE)
            return
        for key, item in value.items():
            if isinstance(key, bool) or not isinstance(key, (str, int, float)):
                self.problem(value.key_pos[key], f"a key should be an id, found {_kind(key)}", SHAPE)
                continue
            self.walk(item, path + (str(key),), value.key_pos[key])

    def stale(self, path: PathKey, pos: tuple[int, int]) -> None:
        parent, name = path[:-1], path[-1]
        siblings = [str(c) for c in self.prefixes.get(parent, [])]
        hint = did_you_mean(str(name), siblings) if isinstance(name, str) else ""
        fix = "; remove the entry, or give it the scene's new id"
        if parent == ("nodes",):
            message = f'node "{_short(name)}" is not in the scene "{self.scenario.id}"{hint}{fix}'
        elif len(parent) == 3 and parent[0] == "nodes" and parent[2] == "choices":
            message = f'choice "{_short(name)}" is not in node "{parent[1]}"{hint}{fix}'
        elif parent in (("endings",), ("duties",)):
            what = "ending" if parent == ("endings",) else "duty"
            message = f'{what} "{_short(name)}" is not in the scene "{self.scenario.id}"{hint}{fix}'
        elif parent in LIST_SECTIONS:
            message = (f'"{shown_path(parent)}" has {len(siblings)} item(s) in the scene; item {name} is not '
                       f"in it; remove the entry")
        elif parent == ():
            message = f'"{_short(name)}" is not a part of a translation file{hint}'
        else:
            message = (f'"{shown_path(parent)}" has no "{_short(name)}" line in the scene{hint}; remove the entry '
                       f"(the scene no longer has that text)")
        self.problem(pos, message, STALE)

    def entry(self, value: Any, path: PathKey, pos: tuple[int, int]) -> None:
        where = shown_path(path)
        src, lang = self.src, self.lang
        if not isinstance(value, YMap):
            if value is not None:
                self.problem(pos, f'"{where}" should be an entry with "{src}:" (the source) and "{lang}:" (the '
                                  f"translation), found {_kind(value)}", SHAPE)
            return
        self.found[path] = value.pos
        for key in value:
            if key not in (src, lang, WAS):
                self.problem(value.key_pos[key], f'"{where}": unknown key "{_short(key)}"'
                                                 f'{did_you_mean(str(key), (src, lang, WAS))}; an entry holds '
                                                 f'"{src}:" (the source), "{lang}:" (the translation) and perhaps "{WAS}:"',
                             SHAPE)
        text = value.get(lang)
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            text = str(text)
        if text is not None and not isinstance(text, str):
            self.problem(value.value_pos[lang], f'"{where}": the translation should be text, found {_kind(text)}', SHAPE)
            return
        if text is None or not text.strip():
            return  # not translated yet: counted as missing
        text = text.strip()
        current = self.expected[path]
        if markup(text) != markup(current):
            want = ", ".join(sorted(markup(current).elements())) or "none"
            got = ", ".join(sorted(markup(text).elements())) or "none"
            self.problem(value.value_pos[lang], f'"{where}": the placeholders and markup differ from the source '
                                                f"(source: {want}; translation: {got}); the source is shown until "
                                                f"they match", MARKUP)
            return
        self.result.texts[path] = text
        then = value.get(src)
        if WAS in value:
            self.result.outdated.append(path)
            self.problem(value.pos, f'"{where}" is marked outdated: the source changed from the text under '
                                    f'"{WAS}:"; update the translation, then delete the "{WAS}:" line', OUTDATED, WARNING)
        elif not isinstance(then, (str, int, float)) or isinstance(then, bool) or normal(then) != normal(current):
            self.result.outdated.append(path)
            found = "is missing" if then is None else "differs from the scene's"
            self.problem(value.pos, f'"{where}" is outdated: the source text beside it {found} (now: '
                                    f'"{_short(normal(current), 60)}"); check the translation, then run `rapport '
                                    f"translate` or copy the new source beside it", OUTDATED, WARNING)

    def finish(self) -> Translation:
        r = self.result
        source_name = language_name(self.src)
        for path in self.order:
            if path not in r.texts:  # a line whose translation was refused (markup) is missing too
                r.missing.append(path)
        for path in r.missing:
            pos = self.found.get(path, (0, 0))
            self.problem(pos, f'"{shown_path(path)}" is not translated into {language_name(self.lang)} yet; players '
                              f'see the {source_name}: "{_short(normal(self.expected[path]), 50)}"', MISSING, INFO)
        return r


def check_translation(scenario: Scenario, path: str | Path, language: str | None = None) -> Translation:
    """Read the translation file at ``path`` and check it against ``scenario``.

    ``language``: the language the file must be in (the folder it sits in); None takes the file's
    own. Never raises for anything in the file: every problem is a diagnostic."""
    name = str(path)
    try:
        return _check(scenario, Path(path), name, language)
    except Exception as exc:  # a safety net: a translation must never stop the library or the window
        result = Translation(scenario.id, language or "", name, used=False)
        result.diagnostics.append(Diagnostic(name, 0, 0, f"this translation could not be read ({type(exc).__name__}); "
                                                         f"the scene shows in its own language. Please report it with "
                                                         f"the file attached", ERROR, FAILED))
        return result


def _check(scenario: Scenario, path: Path, name: str, language: str | None) -> Translation:
    text, problems = read_text(path, "translation")
    data = None
    if text is not None:
        data, problems = read_yaml(text, name, index=False, kind="translation")
    checker = _Checker(scenario, name, language)
    result = checker.result
    for d in problems:
        if d.code == EMPTY:
            d = replace(d, message=f"the file is empty; a translation starts with scene: {scenario.id} and "
                                   f"language: {language or 'es'}")
        result.diagnostics.append(d)
    if data is None or any(d.severity == ERROR for d in problems):
        return _unused(result, checker)
    if not isinstance(data, YMap):
        checker.problem((1, 1), f"a translation file is a mapping that starts with scene: {scenario.id}, found "
                                f"{_kind(data)}", SHAPE)
        return _unused(result, checker)
    if not checker.header(data):
        return _unused(result, checker)
    for section in SECTIONS:
        if section in data:
            checker.walk(data[section], (section,), data.value_pos[section])
    return checker.finish()


def _unused(result: Translation, checker: _Checker) -> Translation:
    """A file nothing is taken from: every line shows in the scene's own language."""
    result.used = False
    result.texts = {}
    result.missing = list(checker.order)
    return result


def translation_path(scene_file: str | Path, scene_id: str, language: str) -> Path:
    """Where the ``language`` translation of the scene in ``scene_file`` lives."""
    return Path(scene_file).parent / FOLDER / language / f"{scene_id}.yaml"


def find_translation(scene_file: str | Path, scene_id: str, language: str) -> Path | None:
    """The translation file for ``language`` (es_MX falls back to es), or None."""
    for code in dict.fromkeys((language, language.split("_")[0].split("-")[0])):
        candidate = translation_path(scene_file, scene_id, code)
        if _present(candidate):
            return candidate
    return None


def _present(path: Path) -> bool:
    """Whether something stands at ``path``: a file, or a folder, device, pipe or broken link in
    its place (which the reader then refuses with a message, rather than the translation going
    missing without a word)."""
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def translated_languages(scene_file: str | Path, scene_id: str) -> list[str]:
    """The languages a scene has a translation file for, beside its file."""
    folder = Path(scene_file).parent / FOLDER
    try:
        return sorted(d.name for d in folder.iterdir() if d.is_dir() and _present(d / f"{scene_id}.yaml"))
    except OSError:
        return []


# -- a scenario in another language ------------------------------------------------------------

def apply(scenario: Scenario, translation: Translation) -> Scenario:
    """``scenario`` with the translated lines in place; every other line, id, condition and
    effect as it was. Its ``language`` is the translation's."""
    if not translation.used:
        return scenario
    texts = translation.texts

    def t(path: PathKey, value: _Text) -> _Text:
        return texts.get(path, value) if value else value

    def fields(obj: Any, base: PathKey, keys: tuple[str, ...]) -> dict[str, Any]:
        return {k: t(base + (k,), getattr(obj, k)) for k in keys}

    s = scenario
    client = replace(s.client, **fields(s.client, ("scenario", "client"), ("name", "pronouns", "background", "presenting")))
    nodes = {}
    for node_id, node in s.nodes.items():
        base = ("nodes", node_id)
        choices = []
        for choice in node.choices:
            c = base + ("choices", choice.id)
            reaction = choice.reaction
            if reaction is not None:
                reaction = replace(reaction, says=t(c + ("reaction", "says"), reaction.says),
                                   narration=t(c + ("reaction", "narration"), reaction.narration))
            choices.append(replace(choice, text=t(c + ("text",), choice.text), feedback=t(c + ("feedback",), choice.feedback),
                                   locked_hint=t(c + ("locked_hint",), choice.locked_hint), reaction=reaction))
        nodes[node_id] = replace(node, choices=tuple(choices),
                                 **fields(node, base, NODE_FIELDS))
    endings = tuple(replace(e, **fields(e, ("endings", e.id), ("title", "text", "ripple"))) for e in s.endings)
    duties = tuple(replace(d, **fields(d, ("duties", d.id), ("title", "why", "source"))) for d in s.duties)
    return replace(
        s,
        title=t(("scenario", "title"), s.title),
        summary=t(("scenario", "summary"), s.summary),
        place=t(("scenario", "place"), s.place),
        content_notes=tuple(t(("scenario", "content_notes", i), v) for i, v in enumerate(s.content_notes, 1)),
        objectives=tuple(t(("scenario", "objectives", i), v) for i, v in enumerate(s.objectives, 1)),
        client=client,
        postures=frozen_map({band: t(("scenario", "postures", band), line) for band, line in s.postures.items()}),
        cues=tuple(replace(c, posture=t(("scenario", "cues", i), c.posture)) for i, c in enumerate(s.cues, 1)),
        nodes=frozen_map(nodes),
        endings=endings,
        duties=duties,
        debrief_questions=tuple(t(("debrief_questions", i), v) for i, v in enumerate(s.debrief_questions, 1)),
        language=translation.language,
    )


def translate(scenario: Scenario, scene_file: str | Path, language: str | None) -> tuple[Scenario, Translation | None]:
    """``scenario`` in ``language`` when a translation file for it sits beside ``scene_file``
    (with the scene's own words wherever it has none), and the checked translation."""
    if not language or language == scenario.source_language:
        return scenario, None
    found = find_translation(scene_file, scenario.id, language)
    if found is None:
        return scenario, None
    checked = check_translation(scenario, found, found.parent.name)
    return apply(scenario, checked), checked


# -- the file a translator fills in ------------------------------------------------------------

GUIDE = """\
# {name} translation of the scene "{scene}" ({scene_file}, two folders up from this file).
#
# Each entry holds the {source} text ("{src}:") and its {name} translation ("{lang}:").
# Fill in or correct every "{lang}:"; leave "{src}:" as it is (it tells Rapport which version of
# the line you translated). An empty "{lang}:" shows the {source} text in the game.
# For a long line write "{lang}: >-" and the text on the lines below, indented two more spaces
# (the lines are joined with spaces; a colon or quote needs no care there).
# A line marked "{was}:" changed in the scene since you translated it: the old {source} is under
# "{was}:". Update the translation, then delete the "{was}:" line.
# After the scene changes, run `rapport translate {scene} --lang {lang}` again: it keeps your work,
# adds the new lines and marks the changed ones (the previous file is kept as .bak).
# `rapport validate --lang {lang}` lists what is missing or outdated.
# Translate the meaning and each person's voice, not word for word; say in "notes" what you
# adapted for {name}-speaking players and why (docs/languages.md).
"""


def render(scenario: Scenario, language: str, scene_file: str = "", old: dict[PathKey, dict] | None = None,
           notes: str | None = None, retired: Iterable[tuple[PathKey, dict]] = ()) -> str:
    """The translation file for ``scenario`` into ``language``: every line with its source, the
    translations in ``old`` (path -> {"text", "source", "was"}) kept, changed sources marked."""
    src = scenario.source_language
    old = old or {}
    shown_file = Path(scene_file).name if scene_file else f"{scenario.id}.yaml"
    out = [GUIDE.format(name=language_name(language), scene=scenario.id, scene_file=shown_file,
                        source=language_name(src), src=src, lang=language, was=WAS)]
    out.append(f"translation: {FORMAT}\nscene: {_scalar(scenario.id)}\nlanguage: {language}\nsource_language: {src}\n")
    out.append("# What was adapted for this language and why (for the next translator and for teachers):\n")
    out.append(_field("notes", notes, "") if notes else "notes:\n")
    opened: PathKey = ()
    for path, text in source_lines(scenario):
        containers = path[:-1]
        common = 0
        while common < min(len(opened), len(containers)) and opened[common] == containers[common]:
            common += 1
        for depth in range(common, len(containers)):
            key = containers[depth]
            if depth == 0:
                out.append(f"\n{_HEADINGS.get(key, '')}\n")
            elif depth == 1 and containers[0] == "nodes":
                node = scenario.nodes[key]
                out.append(f"\n  # ── {key}{f' — {node.scene}' if node.scene else ''} ──\n")
            out.append(f"{'  ' * depth}{_key(key)}:\n")
        opened = containers
        indent = "  " * len(containers)
        entry = old.get(path) or {}
        fields = [_field(src, text, "")]
        translated = entry.get("text")
        if translated:
            fields.append(_field(language, translated, ""))
            then = entry.get("was") or (None if normal(entry.get("source") or "") == normal(text) else entry.get("source"))
            if then:
                fields.append(_field(WAS, then, ""))
        else:
            fields.append(f"{language}:\n")
        if containers in LIST_SECTIONS:
            block = "".join(fields)
            lines = block.splitlines()
            out.append(f"{indent}- {lines[0]}\n" + "".join(f"{indent}  {line}\n" for line in lines[1:]))
        else:
            out.append(f"{indent}{_key(path[-1])}:\n" + "".join(_field_lines(f, indent + "  ") for f in fields))
    retired = list(retired)
    if retired:
        out.append("\n# ── Lines whose ids are no longer in the scene, kept here for reference. They are not\n"
                   "# read: copy what you need into the entries above, then delete this part. ──\n")
        for path, entry in retired:
            out.append(f"# {shown_path(path)}\n")
            for key, value in ((src, entry.get("source")), (language, entry.get("text"))):
                if value:
                    out.append("".join(f"#   {line}\n" for line in _field(key, value, "").splitlines()))
    return "".join(out)


_HEADINGS = {"scenario": "# ── The card, the client and the postures ──",
             "nodes": "# ── The encounter, moment by moment: what is said, each choice, its reaction and feedback ──",
             "endings": "# ── The endings ──", "duties": "# ── The duties (shown in the debrief) ──",
             "debrief_questions": "# ── The debrief questions ──"}


def _field_lines(block: str, indent: str) -> str:
    return "".join(indent + line + "\n" for line in block.splitlines())


def _field(key: str, text: str | None, _indent: str = "") -> str:
    """``key: text`` as YAML that reads back as ``text``: short text plain (or quoted), longer text
    as a folded block (``>-``, lines joined by spaces) wrapped at about 90 columns."""
    value = clean_text(text or "").strip()  # what the reader would refuse raw is never written
    if "\n" in value:  # written with line breaks of its own: a literal block keeps them
        return f"{key}: |-\n" + "".join(f"  {line}\n" if line.strip() else "\n" for line in value.splitlines())
    value = normal(value)
    plain = _scalar(value)
    if len(value) <= 60 and plain == value:
        return f"{key}: {plain}\n"
    lines = textwrap.wrap(value, width=84, break_long_words=False, break_on_hyphens=False)
    return f"{key}: >-\n" + "".join(f"  {line}\n" for line in lines)


def _key(key: Any) -> str:
    return _scalar(str(key))


def _scalar(text: str) -> str:
    """``text`` as a YAML key or value that reads back as that very text."""
    import yaml

    dumped = yaml.safe_dump(text, allow_unicode=True, width=10_000, default_flow_style=False)
    return dumped.split("\n", 1)[0] if not dumped.startswith(("|", ">")) else f'"{text}"'


def previous_entries(scenario: Scenario, path: str | Path, language: str) -> tuple[dict[PathKey, dict], str | None,
                                                                                 list[tuple[PathKey, dict]], Translation]:
    """What an existing translation file holds, for ``rapport translate`` to keep: its entries by
    path ({"text", "source", "was"}), its notes, the entries whose ids left the scene, and the check."""
    checked = check_translation(scenario, path, language)
    text, _ = read_text(path, "translation")
    data, _ = read_yaml(text, str(path), index=False, kind="translation") if text is not None else (None, [])
    kept: dict[PathKey, dict] = {}
    retired: list[tuple[PathKey, dict]] = []
    expected = dict(source_lines(scenario))
    src = scenario.source_language

    def visit(value: Any, p: PathKey) -> None:
        if isinstance(value, YMap) and (src in value or language in value or WAS in value) and not (
                p in LIST_SECTIONS or p == ("nodes",)):
            entry = {"text": _text(value.get(language)), "source": _text(value.get(src)), "was": _text(value.get(WAS))}
            if p in expected:
                kept[p] = entry
            elif entry["text"]:
                retired.append((p, entry))
            return
        if isinstance(value, YMap):
            for k, v in value.items():
                if isinstance(k, (str, int, float)) and not isinstance(k, bool):
                    visit(v, p + (str(k),))
        elif isinstance(value, YList):
            for i, v in enumerate(value, 1):
                visit(v, p + (i,))

    if isinstance(data, YMap):
        for section in SECTIONS:
            if section in data:
                visit(data[section], (section,))
    return kept, checked.notes, retired, checked


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float)):
        return str(value).strip() or None
    return None


def _short(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"



__all__ = ["FOLDER", "Translation", "apply", "check_translation", "find_translation", "render", "source_lines",
           "translate", "translated_languages", "translation_path", "previous_entries"]


# -- checking a library's translations (`rapport validate`) -------------------------------------

def is_translation_path(path: str | Path) -> bool:
    """Whether ``path`` is a translation file or folder (…/translations/<lang>/x.yaml, …/translations)."""
    p = Path(path)
    if p.is_dir():
        return p.name == FOLDER or p.parent.name == FOLDER
    return p.parent.parent.name == FOLDER


def translation_files(path: str | Path) -> list[Path]:
    """The translation files a target names: the file itself, or every one under the folder."""
    p = Path(path)
    if not p.is_dir():
        return [p]
    out: list[Path] = []
    try:
        folders = [p] if p.parent.name == FOLDER else sorted(d for d in p.iterdir() if d.is_dir())
        for folder in folders:
            out.extend(sorted(f for f in folder.iterdir() if f.suffix in (".yaml", ".yml")))
    except OSError:
        pass
    return out


def scene_file_for(translation_file: str | Path) -> Path:
    """The scene a translation file translates: …/translations/es/x.yaml -> …/x.yaml."""
    p = Path(translation_file)
    folder = p.parent.parent.parent
    for suffix in (".yaml", ".yml"):
        if (folder / f"{p.stem}{suffix}").is_file():
            return folder / f"{p.stem}{suffix}"
    return folder / f"{p.stem}.yaml"


def check_library(scenarios: dict[str, Scenario], files: dict[str, Path], languages: Iterable[str] | None = None,
                  only: Iterable[Path] | None = None) -> list[Translation]:
    """Check the translations of every scenario: those found beside each scene, or, with
    ``languages``, those languages (a scene without one gets a note, NO_FILE). ``only``: just
    these translation files."""
    wanted = [str(Path(p).resolve()) for p in only] if only is not None else None
    results: list[Translation] = []
    for sid, scenario in scenarios.items():
        file = files[sid]
        langs = list(languages) if languages else translated_languages(file, sid)
        for lang in langs:
            path = translation_path(file, sid, lang)
            if wanted is not None and str(path.resolve()) not in wanted:
                continue
            if _present(path):
                results.append(check_translation(scenario, path, lang))
            elif lang != scenario.source_language:
                result = Translation(sid, lang, str(path), lines=len(source_lines(scenario)), used=False)
                result.missing = [p for p, _ in source_lines(scenario)]
                result.diagnostics.append(Diagnostic(
                    str(path), 0, 0, f'"{sid}" has no {language_name(lang)} translation yet, so players see it in '
                                     f"{language_name(scenario.source_language)}; `rapport translate {sid} --lang {lang}` "
                                     f"writes the file to fill in", INFO, NO_FILE))
                results.append(result)
    return results


def orphans(folders: Iterable[Path], scene_stems: Iterable[str]) -> list[Diagnostic]:
    """Translation files under ``folders`` whose scene is not there (renamed or removed)."""
    stems = set(scene_stems)
    out: list[Diagnostic] = []
    for folder in folders:
        for path in translation_files(Path(folder) / FOLDER) if (Path(folder) / FOLDER).is_dir() else []:
            if path.stem not in stems:
                out.append(Diagnostic(str(path), 1, 1, f'there is no scene "{_short(path.stem)}" in {folder} for this '
                                                       f"translation; rename it after the scene's id, or remove it",
                                      WARNING, ORPHAN))
    return out
