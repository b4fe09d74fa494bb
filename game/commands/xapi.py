"""`rapport xapi`: connect to a course's learning record store, see what waits to be sent, send
it now, or write a student's statements to a file for offline hand-in."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import EXIT_OK, EXIT_PROBLEMS, CommandError, InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("xapi", help="learning records: connect to your course's LRS, send, or write statements to a file",
                       description="xAPI statements are queued after every choice and sent in the background when "
                                   "a learning record store is connected. See docs/records.md.")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--connect", metavar="FILE", help="use the connection file your course gave you "
                                                         "(endpoint, key, secret); stored for this user only")
    what.add_argument("--disconnect", action="store_true", help="forget the connection (queued statements stay)")
    what.add_argument("--status", action="store_true", help="show the connection and how many statements wait")
    what.add_argument("--send", action="store_true", help="send every waiting statement now")
    what.add_argument("--out", metavar="FILE", help="write one student's statements as JSON lines (with --profile)")
    p.add_argument("--profile", metavar="NAME", help="the student whose statements --out writes")
    p.add_argument("--data-dir", metavar="DIR", help="the progress folder (default: $RAPPORT_DATA_DIR, else the "
                                                      "per-user data folder)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..infile import NotAFileError, TooLargeError, read_capped
    from ..records.lrs import (
        MAX_CONFIG_BYTES,
        LrsConfigError,
        config_path,
        load_config,
        parse_config,
        save_config,
    )
    from ..settings import default_dir

    config_folder = default_dir()
    if args.connect:
        source = Path(args.connect)
        try:
            data = json.loads(read_capped(source, MAX_CONFIG_BYTES).decode("utf-8-sig"))
        except FileNotFoundError:
            raise CommandError(f"{source}: no such file") from None
        except TooLargeError:
            raise InputError(f"{source}: larger than {MAX_CONFIG_BYTES // 1024} KB, too large to be a connection "
                             "file; expected JSON with endpoint, key and secret") from None
        except IsADirectoryError:  # nothing to read there: exit 2
            raise CommandError(f"{source}: is a folder; expected a connection file (JSON with endpoint, key and "
                               "secret)") from None
        except NotAFileError:  # a pipe or a device, refused unread: bad input, exit 1
            raise InputError(f"{source}: not an ordinary file (a device or a pipe); expected a connection file "
                             "(JSON with endpoint, key and secret)") from None
        except OSError as exc:
            raise CommandError(f"cannot read {source}: {exc.strerror or exc}") from None
        except (ValueError, RecursionError) as exc:  # read, but not a connection file: exit 1
            raise InputError(f"{source}: not a connection file ({exc.__class__.__name__}); expected JSON with "
                             "endpoint, key and secret") from None
        try:
            path = save_config(config_folder, parse_config(data, str(source)))
        except LrsConfigError as exc:
            raise InputError(str(exc)) from None
        print(f"Connected: statements will be sent in the background. The connection is kept in {path} "
              "(readable by you only).")
        return EXIT_OK
    if args.disconnect:
        config_path(config_folder).unlink(missing_ok=True)
        print("The connection is forgotten; statements already queued stay in the progress file.")
        return EXIT_OK
    if args.out and not args.profile:
        raise CommandError("--out needs --profile NAME: whose statements to write")
    try:
        config = load_config(config_folder)
    except LrsConfigError as exc:
        if args.send or args.status:
            raise InputError(str(exc)) from None
        config = None
    from ..progress import ProgressError, ProgressStore, outbox

    try:
        with ProgressStore.open(args.data_dir) as store:
            if args.out:
                statements = outbox.statements_for(store, args.profile)
                _write_lines(Path(args.out), statements)
                print(f"{len(statements)} statement(s) of {args.profile} -> {args.out}", file=sys.stderr)
                return EXIT_OK
            counts = outbox.counts(store)
            if args.status:
                where = config.public()["endpoint"] if config else "not connected (`rapport xapi --connect FILE`)"
                print(f"Learning record store: {where}\nSent: {counts['sent']}\nWaiting: {counts['waiting']}")
                return EXIT_OK
            if config is None:
                raise CommandError("no learning record store is connected; use `rapport xapi --connect FILE`")
            from ..records.lrs import send_due

            outbox.retry_now(store)
            sent = send_due(store, config, rounds=10_000)
            left = outbox.counts(store)["waiting"]
            error = store.conn.execute("SELECT last_error FROM xapi_outbox WHERE sent_at IS NULL AND last_error "
                                       "IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
    except ProgressError as exc:
        raise CommandError(str(exc)) from None
    print(f"Sent {sent} statement(s); {left} waiting.")
    if left and error:
        print(f"rapport: {error[0]}; they stay queued and are sent later", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _write_lines(path: Path, statements: list[dict]) -> None:
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise CommandError(f"{path} is not an ordinary file; give the path of a new or ordinary file")
    from ..outfile import OutFileError, write_whole

    text = "".join(json.dumps(statement, ensure_ascii=False, sort_keys=True) + "\n" for statement in statements)
    try:  # a fresh temporary file, renamed: never written through a link planted beside it
        write_whole(path, text.encode("utf-8"), private=True)
    except OutFileError as exc:
        raise CommandError(str(exc)) from None
