"""Rapport's art, drawn in code: client portraits, backdrops, and the shipped font."""

from .portraits import EXPRESSIONS, PORTRAITS, clear_portrait_cache, render_portrait

__all__ = ["EXPRESSIONS", "PORTRAITS", "clear_portrait_cache", "render_portrait"]
