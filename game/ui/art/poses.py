"""What a portrait shows, in words, and a check that posture lines agree with it.

The band (closed, cautious, open) sets the body: POSES says, per band, where the arms are,
which way the client leans, whether the body is turned away. ATTIRE says, per kind of top,
what the clothes show (a work jacket drawn open, a fleece half zipped, a hoodie with its hood
down); DONE_UP what they show when closed (the jacket zipped, the hood up). The beat adds what
the face shows: eye contact or not, a smile, tears.
All of it is read from the same numbers that draw the picture (expressions.py, people.py),
so the words cannot drift from the drawing without a test noticing.

posture_conflicts(text, face, portrait) lists each phrase of `text` that says something the
picture of `portrait` showing `face` contradicts ("keeps his jacket zipped" over an open
jacket, "leans forward" while the figure sits back, "holds your eye" while the eyes are down).
It reads plain English with simple patterns: it catches the common ways of saying these
things and says nothing about words it does not know. Negations it understands ("doesn't
look away" is eye contact).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .expressions import Expression, expression_for, face_key
from .people import Person, person_for


@dataclass(frozen=True)
class Pose:
    """The body language of one band, as drawn (see expressions._BAND)."""
    band: str
    arms: str       # crossed | clasped | open
    lean: str       # back | upright | in
    turn: str       # away | toward
    stance: str     # seated: every portrait is someone sitting across from the worker
    words: str      # how an author would say it

POSES: dict[str, Pose] = {
    "closed": Pose("closed", "crossed", "back", "away", "seated",
                   "arms crossed, body turned away, sitting back"),
    "cautious": Pose("cautious", "clasped", "upright", "toward", "seated",
                     "hands clasped in front, sitting upright, facing you"),
    "open": Pose("open", "open", "in", "toward", "seated",
                 "hands open and palms up, leaning in, facing you"),
}


@dataclass(frozen=True)
class Attire:
    """What a kind of top looks like in the picture."""
    garment: str                 # what to call it
    names: tuple[str, ...]       # words that name it
    fastening: str               # open | half | closed | none (a pullover)
    hood: str = ""               # "down" (bunched behind the neck), "up", or "" (no hood)

ATTIRE: dict[str, Attire] = {
    "work_jacket": Attire("work jacket, drawn open", ("jacket", "work jacket"), "open"),
    "cardigan": Attire("cardigan, open at the neck", ("cardigan",), "half"),
    "button_shirt": Attire("buttoned shirt, no jacket", ("shirt",), "closed"),
    "hoodie": Attire("hoodie with the hood down", ("hoodie", "hoody", "sweatshirt"), "none",
                     hood="down"),
    "tunic_coat": Attire("long coat, buttoned", ("coat", "tunic"), "closed"),
    "zip_fleece": Attire("fleece, half zipped", ("fleece",), "half"),
    "sweater": Attire("sweater", ("sweater", "jumper"), "none"),
    "blazer": Attire("blazer, drawn open", ("blazer", "jacket"), "open"),
}
# Closed, a client does their clothes up (body.py _DONE_UP draws these instead).
DONE_UP: dict[str, Attire] = {
    "work_jacket": Attire("work jacket, zipped up", ("jacket", "work jacket"), "closed"),
    "zip_fleece": Attire("fleece, zipped to the chin", ("fleece",), "closed"),
    "hoodie": Attire("hoodie with the hood up", ("hoodie", "hoody", "sweatshirt"), "none",
                     hood="up"),
}
GARMENT_WORDS = ("work jacket", "jacket", "coat", "fleece", "cardigan", "hoodie", "hoody",
                 "sweatshirt", "sweater", "jumper", "blazer", "tunic", "shirt")


@dataclass(frozen=True)
class DrawnPose:
    """Everything the picture of one client with one face shows that words can contradict."""
    face: str
    person: Person
    pose: Pose
    attire: Attire
    gaze: str       # contact | averted
    smile: bool
    tears: bool

    @property
    def garments(self) -> tuple[str, ...]:
        names = self.attire.names
        if self.person.collar:
            names += ("shirt", "collar")
        if self.person.scarf is not None:
            names += ("headscarf", "scarf", "hijab")
        return names


def eye_contact(expr: Expression) -> bool:
    """Whether the drawn eyes meet the viewer's: irises near the middle, head not turned or
    bowed far, lids open enough to see them."""
    gx, gy = expr.gaze
    return (abs(gx) < 0.3 and gy < 0.4 and abs(expr.turn) < 0.3 and expr.head_drop < 24
            and expr.lid_upper < 0.55)


SMILE_CURVE = 6.0   # corner lift from which a mouth reads as smiling


def drawn_pose(face: str, portrait: str) -> DrawnPose:
    expr = expression_for(face)
    person = person_for(portrait)
    return DrawnPose(
        face=face_key(face), person=person, pose=POSES[expr.band],
        attire=(DONE_UP[person.top] if expr.wrap and person.top in DONE_UP
                else ATTIRE.get(person.top, ATTIRE["sweater"])),
        gaze="contact" if eye_contact(expr) else "averted",
        smile=expr.mouth_curve >= SMILE_CURVE, tears=expr.tear)


# ---------------------------------------------------------------------------- the check
_P = r"(?:his|her|their|my|your|its|the)"
_SELF = r"(?:him|her|them|my|your)sel(?:f|ves)"

# (aspect, value the words claim, pattern). Patterns are matched case-insensitively.
_RULES: list[tuple[str, str, str]] = [
    # arms
    ("arms", "crossed", r"\barms?\s+(?:are\s+|stay\s+|still\s+|tightly\s+)?(?:folded|crossed)"),
    ("arms", "crossed", r"\b(?:folds?|folded|folding|cross(?:es|ed|ing)?)\s+(?:\w+\s+)?arms\b"),
    ("arms", "crossed", rf"\barms?\s+(?:\w+\s+)?across\s+{_P}\s+(?:chest|body)"),
    ("arms", "crossed", rf"\bhug(?:s|ging|ged)?\s+{_SELF}"),
    ("arms", "crossed", rf"\b(?:clamped|clutched|pressed|hugged)\s+(?:against|to)\s+{_P}\s+chest"),
    ("arms", "clasped", r"\bhands?\s+(?:are\s+|stay\s+)?(?:clasped|knotted|together|interlaced)"),
    ("arms", "clasped", rf"\b(?:clasps?|clasped|clasping|wrings?|wringing|knots?)\s+{_P}\s+(?:hands|fingers)"),
    ("arms", "clasped", rf"\bover(?:\s+and\s+over)?\s+in\s+{_P}\s+hands"),
    ("arms", "clasped", rf"\bin\s+(?:both\s+hands|both\s+{_P}\s+hands)"),
    ("arms", "clasped", rf"\bthumb\s+(?:across|over|along)\s+{_P}\s+knuckles"),
    ("arms", "open", r"\bopen\s+(?:hands|palms|arms)"),
    ("arms", "open", r"\b(?:hands|palms|arms)\s+(?:are\s+|held\s+|turned\s+)?(?:open|wide|spread|up(?!\s+to))\b"),
    ("arms", "open", rf"\b(?:spreads?|spread|opens?|opened)\s+{_P}\s+(?:hands|arms|palms)"),
    ("arms", "open", r"\bhands\s+(?:rest(?:ing)?\s+)?loose"),
    # leaning
    ("lean", "in", r"\blean(?:s|ing|ed|t)?\s+(?:in\b|forward|towards?|closer|over)"),
    ("lean", "in", r"\b(?:sits?|sitting|sat|perched|perches)\s+forward"),
    ("lean", "in", rf"\bon\s+the\s+(?:front\s+)?edge\s+of\s+{_P}\s+(?:chair|seat|sofa|armchair)"),
    ("lean", "in", rf"\b(?:elbows|forearms)\s+on\s+{_P}\s+knees"),
    ("lean", "in", r"\bedges?\s+(?:closer|forward)"),
    ("lean", "back", r"\b(?:sits?|sitting|sat|leans?|leaning|leaned|leant|settled|settles|sinks?|sank|pushes|pushed)\s+back\b"),
    ("lean", "back", r"\bslump(?:s|ed|ing)?\b"),
    ("lean", "back", r"\bslouch(?:es|ed|ing)?\b"),
    ("lean", "back", r"\blean(?:s|ing|ed)?\s+away"),
    ("lean", "upright", r"\bupright\b"),
    ("lean", "upright", r"\b(?:sits?|sitting|sat)\s+(?:up\s+)?(?:very\s+|bolt\s+)?straight\b"),
    ("lean", "upright", r"\bstraight-backed\b"),
    # which way the body faces
    ("turn", "away", r"\bturn(?:s|ed|ing)?\s+(?:\w+\s+)?(?:away|aside)"),
    ("turn", "away", r"\bturned\s+(?:towards?|to)\s+the\s+(?:door|window|wall)"),
    ("turn", "away", r"\bsideways\b"),
    ("turn", "away", r"\bangled\s+away"),
    ("turn", "toward", r"\bfac(?:es|ing)\s+you\b"),
    ("turn", "toward", r"\bturn(?:s|ed)?\s+(?:back\s+)?(?:round\s+)?to(?:wards?)?\s+you\b"),
    ("turn", "toward", r"\bsquare(?:ly)?\s+on\b"),
    # eyes
    ("gaze", "contact", r"\b(?:holds?|holding|held|meets?|meeting|met|catch(?:es)?|catching|keeps?)"
                        r"\s+(?:your|the\s+worker's)\s+(?:eyes?|gaze)"),
    ("gaze", "contact", r"\beye\s+contact\b"),
    ("gaze", "contact", r"\blook(?:s|ing|ed)?\s+(?:up\s+)?(?:straight\s+|right\s+|directly\s+|steadily\s+)?at\s+you\b"),
    ("gaze", "contact", r"\blooks?\s+you\s+in\s+the\s+eyes?"),
    ("gaze", "contact", r"\bwatch(?:es|ing|ed)?\s+you\b"),
    ("gaze", "contact", r"\beyes\s+(?:are\s+|stay\s+)?(?:on|fixed\s+on)\s+you\b"),
    ("gaze", "contact", r"\b(?:speaks?|talks?|answers?)\s+(?:to\s+you\s+)?directly"),
    ("gaze", "averted", r"\blook(?:s|ing|ed)?\s+away"),
    ("gaze", "averted", r"\blook(?:s|ing|ed)?\s+(?:down|aside)\b"),
    ("gaze", "averted", r"\b(?:looks?|looking|looked|glances?|glancing|glanced|stares?|staring|stared)"
                        rf"\s+(?:\w+\s+)?(?:at|towards?|to|into|out\s+of)\s+{_P}\s+(?!you\b)\w+"),
    ("gaze", "averted", rf"\beyes\s+(?:stay\s+|are\s+|fixed\s+|kept\s+)?(?:on|to)\s+{_P}\s+(?!you\b)\w+"),
    ("gaze", "averted", r"\beyes\s+(?:are\s+)?(?:down|lowered|downcast)"),
    ("gaze", "averted", r"\bhead\s+(?:is\s+)?(?:down|bowed|lowered)"),
    ("gaze", "averted", r"\bavoids?\s+(?:your|the\s+worker's)\s+(?:eyes?|gaze)"),
    ("gaze", "averted", r"\brather\s+than\s+(?:at\s+)?you\b"),
    # standing or sitting
    ("stance", "standing", r"\bstand(?:s|ing)?\b(?!\s+(?:out|for|by)\b)"),
    ("stance", "standing", r"\bstood\b"),
    ("stance", "standing", rf"\b(?:gets?|got|getting|rises|rose|jumps?|jumped)\s+(?:up\b|to\s+{_P}\s+feet)"),
    ("stance", "standing", rf"\bon\s+{_P}\s+feet\b"),
    ("stance", "standing", r"\bpac(?:es|ing|ed)\b"),
    ("stance", "standing", r"\bwalks?\s+(?:out|over|to|towards|away|off)\b"),
    # mouth
    ("smile", "smile", r"\bsmil(?:e|es|ed|ing)\b"),
    ("smile", "smile", r"\bgrin(?:s|ned|ning)?\b"),
    ("smile", "smile", r"\blaugh(?:s|ed|ing)?\b"),
    ("smile", "smile", r"\bbeam(?:s|ed|ing)\b"),
    ("smile", "no smile", r"\bfrown(?:s|ed|ing)?\b"),
    ("smile", "no smile", r"\bjaw\s+(?:is\s+)?(?:set|tight|clenched)"),
    ("smile", "no smile", r"\btight-lipped\b"),
    # tears
    ("tears", "tears", r"\btears?\b(?!\s+(?:up|open|off|the|it|into))"),
    ("tears", "tears", r"\beyes\s+(?:are\s+|look\s+|have\s+gone\s+)?(?:wet|damp|glistening|shining|brimming|red)"),
    ("tears", "tears", r"\b(?:cries|crying|weeps|weeping|sobs|sobbing)\b"),
    # things not drawn on anyone
    ("props", "earbuds", r"\b(?:earbuds?|earphones?|headphones?|airpods?)\b"),
    ("props", "glasses", r"\b(?:glasses|spectacles|specs)\b"),
    ("props", "hat", r"\b(?:hat|cap|beanie)\b"),
]
_COMPILED = [(aspect, value, re.compile(pattern, re.IGNORECASE)) for aspect, value, pattern in _RULES]

_NEGATION = re.compile(
    r"(?:\b(?:not|never|no\s+longer|without|hardly|barely|nor|won't|can't|cannot|don't|doesn't"
    r"|didn't|isn't|aren't|wasn't|stops?|stopped)|n't)\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.;:!?,—–]|\bbut\b|\band\b", re.IGNORECASE)

_FLIP = {("gaze", "contact"): "averted", ("gaze", "averted"): "contact",
         ("smile", "smile"): "no smile", ("smile", "no smile"): "smile"}

_CLOTHES_STATE = {
    "closed": r"(?:zipped(?:\s+up)?|buttoned(?:\s+up)?|done\s+up|fastened|closed)",
    "open": r"(?:unzipped|unbuttoned|undone|open|hanging\s+open)",
    "off": r"(?:off|removed)",
}
_TO_THE_TOP = r"(?:to\s+the\s+(?:top|chin|neck|throat)|all\s+the\s+way|right\s+up)"
ASPECTS = ("arms", "lean", "turn", "gaze", "stance", "smile", "tears", "props", "clothes")


def _negation(text: str, start: int) -> int | None:
    """Where a negation of the words starting at `start` begins, if they are negated."""
    begin = max(0, start - 40)
    breaks = list(_CLAUSE_BREAK.finditer(text, begin, start))
    if breaks:
        begin = breaks[-1].end()
    found = _NEGATION.search(text[begin:start])
    return begin + found.start() if found else None


def _negated(text: str, start: int) -> bool:
    return _negation(text, start) is not None


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end], for quoting."""
    left = max([m.end() for m in re.finditer(r"[.;:!?,—–]", text[:start])] or [0])
    right = re.search(r"[.;:!?,—–]", text[end:])
    stop = end + right.start() if right else len(text)
    return " ".join(text[left:stop].split())


def posture_conflicts(text: str, face: str, portrait: str, *,
                      aspects: tuple[str, ...] = ASPECTS) -> list[str]:
    """Each phrase of `text` that contradicts the portrait `portrait` showing `face`.

    `face` is a face key ("grief:open") or a format-1 expression name; `aspects` limits the
    check (e.g. ("stance",) for narration). Returns one plain sentence per conflict, quoting
    the words and saying what the picture shows; an empty list when the words fit.
    """
    if not text:
        return []
    drawn = drawn_pose(face, portrait)
    out: list[str] = []
    for aspect, value, pattern in _COMPILED:
        if aspect not in aspects:
            continue
        for match in pattern.finditer(text):
            claim, start = value, match.start()
            negation = _negation(text, start)
            if negation is not None:
                if (aspect, value) not in _FLIP:
                    continue
                claim, start = _FLIP[(aspect, value)], negation
            problem = _disagrees(aspect, claim, drawn)
            if problem:
                words = " ".join(text[start:match.end()].split())
                out.append(f'"{words}" {problem} (face {drawn.face}, {portrait})')
    if "clothes" in aspects:
        out += [f"{p} (face {drawn.face}, {portrait})" for p in _clothes_conflicts(text, drawn)]
    return _unique(out)


def _disagrees(aspect: str, claim: str, d: DrawnPose) -> str:
    pose = d.pose
    if aspect == "arms" and claim != pose.arms:
        return f"says the arms are {claim}; the picture shows {_arms_words(pose.arms)}"
    if aspect == "lean" and claim != pose.lean:
        return (f"says the client is {_LEAN_WORDS[claim]}; the picture shows them "
                f"{_LEAN_WORDS[pose.lean]}")
    if aspect == "turn" and claim != pose.turn:
        return (f"says the body is turned {claim}; the picture shows it "
                f"{'turned away' if pose.turn == 'away' else 'facing you'}")
    if aspect == "gaze" and claim != d.gaze:
        return ("says the client meets your eyes; the picture shows the eyes turned away or down"
                if claim == "contact" else
                "says the client looks away; the picture shows them looking at you")
    if aspect == "stance" and claim == "standing" and pose.stance == "seated":
        return "says the client is standing or moving about; the picture shows them sitting"
    if aspect == "smile":
        if claim == "smile" and not d.smile:
            return "says the client smiles; the picture shows no smile"
        if claim == "no smile" and d.smile:
            return "says the client is not smiling; the picture shows a smile"
    if aspect == "tears" and claim == "tears" and not d.tears:
        return "says there are tears; the picture shows dry eyes"
    if aspect == "props":
        if claim == "glasses" and d.person.glasses is not None:
            return ""
        return f"mentions {claim}; the picture shows none"
    return ""


_LEAN_WORDS = {"in": "leaning in", "back": "sitting back", "upright": "sitting upright"}


def _arms_words(arms: str) -> str:
    return {"crossed": "arms crossed", "clasped": "hands clasped in front",
            "open": "hands open, palms up"}[arms]


def _clothes_conflicts(text: str, d: DrawnPose) -> list[str]:
    out = []
    worn = d.garments
    attire = d.attire
    garment_re = "|".join(re.escape(w) for w in GARMENT_WORDS)
    for match in re.finditer(rf"\b(?:{garment_re})s?\b", text, re.IGNORECASE):
        word = match.group(0).lower()
        if word.endswith("s") and word[:-1] in GARMENT_WORDS:
            word = word[:-1]
        # The words around the garment, within its clause.
        around = _clause(text, match.start(), match.end())
        taken_off = re.search(r"\b(?:takes?|taken|took|taking|shrugs?|shrugged|slips?|slipped)\b"
                              rf".*\b{_CLOTHES_STATE['off']}\b|\b{_CLOTHES_STATE['off']}\b", around, re.IGNORECASE)
        is_worn = any(word == w or word in w.split() for w in worn)
        if not is_worn:
            if taken_off or _negated(text, match.start()):
                continue  # "has taken her coat off": nothing drawn, nothing contradicted
            out.append(f'"{around}" mentions a {word}; the picture shows a {attire.garment}')
            continue
        if taken_off:
            out.append(f'"{around}" says the {word} is off; the picture shows it on')
            continue
        fastening = attire.fastening if word in attire.names else "closed"
        says_closed = re.search(rf"\b{_CLOTHES_STATE['closed']}\b", around, re.IGNORECASE)
        says_open = re.search(rf"\b{_CLOTHES_STATE['open']}\b", around, re.IGNORECASE)
        to_top = re.search(rf"\b{_TO_THE_TOP}\b", around, re.IGNORECASE)
        if says_open and fastening == "closed":
            out.append(f'"{around}" says the {word} is open; the picture shows it done up')
        elif says_closed and not says_open and (
                fastening == "open" or (fastening == "half" and to_top)
                or (fastening == "half" and re.search(r"\bzipped\s+up\b", around, re.IGNORECASE))):
            out.append(f'"{around}" says the {word} is done up; the picture shows a '
                       f"{attire.garment}")
    hood = re.search(r"\bhood\b", text, re.IGNORECASE)
    if hood:
        around = _clause(text, hood.start(), hood.end())
        up = re.search(r"\bhood\s+(?:is\s+|still\s+|pulled\s+)*up\b"
                       r"|\b(?:pulls?|pulled|puts?|tugs?|tugged)\s+(?:\w+\s+)?hood\s+up"
                       r"|\bhood\s+(?:pulled\s+)?(?:over|low)", around, re.IGNORECASE)
        down = re.search(r"\bhood\s+(?:is\s+|now\s+|has\s+come\s+|pushed\s+|falls?\s+)*(?:down|back)\b"
                         r"|\b(?:pushes|pushed|pulls|pulled|lets|let)\s+(?:\w+\s+)?hood\s+(?:down|back)",
                         around, re.IGNORECASE)
        if not attire.hood:
            out.append(f'"{around}" mentions a hood; the picture shows a {attire.garment}')
        elif up and attire.hood != "up":
            out.append(f'"{around}" says the hood is up; the picture shows it down')
        elif down and not up and attire.hood != "down":
            out.append(f'"{around}" says the hood is down; the picture shows it up')
    return out


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]
