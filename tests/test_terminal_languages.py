"""The terminal player in Spanish: its prompts, help, notices and debrief headings (the scene's own
words stay as the scene wrote them until its translation lands), and the language it picks: the
window's saved setting, else the system's."""

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from game import i18n
from game.play import PlaySession
from game.story import load_library, scene_dirs
from game.terminal.player import TerminalPlayer
from tools import i18n as catalogues

ROOT = Path(__file__).resolve().parent.parent
BEST = "3,2,1,2,2"  # the tutorial's best path (tests/test_cli.py)


def english_of(paths: tuple[str, ...]) -> list[str]:
    """The longest fixed run of words in each English message of ``paths`` that Spanish words
    differently: finding one in the output is English the player should not see."""
    runs = []
    for m in catalogues.read(catalogues.po_path("es"), locale="es"):
        if not m.id or not any(p.startswith(paths) for p, _line in m.locations):
            continue
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        for msgid in [m.id] if isinstance(m.id, str) else list(m.id):
            longest = max(re.split(r"\{\w+\}", msgid), key=len).strip()
            if msgid not in strings and len(longest) >= 10:
                runs.append(longest)
    return runs


def waiting_room():
    return load_library(scene_dirs()).scenarios["waiting-room"]


def play(answers: str, **options) -> str:
    out = io.StringIO()
    TerminalPlayer(PlaySession.start(waiting_room()), out=out, inp=io.StringIO(answers), color=False,
                   **options).run()
    return out.getvalue()


def test_a_scene_played_in_spanish_shows_the_players_own_words_in_spanish():
    i18n.set_language("es")
    # Begin, a choice, take it back, then the best path to the ending (tests/test_cli.py's answers).
    answers = ["", "1", "", "b", "3", "", "2", "", "1", "", "", "2", "", "2", "", "", "", "", ""]
    out = play("\n".join(answers) + "\n", coach=True)
    assert "Escribe un número para elegir. b = retirar la última respuesta" in out
    assert "Pulsa Enter para empezar (q para salir)." in out
    assert re.search(r"Tu respuesta \(1-\d, b, l, q\):", out)
    assert "(Retiras tu última respuesta.)" in out
    assert "Orientación (Mostrar empatía): " in out or "Orientación (" in out  # the coach note, with --coach
    assert "[Enter para seguir]" in out
    assert "Persona usuaria:" in out and "Objetivos de aprendizaje:" in out
    assert "\nDebriefing\n" in out and "Tus respuestas, en orden" in out
    assert re.search(r"Tomaste 5 decisiones: \d+ (mostró|mostraron) una práctica de rapport", out)
    assert "Cómo cambió la persona: confianza: subió mucho" in out
    assert "\n1. «I'm sorry you were kept waiting" in out    # the choices quoted the Spanish way
    left = [run for run in english_of(("game/terminal/",)) if run in out]
    assert left == [], left


def test_the_english_check_finds_english():
    i18n.set_language("en")
    out = play("\nq\n")
    assert any(run in out for run in english_of(("game/terminal/",)))


def test_an_assessed_attempt_says_so_in_spanish():
    i18n.set_language("es")
    out = io.StringIO()
    TerminalPlayer(PlaySession.start(waiting_room(), mode="assessed"), out=out,
                   inp=io.StringIO("\n3\n\nb\nq\n"), color=False).run()
    text = out.getvalue()
    assert "Este es un intento evaluado: sin notas de orientación y sin vuelta atrás" in text
    from game.play.session import NO_REWIND
    assert i18n._(NO_REWIND) != NO_REWIND and i18n._(NO_REWIND) in text      # "b" refused, in Spanish
    assert re.search(r"Tu respuesta \(1-\d, l, q\):", text)


def rapport(args, config: Path, **env) -> subprocess.CompletedProcess:
    environ = {**os.environ, "XDG_CONFIG_HOME": str(config), **env}
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=60,
                          cwd=ROOT, env=environ)


def test_the_terminal_follows_the_saved_language_then_the_systems(tmp_path):
    config = tmp_path / "config"
    args = ["play", "--text", "waiting-room", "--choices", BEST]
    system_es = rapport(args, config, LANGUAGE="es", LC_ALL="", LANG="")
    assert system_es.returncode == 0, system_es.stderr
    assert "Debriefing" in system_es.stdout and "Tus respuestas, en orden" in system_es.stdout

    (config / "rapport").mkdir(parents=True)
    (config / "rapport" / "settings.json").write_text(json.dumps({"language": "es"}))
    saved_es = rapport(args, config, LANGUAGE="en")
    assert "Tus respuestas, en orden" in saved_es.stdout

    (config / "rapport" / "settings.json").write_text(json.dumps({"language": "en"}))
    saved_en = rapport(args, config, LANGUAGE="es")
    assert "Your choices, in order" in saved_en.stdout and "Debriefing" not in saved_en.stdout
