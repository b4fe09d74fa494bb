"""About Rapport: the five practices, the pitfalls, and what rapport is (and is not)."""

from __future__ import annotations

from game.ui.screens.common import PageScreen
from game.ui.widgets import Button

INTRO = (
    "Rapport is the sense, on both sides of a conversation, that the other person is paying "
    "attention and means well. It is built moment by moment: in how you greet someone, what you "
    "notice, what you say about what happens next, and what you leave room for. In this game "
    "you are the social worker. You never see numbers; you see the person in front of you, "
    "and what they are willing to tell you."
)

PRACTICES = [
    ("Be present",
     "Give the person your whole attention. Put the form down, notice what they bring into the "
     "room, and respond to this person rather than to a checklist."),
    ("Show empathy",
     "Say back what you hear, including the feeling under the words, so the person knows it "
     "landed. Understanding is not the same as agreeing, and it is not fixing."),
    ("Communicate openly",
     "Tell people what to expect: what this meeting is for, what happens to what they tell you, "
     "and where confidentiality ends. Surprises about power and information break trust fast."),
    ("Find common ground",
     "Look for what you both want, in the person's own words, and build the next step on it "
     "together instead of handing them a plan."),
    ("Practise patience",
     "Let a pause be. Silence is a choice, and it often gives someone the space to say the "
     "thing that matters. Trust grows at the person's pace, not the agency's."),
]

PITFALLS = (
    "The pitfalls are the other side of the same moments: judging, lecturing or pointing at "
    "shortcomings, rushing, reassuring in a way you cannot back up, and holding to protocol when "
    "the person needs you to respond to them."
)

DIFFERENCES = [
    ("A connection",
     "is any sense of liking or familiarity between two people; it can happen in a moment and "
     "needs no purpose. Rapport is narrower and more deliberate: a working sense of mutual "
     "attention and good faith that a professional builds on purpose, even with someone who "
     "did not choose to be there."),
    ("A working alliance",
     "is the longer agreement that grows from rapport: shared goals, agreed tasks and a bond "
     "strong enough to carry disagreement over weeks or months. Rapport is what makes the "
     "first meeting go well enough that an alliance becomes possible."),
]

HOW_IT_PLAYS = (
    "Each encounter is short, and you are meant to replay it. The client's face and posture "
    "follow how they are feeling about you. When it ends, the debrief shows which moments built "
    "or broke rapport and why. The debrief is practice feedback, not a grade: a simulation can "
    "show habits, but it cannot measure how you work with real people."
)


class AboutScreen(PageScreen):
    name = "about"
    title = "About Rapport"
    subtitle = "Five practices that build trust, and the pitfalls that break it."

    def build(self) -> None:
        d = self.doc
        d.para(INTRO)
        d.h2("The five practices")
        for name, text in PRACTICES:
            d.para(name, "body", "bold")
            d.para(text)
        d.h2("Pitfalls")
        d.para(PITFALLS)
        d.h2("Rapport, a connection, a working alliance")
        for name, text in DIFFERENCES:
            d.para(name, "body", "bold")
            d.para(text)
        d.h2("How the game uses this")
        d.para(HOW_IT_PLAYS)
        self.footer = [Button("Back", self.app.pop, primary=True)]
