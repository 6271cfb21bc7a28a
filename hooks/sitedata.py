"""What the hooks share: the site's languages, the checked registry and the interface strings.

Not a hook itself. Languages come only from mkdocs.yml (the i18n plugin's `languages`), the
registry only from data/contacts.yaml, the strings only from data/strings.yaml.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Mapping

from babel.dates import format_date
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

import locales
import registry
import registry_model
import schema_messages
import yaml_source


def root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def languages(config: MkDocsConfig) -> tuple[str, ...]:
    """The locales of mkdocs.yml, default language first (hooks/locales.py)."""
    return tuple(lang.locale for lang in locales.site_languages(config))


def complete_languages(config: MkDocsConfig) -> tuple[str, ...]:
    """Languages that must have every page, registry text and string (extra.complete_languages)."""
    listed = config.extra.get("complete_languages")
    return tuple(code for code in languages(config) if listed is None or code in listed)


def default_language(config: MkDocsConfig) -> str:
    return languages(config)[0]


def current_language(config: MkDocsConfig) -> str:
    """The language being built (read in page events; it is None before the first build starts)."""
    return config.plugins["i18n"].current_language or default_language(config)


def language_folder(config: MkDocsConfig) -> Path:
    """Where the language being built is written: static-i18n keeps site_dir and prefixes the files."""
    return Path(config.site_dir) / locales.by_locale(config, current_language(config)).prefix


def contacts(config: MkDocsConfig) -> registry_model.Registry:
    path = root(config) / config.extra["registry"]
    return registry.load(path, languages(config), display_name=config.extra["registry"],
                         required=complete_languages(config))


def strings(config: MkDocsConfig, language: str) -> Mapping[str, str]:
    """The interface strings for `language`, the default language filling any gap."""
    table = _strings(config)
    merged = dict(table.get(default_language(config), {}))
    merged.update(table.get(language, {}))
    return merged


def missing_strings(config: MkDocsConfig) -> list[str]:
    shown = config.extra["strings"]
    table = _strings(config)
    reference = table.get(default_language(config), {})
    problems = []
    for code in complete_languages(config):
        if code not in table:
            problems.append(f'{shown}: the language "{code}" has no block; expected '
                            f"{code}: with every key of {default_language(config)}:")
            continue
        for key in reference:
            if key not in table[code]:
                problems.append(f'{shown}: {code}: the key "{key}" is missing; expected '
                                f'{key}: with the {code} text for "{reference[key]}"')
    return problems


STRINGS_SCHEMA = Path(__file__).resolve().parent.parent / "data" / "strings.schema.json"


@functools.lru_cache(maxsize=4)
def _load_strings(path: Path, _mtime: int, shown: str, languages: tuple[str, ...]) -> dict:
    data, lines = yaml_source.load(path.read_bytes(), shown)
    schema = json.loads(STRINGS_SCHEMA.read_text("utf-8"))
    problems = [f"{shown}:{lines.line(where)}: {yaml_source.field(where)}: {message}"
                for where, message in schema_messages.problems(data, schema, "data/strings.schema.json")]
    problems += [f"{shown}:{line}: {yaml_source.field(parent + (key,))}: the key appears twice; expected it once"
                 for parent, key, line in lines.duplicates]
    if isinstance(data, dict) and not problems:
        reference = data.get(languages[0], {})
        for code, block in data.items():
            if code not in languages:
                problems.append(f'{shown}:{lines.line((code,))}: found the language "{code}", which the site does '
                                f"not have; expected one of: {', '.join(languages)} (mkdocs.yml)")
            for key in block:
                if key not in reference:
                    problems.append(f'{shown}:{lines.line((code, key))}: {code}.{key}: unknown key "{key}"; expected '
                                    f"one of the keys of {languages[0]}:")
    if not isinstance(data, dict):
        problems.append(f"{shown}:1: found {yaml_source.describe(data)}; expected one block per language code, "
                        "each with key: text lines")
    if problems:
        raise PluginError("\n".join(problems))
    return data


def _strings(config: MkDocsConfig) -> dict:
    shown = config.extra["strings"]
    path = root(config) / shown
    return _load_strings(path, path.stat().st_mtime_ns, shown, languages(config))


def long_date(date, language: str) -> str:
    return format_date(date, format="long", locale=language)
