"""Reader safety (issue 12): a quick exit that never misfires and is on every file a reader opens,
numbers that never break across lines, search that matches whole words in the page's language and
reads nothing from the page, and contacts a reader can save without exposing herself.

Browser tests use Debian's chromium through Playwright, as tests/test_browser.py does, on a 360x640
phone (the `browser` fixture in conftest.py); without chromium they skip with a one-line reason (under
CI that is a failure).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
import unicodedata
from pathlib import Path

import pytest
import vobject
from bs4 import BeautifulSoup

import browser as shared_browser  # tools/browser.py: chromium, flags, the phone
from conftest import DEFAULT, contacts, lang_dir, languages, mkdocs_config, strings

EXIT_URL = mkdocs_config()["extra"]["quick_exit_url"]


# --- the browser (conftest.py), a local server, no request to any other host --------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site.root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class Phone:
    """A 360x640 phone; every request it makes is recorded, and none leaves 127.0.0.1 or the disk."""

    def __init__(self, browser, javascript: bool = True):
        self.context = browser.new_context(java_script_enabled=javascript, **shared_browser.PHONE)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith("file:") or url.startswith("http://127.0.0.1:"):
            return route.continue_()
        route.fulfill(status=200, content_type="text/html", body="<title>elsewhere</title><p>elsewhere</p>")


@pytest.fixture
def phone(browser):
    device = Phone(browser)
    yield device
    device.context.close()


def url(base: str, lang: str, name: str) -> str:
    return f"{base}{'' if lang == DEFAULT else lang + '/'}{name}"


def still_here(page, address: str, wait_ms: int = 400) -> bool:
    page.wait_for_timeout(wait_ms)  # the exit is synchronous; this only lets any late handler run
    return page.url == address


# --- 1. quick exit: Shift pressed alone, three times --------------------------------------------------

def _shifted(page, keys: list[str]) -> None:
    """Each key typed with Shift held, as for a capital or an Urdu letter on the second layer."""
    for key in keys:
        page.keyboard.down("Shift")
        page.keyboard.press(key)
        page.keyboard.up("Shift")


def _search_field(page):
    field = page.locator("#site-topics #site-search input")
    field.scroll_into_view_if_needed()
    field.click()
    return field


def test_typing_capitals_in_the_search_box_does_not_exit(phone, server):
    address = url(server, "en", "get-help.html")
    phone.page.goto(address)
    field = _search_field(phone.page)
    _shifted(phone.page, ["F", "I", "A"])
    assert field.input_value() == "FIA"
    assert still_here(phone.page, address)
    phone.page.keyboard.type(" office")
    _shifted(phone.page, ["H", "Q"])
    assert still_here(phone.page, address)


def _urdu_shifted(phone, letters: list[tuple[str, str]]) -> None:
    """Shift held for each letter, as an Urdu phonetic keyboard sends it: the key event carries the
    Urdu letter itself (Playwright's keyboard knows US keys only, so this goes through CDP)."""
    cdp = phone.context.new_cdp_session(phone.page)
    shift = {"key": "Shift", "code": "ShiftLeft", "windowsVirtualKeyCode": 16}
    for letter, code in letters:
        cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "modifiers": 8, **shift})
        key = {"key": letter, "code": code, "windowsVirtualKeyCode": ord(code[-1]), "modifiers": 8}
        cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": letter, **key})
        cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **key})
        cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "modifiers": 0, **shift})


def test_typing_an_urdu_word_with_shift_letters_does_not_exit(phone, server):
    address = url(server, "ur", "get-help.html")
    phone.page.goto(address)
    field = _search_field(phone.page)
    # Letters on the Shift layer of the Urdu phonetic keyboard: Shift+A, Shift+T, Shift+D
    _urdu_shifted(phone, [("آ", "KeyA"), ("ٹ", "KeyT"), ("ڈ", "KeyD")])
    assert field.input_value() == "آٹڈ"
    assert still_here(phone.page, address)


def test_another_key_between_shifts_starts_the_count_again(phone, server):
    address = url(server, "ur", "index.html")
    phone.page.goto(address)
    phone.page.keyboard.press("Shift")
    phone.page.keyboard.press("Shift")
    phone.page.keyboard.press("ArrowDown")
    phone.page.keyboard.press("Shift")
    assert still_here(phone.page, address)
    phone.page.keyboard.press("Shift")
    phone.page.keyboard.press("Shift")  # three alone since the arrow key
    phone.page.wait_for_url(EXIT_URL)


@pytest.mark.parametrize("lang", languages())
def test_shift_pressed_three_times_alone_still_exits(browser, server, lang):
    device = Phone(browser)
    device.page.goto(url(server, lang, "get-help.html"))
    _search_field(device.page)  # also from inside the search box
    for _ in range(3):
        device.page.keyboard.press("Shift")
    device.page.wait_for_url(EXIT_URL)
    assert device.errors == []
    device.context.close()


# --- 2. quick exit on the single-file edition and the printable card ----------------------------------

@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("name", ["help-notes.html", "helpline-card.html"])
def test_single_file_edition_and_card_have_a_plain_link_quick_exit_hidden_in_print(site, browser, lang, name):
    path = lang_dir(site.root, lang) / name
    assert BeautifulSoup(path.read_text("utf-8"), "html.parser").find("script") is None
    device = Phone(browser, javascript=False)
    device.page.goto(path.as_uri())
    button = device.page.locator("a.exit")
    assert button.count() == 1
    assert button.get_attribute("href") == EXIT_URL
    assert button.text_content().strip() == strings()[lang]["quick_exit"]
    box = button.bounding_box()
    assert box["y"] < 10 and box["width"] >= 350 and box["height"] >= 44, box
    device.page.emulate_media(media="print")
    assert button.is_hidden()
    device.page.emulate_media(media="screen")
    button.click()
    device.page.wait_for_url(EXIT_URL)
    device.context.close()


@pytest.mark.parametrize("lang", languages())
def test_single_file_edition_links_to_the_other_languages_edition(site, browser, lang):
    device = Phone(browser, javascript=False)
    device.page.goto((lang_dir(site.root, lang) / "help-notes.html").as_uri())
    others = [other for other in languages() if other != lang]
    links = device.page.locator("main a[hreflang]")
    assert sorted(links.evaluate_all("(links) => links.map(a => a.hreflang)")) == sorted(others)
    for other in others:
        device.page.locator(f'main a[hreflang="{other}"]').click()
        device.page.wait_for_load_state("load")
        assert device.page.url == (lang_dir(site.root, other) / "help-notes.html").as_uri()
        assert device.page.evaluate("() => document.documentElement.lang") == other
        device.page.go_back()
    device.context.close()


# --- 3. numbers never break across lines ------------------------------------------------------------

NUMBER_BOXES = """() => {
  const shown = Array.from(document.querySelectorAll(
    'a[href^="tel:"] bdi, a[href^="tel:"]:not(:has(bdi)), a[href^="sms:"] bdi, a[href^="https://wa.me/"] bdi, .num'))
    .filter(el => el.getClientRects().length && /\\d/.test(el.textContent));
  const broken = shown.filter(el => {
    if (el.getClientRects().length > 1) return true;
    const text = el.firstChild;
    const range = document.createRange();
    range.setStart(text, 0); range.setEnd(text, 1);
    const one = range.getBoundingClientRect().height;  /* one line of this element's text */
    return el.getBoundingClientRect().height > one * 1.5;
  }).map(el => el.textContent.trim());
  return {checked: shown.length, broken: broken};
}"""


def _reading_files(site) -> list[tuple[str, Path]]:
    files = [(lang, page) for lang, page in site.all_pages()]
    files += [(lang, lang_dir(site.root, lang) / name) for lang in languages()
              for name in ("help-notes.html", "helpline-card.html")]
    return files


def test_no_number_is_broken_across_lines_on_a_phone(site, browser):
    """Every page of both languages, the single-file editions and the cards, at 360x640."""
    device = Phone(browser)
    problems = []
    for _lang, path in _reading_files(site):
        device.page.goto(path.as_uri())
        result = device.page.evaluate(NUMBER_BOXES)
        assert result["checked"] > 0, f"{path}: no number found, so nothing was checked"
        problems += [f"{path.relative_to(site.root)}: {number!r} wraps" for number in result["broken"]]
    device.context.close()
    assert problems == []


def test_the_wrap_check_catches_a_number_that_wraps(site, browser):
    """The check above can fail: a UAN with room for half of it is reported."""
    device = Phone(browser)
    device.page.goto((lang_dir(site.root, "ur") / "get-help.html").as_uri())
    device.page.evaluate("""() => {
      const link = document.querySelector('article a.tel[href^="tel:+"]');
      link.style.whiteSpace = 'normal'; link.style.display = 'inline-block'; link.style.width = '5ch';
    }""")
    assert device.page.evaluate(NUMBER_BOXES)["broken"] != []
    device.context.close()


# --- 4. UANs with their area code, confidence per channel ----------------------------------------------

def test_running_text_shows_a_uan_with_its_area_code(site):
    uan = next(phone for entry in contacts().active for phone in entry.phones if phone.kind == "uan")
    assert re.fullmatch(r"\(0\d{2,4}\) " + re.escape(uan.display), uan.full_display), uan.full_display
    for lang in languages():
        soup = site.soup(lang_dir(site.root, lang) / "get-help.html")
        shown = {a.text.strip() for a in soup.select(f'article a.tel[dir=ltr][href="{uan.tel}"]')}
        assert shown == {uan.full_display}, lang


def test_a_channel_less_sure_than_its_entry_says_so_in_the_readers_language(site):
    registry = contacts()
    rank = {"high": 3, "medium": 2, "low": 1}
    ways = [(entry, email.address, email.confidence) for entry in registry.active for email in entry.emails] + \
        [(entry, phone.display, phone.confidence) for entry in registry.active for phone in entry.phones]
    rated = [(entry, way, level) for entry, way, level in ways if level and rank[level] < rank[entry.confidence]]
    assert rated, "no channel is rated lower than its entry: nothing to check"
    for lang in languages():
        soup = site.soup(lang_dir(site.root, lang) / "index.html")
        details = [p.get_text(" ", strip=True) for p in soup.select("#site-helplines .contact__detail")]
        for _entry, way, level in rated:
            assert f"{way} : {strings()[lang]['confidence_' + level]}" in details, (lang, way)
        assert len([d for d in details if any(strings()[lang][f"confidence_{x}"] in d for x in ("medium", "low"))]) \
            == len(rated)


# --- 5. saving contacts discreetly --------------------------------------------------------------------

@pytest.mark.parametrize("lang", languages())
def test_discreet_vcard_has_only_neutral_names_and_the_numbers(site, lang):
    registry = contacts()
    text = (lang_dir(site.root, lang) / "numbers.vcf").read_text("utf-8")
    cards = list(vobject.readComponents(text))
    with_phones = [entry for entry in registry.active if entry.phones]
    assert len(cards) == len(with_phones)
    for card, entry in zip(cards, with_phones, strict=True):
        assert card.version.value == "4.0"
        assert [tel.value for tel in card.tel_list] == [phone.tel for phone in entry.phones]
        assert {child.name for child in card.getChildren()} == {"VERSION", "FN", "UID", "TEL"}
        expected = entry.discreet_name[lang] if entry.discreet_name else \
            "".join(word[0] for word in re.findall(r"\w+", entry.name[DEFAULT])).upper()
        assert card.fn.value == expected
        assert entry.id not in card.uid.value
    revealing = {word.casefold() for entry in registry.active for key in ("name", "purpose")
                 for language in languages() for word in re.findall(r"[^\W\d_]{4,}", getattr(entry, key)[language])}
    found = {word.casefold() for word in re.findall(r"[^\W\d_]{4,}", text)} & revealing
    assert not found, f"numbers.vcf names what the services are: {found}"


def test_every_download_says_what_it_will_look_like_on_the_phone(site):
    for lang in languages():
        for page in site.pages(lang):
            soup = site.soup(page)
            for link in soup.select("a[download]"):
                note = link.find_next_sibling("span", class_="looks")
                assert note is not None, f"{page}: {link['href']} has no note"
                assert link["href"].rsplit("/", 1)[-1] in note.text, f"{page}: the note does not name the file"
        home = site.soup(lang_dir(site.root, lang) / "index.html")
        assert {a["href"] for a in home.select(".downloads a[download]")} == {"help-notes.html", "numbers.vcf",
                                                                                "contacts.vcf"}
        assert (lang_dir(site.root, lang) / "help-notes.html").is_file()
        assert not (lang_dir(site.root, lang) / "trafficking-help.html").exists()


def test_contacts_json_shows_a_uan_with_its_area_code(site):
    for lang in languages():
        data = json.loads((lang_dir(site.root, lang) / "contacts.json").read_text("utf-8"))
        shown = {p["number"]: p["description"] for s in data["services"] for p in s["phones"]}
        for entry in contacts().active:
            for phone in entry.phones:
                assert shown[phone.key] == phone.full_display
                if phone.kind == "short_code":
                    assert phone.tel == f"tel:{phone.display}", "a short code stays dialable as it is"


# --- 6. search: per language, whole words, nothing read from the page ----------------------------------

def _index(site, lang: str) -> list[dict]:
    text = (site.root / "search" / f"{lang}.js").read_text("utf-8")
    return json.loads(text.split("=", 1)[1].rstrip().rstrip(";"))["docs"]


def _words(text: str) -> list[str]:
    return "".join(" " if unicodedata.category(ch)[0] in "ZP" or ch.isspace() else ch for ch in text).casefold().split()


def _expected(site, lang: str, query: str) -> set[str]:
    """Pages with every word of the query as a whole word (the last one may be the start of a word)."""
    *whole, last = query.casefold().split()
    hits = set()
    for doc in _index(site, lang):
        words = set(_words(" ".join((doc["t"], doc["h"], doc["x"]))))
        if all(w in words for w in whole) and any(w.startswith(last) for w in words):
            hits.add(doc["u"])
    return hits


def _search(page, query: str) -> list[str] | None:
    """The results' addresses relative to the site root, or None when "nothing found" is shown."""
    field = _search_field(page)
    field.fill("")
    field.fill(query)
    page.wait_for_function("() => document.querySelector('#site-topics #site-search ol li')")
    if page.locator("#site-topics #site-search ol a").count() == 0:
        return None
    return page.evaluate("() => Array.from(document.querySelectorAll('#site-topics #site-search ol a'))"
                         ".map(a => a.href)")


QUERIES = {
    # query, a longer word that contains it (which must not be a hit)
    "en": [("smuggling", None), ("king", "trafficking"), ("help line", None)],
    "ur": [("اسمگلنگ", None), ("ویزا", "دستاویزات"), ("ہیلپ لائن", None)],
}


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("lang", languages())
def test_search_matches_whole_words_in_the_page_language(site, server, browser, lang, where):
    device = Phone(browser)
    root = server if where == "http" else site.root.as_uri() + "/"
    device.page.goto(url(root, lang, "index.html"))
    for query, longer in QUERIES[lang]:
        if longer:  # the test means something only if the query is inside a longer word of some page
            assert query in longer and longer in " ".join(d["x"] for d in _index(site, lang))
        expected = _expected(site, lang, query)
        found = _search(device.page, query)
        shown = {address[len(root):] for address in found or []}
        assert shown == expected, f"{query!r}: found {sorted(shown)}, expected {sorted(expected)}"
        if longer:  # pages where the query stands only inside the longer word are no hit
            inside_only = {d["u"] for d in _index(site, lang)
                           if longer in _words(" ".join((d["t"], d["h"], d["x"])))
                           and query not in _words(" ".join((d["t"], d["h"], d["x"])))}
            assert inside_only, f"no page has {longer!r} without {query!r}: the test would prove nothing"
            assert not shown & inside_only, f"{query!r} matched inside {longer!r} on {sorted(shown & inside_only)}"
            if not expected:
                none = device.page.locator("#site-topics #site-search ol li").text_content()
                assert found is None and none == strings()[lang]["search_none"]
        else:
            assert expected, f"{query!r} should find something"
    assert device.errors == []
    assert all(r.startswith(root) for r in device.requests), [r for r in device.requests if not r.startswith(root)]
    indexes = [r for r in device.requests if "/search/" in r]
    assert indexes == [f"{root}search/{lang}.js"], indexes  # this language's index only
    device.context.close()


def test_search_finds_the_same_urdu_word_typed_with_arabic_letters_or_vowel_marks(server, browser):
    device = Phone(browser)
    device.page.goto(url(server, "ur", "index.html"))
    plain = _search(device.page, "ہیلپ لائن")
    assert plain
    assert _search(device.page, "هيلپ لائن") == plain  # Arabic heh and yeh, as some keyboards type them
    assert _search(device.page, "ہیلپ لاِئن") == plain  # a stray vowel mark
    device.context.close()


def test_search_reads_no_setting_from_the_page(site, browser, tmp_path):
    """A page that carries its own id="site-search" with a data-index cannot make site.js load a file."""
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    (copy / "evil.js").write_text("window.__evil = true;", "utf-8")
    page_file = copy / "ur" / "get-help.html"
    html = page_file.read_text("utf-8")
    forged = ('<form id="site-search" data-index="../evil.js" data-base="https://evil.example" data-lang="en">'
              '<input><ol></ol></form>')
    html = html.replace("<article>", "<article>" + forged, 1)
    assert forged in html
    page_file.write_text(html, "utf-8")
    device = Phone(browser)
    device.page.goto(page_file.as_uri())
    found = _search(device.page, "اسمگلنگ")
    assert found and all(address.startswith(copy.as_uri() + "/ur/") for address in found)
    assert device.page.evaluate("() => window.__evil === undefined")
    assert not [r for r in device.requests if "evil" in r]
    device.context.close()
