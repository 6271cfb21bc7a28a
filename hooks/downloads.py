"""Things to take away, per language, from the registry and the pages.

Events: on_env keeps the language's template environment and tells the templates the files'
names; on_page_content keeps each page's HTML for the single-file edition; on_post_build writes,
into the language's folder:
  contacts.vcf         one vCard 4.0 (RFC 6350, written with vobject) per active service
  numbers.vcf          the same numbers under neutral names (discreet_name, or the name's initials),
                       with nothing else: a phone's contact list that says nothing about trafficking
  contacts.json        the active services in the documented HSDS-style format of
                       data/contacts-json.schema.json (copied beside it for partners' apps)
  helpline-card.html   a one-page card to print (A5 or A4), with a QR code (segno, SVG, made
                       offline) and a label saying what it does: it opens the site when
                       mkdocs.yml sets site_url, and otherwise dials the number of the registry
                       entry named by extra.card_hotline (the trafficking hotline)
  help-notes.html      every page in one file, CSS inlined, no script, links turned into anchors
                       (a neutral name: it sits in a phone's downloads)
The HTML comes from overrides/helpline-card.html and overrides/share.html.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from pathlib import Path

import segno
import vobject
from markupsafe import Markup

import locales
import sitedata

log = logging.getLogger("mkdocs.hooks.downloads")

FILES = {"vcard": "contacts.vcf", "discreet": "numbers.vcf", "json": "contacts.json", "card": "helpline-card.html",
         "share": "help-notes.html"}
JSON_SCHEMA = "contacts-json.schema.json"
NOT_SHARED = {"performance.md"}  # measurements, not help: left out of the single-file edition
_state: dict = {"env": None, "pages": []}


def on_env(env, *, config, files):
    _state["env"] = env
    env.globals["downloads"] = FILES
    language = sitedata.current_language(config)
    env.globals["discreet_example"] = next(
        (discreet_name(entry, language) for entry in sitedata.contacts(config).active if entry.phones), "")
    return env


def discreet_name(entry, language: str) -> str:
    """The entry's discreet_name, or the initials of its default-language name (FIA National ... -> FNTIPH)."""
    if entry.discreet_name:
        return entry.discreet_name[language]
    return "".join(word[0] for word in re.findall(r"\w+", next(iter(entry.name.values())))).upper()


def on_pre_build(*, config) -> None:
    _state["pages"] = []


def on_page_content(html: str, *, page, config, files) -> str:
    _state["pages"].append((page, html))
    return html


def vcards(registry, language: str) -> str:
    out = []
    for entry in registry.active:
        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("kind").value = "org"
        card.add("fn").value = entry.name[language]
        card.add("org").value = [entry.name[language]]
        card.add("uid").value = f"urn:contact:{entry.id}"
        card.add("rev").value = entry.last_checked.strftime("%Y%m%d")
        for phone in entry.phones:
            tel = card.add("tel")
            tel.value = phone.tel
            tel.params["VALUE"] = ["uri"]
            tel.params["TYPE"] = ["voice"] + (["text"] if "sms" in phone.channels else [])
        for email in entry.emails:
            card.add("email").value = email.address
        urls = list(entry.web) + [phone.whatsapp for phone in entry.phones if phone.whatsapp]
        for url in urls:
            card.add("url").value = url
        for office in entry.offices:
            adr = card.add("adr")
            adr.value = vobject.vcard.Address(street=office.address[language], city=office.city[language], country="PK")
        # vobject escapes ";" (and ",") in a NOTE, and some phones then show the backslash: parts are
        # set apart with a dash, and an English ";" becomes one too (Urdu's "؛" is not escaped).
        note = [entry.purpose[language]] + [value[language] for value in (entry.area, entry.hours, entry.cost) if value]
        card.add("note").value = " — ".join(part.strip().rstrip(".۔").replace("; ", " — ").replace(";", " —")
                                            for part in note)
        out.append(card.serialize())
    return "".join(out)


def discreet_vcards(registry, language: str) -> str:
    """Only a neutral name and the numbers: nothing that would tell someone looking at the phone."""
    out = []
    for number, entry in enumerate(e for e in registry.active if e.phones):
        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("fn").value = discreet_name(entry, language)
        card.add("uid").value = f"urn:contact:n{number + 1}"
        for phone in entry.phones:
            tel = card.add("tel")
            tel.value = phone.tel
            tel.params["VALUE"] = ["uri"]
            tel.params["TYPE"] = ["voice"]
        out.append(card.serialize())
    return "".join(out)


def contacts_json(registry, language: str) -> dict:
    services = []
    for entry in registry.active:
        phones = [{"number": phone.key, "type": channel, "description": phone.full_display, "x_kind": phone.kind}
                  for phone in entry.phones for channel in
                  (["voice"] + (["text"] if "sms" in phone.channels else []))]
        services.append({
            "id": entry.id,
            "name": entry.name[language],
            "description": entry.purpose[language],
            "status": "active",
            "email": entry.emails[0].address if entry.emails else None,
            "url": entry.web[0] if entry.web else None,
            "phones": phones,
            "service_areas": [{"description": entry.area[language]}] if entry.area else [],
            "schedules": [{"description": entry.hours[language]}] if entry.hours else [],
            "cost_options": [{"amount_description": entry.cost[language]}] if entry.cost else [],
            "locations": [{"name": office.city[language], "addresses": [{
                "address_1": office.address[language], "city": office.city[language], "country": "PK",
                "address_type": "physical"}]} for office in entry.offices],
            "last_modified": entry.last_checked.isoformat(),
            "x_whatsapp": [phone.whatsapp for phone in entry.phones if phone.whatsapp],
            "x_confidence": entry.confidence,
            "x_sources": [{"title": s.title, "ref": s.ref, "date": s.date} for s in entry.sources],
        })
    return {"format": JSON_SCHEMA, "format_version": "1.0", "language": language,
            "last_checked": registry.last_checked.isoformat(), "services": services}


def qr_svg(url: str) -> Markup:
    """The QR code as inline SVG: markup made by segno from a checked address, so it is inlined as it is."""
    return Markup(segno.make(url, error="m").svg_inline(scale=4, border=2, title=url))


def card_qr(config, registry, language: str, url: str | None) -> dict | None:
    """The card's QR code: the site's address when it is known, else the hotline's number to dial."""
    if url:
        return {"svg": qr_svg(url), "kind": "site", "target": url}
    hotline = config.extra.get("card_hotline")
    entry = registry.by_id.get(hotline) if hotline else None
    if entry is None or not entry.active or not entry.phones:
        if language == sitedata.default_language(config):
            log.warning(f'mkdocs.yml: extra.card_hotline is {hotline!r}, not the id of an active entry of '
                        f'{config.extra["registry"]} with a phone number, so the printable helpline card has no QR '
                        "code; expected card_hotline: <id of the trafficking hotline>")
        return None
    phone = entry.phones[0]
    return {"svg": qr_svg(phone.tel), "kind": "call", "target": phone.dial_form if phone.kind == "uan"
            else phone.display, "name": entry.name[language]}


def share_sections(pages, language: str) -> list[dict]:
    """Each page's HTML, its ids prefixed with the page name and its links turned into anchors."""
    names = {Path(page.file.dest_uri).name: Path(page.file.dest_uri).stem for page, _ in pages}

    def link(match: re.Match) -> str:
        target, _, fragment = match.group(2).partition("#")
        if target in names:
            return f'{match.group(1)}"#{names[target]}{"--" + fragment if fragment else ""}"'
        return match.group(0)

    sections = []
    for page, html in pages:
        if page.file.src_uri.split("/", 1)[-1] in NOT_SHARED:
            continue
        stem = Path(page.file.dest_uri).stem
        html = re.sub(r'(\sid=)"([^"]+)"', lambda m, stem=stem: f'{m.group(1)}"{stem}--{m.group(2)}"', html)
        html = re.sub(r'(\shref=)"#([^"]+)"', lambda m, stem=stem: f'{m.group(1)}"#{stem}--{m.group(2)}"', html)
        html = re.sub(r'(\shref=)"([^"#:]+\.html(?:#[^"]*)?)"', link, html)
        sections.append({"id": stem, "title": page.title, "html": html})
    return sections


def on_post_build(*, config) -> None:
    registry = sitedata.contacts(config)
    language = sitedata.current_language(config)
    site = sitedata.language_folder(config)
    env = _state["env"]
    (site / FILES["vcard"]).write_text(vcards(registry, language), "utf-8")
    (site / FILES["discreet"]).write_text(discreet_vcards(registry, language), "utf-8")
    data = contacts_json(registry, language)
    (site / FILES["json"]).write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    shutil.copy(sitedata.root(config) / "data" / JSON_SCHEMA, site / JSON_SCHEMA)  # beside each contacts.json
    url = (config.site_url.rstrip("/") + "/" + site.relative_to(config.site_dir).as_posix()).rstrip("/.") + "/" \
        if config.site_url else None
    here = {"config": config, "page": None, "base_url": "."}  # both files sit in the language's folder
    card = env.get_template("helpline-card.html").render(**here, qr=card_qr(config, registry, language, url))
    (site / FILES["card"]).write_text(card, "utf-8")
    ordered = sorted(_state["pages"], key=lambda item: _nav_position(config, item[0]))
    others = [{"locale": other.locale, "name": other.name,
               "href": os.path.relpath(Path(config.site_dir) / other.prefix / FILES["share"], site)
               .replace(os.sep, "/")}
              for other in locales.site_languages(config) if other.locale != language]
    share = env.get_template("share.html").render(**here, sections=share_sections(ordered, language), editions=others)
    (site / FILES["share"]).write_text(share, "utf-8")


def _nav_position(config, page) -> int:
    name = page.file.src_uri.split("/", 1)[-1]
    order = [item if isinstance(item, str) else next(iter(item.values())) for item in config.nav or []]
    return order.index(name) if name in order else len(order)
