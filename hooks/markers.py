"""Contact markers: pages cite the registry instead of typing numbers.

Events: on_pre_build makes the theme's template environment (MkDocs' own comes only after the
pages are converted); on_page_markdown replaces each marker with HTML rendered from an overrides/
partial, in the language of the page's source file:

    {{ phone: fia-tip-hotline }}   the first number, as a left-to-right tap-to-call link
    {{ email: fia-helpline }}      the first e-mail, as a mailto link
    {{ web: citizen-portal }}      the first web address, as a link
    {{ card: mrc-pakistan }}       the whole entry (on a line of its own)

An unknown id, an entry that is not active, a marker the entry lacks or a misspelt marker is a
warning naming the page, line and marker, so that `strict` stops the build. The partials are
rendered with autoescape on (hooks/templating.py).
"""

from __future__ import annotations

import logging
import re

import pages
import sitedata
import templating

log = logging.getLogger("mkdocs.hooks.markers")

TEMPLATES = {
    "phone": "partials/contact-phone.html",
    "email": "partials/contact-email.html",
    "web": "partials/contact-web.html",
    "card": "partials/contact-card.html",
}
_state: dict = {"env": None}


def on_pre_build(*, config) -> None:
    _state["env"] = templating.escape_by_default(config.theme.get_env(), config)


def expand(markdown: str, page, config) -> str:
    registry = sitedata.contacts(config)
    language = page.file.locale
    ui = sitedata.strings(config, language)
    where = pages.source(page)

    def replace(match: re.Match) -> str:
        marker, entry_id = match.group("kind"), match.group("id")
        at = f"{where}:{pages.line_of(markdown, match.start(), page)}: {match.group(0)}"
        if marker not in TEMPLATES:
            log.warning(f'{at}: unknown marker kind "{marker}"; expected one of: {", ".join(TEMPLATES)}')
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
        needs = {"phone": entry.phones, "email": entry.emails, "web": entry.web}.get(marker, True)
        if not needs:
            log.warning(f'{at}: the contact "{entry_id}" has no {marker}; expected a marker kind it has '
                        f"(card shows everything it has)")
            return match.group(0)
        html = _state["env"].get_template(TEMPLATES[marker]).render(entry=entry, lang=language, ui=ui, config=config)
        # A raw HTML block in Markdown ends at a blank line: keep the rendered card in one block.
        return "\n".join(line for line in html.strip().splitlines() if line.strip())

    return pages.MARKER.sub(replace, markdown)


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    return expand(markdown, page, config)
