"""Extract, update and compile the interface's catalogues (gettext, through Babel).

    python tools/i18n.py extract          # the code's marked strings -> game/locale/rapport.pot
    python tools/i18n.py update           # merge the .pot into every game/locale/<lang>/.../rapport.po
    python tools/i18n.py compile          # every .po -> its .mo (fuzzy entries left out)
    python tools/i18n.py init fr          # start a new language from the .pot
    python tools/i18n.py all              # extract, update, compile (what you usually want)
    python tools/i18n.py check            # what tests/test_i18n.py checks, as a list of problems
    python tools/i18n.py resolve          # after a git merge conflict in the catalogues (see below)

The same as the pybabel commands in docs/languages.md (``pybabel extract -F babel.cfg -k ...``),
with two differences that keep merges quiet: locations name the file without a line number, and
the template is rewritten only when its messages changed. tests/test_i18n.py imports this module.
"""

from __future__ import annotations

import io
import string
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "game" / "locale"
POT = LOCALE / "rapport.pot"
DOMAIN = "rapport"
# The marking functions of game/i18n.py. Keep babel.cfg's command and docs/languages.md the same.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
COMMENT_TAGS = ("TRANSLATORS:",)
# Only the code is scanned; the scenes are translated by their own files (docs/languages.md).
METHOD_MAP = [("game/**.py", "python")]
HEADER = "# Rapport's interface: the strings a player, facilitator or phone sees.\n" \
         "# This file is distributed under the same license as the Rapport project.\n#"


def _catalog(locale=None) -> Catalog:
    return Catalog(locale=locale, domain=DOMAIN, project="Rapport", version="0.1",
                   header_comment=HEADER, msgid_bugs_address="", copyright_holder="the Rapport authors",
                   fuzzy=False)


def extract() -> Catalog:
    """Every marked string in game/, as a template catalogue."""
    catalog = _catalog()
    for filename, _lineno, message, comments, context in extract_from_dir(
            str(ROOT), METHOD_MAP, keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True):
        catalog.add(message, None, [(filename, 0)], auto_comments=comments, context=context)
    return catalog


def messages(catalog: Catalog) -> dict:
    """The catalogue's messages as comparable data: (id, context) -> plural form of the id."""
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context): (m.id[1] if isinstance(m.id, tuple) else None)
            for m in catalog if m.id}


def read(path: Path, locale=None) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def _write_po(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != buffer.getvalue():
        path.write_bytes(buffer.getvalue())


def write_template() -> bool:
    """Write the .pot when its messages changed; True when it was written."""
    fresh = extract()
    if POT.exists() and messages(read(POT)) == messages(fresh) and \
            {m.id: m.auto_comments for m in read(POT)} == {m.id: m.auto_comments for m in fresh}:
        return False
    fresh.creation_date = datetime.now(timezone.utc)
    _write_po(POT, fresh)
    return True


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def update() -> None:
    template = read(POT)
    for lang in languages():
        catalog = read(po_path(lang), locale=lang)
        catalog.update(template, update_creation_date=False)
        _write_po(po_path(lang), catalog)


def init(lang: str) -> Path:
    path = po_path(lang)
    if path.exists():
        raise SystemExit(f"{path} already exists: use update")
    template = read(POT)
    catalog = _catalog(lang)
    catalog.update(template, update_creation_date=False)
    _write_po(path, catalog)
    return path


def compiled(lang: str) -> bytes:
    """The .mo the .po of ``lang`` compiles to (fuzzy translations left out, as gettext expects)."""
    buffer = io.BytesIO()
    write_mo(buffer, read(po_path(lang), locale=lang), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for lang in languages():
        target = po_path(lang).with_suffix(".mo")
        data = compiled(lang)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)


def fields(text: str) -> set[str]:
    """The named placeholders of a str.format message ("{name}", "{n}")."""
    try:
        return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def problems() -> list[str]:
    """Everything the tests check, one line each: a stale template, untranslated or fuzzy entries,
    placeholders that differ, a .mo that is not what its .po compiles to."""
    found = []
    fresh = extract()
    if not POT.exists():
        return [f"{POT.relative_to(ROOT)} is missing: run python tools/i18n.py all"]
    current = messages(read(POT))
    for key in sorted(set(messages(fresh)) - set(current), key=str):
        found.append(f"rapport.pot lacks {key[0]!r} (marked in the code): run python tools/i18n.py all")
    for key in sorted(set(current) - set(messages(fresh)), key=str):
        found.append(f"rapport.pot still has {key[0]!r}, no longer in the code: run python tools/i18n.py all")
    for lang in languages():
        name = po_path(lang).relative_to(ROOT)
        catalog = read(po_path(lang), locale=lang)
        if set(messages(catalog)) != set(current):
            found.append(f"{name} is not up to date with rapport.pot: run python tools/i18n.py update")
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strs = message.string if isinstance(message.string, tuple) else (message.string,)
            label = f"{name}: {ids[0]!r}"
            if message.fuzzy:
                found.append(f"{label} is marked fuzzy")
            if not all(strs):
                found.append(f"{label} is not translated")
                continue
            # Every placeholder of the original appears in the translation and nothing else does (a
            # plural form may leave the count out: "un teléfono"; together the forms use them all).
            # A translator comment saying a placeholder "may be left out" allows a translation without it.
            wanted = set().union(*(fields(i) for i in ids))
            used = set().union(*(fields(t) for t in strs))
            extra = [t for t in strs if not fields(t) <= wanted]
            optional = any("may be left out" in c for c in message.auto_comments)
            if (used != wanted and not (optional and used <= wanted)) or extra:
                found.append(f"{label}: placeholders {sorted(used)} in {strs!r}, expected {sorted(wanted)}")
        mo = po_path(lang).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(lang):
            found.append(f"{mo.relative_to(ROOT)} is not what {name} compiles to: run python tools/i18n.py compile")
    return found


def sides(text: str) -> tuple[str, str]:
    """A file with git conflict markers as the two files it merges: (ours, theirs)."""
    ours, theirs, where = [], [], None
    for line in text.splitlines(keepends=True):
        if line.startswith("<<<<<<< "):
            where = "ours"
        elif line.startswith("||||||| ") and where == "ours":
            where = "base"
        elif line.startswith("=======") and where in ("ours", "base"):
            where = "theirs"
        elif line.startswith(">>>>>>> ") and where == "theirs":
            where = None
        else:
            if where in (None, "ours"):
                ours.append(line)
            if where in (None, "theirs"):
                theirs.append(line)
    return "".join(ours), "".join(theirs)


def resolve() -> list[Path]:
    """Settle a merge conflict in the catalogues: each .po keeps the messages and translations of
    both sides (a translation on either side wins over none; ours over theirs when both differ),
    the template is extracted again from the merged code, every .po follows it, every .mo is
    compiled. Returns the files it rewrote."""
    done = []
    for lang in languages():
        path = po_path(lang)
        text = path.read_text(encoding="utf-8")
        if "<<<<<<< " not in text:
            continue
        ours, theirs = (read_po(io.BytesIO(side.encode("utf-8")), locale=lang) for side in sides(text))
        for message in theirs:
            if not message.id:
                continue
            mine = ours.get(message.id, message.context)
            translated = message.string and (all(message.string) if isinstance(message.string, tuple) else True)
            if mine is None:
                ours[message.id] = message
            elif translated and not (all(mine.string) if isinstance(mine.string, tuple) else mine.string):
                mine.string, mine.flags = message.string, message.flags
        _write_po(path, ours)
        done.append(path)
    if POT.exists() and "<<<<<<< " in POT.read_text(encoding="utf-8"):
        POT.unlink()
        done.append(POT)
    write_template()
    update()
    compile_all()
    return done


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "all"
    if command in ("extract", "all"):
        print("rapport.pot " + ("written" if write_template() else "unchanged"))
    if command in ("update", "all"):
        update()
    if command in ("compile", "all"):
        compile_all()
    if command == "init":
        print(f"wrote {init(argv[1])}")
    if command == "resolve":
        print("\n".join(f"resolved {name}" for name in resolve()) or "no conflicts in the catalogues")
        print("then: python tools/i18n.py check, and git add game/locale")
    if command == "check":
        found = problems()
        print("\n".join(found) or "catalogues are complete and current")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
