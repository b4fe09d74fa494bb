"""The interface's languages: the catalogues are complete and current, gettext loads them, the
language setting is checked like any other, and counted words take each language's plural forms."""

import ast
import fnmatch
import tomllib
from pathlib import Path

import pytest

from game import i18n
from game.settings import Settings, cycle, parse_settings
from game.words import count
from tools import i18n as catalogues

ROOT = Path(__file__).resolve().parent.parent


def test_the_template_holds_exactly_the_strings_marked_in_the_code():
    fresh = catalogues.messages(catalogues.extract())
    committed = catalogues.messages(catalogues.read(catalogues.POT))
    assert fresh, "extraction found nothing: the keywords no longer match the code"
    assert sorted(set(fresh) - set(committed), key=str) == [], "marked but not in rapport.pot: python tools/i18n.py all"
    assert sorted(set(committed) - set(fresh), key=str) == [], "in rapport.pot, no longer in the code: python tools/i18n.py all"
    assert committed == fresh  # plural forms too


@pytest.mark.parametrize("lang", [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE])
def test_every_shipped_language_is_complete_current_and_compiled(lang):
    assert catalogues.po_path(lang).exists()
    problems = [p for p in catalogues.problems() if f"/{lang}/" in p]
    assert problems == []


def test_the_checks_catch_a_bad_translation(tmp_path, monkeypatch):
    # The check above can fail: an untranslated entry, a fuzzy one, a lost placeholder, a stale .mo.
    es = tmp_path / "es" / "LC_MESSAGES"
    es.mkdir(parents=True)
    po = catalogues.po_path("es").read_text(encoding="utf-8")
    po = po.replace('msgstr[0] "{n} teléfono"', 'msgstr[0] "un teléfono {x}"', 1)
    po = po.replace('msgid "{n} hand"', '#, fuzzy\nmsgid "{n} hand"', 1)
    (es / "rapport.po").write_text(po, encoding="utf-8")
    (es / "rapport.mo").write_bytes(catalogues.po_path("es").with_suffix(".mo").read_bytes())
    (tmp_path / "rapport.pot").write_bytes(catalogues.POT.read_bytes())
    monkeypatch.setattr(catalogues, "LOCALE", tmp_path)
    monkeypatch.setattr(catalogues, "POT", tmp_path / "rapport.pot")
    monkeypatch.setattr(catalogues, "ROOT", tmp_path)
    found = "\n".join(catalogues.problems())
    assert "'{n} phone': placeholders" in found
    assert "'{n} hand' is marked fuzzy" in found
    assert "rapport.mo is not what" in found


def test_placeholders_are_read_by_name():
    assert catalogues.fields("{name} waited {n} minutes") == {"name", "n"}
    assert catalogues.fields("no fields, {{braces}} escaped") == set()


def test_gettext_loads_the_compiled_spanish_catalogue():
    assert i18n.set_language("es") == "es"
    assert i18n.current_language() == "es"
    assert count(1, "phone") == "1 teléfono"
    assert count(3, "phone") == "3 teléfonos"
    assert i18n.ngettext("{n} ending", "{n} endings", 0).format(n=0) == "0 finales"
    assert i18n.set_language("en") == "en"
    assert count(1, "phone") == "1 phone" and count(0, "phone") == "0 phones"
    assert i18n.N_("{n} phone") == "{n} phone"


def test_unknown_languages_fall_back_to_the_system_then_english(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "es_MX:en")
    assert i18n.set_language("klingon") == "es"
    assert i18n.set_language(None) == "es"
    monkeypatch.setenv("LANGUAGE", "en")
    assert i18n.set_language(None) == "en"


@pytest.mark.parametrize("environ, expected", [
    ({"LANG": "es_ES.UTF-8"}, "es"),
    ({"LANG": "es_AR.UTF-8", "LC_ALL": "de_DE.UTF-8"}, "en"),  # LC_ALL wins, and German is not shipped
    ({"LANGUAGE": "fr:es", "LANG": "fr_FR.UTF-8"}, "es"),  # the first shipped preference
    ({"LC_MESSAGES": "es_CL"}, "es"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_system_language_is_read_as_gettext_reads_it(environ, expected):
    assert i18n.system_language(environ) == expected


def test_listeners_hear_a_change_of_language_once():
    heard = []
    i18n.on_change(heard.append)
    try:
        i18n.set_language("es")
        i18n.set_language("es")
        i18n.set_language("en")
    finally:
        i18n.remove_listener(heard.append)
    assert heard == ["es", "en"]


def test_the_language_setting_is_checked_and_falls_back_with_a_notice():
    settings, notices = parse_settings('{\n "language": "es"\n}')
    assert settings.language == "es" and notices == []
    settings, notices = parse_settings('{\n "text_size": "large",\n "language": "xx"\n}')
    assert settings.language is None and settings.text_size == "large"
    assert notices == ['settings.json:3: language should be null (the system\'s language) or one of en, es, '
                       'found "xx"; using null']
    assert cycle(Settings(), "language").language == "en"
    assert cycle(Settings(language="es"), "language").language is None


def test_every_shipped_language_has_a_catalogue_and_the_wheel_carries_it():
    shipped = {p.parent.parent.name for p in (ROOT / "game" / "locale").glob("*/LC_MESSAGES/rapport.mo")}
    assert shipped == set(i18n.LANGUAGES) - {i18n.SOURCE_LANGUAGE}
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "game" in wheel["packages"]
    for mo in (ROOT / "game" / "locale").rglob("*.mo"):
        assert any(fnmatch.fnmatch(mo.relative_to(ROOT).as_posix(), glob) for glob in wheel["artifacts"])


def _shadows_underscore(tree: ast.AST) -> list[int]:
    """Lines where a module that imports ``_`` from game.i18n binds ``_`` again (``for _ in``,
    ``a, _ = ...``): inside a function that makes every ``_("...")`` there an unbound local."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
            lines.append(node.lineno)
        elif isinstance(node, ast.arg) and node.arg == "_":
            lines.append(node.lineno)
    return lines


def test_no_module_that_translates_binds_the_underscore_again():
    wrong = []
    for path in sorted((ROOT / "game").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_it = any(isinstance(n, ast.ImportFrom) and (n.module == "game.i18n" or (n.level and n.module == "i18n")) and
                         any(a.name == "_" and a.asname is None for a in n.names) for n in ast.walk(tree))
        if imports_it:
            wrong += [f"{path.relative_to(ROOT)}:{line}" for line in _shadows_underscore(tree)]
    assert wrong == [], "use another throwaway name where _ translates"


def test_a_catalogue_conflict_keeps_both_sides(tmp_path, monkeypatch):
    # Two branches each added and translated a message: git's conflict markers in the .po are
    # settled by keeping both, and the result is what the code marks (no more, no less).
    po = catalogues.po_path("es").read_text(encoding="utf-8")
    entries = po.split("\n\n")
    header, body = entries[0], entries[1:]
    first, second = body[0], body[1]
    conflicted = "\n\n".join([header, "<<<<<<< HEAD\n" + first + "\n=======\n"
                              + second + "\n>>>>>>> other", *body[2:]])
    es = tmp_path / "es" / "LC_MESSAGES"
    es.mkdir(parents=True)
    (es / "rapport.po").write_text(conflicted, encoding="utf-8")
    (tmp_path / "rapport.pot").write_bytes(catalogues.POT.read_bytes())
    monkeypatch.setattr(catalogues, "LOCALE", tmp_path)
    monkeypatch.setattr(catalogues, "POT", tmp_path / "rapport.pot")
    assert "<<<<<<<" in (es / "rapport.po").read_text(encoding="utf-8")
    assert catalogues.resolve() == [es / "rapport.po"]
    resolved = catalogues.read(es / "rapport.po", locale="es")
    assert catalogues.messages(resolved) == catalogues.messages(catalogues.read(catalogues.po_path("es")))
    assert all(m.string for m in resolved if m.id)
    assert (es / "rapport.mo").read_bytes() == catalogues.po_path("es").with_suffix(".mo").read_bytes()


def test_the_sides_of_a_conflict():
    assert catalogues.sides("a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> x\nd\n") == ("a\nb\nd\n", "a\nc\nd\n")
