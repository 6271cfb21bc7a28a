"""What the hooks share: the site's languages, the checked registry and the interface strings.

Not a hook itself. Languages come only from mkdocs.yml (the i18n plugin's `languages`), the
registry only from data/contacts.yaml, the strings only from data/strings.yaml.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Mapping

import yaml
from babel.dates import format_date
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

import registry


def root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def languages(config: MkDocsConfig) -> tuple[str, ...]:
    """The locales of mkdocs.yml, default language first."""
    langs = config.plugins["i18n"].config.languages
    ordered = sorted(langs, key=lambda lang: not lang.default)
    return tuple(lang.locale for lang in ordered if lang.locale != "null")


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
    lang = next(lang for lang in config.plugins["i18n"].config.languages if lang.locale == current_language(config))
    return Path(config.site_dir) / lang.link.strip("/")


def contacts(config: MkDocsConfig) -> registry.Registry:
    path = root(config) / config.extra["registry"]
    return registry.load(path, languages(config), display_name=config.extra["registry"],
                         required=complete_languages(config))


def strings(config: MkDocsConfig, language: str) -> Mapping[str, str]:
    """The interface strings for `language`, English (the default language) filling any gap."""
    table = _strings(root(config) / config.extra["strings"], config.extra["strings"])
    merged = dict(table.get(default_language(config), {}))
    merged.update(table.get(language, {}))
    return merged


def missing_strings(config: MkDocsConfig) -> list[str]:
    table = _strings(root(config) / config.extra["strings"], config.extra["strings"])
    reference = table.get(default_language(config), {})
    problems = []
    for code in complete_languages(config):
        if code not in table:
            problems.append(f'{config.extra["strings"]}: the language "{code}" has no block; expected '
                            f"{code}: with every key of {default_language(config)}:")
            continue
        for key in reference:
            if key not in table[code]:
                problems.append(f'{config.extra["strings"]}: {code}: the key "{key}" is missing; expected '
                                f'{key}: with the {code} text for "{reference[key]}"')
    return problems


@functools.lru_cache(maxsize=4)
def _load_strings(path: Path, _mtime: int, shown: str) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise PluginError(f"{shown}:{mark.line + 1 if mark else 1}: YAML syntax error: "
                          f"{getattr(error, 'problem', error)}; expected valid YAML") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise PluginError(f"{shown}:1: expected one block per language code, each with key: text lines")
    return data


def _strings(path: Path, shown: str) -> dict:
    return _load_strings(path, path.stat().st_mtime_ns, shown)


def long_date(date, language: str) -> str:
    return format_date(date, format="long", locale=language)
