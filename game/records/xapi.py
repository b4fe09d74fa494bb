"""xAPI 1.0.3 statements for one attempt: launched and initialized, each choice answered, duties
met or missed, the ending completed, the reflection responded.

Statements are plain JSON (the ``tincan`` package has been unmaintained since 2020). Activity ids
are stable IRIs built from the scene's, moment's and choice's ids, so statements from many
students and many terms line up in one learning record store. Only what the course needs is
sent: the profile name the student typed, their choices and the scene's own words; never the
machine, the folder or the settings.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from game.story import PITFALLS, PRACTICES, Scenario
from game.story.model import CONNECTION

XAPI_VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {name: {"id": ADL + name, "display": {"en-US": name}}
         for name in ("launched", "initialized", "answered", "completed", "responded", "passed", "failed")}
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
# The project's own extension keys; stable, so a course's queries keep working across versions.
EXT = "https://w3id.org/rapport/xapi/extensions/"
EXT_SCENARIO, EXT_VERSION, EXT_MODE = EXT + "scenario", EXT + "scenario-version", EXT + "mode"
EXT_TAG, EXT_TAG_KIND, EXT_RUBRIC = EXT + "tag", EXT + "tag-kind", EXT + "rubric"
EXT_BEFORE, EXT_AFTER, EXT_DELTA = EXT + "meters-before", EXT + "meters-after", EXT + "meter-changes"
EXT_ENDING, EXT_OUTCOME = EXT + "ending", EXT + "outcome"
EXT_STEP = EXT + "step"  # the choice's place in the attempt's history: a rewind re-uses it
DEFAULT_ACTIVITY_BASE = "https://w3id.org/rapport/xapi/"
# The ending's outcome as a scaled score: the course sees a number, the student the ending.
OUTCOME_SCORES = {"best": 1.0, "good": 0.75, "mixed": 0.5, "poor": 0.25}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Learner:
    """Who the statements are about: a student's profile, or a whole class (a Group)."""

    name: str
    home_page: str
    group: bool = False

    def actor(self) -> dict:
        account = {"homePage": self.home_page, "name": self.name}
        if self.group:
            return {"objectType": "Group", "name": self.name, "account": account}
        return {"objectType": "Agent", "name": self.name, "account": account}


class StatementMaker:
    """Builds the statements of one attempt; each has a fresh UUID fixed here, once."""

    def __init__(self, scenario: Scenario, learner: Learner, registration: str, mode: str = "practice",
                 activity_base: str = DEFAULT_ACTIVITY_BASE, rubric: Mapping[str, str] | None = None,
                 instructor: Learner | None = None, clock=now_iso):
        self.scenario, self.learner, self.registration, self.mode = scenario, learner, registration, mode
        self.base = activity_base if activity_base.endswith("/") else activity_base + "/"
        self.rubric = dict(rubric or {})
        self.instructor = instructor
        self.clock = clock

    # -- activities ---------------------------------------------------------------------------
    def scene_iri(self) -> str:
        return f"{self.base}scenes/{self.scenario.id}"

    def _scene_activity(self) -> dict:
        s = self.scenario
        return {"objectType": "Activity", "id": self.scene_iri(),
                "definition": {"type": SIMULATION, "name": {"en-US": s.title}, "description": {"en-US": s.summary}}}

    def _moment_activity(self, node_id: str) -> dict:
        node = self.scenario.nodes[node_id]
        return {"objectType": "Activity", "id": f"{self.scene_iri()}/moments/{node_id}",
                "definition": {"type": INTERACTION, "interactionType": "choice",
                               "name": {"en-US": f"{self.scenario.title}: {node_id}"},
                               "description": {"en-US": node.says or node.narration or node_id},
                               "choices": [{"id": c.id, "description": {"en-US": c.text}} for c in node.choices]}}

    # -- statements ----------------------------------------------------------------------------
    def _statement(self, verb: str, obj: dict, result: dict | None = None, timestamp: str | None = None) -> dict:
        context: dict[str, Any] = {
            "registration": self.registration, "platform": "Rapport", "language": "en",
            "contextActivities": {"parent": [{"objectType": "Activity", "id": self.scene_iri()}]},
            "extensions": {EXT_SCENARIO: self.scenario.id, EXT_VERSION: self.scenario.version, EXT_MODE: self.mode},
        }
        if obj.get("id") == self.scene_iri():
            del context["contextActivities"]
        if self.instructor is not None:
            context["instructor"] = self.instructor.actor()
        statement = {"id": str(uuid.uuid4()), "actor": self.learner.actor(), "verb": VERBS[verb], "object": obj,
                     "context": context, "timestamp": timestamp or self.clock(), "version": XAPI_VERSION}
        if result:
            statement["result"] = result
        return statement

    def started(self, new: bool) -> list[dict]:
        """``launched`` (a new attempt only) and ``initialized`` (new or resumed)."""
        scene = self._scene_activity()
        out = [self._statement("launched", scene)] if new else []
        return out + [self._statement("initialized", scene)]

    def answered(self, node_id: str, choice_id: str, before: Mapping[str, int], after: Mapping[str, int],
                 step_index: int | None = None) -> dict:
        choice = self.scenario.nodes[node_id].choice(choice_id)
        tag = choice.tag if choice else ""
        kind = "pitfall" if tag in PITFALLS else "practice" if tag in PRACTICES else \
            "connection" if tag == CONNECTION else "other"
        extensions: dict[str, Any] = {EXT_TAG: tag, EXT_TAG_KIND: kind, EXT_BEFORE: dict(before),
                                      EXT_AFTER: dict(after),
                                      EXT_DELTA: {m: after.get(m, 0) - before.get(m, 0) for m in after}}
        if tag in self.rubric:
            extensions[EXT_RUBRIC] = self.rubric[tag]
        if step_index is not None:
            extensions[EXT_STEP] = step_index
        return self._statement("answered", self._moment_activity(node_id),
                               {"response": choice_id, "extensions": extensions})

    def duties(self, duties: Iterable[Mapping[str, Any]]) -> list[dict]:
        """``passed`` for each raised duty that was met, ``failed`` for each that was missed."""
        out = []
        for duty in duties:
            if not duty.get("raised", True):
                continue
            obj = {"objectType": "Activity", "id": f"{self.scene_iri()}/duties/{duty['id']}",
                   "definition": {"type": "http://adlnet.gov/expapi/activities/objective",
                                  "name": {"en-US": duty.get("title", duty["id"])},
                                  "description": {"en-US": duty.get("why", "")}}}
            result: dict[str, Any] = {"success": bool(duty.get("met"))}
            if duty["id"] in self.rubric:
                result["extensions"] = {EXT_RUBRIC: self.rubric[duty["id"]]}
            out.append(self._statement("passed" if duty.get("met") else "failed", obj, result))
        return out

    def completed(self, ending_id: str, outcome: str, meters: Mapping[str, int], decisions: int) -> dict:
        ending = self.scenario.ending(ending_id)
        return self._statement("completed", self._scene_activity(), {
            "completion": True,
            "success": outcome in ("best", "good"),
            "score": {"scaled": OUTCOME_SCORES.get(outcome, 0.0)},
            "extensions": {EXT_ENDING: ending_id, EXT_OUTCOME: outcome, EXT_AFTER: dict(meters),
                           EXT + "ending-title": ending.title if ending else ending_id, EXT + "decisions": decisions},
        })

    def responded(self, number: int, question: str, answer: str) -> dict:
        obj = {"objectType": "Activity", "id": f"{self.scene_iri()}/reflection/{number}",
               "definition": {"type": INTERACTION, "interactionType": "long-fill-in",
                              "name": {"en-US": question}}}
        return self._statement("responded", obj, {"response": answer})


def check_statement(statement: Mapping[str, Any]) -> list[str]:
    """Problems with a statement against the xAPI 1.0.3 rules this project relies on; [] if none."""
    problems = []
    try:
        if str(uuid.UUID(str(statement.get("id")))) != statement.get("id"):
            problems.append("id is not a lower-case UUID")
    except ValueError:
        problems.append("id is not a UUID")
    verb = statement.get("verb") or {}
    if not str(verb.get("id", "")).startswith(ADL):
        problems.append("verb is not from the ADL vocabulary")
    try:
        stamp = str(statement.get("timestamp"))
        datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        if not stamp.endswith("Z"):
            problems.append("timestamp is not in UTC")
    except ValueError:
        problems.append("timestamp is not ISO 8601")
    actor = statement.get("actor") or {}
    if actor.get("objectType") not in ("Agent", "Group") or not (actor.get("account") or actor.get("mbox")):
        problems.append("actor is not an identified Agent or Group")
    obj = statement.get("object") or {}
    if not str(obj.get("id", "")).startswith(("http://", "https://")):
        problems.append("object id is not an IRI")
    registration = (statement.get("context") or {}).get("registration")
    if registration is not None:
        try:
            uuid.UUID(str(registration))
        except ValueError:
            problems.append("context.registration is not a UUID")
    return problems
