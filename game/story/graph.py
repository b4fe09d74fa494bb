"""The story map as text: Graphviz DOT and Mermaid.

Nodes are grouped by their `scene` label; choices are edges labelled with their id and the
practice or pitfall they show, coloured by what they do to trust; routes are dashed edges
labelled with their condition; end nodes lead to the endings they can resolve, which are
coloured by outcome. Both formats are built from one description of the map, so they agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .conditions import AllOf, AnyOf, Condition, FlagSet, MeterRange, Not, Visited
from .model import TAG_LABELS, Node, Scenario

TRUST_UP, TRUST_DOWN, TRUST_SAME = "#2e7d32", "#c62828", "#757575"
OUTCOME_FILL = {"best": "#ffd54f", "good": "#c8e6c9", "mixed": "#ffe0b2", "poor": "#e0e0e0"}
SNIPPET = 40  # characters of what the client says, shown under a node's id


def condition_text(c: Condition) -> str:
    """A condition in a few symbols, for map labels (the locked-choice reason uses describe())."""
    if isinstance(c, MeterRange):
        if c.at_least is not None and c.at_most is not None:
            return f"{c.meter} {c.at_least}–{c.at_most}"
        return f"{c.meter} ≥ {c.at_least}" if c.at_least is not None else f"{c.meter} ≤ {c.at_most}"
    if isinstance(c, FlagSet):
        return c.flag
    if isinstance(c, Visited):
        return f"visited {c.node}"
    if isinstance(c, Not):
        return f"not {_grouped(c.item)}"
    if isinstance(c, (AllOf, AnyOf)):
        joiner = " and " if isinstance(c, AllOf) else " or "
        return joiner.join(_grouped(item) for item in c.items)
    return c.describe()


def _grouped(c: Condition) -> str:
    text = condition_text(c)
    return f"({text})" if isinstance(c, (AllOf, AnyOf)) else text


@dataclass(frozen=True)
class MapNode:
    key: str  # unique, safe id for the output format
    label: tuple[str, ...]  # lines
    shape: str  # 'choice', 'continue', 'route', 'end', 'ending', 'start'
    fill: str | None = None
    group: str | None = None  # the scene label


@dataclass(frozen=True)
class MapEdge:
    src: str
    dst: str
    label: tuple[str, ...]
    color: str
    dashed: bool = False


@dataclass
class StoryMap:
    nodes: list[MapNode]
    edges: list[MapEdge]
    groups: list[str]  # scene labels in order of first appearance
    title: str


def build_map(scenario: Scenario) -> StoryMap:
    keys = _safe_keys([("s", "start")] + [("n", n) for n in scenario.nodes] + [("e", e.id) for e in scenario.endings])
    node_key = {n: keys[("n", n)] for n in scenario.nodes}
    ending_key = {e.id: keys[("e", e.id)] for e in scenario.endings}
    nodes = [MapNode(keys[("s", "start")], ("start",), "start")]
    edges = [MapEdge(keys[("s", "start")], node_key[scenario.start], (), TRUST_SAME)]
    groups: list[str] = []
    for node in scenario.nodes.values():
        if node.scene and node.scene not in groups:
            groups.append(node.scene)
        nodes.append(MapNode(node_key[node.id], _node_label(node), node.kind, None, node.scene))
        for choice in node.choices:
            trust = choice.effects.meters.get("trust", 0)
            label = [choice.id, TAG_LABELS[choice.tag]]
            if trust:
                label.append(f"trust {trust:+d}")
            if choice.condition is not None:
                label.append(f"if {condition_text(choice.condition)}")
            color = TRUST_UP if trust > 0 else TRUST_DOWN if trust < 0 else TRUST_SAME
            edges.append(MapEdge(node_key[node.id], node_key[choice.next], tuple(label), color))
        for route in node.routes:
            if route.condition:
                route_label: tuple[str, ...] = (f"if {condition_text(route.condition)}",)
            else:
                route_label = ("otherwise",) if len(node.routes) > 1 else ()
            edges.append(MapEdge(node_key[node.id], node_key[route.next], route_label, TRUST_SAME, dashed=True))
        for eid in node.end or ():
            ending = scenario.ending(eid)
            if ending is None:  # (the loader checks every end's endings exist)
                continue
            end_label = (f"if {condition_text(ending.condition)}",) if ending.condition else ("otherwise",)
            edges.append(MapEdge(node_key[node.id], ending_key[eid], end_label, TRUST_SAME, dashed=True))
            if ending.condition is None:
                break  # later candidates never resolve here
    for e in scenario.endings:
        nodes.append(MapNode(ending_key[e.id], (e.title, f"{e.outcome} ending"), "ending", OUTCOME_FILL[e.outcome]))
    return StoryMap(nodes, edges, groups, scenario.title)


def _node_label(node: Node) -> tuple[str, ...]:
    lines = [node.id]
    text = node.says or node.narration
    if text and node.kind != "end":
        text = " ".join(text.split())
        lines.append(f"“{text[:SNIPPET]}…”" if len(text) > SNIPPET else f"“{text}”")
    if node.disclosure:
        lines.append("★ disclosure")
    return tuple(lines)


def _safe_keys(names: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Ids made of letters, digits and _ only, with a prefix (Mermaid is strict, and `end` is a
    keyword there); (prefix, name) -> id."""
    out: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for prefix, name in names:
        base = f"{prefix}_" + re.sub(r"[^A-Za-z0-9]", "_", name)
        key, n = base, 2
        while key in used:
            key, n = f"{base}_{n}", n + 1
        used.add(key)
        out[(prefix, name)] = key
    return out


# -- Graphviz DOT ----------------------------------------------------------------------------

DOT_SHAPES = {
    "start": 'shape=circle, label="", width=0.25, style=filled, fillcolor="#424242"',
    "choice": 'shape=box, style="rounded"',
    "continue": 'shape=box, style="rounded,dashed"',
    "route": "shape=diamond",
    "end": 'shape=box, style="rounded,bold"',
    "ending": 'shape=box, style="filled,bold", penwidth=2',
}


def _dot_text(lines: tuple[str, ...]) -> str:
    return "\\n".join(_one_line(line).replace("\\", "\\\\").replace('"', '\\"') for line in lines)


def to_dot(scenario: Scenario) -> str:
    m = build_map(scenario)
    out = [f'digraph "{_dot_text((m.title,))}" {{',
           '  graph [rankdir=TB, fontname="Helvetica", labelloc=t, label="' + _dot_text((m.title,)) + '"];',
           '  node [fontname="Helvetica", fontsize=11];',
           '  edge [fontname="Helvetica", fontsize=9];']

    def node_line(n: MapNode, indent: str) -> str:
        attrs = DOT_SHAPES[n.shape]
        if n.shape != "start":
            attrs += f', label="{_dot_text(n.label)}"'
        if n.fill:
            attrs += f', fillcolor="{n.fill}"'
        return f"{indent}{n.key} [{attrs}];"

    for i, group in enumerate(m.groups):
        out.append(f'  subgraph cluster_{i} {{')
        out.append(f'    label="{_dot_text((group,))}"; style="rounded"; color="#9e9e9e";')
        out.extend(node_line(n, "    ") for n in m.nodes if n.group == group)
        out.append("  }")
    endings = [n for n in m.nodes if n.shape == "ending"]
    out.extend(node_line(n, "  ") for n in m.nodes if n.group is None and n.shape != "ending")
    out.append('  subgraph cluster_endings {')
    out.append('    label="Endings"; style="rounded"; color="#9e9e9e";')
    out.extend(node_line(n, "    ") for n in endings)
    out.append("  }")
    for e in m.edges:
        attrs = [f'color="{e.color}"', f'fontcolor="{e.color}"']
        if e.label:
            attrs.append(f'label="{_dot_text(e.label)}"')
        if e.dashed:
            attrs.append("style=dashed")
        elif e.color != TRUST_SAME:
            attrs.append("penwidth=1.6")
        out.append(f"  {e.src} -> {e.dst} [{', '.join(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"


# -- Mermaid ---------------------------------------------------------------------------------

MERMAID_SHAPES = {
    "start": ("((", "))"),
    "choice": ("(", ")"),
    "continue": ("[", "]"),
    "route": ("{", "}"),
    "end": ("[[", "]]"),
    "ending": ("([", "])"),
}


# Mermaid reads entity codes (#name; or #number;) inside quoted labels; everything that could
# end a label, open markup or start an entity is written as one. Controls and line breaks in a
# scene's text become spaces so that one label stays on one line.
_MERMAID_ESCAPES = {ord("#"): "#35;", ord("&"): "#amp;", ord("<"): "#lt;", ord(">"): "#gt;",
                    ord('"'): "#quot;", ord("'"): "#39;", ord("`"): "#96;"}
_CONTROLS = dict.fromkeys([*range(32), 127, *range(128, 160), 8232, 8233], " ")


def _one_line(text: str) -> str:
    return text.translate(_CONTROLS)


def _mermaid_text(lines: tuple[str, ...]) -> str:
    return "<br/>".join(_one_line(line).translate(_MERMAID_ESCAPES) for line in lines)


def to_mermaid(scenario: Scenario) -> str:
    m = build_map(scenario)
    title = _one_line(m.title).replace("\\", "\\\\").replace('"', '\\"')
    out = ["---", f'title: "{title}"', "---", "flowchart TD"]

    def node_line(n: MapNode, indent: str) -> str:
        left, right = MERMAID_SHAPES[n.shape]
        return f'{indent}{n.key}{left}"{_mermaid_text(n.label)}"{right}'

    for i, group in enumerate(m.groups):
        out.append(f'  subgraph scene_{i}["{_mermaid_text((group,))}"]')
        out.extend(node_line(n, "    ") for n in m.nodes if n.group == group)
        out.append("  end")
    out.extend(node_line(n, "  ") for n in m.nodes if n.group is None and n.shape != "ending")
    out.append('  subgraph endings["Endings"]')
    out.extend(node_line(n, "    ") for n in m.nodes if n.shape == "ending")
    out.append("  end")
    styles = []
    for i, e in enumerate(m.edges):
        arrow = "-.->" if e.dashed else "-->"
        label = f'|"{_mermaid_text(e.label)}"|' if e.label else ""
        out.append(f"  {e.src} {arrow}{label} {e.dst}")
        if e.color != TRUST_SAME:
            styles.append(f"  linkStyle {i} stroke:{e.color},stroke-width:2px,color:{e.color}")
    out.extend(styles)
    for outcome, fill in OUTCOME_FILL.items():
        keys = [n.key for n in m.nodes if n.shape == "ending" and n.fill == fill]
        if keys:
            out.append(f"  classDef {outcome} fill:{fill},stroke:#333,stroke-width:2px")
            out.append(f"  class {','.join(keys)} {outcome}")
    return "\n".join(out) + "\n"
