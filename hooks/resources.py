"""Resources a page would load without the reader asking (scripts, styles, fonts, images, frames,
CSS url() and @import), and whether they come from another host or a root-absolute path (which
breaks on a mirror in a sub-folder). Not a hook: hooks/output_audit.py reports what it finds.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

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
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:)?//", url, re.I)) \
        or (url.startswith("/") and not url.startswith("//")) \
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
