"""YAML that editors write (data/*.yaml, front matter), read safely and with line numbers.

Not a hook. Generic: it knows nothing of contacts or strings. `load(raw, shown)` returns the data
(NFC-normalised text, dates left as typed) and a `Lines` map from each value's path to its line.
Every way the text can be unreadable becomes one `SourceError` (a PluginError: MkDocs prints it
without a traceback) worded `file:line: what was found; what is expected`:
  - bytes that are not UTF-8, or characters YAML does not allow;
  - YAML syntax errors;
  - anchors and aliases (&name, *name), refused outright: they are never needed in these files, and
    chained aliases ("billion laughs") would make the build hang.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import yaml
from mkdocs.exceptions import PluginError


class SourceError(PluginError):
    """An editor's file cannot be read; the message names file and line."""


def decode(raw: bytes | str, shown: str) -> str:
    """The text of a file, or a SourceError naming the line of the first byte that is not UTF-8."""
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        found = raw[error.start:error.start + 4]
        raise SourceError(f"{shown}:{line}: found bytes that are not UTF-8 text ({found!r}); "
                          "expected the file saved as UTF-8 (in your editor: Save with encoding UTF-8)") from None


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text (so checks see what was typed) and refuses aliases."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem=f"found the alias *{event.anchor}", problem_mark=event.start_mark)
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise yaml.MarkedYAMLError(problem=f"found the anchor &{anchor}", problem_mark=event.start_mark)
        return super().compose_node(parent, index)

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Lines:
    """Where each value sits in the file: path (('contacts', 0, 'phones'), ...) -> line number."""

    def __init__(self) -> None:
        self.lines: dict[tuple, int] = {}
        self.duplicates: list[tuple[tuple, str, int]] = []  # (mapping's path, key, line)

    def walk(self, node: yaml.Node, path: tuple = ()) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, value_node in node.value:
                key = key_node.value
                if key in seen:
                    self.duplicates.append((path, key, key_node.start_mark.line + 1))
                seen.add(key)
                self.walk(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, path + (index,))

    def line(self, path: tuple) -> int:
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def load(raw: bytes | str, shown: str, first_line: int = 1) -> tuple[Any, Lines]:
    """Parse YAML text; `first_line` is the file line of the text's first line (front matter: 2)."""
    text = decode(raw, shown)
    offset = first_line - 1
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1 + offset if isinstance(error.position, int) else first_line
        code = error.character if isinstance(error.character, int) else 0
        raise SourceError(
            f"{shown}:{line}: found a character YAML does not allow ({error.reason}, code #x{code:04x}); expected "
            "plain text: delete it (it often comes from copying out of a PDF or a word processor)") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + offset if mark else first_line
        problem = " ".join(str(error.problem or error).split())
        if "alias" in problem or "anchor" in problem:
            raise SourceError(f"{shown}:{line}: {problem}; expected every value written out in full "
                              "(anchors and aliases are not allowed in this file)") from None
        raise SourceError(f"{shown}:{line}: YAML syntax error: {problem}; expected valid YAML: check the "
                          "indentation (spaces, not tabs) and put text containing ': ' or ' #' in quotes") from None
    except yaml.YAMLError as error:
        problem = " ".join(str(error).split())
        raise SourceError(f"{shown}:{first_line}: YAML error: {problem}; expected valid YAML") from None
    lines = Lines()
    if node is not None:
        lines.walk(node)
        if offset:
            lines.lines = {path: line + offset for path, line in lines.lines.items()}
            lines.duplicates = [(path, key, line + offset) for path, key, line in lines.duplicates]
    return data, lines


def visible(text: str) -> str:
    """One line, every character visible: a control or format character is shown as \\uXXXX."""
    return "".join(ch if ch.isprintable() and unicodedata.category(ch) != "Cf" else f"\\u{ord(ch):04x}"
                   for ch in text)


def describe(value: Any) -> str:
    """A value as an editor would recognise it in a message."""
    import json

    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, (int, float)):
        return f"{value} (a number)"
    if isinstance(value, str):
        return visible(json.dumps(value, ensure_ascii=False))
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return repr(value)


def field(path: tuple) -> str:
    """('phones', 0, 'dial') -> 'phones[0].dial'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
