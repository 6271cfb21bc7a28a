"""What the page hooks share about a page's source: its path, lines, markers and front matter. Not a hook.

MARKER is the contact-marker syntax `{{ phone: ID }}` (hooks/markers.py expands it, the page checks
blank it before they look for typed numbers). NEAR_MARKER finds text that was meant to be a marker
but is misspelt (`{{phone id}}`, `{{ phone: id }`), which would otherwise reach readers as it is.
"""

from __future__ import annotations

import re

from mkdocs.utils.meta import YAML_RE

import yaml_source

MARKER = re.compile(r"\{\{\s*(?P<kind>[A-Za-z_]+)\s*:\s*(?P<id>[^}\s]*)\s*\}\}")
NEAR_MARKER = re.compile(r"\{\{|\}\}|\{\s*(?:phone|email|web|card)\b|\b(?:phone|email|web|card)\s*:[^}\n]{0,40}\}",
                         re.I)
REQUIRED_META = ("title", "description")


def source(page) -> str:
    """The page's source file as editors know it: docs/en/get-help.md."""
    return f"docs/{page.file.src_uri}"


def line_of(markdown: str, offset: int, page) -> int:
    """The line in the source file (front matter included) of a character of the page's Markdown."""
    text = page.file.content_string
    body_start = text.find(markdown[:200]) if markdown else -1
    lead = text[:body_start].count("\n") if body_start > 0 else 0
    return lead + markdown.count("\n", 0, offset) + 1


def where(page, needle: str) -> str:
    """`docs/<file>:<line>` of the first place the page's source contains `needle` (any case)."""
    text = page.file.content_string
    offset = text.lower().find(needle.lower())
    line = text.count("\n", 0, offset) + 1 if offset >= 0 else 1
    return f"{source(page)}:{line}"


def front_matter_problem(text: str, shown: str) -> str | None:
    """Front matter that MkDocs would silently drop (invalid YAML), refuse (aliases) or choke on, or
    that lacks title or description; None when it is fine. MkDocs' own pattern finds the block."""
    match = YAML_RE.match(text)
    if match is None:
        if text.startswith("---"):
            return (f"{shown}:1: the front matter has no closing ---; expected a line --- after the "
                    "title: and description: lines")
        return (f"{shown}:1: the page has no front matter; expected it to start with ---, title: ..., "
                "description: ... and --- lines")
    try:
        meta, _ = yaml_source.load(match.group(1), shown, first_line=2)
    except yaml_source.SourceError as error:
        message = error.message
        if "YAML syntax error" in message:
            message = message.replace("YAML syntax error", "the front matter is not valid YAML", 1)
            message = message.split("; expected")[0]
            message += ("; expected key: value lines, with a value that contains \": \" or starts with a quote "
                        "put in double quotes")
        return message
    if not isinstance(meta, dict):
        return f"{shown}:2: found {yaml_source.describe(meta)}; expected title: and description: lines"
    missing = [key for key in REQUIRED_META if not isinstance(meta.get(key), str) or not meta.get(key).strip()]
    if missing:
        return (f"{shown}:1: the front matter has no {' and no '.join(missing)}; expected "
                + " and ".join(f"{key}: ..." for key in missing) + " between --- lines at the top")
    return None
