"""`rapport play`, `rapport list`, and bare `rapport`."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from ..i18n import _, ngettext, set_language
from .errors import EXIT_OK, EXIT_PROBLEMS, CommandError
from .common import folders, load_named, scene_language

if TYPE_CHECKING:
    import argparse

# The story core, the play layer and the terminal player are imported inside the functions
# that use them: bare `rapport` opens its window before any of them is needed (issue 14 §13).


def register(sub: argparse._SubParsersAction) -> None:
    from .translate import language_code  # (argparse and its types only when a command line is parsed)

    p = sub.add_parser("play", help="play a scenario (in the window, or in the terminal with --text)")
    p.add_argument("scenario", help="a scenario id (see `rapport list`) or a scene file")
    p.add_argument("--text", action="store_true", help="play in the terminal as plain text (works with screen readers)")
    p.add_argument("--choices", metavar="N,N,…",
                   help="play non-interactively: choice numbers (1 = first offered) or choice ids, comma-separated")
    p.add_argument("--json", action="store_true", help="with --choices: print the ending and debrief as JSON")
    p.add_argument("--coach", action="store_true", help="show a coach note after each choice")
    p.add_argument("--profile", metavar="NAME",
                   help="with --text: save progress under this name after every choice, and offer to continue "
                        "an unfinished attempt (the same profiles as the window)")
    p.add_argument("--assessed", action="store_true",
                   help="an assessed attempt: no coach notes, no going back, all the feedback in the debrief")
    p.add_argument("--fullscreen", action="store_true", help="open the window fullscreen")
    p.add_argument("--lang", type=language_code, metavar="LANG",
                   help="the scene in this language where it has a translation (default: the game's language)")
    p.set_defaults(func=run_play)

    p = sub.add_parser("list", help="list the scenarios found")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.add_argument("--lang", type=language_code, metavar="LANG",
                   help="titles in this language where a scene has a translation (default: the game's language)")
    p.set_defaults(func=run_list)


def use_saved_language() -> str:
    """The terminal player speaks the language the window was set to (settings.json), else the
    system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). A settings file that cannot be read is the
    window's business to report: here it only means the system's language."""
    from ..settings import FILE_NAME, default_dir, parse_settings
    from ..settings_file import read_settings_file

    language = None
    text, problem = read_settings_file(default_dir() / FILE_NAME)
    if text is not None and not problem:
        language = parse_settings(text, FILE_NAME)[0].language
    return set_language(language)


def play_mode(args: argparse.Namespace) -> str:
    """"assessed" for `--assessed` or a lab that locks it (game.settings.assessed_only), else "practice"."""
    from ..settings import assessed_only

    return "assessed" if getattr(args, "assessed", False) or assessed_only() else "practice"


def run_play(args: argparse.Namespace) -> int:
    from ..play import PlaySession, ScriptError, play_scripted
    from ..story import build_debrief
    from ..terminal.player import TerminalPlayer
    from ..terminal.text import Style, debrief_text

    if args.json and not args.choices:
        raise CommandError("--json needs --choices (it prints the result of a scripted play)")
    if args.text or args.choices is not None:
        use_saved_language()
    scenario = load_named(args.scenario, args, scene_language(args))  # --lang, else the language in effect
    if args.choices is not None:
        try:
            state = play_scripted(scenario, args.choices.split(",")).state
        except ScriptError as exc:  # the choices do not fit the scenario: exit 1, like a scene with errors
            print(f"rapport: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
        debrief = build_debrief(scenario, state)
        if args.json:
            # "moment": what the player sees now (speaker, words, face, posture, options open and
            # locked), so a script can step through an encounter one choice at a time
            print(json.dumps({"scenario": scenario.id, "finished": state.is_over,
                              "node": state.node_id, "moment": state.moment().to_dict(),
                              "debrief": debrief.to_dict()}, indent=2))
        elif state.is_over:
            print(debrief_text(debrief, Style(sys.stdout.isatty())))
        if not state.is_over:
            print(f'rapport: the choices ran out at node "{state.node_id}" before an ending', file=sys.stderr)
            return EXIT_PROBLEMS
        return EXIT_OK
    if args.text:
        if args.profile:
            return _play_with_progress(args, scenario)
        return TerminalPlayer(PlaySession.start(scenario, mode=play_mode(args)), coach=args.coach).run()
    if args.profile:
        raise CommandError("--profile goes with --text; in the window, choose your name on the title screen")
    return _window(args, scenario.id)


def run_list(args: argparse.Namespace) -> int:
    from ..story import load_library

    lib = load_library(folders(args), language=scene_language(args))
    scenarios = lib.sorted()
    if args.json:
        print(json.dumps([{"id": s.id, "title": s.title, "difficulty": s.difficulty, "minutes": s.minutes,
                           "language": s.language, "file": str(lib.files[s.id])} for s in scenarios], indent=2))
    else:
        for s in scenarios:
            print(f"{s.id:24} {s.title}  ({s.difficulty}, ~{s.minutes} min)")
    if lib.errors:
        print(f"rapport: {len(lib.errors)} problem(s) in scene files; run `rapport validate` to see them", file=sys.stderr)
    return EXIT_OK


def run_default(args: argparse.Namespace) -> int:
    """Bare `rapport`: the window where there is a display, else the terminal player."""
    return _window(args, None)


def _window(args: argparse.Namespace, scenario_id: str | None) -> int:
    try:
        from ..ui.launcher import NoDisplayError, launch
    except ImportError:
        use_saved_language()
        if scenario_id is None:
            return _terminal_menu(args)
        from ..play import PlaySession
        from ..terminal.player import TerminalPlayer

        return TerminalPlayer(PlaySession.start(load_named(scenario_id, args, scene_language(args)),
                                                mode=play_mode(args))).run()
    try:
        return launch(scenario_id, scenes_dirs=folders(args), fullscreen=getattr(args, "fullscreen", False),
                      data_dir=getattr(args, "data_dir", None), assessed=getattr(args, "assessed", False))
    except NoDisplayError as exc:
        print(f"rapport: no display available ({exc}); play in the terminal with `rapport play --text SCENARIO` "
              f"(`rapport list` shows the scenarios)", file=sys.stderr)
        return EXIT_PROBLEMS


def _terminal_menu(args: argparse.Namespace) -> int:
    from ..play import PlaySession
    from ..story import load_library
    from ..terminal.player import TerminalPlayer
    from ..words import difficulty_name

    lib = load_library(folders(args), language=scene_language(args))
    scenarios = lib.sorted()
    if not scenarios:
        raise CommandError("no scenarios found; run `rapport validate` to see why")
    print(_("Rapport — choose an encounter:") + "\n")
    for n, s in enumerate(scenarios, 1):
        print(f"  {n}) " + _("{title}  ({difficulty}, ~{minutes} min)").format(
            title=s.title, difficulty=difficulty_name(s.difficulty).lower(), minutes=s.minutes))
    while True:
        try:
            answer = input("\n" + _("Number (1-{last}, q to quit):").format(last=len(scenarios)) + " ").strip()
        except EOFError:
            return EXIT_OK
        if answer == "q":
            return EXIT_OK
        if answer.isascii() and answer.isdigit() and len(answer) <= 4 and 1 <= int(answer) <= len(scenarios):
            return TerminalPlayer(PlaySession.start(scenarios[int(answer) - 1], mode=play_mode(args))).run()


def _play_with_progress(args: argparse.Namespace, scenario) -> int:
    """The terminal player with autosave: the same progress store, profiles and listeners as the window."""
    from ..play import PlaySession
    from ..terminal.player import TerminalPlayer
    from ..play import Autosave, EndingsFound, endings_for
    from ..records.recorder import LearningRecords
    from ..records.rubric import rubric_in_use
    from ..settings import default_dir as settings_dir
    from ..progress import PLAYING, ProgressError, ProgressStore, ResumeError

    try:
        # Like the window: a file that cannot be kept (read-only, locked, from a newer Rapport)
        # still lets the student play, in memory, with a notice saying so.
        store = ProgressStore.open_or_temporary(getattr(args, "data_dir", None))
    except ProgressError as exc:
        raise CommandError(f"cannot open the progress database: {exc}") from None
    with store:
        for notice in store.notices:
            print(f"rapport: {notice}", file=sys.stderr)
        try:
            profile = store.get_or_create_profile(args.profile)
        except ProgressError as exc:
            raise CommandError(str(exc)) from None
        resumed = None
        unfinished = [a for a in store.history(profile, scenario.id) if a.status == PLAYING]
        if unfinished:
            saved = unfinished[0]
            answer = _ask(ngettext("You have an unfinished attempt at \"{title}\" ({n} choice, saved {when}). "
                                   "Continue it? [Y/n]",
                                   "You have an unfinished attempt at \"{title}\" ({n} choices, saved {when}). "
                                   "Continue it? [Y/n]", saved.decisions).format(
                title=scenario.title, n=saved.decisions, when=saved.updated_at[:16].replace('T', ' ')) + " ")
            if answer is None:
                return EXIT_OK
            if answer.lower() not in ("n", "no"):
                try:
                    resumed = store.resume_attempt(saved.uuid, {scenario.id: scenario})
                except ResumeError as exc:
                    print(exc.message)
                    if not exc.can_restart:
                        return EXIT_PROBLEMS
                    print(_("Starting the scenario again; the old attempt stays in your history."))
                    resumed = store.restart(saved.uuid, scenario)
            else:
                store.set_aside(saved.uuid)
        endings = endings_for(store, profile)
        autosave = Autosave(store, profile)
        rubric, rubric_problem = rubric_in_use(settings_dir())
        if rubric_problem:
            print(f"rapport: {rubric_problem}", file=sys.stderr)
        records = LearningRecords(store, lambda: profile.name, settings_dir(), rubric=rubric.names if rubric else None)
        listeners = [autosave, EndingsFound(lambda: endings), records.recorder]
        try:
            session = (PlaySession.resume(resumed, listeners) if resumed is not None
                       else PlaySession.start(scenario, listeners, mode=play_mode(args)))
            if session.notice:
                print(session.notice)
            player = TerminalPlayer(session, coach=args.coach, endings=endings,
                                    reflect=lambda answers: _keep_reflection(store, records, session, answers),
                                    rubric=rubric)
            player.problem(autosave.problem)  # the first save, if it failed
            autosave.on_problem = player.problem
            records.recorder.on_problem = player.problem
            return player.run()
        finally:
            records.stop()


def _keep_reflection(store, records, session, answers) -> str | None:
    """Keep the terminal player's answers with the attempt and queue them for the learning
    records; a problem line (nothing is lost but the answers) or None."""
    from ..progress import ProgressError

    if session.attempt is None:
        return "Your answers could not be kept: this attempt is not saved."
    try:
        store.save_reflection(session.attempt.uuid, answers)
    except ProgressError as exc:
        return f"Your answers could not be kept just now ({exc})."
    records.recorder.reflection(session, answers)
    return None


def _ask(prompt: str) -> str | None:
    try:
        return input(prompt).strip()
    except EOFError:
        return None
