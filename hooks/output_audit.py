"""Output audit: what ships is what the templates and the reviewed pages make, and nothing else.

Events: on_post_page notes which source file each page came from; on_post_build (last of all, once
every language is built) parses every HTML file in site/ with html5lib, as a browser would, and
checks it against hooks/html_policy.py: only allowed elements, attributes and link schemes; the
site's own meta, stylesheet (its hash in the CSP) and script only; no id used twice or imitating
the templates'; no resource from another host or a root-absolute path; every tel:/sms:/WhatsApp
link is an active registry number whose visible text is that number as the registry shows it; the
quick exit, the help strip, the helpline table and the script where the templates put them (so no
unclosed or hidden element in a page can swallow them). Files of any other type than the
site's own are refused by name. Every problem fails the build, naming the source it came from
(with the line where it can be found: `docs/en/x.md:12: site/x.html: ...`) and the file that shipped.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import csp
import html_policy
import resources
import sitedata

log = logging.getLogger("mkdocs.hooks.output_audit")

TEMPLATE_SOURCES = {"404.html": "overrides/404.html", "helpline-card.html": "overrides/helpline-card.html",
                    "help-notes.html": "overrides/share.html"}
# What the layout puts on every page, found by id or class, with the chain of parents (nearest first)
# the templates give it, so that no unclosed or hidden element of a page can swallow it.
LANDMARKS = {
    "page": {
        ("id", "site-quick-exit"): ("a", ("nav", "body", "html")),
        ("id", "site-help-strip"): ("nav", ("body", "html")),
        ("id", "site-helplines"): ("section", ("main", "body", "html")),
    },
    "404.html": {
        ("class", "exit"): ("a", ("nav", "body", "html")),
        ("class", "card-list"): ("ul", ("section", "main", "body", "html")),
    },
}
_state: dict = {"sources": {}}  # sources: shipped page -> (its source file, the source's text)


def on_pre_build(*, config) -> None:
    if not getattr(config.plugins["i18n"], "building", False):
        _state["sources"] = {}


def on_post_page(output: str, *, page, config) -> str:
    site = Path(config.site_dir)
    shipped = (site / page.file.dest_uri).resolve().relative_to(site.resolve()).as_posix()
    _state["sources"][shipped] = (f"docs/{page.file.src_uri}", page.file.content_string)
    return output


@event_priority(-300)  # after every other hook, static-i18n's other languages and the downloads
def on_post_build(*, config) -> None:
    if getattr(config.plugins["i18n"], "building", False):
        return  # a nested build of one language: wait for the outer one, when every language is there
    problems = audit(Path(config.site_dir), sitedata.contacts(config), _state["sources"])
    if problems:
        raise PluginError("The output audit refused the build:\n" + "\n".join(problems))


def audit(site: Path, registry, sources: dict[str, tuple[str, str]]) -> list[str]:
    """Every problem of the built site in `site`; `sources` maps each page that a Markdown file made
    (path relative to site/) to that file's name and text."""
    problems: list[str] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if not html_policy.shipped(relative):
            problems.append(f"site/{relative}: a file of a type the site does not ship; expected only pages made "
                            "from Markdown in docs/ (delete the file from docs/)")
        elif relative.endswith(".html"):
            problems += _audit_file(path, relative, registry, sources)
    return problems


def _audit_file(path: Path, relative: str, registry, sources) -> list[str]:
    origin, text = sources.get(relative, (None, None))
    if origin is None and Path(relative).name in TEMPLATE_SOURCES:
        origin = TEMPLATE_SOURCES[Path(relative).name]
    if origin is None:
        return [f"site/{relative}: an HTML file that no page or template made; expected pages only as Markdown "
                "in docs/ (delete the .html file from docs/)"]
    checker = _Audit(relative, origin, text, registry)
    checker.run(path.read_bytes())
    return checker.problems


class _Audit:
    def __init__(self, relative: str, origin: str, source_text: str | None, registry) -> None:
        self.relative, self.origin, self.source_text = relative, origin, source_text
        self.problems: list[str] = []
        self.phones = registry.phones()
        self.whatsapp = {p.whatsapp: p for c in registry.active for p in c.phones if p.whatsapp}

    def problem(self, message: str, needle: str | None = None) -> None:
        where = self.origin
        if self.source_text is not None and needle:
            text = self.source_text
            offset = text.lower().find(needle.lower())
            if offset >= 0:
                where = f"{self.origin}:{text.count(chr(10), 0, offset) + 1}"
        self.problems.append(f"{where}: site/{self.relative}: {message}")

    def run(self, raw: bytes) -> None:
        for resource in resources.third_party_resources(raw.decode("utf-8", "replace")):
            self.problem(f"the page would load {resource} from outside this site; expected only the site's own files, "
                         "by relative path (no CDN, fonts, analytics or root-absolute paths)",
                         resource.split(" ", 1)[1][:30])
        document = html5lib.parse(raw, namespaceHTMLElements=False)
        parents = {child: parent for parent in document.iter() for child in parent}
        ids: dict[str, int] = {}
        counts = {"style": 0, "csp": 0, "referrer": 0}
        styles, policies = [], []
        for element in document.iter():
            if not isinstance(element.tag, str):
                continue  # comments
            tag = element.tag.split("}")[-1].lower()
            in_content = any(_tag(a) == "article" for a in _ancestors(element, parents))
            allowed = html_policy.allowed_attributes(tag, document=not in_content)
            if allowed is None:
                self.problem(f"the element <{tag}> is not allowed" + (" in a page" if in_content else "")
                             + "; expected Markdown only (text, links, lists, headings, tables)", f"<{tag}")
                continue
            for name, value in element.attrib.items():
                name = name.split("}")[-1].lower()
                if name not in allowed and not (tag in ("svg", "path") and not in_content):
                    self.problem(f'the attribute {name}="{value[:30]}" on <{tag}> is not allowed; expected plain '
                                 "Markdown (no script, style or form attributes)", f"{name}=")
            self._ids(element, tag, ids, in_content)
            if tag == "meta":
                self._meta(element, counts, policies)
            elif tag == "style":
                counts["style"] += 1
                styles.append(element.text or "")
            elif tag == "link":
                self._link(element)
            elif tag == "script":
                self._script(element)
            for attribute in ("href", "src"):
                if element.get(attribute) is not None:
                    self._url(tag, attribute, element.get(attribute), element)
        self._head(counts, styles, policies)
        if self.source_text is not None or Path(self.relative).name == "404.html":
            self._landmarks(document, parents)

    def _ids(self, element, tag: str, ids: dict, in_content: bool) -> None:
        value = element.get("id")
        if value is None:
            return
        if value in ids:
            self.problem(f'the id "{value}" is used twice; expected each id once (it is the address of a section)',
                         f"#{value}")
        ids[value] = 1
        if in_content and html_policy.RESERVED_ID.match(value):
            self.problem(f'a page uses the id "{value}", which belongs to the site\'s own layout; expected another id',
                         value)

    def _meta(self, element, counts: dict, policies: list) -> None:
        attrs = {k.lower(): v for k, v in element.attrib.items()}
        key = next(((k, attrs[k].lower()) for k in ("charset", "name", "http-equiv") if k in attrs), None)
        if key not in html_policy.META:
            self.problem(f"the <meta> {key[0] + '=' + key[1] if key else ''} is not one of the site's own; expected "
                         "only the meta elements of overrides/partials/head.html", "<meta")
        elif key == ("http-equiv", "content-security-policy"):
            counts["csp"] += 1
            policies.append(attrs.get("content", ""))
        elif key == ("name", "referrer"):
            counts["referrer"] += 1
            if attrs.get("content") != "no-referrer":
                self.problem(f'the referrer policy is "{attrs.get("content")}"; expected no-referrer', "referrer")

    def _link(self, element) -> None:
        rels = set((element.get("rel") or "").lower().split())
        if not rels or not rels <= html_policy.LINK_RELS or (rels == {"icon"} and element.get("href") != "data:,"):
            self.problem(f'the <link rel="{element.get("rel")}" href="{element.get("href")}"> would load something; '
                         "expected only the site's own", "<link")

    def _script(self, element) -> None:
        src = element.get("src") or ""
        if not src or (element.text or "").strip() or not src.endswith("assets/site.js") or urlsplit(src).scheme:
            self.problem(f'a <script> {("src=" + src) if src else "with inline code"}; expected only the site\'s own '
                         "assets/site.js", "<script")

    def _head(self, counts: dict, styles: list, policies: list) -> None:
        if counts["csp"] != 1 or counts["referrer"] != 1 or counts["style"] != 1:
            self.problem(f"the page has {counts['csp']} Content-Security-Policy, {counts['referrer']} referrer and "
                         f"{counts['style']} style elements; expected exactly one of each "
                         "(overrides/partials/head.html)")
        elif policies[0] != csp.policy(styles[0]):
            self.problem("the Content-Security-Policy is not the site's own for its stylesheet; expected the "
                         "policy of hooks/csp.py")

    def _url(self, tag: str, attribute: str, value: str, element) -> None:
        if tag == "link" and value == "data:,":
            return
        problem = html_policy.url_problem(value)
        if problem:
            self.problem(problem, value[:30] or f"{attribute}=")
            return
        if attribute == "src" or tag in ("img", "script"):
            return  # what loads by itself: resources.third_party_resources(), in run()
        parts = urlsplit(value)
        scheme = parts.scheme.lower()
        shown = _shown_number(element)
        if scheme in ("tel", "sms"):
            phone = self.phones.get("tel:" + parts.path)
            if phone is None:
                self.problem(f'the {scheme}: link "{value}" is not an active number of the registry; expected a '
                             "marker such as {{ phone: ID }}", value)
            elif shown not in phone.shown_forms:
                self.problem(f'the {scheme}: link "{value}" shows "{shown}"; expected the number as the registry shows '
                             f'it ({" or ".join(phone.shown_forms)}): use a marker such as {{{{ phone: ID }}}}', value)
        elif scheme == "https" and (parts.hostname or "").lower() in ("wa.me", "www.wa.me"):
            phone = self.whatsapp.get(value)
            if phone is None or shown not in phone.shown_forms:
                self.problem(f'the WhatsApp link "{value}" is not an active WhatsApp number of the registry shown as '
                             "the registry shows it; expected the contact card's link", value)

    def _landmarks(self, document, parents) -> None:
        kind = "page" if self.source_text is not None else Path(self.relative).name
        for (attribute, value), (tag, chain) in LANDMARKS[kind].items():
            element = next((e for e in document.iter() if value in (e.get(attribute) or "").split()), None)
            label = f'<{tag} {attribute}="{value}">'
            if element is None or _tag(element) != tag:
                self.problem(f"the {label} of the layout is missing; expected it on every page")
                continue
            ancestors = _ancestors(element, parents)
            if tuple(_tag(a) for a in ancestors) != chain or any(
                    a.get("hidden") is not None or a.get("inert") is not None or a.get("aria-hidden") == "true"
                    for a in [element] + ancestors):
                self.problem(f"the {label} of the layout is inside {' > '.join(_tag(a) for a in reversed(ancestors))}"
                             f"; expected {' > '.join(reversed(chain))}: an element in the page is not closed or "
                             "hides what follows")
        if kind != "page":
            return  # 404.html works without script
        scripts = [e for e in document.iter() if _tag(e) == "script"]
        if not scripts or tuple(_tag(a) for a in _ancestors(scripts[-1], parents)) != ("body", "html"):
            self.problem("the site's script is missing or not at the end of <body>; expected the quick exit and "
                         "search script on every page (an element in the page may not be closed)")


def _tag(element) -> str:
    return element.tag.split("}")[-1].lower() if isinstance(element.tag, str) else ""


def _ancestors(element, parents) -> list:
    out = []
    while element in parents:
        element = parents[element]
        out.append(element)
    return out


def _shown_number(element) -> str:
    """The number a link shows: its <bdi> when it has one (the label stays outside), else all its text."""
    bdi = next((e for e in element.iter() if _tag(e) == "bdi"), None)
    return " ".join("".join((bdi if bdi is not None else element).itertext()).split())
