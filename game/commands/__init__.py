"""Subcommands of `rapport`, one module each."""
