"""Exit statuses and the one-line failure every subcommand raises (kept apart from cli.py, which
imports the commands, so no command has to import cli.py back)."""

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A one-line failure for the user (a missing file, an unknown scenario): exit 2."""


class InputError(CommandError):
    """A file the user named was there and read, but is not what it should be (bad input, like a
    scene with errors): exit 1, where a missing file or a wrong option is exit 2."""


def input_error(message: str, missing: bool) -> CommandError:
    """The failure to raise for a file that could not be used: exit 2 if it is not there at all,
    1 if it is there but wrong."""
    return CommandError(message) if missing else InputError(message)
