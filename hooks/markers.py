"""Contact markers: pages cite the registry instead of typing numbers.

Events: on_pre_build makes the theme's template environment (MkDocs' own comes only after the
pages are converted); on_page_markdown replaces each marker with HTML rendered from an overrides/
partial, in the language of the page's source file:

    {{ phone: fia-tip-hotline }}   the first number, as a left-to-right tap-to-call link
    {{ email: fia-helpline }}      the first e-mail, as a mailto link
    {{ web: citizen-portal }}      the first web address, as a link
    {{ card: mrc-pakistan }}       the whole entry (on a line of its own)

An unknown id, an entry that is not active, a kind the entry lacks or a misspelt marker is a
warning naming the page, line and marker, so that `strict` stops the build.
"""

from __future__ import annotations

import logging
import re

import sitedata

log = logging.getLogger("mkdocs.hooks.markers")

MARKER = re.compile(r"\{\{\s*(?P<kind>[A-Za-z_]+)\s*:\s*(?P<id>[^}\s]*)\s*\}\}")
TEMPLATES = {
    "phone": "partials/contact-phone.html",
    "email": "partials/contact-email.html",
    "web": "partials/contact-web.html",
    "card": "partials/contact-card.html",
}
_env = None


def on_pre_build(config):
    global _env
    _env = config.theme.get_env()


def line_of(markdown: str, offset: int, page) -> int:
    """The line in the source file (front matter included) of a character of the page's Markdown."""
    source = page.file.content_string
    body_start = source.find(markdown[:200]) if markdown else -1
    lead = source[:body_start].count("\n") if body_start > 0 else 0
    return lead + markdown.count("\n", 0, offset) + 1


def expand(markdown: str, page, config) -> str:
    registry = sitedata.contacts(config)
    language = page.file.locale
    ui = sitedata.strings(config, language)
    where = f"docs/{page.file.src_uri}"

    def replace(match: re.Match) -> str:
        kind, entry_id = match.group("kind"), match.group("id")
        at = f"{where}:{line_of(markdown, match.start(), page)}: {match.group(0)}"
        if kind not in TEMPLATES:
            log.warning(f'{at}: unknown marker kind "{kind}"; expected one of: {", ".join(TEMPLATES)}')
            return match.group(0)
        entry = registry.by_id.get(entry_id)
        if entry is None:
            ids = ", ".join(c.id for c in registry.active)
            log.warning(f'{at}: unknown contact id "{entry_id}"; expected an id from '
                        f"{config.extra['registry']}: {ids}")
            return match.group(0)
        if not entry.active:
            log.warning(f'{at}: the contact "{entry_id}" is {entry.status} and is not shown on the site; '
                        "expected an active entry" + (f" (check its notes in {config.extra['registry']})"))
            return match.group(0)
        needs = {"phone": entry.phones, "email": entry.emails, "web": entry.web}.get(kind, True)
        if not needs:
            log.warning(f'{at}: the contact "{entry_id}" has no {kind}; expected a marker kind it has '
                        f"(card shows everything it has)")
            return match.group(0)
        html = _env.get_template(TEMPLATES[kind]).render(entry=entry, lang=language, ui=ui, config=config)
        # A raw HTML block in Markdown ends at a blank line: keep the rendered card in one block.
        return "\n".join(line for line in html.strip().splitlines() if line.strip())

    return MARKER.sub(replace, markdown)


def on_page_markdown(markdown, page, config, files):
    return expand(markdown, page, config)
