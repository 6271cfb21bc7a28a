"""Search index, one small file per language, that works from a memory card (file://) too.

Events: on_pre_build forgets the previous language's pages; on_page_content keeps each page's
title, headings and words: each word of its own content once, in the order met (a match needs no
more, and the file is a third smaller; the helpline table, strip and menu come from templates and
are not in it); on_post_build writes search/<locale>.js, a script that sets
window.__siteSearch = {lang, none, docs: [{u: url from the site root, t: title, h: headings,
x: words}]}. assets/site.js loads it with the vendored MiniSearch (assets/minisearch.js) on first use
and matches whole words (the last word typed as a prefix). A fallback page (another language's
text shown under this language) is left out: the index holds only this language's pages.
"""

from __future__ import annotations

import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import sitedata

_state: dict = {"pages": []}


class _Text(HTMLParser):
    """Headings and plain text of a page's HTML; script and style left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.headings: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3", "h4", "script", "style"):
            self._in.append(tag)
        if tag in ("p", "li", "td", "th", "br", "div", "h1", "h2", "h3", "h4"):
            self.text.append(" ")

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()
            if tag.startswith("h"):
                self.headings.append(" ")

    def handle_data(self, data):
        if "script" in self._in or "style" in self._in:
            return
        (self.headings if self._in else self.text).append(data)


def _squash(parts: list[str]) -> str:
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def words(text: str) -> str:
    """Each word once, split where MiniSearch's tokenizer splits (spaces and punctuation, any script)."""
    cut = "".join(" " if ch.isspace() or unicodedata.category(ch)[0] in "ZP" else ch for ch in text)
    seen: dict[str, str] = {}
    for word in cut.split():
        seen.setdefault(word.casefold(), word)
    return " ".join(seen.values())


def page_entry(html: str, url: str, title: str) -> dict:
    parser = _Text()
    parser.feed(html)
    headings = _squash(parser.headings)
    if headings.startswith(title):
        headings = headings[len(title):].strip()  # the h1 repeats the title
    return {"u": url, "t": title, "h": headings, "x": words(_squash(parser.text))}


def on_pre_build(*, config) -> None:
    _state["pages"] = []


def on_page_content(html: str, /, *, page, config, files) -> str:
    language = sitedata.current_language(config)
    if page.file.locale == language:
        _state["pages"].append(page_entry(html, page.file.dest_uri, page.title or ""))
    return html


def on_post_build(*, config) -> None:
    language = sitedata.current_language(config)
    data = {"lang": language, "none": sitedata.strings(config, language)["search_none"], "docs": _state["pages"]}
    out = Path(config.site_dir) / "search" / f"{language}.js"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    out.write_text(f"window.__siteSearch={text};\n", "utf-8")
