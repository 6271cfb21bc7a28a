"""The service worker (offline reading and updates), and for now the check that nothing loads from another host.

Events: on_post_page checks every page's output for a script, stylesheet, font, image, frame or
other resource that would load from another host, or from a root-absolute path that breaks in a
sub-folder mirror (a warning, so `strict` stops the build; links the reader chooses to follow
are fine); on_post_build, once every language is built, moves the service worker
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
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.plugins import event_priority

import locales

log = logging.getLogger("mkdocs.hooks.service_worker")

KEEP_SIZE = re.compile(r'(<bdi class="keep__size" dir="ltr">)[^<]*(</bdi>)')
NOT_KEPT = {"404.html", "sw.js", "sitemap.xml", "sitemap.xml.gz"}

# element -> attributes that make the browser fetch something without the reader asking
LOADS = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",), "embed": ("src",),
    "object": ("data",), "audio": ("src",), "video": ("src", "poster"), "source": ("src", "srcset"),
    "track": ("src",), "input": ("src",), "image": ("href",),
}
LINK_LOADS = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload",
              "manifest", "apple-touch-icon"}  # rel is split into words: "shortcut icon" is covered by "icon"
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)")


def foreign(url: str) -> bool:
    """Loads from another host (or a root-absolute path, which breaks in a sub-folder mirror)."""
    url = url.strip()
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:)?//", url, re.I)) or (url.startswith("/") and not url.startswith("//")) \
        or (re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) is not None and not url.lower().startswith(("data:", "blob:")))


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "style":
            self._in_style = True
        urls = []
        if tag == "link" and set((values.get("rel") or "").lower().split()) & LINK_LOADS:
            urls.append(values.get("href") or "")
        for attr in LOADS.get(tag, ()):
            value = values.get(attr) or ""
            urls += [part.strip().split(" ")[0] for part in value.split(",")] if attr == "srcset" else [value]
        style = values.get("style") or ""
        urls += [a or b for a, b in CSS_URL.findall(style)]
        self.found += [f"<{tag}> {url}" for url in urls if url and foreign(url)]

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found += [f"<style> {a or b}" for a, b in CSS_URL.findall(data) if foreign(a or b)]


def third_party_resources(html: str) -> list[str]:
    parser = _Resources()
    parser.feed(html)
    return parser.found


def _report(output: str, where: str, source: str) -> None:
    for resource in third_party_resources(output):
        log.warning(f"{where}: the page would load {resource} from outside this site; expected only the "
                    "site's own files, by relative path (no CDN, fonts, analytics or root-absolute paths); "
                    f"the source is {source}")


def on_post_page(output, page, config):
    _report(output, page.file.dest_uri, f"docs/{page.file.src_uri} or a template in overrides/")
    return output


@event_priority(-200)  # after static-i18n (which builds the other languages) and the offline plugin
def on_post_build(config):
    if getattr(config.plugins["i18n"], "building", False):
        return  # a nested build of one language: wait for the outer one, when every language is there
    site = Path(config.site_dir)
    for template in sorted(site.glob("*.html")):
        if template.name in {"404.html"}:  # theme templates: no page events run for them
            _report(template.read_text("utf-8"), template.name, f"overrides/{template.name}")
    source = site / "assets" / "sw.js"
    worker = source.read_text("utf-8")
    source.unlink()
    languages = [{"prefix": lang.prefix, "files": kept_files(site, lang.prefix)} for lang in locales.site_languages(config)]
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
