"""Safe YAML reading that remembers where every key and value stands in the file.

A scene file is written by an author and may be shared between instructors, so it is read as
untrusted input. We do not let PyYAML compose or construct anything: we walk the parser's
event stream ourselves, iteratively, and build plain dicts and lists that remember the line and
column of every key and value. That gives every limit a place to stand before any work is done:

- anchors, aliases and merge keys are refused (a scene has no use for them, and an alias is
  how a few hundred bytes expand into gigabytes, or into a structure that contains itself);
- file size, nesting depth, the length of one piece of text and the number of YAML nodes are
  bounded, each with its own message;
- only the standard scalar tags are constructed, a bad value under a tag (``!!bool maybe``)
  or a number with thousands of digits is reported, and a ``!!python/...`` tag is reported,
  never executed;
- control characters in a piece of text (a NUL, a terminal escape written as ``"\\e[2J"``, a
  bidi override that makes text read otherwise than it says) are removed, with a warning: no
  reader of a file has a use for them, and a window cannot draw a NUL.

The same reader serves every YAML file Rapport takes from a person: scene files, their
translations and course rubrics (``kind`` names the file in messages). Every problem is a
Diagnostic with an RP01xx code (listed in docs/scene-format.md).
"""

from __future__ import annotations

import errno
import gc
import hashlib
import re
from pathlib import Path
from sys import intern
from typing import Any

import yaml
from yaml.resolver import Resolver

from ..infile import NotAFileError, TooLargeError, read_capped
from .diagnostics import ERROR, WARNING, Diagnostic, new_file

Pos = tuple[int, int]

# -- limits ----------------------------------------------------------------------------------
# Generous for any scene a person writes (the shipped ones are under 100 KB, depth 9, a few
# thousand nodes; the 50,000-node benchmark scene is 20 MB and about 3.5 million YAML nodes).
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 40
MAX_TEXT = 20_000  # characters in one piece of text (a key or a value)
MAX_NODES = 6_000_000
MAX_DIGITS = 30  # a number longer than this is a mistake, not a meter value
MAX_REPEATS = 20  # problems of one kind listed before the rest are counted

# -- diagnostic codes of this layer (RP01xx) ------------------------------------------------
SYNTAX = "RP0101"
EMPTY = "RP0102"
EXTRA_DOCUMENT = "RP0103"
BAD_TAG = "RP0104"
ALIAS = "RP0105"
TOO_DEEP = "RP0106"
TOO_LARGE = "RP0107"
TOO_LONG = "RP0108"
TOO_MANY_NODES = "RP0109"
BAD_VALUE = "RP0110"
DUPLICATE_KEY = "RP0111"
BAD_KEY = "RP0112"
UNREADABLE = "RP0113"
NO_FILE = "RP0114"
CONTROL = "RP0118"  # warning: control characters removed from a piece of text

# Characters no text from a file keeps: C0 controls but the line break (a tab is a space), DEL,
# C1 controls, lone surrogates, the bidi overrides and isolates, and a byte-order mark inside
# the text (an editor's left-over, invisible where it stands). Text written with escapes
# ("\\0", "\\e", "\\x9b") in double quotes is where they come from; libyaml refuses them raw.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff]")
_TAB = re.compile("\t")

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = (_TAG + t for t in ("str", "null", "bool", "int", "float"))
_TIMESTAMP = _TAG + "timestamp"
_SCALAR_TAGS = {_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP}
_IMPLICIT = Resolver.yaml_implicit_resolvers
# libyaml's parser is several times faster and reports the same marks; fall back when absent.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.SafeLoader("")


# A position is kept packed in one int (line << 25 | column) and given out as a (line, column)
# tuple when asked for: a 50,000-node scene has millions of values, and a tuple of two ints
# for each costs about a hundred bytes more than one small int.
_COL_BITS = 25
_COL_MASK = (1 << _COL_BITS) - 1


def _pack(line: int, col: int) -> int:
    return line << _COL_BITS | min(col, _COL_MASK)


def _unpack(packed: int) -> Pos:
    return (packed >> _COL_BITS, packed & _COL_MASK)


class PositionList(list):
    """(line, column) of each item of a list, stored packed."""

    __slots__ = ()

    def __getitem__(self, index: Any) -> Any:
        found = list.__getitem__(self, index)
        return [_unpack(p) for p in found] if isinstance(index, slice) else _unpack(found)

    def __iter__(self):
        return map(_unpack, list.__iter__(self))

    def append(self, pos: Any) -> None:
        list.append(self, pos if isinstance(pos, int) else _pack(*pos))


class _Where:
    """The key_pos or value_pos view of a YMap: (line, column) by key."""

    __slots__ = ("_shift", "_where")

    def __init__(self, where: dict, shift: int):
        self._where, self._shift = where, shift

    def _get(self, packed: int) -> Pos:
        return _unpack(packed >> self._shift & _POS_MASK)

    def __getitem__(self, key: Any) -> Pos:
        packed = self._where[key] >> self._shift & _POS_MASK
        return (packed >> _COL_BITS, packed & _COL_MASK)

    def get(self, key: Any, default: Any = None) -> Any:
        packed = self._where.get(key)
        if packed is None:
            return default
        packed = packed >> self._shift & _POS_MASK
        return (packed >> _COL_BITS, packed & _COL_MASK)

    def __contains__(self, key: Any) -> bool:
        return key in self._where

    def __iter__(self):
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def keys(self):
        return self._where.keys()

    def items(self):
        return [(k, self._get(p)) for k, p in self._where.items()]

    def values(self):
        return [self._get(p) for p in self._where.values()]

    def __setitem__(self, key: Any, pos: Pos) -> None:
        packed = _pack(*pos) if not isinstance(pos, int) else pos
        old = self._where.get(key, 0)
        other = old & ~(_POS_MASK << self._shift)
        self._where[key] = other | packed << self._shift


_POS_BITS = 58
_POS_MASK = (1 << _POS_BITS) - 1


class YMap(dict):
    """A mapping read from YAML, with the position of itself, its keys and its values.

    ``key_pos`` and ``value_pos`` read one table that holds both positions of a key packed in
    one int (a 50,000-node scene has hundreds of thousands of mappings: two dicts each, and
    an attribute dict, cost more than the scene itself)."""

    __slots__ = ("_where", "pos")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.pos: Pos = (0, 0)
        self._where: dict[Any, int] = {}

    @property
    def key_pos(self) -> _Where:
        return _Where(self._where, 0)

    @property
    def value_pos(self) -> _Where:
        return _Where(self._where, _POS_BITS)


class YList(list):
    """A sequence read from YAML, with the position of itself and of each item."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.pos: Pos = (0, 0)
        self.item_pos: list[Pos] = PositionList()


def _bad_tag(tag: str) -> str:
    shown = tag.replace(_TAG, "!!")
    return f"unsupported YAML tag {shown!r}: only plain YAML is read, nothing is executed"


class _Stop(Exception):
    """A limit was passed: the rest of the file is not read."""


def _resolve_plain(value: str) -> str:
    """The tag YAML 1.1 gives an untagged plain scalar (as PyYAML's resolver, without its cost)."""
    for tag, pattern in _IMPLICIT.get(value[0] if value else "", ()):
        if pattern.match(value):
            return tag
    for tag, pattern in _IMPLICIT.get(None, ()):
        if pattern.match(value):
            return tag
    return _STR


_NUMBER_LIKE = re.compile(r"[-+]?[0-9._:]")


def clean_text(value: str) -> str:
    """``value`` without the characters no text from a file keeps (see _CONTROL_CHARS); a tab
    becomes a space."""
    return _CONTROL_CHARS.sub("", value.replace("\t", " ")) if _CONTROL_CHARS.search(value) or "\t" in value \
        else value


def _control_names(value: str) -> str:
    found = dict.fromkeys(f"U+{ord(c):04X}" for c in _CONTROL_CHARS.findall(value))
    shown = ", ".join(list(found)[:3])
    return shown + (" …" if len(found) > 3 else "")


class _Builder:
    def __init__(self, filename: str, kind: str = "scene", dirty: bool = False):
        self.filename = filename
        self.kind = kind
        # Whether plain or block text may hold control characters too (a bidi override or a C1
        # control written as itself; the rest only arrive through escapes in double quotes).
        self.dirty = dirty
        self.stack: list[list[Any]] = []
        self.problems: list[Diagnostic] = []
        self.count = 0
        self.per_code: dict[str, int] = {}
        self.problem_count = 0

    def problem(self, pos: Pos, message: str, code: str, severity: str = ERROR) -> None:
        self.problem_count += 1
        seen = self.per_code[code] = self.per_code.get(code, 0) + 1
        if seen <= MAX_REPEATS:  # a flood of one mistake is summarised (see finish)
            self.problems.append(Diagnostic(self.filename, pos[0], pos[1], message, severity, code))

    def finish(self) -> list[Diagnostic]:
        severity = {d.code: d.severity for d in self.problems}
        for code, seen in self.per_code.items():
            if seen > MAX_REPEATS:
                self.problems.append(Diagnostic(self.filename, 0, 0, f"… and {seen - MAX_REPEATS:,} more problem(s) "
                                                                     f"like the ones above", severity[code], code))
        return self.problems

    def stop(self, pos: Pos, message: str, code: str) -> None:
        self.problem(pos, message, code)
        raise _Stop

    def _at_key(self) -> bool:
        """Whether the scalar being read is a mapping's key (an id: kept as written, and shown
        escaped by any message that names it, so the author can find it)."""
        top = self.stack[-1] if self.stack else None
        return top is not None and isinstance(top[0], YMap) and top[2] is None

    def scalar(self, event: Any, pos: Pos) -> Any:
        value = event.value
        if len(value) > MAX_TEXT:
            self.problem(pos, f"this text is {len(value):,} characters long; a {self.kind} file allows at most "
                              f"{MAX_TEXT:,} in one piece of text", TOO_LONG)
            return None
        if (event.style == '"' or self.dirty) and _CONTROL_CHARS.search(value) and not self._at_key():
            self.problem(pos, f"this text holds control characters ({_control_names(value)}), which no reader can "
                              f"use (a terminal would act on them): they are left out", CONTROL, WARNING)
            value = clean_text(value)
        tag = event.tag
        if tag is None or tag == "!":
            if not (event.implicit[0] and not event.style):
                return intern(value) if len(value) <= 24 else value  # quoted, literal or folded: always text
            tag = _resolve_plain(value)
            if tag == _STR:
                return intern(value) if len(value) <= 24 else value  # ids, tags, kinds: one copy each
            if tag == _TAG + "merge":
                self.problem(pos, f"merge keys (<<) are not allowed in a {self.kind} file; write the keys out in full",
                             ALIAS)
                return None
            if tag == _TAG + "value":
                return value
        elif tag not in _SCALAR_TAGS:
            self.problem(pos, _bad_tag(tag), BAD_TAG)
            return None
        if tag == _STR:
            return value
        if tag == _TIMESTAMP:
            return value  # a date stays the text the author wrote
        if tag in (_INT, _FLOAT) and len(value.replace("_", "")) > MAX_DIGITS and _NUMBER_LIKE.match(value):
            self.problem(pos, f"a number with {len(value):,} characters is too long (at most {MAX_DIGITS} digits)", BAD_VALUE)
            return None
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            if tag == _NULL:
                return _CONSTRUCTOR.construct_yaml_null(node)
            if tag == _BOOL:
                return _CONSTRUCTOR.construct_yaml_bool(node)
            if tag == _INT:
                return _CONSTRUCTOR.construct_yaml_int(node)
            return _CONSTRUCTOR.construct_yaml_float(node)
        except (KeyError, ValueError, TypeError, OverflowError, IndexError, yaml.YAMLError):
            what = {_NULL: "null (~)", _BOOL: "true or false", _INT: "a whole number", _FLOAT: "a number"}[tag]
            shown = value if len(value) <= 40 else value[:40] + "…"
            self.problem(pos, f"{tag.replace(_TAG, '!!')} {shown!r} is not a valid value: expected {what}", BAD_VALUE)
            return None

    def build(self, get_event: Any) -> Any:
        """Build the first document's data from the parser's events (``get_event()`` gives the
        next, None at the end), iteratively. Plain scalars, keys and values, the bulk of a scene,
        take a short path written out here; everything else goes through scalar() and _attach()."""
        # A frame is [container, pending key, pending key position, key is broken, the map's
        # position table or None for a list, the list's position list].
        stack: list[list[Any]] = []
        self.stack = stack
        root: Any = None
        have_root = False
        documents = 0
        scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end, document_start = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.DocumentStartEvent
        alias_event = yaml.AliasEvent
        col_mask, max_nodes, max_depth = _COL_MASK, MAX_NODES, MAX_DEPTH
        # plain text -> its value, for short plain scalars read without a problem: keys, ids,
        # tags and numbers repeat thousands of times and resolve alike each time
        plain: dict[str, Any] = {}
        missing = plain  # a sentinel no value can be
        list_append = list.append
        dirty = self.dirty  # raw control characters somewhere: every plain text is looked at (scalar())
        while True:
            event = get_event()
            if event is None:
                break
            kind = event.__class__
            if kind is scalar_event:
                mark = event.start_mark
                col = mark.column + 1
                packed = (mark.line + 1) << _COL_BITS | (col if col < col_mask else col_mask)
                self.count += 1
                if self.count > max_nodes:
                    self.stop(_unpack(packed), f"the file holds more than {max_nodes:,} YAML values; a {self.kind} "
                                               f"file needs far fewer",
                              TOO_MANY_NODES)
                if event.anchor is not None:
                    self.problem(_unpack(packed), f"an anchor (&{event.anchor}) is not allowed in a {self.kind} file: aliases "
                                                  f"and anchors can make a small file expand without limit; write the "
                                                  f"value out", ALIAS)
                text = event.value
                if event.tag is None and event.implicit[0] and not event.style and len(text) <= 24 and not dirty:
                    value = plain.get(text, missing)
                    if value is missing:
                        before = self.problem_count
                        value = self.scalar(event, _unpack(packed))
                        if self.problem_count == before:
                            plain[text] = value
                else:
                    value = self.scalar(event, _unpack(packed))
                if not stack:
                    root, have_root = value, True
                    continue
                frame = stack[-1]
                where = frame[4]
                if where is None:  # an item of a list
                    list_append(frame[0], value)
                    list_append(frame[5], packed)
                elif frame[2] is None:  # a key
                    if type(value) is str:
                        value = intern(value)  # "id", "text", "next"…: one copy, not one per mapping
                    frame[1], frame[2], frame[3] = value, packed, False
                    if value in where:
                        first = frame[0].key_pos[value][0]
                        self.problem(_unpack(packed), f'duplicate key "{value}" (first at line {first})', DUPLICATE_KEY)
                        frame[3] = True
                else:  # the value of the pending key
                    key = frame[1]
                    if not frame[3]:
                        frame[0][key] = value
                        where[key] = frame[2] | packed << _POS_BITS
                    frame[1] = frame[2] = None
                continue
            if kind is mapping_end or kind is sequence_end:
                frame = stack.pop()
                if frame[2] is not None and not frame[3]:  # pragma: no cover - the parser pairs keys
                    mark = event.start_mark
                    self.problem((mark.line + 1, mark.column + 1), "a key has no value", BAD_KEY)
                continue
            if kind is document_start:
                documents += 1
                if documents == 2:
                    mark = event.start_mark
                    self.problem((mark.line + 1, mark.column + 1),
                                 f"a {self.kind} file holds one document; remove the extra '---'", EXTRA_DOCUMENT)
                    return root, have_root
                continue
            if kind is not mapping_start and kind is not sequence_start and kind is not alias_event:
                continue  # the stream's start and end, a document's end
            mark = event.start_mark
            packed = (mark.line + 1) << _COL_BITS | min(mark.column + 1, col_mask)
            self.count += 1
            if self.count > max_nodes:
                self.stop(_unpack(packed), f"the file holds more than {max_nodes:,} YAML values; a {self.kind} "
                                               f"file needs far fewer",
                          TOO_MANY_NODES)
            if event.anchor is not None:
                what = "an alias (*" if kind is alias_event else "an anchor (&"
                self.problem(_unpack(packed), f"{what}{event.anchor}) is not allowed in a {self.kind} file: aliases and anchors "
                                              f"can make a small file expand without limit; write the value out", ALIAS)
            if kind is alias_event:
                if not stack:
                    have_root = True
                self._attach(stack, None, packed)
                continue
            if len(stack) >= max_depth:
                self.stop(_unpack(packed), f"the file nests more than {max_depth} levels deep; a {self.kind} file needs "
                                               f"far fewer",
                          TOO_DEEP)
            is_map = kind is mapping_start
            container: Any = YMap() if is_map else YList()
            container.pos = _unpack(packed)
            default = _TAG + ("map" if is_map else "seq")
            if event.tag not in (None, "!", default):
                self.problem(container.pos, _bad_tag(event.tag), BAD_TAG)
            if stack:
                self._attach(stack, container, packed)
            else:
                root, have_root = container, True
            stack.append([container, None, None, False, container._where, None] if is_map
                         else [container, None, None, False, None, container.item_pos])
        return root, have_root

    def _attach(self, stack: list[list[Any]], value: Any, packed: int) -> None:
        """Put a finished value into the container on top of the stack (a key, or a value)."""
        if not stack:
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, YList):
            container.append(value)
            list.append(container.item_pos, packed)  # type: ignore[misc]  # stored packed
            return
        if frame[2] is None:  # this is a key
            if type(value) is str:
                value = intern(value)  # "id", "text", "next"…: one copy, not one per mapping
            frame[1], frame[2], frame[3] = value, packed, False
            if isinstance(value, (YMap, YList)):
                self.problem(_unpack(packed), "a key must be a plain word, not a list or mapping", BAD_KEY)
                frame[3] = True
            elif value in container._where:
                first = container.key_pos[value][0]
                self.problem(_unpack(packed), f'duplicate key "{value}" (first at line {first})', DUPLICATE_KEY)
                frame[3] = True
            return
        key, key_pos, broken = frame[1], frame[2], frame[3]
        frame[1] = frame[2] = None
        if broken:
            return
        container[key] = value
        container._where[key] = key_pos | packed << _POS_BITS


_EXPECTED = {"scene": "a scenario mapping such as id: my-scene", "translation": "a mapping that starts with scene: ID",
             "rubric": "a mapping with name: and map:"}


def read_yaml(text: str, filename: str, index: bool = True, kind: str = "scene",
              limit: int | None = None) -> tuple[Any, list[Diagnostic]]:
    """Parse ``text``; return the positioned data (None on failure) and the problems found.

    ``index``: keep the positions for source_index() (scene files; not a translation file).
    ``kind``: what the file is, as messages name it ("scene", "translation", "rubric");
    ``limit``: the most characters it may hold (default MAX_FILE_BYTES)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    new_file()  # did-you-mean suggestions are counted per file
    if len(text) > limit:
        return None, [Diagnostic(filename, 0, 0, f"the file is {_size(len(text))}; a {kind} file may be at most "
                                                 f"{_size(limit)}", code=TOO_LARGE)]
    builder = _Builder(filename, kind, dirty=_RAW_DIRTY.search(text) is not None)
    was_enabled = gc.isenabled()
    gc.disable()  # the tree only grows while it is built: collecting would find nothing, three times over
    loader = None
    try:
        loader = _LOADER(text)
        data, have = builder.build(loader.get_event)
    except _Stop:
        return None, builder.finish()
    except yaml.reader.ReaderError as exc:  # a character YAML refuses raw (a NUL, an ESC): the reader knows only an offset
        at = exc.position
        if _LOADER is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 text, not characters
            at = len(text.encode("utf-8", "surrogatepass")[:at].decode("utf-8", "ignore"))
        at = max(0, min(at, len(text)))
        line, col = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character or 0)
        return None, builder.finish() + [Diagnostic(filename, line, col, f"the character U+{ord(char):04X} (a control "
                                                                         f"character) cannot stand in a {kind} file; "
                                                                         f"delete it", code=SYNTAX)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or exc.context or "not valid YAML"
        return None, builder.finish() + [Diagnostic(filename, line, col, f"YAML syntax: {what}", code=SYNTAX)]
    except yaml.YAMLError as exc:
        return None, builder.finish() + [Diagnostic(filename, 0, 0, f"YAML syntax: {exc}", code=SYNTAX)]
    finally:
        if loader is not None:
            loader.dispose()
        if was_enabled:
            gc.enable()
    expected = _EXPECTED.get(kind, "a mapping")
    if not have:
        return None, [Diagnostic(filename, 1, 1, f"the file is empty; expected {expected}", code=EMPTY)]
    if data is None and not builder.problems:
        return None, [Diagnostic(filename, 1, 1, f"the file holds only an empty value (~ or null); expected {expected}",
                                 code=EMPTY)]
    if index:
        remember(filename, text, data)
    return data, builder.finish()


# Raw characters that make every piece of text worth a look (see _Builder.dirty).
_RAW_DIRTY = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB".replace(".0 MB", " MB") if n >= 1048576 else f"{(n + 1023) // 1024} KB"


def read_text(path: str | Path, kind: str = "scene", limit: int | None = None) -> tuple[str | None, list[Diagnostic]]:
    """A file's text, read with a size limit: a device, a pipe or a huge file is refused unread.

    ``kind`` names the file in messages ("scene", "translation", "rubric"); ``limit`` is the
    most bytes it may hold (default MAX_FILE_BYTES)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    path = Path(path)
    name = str(path)
    try:
        # Checked on what was opened, not on the path before (it could be swapped for a pipe
        # between the two), and opened without waiting for a pipe's writer.
        raw = read_capped(path, limit)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError, NotAFileError) as exc:
        if path.is_symlink() and not path.exists():
            return None, [Diagnostic(name, 0, 0, f"a link that leads to no file (what it points to is missing, or it "
                                                 f"points back to itself); expected a .yaml {kind} file", code=NO_FILE)]
        if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
            return None, [Diagnostic(name, 0, 0, "no such file", code=NO_FILE)]
        return None, [Diagnostic(name, 0, 0, f"not a regular file (a folder, a device or a pipe); expected a .yaml "
                                             f"{kind} file", code=UNREADABLE)]
    except TooLargeError:
        return None, [Diagnostic(name, 0, 0, f"the file is larger than {_size(limit)}, the most a {kind} file may be",
                                 code=TOO_LARGE)]
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, [Diagnostic(name, 0, 0, f"a link that leads to no file (what it points to is missing, or it "
                                                 f"points back to itself); expected a .yaml {kind} file", code=NO_FILE)]
        return None, [Diagnostic(name, 0, 0, f"cannot read the file: {exc.strerror or exc}", code=UNREADABLE)]
    except ValueError as exc:  # a NUL in the path
        return None, [Diagnostic(name, 0, 0, f"cannot read the file: {getattr(exc, 'strerror', None) or exc}",
                                 code=UNREADABLE)]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Diagnostic(name, line, col, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} here); "
                                                  f"save it as UTF-8", code=UNREADABLE)]


# -- positions kept for later readers (the analysis) ------------------------------------------
# The analysis points findings at lines in the file. Rather than parse the file a second time
# (the 50,000-node scene takes seconds), read_scene keeps a compact index of the positions a
# finding can name, keyed by the file's text, for the last few files read.

class SourceIndex:
    """Lines and columns of a scene's nodes, choices, routes, endings and cues."""

    def __init__(self, data: Any):
        self.nodes: dict[str, Pos] = {}
        self.choices: dict[tuple[str, str], Pos] = {}
        self.routes: dict[str, tuple[Pos, ...]] = {}
        self.endings: dict[str, Pos] = {}
        self.cues: list[Pos] = []
        self.top: dict[str, Pos] = {}
        if not isinstance(data, YMap):
            return
        self.top = dict(data.key_pos.items())
        nodes = data.get("nodes")
        if isinstance(nodes, YMap):
            for node_id, node in nodes.items():
                node_id = str(node_id)
                self.nodes[node_id] = nodes.key_pos.get(node_id, (0, 0))
                if not isinstance(node, YMap):
                    continue
                items = node.get("choices")
                if isinstance(items, YList):
                    for item, pos in zip(items, items.item_pos):
                        if isinstance(item, YMap) and isinstance(item.get("id"), str):
                            self.choices.setdefault((node_id, item["id"]), pos)
                routes = node.get("routes")
                if isinstance(routes, YList):
                    self.routes[node_id] = tuple(routes.item_pos)
        for key in ("endings", "cues"):
            items = data.get(key)
            if not isinstance(items, YList):
                continue
            for item, pos in zip(items, items.item_pos):
                if key == "cues":
                    self.cues.append(pos)
                elif isinstance(item, YMap) and isinstance(item.get("id"), str):
                    self.endings.setdefault(item["id"], pos)


_INDEX: dict[str, tuple[str, SourceIndex]] = {}
_INDEX_KEEP = 16  # a folder of scenes is read whole before the first is analysed


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def remember(filename: str, text: str, data: Any) -> None:
    """Keep the positions of a file just read, for source_index()."""
    _INDEX.pop(filename, None)
    while len(_INDEX) >= _INDEX_KEEP:
        _INDEX.pop(next(iter(_INDEX)))
    _INDEX[filename] = (_digest(text), SourceIndex(data))


def source_index(path: str | Path) -> SourceIndex:
    """The positions in a scene file: from the last read of that very text, else read again."""
    text, _ = read_text(path)
    if text is None:
        return SourceIndex(None)
    known = _INDEX.get(str(path))
    if known is not None and known[0] == _digest(text):
        return known[1]
    data, _ = read_yaml(text, str(path))
    remember(str(path), text, data)
    return _INDEX[str(path)][1]


def describe_value(value: Any) -> str:
    """A value found in a scene or translation file as a message shows it: its kind, or the value
    itself when short ("nothing", "a mapping", "the number 3", '"some text…"')."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = str(value)
    if not text.strip():  # blank, or nothing left once control characters were taken out (RP0118)
        return "empty text"
    return f'"{text[:40]}{"…" if len(text) > 40 else ""}"'
