"""Phones voting through a real headless browser (Debian's chromium, driven by Selenium).

Skips with the reason when chromium, chromedriver or selenium is missing on a developer's
machine; fails instead when CI is set, because CI must install them (.ci/run).
"""
import importlib.util
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .vote_client import CHOICES, start_server

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 10           # seconds for any one thing to appear on a page

PROMPT = "She says <b>nothing</b> & looks away. You…"
HTML_LABEL = "<img src=x onerror=\"document.title='pwned'\"> ask gently"
BROWSER_CHOICES = [("a", HTML_LABEL), CHOICES[1], CHOICES[2]]


def missing_browser_parts() -> str | None:
    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (pip install selenium)"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            return f"{path} not found (apt-get install {package})"
    return None


@pytest.fixture
def launch():
    """Factory for headless chromium sessions, each with its own fresh profile (one phone)."""
    reason = missing_browser_parts()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"the browser test must run in CI: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers, profiles = [], []

    def start_one():
        profile = tempfile.TemporaryDirectory(prefix="rapport-chromium-")
        profiles.append(profile)
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=412,915",
                    f"--user-data-dir={profile.name}"):
            opts.add_argument(arg)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        # Service names the driver, so Selenium Manager never looks for (or downloads) one.
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        drivers.append(driver)
        return driver

    def make(n: int):
        with ThreadPoolExecutor(max_workers=n) as pool:
            return list(pool.map(lambda _: start_one(), range(n)))

    yield make
    for driver in drivers:
        try:
            driver.quit()
        except Exception:
            pass
    for profile in profiles:
        profile.cleanup()


def page_state(driver) -> str:
    return driver.find_element("id", "vote").get_attribute("data-state")


def wait_for(driver, predicate, what: str):
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, WAIT, poll_frequency=0.1).until(
        lambda d: predicate(d), message=f"waited {WAIT}s for {what}")


def choice_buttons(driver):
    return driver.find_elements("css selector", "#choices button.choice")


def tap(driver, label: str):
    for button in choice_buttons(driver):
        if button.text == label:
            button.click()
            return
    raise AssertionError(f"no button {label!r}")


def test_several_browsers_vote_and_the_tally_is_exact(launch):
    from selenium.webdriver.common.keys import Keys
    t0 = time.monotonic()
    with start_server() as srv:
        srv.open_round("n_open", PROMPT, BROWSER_CHOICES)
        base = f"http://127.0.0.1:{srv.port}/"
        first, second, third = launch(3)

        # A phone that scanned the QR code: the room comes prefilled from ?room=.
        first.get(srv.join_url)
        wait_for(first, lambda d: page_state(d) == "open", "the open vote")
        assert first.find_element("id", "prompt").text == PROMPT
        assert [b.text for b in choice_buttons(first)] == [label for _, label in BROWSER_CHOICES]
        assert first.find_elements("css selector", "#choices img, #prompt b") == []
        tap(first, HTML_LABEL)
        wait_for(first, lambda d: page_state(d) == "voted", "the vote to be recorded")
        assert first.find_element("id", "status").text == "Vote recorded: " + HTML_LABEL
        pressed = [b.get_attribute("aria-pressed") for b in choice_buttons(first)]
        assert pressed == ["true", "false", "false"]
        assert not any(b.is_enabled() for b in choice_buttons(first))
        assert first.title == "Rapport class vote"             # the onerror never ran

        # A phone that typed the address: it asks for the room code (lower case is fine).
        second.get(base)
        assert second.find_element("id", "join").is_displayed()
        second.find_element("id", "room").send_keys(srv.room_code.lower())
        second.find_element("id", "join-button").click()
        wait_for(second, lambda d: page_state(d) == "open", "the vote after joining")
        assert second.current_url.endswith(f"?room={srv.room_code}")
        tap(second, CHOICES[1][1])
        wait_for(second, lambda d: page_state(d) == "voted", "the second vote")

        # Keyboard only: Tab from the prompt to the first answer, Enter to vote.
        third.get(srv.join_url)
        wait_for(third, lambda d: page_state(d) == "open", "the open vote")
        third.switch_to.active_element.send_keys(Keys.TAB)
        assert third.switch_to.active_element.text == HTML_LABEL
        third.switch_to.active_element.send_keys(Keys.ENTER)
        wait_for(third, lambda d: page_state(d) == "voted", "the third vote")

        # Reloading keeps the device (its cookie): still voted, nothing to tap.
        third.refresh()
        wait_for(third, lambda d: page_state(d) == "voted", "the vote after reload")
        assert not any(b.is_enabled() for b in choice_buttons(third))

        tally = srv.current_tally()
        assert [c.devices for c in tally.counts] == [2, 1, 0]
        assert tally.winners == ("a",)

        # The facilitator closes the vote: every page says so within a poll or two.
        srv.close_round()
        for driver in (first, second):
            wait_for(driver, lambda d: page_state(d) == "closed", "the closed vote")
        assert second.find_element("id", "status").text == (
            "Voting has closed. Your vote: " + CHOICES[1][1])

        # A wrong room code sends the phone back to the join form with a message.
        second.get(base + "?room=QQQQQ")
        wait_for(second, lambda d: d.find_element("id", "join-error").text, "the room error")
        assert "doesn't match" in second.find_element("id", "join-error").text

        assert [c.devices for c in srv.current_tally().counts] == [2, 1, 0]

        # No CSP violation, script error or failed request on any page.
        for driver in (first, second, third):
            severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"
                      and not ("api/join" in e["message"] and "403" in e["message"])]
            assert severe == [], severe
    assert time.monotonic() - t0 < 30


def test_the_page_speaks_the_facilitators_language_and_a_vote_still_counts(launch):
    # The game in Spanish when the server starts: the phone's page is Spanish from its first byte
    # (no English flash), its messages too, under the same Content-Security-Policy.
    from game import i18n

    i18n.set_language("es")
    with start_server() as srv:
        srv.open_round("n_es", "Se sienta y mira al suelo. Tú…", BROWSER_CHOICES)
        base = f"http://127.0.0.1:{srv.port}/"
        phone, typist = launch(2)

        typist.get(base)
        assert typist.find_element("tag name", "html").get_attribute("lang") == "es"
        assert typist.title == "Votación de clase de Rapport"
        assert typist.find_element("id", "join-title").text == "Únete a tu clase"
        assert typist.find_element("css selector", "label[for=room]").text == \
            "Código de sala (en la pantalla proyectada)"
        assert typist.find_element("id", "join-button").text == "Entrar"
        typist.find_element("id", "room").send_keys("QQ")
        typist.find_element("id", "join-button").click()
        wait_for(typist, lambda d: d.find_element("id", "join-error").text, "the short-code message")
        assert typist.find_element("id", "join-error").text == \
            "Escribe el código de sala que aparece en la pantalla proyectada."

        phone.get(srv.join_url)
        wait_for(phone, lambda d: page_state(d) == "open", "the open vote")
        assert phone.find_element("id", "status").text == "La votación está abierta."
        assert phone.find_element("id", "hint").text == \
            "Toca una respuesta. Cuenta tu primer voto: no se puede cambiar."
        assert phone.find_element("css selector", ".room-line").text.startswith(f"Sala {srv.room_code}")
        assert phone.find_element("id", "leave").text == "cambiar de sala"
        tap(phone, CHOICES[2][1])
        wait_for(phone, lambda d: page_state(d) == "voted", "the vote to be recorded")
        assert phone.find_element("id", "status").text == "Voto registrado: " + CHOICES[2][1]
        assert [c.devices for c in srv.current_tally().counts] == [0, 0, 1]

        srv.close_round()
        wait_for(phone, lambda d: page_state(d) == "closed", "the closed vote")
        assert phone.find_element("id", "status").text == \
            "La votación se ha cerrado. Tu voto: " + CHOICES[2][1]

        # A vote the server refuses is explained in Spanish too (the API's error stays English).
        srv.open_round("n_es2", "¿Y ahora?", BROWSER_CHOICES)
        wait_for(phone, lambda d: page_state(d) == "open", "the second vote")
        srv.close_round()       # closed between the page drawing it and the tap arriving
        phone.execute_script("document.querySelector('#choices button').disabled = false;")
        tap(phone, HTML_LABEL)
        wait_for(phone, lambda d: "No se ha registrado" in d.find_element("id", "status").text
                 or page_state(d) == "closed", "the refusal")
        status = phone.find_element("id", "status").text
        assert status in ("No se ha registrado: la votación se ha cerrado.",
                          "La votación se ha cerrado."), status
        assert [c.devices for c in srv.current_tally().counts] == [0, 0, 0]

        for driver in (phone, typist):     # nothing but the refused vote's own 409
            severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"
                      and not ("api/vote" in e["message"] and "409" in e["message"])]
            assert severe == [], severe


def test_a_phone_says_so_when_the_class_session_has_ended(launch):
    """Ending the class session stops the vote server: within a few seconds the phone stops
    saying only "Trying again…" and says the session may have ended and the page can be closed,
    its answers no longer tappable."""
    with start_server() as srv:
        srv.open_round("n_end", PROMPT, BROWSER_CHOICES)
        [phone] = launch(1)
        phone.get(srv.join_url)
        wait_for(phone, lambda d: page_state(d) == "open", "the open vote")
        tap(phone, CHOICES[1][1])
        wait_for(phone, lambda d: page_state(d) == "voted", "the vote to be recorded")
        srv.close_round()
        wait_for(phone, lambda d: page_state(d) == "closed", "the closed vote")
    # the with block stopped the server, as ending the session does
    wait_for(phone, lambda d: page_state(d) == "gone", "the page to say the session may have ended")
    status = phone.find_element("id", "status").text
    assert "class session may have ended" in status and "close this page" in status, status
    assert choice_buttons(phone) and not any(b.is_enabled() for b in choice_buttons(phone))
