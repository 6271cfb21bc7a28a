"""The built site, read as HTML: languages, helplines on every page, switcher, markers."""

from __future__ import annotations

from pathlib import Path

import pytest

import locales
from conftest import DEFAULT, contacts, i18n_languages, lang_dir, languages, mkdocs_config, strings


def test_both_languages_are_built_with_the_same_pages(site):
    names = {lang: [p.name for p in site.pages(lang)] for lang in languages()}
    assert len(names[DEFAULT]) >= 13
    for lang in languages():
        assert names[lang] == names[DEFAULT], f"{lang} pages differ from {DEFAULT}"


def test_every_page_has_lang_and_dir_on_html(site):
    directions = {language.locale: language.direction for language in locales.from_file()}
    for lang, page in site.all_pages():
        html = site.soup(page).html
        assert html.get("lang") == lang, page
        assert html.get("dir") == directions[lang], page


def test_urdu_pages_are_rtl():
    assert {language.locale: language.direction for language in locales.from_file()}["ur"] == "rtl"


def test_site_name_and_navigation_are_in_the_page_language(site):
    configured = {lang.locale: lang.site_name for lang in i18n_languages()}
    for lang in languages():
        expected_name = configured[lang] or mkdocs_config().site_name
        for page in site.pages(lang):
            soup = site.soup(page)
            assert expected_name in soup.title.text, page
            assert soup.select_one(".top__name").text.strip() == expected_name, page
    # Navigation titles come from each language's own pages: no Urdu nav link is an English title.
    en_titles = {a.text.strip() for a in site.soup(site.pages(DEFAULT)[0]).select("nav#site-topics li a")}
    ur_index = lang_dir(site.root, "ur") / "index.html"
    ur_titles = {a.text.strip() for a in site.soup(ur_index).select("nav#site-topics li a")}
    assert len(ur_titles) == len(en_titles) >= 13 and not (ur_titles & en_titles)


@pytest.mark.parametrize("lang", languages())
def test_interface_labels_are_in_the_page_language(site, lang):
    table = strings()[lang]
    for page in site.pages(lang):
        soup = site.soup(page)
        assert soup.select_one(".strip__title").text.strip() == table["help_now"] + ":"
        assert soup.select_one("#site-quick-exit").text.strip() == table["quick_exit"]
        assert soup.select_one("#site-search label").text.strip() == table["search"]
        assert soup.select_one("#site-topics-title").text.strip() == table["topics"]


def test_no_page_repeats_an_id(site):
    for _lang, page in site.all_pages():
        ids = [tag["id"] for tag in site.soup(page).select("[id]")]
        assert len(ids) == len(set(ids)), f"{page}: repeated ids {sorted({i for i in ids if ids.count(i) > 1})}"


def _tel_links(node) -> set[str]:
    return {a["href"] for a in node.select('a[href^="tel:"]')}


def test_helpline_table_on_every_page_has_exactly_the_active_numbers(site):
    registry = contacts()
    expected = {phone.tel for entry in registry.active for phone in entry.phones}
    inactive = {phone.tel for entry in registry.contacts if not entry.active for phone in entry.phones}
    assert expected and inactive, "the registry should hold both shown and hidden entries"
    table_strings = strings()
    for lang, page in site.all_pages():  # 404.html, in every language: tests/test_mirror.py
        soup = site.soup(page)
        table = soup.select_one("section#site-helplines")
        assert table is not None, page
        assert _tel_links(table) == expected, page
        assert not (_tel_links(soup) & inactive), f"{page} shows a number that is not active"
        assert table.h2.text.strip() == table_strings[lang]["helplines_title"], page
        assert table.select_one("time[datetime]").get("datetime") == registry.last_checked.isoformat()


def test_helpline_table_shows_email_whatsapp_web_and_cost(site):
    registry = contacts()
    soup = site.soup(lang_dir(site.root, "ur") / "index.html")
    table = soup.select_one("section#site-helplines")
    hrefs = {a["href"] for a in table.select("a[href]")}
    for entry in registry.active:
        for email in entry.emails:
            assert f"mailto:{email.address}" in hrefs
        for url in entry.web:
            assert url in hrefs
        for phone in entry.phones:
            # A channel is linked exactly when the registry lists it. No entry lists SMS or WhatsApp today
            # (no source gives a number for 1099's SMS or confirms the MRC's WhatsApp), so this also checks
            # that the table offers neither.
            assert (phone.whatsapp is not None) == (f"https://wa.me/{phone.key.lstrip('+')}" in hrefs), phone.dial
            assert ("sms" in phone.channels) == (f"sms:{phone.key}" in hrefs), phone.dial
        if entry.cost:
            assert entry.cost["ur"] in table.text


def test_numbers_are_shown_left_to_right_in_the_form_people_know(site):
    registry = contacts()
    phones = {phone.tel: phone for entry in registry.active for phone in entry.phones}
    for _lang, page in site.all_pages():
        for link in site.soup(page).select('a[href^="tel:"]'):
            ltr = link if link.get("dir") == "ltr" else link.select_one('bdi[dir="ltr"]')
            assert ltr is not None, f"{page}: {link} is not kept left-to-right"
            phone = phones[link["href"]]
            # In running text a UAN has its area code, (051) 111-247-786; the strip and cards show 111-247-786.
            expected = phone.full_display if link.get("dir") == "ltr" else phone.display
            assert ltr.text.strip() == expected, page
    assert any(p.full_display != p.display for p in phones.values()), "no UAN: nothing above was checked"


def test_first_tap_to_call_number_comes_before_the_header(site):
    """The strip is the first thing in <body>: a number is on the first screen of any phone."""
    urgent = {phone.tel for entry in contacts().urgent for phone in entry.phones}
    for _lang, page in site.all_pages():
        html = page.read_text("utf-8")
        first_tel = html.find('href="tel:')
        assert 0 < first_tel < html.find("<header"), page
        strip = site.soup(page).select_one("nav.strip")
        assert _tel_links(strip) == urgent, page


def test_language_switcher_leads_to_the_same_page_in_the_other_language(site):
    for lang, page in site.all_pages():
        links = site.soup(page).select("a.lang-switch")
        others = [other for other in languages() if other != lang]
        assert [a["hreflang"] for a in links] == others, page
        for link in links:
            target = (page.parent / link["href"]).resolve()
            assert target.is_file(), f"{page}: {link['href']} does not exist"
            assert target.name == page.name
            assert target.parent == lang_dir(site.root, link["hreflang"]).resolve()


def test_markers_are_expanded_and_none_is_left_raw(site):
    for _lang, page in site.all_pages():
        assert "{{" not in site.soup(page).select_one("main").text, page


@pytest.mark.parametrize("lang", languages())
def test_card_marker_renders_the_entry_in_the_page_language(site, lang):
    entry = contacts().by_id["mrc-pakistan"]
    soup = site.soup(lang_dir(site.root, lang) / "get-help.html")
    cards = [card for card in soup.select("article .contact") if card.find_parent("section") is None]
    names = [card.select_one(".contact__name").text.strip() for card in cards]
    assert entry.name[lang] in names
    card = cards[names.index(entry.name[lang])]
    for office in entry.offices:
        assert office.address[lang] in card.text


def test_registry_file_points_editors_to_its_schema():
    first = (Path(__file__).parent.parent / "data" / "contacts.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=contacts.schema.json"
