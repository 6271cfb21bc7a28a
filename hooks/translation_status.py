"""Are the translations in step with the default language? Not a hook: languages.py and
tools/translations.py use it.

A translated page records, in its front matter, `source_hash:` the hash of the default-language
page's text it was last brought in line with; a registry entry records `translated: {ur: ...}`,
the hash of all its default-language texts. When the default-language text changes, the hashes no
longer match: the translation is outdated.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from mkdocs.utils.meta import YAML_RE, get_data

TEXT_FIELDS = ("name", "short_name", "purpose", "area", "hours", "cost", "discreet_name")


def digest(text: str) -> str:
    return hashlib.sha256(text.replace("\r\n", "\n").strip().encode("utf-8")).hexdigest()[:12]


def split(source: str) -> tuple[dict, str]:
    """(front matter, body) of a Markdown page, split by MkDocs' own reader."""
    if not YAML_RE.match(source):
        return {}, source
    body, meta = get_data(source)
    match = YAML_RE.match(source)
    return meta, source[match.end():]


def page_hash(path: Path) -> str:
    """The hash of a page's text, front matter included except source_hash itself."""
    meta, body = split(path.read_text("utf-8"))
    meta.pop("source_hash", None)
    return digest(yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + body)


def page_status(docs: Path, default: str, language: str, name: str) -> str:
    source, translation = docs / default / name, docs / language / name
    if not translation.is_file():
        return "missing"
    recorded = split(translation.read_text("utf-8"))[0].get("source_hash")
    if not recorded:
        return "not tracked"
    return "up to date" if str(recorded) == page_hash(source) else "outdated"


def entry_hash(entry: dict, default: str) -> str:
    parts = []
    for field in TEXT_FIELDS:
        if isinstance(entry.get(field), dict) and default in entry[field]:
            parts.append(f"{field}={entry[field][default]}")
    for number, office in enumerate(entry.get("offices") or []):
        for field in ("city", "address"):
            if isinstance(office.get(field), dict) and default in office[field]:
                parts.append(f"offices[{number}].{field}={office[field][default]}")
    return digest("\n".join(parts))


def entry_status(entry: dict, default: str, language: str) -> str:
    texts = [entry.get(field) for field in TEXT_FIELDS if isinstance(entry.get(field), dict)]
    texts += [office.get(f) for office in entry.get("offices") or [] for f in ("city", "address")]
    if any(isinstance(text, dict) and language not in text for text in texts):
        return "missing"
    recorded = (entry.get("translated") or {}).get(language)
    if not recorded:
        return "not tracked"
    return "up to date" if str(recorded) == entry_hash(entry, default) else "outdated"
