"""What HTML the site may ship: the allowlists that the page checks and the output audit share. Not a hook.

CONTENT is what a page's Markdown may turn into (Python-Markdown's output, the admonition and
attr_list extensions, a few inline elements for language and numbers). DOCUMENT adds what the
templates in overrides/ write around it. Anything else, and every attribute not listed for its
element (so every on...=, style=, ping=, srcdoc=, formaction=, form=), is refused. Links may only
be https:, tel:, sms:, mailto: (with no ?parameters) or relative to the site.
"""

from __future__ import annotations

import re
from fnmatch import fnmatch
from urllib.parse import urlsplit

import checks

GLOBAL = {"id", "class", "lang", "dir", "title"}
CONTENT: dict[str, set[str]] = {
    **{tag: set() for tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li", "strong", "em", "b", "i",
                              "code", "pre", "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "div",
                              "span", "bdi", "abbr", "sup", "sub", "small", "dl", "dt", "dd", "q", "cite", "s")},
    "a": {"href", "hreflang", "rel"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
}
TEMPLATE: dict[str, set[str]] = {
    "html": set(), "head": set(), "title": set(), "body": set(), "style": set(),
    "meta": {"charset", "name", "content", "http-equiv"},
    "link": {"rel", "href", "hreflang"},
    "script": {"src", "defer"},
    "header": set(), "footer": set(), "main": set(), "article": set(), "figure": set(), "figcaption": set(),
    "nav": {"aria-label", "aria-labelledby"},
    "section": {"aria-labelledby", "hidden", "data-prefix", "data-progress", "data-done", "data-failed"},
    "button": {"type"},
    "a": {"href", "hreflang", "rel", "download", "aria-current"},
    "p": {"role"},
    "ol": {"aria-live"},
    "form": {"role", "hidden", "data-base", "data-default-lang", "data-index", "data-lang", "data-none"},
    "label": {"for"},
    "input": {"type", "autocomplete", "spellcheck"},
    # the QR code of the printable card (segno's inline SVG)
    "svg": {"xmlns", "width", "height", "viewbox", "role", "aria-label"}, "path": {"d", "stroke", "transform", "fill"},
}
META = {("charset", "utf-8"), ("name", "viewport"), ("http-equiv", "content-security-policy"), ("name", "referrer"),
        ("name", "description"), ("name", "theme-color")}
LINK_RELS = {"icon", "alternate"}
SCHEMES = {"https", "tel", "sms", "mailto"}
RESERVED_ID = re.compile(r"^site-")  # ids the templates use; a page may not imitate them

# Files the build may ship, relative to site/ (a language's folder may prefix the per-language ones).
SHIPPED = ("*.html", "assets/site.js", "assets/minisearch.js", "sw.js", "numbers.vcf", "*/numbers.vcf",
           "search/*.js", "search/*.json", "sitemap.xml", "sitemap.xml.gz",
           "contacts.json", "contacts.vcf", "contacts-json.schema.json", "*/contacts.json", "*/contacts.vcf",
           "*/contacts-json.schema.json")


def allowed_attributes(tag: str, document: bool) -> set[str] | None:
    """The attributes `tag` may carry, or None when the element itself is not allowed."""
    content = CONTENT.get(tag)
    template = TEMPLATE.get(tag) if document else None
    if content is None and template is None:
        return None
    return GLOBAL | (content or set()) | (template or set())


def url_problem(url: str) -> str | None:
    """Why a link or source is not allowed, or None."""
    value = url.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in url.strip()):
        return f'the address "{url[:60]}" contains spaces or control characters'
    if value.startswith("//"):
        return (f'the address "{value[:60]}" leads to another host without saying how (//); '
                "expected https:// or a relative link")
    parts = urlsplit(value)
    if parts.scheme:
        scheme = parts.scheme.lower()
        if scheme not in SCHEMES:
            return (f'the link "{value[:40]}" uses {scheme}:, which the site does not allow; '
                    "expected https:, tel:, sms:, mailto: or a relative link")
        if scheme == "mailto" and (parts.query or "?" in value):
            return (f'the e-mail link "{value[:60]}" carries parameters, which can copy the message to someone else; '
                    "expected mailto:address only")
        if scheme == "https":
            return checks.url_problem(value)  # the registry's own rules for a web address
        return None
    if value.startswith("/"):
        return (f'the address "{value[:60]}" starts at the server root, which breaks on a mirror in a sub-folder; '
                "expected a relative link")
    return None


def shipped(relative: str) -> bool:
    return any(fnmatch(relative, pattern) for pattern in SHIPPED)
