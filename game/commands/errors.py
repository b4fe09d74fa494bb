"""Exit statuses and the one-line failure every subcommand raises (kept apart from cli.py, which
imports the commands, so no command has to import cli.py back)."""

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A one-line failure for the user (a missing file, an unknown scenario): exit 2."""
