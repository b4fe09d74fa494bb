"""The interface's languages: gettext catalogues, the language in effect, plural forms.

Every string a player sees goes through ``_`` (or ``ngettext`` when it counts something); a
string defined where no language is known yet (a module-level table, the story core) is marked
with ``N_`` and translated with ``_`` where it is shown. Catalogues are the standard library's
gettext ``.mo`` files under ``game/locale/<lang>/LC_MESSAGES/rapport.mo``, compiled from the
``.po`` beside them (see docs/languages.md and tools/i18n.py). Pure Python: no pygame, so the
story core, the terminal player and the tools can all use it.

Placeholders are named (``{name}``), never positional, so a translation may reorder them:
``_("{name} is waiting").format(name=...)``.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "rapport"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"

# code -> the language's own name, as the language setting offers it. Every code but the source
# language has a compiled catalogue in LOCALE_DIR (tests/test_i18n.py checks both ways).
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE
_listeners: list = []


def _(message: str) -> str:
    """``message`` in the current language (itself when the catalogue has no translation)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for ``n``, by the current language's plural rules."""
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language where the same English words need telling apart
    ("On" a setting's value and "On" something else): ``context`` is the translator's hint."""
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (translate it with ``_``
    where it is shown, once the language is known)."""
    return message


def current_language() -> str:
    """The code of the language in effect: a key of LANGUAGES."""
    return _language


def supported(code: str | None) -> str | None:
    """The shipped language ``code`` names ("es", "es_MX", "es-AR.UTF-8" -> "es"), or None."""
    if not code:
        return None
    code = code.strip().replace("-", "_").split(".")[0].split("@")[0]
    if code in LANGUAGES:
        return code
    base = code.split("_")[0].lower()
    return base if base in LANGUAGES else None


def system_language(environ=None) -> str:
    """The system's language among the shipped ones, read as gettext reads it (LANGUAGE, a
    colon-separated list of preferences, then LC_ALL, LC_MESSAGES, LANG); else the locale the
    platform reports (Windows, macOS); else English."""
    env = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if not value:
            continue
        for preference in value.split(":"):
            found = supported(preference)
            if found:
                return found
        if variable != "LANGUAGE" and value not in ("C", "POSIX") and not value.startswith("C."):
            return SOURCE_LANGUAGE  # a language is set, and it is not one we ship
    if environ is None:
        import locale

        try:
            found = supported(locale.getlocale(locale.LC_MESSAGES if hasattr(locale, "LC_MESSAGES")
                                               else locale.LC_CTYPE)[0])
        except (ValueError, TypeError):
            found = None
        if found:
            return found
    return SOURCE_LANGUAGE


MAX_PREFERENCES = 8  # languages kept from $LANGUAGE


def tame_language_environment(environ=None) -> None:
    """Keep at most MAX_PREFERENCES entries of $LANGUAGE (a colon-separated list of preferences).

    Python's own gettext, which argparse calls for every help string, tries every entry of that
    list against the disk, each in several spellings: a list of 100,000 entries (a broken lab
    image, or a hostile environment) made `rapport list` take 35 s before it said a word. The
    first few entries are all any reader of the list acts on."""
    env = os.environ if environ is None else environ
    value = env.get("LANGUAGE", "")
    if len(value) <= 256 and value.count(":") < MAX_PREFERENCES:
        return
    kept = [p for p in value[:4096].split(":") if p and len(p) <= 64][:MAX_PREFERENCES]
    env["LANGUAGE"] = ":".join(kept)


def set_language(code: str | None) -> str:
    """Use ``code`` ("en", "es"; None for the system's language) from now on; return the code in
    effect. A code with no catalogue falls back to the system's language, then English."""
    global _translation, _language
    chosen = supported(code) or system_language()
    if chosen == SOURCE_LANGUAGE:
        translation: gettext.NullTranslations = gettext.NullTranslations()
    else:
        translation = gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[chosen], fallback=True)
    changed = chosen != _language
    _translation, _language = translation, chosen
    if changed:
        for listener in list(_listeners):
            listener(chosen)
    return chosen


def on_change(listener) -> None:
    """Call ``listener(code)`` whenever set_language changes the language (screens re-render)."""
    _listeners.append(listener)


def remove_listener(listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)
