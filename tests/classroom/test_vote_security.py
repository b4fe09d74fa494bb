"""Hostile requests to the vote server: each gets the right status and never moves the tally."""
import json
import re
import socket
import time
from pathlib import Path

import pytest

from .vote_client import Voter, start_server
from game.classroom.server import WEB_ROOT
from game.classroom.phone_text import render_page

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def assert_hardened(headers, body: bytes):
    for name, must_contain in SECURITY_HEADERS.items():
        assert must_contain in (headers.get(name) or ""), name
    assert b"Traceback" not in body and b"File \"" not in body


@pytest.fixture
def voted(open_server):
    """An open round with exactly one honest vote for 'a', and that phone."""
    phone = Voter(open_server.port).join(open_server.room_code)
    assert phone.vote(open_server.room_code, "n_intro", "a")[0] == 200
    return open_server, phone


def tally_of(srv):
    return [(c.choice_id, c.total) for c in srv.current_tally().counts]


def post_raw(phone, body: bytes, headers=None):
    sent = {"Content-Type": "application/json"}
    sent.update(headers or {})
    return phone.request("POST", "/api/vote", body, sent)


def test_api_state_needs_the_room_code(open_server):
    phone = Voter(open_server.port)
    for path in ("/api/state", "/api/state?room=", "/api/state?room=ZZZZZ",
                 "/api/state?room=" + "A" * 500, "/api/state?other=1"):
        status, headers, body = phone.request("GET", path)
        assert status == 403, path
        assert headers["Content-Type"] == "application/json; charset=utf-8"
        assert_hardened(headers, body)
        assert open_server.room_code.encode() not in body     # a refusal leaks no code


def test_bad_votes_get_the_right_status_and_change_nothing(voted):
    srv, phone = voted
    room = srv.room_code
    before = tally_of(srv)
    other = Voter(srv.port).join(room)          # a device that has not voted yet
    ok = {"room": room, "decision": "n_intro", "choice": "b"}

    def body(**change):
        data = dict(ok, **change)
        return json.dumps({k: v for k, v in data.items() if v is not None}).encode()

    cases = [
        ("no room", body(room=None), {}, 403),
        ("empty room", body(room=""), {}, 403),
        ("wrong room", body(room="QQQQQ"), {}, 403),
        ("room not a string", body(room=["x"]), {}, 403),
        ("not JSON", b"room=ABCDE&choice=b", {}, 400),
        ("broken JSON", b'{"room": "', {}, 400),
        ("not UTF-8", b'{"room": "\xff\xfe"}', {}, 400),
        ("JSON list", b"[1, 2, 3]", {}, 400),
        ("extra field", body(extra="x"), {}, 400),
        ("missing choice", body(choice=None), {}, 400),
        ("choice not a string", body(choice=1), {}, 400),
        ("overlong choice", body(choice="b" * 65), {}, 400),
        ("unknown choice", body(choice="zzz"), {}, 400),
        ("stale decision", body(decision="n_old"), {}, 409),
        ("form content type", body(), {"Content-Type": "application/x-www-form-urlencoded"}, 415),
        ("cross-site origin", body(), {"Origin": "http://evil.example"}, 403),
        ("null origin", body(), {"Origin": "null"}, 403),
        ("no cookie", body(), {"Cookie": ""}, 401),
        ("forged cookie", body(), {"Cookie": "rapport_device=AAAAAAAAAAAAAAAAAAAAAAAA"}, 401),
        ("oversize body", body(choice="b") + b" " * 2000, {}, 413),
    ]
    for name, raw, headers, expected in cases:
        status, resp_headers, resp = post_raw(other, raw, headers)
        assert status == expected, (name, status, resp)
        assert resp_headers["Content-Type"] == "application/json; charset=utf-8", name
        assert_hardened(resp_headers, resp)
        assert tally_of(srv) == before, name
    # The honest phone voting again, for the same or another choice: refused.
    assert phone.vote(room, "n_intro", "a")[0] == 409
    assert phone.vote(room, "n_intro", "b")[0] == 409
    assert tally_of(srv) == before
    # None of that used up the other device's vote.
    assert other.vote(room, "n_intro", "b")[0] == 200
    assert tally_of(srv) == [("a", 1), ("b", 1), ("c", 0)]


def test_vote_after_close_is_refused(voted):
    srv, _ = voted
    late = Voter(srv.port).join(srv.room_code)
    srv.close_round()
    before = tally_of(srv)
    status, data = late.vote(srv.room_code, "n_intro", "b")
    assert status == 409 and data == {"error": "voting has closed"}
    assert tally_of(srv) == before
    assert late.state(srv.room_code)[1]["round"]["open"] is False


def test_length_header_abuse(voted):
    srv, phone = voted
    before = tally_of(srv)
    for lengths, expected in [
        (["10000000"], 413),       # claims 10 MB, sends nothing more
        (["-1"], 400),
        (["ten"], 400),
        (["\u00b2"], 400),          # "²".isdigit() is True, int("²") raises: was a 500
        (["1\u00b9"], 400),
        (["\u0661"], 400),          # an Arabic-Indic one
        (["+5"], 400),
        (["0x10"], 400),
        (["5", "5"], 400),         # two lengths: which one?
        (["1" * 40], 400),
    ]:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        head = "".join(f"Content-Length: {v}\r\n" for v in lengths)
        text = (f"POST /api/vote HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\n"
                "Content-Type: application/json\r\n"
                f"Cookie: {phone.cookie}\r\n{head}\r\n")
        # One byte per character where it fits (b"\xb2" reads back as "²"), else UTF-8.
        s.sendall(text.encode("latin-1") if max(map(ord, text)) < 256 else text.encode())
        reply = s.recv(4096)
        s.close()
        assert reply.startswith(f"HTTP/1.0 {expected}".encode()), (lengths, reply[:60])
        assert b"Traceback" not in reply
    # No Content-Length at all (http.client would add one, so write the request by hand).
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    s.sendall(b"POST /api/vote HTTP/1.0\r\nContent-Type: application/json\r\n\r\n")
    assert s.recv(4096).startswith(b"HTTP/1.0 411")
    s.close()
    assert tally_of(srv) == before


def test_garbage_request_lines_get_json_not_tracebacks(server):
    for raw in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",   # a TLS hello
                b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
                b"BREW /pot HTTP/1.1\r\n\r\n",
                b"GET / HTTP/9.9\r\n\r\n",
                b"GET /\r\n\r\n"):                               # HTTP/0.9: no headers
        s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        s.sendall(raw)
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
        s.close()
        assert re.match(rb"HTTP/1\.[01] (400|414|501|505) ", reply), reply[:80]
        assert b"<html" not in reply.lower() and b"Traceback" not in reply
        assert b"application/json" in reply


def test_wrong_method_and_unknown_paths(server):
    phone = Voter(server.port)
    assert phone.request("PUT", "/api/vote", b"{}")[0] == 501
    assert phone.request("DELETE", "/")[0] == 501
    assert phone.request("POST", "/api/state", b"{}",
                         {"Content-Type": "application/json"})[0] == 405
    for path in ("/admin", "/api", "/api/vote", "/static/", "/static", "/favicon.ico",
                 "/%2e%2e/server.py", "//etc/passwd"):
        status, headers, body = phone.request("GET", path)
        assert status == 404, path
        assert_hardened(headers, body)


TRAVERSALS = [
    "/static/../../server.py",
    "/static/../server.py",
    "/static/../web/../server.py",
    "/static/..%2fserver.py",
    "/static/..%2F..%2Fserver.py",
    "/static/%2e%2e/server.py",
    "/static/%2e%2e%2fserver.py",
    "/static/%2E%2E%2F%2E%2E%2Fgame%2Fclassroom%2Fserver.py",
    "/static/..%252fserver.py",                  # double-encoded
    "/static/%252e%252e%252fserver.py",
    "/static/..%5cserver.py",                     # backslash
    "/static/..\\server.py",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/....//server.py",
    "/static/app.js%00.png",
    "/static/%00",
    "/static/%c0%ae%c0%ae/server.py",             # overlong UTF-8 dots
    "/static/%ff",
    "/static/.",
    "/static/./",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_file_outside_the_web_folder(server, path):
    status, headers, body = Voter(server.port).request("GET", path)
    assert status == 404, path
    assert b"import" not in body and b"root:" not in body
    assert_hardened(headers, body)


def test_symlink_out_of_the_web_folder_is_not_followed(tmp_path):
    web = tmp_path / "web"
    web.mkdir()
    (web / "index.html").write_text("<!doctype html><title>t</title>")
    secret = tmp_path / "secret.js"
    secret.write_text("SECRET")
    (web / "leak.js").symlink_to(secret)
    srv = start_server(web_root=web)
    try:
        status, _, body = Voter(srv.port).request("GET", "/static/leak.js")
        assert status == 404 and b"SECRET" not in body
        assert Voter(srv.port).request("GET", "/")[0] == 200
    finally:
        srv.stop()


def test_only_known_file_types_are_served(tmp_path):
    web = tmp_path / "web"
    web.mkdir()
    (web / "index.html").write_text("<!doctype html>")
    (web / "notes.py").write_text("import os")
    srv = start_server(web_root=web)
    try:
        assert Voter(srv.port).request("GET", "/static/notes.py")[0] == 404
    finally:
        srv.stop()


def test_page_files_have_the_right_types_and_headers(server):
    phone = Voter(server.port)
    for path, ctype in [("/", "text/html"), ("/index.html", "text/html"),
                        ("/static/app.js", "text/javascript"),
                        ("/static/style.css", "text/css")]:
        status, headers, body = phone.request("GET", path)
        assert status == 200, path
        assert headers["Content-Type"].startswith(ctype), path
        assert_hardened(headers, body)
        if path in ("/", "/index.html"):      # the template, filled in the game's language
            assert body == render_page((WEB_ROOT / "index.html").read_text(encoding="utf-8"))
            assert b"{{" not in body and b'<html lang="en">' in body
        else:
            assert body == (WEB_ROOT / Path(path).name).read_bytes()
    # The template itself never leaves unfilled, however it is asked for.
    status, _, body = phone.request("GET", "/static/index.html")
    assert status == 200 and b"{{" not in body


def test_device_cookie_is_httponly_and_strict(server):
    phone = Voter(server.port)
    _, headers, _ = phone.request("GET", "/")
    assert "Set-Cookie" not in headers                # a page load makes no device
    status, _, _ = phone.request("GET", f"/api/state?room={server.room_code}")
    assert status == 401 and phone.cookie is None     # nor does asking without joining
    _, headers, _ = phone.request("POST", "/api/join",
                                  json.dumps({"room": server.room_code}).encode(),
                                  {"Content-Type": "application/json"})
    cookie = headers["Set-Cookie"]
    assert re.fullmatch(r"rapport_device=[A-Za-z0-9_-]{24}; Path=/; HttpOnly; "
                        r"SameSite=Strict; Max-Age=\d+", cookie), cookie
    status, _ = phone.post_join(server.room_code)
    assert status == 200 and len(server._devices) == 1   # joined already: the same device


def test_html_in_labels_is_served_as_data(server):
    prompt = "<script>alert('prompt')</script> & friends"
    label = "<img src=x onerror=alert(1)>\"quoted\" & 'single'"
    server.open_round("n_html", prompt, [("a", label), ("b", "</b><b>")])
    status, headers, body = Voter(server.port).join(server.room_code).request(
        "GET", f"/api/state?room={server.room_code}")
    assert status == 200 and headers["Content-Type"] == "application/json; charset=utf-8"
    assert b"<" not in body and b">" not in body     # escaped even inside JSON strings
    data = json.loads(body)
    assert data["round"]["prompt"] == prompt
    assert [c["label"] for c in data["round"]["choices"]] == [label, "</b><b>"]


def test_phone_page_never_builds_markup_from_strings():
    script = (WEB_ROOT / "app.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                 "eval(", "new Function"):
        assert sink not in script, sink
    assert "textContent" in script
    page = (WEB_ROOT / "index.html").read_text()
    assert "<script>" not in page and "style=" not in page    # nothing inline: CSP 'self'
    assert not re.search(r"(src|href)=\"(https?:)?//", page)   # nothing external


def test_device_rate_limit(limited_server):
    srv = limited_server(device_burst=3, device_rate=0.01)
    srv.open_round("n1", "P", [("a", "A"), ("b", "B")])
    phone = Voter(srv.port).join(srv.room_code)       # joining is not an API call
    statuses = [phone.state(srv.room_code)[0] for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    status, headers, _ = phone.request("GET", f"/api/state?room={srv.room_code}")
    assert status == 429 and int(headers["Retry-After"]) >= 1
    assert phone.vote(srv.room_code, "n1", "a")[0] == 429
    assert srv.current_tally().total == 0


def test_room_code_guessing_is_slowed(limited_server):
    srv = limited_server(bad_room_burst=3, bad_room_rate=0.01)
    phone = Voter(srv.port)
    statuses = [phone.state("WRONG")[0] for _ in range(5)]
    assert statuses == [403, 403, 403, 429, 429]


def test_new_devices_per_address_are_limited(limited_server):
    srv = limited_server(new_device_burst=2, new_device_rate=0.01)
    statuses = [Voter(srv.port).post_join(srv.room_code)[0] for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert Voter(srv.port, "127.0.0.2").post_join(srv.room_code)[0] == 200   # another address


def test_device_table_is_bounded(limited_server):
    srv = limited_server(max_devices=2)
    statuses = [Voter(srv.port).post_join(srv.room_code)[0] for _ in range(3)]
    assert statuses == [200, 200, 503]


def test_internal_error_is_a_plain_500(server, monkeypatch, caplog):
    def broken():
        raise RuntimeError("secret internals")
    phone = Voter(server.port).join(server.room_code)
    monkeypatch.setattr(server, "snapshot", broken)
    status, headers, body = phone.request(
        "GET", f"/api/state?room={server.room_code}")
    assert status == 500 and json.loads(body) == {"error": "server error"}
    assert b"secret" not in body
    assert_hardened(headers, body)
    assert "secret internals" in caplog.text        # logged for the developer, once ...
    assert "Traceback" not in caplog.text           # ... in a line, not a traceback


def test_no_per_request_noise_on_stderr(capfd):
    srv = start_server()
    try:
        phone = Voter(srv.port)
        phone.request("GET", "/")
        phone.request("GET", "/nope")
        phone.state("WRONG")
        time.sleep(0.1)
    finally:
        srv.stop()
    out, err = capfd.readouterr()
    assert err == "" and out == ""
