"""Safe YAML reading that remembers where every key and value stands in the file.

PyYAML's composer gives each node a position; we build plain dicts and lists from the node tree
ourselves so that validation can name the line and column of any mistake. Only the standard
scalar tags are constructed: a ``!!python/...`` tag is reported, never executed.
"""

from __future__ import annotations

from typing import Any

import yaml

from .diagnostics import Diagnostic

Pos = tuple[int, int]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:str",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# libyaml's parser is several times faster and reports the same marks; fall back when absent.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YMap(dict):
    """A mapping read from YAML, with the position of itself, its keys and its values."""

    pos: Pos = (0, 0)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.key_pos: dict[Any, Pos] = {}
        self.value_pos: dict[Any, Pos] = {}


class YList(list):
    """A sequence read from YAML, with the position of itself and of each item."""

    pos: Pos = (0, 0)

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.item_pos: list[Pos] = []


def _pos(node: yaml.Node) -> Pos:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _bad_tag(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"unsupported YAML tag {shown!r}: only plain YAML is read, nothing is executed"


class _Builder:
    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[Diagnostic] = []
        self._constructor = yaml.SafeLoader("")

    def problem(self, pos: Pos, message: str) -> None:
        self.problems.append(Diagnostic(self.filename, pos[0], pos[1], message))

    def build(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            out = YList()
            out.pos = _pos(node)
            if node.tag != "tag:yaml.org,2002:seq":
                self.problem(out.pos, _bad_tag(node.tag))
            for item in node.value:
                out.append(self.build(item))
                out.item_pos.append(_pos(item))
            return out
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode) -> YMap:
        out = YMap()
        out.pos = _pos(node)
        if node.tag != "tag:yaml.org,2002:map":
            self.problem(out.pos, _bad_tag(node.tag))
        for key_node, value_node in node.value:
            key = self.build(key_node)
            if isinstance(key, (YMap, YList)):
                self.problem(_pos(key_node), "a key must be a plain word, not a list or mapping")
                continue
            if key in out:
                self.problem(_pos(key_node), f'duplicate key "{key}" (first at line {out.key_pos[key][0]})')
                continue
            out[key] = self.build(value_node)
            out.key_pos[key] = _pos(key_node)
            out.value_pos[key] = _pos(value_node)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _TIMESTAMP:
            return node.value  # a date stays the text the author wrote
        if node.tag not in _SCALAR_TAGS:
            self.problem(_pos(node), _bad_tag(node.tag))
            return None
        return self._constructor.construct_object(node)


def read_yaml(text: str, filename: str) -> tuple[Any, list[Diagnostic]]:
    """Parse ``text``; return the positioned data (None on failure) and the problems found."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or exc.context or "not valid YAML"
        return None, [Diagnostic(filename, line, col, f"YAML syntax: {what}")]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(filename, 0, 0, f"YAML syntax: {exc}")]
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return None, [Diagnostic(filename, 1, 1, "the file is empty; expected a scenario mapping")]
    builder = _Builder(filename)
    if len(nodes) > 1:
        builder.problem(_pos(nodes[1]), "a scene file holds one document; remove the extra '---'")
    return builder.build(nodes[0]), builder.problems
