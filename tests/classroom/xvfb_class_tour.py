"""A whole class session in a real window (Xvfb), with phones voting from headless browsers.

Not part of the pytest run. It needs Xvfb, xdotool, ImageMagick's `import`, zbarimg (to read the
projected QR code back from a screenshot, as a phone would), chromium, chromedriver and selenium:

    apt-get install -y xvfb xdotool imagemagick x11-utils zbar-tools chromium chromium-driver
    python tests/classroom/xvfb_class_tour.py --size 1920x1080 --out /tmp/class-shots

The instructor's part goes through X with xdotool, as key presses: the briefing, the discussion
prompt (N), a class vote (V) that six browsers answer after reading the QR code off the screen,
a show of hands (+), taking the class's choice, revealing the meters and a locked choice (R),
playing to an ending, going back to the first decision for the other path (B), a second ending,
and ending the session. Then `rapport sessions` must list it and `rapport sessions export` write it.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from game.story import load_scenario  # noqa: E402
from tests.classroom.test_vote_browser import missing_browser_parts  # noqa: E402
from tests.ui.xvfb_tour import Game  # noqa: E402

SCENARIO = "worried-first-visit"
# The first three decisions: by class vote, then two by the facilitator; the third leads to a
# decision with a locked choice (the class promised secrecy, so "answer properly" is not offered).
FIRST_PATH = ["rebook", "details-first", "promise"]
PHONE_VOTES = ["rebook"] * 4 + ["welcome"] * 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("", 0))
        return s.getsockname()[1]


def browsers(n: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers = []
    for i in range(n):
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                    "--window-size=412,915", f"--user-data-dir=/tmp/rapport-class-phone-{os.getpid()}-{i}"):
            opts.add_argument(arg)
        drivers.append(webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts))
    return drivers


def vote_from(driver, url: str, label: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    state = lambda d: d.find_element("id", "vote").get_attribute("data-state")  # noqa: E731
    WebDriverWait(driver, 10, 0.1).until(lambda d: state(d) == "open", "the vote to show on the phone")
    for button in driver.find_elements("css selector", "#choices button.choice"):
        if button.text == label:
            button.click()
            break
    else:
        raise SystemExit(f"no button {label!r} on the phone page")
    WebDriverWait(driver, 10, 0.1).until(lambda d: state(d) == "voted", "the phone's vote to be recorded")


def read_qr(path: Path) -> str:
    """What a phone's camera would read off the projected screen."""
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True)
    urls = [line for line in out.stdout.splitlines() if line.startswith("http")]
    if not urls:
        raise SystemExit(f"no QR code could be read from {path}")
    return urls[0]


def labels(g: Game) -> list[str]:
    return [" ".join(b["label"].split()) for b in g.state()["buttons"]]


def press_choice(g: Game, scenario, choice_id: str) -> None:
    text = " ".join(scenario.nodes[g_node(g, scenario, choice_id)].choice(choice_id).text.split())
    offered = labels(g)[:-2]  # the choices, then Decisions and Menu
    g.key(str(offered.index(text) + 1))


def g_node(g: Game, scenario, choice_id: str) -> str:
    for node in scenario.nodes.values():
        if node.choice(choice_id) is not None:
            return node.id
    raise KeyError(choice_id)


def play_on(g: Game, pick: str, limit: int = 40) -> None:
    """Continue, or take the first (or last) choice offered, until the ending."""
    for _ in range(limit):
        offered = labels(g)
        if offered[0] == "See the class debrief":
            return
        if offered[0] == "Continue":
            g.key("Return")
        else:
            g.key("1" if pick == "first" else str(len(offered) - 2))
    raise SystemExit("no ending reached")


def tour(g: Game, high_contrast: bool) -> None:
    scenario = load_scenario(ROOT / "scenes" / f"{SCENARIO}.yaml")
    g.shot("class-briefing")
    g.key("Return")  # Begin the class session
    assert g.screen() == "facilitator", g.state()
    if high_contrast:  # the projector's own setting, from the facilitator's menu
        g.key("Escape")
        g.click("High contrast")
        g.key("Escape")
    g.shot("facilitator")
    g.key("n")
    g.shot("facilitator-note")
    g.key("n", "v")  # hide the note, open the vote
    url = read_qr(g.shot("vote-open"))
    room = parse_qs(urlsplit(url).query)["room"][0]
    print(f"read from the projected QR code: {url} (room {room})")
    phones = browsers(len(PHONE_VOTES))
    try:
        texts = {c.id: " ".join(c.text.split()) for c in scenario.nodes[scenario.start].choices}
        for driver, choice in zip(phones, PHONE_VOTES):
            vote_from(driver, url, " ".join(texts[choice].split()))
    finally:
        for driver in phones:
            driver.quit()
    time.sleep(0.6)  # the window polls four times a second while a vote is open
    g.key("2", "plus", "plus")  # two raised hands for the second choice, counted by the facilitator
    g.shot("vote-tally")
    g.key("v")  # close: the class's choice is highlighted
    g.shot("vote-result")
    g.key("Return")  # take it
    for choice in FIRST_PATH[1:]:
        while labels(g)[0] == "Continue":
            g.key("Return")
        press_choice(g, scenario, choice)
    while labels(g)[0] == "Continue":
        g.key("Return")
    g.key("r")
    g.shot("reveal")
    g.key("Next")  # Page Down: the locked choice, with why, below the ones offered
    g.shot("reveal-locked")
    g.key("Prior")
    play_on(g, "first")
    g.shot("ending")
    g.key("Return")
    assert g.screen() == "class-debrief", g.state()
    g.shot("class-debrief")
    g.key("Down", "Down", "Down", "Down")
    g.shot("class-debrief-chart")
    g.key("b")
    assert g.screen() == "class-decisions", g.state()
    g.shot("decisions")
    g.key("1")  # back to before the first decision: the other path
    assert g.screen() == "facilitator", g.state()
    g.key("r")  # meters hidden again for the new path
    g.key(str(len(labels(g)) - 2))  # the last choice this time
    play_on(g, "last")
    g.key("Return")
    assert g.screen() == "class-debrief", g.state()
    g.shot("class-debrief-path-2")
    g.click("End the class session")
    g.click("End the class session")  # yes, to the question
    assert g.screen() == "classroom", g.state()
    g.shot("session-saved")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--out", type=Path, default=Path("/tmp/rapport-class-shots"))
    parser.add_argument("--high-contrast", action="store_true")
    args = parser.parse_args()
    missing = missing_browser_parts()
    if missing:
        raise SystemExit(missing)
    size = tuple(int(n) for n in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    data = Path(f"/tmp/rapport-class-data-{os.getpid()}")
    g = Game(size, args.out, f"class-{args.size}{'-hc' if args.high_contrast else ''}",
             args=("class", SCENARIO, "--port", str(port), "--fullscreen", "--data-dir", str(data)),
             first="class-briefing")
    try:
        tour(g, args.high_contrast)
    finally:
        g.close()
    listing = subprocess.run([sys.executable, "-m", "game", "sessions", "--data-dir", str(data)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    print("rapport sessions:\n" + listing)
    number = listing.split()[0]
    export = subprocess.run([sys.executable, "-m", "game", "sessions", "export", number, "--out", str(args.out),
                             "--data-dir", str(data)], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    print(export)
    record = json.loads(next(args.out.glob("rapport-class-*.json")).read_text())
    paths = [(b["number"], b["ending_title"]) for b in record["branches"]]
    vote = record["votes"][0]
    print(f"paths: {paths}; first vote: {[(c['choice'], c['devices'], c['hands']) for c in vote['counts']]}")
    assert len(paths) == 2 and all(title for _, title in paths), paths
    assert sum(c["devices"] for c in vote["counts"]) == len(PHONE_VOTES), vote
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
