"""Reading what a course hands the class report: progress exports, class session records and
xAPI statements, each turned into the same plain attempt.

Every attempt is played again through the story core (``PlayState``) from its saved state or its
choices, so the report's figures come from the same rules as the game's own debrief: nothing here
re-implements a rule. Files are untrusted: a problem names the file and what was expected.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.infile import NotAFileError, TooLargeError, read_capped
from game.story import PlayState, SaveError, Scenario, build_debrief
from game.story.state import PlayError

MAX_INPUT_BYTES = 64 * 1024 * 1024
MAX_STEPS = 10_000  # no real encounter comes near this; a file that claims more is damaged

PRACTICE, ASSESSED = "practice", "assessed"
MODE_EXTENSION = "https://w3id.org/rapport/xapi/extensions/mode"
STEP_EXTENSION = "https://w3id.org/rapport/xapi/extensions/step"


class SourceError(ValueError):
    """An input the report cannot read; the message names the file and what was expected.
    ``unreadable``: there was nothing to read (no such file, a folder, a device), as opposed
    to a file that was read and is not an export."""

    def __init__(self, message: str, unreadable: bool = False):
        super().__init__(message)
        self.unreadable = unreadable


@dataclass(frozen=True)
class AttemptView:
    """One attempt (a student's, or one path of a class session) as the report sees it."""

    student: str
    scenario: Scenario
    mode: str
    finished: bool
    debrief: dict  # build_debrief(...).to_dict(): the same data the student's own debrief shows
    reflections: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    kind: str = "student"  # or "class"

    @property
    def ending(self) -> dict | None:
        return self.debrief.get("ending")


def read_inputs(paths: Iterable[str | Path], scenarios: Mapping[str, Scenario],
                rubrics: list[tuple[str, Any]] | None = None) -> tuple[list[AttemptView], list[str]]:
    """Every attempt in ``paths``; the second list holds notes on what was skipped and why.
    ``rubrics``, when given, collects (file, rubric) for each export that carries one."""
    attempts: list[AttemptView] = []
    notes: list[str] = []
    for path in paths:
        data = _load(Path(path))
        if rubrics is not None and isinstance(data, dict) \
                and data.get("format") in ("rapport-progress", "rapport-class-session") and "rubric" in data:
            rubrics.append((str(path), data["rubric"]))
        attempts.extend(_dispatch(data, str(path), scenarios, notes))
    return attempts, notes


def _load(path: Path) -> Any:
    try:
        text = read_capped(path, MAX_INPUT_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(f"{path}: not UTF-8 text; expected a JSON export") from None
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file", unreadable=True) from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder, not a file", unreadable=True) from None
    except NotAFileError:  # a pipe or a device is refused, never waited on: bad input, exit 1
        raise SourceError(f"{path}: not a regular file (a device or a pipe); expected an export") from None
    except TooLargeError:
        raise SourceError(f"{path}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB; expected an export "
                          "from `rapport export`, `rapport sessions export` or `rapport xapi`") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise SourceError(f"{path}: cannot read it ({getattr(exc, 'strerror', None) or exc})", unreadable=True) from None
    try:
        return json.loads(text)
    except RecursionError:
        raise SourceError(f"{path}: nested too deeply to be an export") from None
    except ValueError as first:
        # JSON lines: one statement per line, as `rapport xapi --out` writes them.
        statements = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                statements.append(json.loads(line))
            except (ValueError, RecursionError):
                where = getattr(first, "lineno", number)
                raise SourceError(f"{path}:{where}: not valid JSON or JSON lines; expected an export from "
                                  "`rapport export`, `rapport sessions export` or `rapport xapi`") from None
        return statements


def _dispatch(data: Any, source: str, scenarios: Mapping[str, Scenario], notes: list[str]) -> list[AttemptView]:
    if isinstance(data, dict) and data.get("format") == "rapport-progress":
        return _from_progress(data, source, scenarios, notes)
    if isinstance(data, dict) and data.get("format") == "rapport-class-session":
        return _from_class(data, source, scenarios, notes)
    if isinstance(data, dict) and isinstance(data.get("statements"), list):  # an LRS's GET answer
        data = data["statements"]
    if isinstance(data, list) and all(isinstance(s, dict) and "verb" in s for s in data):
        return _from_statements(data, source, scenarios, notes)
    raise SourceError(f"{source}: not a Rapport export; expected a file from `rapport export` (a student's "
                      "progress), `rapport sessions export` (a class session) or xAPI statements")


def _scenario(scenario_id: Any, source: str, scenarios: Mapping[str, Scenario], notes: list[str]) -> Scenario | None:
    scenario = scenarios.get(scenario_id) if isinstance(scenario_id, str) else None
    if scenario is None:
        note = f'{source}: scenario "{scenario_id}" is not installed here; its attempts are left out'
        if note not in notes:
            notes.append(note)
    return scenario


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _text(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _reflections(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    answers = value.get("answers", value)
    if not isinstance(answers, dict):
        return {}
    return {str(q)[:500]: a[:4000] for q, a in answers.items() if isinstance(a, str) and a.strip()}


def _mode(value: Any) -> str:
    return ASSESSED if value == ASSESSED else PRACTICE


# -- a student's progress export ---------------------------------------------------------------
def _from_progress(data: dict, source: str, scenarios: Mapping[str, Scenario], notes: list[str]) -> list[AttemptView]:
    profile = _dict(data.get("profile"))
    student = _text(profile.get("name"), "(unnamed)")
    out = []
    attempts = data.get("attempts")
    if not isinstance(attempts, list):
        raise SourceError(f'{source}: "attempts" should be a list')
    for i, attempt in enumerate(attempts, start=1):
        if not isinstance(attempt, dict):
            raise SourceError(f"{source}: attempt {i} should be a mapping")
        scenario = _scenario(attempt.get("scenario_id"), source, scenarios, notes)
        if scenario is None:
            continue
        try:
            state = PlayState.from_json(scenario, attempt.get("state"))
        except (SaveError, PlayError) as exc:
            notes.append(f"{source}: attempt {i} of {student} ({scenario.id}) left out: {exc}")
            continue
        out.append(AttemptView(student, scenario, _mode(attempt.get("mode")), state.is_over,
                               build_debrief(scenario, state).to_dict(), _reflections(attempt.get("reflection")),
                               source))
    return out


# -- a class session record --------------------------------------------------------------------
def _from_class(data: dict, source: str, scenarios: Mapping[str, Scenario], notes: list[str]) -> list[AttemptView]:
    scenario_info = _dict(data.get("scenario"))
    scenario = _scenario(scenario_info.get("id"), source, scenarios, notes)
    if scenario is None:
        return []
    decisions = [d for d in data.get("decisions") or [] if isinstance(d, dict)]
    branches = [b for b in data.get("branches") or [] if isinstance(b, dict)]
    label = f"Class session {data.get('id', str(data.get('uuid', ''))[:8])}".strip()
    out = []
    for branch in branches:
        number = branch.get("number")
        from_step = branch.get("from_step") if isinstance(branch.get("from_step"), int) else 0
        # A path is the decisions it inherited before it forked, then its own.
        inherited: dict[int, str] = {}
        for d in decisions:
            if isinstance(d.get("branch"), int) and isinstance(number, int) and d["branch"] < number \
                    and isinstance(d.get("step"), int) and d["step"] < from_step:
                inherited[d["step"]] = str(d.get("choice"))
        own = [d.get("choice") for d in sorted(decisions, key=lambda d: d.get("number") or 0)
               if d.get("branch") == number]
        choices = [inherited[k] for k in sorted(inherited)] + own
        state = replay(scenario, choices)
        if state is None:
            notes.append(f"{source}: path {number} of the class session no longer plays in this version of "
                         f'"{scenario.title}"; left out')
            continue
        out.append(AttemptView(f"{label}, path {number}", scenario, PRACTICE, state.is_over,
                               build_debrief(scenario, state).to_dict(), {}, source, kind="class"))
    return out


def replay(scenario: Scenario, choice_ids: Iterable[Any]) -> PlayState | None:
    """Play ``choice_ids`` in order through the story core, reading on past moments without
    choices; None when a choice does not fit (the scene changed since)."""
    state = PlayState.start(scenario)
    pending = list(choice_ids)[:MAX_STEPS]
    steps = 0
    while not state.is_over and steps < MAX_STEPS:
        steps += 1
        try:
            if state.node.choices and state.status == "choice":
                if not pending:
                    break
                state.choose(str(pending.pop(0)))
            else:
                state.advance()
        except PlayError:
            return None
    return state


# -- xAPI statements ----------------------------------------------------------------------------
def _from_statements(statements: list[dict], source: str, scenarios: Mapping[str, Scenario],
                     notes: list[str]) -> list[AttemptView]:
    by_attempt: dict[str, list[dict]] = {}
    for s in statements:
        context = _dict(s.get("context"))
        registration = context.get("registration")
        if isinstance(registration, str):
            by_attempt.setdefault(registration, []).append(s)
    out = []
    for registration, group in by_attempt.items():
        group.sort(key=lambda s: _text(s.get("timestamp")))
        first = group[0]
        scenario_id = _extension(first, "https://w3id.org/rapport/xapi/extensions/scenario")
        scenario = _scenario(scenario_id, source, scenarios, notes)
        if scenario is None:
            continue
        state = replay(scenario, _final_path(group))
        if state is None:
            notes.append(f"{source}: attempt {registration} no longer plays in this version of "
                         f'"{scenario.title}"; left out')
            continue
        reflections = {}
        for s in group:
            if _verb(s) == "responded" and isinstance(s.get("result"), dict):
                name = s.get("object", {}).get("definition", {}).get("name", {})
                question = next(iter(name.values()), "") if isinstance(name, dict) else ""
                if isinstance(s["result"].get("response"), str):
                    reflections[question] = s["result"]["response"]
        actor = _dict(first.get("actor"))
        kind = "class" if actor.get("objectType") == "Group" else "student"
        student = _text(actor.get("name")) or _text((actor.get("account") or {}).get("name"), "(unnamed)")
        mode = _mode(_extension(first, MODE_EXTENSION))
        out.append(AttemptView(student, scenario, mode, state.is_over, build_debrief(scenario, state).to_dict(),
                               _reflections(reflections), source, kind=kind))
    return out


def _final_path(statements: list[dict]) -> list[str]:
    """The choices on the attempt's final path: a choice made again at the same step (after a
    rewind) replaces the one before it and everything after it."""
    path: dict[int, str] = {}
    order = 0
    for s in statements:
        result = s.get("result")
        if _verb(s) != "answered" or not isinstance(result, dict) or not isinstance(result.get("response"), str):
            continue
        extensions = _dict(result.get("extensions"))
        step = extensions.get(STEP_EXTENSION)
        if not isinstance(step, int) or isinstance(step, bool):
            step = order  # statements from elsewhere without steps: taken in time order
        for later in [k for k in path if k >= step]:
            del path[later]
        path[step] = result["response"]
        order = step + 1
    return [path[k] for k in sorted(path)]


def _verb(statement: dict) -> str:
    verb = statement.get("verb")
    return _text(verb.get("id")).rsplit("/", 1)[-1] if isinstance(verb, dict) else ""


def _extension(statement: dict, key: str) -> Any:
    context = _dict(statement.get("context"))
    extensions = _dict(context.get("extensions"))
    return extensions.get(key)
