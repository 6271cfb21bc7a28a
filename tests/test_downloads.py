"""Reader safety and reach: privacy headers on every page, and what a reader can take away."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import jsonschema
import pytest
import segno
import vobject
from bs4 import BeautifulSoup

from conftest import ROOT, contacts, lang_dir, languages, mkdocs_config, strings

import resources  # hooks/resources.py: what a page would load by itself

# The single-file edition must stay small enough to forward in a chat app. 150 KB until issue 12's content
# (police caveat, people without papers, routes, re-trafficking, files you download) took the Urdu edition to
# about 151 KB of text plus markup (about 32 KB gzipped); the budget keeps a little room, not a lot.
SHARE_LIMIT = 160 * 1024


def every_html(site):
    return sorted(site.root.rglob("*.html"))


def test_every_page_has_a_strict_csp_and_no_referrer(site):
    for path in every_html(site):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        assert soup.select_one('meta[name="referrer"]')["content"] == "no-referrer", path
        policy = soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
        rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
        assert rules["default-src"] == "'none'" and rules["script-src"] == "'self'", path
        assert "unsafe" not in policy, path
        styles = soup.find_all("style")
        assert len(styles) == 1, path
        digest = base64.b64encode(hashlib.sha256(styles[0].string.encode()).digest()).decode()
        assert rules["style-src"] == f"'sha256-{digest}'", f"{path}: the CSP does not allow the page's own style"


def test_no_inline_script_handler_or_style_attribute_anywhere(site):
    for path in every_html(site):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src") and not script.string, f"{path}: inline script"
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.startswith("on")], f"{path}: {tag.name} has an event handler"
            assert "style" not in tag.attrs, f"{path}: {tag.name} has a style attribute the CSP would block"
        assert not re.search(r'href="javascript:', path.read_text("utf-8"), re.I), path


def test_no_cookies_or_storage_in_the_script():
    script = (ROOT / "overrides" / "assets" / "site.js").read_text("utf-8")
    for forbidden in ("document.cookie", "localStorage", "sessionStorage", "indexedDB", "XMLHttpRequest", "sendBeacon"):
        assert forbidden not in script


def test_privacy_and_staying_safe_pages_exist_and_are_linked(site):
    for lang in languages():
        folder = lang_dir(site.root, lang)
        for name in ("privacy.html", "staying-safe.html"):
            assert (folder / name).is_file(), f"{lang}/{name}"
        for page in site.pages(lang):
            soup = site.soup(page)
            links = [a["href"] for a in soup.select(".strip a[href], #site-helplines a[href]")]
            assert "staying-safe.html" in links, f"{page}: no link to staying-safe from the strip/helplines"


@pytest.mark.parametrize("lang", languages())
def test_vcards_parse_back_and_match_the_registry(site, lang):
    registry = contacts()
    text = (lang_dir(site.root, lang) / "contacts.vcf").read_text("utf-8")
    cards = list(vobject.readComponents(text))
    assert [card.fn.value for card in cards] == [entry.name[lang] for entry in registry.active]
    for card, entry in zip(cards, registry.active, strict=True):
        assert card.version.value == "4.0"
        tels = [tel.value for tel in getattr(card, "tel_list", [])]
        assert tels == [phone.tel for phone in entry.phones]
        emails = [email.value for email in getattr(card, "email_list", [])]
        assert emails == [email.address for email in entry.emails]
        urls = [url.value for url in getattr(card, "url_list", [])]
        assert urls == list(entry.web) + [p.whatsapp for p in entry.phones if p.whatsapp]
        # the purpose as the note writes it: an English ";" set apart with a dash (hooks/downloads.py)
        assert entry.purpose[lang].rstrip(".۔").replace("; ", " — ") in card.note.value
        if entry.cost:
            assert card.note.value.endswith(" — " + entry.cost[lang]), "a separator before the cost"
    assert "\\;" not in text, "an escaped semicolon, which some phones show as it is"


@pytest.mark.parametrize("lang", languages())
def test_contacts_json_is_valid_against_its_schema_and_matches_the_registry(site, lang):
    schema = json.loads((ROOT / "data" / "contacts-json.schema.json").read_text("utf-8"))
    folder = lang_dir(site.root, lang)
    data = json.loads((folder / "contacts.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert (folder / data["format"]).is_file(), "the schema is published beside contacts.json"
    registry = contacts()
    assert [s["id"] for s in data["services"]] == [e.id for e in registry.active]
    numbers = {p.key for e in registry.active for p in e.phones}
    assert {p["number"] for s in data["services"] for p in s["phones"]} == numbers
    assert data["language"] == lang


def test_contacts_json_schema_rejects_a_wrong_document():
    schema = json.loads((ROOT / "data" / "contacts-json.schema.json").read_text("utf-8"))
    bad = {"format": "contacts-json.schema.json", "format_version": "1.0", "language": "en",
           "last_checked": "2026-01-01",
           "services": [{"id": "x", "name": "X", "description": "d", "status": "active",
                         "phones": [{"number": "111-247-786", "type": "voice", "description": "d"}],
                         "last_modified": "2026-01-01"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


@pytest.mark.parametrize("lang", languages())
def test_printable_card_lists_every_active_number(site, lang):
    soup = BeautifulSoup((lang_dir(site.root, lang) / "helpline-card.html").read_text("utf-8"), "html.parser")
    assert soup.html["lang"] == lang
    assert {a["href"] for a in soup.select('a[href^="tel:"]')} == {p.tel for e in contacts().active for p in e.phones}
    # No site_url is set: the QR code dials the trafficking hotline, and its label says so.
    hotline = contacts().by_id[mkdocs_config()["extra"]["card_hotline"]]
    assert hotline.active and hotline.phones
    phone = hotline.phones[0]
    expected = segno.make(phone.tel, error="m").svg_inline(scale=4, border=2, title=phone.tel)
    card_page = lang_dir(site.root, lang) / "helpline-card.html"
    assert expected in str(soup.select_one(".card-qr")) or expected in card_page.read_text("utf-8")
    label = soup.select_one(".card-qr figcaption").get_text(" ", strip=True)
    assert label.startswith(strings()[lang]["card_qr_call"].format(name=hotline.name[lang]))
    assert (phone.dial_form if phone.kind == "uan" else phone.display) in label


def test_printable_card_has_a_qr_code_of_the_site_address_when_site_url_is_set(workspace):
    workspace.replace("mkdocs.yml", "site_dir: site\n", "site_dir: site\nsite_url: https://help.example.org/mirror/\n")
    result = workspace.build()
    assert result.code == 0, result.output
    for lang, address in (("en", "https://help.example.org/mirror/"), ("ur", "https://help.example.org/mirror/ur/")):
        card = (result.root / ("" if lang == "en" else "ur") / "helpline-card.html").read_text("utf-8")
        expected = segno.make(address, error="m").svg_inline(scale=4, border=2, title=address)
        assert expected in card, f"{lang}: the QR code is not the one for {address}"
        label = BeautifulSoup(card, "html.parser").select_one(".card-qr figcaption").get_text(" ", strip=True)
        assert label == f"{strings()[lang]['card_qr']} {address}"
    assert "helpline card has no QR code" not in result.output


def test_a_wrong_card_hotline_is_a_clear_failure(workspace):
    workspace.replace("mkdocs.yml", "card_hotline: fia-tip-hotline", "card_hotline: no-such-entry")
    result = workspace.build()
    assert result.code == 1
    assert "mkdocs.yml: extra.card_hotline is 'no-such-entry'" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("lang", languages())
def test_single_file_edition_has_every_page_and_no_outside_reference(site, lang):
    path = lang_dir(site.root, lang) / "help-notes.html"
    raw = path.read_bytes()
    assert len(raw) <= SHARE_LIMIT, f"{len(raw)} bytes"
    html = raw.decode("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == lang
    assert soup.find("script") is None
    assert resources.third_party_resources(html) == []
    ids = {tag["id"] for tag in soup.select("[id]")}
    assert len(ids) == len(soup.select("[id]")), "repeated ids"
    pages = [p.stem for p in site.pages(lang) if p.stem != "performance"]
    for stem in pages:
        assert stem in ids, f"section {stem} is missing"
    editions = {(path.parent / a["href"]).resolve() for a in soup.select("main > p > a[hreflang]")}
    assert editions == {(lang_dir(site.root, other) / "help-notes.html").resolve()
                        for other in languages() if other != lang}
    for link in soup.select("a[href]"):
        href = link["href"]
        if href.startswith("#"):
            assert href[1:] in ids, f"anchor {href} has no target"
        elif link.get("hreflang"):
            assert re.fullmatch(r"(\.\./)*([a-z]{2}/)?help-notes\.html", href), href  # the other language's edition
        else:
            assert re.match(r"^(https://|tel:|sms:|mailto:)", href), f"{href} points outside the file"
    assert {a["href"] for a in soup.select('a[href^="tel:"]')} >= {p.tel for e in contacts().active for p in e.phones}


def test_home_page_offers_the_files_to_download(site):
    for lang in languages():
        soup = site.soup(lang_dir(site.root, lang) / "index.html")
        hrefs = [a["href"] for a in soup.select(".downloads a")]
        assert hrefs == ["help-notes.html", "numbers.vcf", "contacts.vcf", "helpline-card.html", "contacts.json"]
        assert soup.select_one(".downloads h2").text.strip() == strings()[lang]["downloads_title"]
