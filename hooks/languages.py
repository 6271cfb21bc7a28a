"""Languages: the switcher's data, and pages missing in a language.

Events: on_env gives the templates the site's languages and the one being built (for the
switcher in overrides/partials/alternate.html and the home link); on_page_context notes each page
shown in another language's text (a fallback: static-i18n puts the English page under /ur/ when
docs/ur/ lacks it, and overrides/main.html shows the notice); on_post_build lists the fallback
pages of the language just built: a warning (so `strict` fails) for a language listed in
extra.complete_languages; for a language still being brought up, a notice printed at WARNING
level on the "site" logger, which tools/build.py shows but MkDocs' strict count does not see. A translated page
whose source_hash no longer matches the default-language page (hooks/translation_status.py) gets
translation_outdated, and overrides/main.html shows a notice linking to the newer page.
"""

from __future__ import annotations

import logging
from pathlib import Path

import locales
import sitedata
import translation_status

log = logging.getLogger("mkdocs.hooks.languages")
notice = logging.getLogger("site.languages")  # shown by tools/build.py, not counted by `strict`

_state: dict = {"fallbacks": []}


def on_pre_build(*, config) -> None:
    _state["fallbacks"] = []


def on_env(env, *, config, files):
    """site_languages: every Language of hooks/locales.py (locale, name, direction, prefix, home);
    language: the one being built. (The url filter resolves from the site root, so a file of this
    language's folder is written `language.prefix ~ name`.)"""
    env.globals["site_languages"] = locales.site_languages(config)
    env.globals["language"] = locales.by_locale(config, sitedata.current_language(config))
    return env


def on_page_context(context, *, page, config, nav):
    language, default = sitedata.current_language(config), sitedata.default_language(config)
    name = page.file.src_uri.split("/", 1)[-1]  # en/only-english.md -> only-english.md
    if page.file.locale != language:
        _state["fallbacks"].append(name)
    elif language != default:
        status = translation_status.page_status(Path(config.docs_dir), default, language, name)
        context["translation_outdated"] = status == "outdated"
    return context


def on_post_build(*, config) -> None:
    fallbacks = _state["fallbacks"]
    if not fallbacks:
        return
    language, default = sitedata.current_language(config), sitedata.default_language(config)
    logger = log if language in sitedata.complete_languages(config) else notice
    missing = ", ".join(f"docs/{language}/{name}" for name in sorted(fallbacks))
    logger.warning(f"{len(fallbacks)} page(s) missing in {language}, shown in {default} with a notice instead: "
                   f"{missing}; expected a {language} version of each (copy the docs/{default}/ page and translate it)")
