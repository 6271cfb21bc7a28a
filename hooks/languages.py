"""Languages: right-to-left on the <html> element, and pages missing in a language.

Events: on_env gives the templates the site's languages (for the switcher in
overrides/partials/alternate.html); on_page_context notes each page shown in another language's text (a fallback: static-i18n
puts the English page under /ur/ when docs/ur/ lacks it; overrides/main.html shows the notice);
on_post_page copies the direction mkdocs-material puts on <body> onto <html>, where the W3C wants
it, so that <html lang="ur" dir="rtl">; on_post_build lists the fallback pages of the language just
built, as a warning (so `strict` fails) unless mkdocs.yml sets extra.missing_translations: info.
"""

from __future__ import annotations

import logging
import re

import sitedata

log = logging.getLogger("mkdocs.hooks.languages")

HTML_TAG = re.compile(r"<html\b([^>]*)>")
BODY_DIR = re.compile(r"<body\b[^>]*\bdir=\"(ltr|rtl)\"")
_fallbacks: list[str] = []


def on_pre_build(config):
    _fallbacks.clear()


def on_env(env, config, files):
    built = [lang for lang in config.plugins["i18n"].config.languages if lang.build and lang.locale != "null"]
    env.globals["site_languages"] = [{"locale": lang.locale, "name": lang.name, "home": lang.link.lstrip("/") + "index.html"}
                                     for lang in built]
    env.globals["build_language"] = sitedata.current_language(config)
    return env


def on_page_context(context, page, config, nav):
    if page.file.locale != sitedata.current_language(config):
        _fallbacks.append(page.file.src_uri.split("/", 1)[-1])  # en/only-english.md -> only-english.md
    return context


def on_post_page(output, page, config):
    body = BODY_DIR.search(output)
    if body:
        direction = body.group(1)
        output = HTML_TAG.sub(lambda m: m.group(0) if "dir=" in m.group(1)
                              else f'<html{m.group(1)} dir="{direction}">', output, count=1)
    return output


def on_post_build(config):
    if not _fallbacks:
        return
    language, default = sitedata.current_language(config), sitedata.default_language(config)
    level = logging.INFO if config.extra.get("missing_translations") == "info" else logging.WARNING
    missing = ", ".join(f"docs/{language}/{name}" for name in sorted(_fallbacks))
    log.log(level, f"{len(_fallbacks)} page(s) missing in {language}, shown in {default} with a notice instead: "
                   f"{missing}; expected a {language} version of each (copy the docs/{default}/ page and translate it)")
