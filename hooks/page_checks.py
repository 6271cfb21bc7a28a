"""Page checks: no stale or broken contact hides in a page.

Events: on_page_markdown (before the markers are expanded) checks the front matter (MkDocs
silently drops front matter that is not valid YAML) and finds phone numbers typed into the text
with libphonenumber's PhoneNumberMatcher; on_page_content checks every tel:, sms:, mailto: and
https://wa.me/ link with the same rules as the registry, warns about http:// links, and rejects
raw HTML that could run code (<script>, <iframe>, <object>, <embed>, <style>, on...= handlers,
javascript: links): a pull request must not be able to put script on a safety site. Each
problem is a warning naming the page and line, so `strict` stops the build. Internal links and
anchors are left to MkDocs' own `validation:` settings.
"""

from __future__ import annotations

import datetime as dt
import logging
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import phonenumbers
import yaml
from mkdocs.plugins import event_priority

import checks
import markers
import sitedata

log = logging.getLogger("mkdocs.hooks.page_checks")


def _where(page, needle: str) -> str:
    """`docs/<file>:<line>` of the first place the page's source contains `needle` (any case)."""
    source = page.file.content_string
    offset = source.lower().find(needle.lower())
    line = source.count("\n", 0, offset) + 1 if offset >= 0 else 1
    return f"docs/{page.file.src_uri}:{line}"


REQUIRED_META = ("title", "description")


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


def check_front_matter(page) -> None:
    source = page.file.content_string
    where = f"docs/{page.file.src_uri}"
    lines = source.splitlines()
    if lines and lines[0].strip() == "---":
        end = next((n for n, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), None)
        if end is None:
            log.warning(f"{where}:1: the front matter has no closing ---; expected a line --- after the "
                        "title: and description: lines")
            return
        try:
            yaml.safe_load("\n".join(lines[1:end]))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark else 2
            log.warning(f"{where}:{line}: the front matter is not valid YAML ({getattr(error, 'problem', error)}), "
                        "so its title and description are ignored; expected key: value lines, with a value "
                        'that contains ": " or starts with a quote put in double quotes')
            return
    missing = [key for key in REQUIRED_META if not page.meta.get(key)]
    if missing:
        log.warning(f"{where}:1: the front matter has no {' and no '.join(missing)}; expected "
                    + " and ".join(f"{key}: ..." for key in missing) + " between --- lines at the top")


@event_priority(10)  # before markers.py turns markers into links
def on_page_markdown(markdown, page, config, files):
    check_front_matter(page)
    registry = sitedata.contacts(config)
    known = registry.numbers()
    text = markers.MARKER.sub(lambda m: " " * len(m.group(0)), markdown)
    for match in typed_numbers(text):
        typed = match.raw_string
        at = f"docs/{page.file.src_uri}:{markers.line_of(markdown, match.start, page)}"
        try:
            number = checks.parse_number(typed)
        except checks.NumberProblem as problem:
            log.warning(f'{at}: a phone number is typed in the text: {problem}. Expected a marker such as '
                        "{{ phone: ID }} citing data/contacts.yaml")
            continue
        entry = known.get(number.key)
        if entry:
            log.warning(f'{at}: the number "{typed}" is typed in the text; expected the marker '
                        f"{{{{ phone: {entry.id} }}}}, so that it changes in one place")
        else:
            log.warning(f'{at}: the number "{typed}" is not in {config.extra["registry"]}; expected only '
                        "numbers from the registry, cited with {{ phone: ID }} (add it there with its source first)")
    return markdown


UNSAFE_TAGS = ("script", "iframe", "object", "embed", "style", "frame", "frameset", "applet", "base", "form")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.unsafe: list[tuple[str, str]] = []  # (what to search in the source, what is wrong)

    def handle_starttag(self, tag, attrs):
        if tag in UNSAFE_TAGS:
            self.unsafe.append((f"<{tag}", f"raw HTML <{tag}> is not allowed in pages"))
        for name, value in attrs:
            if name.startswith("on"):
                self.unsafe.append((f"{name}=", f'the HTML attribute {name}="..." runs script and is not allowed'))
            if name in ("href", "src", "action", "formaction", "data") and value:
                if value.strip().lower().replace("\t", "").startswith(("javascript:", "vbscript:", "data:text/html")):
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
        problem = checks.email_problem(address)
        if problem:
            return f"mailto: link {problem}"
        if address not in {e.address for c in registry.active for e in c.emails}:
            return f'mailto: link to "{address}", which is not an active e-mail in the registry; expected {{{{ email: ID }}}}'
        return None
    if scheme == "https" and parts.netloc.lower() in ("wa.me", "www.wa.me"):
        return _registered("WhatsApp", "+" + parts.path.strip("/"), registry, "mobile")
    if scheme == "http":
        return checks.url_problem(href)
    return None


def on_page_content(html, page, config, files):
    registry = sitedata.contacts(config)
    parser = _Links()
    parser.feed(html)
    for needle, problem in parser.unsafe:
        log.warning(f"{_where(page, needle)}: {problem}; expected Markdown only (text, links, lists, "
                    "headings): the site must never carry script from a page")
    for href in parser.hrefs:
        problem = link_problem(href, registry)
        if problem:
            log.warning(f"{_where(page, href)}: {problem}")
    return html
