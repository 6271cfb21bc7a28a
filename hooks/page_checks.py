"""Page checks: no stale or broken contact, and no markup that could act, hides in a page.

Events: on_page_markdown (before the markers are expanded) finds misspelt markers, which would
reach readers as they are, and phone numbers typed into the text: the page is rendered without
its markers and read as text (so "0300 **123** 4567" and "&#48;300 ..." are found too) with
libphonenumber's PhoneNumberMatcher, and every registry short code, shown or not, is looked for as
a word. on_page_content checks raw HTML against the allowlist of hooks/html_policy.py (no script,
no style, no forms, no on...= handlers) and every tel:, sms:, mailto:, WhatsApp and http:// link
with the same rules as the registry. Each problem is a warning naming the page and line, so
`strict` stops the build. Front matter is checked before MkDocs reads it (hooks/source_files.py);
internal links and anchors are left to MkDocs' own `validation:` settings.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import markdown as python_markdown
import phonenumbers
from mkdocs.plugins import event_priority

import checks
import html_policy
import pages
import sitedata

log = logging.getLogger("mkdocs.hooks.page_checks")


def typed_numbers(text: str) -> list:
    """Phone numbers in running text (libphonenumber's matcher, lenient so that 111-345-786 is found),
    leaving out calendar dates such as 2026-11-23, which the matcher would otherwise report."""
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, checks.REGION, leniency=phonenumbers.Leniency.POSSIBLE):
        try:
            dt.date.fromisoformat(match.raw_string.strip())
        except ValueError:
            found.append(match)
    return found


class _Text(HTMLParser):
    """The text a reader sees, one string per source line (the renderer keeps line breaks), with
    character references decoded and digits of any script folded to ASCII."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def text(self) -> str:
        try:
            return checks.fold_digits("".join(self.parts))
        except checks.NumberProblem:
            return "".join(self.parts)


def rendered_text(markdown: str, config) -> str:
    html = python_markdown.markdown(markdown, extensions=config.markdown_extensions,
                                    extension_configs=config.mdx_configs)
    parser = _Text()
    parser.feed(html)
    return parser.text()


def _line(page, markdown: str, typed: str) -> str:
    """`docs/<file>:<line>` of a typed number: where its first group of digits stands in the source."""
    first = re.search(r"\d+", typed)
    offset = markdown.find(first.group(0)) if first else -1
    line = pages.line_of(markdown, offset, page) if offset >= 0 else pages.line_of(markdown, 0, page)
    return f"{pages.source(page)}:{line}"


@event_priority(10)  # before markers.py turns markers into links
def on_page_markdown(markdown: str, *, page, config, files) -> str:
    registry = sitedata.contacts(config)
    blank = pages.MARKER.sub(lambda m: " " * len(m.group(0)), markdown)
    reported = set()
    for near in pages.NEAR_MARKER.finditer(blank):
        line = pages.line_of(markdown, near.start(), page)
        if line in reported:
            continue
        reported.add(line)
        text = markdown[near.start():markdown.find("\n", near.start())].strip()[:40]
        log.warning(f'{pages.source(page)}:{line}: found "{text}", which looks like a misspelt contact marker and '
                    "would be shown to readers as it is; expected {{ phone: ID }}, {{ email: ID }}, "
                    "{{ web: ID }} or {{ card: ID }}")
    text = rendered_text(blank, config)
    everything = registry.all_numbers()
    for match in typed_numbers(text):
        _typed(page, markdown, match.raw_string, registry, config)
    for code, entry in everything.items():  # two-digit codes (15) read like dates and counts: left out
        if code.isdigit() and len(code) >= 4 and re.search(rf"(?<![\d.,/-]){code}(?![\d.,/-])", text):
            where = _line(page, markdown, code)
            if entry.active:
                log.warning(f'{where}: the short code "{code}" is typed in the text; expected the marker '
                            f"{{{{ phone: {entry.id} }}}}, so that it changes in one place")
            else:
                log.warning(f'{where}: the number "{code}" of the contact "{entry.id}" is typed in the text, but '
                            f"that contact is {entry.status} and not shown; expected only active contacts, "
                            "cited with {{ phone: ID }}")
    return markdown


def _typed(page, markdown: str, typed: str, registry, config) -> None:
    at = _line(page, markdown, typed)
    try:
        number = checks.parse_number(typed)
    except checks.NumberProblem as problem:
        log.warning(f"{at}: a phone number is typed in the text: {problem}. Expected a marker such as "
                    "{{ phone: ID }} citing data/contacts.yaml")
        return
    entry = registry.all_numbers().get(number.key)
    if entry and entry.active:
        log.warning(f'{at}: the number "{typed}" is typed in the text; expected the marker '
                    f"{{{{ phone: {entry.id} }}}}, so that it changes in one place")
    elif entry:
        log.warning(f'{at}: the number "{typed}" of the contact "{entry.id}" is typed in the text, but that '
                    f"contact is {entry.status} and not shown; expected only active contacts, cited with "
                    "{{ phone: ID }}")
    else:
        log.warning(f'{at}: the number "{typed}" is not in {config.extra["registry"]}; expected only '
                    "numbers from the registry, cited with {{ phone: ID }} (add it there with its source first)")


class _Links(HTMLParser):
    """Raw HTML in a page, against the allowlist of hooks/html_policy.py, and the links to check."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.unsafe: list[tuple[str, str]] = []  # (what to search in the source, what is wrong)

    def handle_starttag(self, tag, attrs):
        allowed = html_policy.allowed_attributes(tag, document=False)
        if allowed is None:
            self.unsafe.append((f"<{tag}", f"raw HTML <{tag}> is not allowed in pages"))
            allowed = set()
        for name, value in attrs:
            if name.startswith("on"):
                self.unsafe.append((f"{name}=", f'the HTML attribute {name}="..." runs script and is not allowed'))
            elif name not in allowed:
                self.unsafe.append((f" {name}", f'the HTML attribute {name}="..." is not allowed in pages'))
            elif name == "id" and html_policy.RESERVED_ID.match(value or ""):
                self.unsafe.append((value, f'the id "{value}" belongs to the site\'s own layout '
                                           "and is not allowed in pages"))
            if name in ("href", "src", "action", "formaction", "data") and value:
                if value.strip().lower().replace("\t", "").startswith(("javascript:", "vbscript:", "data:")):
                    self.unsafe.append((value[:20], f'the link "{value[:40]}" runs script and is not allowed'))
                elif name in ("href", "src"):
                    self.hrefs.append(value)


def _registered(label: str, text: str, registry, kind: str | None = None) -> str | None:
    """A link's number must be valid (for its kind) and an active number of the registry."""
    try:
        number = checks.parse_number(text, kind)
    except checks.NumberProblem as problem:
        return f"{label} link {problem}"
    if number.key not in registry.numbers():
        return f'{label} link to "{text}", which is not an active number in the registry; expected a marker'
    return None


def link_problem(href: str, registry) -> str | None:
    """What is wrong with a contact link, or None."""
    parts = urlsplit(href)
    scheme = parts.scheme.lower()
    if scheme in ("tel", "sms"):
        return _registered(f"{scheme}:", unquote(parts.path), registry)
    if scheme == "mailto":
        address = unquote(parts.path)
        if parts.query or "?" in href:
            return (f'mailto: link "{href}" carries parameters, which can copy the message to someone else; '
                    "expected mailto:address only, through {{ email: ID }}")
        problem = checks.email_problem(address)
        if problem:
            return f"mailto: link {problem}"
        if address not in {e.address for c in registry.active for e in c.emails}:
            return (f'mailto: link to "{address}", which is not an active e-mail in the registry; '
                    "expected {{ email: ID }}")
        return None
    if scheme == "https" and parts.netloc.lower() in ("wa.me", "www.wa.me"):
        return _registered("WhatsApp", "+" + parts.path.strip("/"), registry, "mobile")
    if scheme in ("http", "https"):
        return checks.url_problem(href)
    return None


def on_page_content(html: str, *, page, config, files) -> str:
    registry = sitedata.contacts(config)
    parser = _Links()
    parser.feed(html)
    for needle, problem in parser.unsafe:
        log.warning(f"{pages.where(page, needle)}: {problem}; expected Markdown only (text, links, lists, "
                    "headings): the site must never carry script from a page")
    for href in parser.hrefs:
        problem = link_problem(href, registry)
        if not problem and not href.startswith("http:"):
            problem = html_policy.url_problem(href)
        if problem:
            log.warning(f"{pages.where(page, href)}: {problem}")
    return html
