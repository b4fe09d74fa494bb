"""The student's reflection on an attempt: the debrief questions and the answers typed.

Stored in ``attempts.reflection`` as JSON ``{"answers": {question: answer, ...}}`` (in the order
asked); exports carry the same object. Everything read back is checked: a damaged or
oversized value reads as no reflection rather than stopping the history.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

QUESTION_LIMIT = 500  # characters of one question
ANSWER_LIMIT = 2000  # characters of one answer
MAX_ANSWERS = 12


def clean_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """Non-blank answers as text, cut to the limits, at most MAX_ANSWERS of them."""
    out: dict[str, str] = {}
    for question, answer in answers.items():
        if not isinstance(question, str) or not isinstance(answer, str) or not question.strip() or not answer.strip():
            continue
        if len(out) >= MAX_ANSWERS:
            break
        out[question.strip()[:QUESTION_LIMIT]] = answer.strip()[:ANSWER_LIMIT]
    return out


def dumps_reflection(answers: Mapping[str, str]) -> str:
    return json.dumps({"answers": dict(answers)}, ensure_ascii=False)


def problem(value: Any) -> str | None:
    """Why ``value`` is not a reflection as exports carry it; None when it is one."""
    if not isinstance(value, dict) or set(value) != {"answers"}:
        return 'an object with just "answers"'
    answers = value["answers"]
    if not isinstance(answers, dict) or len(answers) > MAX_ANSWERS:
        return f'"answers" as an object of at most {MAX_ANSWERS} question: answer pairs'
    for question, answer in answers.items():
        if not question.strip() or len(question) > QUESTION_LIMIT:
            return f"each question as text of 1 to {QUESTION_LIMIT} characters"
        if not isinstance(answer, str) or not answer.strip() or len(answer) > ANSWER_LIMIT:
            return f"each answer as text of 1 to {ANSWER_LIMIT} characters"
    return None


def loads_reflection(text: str | None) -> dict[str, str]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return dict(value["answers"]) if problem(value) is None else {}
