"""Self-voicing (issue 16 §2): what each screen says, in what order, with a recording engine;
moving on interrupts; Shift+V toggles and is kept; speech off says nothing; an engine that cannot
start is one notice, never a traceback. And one real run: pyttsx3 writes speech that is not silent.
"""

import array
import io
import json
import math
import shutil
import threading
import wave

import pygame
import pytest

from game.settings import SettingsStore
from game.story import CHOICE
from game.ui import input as ix
from game.ui.screens.common import TextItem
from game.ui.screens.title import TAGLINE
from game.ui import speech
from game.ui.speech import Pyttsx3Engine, RecordingEngine, Speaker, SpeechUnavailable, silent_wav
from tests.ui.test_playthrough import play_to_end

SHIFT = pygame.KMOD_SHIFT


class Instant:
    """A mixer channel whose lines end as soon as they start (the real one plays in real time,
    which the Pilot's fake clock does not follow); it counts what it played."""

    def __init__(self) -> None:
        self.played = 0

    def get_busy(self) -> bool:
        return False

    def set_endevent(self, kind) -> None:
        pass

    def play(self, sound) -> None:
        self.played += 1

    def stop(self) -> None:
        pass


class Ears:
    """A recording speaker in the app; ``new()`` is what was spoken since the last call."""

    def __init__(self, pilot, **engine) -> None:
        self.engines: list[RecordingEngine] = []
        self.pilot = pilot
        self.seen = 0

        def make():
            made = RecordingEngine(**engine)
            self.engines.append(made)
            return made

        if not pygame.mixer.get_init():
            pygame.mixer.init()  # (the lines are still made into sounds)
        self.channel = Instant()
        # (The Pilot steps a fake clock: the test waits for the speech thread itself.)
        self.speaker = Speaker(make, channel=lambda: self.channel, wake=False)
        pilot.app.voice.use(self.speaker)

    @property
    def spoken(self) -> list[str]:
        self.speaker.wait_idle()
        return self.engines[0].spoken if self.engines else []

    def new(self) -> list[str]:
        spoken = self.spoken
        out, self.seen = spoken[self.seen:], len(spoken)
        return out


def voiced(make_pilot, **options):
    """A pilot with speech switched on by Shift+V on the title screen; the ears have heard that."""
    settings = json.dumps({"text_speed": "normal", **options.pop("settings", {})})
    pilot = make_pilot(settings=settings, **options)
    ears = Ears(pilot)
    pilot.press(pygame.K_v, mod=SHIFT)
    assert ears.new()[:2] == ["Speech on.", "Rapport"]
    return pilot, ears


def test_shift_v_is_its_own_intent_and_v_alone_stays_the_vote_key():
    pygame.init()
    mapper = ix.InputMapper()
    key = lambda k, mod=0: pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)
    assert [i.kind for i in mapper.map(key(pygame.K_v, SHIFT))] == [ix.SPEECH]
    assert [(i.kind, i.char) for i in mapper.map(key(pygame.K_v))] == [(ix.SHORTCUT, "v")]
    mapper.text_mode = True  # in a name field Shift+V types a capital V
    assert mapper.map(key(pygame.K_v, SHIFT)) == []


def test_title_announces_shift_v_and_reads_itself_then_the_focused_button(make_pilot):
    pilot = make_pilot(settings=json.dumps({}))
    assert "Shift+V: have the screen read aloud." in pilot.texts()
    ears = Ears(pilot)
    pilot.press(pygame.K_v, mod=SHIFT)
    spoken = ears.new()
    assert spoken[:3] == ["Speech on.", "Rapport", TAGLINE]
    assert "Playing as Tester" in spoken
    assert spoken[-2] == "Speech is on: Shift+V turns it off."
    focused = pilot.screen.focus.focused.label
    assert spoken[-1].startswith(focused)
    for _ in range(len(spoken)):
        pilot.step()  # one line starts each turn of the loop
    assert ears.channel.played == len(spoken)
    assert "Speech is on: Shift+V turns it off." in pilot.texts()


def test_shift_v_toggles_and_is_kept_in_the_settings(make_pilot, tmp_path):
    pilot = make_pilot(settings=json.dumps({}))
    Ears(pilot)
    store = SettingsStore(tmp_path / "config")
    assert store.load().settings.speech is False
    pilot.press(pygame.K_v, mod=SHIFT)
    assert pilot.app.settings.speech is True and store.load().settings.speech is True
    pilot.press(pygame.K_v, mod=SHIFT)
    assert pilot.app.settings.speech is False and store.load().settings.speech is False


def test_speech_kept_on_speaks_from_the_first_frame(make_pilot, monkeypatch):
    import game.ui.speech as speech

    engines = []
    monkeypatch.setattr(speech, "Pyttsx3Engine", lambda: engines.append(RecordingEngine()) or engines[-1])
    pilot = make_pilot(settings=json.dumps({"speech": True}))
    pilot.app.voice.speaker.wait_idle()
    assert engines[0].spoken[:2] == ["Rapport", TAGLINE]  # no "Speech on.": it was on already


def test_speech_off_speaks_nothing(make_pilot):
    pilot = make_pilot(settings=json.dumps({"text_speed": "instant"}))
    ears = Ears(pilot)
    pilot.press(pygame.K_RETURN)  # scenarios
    pilot.press(pygame.K_DOWN, pygame.K_UP, pygame.K_RETURN)  # a briefing
    pilot.press(pygame.K_RETURN)  # begin
    assert pilot.screen.name == "play"
    pilot.press(pygame.K_DOWN)
    assert ears.spoken == [] and ears.engines == [] and pilot.app.voice.said == []


def test_select_reads_the_page_then_each_card_as_focus_moves(make_pilot):
    pilot, ears = voiced(make_pilot)
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "select"
    cards = [b for b in pilot.screen.buttons() if hasattr(b, "scenario")]
    spoken = ears.new()
    assert spoken[:2] == ["Scenarios", pilot.screen.subtitle]
    assert spoken[-1].startswith(cards[0].scenario.title + ".")
    assert " ".join(cards[0].scenario.summary.split()) in spoken[-1]
    pilot.press(pygame.K_DOWN)
    assert ears.new() == [cards[1].spoken()]
    assert cards[1].scenario.title in cards[1].spoken()


def test_briefing_reads_the_client_what_to_practise_and_how_to_play_then_begin(make_pilot):
    pilot, ears = voiced(make_pilot)
    pilot.press(pygame.K_RETURN)
    ears.new()
    pilot.press(pygame.K_1)
    assert pilot.screen.name == "briefing"
    sc = pilot.screen.scenario
    spoken = ears.new()
    assert spoken[0] == sc.title
    order = [spoken.index(sc.client.name), spoken.index("What to practise"), spoken.index(sc.objectives[0]),
             spoken.index("How to play"), spoken.index("Practice or assessed")]
    assert order == sorted(order)
    assert spoken[-1].startswith("Begin")


def _to_play(make_pilot, **options):
    pilot, ears = voiced(make_pilot, **options)
    pilot.press(pygame.K_RETURN, pygame.K_1, pygame.K_RETURN)
    assert pilot.screen.name == "play"
    return pilot, ears


def _until_choice(pilot):
    state = pilot.app.session.state
    for _ in range(20):
        pilot.settle()
        if state.status == CHOICE:
            return state
        pilot.press(pygame.K_SPACE)
    raise AssertionError("no decision reached")


def test_play_speaks_the_whole_line_once_then_each_response_as_focus_moves(make_pilot):
    pilot, ears = _to_play(make_pilot)
    screen = pilot.screen
    assert not screen._revealed  # the typewriter is still typing...
    spoken = ears.new()
    moment = pilot.app.session.state.moment()
    says = " ".join(moment.says.split())
    assert any(line.endswith(says) for line in spoken)  # ...but the line is said whole, at once
    if moment.narration:
        assert spoken.index(" ".join(moment.narration.split())) < next(
            i for i, line in enumerate(spoken) if line.endswith(says))
    pilot.settle()
    assert ears.new() == []  # the typewriter finishing says nothing more: no stutter
    state = _until_choice(pilot)
    ears.new()
    choices = state.available()
    assert len(choices) >= 2
    pilot.press(pygame.K_DOWN)
    assert ears.new() == [f"Response 2 of {len(choices)}: {choices[1].text}"]
    pilot.press(pygame.K_UP)
    assert ears.new() == [f"Response 1 of {len(choices)}: {choices[0].text}"]


def test_after_a_choice_the_coach_note_comes_first_then_the_client(make_pilot):
    pilot, ears = _to_play(make_pilot)
    state = _until_choice(pilot)
    choice = state.available()[0]
    ears.new()
    pilot.press(pygame.K_1)
    spoken = ears.new()
    assert choice.feedback.split()[0] in spoken[0] and " ".join(choice.feedback.split()) in spoken[0]
    moment = state.moment()
    if moment.says:
        assert spoken.index(next(s for s in spoken if s.endswith(" ".join(moment.says.split())))) > 0


def test_moving_on_interrupts_what_is_being_said(make_pilot):
    pilot, ears = _to_play(make_pilot)
    _until_choice(pilot)
    speaker = ears.speaker
    before = pilot.app.voice.said[:]
    stops = []
    real_stop = speaker.stop
    speaker.stop = lambda: (stops.append(1), real_stop())[1]
    pilot.press(pygame.K_DOWN)
    assert stops, "moving focus stopped the line being said"
    assert pilot.app.voice.said[len(before):] == [[ears.new()[-1]]]


def test_interrupt_drops_the_queue_and_cuts_off_the_line_playing():
    gate = threading.Event()
    engines = []
    speaker = Speaker(lambda: engines.append(RecordingEngine(gate=gate)) or engines[-1],
                      channel=lambda: None)
    speaker.say(["one", "two", "three"])
    while not engines or not speaker._working:
        threading.Event().wait(0.01)
    speaker.say(["four"])  # "one" is being made; "two" and "three" never will be
    gate.set()
    speaker.wait_idle()
    assert engines[0].spoken == ["one", "four"]
    assert len(speaker._ready) == 1  # "one" came back after the interrupt: thrown away
    speaker.shutdown()
    assert engines[0].closed


def test_a_playing_line_stops_when_the_player_moves_on():
    pygame.mixer.init()
    try:
        pygame.mixer.set_reserved(1)
        channel = pygame.mixer.Channel(0)

        class Long(RecordingEngine):
            def synthesize(self, text):
                super().synthesize(text)
                return silent_wav(3000)

        speaker = Speaker(Long, channel=lambda: channel)
        speaker.say("a long paragraph")
        speaker.wait_idle()
        speaker.pump()
        assert channel.get_busy() and speaker.played == 1
        speaker.say("the next thing")
        assert not channel.get_busy()
        speaker.shutdown()
    finally:
        pygame.mixer.quit()


def test_the_sound_device_stays_open_while_a_line_is_spoken_and_closes_after():
    from game.ui.sound import CLOSE_AFTER_MS, Sounds

    sounds = Sounds(volume=0)  # effects muted: speech is still heard
    try:
        channel = sounds.voice_channel()
        assert channel is not None and sounds.is_open
        channel.play(pygame.mixer.Sound(file=io.BytesIO(silent_wav(3000))))
        assert sounds.tick(CLOSE_AFTER_MS + 10) is not None and pygame.mixer.get_init()
        channel.stop()
        assert sounds.tick(3 * CLOSE_AFTER_MS) is None and not pygame.mixer.get_init()
    finally:
        if pygame.mixer.get_init():
            pygame.mixer.quit()


def test_pause_menu_then_back_to_play_says_only_where_focus_is(make_pilot):
    pilot, ears = _to_play(make_pilot, settings={"text_speed": "instant"})
    _until_choice(pilot)
    ears.new()
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen.name == "pause"
    assert ears.new() == ["Paused", "Resume."]
    pilot.press(pygame.K_DOWN)
    assert ears.new() == ["Settings."]
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen.name == "play"
    spoken = ears.new()
    assert len(spoken) == 1 and spoken[0].startswith("Response 1 of")


def test_settings_read_each_setting_with_its_value_and_the_new_value_when_changed(make_pilot):
    pilot, ears = voiced(make_pilot)
    pilot.app.nav.settings()
    pilot.step()
    assert pilot.screen.name == "settings"
    spoken = ears.new()
    assert spoken[:2] == ["Settings", "Changes apply at once and are kept for next time."]
    assert spoken[-1] == ("Language: As the system (English). "
                          "The words of the window and, where a translation exists, of the encounters.")
    pilot.press(pygame.K_DOWN)
    assert ears.new() == ["Text size: Medium."]
    pilot.press(pygame.K_RIGHT)
    assert ears.new() == ["Text size: Large."]
    pilot.press(pygame.K_DOWN)
    assert ears.new() == ["High contrast: Off."]
    speech = next(b for b in pilot.screen.buttons() if b.label.startswith("Speak the screen"))
    assert speech.value == "On"


def _voiced_debrief(make_pilot):
    pilot, ears = _to_play(make_pilot, settings={"text_speed": "instant"})
    play_to_end(pilot, lambda n: 0, by_mouse=False)
    ears.new()
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "debrief"
    return pilot, ears


def test_debrief_reads_its_sections_in_order_and_reads_on_from_a_section_scrolled_to(make_pilot):
    pilot, ears = _voiced_debrief(make_pilot)
    screen = pilot.screen
    spoken = ears.new()
    assert spoken[:2] == [screen.title, screen.subtitle]
    headings = [i.text for i in screen.doc.items if isinstance(i, TextItem) and i.role == "h2"]
    assert {"Endings", "Your choices", "Response mix"} <= set(headings)
    where = [spoken.index(h) for h in headings]
    assert where == sorted(where)  # every section, in the page's order
    assert spoken[-1].startswith("Endings")  # then the focused button (Endings, in the footer)
    # Scrolling down a long page reads on from the section now at the top.
    for _ in range(60):
        pilot.press(pygame.K_PAGEDOWN)
        if screen.scroll.offset >= screen.scroll.max_offset:
            break
    spoken = ears.new()
    assert spoken and spoken[0] in headings[1:]


def test_a_confirm_dialog_reads_its_question_detail_and_the_safe_answer(make_pilot):
    pilot, ears = _voiced_debrief(make_pilot)
    ears.new()
    pilot.app.screen._replay()
    pilot.step()
    assert pilot.screen.name == "confirm"
    assert ears.new() == ["Play this encounter again?", "This debrief stays in your History.",
                          "Stay on the debrief."]


def test_an_engine_that_cannot_start_is_one_notice_and_the_game_goes_on(make_pilot):
    pilot = make_pilot(settings=json.dumps({}))
    speaker = Speaker(lambda: RecordingEngine(fail="libespeak-ng.so.1: cannot open shared object file"))
    pilot.app.voice.use(speaker)
    pilot.press(pygame.K_v, mod=SHIFT)
    speaker.wait_idle()
    for _ in range(3):
        pilot.step()
    problems = [n for n in pilot.app.notices if n.startswith("Speech is unavailable")]
    assert len(problems) == 1 and "espeak-ng" in problems[0]
    assert any(t.startswith("Speech is unavailable") for t in pilot.texts())  # the title shows it
    pilot.press(pygame.K_RETURN, pygame.K_DOWN)  # and the game carries on, silent
    assert pilot.screen.name == "select"
    assert speaker.silent and not speaker.speaking


def test_the_idle_loop_is_woken_while_lines_are_pending_and_sleeps_after():
    pygame.mixer.init()
    gate = threading.Event()
    speaker = Speaker(lambda: RecordingEngine(gate=gate), channel=Instant)
    assert speaker.wait_ms() is None  # nothing to say: the loop may sleep
    speaker.say("hello")
    assert speaker.wait_ms() == speech.MIN_WAIT_MS  # being made: look again soon
    gate.set()
    speaker.wait_idle()
    speaker.pump()
    assert speaker.wait_ms() is None and speaker.played == 1
    speaker.shutdown()
    pygame.mixer.quit()


def test_no_sound_device_is_a_notice_too():
    speaker = Speaker(RecordingEngine, channel=lambda: None)
    speaker.say("hello")
    speaker.wait_idle()
    speaker.pump()
    assert "no sound device" in speaker.take_problem()
    assert speaker.take_problem() is None  # once
    speaker.shutdown()


def test_speech_follows_the_interface_language(make_pilot, monkeypatch):
    import game.ui.speech as speech

    pilot, ears = voiced(make_pilot)
    assert ears.engines[0].languages == ["en"]
    monkeypatch.setattr(speech, "current_language", lambda: "es")
    pilot.press(pygame.K_DOWN)
    assert ears.new()
    assert ears.engines[0].languages == ["en", "es"]


def test_in_spanish_it_says_the_spanish_the_screen_shows_with_a_spanish_voice(make_pilot):
    pilot = make_pilot(settings=json.dumps({"language": "es"}))
    ears = Ears(pilot)
    pilot.press(pygame.K_v, mod=SHIFT)
    spoken = ears.new()
    assert spoken[0] == "Voz activada."
    assert "La voz está activada: Mayús+V la desactiva." in spoken
    assert "La voz está activada: Mayús+V la desactiva." in pilot.texts()
    assert ears.engines[0].languages == ["es"]


# --- the real engine -------------------------------------------------------------------------
def _rms(data: bytes) -> float:
    samples = array.array("h", data)
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


def _real_engine():
    if shutil.which("espeak-ng") is None and shutil.which("espeak") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng): no speech engine to run")
    try:
        return Pyttsx3Engine()
    except SpeechUnavailable as exc:
        pytest.fail(f"espeak-ng is installed but pyttsx3 could not start it: {exc}")


def test_pyttsx3_writes_speech_to_a_wav_file_that_is_not_silent(tmp_path):
    engine = _real_engine()
    path = tmp_path / "line.wav"
    engine.engine.save_to_file("I have been waiting a while, but I am glad someone asked.", str(path))
    engine.engine.runAndWait()
    with wave.open(str(path)) as f:
        frames = f.readframes(f.getnframes())
        seconds = f.getnframes() / f.getframerate()
    assert seconds > 1.0
    assert _rms(frames) > 300  # speech, not silence
    assert _rms(b"\0\0" * 1000) == 0


def test_the_speaker_s_engine_speaks_spanish_with_a_spanish_voice():
    engine = _real_engine()
    voices = engine.voices_for("es")
    assert voices, "espeak-ng has Spanish"
    engine.set_language("es")
    data = engine.synthesize("Llevo un rato esperando, pero me alegra que alguien me pregunte.")
    assert engine.engine.getProperty("voice") == voices[0].id  # (espeak reports it once it has spoken)
    assert data and data[:4] == b"RIFF"
    with wave.open(io.BytesIO(data)) as f:
        assert _rms(f.readframes(f.getnframes())) > 300
    engine.close()
