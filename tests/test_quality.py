"""The checks that keep the code base in shape: the import layering, the linter, the type check.

The layers, lowest first: story (the pure core) < progress, classroom, play (no window) < ui.
A module may import its own layer and the ones below it, never above; the test reads every
import statement, including ones inside functions and under TYPE_CHECKING.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GAME = ROOT / "game"

# package -> packages of game/ it must never import
FORBIDDEN = {
    "story": {"ui", "progress", "classroom", "play", "commands", "terminal", "settings", "settings_file", "records"},
    "progress": {"ui", "classroom", "play", "commands", "terminal", "records"},
    "play": {"ui", "classroom", "commands", "terminal"},
    "classroom": {"ui", "commands", "terminal"},
    "terminal": {"ui", "classroom", "commands"},
    "records": {"ui", "classroom", "commands", "terminal"},
    "commands": {"cli"},  # cli.py imports every command: errors and exit codes live in commands/errors.py
}


def imported_packages(path: Path) -> set[str]:
    return packages_in(path.read_text(encoding="utf-8"), path.relative_to(ROOT).parts[:-1])


def packages_in(source: str, package: tuple[str, ...]) -> set[str]:
    """The game.* packages (the part after ``game.``) that ``source``, a module of ``package``
    (e.g. ("game", "ui", "screens")), imports anywhere in it; relative imports resolved."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                names = [".".join(base + ((node.module,) if node.module else ()))]
                if not node.module:  # `from . import x`: x may be a module of this package
                    names = [".".join(base + (alias.name,)) for alias in node.names]
            else:
                names = [node.module or ""]
        for name in names:
            parts = name.split(".")
            if parts[0] == "game" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_the_import_reader_sees_every_form_of_import():
    # The layering test is only as good as its reading of imports: each form, one package each.
    source = """
import game.story
from game.progress import ProgressStore
from . import run
from .. import settings
from ..play.session import PlaySession
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from ..ui.app import App
def later():
    import game.commands.play
"""
    assert packages_in(source, ("game", "classroom")) == {
        "story", "progress", "classroom", "settings", "play", "ui", "commands"}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_nothing_above_it(layer):
    wrong = []
    for path in sorted((GAME / layer).rglob("*.py")):
        bad = imported_packages(path) & FORBIDDEN[layer]
        if bad:
            wrong.append(f"{path.relative_to(ROOT)} imports game.{', game.'.join(sorted(bad))}")
    assert not wrong, "\n".join(wrong)


def test_screens_import_no_screen_inside_a_function():
    # Screens hand results back through callbacks (game.ui.navigator wires them); an import
    # hidden in a function is how one screen used to reach for the next.
    wrong = []
    for folder in (GAME / "ui" / "screens", GAME / "ui" / "classroom"):
        for path in sorted(folder.glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for func in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
                for node in ast.walk(func):
                    if isinstance(node, (ast.Import, ast.ImportFrom)) and path.name != "__init__.py":
                        wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not wrong, "imports inside functions: " + ", ".join(wrong)


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "game", "tests", "bench", "tools"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_story_core_and_the_session_layer_type_check():
    # Files and settings are in pyproject.toml ([tool.mypy]).
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", "/dev/null"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
