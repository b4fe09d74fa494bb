"""Rapport: role-play client encounters for social-work education."""

__version__ = "0.1.0"
