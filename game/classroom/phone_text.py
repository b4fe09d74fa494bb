"""The vote page's words, in the facilitator's language (the game's, when the server starts).

The page is index.html with ``{{name}}`` fields: the server fills them once per vote server
(HTML-escaped) and puts the messages app.js shows into the page as a JSON data block
(``<script type="application/json">``: data, never run, so the page's Content-Security-Policy
stays as strict as it was). Every string here is marked for the catalogue, so Babel extracts it
with the rest of the interface.

The vote API's errors stay plain English (a protocol for tools and tests: "voting has closed");
REFUSALS gives the phone its own words for each one a vote can meet.
"""

from __future__ import annotations

import html
import json
import re

from game.i18n import N_, _, current_language

# index.html's fields: {{name}} -> the words
PAGE = {
    "title": N_("Rapport class vote"),
    "join_heading": N_("Join your class"),
    "room_label": N_("Room code (on the projected screen)"),
    "join": N_("Join"),
    "hint": N_("Tap one answer. Your first vote counts: it can't be changed."),
    # TRANSLATORS: on the phone, before the room code: "Room ABCDE · change room"
    "room": N_("Room"),
    "change_room": N_("change room"),
    "noscript": N_("This page needs JavaScript turned on to take your vote."),
}

# What app.js shows; {choice} and {reason} are filled in by the page.
SCRIPT = {
    "type_code": N_("Type the room code shown on the projected screen."),
    "connecting": N_("Connecting…"),
    "wrong_code": N_("That room code doesn't match. Check the projected screen and try again."),
    "busy": N_("Busy, trying again…"),
    "went_wrong": N_("Something went wrong, trying again…"),
    "room_full": N_("This room is full. Ask your facilitator to make room; this phone keeps trying."),
    "no_cookie": N_("This browser is not keeping the vote's cookie. Allow cookies for this page, "
                    "or open it in another browser."),
    "unreachable": N_("Can't reach the class computer. Trying again…"),
    "gone": N_("The class computer has not answered for a while: the class session may have ended, "
               "and you can close this page. Still trying…"),
    "waiting": N_("Waiting for the facilitator to open a vote…"),
    # TRANSLATORS: {choice} is the words of the answer this phone voted for
    "closed_yours": N_("Voting has closed. Your vote: {choice}"),
    "closed": N_("Voting has closed."),
    "recorded": N_("Vote recorded: {choice}"),
    "open": N_("Voting is open."),
    "sending": N_("Sending your vote…"),
    # TRANSLATORS: {reason} is one of the short reasons below ("voting has closed")
    "not_recorded": N_("Not recorded: {reason}."),
    "try_again": N_("please try again"),
    "send_failed": N_("Couldn't send your vote. Check your connection and try again."),
}

# The API's error (game/classroom/handler.py) -> the reason a phone shows after "Not recorded:".
REFUSALS = {
    "this vote is no longer open": N_("this vote is no longer open"),
    "voting has closed": N_("voting has closed"),
    "this device has already voted": N_("this phone has already voted"),
    "unknown choice": N_("that answer is not in this vote"),
    "expected {room, decision, choice} as short strings": N_("the page sent something unexpected; reload it"),
    "too many requests": N_("too many taps at once; wait a moment"),
    "room code required": N_("the room code is missing; reload the page"),
    "cross-site request refused": N_("the vote must come from this page"),
    "join the room first": N_("join the room first"),
    "server busy": N_("the class computer is busy; wait a moment"),
}

_FIELD = re.compile(r"\{\{(\w+)\}\}")


def strings() -> dict:
    """The messages app.js shows, in the current language."""
    data: dict = {key: _(text) for key, text in SCRIPT.items()}
    data["refusals"] = {error: _(text) for error, text in REFUSALS.items()}
    return data


def script_json(data: dict) -> str:
    """JSON that cannot end the <script> element it sits in (no <, > or & as themselves)."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(template: str) -> bytes:
    """index.html in the current language: every {{field}} filled, HTML-escaped; {{strings}} the
    data block for app.js; {{lang}} the language's code. An unknown field is a KeyError (a bug)."""
    values = {key: html.escape(_(text), quote=True) for key, text in PAGE.items()}
    values["lang"] = html.escape(current_language(), quote=True)
    values["strings"] = script_json(strings())
    return _FIELD.sub(lambda m: values[m.group(1)], template).encode("utf-8")
