"""`rapport new ID`: write a commented starter scenario that validates, analyses clean and plays."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from .errors import EXIT_OK, CommandError
from ..story import load_library
from ..story.schema import SCHEMA_PATH
from .common import folders

TEMPLATE = Path(__file__).resolve().parent.parent / "story" / "templates" / "starter.yaml"
NEW_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MODELINE = "# yaml-language-server: $schema="


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="start a new scenario from a commented template",
                       description="Write DIR/ID.yaml (default DIR: scenes) from a starter scenario that already "
                                   "validates, analyses clean and plays. Never overwrites a file.")
    p.add_argument("id", help='the new scenario id, lower-case with dashes, e.g. "home-visit"')
    p.add_argument("--dir", default="scenes", metavar="DIR", help="folder to write into (default: scenes)")
    p.add_argument("--title", help="the scenario title (default: made from the id)")
    p.set_defaults(func=run)


def schema_reference(folder: Path) -> str:
    """Where the scene schema is, as seen from a scene file in ``folder``.

    Inside the tree that holds Rapport's own files (a checkout: scenes/ → ../game/story/...)
    a relative path keeps working when the checkout moves; anywhere else (an installed Rapport,
    an author's own folder) the absolute path of the installed schema is the one that resolves.
    """
    schema = SCHEMA_PATH.resolve()
    root = schema.parents[2]  # the folder holding game/
    try:
        folder = folder.resolve()
    except (OSError, RuntimeError):  # a loop of links: the absolute path is the one that resolves
        return schema.as_uri() if schema.drive else schema.as_posix()
    if folder == root or root in folder.parents:
        return Path(os.path.relpath(schema, folder)).as_posix()
    return schema.as_uri() if schema.drive else schema.as_posix()


def starter_text(scenario_id: str, title: str, schema: str) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    assert lines[0].startswith(MODELINE), "the template's first line names the schema"
    lines[0] = f"{MODELINE}{schema}\n"
    text = "".join(lines)
    text = re.sub(r"^(id: starter *)(#.*)?$", lambda m: _id_line(m, scenario_id), text, count=1, flags=re.M)
    return re.sub(r"^title: .*$", lambda m: f"title: {_yaml_text(title)}", text, count=1, flags=re.M)


def _id_line(match: re.Match, scenario_id: str) -> str:
    """The template's id line with the new id, its comment kept in the same column."""
    line = f"id: {scenario_id}"
    if not match.group(2):
        return line
    comment = match.group(2).replace("starter.yaml", f"{scenario_id}.yaml")
    return f"{line:<{len(match.group(1)) - 1}} {comment}"


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run(args: argparse.Namespace) -> int:
    scenario_id = args.id
    if not NEW_ID.match(scenario_id):
        raise CommandError(f'"{scenario_id}" is not a usable id: use lower-case letters, digits and dashes, like "home-visit"')
    folder = Path(args.dir)
    path = folder / f"{scenario_id}.yaml"
    title = args.title or scenario_id.replace("-", " ").replace("_", " ").title()
    if not title.strip():
        raise CommandError("the title cannot be empty")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file, or a link that leads nowhere (or back to itself)
        raise CommandError(f"{folder} is not a folder; give --dir a folder to write the scene in") from None
    except OSError as exc:
        raise CommandError(f"cannot make the folder {folder}: {exc.strerror or exc}") from None
    try:
        text = starter_text(scenario_id, title.strip(), schema_reference(folder))
        with open(path, "x", encoding="utf-8") as out:  # "x": never overwrite
            out.write(text)
    except FileExistsError:
        raise CommandError(f"{path} already exists; choose another id or move that file first") from None
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
    others = load_library(folders(args)).files
    if scenario_id in others and others[scenario_id].resolve() != path.resolve():
        print(f"rapport: note: {others[scenario_id]} already uses the id \"{scenario_id}\"; ids must be unique "
              f"in the library, so rename one of them", file=sys.stderr)
    print(f"Wrote {path}. Next:\n"
          f"  rapport validate {path}\n"
          f"  rapport analyze {path}\n"
          f"  rapport play --text {path}\n"
          f"  rapport graph {path} --format svg --out {folder / scenario_id}.svg")
    return EXIT_OK
