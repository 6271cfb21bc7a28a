"""The service worker: offline reading, updates, and "Keep this site on my phone".

Events: on_post_build, once every language is built, moves the service worker
(overrides/assets/sw.js) to the site root, the scope it must have, stamped with a hash of
everything built (a new version replaces the old cache), the files it stores at install (every
language's home page) and, per language (hooks/locales.py), the files "Keep this site on my
phone" stores and their size, which it also writes into that language's control
(overrides/partials/keep-offline.html). assets/site.js registers it over http(s) only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

from mkdocs.plugins import event_priority

import locales

log = logging.getLogger("mkdocs.hooks.service_worker")

KEEP_SIZE = re.compile(r'(<bdi class="keep__size" dir="ltr">)[^<]*(</bdi>)')
NOT_KEPT = {"404.html", "sw.js", "sitemap.xml", "sitemap.xml.gz"}


@event_priority(-200)  # after static-i18n (which builds the other languages) and the offline plugin
def on_post_build(*, config) -> None:
    if getattr(config.plugins["i18n"], "building", False):
        return  # a nested build of one language: wait for the outer one, when every language is there
    site = Path(config.site_dir)
    source = site / "assets" / "sw.js"
    worker = source.read_text("utf-8")
    source.unlink()
    languages = [{"prefix": lang.prefix, "files": kept_files(site, lang.prefix)}
                 for lang in locales.site_languages(config)]
    for lang in languages:
        lang["bytes"] = sum((site / name).stat().st_size for name in lang["files"])
        for page in (site / lang["prefix"]).glob("*.html"):  # wherever the control is placed
            html = page.read_text("utf-8")
            if KEEP_SIZE.search(html):
                page.write_text(KEEP_SIZE.sub(rf"\g<1>{about(lang['bytes'])}\g<2>", html), "utf-8")
    languages.sort(key=lambda lang: -len(lang["prefix"]))  # the worker takes the first prefix that matches
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.name != "sw.js"):
        digest.update(str(path.relative_to(site)).encode())
        digest.update(path.read_bytes())
    homes = [lang.home for lang in locales.site_languages(config)]
    worker = worker.replace("__VERSION__", digest.hexdigest()[:16]).replace(
        "__PRECACHE__", ", ".join(f'"{home}"' for home in homes + ["assets/site.js"])).replace(
        "__LANGUAGES__", json.dumps(languages, separators=(",", ":")))
    (site / "sw.js").write_text(worker, "utf-8")



def kept_files(site: Path, prefix: str) -> list[str]:
    """What "Keep this site on my phone" stores for a language: every file of its folder (pages and
    downloads; the other languages' folders are below it, not in it) and the site's script."""
    folder = site / prefix
    names = [prefix + p.name for p in sorted(folder.iterdir()) if p.is_file() and p.name not in NOT_KEPT]
    return names + ["assets/site.js"]


def about(size: int) -> str:
    """A size as readers see it: "about 420 KB", rounded up to 10 KB (a non-breaking space inside)."""
    return f"{-(-size // 10240) * 10}\u00a0KB"
