"""Helpline table and "get help now" strip on every page, from data/contacts.yaml.

Events: on_config checks the registry (a mistake stops the build, naming file and line; a stale
entry is a warning, which `strict` turns into a failure) and the interface strings; on_env hands
every template of the language being built (pages and 404.html alike) the active entries, that
language's strings and the date the list was last checked. The HTML is in
overrides/partials/help-strip.html and overrides/partials/helplines.html.
"""

from __future__ import annotations

import logging

import sitedata

log = logging.getLogger("mkdocs.hooks.helplines")


def on_config(config):
    registry = sitedata.contacts(config)  # raises RegistryError (file:line: ...) on any mistake
    if sitedata.current_language(config) == sitedata.default_language(config):
        for warning in registry.warnings:
            log.warning(warning)
        for problem in sitedata.missing_strings(config):
            log.warning(problem)
    return config


def on_env(env, *, config, files):
    registry = sitedata.contacts(config)
    language = sitedata.current_language(config)
    ui = sitedata.strings(config, language)
    short_codes = [p.display for c in registry.active for p in c.phones if p.kind == "short_code"]
    env.globals.update(
        helplines=registry.active,
        urgent_helplines=registry.urgent,
        ui=ui,
        ui_for=lambda code: sitedata.strings(config, code),
        helplines_intro=ui["helplines_intro"].format(numbers=ui["list_separator"].join(short_codes)),
        helplines_checked=ui["last_checked"].format(date=sitedata.long_date(registry.last_checked, language)),
        helplines_checked_iso=registry.last_checked.isoformat(),
    )
    return env
