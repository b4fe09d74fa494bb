"""About Rapport: the five practices, the pitfalls, and what rapport is (and is not)."""

from __future__ import annotations

from game.i18n import N_, _
from game.ui.screens.common import PageScreen
from game.ui.widgets import Button

INTRO = N_(
    "Rapport is the sense, on both sides of a conversation, that the other person is paying "
    "attention and means well. It is built moment by moment: in how you greet someone, what you "
    "notice, what you say about what happens next, and what you leave room for. In this game "
    "you are the social worker. You never see numbers; you see the person in front of you, "
    "and what they are willing to tell you."
)

PRACTICES = [
    (N_("Be present"),
     N_("Give the person your whole attention. Put the form down, notice what they bring into the "
     "room, and respond to this person rather than to a checklist.")),
    (N_("Show empathy"),
     N_("Say back what you hear, including the feeling under the words, so the person knows it "
     "landed. Understanding is not the same as agreeing, and it is not fixing.")),
    (N_("Communicate openly"),
     N_("Tell people what to expect: what this meeting is for, what happens to what they tell you, "
     "and where confidentiality ends. Surprises about power and information break trust fast.")),
    (N_("Find common ground"),
     N_("Look for what you both want, in the person's own words, and build the next step on it "
     "together instead of handing them a plan.")),
    (N_("Practise patience"),
     N_("Let a pause be. Silence is a choice, and it often gives someone the space to say the "
     "thing that matters. Trust grows at the person's pace, not the agency's.")),
]

PITFALLS = N_(
    "The pitfalls are the other side of the same moments: judging, lecturing or pointing at "
    "shortcomings, rushing, reassuring in a way you cannot back up, and holding to protocol when "
    "the person needs you to respond to them."
)

DIFFERENCES = [
    (N_("A connection"),
     N_("is any sense of liking or familiarity between two people; it can happen in a moment and "
     "needs no purpose. Rapport is narrower and more deliberate: a working sense of mutual "
     "attention and good faith that a professional builds on purpose, even with someone who "
     "did not choose to be there.")),
    (N_("A working alliance"),
     N_("is the longer agreement that grows from rapport: shared goals, agreed tasks and a bond "
     "strong enough to carry disagreement over weeks or months. Rapport is what makes the "
     "first meeting go well enough that an alliance becomes possible.")),
]

HOW_IT_PLAYS = N_(
    "Each encounter is short, and you are meant to replay it. The client's face and posture "
    "follow how they are feeling about you. When it ends, the debrief shows which moments built "
    "or broke rapport and why. The debrief is practice feedback, not a grade: a simulation can "
    "show habits, but it cannot measure how you work with real people."
)


class AboutScreen(PageScreen):
    name = "about"
    title = N_("About Rapport")
    subtitle = N_("Five practices that build trust, and the pitfalls that break it.")

    def build(self) -> None:
        d = self.doc
        d.para(_(INTRO))
        d.h2(_("The five practices"))
        for name, text in PRACTICES:
            d.para(_(name), "body", "bold")
            d.para(_(text))
        d.h2(_("Pitfalls"))
        d.para(_(PITFALLS))
        d.h2(_("Rapport, a connection, a working alliance"))
        for name, text in DIFFERENCES:
            d.para(_(name), "body", "bold")
            d.para(_(text))
        d.h2(_("How the game uses this"))
        d.para(_(HOW_IT_PLAYS))
        self.footer = [Button(_("Back"), self.app.pop, primary=True)]
