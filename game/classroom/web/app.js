// Rapport class vote: the phone page. Everything from the server is put on the page with
// textContent, never as HTML, so a choice label can't inject markup. The page's words come in
// the facilitator's language: the server fills index.html and puts the messages this script
// shows in a JSON data block (#strings); a missing one reads as its key.
"use strict";

(function () {
  const POLL_MS = 1500;
  const ROOM_MIN = 4;
  const ROOM_MAX = 8;
  // Polls in a row that reached nothing (about six seconds) before the page says the class
  // session may have ended: the facilitator ending it stops the class computer's vote server.
  const GONE_AFTER = 4;

  const el = (id) => document.getElementById(id);
  let words = {};
  try {
    words = JSON.parse(el("strings").textContent) || {};
  } catch (err) {
    words = {};
  }

  // A message with its {fields} filled in one pass, so a choice's own braces stay as they are.
  function t(key, fields) {
    const text = typeof words[key] === "string" ? words[key] : key;
    return text.replace(/\{(\w+)\}/g, (whole, name) =>
      fields && Object.prototype.hasOwnProperty.call(fields, name) ? String(fields[name]) : whole);
  }

  function refusal(error) {
    const known = words.refusals || {};
    if (typeof error !== "string" || !error) return t("try_again");
    return Object.prototype.hasOwnProperty.call(known, error) ? known[error] : error;
  }
  const joinSection = el("join");
  const voteSection = el("vote");
  const roomInput = el("room");

  let room = "";
  let joined = false;     // this browser has a device for the room (an HttpOnly cookie)
  let rejoins = 0;        // joins in a row that the next question did not recognise
  let timer = null;
  let inFlight = false;
  let active = false;     // polling wanted
  let sending = false;
  let lastShown = "";     // the state last drawn, so focus isn't lost on identical polls
  let notice = "";        // why the last vote was not recorded, shown until things change
  let unreached = 0;      // polls in a row that reached nothing

  function normalise(code) {
    return String(code || "").replace(/[^A-Za-z]/g, "").toUpperCase().slice(0, ROOM_MAX);
  }

  function setStatus(text) {
    el("status").textContent = text;
  }

  function showJoin(message) {
    active = false;
    clearTimeout(timer);
    voteSection.hidden = true;
    joinSection.hidden = false;
    el("join-error").textContent = message || "";
    voteSection.dataset.state = "join";
    lastShown = "";
  }

  function join(code) {
    room = normalise(code);
    if (room.length < ROOM_MIN) {
      showJoin(t("type_code"));
      return;
    }
    history.replaceState(null, "", "?room=" + encodeURIComponent(room));
    joined = false;
    el("room-shown").textContent = room;
    joinSection.hidden = true;
    voteSection.hidden = false;
    setStatus(t("connecting"));
    el("prompt").focus();
    active = true;
    pollNow();
  }

  function schedule(ms) {
    clearTimeout(timer);
    if (active) timer = setTimeout(poll, ms || POLL_MS);
  }

  function retryAfter(res) {
    const seconds = parseInt(res.headers.get("Retry-After") || "", 10);
    return Math.min(10, Math.max(1, seconds || 2)) * 1000;
  }

  // Entering the room code is what gives this phone its one vote: the server makes a device
  // only here. Returns the delay before trying again, or 0 once joined (or sent back to the
  // join form).
  async function enter() {
    const res = await fetch("/api/join", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ room: room }),
    });
    if (res.ok) {
      joined = true;
      return 0;
    }
    if (res.status === 403) {
      showJoin(t("wrong_code"));
      return 0;
    }
    if (res.status === 409) {         // the room is full: the facilitator can make room (M)
      setStatus(t("room_full"));
      return retryAfter(res);
    }
    setStatus(res.status === 429 || res.status === 503 ? t("busy") : t("went_wrong"));
    return retryAfter(res);
  }

  function pollNow() {
    clearTimeout(timer);
    poll();
  }

  async function poll() {
    if (inFlight || !active) return;
    inFlight = true;
    let wait = 0;
    try {
      if (!joined) {
        wait = await enter();
        if (!joined) return;
      }
      const res = await fetch("/api/state?room=" + encodeURIComponent(room),
                              { cache: "no-store", credentials: "same-origin" });
      unreached = 0;
      if (res.status === 401) {         // the server forgot this phone: join again, once
        joined = false;
        if (rejoins >= 1) {             // joined, yet not recognised: the cookie is not kept
          setStatus(t("no_cookie"));
          wait = 10000;
          return;
        }
        rejoins += 1;
        wait = 200;
        return;
      }
      if (res.status === 403) {
        showJoin(t("wrong_code"));
        return;
      }
      if (!res.ok) {
        setStatus(res.status === 429 ? t("busy") : t("went_wrong"));
        if (res.status === 429) wait = retryAfter(res);
        return;
      }
      rejoins = 0;
      render(await res.json());
    } catch (err) {
      unreached += 1;
      lastShown = "";
      if (unreached >= GONE_AFTER) {
        // Not a vote to tap any more: say so, and keep trying (a Wi-Fi gap mends itself).
        voteSection.dataset.state = "gone";
        el("hint").hidden = true;
        for (const button of el("choices").querySelectorAll("button")) button.disabled = true;
        setStatus(t("gone"));
      } else {
        setStatus(t("unreachable"));
      }
    } finally {
      inFlight = false;
      schedule(wait);
    }
  }

  function labelOf(round, id) {
    const found = round.choices.find((c) => c.id === id);
    return found ? found.label : "";
  }

  function render(data) {
    const key = JSON.stringify(data);
    if (key === lastShown) return;
    lastShown = key;

    const round = data && data.round;
    const prompt = el("prompt");
    const box = el("choices");
    // The buttons are rebuilt below; keep keyboard and screen-reader focus from falling
    // back to the top of the page.
    const current = document.activeElement;
    const focused = box.contains(current) ? current.dataset.choice : null;
    box.replaceChildren();
    if (!round || !round.open || data.your_vote) notice = "";
    if (!round) {
      voteSection.dataset.state = "waiting";
      prompt.textContent = "";
      el("hint").hidden = true;
      setStatus(t("waiting"));
      return;
    }
    const mine = data.your_vote;
    prompt.textContent = round.prompt;
    el("hint").hidden = !(round.open && !mine);
    for (const choice of round.choices) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "choice";
      button.textContent = choice.label;
      button.dataset.choice = choice.id;
      button.setAttribute("aria-pressed", String(mine === choice.id));
      button.disabled = !round.open || mine !== null;
      button.addEventListener("click", () => vote(round.decision, choice.id, choice.label));
      box.appendChild(button);
      if (focused === choice.id && !button.disabled) button.focus();
    }
    if (focused !== null && !box.contains(document.activeElement)) prompt.focus();
    if (!round.open) {
      voteSection.dataset.state = "closed";
      setStatus(mine ? t("closed_yours", { choice: labelOf(round, mine) }) : t("closed"));
    } else if (mine) {
      voteSection.dataset.state = "voted";
      setStatus(t("recorded", { choice: labelOf(round, mine) }));
    } else {
      voteSection.dataset.state = "open";
      setStatus(notice || t("open"));
    }
  }

  async function vote(decision, choice, label) {
    if (sending) return;
    sending = true;
    el("prompt").focus();     // the buttons are about to be disabled, which drops focus
    for (const b of el("choices").querySelectorAll("button")) b.disabled = true;
    setStatus(t("sending"));
    let message = "";
    const send = () => fetch("/api/vote", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ room: room, decision: decision, choice: choice }),
    });
    try {
      let res = await send();
      if (res.status === 401) {       // the server forgot this phone: join again, then send once
        joined = false;
        await enter();
        if (!active) return;
        if (joined) res = await send();
      }
      if (res.status === 403) {
        const data = await res.json().catch(() => ({}));
        if (data.error === "wrong room code") {
          showJoin(t("wrong_code"));
          return;
        }
      }
      if (!res.ok) {
        const data = await res.json().catch(() => ({}));
        message = t("not_recorded", { reason: refusal(data.error) });
      }
    } catch (err) {
      message = t("send_failed");
    } finally {
      sending = false;
    }
    lastShown = "";          // redraw from the server's answer, whatever it is
    notice = message;
    pollNow();
  }

  el("join-form").addEventListener("submit", (event) => {
    event.preventDefault();
    join(roomInput.value);
  });
  el("leave").addEventListener("click", () => {
    showJoin("");
    roomInput.value = "";
    roomInput.focus();
  });

  const fromLink = normalise(new URLSearchParams(location.search).get("room"));
  roomInput.value = fromLink;
  if (fromLink.length >= ROOM_MIN) {
    join(fromLink);
  } else {
    showJoin("");
  }
})();
