"""The vote page's words: filled into index.html in the game's language, with the messages
app.js shows as a JSON data block that cannot break out of its element, and a phone's own words
for every refusal the vote API can send."""

import ast
import json
import re
from pathlib import Path

import pytest

from game import i18n
from game.classroom import phone_text
from game.classroom.server import WEB_ROOT

from .vote_client import Voter, start_server

HANDLER = Path(phone_text.__file__).with_name("handler.py")


def page_parts(body: bytes) -> tuple[str, dict]:
    html = body.decode("utf-8")
    block = re.search(r'<script id="strings" type="application/json">(.*?)</script>', html, re.S)
    assert block, "the data block"
    return html, json.loads(block.group(1))


@pytest.mark.parametrize("language, title, waiting", [
    ("en", "Rapport class vote", "Waiting for the facilitator to open a vote…"),
    ("es", "Votación de clase de Rapport", "Esperando a que la persona docente abra una votación…"),
])
def test_the_server_serves_the_page_in_the_language_it_started_in(language, title, waiting):
    i18n.set_language(language)
    with start_server() as srv:
        i18n.set_language("en")          # later changes do not reach a running server's page
        status, headers, body = Voter(srv.port).request("GET", "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src" not in headers["Content-Security-Policy"]   # still default-src 'self'
    html, words = page_parts(body)
    assert f'<html lang="{language}">' in html and f"<title>{title}</title>" in html
    assert "{{" not in html and words["waiting"] == waiting
    assert set(words) == set(phone_text.SCRIPT) | {"refusals"}


def test_the_data_block_cannot_end_its_element():
    text = phone_text.script_json({"x": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"x": "</script><script>alert(1)</script> & <!--"}


def test_a_template_field_the_words_do_not_have_is_a_bug_not_a_blank():
    with pytest.raises(KeyError):
        phone_text.render_page("<p>{{nothing_by_this_name}}</p>")


def test_every_field_of_the_page_and_every_message_of_the_script_is_known():
    template = (WEB_ROOT / "index.html").read_text(encoding="utf-8")
    fields = set(re.findall(r"\{\{(\w+)\}\}", template))
    assert fields == set(phone_text.PAGE) | {"lang", "strings"}
    script = (WEB_ROOT / "app.js").read_text(encoding="utf-8")
    used = set(re.findall(r'\bt\("(\w+)"', script))
    assert used == set(phone_text.SCRIPT), (used ^ set(phone_text.SCRIPT))
    # No English sentence of its own is left in the script: only keys, ids and protocol words.
    assert not re.search(r'"[A-Z][a-z]+ [a-z]+[^"]*"', script)


def test_every_error_the_vote_api_sends_has_words_for_a_phone():
    errors = set()
    for node in ast.walk(ast.parse(HANDLER.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "_error" and len(node.args) > 1:
            if isinstance(node.args[1], ast.Constant):
                errors.add(node.args[1].value)
    assert "voting has closed" in errors and len(errors) > 8
    # The join and room checks send the page back to the join form, never "Not recorded: …".
    join_only = {"wrong room code", "body is not JSON", "JSON object expected", "expected {room}",
                 "bad Content-Length", "body shorter than Content-Length"}
    missing = errors - join_only - set(phone_text.REFUSALS)
    assert missing == set(), missing
    i18n.set_language("es")
    refusals = phone_text.strings()["refusals"]
    assert refusals["voting has closed"] == "la votación se ha cerrado"
    assert all(refusals[e] != e for e in phone_text.REFUSALS), "a refusal left in English"


def test_a_phone_cannot_choose_the_page_language_and_a_huge_header_is_refused():
    """The page speaks the facilitator's language: nothing a phone sends (Accept-Language, a
    ?lang= query, a cookie) is read for it, and an oversized header is a 431, not work."""
    i18n.set_language("es")
    try:
        with start_server() as srv:
            phone = Voter(srv.port)
            for path, headers in [("/", {"Accept-Language": "en;q=1, \x1b[2J"}), ("/?lang=en", {}),
                                  ("/", {"Cookie": "lang=en; " * 200}), ("/?lang=%1b%5b2J&lang=" + "x" * 2000, {})]:
                status, _, body = phone.request("GET", path, headers=headers)
                assert status == 200 and '<html lang="es">' in body.decode("utf-8")
            status, _, _ = phone.request("GET", "/", headers={"Accept-Language": "es," * 5000})
            assert status == 431
    finally:
        i18n.set_language("en")
