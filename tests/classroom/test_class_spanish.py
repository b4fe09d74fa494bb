"""The facilitator's screens in Spanish: every screen a class session passes through, at the
projector sizes with the largest text, with nothing outside its box and no English of their own
left on screen (the scene's own words may still be English until its translation lands)."""

import re

import pygame
import pytest

from game import i18n
from tests.ui.test_layout import check_scrolled
from tools import i18n as catalogues

SIZES = [(1024, 768), (1920, 1080)]
OWN = ("game/ui/classroom/", "game/classroom/")


def english_patterns() -> list[re.Pattern]:
    """A pattern for each message of the classroom's own files whose Spanish differs: a drawn
    text that matches one is English the facilitator should not see."""
    patterns = []
    for m in catalogues.read(catalogues.po_path("es"), locale="es"):
        if not m.id or not any(path.startswith(OWN) for path, _line in m.locations):
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        for msgid in ids:
            parts = re.split(r"\{\w+\}", msgid)
            if msgid in strings or sum(c.isalpha() for c in "".join(parts)) < 4:
                continue        # the same in both languages ("Esc", "Enter"), or too short to tell ("P{n}")
            patterns.append(re.compile(".+".join(re.escape(p) for p in parts)))
    return patterns


ENGLISH = None


def english_left(pilot) -> list[str]:
    global ENGLISH
    ENGLISH = ENGLISH or english_patterns()
    shown = {text for _rect, _box, text in pilot.measure_text()}
    shown |= {b.label for b in pilot.screen.buttons()}
    return [f"{pilot.screen.name}: {text!r}" for text in sorted(shown)
            if any(p.fullmatch(text) for p in ENGLISH)]


def look(pilot) -> list[str]:
    return check_scrolled(pilot) + english_left(pilot)


@pytest.fixture
def spanish(class_app):
    def make(size):
        pilot, ctx = class_app(size=size, open=False)
        i18n.set_language("es")
        pilot.app.relayout()
        ctx = pilot.app.nav.classroom(vote_host="127.0.0.1", port=0)
        pilot.step()
        ctx.change(text_size="largest")
        return pilot, ctx
    return make


def test_the_english_check_can_fail(spanish):
    pilot, _ = spanish((1024, 768))
    assert english_left(pilot) == []
    i18n.set_language("en")
    pilot.app.relayout()
    assert any("Projector and voting" in line for line in english_left(pilot))


@pytest.mark.parametrize("size", SIZES)
def test_a_class_session_in_spanish_fits_and_speaks_spanish(spanish, size):
    pilot, ctx = spanish(size)
    assert pilot.screen.name == "classroom" and pilot.screen.title == "Aula"
    found = look(pilot)
    pilot.press(pygame.K_1)
    assert pilot.screen.name == "class-briefing"
    assert pilot.screen.subtitle.startswith("Sesión de clase · ")
    found += look(pilot)
    pilot.press(pygame.K_RETURN)
    screen = pilot.screen
    assert screen.name == "facilitator"
    found += look(pilot)
    pilot.press(pygame.K_n, pygame.K_r)               # the prompt and the meters
    found += look(pilot)
    pilot.press(pygame.K_n)
    pilot.press(pygame.K_v)                           # a phone vote: the QR panel
    assert ctx.run.desk.serving
    shown = [text for _r, _b, text in pilot.measure_text()]
    assert "Escanea para votar" in shown and "código de sala" in shown
    assert any(t.startswith("Votación abierta: 0 votos recibidos.") for t in shown), shown
    found += look(pilot)
    pilot.press(pygame.K_1, pygame.K_PLUS, pygame.K_v)  # a raised hand, then closed
    shown = [text for _r, _b, text in pilot.measure_text()]
    assert any(t.startswith("Votación cerrada: 1 voto, la más votada es la 1 (1).") for t in shown), shown
    found += look(pilot)
    pilot.press(pygame.K_ESCAPE)                      # the class menu
    assert pilot.screen.name == "class-menu"
    assert "Terminar la sesión de clase" in pilot.labels()
    found += look(pilot)
    pilot.press(pygame.K_ESCAPE, pygame.K_RETURN)     # the class's choice
    pilot.press(pygame.K_RETURN, pygame.K_1)
    assert screen.state.is_over
    found += look(pilot)
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "class-debrief"
    found += look(pilot)
    pilot.press(pygame.K_b)                           # the decisions: go back for another path
    assert pilot.screen.name == "class-decisions" and pilot.screen.title == "Decisiones hasta ahora"
    found += look(pilot)
    pilot.press(pygame.K_1)
    pilot.press(pygame.K_2, pygame.K_RETURN, pygame.K_1, pygame.K_RETURN)
    assert pilot.screen.name == "class-debrief"
    debrief = pilot.screen
    headings = [getattr(item, "text", None) for item in debrief.doc.items]
    assert "Los recorridos que probó la clase" in headings and "Para el debate" in headings
    assert debrief.subtitle.endswith("· recorrido 2")
    from game.ui.classroom.pages import path_lines
    assert path_lines(ctx.run.record)[0].startswith("Recorrido 1, desde el principio: 2 decisiones; terminó con «")
    found += look(pilot)
    pilot.click("Terminar la sesión de clase")
    assert pilot.screen.name == "confirm" and pilot.labels() == ["Seguir con la clase", "Terminar la sesión de clase"]
    assert "¿Terminar la sesión de clase?" in [t for _r, _b, t in pilot.measure_text()]
    found += look(pilot)
    pilot.click("Terminar la sesión de clase")
    assert pilot.screen.name == "classroom"
    pilot.press(*[pygame.K_PAGEUP] * 6)                # the note is at the top of the page
    assert ctx.saved_note.startswith("La sesión de clase 1 (Class Demo) está guardada en este equipo.")
    assert ctx.saved_note in [t for _r, _b, t in pilot.measure_text()]
    found += look(pilot)
    assert found == [], "\n".join(found)


def test_counts_take_spanish_plural_forms(spanish):
    from game.ui.classroom.pages import votes_phrase
    from game.ui.classroom.setup import scenario_detail

    pilot, _ = spanish((1024, 768))
    assert (votes_phrase(1), votes_phrase(3)) == ("1 voto", "3 votos")
    detail = scenario_detail(pilot.app.library.scenarios["class-demo"])
    assert detail == "Introductorio · unos 3 min en solitario · 2 puntos de decisión · 2 preguntas para el debate"
